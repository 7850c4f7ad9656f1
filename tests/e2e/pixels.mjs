// Reading pictures back from the page's canvases, shared by the end-to-end tests.
import assert from 'node:assert/strict';

/// Luma of the canvas at `selector` as 8×8 block means (BT.601 limited
/// range, the inverse of the decoder's conversion), once the canvas holds a
/// `width`×`height` picture, to compare with the block means of FFmpeg's
/// decode that netvu-mpeg4's tests keep (tests/data/*.means).
export async function lumaMeans(page, width, height, selector = '[data-testid=screen]') {
  const handle = await page.waitForFunction(({ width, height, selector }) => {
    const canvas = document.querySelector(selector);
    if (!canvas || canvas.width !== width || canvas.height !== height) return null;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const means = [];
    for (let by = 0; by < height; by += 8) {
      for (let bx = 0; bx < width; bx += 8) {
        let sum = 0, n = 0;
        for (let y = by; y < Math.min(by + 8, height); y++) {
          for (let x = bx; x < Math.min(bx + 8, width); x++) {
            const i = 4 * (y * width + x);
            sum += 16 + (65.481 * data[i] + 128.553 * data[i + 1] + 24.966 * data[i + 2]) / 255;
            n++;
          }
        }
        means.push(sum / n);
      }
    }
    return means;
  }, { width, height, selector });
  return handle.jsonValue();
}

/// How far `means` are from frame `k` of a .means reference: the mean and
/// the largest block difference of luma.
export function lumaDistance(means, reference, k, width, height) {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const chroma = Math.ceil(width / 16) * Math.ceil(height / 16);
  const start = k * (blocks + 2 * chroma);
  const ref = reference.subarray(start, start + blocks);
  const diffs = means.map((m, at) => Math.abs(m - ref[at]));
  return { mean: diffs.reduce((a, b) => a + b, 0) / diffs.length, max: Math.max(...diffs) };
}

/// Waits (up to 2.5 s) until the canvas at `selector` shows frame `k` of
/// `reference` (luma block means within decoding differences); the distance.
export async function waitForFrame(page, reference, k, width, height, selector = '[data-testid=screen]') {
  let d;
  for (let tries = 0; tries < 50; tries++) {
    d = lumaDistance(await lumaMeans(page, width, height, selector), reference, k, width, height);
    if (d.mean < 3 && d.max < 14) return d;
    await page.waitForTimeout(50);
  }
  return d;
}

/// The RGB of the screen canvas's centre pixel, once the canvas holds the
/// frame's own size (tiles and the empty canvas are bigger).
export async function centrePixel(page, width, height) {
  const handle = await page.waitForFunction(({ width, height }) => {
    const canvas = document.querySelector('[data-testid=screen]');
    if (canvas.width !== width || canvas.height !== height) return null;
    const [r, g, b] = canvas.getContext('2d').getImageData(width / 2, height / 2, 1, 1).data;
    return [r, g, b];
  }, { width, height });
  return handle.jsonValue();
}

export async function waitForPixel(page, predicate, what, width = 64, height = 48) {
  const deadline = Date.now() + 5000;
  let last;
  while (Date.now() < deadline) {
    last = await centrePixel(page, width, height);
    if (predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  assert.fail(`centre pixel should be ${what}, is ${last}`);
}

export const isRed = ([r, g, b]) => r > 200 && g < 60 && b < 60;
export const isWhite = ([r, g, b]) => r > 200 && g > 200 && b > 200;
export const isBlue = ([r, g, b]) => b > 200 && r < 60 && g < 60;
export const isGreen = ([r, g, b]) => g > 200 && r < 60 && b < 60;
