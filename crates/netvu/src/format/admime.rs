//! AD MIME server-push streams (`netvu-formats.md` §4): parts with a boundary
//! line, a status line, `Content-type` and `Content-length`, then a body. An
//! MPEG-4/H.264 picture part is described by the `text/plain` part after it.

use super::Resync;
use crate::body::{self, BodyError, StreamState};
use crate::index::Index;
use crate::indexer::{FormatReader, Step, Window};
use crate::limits::{ES_PROBE, MAX_AD_CHUNK, MAX_MIME_HEADER, MAX_RAW_JPEG, MAX_TEXT};
use crate::model::{Codec, FrameEntry, UnitLayout};
use crate::problem::Code;
use memchr::memmem;

const BOUNDARY_SUFFIX: &[u8] = b":Server-Push:Boundary-String)1qaz";
/// SOI, APP0 of length 16, `JFIF\0`, version 1: a part sent without MIME headers.
const RAW_JFIF: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01,
];

/// True if `line` is a NetVu push boundary, tolerating junk written over its
/// first bytes (`netvu-formats.md` §4.3).
pub fn is_boundary(line: &[u8]) -> bool {
    let line = line.trim_ascii_end();
    let Some(head) = line.strip_suffix(BOUNDARY_SUFFIX) else {
        return false;
    };
    let Some(open) = memmem::rfind(head, b"m(") else {
        return false;
    };
    let server = &head[open + 2..];
    open < 12 && !server.iter().any(|c| c.is_ascii_whitespace() || *c == b':')
}

/// Probe: a boundary (after up to two line-end bytes), or a bare JFIF part.
pub fn looks_like_mime(head: &[u8]) -> bool {
    let start = head
        .iter()
        .take(2)
        .take_while(|&&c| c == b'\r' || c == b'\n')
        .count();
    let rest = &head[start..];
    let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len().min(1024));
    is_boundary(&rest[..line_end]) || rest.starts_with(RAW_JFIF) || rest.starts_with(b"HTTP/1.")
}

/// True if a whole boundary line lies anywhere in `head`: a capture that
/// starts inside a part is still AD MIME.
pub fn has_boundary_line(head: &[u8]) -> bool {
    memmem::find_iter(head, BOUNDARY_SUFFIX).any(|at| {
        let line_start = memchr::memrchr(b'\n', &head[..at]).map_or(0, |p| p + 1);
        let line_end = memchr::memchr(b'\n', &head[at..]).map_or(head.len(), |p| at + p);
        is_boundary(&head[line_start..line_end])
    })
}

/// The header of one part, parsed.
#[derive(Debug, PartialEq, Eq)]
pub struct PartHeader {
    /// Bytes from the window start to the body.
    pub body_start: usize,
    pub content_type: String,
    pub content_length: Option<u64>,
}

