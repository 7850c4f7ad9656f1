// The parser's JS API (dist/netvu-parser.js, crates/netvu-parser) from a
// plain page with no viewer: every function on the generated files, real
// values checked, a JPEG decoded by the page; then the TypeScript types
// (dist/netvu-parser.d.ts) checked against what the functions returned,
// and dist/'s size. Called from run.mjs.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const testPage = new URL('parser-api.html', import.meta.url);

/// The functions' results on the small generated files, each as the source
/// of a TypeScript expression (typed arrays as empty ones of their type),
/// named by the type it must have.
function resultsAsTypeScript(inPage) {
  return inPage(async ({ probe, index, settings, frame }, bytes) => {
    const typed = (value) => {
      if (value instanceof Uint8Array) return 'new Uint8Array(0)';
      if (value instanceof Int16Array) return 'new Int16Array(0)';
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      if (Array.isArray(value)) return `[${value.map(typed).join(', ')}]`;
      return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${typed(v)}`).join(', ')} }`;
    };
    const results = [];
    const names = ['two-frames.adb', 'all-types.adb', 'crc.par', 'parity.par', 'unit-settings.par', 'bmp.mime', 'h264.adb', 'mpeg4.adb'];
    for (const name of names) {
      const file = await bytes(name);
      results.push(['Probe', typed(probe(file))]);
      const found = await index(file);
      results.push(['FileIndex', typed(found)]);
      results.push(['Settings | null', typed(settings(file))]);
      found.frames.forEach((_, n) => results.push(['Frame', typed(frame(file, n))]));
    }
    return results;
  });
}

