//! Inter-coded video (MPEG-4 Part 2, H.264): one decoder per camera of an
//! opened file, kept between frames. This side remembers which frame each
//! decoder decoded last, so stepping or playing forward sends only the
//! frames after it, and a seek sends the run from the camera's last key
//! frame with a reset (`netvu::unit::decode_run`).
//!
//! Where the decoders live: MPEG-4 in the MPEG-4 decoding worker (no browser
//! decodes it), H.264 in WebCodecs' `VideoDecoder` (`src/webcodecs.rs`), or,
//! where the browser has none, in the H.264 decoding worker. Both workers
//! are `src/bin/shared/keyed_worker.rs` around their decoder.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::lock::Mutex;
use js_sys::{Array, Uint8Array};
use netvu::unit::{decodable, decode_run, Decodable, RunError};
use netvu::{Codec, FrameEntry};
use web_sys::ImageBitmap;

use crate::app::OpenedFile;
use crate::decode_worker::{bitmap_of, request_decode, slot, DecoderSlot, KeyedWorker};
use crate::frame::DAMAGED_CHUNK;
use crate::webcodecs::{self, Chunk};

/// A run longer than this is not decoded to show one frame.
const MAX_RUN: usize = 600;

thread_local! {
    static MPEG4_WORKER: RefCell<KeyedWorker> =
        const { RefCell::new(KeyedWorker::new("./decoder-loader.js")) };
    static H264_WORKER: RefCell<KeyedWorker> =
        const { RefCell::new(KeyedWorker::new("./h264-decoder-loader.js")) };
    /// Requests for one camera run one at a time, in order.
    static CAMERAS: RefCell<HashMap<CameraKey, Rc<Mutex<Camera>>>> = RefCell::default();
}

/// A camera's stream of one codec in one opened file: (file id, camera, codec).
type CameraKey = (u32, u16, Codec);

/// Starts the MPEG-4 worker now, so that it is ready when the first MPEG-4
/// frame comes. (The H.264 one starts only where WebCodecs is missing.)
pub fn prewarm() {
    let _ = crate::decode_worker::start_keyed(&MPEG4_WORKER);
}

/// Why a frame has no picture.
#[derive(Debug)]
pub enum VideoError {
    /// No key frame before it (or the one before could not be decoded).
    MissingReference(String),
    /// A stream the decoder does not handle.
    Unsupported(String),
    /// Damaged headers, unreadable bytes, a failed decoder.
    Damaged(String),
}

enum Backend {
    Worker(
        &'static std::thread::LocalKey<RefCell<KeyedWorker>>,
        DecoderSlot,
    ),
    WebCodecs(webcodecs::CameraDecoder),
}

/// One camera's decoder and what it has seen.
struct Camera {
    backend: Backend,
    /// The last frame decoded (index position, unit offset): the decoder's reference.
    last: Option<(usize, u64)>,
    /// The picture of the last frame asked for, for redraws.
    shown: Option<(usize, ImageBitmap)>,
}

impl Camera {
    fn new(file_id: u32, camera: u16, codec: Codec) -> Result<Camera, VideoError> {
        let backend = match codec {
            Codec::H264 if webcodecs::available() => {
                Backend::WebCodecs(webcodecs::CameraDecoder::new().map_err(VideoError::Damaged)?)
            }
            Codec::H264 => {
                Backend::Worker(&H264_WORKER, worker_slot(&H264_WORKER, file_id, camera)?)
            }
            _ => Backend::Worker(&MPEG4_WORKER, worker_slot(&MPEG4_WORKER, file_id, camera)?),
        };
        Ok(Camera {
            backend,
            last: None,
            shown: None,
        })
    }

    /// The decoder's reference, if it still holds it.
    fn reference(&mut self, file_id: u32, camera: u16) -> Result<Option<(usize, u64)>, VideoError> {
        match &mut self.backend {
            Backend::WebCodecs(decoder) if !decoder.goes_on() => self.last = None,
            Backend::Worker(worker, slot) => {
                // A restarted worker has lost its decoders: a new slot, from a key frame.
                let now = worker_slot(worker, file_id, camera)?;
                if now != *slot {
                    *slot = now;
                    self.last = None;
                }
            }
            Backend::WebCodecs(_) => {}
        }
        Ok(self.last)
    }
}

fn worker_slot(
    worker: &'static std::thread::LocalKey<RefCell<KeyedWorker>>,
    file_id: u32,
    camera: u16,
) -> Result<DecoderSlot, VideoError> {
    slot(worker, file_id, camera)
        .map_err(|e| VideoError::Damaged(format!("no Web Worker to decode in: {e}")))
}

fn codec_name(codec: Codec) -> &'static str {
    if codec == Codec::H264 {
        "H.264"
    } else {
        "MPEG-4"
    }
}

