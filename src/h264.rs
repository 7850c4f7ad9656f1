//! H.264 through the browser's WebCodecs decoder, or, where the browser has
//! none, through the H.264 decoding worker (`src/h264_worker.rs`). A delta frame needs every
//! frame since its camera's last key frame, so this decodes that run and keeps
//! the last picture. (Simple and stateless; a decoder kept per camera while
//! stepping forwards would avoid decoding the run again: a later slice.)

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use netvu::unit::{decodable, Decodable};
use netvu::{Codec, FrameEntry};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    EncodedVideoChunk, EncodedVideoChunkInit, EncodedVideoChunkType, ImageBitmap, VideoDecoder,
    VideoDecoderConfig, VideoDecoderInit, VideoFrame,
};

use crate::app::OpenedFile;

/// High profile, level 4.0: Chromium's decoder takes streams of lower
/// profiles and levels under it, and the real parameters come in-band (Annex B).
const CODEC: &str = "avc1.640028";

/// A run longer than this is not decoded to show one frame.
const MAX_RUN: usize = 600;

fn js_error(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// The frames to decode to show `frames[at]`: its camera's H.264 frames from
/// the last key frame up to it.
fn run_to(frames: &[FrameEntry], at: usize) -> Result<Vec<FrameEntry>, String> {
    let target = frames.get(at).ok_or("no such frame")?;
    let same_stream = |f: &&FrameEntry| f.stream == target.stream && f.codec == Codec::H264;
    let mut run: Vec<FrameEntry> = Vec::new();
    for entry in frames[..=at].iter().rev().filter(same_stream) {
        run.push(*entry);
        if entry.key() {
            run.reverse();
            return Ok(run);
        }
        if run.len() > MAX_RUN {
            break;
        }
    }
    Err("no key frame before this one in the file".into())
}

/// Decodes what is needed to show `file.index.frames[at]` and returns its picture.
pub async fn decode_frame(file: &OpenedFile, at: usize) -> Result<ImageBitmap, String> {
    let run = run_to(&file.index.frames, at)?;
    if crate::h264_worker::needed() {
        let units = Array::new();
        for entry in &run {
            let (entry, unit) = file.unit(entry).await.map_err(|e| e.to_string())?;
            let Ok(Decodable::H264(access_unit)) = decodable(&entry, &unit) else {
                return Err(format!("frame at byte {} is not H.264", entry.unit_offset));
            };
            units.push(&Uint8Array::from(access_unit.as_slice()));
        }
        return crate::h264_worker::decode(units).await;
    }
    let latest: Rc<RefCell<Option<VideoFrame>>> = Rc::default();
    let failure: Rc<RefCell<Option<String>>> = Rc::default();
    let on_output = {
        let latest = latest.clone();
        Closure::<dyn FnMut(VideoFrame)>::new(move |frame: VideoFrame| {
            // Frames hold decoder memory until closed: keep only the newest.
            if let Some(older) = latest.borrow_mut().replace(frame) {
                older.close();
            }
        })
    };
    let on_error = {
        let failure = failure.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |error: JsValue| {
            *failure.borrow_mut() = Some(js_error(error))
        })
    };
    let decoder = VideoDecoder::new(&VideoDecoderInit::new(
        on_error.as_ref().unchecked_ref(),
        on_output.as_ref().unchecked_ref(),
    ))
    .map_err(js_error)?;
    let config = VideoDecoderConfig::new(CODEC);
    config.set_optimize_for_latency(true);
    decoder.configure(&config).map_err(js_error)?;
    for (position, entry) in run.iter().enumerate() {
        let (entry, unit) = file.unit(entry).await.map_err(|e| e.to_string())?;
        let Ok(Decodable::H264(access_unit)) = decodable(&entry, &unit) else {
            return Err(format!("frame at byte {} is not H.264", entry.unit_offset));
        };
        let kind = if position == 0 {
            EncodedVideoChunkType::Key
        } else {
            EncodedVideoChunkType::Delta
        };
        let init = EncodedVideoChunkInit::new(
            &Uint8Array::from(access_unit.as_slice()),
            position as i32,
            kind,
        );
        decoder
            .decode(&EncodedVideoChunk::new(&init).map_err(js_error)?)
            .map_err(js_error)?;
    }
    let flushed = JsFuture::from(decoder.flush()).await;
    // Closing twice (after an error) throws; nothing to do about it.
    let _ = decoder.close();
    if let Some(error) = failure.borrow_mut().take() {
        return Err(error);
    }
    flushed.map_err(js_error)?;
    let frame = latest
        .borrow_mut()
        .take()
        .ok_or("the decoder gave no picture")?;
    let window = web_sys::window().ok_or("no window")?;
    let bitmap = match window.create_image_bitmap_with_video_frame(&frame) {
        Ok(promise) => JsFuture::from(promise).await.map_err(js_error),
        Err(error) => Err(js_error(error)),
    };
    frame.close();
    bitmap
}
