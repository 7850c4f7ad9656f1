// Starts the indexing worker (src/bin/indexer.rs, built by Trunk as
// indexer.js + indexer_bg.wasm). Messages that arrive while its WebAssembly
// is still loading are queued and handed over once it has installed its own
// handler (it then says it is ready).
const queued = [];
self.onmessage = (event) => queued.push(event);
importScripts('./indexer.js');
wasm_bindgen({ module_or_path: './indexer_bg.wasm' }).then(() => {
  for (const event of queued) self.onmessage(event);
}, (error) => { throw new Error(`the indexer could not start: ${error}`); });
