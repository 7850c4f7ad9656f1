// Serving dist/ and starting the machine's Chromium, shared by the
// end-to-end test and the screenshot script.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Without the networking flags Chromium keeps trying to reach the internet.
const chromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const contentTypes = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
};

/// Serves dist/ on a free port of 127.0.0.1 (a secure context, as WebCodecs needs),
/// and `extra` ({ '/path': Buffer, { file: PATH } or { type, body } }) for files the tests make.
export function serveDist(extra = {}) {
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
    const file = join(dist, path.endsWith('/') ? 'index.html' : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export function launchChromium(extraFlags = []) {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumFlags, ...extraFlags] });
}