pub enum HeaderParse {
    Part(PartHeader),
    /// More bytes are needed to find the end of the header.
    Need,
    Invalid(&'static str),
}

/// Parses a part header at the front of `b` (after any line ends).
pub fn parse_part_header(b: &[u8]) -> HeaderParse {
    let lead = b.iter().take_while(|&&c| c == b'\r' || c == b'\n').count();
    let rest = &b[lead..];
    let window = &rest[..rest.len().min(MAX_MIME_HEADER)];
    let end = match (
        memmem::find(window, b"\r\n\r\n"),
        memmem::find(window, b"\n\n"),
    ) {
        (Some(a), Some(b)) if b + 2 < a + 4 => b + 2,
        (Some(a), _) => a + 4,
        (None, Some(b)) => b + 2,
        (None, None) if rest.len() >= MAX_MIME_HEADER => {
            return HeaderParse::Invalid("part header too long")
        }
        (None, None) => return HeaderParse::Need,
    };
    let mut lines = window[..end]
        .split(|&c| c == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let first = lines.next().unwrap_or_default();
    if !is_boundary(first) && !first.starts_with(b"HTTP") {
        return HeaderParse::Invalid("part does not start with a boundary");
    }
    let mut content_type = String::new();
    let mut content_length = None;
    for line in lines {
        let Some(colon) = line.iter().position(|&c| c == b':') else {
            continue;
        };
        let (name, value) = (
            &line[..colon],
            String::from_utf8_lossy(&line[colon + 1..])
                .trim()
                .to_string(),
        );
        if name.eq_ignore_ascii_case(b"Content-type") {
            content_type = value;
        } else if name.eq_ignore_ascii_case(b"Content-length") {
            content_length = value.parse().ok();
        }
    }
    HeaderParse::Part(PartHeader {
        body_start: lead + end,
        content_type,
        content_length,
    })
}

/// What a content type holds.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum PartKind {
    Jfif,
    /// MPEG-4 or H.264 picture; `Some(key)` when the type says I or P.
    Picture {
        h264: bool,
        key: Option<bool>,
    },
    Text,
    Xml,
    Layout,
    Audio {
        rate: u32,
    },
    Mask,
    /// A Windows bitmap (FireVu units send them between their JFIFs).
    Bmp,
    Other,
}

fn part_kind(ct: &str) -> PartKind {
    let lower = ct.to_ascii_lowercase();
    let key = |rest: &str| match rest.chars().next() {
        Some('i') => Some(true),
        Some('p') => Some(false),
        _ => None,
    };
    if lower == "image/jpeg" {
        PartKind::Jfif
    } else if let Some(rest) = lower.strip_prefix("image/admp4") {
        PartKind::Picture {
            h264: false,
            key: key(rest),
        }
    } else if let Some(rest) = lower.strip_prefix("image/adh264") {
        PartKind::Picture {
            h264: true,
            key: key(rest),
        }
    } else if lower == "text/plain" {
        PartKind::Text
    } else if lower == "text/xml" {
        PartKind::Xml
    } else if lower == "data/layout" {
        PartKind::Layout
    } else if lower.starts_with("audio/adpcm") {
        let rate = lower
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("rate="))
            .find_map(|r| r.split_whitespace().next()?.parse().ok())
            .unwrap_or(8000);
        PartKind::Audio { rate }
    } else if lower == "image/pbm" {
        PartKind::Mask
    } else if lower == "image/bmp" {
        PartKind::Bmp
    } else {
        PartKind::Other
    }
}

/// Sample rates MIME audio may name; anything else is played at 8000 Hz.
fn audio_rate(rate: u32) -> u32 {
    if [8000, 11025, 16000, 22050, 32000, 44100, 48000].contains(&rate) {
        rate
    } else {
        8000
    }
}

/// A picture part waiting for its `text/plain` part.
struct PendingPicture {
    start: u64,
    length: u64,
    codec: Codec,
    key: bool,
    size: Option<(u16, u16)>,
}

#[derive(Default)]
pub struct AdMimeReader {
    state: StreamState,
    resync: Resync,
    pending: Option<PendingPicture>,
    picture_codec: Option<Codec>,
    /// The camera and time of the last picture that said them: pictures
    /// that do not (BMP parts, pictures without their text part) go after it.
    last_picture: Option<(u16, i64)>,
}

/// Bytes after a part read to see whether the next part starts there.
const PEEK: usize = 256;

