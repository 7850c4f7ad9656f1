//! The one body parser: AD binary chunk payloads and PAR `FRAM` bodies are
//! byte-identical (`par-format.md` §3.2), so both readers call this.
//!
//! It looks only at the front of a body (headers, text, the first bytes of an
//! elementary stream), never at the whole payload, so indexing skips payloads.

use crate::bytes::{be16, be32, Endian};
use crate::codec::{adpcm, h264, jpeg, mpeg4, pbm};
use crate::header::{self, AudioHeader, PicCore, AUDIO_HEADER_LEN, PIC_HEADER_LEN};
use crate::limits::{ES_PROBE, MAX_JFIF_HEADER, MAX_TEXT};
use crate::model::{Codec, FrameEntry, UnitLayout};
use crate::textblock;
use std::ops::Range;

/// AD data-type codes (`netvu-formats.md` §3.2).
pub mod data_type {
    pub const JPEG: u8 = 0;
    pub const JFIF: u8 = 1;
    pub const MPEG4_I: u8 = 2;
    pub const MPEG4_P: u8 = 3;
    pub const AUDIO_ADPCM: u8 = 4;
    pub const AUDIO_RAW: u8 = 5;
    pub const MINIMAL_MPEG4: u8 = 6;
    pub const MINIMAL_AUDIO: u8 = 7;
    pub const LAYOUT: u8 = 8;
    pub const INFO: u8 = 9;
    pub const H264_I: u8 = 10;
    pub const H264_P: u8 = 11;
    pub const XML_INFO: u8 = 12;
    pub const BMP: u8 = 13;
    pub const PBM: u8 = 14;
    pub const SVARS_INFO: u8 = 15;
    /// Codes at or above this are invalid.
    pub const MAX: u8 = 16;
}

/// What the front of a body says about its unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub codec: Codec,
    pub layout: UnitLayout,
    pub payload: Range<u64>,
    /// Body length by the body's own counts (header + text + picture).
    pub len: u64,
    pub camera: Option<u16>,
    pub width: u16,
    pub height: u16,
    pub timestamp: Option<i64>,
    pub key: bool,
    pub number: Option<u32>,
    pub sample_rate: u32,
    pub sampling_420: bool,
    /// The camera title, raw bytes, for stream summaries.
    pub title: Option<Vec<u8>>,
}

/// Why a body could not be read yet, or at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyError {
    /// The first `n` bytes of the body are needed.
    Need(usize),
    Invalid(String),
}

type BodyResult = Result<Body, BodyError>;

fn need(b: &[u8], n: usize) -> Result<(), BodyError> {
    if b.len() < n {
        Err(BodyError::Need(n))
    } else {
        Ok(())
    }
}

/// Per-file facts learnt from earlier units that later units need.
#[derive(Clone, Debug, Default)]
pub struct StreamState {
    /// Minimal (type 6) frames: MPEG-4 or H.264, decided once per file from
    /// the first such frame, as the vendor does (`netvu-formats.md` §8.1).
    pub minimal_codec: Option<Codec>,
    /// `IMAGESIZE` from an INFO unit.
    pub info_size: Option<(u16, u16)>,
    /// `CAM n:title` items from INFO units: the only titles minimal frames have.
    pub info_titles: Vec<(u16, Vec<u8>)>,
    /// Last picture size seen in each camera's stream (from VOL or SPS).
    sizes: Vec<(u16, (u16, u16))>,
}

impl StreamState {
    pub fn remember_size(&mut self, camera: u16, size: (u16, u16)) {
        if let Some(slot) = self.sizes.iter_mut().find(|(c, _)| *c == camera) {
            slot.1 = size;
        } else if self.sizes.len() < 1024 {
            self.sizes.push((camera, size));
        }
    }

    pub fn size_of(&self, camera: u16) -> Option<(u16, u16)> {
        self.sizes
            .iter()
            .find(|(c, _)| *c == camera)
            .map(|(_, s)| *s)
            .or(self.info_size)
    }

