//! The decoders the decoding workers run (`decoder_worker.rs`): MPEG-4
//! Part 2 by this project's `netvu_mpeg4` (no browser decodes it), and H.264
//! by `rusty_h264-decoder` for browsers without WebCodecs.

use netvu_mpeg4::{yuv420_to_rgba, DecodeError, Decoder, Picture, VopType};

use super::decoder_worker::{KeyedDecoder, Rgba};
use crate::core::protocol::DecodeFailure;

#[derive(Default)]
pub struct Mpeg4(Decoder);

impl KeyedDecoder for Mpeg4 {
    fn decode(&mut self, unit: &[u8], last: bool) -> Result<Option<Rgba>, DecodeFailure> {
        let picture = self.0.decode(unit).map_err(|error| match error {
            DecodeError::MissingReference | DecodeError::NoVol => {
                DecodeFailure::MissingReference(error.to_string())
            }
            DecodeError::Unsupported(_) => DecodeFailure::Unsupported(error.to_string()),
            DecodeError::Truncated | DecodeError::Invalid(_) => {
                DecodeFailure::Damaged(error.to_string())
            }
        })?;
        let Some(picture) = picture.filter(|_| last) else {
            return Ok(None);
        };
        Ok(Some(rgba(&picture, self.0.last_problems().to_vec())))
    }

    /// Keeps the VOL configuration: a seek lands on an I-VOP, which may
    /// come without one.
    fn reset(&mut self) {
        self.0.reset();
    }
}

pub struct H264(rusty_h264_decoder::Decoder);

impl Default for H264 {
    fn default() -> Self {
        H264(rusty_h264_decoder::Decoder::new())
    }
}

impl KeyedDecoder for H264 {
    fn decode(&mut self, unit: &[u8], last: bool) -> Result<Option<Rgba>, DecodeFailure> {
        let frame = self
            .0
            .decode(unit)
            .map_err(|e| DecodeFailure::Damaged(format!("H.264 not decoded: {e:?}")))?;
        let Some(frame) = frame.filter(|_| last) else {
            return Ok(None);
        };
        let (width, height) = (frame.width, frame.height);
        let (cw, ch) = (width.div_ceil(2), height.div_ceil(2));
        if frame.y.len() < width * height || frame.u.len() < cw * ch || frame.v.len() < cw * ch {
            return Err(DecodeFailure::Damaged(
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
        Ok(Some(rgba(&picture, Vec::new())))
    }
}

/// `picture` as RGBA (BT.601 limited range, 4:2:0: one conversion for both).
fn rgba(picture: &Picture, concealed: Vec<String>) -> Rgba {
    let mut pixels = vec![0u8; picture.width as usize * picture.height as usize * 4];
    yuv420_to_rgba(picture, &mut pixels);
    Rgba {
        width: picture.width,
        height: picture.height,
        pixels,
        concealed,
    }
}
