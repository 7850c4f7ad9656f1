// Several viewers on one page: each plays its own file with its own
// decoders (both open a "file 1, camera 1" of MPEG-4, so shared decoders
// would mix their pictures), keys go to the viewer they are typed in,
// closing a file releases its decoders (its MPEG-4 worker ends when it has
// none left; a WebCodecs decoder is closed), and a viewer removed from the
// page ends its workers.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dropFiles } from './opening.mjs';
import { waitForFrame } from './pixels.mjs';

const data = new URL('../../crates/netvu-mpeg4/tests/data/', import.meta.url);
const dist = new URL('../../dist/', import.meta.url);

/// Drops `bytes` as file `name` on the viewer inside `mount`.
const dropOn = (page, mount, name, bytes) => dropFiles(page, [{ name, bytes }], `${mount} .app`);

const counter = (page, mount) => page.textContent(`${mount} [data-testid=frame-counter]`).then((t) => t.trim());

/// Steps the viewer inside `mount` one frame on (or back), with the keyboard (a click focuses it).
async function stepIn(page, mount, expected, key = 'ArrowRight') {
  await page.click(`${mount} [data-testid=frame-counter]`);
  await page.keyboard.press(key);
  await page.waitForFunction(({ mount, expected }) =>
    document.querySelector(`${mount} [data-testid=frame-counter]`).textContent.trim() === expected, { mount, expected });
}

/// `recordings`: AD binary bytes of two MPEG-4 streams of the decoder's
/// tests (`fast`, `q1`: 64×48, one camera each) and of the 128×96 H.264
/// colours (`h264`), with their frame counts.
export async function testViewers(browser, url, served, errors, recordings) {
  const index = await readFile(new URL('index.html', dist), 'utf8');
  const mount = '<div id="app" data-netvu-viewer></div>';
  assert.ok(index.includes(mount), 'the page has its viewer element');
  served['/two-viewers.html'] = {
    type: 'text/html',
    body: Buffer.from(index.replace(mount, '<div id="left" data-netvu-viewer></div><div id="right" data-netvu-viewer></div>')),
  };
  const page = await browser.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    // Every worker the page starts, what it is sent, and whether it ended.
    window.workers = [];
    const Original = Worker;
    window.Worker = function (url, options) {
      const worker = new Original(url, options);
      const record = { url: String(url), forgets: 0, ended: false };
      window.workers.push(record);
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (message, ...rest) => {
        if (message?.header && 'forget' in JSON.parse(message.header).message) record.forgets += 1;
        return post(message, ...rest);
      };
      const terminate = worker.terminate.bind(worker);
      worker.terminate = () => { record.ended = true; terminate(); };
      return worker;
    };
    window.Worker.prototype = Original.prototype;
    window.decodersClosed = 0;
    const close = VideoDecoder.prototype.close;
    VideoDecoder.prototype.close = function () { window.decodersClosed += 1; return close.call(this); };
  });
  await page.goto(`${url}two-viewers.html`, { waitUntil: 'load' });
  await page.waitForSelector('#left .app[data-indexer=ready]');
  await page.waitForSelector('#right .app[data-indexer=ready]');
  const workers = () => page.evaluate(() => window.workers.map((w) => ({ ...w, url: w.url.replace(/^.*\//, '') })));
  const started = await workers();
  assert.deepEqual(started.map((w) => w.url),
    ['indexer-loader.js', 'mpeg4-decoder-loader.js', 'indexer-loader.js', 'mpeg4-decoder-loader.js'],
    'each viewer starts its own indexing and MPEG-4 workers');

  // Two MPEG-4 recordings, each "file 1" of its viewer, stepped in turn.
  await dropOn(page, '#left', 'fast.adb', recordings.fast);
  await dropOn(page, '#right', 'q1.adb', recordings.q1);
  const fast = await readFile(new URL('fast.means', data));
  const q1 = await readFile(new URL('q1.means', data));
  const { fastFrames, q1Frames } = recordings;
  await page.waitForFunction((n) => document.querySelector('#left [data-testid=frame-counter]')?.textContent.trim() === `1 / ${n}`, fastFrames);
  await page.waitForFunction((n) => document.querySelector('#right [data-testid=frame-counter]')?.textContent.trim() === `1 / ${n}`, q1Frames);
  const steps = Math.min(fastFrames, q1Frames);
  const worst = { left: 0, right: 0 };
  for (let k = 0; k < steps; k++) {
    if (k > 0) {
      await stepIn(page, '#left', `${k + 1} / ${fastFrames}`);
      assert.equal(await counter(page, '#right'), `${k} / ${q1Frames}`, 'a key goes to the viewer it was typed in');
      await stepIn(page, '#right', `${k + 1} / ${q1Frames}`);
    }
    const left = await waitForFrame(page, fast, k, 64, 48, '#left [data-testid=screen]');
    const right = await waitForFrame(page, q1, k, 64, 48, '#right [data-testid=screen]');
    assert.ok(left.mean < 3 && left.max < 14, `left viewer, fast.m4v frame ${k + 1}: ${JSON.stringify(left)}`);
    assert.ok(right.mean < 3 && right.max < 14, `right viewer, q1.m4v frame ${k + 1}: ${JSON.stringify(right)}`);
    worst.left = Math.max(worst.left, left.mean);
    worst.right = Math.max(worst.right, right.mean);
  }
  console.log(`two viewers stepped in turn through ${steps} MPEG-4 frames each, each its own stream (worst mean luma difference ${worst.left.toFixed(2)} / ${worst.right.toFixed(2)})`);

  // Closing the left file: its decoder is forgotten and the left MPEG-4
  // worker, with no decoder left, ends; the right viewer plays on.
  await page.click('#left [data-testid=close-file]');
  await page.waitForSelector('#left .welcome');
  await page.waitForFunction(() => window.workers[1].ended);
  const afterClose = await workers();
  assert.equal(afterClose[1].forgets, 1, 'the left MPEG-4 worker was told to forget the camera');
  assert.deepEqual(afterClose.map((w) => w.ended), [false, true, false, false]);
  await stepIn(page, '#right', `${steps - 1} / ${q1Frames}`, 'ArrowLeft');
  const back = await waitForFrame(page, q1, steps - 2, 64, 48, '#right [data-testid=screen]');
  assert.ok(back.mean < 3 && back.max < 14, `the right viewer still decodes, a step back: ${JSON.stringify(back)}`);

  // An H.264 file in the left viewer, through WebCodecs: closing it closes its decoder.
  await dropOn(page, '#left', 'h264.adb', recordings.h264);
  await page.waitForFunction(() => document.querySelector('#left [data-testid=screen]')?.width === 128);
  const closedBefore = await page.evaluate(() => window.decodersClosed);
  await page.click('#left [data-testid=close-file]');
  await page.waitForFunction((n) => window.decodersClosed === n + 1, closedBefore);
  console.log('closing a file: its MPEG-4 decoder forgotten and its worker ended; its WebCodecs decoder closed');

  // A viewer taken off the page ends its workers; the other keeps its own.
  await page.evaluate(() => document.querySelector('#right').remove());
  await page.waitForFunction(() => window.workers[2].ended && window.workers[3].ended);
  assert.equal((await workers())[0].ended, false, 'the left viewer keeps its indexing worker');
  console.log('a viewer removed from the page ended its indexing and MPEG-4 workers');
  await page.close();
}
