//! Writing PAR v1 (`par-format.md` §7): header, optional `SETT`, `FRAM` and
//! `EVNT` chunks in the order given, then `INDX`, then the patched header.

use crate::body::data_type;
use crate::bytes::{le32, Endian};
use crate::detail::frame_detail;
use crate::format::par::{CHANNEL_CAMERA_AUDIO, CHANNEL_KEY, FRAME_HEADER, HEADER_LEN, MAGIC};
use crate::header::{AudioHeader, PicHeader, AUDIO_HEADER_LEN, AUDIO_VERSION, PIC_HEADER_LEN};
use crate::index::ParHeader;
use crate::model::{Codec, Event, FrameEntry, Media, UnitLayout};
use crate::unit::payload;
use std::io::{self, Seek, SeekFrom, Write};

/// One `FRAM` chunk's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParFrame {
    pub data_type: u8,
    pub channel: u32,
    pub timestamp: i64,
    pub frame_number: u32,
    /// The AD binary body of the same data type.
    pub body: Vec<u8>,
}

impl ParFrame {
    /// Reads a `FRAM` payload as stored (for copying PAR files unchanged).
    pub fn from_payload(p: &[u8]) -> Option<ParFrame> {
        Some(ParFrame {
            data_type: *p.first()?,
            channel: le32(p, 4)?,
            timestamp: crate::bytes::le64(p, 8)? as i64,
            frame_number: le32(p, 16)?,
            body: p.get(FRAME_HEADER..)?.to_vec(),
        })
    }
}

/// Streams a PAR v1 file to `out`.
pub struct ParWriter<W: Write + Seek> {
    out: W,
    header: ParHeader,
    pos: u64,
    index: Vec<[u8; 24]>,
    has_settings: bool,
}

fn chunk_header(fourcc: &[u8; 4], len: usize) -> io::Result<[u8; 8]> {
    let len = u32::try_from(len)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "chunk over 4 GiB"))?;
    let mut h = [0u8; 8];
    h[..4].copy_from_slice(fourcc);
    h[4..].copy_from_slice(&len.to_le_bytes());
    Ok(h)
}

fn header_bytes(h: &ParHeader) -> [u8; HEADER_LEN] {
    let mut b = [0u8; HEADER_LEN];
    b[..4].copy_from_slice(&MAGIC);
    b[4..6].copy_from_slice(&h.version.to_le_bytes());
    b[6..8].copy_from_slice(&(HEADER_LEN as u16).to_le_bytes());
    b[8..16].copy_from_slice(&h.created_ms.to_le_bytes());
    b[16..20].copy_from_slice(&h.utc_offset.to_le_bytes());
    b[20..24].copy_from_slice(&h.sequence.to_le_bytes());
    b[24..32].copy_from_slice(&h.index_offset.to_le_bytes());
    b[32..36].copy_from_slice(&h.flags.to_le_bytes());
    let crc = crc32fast::hash(&b[..36]);
    b[36..40].copy_from_slice(&crc.to_le_bytes());
    b
}

impl<W: Write + Seek> ParWriter<W> {
    /// Starts a file; `more_files` marks all but the last of a sequence.
    pub fn new(
        mut out: W,
        created_ms: i64,
        utc_offset: i32,
        sequence: u32,
        more_files: bool,
    ) -> io::Result<Self> {
        let header = ParHeader {
            version: 1,
            header_size: HEADER_LEN as u16,
            created_ms,
            utc_offset,
            sequence,
            index_offset: 0,
            flags: if more_files { ParHeader::MORE_FILES } else { 0 },
        };
        out.write_all(&header_bytes(&header))?;
        Ok(ParWriter {
            out,
            header,
            pos: HEADER_LEN as u64,
            index: Vec::new(),
            has_settings: false,
        })
    }

    /// Writes one chunk; returns its offset.
    pub fn chunk(&mut self, fourcc: &[u8; 4], payload: &[u8]) -> io::Result<u64> {
        let at = self.pos;
        let head = chunk_header(fourcc, payload.len())?;
        let mut crc = crc32fast::Hasher::new();
        crc.update(&head);
        crc.update(payload);
        self.out.write_all(&head)?;
        self.out.write_all(payload)?;
        self.out.write_all(&crc.finalize().to_le_bytes())?;
        self.pos += 12 + payload.len() as u64;
        Ok(at)
    }

