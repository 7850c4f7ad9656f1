//! The NetVu picture header (168 bytes) and audio header (28 bytes) that
//! AD binary, AD raw and PAR bodies share (`netvu-formats.md` §1, §2).

use crate::bytes::Endian;
use crate::text;
use serde::Serialize;

pub const PIC_HEADER_LEN: usize = 168;
pub const AUDIO_HEADER_LEN: usize = 28;
pub const PIC_VERSION_MIN: u32 = 0xDECA_DE10;
pub const PIC_VERSION_MAX: u32 = 0xDECA_DE11;
pub const AUDIO_VERSION: u32 = 0x00AB_CDEF;

/// `vid_format` values (`PIC_MODE_*`).
pub mod vid_format {
    pub const JPEG_422: i32 = 0;
    pub const JPEG_411: i32 = 1;
    pub const MPEG4_411: i32 = 2;
    pub const MPEG4_411_I: i32 = 3;
    pub const MPEG4_411_GOV_P: i32 = 4;
    pub const MPEG4_411_GOV_I: i32 = 5;
    pub const H264_I: i32 = 6;
    pub const H264_P: i32 = 7;
    pub const H264_J: i32 = 8;
}

/// Every field of a NetVu picture header, decoded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PicHeader {
    pub version: u32,
    pub mode: i32,
    pub cam: i32,
    pub vid_format: i32,
    /// Length of the text block after the header.
    pub start_offset: u32,
    /// Length of the picture after the text block.
    pub size: u32,
    pub max_size: i32,
    pub target_size: i32,
    pub factor: i32,
    pub alm_bitmask_hi: u32,
    pub status: i32,
    pub session_time: u32,
    pub milliseconds: u32,
    pub res: String,
    pub title: String,
    pub alarm: String,
    pub src_pixels: u16,
    pub src_lines: u16,
    pub target_pixels: u16,
    pub target_lines: u16,
    pub pixel_offset: u16,
    pub line_offset: u16,
    pub locale: String,
    pub utc_offset: i32,
    pub alm_bitmask: u32,
}

/// True if `v` is one of the two valid picture header versions.
pub fn is_pic_version(v: u32) -> bool {
    (PIC_VERSION_MIN..=PIC_VERSION_MAX).contains(&v)
}

/// The fields readers need while indexing, without allocating strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PicCore {
    pub cam: i32,
    pub vid_format: i32,
    pub start_offset: u32,
    pub size: u32,
    pub factor: i32,
    pub session_time: u32,
    pub milliseconds: u32,
    pub width: u16,
    pub height: u16,
}

impl PicCore {
    /// Reads the header at the start of `b` if it has a valid version.
    pub fn parse(b: &[u8], e: Endian) -> Option<PicCore> {
        if b.len() < PIC_HEADER_LEN || !is_pic_version(e.u32(b, 0)?) {
            return None;
        }
        Some(PicCore {
            cam: e.i32(b, 8)?,
            vid_format: e.i32(b, 12)?,
            start_offset: e.u32(b, 16)?,
            size: e.u32(b, 20)?,
            factor: e.i32(b, 32)?,
            session_time: e.u32(b, 44)?,
            milliseconds: e.u32(b, 48)?,
            width: e.u16(b, 122)?,
            height: e.u16(b, 124)?,
        })
    }

    /// Header + text + picture, as the header counts them.
    pub fn body_len(&self) -> u64 {
        PIC_HEADER_LEN as u64 + u64::from(self.start_offset) + u64::from(self.size)
    }

    /// UTC ms as the vendor's packets carry it; none when `session_time` is 0.
    pub fn timestamp_ms(&self) -> Option<i64> {
        timestamp_ms(self.session_time, self.milliseconds)
    }

    /// Key frame by the picture header alone (`netvu-formats.md` §8.3).
    pub fn is_key(&self) -> bool {
        matches!(
            self.vid_format,
            vid_format::JPEG_422
                | vid_format::JPEG_411
                | vid_format::MPEG4_411_I
                | vid_format::MPEG4_411_GOV_I
                | vid_format::H264_I
        )
    }
}

/// The raw title bytes of a header (up to the first NUL), for summaries.
pub fn title_bytes(b: &[u8]) -> &[u8] {
    b.get(56..87).map(text::field_bytes).unwrap_or(&[])
}

