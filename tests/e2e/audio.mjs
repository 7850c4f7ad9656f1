// Sound in the player, end to end: the sample's audio channel (16-bit PCM
// at 8 kHz, a 440 Hz tone in 200 ms units) played through the page's real
// Web Audio context. The page's AudioBufferSourceNode.start and stop are
// wrapped (then called as they are) so the test can read back each buffer
// as it is scheduled: its samples, its sample rate and its place on the
// audio clock. Called from run.mjs.
import assert from 'node:assert/strict';
import { collectErrors } from './harness.mjs';

const RATE = 8000;
const UNIT_SAMPLES = 1600;

/// Sample n of the sample file's tone, as the page's Web Audio float.
const tone = (n) => Math.trunc(Math.sin((n / RATE) * 440 * 2 * Math.PI) * 8000) / 32768;

/// How far `samples` are from a unit of the tone, in 16-bit steps. Every unit
/// holds the same samples: 200 ms of 440 Hz is a whole number of periods.
const toneError = (samples) => Math.max(...samples.map((s, i) => Math.abs(s - tone(i)))) * 32768;

/// Sign changes: 2 per period, 176 in 200 ms of 440 Hz.
const zeroCrossings = (samples) => samples.slice(1).filter((s, i) => (s < 0) !== (samples[i] < 0)).length;

function recordScheduledAudio() {
  const scheduled = [];
  window.scheduledAudio = scheduled;
  const start = AudioBufferSourceNode.prototype.start;
  AudioBufferSourceNode.prototype.start = function (when = 0, offset = 0, ...rest) {
    const { buffer } = this;
    scheduled.push({
      node: this, when, offset, sampleRate: buffer.sampleRate, length: buffer.length, duration: buffer.duration,
      samples: Array.from(buffer.getChannelData(0)), contextTime: this.context.currentTime, stoppedAt: null,
    });
    return start.call(this, when, offset, ...rest);
  };
  const stop = AudioScheduledSourceNode.prototype.stop;
  AudioScheduledSourceNode.prototype.stop = function (...args) {
    const entry = scheduled.find((e) => e.node === this);
    if (entry) entry.stoppedAt = this.context.currentTime;
    return stop.apply(this, args);
  };
}

/// What has been scheduled so far (without the nodes), and the audio clock now.
const scheduled = (page) => page.evaluate(() => ({
  entries: window.scheduledAudio.map(({ node, ...entry }) => entry),
  now: window.scheduledAudio[0]?.node.context.currentTime ?? 0,
}));

const label = (page) => page.textContent('[data-testid=audio-toggle]');
const playLabel = (page) => page.textContent('.transport .play');

const startOf = (e) => e.when - e.offset;
const endOf = (e) => startOf(e) + e.duration;

/// Buffers scheduled one after another: the recording's samples at its rate,
/// back to back, never more than a second ahead. The first is the first
/// unit: playing from the first frame (at play time 0), its unit (at 20 ms)
/// starts at most 20 ms after it is scheduled.
function checkRun(entries, what) {
  for (const [k, e] of entries.entries()) {
    assert.equal(e.sampleRate, RATE, `${what}: buffer ${k} at 8 kHz`);
    assert.equal(e.length, UNIT_SAMPLES, `${what}: buffer ${k} holds one 200 ms unit`);
    // One step covers Math.sin and Rust's sin differing in the last bit.
    const error = toneError(e.samples);
    assert.ok(error <= 1.5, `${what}: buffer ${k} holds the recording's samples (off by ${error} steps)`);
    assert.ok(e.when - e.contextTime < 1, `${what}: buffer ${k} scheduled ${(e.when - e.contextTime).toFixed(3)} s ahead, under 1 s`);
    if (k > 0) {
      const gap = startOf(e) - endOf(entries[k - 1]);
      assert.ok(Math.abs(gap) < 1e-6, `${what}: buffer ${k} starts where buffer ${k - 1} ends (${gap} s apart)`);
    }
  }
  const lead = startOf(entries[0]) - entries[0].contextTime;
  assert.ok(lead <= 0.0205 && entries[0].offset < 0.2, `${what}: the first unit first (it starts ${lead.toFixed(4)} s after it is scheduled)`);
}

