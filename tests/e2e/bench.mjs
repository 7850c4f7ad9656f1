// Browser benchmark of the built viewer (dist/): node tests/e2e/bench.mjs FILE...
// (scripts/bench-web.sh makes the files and builds). For each file: indexing
// speed against a plain Blob.slice + arrayBuffer read of the same file in the
// same page, drop → first picture, JS heap and wasm memory after indexing;
// then a 4×4 grid of 16 cameras at 25 pictures/s for 10 s; then, if
// BENCH_MPEG4 names an MPEG-4 elementary stream (.m4v), how many frames a
// second the page's MPEG-4 decoding worker decodes; then the gzipped sizes
// of dist/ and of its single-file build. Prints figures; asserts nothing.
import { basename } from 'node:path';
import { distSizes, launchChromium, serveDist, SINGLE_FILE } from './harness.mjs';

const files = process.argv.slice(2);
const served = {};
files.forEach((file, at) => { served[`/bench/${at}`] = { file }; });
const mpeg4 = process.env.BENCH_MPEG4;
if (mpeg4) {
  served['/bench/mpeg4'] = { file: mpeg4 };
  served['/bench/mpeg4-units'] = { file: `${mpeg4}.units.json` };
}
const server = await serveDist(served);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
const MiB = 1024 * 1024;

/// A page of the viewer with its main wasm memory and canvas draws observable.
async function viewerPage() {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (event) => { window.__wasm = event.detail.wasm; });
    window.__tileDraws = 0;
    const drawImage = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (...args) {
      if (this.canvas.dataset?.testid === 'tile-canvas') window.__tileDraws += 1;
      return drawImage.apply(this, args);
    };
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.app[data-indexer=ready]');
  return page;
}

