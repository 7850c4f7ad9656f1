// dist/ from a sub-path of a server that sends .wasm as
// application/octet-stream: every URL is relative, and wasm-bindgen's
// loader falls back from WebAssembly.instantiateStreaming (which wants
// application/wasm) to WebAssembly.instantiate on the bytes.
import assert from 'node:assert/strict';
import { serveDist } from './harness.mjs';
import { openSampleAndDrop } from './opening.mjs';

const BASE = '/some/sub/path/';

export async function testRelocatable(browser, readGenerated) {
  const server = await serveDist({}, { base: BASE, types: { '.wasm': 'application/octet-stream' } });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const page = await browser.newPage();
  try {
    const errors = [];
    const warnings = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
      if (message.type() === 'warning') warnings.push(message.text());
    });
    const requests = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${origin}${BASE}`, { waitUntil: 'load' });
    await page.waitForSelector('.app[data-indexer=ready]');
    const seen = await openSampleAndDrop(page, readGenerated);

    const outside = requests.filter((url) => !url.startsWith(`${origin}${BASE}`));
    assert.deepEqual(outside, [], 'every request stays under the sub-path');
    assert.ok(warnings.some((w) => w.includes('Falling back to `WebAssembly.instantiate`')),
      'the .wasm came as application/octet-stream: the loader fell back');
    assert.deepEqual(errors, [], 'no page errors');
    console.log(`dist/ at ${BASE}, .wasm as application/octet-stream (loader fell back to WebAssembly.instantiate): ${seen}`);
  } finally {
    await page.close();
    server.close();
  }
}
