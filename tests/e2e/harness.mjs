// Serving dist/ (and where it is) and starting the machine's Chromium, shared by the
// end-to-end test and the screenshot script.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
// The single-file build's name: dist/ holds it beside the multi-file app.
import { SINGLE_FILE } from '../../scripts/post-build/single-file.mjs';

export const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
export { SINGLE_FILE };

/// Bytes, raw and gzipped, of the multi-file app (dist/ but the single file) and of the single file.
export async function distSizes() {
  const sizes = { app: { raw: 0, gzipped: 0 }, singleFile: { raw: 0, gzipped: 0 } };
  for (const name of await readdir(dist)) {
    const bytes = await readFile(join(dist, name));
    const size = name === SINGLE_FILE ? sizes.singleFile : sizes.app;
    size.raw += bytes.length;
    size.gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  return sizes;
}
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Without the networking flags Chromium keeps trying to reach the internet.
const chromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const contentTypes = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
};

/// Serves dist/ on a free port of 127.0.0.1 (a secure context, as WebCodecs needs),
/// and `extra` ({ '/path': Buffer, { file: PATH } or { type, body } }) for files the tests make
/// (read at each request: a test may change it). `base` is the sub-path dist/ is served at,
/// `headers` go with each of its files, `types` ({ '.wasm': TYPE }) replace the usual
/// content types; `port` asks for a given one (a server started again).
export function serveDist(extra = {}, { base = '/', headers = {}, types = {}, port = 0 } = {}) {
  const server = http.createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    const made = extra[path];
    if (made?.file) {
      const { size } = await stat(made.file);
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
      createReadStream(made.file).pipe(response);
      return;
    }
    if (made?.body) {
      response.writeHead(200, { 'content-type': made.type });
      response.end(made.body);
      return;
    }
    if (made) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(made);
      return;
    }
    if (!path.startsWith(base)) {
      response.writeHead(404).end();
      return;
    }
    const file = join(dist, path.endsWith('/') ? 'index.html' : path.slice(base.length));
    try {
      const body = await readFile(file);
      const type = types[extname(file)] ?? contentTypes[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { ...headers, 'content-type': type });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

export function launchChromium(extraFlags = []) {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumFlags, ...extraFlags] });
}

/// Collects the page's uncaught errors and console errors into `errors`.
export function collectErrors(page, errors = []) {
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  return errors;
}
