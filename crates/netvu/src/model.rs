//! The format-neutral model every reader produces: a compact frame index,
//! events, per-stream summaries.

use serde::{Deserialize, Serialize};

/// What a file is, decided from its content (see [`crate::probe`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// AD binary chunk stream (`video/adhbinary`).
    #[serde(rename = "adbinary")]
    AdBinary,
    /// AD MIME server-push stream.
    #[serde(rename = "admime")]
    AdMime,
    /// NetVu picture headers back to back, no separators.
    #[serde(rename = "adraw")]
    AdRaw,
    /// DM Digital Sprite messages.
    #[serde(rename = "dspic")]
    DsPic,
    /// PAR v1 (`par-format.md`).
    Par,
    /// Starts like a PAR file but is not PAR v1: scanned for NetVu headers.
    UnknownPar,
    /// Nothing recognised: scanned for NetVu headers, and JPEG pictures carved.
    Unknown,
    /// Recognisably another kind of file ([`crate::probe::NotNetvu`]): not read.
    NotNetvu,
}

impl Format {
    /// The name used in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Format::AdBinary => "adbinary",
            Format::AdMime => "admime",
            Format::AdRaw => "adraw",
            Format::DsPic => "dspic",
            Format::Par => "par",
            Format::UnknownPar => "unknown_par",
            Format::Unknown => "unknown",
            Format::NotNetvu => "not_netvu",
        }
    }
}

/// Whether a unit is a picture, sound, or side data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Media {
    Video,
    Audio,
    Data,
}

/// How a unit's payload is coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Codec {
    /// Headerless JPEG scan; the JFIF is rebuilt from the picture header.
    Jpeg,
    /// A complete JPEG/JFIF file.
    Jfif,
    Mpeg4,
    H264,
    AdpcmIma,
    PcmS16le,
    /// PBM motion-detection mask.
    Pbm,
    Info,
    Xml,
    Layout,
    Svars,
    /// A Windows bitmap picture (FireVu units), as a complete `.bmp` file.
    Bmp,
}

impl Codec {
    pub const ALL: [Codec; 12] = [
        Codec::Jpeg,
        Codec::Jfif,
        Codec::Mpeg4,
        Codec::H264,
        Codec::AdpcmIma,
        Codec::PcmS16le,
        Codec::Pbm,
        Codec::Info,
        Codec::Xml,
        Codec::Layout,
        Codec::Svars,
        Codec::Bmp,
    ];

    /// The codec whose `repr(u8)` value is `code`.
    pub fn from_u8(code: u8) -> Option<Codec> {
        Codec::ALL.into_iter().find(|c| *c as u8 == code)
    }

    pub fn media(self) -> Media {
        match self {
            Codec::Jpeg | Codec::Jfif | Codec::Mpeg4 | Codec::H264 | Codec::Pbm | Codec::Bmp => {
                Media::Video
            }
            Codec::AdpcmIma | Codec::PcmS16le => Media::Audio,
            Codec::Info | Codec::Xml | Codec::Layout | Codec::Svars => Media::Data,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Codec::Jpeg => "jpeg",
            Codec::Jfif => "jfif",
            Codec::Mpeg4 => "mpeg4",
            Codec::H264 => "h264",
            Codec::AdpcmIma => "adpcm_ima",
            Codec::PcmS16le => "pcm_s16le",
            Codec::Pbm => "pbm",
            Codec::Info => "info",
            Codec::Xml => "xml",
            Codec::Layout => "layout",
            Codec::Svars => "svars",
            Codec::Bmp => "bmp",
        }
    }
}

/// How the bytes of a unit (`unit_offset`, `unit_length`) are laid out, so
/// they can be parsed again when the frame is fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum UnitLayout {
    /// NetVu picture header (big-endian), text block, picture.
    Picture,
    /// The same with a little-endian header (found by scanning unknown files).
    PictureLe,
    /// NetVu audio header (big-endian), additional data, samples.
    Audio,
    /// The same with a little-endian header.
    AudioLe,
    /// A complete JFIF; NetVu fields in its COM segment.
    Jfif,
    /// A complete JFIF; NetVu fields in a `DigiSpr` APP0 segment.
    DigiSprJfif,
    /// AD binary minimal video: seconds, milliseconds, elementary stream.
    MinimalVideo,
    /// AD binary minimal audio: seconds, milliseconds, mode, samples.
    MinimalAudio,
    /// A MIME picture body, then the `text/plain` part describing it.
    MimeVideo,
    /// Only the payload (MIME audio, masks, data units).
    Bare,
}

