//! MPEG-4 Part 2 through the decoding worker (`src/bin/decoder.rs`, the
//! `netvu_mpeg4` crate): no browser decodes it. One decoder per camera of an
//! opened file lives in the worker; this side remembers which frame each
//! decoder saw last, so stepping or playing forward sends only the frames
//! after it, and a seek sends the run from the camera's last key frame with
//! a reset. Pictures come back as RGBA and become `ImageBitmap`s.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::lock::Mutex;
use js_sys::{Array, Uint8Array, Uint8ClampedArray};
use netvu::unit::{decodable, Decodable};
use netvu::{Codec, FrameEntry};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ImageBitmap, ImageData, MessageEvent, Worker};

use crate::app::OpenedFile;

/// Where Trunk puts the worker's loader (`www/decoder-loader.js`).
const WORKER_URL: &str = "./decoder-loader.js";

/// A run longer than this is not decoded to show one frame.
const MAX_RUN: usize = 600;

/// Why a frame has no picture.
#[derive(Debug)]
pub enum Mpeg4Error {
    /// No key frame before it (or the one before could not be decoded).
    MissingReference(String),
    /// A stream this decoder does not handle.
    Unsupported(String),
    /// Damaged headers, unreadable bytes, a failed worker.
    Damaged(String),
}

