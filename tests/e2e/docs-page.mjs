// The embedding examples page (www/embedding.html), as a user would use it,
// under its strict Content-Security-Policy: two <netvu-viewer> elements on
// the sample (a 2×2 grid with controls, camera 3 alone at a time), their
// attributes changed at run time and their events; the iframe driven by the
// page's buttons through messages; the parser API on a chosen file; an
// element taken off the page ends its workers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { collectErrors } from './harness.mjs';

/// The overlay texts of the element `id`'s tiles (or its single view).
const overlays = (page, id) => page.evaluate((id) =>
  [...document.getElementById(id).shadowRoot.querySelectorAll('[data-testid=overlay]')].map((o) => o.textContent), id);

export async function testDocsPage(browser, url, filesDir) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1800 } });
  const errors = collectErrors(page);
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.violations.push(event.violatedDirective));
    window.workers = [];
    const Original = Worker;
    window.Worker = function (url, options) {
      const worker = new Original(url, options);
      const record = { url: String(url), ended: false };
      window.workers.push(record);
      const terminate = worker.terminate.bind(worker);
      worker.terminate = () => { record.ended = true; terminate(); };
      return worker;
    };
    window.Worker.prototype = Original.prototype;
  });
  await page.goto(`${url}embedding.html`, { waitUntil: 'load' });
  const loaded = () => page.evaluate(() => window.elementEvents.filter((e) => e.type === 'load').map((e) => e.viewer).sort());
  await page.waitForFunction(() => window.elementEvents.filter((e) => e.type === 'load').length === 2, null, { timeout: 20_000 });
  assert.deepEqual(await loaded(), ['grid', 'single']);
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));

  // The grid: four cameras, each decoded (a tile drawn at the sample's size).
  await page.waitForFunction(() => [...document.getElementById('grid').shadowRoot.querySelectorAll('[data-testid=tile-canvas]')]
    .filter((c) => c.width === 352 && c.height === 288).length === 4);
  assert.equal(await page.evaluate(() => document.getElementById('grid').shadowRoot.querySelectorAll('.transport').length), 2, 'controls');
  // Camera 3 alone at 11:20:31 UTC: its fifth frame (12:20:30.810 at UTC+01:00), no controls.
  await page.waitForFunction(() => document.getElementById('single').shadowRoot.querySelector('[data-testid=overlay]')?.textContent.includes('12:20:30.810'));
  assert.match((await overlays(page, 'single'))[0], /^Cam 3Car Park/);
  assert.equal(await page.evaluate(() => document.getElementById('single').shadowRoot.querySelectorAll('.transport').length), 0, 'no controls');
  // Attributes changed at run time: camera 4, then a 2×2 grid.
  await page.click('#single-camera-4');
  await page.waitForFunction(() => document.getElementById('single').shadowRoot.querySelector('[data-testid=overlay]')?.textContent.startsWith('Cam 4'));
  await page.click('#single-layout-2');
  await page.waitForFunction(() => document.getElementById('single').shadowRoot.querySelectorAll('[data-testid=tile]').length === 4);
  const frames = await page.evaluate(() => window.elementEvents.filter((e) => e.type === 'frame' && e.viewer === 'single').map((e) => e.detail.camera));
  assert.ok(frames.includes(3) && frames.includes(4), `frame events of cameras 3 then 4: ${frames}`);
  // Another file in it: the two elements play different files.
  await page.evaluate(() => {
    const single = document.getElementById('single');
    single.setAttribute('layout', '1');
    single.setAttribute('src', '/generated/mpeg4.adb');
  });
  await page.waitForFunction(() => {
    const canvas = document.getElementById('single').shadowRoot.querySelector('[data-testid=screen]');
    return canvas?.width === 64 && canvas.height === 48;
  });
  assert.equal(await page.evaluate(() => [...document.getElementById('grid').shadowRoot.querySelectorAll('[data-testid=tile-canvas]')]
    .filter((c) => c.width === 352).length), 4, 'the other element still shows the sample');
  // The sample it showed is closed: its MPEG-4 decoder forgotten, its worker (the second element's) ended.
  await page.waitForFunction(() => window.workers[3]?.ended);
  console.log(`docs page, elements: a 2×2 grid with controls; camera 3 alone at its time, then camera 4, a 2×2 grid and another file (MPEG-4, 64×48) by attributes; ${frames.length} frame events`);

  // The iframe, driven by the page's buttons.
  await page.evaluate(() => window.frameReady);
  await page.click('#frame-seek');
  await page.waitForFunction(() => window.frameMessages.some((m) => m.type === 'frame' && m.time >= 1_773_573_631_800));
  await page.click('#frame-single');
  await page.waitForFunction(() => window.frameMessages.some((m) => m.type === 'frame' && m.camera === 2 && m.time >= 1_773_573_631_800));
  const answers = await page.evaluate(() => window.frameMessages.filter((m) => m.replyTo).map((m) => m.type));
  assert.ok(answers.includes('pong') && answers.filter((t) => t === 'ok').length === 2, `answers: ${answers}`);
  console.log('docs page, iframe: handshake, seek to 11:20:32 UTC and camera 2 alone, each answered ok, frame events after');

  // The parser API on a chosen file.
  await page.setInputFiles('#parse-file', join(filesDir, 'two-frames.adb'));
  await page.waitForFunction(() => document.querySelector('#parsed tbody').textContent.includes('frames'));
  const parsed = await page.textContent('#parsed tbody');
  assert.match(parsed, /formatadbinary/);
  assert.match(parsed, /frames2/);
  assert.match(parsed, /cameras1 Front door/);
  console.log('docs page, parser API:', parsed);

  // An element taken off the page ends its workers; the other keeps its own.
  // Each element started its indexing and MPEG-4 workers; the second a new
  // MPEG-4 worker for its MPEG-4 file, the one of the sample having ended.
  const before = await page.evaluate(() => window.workers.map((w) => `${w.url.replace(/^.*\//, '')}${w.ended ? ' (ended)' : ''}`));
  assert.deepEqual(before, ['indexer-loader.js', 'mpeg4-decoder-loader.js', 'indexer-loader.js',
    'mpeg4-decoder-loader.js (ended)', 'mpeg4-decoder-loader.js']);
  await page.evaluate(() => document.getElementById('grid').remove());
  await page.waitForFunction(() => window.workers[0].ended && window.workers[1].ended);
  assert.deepEqual(await page.evaluate(() => [window.workers[2].ended, window.workers[4].ended]), [false, false],
    'the other element keeps its workers');
  console.log('docs page: the removed element ended its two workers, the other element kept its own');

  assert.deepEqual(await page.evaluate(() => window.violations), [], 'no CSP violation');
  // After load, only the page's own site is asked: for the file a src names,
  // the parser API when first used, a worker started again for a new file.
  assert.deepEqual(requests.filter((request) => !request.startsWith(url)), [], 'no request to another site');
  assert.deepEqual(errors, [], 'no page errors');
  await page.close();
}
