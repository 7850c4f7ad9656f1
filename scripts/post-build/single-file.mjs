// The single-file build, netvu-viewer.html: the page with everything it
// loads inside it, for a USB stick or a double-click (file://, where
// browsers refuse module scripts and fetching the .wasm). Made from the
// staged page (after external-loader.mjs):
//  - elements marked data-single-file="omit" go (the service worker's
//    registration, the manifest), and so do preload links;
//  - stylesheets become <style>, classic scripts inline <script>s;
//  - the module loader becomes a classic script: the glue, made classic,
//    instantiates the wasm from inlined bytes (WebAssembly.instantiate,
//    asynchronous);
//  - each worker loader (a file calling importScripts) becomes one classic
//    worker source, its glue and wasm inside, kept in an inert
//    <script type="text/plain"> and started from a Blob URL: the page's
//    Rust takes worker URLs from `netvuAssetUrls` (src/platform/assets.rs);
//  - the page's Content-Security-Policy allows these inline scripts and
//    styles by their hashes, and workers from blob:.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cspHash } from './digest.mjs';
import { loaderTargets } from './external-loader.mjs';

export const SINGLE_FILE = 'netvu-viewer.html';

/// Decodes base64, in the page and in each worker (no Uint8Array.fromBase64 everywhere yet).
const BYTES_OF = `function bytesOf(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}`;

/// The one match of `pattern` in `text` (what `what` names), or the build fails.
function only(text, pattern, what) {
  const found = [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))];
  if (found.length !== 1) throw new Error(`post-build (single file): ${found.length} ${what}, expected one`);
  return found[0];
}

/// Text that can stand between <script> and </script> (or <style> tags) unchanged.
function inlinable(text, name) {
  if (/<\/(script|style)|<!--/i.test(text)) throw new Error(`post-build (single file): ${name} holds "</script", "</style" or "<!--"`);
  return text;
}

/// wasm-bindgen's `--target web` glue (an ES module) as a classic script's
/// expression giving its init function.
function classicGlue(module, name) {
  if (/^import\b/m.test(module)) throw new Error(`post-build (single file): ${name} imports other modules`);
  const exports = only(module, /^export \{([^}]*)\};?[ \t]*$/m, `export lists in ${name}`);
  const init = only(exports[1], /(\w+) as default/, `default exports in ${name}`)[1];
  // The page's own exports (the <netvu-viewer> element's entry points) stay
  // inside: the single file has no element script to call them.
  const body = module
    .replace(exports[0], '')
    .replace(/^export (class|function) /gm, '$1 ')
    .replaceAll('import.meta.url', 'location.href');
  if (/^export\b|import\.meta/m.test(body)) throw new Error(`post-build (single file): ${name} is not the glue expected`);
  return `(() => {\n${body}\nreturn ${init};\n})()`;
}

/// A worker loader (www/*-loader.js) as one classic script: its glue in
/// place of importScripts, its wasm's bytes in place of the wasm's URL.
async function workerSource(dir, loaderName, loader) {
  const [call, glue] = only(loader, /importScripts\('\.\/([^']+)'\);/, `importScripts calls in ${loaderName}`);
  const [path, wasm] = only(loader, /'\.\/([^']+\.wasm)'/, `wasm URLs in ${loaderName}`);
  const base64 = (await readFile(join(dir, wasm))).toString('base64');
  const glueCode = await readFile(join(dir, glue), 'utf8');
  // The wasm first: the glue's text is not searched.
  const source = loader.replace(path, () => `bytesOf('${base64}')`).replace(call, () => glueCode);
  return `${source}\n${BYTES_OF}\n`;
}

