//! The MPEG-4 decoding worker: no browser decodes MPEG-4 Part 2, so the
//! page sends the elementary-stream bytes of a camera's frames here and gets
//! RGBA pictures back, decoded by `netvu_mpeg4` off the page's thread, one
//! decoder per camera (the protocol is in `shared/keyed_worker.rs`).
//!
//! Loaded by `www/decoder-loader.js`, which queues messages until this is ready.

#[cfg(target_arch = "wasm32")]
#[path = "shared/keyed_worker.rs"]
mod keyed_worker;

#[cfg(target_arch = "wasm32")]
mod mpeg4 {
    use netvu_mpeg4::{yuv420_to_rgba, DecodeError, Decoder};

    use crate::keyed_worker::{Failure, KeyedDecoder, Rgba};

    #[derive(Default)]
    pub struct Mpeg4(Decoder);

    impl KeyedDecoder for Mpeg4 {
        fn decode(&mut self, unit: &[u8], last: bool) -> Result<Option<Rgba>, Failure> {
            let picture = self.0.decode(unit).map_err(|error| match error {
                DecodeError::MissingReference | DecodeError::NoVol => {
                    Failure::MissingReference(error.to_string())
                }
                DecodeError::Unsupported(_) => Failure::Unsupported(error.to_string()),
                DecodeError::Truncated | DecodeError::Invalid(_) => {
                    Failure::Damaged(error.to_string())
                }
            })?;
            let Some(picture) = picture.filter(|_| last) else {
                return Ok(None);
            };
            let mut pixels = vec![0u8; picture.width as usize * picture.height as usize * 4];
            yuv420_to_rgba(&picture, &mut pixels);
            Ok(Some(Rgba {
                width: picture.width,
                height: picture.height,
                pixels,
                problems: self.0.last_problems().to_vec(),
            }))
        }

        /// Keeps the VOL configuration: a seek lands on an I-VOP, which may
        /// come without one.
        fn reset(&mut self) {
            self.0.reset();
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    keyed_worker::start::<mpeg4::Mpeg4>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the netvu-viewer MPEG-4 decoding worker runs in a browser's Web Worker");
    std::process::exit(2);
}
