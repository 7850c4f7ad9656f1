//! Recovery for files of unknown layout (vendor PAR files, other exports,
//! disk images): scan for NetVu picture and audio headers in either byte
//! order and take each plausible one as a frame (`par-format.md` §6), and
//! carve JPEG pictures (SOI, a valid SOF and SOS, EOI) as analysts do by
//! hand, with any NetVu comment block in them.

use crate::body::{self, BodyError};
use crate::bytes::Endian;
use crate::codec::jpeg;
use crate::header::{self, PicCore, AUDIO_HEADER_LEN, PIC_HEADER_LEN};
use crate::index::Index;
use crate::indexer::{FormatReader, Step, Window};
use crate::limits::{MAX_AD_CHUNK, MAX_JFIF_HEADER, MAX_RAW_JPEG, MAX_TEXT};
use crate::problem::Code;
use aho_corasick::{packed, AhoCorasick};
use std::sync::OnceLock;

/// `DE CA DE` is the picture version without its last byte: big-endian
/// headers start at the match, little-endian ones one byte before it.
/// `FF D8 FF` is a JPEG's SOI and the next marker.
const PATTERNS: [&[u8]; 4] = [
    &[0xDE, 0xCA, 0xDE],
    &[0x00, 0xAB, 0xCD, 0xEF],
    &[0xEF, 0xCD, 0xAB, 0x00],
    &[0xFF, 0xD8, 0xFF],
];
/// Bytes kept between windows so a pattern split across them is found.
const OVERLAP: usize = 8;

/// A SIMD (Teddy) searcher where the CPU has one, else Aho-Corasick.
enum Searcher {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<Searcher> = OnceLock::new();
    SEARCHER.get_or_init(
        || match packed::Config::new().builder().extend(PATTERNS).build() {
            Some(s) => Searcher::Packed(s),
            None => Searcher::Automaton(AhoCorasick::new(PATTERNS).expect("fixed patterns build")),
        },
    )
}

/// Every (start, pattern) match in `b`, in order.
fn matches(b: &[u8]) -> Box<dyn Iterator<Item = (usize, usize)> + '_> {
    match searcher() {
        Searcher::Packed(s) => {
            Box::new(s.find_iter(b).map(|m| (m.start(), m.pattern().as_usize())))
        }
        Searcher::Automaton(a) => {
            Box::new(a.find_iter(b).map(|m| (m.start(), m.pattern().as_usize())))
        }
    }
}

/// A candidate header start in the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Candidate {
    Picture(Endian),
    Audio(Endian),
    Jpeg,
}

/// The first header start at or after `from`, with its kind.
fn next_candidate(b: &[u8]) -> Option<(usize, Candidate)> {
    matches(b).find_map(|(at, pattern)| match pattern {
        0 if matches!(b.get(at + 3), Some(0x10 | 0x11)) => {
            Some((at, Candidate::Picture(Endian::Big)))
        }
        0 if at >= 1 && matches!(b[at - 1], 0x10 | 0x11) => {
            Some((at - 1, Candidate::Picture(Endian::Little)))
        }
        0 if at + 3 >= b.len() => Some((at, Candidate::Picture(Endian::Big))),
        1 => Some((at, Candidate::Audio(Endian::Big))),
        2 => Some((at, Candidate::Audio(Endian::Little))),
        3 => Some((at, Candidate::Jpeg)),
        _ => None,
    })
}

/// Is the header at the front of `b` plausible enough to take as a frame?
fn plausible_picture(b: &[u8], e: Endian) -> bool {
    PicCore::parse(b, e).is_some_and(|p| {
        (p.start_offset as usize) <= MAX_TEXT
            && u64::from(p.size) < MAX_AD_CHUNK
            && p.width > 0
            && p.height > 0
            && body::picture_codec(p.vid_format).is_some()
            && header::text_fields_printable(b)
    })
}

#[derive(Default)]
pub struct ScanReader {
    resync: super::Resync,
    carving: Option<Carving>,
}

/// Pictures carved one after another: reported once, as one problem over
/// their bytes (what lies between them is where a disk image keeps them).
struct Carving {
    from: u64,
    to: u64,
    pictures: u64,
}

impl ScanReader {
    /// Reports the pictures carved since the last NetVu unit.
    fn end_carving(&mut self, index: &mut Index) {
        if let Some(c) = self.carving.take() {
            let what = if c.pictures == 1 {
                "picture"
            } else {
                "pictures"
            };
            index.problems.push_run(
                c.from,
                c.to - c.from,
                Code::Carved,
                format!(
                    "{} JPEG {what} carved from a file with no NetVu container",
                    c.pictures
                ),
            );
        }
    }
}

