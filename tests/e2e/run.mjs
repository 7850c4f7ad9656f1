// End-to-end test of the built viewer (dist/): serves it on a free port,
// opens it in the machine's Chromium through playwright-core (no browser
// download), opens NetVu files written by the library's own writers and
// checks what the page shows.
//
// Run after `trunk build --release` and the test files' generator
// (scripts/test-web.sh does all three):
//   cargo run --example e2e_files -- DIR && node tests/e2e/run.mjs DIR
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectErrors, launchChromium, serveDist } from './harness.mjs';
import { testAudio } from './audio.mjs';
import { testCsp } from './csp.mjs';
import { testLoadProblems } from './load-problems.mjs';
import { testOffline } from './offline.mjs';
import { testRelocatable } from './relocatable.mjs';
import { testSingleFile } from './single-file.mjs';
import { dropFiles } from './opening.mjs';
import { isBlue, isGreen, isRed, isWhite, lumaDistance, lumaMeans, waitForFrame, waitForPixel } from './pixels.mjs';
import { testParserApi } from './parser-api.mjs';
import { testViewers } from './viewers.mjs';
import { testEmbedding } from './embed.mjs';
import { testDocsPage } from './docs-page.mjs';

const filesDir = process.argv[2];
if (!filesDir) {
  console.error('usage: node tests/e2e/run.mjs DIR  (DIR written by: cargo run --example e2e_files -- DIR)');
  process.exit(2);
}
/// What the generator (crates/netvu/examples/e2e_files) says of each file
/// it wrote: { NAME: { frames, ... } }.
const manifest = JSON.parse(await readFile(join(filesDir, 'files.json'), 'utf8'));
const readGenerated = (name) => readFile(join(filesDir, name));

/// Opens generated files by dropping them on the page, all at once.
async function dropGenerated(page, ...names) {
  await dropFiles(page, await Promise.all(names.map(async (name) => ({ name, bytes: await readGenerated(name) }))));
}

/// The width of the camera labels at the left of the timeline canvas (of 1000 px).
const LABEL_PX = 56;

/// Steps through the 4-frame H.264 test stream (red, green, blue, white)
/// and one frame back, checking each picture; their centre pixels.
async function stepThroughH264(page) {
  const seen = [await waitForPixel(page, isRed, 'red', 128, 96)];
  const step = async (key, counter, predicate, what) => {
    await page.keyboard.press(key);
    await page.waitForFunction((n) => document.querySelector('[data-testid=frame-counter]').textContent.trim() === n, counter);
    // 128×96 is the H.264 picture itself: a message tile is at least 640×360.
    seen.push(await waitForPixel(page, predicate, what, 128, 96));
  };
  await step('ArrowRight', '2 / 4', isGreen, 'green');
  await step('ArrowRight', '3 / 4', isBlue, 'blue');
  await step('ArrowRight', '4 / 4', isWhite, 'white');
  await step('ArrowLeft', '3 / 4', isBlue, 'blue');
  await step('ArrowRight', '4 / 4', isWhite, 'white');
  return seen.map((p) => p.join(',')).join(' ');
}

