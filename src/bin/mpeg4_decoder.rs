//! The MPEG-4 decoding worker: no browser decodes MPEG-4 Part 2, so the
//! page sends a camera's frames here and gets RGBA pictures back, decoded
//! by `netvu_mpeg4` off the page's thread (`netvu_viewer::platform::decoders`).
//! Loaded by `www/mpeg4-decoder-loader.js`, which queues messages until this is ready.

#[cfg(target_arch = "wasm32")]
fn main() {
    use netvu_viewer::platform::{decoder_worker, decoders};
    decoder_worker::serve::<decoders::Mpeg4>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the netvu-viewer MPEG-4 decoding worker runs in a browser's Web Worker");
    std::process::exit(2);
}
