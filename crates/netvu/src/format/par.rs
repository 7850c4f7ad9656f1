//! PAR v1 files (`par-format.md`): a 40-byte header, then CRC-checked chunks
//! (`SETT`, `FRAM`, `EVNT`, `INDX`). Bad chunks are skipped by scanning for
//! the next place where a known fourcc, a plausible length and a matching CRC
//! line up; the index is rebuilt by walking the chunks and checked against
//! the stored `INDX`.

use super::Resync;
use crate::body::{self, BodyError, StreamState};
use crate::bytes::{le16, le32, le64};
use crate::index::{Index, OtherChunk, ParHeader, StoredSettings};
use crate::indexer::{FormatReader, Step, Window};
use crate::limits::{MAX_EVENT_TEXT, MAX_LOOKAHEAD, MAX_PAR_CHUNK, MAX_SETTINGS};
use crate::model::{Codec, Event, EventKind, FrameEntry, Media};
use crate::problem::Code;
use crate::settings::Settings;
use aho_corasick::AhoCorasick;
use std::sync::OnceLock;

pub const MAGIC: [u8; 4] = *b"PAR\0";
pub const HEADER_LEN: usize = 40;
/// Chunk header (fourcc, length) and trailing CRC.
pub const CHUNK_OVERHEAD: u64 = 12;
/// `FRAM` payload header: data type, reserved, channel, timestamp, frame number.
pub const FRAME_HEADER: usize = 20;
/// `INDX` entry size.
pub const INDEX_ENTRY: usize = 24;
/// Channel word bits (`par-format.md` §3.2).
pub const CHANNEL_KEY: u32 = 1 << 16;
pub const CHANNEL_CAMERA_AUDIO: u32 = 1 << 15;
const KNOWN: [&[u8; 4]; 4] = [b"SETT", b"FRAM", b"EVNT", b"INDX"];
/// Chunks up to this size are checked in one look; bigger ones are hashed as they stream by.
const WHOLE_CHUNK: usize = 4 << 20;

fn known_fourccs() -> &'static AhoCorasick {
    static SEARCHER: OnceLock<AhoCorasick> = OnceLock::new();
    SEARCHER.get_or_init(|| AhoCorasick::new(KNOWN).expect("fixed patterns build"))
}

/// Reads the file header; `None` if `b` is not a PAR v1 header.
pub fn parse_header(b: &[u8]) -> Option<(ParHeader, bool)> {
    if b.get(..4)? != MAGIC {
        return None;
    }
    let header = ParHeader {
        version: le16(b, 4)?,
        header_size: le16(b, 6)?,
        created_ms: le64(b, 8)? as i64,
        utc_offset: le32(b, 16)? as i32,
        sequence: le32(b, 20)?,
        index_offset: le64(b, 24)?,
        flags: le32(b, 32)?,
    };
    let crc_ok = crc32fast::hash(&b[..36]) == le32(b, 36)?;
    Some((header, crc_ok))
}

/// True if `chunk` (fourcc, length, payload, CRC: the whole chunk) is one
/// well-formed chunk whose CRC matches: for callers that indexed without
/// checksums and check a frame's chunk when they fetch it. A `FRAM` entry's
/// chunk is `unit_offset - 28 .. unit_range().end + 4`.
pub fn chunk_crc_ok(chunk: &[u8]) -> bool {
    let Some(len) = le32(chunk, 4) else {
        return false;
    };
    let body_end = 8 + len as usize;
    chunk.len() == body_end + 4
        && le32(chunk, body_end) == Some(crc32fast::hash(&chunk[..body_end]))
}