/// Whether a part's bytes can be taken as its `Content-length` says.
enum PartEnd {
    Take,
    Wait(Step),
    Reject(Code, &'static str),
}

/// Is `body` whole by its own content, whatever follows it? A JPEG runs
/// from SOI to EOI, a BMP's header counts its bytes, an elementary stream
/// starts with a start code, a text part is text.
fn content_is_whole(kind: PartKind, body: &[u8]) -> bool {
    match kind {
        PartKind::Jfif => {
            let tail = &body[body.len().saturating_sub(64)..];
            body.starts_with(&[0xFF, 0xD8]) && memmem::rfind(tail, &[0xFF, 0xD9]).is_some()
        }
        PartKind::Bmp => crate::codec::bmp::file_len(body) == Some(body.len() as u64),
        PartKind::Picture { .. } => body.starts_with(&[0, 0, 1]) || body.starts_with(&[0, 0, 0, 1]),
        PartKind::Text => {
            !body.is_empty()
                && body
                    .iter()
                    .all(|&c| c >= 0x20 && c != 0x7F || matches!(c, b'\r' | b'\n' | b'\t'))
        }
        _ => false,
    }
}

impl AdMimeReader {
    /// The index entry of a picture part, with what its text part says.
    fn picture_entry(
        &mut self,
        p: &PendingPicture,
        text: Option<(&[u8], u64)>,
    ) -> Option<(FrameEntry, Option<Vec<u8>>)> {
        let meta = text.map(|(t, _)| body::comment_meta(t));
        let camera = meta
            .as_ref()
            .and_then(|m| m.camera)
            .or(self.last_picture.map(|(c, _)| c))
            .unwrap_or(0);
        if let Some(size) = p.size {
            self.state.remember_size(camera, size);
        }
        let (width, height) = self.state.size_of(camera).unwrap_or((0, 0));
        let unit_end = text.map_or(p.start + p.length, |(_, end)| end);
        let timestamp = match meta.as_ref().and_then(|m| m.timestamp) {
            Some(t) => {
                self.last_picture = Some((camera, t));
                t
            }
            None => self.time_after_last(camera),
        };
        let entry = FrameEntry {
            unit_offset: p.start,
            timestamp,
            unit_length: u32::try_from(unit_end - p.start).ok()?,
            payload_start: 0,
            payload_length: u32::try_from(p.length).ok()?,
            number: meta
                .as_ref()
                .and_then(|m| m.number)
                .unwrap_or(FrameEntry::NO_NUMBER),
            sample_rate: 0,
            stream: camera,
            width,
            height,
            codec: p.codec,
            layout: if text.is_some() {
                UnitLayout::MimeVideo
            } else {
                UnitLayout::Bare
            },
            flags: if p.key { FrameEntry::KEY } else { 0 },
        };
        Some((entry, meta.and_then(|m| m.title)))
    }

    /// The time of `camera`'s last picture, so that a picture without a
    /// time of its own is placed just after it.
    fn time_after_last(&self, camera: u16) -> i64 {
        self.last_picture
            .filter(|&(c, _)| c == camera)
            .map_or(FrameEntry::NO_TIME, |(_, t)| t)
    }

    fn flush_pending(&mut self, index: &mut Index, text: Option<(&[u8], u64)>) {
        let Some(p) = self.pending.take() else { return };
        let Some((entry, title)) = self.picture_entry(&p, text) else {
            index
                .problems
                .push(p.start, Code::TooLarge, "unit too large to index");
            return;
        };
        if text.is_none() {
            index.problems.push_run(
                p.start,
                p.length,
                Code::Recovered,
                format!(
                    "picture part without the text/plain part giving its time (the vendor's demuxer drops it): \
                     kept after camera {}'s previous picture",
                    entry.stream
                ),
            );
        }
        index.push(entry, title.as_deref());
    }

    /// The part at the window start is bad: look for the next boundary
    /// from its next line (a boundary line is never taken twice).
    fn bad(&mut self, w: &Window, code: Code, why: impl Into<String>) -> Step {
        self.resync.start(w.start, code, why);
        let line = memchr::memchr(b'\n', w.bytes).map_or(1, |at| at + 1);
        self.resync.skip(w, line)
    }

    /// Looks for the next boundary line in the window.
    fn scan(&mut self, w: &Window, index: &mut Index) -> Step {
        if let Some(step) = w.wait_for(BOUNDARY_SUFFIX.len() + 128) {
            return step;
        }
        let b = w.bytes;
        match memmem::find(b, BOUNDARY_SUFFIX) {
            Some(at) => {
                let line_start = memchr::memrchr(b'\n', &b[..at]).map_or(0, |p| p + 1);
                if line_start > 0 {
                    return self.resync.skip(w, line_start);
                }
                if at > 64 {
                    // Too far into the line to be a boundary: look past it.
                    return self.resync.skip(w, at + 1);
                }
                self.resync.found(w.start, index);
                self.read_part(w, index)
            }
            None if w.eof => {
                self.resync.skip(w, b.len());
                self.resync.ends_file(w.start + b.len() as u64, index);
                Step::Done
            }
            None => self
                .resync
                .skip(w, b.len().saturating_sub(BOUNDARY_SUFFIX.len() + 64)),
        }
    }

