// Trunk writes the page's loader (import the glue, instantiate the wasm,
// fire TrunkApplicationStarted) as an inline <script type="module">, which a
// Content-Security-Policy without 'unsafe-inline' blocks: each goes, as it
// is, to a file of its own, loader-HASH.js, loaded by a <script src>.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contentHash, integrity } from './digest.mjs';

export async function externalLoaders(dir) {
  const page = join(dir, 'index.html');
  let html = await readFile(page, 'utf8');
  const inline = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)];
  if (inline.length === 0) throw new Error('post-build: no inline loader in index.html (has Trunk changed how it loads the app?)');
  for (const [tag, code] of inline) {
    const bytes = Buffer.from(`${code.trim()}\n`);
    const name = `loader-${contentHash(bytes)}.js`;
    await writeFile(join(dir, name), bytes);
    html = html.replace(tag, `<script type="module" src="./${name}" integrity="${integrity(bytes)}"></script>`);
  }
  await writeFile(page, html);
}

/// What a page loader loads: the app's glue and wasm (file names beside it).
export function loaderTargets(loader, loaderName) {
  const one = (pattern, what) => {
    const found = [...loader.matchAll(pattern)];
    if (found.length !== 1) throw new Error(`post-build: ${found.length} ${what} in ${loaderName}, expected one`);
    return found[0][1];
  };
  return {
    glue: one(/from '\.\/([^']+\.js)'/g, 'glue imports'),
    wasm: one(/module_or_path: '\.\/([^']+\.wasm)'/g, 'wasm URLs'),
  };
}