/// What one `FRAM` chunk holds: its index entry and title.
pub fn frame_entry(
    chunk_start: u64,
    payload: &[u8],
    len: u64,
    state: &mut StreamState,
) -> Result<(FrameEntry, Option<Vec<u8>>), BodyError> {
    if len < FRAME_HEADER as u64 {
        return Err(BodyError::Invalid(
            "FRAM chunk shorter than its header".into(),
        ));
    }
    if payload.len() < FRAME_HEADER {
        return Err(BodyError::Need(FRAME_HEADER));
    }
    let dt = payload[0];
    let channel = le32(payload, 4).unwrap_or(0);
    let timestamp = le64(payload, 8).unwrap_or(0) as i64;
    let number = le32(payload, 16).unwrap_or(FrameEntry::NO_NUMBER);
    let body_len = len - FRAME_HEADER as u64;
    let body =
        body::parse(dt, &payload[FRAME_HEADER..], body_len, 0, state).map_err(|e| match e {
            BodyError::Need(n) => BodyError::Need(n + FRAME_HEADER),
            invalid => invalid,
        })?;
    if body.len > body_len {
        return Err(BodyError::Invalid(format!(
            "body counts {} bytes, chunk holds {body_len}",
            body.len
        )));
    }
    let camera_audio = body.codec.media() == Media::Audio && channel & CHANNEL_CAMERA_AUDIO != 0;
    let stream = if camera_audio {
        channel & 0x7FFF
    } else {
        channel & 0xFFFF
    } as u16;
    let offset = chunk_start + 8 + FRAME_HEADER as u64;
    let mut entry = body
        .entry(offset, stream, camera_audio)
        .ok_or_else(|| BodyError::Invalid("unit too large".into()))?;
    // A zero time means the writer had none (MIME audio, data units).
    entry.timestamp = if timestamp == 0 {
        FrameEntry::NO_TIME
    } else {
        timestamp
    };
    entry.number = number;
    // The channel's key bit, checked against the stream as AD binary's is.
    let mut key = channel & CHANNEL_KEY != 0;
    if key && matches!(body.codec, Codec::Mpeg4 | Codec::H264) {
        let es_at = FRAME_HEADER + usize::try_from(body.payload.start).unwrap_or(usize::MAX);
        let probe = (body.payload.end - body.payload.start).min(body::KEY_PROBE as u64) as usize;
        let es = payload
            .get(es_at..es_at.saturating_add(probe))
            .ok_or(BodyError::Need(es_at.saturating_add(probe)))?;
        key = !body::stream_says_predicted(body.codec, es);
    }
    if key {
        entry.flags |= FrameEntry::KEY;
    } else {
        entry.flags &= !FrameEntry::KEY;
    }
    Ok((entry, body.title))
}

/// What a chunk being hashed as it streams by will add once its CRC checks.
enum Deferred {
    Frame(FrameEntry, Option<Vec<u8>>),
    Other(OtherChunk),
    /// An index too big to check entry by entry.
    Index,
    /// A chunk whose content is not kept (bad body, over-size settings).
    Nothing,
}

struct Streaming {
    start: u64,
    fourcc: [u8; 4],
    len: u64,
    item: Deferred,
    crc: Option<u32>,
}

#[derive(Default)]
pub struct ParReader {
    /// Check CRCs (see [`crate::indexer::IndexOptions`]).
    verify: bool,
    header_done: bool,
    state: StreamState,
    resync: Resync,
    streaming: Option<Streaming>,
    index_at: Option<u64>,
}

fn fourcc_name(f: &[u8]) -> String {
    String::from_utf8_lossy(f).into_owned()
}

impl ParReader {
    pub fn new(verify: bool) -> ParReader {
        ParReader {
            verify,
            ..ParReader::default()
        }
    }

    fn bad(&mut self, w: &Window, code: Code, why: String) -> Step {
        self.resync.start(w.start, code, why);
        self.resync.skip(w, 1)
    }

    fn header(&mut self, w: &Window, index: &mut Index) -> Step {
        if w.bytes.len() < HEADER_LEN {
            if w.eof {
                index
                    .problems
                    .push(0, Code::Truncated, "file shorter than a PAR header");
                return Step::Done;
            }
            return Step::Need(HEADER_LEN);
        }
        self.header_done = true;
        let Some((header, crc_ok)) = parse_header(w.bytes) else {
            return Step::Done;
        };
        if !crc_ok {
            index
                .problems
                .push(36, Code::CrcMismatch, "PAR header CRC mismatch");
        }
        let skip = u64::from(header.header_size).max(HEADER_LEN as u64);
        index.par_header = Some(header);
        Step::Advance(skip)
    }

