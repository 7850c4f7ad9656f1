// "Why won't it load": where the viewer cannot start, the page says why
// and what to do (www/start-check.js) instead of staying blank.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { dist, serveDist } from './harness.mjs';

/// The reason the page gives (data-reason) and what it says.
async function problemShown(page) {
  const box = await page.waitForSelector('.load-problem');
  return { reason: await box.getAttribute('data-reason'), text: (await box.innerText()).trim().replace(/\s*\n\s*/g, ' — ') };
}

export async function testLoadProblems(browser) {
  const page = await browser.newPage();
  const server = await serveDist();
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    // index.html opened from the disk: module scripts and fetching the .wasm are refused.
    await page.goto(pathToFileURL(`${dist}index.html`).href);
    const fromFile = await problemShown(page);
    assert.equal(fromFile.reason, 'file', fromFile.text);
    assert.match(fromFile.text, /netvu-viewer\.html/, 'it points to the single file');
    console.log('index.html from file:// says:', fromFile.text);

    // A host's CSP without 'wasm-unsafe-eval'.
    const noWasm = await serveDist({}, { headers: { 'content-security-policy': "default-src 'self'" } });
    await page.goto(`http://127.0.0.1:${noWasm.address().port}/`);
    const csp = await problemShown(page);
    noWasm.close();
    assert.equal(csp.reason, 'csp', csp.text);
    assert.match(csp.text, /'wasm-unsafe-eval'/);
    console.log('CSP without wasm-unsafe-eval says:', csp.text);

    // A server answering the .wasm with a page (a catch-all route): the
    // fallback to WebAssembly.instantiate has no wasm to compile.
    const wasm = (await readdir(dist)).find((name) => /^viewer-.*\.wasm$/.test(name));
    const catchAll = await serveDist({ [`/${wasm}`]: { type: 'text/html', body: await readFile(`${dist}index.html`) } });
    await page.goto(`http://127.0.0.1:${catchAll.address().port}/`);
    const notWasm = await problemShown(page);
    catchAll.close();
    assert.equal(notWasm.reason, 'wasm', notWasm.text);
    console.log('a page served as the .wasm says:', notWasm.text);

    // Served as it should be: no message.
    await page.goto(url);
    await page.waitForSelector('.app[data-indexer=ready]');
    assert.equal(await page.$('.load-problem'), null, 'no message when the viewer starts');
  } finally {
    await page.close();
    server.close();
  }
}
