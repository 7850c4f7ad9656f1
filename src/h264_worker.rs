//! H.264 where the browser has no WebCodecs (`window.VideoDecoder` missing):
//! the run from the camera's last key frame goes to the H.264 decoding worker
//! (`src/bin/h264_decoder.rs`, `rusty_h264-decoder`), which answers with the
//! last frame's picture as RGBA. The worker is started on the first such
//! frame, never before: with WebCodecs its files are not even fetched.

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::ImageBitmap;

use crate::decode_worker::{bitmap_of, DecodeWorker};

/// Where Trunk puts the worker's loader (`www/h264-decoder-loader.js`).
const WORKER_URL: &str = "./h264-decoder-loader.js";

thread_local! {
    static SERVICE: RefCell<Option<DecodeWorker>> = const { RefCell::new(None) };
}

/// Whether the browser lacks WebCodecs' `VideoDecoder`.
pub fn needed() -> bool {
    web_sys::window().is_some_and(|window| {
        !js_sys::Reflect::has(&window, &JsValue::from_str("VideoDecoder")).unwrap_or(false)
    })
}

fn start_service() -> Result<DecodeWorker, String> {
    DecodeWorker::start(WORKER_URL, || {
        // The worker is gone: the next request starts a fresh one.
        if let Some(worker) = SERVICE.with(|s| s.borrow_mut().take()) {
            worker.terminate();
        }
    })
}

/// Decodes `units` (Annex B access units, decode order, from a key frame) in
/// the worker; the last one's picture.
pub async fn decode(units: Array) -> Result<ImageBitmap, String> {
    let receiver = SERVICE.with(|s| {
        let mut service = s.borrow_mut();
        if service.is_none() {
            *service = Some(start_service()?);
        }
        let service = service.as_mut().ok_or("no Web Worker to decode H.264 in")?;
        service.request("decode", &[units.into()])
    })?;
    let answer = receiver
        .await
        .map_err(|_| "the H.264 decoding worker failed".to_string())?;
    if answer.get(0).as_string().as_deref() != Some("picture") {
        return Err(answer
            .get(2)
            .as_string()
            .unwrap_or_else(|| "the H.264 decoding worker failed".into()));
    }
    let width = answer.get(2).as_f64().unwrap_or(0.0) as u32;
    let height = answer.get(3).as_f64().unwrap_or(0.0) as u32;
    bitmap_of(width, height, &answer.get(4)).await
}