    /// Looks for the next known fourcc while resynchronising.
    fn scan(&mut self, w: &Window, index: &mut Index) -> Option<Step> {
        match known_fourccs().find(w.bytes) {
            Some(m) if m.start() == 0 => None,
            Some(m) => Some(self.resync.skip(w, m.start())),
            None if w.eof => {
                self.resync.skip(w, w.bytes.len());
                self.resync.ends_file(w.start + w.bytes.len() as u64, index);
                Some(Step::Done)
            }
            None => Some(self.resync.skip(w, w.bytes.len().saturating_sub(3))),
        }
    }

    fn chunk(&mut self, w: &Window, index: &mut Index) -> Step {
        let b = w.bytes;
        if self.resync.active() {
            if let Some(step) = w.wait_for(8) {
                return step;
            }
            if let Some(step) = self.scan(w, index) {
                return step;
            }
        }
        if b.len() < 8 {
            if w.eof {
                if !b.is_empty() {
                    let why = format!("{} trailing bytes after the last chunk", b.len());
                    self.resync.start(w.start, Code::Truncated, why);
                    self.resync.skip(w, b.len());
                }
                return Step::Done;
            }
            return Step::Need(8);
        }
        let fourcc: [u8; 4] = [b[0], b[1], b[2], b[3]];
        let len = u64::from(le32(b, 4).unwrap_or(0));
        // Named only for messages: most chunks never need it.
        let name = || fourcc_name(&fourcc);
        if !fourcc.iter().all(|c| c.is_ascii_alphanumeric()) {
            return self.bad(w, Code::BadHeader, "bad chunk: not a fourcc".into());
        }
        if len > MAX_PAR_CHUNK {
            return self.bad(
                w,
                Code::BadSize,
                format!("bad {} chunk: length {len} over the limit", name()),
            );
        }
        let total = len + CHUNK_OVERHEAD;
        if w.past_end(w.start + total) {
            return self.cut_chunk(w, index, &fourcc, len);
        }
        if !self.verify && &fourcc == b"FRAM" {
            return self.trusted_frame(w, index, len);
        }
        if total as usize > WHOLE_CHUNK {
            return self.start_streaming(w, fourcc, len);
        }
        let total = total as usize;
        if b.len() < total {
            return Step::Need(total);
        }
        let body_end = 8 + len as usize;
        if crc32fast::hash(&b[..body_end]) != le32(b, body_end).unwrap_or(0) {
            return self.bad(
                w,
                Code::CrcMismatch,
                format!("{} chunk CRC mismatch", name()),
            );
        }
        self.resync.found(w.start, index);
        let payload = &b[8..body_end];
        match &fourcc {
            b"FRAM" => match frame_entry(w.start, payload, len, &mut self.state) {
                Ok((entry, title)) => index.push(entry, title.as_deref()),
                Err(e) => frame_problem(w.start, e, index),
            },
            b"SETT" => self.settings(w.start, payload, index),
            b"EVNT" => event(w.start, payload, index),
            b"INDX" => self.check_index(w.start, payload, index),
            _ => index.other_chunks.push(OtherChunk {
                offset: w.start,
                fourcc: name(),
                length: total as u64,
            }),
        }
        Step::Advance(total as u64)
    }

    /// The last chunk, cut short by the end of the file: a picture in it is
    /// kept, flagged truncated.
    fn cut_chunk(&mut self, w: &Window, index: &mut Index, fourcc: &[u8; 4], len: u64) -> Step {
        let present = w.present();
        let parsed =
            (fourcc == b"FRAM").then(|| frame_entry(w.start, &w.bytes[8..], len, &mut self.state));
        let (entry, title) = match parsed {
            Some(Ok((entry, title))) => (Some(entry), title),
            Some(Err(BodyError::Need(n))) if !w.complete() && (n as u64) + 8 <= present => {
                return Step::Need(n + 8)
            }
            _ => (None, None),
        };
        let what = format!("last {} chunk", fourcc_name(fourcc));
        let picture = entry.map(|e| (e, title.as_deref()));
        self.resync
            .cut_short(w, index, &what, len + CHUNK_OVERHEAD, picture)
    }

