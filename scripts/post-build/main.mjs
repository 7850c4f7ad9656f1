// Trunk's post-build hook (Trunk.toml [[hooks]]), run on its staging
// directory (TRUNK_STAGING_DIR) before it becomes dist/:
//  1. the page's inline loader goes to a file of its own (no 'unsafe-inline' under CSP);
//  2. the <netvu-viewer> element's script, netvu-viewer.js, gets the build's file names;
//  3. the single-file build, netvu-viewer.html, is written from the result;
//  4. the service worker gets the list of the app's files to keep offline.
// Trunk runs the hooks of one stage side by side: steps that must see each
// other's files are steps of this one hook.
import { externalLoaders } from './external-loader.mjs';
import { writeElementScript } from './element.mjs';
import { writeSingleFile } from './single-file.mjs';
import { writePrecacheList } from './precache.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: run by Trunk (TRUNK_STAGING_DIR unset)');
  process.exit(2);
}
await externalLoaders(dir);
await writeElementScript(dir);
await writeSingleFile(dir);
await writePrecacheList(dir);
