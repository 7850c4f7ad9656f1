//! MPEG-4 Part 2 through the decoding worker (`src/bin/decoder.rs`, the
//! `netvu_mpeg4` crate): no browser decodes it. One decoder per camera of an
//! opened file lives in the worker; this side remembers which frame each
//! decoder saw last, so stepping or playing forward sends only the frames
//! after it, and a seek sends the run from the camera's last key frame with
//! a reset. Pictures come back as RGBA and become `ImageBitmap`s.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::lock::Mutex;
use js_sys::{Array, Uint8Array};
use netvu::unit::{decodable, Decodable};
use netvu::{Codec, FrameEntry};
use web_sys::ImageBitmap;

use crate::app::OpenedFile;
use crate::decode_worker::{bitmap_of, DecodeWorker};

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
    worker: DecodeWorker,
    /// Decoder key of each (file, camera).
    keys: HashMap<(u32, u16), u32>,
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

fn start_service() -> Result<Service, String> {
    let worker = DecodeWorker::start(WORKER_URL, || {
        // The worker is gone: the next request starts afresh, every camera reset.
        if let Some(service) = SERVICE.with(|s| s.borrow_mut().take()) {
            service.worker.terminate();
        }
        CAMERAS.with(|c| c.borrow_mut().clear());
    })?;
    Ok(Service {
        worker,
        keys: HashMap::new(),
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
    let receiver = with_service(|s| {
        s.worker
            .request("decode", &[key.into(), reset.into(), units.into()])
            .map_err(Mpeg4Error::Damaged)
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
