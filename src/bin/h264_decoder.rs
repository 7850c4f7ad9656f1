//! The H.264 decoding worker, for browsers without WebCodecs
//! (`window.VideoDecoder` missing): the page sends the Annex B access units
//! of a camera's frames and gets RGBA pictures back, decoded by
//! `rusty_h264-decoder` (pure Rust) off the page's thread, one decoder per
//! camera (the protocol is in `shared/keyed_worker.rs`). The page starts
//! this worker only then, so a browser with WebCodecs never fetches it.
//!
//! Loaded by `www/h264-decoder-loader.js`, which queues messages until this is ready.

#[cfg(target_arch = "wasm32")]
#[path = "shared/keyed_worker.rs"]
#[allow(dead_code)] // failure kinds only the MPEG-4 decoder tells apart
mod keyed_worker;

#[cfg(target_arch = "wasm32")]
mod h264 {
    use netvu_mpeg4::{yuv420_to_rgba, Picture, VopType};

    use crate::keyed_worker::{Failure, KeyedDecoder, Rgba};

    pub struct H264(rusty_h264_decoder::Decoder);

    impl Default for H264 {
        fn default() -> Self {
            H264(rusty_h264_decoder::Decoder::new())
        }
    }

    impl KeyedDecoder for H264 {
        fn decode(&mut self, unit: &[u8], last: bool) -> Result<Option<Rgba>, Failure> {
            let frame = self
                .0
                .decode(unit)
                .map_err(|e| Failure::Damaged(format!("H.264 not decoded: {e:?}")))?;
            let Some(frame) = frame.filter(|_| last) else {
                return Ok(None);
            };
            let (width, height) = (frame.width, frame.height);
            let (cw, ch) = (width.div_ceil(2), height.div_ceil(2));
            if frame.y.len() < width * height || frame.u.len() < cw * ch || frame.v.len() < cw * ch
            {
                return Err(Failure::Damaged(
                    "the H.264 decoder returned short planes".into(),
                ));
            }
            let picture = Picture {
                width: width as u32,
                height: height as u32,
                y: frame.y,
                u: frame.u,
                v: frame.v,
                vop_type: VopType::I,
                coded: true,
            };
            let mut pixels = vec![0u8; width * height * 4];
            // BT.601 limited range, 4:2:0: the MPEG-4 worker's conversion.
            yuv420_to_rgba(&picture, &mut pixels);
            Ok(Some(Rgba {
                width: picture.width,
                height: picture.height,
                pixels,
                problems: Vec::new(),
            }))
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    keyed_worker::start::<h264::H264>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the netvu-viewer H.264 decoding worker runs in a browser's Web Worker");
    std::process::exit(2);
}