    /// The title an INFO unit gave `camera`, if any.
    pub fn info_title(&self, camera: u16) -> Option<&[u8]> {
        self.info_titles
            .iter()
            .find(|(c, _)| *c == camera)
            .map(|(_, t)| t.as_slice())
    }

    /// Takes `IMAGESIZE x0,y0:x1,y1;` and `CAM n:title;` from an INFO text.
    pub fn learn_info(&mut self, text: &[u8]) {
        for item in text.split(|&c| c == b';') {
            let item = item
                .strip_prefix(b"\0")
                .or_else(|| item.strip_prefix(b"\x01"))
                .unwrap_or(item);
            let Some(rest) = item.strip_prefix(b"CAM ") else {
                continue;
            };
            let Some(colon) = rest.iter().position(|&c| c == b':') else {
                continue;
            };
            let number = std::str::from_utf8(&rest[..colon])
                .ok()
                .and_then(|n| n.trim().parse::<u16>().ok());
            if let Some(n) = number {
                self.info_titles.retain(|(c, _)| *c != n);
                if self.info_titles.len() < 1024 {
                    self.info_titles.push((n, rest[colon + 1..].to_vec()));
                }
            }
        }
        let text = String::from_utf8_lossy(text);
        if let Some(rest) = text.split("IMAGESIZE").nth(1) {
            let item = rest.split(';').next().unwrap_or("");
            if let Some((_, corner)) = item.split_once(':') {
                let mut nums = corner.split(',').map(|n| n.trim().parse::<u16>().ok());
                if let (Some(Some(w)), Some(Some(h))) = (nums.next(), nums.next()) {
                    if w > 0 && h > 0 {
                        self.info_size = Some((w, h));
                    }
                }
            }
        }
    }
}

/// Title, camera, timestamp and frame number from NetVu comment fields.
pub struct CommentMeta {
    pub title: Option<Vec<u8>>,
    pub camera: Option<u16>,
    pub timestamp: Option<i64>,
    pub number: Option<u32>,
}

/// Reads the metadata a JFIF COM segment or a MIME text part carries.
pub fn comment_meta(text: &[u8]) -> CommentMeta {
    let fields = jpeg::parse_comment(text);
    let timestamp = match (fields.date, fields.time) {
        (Some(d), Some(t)) => jpeg::utc_millis(d, t, fields.msec.unwrap_or(0).rem_euclid(1000)),
        _ => None,
    };
    CommentMeta {
        title: fields.name.clone(),
        camera: fields.number.and_then(|n| u16::try_from(n).ok()),
        timestamp,
        number: textblock::frame_number(&fields.extra_text),
    }
}

/// Parses the body of AD data type `dt` whose container says it is
/// `declared` bytes long; `b` holds its first bytes.
pub fn parse(dt: u8, b: &[u8], declared: u64, channel: u8, state: &mut StreamState) -> BodyResult {
    use data_type::*;
    match dt {
        JPEG | MPEG4_I | MPEG4_P | H264_I | H264_P => picture(dt, b, Endian::Big),
        // Real units also send a picture header and a headerless JPEG as type 1.
        JFIF if b.len() >= 4 && be32(b, 0).is_some_and(header::is_pic_version) => {
            picture(JPEG, b, Endian::Big)
        }
        JFIF => jfif(b, declared, channel),
        AUDIO_ADPCM | AUDIO_RAW => audio(dt, b, Endian::Big),
        MINIMAL_MPEG4 => minimal_video(b, declared, channel, state),
        MINIMAL_AUDIO => minimal_audio(b, declared),
        PBM => mask(b, declared, channel),
        LAYOUT | INFO | XML_INFO | SVARS_INFO | BMP => data(dt, b, declared, state),
        _ => Err(BodyError::Invalid(format!("unknown data type {dt}"))),
    }
}

