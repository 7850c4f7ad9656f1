//! What the indexing worker sends the page: frame entries in batches as they
//! are found (48 bytes each, the same as in memory), and at the end the rest
//! of the index. A small hand-written little-endian encoding: the library's
//! types are `Serialize` only, and this keeps batches compact and copy-cheap.
//!
//! Shared by the page (`src/main.rs`) and the worker (`src/bin/worker.rs`):
//! each uses one half, hence the `allow`.
#![allow(dead_code)]

use netvu::index::{OtherChunk, ParHeader, StoredSettings};
use netvu::model::{AudioSummary, CameraSummary, Event, EventKind, UnitLayout};
use netvu::problem::{Problem, Problems};
use netvu::settings::Settings;
use netvu::{Codec, Format, FrameEntry, Index};

/// Bytes per encoded frame entry.
pub const FRAME_BYTES: usize = 48;

fn codec_code(codec: Codec) -> u8 {
    codec as u8
}

fn codec_of(code: u8) -> Codec {
    use Codec::*;
    [
        Jpeg, Jfif, Mpeg4, H264, AdpcmIma, PcmS16le, Pbm, Info, Xml, Layout, Svars, Bmp,
    ]
    .into_iter()
    .find(|c| codec_code(*c) == code)
    .unwrap_or(Bmp)
}

fn layout_of(code: u8) -> UnitLayout {
    use UnitLayout::*;
    [
        Picture,
        PictureLe,
        Audio,
        AudioLe,
        Jfif,
        DigiSprJfif,
        MinimalVideo,
        MinimalAudio,
        MimeVideo,
        Bare,
    ]
    .into_iter()
    .find(|l| *l as u8 == code)
    .unwrap_or(Bare)
}

fn format_code(format: Format) -> u8 {
    match format {
        Format::AdBinary => 0,
        Format::AdMime => 1,
        Format::AdRaw => 2,
        Format::DsPic => 3,
        Format::Par => 4,
        Format::UnknownPar => 5,
        Format::Unknown => 6,
    }
}

fn format_of(code: u8) -> Format {
    match code {
        0 => Format::AdBinary,
        1 => Format::AdMime,
        2 => Format::AdRaw,
        3 => Format::DsPic,
        4 => Format::Par,
        5 => Format::UnknownPar,
        _ => Format::Unknown,
    }
}

/// Appends `frames`, 48 bytes each.
pub fn put_frames(out: &mut Vec<u8>, frames: &[FrameEntry]) {
    out.reserve(frames.len() * FRAME_BYTES);
    for f in frames {
        let start = out.len();
        out.extend_from_slice(&f.unit_offset.to_le_bytes());
        out.extend_from_slice(&f.timestamp.to_le_bytes());
        for v in [
            f.unit_length,
            f.payload_start,
            f.payload_length,
            f.number,
            f.sample_rate,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [f.stream, f.width, f.height] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&[codec_code(f.codec), f.layout as u8, f.flags, 0, 0, 0]);
        debug_assert_eq!(out.len() - start, FRAME_BYTES);
    }
}

