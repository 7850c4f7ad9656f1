// Starts the MPEG-4 decoding worker (src/bin/mpeg4_decoder.rs, built by
// Trunk as mpeg4_decoder.js + mpeg4_decoder_bg.wasm). Messages that arrive
// while its WebAssembly is still loading are queued and handed over once it
// has installed its own handler.
const queued = [];
self.onmessage = (event) => queued.push(event);
importScripts('./mpeg4_decoder.js');
wasm_bindgen({ module_or_path: './mpeg4_decoder_bg.wasm' }).then(() => {
  for (const event of queued) self.onmessage(event);
}, (error) => { throw new Error(`the MPEG-4 decoder could not start: ${error}`); });