    pub fn settings(&mut self, text: &[u8]) -> io::Result<()> {
        self.has_settings = true;
        self.chunk(b"SETT", text).map(|_| ())
    }

    pub fn frame(&mut self, f: &ParFrame) -> io::Result<()> {
        let mut p = Vec::with_capacity(FRAME_HEADER + f.body.len());
        p.push(f.data_type);
        p.extend_from_slice(&[0, 0, 0]);
        p.extend_from_slice(&f.channel.to_le_bytes());
        p.extend_from_slice(&f.timestamp.to_le_bytes());
        p.extend_from_slice(&f.frame_number.to_le_bytes());
        p.extend_from_slice(&f.body);
        let at = self.chunk(b"FRAM", &p)?;
        let mut e = [0u8; 24];
        e[..8].copy_from_slice(&at.to_le_bytes());
        e[8..16].copy_from_slice(&f.timestamp.to_le_bytes());
        e[16..20].copy_from_slice(&f.channel.to_le_bytes());
        e[20] = f.data_type;
        e[21] = u8::from(f.channel & CHANNEL_KEY != 0);
        self.index.push(e);
        Ok(())
    }

    pub fn event(&mut self, e: &Event) -> io::Result<()> {
        let text = e.text.as_bytes();
        let mut p = Vec::with_capacity(16 + text.len());
        p.extend_from_slice(&e.timestamp_ms.to_le_bytes());
        p.extend_from_slice(&e.camera.to_le_bytes());
        p.extend_from_slice(&e.kind.code().to_le_bytes());
        p.extend_from_slice(&(text.len() as u32).to_le_bytes());
        p.extend_from_slice(text);
        self.chunk(b"EVNT", &p).map(|_| ())
    }

    /// Writes the index (if any frame was written) and patches the header.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.index.is_empty() {
            let mut p = Vec::with_capacity(4 + 24 * self.index.len());
            p.extend_from_slice(&(self.index.len() as u32).to_le_bytes());
            for e in &self.index {
                p.extend_from_slice(e);
            }
            self.header.index_offset = self.chunk(b"INDX", &p)?;
            self.header.flags |= ParHeader::HAS_MEDIA;
        }
        if self.has_settings {
            self.header.flags |= ParHeader::HAS_SETTINGS;
        }
        self.out.seek(SeekFrom::Start(0))?;
        self.out.write_all(&header_bytes(&self.header))?;
        self.out.seek(SeekFrom::End(0))?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The PAR data type for a frame of `codec`.
fn data_type_of(codec: Codec, key: bool) -> u8 {
    match codec {
        Codec::Jpeg => data_type::JPEG,
        Codec::Jfif => data_type::JFIF,
        Codec::Mpeg4 if key => data_type::MPEG4_I,
        Codec::Mpeg4 => data_type::MPEG4_P,
        Codec::H264 if key => data_type::H264_I,
        Codec::H264 => data_type::H264_P,
        Codec::AdpcmIma => data_type::AUDIO_ADPCM,
        Codec::PcmS16le => data_type::AUDIO_RAW,
        Codec::Pbm => data_type::PBM,
        Codec::Info => data_type::INFO,
        Codec::Xml => data_type::XML_INFO,
        Codec::Layout => data_type::LAYOUT,
        Codec::Svars => data_type::SVARS_INFO,
        Codec::Bmp => data_type::BMP,
    }
}

/// The `vid_format` a synthesised picture header gets (as the vendor's muxer).
fn vid_format_of(codec: Codec, key: bool) -> i32 {
    use crate::header::vid_format::*;
    match (codec, key) {
        (Codec::Mpeg4, true) => MPEG4_411_GOV_I,
        (Codec::Mpeg4, false) => MPEG4_411_GOV_P,
        (Codec::H264, true) => H264_I,
        _ => H264_P,
    }
}

