//! NetVu viewer: open Dedicated Micros / AD-Holdings NetVu files in the
//! browser. Everything runs client-side: files are read from disk by the
//! browser and parsed by the `netvu` library compiled to WebAssembly.
//!
//! Layers, as in the library (`docs/architecture.md` draws the flow):
//! - [`core`]: what the viewer does, as plain Rust that builds and is
//!   tested natively: the opened-file model, sites, the file list, play
//!   order and the playback state machine, the timeline's span, audio
//!   planning, read-ahead, the worker protocol;
//! - [`sample`]: the built-in sample recording;
//! - `platform`: the browser without yew (web-sys): reading blobs, the
//!   indexing and decoding workers (both sides), WebCodecs, canvases, Web
//!   Audio; one viewer's services;
//! - `ui`: the yew components, by feature: `app` (one viewer), `player`,
//!   `panels`, `settings`.
//!
//! The entry points are in `src/bin/`: the page (`viewer.rs`) and one per
//! worker. Built for the browser with Trunk (`scripts/serve.sh`); natively
//! only `core` and `sample` build, for their tests.

#![deny(clippy::unwrap_used)]

pub mod core;
pub mod sample;

#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod ui;