/// True when a header's text fields look like text (scan plausibility).
pub fn text_fields_printable(b: &[u8]) -> bool {
    let printable = |f: &[u8]| text::field_bytes(f).iter().all(|&c| c >= 0x20 && c != 0x7F);
    match (b.get(56..87), b.get(87..118), b.get(130..160)) {
        (Some(t), Some(a), Some(l)) => printable(t) && printable(a) && printable(l),
        _ => false,
    }
}

impl Default for PicHeader {
    /// A revision-1 header with every field zero or empty, as the vendor
    /// builds headers for frames that arrive without one.
    fn default() -> Self {
        PicHeader {
            version: PIC_VERSION_MAX,
            mode: 0,
            cam: 0,
            vid_format: 0,
            start_offset: 0,
            size: 0,
            max_size: 0,
            target_size: 0,
            factor: 0,
            alm_bitmask_hi: 0,
            status: 0,
            session_time: 0,
            milliseconds: 0,
            res: String::new(),
            title: String::new(),
            alarm: String::new(),
            src_pixels: 0,
            src_lines: 0,
            target_pixels: 0,
            target_lines: 0,
            pixel_offset: 0,
            line_offset: 0,
            locale: String::new(),
            utc_offset: 0,
            alm_bitmask: 0,
        }
    }
}

impl PicHeader {
    pub fn parse(b: &[u8], e: Endian) -> Option<PicHeader> {
        let core = PicCore::parse(b, e)?;
        let s = |r: std::ops::Range<usize>| b.get(r).map(text::field).unwrap_or_default();
        Some(PicHeader {
            version: e.u32(b, 0)?,
            mode: e.i32(b, 4)?,
            cam: core.cam,
            vid_format: core.vid_format,
            start_offset: core.start_offset,
            size: core.size,
            max_size: e.i32(b, 24)?,
            target_size: e.i32(b, 28)?,
            factor: core.factor,
            alm_bitmask_hi: e.u32(b, 36)?,
            status: e.i32(b, 40)?,
            session_time: core.session_time,
            milliseconds: core.milliseconds,
            res: s(52..56),
            title: s(56..87),
            alarm: s(87..118),
            src_pixels: e.u16(b, 118)?,
            src_lines: e.u16(b, 120)?,
            target_pixels: core.width,
            target_lines: core.height,
            pixel_offset: e.u16(b, 126)?,
            line_offset: e.u16(b, 128)?,
            locale: s(130..160),
            utc_offset: e.i32(b, 160)?,
            alm_bitmask: e.u32(b, 164)?,
        })
    }

    /// The UTC offset in minutes, or 0 where the vendor calls it insane.
    pub fn sane_utc_offset(&self) -> i32 {
        if self.utc_offset.unsigned_abs() > 1440 {
            0
        } else {
            self.utc_offset
        }
    }

    /// The 168 wire bytes of this header (big-endian), for writers.
    pub fn to_bytes(&self) -> [u8; PIC_HEADER_LEN] {
        let mut b = [0u8; PIC_HEADER_LEN];
        let mut put32 = |at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_be_bytes());
        put32(0, self.version);
        put32(4, self.mode as u32);
        put32(8, self.cam as u32);
        put32(12, self.vid_format as u32);
        put32(16, self.start_offset);
        put32(20, self.size);
        put32(24, self.max_size as u32);
        put32(28, self.target_size as u32);
        put32(32, self.factor as u32);
        put32(36, self.alm_bitmask_hi);
        put32(40, self.status as u32);
        put32(44, self.session_time);
        put32(48, self.milliseconds);
        put32(160, self.utc_offset as u32);
        put32(164, self.alm_bitmask);
        let mut put16 = |at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_be_bytes());
        put16(118, self.src_pixels);
        put16(120, self.src_lines);
        put16(122, self.target_pixels);
        put16(124, self.target_lines);
        put16(126, self.pixel_offset);
        put16(128, self.line_offset);
        for (range, s) in [
            (52..56, &self.res),
            (56..87, &self.title),
            (87..118, &self.alarm),
            (130..160, &self.locale),
        ] {
            let bytes = s.as_bytes();
            let n = bytes.len().min(range.len() - 1);
            b[range.start..range.start + n].copy_from_slice(&bytes[..n]);
        }
        b
    }
}

/// UTC ms from seconds and a millisecond count the vendor takes modulo 1000.
pub fn timestamp_ms(seconds: u32, millis: u32) -> Option<i64> {
    (seconds != 0).then(|| i64::from(seconds) * 1000 + i64::from(millis % 1000))
}