// The generated files, for ?src= and for the big file.
const served = Object.fromEntries(Object.keys(manifest).map((name) => [`/generated/${name}`, { file: join(filesDir, name) }]));
const server = await serveDist(served);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  collectErrors(page, errors);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.welcome');
  // The indexing worker loads with the page: its files are fetched by then.
  await page.waitForSelector('.app[data-indexer=ready]');
  // The big file (50 MB) is fetched now, dropped later.
  await page.evaluate(async () => {
    window.bigFile = new File([await (await fetch('/generated/big.adb')).blob()], 'big.adb');
  });

  // Everything after load must stay in the page.
  const requestsAfterLoad = [];
  page.on('request', (request) => requestsAfterLoad.push(request.url()));

  // A red then a blue JPEG of camera 1, "Front door", at 10:00:00 UTC on
  // 25/11/2026 an hour east of UTC.
  await dropGenerated(page, 'two-frames.adb');
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
  await page.setInputFiles('[data-testid=file-input]', join(filesDir, 'damaged.adb'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=problems] tbody tr').length > 0);
  // One problem for the cut tail, under its code, with its bytes.
  const { cut_at: cutAt, cut_bytes: cutBytes } = manifest['damaged.adb'];
  const groups = await page.$$eval('[data-testid=problem-group]', (all) => all.map((g) => g.dataset.code));
  assert.deepEqual(groups, ['truncated']);
  const cutRow = (await page.textContent('[data-testid=problems] tbody')).replace(/\s+/g, ' ').trim();
  assert.ok(cutRow.startsWith(`${cutAt}–${cutAt + cutBytes - 1} (${cutBytes} bytes)`), `the cut tail's row: ${cutRow}`);
  console.log('problems panel of the damaged file:', cutRow);

  // The sample: made in the page by the library's PAR writer, with settings.
  await page.click('[data-testid=open-sample]');
  await page.waitForFunction(() => document.querySelector('[data-testid=format]')?.textContent === 'par');
  const cameras = await page.textContent('[data-testid=cameras]');
  for (const title of ['Front Gate', 'Loading Bay', 'Car Park', 'Reception']) assert.match(cameras, new RegExp(title));
  for (const codec of ['jfif', 'mpeg4', 'h264']) assert.match(cameras, new RegExp(codec), `the sample has ${codec} frames`);
  assert.match(await page.textContent('[data-testid=audio]'), /channel 1: pcm_s16le, 8000 Hz, 15 blocks/);
  assert.match(await page.textContent('[data-testid=problems]'), /None found/);
  const settings = await page.textContent('[data-testid=settings]');
  assert.doesNotMatch(settings, /sample-user-secret/, 'passwords are masked');
  await page.click('.reveal');
  assert.match(await page.textContent('[data-testid=settings]'), /sample-user-secret/, 'Reveal shows passwords');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() !== '1 / 60');
  await page.keyboard.press('Space');
  console.log('sample: par, 4 cameras, passwords masked until Reveal, played to',
    (await page.textContent('[data-testid=frame-counter]')).trim());

  // Settings: the schedule's week grid (Monday noon is day, Saturday noon weekend),
  // who records when, a value that does not parse, the filter, VMD zones.
  const schedulePixel = (x, y) => page.evaluate(({ x, y }) =>
    [...document.querySelector('[data-testid=schedule-canvas]').getContext('2d').getImageData(x, y, 1, 1).data].slice(0, 3), { x, y });
  const monday = await schedulePixel(40 + 48 * 7 + 3, 16 + 9);
  const saturday = await schedulePixel(40 + 48 * 7 + 3, 16 + 5 * 18 + 9);
  const mondayNight = await schedulePixel(40 + 90 * 7 + 3, 16 + 9);
  console.log('schedule canvas: Monday 12:00', monday, 'Saturday 12:00', saturday, 'Monday 22:30', mondayNight);
  assert.deepEqual(monday, [0xf5, 0xc5, 0x42], 'day colour');
  assert.deepEqual(saturday, [0x2f, 0x9a, 0x5c], 'weekend colour');
  assert.deepEqual(mondayNight, [0x3f, 0x57, 0xb5], 'night colour');
  assert.match(await page.textContent('[data-testid=record-modes]'), /2 Loading Bay● records○ off○ off/);
  const warnings = await page.textContent('[data-testid=settings-warnings]');
  assert.match(warnings, /record_duration/);
  assert.match(warnings, /as written: 31 days/);
  await page.fill('[data-testid=settings-filter]', 'zones');
  assert.equal(await page.locator('[data-testid=settings-card]').count(), 1, 'the filter leaves the one card with zones');
  await page.fill('[data-testid=settings-filter]', '');
  const zone = (x, y) => page.evaluate(({ x, y }) =>
    document.querySelector('[data-testid=vmd-zones]').getContext('2d').getImageData(x, y, 1, 1).data[3], { x, y });
  assert.ok(await zone(620, 460) > 0, 'bottom-right VMD cell is a zone');
  assert.equal(await zone(20, 20), 0, 'top-left VMD cell is not');
  await page.click('[data-testid=vmd-toggle]');
  assert.ok(await page.locator('[data-testid=vmd-zones]').isHidden(), 'zones can be hidden');
  await page.click('[data-testid=vmd-toggle]');
  console.log('settings: schedule colours, record modes, warning with raw value, filter, VMD zones: ok');

  // Timeline: an event marker seeks to its frame, whose alarm text shows.
  assert.equal(await page.locator('[data-testid=event-marker]').count(), 2);
  await page.click('[data-testid=event-marker] >> nth=0');
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() === '25 / 60');
  await page.waitForFunction(() => document.querySelector('[data-testid=alarm]')?.textContent === 'Door forced');
  await page.waitForFunction(() => document.querySelector('[data-testid=details]')?.textContent.includes('Door forced'));
  // Click at the far right of the tracks: the last frame.
  const box = await page.locator('[data-testid=timeline-canvas]').boundingBox();
  await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() === '60 / 60');
  console.log('timeline: event marker → frame 25 with alarm "Door forced"; click at the end → 60 / 60');
  // Zoom: "+" halves the window around the playhead (at the end), so the
  // left edge of the tracks is now the middle of the recording; the wheel
  // halves it again; "Whole recording" shows it all.
  const edges = () => page.evaluate(() => ['start', 'end'].map((e) => document.querySelector(`[data-testid=window-${e}]`).textContent));
  const [wholeStart, wholeEnd] = await edges();
  await page.click('[data-testid=zoom-in]');
  await page.waitForFunction((start) => document.querySelector('[data-testid=window-start]').textContent !== start, wholeStart);
  const [halfStart, halfEnd] = await edges();
  assert.equal(halfEnd, wholeEnd, 'zoomed around the playhead at the end');
  await page.mouse.click(box.x + box.width * (LABEL_PX + 2) / 1000, box.y + box.height / 2);
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() !== '60 / 60');
  const middle = Number((await page.textContent('[data-testid=frame-counter]')).split('/')[0]);
  assert.ok(middle >= 25 && middle <= 35, `the left edge of the zoomed tracks is the middle: frame ${middle}`);
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
  await page.mouse.wheel(0, -100);
  await page.waitForFunction((start) => document.querySelector('[data-testid=window-start]').textContent !== start, halfStart);
  const [quarterStart, quarterEnd] = await edges();
  assert.ok(quarterStart > halfStart && quarterEnd < halfEnd, 'the wheel zooms in around the pointer, right of the playhead');
  await page.click('[data-testid=zoom-whole]');
  await page.waitForFunction((start) => document.querySelector('[data-testid=window-start]').textContent === start, wholeStart);
  assert.deepEqual(await edges(), [wholeStart, wholeEnd]);
  console.log(`timeline zoom: whole ${wholeStart} – ${wholeEnd}; + ${halfStart} – ${halfEnd} (left edge → frame ${middle}); wheel ${quarterStart} – ${quarterEnd}; back to whole`);

  // Layouts and keys: 2 → 2×2 grid of the 4 cameras, a click on a tile → that camera alone.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('2');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=tile]').length === 4);
  // Every camera's picture is decoded (JPEG, JPEG, MPEG-4, H.264), none is a message tile:
  // the centre of each card is its background colour.
  const cardColours = [[0x1f, 0x5f, 0xa8], [0x2f, 0x8a, 0x4c], [0x8a, 0x4c, 0x2f], [0x6a, 0x3f, 0x8f]];
  const tilePixels = await page.waitForFunction((colours) => {
    const canvases = [...document.querySelectorAll('[data-testid=tile-canvas]')];
    const pixels = canvases.map((c) => c.width === 352 && c.height === 288
      ? [...c.getContext('2d').getImageData(300, 150, 1, 1).data].slice(0, 3) : null);
    const near = (p, q) => p && p.every((v, i) => Math.abs(v - q[i]) < 16);
    return pixels.length === 4 && pixels.every((p, i) => near(p, colours[i])) ? pixels : null;
  }, cardColours, { timeout: 10_000 }).then((h) => h.jsonValue());
  console.log('sample 2×2: every camera decoded (JPEG, JPEG, MPEG-4, H.264), card colours', JSON.stringify(tilePixels));
  await page.keyboard.press('3');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=tile]').length === 4 && document.querySelectorAll('.tile.empty').length === 5);
  await page.click('[data-testid=tile] >> nth=2');
  await page.waitForSelector('[data-testid=screen]');
  assert.equal(await page.inputValue('select[aria-label=Camera]'), '3');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() === '1 / 15');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() === '2 / 15');
  await page.waitForFunction(() => document.querySelector('[data-testid=overlay]')?.textContent.includes('Car Park'));
  await page.keyboard.press('+');
  assert.equal(await page.inputValue('[data-testid=speed]'), '4', '+ doubles the speed');
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid=shortcuts]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=shortcuts]', { state: 'detached' });
  console.log('layouts 2×2/3×3, tile → single camera 3, shift+← / →, + speed, ? shortcuts: ok');

  // Camera 3 (MPEG-4) recorded motion masks with frames 12 to 15: a 4×3
  // block of 16×12 cells, drawn translucent over the picture, switchable.
  for (let k = 2; k < 12; k++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() === '12 / 15');
  const maskAlpha = (x, y) => page.evaluate(({ x, y }) => {
    const layer = document.querySelector('[data-testid=mask-layer]');
    if (!layer || layer.classList.contains('hidden') || layer.width !== 352) return null;
    return layer.getContext('2d').getImageData(x, y, 1, 1).data[3];
  }, { x, y });
  await page.waitForFunction(() => {
    const layer = document.querySelector('[data-testid=mask-layer]');
    return layer && !layer.classList.contains('hidden') && layer.width === 352;
  });
  const inside = await maskAlpha(77, 180);
  const outside = await maskAlpha(300, 30);
  assert.ok(inside > 0 && outside === 0, `mask cell (3, 7) drawn (alpha ${inside}), (13, 1) not (${outside})`);
  // The mask is a layer of its own: the screen canvas under it holds the
  // decoded picture, whose centre is the card's background.
  const carParkCard = cardColours[2];
  const underMask = await waitForPixel(page, (p) => p.every((v, i) => Math.abs(v - carParkCard[i]) < 16),
    `the car-park card ${carParkCard}`, 352, 288);
  await page.click('[data-testid=motion-toggle]');
  await page.waitForSelector('[data-testid=mask-layer].hidden', { state: 'attached' });
  await page.click('[data-testid=motion-toggle]');
  await page.waitForSelector('[data-testid=mask-layer]:not(.hidden)', { state: 'attached' });
  await page.keyboard.press('Shift+ArrowLeft');
  await page.waitForSelector('[data-testid=mask-layer].hidden', { state: 'attached' });
  console.log(`motion mask over camera 3 frame 12 (picture ${underMask}): cell alpha ${inside}, outside ${outside}; Motion switch hides it; none at frame 1`);

  // H.264 through WebCodecs: a stream of libx264's (a red key frame, then
  // green, blue, white delta frames) in AD binary type 10/11 chunks. The
  // camera's decoder is kept from frame to frame: stepping forward decodes
  // one access unit, stepping back decodes again from the key frame
  // (counted at VideoDecoder.decode).
  await page.evaluate(() => {
    window.h264Chunks = 0;
    const decode = VideoDecoder.prototype.decode;
    VideoDecoder.prototype.decode = function (chunk) { window.h264Chunks += 1; return decode.call(this, chunk); };
  });
  await dropGenerated(page, 'h264.adb');
  await page.waitForFunction(() => document.querySelector('[data-testid=cameras]')?.textContent.includes('h264'));
  const h264Steps = await stepThroughH264(page);
  const chunksDecoded = await page.evaluate(() => window.h264Chunks);
  assert.equal(chunksDecoded, 4 + 3 + 1, 'one access unit per step forward; a step back decodes from the key frame');
  console.log(`H.264 stepped through (centre pixels ${h264Steps}), ${chunksDecoded} access units decoded for 6 pictures`);

  // MPEG-4 through the decoding worker (netvu-mpeg4): a stream of the
  // decoder's own tests (64×48, an I-VOP then 5 P-VOPs of a fast-moving
  // picture, fast.m4v) cut into AD binary type 2/3 chunks; the canvas's luma
  // must match FFmpeg's decode of the same stream, frame by frame, stepping forward.
  const means = await readFile(new URL('../../crates/netvu-mpeg4/tests/data/fast.means', import.meta.url));
  await dropGenerated(page, 'mpeg4.adb');
  await page.waitForFunction(() => document.querySelector('[data-testid=cameras]')?.textContent.includes('mpeg4'));
  await page.evaluate(() => document.activeElement?.blur());
  const frameCount = manifest['mpeg4.adb'].frames;
  const distances = [];
  for (let k = 0; k < frameCount; k++) {
    if (k > 0) {
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((n) => document.querySelector('[data-testid=frame-counter]').textContent.trim() === n, `${k + 1} / ${frameCount}`);
    }
    // 64×48 is the picture itself: a message tile is drawn at least 640×360.
    const d = await waitForFrame(page, means, k, 64, 48);
    distances.push(d);
    assert.ok(d.mean < 3 && d.max < 14, `MPEG-4 frame ${k + 1}: luma block means differ from FFmpeg's by ${d.mean.toFixed(2)} on average, ${d.max.toFixed(1)} at most`);
  }
  assert.ok(lumaDistance(await lumaMeans(page, 64, 48), means, 0, 64, 48).mean > 10, 'the last P frame is not the first picture');
  console.log('MPEG-4 (I + 5 P, stepped forward) against FFmpeg, luma block mean differences:',
    distances.map((d) => `${d.mean.toFixed(2)}/${d.max.toFixed(1)}`).join(' '));
  // Back to the first frame (a seek: the decoder resets and starts from the I-VOP), then to the last.
  await page.keyboard.press('Shift+ArrowLeft');
  await page.waitForFunction((n) => document.querySelector('[data-testid=frame-counter]').textContent.trim() === n, `1 / ${frameCount}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=screen]').width === 64);
  const timeline = await page.locator('[data-testid=timeline-canvas]').boundingBox();
  await page.mouse.click(timeline.x + timeline.width - 2, timeline.y + timeline.height / 2);
  await page.waitForFunction((n) => document.querySelector('[data-testid=frame-counter]').textContent.trim() === n, `${frameCount} / ${frameCount}`);
  const last = await waitForFrame(page, means, frameCount - 1, 64, 48);
  assert.ok(last.mean < 3, `after a seek to the last frame: ${last.mean.toFixed(2)}`);
  // BMP pictures (FireVu units send them between their JPEGs) are decoded by the browser.
  await dropGenerated(page, 'bmp.mime');
  await page.waitForFunction(() => document.querySelector('.summary h2')?.textContent === 'bmp.mime');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() === '2 / 2');
  const bmpHalves = await page.waitForFunction(() => {
    const canvas = document.querySelector('[data-testid=screen]');
    if (canvas.width !== 64 || canvas.height !== 48) return null;
    const context = canvas.getContext('2d');
    const [left, right] = [16, 48].map((x) => [...context.getImageData(x, 24, 1, 1).data].slice(0, 3));
    return left[0] > 200 && left[2] < 60 && right[2] > 200 && right[0] < 60 ? [left, right] : null;
  }).then((h) => h.jsonValue());
  console.log('BMP frame of a MIME stream drawn by the browser: left half', bmpHalves[0], 'right half', bmpHalves[1]);

  // Another kind of file with a NetVu name: said in one line, nothing else shown.
  await dropGenerated(page, 'parity.par');
  await page.waitForSelector('[data-testid=not-netvu]');
  assert.equal(await page.textContent('[data-testid=not-netvu]'),
    'parity.par is a Parchive parity file, not a Dedicated Micros recording: nothing to show.');
  assert.equal(await page.$('[data-testid=screen]'), null, 'no player for it');
  console.log('a Parchive file:', await page.textContent('[data-testid=not-netvu]'));

  // A P frame without its I frame (the stream's second): a tile that says so.
  await dropGenerated(page, 'orphan.adb');
  await page.waitForFunction(() => document.querySelector('.summary h2')?.textContent === 'orphan.adb');
  await page.waitForFunction(() => document.querySelector('[data-testid=screen]').width >= 640);
  console.log('MPEG-4: seek back and to the end decoded; a P frame without its I frame shows a tile');

  // A big file (50 MB of JPEG chunks, a red one then green ones, fetched at
  // load): indexing runs in the worker, and the first picture shows while
  // the progress bar is still there.
  const bigFrames = manifest['big.adb'].frames;
  const seen = await page.evaluate(async () => {
    const transfer = new DataTransfer();
    transfer.items.add(window.bigFile);
    const target = document.querySelector('.app');
    const started = performance.now();
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
    // Checked every animation frame: the first picture drawn, and whether indexing still ran then.
    return new Promise((resolve) => {
      const check = () => {
        const canvas = document.querySelector('[data-testid=screen]');
        if (canvas && canvas.width === 64 && canvas.height === 48) {
          const [r, g, b] = canvas.getContext('2d').getImageData(32, 24, 1, 1).data;
          resolve({ ms: performance.now() - started, pixel: [r, g, b],
            progress: document.querySelector('[data-testid=progress]')?.textContent ?? null });
        } else {
          requestAnimationFrame(check);
        }
      };
      check();
    });
  });
  console.log(`50 MB file (${bigFrames} frames): first picture after ${seen.ms.toFixed(0)} ms, pixel ${seen.pixel}, while indexing showed: ${seen.progress}`);
  assert.ok(isRed(seen.pixel), 'the first frame is drawn');
  assert.ok(seen.progress !== null, 'the first picture shows before indexing ends');
  await page.waitForSelector('[data-testid=progress]', { state: 'detached', timeout: 60_000 });
  await page.waitForFunction((n) => document.querySelector('[data-testid=frame-counter]').textContent.trim() === `1 / ${n}`, bigFrames);
  console.log('indexing ended:', (await page.textContent('[data-testid=frame-counter]')).trim(), 'frames');

  // Files that belong together: a settings-only PAR names the cameras of a
  // recording dropped with it; two parts of a PAR sequence play as one, the
  // missing part named.
  await dropGenerated(page, 'site.par', 'lobby.adb');
  await page.waitForFunction(() => document.querySelector('[data-testid=notes]')?.textContent.includes('site.par'));
  assert.match(await page.textContent('[data-testid=cameras]'), /Lobby Camera/);
  console.log('settings-only PAR + recording:', (await page.textContent('[data-testid=notes]')).trim());
  // Parts 0 (red) and 2 (blue) of a sequence.
  await dropGenerated(page, 'Shop_2.par', 'Shop.par');
  await page.waitForFunction(() => document.querySelector('.summary h2')?.textContent === 'Shop (2 parts)');
  const notes = await page.textContent('[data-testid=notes]');
  assert.match(notes, /Missing part: Shop_1\.par/);
  assert.equal((await page.textContent('[data-testid=frame-counter]')).trim(), '1 / 2');
  await waitForPixel(page, isRed, 'red');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('ArrowRight');
  await waitForPixel(page, isBlue, 'blue (from the second part)');
  console.log('PAR sequence:', notes.replace(/\s+/g, ' ').trim());

  // PAR chunk CRCs are not checked while indexing but when a frame is
  // fetched: one flipped payload byte in the second frame's chunk shows a
  // "Damaged frame" tile and adds the mismatch to the Problems panel.
  const secondChunk = manifest['crc.par'].damaged_chunk_offset;
  await dropGenerated(page, 'crc.par');
  await page.waitForFunction(() => document.querySelector('.summary h2')?.textContent.trim() === 'crc.par');
  await waitForPixel(page, isRed, 'red (first frame, chunk intact)');
  assert.match(await page.textContent('[data-testid=problems]'), /None found/);
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('[data-testid=screen][data-tile="Damaged frame"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=problems]').textContent.includes('FRAM chunk CRC mismatch'));
  // Grouped under its code, with the chunk's bytes (header, payload, CRC).
  const crcGroup = await page.getAttribute('[data-testid=problem-group]', 'data-code');
  assert.equal(crcGroup, 'crc_mismatch');
  const crcRow = (await page.textContent('[data-testid=problems] tbody')).replace(/\s+/g, ' ').trim();
  assert.match(crcRow, new RegExp(`^${secondChunk}–\\d+ \\(\\d+ bytes\\)FRAM chunk CRC mismatch$`));
  console.log(`PAR frame with a flipped payload byte: "Damaged frame" tile; problem at byte ${secondChunk}: FRAM chunk CRC mismatch`);

  assert.deepEqual(requestsAfterLoad, [], 'no network request after load');

  // Sound: the sample's tone through Web Audio, in a page of its own (tests/e2e/audio.mjs).
  await testAudio(browser, url, errors);

  // Two viewers on one page (tests/e2e/viewers.mjs).
  // Embedded in an iframe, driven by postMessage; deep links (tests/e2e/embed.mjs).
  await testEmbedding(browser, url, { read: readGenerated });
  // The examples page of every embed form (www/embedding.html).
  await testDocsPage(browser, url, filesDir);

  await testViewers(browser, url, served, errors, {
    fast: await readGenerated('mpeg4.adb'), fastFrames: manifest['mpeg4.adb'].frames,
    q1: await readGenerated('mpeg4-q1.adb'), q1Frames: manifest['mpeg4-q1.adb'].frames,
    h264: await readGenerated('h264.adb'),
  });

  // The parser's JS API from a plain page (tests/e2e/parser-api.mjs).
  await testParserApi(browser, url, served, errors, manifest);

  // ?src=PATH opens a file of the same origin.
  const second = await browser.newPage();
  await second.goto(`${url}?src=/generated/two-frames.adb`, { waitUntil: 'load' });
  await second.waitForFunction(() => document.querySelector('[data-testid=format]')?.textContent === 'adbinary');
  assert.equal((await second.textContent('.summary h2')).trim(), 'two-frames.adb');
  await waitForPixel(second, isRed, 'red');
  console.log('?src=/generated/two-frames.adb opened it');

  // H.264 without WebCodecs: the wasm decoding worker (rusty_h264-decoder),
  // fetched only then, decodes the same stream (red key frame, green deltas).
  const noCodecs = await browser.newPage();
  collectErrors(noCodecs, errors);
  await noCodecs.addInitScript(() => {
    delete window.VideoDecoder;
    // Counts the access units the page sends to the H.264 decoding worker.
    window.h264UnitsSent = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      // A message is { header: the JSON of a core::protocol envelope, data } (src/platform/messages.rs).
      if (this.h264 && 'decode' in JSON.parse(message.header).message) window.h264UnitsSent += message.data.length;
      return post.call(this, message, ...rest);
    };
    const Original = Worker;
    window.Worker = function (url, options) {
      const worker = new Original(url, options);
      worker.h264 = String(url).includes('h264');
      return worker;
    };
    window.Worker.prototype = Original.prototype;
  });
  const fallbackRequests = [];
  noCodecs.on('request', (request) => fallbackRequests.push(new URL(request.url()).pathname));
  await noCodecs.goto(url, { waitUntil: 'load' });
  await noCodecs.waitForSelector('.app[data-indexer=ready]');
  assert.equal(await noCodecs.evaluate(() => 'VideoDecoder' in window), false);
  assert.ok(!fallbackRequests.some((path) => path.startsWith('/h264')), 'the H.264 worker is not fetched at load');
  await dropGenerated(noCodecs, 'h264.adb');
  await noCodecs.waitForFunction(() => document.querySelector('[data-testid=cameras]')?.textContent.includes('h264'));
  await noCodecs.evaluate(() => document.activeElement?.blur());
  const fallbackSteps = await stepThroughH264(noCodecs);
  const unitsSent = await noCodecs.evaluate(() => window.h264UnitsSent);
  assert.equal(unitsSent, 4 + 3 + 1, 'the worker keeps the camera\'s decoder too');
  console.log(`H.264 without WebCodecs stepped through (centre pixels ${fallbackSteps}), ${unitsSent} access units sent to the worker`);
  assert.ok(fallbackRequests.includes('/h264-decoder-loader.js'), 'the H.264 worker was started');
  console.log('H.264 worker files fetched on demand:', fallbackRequests.filter((path) => path.startsWith('/h264')).join(' '));
  await noCodecs.close();

  // Hosting (README "Hosting"): each serves and opens the app its own way.
  await testRelocatable(browser, readGenerated);
  await testCsp(browser, readGenerated);
  await testOffline(browser, readGenerated);
  await testSingleFile(browser, readGenerated);
  await testLoadProblems(browser);
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
