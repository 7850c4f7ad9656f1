// Embedding: a viewer in an iframe with the address's options (minimal
// player, layout, start time), driven by a page of another origin through
// postMessage (core::embed::protocol): handshake, open a file the page
// hands over, seek, layout, play and pause, lifecycle events with the
// file's SHA-256; a page of an origin not allowed is refused; messages of
// other tools are ignored. Then deep links: a right hash opens and seeks,
// a wrong one says so and opens nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';

/// A host page holding an iframe of `src(itsOrigin)`, served on a port of
/// its own (another origin than the viewer's); its origin.
async function hostPage(src) {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><meta charset="utf-8"><title>host</title>
      <iframe id="viewer" src="${src(origin())}" width="800" height="500"></iframe>`);
  });
  const origin = () => `http://127.0.0.1:${server.address().port}`;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: origin() };
}

/// In the host page: a `netvu` object to talk to the iframe's viewer.
function installClient() {
  window.netvuMessages = [];
  window.addEventListener('message', (event) => {
    if (event.data?.netvuViewer) window.netvuMessages.push(event.data);
  });
  let next = 0;
  const frame = () => document.getElementById('viewer').contentWindow;
  window.netvuSend = (request, data, transfer = []) => {
    next += 1;
    frame().postMessage({ netvu: 1, id: next, ...request, ...(data ? { data } : {}) }, '*', transfer);
    return next;
  };
  window.netvuReply = (id) => window.netvuMessages.find((m) => m.replyTo === id);
  // The handshake: ping until the viewer answers.
  window.netvuConnect = () => new Promise((resolve, reject) => {
    let tries = 0;
    const ping = () => {
      const id = window.netvuSend({ type: 'ping' });
      setTimeout(() => {
        if (window.netvuReply(id)) resolve(window.netvuReply(id));
        else if (++tries < 100) ping();
        else reject(new Error('the viewer never answered ping'));
      }, 100);
    };
    ping();
  });
}

/// Sends `request` and waits for its answer.
const ask = (page, request) => page.evaluate(async (request) => {
  const id = window.netvuSend(request);
  for (let tries = 0; tries < 100 && !window.netvuReply(id); tries++) await new Promise((r) => setTimeout(r, 50));
  return window.netvuReply(id);
}, request);

const events = (page, type) => page.evaluate((type) => window.netvuMessages.filter((m) => m.type === type), type);