/// Every field of a NetVu audio header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AudioHeader {
    pub version: u32,
    /// RTP payload type: codec and rate (table 2.2).
    pub mode: i32,
    pub channel: i32,
    pub additional_len: u32,
    pub audio_len: u32,
    pub seconds: u32,
    pub msecs: u32,
}

impl AudioHeader {
    pub fn parse(b: &[u8], e: Endian) -> Option<AudioHeader> {
        if b.len() < AUDIO_HEADER_LEN {
            return None;
        }
        Some(AudioHeader {
            version: e.u32(b, 0)?,
            mode: e.i32(b, 4)?,
            channel: e.i32(b, 8)?,
            additional_len: e.u32(b, 12)?,
            audio_len: e.u32(b, 16)?,
            seconds: e.u32(b, 20)?,
            msecs: e.u32(b, 24)?,
        })
    }

    pub fn body_len(&self) -> u64 {
        AUDIO_HEADER_LEN as u64 + u64::from(self.additional_len) + u64::from(self.audio_len)
    }

    pub fn timestamp_ms(&self) -> Option<i64> {
        timestamp_ms(self.seconds, self.msecs)
    }

    pub fn to_bytes(&self) -> [u8; AUDIO_HEADER_LEN] {
        let mut b = [0u8; AUDIO_HEADER_LEN];
        let words = [
            self.version,
            self.mode as u32,
            self.channel as u32,
            self.additional_len,
            self.audio_len,
            self.seconds,
            self.msecs,
        ];
        for (i, w) in words.iter().enumerate() {
            b[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
        }
        b
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;

    /// The spec's test header H(vf, T, N, W, H) (§12), camera 1, Q 50, ms 500.
    pub fn spec_header(vf: i32, text_len: u32, size: u32, w: u16, h: u16) -> Vec<u8> {
        let hdr = PicHeader {
            cam: 1,
            vid_format: vf,
            start_offset: text_len,
            size,
            factor: 50,
            session_time: 1_262_304_000,
            milliseconds: 500,
            title: "Cam1".into(),
            src_pixels: w,
            src_lines: h,
            target_pixels: w,
            target_lines: h,
            locale: "GMT".into(),
            ..PicHeader::default()
        };
        hdr.to_bytes().to_vec()
    }

    #[test]
    fn spec_header_bytes_match_the_documented_layout() {
        let b = spec_header(0, 13, 3, 16, 8);
        assert_eq!(&b[0..4], &[0xDE, 0xCA, 0xDE, 0x11]);
        assert_eq!(&b[44..52], &[0x4B, 0x3D, 0x3B, 0x00, 0, 0, 1, 0xF4]);
        assert_eq!(&b[56..60], b"Cam1");
        assert_eq!(&b[118..126], &[0, 16, 0, 8, 0, 16, 0, 8]);
        assert_eq!(&b[130..134], b"GMT\0");
        let parsed = PicHeader::parse(&b, Endian::Big).unwrap();
        assert_eq!(parsed.title, "Cam1");
        assert_eq!(parsed.to_bytes().to_vec(), b);
        let core = PicCore::parse(&b, Endian::Big).unwrap();
        assert_eq!(core.timestamp_ms(), Some(1_262_304_000_500));
        assert_eq!(core.body_len(), 168 + 13 + 3);
    }

    #[test]
    fn rejects_other_versions_and_short_input() {
        let mut b = spec_header(0, 0, 0, 16, 8);
        b[3] = 0x12;
        assert!(PicCore::parse(&b, Endian::Big).is_none());
        assert!(PicCore::parse(&b[..100], Endian::Big).is_none());
    }

    #[test]
    fn little_endian_header_reads_the_same() {
        let be = spec_header(3, 17, 1000, 176, 144);
        let mut le = be.clone();
        for at in (0..52).step_by(4).chain([160, 164]) {
            le[at..at + 4].reverse();
        }
        for at in (118..130).step_by(2) {
            le[at..at + 2].reverse();
        }
        assert_eq!(
            PicHeader::parse(&le, Endian::Little),
            PicHeader::parse(&be, Endian::Big)
        );
    }

    #[test]
    fn millisecond_overflow_is_taken_modulo_1000() {
        assert_eq!(timestamp_ms(10, 1500), Some(10_500));
        assert_eq!(timestamp_ms(0, 500), None);
    }
}