    /// A part is taken when the next part (or the end of the file) follows
    /// its `Content-length` bytes, or when its content is whole on its own
    /// (padding or junk may follow the last part): a wrong length never
    /// yields a wrong payload.
    fn check_part_end(w: &Window, kind: PartKind, body_at: usize, end: usize) -> PartEnd {
        if w.total == Some(w.start + end as u64) {
            return PartEnd::Take;
        }
        if w.bytes.len() < end + PEEK && !w.complete() && !w.reaches_end() {
            return PartEnd::Wait(Step::Need(end + PEEK));
        }
        let Some(rest) = w.bytes.get(end..) else {
            return PartEnd::Reject(Code::TooLarge, "part larger than the look-ahead cap");
        };
        let rest = &rest[rest
            .iter()
            .take_while(|&&c| c == b'\r' || c == b'\n')
            .count()..];
        let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let next_part = (rest.is_empty() && w.reaches_end())
            || is_boundary(&rest[..line_end])
            || rest.starts_with(b"HTTP")
            || rest.starts_with(RAW_JFIF);
        let padding = rest.first().is_some_and(|&fill| {
            matches!(fill, 0x00 | 0xFF) && rest[..rest.len().min(PEEK)].iter().all(|&c| c == fill)
        });
        if next_part || padding || content_is_whole(kind, &w.bytes[body_at..end]) {
            PartEnd::Take
        } else {
            PartEnd::Reject(
                Code::BadSize,
                "part's Content-length ends neither at the next part nor at the end of its content",
            )
        }
    }

    /// The last part, cut short by the end of the file: a picture in it is
    /// kept, flagged truncated.
    fn cut_part(
        &mut self,
        w: &Window,
        index: &mut Index,
        kind: PartKind,
        body_at: usize,
        len: u64,
    ) -> Step {
        // All the file has of the part, to judge its content.
        if let Some(step) = w.wait_for(usize::MAX) {
            return step;
        }
        self.flush_pending(index, None);
        let whole = body_at as u64 + len;
        let abs = w.start + body_at as u64;
        let in_body = w.present().saturating_sub(body_at as u64);
        let body = w.bytes.get(body_at..).unwrap_or_default();
        let (entry, title) = match kind {
            // A cut JPEG is drawn down to where it stops, once its scan has begun.
            PartKind::Jfif
                if crate::codec::jpeg::parse_jfif(body).is_ok_and(|i| i.header_len > 0) =>
            {
                match body::jfif(body, in_body.min(body.len() as u64), 0) {
                    Ok(b) => (b.entry(abs, b.camera.unwrap_or(1), false), b.title),
                    Err(_) => (None, None),
                }
            }
            PartKind::Picture { h264, key } => {
                let picture = self.pending_picture(abs, in_body, h264, key, body);
                self.picture_entry(&picture, None)
                    .map_or((None, None), |(e, t)| (Some(e), t))
            }
            _ => (None, None),
        };
        // The entry as if whole: cut_short keeps what the file has of it.
        let entry = entry.map(|mut e| {
            e.unit_length = u32::try_from(len).unwrap_or(u32::MAX);
            e.payload_length = e.unit_length;
            e
        });
        let picture = entry.map(|e| (e, title.as_deref()));
        self.resync.cut_short(w, index, "last part", whole, picture)
    }

    /// A picture part's facts, read from the first bytes of its stream.
    fn pending_picture(
        &mut self,
        start: u64,
        length: u64,
        h264: bool,
        key: Option<bool>,
        es: &[u8],
    ) -> PendingPicture {
        let es = &es[..es.len().min(ES_PROBE)];
        let codec = if h264 {
            Codec::H264
        } else {
            *self
                .picture_codec
                .get_or_insert_with(|| body::mpeg4_or_h264(es))
        };
        let facts = body::es_facts(codec, es);
        PendingPicture {
            start,
            length,
            codec,
            key: key.unwrap_or(facts.key),
            size: facts.size,
        }
    }

    fn read_raw_jpeg(&mut self, w: &Window, index: &mut Index) -> Step {
        let b = w.bytes;
        let Some(eoi) = memmem::find(b, &[0xFF, 0xD9]) else {
            if w.complete() || b.len() >= MAX_RAW_JPEG {
                return self.bad(w, Code::BadContent, "JPEG part without an end marker");
            }
            return Step::Need((b.len() * 2).min(MAX_RAW_JPEG));
        };
        let len = (eoi + 2) as u64;
        match body::jfif(b, len, 0) {
            Ok(body) => {
                if let Some(entry) = body.entry(w.start, body.camera.unwrap_or(1), false) {
                    self.note_picture(&entry);
                    index.push(entry, body.title.as_deref());
                }
                Step::Advance(len)
            }
            Err(BodyError::Need(n)) if !w.complete() => Step::Need(n),
            Err(_) => self.bad(w, Code::BadContent, "bad JPEG part"),
        }
    }

