// The page under a strict Content-Security-Policy sent as an HTTP header
// (README "Content-Security-Policy"), with no 'unsafe-inline': it opens the
// sample and a dropped file with no violation and no console error.
import assert from 'node:assert/strict';
import { collectErrors, serveDist } from './harness.mjs';
import { openSampleAndDrop } from './opening.mjs';

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; " +
  "connect-src 'self'; style-src 'self'; img-src 'self' blob: data:";

/// Records the page's CSP violations in `window.violations`.
export function recordViolations() {
  window.violations = [];
  document.addEventListener('securitypolicyviolation', (event) =>
    window.violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`));
}

export async function testCsp(browser, readGenerated) {
  const server = await serveDist({}, { headers: { 'content-security-policy': STRICT_CSP } });
  const page = await browser.newPage();
  try {
    const errors = collectErrors(page);
    await page.addInitScript(recordViolations);
    await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load' });
    await page.waitForSelector('.app[data-indexer=ready]');
    const seen = await openSampleAndDrop(page, readGenerated);
    assert.deepEqual(await page.evaluate(() => window.violations), [], 'no CSP violation');
    assert.deepEqual(errors, [], 'no console errors');
    console.log(`strict CSP header (${STRICT_CSP}): ${seen}; 0 violations`);
  } finally {
    await page.close();
    server.close();
  }
}
