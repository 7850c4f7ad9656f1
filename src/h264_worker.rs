//! H.264 where the browser has no WebCodecs (`window.VideoDecoder` missing):
//! the run from the camera's last key frame goes to the H.264 decoding worker
//! (`src/bin/h264_decoder.rs`, `rusty_h264-decoder`), which answers with the
//! last frame's picture as RGBA. The worker is started on the first such
//! frame, never before: with WebCodecs its files are not even fetched.

use std::cell::RefCell;
use std::collections::HashMap;

use futures::channel::oneshot;
use js_sys::{Array, Uint8Array, Uint8ClampedArray};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ImageBitmap, ImageData, MessageEvent, Worker};

/// Where Trunk puts the worker's loader (`www/h264-decoder-loader.js`).
const WORKER_URL: &str = "./h264-decoder-loader.js";

struct Service {
    worker: Worker,
    pending: HashMap<u32, oneshot::Sender<Array>>,
    next_id: u32,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

thread_local! {
    static SERVICE: RefCell<Option<Service>> = const { RefCell::new(None) };
}

fn js_error(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// Whether the browser lacks WebCodecs' `VideoDecoder`.
pub fn needed() -> bool {
    web_sys::window().is_some_and(|window| {
        !js_sys::Reflect::has(&window, &JsValue::from_str("VideoDecoder")).unwrap_or(false)
    })
}

fn start_service() -> Result<Service, String> {
    let worker = Worker::new(WORKER_URL).map_err(js_error)?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let message = Array::from(&event.data());
        let id = message.get(1).as_f64().unwrap_or(-1.0) as u32;
        let sender = SERVICE.with(|s| s.borrow_mut().as_mut().and_then(|s| s.pending.remove(&id)));
        if let Some(sender) = sender {
            let _ = sender.send(message);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(|_: web_sys::ErrorEvent| {
        // The worker is gone: waiting requests fail (their senders drop), the next starts afresh.
        if let Some(service) = SERVICE.with(|s| s.borrow_mut().take()) {
            service.worker.terminate();
        }
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Service {
        worker,
        pending: HashMap::new(),
        next_id: 0,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Decodes `units` (Annex B access units, decode order, from a key frame) in
/// the worker; the last one's picture.
pub async fn decode(units: Array) -> Result<ImageBitmap, String> {
    let (sender, receiver) = oneshot::channel();
    SERVICE.with(|s| {
        let mut service = s.borrow_mut();
        if service.is_none() {
            *service = Some(start_service()?);
        }
        let Some(service) = service.as_mut() else {
            return Err("no Web Worker to decode H.264 in".to_string());
        };
        service.next_id = service.next_id.wrapping_add(1);
        let id = service.next_id;
        service.pending.insert(id, sender);
        let message = [JsValue::from("decode"), id.into(), units.into()]
            .iter()
            .collect::<Array>();
        service.worker.post_message(&message).map_err(|e| {
            service.pending.remove(&id);
            js_error(e)
        })
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
    let pixels = Uint8ClampedArray::new(&Uint8Array::from(answer.get(4)).buffer());
    let image =
        ImageData::new_with_js_u8_clamped_array_and_sh(&pixels, width, height).map_err(js_error)?;
    let window = web_sys::window().ok_or("no window")?;
    let promise = window
        .create_image_bitmap_with_image_data(&image)
        .map_err(js_error)?;
    JsFuture::from(promise)
        .await
        .map_err(js_error)?
        .dyn_into::<ImageBitmap>()
        .map_err(js_error)
}
