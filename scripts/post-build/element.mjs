// The <netvu-viewer> element's script, dist/netvu-viewer.js, from its
// template (www/element/netvu-viewer.js) with the names this build gave the
// viewer's glue, wasm and styles (Trunk hashes them), read from the staged
// page (after external-loader.mjs).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loaderTargets } from './external-loader.mjs';

export const ELEMENT_SCRIPT = 'netvu-viewer.js';
const TEMPLATE = new URL('../../www/element/netvu-viewer.js', import.meta.url);

/// The one match of `pattern` in the page, or the build fails.
function inPage(page, pattern, what) {
  const found = page.match(pattern);
  if (!found) throw new Error(`post-build (element): no ${what} in index.html`);
  return found[1];
}

export async function writeElementScript(dir) {
  const page = await readFile(join(dir, 'index.html'), 'utf8');
  const loaderName = inPage(page, /<script type="module" src="\.\/([^"]+)"/, 'module loader');
  const { glue, wasm } = loaderTargets(await readFile(join(dir, loaderName), 'utf8'), loaderName);
  const names = {
    __VIEWER_GLUE__: glue,
    __VIEWER_WASM__: wasm,
    __VIEWER_STYLE__: inPage(page, /<link rel="stylesheet" href="\.\/([^"]+\.css)"/, 'stylesheet'),
  };
  let script = await readFile(TEMPLATE, 'utf8');
  for (const [placeholder, name] of Object.entries(names)) {
    if (!script.includes(placeholder)) throw new Error(`post-build (element): the template lacks ${placeholder}`);
    script = script.replace(placeholder, name);
  }
  await writeFile(join(dir, ELEMENT_SCRIPT), script);
}
