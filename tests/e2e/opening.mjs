// Opening files in a viewer, shared by the end-to-end tests.
import assert from 'node:assert/strict';
import { isRed, waitForPixel } from './pixels.mjs';

/// Drops `files` ([{ name, bytes }]) on the viewer `target` (the first by default), all at once.
export async function dropFiles(page, files, target = '.app') {
  await page.evaluate(({ files, target }) => {
    const transfer = new DataTransfer();
    for (const { name, bytes } of files) transfer.items.add(new File([new Uint8Array(bytes)], name));
    const viewer = document.querySelector(target);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      viewer.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, { files: files.map(({ name, bytes }) => ({ name, bytes: [...bytes] })), target });
}

/// Opens the built-in sample and waits for its first picture (camera 1, a
/// 352×288 JFIF card): the screen canvas at that size, not one colour.
export async function openSample(page) {
  await page.click('[data-testid=open-sample]');
  const colours = await page.waitForFunction(() => {
    const canvas = document.querySelector('[data-testid=screen]');
    if (canvas?.width !== 352 || canvas.height !== 288) return null;
    const data = canvas.getContext('2d').getImageData(0, 0, 352, 288).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size > 1 ? seen.size : null;
  });
  return colours.jsonValue();
}

/// What every way of serving the app must do, once loaded: open the sample
/// and a dropped file (the generated two-frames.adb, a red then a blue
/// JPEG) and show their pictures, with no network request. Says what it saw.
export async function openSampleAndDrop(page, readGenerated) {
  const requests = [];
  const record = (request) => requests.push(request.url());
  page.on('request', record);
  const colours = await openSample(page);
  await dropFiles(page, [{ name: 'two-frames.adb', bytes: await readGenerated('two-frames.adb') }]);
  await page.waitForFunction(() => document.querySelector('.summary h2')?.textContent.trim() === 'two-frames.adb');
  const red = await waitForPixel(page, isRed, 'red');
  page.off('request', record);
  assert.deepEqual(requests, [], 'no network request after load');
  return `sample's first picture (${colours} colours sampled), dropped two-frames.adb's red picture (${red}), no request`;
}
