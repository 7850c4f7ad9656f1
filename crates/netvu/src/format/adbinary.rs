//! AD binary streams: 6-byte separators (type, channel, size) each followed
//! by a body (`netvu-formats.md` §3).
//!
//! The separator size and the picture header's own counts are redundant; the
//! vendor follows the header. This reader does too when the two disagree and
//! the header's end is where the next chunk starts, else it follows whichever
//! end a plausible chunk (or the end of file) follows, and resynchronises by
//! scanning when neither does.

use super::Resync;
use crate::body::{self, data_type, BodyError, StreamState};
use crate::bytes::{be16, be32};
use crate::header::{is_pic_version, AUDIO_VERSION, PIC_HEADER_LEN};
use crate::index::Index;
use crate::indexer::{FormatReader, Step, Window};
use crate::limits::{MAX_AD_CHUNK, MAX_LOOKAHEAD, MAX_TEXT};
use crate::model::{Codec, FrameEntry, Media};
use crate::problem::Code;

const SEPARATOR: usize = 6;
/// Bytes of a following chunk read to judge whether it is plausible.
const PEEK: usize = SEPARATOR + PIC_HEADER_LEN;

#[derive(Default)]
pub struct AdBinaryReader {
    state: StreamState,
    resync: Resync,
    last_video_time: Option<i64>,
}

/// RTP payload types that NetVu audio modes use (table 2.2).
const AUDIO_MODES: [u16; 14] = [5, 6, 16, 17, 96, 97, 98, 100, 101, 102, 103, 104, 11, 105];

/// How sure we are that a chunk starts at the front of `b`.
#[derive(Debug, PartialEq, Eq)]
enum Plausible {
    Yes,
    No,
    /// More bytes are needed to tell.
    Unsure,
}

/// True if a chunk whose content checks starts at the front of `b` (the
/// probe's test, as strong as resynchronising).
pub fn chunk_checks(b: &[u8]) -> bool {
    chunk_starts(b) == Plausible::Yes
}

/// Checks a chunk start strongly enough to resynchronise on it.
fn chunk_starts(b: &[u8]) -> Plausible {
    chunk_check(b, true)
}

/// Checks the chunk expected right after another: types whose bodies cannot
/// be checked are accepted on their separator alone.
fn chunk_follows(b: &[u8]) -> Plausible {
    chunk_check(b, false)
}

fn chunk_check(b: &[u8], strict: bool) -> Plausible {
    use data_type::*;
    let (Some(&dt), Some(size)) = (b.first(), be32(b, 2)) else {
        return Plausible::Unsure;
    };
    if dt >= MAX || size == 0 || u64::from(size) >= MAX_AD_CHUNK {
        return Plausible::No;
    }
    let body = &b[SEPARATOR..];
    let need = |n: usize| body.len() < n;
    let ok = match dt {
        JPEG | MPEG4_I | MPEG4_P | H264_I | H264_P => {
            if need(20) {
                return Plausible::Unsure;
            }
            be32(body, 0).is_some_and(is_pic_version)
                && be32(body, 16).is_some_and(|t| (t as usize) <= MAX_TEXT)
        }
        JFIF => {
            if need(4) {
                return Plausible::Unsure;
            }
            body.starts_with(&[0xFF, 0xD8]) || be32(body, 0).is_some_and(is_pic_version)
        }
        AUDIO_ADPCM | AUDIO_RAW => {
            if need(4) {
                return Plausible::Unsure;
            }
            be32(body, 0) == Some(AUDIO_VERSION)
        }
        MINIMAL_MPEG4 => {
            if need(10) {
                return Plausible::Unsure;
            }
            let es = be32(body, 6).unwrap_or(0);
            be32(body, 0).is_some_and(|s| s > 315_532_800) && (es & 0xFFFF_FF00 == 0x100 || es == 1)
        }
        MINIMAL_AUDIO => {
            if need(8) {
                return Plausible::Unsure;
            }
            be32(body, 0).is_some_and(|s| s > 315_532_800)
                && be16(body, 6).is_some_and(|m| AUDIO_MODES.contains(&m))
        }
        INFO => {
            if need(7) {
                return Plausible::Unsure;
            }
            body[0] <= 1 && (body[1..].starts_with(b"SITE") || body[1..].starts_with(b"(JPEG)"))
        }
        XML_INFO => {
            if need(10) {
                return Plausible::Unsure;
            }
            body[..10].eq_ignore_ascii_case(b"<infolist>")
        }
        PBM => {
            if need(3) {
                return Plausible::Unsure;
            }
            body[0] == b'P' && (b'1'..=b'6').contains(&body[1])
        }
        _ => !strict,
    };
    if ok {
        Plausible::Yes
    } else {
        Plausible::No
    }
}

/// Data types whose bodies have no inner length to check the separator
/// against, so the chunk after them is checked unless their content is
/// plausible on its own.
fn weak(dt: u8) -> bool {
    !matches!(dt, 0 | 2..=4 | 10..=12 | 14)
}

