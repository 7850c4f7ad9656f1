// The service worker's list of the app's files (www/sw.js): every file of
// the build but the worker itself and the single-file build (an artifact of
// its own, not used by the page), each with its SRI hash; the cache version
// is a hash of the list, so any changed file is a new version.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { contentHash, integrity } from './digest.mjs';
import { SINGLE_FILE } from './single-file.mjs';

const WORKER = 'sw.js';
const PLACEHOLDER = '/* precache list */ null';

export async function writePrecacheList(dir) {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'))
    .filter((name) => name !== WORKER && name !== SINGLE_FILE)
    .sort();
  const files = await Promise.all(names.map(async (url) => ({ url, integrity: integrity(await readFile(join(dir, url))) })));
  const list = { version: contentHash(JSON.stringify(files)), files };
  const worker = join(dir, WORKER);
  const source = await readFile(worker, 'utf8');
  if (!source.includes(PLACEHOLDER)) throw new Error(`post-build: ${WORKER} has no "${PLACEHOLDER}" to replace`);
  await writeFile(worker, source.replace(PLACEHOLDER, JSON.stringify(list, null, 1)));
}