/// A body starting with a NetVu picture header.
pub fn picture(dt: u8, b: &[u8], e: Endian) -> BodyResult {
    need(b, PIC_HEADER_LEN)?;
    let pic = PicCore::parse(b, e)
        .ok_or_else(|| BodyError::Invalid("bad picture header version".into()))?;
    let text_len = pic.start_offset as usize;
    if text_len > MAX_TEXT {
        return Err(BodyError::Invalid(format!(
            "text block of {} bytes is implausible",
            pic.start_offset
        )));
    }
    let text_end = PIC_HEADER_LEN + text_len;
    need(b, text_end)?;
    let codec = match dt {
        data_type::JPEG => Codec::Jpeg,
        data_type::MPEG4_I | data_type::MPEG4_P => Codec::Mpeg4,
        data_type::H264_I | data_type::H264_P => Codec::H264,
        _ => picture_codec(pic.vid_format).ok_or_else(|| {
            BodyError::Invalid(format!("unrecognised vid_format {}", pic.vid_format))
        })?,
    };
    let claims_key = codec == Codec::Jpeg
        || pic.is_key()
        || matches!(dt, data_type::MPEG4_I | data_type::H264_I);
    // A claim a decoder would start from is checked against the stream: a
    // predicted picture labelled key would make every run from it fail.
    let key = claims_key
        && (!matches!(codec, Codec::Mpeg4 | Codec::H264) || {
            let probe = usize::try_from(pic.size)
                .unwrap_or(usize::MAX)
                .min(KEY_PROBE);
            need(b, text_end + probe)?;
            !stream_says_predicted(codec, &b[text_end..text_end + probe])
        });
    Ok(Body {
        codec,
        layout: if e == Endian::Big {
            UnitLayout::Picture
        } else {
            UnitLayout::PictureLe
        },
        payload: text_end as u64..text_end as u64 + u64::from(pic.size),
        len: pic.body_len(),
        camera: u16::try_from(pic.cam).ok(),
        width: pic.width,
        height: pic.height,
        timestamp: pic.timestamp_ms(),
        key,
        number: textblock::frame_number(&b[PIC_HEADER_LEN..text_end]),
        sample_rate: 0,
        sampling_420: codec == Codec::Jpeg && pic.vid_format == header::vid_format::JPEG_411,
        title: Some(header::title_bytes(b).to_vec()),
    })
}

/// The codec a `vid_format` names where no data type says (AD raw, scans).
pub fn picture_codec(vid_format: i32) -> Option<Codec> {
    use header::vid_format::*;
    match vid_format {
        JPEG_422 | JPEG_411 => Some(Codec::Jpeg),
        MPEG4_411 | MPEG4_411_I | MPEG4_411_GOV_P | MPEG4_411_GOV_I => Some(Codec::Mpeg4),
        H264_I | H264_P | H264_J => Some(Codec::H264),
        _ => None,
    }
}

/// A complete JFIF whose NetVu fields sit in its COM segment.
pub fn jfif(b: &[u8], declared: u64, channel: u8) -> BodyResult {
    let want = usize::try_from(declared)
        .unwrap_or(usize::MAX)
        .min(MAX_JFIF_HEADER);
    need(b, want)?;
    let head = &b[..want];
    let info = jpeg::parse_jfif(head).map_err(|e| BodyError::Invalid(format!("JFIF: {e:?}")))?;
    let comment = info.comment.clone().and_then(|r| head.get(r));
    let meta = comment.map(comment_meta);
    Ok(Body {
        codec: Codec::Jfif,
        layout: UnitLayout::Jfif,
        payload: 0..declared,
        len: declared,
        camera: meta
            .as_ref()
            .and_then(|m| m.camera)
            .or(Some(u16::from(channel) + 1)),
        width: info.width.unwrap_or(0),
        height: info.height.unwrap_or(0),
        timestamp: meta.as_ref().and_then(|m| m.timestamp),
        key: true,
        number: meta.as_ref().and_then(|m| m.number),
        sample_rate: 0,
        sampling_420: info.vid_format == Some(1),
        title: meta.and_then(|m| m.title),
    })
}