impl ScanReader {
    /// Takes the NetVu unit at the window start: `None` when it is not one.
    fn take(&mut self, w: &Window, index: &mut Index, kind: Candidate) -> Option<Step> {
        let b = w.bytes;
        let body = match kind {
            Candidate::Picture(e) if plausible_picture(b, e) => {
                match body::picture(crate::format::adraw::BY_VID_FORMAT, b, e) {
                    Ok(body) => body,
                    // The text block runs past the window: wait for it.
                    Err(BodyError::Need(n)) => return w.wait_for(n),
                    Err(BodyError::Invalid(_)) => return None,
                }
            }
            Candidate::Audio(e) => {
                let body = body::audio(body::data_type::AUDIO_ADPCM, b, e).ok()?;
                let hdr = header::AudioHeader::parse(b, e)?;
                if hdr.additional_len as usize > MAX_TEXT
                    || u64::from(hdr.audio_len) >= MAX_AD_CHUNK
                {
                    return None;
                }
                body
            }
            Candidate::Picture(_) | Candidate::Jpeg => return None,
        };
        if w.past_end(w.start + body.len) {
            return None;
        }
        self.end_carving(index);
        self.resync.found(w.start, index);
        match body.entry(w.start, body.camera.unwrap_or(0), false) {
            Some(entry) => index.push(entry, body.title.as_deref()),
            None => index
                .problems
                .push(w.start, Code::TooLarge, "unit too large to index"),
        }
        Some(Step::Advance(body.len))
    }

    /// Carves the JPEG whose SOI is at the window start: `None` when it is
    /// not one (no size in a SOF, no SOS, or no EOI within the cap).
    fn carve(&mut self, w: &Window, index: &mut Index) -> Option<Step> {
        let b = w.bytes;
        if let Some(step) = w.wait_for(MAX_JFIF_HEADER) {
            return Some(step);
        }
        let info = jpeg::parse_jfif(&b[..b.len().min(MAX_JFIF_HEADER)]).ok()?;
        if info.width.unwrap_or(0) == 0 || info.height.unwrap_or(0) == 0 || info.header_len == 0 {
            return None;
        }
        let scan = &b[info.header_len..b.len().min(MAX_RAW_JPEG)];
        let Some(eoi) = memchr::memmem::find(scan, &[0xFF, 0xD9]) else {
            return w.wait_for(MAX_RAW_JPEG);
        };
        let len = (info.header_len + eoi + 2) as u64;
        let body = body::jfif(b, len, 0).ok()?;
        let entry = body.entry(w.start, body.camera.unwrap_or(1), false)?;
        match self.carving.as_mut() {
            Some(c) => {
                self.resync.forget();
                c.to = w.start + len;
                c.pictures += 1;
            }
            None => {
                self.resync.found(w.start, index);
                self.carving = Some(Carving {
                    from: w.start,
                    to: w.start + len,
                    pictures: 1,
                });
            }
        }
        index.push(entry, body.title.as_deref());
        Some(Step::Advance(len))
    }
}

impl FormatReader for ScanReader {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step {
        if let Some(step) = w.wait_for(PIC_HEADER_LEN) {
            return step;
        }
        let b = w.bytes;
        let Some((at, kind)) = next_candidate(b) else {
            if w.eof {
                self.resync.skip(w, b.len());
                self.end_carving(index);
                self.resync.ends_file(w.start + b.len() as u64, index);
                return Step::Done;
            }
            return self.resync.skip(w, b.len().saturating_sub(OVERLAP));
        };
        if at > 0 {
            return self.resync.skip(w, at);
        }
        let need = match kind {
            Candidate::Picture(_) => PIC_HEADER_LEN,
            Candidate::Audio(_) => AUDIO_HEADER_LEN,
            Candidate::Jpeg => 0,
        };
        if b.len() < need && !w.complete() {
            return Step::Need(need);
        }
        let taken = match kind {
            Candidate::Jpeg => self.carve(w, index),
            _ => self.take(w, index, kind),
        };
        taken.unwrap_or_else(|| self.resync.skip(w, 1))
    }

    fn finish(&mut self, end: u64, index: &mut Index) {
        self.end_carving(index);
        self.resync.ends_file(end, index);
    }
}
