//! The page's side of a decoding worker: requests `[verb, id, …]` answered by
//! arrays whose second element echoes the id, and RGBA pictures turned into
//! `ImageBitmap`s. Shared by the MPEG-4 and the fallback H.264 workers, which
//! keep a decoder per key (`src/bin/shared/keyed_worker.rs`).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::thread::LocalKey;

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

/// A decoding worker started on first use, and the decoder key of each
/// (file, camera) it serves.
pub struct KeyedWorker {
    url: &'static str,
    running: Option<DecodeWorker>,
    keys: BTreeMap<(u32, u16), u32>,
    /// Counts the workers started: decoders of an earlier one are gone.
    generation: u32,
}

impl KeyedWorker {
    pub const fn new(url: &'static str) -> KeyedWorker {
        KeyedWorker {
            url,
            running: None,
            keys: BTreeMap::new(),
            generation: 0,
        }
    }
}

/// Where a camera's decoder lives: which worker, under which key, and that
/// worker's generation (a camera state from another one is stale).
#[derive(Clone, Copy, PartialEq)]
pub struct DecoderSlot {
    pub key: u32,
    pub generation: u32,
}

/// Starts `service`'s worker unless it runs.
pub fn start_keyed(service: &'static LocalKey<RefCell<KeyedWorker>>) -> Result<(), String> {
    service.with(|s| {
        let mut s = s.borrow_mut();
        if s.running.is_none() {
            let worker = DecodeWorker::start(s.url, move || {
                // The worker is gone: the next request starts another.
                if let Some(dead) = service.with(|s| s.borrow_mut().running.take()) {
                    dead.terminate();
                }
            })?;
            s.running = Some(worker);
            s.generation = s.generation.wrapping_add(1);
            s.keys.clear();
        }
        Ok(())
    })
}

/// The decoder slot of `camera` of file `file_id` in `service`'s worker.
pub fn slot(
    service: &'static LocalKey<RefCell<KeyedWorker>>,
    file_id: u32,
    camera: u16,
) -> Result<DecoderSlot, String> {
    start_keyed(service)?;
    Ok(service.with(|s| {
        let mut s = s.borrow_mut();
        let next = s.keys.len() as u32;
        DecoderSlot {
            key: *s.keys.entry((file_id, camera)).or_insert(next),
            generation: s.generation,
        }
    }))
}

/// Posts `["decode", id, key, reset, units]` to `service`'s worker.
pub fn request_decode(
    service: &'static LocalKey<RefCell<KeyedWorker>>,
    slot: DecoderSlot,
    reset: bool,
    units: Array,
) -> Result<oneshot::Receiver<Array>, String> {
    service.with(|s| {
        let mut s = s.borrow_mut();
        if s.generation != slot.generation {
            return Err("the decoding worker was restarted".to_string());
        }
        let worker = s.running.as_mut().ok_or("the decoding worker failed")?;
        worker.request("decode", &[slot.key.into(), reset.into(), units.into()])
    })
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