export async function testAudio(browser, url, errors) {
  const page = await browser.newPage();
  collectErrors(page, errors);
  await page.addInitScript(recordScheduledAudio);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.app[data-indexer=ready]');
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));

  await page.click('[data-testid=open-sample]');
  await page.waitForFunction(() => document.querySelector('[data-testid=format]')?.textContent === 'par');
  await page.evaluate(() => document.activeElement?.blur());
  assert.equal(await label(page), '♪ Audio', 'sound on before play');
  assert.equal(await page.$('[data-testid=audio-channel]'), null, 'one audio channel: no channel list');

  // Play (space: the key press is the gesture that lets the context run), 1.2 s.
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.scheduledAudio.length >= 5, null, { timeout: 5000 });
  await page.waitForTimeout(300);
  const beforeSeek = await scheduled(page);
  assert.ok(beforeSeek.now > 0, 'the audio clock runs');
  checkRun(beforeSeek.entries, 'playing from the start');
  const crossings = zeroCrossings(beforeSeek.entries[0].samples);
  assert.ok(Math.abs(crossings - 176) <= 1, `440 Hz: ${crossings} zero crossings in 200 ms`);
  const ahead = Math.max(...beforeSeek.entries.map(endOf)) - beforeSeek.now;
  const worst = Math.max(...beforeSeek.entries.map((e) => toneError(e.samples)));
  console.log(`audio: ${beforeSeek.entries.length} buffers of 1600 samples at 8 kHz scheduled back to back,`,
    `samples the recording's tone (within ${worst} step of 16 bits; ${crossings} zero crossings in 200 ms),`,
    `${ahead.toFixed(2)} s scheduled ahead of the audio clock`);

  // Shift + ←: back to the first frame while playing. What was scheduled stops; the first unit plays again.
  // (The playing session may still schedule a buffer between the key and the seek taking effect: it is
  // stopped with the others. The new session's buffers are those not stopped.)
  const seekFrom = beforeSeek.entries.length;
  await page.keyboard.press('Shift+ArrowLeft');
  await page.waitForFunction((n) => window.scheduledAudio.slice(n).filter((e) => e.stoppedAt === null).length >= 2,
    seekFrom, { timeout: 5000 });
  const afterSeek = await scheduled(page);
  const played = afterSeek.entries.slice(seekFrom).filter((e) => e.stoppedAt === null);
  const stale = afterSeek.entries.slice(0, afterSeek.entries.indexOf(played[0]));
  const pending = stale.filter((e) => endOf(e) > played[0].contextTime + 0.01);
  assert.ok(pending.length > 0, 'some sound was still to come at the seek');
  assert.ok(pending.every((e) => e.stoppedAt !== null), 'the seek stops every buffer still to play');
  checkRun(played, 'after seeking back');

  // Pause: everything still to play is stopped, nothing new is scheduled.
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('.transport .play').textContent.includes('Play'));
  const atPause = await scheduled(page);
  await page.waitForTimeout(700);
  const afterPause = await scheduled(page);
  assert.equal(afterPause.entries.length, atPause.entries.length, 'nothing scheduled after pause');
  const cut = afterPause.entries.slice(seekFrom).filter((e) => endOf(e) > atPause.now + 0.01);
  assert.ok(cut.every((e) => e.stoppedAt !== null), 'pause stops every buffer still to play');
  console.log(`audio: seek back to the first frame: ${pending.length} buffers still to play stopped, the first unit again;`,
    `pause stopped ${cut.length} and scheduled nothing in 700 ms`);

  // 2×: muted, and the control says so.
  await page.selectOption('[data-testid=speed]', '4');
  assert.equal(await label(page), '♪ muted at 2×');
  await page.evaluate(() => document.activeElement?.blur());
  const atDouble = afterPause.entries.length;
  await page.keyboard.press('Space');
  await page.waitForTimeout(400);
  assert.equal((await scheduled(page)).entries.length, atDouble, 'nothing scheduled at 2×');
  if ((await playLabel(page)).includes('Pause')) await page.keyboard.press('Space');

  // Switched off: nothing at 1× either; on again, sound again.
  await page.selectOption('[data-testid=speed]', '3');
  await page.click('[data-testid=audio-toggle]');
  assert.equal(await label(page), '♪ Audio off');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Space');
  await page.waitForTimeout(400);
  assert.equal((await scheduled(page)).entries.length, atDouble, 'nothing scheduled with sound off');
  await page.click('[data-testid=audio-toggle]');
  assert.equal(await label(page), '♪ Audio');
  await page.waitForFunction((n) => window.scheduledAudio.length > n, atDouble, { timeout: 5000 });
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Space');
  console.log('audio: muted at 2× ("♪ muted at 2×"), nothing while off, on again while playing: sound again');

  assert.deepEqual(requests, [], 'no network request after load');
  await page.close();
}
