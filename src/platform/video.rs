//! Inter-coded video (MPEG-4 Part 2, H.264): one viewer's decoders, one per
//! camera of an opened file, kept between frames. This side remembers which
//! frame each decoder decoded last, so stepping or playing forward sends
//! only the frames after it, and a seek sends the run from the camera's
//! last key frame with a reset (`netvu::unit::decode_run`).
//!
//! Where the decoders live: MPEG-4 in the viewer's MPEG-4 decoding worker
//! (no browser decodes it), H.264 in WebCodecs' `VideoDecoder`
//! (`webcodecs.rs`), or, where the browser has none, in the viewer's H.264
//! decoding worker (`decoding.rs`). Closing a file drops its decoders.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::lock::Mutex;
use js_sys::{Array, Uint8Array};
use netvu::unit::{decodable, decode_run, mpeg4_for_decoder, payload, Decodable, RunError};
use netvu::{Codec, FrameEntry};
use web_sys::ImageBitmap;

use super::decoding::{bitmap_of, DecodeWorker, DecoderSlot};
use super::frames::{damaged_chunk_problem, fetch_checked, OpenedFile, ProblemSink};
use super::webcodecs::{self, CameraDecoder, Chunk};
use crate::core::opened::FileId;
use crate::core::protocol::{DecodeFailure, FromDecoder};

/// A run longer than this is not decoded to show one frame.
const MAX_RUN: usize = 600;

/// The workers' loaders (`www/`).
const MPEG4_WORKER_LOADER: &str = "mpeg4-decoder-loader.js";
const H264_WORKER_LOADER: &str = "h264-decoder-loader.js";

/// A camera's stream of one codec in one opened file.
type CameraKey = (FileId, u16, Codec);

#[derive(Clone, Copy)]
enum WorkerKind {
    Mpeg4,
    H264,
}

enum Backend {
    Worker(WorkerKind, DecoderSlot),
    WebCodecs(CameraDecoder),
}

/// One camera's decoder and what it has seen.
struct Camera {
    backend: Backend,
    /// The last frame decoded (index position, unit offset): the decoder's
    /// reference (the offset tells a changed index).
    last: Option<(usize, u64)>,
    /// The picture of the last frame asked for, for redraws.
    shown: Option<(usize, ImageBitmap)>,
    /// An MPEG-4 decoder has a VOL (its own stream's, or one synthesised for
    /// it): I-VOPs without one then go as stored.
    has_vol: bool,
}

/// One viewer's video decoders.
pub struct VideoDecoders {
    mpeg4: RefCell<DecodeWorker>,
    h264: RefCell<DecodeWorker>,
    /// Requests for one camera run one at a time, in order.
    cameras: RefCell<HashMap<CameraKey, Rc<Mutex<Camera>>>>,
    report: ProblemSink,
}

fn codec_name(codec: Codec) -> &'static str {
    if codec == Codec::H264 {
        "H.264"
    } else {
        "MPEG-4"
    }
}

/// The failure of a decoder that gave no picture.
fn damaged(why: impl Into<String>) -> DecodeFailure {
    DecodeFailure::Damaged(why.into())
}

impl VideoDecoders {
    /// Starts the MPEG-4 worker now, so that it is ready when the first
    /// MPEG-4 frame comes. (The H.264 one starts only where WebCodecs is
    /// missing.)
    pub fn new(report: ProblemSink) -> VideoDecoders {
        let mut mpeg4 = DecodeWorker::new(MPEG4_WORKER_LOADER);
        // Without a worker now, the first MPEG-4 frame tries again and says why.
        let _ = mpeg4.start();
        VideoDecoders {
            mpeg4: RefCell::new(mpeg4),
            h264: RefCell::new(DecodeWorker::new(H264_WORKER_LOADER)),
            cameras: RefCell::default(),
            report,
        }
    }

    fn worker(&self, kind: WorkerKind) -> &RefCell<DecodeWorker> {
        match kind {
            WorkerKind::Mpeg4 => &self.mpeg4,
            WorkerKind::H264 => &self.h264,
        }
    }

    fn slot(
        &self,
        kind: WorkerKind,
        file: FileId,
        camera: u16,
    ) -> Result<DecoderSlot, DecodeFailure> {
        self.worker(kind)
            .borrow_mut()
            .slot(file, camera)
            .map_err(|e| damaged(format!("no Web Worker to decode in: {e}")))
    }