    /// Remembers a picture's camera and time for the pictures that have none.
    fn note_picture(&mut self, entry: &FrameEntry) {
        if let Some(t) = entry.timestamp_ms() {
            self.last_picture = Some((entry.stream, t));
        }
    }

    fn read_part(&mut self, w: &Window, index: &mut Index) -> Step {
        let b = w.bytes;
        // The line ends closing the previous part are framing, not a part.
        let lead = b.iter().take_while(|&&c| c == b'\r' || c == b'\n').count();
        if lead > 0 {
            return Step::Advance(lead as u64);
        }
        if b.is_empty() {
            return if w.eof { Step::Done } else { Step::Need(1) };
        }
        if b.len() < RAW_JFIF.len() && !w.complete() {
            return Step::Need(RAW_JFIF.len());
        }
        if b.starts_with(RAW_JFIF) {
            self.flush_pending(index, None);
            return self.read_raw_jpeg(w, index);
        }
        let header = match parse_part_header(b) {
            HeaderParse::Part(h) => h,
            HeaderParse::Need if !w.complete() => {
                return Step::Need((b.len() * 2).clamp(256, MAX_MIME_HEADER + 1))
            }
            HeaderParse::Need => {
                return self.bad(w, Code::Truncated, "file ends inside a part header")
            }
            HeaderParse::Invalid(why) => return self.bad(w, Code::BadHeader, why),
        };
        let Some(len) = header.content_length.filter(|&l| l < MAX_AD_CHUNK) else {
            return self.bad(w, Code::BadSize, "part without a usable Content-length");
        };
        let kind = part_kind(&header.content_type);
        let body_at = header.body_start;
        let end = body_at as u64 + len;
        if w.past_end(w.start + end) {
            return self.cut_part(w, index, kind, body_at, len);
        }
        // Below the cap (MAX_AD_CHUNK + MAX_MIME_HEADER), so it fits a usize.
        let end = end as usize;
        match Self::check_part_end(w, kind, body_at, end) {
            PartEnd::Take => {}
            PartEnd::Wait(step) => return step,
            PartEnd::Reject(code, why) => {
                self.flush_pending(index, None);
                return self.bad(w, code, why);
            }
        }
        if kind != PartKind::Text {
            self.flush_pending(index, None);
        }
        let small = usize::try_from(len).unwrap_or(usize::MAX);
        let body_bytes = |n: usize| -> Result<&[u8], Step> {
            let want = body_at + small.min(n);
            if b.len() < want {
                Err(Step::Need(want))
            } else {
                Ok(&b[body_at..want])
            }
        };
        let abs = w.start + body_at as u64;
        match kind {
            PartKind::Picture { h264, key } => {
                let es = match body_bytes(ES_PROBE) {
                    Ok(es) => es,
                    Err(step) => return step,
                };
                self.pending = Some(self.pending_picture(abs, len, h264, key, es));
            }
            PartKind::Text => {
                if self.pending.is_none() {
                    index.problems.push(
                        w.start,
                        Code::Ignored,
                        "text/plain part with no picture before it",
                    );
                } else if small <= MAX_TEXT {
                    match body_bytes(MAX_TEXT) {
                        Ok(text) => self.flush_pending(index, Some((text, abs + len))),
                        Err(step) => return step,
                    }
                } else {
                    self.flush_pending(index, None);
                }
            }
            PartKind::Jfif => match body::jfif(&b[body_at..], len, 0) {
                Ok(body) => {
                    if let Some(entry) = body.entry(abs, body.camera.unwrap_or(1), false) {
                        self.note_picture(&entry);
                        index.push(entry, body.title.as_deref());
                    }
                }
                Err(BodyError::Need(n)) => return Step::Need(body_at + n),
                Err(BodyError::Invalid(why)) => {
                    index
                        .problems
                        .push(abs, Code::BadContent, format!("bad JPEG part: {why}"))
                }
            },
            PartKind::Bmp => {
                let head = match body_bytes(crate::codec::bmp::HEADER_LEN) {
                    Ok(h) => h,
                    Err(step) => return step,
                };
                let camera = self.last_picture.map_or(1, |(c, _)| c);
                let mut entry = bare_entry(abs, len, Codec::Bmp, camera, 0);
                entry.timestamp = self.time_after_last(camera);
                if let Some((width, height)) = crate::codec::bmp::dimensions(head) {
                    entry.width = width;
                    entry.height = height;
                }
                index.push(entry, None);
            }
            PartKind::Audio { rate } => {
                let rate = audio_rate(rate);
                let entry = bare_entry(abs, len, Codec::AdpcmIma, 0, rate);
                index.push(entry, None);
            }
            PartKind::Xml | PartKind::Layout => {
                let codec = if kind == PartKind::Xml {
                    Codec::Xml
                } else {
                    Codec::Layout
                };
                index.push(bare_entry(abs, len, codec, 0, 0), None);
            }
            PartKind::Mask => {
                let want = small.min(MAX_TEXT);
                let mask = match body_bytes(want) {
                    Ok(m) => m,
                    Err(step) => return step,
                };
                match crate::codec::pbm::parse_pbm(mask) {
                    Ok(m) => {
                        let mut entry = bare_entry(abs, len, Codec::Pbm, 1, 0);
                        entry.width = u16::try_from(m.width).unwrap_or(0);
                        entry.height = u16::try_from(m.height).unwrap_or(0);
                        index.push(entry, None);
                    }
                    Err(e) => {
                        index
                            .problems
                            .push(abs, Code::BadContent, format!("bad PBM mask: {e:?}"))
                    }
                }
            }
            PartKind::Other => {
                index.problems.push(
                    w.start,
                    Code::UnknownType,
                    format!("part of unsupported type {:?} skipped", header.content_type),
                );
            }
        }
        Step::Advance(end as u64)
    }
}

fn bare_entry(offset: u64, len: u64, codec: Codec, stream: u16, sample_rate: u32) -> FrameEntry {
    FrameEntry {
        unit_offset: offset,
        timestamp: FrameEntry::NO_TIME,
        unit_length: u32::try_from(len).unwrap_or(u32::MAX),
        payload_start: 0,
        payload_length: u32::try_from(len).unwrap_or(u32::MAX),
        number: FrameEntry::NO_NUMBER,
        sample_rate,
        stream,
        width: 0,
        height: 0,
        codec,
        layout: UnitLayout::Bare,
        flags: FrameEntry::KEY,
    }
}

impl FormatReader for AdMimeReader {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step {
        if self.resync.active() {
            self.scan(w, index)
        } else {
            self.read_part(w, index)
        }
    }