/// The page's policy with the single file's inline scripts and styles
/// allowed by hash instead of 'self', and workers from blob:.
function singleFilePolicy(policy, scripts, styles) {
  const directives = new Map(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name, sources];
  }));
  const bySelf = (name, hashes) => [...hashes, ...(directives.get(name) ?? []).filter((s) => s !== "'self'")];
  directives.set('script-src', bySelf('script-src', scripts.map(cspHash)));
  directives.set('style-src', bySelf('style-src', styles.map(cspHash)));
  directives.set('worker-src', ['blob:']);
  return [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

export async function writeSingleFile(dir) {
  let html = await readFile(join(dir, 'index.html'), 'utf8');
  const text = (name) => readFile(join(dir, name), 'utf8');

  // The page's comments speak of its files: they go, for one about the single file.
  html = html.replace(/<!--[\s\S]*?-->/g, '').replace(/\n\s*\n/g, '\n');
  html = html.replace(/<html\b/, () => `<!-- The NetVu viewer in one file, for file:// and a USB stick: written from
     index.html by scripts/post-build/single-file.mjs (README "Hosting"). -->\n<html`);

  html = html.replace(/<script\b[^>]*\bdata-single-file="omit"[^>]*><\/script>|<link\b[^>]*\bdata-single-file="omit"[^>]*>/g, '');
  html = html.replace(/<link rel="(module)?preload"[^>]*>/g, '');

  const styles = [];
  for (const [tag, href] of [...html.matchAll(/<link rel="stylesheet" href="\.\/([^"]+)"[^>]*>/g)]) {
    const css = inlinable(await text(href), href);
    if (/url\(/.test(css)) throw new Error(`post-build (single file): ${href} refers to other files`);
    styles.push(css);
    html = html.replace(tag, () => `<style>${css}</style>`);
  }

  const scripts = [];
  for (const [tag, src] of [...html.matchAll(/<script src="\.\/([^"]+)"[^>]*><\/script>/g)]) {
    const code = inlinable(await text(src), src);
    scripts.push(code);
    html = html.replace(tag, () => `<script>${code}</script>`);
  }

  // The app: its glue and wasm, named by the loader.
  const [loaderTag, loaderName] = only(html, /<script type="module" src="\.\/([^"]+)"[^>]*><\/script>/, 'module loaders');
  html = html.replace(loaderTag, '');
  const loader = await text(loaderName);
  const { glue: glueName, wasm: wasmName } = loaderTargets(loader, loaderName);

  // The workers: every loader that imports its glue.
  const inert = [];
  const workers = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.js')).sort()) {
    const source = await text(name);
    if (!/importScripts\(/.test(source)) continue;
    workers.push(name);
    inert.push([name, inlinable(await workerSource(dir, name, source), name)]);
  }
  inert.push([wasmName, (await readFile(join(dir, wasmName))).toString('base64')]);

  const boot = inlinable(`(() => {
${BYTES_OF}
const inlined = (name) => document.querySelector(\`script[data-inlined="\${name}"]\`).textContent;
// The workers' sources as Blob URLs: src/platform/assets.rs starts workers from these.
window.netvuAssetUrls = Object.fromEntries(${JSON.stringify(workers)}.map((name) =>
  [name, URL.createObjectURL(new Blob([inlined(name)], { type: 'text/javascript' }))]));
const init = ${classicGlue(await text(glueName), glueName)};
init({ module_or_path: bytesOf(inlined(${JSON.stringify(wasmName)})) })
  .then((wasm) => dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } })));
})();
`, 'the boot script');
  scripts.push(boot);
  const blocks = inert.map(([name, content]) => `<script type="text/plain" data-inlined="${name}">${content}</script>`);
  html = html.replace('</body>', () => `${blocks.join('\n')}\n<script>${boot}</script>\n</body>`);

  const [meta, policy] = only(html, /<meta http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/, 'CSP meta tags');
  html = html.replace(meta, () => `<meta http-equiv="Content-Security-Policy" content="${singleFilePolicy(policy, scripts, styles)}" />`);

  const external = html.match(/\s(?:src|href)="(?!data:)[^"]*"/);
  if (external) throw new Error(`post-build (single file): still refers to a file: ${external[0].trim()}`);
  await writeFile(join(dir, SINGLE_FILE), html);
}