/// TypeScript's diagnostics for `results` assigned to constants of their
/// types from dist/netvu-parser.d.ts, and for calls with the argument types
/// the README gives: none if the types say exactly what the functions return
/// (an object literal with a field the type lacks is an error too).
async function typeErrors(results) {
  const dir = await mkdtemp(join(tmpdir(), 'netvu-parser-types-'));
  try {
    await copyFile(join(dist, 'netvu-parser.d.ts'), join(dir, 'netvu-parser.d.ts'));
    const source = [
      `import init, { probe, index, settings, frame } from './netvu-parser.js';`,
      `import type * as P from './netvu-parser.js';`,
      `declare const bytes: Uint8Array; declare const file: File;`,
      `export const calls: [Promise<unknown>, P.Probe, Promise<P.FileIndex>, Promise<P.FileIndex>, P.Settings | null, P.Frame] =`,
      `  [init(), probe(bytes), index(bytes), index(file), settings(bytes), frame(bytes, 0)];`,
      ...results.map(([type, value], i) => `export const result${i}: ${type.replace(/\b([A-Z]\w*)\b/g, 'P.$1')} = ${value};`),
    ].join('\n');
    await writeFile(join(dir, 'check.ts'), source);
    const program = ts.createProgram([join(dir, 'check.ts')], {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.replace(dir, '')}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
  } finally {
    await rm(dir, { recursive: true });
  }
}

/// The gzipped bytes of each file of the multi-file dist/ (the single-file
/// build, netvu-viewer.html, is another budget), by name.
async function gzippedDist() {
  const names = (await readdir(dist)).filter((name) => name !== 'netvu-viewer.html');
  const sizes = await Promise.all(names.map(async (name) => gzipSync(await readFile(join(dist, name)), { level: 9 }).length));
  return Object.fromEntries(names.map((name, i) => [name, sizes[i]]));
}

export async function testParserApi(browser, url, served, errors, manifest) {
  served['/parser-api.html'] = { type: 'text/html', body: await readFile(testPage) };
  const tab = await browser.newPage();
  tab.on('pageerror', (error) => errors.push(error.message));
  tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await tab.goto(`${url}parser-api.html`, { waitUntil: 'load' });
  await tab.waitForSelector('body[data-ready=yes]', { state: 'attached' });
  /// Runs `body(parser, bytes, blob)` in the page, where `bytes(name)` and
  /// `blob(name)` fetch a generated file; its result.
  const inPage = (body) => tab.evaluate(async (body) => {
    const fetched = (name) => fetch(`/generated/${name}`);
    const bytes = async (name) => new Uint8Array(await (await fetched(name)).arrayBuffer());
    const blob = async (name) => (await fetched(name)).blob();
    return new Function('parser', 'bytes', 'blob', `return (${body})(parser, bytes, blob);`)(window.parser, bytes, blob);
  }, body.toString());

  // probe: a NetVu stream, and a Parchive parity file named like a PAR export.
  const probes = await inPage(async ({ probe }, bytes) => [probe(await bytes('two-frames.adb')), probe(await bytes('parity.par'))]);
  assert.deepEqual(probes[0], { format: 'adbinary', notNetvu: null });
  assert.equal(probes[1].format, 'not_netvu');
  assert.equal(probes[1].notNetvu.kind, 'parchive');
  assert.match(probes[1].notNetvu.message, /^a Parchive parity file, not a Dedicated Micros recording/);

  // index: the same from bytes and from a File read in blocks.
  const twoFrames = await inPage(async ({ index }, bytes, blob) => {
    const fromBytes = await index(await bytes('two-frames.adb'));
    const fromFile = await index(new File([await blob('two-frames.adb')], 'two-frames.adb'));
    return { fromBytes, same: JSON.stringify(fromBytes) === JSON.stringify(fromFile) };
  });
  assert.ok(twoFrames.same, 'a File indexes as its bytes do');
  const { fromBytes: two } = twoFrames;
  assert.equal(two.format, 'adbinary');
  assert.equal(two.frames.length, manifest['two-frames.adb'].frames);
  assert.deepEqual(two.cameras.map((c) => [c.camera, c.title, c.codec, c.width, c.height, c.frames]),
    [[1, 'Front door', 'jfif', 64, 48, 2]]);
  // 10:00:00 and 10:00:01 UTC on 25/11/2026, as the pictures' comments say.
  assert.deepEqual(two.frames.map((f) => f.timestampMs), [Date.UTC(2026, 10, 25, 10, 0, 0), Date.UTC(2026, 10, 25, 10, 0, 1)]);
  assert.deepEqual(two.frames.map((f) => [f.media, f.codec, f.camera, f.key, f.truncated]),
    [['video', 'jfif', 1, true, false], ['video', 'jfif', 1, true, false]]);
  assert.deepEqual([two.problems, two.settings, two.parHeader, two.notNetvu], [[], null, null, null]);
  console.log('parser API: index(two-frames.adb) from bytes and from a File:', two.frames.length, 'frames of camera 1 "Front door"');

  // A damaged PAR chunk: its CRC is checked, from bytes and from a File;
  // its frame is left out and the mismatch reported over its bytes.
  const crc = await inPage(async ({ index }, bytes, blob) =>
    Promise.all([index(await bytes('crc.par')), index(await blob('crc.par'))]));
  for (const found of crc) {
    assert.equal(found.format, 'par');
    assert.equal(found.frames.length, manifest['crc.par'].frames - 1);
    const mismatch = found.problems.find((p) => p.code === 'crc_mismatch');
    assert.equal(mismatch?.offset, manifest['crc.par'].damaged_chunk_offset, JSON.stringify(found.problems));
    assert.ok(mismatch.length > 0);
    assert.equal(found.parHeader.version, 1);
  }

  // Another kind of file: said so, nothing read.
  const parity = await inPage(async ({ index }, bytes) => index(await bytes('parity.par')));
  assert.equal(parity.format, 'not_netvu');
  assert.equal(parity.notNetvu.kind, 'parchive');
  assert.deepEqual([parity.frames, parity.problems.map((p) => p.code)], [[], ['not_netvu']]);

  // The 50 MB file from a File, read in blocks.
  const big = await inPage(async ({ index }, _bytes, blob) => {
    const file = new File([await blob('big.adb')], 'big.adb');
    const started = performance.now();
    const found = await index(file);
    return { ms: performance.now() - started, frames: found.frames.length, cameras: found.cameras, size: file.size };
  });
  assert.equal(big.frames, manifest['big.adb'].frames);
  assert.equal(big.cameras[0].frames, manifest['big.adb'].frames);
  console.log(`parser API: index(File of ${(big.size / 1e6).toFixed(0)} MB) in ${big.ms.toFixed(0)} ms, ${big.frames} frames`);

  // settings: a unit's settings, typed, secrets emptied; none in a stream.
  const unit = await inPage(async ({ index, settings }, bytes) => {
    const file = await bytes('unit-settings.par');
    return [settings(file), settings(await bytes('site.par')), settings(await bytes('two-frames.adb')), await index(file)];
  });
  const [full, site, none, indexed] = unit;
  assert.deepEqual(indexed.settings, full, 'index() gives the same settings');
  // 2026-11-25 09:46:40.500 UTC, the PAR's creation time and half a second.
  assert.deepEqual(indexed.events, [
    { offset: indexed.events[0].offset, timestampMs: Date.UTC(2026, 10, 25, 9, 46, 40, 500), camera: 1, kind: 'alarm', text: 'Quay door forced' },
  ]);
  assert.equal(site.typed.cameras[0].title, 'Lobby Camera');
  assert.equal(none, null);
  const { typed } = full;
  assert.equal(typed.unit.name, 'Harbour DVR');
  assert.deepEqual(typed.network.ip, { raw: '192.0.2.20', value: '192.0.2.20' });
  assert.deepEqual(typed.network.httpPort, { raw: '8080', value: 8080 });
  assert.deepEqual([typed.cameras[0].title, typed.cameras[0].recordRate.value, typed.cameras[0].recordDuration.value],
    ['Quay Gate', 12.5, 31 * 86400]);
  assert.deepEqual(typed.cameras[0].recordNight, { raw: 'maybe', value: null }, 'a value that does not read keeps its text');
  assert.deepEqual(full.warnings.map((w) => [w.section, w.key]), [['Camera 1', 'record_night']]);
  assert.deepEqual(typed.schedule.dayStart.value, { hour: 7, minute: 0 });
  assert.deepEqual(typed.vmd[0].zones.value, [0x0ff0, 0x8001]);
  assert.deepEqual(typed.alarms[0].cameras.value, [1, 2, 3]);
  assert.deepEqual(typed.firewall.openTcpPorts.value, [{ first: 80, last: 80 }, { first: 8000, last: 8010 }]);
  assert.deepEqual(typed.unknownSections, ['Vendor Extras']);
  const secrets = ['ftp-secret', 'user-secret', 'installer-secret', 'playback-secret', 'vendor-secret'];
  const shown = JSON.stringify(full);
  for (const secret of secrets) assert.ok(!shown.includes(secret), `${secret} is masked`);
  assert.deepEqual(typed.ftp.password, { key: 'password', value: '', offset: typed.ftp.password.offset, secret: true });
  assert.deepEqual([typed.security.userPassword.value, typed.security.userPassword.secret], ['', true]);
  const secretEntries = full.sections.flatMap((s) => s.entries).filter((e) => e.secret);
  assert.deepEqual(secretEntries.map((e) => [e.key, e.value]),
    [['password', ''], ['user_password', ''], ['installer_password', ''], ['playback_password', ''], ['service_password', '']]);
  console.log(`parser API: settings: ${full.sections.length} sections typed, 1 warning, ${secretEntries.length} secrets masked`);

  // frame: a JPEG the page decodes, with its headers' fields.
  const jpegs = await inPage(async ({ frame }, bytes) => {
    const file = await bytes('two-frames.adb');
    return Promise.all([0, 1].map(async (n) => {
      const { decodable, detail, camera } = frame(file, n);
      const picture = await createImageBitmap(new Blob([decodable.bytes], { type: 'image/jpeg' }));
      const canvas = new OffscreenCanvas(picture.width, picture.height);
      const context = canvas.getContext('2d');
      context.drawImage(picture, 0, 0);
      return {
        kind: decodable.kind, head: [...decodable.bytes.slice(0, 2)], tail: [...decodable.bytes.slice(-2)],
        size: [picture.width, picture.height], centre: [...context.getImageData(32, 24, 1, 1).data.slice(0, 3)],
        title: detail.title, utcOffset: detail.utcOffset, camera,
      };
    }));
  });
  for (const jpeg of jpegs) {
    assert.deepEqual([jpeg.kind, jpeg.head, jpeg.tail, jpeg.size], ['jpeg', [0xFF, 0xD8], [0xFF, 0xD9], [64, 48]]);
    assert.deepEqual([jpeg.title, jpeg.utcOffset, jpeg.camera], ['Front door', 60, 1]);
  }
  const [red, blue] = jpegs.map((j) => j.centre);
  assert.ok(red[0] > 200 && red[1] < 60 && red[2] < 60, `frame 0 is red: ${red}`);
  assert.ok(blue[2] > 200 && blue[0] < 60 && blue[1] < 60, `frame 1 is blue: ${blue}`);
  console.log('parser API: frame(two-frames.adb, 0 and 1): JPEGs decoded by the page, centre pixels', red, blue);

  // Every other kind of unit: MPEG-4 with its VOL, H.264 in Annex B, BMP, sound, a mask, data.
  const kinds = await inPage(async ({ index, frame }, bytes) => {
    const startsWith = (array, prefix) => prefix.every((b, i) => array[i] === b);
    const hasCode = (array, code) => array.some((_, i) => startsWith(array.subarray(i), [0, 0, 1, code]));
    const mpeg4 = await bytes('mpeg4.adb');
    const [intra, predicted] = [frame(mpeg4, 0), frame(mpeg4, 1)];
    const h264 = frame(await bytes('h264.adb'), 0);
    const bmp = frame(await bytes('bmp.mime'), 1);
    const all = await bytes('all-types.adb');
    const found = await index(all);
    const units = found.frames.map((_, n) => frame(all, n));
    const sound = units.find((u) => u.decodable?.kind === 'audio');
    const mask = units.find((u) => u.decodable?.kind === 'mask');
    const data = units.filter((u) => u.decodable?.kind === 'data').map((u) => u.codec);
    let missing;
    try { frame(all, found.frames.length); } catch (error) { missing = `${error.constructor.name}: ${error.message}`; }
    let notAFile;
    try { await index(42); } catch (error) { notAFile = error.message; }
    return {
      intra: [intra.decodable.kind, intra.key, hasCode(intra.decodable.bytes, 0x20), hasCode(intra.decodable.bytes, 0xB6)],
      predicted: [predicted.decodable.kind, predicted.key, hasCode(predicted.decodable.bytes, 0x20), hasCode(predicted.decodable.bytes, 0xB6)],
      h264: [h264.decodable.kind, startsWith(h264.decodable.bytes, [0, 0, 0, 1]) || startsWith(h264.decodable.bytes, [0, 0, 1])],
      bmp: [bmp.decodable.kind, String.fromCharCode(...bmp.decodable.bytes.slice(0, 2)), bmp.width, bmp.height],
      sound: [sound.media, sound.channel, sound.sampleRate, sound.decodable.sampleRate,
        sound.decodable.samples.constructor.name, sound.decodable.samples.length > 0, sound.detail.audioHeader !== null],
      mask: [mask.codec, mask.decodable.width, mask.decodable.height, String.fromCharCode(...mask.decodable.pbm.slice(0, 2))],
      data,
      kinds: [...new Set(units.map((u) => u.decodable?.kind ?? u.decodeError))].sort(),
      pictures: found.frames.filter((f) => f.media !== 'data').length,
      textBlock: units[found.frames.findIndex((f) => f.codec === 'jpeg')].detail.textFields.frameNum,
      units: found.frames.length, missing, notAFile,
    };
  });
  assert.deepEqual(kinds.intra, ['mpeg4', true, true, true], 'an I-VOP comes with a VOL');
  assert.deepEqual(kinds.predicted, ['mpeg4', false, false, true], 'a P-VOP as stored');
  assert.deepEqual(kinds.h264, ['h264', true]);
  assert.deepEqual(kinds.bmp, ['bmp', 'BM', 64, 48]);
  assert.deepEqual(kinds.sound, ['audio', 0, 8000, 8000, 'Int16Array', true, true]);
  assert.deepEqual(kinds.mask, ['pbm', 16, 2, 'P4']);
  assert.deepEqual(kinds.data.sort(), ['info', 'layout', 'svars', 'xml']);
  assert.deepEqual(kinds.kinds, ['audio', 'bmp', 'data', 'h264', 'jpeg', 'mask', 'mpeg4']);
  assert.equal(kinds.pictures, manifest['all-types.adb'].frames);
  assert.equal(kinds.textBlock, 7, 'the text block\'s FrameNum');
  assert.equal(kinds.missing, `Error: no frame ${kinds.units}: the file has ${kinds.units} frames and data units`);
  assert.equal(kinds.notAFile, 'index() takes a Uint8Array or a Blob (a File)');
  console.log('parser API: frame() of every kind:', kinds.kinds.join(', '), '; a frame past the end:', kinds.missing);

  // The TypeScript types say exactly what came back.
  const results = await resultsAsTypeScript(inPage);
  assert.deepEqual(await typeErrors(results), [], 'dist/netvu-parser.d.ts describes the results');
  console.log(`parser API: ${results.length} results type-check against dist/netvu-parser.d.ts`);

  // Its size: what the module adds, and dist/ still within 1.5 MB gzipped.
  const sizes = await gzippedDist();
  const parser = Object.entries(sizes).filter(([name]) => name.startsWith('netvu-parser')).reduce((sum, [, size]) => sum + size, 0);
  const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  console.log(`parser API: netvu-parser.js, _bg.wasm and .d.ts ${(parser / 1e3).toFixed(0)} kB gzipped; dist/ ${(total / 1e6).toFixed(2)} MB gzipped`);
  assert.ok(total <= 1.5e6, `dist/ is ${total} bytes gzipped, over 1.5 MB`);
  await tab.close();
}