    fn finish(&mut self, end: u64, index: &mut Index) {
        self.flush_pending(index, None);
        self.resync.ends_file(end, index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_rules() {
        assert!(is_boundary(
            b"--0plm(NetVu-Connected:Server-Push:Boundary-String)1qaz"
        ));
        assert!(is_boundary(
            b"--0plm(Micro-Web:Server-Push:Boundary-String)1qaz\r"
        ));
        assert!(is_boundary(
            b"\xcd\xcd\x10plm(NetVu:Server-Push:Boundary-String)1qaz"
        ));
        assert!(!is_boundary(
            b"--0plm(Net Vu:Server-Push:Boundary-String)1qaz"
        ));
        assert!(!is_boundary(
            b"--0plm(NetVu:Server-Push:Boundary-String)1qa"
        ));
    }

    #[test]
    fn part_types() {
        assert_eq!(
            part_kind("image/admp4i"),
            PartKind::Picture {
                h264: false,
                key: Some(true)
            }
        );
        assert_eq!(
            part_kind("image/adh264p"),
            PartKind::Picture {
                h264: true,
                key: Some(false)
            }
        );
        assert_eq!(
            part_kind("audio/adpcm; rate=16000"),
            PartKind::Audio { rate: 16000 }
        );
        assert_eq!(part_kind("Image/JPEG"), PartKind::Jfif);
    }
}
