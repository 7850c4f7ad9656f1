// Screenshot of the viewer with a file open: node tests/e2e/screenshot.mjs FILE|--sample OUT.png
// (a headless `chromium --screenshot` cannot open a file, so this drives the
// file input, or the "Open sample" button, like a user would).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { launchChromium, serveDist } from './harness.mjs';

// KEYS (optional): keys pressed once the file is open, e.g. 2 for the 2×2 layout.
const [file, out = 'docs/screenshot.png', keys = ''] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/e2e/screenshot.mjs FILE|--sample [OUT.png [KEYS]]');
  process.exit(2);
}
const server = await serveDist();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load' });
  await page.waitForSelector('.app[data-indexer=ready]');
  if (file === '--sample') {
    await page.click('[data-testid=open-sample]');
  } else {
    await page.setInputFiles('[data-testid=file-input]', { name: basename(file), mimeType: 'application/octet-stream', buffer: await readFile(file) });
  }
  await page.waitForSelector('[data-testid=summary]');
  await page.waitForSelector('[data-testid=overlay]');
  for (const key of keys) await page.keyboard.press(key);
  // Let the first frame decode and draw.
  await page.waitForTimeout(500);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.close();
}
