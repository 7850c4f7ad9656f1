// Starts the indexing worker (src/bin/worker.rs, built by Trunk as worker.js +
// worker_bg.wasm). Messages that arrive while its WebAssembly is still loading
// are queued and handed over once it has installed its own handler; then it
// says "ready".
const queued = [];
self.onmessage = (event) => queued.push(event);
importScripts('./worker.js');
wasm_bindgen({ module_or_path: './worker_bg.wasm' }).then(() => {
  self.postMessage(['ready']);
  for (const event of queued) self.onmessage(event);
}, (error) => self.postMessage(['error', `the indexer could not start: ${error}`]));
