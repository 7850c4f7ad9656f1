// Starts the H.264 decoding worker (src/bin/h264_decoder.rs, built by Trunk
// as h264_decoder.js + h264_decoder_bg.wasm), only for browsers without
// WebCodecs. Messages that arrive while its WebAssembly is still loading are
// queued and handed over once it has installed its own handler.
const queued = [];
self.onmessage = (event) => queued.push(event);
importScripts('./h264_decoder.js');
wasm_bindgen({ module_or_path: './h264_decoder_bg.wasm' }).then(() => {
  for (const event of queued) self.onmessage(event);
}, (error) => { throw new Error(`the H.264 decoder could not start: ${error}`); });
