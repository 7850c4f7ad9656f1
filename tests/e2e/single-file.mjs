// The single-file build, dist/netvu-viewer.html, copied alone to a folder
// and opened from file:// (no server): it opens the sample and a dropped
// file and shows their pictures (an MPEG-4 one from its decoding worker),
// with no request but its own; its size and that of the multi-file app,
// gzipped.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectErrors, dist, distSizes, SINGLE_FILE } from './harness.mjs';
import { dropFiles, openSampleAndDrop } from './opening.mjs';
import { waitForFrame } from './pixels.mjs';

const MB = 1e6;
/// FFmpeg's pictures of mpeg4.adb's stream (netvu-mpeg4's tests/data/fast.m4v), as luma block means.
const FAST_MEANS = new URL('../../crates/netvu-mpeg4/tests/data/fast.means', import.meta.url);

export async function testSingleFile(browser, readGenerated) {
  const alone = await mkdtemp(join(tmpdir(), 'netvu-usb-'));
  await copyFile(join(dist, SINGLE_FILE), join(alone, SINGLE_FILE));
  const page = await browser.newPage();
  try {
    const errors = collectErrors(page);
    const requests = [];
    page.on('request', (request) => requests.push(request.url()));
    const url = pathToFileURL(join(alone, SINGLE_FILE)).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('.app[data-indexer=ready]');
    const seen = await openSampleAndDrop(page, readGenerated);
    // Its MPEG-4 worker too, from its Blob URL: the first picture of a generated MPEG-4 recording.
    assert.ok(await page.evaluate(() => Object.values(window.netvuAssetUrls).every((url) => url.startsWith('blob:'))));
    await dropFiles(page, [{ name: 'mpeg4.adb', bytes: await readGenerated('mpeg4.adb') }]);
    const first = await waitForFrame(page, await readFile(FAST_MEANS), 0, 64, 48);
    assert.ok(first.mean < 3 && first.max < 14, `the MPEG-4 worker's first picture: ${JSON.stringify(first)}`);
    const others = requests.filter((request) => request !== url && !request.startsWith('blob:'));
    assert.deepEqual(others, [], 'no request but the file itself and its own Blob URLs');
    assert.equal(await page.$('.load-problem'), null, 'no load problem shown');
    assert.deepEqual(errors, [], 'no page errors');

    const { app: { gzipped: app }, singleFile: { gzipped: single } } = await distSizes();
    assert.ok(single <= 2 * MB, `the single file is ${single} bytes gzipped, over 2 MB`);
    assert.ok(app <= 1.5 * MB, `the multi-file app is ${app} bytes gzipped, over 1.5 MB`);
    console.log(`${SINGLE_FILE} alone from file:// (${(single / MB).toFixed(2)} MB gzipped; the multi-file app ${(app / MB).toFixed(2)} MB): ${seen}; MPEG-4 from its worker (mean luma difference ${first.mean.toFixed(2)})`);
  } finally {
    await page.close();
    await rm(alone, { recursive: true });
  }
}