impl UnitLayout {
    pub const ALL: [UnitLayout; 10] = [
        UnitLayout::Picture,
        UnitLayout::PictureLe,
        UnitLayout::Audio,
        UnitLayout::AudioLe,
        UnitLayout::Jfif,
        UnitLayout::DigiSprJfif,
        UnitLayout::MinimalVideo,
        UnitLayout::MinimalAudio,
        UnitLayout::MimeVideo,
        UnitLayout::Bare,
    ];

    /// The layout whose `repr(u8)` value is `code`.
    pub fn from_u8(code: u8) -> Option<UnitLayout> {
        UnitLayout::ALL.into_iter().find(|l| *l as u8 == code)
    }
}

/// One indexed unit: where it is and what it holds. Kept compact (48 bytes)
/// because a long recording has millions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameEntry {
    /// Absolute offset of the unit's bytes (see [`UnitLayout`]).
    pub unit_offset: u64,
    /// UTC milliseconds, or [`FrameEntry::NO_TIME`].
    pub timestamp: i64,
    pub unit_length: u32,
    /// Payload start, relative to `unit_offset`.
    pub payload_start: u32,
    pub payload_length: u32,
    /// Frame number, or [`FrameEntry::NO_NUMBER`].
    pub number: u32,
    /// Audio sample rate in Hz; 0 for video and data.
    pub sample_rate: u32,
    /// Camera (video, 1-based) or audio channel.
    pub stream: u16,
    pub width: u16,
    pub height: u16,
    pub codec: Codec,
    pub layout: UnitLayout,
    pub flags: u8,
}

impl FrameEntry {
    pub const NO_TIME: i64 = i64::MIN;
    pub const NO_NUMBER: u32 = u32::MAX;
    /// An intra picture (or any unit that needs no other to decode).
    pub const KEY: u8 = 1;
    /// Audio that belongs to camera `stream` (PAR channel bit 15).
    pub const CAMERA_AUDIO: u8 = 2;
    /// JPEG sampled 2×2 ("4:1:1" in NetVu terms, JPEG 4:2:0).
    pub const SAMPLING_420: u8 = 4;
    /// A picture cut short by the end of the file: the unit and payload
    /// lengths count only the bytes present (a decoder conceals the rest).
    pub const TRUNCATED: u8 = 8;

    pub fn media(&self) -> Media {
        self.codec.media()
    }
    pub fn key(&self) -> bool {
        self.flags & Self::KEY != 0
    }
    pub fn truncated(&self) -> bool {
        self.flags & Self::TRUNCATED != 0
    }
    pub fn timestamp_ms(&self) -> Option<i64> {
        (self.timestamp != Self::NO_TIME).then_some(self.timestamp)
    }
    pub fn frame_number(&self) -> Option<u32> {
        (self.number != Self::NO_NUMBER).then_some(self.number)
    }
    /// Absolute offset of the payload.
    pub fn payload_offset(&self) -> u64 {
        self.unit_offset + u64::from(self.payload_start)
    }
    /// The camera this audio belongs to, if the container says.
    pub fn camera_of_audio(&self) -> Option<u16> {
        (self.flags & Self::CAMERA_AUDIO != 0).then_some(self.stream)
    }
    /// The byte range to fetch to parse the unit again.
    pub fn unit_range(&self) -> std::ops::Range<u64> {
        self.unit_offset..self.unit_offset + u64::from(self.unit_length)
    }

    /// Bytes of [`FrameEntry::to_wire`]'s encoding.
    pub const WIRE_LEN: usize = 48;

