// End-to-end test of the built viewer (dist/): serves it on a free port,
// opens it in the machine's Chromium through playwright-core (no browser
// download), opens generated NetVu files and checks what the page shows.
//
// Run after `trunk build --release`: node tests/e2e/run.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium, serveDist } from './harness.mjs';

/// A JPEG of one solid colour, encoded by the browser itself.
async function solidJpeg(page, colour) {
  const bytes = await page.evaluate(async (colour) => {
    const canvas = new OffscreenCanvas(64, 48);
    const context = canvas.getContext('2d');
    context.fillStyle = colour;
    context.fillRect(0, 0, 64, 48);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
    return [...new Uint8Array(await blob.arrayBuffer())];
  }, colour);
  return Buffer.from(bytes);
}

/// Puts DM's metadata comment (netvu-formats.md §7.7) right after SOI.
function withNetvuComment(jpeg, { camera, title, date, time, utcOffset }) {
  const text = Buffer.from(
    `Version: 00.02\r\nNumber: ${camera}\r\nName: ${title}\r\nDate: ${date}\r\nTime: ${time}\r\nMSec: 0\r\n` +
    `Locale: \r\nUTCoffset: ${utcOffset}\r\n`, 'latin1');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
}

/// One AD binary chunk (netvu-formats.md §3.1): type, 0-based channel, BE size, payload.
function adBinaryChunk(type, channel, payload) {
  const header = Buffer.alloc(6);
  header.writeUInt8(type, 0);
  header.writeUInt8(channel, 1);
  header.writeUInt32BE(payload.length, 2);
  return Buffer.concat([header, payload]);
}

const JFIF_CHUNK = 1;

/// Opens `bytes` as a file by dropping it on the page.
async function dropFile(page, name, bytes) {
  await page.evaluate(({ name, bytes }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], name));
    const target = document.querySelector('.app');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, { name, bytes: [...bytes] });
}

/// The RGB of the screen canvas's centre pixel, once the canvas holds the
/// frame's own size (tiles and the empty canvas are bigger).
async function centrePixel(page, width, height) {
  const handle = await page.waitForFunction(({ width, height }) => {
    const canvas = document.querySelector('[data-testid=screen]');
    if (canvas.width !== width || canvas.height !== height) return null;
    const [r, g, b] = canvas.getContext('2d').getImageData(width / 2, height / 2, 1, 1).data;
    return [r, g, b];
  }, { width, height });
  return handle.jsonValue();
}

async function waitForPixel(page, predicate, what) {
  const deadline = Date.now() + 5000;
  let last;
  while (Date.now() < deadline) {
    last = await centrePixel(page, 64, 48);
    if (predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  assert.fail(`centre pixel should be ${what}, is ${last}`);
}

const isRed = ([r, g, b]) => r > 200 && g < 60 && b < 60;
const isBlue = ([r, g, b]) => b > 200 && r < 60 && g < 60;

const server = await serveDist();
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.welcome');

  // Everything after load must stay in the page.
  const requestsAfterLoad = [];
  page.on('request', (request) => requestsAfterLoad.push(request.url()));

  const meta = { title: 'Front door', date: '25/11/2026', time: '10:00:00', utcOffset: 60 };
  const red = withNetvuComment(await solidJpeg(page, '#ff0000'), { camera: 1, ...meta });
  const blue = withNetvuComment(await solidJpeg(page, '#0000ff'), { camera: 1, ...meta, time: '10:00:01' });
  const recording = Buffer.concat([adBinaryChunk(JFIF_CHUNK, 0, red), adBinaryChunk(JFIF_CHUNK, 0, blue)]);

  await dropFile(page, 'two-frames.adb', recording);
  await page.waitForSelector('[data-testid=format]');
  assert.equal(await page.textContent('[data-testid=format]'), 'adbinary');
  assert.match(await page.textContent('[data-testid=cameras]'), /Front door/);
  assert.equal((await page.textContent('[data-testid=frame-counter]')).trim(), '1 / 2');
  console.log('red frame centre pixel:', await waitForPixel(page, isRed, 'red'));
  const overlay = await page.textContent('[data-testid=overlay]');
  assert.match(overlay, /Cam 1/);
  assert.match(overlay, /Front door/);
  assert.match(overlay, /2026-11-25 11:00:00\.000 UTC\+01:00/, `overlay: ${overlay}`);
  assert.match(await page.textContent('[data-testid=problems]'), /None found/);

  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() === '2 / 2');
  console.log('blue frame centre pixel after →:', await waitForPixel(page, isBlue, 'blue'));

  // A damaged copy: garbage after the last chunk must be reported, not thrown.
  const damaged = Buffer.concat([recording, adBinaryChunk(JFIF_CHUNK, 0, red).subarray(0, 40)]);
  await page.setInputFiles('[data-testid=file-input]', { name: 'damaged.adb', mimeType: 'application/octet-stream', buffer: damaged });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=problems] tbody tr').length > 0);
  const problems = await page.textContent('[data-testid=problems]');
  console.log('problems panel of the damaged file:', problems.replace(/\s+/g, ' ').slice(0, 200));

  // The sample: made in the page by the library's PAR writer, with settings.
  await page.click('[data-testid=open-sample]');
  await page.waitForFunction(() => document.querySelector('[data-testid=format]')?.textContent === 'par');
  const cameras = await page.textContent('[data-testid=cameras]');
  assert.match(cameras, /Front Gate/);
  assert.match(cameras, /Loading Bay/);
  const settings = await page.textContent('[data-testid=settings]');
  assert.doesNotMatch(settings, /sample-user-secret/, 'passwords are masked');
  await page.click('.reveal');
  assert.match(await page.textContent('[data-testid=settings]'), /sample-user-secret/, 'Reveal shows passwords');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() !== '1 / 30');
  console.log('sample: par, 2 cameras, passwords masked until Reveal, playing:',
    (await page.textContent('[data-testid=frame-counter]')).trim());

  // H.264 through WebCodecs, on the shared fixture recording when it is there
  // (it is not part of this repository).
  const fixture = fileURLToPath(new URL('../../../shared/fixtures/par_recording_4cam.par', import.meta.url));
  if (existsSync(fixture)) {
    await page.setInputFiles('[data-testid=file-input]', { name: 'par_recording_4cam.par', mimeType: 'application/octet-stream', buffer: await readFile(fixture) });
    await page.waitForFunction(() => document.querySelector('[data-testid=cameras]')?.textContent.includes('h264'));
    await page.selectOption('select[aria-label=Camera]', '3');
    await page.keyboard.press('ArrowRight');
    // 704×288 is the H.264 picture itself: a message tile would be drawn at least 640×360.
    const [r, g, b] = await centrePixel(page, 704, 288);
    console.log('H.264 (camera 3, second frame, a delta frame) decoded, centre pixel:', [r, g, b]);
    const tile = await page.evaluate(() => document.querySelector('[data-testid=screen]').height);
    assert.equal(tile, 288);
  } else {
    console.log(`skipped the H.264 check: ${fixture} is not there`);
  }

  assert.deepEqual(requestsAfterLoad, [], 'no network request after load');
  assert.deepEqual(errors, [], 'no page errors');
  console.log('network requests after load: 0');
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  server.close();
}
console.log(failed ? 'e2e: FAILED' : 'e2e: all checks passed');
process.exit(failed ? 1 : 0);