/// Reads frames written by [`put_frames`], calling `each` for every one.
pub fn each_frame(bytes: &[u8], mut each: impl FnMut(FrameEntry)) {
    for record in bytes.chunks_exact(FRAME_BYTES) {
        let mut r = Reader {
            bytes: record,
            at: 0,
        };
        each(FrameEntry {
            unit_offset: r.u64(),
            timestamp: r.i64(),
            unit_length: r.u32(),
            payload_start: r.u32(),
            payload_length: r.u32(),
            number: r.u32(),
            sample_rate: r.u32(),
            stream: r.u16(),
            width: r.u16(),
            height: r.u16(),
            codec: codec_of(r.u8()),
            layout: layout_of(r.u8()),
            flags: r.u8(),
        });
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, v: &[u8]) {
        self.u64(v.len() as u64);
        self.0.extend_from_slice(v);
    }
    fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }
    fn opt_i64(&mut self, v: Option<i64>) {
        self.i64(v.unwrap_or(i64::MIN));
    }
    fn count(&mut self, n: usize) {
        self.u64(n as u64);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// The next `N` bytes, zeros past the end (a short message reads as empty).
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        if let Some(b) = self.bytes.get(self.at..self.at + N) {
            out.copy_from_slice(b);
        }
        self.at += N;
        out
    }
    fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take())
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }
    fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.take())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }
    fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.take())
    }
    fn bytes(&mut self) -> &[u8] {
        let len = usize::try_from(self.u64()).unwrap_or(usize::MAX);
        let end = self.at.saturating_add(len).min(self.bytes.len());
        let start = self.at.min(end);
        self.at = end;
        &self.bytes[start..end]
    }
    fn str(&mut self) -> String {
        String::from_utf8_lossy(self.bytes()).into_owned()
    }
    fn opt_i64(&mut self) -> Option<i64> {
        Some(self.i64()).filter(|v| *v != i64::MIN)
    }
    /// A count of records, capped by the bytes left (each record is at least one byte).
    fn count(&mut self) -> usize {
        let n = usize::try_from(self.u64()).unwrap_or(usize::MAX);
        n.min(self.bytes.len().saturating_sub(self.at))
    }
}

/// Everything in `index` but its frames, and the frames from `frames_from` on.
///
/// The page already holds the frames sent in batches; indexing only ever
/// appends, except at the end, where the last units may be dropped (cut
/// short) and a reader may add some: `frames_from` is how many of the sent
/// ones stay, and what follows them is sent here.
pub fn encode_rest(index: &Index, sent: usize) -> Vec<u8> {
    let keep = sent.min(index.frames.len());
    let mut w = Writer(Vec::new());
    w.u8(format_code(index.format));
    w.u64(index.length);
    w.count(keep);
    let mut tail = Vec::new();
    put_frames(&mut tail, &index.frames[keep..]);
    w.bytes(&tail);
    w.count(index.cameras.len());
    for c in &index.cameras {
        w.u16(c.camera);
        w.str(&c.title);
        w.u8(codec_code(c.codec));
        w.u16(c.width);
        w.u16(c.height);
        w.u64(c.frames);
        w.u64(c.key_frames);
        w.opt_i64(c.first_timestamp_ms);
        w.opt_i64(c.last_timestamp_ms);
    }
    w.count(index.audio.len());
    for a in &index.audio {
        w.u16(a.channel);
        w.u32(a.camera_of_audio.map_or(u32::MAX, u32::from));
        w.u8(codec_code(a.codec));
        w.u32(a.sample_rate);
        w.u64(a.frames);
        w.opt_i64(a.first_timestamp_ms);
        w.opt_i64(a.last_timestamp_ms);
    }
    w.count(index.events.len());
    for e in &index.events {
        w.u64(e.offset);
        w.i64(e.timestamp_ms);
        w.u16(e.camera);
        w.u16(e.kind.code());
        w.str(&e.text);
    }
    match &index.settings {
        Some(s) => {
            w.u8(1);
            w.u64(s.offset);
            w.bytes(s.settings.raw());
        }
        None => w.u8(0),
    }
    match &index.par_header {
        Some(h) => {
            w.u8(1);
            w.u16(h.version);
            w.u16(h.header_size);
            w.i64(h.created_ms);
            w.i32(h.utc_offset);
            w.u32(h.sequence);
            w.u64(h.index_offset);
            w.u32(h.flags);
        }
        None => w.u8(0),
    }
    w.count(index.other_chunks.len());
    for c in &index.other_chunks {
        w.u64(c.offset);
        w.str(&c.fourcc);
        w.u64(c.length);
    }
    w.count(index.problems.list.len());
    for p in &index.problems.list {
        w.u64(p.offset);
        w.str(&p.message);
    }
    w.u64(index.problems.not_listed);
    w.0
}