    /// A `FRAM` chunk taken on its headers, its payload skipped unread.
    fn trusted_frame(&mut self, w: &Window, index: &mut Index, len: u64) -> Step {
        w.prefetch(len + CHUNK_OVERHEAD);
        match frame_entry(w.start, &w.bytes[8..], len, &mut self.state) {
            Ok((entry, title)) => index.push(entry, title.as_deref()),
            Err(BodyError::Need(n)) if n + 8 <= MAX_LOOKAHEAD && !w.eof => {
                return Step::Need(n + 8)
            }
            Err(e) => frame_problem(w.start, e, index),
        }
        Step::Advance(len + CHUNK_OVERHEAD)
    }

    fn settings(&mut self, offset: u64, payload: &[u8], index: &mut Index) {
        if index.settings.is_some() {
            index
                .problems
                .push(offset, Code::Ignored, "second SETT chunk ignored");
        } else if payload.len() as u64 > MAX_SETTINGS {
            index
                .problems
                .push(offset, Code::TooLarge, "settings text over the size limit");
        } else {
            index.settings = Some(StoredSettings {
                offset,
                settings: Settings::parse(payload),
            });
        }
    }

    /// Compares the stored index with the frames found by walking the chunks.
    fn check_index(&mut self, offset: u64, payload: &[u8], index: &mut Index) {
        self.index_at = Some(offset);
        let count = le32(payload, 0).unwrap_or(0) as usize;
        let entries = payload.get(4..).unwrap_or(&[]);
        if entries.len() != count.saturating_mul(INDEX_ENTRY) {
            index.problems.push(
                offset,
                Code::BadIndex,
                format!(
                    "INDX says {count} entries but holds {} bytes of them",
                    entries.len()
                ),
            );
        }
        let frame_starts: Vec<u64> = index
            .frames
            .iter()
            .map(|f| f.unit_offset - 8 - FRAME_HEADER as u64)
            .collect();
        let mut bad = 0u64;
        for (i, e) in entries.chunks_exact(INDEX_ENTRY).enumerate() {
            let at = le64(e, 0).unwrap_or(0);
            if frame_starts.binary_search(&at).is_err() {
                if bad < 10 {
                    index.problems.push(
                        offset + 4 + (i * INDEX_ENTRY) as u64,
                        Code::BadIndex,
                        format!("index entry {i} points at {at}, not at a FRAM chunk; ignored"),
                    );
                }
                bad += 1;
            }
        }
        if bad > 10 {
            index.problems.push(
                offset,
                Code::BadIndex,
                format!("{bad} index entries in all do not point at FRAM chunks"),
            );
        }
        if entries.len() / INDEX_ENTRY != frame_starts.len() {
            index.problems.push(
                offset,
                Code::BadIndex,
                format!(
                    "INDX lists {} frames, the file holds {}",
                    entries.len() / INDEX_ENTRY,
                    frame_starts.len()
                ),
            );
        }
    }

    fn start_streaming(&mut self, w: &Window, fourcc: [u8; 4], len: u64) -> Step {
        let item = match &fourcc {
            b"FRAM" => match frame_entry(w.start, &w.bytes[8..], len, &mut self.state) {
                Ok((entry, title)) => Deferred::Frame(entry, title),
                Err(BodyError::Need(n)) if n + 8 <= MAX_LOOKAHEAD && w.bytes.len() < n + 8 => {
                    return Step::Need(n + 8)
                }
                Err(_) => Deferred::Nothing,
            },
            b"INDX" => Deferred::Index,
            b"SETT" | b"EVNT" => Deferred::Nothing,
            _ => Deferred::Other(OtherChunk {
                offset: w.start,
                fourcc: fourcc_name(&fourcc),
                length: len + CHUNK_OVERHEAD,
            }),
        };
        self.streaming = Some(Streaming {
            start: w.start,
            fourcc,
            len,
            item,
            crc: None,
        });
        Step::Digest(8 + len)
    }

