//! The page's side of a decoding worker (`decoder_worker.rs`: MPEG-4, or
//! H.264 where WebCodecs is missing): started on first use, a decoder in it
//! per camera of an opened file, numbered requests answered with RGBA
//! pictures. Owned by one viewer; ended with it.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use futures::channel::oneshot;
use js_sys::{Array, Uint8Array, Uint8ClampedArray};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, ImageBitmap, ImageData, MessageEvent, Worker};

use super::assets::asset_url;
use super::js::js_error;
use super::messages::{incoming, outgoing};
use crate::core::opened::FileId;
use crate::core::protocol::{DecoderKey, FromDecoder, RequestId, ToDecoder};

/// An answer and the pixels that came with it.
pub type Answer = (FromDecoder, JsValue);

type Pending = Rc<RefCell<HashMap<RequestId, oneshot::Sender<Answer>>>>;

/// A decoding worker, started when first needed.
pub struct DecodeWorker {
    /// Its loader, a file beside the page (`assets.rs`).
    loader: &'static str,
    running: Option<Running>,
    /// The decoder of each (file, camera) in the running worker.
    keys: BTreeMap<(FileId, u16), DecoderKey>,
    next_key: DecoderKey,
    /// Counts the workers started: decoders of an earlier one are gone.
    generation: u32,
}

struct Running {
    worker: Worker,
    pending: Pending,
    next_request: RequestId,
    /// Set when the worker dies: the next use starts another.
    dead: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Where a camera's decoder lives: its key in the worker, and the worker's
/// generation (a camera state from another one is stale).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DecoderSlot {
    pub key: DecoderKey,
    pub generation: u32,
}

impl DecodeWorker {
    pub const fn new(loader: &'static str) -> DecodeWorker {
        DecodeWorker {
            loader,
            running: None,
            keys: BTreeMap::new(),
            next_key: 0,
            generation: 0,
        }
    }

    /// Starts the worker unless it runs.
    pub fn start(&mut self) -> Result<(), String> {
        if self.running.as_ref().is_some_and(|r| r.dead.get()) {
            self.running = None;
        }
        if self.running.is_some() {
            return Ok(());
        }
        let worker = Worker::new(&asset_url(self.loader)).map_err(js_error)?;
        let pending: Pending = Rc::default();
        let dead = Rc::new(Cell::new(false));
        let on_message = {
            let pending = pending.clone();
            let dead = dead.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                match incoming::<FromDecoder>(&event.data()) {
                    Ok((answer, data)) => {
                        let sender = pending.borrow_mut().remove(&answer.request());
                        if let Some(sender) = sender {
                            let _ = sender.send((answer, data));
                        }
                    }
                    // Another build's worker: useless, like a dead one.
                    Err(_) => fail(&pending, &dead),
                }
            })
        };
        let on_error = {
            let pending = pending.clone();
            let dead = dead.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |_: ErrorEvent| fail(&pending, &dead))
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.running = Some(Running {
            worker,
            pending,
            next_request: 0,
            dead,
            _on_message: on_message,
            _on_error: on_error,
        });
        self.generation = self.generation.wrapping_add(1);
        self.keys.clear();
        Ok(())
    }

    /// The decoder slot of `camera` of file `file`.
    pub fn slot(&mut self, file: FileId, camera: u16) -> Result<DecoderSlot, String> {
        self.start()?;
        let next = self.next_key;
        let key = *self.keys.entry((file, camera)).or_insert(next);
        if key == next {
            self.next_key = next.wrapping_add(1);
        }
        Ok(DecoderSlot {
            key,
            generation: self.generation,
        })
    }

    /// Sends `units` (an array of byte arrays) to `slot`'s decoder; the
    /// answer comes on the receiver (dropped unanswered if the worker dies).
    pub fn decode(
        &mut self,
        slot: DecoderSlot,
        reset: bool,
        units: &Array,
    ) -> Result<oneshot::Receiver<Answer>, String> {
        if self.generation != slot.generation {
            return Err("the decoding worker was restarted".into());
        }
        let running = self
            .running
            .as_mut()
            .filter(|r| !r.dead.get())
            .ok_or("the decoding worker failed")?;
        running.next_request = running.next_request.wrapping_add(1);
        let request = running.next_request;
        let (sender, receiver) = oneshot::channel();
        running.pending.borrow_mut().insert(request, sender);
        let message = ToDecoder::Decode {
            request,
            decoder: slot.key,
            reset,
        };
        running
            .worker
            .post_message(&outgoing(&message, Some(units)))
            .map_err(|e| {
                running.pending.borrow_mut().remove(&request);
                js_error(e)
            })?;
        Ok(receiver)
    }

    /// Drops the decoders of `file`'s cameras in the worker; ends the worker
    /// when it has none left.
    pub fn forget_file(&mut self, file: FileId) {
        let cameras: Vec<(FileId, u16)> = self
            .keys
            .range((file, 0)..=(file, u16::MAX))
            .map(|(camera, _)| *camera)
            .collect();
        for camera in &cameras {
            if let (Some(key), Some(running)) = (self.keys.remove(camera), &self.running) {
                let _ = running
                    .worker
                    .post_message(&outgoing(&ToDecoder::Forget { decoder: key }, None));
            }
        }
        if !cameras.is_empty() && self.keys.is_empty() {
            self.running = None;
        }
    }
}

/// The worker is gone: its waiting requests fail (their senders drop).
fn fail(pending: &Pending, dead: &Cell<bool>) {
    dead.set(true);
    pending.borrow_mut().clear();
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
