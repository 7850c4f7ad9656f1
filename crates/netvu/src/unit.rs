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
    /// A complete Windows bitmap (`.bmp`) file, as browsers and image
    /// libraries decode it.
    Bmp(Vec<u8>),
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

/// The bytes an MPEG-4 decoder takes for `entry`'s elementary stream
/// `data`: as stored, except an I-VOP without a VOL for a decoder that has
/// none yet, which gets one synthesised from the picture size
/// (`netvu-formats.md` §8.2). A guessed VOL would garble a P-VOP, and in
/// front of a decoder's real one would replace it.
pub fn mpeg4_for_decoder(entry: &FrameEntry, data: &[u8], decoder_has_vol: bool) -> Vec<u8> {
    let needs_vol = !decoder_has_vol
        && !mpeg4::has_vol(data)
        && mpeg4::first_vop_type(data) == Some(mpeg4::VopType::I);
    if needs_vol {
        mpeg4::with_vol(data, entry.width, entry.height, None)
    } else {
        data.to_vec()
    }
}

/// Builds the decodable unit for `entry` from its fetched `unit` bytes (an
/// MPEG-4 I-VOP as for a decoder that has no VOL yet: see [`mpeg4_for_decoder`]).
pub fn decodable(entry: &FrameEntry, unit: &[u8]) -> Result<Decodable, String> {
    let data = payload(entry, unit)?;
    Ok(match entry.codec {
        Codec::Jpeg => Decodable::Jpeg(rebuild_jpeg(entry, unit)?),
        Codec::Jfif => Decodable::Jpeg(data.to_vec()),
        Codec::Mpeg4 => Decodable::Mpeg4(mpeg4_for_decoder(entry, data, false)),
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
        Codec::Bmp => Decodable::Bmp(data.to_vec()),
        Codec::Info | Codec::Xml | Codec::Layout | Codec::Svars => {
            Decodable::Data(crate::text::decode(data).into_owned())
        }
    })
}

/// What a decoder that keeps its reference pictures must be given to show
/// one frame of an inter-coded stream (MPEG-4, H.264).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeRun {
    /// Start afresh: the run begins at a key frame. Otherwise the run goes
    /// on from the frame the decoder decoded last.
    pub reset: bool,
    /// Positions in the index, in decode order, ending with the frame to show.
    pub frames: Vec<usize>,
}

/// Why no run can show a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    NoSuchFrame,
    /// Neither a key frame nor the decoder's last frame comes before it.
    NoKeyFrame,
    /// The run from the last key frame would be longer than the limit.
    TooLong,
}

