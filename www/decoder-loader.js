// Starts the MPEG-4 decoding worker (src/bin/decoder.rs, built by Trunk as
// decoder.js + decoder_bg.wasm). Messages that arrive while its WebAssembly
// is still loading are queued and handed over once it has installed its own
// handler.
const queued = [];
self.onmessage = (event) => queued.push(event);
importScripts('./decoder.js');
wasm_bindgen({ module_or_path: './decoder_bg.wasm' }).then(() => {
  for (const event of queued) self.onmessage(event);
}, (error) => { throw new Error(`the MPEG-4 decoder could not start: ${error}`); });