/// Weak types whose content is plausible on its own (a time and a codec
/// or mode) may be taken without the next chunk; a JFIF may not, since its
/// length is only the separator's word.
fn self_evident(dt: u8, b: &[u8]) -> bool {
    dt != data_type::JFIF && chunk_starts(b) == Plausible::Yes
}

impl AdBinaryReader {
    /// Scans the window for the next plausible chunk start.
    fn scan(&mut self, w: &Window, index: &mut Index) -> Step {
        let b = w.bytes;
        for at in 0..b.len() {
            match chunk_starts(&b[at..]) {
                Plausible::No => continue,
                _ if at > 0 => return self.resync.skip(w, at),
                Plausible::Yes => {
                    self.resync.found(w.start, index);
                    return self.read_chunk(w, index);
                }
                Plausible::Unsure if w.eof => break,
                Plausible::Unsure => return Step::Need(b.len() + PEEK),
            }
        }
        if w.eof {
            self.resync.skip(w, b.len());
            self.resync.ends_file(w.start + b.len() as u64, index);
            return Step::Done;
        }
        self.resync.skip(w, b.len().saturating_sub(PEEK))
    }

    /// The chunk at the window start is bad: scan from the next byte.
    fn bad_chunk(&mut self, w: &Window, code: Code, why: String) -> Step {
        self.resync.start(w.start, code, why);
        self.resync.skip(w, 1)
    }

    /// A chunk whose body cannot be read: skipped by its separator's size,
    /// as one problem, when a chunk (or the end of the file) follows there.
    /// `None` when none does.
    fn skip_chunk(
        &mut self,
        w: &Window,
        index: &mut Index,
        size: u64,
        code: Code,
        why: String,
    ) -> Option<Step> {
        let end = SEPARATOR as u64 + size;
        if size == 0 || size >= MAX_AD_CHUNK {
            return None;
        }
        match self.next_chunk_at(w, end) {
            None => Some(Step::Need(
                usize::try_from(end).unwrap_or(MAX_LOOKAHEAD) + PEEK,
            )),
            Some(Plausible::Yes) => {
                self.resync.found(w.start, index);
                let detail = format!("{why}; the {end}-byte chunk skipped by its size");
                index.problems.push_run(w.start, end, code, detail);
                Some(Step::Advance(end))
            }
            Some(_) => None,
        }
    }

    /// Is there a chunk (or the end of file) `end` bytes after the window start?
    fn next_chunk_at(&self, w: &Window, end: u64) -> Option<Plausible> {
        let abs = w.start.checked_add(end)?;
        if w.total == Some(abs) || (w.eof && abs == w.start + w.bytes.len() as u64) {
            return Some(Plausible::Yes);
        }
        if w.past_end(abs) {
            return Some(Plausible::No);
        }
        let at = usize::try_from(end).ok()?;
        if at.checked_add(PEEK)? > MAX_LOOKAHEAD {
            return Some(Plausible::No);
        }
        match w.bytes.get(at..) {
            Some(rest) => match chunk_follows(rest) {
                Plausible::Unsure if rest.len() < PEEK && !w.eof => None,
                Plausible::Unsure => Some(Plausible::No),
                p => Some(p),
            },
            None if w.eof => Some(Plausible::No),
            None => None,
        }
    }

    /// The last chunk, cut short by the end of the file: a picture in it is
    /// kept, flagged truncated.
    fn cut(&mut self, w: &Window, index: &mut Index, whole: u64, unit: Option<Unit>) -> Step {
        let picture = unit.as_ref().map(|u| (u.entry, u.title.as_deref()));
        self.resync
            .cut_short(w, index, "last chunk", whole, picture)
    }