    fn new_camera(&self, file: FileId, camera: u16, codec: Codec) -> Result<Camera, DecodeFailure> {
        let backend = match codec {
            Codec::H264 if webcodecs::available() => {
                Backend::WebCodecs(CameraDecoder::new().map_err(damaged)?)
            }
            Codec::H264 => {
                Backend::Worker(WorkerKind::H264, self.slot(WorkerKind::H264, file, camera)?)
            }
            _ => Backend::Worker(
                WorkerKind::Mpeg4,
                self.slot(WorkerKind::Mpeg4, file, camera)?,
            ),
        };
        Ok(Camera {
            backend,
            last: None,
            shown: None,
            has_vol: false,
        })
    }

    fn camera(&self, file: FileId, entry: &FrameEntry) -> Result<Rc<Mutex<Camera>>, DecodeFailure> {
        let key = (file, entry.stream, entry.codec);
        if let Some(camera) = self.cameras.borrow().get(&key) {
            return Ok(camera.clone());
        }
        let camera = Rc::new(Mutex::new(self.new_camera(
            file,
            entry.stream,
            entry.codec,
        )?));
        Ok(self
            .cameras
            .borrow_mut()
            .entry(key)
            .or_insert(camera)
            .clone())
    }

    /// The decoder's reference, if it still holds it.
    fn decoder_reference(
        &self,
        camera: &mut Camera,
        file: FileId,
        stream: u16,
    ) -> Result<Option<(usize, u64)>, DecodeFailure> {
        match &mut camera.backend {
            Backend::WebCodecs(decoder) if !decoder.goes_on() => camera.last = None,
            Backend::Worker(kind, slot) => {
                // A restarted worker has lost its decoders: a new slot, from a key frame.
                let now = self.slot(*kind, file, stream)?;
                if now != *slot {
                    *slot = now;
                    camera.last = None;
                    camera.has_vol = false;
                }
            }
            Backend::WebCodecs(_) => {}
        }
        Ok(camera.last)
    }

    /// Drops the decoders of `file`'s cameras (it was closed).
    pub fn forget_file(&self, file: FileId) {
        self.cameras
            .borrow_mut()
            .retain(|(of, _, _), _| *of != file);
        self.mpeg4.borrow_mut().forget_file(file);
        self.h264.borrow_mut().forget_file(file);
    }

    /// Reference frame `frames[at]`, fetched with the PAR chunk CRC checked:
    /// `None` (and the problem reported) for a damaged chunk, which the run
    /// then goes without.
    async fn reference(
        &self,
        file: &OpenedFile,
        at: usize,
    ) -> Result<Option<(FrameEntry, Vec<u8>)>, DecodeFailure> {
        let fetched = fetch_checked(file, at).await.map_err(damaged)?;
        if let Some(chunk_start) = fetched.damaged_chunk {
            (self.report)(file.id, damaged_chunk_problem(file, chunk_start, &fetched));
            return Ok(None);
        }
        Ok(Some((fetched.entry, fetched.unit)))
    }

    /// Decodes what is needed to show `file.index.frames[at]`, an MPEG-4 or
    /// H.264 frame whose unit `target` (with its `entry` as its part indexes
    /// it) the caller fetched and checked; the frames before it in its run
    /// are fetched here.
    pub async fn decode_frame(
        &self,
        file: &OpenedFile,
        at: usize,
        entry: FrameEntry,
        target: &[u8],
    ) -> Result<ImageBitmap, DecodeFailure> {
        let camera = self.camera(file.id, &entry)?;
        let mut camera = camera.lock().await;
        let last = self.decoder_reference(&mut camera, file.id, entry.stream)?;
        if let Some((shown, bitmap)) = &camera.shown {
            if *shown == at && last.is_some_and(|(i, _)| i == at) {
                return Ok(bitmap.clone());
            }
        }
        let run = decode_run(&file.index.frames, at, last, MAX_RUN)
            .map_err(|error| run_failure(error, entry.codec))?;
        // The run ends with the frame to show, whose bytes the caller has.
        let mut units = Vec::with_capacity(run.frames.len());
        for &position in run.frames.split_last().map_or(&[][..], |(_, r)| r) {
            if let Some(unit) = self.reference(file, position).await? {
                units.push((position, unit));
            }
        }
        units.push((at, (entry, target.to_vec())));
        let chunks = chunks_for(&mut camera, units)?;
        // Until the answer comes, the decoder's state is unknown.
        camera.last = None;
        let (bitmap, goes_on) = self
            .decode_chunks(&mut camera.backend, run.reset, &chunks, entry.codec)
            .await?;
        if goes_on {
            camera.last = Some((at, entry.unit_offset));
        }
        let bitmap = bitmap?;
        camera.shown = Some((at, bitmap.clone()));
        Ok(bitmap)
    }