/// A body starting with a NetVu audio header.
pub fn audio(dt: u8, b: &[u8], e: Endian) -> BodyResult {
    need(b, AUDIO_HEADER_LEN)?;
    let hdr =
        AudioHeader::parse(b, e).ok_or_else(|| BodyError::Invalid("short audio header".into()))?;
    if hdr.version != header::AUDIO_VERSION {
        return Err(BodyError::Invalid(format!(
            "bad audio header version {:08X}",
            hdr.version
        )));
    }
    let (mut codec, rate) = adpcm::audio_mode(hdr.mode);
    if dt == data_type::AUDIO_RAW {
        codec = adpcm::AudioCodec::PcmS16le;
    }
    let start = AUDIO_HEADER_LEN as u64 + u64::from(hdr.additional_len);
    let layout = if e == Endian::Big {
        UnitLayout::Audio
    } else {
        UnitLayout::AudioLe
    };
    Ok(Body {
        camera: u16::try_from(hdr.channel).ok(),
        timestamp: hdr.timestamp_ms(),
        sample_rate: rate,
        ..Body::new(
            audio_codec(codec),
            layout,
            start..start + u64::from(hdr.audio_len),
            hdr.body_len(),
        )
    })
}

pub fn audio_codec(c: adpcm::AudioCodec) -> Codec {
    match c {
        adpcm::AudioCodec::ImaAdpcm => Codec::AdpcmIma,
        adpcm::AudioCodec::PcmS16le => Codec::PcmS16le,
    }
}

/// Bytes of a picture's stream read to check a key-frame claim: its first
/// VOP or slice header is nearly always within them (past a VOL or SPS/PPS).
pub const KEY_PROBE: usize = 64;

/// True when the first VOP or slice in `es` is a predicted one (false when
/// it is a key picture, or none is found in `es`).
pub fn stream_says_predicted(codec: Codec, es: &[u8]) -> bool {
    match codec {
        Codec::Mpeg4 => mpeg4::first_vop_type(es).is_some_and(|t| t != mpeg4::VopType::I),
        Codec::H264 => h264::first_slice_is_idr(es) == Some(false),
        _ => false,
    }
}

/// Codec, key flag and picture size read from the first bytes of an
/// elementary stream.
pub struct EsFacts {
    pub key: bool,
    pub size: Option<(u16, u16)>,
}

pub fn es_facts(codec: Codec, es: &[u8]) -> EsFacts {
    match codec {
        Codec::Mpeg4 => EsFacts {
            key: mpeg4::first_vop_type(es) == Some(mpeg4::VopType::I),
            size: mpeg4::vol_dimensions(es),
        },
        _ => EsFacts {
            key: h264::is_idr(es),
            size: h264::sps_dimensions(es)
                .and_then(|(w, h)| Some((u16::try_from(w).ok()?, u16::try_from(h).ok()?))),
        },
    }
}

/// MPEG-4 when the stream starts with any `00 00 01 xx` start code, else H.264.
pub fn mpeg4_or_h264(es: &[u8]) -> Codec {
    match be32(es, 0) {
        Some(v) if v & 0xFFFF_FF00 == 0x100 => Codec::Mpeg4,
        _ => Codec::H264,
    }
}

/// AD binary type 6: seconds, milliseconds, elementary stream.
fn minimal_video(b: &[u8], declared: u64, channel: u8, state: &mut StreamState) -> BodyResult {
    if declared < 10 {
        return Err(BodyError::Invalid("minimal video frame too short".into()));
    }
    let want = usize::try_from(declared)
        .unwrap_or(usize::MAX)
        .min(6 + ES_PROBE);
    need(b, want)?;
    let secs = be32(b, 0).unwrap_or(0);
    if secs == 0 {
        return Err(BodyError::Invalid("minimal video frame with time 0".into()));
    }
    let ms = be16(b, 4).unwrap_or(0);
    let es = &b[6..want];
    let codec = *state.minimal_codec.get_or_insert_with(|| mpeg4_or_h264(es));
    let camera = u16::from(channel) + 1;
    let facts = es_facts(codec, es);
    if let Some(size) = facts.size {
        state.remember_size(camera, size);
    }
    let (width, height) = state.size_of(camera).unwrap_or((0, 0));
    Ok(Body {
        camera: Some(camera),
        width,
        height,
        timestamp: header::timestamp_ms(secs, u32::from(ms)),
        key: facts.key,
        title: state.info_title(camera).map(<[u8]>::to_vec),
        ..Body::new(codec, UnitLayout::MinimalVideo, 6..declared, declared)
    })
}

