//! Decodable units: what a decoder needs for one indexed frame, built from
//! the frame's unit bytes (a rebuilt JFIF, an MPEG-4 frame with a VOL where
//! the stream has none, H.264 in Annex B, PCM samples, a mask bitmap).

use crate::bytes::Endian;
use crate::codec::{adpcm, h264, jpeg, mpeg4, pbm};
use crate::header::PicHeader;
use crate::model::{Codec, FrameEntry, UnitLayout};

/// One frame, ready for a decoder.
#[derive(Clone, Debug, PartialEq)]
pub enum Decodable {
    /// A complete JFIF file.
    Jpeg(Vec<u8>),
    /// MPEG-4 Part 2 elementary-stream bytes, with VOS/VO/VOL where needed.
    Mpeg4(Vec<u8>),
    /// H.264 in Annex B.
    H264(Vec<u8>),
    /// Mono 16-bit samples.
    Audio {
        sample_rate: u32,
        samples: Vec<i16>,
    },
    Mask(pbm::Mask),
    Data(String),
}

/// The payload bytes of `entry` inside its `unit`.
pub fn payload<'a>(entry: &FrameEntry, unit: &'a [u8]) -> Result<&'a [u8], String> {
    let start = entry.payload_start as usize;
    unit.get(start..start + entry.payload_length as usize)
        .ok_or_else(|| format!("unit of {} bytes does not hold the payload", unit.len()))
}

/// The complete JFIF of a headerless JPEG frame, rebuilt from its picture
/// header exactly as the vendor demuxer does.
pub fn rebuild_jpeg(entry: &FrameEntry, unit: &[u8]) -> Result<Vec<u8>, String> {
    let e = if entry.layout == UnitLayout::PictureLe {
        Endian::Little
    } else {
        Endian::Big
    };
    let h = PicHeader::parse(unit, e).ok_or("picture header unreadable")?;
    let q = u8::try_from(h.factor)
        .ok()
        .filter(|&q| q >= 1)
        .ok_or_else(|| format!("Q factor {} outside 1..255", h.factor))?;
    Ok(jpeg::rebuild_jfif(
        q,
        h.target_pixels,
        h.target_lines,
        h.vid_format,
        payload(entry, unit)?,
    ))
}

/// Builds the decodable unit for `entry` from its fetched `unit` bytes.
pub fn decodable(entry: &FrameEntry, unit: &[u8]) -> Result<Decodable, String> {
    let data = payload(entry, unit)?;
    Ok(match entry.codec {
        Codec::Jpeg => Decodable::Jpeg(rebuild_jpeg(entry, unit)?),
        Codec::Jfif => Decodable::Jpeg(data.to_vec()),
        // Only an I-VOP without a VOL gets one: a guessed VOL would garble a P-VOP.
        Codec::Mpeg4
            if !mpeg4::has_vol(data) && mpeg4::first_vop_type(data) == Some(mpeg4::VopType::I) =>
        {
            Decodable::Mpeg4(mpeg4::with_vol(data, entry.width, entry.height, None))
        }
        Codec::Mpeg4 => Decodable::Mpeg4(data.to_vec()),
        Codec::H264 => Decodable::H264(h264::to_annex_b(data)),
        Codec::AdpcmIma => Decodable::Audio {
            sample_rate: entry.sample_rate,
            samples: adpcm::decode_ima_netvu(data),
        },
        Codec::PcmS16le => Decodable::Audio {
            sample_rate: entry.sample_rate,
            samples: adpcm::decode_pcm_s16le(data),
        },
        Codec::Pbm => {
            Decodable::Mask(pbm::parse_pbm(data).map_err(|e| format!("PBM mask: {e:?}"))?)
        }
        Codec::Info | Codec::Xml | Codec::Layout | Codec::Svars | Codec::Bmp => {
            Decodable::Data(crate::text::decode(data).into_owned())
        }
    })
}