/// The bytes a decoder takes for reference frame `frames[at]`, fetched with the PAR chunk
/// CRC checked: `None` (and the problem reported) for a damaged chunk,
/// which the run then goes without.
async fn unit_bytes(file: &OpenedFile, at: usize) -> Result<Option<Vec<u8>>, VideoError> {
    let entry = &file.index.frames[at];
    let (entry, unit, damaged) = file
        .checked_unit(entry)
        .await
        .map_err(|e| VideoError::Damaged(e.to_string()))?;
    if let Some(chunk_start) = damaged {
        crate::panels::report_problem(file.id, chunk_start, DAMAGED_CHUNK);
        return Ok(None);
    }
    match decodable(&entry, &unit) {
        Ok(Decodable::Mpeg4(bytes) | Decodable::H264(bytes)) => Ok(Some(bytes)),
        Ok(_) => Err(VideoError::Damaged(format!(
            "frame at byte {} is not {}",
            entry.unit_offset,
            codec_name(entry.codec)
        ))),
        Err(error) => Err(VideoError::Damaged(error)),
    }
}

/// Decodes what is needed to show `file.index.frames[at]`, an MPEG-4 or
/// H.264 frame whose decodable bytes (fetched and checked by the caller)
/// are `target`; the frames before it in its run are fetched here.
pub async fn decode_frame(
    file: &OpenedFile,
    at: usize,
    target: Vec<u8>,
) -> Result<ImageBitmap, VideoError> {
    let frames = &file.index.frames;
    let entry: FrameEntry = *frames
        .get(at)
        .ok_or_else(|| VideoError::Damaged("no such frame".into()))?;
    let camera = match CAMERAS.with(|c| {
        c.borrow()
            .get(&(file.id, entry.stream, entry.codec))
            .cloned()
    }) {
        Some(camera) => camera,
        None => {
            let camera = Rc::new(Mutex::new(Camera::new(file.id, entry.stream, entry.codec)?));
            CAMERAS.with(|c| {
                c.borrow_mut()
                    .entry((file.id, entry.stream, entry.codec))
                    .or_insert(camera)
                    .clone()
            })
        }
    };
    let mut camera = camera.lock().await;
    let last = camera.reference(file.id, entry.stream)?;
    if let Some((shown, bitmap)) = &camera.shown {
        if *shown == at && last.is_some_and(|(i, _)| i == at) {
            return Ok(bitmap.clone());
        }
    }
    let run = decode_run(frames, at, last, MAX_RUN).map_err(|error| match error {
        RunError::NoKeyFrame => VideoError::MissingReference(format!(
            "no key frame ({}) before this one in the file",
            if entry.codec == Codec::H264 {
                "IDR"
            } else {
                "I-VOP"
            }
        )),
        RunError::TooLong => VideoError::MissingReference(format!(
            "the last key frame is more than {MAX_RUN} frames before this one"
        )),
        RunError::NoSuchFrame => VideoError::Damaged("no such frame".into()),
    })?;
    let mut chunks = Vec::with_capacity(run.frames.len());
    // The run ends with the frame to show, whose bytes the caller has.
    let references = run.frames.split_last().map_or(&[][..], |(_, r)| r);
    for &position in references {
        if let Some(bytes) = unit_bytes(file, position).await? {
            chunks.push(Chunk {
                bytes,
                key: frames[position].key(),
                position,
            });
        }
    }
    chunks.push(Chunk {
        bytes: target,
        key: entry.key(),
        position: at,
    });
    // Until the answer comes, the decoder's state is unknown.
    camera.last = None;
    let bitmap = match &mut camera.backend {
        Backend::WebCodecs(decoder) => {
            let (bitmap, goes_on) = decoder
                .decode(run.reset, &chunks)
                .await
                .map_err(VideoError::Damaged)?;
            if goes_on {
                camera.last = Some((at, entry.unit_offset));
            }
            bitmap
        }
        Backend::Worker(worker, slot) => {
            let units: Array = chunks
                .iter()
                .map(|c| Uint8Array::from(c.bytes.as_slice()))
                .collect();
            let receiver =
                request_decode(worker, *slot, run.reset, units).map_err(VideoError::Damaged)?;
            let answer = receiver.await.map_err(|_| {
                VideoError::Damaged(format!(
                    "the {} decoding worker failed",
                    codec_name(entry.codec)
                ))
            })?;
            let text = |at| answer.get(at).as_string().unwrap_or_default();
            match text(0).as_str() {
                "picture" => {
                    camera.last = Some((at, entry.unit_offset));
                    let width = answer.get(2).as_f64().unwrap_or(0.0) as u32;
                    let height = answer.get(3).as_f64().unwrap_or(0.0) as u32;
                    bitmap_of(width, height, &answer.get(4))
                        .await
                        .map_err(VideoError::Damaged)?
                }
                "nothing" => {
                    camera.last = Some((at, entry.unit_offset));
                    return Err(VideoError::Damaged(
                        "the frame holds headers only, no picture".into(),
                    ));
                }
                _ => {
                    return Err(match text(2).as_str() {
                        "missing-reference" => VideoError::MissingReference(text(3)),
                        "unsupported" => VideoError::Unsupported(text(3)),
                        _ => VideoError::Damaged(text(3)),
                    })
                }
            }
        }
    };
    camera.shown = Some((at, bitmap.clone()));
    Ok(bitmap)
}

/// The headline of the tile shown instead of a frame's picture, and why.
pub fn explain(codec: Codec, error: VideoError) -> (String, String) {
    let name = codec_name(codec);
    match error {
        VideoError::MissingReference(why) => (format!("{name}: no reference picture"), why),
        VideoError::Unsupported(why) => (format!("{name}: not supported"), why),
        VideoError::Damaged(why) => (format!("{name}: damaged frame"), why),
    }
}
