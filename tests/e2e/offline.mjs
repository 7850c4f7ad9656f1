// Offline and installable. The first visit installs the service worker,
// which keeps every file of the list the build wrote into sw.js; with the
// network gone (offline and the server stopped) the page reloads from it
// and opens the sample and a dropped file. A new build (a new sw.js) takes
// over once no page of the old one is open and deletes the old cache. The
// manifest makes the app installable with its file handler, and files the
// app is launched with (launchQueue) open in the first viewer.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectErrors, dist, serveDist } from './harness.mjs';
import { openSampleAndDrop } from './opening.mjs';
import { isRed, waitForPixel } from './pixels.mjs';

const BASE = '/offline/';

/// The list the build wrote into sw.js (scripts/post-build/precache.mjs), and the worker's source.
async function precacheList() {
  const source = await readFile(join(dist, 'sw.js'), 'utf8');
  const list = JSON.parse(source.match(/const PRECACHE = (\{[\s\S]*?\n\});/)[1]);
  return { source, list };
}

/// The names of the caches of this origin, and the URLs each holds.
const cachesOf = (page) => page.evaluate(async () => {
  const all = {};
  for (const name of await caches.keys()) all[name] = (await (await caches.open(name)).keys()).map((r) => r.url).sort();
  return all;
});

export async function testOffline(browser, readGenerated) {
  const { source, list } = await precacheList();
  const served = {};
  let server = await serveDist(served, { base: BASE });
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}${BASE}`;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = collectErrors(page);

    // First visit: the worker installs and keeps the app's files.
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('.app[data-indexer=ready]');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cached = await cachesOf(page);
    const cacheName = `netvu-viewer ${url} ${list.version}`;
    assert.deepEqual(Object.keys(cached), [cacheName]);
    assert.deepEqual(cached[cacheName], list.files.map(({ url: file }) => `${url}${file}`).sort(), 'every file of the list is kept');

    // No network: the browser offline and the server gone.
    await context.setOffline(true);
    await new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
    const notFromWorker = [];
    page.on('response', (response) => response.fromServiceWorker() || notFromWorker.push(response.url()));
    const failed = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.app[data-indexer=ready]');
    const seen = await openSampleAndDrop(page, readGenerated);
    assert.deepEqual(failed, [], 'no request failed');
    assert.deepEqual(notFromWorker, [], 'everything came from the service worker');
    console.log(`offline reload (network off, server stopped; ${list.files.length} files from the service worker's cache): ${seen}`);

    // A new build: another sw.js, another version. It waits while a page
    // of the old one is open, then replaces the old cache.
    served[`${BASE}sw.js`] = { type: 'text/javascript', body: source.replace(list.version, `${list.version}-next`) };
    server = await serveDist(served, { base: BASE, port });
    await context.setOffline(false);
    await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
    // Installed, it waits while the old one has a page.
    await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.ready).waiting));
    assert.equal(Object.keys(await cachesOf(page)).length, 2, 'the old cache stays while its page is open');
    await page.goto('about:blank');
    await page.goto(url, { waitUntil: 'load' });
    const next = `netvu-viewer ${url} ${list.version}-next`;
    await page.waitForFunction(async (next) => (await caches.keys()).join() === next, next);
    console.log('a new sw.js took over once no page of the old one was open; its activation deleted the old cache');
    assert.deepEqual(errors, [], 'no page errors');
    await page.close();

    await testInstallable(context, url, await readGenerated('two-frames.adb'));
  } finally {
    await context.close();
    server.close();
  }
}

/// The manifest as Chromium reads it (installable, with its file handler),
/// and a launch with a file (a stand-in for launchQueue, which only an
/// installed app gets) opening it in the first viewer.
async function testInstallable(context, url, twoFrames) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    // Chromium has a launchQueue (read-only) that no launch ever fills here.
    Object.defineProperty(window, 'launchQueue', { value: { setConsumer: (consumer) => { window.launchConsumer = consumer; } } });
  });
  await page.goto(url, { waitUntil: 'load' });
  const cdp = await context.newCDPSession(page);
  const { errors: manifestErrors, data } = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifestErrors, [], 'the manifest reads without errors');
  const manifest = JSON.parse(data);
  assert.deepEqual(Object.values(manifest.file_handlers[0].accept).flat().sort(), ['.ad', '.adb', '.dm', '.mime', '.par']);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito, where nothing installs; nothing else may be missing.
  const missing = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
  assert.deepEqual(missing, [], 'installable');

  await page.evaluate((bytes) => window.launchConsumer({
    files: [{ getFile: async () => new File([new Uint8Array(bytes)], 'two-frames.adb') }],
  }), [...twoFrames]);
  await page.waitForFunction(() => document.querySelector('.summary h2')?.textContent.trim() === 'two-frames.adb');
  const red = await waitForPixel(page, isRed, 'red');
  console.log(`installable (manifest with file handlers for ${Object.values(manifest.file_handlers[0].accept).flat().join(' ')}); a launch with a file showed its picture (${red})`);
  await page.close();
}