    /// Sends `chunks` to `backend`'s decoder (from a key frame if `reset`):
    /// the last one's picture, and whether the decoder goes on from it.
    async fn decode_chunks(
        &self,
        backend: &mut Backend,
        reset: bool,
        chunks: &[Chunk],
        codec: Codec,
    ) -> Result<(Result<ImageBitmap, DecodeFailure>, bool), DecodeFailure> {
        let (kind, slot) = match backend {
            Backend::WebCodecs(decoder) => {
                let (bitmap, goes_on) = decoder.decode(reset, chunks).await.map_err(damaged)?;
                return Ok((Ok(bitmap), goes_on));
            }
            Backend::Worker(kind, slot) => (*kind, *slot),
        };
        let units: Array = chunks
            .iter()
            .map(|c| Uint8Array::from(c.bytes.as_slice()))
            .collect();
        let receiver = self
            .worker(kind)
            .borrow_mut()
            .decode(slot, reset, &units)
            .map_err(damaged)?;
        let (answer, pixels) = receiver
            .await
            .map_err(|_| damaged(format!("the {} decoding worker failed", codec_name(codec))))?;
        Ok(match answer {
            FromDecoder::Picture { width, height, .. } => (
                bitmap_of(width, height, &pixels).await.map_err(damaged),
                true,
            ),
            FromDecoder::HeadersOnly { .. } => (
                Err(damaged("the frame holds headers only, no picture")),
                true,
            ),
            FromDecoder::Failed { failure, .. } => (Err(failure), false),
        })
    }
}

/// The chunks of a run's `units` (position, entry, bytes) for `camera`'s
/// decoder, which then has a VOL if any of them gave it one.
fn chunks_for(
    camera: &mut Camera,
    units: Vec<(usize, (FrameEntry, Vec<u8>))>,
) -> Result<Vec<Chunk>, DecodeFailure> {
    let mut has_vol = camera.has_vol;
    let chunks = units
        .into_iter()
        .map(|(position, (entry, unit))| {
            Ok(Chunk {
                bytes: decoder_bytes(&entry, &unit, &mut has_vol)?,
                key: entry.key(),
                position,
            })
        })
        .collect::<Result<Vec<Chunk>, DecodeFailure>>()?;
    camera.has_vol = has_vol;
    Ok(chunks)
}

/// What the decoder takes of a frame: H.264 as Annex B; MPEG-4 with a VOL
/// only while the decoder has none (`has_vol`, updated).
fn decoder_bytes(
    entry: &FrameEntry,
    unit: &[u8],
    has_vol: &mut bool,
) -> Result<Vec<u8>, DecodeFailure> {
    match entry.codec {
        Codec::Mpeg4 => {
            let bytes = mpeg4_for_decoder(entry, payload(entry, unit).map_err(damaged)?, *has_vol);
            *has_vol |= netvu::codec::mpeg4::has_vol(&bytes);
            Ok(bytes)
        }
        _ => match decodable(entry, unit) {
            Ok(Decodable::H264(bytes)) => Ok(bytes),
            Ok(_) => Err(damaged(format!(
                "frame at byte {} is not {}",
                entry.unit_offset,
                codec_name(entry.codec)
            ))),
            Err(error) => Err(damaged(error)),
        },
    }
}

fn run_failure(error: RunError, codec: Codec) -> DecodeFailure {
    match error {
        RunError::NoKeyFrame => DecodeFailure::MissingReference(format!(
            "no key frame ({}) before this one in the file",
            if codec == Codec::H264 { "IDR" } else { "I-VOP" }
        )),
        RunError::TooLong => DecodeFailure::MissingReference(format!(
            "the last key frame is more than {MAX_RUN} frames before this one"
        )),
        RunError::NoSuchFrame => damaged("no such frame"),
    }
}

/// The headline of the tile shown instead of a frame's picture, and why.
pub fn explain(codec: Codec, failure: DecodeFailure) -> (String, String) {
    let name = codec_name(codec);
    match failure {
        DecodeFailure::MissingReference(why) => (format!("{name}: no reference picture"), why),
        DecodeFailure::Unsupported(why) => (format!("{name}: not supported"), why),
        DecodeFailure::Damaged(why) => (format!("{name}: damaged frame"), why),
    }
}
