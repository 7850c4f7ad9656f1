//! The H.264 decoding worker, for browsers without WebCodecs
//! (`window.VideoDecoder` missing): the page sends a camera's access units
//! here and gets RGBA pictures back, decoded by `rusty_h264-decoder` off
//! the page's thread (`netvu_viewer::platform::decoders`). The page starts
//! it only then, so a browser with WebCodecs never fetches it. Loaded by
//! `www/h264-decoder-loader.js`, which queues messages until this is ready.

#[cfg(target_arch = "wasm32")]
fn main() {
    use netvu_viewer::platform::{decoder_worker, decoders};
    decoder_worker::serve::<decoders::H264>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the netvu-viewer H.264 decoding worker runs in a browser's Web Worker");
    std::process::exit(2);
}
