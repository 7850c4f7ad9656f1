//! AD MIME server-push streams (`netvu-formats.md` §4): parts with a boundary
//! line, a status line, `Content-type` and `Content-length`, then a body. An
//! MPEG-4/H.264 picture part is described by the `text/plain` part after it.

use super::Resync;
use crate::body::{self, BodyError, StreamState};
use crate::index::Index;
use crate::indexer::{FormatReader, Step, Window};
use crate::limits::{ES_PROBE, MAX_AD_CHUNK, MAX_MIME_HEADER, MAX_RAW_JPEG, MAX_TEXT};
use crate::model::{Codec, FrameEntry, UnitLayout};
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
}

impl AdMimeReader {
    fn flush_pending(&mut self, index: &mut Index, text: Option<(&[u8], u64)>) {
        let Some(p) = self.pending.take() else { return };
        let meta = text.map(|(t, _)| body::comment_meta(t));
        let camera = meta.as_ref().and_then(|m| m.camera).unwrap_or(0);
        if let Some(size) = p.size {
            self.state.remember_size(camera, size);
        }
        let (width, height) = self.state.size_of(camera).unwrap_or((0, 0));
        let unit_end = text.map_or(p.start + p.length, |(_, end)| end);
        if text.is_none() {
            index.problems.push(
                p.start,
                "picture part without the text/plain part describing it",
            );
        }
        let (Ok(unit_length), Ok(payload_length)) =
            (u32::try_from(unit_end - p.start), u32::try_from(p.length))
        else {
            index.problems.push(p.start, "unit too large to index");
            return;
        };
        let entry = FrameEntry {
            unit_offset: p.start,
            timestamp: meta
                .as_ref()
                .and_then(|m| m.timestamp)
                .unwrap_or(FrameEntry::NO_TIME),
            unit_length,
            payload_start: 0,
            payload_length,
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
        index.push(entry, meta.as_ref().and_then(|m| m.title.as_deref()));
    }

    fn bad(&mut self, w: &Window, index: &mut Index, why: &str) -> Step {
        if !self.resync.active() {
            index.problems.push(w.start, why.to_string());
        }
        self.resync.start(w.start);
        Step::Advance(1)
    }

    /// Looks for the next boundary line in the window.
    fn scan(&mut self, w: &Window, index: &mut Index) -> Step {
        if let Some(step) = super::too_short(w, BOUNDARY_SUFFIX.len() + 128) {
            return step;
        }
        let b = w.bytes;
        match memmem::find(b, BOUNDARY_SUFFIX) {
            Some(at) => {
                let line_start = memchr::memrchr(b'\n', &b[..at]).map_or(0, |p| p + 1);
                if line_start > 0 {
                    return Step::Advance(line_start as u64);
                }
                if at > 64 {
                    // Too far into the line to be a boundary: look past it.
                    return Step::Advance(at as u64 + 1);
                }
                self.resync.found(w.start, index);
                self.read_part(w, index)
            }
            None if w.eof => {
                self.resync.found(w.start + b.len() as u64, index);
                Step::Done
            }
            None => Step::Advance(b.len().saturating_sub(BOUNDARY_SUFFIX.len() + 64).max(1) as u64),
        }
    }

    /// A part is taken only if its `Content-length` ends where the next part
    /// (or the file) does, so a wrong length never yields a wrong payload.
    fn check_part_end(&mut self, w: &Window, index: &mut Index, end: u64) -> Option<Step> {
        const PEEK: usize = 256;
        if w.total == Some(w.start + end) {
            return None;
        }
        let end = usize::try_from(end).ok()?;
        if w.bytes.len() < end + PEEK && !w.eof {
            return Some(Step::Need(end + PEEK));
        }
        let rest = &w.bytes[end.min(w.bytes.len())..];
        let lead = rest
            .iter()
            .take_while(|&&c| c == b'\r' || c == b'\n')
            .count();
        let rest = &rest[lead..];
        let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        if rest.is_empty()
            || is_boundary(&rest[..line_end])
            || rest.starts_with(b"HTTP")
            || rest.starts_with(RAW_JFIF)
        {
            return None;
        }
        self.flush_pending(index, None);
        Some(self.bad(
            w,
            index,
            "part's Content-length does not end at the next part",
        ))
    }

    fn read_raw_jpeg(&mut self, w: &Window, index: &mut Index, lead: usize) -> Step {
        let b = &w.bytes[lead..];
        let Some(eoi) = memmem::find(b, &[0xFF, 0xD9]) else {
            if w.eof || b.len() >= MAX_RAW_JPEG {
                return self.bad(w, index, "JPEG part without an end marker");
            }
            return Step::Need((w.bytes.len() * 2).min(MAX_RAW_JPEG + lead));
        };
        let len = (eoi + 2) as u64;
        match body::jfif(b, len, 0) {
            Ok(body) => {
                if let Some(entry) =
                    body.entry(w.start + lead as u64, body.camera.unwrap_or(1), false)
                {
                    index.push(entry, body.title.as_deref());
                }
                Step::Advance(lead as u64 + len)
            }
            Err(BodyError::Need(n)) if !w.eof => Step::Need(lead + n),
            Err(_) => self.bad(w, index, "bad JPEG part"),
        }
    }

    fn read_part(&mut self, w: &Window, index: &mut Index) -> Step {
        let b = w.bytes;
        let lead = b.iter().take_while(|&&c| c == b'\r' || c == b'\n').count();
        if lead == b.len() {
            return if w.eof {
                Step::Done
            } else if lead > 0 {
                Step::Advance(lead as u64)
            } else {
                Step::Need(1)
            };
        }
        if b.len() - lead < RAW_JFIF.len() && !w.eof {
            return Step::Need(lead + RAW_JFIF.len());
        }
        if b[lead..].starts_with(RAW_JFIF) {
            self.flush_pending(index, None);
            return self.read_raw_jpeg(w, index, lead);
        }
        let header = match parse_part_header(b) {
            HeaderParse::Part(h) => h,
            HeaderParse::Need if !w.eof => {
                return Step::Need((b.len() * 2).clamp(256, MAX_MIME_HEADER + lead + 1))
            }
            HeaderParse::Need => return self.bad(w, index, "file ends inside a part header"),
            HeaderParse::Invalid(why) => return self.bad(w, index, why),
        };
        let Some(len) = header.content_length.filter(|&l| l < MAX_AD_CHUNK) else {
            return self.bad(w, index, "part without a usable Content-length");
        };
        let body_at = header.body_start;
        let end = body_at as u64 + len;
        if w.past_end(w.start + end) {
            self.flush_pending(index, None);
            return self.bad(w, index, "part cut short by the end of the file");
        }
        if let Some(step) = self.check_part_end(w, index, end) {
            return step;
        }
        let kind = part_kind(&header.content_type);
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
                let codec = if h264 {
                    Codec::H264
                } else {
                    *self
                        .picture_codec
                        .get_or_insert_with(|| body::mpeg4_or_h264(es))
                };
                let facts = body::es_facts(codec, es);
                self.pending = Some(PendingPicture {
                    start: abs,
                    length: len,
                    codec,
                    key: key.unwrap_or(facts.key),
                    size: facts.size,
                });
            }
            PartKind::Text => {
                if self.pending.is_none() {
                    index
                        .problems
                        .push(w.start, "text/plain part with no picture before it");
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
                        index.push(entry, body.title.as_deref());
                    }
                }
                Err(BodyError::Need(n)) => return Step::Need(body_at + n),
                Err(BodyError::Invalid(why)) => {
                    index.problems.push(abs, format!("bad JPEG part: {why}"))
                }
            },
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
                    Err(e) => index.problems.push(abs, format!("bad PBM mask: {e:?}")),
                }
            }
            PartKind::Other => {
                index.problems.push(
                    w.start,
                    format!("part of unsupported type {:?} skipped", header.content_type),
                );
            }
        }
        Step::Advance(end)
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
        self.resync.found(end, index);
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