try {
  for (const [at, file] of files.entries()) {
    const page = await viewerPage();
    const result = await page.evaluate(async ({ path, name }) => {
      const blob = await (await fetch(path)).blob();
      const file = new File([blob], name);
      const block = 4 * 1024 * 1024;
      // Plain read, twice (the first may warm the browser's blob store).
      let plainMs = Infinity;
      for (let round = 0; round < 2; round++) {
        const start = performance.now();
        for (let offset = 0; offset < file.size; offset += block) await file.slice(offset, offset + block).arrayBuffer();
        plainMs = Math.min(plainMs, performance.now() - start);
      }
      const transfer = new DataTransfer();
      transfer.items.add(file);
      const target = document.querySelector('.app');
      const dropped = performance.now();
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
      return new Promise((resolve) => {
        let firstMs = null;
        const check = () => {
          const canvas = document.querySelector('[data-testid=screen]');
          if (firstMs === null && canvas) {
            const pixel = canvas.getContext('2d').getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data;
            if (pixel[3] > 0) firstMs = performance.now() - dropped;
          }
          const frames = document.querySelector('[data-testid=frame-count]');
          if (frames && firstMs !== null) {
            resolve({ size: file.size, plainMs, firstMs, indexMs: performance.now() - dropped, frames: Number(frames.textContent) });
          } else {
            requestAnimationFrame(check);
          }
        };
        check();
      });
    }, { path: `/bench/${at}`, name: basename(file) });
    const memory = await page.evaluate(async () => {
      window.gc?.();
      await new Promise((r) => setTimeout(r, 200));
      return { heap: performance.memory.usedJSHeapSize, wasm: window.__wasm?.memory?.buffer.byteLength ?? 0 };
    });
    const mbps = (ms) => (result.size / MiB / (ms / 1000)).toFixed(0);
    const budget = result.frames * 64 + 64 * MiB;
    console.log(`${basename(file)}: ${(result.size / MiB).toFixed(0)} MiB, ${result.frames} frames`);
    console.log(`  indexing ${result.indexMs.toFixed(0)} ms (${mbps(result.indexMs)} MiB/s) vs plain read ${result.plainMs.toFixed(0)} ms (${mbps(result.plainMs)} MiB/s): ratio ${(result.plainMs / result.indexMs).toFixed(2)} (target ≥ 0.5)`);
    console.log(`  drop → first picture ${result.firstMs.toFixed(0)} ms (target ≤ 300)`);
    console.log(`  after indexing: JS heap ${(memory.heap / MiB).toFixed(1)} MiB + page wasm memory ${(memory.wasm / MiB).toFixed(1)} MiB = ${((memory.heap + memory.wasm) / MiB).toFixed(1)} MiB; budget 64 B/frame + 64 MiB = ${(budget / MiB).toFixed(1)} MiB (the worker's memory is not visible from the page)`);
    await page.close();
  }

  // 4×4: 16 JPEG cameras at 25 pictures/s, 12 s recorded, played 10 s.
  const page = await viewerPage();
  const made = await page.evaluate(async () => {
    const cameras = 16, rate = 25, seconds = 12, variants = 4, t0 = Date.UTC(2026, 10, 25, 10, 0, 0);
    const jpegs = [];
    for (let c = 0; c < cameras; c++) {
      jpegs.push([]);
      for (let v = 0; v < variants; v++) {
        const canvas = document.createElement('canvas');
        canvas.width = 352; canvas.height = 288;
        const g = canvas.getContext('2d');
        g.fillStyle = `hsl(${c * 22}, 60%, 40%)`; g.fillRect(0, 0, 352, 288);
        g.fillStyle = '#fff'; g.font = 'bold 40px sans-serif'; g.fillText(`CAM ${c + 1}`, 20, 60);
        g.fillStyle = '#f5c542'; g.fillRect(40 + v * 60, 200, 50, 50);
        const data = atob(canvas.toDataURL('image/jpeg', 0.8).split(',')[1]);
        jpegs[c].push(Uint8Array.from(data, (ch) => ch.charCodeAt(0)));
      }
    }
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    const parts = [];
    let bytes = 0;
    for (let k = 0; k < rate * seconds; k++) {
      for (let c = 0; c < cameras; c++) {
        const d = new Date(t0 + k * (1000 / rate) + c);
        const text = new TextEncoder().encode(`Version: 00.02\r\nNumber: ${c + 1}\r\nName: Camera ${c + 1}\r\n` +
          `Date: ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}\r\n` +
          `Time: ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}\r\nMSec: ${d.getUTCMilliseconds()}\r\nUTCoffset: 0\r\n`);
        const jpeg = jpegs[c][k % variants];
        const head = new Uint8Array(6 + 4);
        const size = 2 + 4 + text.length + jpeg.length - 2;
        head[0] = 1; head[1] = c;
        new DataView(head.buffer).setUint32(2, size);
        head.set([0xff, 0xd8, 0xff, 0xfe], 6);
        const len = new Uint8Array([(text.length + 2) >> 8, (text.length + 2) & 255]);
        parts.push(head, len, text, jpeg.subarray(2));
        bytes += 6 + size;
      }
    }
    const transfer = new DataTransfer();
    transfer.items.add(new File(parts, 'grid16.adb'));
    const target = document.querySelector('.app');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
    return { bytes, frames: cameras * rate * seconds };
  });
  await page.waitForSelector('[data-testid=frame-count]', { timeout: 120_000 });
  await page.keyboard.press('4');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=tile]').length === 16);
  // Past every camera's first frame: before it, a tile shows its camera's
  // first picture early, and that picture would count as due again.
  for (let k = 0; k < 16; k++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(1000);
  const grid = await page.evaluate(async () => {
    // The cameras' frames interleave, so the frames the play position passes
    // are the pictures that fell due while playing.
    const position = () => Number(document.querySelector('[data-testid=frame-counter]').textContent.split('/')[0]);
    const start = position();
    window.__tileDraws = 0;
    window.__longest = 0;
    document.querySelector('.play').click();
    await new Promise((r) => setTimeout(r, 10_000));
    document.querySelector('.play').click();
    const shown = window.__tileDraws;
    // A picture due just before the pause may still be on its way.
    await new Promise((r) => setTimeout(r, 200));
    return { shown, late: window.__tileDraws - shown, due: position() - start, longest: window.__longest };
  });
  const due = grid.due;
  console.log(`4×4 grid, 16 JPEG cameras × 25 pictures/s (${made.frames} frames, ${(made.bytes / MiB).toFixed(0)} MiB), 10 s played:`);
  console.log(`  pictures shown ${grid.shown} of ${due} due (${(100 * grid.shown / due).toFixed(1)} %; ${grid.late} more drawn after the pause); longest main-thread task ${grid.longest ? grid.longest.toFixed(0) + ' ms' : 'none ≥ 50 ms'}`);
  await page.close();

  if (mpeg4) {
    // The decoding worker's own files (mpeg4-decoder-loader.js, src/bin/mpeg4_decoder.rs),
    // started by the page as the viewer starts it, driven with its messages
    // (core::protocol: { header: JSON envelope, data }).
    const page = await viewerPage();
    const r = await page.evaluate(async () => {
      const stream = new Uint8Array(await (await fetch('/bench/mpeg4')).arrayBuffer());
      // The VOPs, where the library's splitter found them (netvu example access_units).
      const units = await (await fetch('/bench/mpeg4-units')).json();
      const frames = units.map(([start, end]) => stream.slice(start, end));
      const worker = new Worker('./mpeg4-decoder-loader.js');
      const waiting = new Map();
      let next = 0;
      worker.onmessage = (event) => {
        // An answer is { picture: { request, width, … } }, { failed: … }, …
        const [[kind, body]] = Object.entries(JSON.parse(event.data.header).message);
        const answer = { kind, ...body };
        waiting.get(answer.request)?.(answer);
        waiting.delete(answer.request);
      };
      const decode = (reset, units) => new Promise((resolve) => {
        next += 1;
        waiting.set(next, resolve);
        const header = JSON.stringify({ version: 1, message: { decode: { request: next, decoder: 0, reset } } });
        worker.postMessage({ header, data: units });
      });
      // Warm-up: the worker's wasm loaded, one picture decoded.
      const first = await decode(true, [frames[0]]);
      if (first.kind !== 'picture') throw new Error(`the worker answered ${JSON.stringify(first)}`);
      // All frames in one message: decoding only (the last picture alone is converted to RGBA and sent back).
      let batchMs = Infinity, last;
      for (let round = 0; round < 3; round++) {
        const start = performance.now();
        last = await decode(true, frames);
        batchMs = Math.min(batchMs, performance.now() - start);
      }
      // One message per frame, as the viewer plays: each picture converted to RGBA and transferred back.
      let stepMs = Infinity, pictures = 0;
      for (let round = 0; round < 2; round++) {
        const start = performance.now();
        pictures = 0;
        for (const [k, frame] of frames.entries()) pictures += (await decode(k === 0, [frame])).kind === 'picture';
        stepMs = Math.min(stepMs, performance.now() - start);
      }
      worker.terminate();
      return { frames: frames.length, bytes: stream.length, batchMs, stepMs, width: last.width, height: last.height, kind: last.kind, pictures };
    });
    const fps = (ms) => (r.frames / (ms / 1000)).toFixed(0);
    console.log(`MPEG-4 decoding worker, ${r.width}×${r.height}, ${r.frames} frames (${(r.bytes / MiB).toFixed(1)} MiB), ${r.pictures} pictures back one by one, last answer of the batch: ${r.kind}:`);
    console.log(`  all frames in one message: ${r.batchMs.toFixed(0)} ms, ${fps(r.batchMs)} frames/s (decoding; the page → worker copy of the stream included)`);
    console.log(`  one message per frame: ${r.stepMs.toFixed(0)} ms, ${fps(r.stepMs)} frames/s (decoding + RGBA conversion + transfer back of every picture)`);
    await page.close();
  }

  const { app, singleFile } = await distSizes();
  const mb = (bytes) => (bytes / 1e6).toFixed(2);
  console.log(`dist/ (the multi-file app): ${mb(app.raw)} MB, gzipped ${mb(app.gzipped)} MB (target ≤ 1.5 MB)`);
  console.log(`dist/${SINGLE_FILE}: ${mb(singleFile.raw)} MB, gzipped ${mb(singleFile.gzipped)} MB (target ≤ 2 MB)`);
} finally {
  await browser.close();
  server.close();
}
