//! The indexing worker (`netvu_viewer::platform::indexer_worker`). Loaded by
//! `www/indexer-loader.js`, which queues messages until this is ready.

#[cfg(target_arch = "wasm32")]
fn main() {
    netvu_viewer::platform::indexer_worker::serve();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the netvu-viewer indexing worker runs in a browser's Web Worker");
    std::process::exit(2);
}