/// Completes `index` (holding the frames received in batches) with what
/// [`encode_rest`] wrote.
pub fn decode_rest(bytes: &[u8], index: &mut Index) {
    let mut r = Reader { bytes, at: 0 };
    index.format = format_of(r.u8());
    index.length = r.u64();
    let keep = usize::try_from(r.u64()).unwrap_or(usize::MAX);
    index.frames.truncate(keep);
    let frames = &mut index.frames;
    each_frame(r.bytes(), |f| frames.push(f));
    index.frames.shrink_to_fit();
    index.cameras = (0..r.count())
        .map(|_| CameraSummary {
            camera: r.u16(),
            title: r.str(),
            codec: codec_of(r.u8()),
            width: r.u16(),
            height: r.u16(),
            frames: r.u64(),
            key_frames: r.u64(),
            first_timestamp_ms: r.opt_i64(),
            last_timestamp_ms: r.opt_i64(),
        })
        .collect();
    index.audio = (0..r.count())
        .map(|_| AudioSummary {
            channel: r.u16(),
            camera_of_audio: u16::try_from(r.u32()).ok(),
            codec: codec_of(r.u8()),
            sample_rate: r.u32(),
            frames: r.u64(),
            first_timestamp_ms: r.opt_i64(),
            last_timestamp_ms: r.opt_i64(),
        })
        .collect();
    index.events = (0..r.count())
        .map(|_| Event {
            offset: r.u64(),
            timestamp_ms: r.i64(),
            camera: r.u16(),
            kind: EventKind::from_code(r.u16()),
            text: r.str(),
        })
        .collect();
    index.settings = (r.u8() == 1).then(|| StoredSettings {
        offset: r.u64(),
        settings: Settings::parse(r.bytes()),
    });
    index.par_header = (r.u8() == 1).then(|| ParHeader {
        version: r.u16(),
        header_size: r.u16(),
        created_ms: r.i64(),
        utc_offset: r.i32(),
        sequence: r.u32(),
        index_offset: r.u64(),
        flags: r.u32(),
    });
    index.other_chunks = (0..r.count())
        .map(|_| OtherChunk {
            offset: r.u64(),
            fourcc: r.str(),
            length: r.u64(),
        })
        .collect();
    index.problems = Problems {
        list: (0..r.count())
            .map(|_| Problem {
                offset: r.u64(),
                message: r.str(),
            })
            .collect(),
        not_listed: r.u64(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use netvu::par_writer::{ParFrame, ParWriter};

    /// A PAR with settings, two JPEG frames and a damaged tail goes through
    /// the wire unchanged, whichever of its frames were sent in batches.
    #[test]
    fn index_round_trip() {
        let mut writer = ParWriter::new(
            std::io::Cursor::new(Vec::new()),
            1_700_000_000_000,
            60,
            0,
            false,
        )
        .expect("writer");
        writer
            .settings(b"[Camera 1]\r\ntitle = Gate\r\n[Security]\r\npassword = x\r\n")
            .expect("settings");
        for number in 0..2 {
            let body = [&[0xFF, 0xD8][..], &[0xFF, 0xD9]].concat();
            writer
                .frame(&ParFrame {
                    data_type: 1,
                    channel: 1 | netvu::format::par::CHANNEL_KEY,
                    timestamp: 1_700_000_000_000 + i64::from(number) * 40,
                    frame_number: number,
                    body,
                })
                .expect("frame");
        }
        let mut bytes = writer.finish().expect("finish").into_inner();
        bytes.extend_from_slice(b"garbage at the end");
        let index = netvu::index_bytes(&bytes);
        for sent in [0, 1, index.frames.len()] {
            let mut batch = Vec::new();
            put_frames(&mut batch, &index.frames[..sent]);
            let mut received = Index::new(Format::Unknown);
            each_frame(&batch, |f| received.frames.push(f));
            decode_rest(&encode_rest(&index, sent), &mut received);
            assert_eq!(format!("{received:?}"), format!("{index:?}"));
        }
    }
}