    /// A fixed little-endian encoding, for passing index batches between a
    /// worker and a page without a serialisation framework.
    pub fn to_wire(&self) -> [u8; Self::WIRE_LEN] {
        let mut b = [0u8; Self::WIRE_LEN];
        b[0..8].copy_from_slice(&self.unit_offset.to_le_bytes());
        b[8..16].copy_from_slice(&self.timestamp.to_le_bytes());
        b[16..20].copy_from_slice(&self.unit_length.to_le_bytes());
        b[20..24].copy_from_slice(&self.payload_start.to_le_bytes());
        b[24..28].copy_from_slice(&self.payload_length.to_le_bytes());
        b[28..32].copy_from_slice(&self.number.to_le_bytes());
        b[32..36].copy_from_slice(&self.sample_rate.to_le_bytes());
        b[36..38].copy_from_slice(&self.stream.to_le_bytes());
        b[38..40].copy_from_slice(&self.width.to_le_bytes());
        b[40..42].copy_from_slice(&self.height.to_le_bytes());
        b[42] = self.codec as u8;
        b[43] = self.layout as u8;
        b[44] = self.flags;
        b
    }

    /// Reads [`FrameEntry::to_wire`]'s encoding; `None` if it is not one.
    pub fn from_wire(b: &[u8]) -> Option<FrameEntry> {
        use crate::bytes::{le16, le32, le64};
        if b.len() < Self::WIRE_LEN {
            return None;
        }
        Some(FrameEntry {
            unit_offset: le64(b, 0)?,
            timestamp: le64(b, 8)? as i64,
            unit_length: le32(b, 16)?,
            payload_start: le32(b, 20)?,
            payload_length: le32(b, 24)?,
            number: le32(b, 28)?,
            sample_rate: le32(b, 32)?,
            stream: le16(b, 36)?,
            width: le16(b, 38)?,
            height: le16(b, 40)?,
            codec: Codec::from_u8(b[42])?,
            layout: UnitLayout::from_u8(b[43])?,
            flags: b[44],
        })
    }
}

/// An event on the timeline (PAR `EVNT`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub offset: u64,
    pub timestamp_ms: i64,
    /// 0 = the whole unit.
    pub camera: u16,
    pub kind: EventKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Alarm,
    Motion,
    VideoLoss,
    Tamper,
    System,
    Other(u16),
}

impl EventKind {
    pub fn from_code(code: u16) -> Self {
        match code {
            0 => EventKind::Alarm,
            1 => EventKind::Motion,
            2 => EventKind::VideoLoss,
            3 => EventKind::Tamper,
            4 => EventKind::System,
            other => EventKind::Other(other),
        }
    }
    pub fn code(self) -> u16 {
        match self {
            EventKind::Alarm => 0,
            EventKind::Motion => 1,
            EventKind::VideoLoss => 2,
            EventKind::Tamper => 3,
            EventKind::System => 4,
            EventKind::Other(c) => c,
        }
    }
}

/// What one camera's video holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CameraSummary {
    pub camera: u16,
    pub title: String,
    pub codec: Codec,
    pub width: u16,
    pub height: u16,
    pub frames: u64,
    pub key_frames: u64,
    pub first_timestamp_ms: Option<i64>,
    pub last_timestamp_ms: Option<i64>,
}

/// What one audio channel holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioSummary {
    pub channel: u16,
    pub camera_of_audio: Option<u16>,
    pub codec: Codec,
    pub sample_rate: u32,
    pub frames: u64,
    pub first_timestamp_ms: Option<i64>,
    pub last_timestamp_ms: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_entry_stays_compact() {
        assert!(std::mem::size_of::<FrameEntry>() <= 48);
    }

    #[test]
    fn wire_encoding_round_trips_every_codec_and_layout() {
        for (i, codec) in Codec::ALL.into_iter().enumerate() {
            let e = FrameEntry {
                unit_offset: u64::MAX - i as u64,
                timestamp: -5 * i as i64,
                unit_length: 7,
                payload_start: 1,
                payload_length: 6,
                number: FrameEntry::NO_NUMBER,
                sample_rate: 8000,
                stream: 0x8001,
                width: 704,
                height: 288,
                codec,
                layout: UnitLayout::ALL[i % UnitLayout::ALL.len()],
                flags: FrameEntry::KEY | FrameEntry::SAMPLING_420,
            };
            assert_eq!(FrameEntry::from_wire(&e.to_wire()), Some(e));
        }
        let mut bad = [0u8; 48];
        bad[42] = 200;
        assert_eq!(FrameEntry::from_wire(&bad), None);
        assert_eq!(FrameEntry::from_wire(&[0u8; 47]), None);
    }
}