/// The run that shows `frames[at]`: the frames of its camera and codec from
/// the nearest of `last` (the position and unit offset of the frame the
/// decoder decoded last; the offset guards against a changed index) or the
/// last key frame, at most `max_len` of them.
pub fn decode_run(
    frames: &[FrameEntry],
    at: usize,
    last: Option<(usize, u64)>,
    max_len: usize,
) -> Result<DecodeRun, RunError> {
    let target = frames.get(at).ok_or(RunError::NoSuchFrame)?;
    let mut run = Vec::new();
    for (i, entry) in frames[..=at].iter().enumerate().rev() {
        if entry.stream != target.stream || entry.codec != target.codec {
            continue;
        }
        if i != at && last == Some((i, entry.unit_offset)) {
            run.reverse();
            return Ok(DecodeRun {
                reset: false,
                frames: run,
            });
        }
        if run.len() == max_len {
            return Err(RunError::TooLong);
        }
        run.push(i);
        if entry.key() {
            run.reverse();
            return Ok(DecodeRun {
                reset: true,
                frames: run,
            });
        }
    }
    Err(RunError::NoKeyFrame)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two interleaved cameras: camera 1 key frames at 0 and 6, camera 2 at 1.
    fn frames() -> Vec<FrameEntry> {
        (0..10u64)
            .map(|i| {
                let camera = if i % 2 == 0 { 1 } else { 2 };
                FrameEntry {
                    unit_offset: i * 100,
                    timestamp: FrameEntry::NO_TIME,
                    unit_length: 100,
                    payload_start: 0,
                    payload_length: 100,
                    number: FrameEntry::NO_NUMBER,
                    sample_rate: 0,
                    stream: camera,
                    width: 64,
                    height: 48,
                    codec: Codec::H264,
                    layout: UnitLayout::Picture,
                    flags: if i == 0 || i == 1 || i == 6 {
                        FrameEntry::KEY
                    } else {
                        0
                    },
                }
            })
            .collect()
    }

    #[test]
    fn an_i_vop_gets_a_vol_only_for_a_decoder_without_one() {
        let entry = FrameEntry {
            codec: Codec::Mpeg4,
            ..frames()[0]
        };
        let i_vop = [0, 0, 1, 0xB6, 0x10, 0x20, 0x30];
        let p_vop = [0, 0, 1, 0xB6, 0x50, 0x20, 0x30];
        let first = mpeg4_for_decoder(&entry, &i_vop, false);
        assert!(mpeg4::has_vol(&first) && first.ends_with(&i_vop));
        assert_eq!(mpeg4::vol_dimensions(&first), Some((64, 48)));
        assert_eq!(
            mpeg4_for_decoder(&entry, &i_vop, true),
            i_vop,
            "its own VOL stays"
        );
        assert_eq!(mpeg4_for_decoder(&entry, &p_vop, false), p_vop);
    }

    #[test]
    fn a_seek_runs_from_the_cameras_last_key_frame() {
        let run = decode_run(&frames(), 4, None, 100).unwrap();
        assert_eq!(
            run,
            DecodeRun {
                reset: true,
                frames: vec![0, 2, 4]
            }
        );
        let run = decode_run(&frames(), 9, None, 100).unwrap();
        assert_eq!(
            run,
            DecodeRun {
                reset: true,
                frames: vec![1, 3, 5, 7, 9]
            }
        );
    }

    #[test]
    fn stepping_on_goes_from_the_last_decoded_frame() {
        let run = decode_run(&frames(), 4, Some((2, 200)), 100).unwrap();
        assert_eq!(
            run,
            DecodeRun {
                reset: false,
                frames: vec![4]
            }
        );
    }

    #[test]
    fn a_key_frame_after_the_last_decoded_one_starts_afresh() {
        let run = decode_run(&frames(), 8, Some((2, 200)), 100).unwrap();
        assert_eq!(
            run,
            DecodeRun {
                reset: true,
                frames: vec![6, 8]
            }
        );
    }

    #[test]
    fn going_back_or_a_changed_index_starts_afresh() {
        // Back: the last decoded frame is after the target.
        let run = decode_run(&frames(), 2, Some((4, 400)), 100).unwrap();
        assert_eq!(
            run,
            DecodeRun {
                reset: true,
                frames: vec![0, 2]
            }
        );
        // The same frame again: decoded anew from its key frame.
        let run = decode_run(&frames(), 4, Some((4, 400)), 100).unwrap();
        assert!(run.reset);
        // The position now holds another unit.
        let run = decode_run(&frames(), 4, Some((2, 999)), 100).unwrap();
        assert_eq!(
            run,
            DecodeRun {
                reset: true,
                frames: vec![0, 2, 4]
            }
        );
    }

    #[test]
    fn no_key_frame_or_too_long_a_run_is_an_error() {
        let mut no_key = frames();
        no_key.iter_mut().for_each(|f| f.flags = 0);
        assert_eq!(decode_run(&no_key, 4, None, 100), Err(RunError::NoKeyFrame));
        assert_eq!(decode_run(&frames(), 9, None, 4), Err(RunError::TooLong));
        assert_eq!(
            decode_run(&frames(), 9, None, 5).map(|r| r.frames.len()),
            Ok(5)
        );
        assert_eq!(
            decode_run(&frames(), 10, None, 5),
            Err(RunError::NoSuchFrame)
        );
    }
}
