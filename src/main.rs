//! NetVu viewer: open Dedicated Micros / AD-Holdings NetVu files in the
//! browser. Everything runs here, client-side: files are read from disk by
//! the browser and parsed by the `netvu` library compiled to WebAssembly.
//! This crate only reads blocks, calls the library and draws.
//!
//! It is built for the browser with Trunk (`scripts/serve.sh`). A native
//! build is only a stub, so the workspace's native `cargo test` stays cheap.

#![deny(clippy::unwrap_used)]

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod audio;
// Pure arithmetic: also built natively, where `cargo test` runs its tests
// (and nothing else uses it).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod audio_plan;
#[cfg(target_arch = "wasm32")]
mod decode_worker;
#[cfg(target_arch = "wasm32")]
mod details;
#[cfg(target_arch = "wasm32")]
mod frame;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod player;
#[cfg(target_arch = "wasm32")]
mod reader;
#[cfg(target_arch = "wasm32")]
mod sample;
#[cfg(target_arch = "wasm32")]
mod settings;
#[cfg(target_arch = "wasm32")]
mod site;
#[cfg(target_arch = "wasm32")]
mod tile;
#[cfg(target_arch = "wasm32")]
mod time;
#[cfg(target_arch = "wasm32")]
mod timeline;
#[cfg(target_arch = "wasm32")]
mod video;
#[cfg(target_arch = "wasm32")]
mod webcodecs;
mod wire;

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

#[cfg(target_arch = "wasm32")]
fn main() {
    reader::prewarm();
    video::prewarm();
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    {
        yew::Renderer::<app::App>::with_root(root).render();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("netvu-viewer runs in a browser: build it with `trunk build --release` (see scripts/serve.sh)");
    std::process::exit(2);
}