/// AD binary type 7: seconds, milliseconds, mode, one audio block.
fn minimal_audio(b: &[u8], declared: u64) -> BodyResult {
    if declared < 8 {
        return Err(BodyError::Invalid("minimal audio frame too short".into()));
    }
    need(b, 8)?;
    let secs = be32(b, 0).unwrap_or(0);
    let ms = be16(b, 4).unwrap_or(0);
    let mode = be16(b, 6).unwrap_or(0);
    let (codec, rate) = adpcm::audio_mode(i32::from(mode));
    Ok(Body {
        camera: Some(0),
        timestamp: header::timestamp_ms(secs, u32::from(ms)),
        sample_rate: rate,
        ..Body::new(
            audio_codec(codec),
            UnitLayout::MinimalAudio,
            8..declared,
            declared,
        )
    })
}

/// AD binary type 14: a PBM motion mask.
fn mask(b: &[u8], declared: u64, channel: u8) -> BodyResult {
    let want = usize::try_from(declared)
        .unwrap_or(usize::MAX)
        .min(MAX_TEXT);
    need(b, want)?;
    let (width, height) = match pbm::parse_pbm(&b[..want]) {
        Ok(m) => (
            u16::try_from(m.width).unwrap_or(0),
            u16::try_from(m.height).unwrap_or(0),
        ),
        Err(e) => return Err(BodyError::Invalid(format!("PBM mask: {e:?}"))),
    };
    Ok(Body {
        camera: Some(u16::from(channel) + 1),
        width,
        height,
        ..Body::new(Codec::Pbm, UnitLayout::Bare, 0..declared, declared)
    })
}

/// Types 8, 9, 12, 13, 15: side data kept verbatim.
fn data(dt: u8, b: &[u8], declared: u64, state: &mut StreamState) -> BodyResult {
    let codec = match dt {
        data_type::LAYOUT => Codec::Layout,
        data_type::INFO => Codec::Info,
        data_type::XML_INFO => Codec::Xml,
        data_type::BMP => Codec::Bmp,
        _ => Codec::Svars,
    };
    if codec == Codec::Info {
        let want = usize::try_from(declared)
            .unwrap_or(usize::MAX)
            .min(MAX_TEXT);
        need(b, want)?;
        state.learn_info(&b[..want]);
    }
    Ok(Body::new(codec, UnitLayout::Bare, 0..declared, declared))
}

impl Body {
    /// A body of `len` bytes holding `payload`, key, with nothing else known.
    fn new(codec: Codec, layout: UnitLayout, payload: Range<u64>, len: u64) -> Body {
        Body {
            codec,
            layout,
            payload,
            len,
            camera: None,
            width: 0,
            height: 0,
            timestamp: None,
            key: true,
            number: None,
            sample_rate: 0,
            sampling_420: false,
            title: None,
        }
    }

    /// The index entry for this body placed at `offset` in the file.
    /// `None` when a payload or unit length does not fit the compact index.
    pub fn entry(&self, offset: u64, stream: u16, camera_audio: bool) -> Option<FrameEntry> {
        let mut flags = 0;
        if self.key {
            flags |= FrameEntry::KEY;
        }
        if camera_audio {
            flags |= FrameEntry::CAMERA_AUDIO;
        }
        if self.sampling_420 {
            flags |= FrameEntry::SAMPLING_420;
        }
        Some(FrameEntry {
            unit_offset: offset,
            timestamp: self.timestamp.unwrap_or(FrameEntry::NO_TIME),
            unit_length: u32::try_from(self.len.max(self.payload.end)).ok()?,
            payload_start: u32::try_from(self.payload.start).ok()?,
            payload_length: u32::try_from(self.payload.end - self.payload.start).ok()?,
            number: self.number.unwrap_or(FrameEntry::NO_NUMBER),
            sample_rate: self.sample_rate,
            stream,
            width: self.width,
            height: self.height,
            codec: self.codec,
            layout: self.layout,
            flags,
        })
    }
}