    fn finish_streaming(&mut self, w: &Window, index: &mut Index) -> Step {
        if w.bytes.len() < 4 {
            return if w.eof { Step::Done } else { Step::Need(4) };
        }
        let Some(s) = self.streaming.take() else {
            return Step::Advance(0);
        };
        let name = fourcc_name(&s.fourcc);
        if s.crc != le32(w.bytes, 0) {
            self.resync.start(
                s.start,
                Code::CrcMismatch,
                format!("{name} chunk CRC mismatch"),
            );
            // Its payload was hashed as it streamed by, not looked at.
            self.resync.saw_unseen_bytes();
            return self.resync.skip(w, 4);
        }
        self.resync.found(s.start, index);
        match s.item {
            Deferred::Frame(entry, title) => index.push(entry, title.as_deref()),
            Deferred::Other(other) => index.other_chunks.push(other),
            Deferred::Index => self.index_at = Some(s.start),
            Deferred::Nothing => index.problems.push(
                s.start,
                Code::Ignored,
                format!("{name} chunk of {} bytes not read", s.len),
            ),
        }
        Step::Advance(4)
    }
}

/// Records a `FRAM` chunk whose body does not read.
fn frame_problem(offset: u64, e: BodyError, index: &mut Index) {
    match e {
        BodyError::Need(_) => {
            index
                .problems
                .push(offset, Code::BadSize, "FRAM chunk: body cut short")
        }
        BodyError::Invalid(why) => {
            index
                .problems
                .push(offset, Code::BadContent, format!("FRAM chunk: {why}"))
        }
    }
}

/// Reads one `EVNT` chunk.
fn event(offset: u64, p: &[u8], index: &mut Index) {
    let (Some(ts), Some(camera), Some(kind), Some(text_len)) =
        (le64(p, 0), le16(p, 8), le16(p, 10), le32(p, 12))
    else {
        index
            .problems
            .push(offset, Code::BadContent, "EVNT chunk too short");
        return;
    };
    let text_len = u64::from(text_len).min(MAX_EVENT_TEXT) as usize;
    let Some(text) = p.get(16..16 + text_len) else {
        index
            .problems
            .push(offset, Code::BadContent, "EVNT text runs past its chunk");
        return;
    };
    index.events.push(Event {
        offset,
        timestamp_ms: ts as i64,
        camera,
        kind: EventKind::from_code(kind),
        text: crate::text::decode(text).into_owned(),
    });
}

impl FormatReader for ParReader {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step {
        if !self.header_done {
            return self.header(w, index);
        }
        if self.streaming.as_ref().is_some_and(|s| s.crc.is_some()) {
            return self.finish_streaming(w, index);
        }
        self.chunk(w, index)
    }

    fn digest(&mut self, crc: u32) {
        if let Some(s) = self.streaming.as_mut() {
            s.crc = Some(crc);
        }
    }

    fn finish(&mut self, end: u64, index: &mut Index) {
        self.resync.ends_file(end, index);
        let Some(header) = index.par_header.clone() else {
            return;
        };
        match (header.index_offset, self.index_at) {
            (0, Some(at)) => index.problems.push(
                at,
                Code::BadIndex,
                "INDX chunk present but the header does not point at it",
            ),
            (0, None) => {}
            (want, Some(at)) if want != at => index.problems.push(
                24,
                Code::BadIndex,
                format!("header points the index at {want}, it is at {at}"),
            ),
            (want, None) if header.flags & ParHeader::HAS_MEDIA != 0 || want != 0 => {
                index.problems.push(
                    24,
                    Code::BadIndex,
                    format!("index at {want} missing; rebuilt by walking the chunks"),
                );
            }
            _ => {}
        }
    }
}