/// The RTP payload type of an audio codec and rate (table 2.2).
fn audio_mode(codec: Codec, rate: u32) -> i32 {
    let adpcm = [
        (8000, 5),
        (16000, 6),
        (11025, 16),
        (22050, 17),
        (32000, 96),
        (44100, 97),
        (48000, 98),
    ];
    let pcm = [
        (8000, 100),
        (11025, 101),
        (16000, 102),
        (22050, 103),
        (32000, 104),
        (44100, 11),
        (48000, 105),
    ];
    let table: &[(u32, i32)] = if codec == Codec::PcmS16le {
        &pcm
    } else {
        &adpcm
    };
    table
        .iter()
        .find(|(r, _)| *r == rate)
        .map_or(table[0].1, |(_, m)| *m)
}

fn split_ms(ts: Option<i64>) -> (u32, u32) {
    ts.map_or((0, 0), |t| {
        (
            u32::try_from(t.div_euclid(1000)).unwrap_or(0),
            t.rem_euclid(1000) as u32,
        )
    })
}

/// Turns any indexed unit into a PAR frame whose body is the AD binary body
/// of its data type, synthesising the picture or audio header where the
/// source had none (minimal and MIME frames), as the vendor's muxer does.
pub fn to_par_frame(
    entry: &FrameEntry,
    unit: &[u8],
    frame_number: u32,
) -> Result<ParFrame, String> {
    let key = entry.key();
    let data = payload(entry, unit)?;
    let (secs, ms) = split_ms(entry.timestamp_ms());
    let body = match entry.layout {
        UnitLayout::Picture | UnitLayout::Audio => unit.to_vec(),
        UnitLayout::PictureLe => {
            let h = PicHeader::parse(unit, Endian::Little).ok_or("picture header unreadable")?;
            [&h.to_bytes()[..], &unit[PIC_HEADER_LEN..]].concat()
        }
        UnitLayout::AudioLe => {
            let h = AudioHeader::parse(unit, Endian::Little).ok_or("audio header unreadable")?;
            [&h.to_bytes()[..], &unit[AUDIO_HEADER_LEN..]].concat()
        }
        UnitLayout::Jfif | UnitLayout::DigiSprJfif => data.to_vec(),
        UnitLayout::MinimalVideo | UnitLayout::MimeVideo => {
            let detail = frame_detail(entry, unit);
            let text = detail.text.as_bytes();
            let h = PicHeader {
                cam: i32::from(entry.stream),
                vid_format: vid_format_of(entry.codec, key),
                start_offset: text.len() as u32,
                size: data.len() as u32,
                alm_bitmask_hi: detail.alm_bitmask_hi.unwrap_or(0),
                session_time: secs,
                milliseconds: ms,
                title: detail.title.clone(),
                alarm: detail.alarm.clone(),
                src_pixels: entry.width,
                src_lines: entry.height,
                target_pixels: entry.width,
                target_lines: entry.height,
                locale: detail.locale.clone().unwrap_or_default(),
                utc_offset: detail.utc_offset.unwrap_or(0),
                alm_bitmask: detail.alm_bitmask.unwrap_or(0),
                ..PicHeader::default()
            };
            [&h.to_bytes()[..], text, data].concat()
        }
        UnitLayout::MinimalAudio | UnitLayout::Bare if entry.media() == Media::Audio => {
            let h = AudioHeader {
                version: AUDIO_VERSION,
                mode: audio_mode(entry.codec, entry.sample_rate),
                channel: i32::from(entry.stream),
                additional_len: 0,
                audio_len: data.len() as u32,
                seconds: secs,
                msecs: ms,
            };
            [&h.to_bytes()[..], data].concat()
        }
        UnitLayout::MinimalAudio | UnitLayout::Bare => data.to_vec(),
    };
    let mut channel = u32::from(entry.stream);
    if entry.camera_of_audio().is_some() {
        channel |= CHANNEL_CAMERA_AUDIO;
    }
    if key {
        channel |= CHANNEL_KEY;
    }
    Ok(ParFrame {
        data_type: data_type_of(entry.codec, key),
        channel,
        timestamp: entry.timestamp_ms().unwrap_or(0),
        frame_number,
        body,
    })
}