export async function testEmbedding(browser, url, files) {
  const port = new URL(url).port;
  // The viewer from "localhost", the host pages from 127.0.0.1 on other ports: other origins.
  const viewerOrigin = `http://localhost:${port}`;
  const twoFrames = await files.read('two-frames.adb');
  const sha256 = createHash('sha256').update(twoFrames).digest('hex');

  // An allowed host page drives the viewer.
  const host = await hostPage((origin) => `${viewerOrigin}/?embed=1&allow=${origin}`);
  const page = await browser.newPage();
  await page.goto(`${host.origin}/`);
  await page.evaluate(installClient);
  const pong = await page.evaluate(() => window.netvuConnect());
  assert.equal(pong.type, 'pong');
  const viewer = page.frame({ url: /localhost/ });
  assert.equal(await viewer.locator('.topbar').count(), 0, 'a minimal player: no top bar');
  // Another tool's message is not answered.
  await page.evaluate(() => document.getElementById('viewer').contentWindow.postMessage({ tool: 'other', id: 99 }, '*'));
  const opened = await page.evaluate((bytes) => {
    const buffer = new Uint8Array(bytes).buffer;
    return window.netvuSend({ type: 'open', name: 'two-frames.adb' }, buffer, [buffer]);
  }, [...twoFrames]);
  await page.waitForFunction(() => window.netvuMessages.some((m) => m.type === 'indexed'));
  assert.equal((await page.evaluate((id) => window.netvuReply(id), opened)).type, 'ok');
  const [openedEvent] = await events(page, 'opened');
  assert.deepEqual(openedEvent, { netvuViewer: 1, type: 'opened', name: 'two-frames.adb', size: twoFrames.length, sha256 });
  const [indexed] = await events(page, 'indexed');
  assert.deepEqual([indexed.frames, indexed.cameras], [2, [1]]);
  await page.waitForFunction(() => window.netvuMessages.some((m) => m.type === 'frame'));
  assert.equal(await viewer.locator('[data-testid=summary]').count(), 0, 'no side panels');
  // Seek to the second frame's time (10:00:01 UTC).
  const seek = await ask(page, { type: 'seek', time: '2026-11-25T10:00:01Z' });
  assert.equal(seek.type, 'ok');
  await page.waitForFunction(() => window.netvuMessages.some((m) => m.type === 'frame' && m.index === 1));
  await viewer.waitForFunction(() => document.querySelector('[data-testid=frame-counter]').textContent.trim() === '2 / 2');
  assert.equal((await ask(page, { type: 'layout', layout: '2x2' })).type, 'ok');
  await viewer.waitForSelector('[data-testid=grid]');
  assert.equal((await ask(page, { type: 'play' })).type, 'ok');
  assert.equal((await ask(page, { type: 'pause' })).type, 'ok');
  const bad = await ask(page, { type: 'layout', layout: '7x7' });
  assert.deepEqual([bad.type, bad.code], ['error', 'bad_request']);
  assert.equal(await page.evaluate(() => window.netvuMessages.some((m) => m.replyTo === 99)), false, 'another tool\'s message is ignored');
  const frames = await events(page, 'frame');
  console.log(`iframe driven by postMessage: pong, opened (SHA-256 ${sha256.slice(0, 12)}…), indexed 2 frames, ${frames.length} frame events, seek → frame 2, layout 2×2, play, pause; a bad layout refused; another tool's message ignored`);
  await page.close();

  // A host page of an origin not allowed: refused.
  const stranger = await hostPage(() => `${viewerOrigin}/?embed=1&allow=http://127.0.0.1:1`);
  const strangerPage = await browser.newPage();
  await strangerPage.goto(`${stranger.origin}/`);
  await strangerPage.evaluate(installClient);
  const refused = await strangerPage.evaluate(() => window.netvuConnect());
  assert.deepEqual([refused.type, refused.code], ['error', 'not_allowed']);
  console.log('a page of an origin not allowed: refused (not_allowed)');
  await strangerPage.close();
  host.server.close();
  stranger.server.close();

  // The address's options: layout and start time.
  const options = await browser.newPage();
  await options.goto(`${url}?embed=1&src=/generated/two-frames.adb&layout=2x2&t=2026-11-25T10:00:01Z`);
  await options.waitForSelector('[data-testid=grid]');
  await options.waitForFunction(() => document.querySelector('[data-testid=frame-counter]')?.textContent.trim() === '2 / 2');
  console.log('?embed=1&layout=2x2&t=…: a 2×2 grid at the second frame');
  await options.close();

  // Deep links: the file is opened only if its SHA-256 is the link's.
  const right = await browser.newPage();
  await right.goto(`${url}?src=/generated/two-frames.adb#sha256=${sha256}&t=2026-11-25T10:00:01Z`);
  await right.waitForFunction(() => document.querySelector('[data-testid=frame-counter]')?.textContent.trim() === '2 / 2');
  await right.close();
  const wrong = await browser.newPage();
  await wrong.goto(`${url}?src=/generated/two-frames.adb#sha256=${'0'.repeat(64)}`);
  await wrong.waitForSelector('[role=alert]');
  const refusal = await wrong.textContent('[role=alert]');
  assert.match(refusal, new RegExp(`this link is for the file whose SHA-256 is ${'0'.repeat(64)}; two-frames.adb has SHA-256 ${sha256}`));
  assert.equal(await wrong.$('[data-testid=screen]'), null, 'nothing shown of another file');
  console.log('deep link: the right SHA-256 opens at its time; a wrong one is refused and said');
  await wrong.close();
}
