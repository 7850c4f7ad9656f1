//! The page's side of a decoding worker: requests `[verb, id, …]` answered by
//! arrays whose second element echoes the id, and RGBA pictures turned into
//! `ImageBitmap`s. Shared by the MPEG-4 and the fallback H.264 workers.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::oneshot;
use js_sys::{Array, Uint8Array, Uint8ClampedArray};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, ImageBitmap, ImageData, MessageEvent, Worker};

type Pending = Rc<RefCell<HashMap<u32, oneshot::Sender<Array>>>>;

pub fn js_error(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// A worker answering numbered requests.
pub struct DecodeWorker {
    worker: Worker,
    pending: Pending,
    next_id: u32,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl DecodeWorker {
    /// Starts the worker at `url`; `on_failure` runs if it dies (its waiting
    /// requests then fail, as their senders drop with it).
    pub fn start(url: &str, on_failure: impl Fn() + 'static) -> Result<DecodeWorker, String> {
        let worker = Worker::new(url).map_err(js_error)?;
        let pending: Pending = Rc::default();
        let answers = pending.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let message = Array::from(&event.data());
            let id = message.get(1).as_f64().unwrap_or(-1.0) as u32;
            let sender = answers.borrow_mut().remove(&id);
            if let Some(sender) = sender {
                let _ = sender.send(message);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |_: ErrorEvent| on_failure());
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(DecodeWorker {
            worker,
            pending,
            next_id: 0,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Posts `[verb, id, args…]`; the answer comes on the receiver.
    pub fn request(
        &mut self,
        verb: &str,
        args: &[JsValue],
    ) -> Result<oneshot::Receiver<Array>, String> {
        self.next_id = self.next_id.wrapping_add(1);
        let id = self.next_id;
        let (sender, receiver) = oneshot::channel();
        self.pending.borrow_mut().insert(id, sender);
        let message: Array = [JsValue::from(verb), id.into()]
            .iter()
            .chain(args)
            .collect();
        self.worker.post_message(&message).map_err(|e| {
            self.pending.borrow_mut().remove(&id);
            js_error(e)
        })?;
        Ok(receiver)
    }

    pub fn terminate(&self) {
        self.worker.terminate();
    }
}

/// An `ImageBitmap` of a `width`×`height` RGBA picture in `rgba` (a Uint8Array).
pub async fn bitmap_of(width: u32, height: u32, rgba: &JsValue) -> Result<ImageBitmap, String> {
    let pixels = Uint8ClampedArray::new(&Uint8Array::from(rgba.clone()).buffer());
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
