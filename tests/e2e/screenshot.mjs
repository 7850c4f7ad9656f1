// Screenshot of the viewer with a file open: node tests/e2e/screenshot.mjs FILE OUT.png
// (a headless `chromium --screenshot` cannot open a file, so this drives the
// file input like a user would).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { launchChromium, serveDist } from './harness.mjs';

const [file, out = 'docs/screenshot.png'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/e2e/screenshot.mjs FILE [OUT.png]');
  process.exit(2);
}
const server = await serveDist();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load' });
  await page.setInputFiles('[data-testid=file-input]', { name: basename(file), mimeType: 'application/octet-stream', buffer: await readFile(file) });
  await page.waitForSelector('[data-testid=overlay]');
  // Let the first frame decode and draw.
  await page.waitForTimeout(500);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.close();
}