struct Service {
    worker: Worker,
    pending: HashMap<u32, oneshot::Sender<Array>>,
    next_id: u32,
    /// Decoder key of each (file, camera).
    keys: HashMap<(u32, u16), u32>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

/// What one camera's decoder in the worker has seen.
#[derive(Default)]
struct CameraState {
    /// The last frame decoded (index, unit offset): the decoder's reference.
    last: Option<(usize, u64)>,
    /// The picture of the last frame asked for, for redraws.
    shown: Option<(usize, ImageBitmap)>,
}

thread_local! {
    static SERVICE: RefCell<Option<Service>> = const { RefCell::new(None) };
    /// Requests for one camera run one at a time, in order.
    static CAMERAS: RefCell<HashMap<u32, Rc<Mutex<CameraState>>>> = RefCell::default();
}

fn js_error(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
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
        let failed = SERVICE.with(|s| s.borrow_mut().take());
        if let Some(service) = failed {
            service.worker.terminate();
        }
        CAMERAS.with(|c| c.borrow_mut().clear());
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Service {
        worker,
        pending: HashMap::new(),
        next_id: 0,
        keys: HashMap::new(),
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Starts the worker now, so that it is ready when the first MPEG-4 frame comes.
pub fn prewarm() {
    SERVICE.with(|s| {
        if s.borrow().is_none() {
            *s.borrow_mut() = start_service().ok();
        }
    });
}

fn with_service<T>(f: impl FnOnce(&mut Service) -> T) -> Result<T, Mpeg4Error> {
    prewarm();
    SERVICE.with(|s| {
        s.borrow_mut()
            .as_mut()
            .map(f)
            .ok_or_else(|| Mpeg4Error::Damaged("no Web Worker to decode MPEG-4 in".into()))
    })
}

/// The decoder key of `camera` in file `file_id`, and its state.
fn camera(file_id: u32, camera: u16) -> Result<(u32, Rc<Mutex<CameraState>>), Mpeg4Error> {
    let key = with_service(|s| {
        let next = s.keys.len() as u32;
        *s.keys.entry((file_id, camera)).or_insert(next)
    })?;
    let state = CAMERAS.with(|c| c.borrow_mut().entry(key).or_default().clone());
    Ok((key, state))
}

/// The frames to send to show `frames[at]`: its camera's MPEG-4 frames after
/// `last` (the decoder's reference), or from the last key frame with a reset.
fn run_to(
    frames: &[FrameEntry],
    at: usize,
    last: Option<(usize, u64)>,
) -> Result<(bool, Vec<usize>), Mpeg4Error> {
    let target = frames
        .get(at)
        .ok_or_else(|| Mpeg4Error::Damaged("no such frame".into()))?;
    let mut run = Vec::new();
    for (i, entry) in frames[..=at].iter().enumerate().rev() {
        if entry.stream != target.stream || entry.codec != Codec::Mpeg4 {
            continue;
        }
        if i != at && last == Some((i, entry.unit_offset)) {
            run.reverse();
            return Ok((false, run));
        }
        run.push(i);
        if entry.key() {
            run.reverse();
            return Ok((true, run));
        }
        if run.len() > MAX_RUN {
            break;
        }
    }
    Err(Mpeg4Error::MissingReference(
        "no key frame (I-VOP) before this one in the file".into(),
    ))
}

async fn bitmap_of(width: u32, height: u32, rgba: &JsValue) -> Result<ImageBitmap, String> {
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

/// Decodes what is needed to show `file.index.frames[at]`, an MPEG-4 frame.
pub async fn decode_frame(file: &OpenedFile, at: usize) -> Result<ImageBitmap, Mpeg4Error> {
    let frames = &file.index.frames;
    let entry = *frames
        .get(at)
        .ok_or_else(|| Mpeg4Error::Damaged("no such frame".into()))?;
    let (key, state) = camera(file.id, entry.stream)?;
    let mut state = state.lock().await;
    if let Some((shown, bitmap)) = &state.shown {
        if *shown == at && state.last.is_some_and(|(i, _)| i == at) {
            return Ok(bitmap.clone());
        }
    }
    let (reset, run) = run_to(frames, at, state.last)?;
    let units = Array::new();
    for &i in &run {
        let (entry, unit) = file
            .unit(&frames[i])
            .await
            .map_err(|e| Mpeg4Error::Damaged(e.to_string()))?;
        match decodable(&entry, &unit) {
            Ok(Decodable::Mpeg4(es)) => {
                units.push(&Uint8Array::from(es.as_slice()));
            }
            Ok(_) => {
                return Err(Mpeg4Error::Damaged(format!(
                    "frame at byte {} is not MPEG-4",
                    entry.unit_offset
                )))
            }
            Err(error) => return Err(Mpeg4Error::Damaged(error)),
        }
    }
    // Until the answer comes, the decoder's state is unknown.
    state.last = None;
    let (sender, receiver) = oneshot::channel();
    with_service(|s| {
        s.next_id = s.next_id.wrapping_add(1);
        let id = s.next_id;
        s.pending.insert(id, sender);
        let message = [
            JsValue::from("decode"),
            id.into(),
            key.into(),
            reset.into(),
            units.into(),
        ]
        .iter()
        .collect::<Array>();
        s.worker.post_message(&message).map_err(|e| {
            s.pending.remove(&id);
            Mpeg4Error::Damaged(js_error(e))
        })
    })??;
    let answer = receiver
        .await
        .map_err(|_| Mpeg4Error::Damaged("the MPEG-4 decoding worker failed".into()))?;
    let text = |at| answer.get(at).as_string().unwrap_or_default();
    match text(0).as_str() {
        "picture" => {
            state.last = Some((at, entry.unit_offset));
            let width = answer.get(2).as_f64().unwrap_or(0.0) as u32;
            let height = answer.get(3).as_f64().unwrap_or(0.0) as u32;
            let bitmap = bitmap_of(width, height, &answer.get(4))
                .await
                .map_err(Mpeg4Error::Damaged)?;
            state.shown = Some((at, bitmap.clone()));
            Ok(bitmap)
        }
        "nothing" => {
            state.last = Some((at, entry.unit_offset));
            Err(Mpeg4Error::Damaged(
                "the frame holds headers only, no picture".into(),
            ))
        }
        _ => Err(match text(2).as_str() {
            "missing-reference" => Mpeg4Error::MissingReference(text(3)),
            "unsupported" => Mpeg4Error::Unsupported(text(3)),
            _ => Mpeg4Error::Damaged(text(3)),
        }),
    }
}
