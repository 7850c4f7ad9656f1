//! H.264 through the browser's WebCodecs `VideoDecoder`, one per camera,
//! kept between frames: stepping or playing forward decodes one access unit.
//! Each chunk's timestamp is its position in the index, so the picture
//! wanted is told apart from the ones decoded only as references.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::Uint8Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CodecState, EncodedVideoChunk, EncodedVideoChunkInit, EncodedVideoChunkType, ImageBitmap,
    VideoDecoder, VideoDecoderConfig, VideoDecoderInit, VideoFrame,
};

use super::js::js_error;

/// High profile, level 4.0: Chromium's decoder takes streams of lower
/// profiles and levels under it, and the real parameters come in-band (Annex B).
const CODEC: &str = "avc1.640028";

/// How long a picture may take to come out before the decoder is flushed
/// for it. NetVu streams have no B-frames, so with `optimizeForLatency` a
/// picture comes out once decoded; a stream that reorders needs the flush.
const OUTPUT_WAIT_MS: u32 = 1_000;

/// Whether the browser has WebCodecs' `VideoDecoder`.
pub fn available() -> bool {
    web_sys::window().is_some_and(|window| {
        js_sys::Reflect::has(&window, &JsValue::from_str("VideoDecoder")).unwrap_or(false)
    })
}

/// The picture wanted (by chunk timestamp) and who waits for it.
type Waiting = Rc<RefCell<Option<(i32, oneshot::Sender<Result<VideoFrame, String>>)>>>;

/// One camera's decoder.
pub struct CameraDecoder {
    decoder: VideoDecoder,
    waiting: Waiting,
    _on_output: Closure<dyn FnMut(VideoFrame)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

/// An access unit to decode: its bytes, whether it is a key frame, and its
/// position in the index.
pub struct Chunk {
    pub bytes: Vec<u8>,
    pub key: bool,
    pub position: usize,
}

fn timestamp(position: usize) -> i32 {
    i32::try_from(position).unwrap_or(i32::MAX)
}

impl CameraDecoder {
    pub fn new() -> Result<CameraDecoder, String> {
        let waiting: Waiting = Rc::default();
        let on_output = {
            let waiting = waiting.clone();
            Closure::<dyn FnMut(VideoFrame)>::new(move |frame: VideoFrame| {
                let wanted = waiting
                    .borrow()
                    .as_ref()
                    .is_some_and(|(at, _)| f64::from(*at) == frame.timestamp());
                match wanted.then(|| waiting.borrow_mut().take()).flatten() {
                    Some((_, sender)) => {
                        if let Err(Ok(unwanted)) = sender.send(Ok(frame)) {
                            unwanted.close();
                        }
                    }
                    // A reference picture only: frames hold decoder memory until closed.
                    None => frame.close(),
                }
            })
        };
        let on_error = {
            let waiting = waiting.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |error: JsValue| {
                if let Some((_, sender)) = waiting.borrow_mut().take() {
                    let _ = sender.send(Err(js_error(error)));
                }
            })
        };
        let decoder = VideoDecoder::new(&VideoDecoderInit::new(
            on_error.as_ref().unchecked_ref(),
            on_output.as_ref().unchecked_ref(),
        ))
        .map_err(js_error)?;
        Ok(CameraDecoder {
            decoder,
            waiting,
            _on_output: on_output,
            _on_error: on_error,
        })
    }

    /// Whether the decoder still holds the references of what it decoded
    /// last (an error closes it).
    pub fn goes_on(&self) -> bool {
        self.decoder.state() == CodecState::Configured
    }

    /// Decodes `chunks` (from a key frame if `reset`, else going on from the
    /// last decoded) and returns the last one's picture, and whether the
    /// decoder can go on from it (not after a flush, which makes it wait for
    /// a key frame).
    pub async fn decode(
        &mut self,
        reset: bool,
        chunks: &[Chunk],
    ) -> Result<(ImageBitmap, bool), String> {
        let target = chunks.last().ok_or("no H.264 frame to decode")?;
        if self.decoder.state() == CodecState::Closed {
            // An error closed it (the caller then resets: see `goes_on`).
            *self = CameraDecoder::new()?;
        }
        if reset || self.decoder.state() != CodecState::Configured {
            if self.decoder.state() == CodecState::Configured {
                self.decoder.reset().map_err(js_error)?;
            }
            let config = VideoDecoderConfig::new(CODEC);
            config.set_optimize_for_latency(true);
            self.decoder.configure(&config).map_err(js_error)?;
        }
        let (sender, receiver) = oneshot::channel();
        *self.waiting.borrow_mut() = Some((timestamp(target.position), sender));
        for chunk in chunks {
            let kind = if chunk.key {
                EncodedVideoChunkType::Key
            } else {
                EncodedVideoChunkType::Delta
            };
            let init = EncodedVideoChunkInit::new(
                &Uint8Array::from(chunk.bytes.as_slice()),
                timestamp(chunk.position),
                kind,
            );
            self.decoder
                .decode(&EncodedVideoChunk::new(&init).map_err(js_error)?)
                .map_err(js_error)?;
        }
        let (frame, goes_on) = match select(receiver, TimeoutFuture::new(OUTPUT_WAIT_MS)).await {
            Either::Left((frame, _)) => (frame, true),
            Either::Right((_, receiver)) => {
                // Held back for reordering, or slow: flush it out. Every
                // picture is out when the flush ends; none may be the one.
                let flushed = JsFuture::from(self.decoder.flush()).await;
                self.waiting.borrow_mut().take();
                flushed.map_err(js_error)?;
                (receiver.await, false)
            }
        };
        let frame = frame
            .map_err(|_| "the decoder gave no picture".to_string())?
            .map_err(|e| format!("H.264 not decoded: {e}"))?;
        let window = web_sys::window().ok_or("no window")?;
        let bitmap = match window.create_image_bitmap_with_video_frame(&frame) {
            Ok(promise) => JsFuture::from(promise).await.map_err(js_error),
            Err(error) => Err(js_error(error)),
        };
        frame.close();
        Ok((bitmap?, goes_on))
    }
}

impl Drop for CameraDecoder {
    fn drop(&mut self) {
        // Already closed after an error: nothing to free.
        let _ = self.decoder.close();
    }
}