    fn read_chunk(&mut self, w: &Window, index: &mut Index) -> Step {
        let b = w.bytes;
        if b.len() < SEPARATOR {
            if w.eof {
                if !b.is_empty() {
                    let why = format!("{} trailing bytes after the last chunk", b.len());
                    self.resync.start(w.start, Code::Truncated, why);
                    self.resync.skip(w, b.len());
                }
                return Step::Done;
            }
            return Step::Need(SEPARATOR);
        }
        let (dt, channel) = (b[0], b[1]);
        let size = u64::from(be32(b, 2).unwrap_or(0));
        if dt >= data_type::MAX {
            let why = format!("chunk of unknown data type {dt}");
            return match self.skip_chunk(w, index, size, Code::UnknownType, why) {
                // No chunk where its size ends: not a chunk, only bytes.
                Some(step) => step,
                None => self.bad_chunk(w, Code::Unrecognised, format!("bad chunk: data type {dt}")),
            };
        }
        if size == 0 || size >= MAX_AD_CHUNK {
            // The vendor ends the stream on size 0; the body may still be intact.
            if chunk_starts(b) == Plausible::No && !self.body_is_intact(dt, b) {
                return self.bad_chunk(w, Code::BadSize, format!("bad chunk: size {size}"));
            }
        }
        let sep_end = SEPARATOR as u64 + size;
        w.prefetch(sep_end);
        let parsed = body::parse(dt, &b[SEPARATOR..], size, channel, &mut self.state);
        let body = match parsed {
            Ok(body) => body,
            Err(BodyError::Need(n)) => {
                let n = n + SEPARATOR;
                if w.end_known() && (n as u64) > w.present() {
                    return self.cut(w, index, sep_end, None);
                }
                if w.complete() {
                    let why = "chunk body larger than the look-ahead cap".to_string();
                    return self.bad_chunk(w, Code::TooLarge, why);
                }
                return Step::Need(n);
            }
            Err(BodyError::Invalid(why)) => {
                let why = format!("bad chunk: {why}");
                return match self.skip_chunk(w, index, size, Code::BadContent, why.clone()) {
                    Some(step) => step,
                    None => self.bad_chunk(w, Code::BadContent, why),
                };
            }
        };
        let body_end = SEPARATOR as u64 + body.len;
        if w.past_end(w.start + sep_end.min(body_end)) {
            let whole = if size > 0 && size < MAX_AD_CHUNK {
                sep_end
            } else {
                body_end
            };
            let unit = self.unit(w, index, channel, &body);
            return self.cut(w, index, whole, unit);
        }
        let next = if body_end == sep_end && (!weak(dt) || self_evident(dt, b)) {
            sep_end
        } else {
            let by_body = match self.next_chunk_at(w, body_end) {
                Some(p) => p,
                None => {
                    return Step::Need(usize::try_from(body_end).unwrap_or(MAX_LOOKAHEAD) + PEEK)
                }
            };
            if by_body == Plausible::Yes {
                if body_end != sep_end {
                    index.problems.push(
                        w.start,
                        Code::BadSize,
                        format!(
                            "separator says {size} bytes, body {}; following the body",
                            body.len
                        ),
                    );
                }
                body_end
            } else {
                let by_separator = match self.next_chunk_at(w, sep_end) {
                    Some(p) => p,
                    None => {
                        return Step::Need(usize::try_from(sep_end).unwrap_or(MAX_LOOKAHEAD) + PEEK)
                    }
                };
                if by_separator != Plausible::Yes || body_end > sep_end {
                    let why = if body_end > sep_end {
                        format!("picture header counts {} bytes but the chunk has {size}; frame dropped", body.len)
                    } else {
                        format!("no chunk follows this {}-byte chunk", size)
                    };
                    if by_separator == Plausible::Yes {
                        index
                            .problems
                            .push_run(w.start, sep_end, Code::BadSize, why);
                        return Step::Advance(sep_end);
                    }
                    return self.bad_chunk(w, Code::BadSize, format!("bad chunk: {why}"));
                }
                index.problems.push(
                    w.start,
                    Code::BadSize,
                    format!("{} extra bytes after the body", sep_end - body_end),
                );
                sep_end
            }
        };
        if let Some(unit) = self.unit(w, index, channel, &body) {
            index.push(unit.entry, unit.title.as_deref());
        }
        Step::Advance(next)
    }

    /// For size fields the vendor rejects: is the body still a valid picture?
    fn body_is_intact(&self, dt: u8, b: &[u8]) -> bool {
        matches!(dt, 0..=3 | 10 | 11)
            && b.get(SEPARATOR..)
                .is_some_and(|body| be32(body, 0).is_some_and(is_pic_version))
    }

    /// The index entry (and title) of the chunk at the window start.
    fn unit(
        &mut self,
        w: &Window,
        index: &mut Index,
        channel: u8,
        body: &body::Body,
    ) -> Option<Unit> {
        let media = body.codec.media();
        let stream = match media {
            Media::Video => body.camera.unwrap_or(u16::from(channel) + 1),
            Media::Audio => body.camera.unwrap_or(0),
            Media::Data => u16::from(channel),
        };
        let Some(mut entry) = body.entry(w.start + SEPARATOR as u64, stream, false) else {
            index
                .problems
                .push(w.start, Code::TooLarge, "unit too large to index");
            return None;
        };
        if body.codec == Codec::Pbm {
            entry.timestamp = self.last_video_time.unwrap_or(FrameEntry::NO_TIME);
        } else if media == Media::Video {
            self.last_video_time = body.timestamp;
        }
        if body.codec == Codec::Jpeg && entry.width == 0 {
            index.problems.push(
                w.start,
                Code::MissingField,
                "JPEG picture header gives no size",
            );
        }
        Some(Unit {
            entry,
            title: body.title.clone(),
        })
    }
}

/// One chunk's index entry and camera title.
struct Unit {
    entry: FrameEntry,
    title: Option<Vec<u8>>,
}

impl FormatReader for AdBinaryReader {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step {
        if self.resync.active() {
            self.scan(w, index)
        } else {
            self.read_chunk(w, index)
        }
    }

    fn finish(&mut self, end: u64, index: &mut Index) {
        self.resync.ends_file(end, index);
    }
}
