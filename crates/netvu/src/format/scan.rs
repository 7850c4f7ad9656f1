//! Recovery for files of unknown layout (vendor PAR files, other exports):
//! scan for NetVu picture and audio headers in either byte order and take
//! each plausible one as a frame (`par-format.md` §6).

use crate::body;
use crate::bytes::Endian;
use crate::header::{self, PicCore, AUDIO_HEADER_LEN, PIC_HEADER_LEN};
use crate::index::Index;
use crate::indexer::{FormatReader, Step, Window};
use crate::limits::{MAX_AD_CHUNK, MAX_TEXT};
use aho_corasick::{packed, AhoCorasick};
use std::sync::OnceLock;

/// `DE CA DE` is the picture version without its last byte: big-endian
/// headers start at the match, little-endian ones one byte before it.
const PATTERNS: [&[u8]; 3] = [
    &[0xDE, 0xCA, 0xDE],
    &[0x00, 0xAB, 0xCD, 0xEF],
    &[0xEF, 0xCD, 0xAB, 0x00],
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
}

impl ScanReader {
    fn take(&mut self, w: &Window, index: &mut Index, kind: Candidate) -> Option<u64> {
        let b = w.bytes;
        let body = match kind {
            Candidate::Picture(e) if plausible_picture(b, e) => {
                body::picture(crate::format::adraw::BY_VID_FORMAT, b, e).ok()?
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
            Candidate::Picture(_) => return None,
        };
        if w.past_end(w.start + body.len) {
            return None;
        }
        self.resync.found(w.start, index);
        match body.entry(w.start, body.camera.unwrap_or(0), false) {
            Some(entry) => index.push(entry, body.title.as_deref()),
            None => index.problems.push(w.start, "unit too large to index"),
        }
        Some(body.len)
    }
}

impl FormatReader for ScanReader {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step {
        if let Some(step) = super::too_short(w, PIC_HEADER_LEN) {
            return step;
        }
        let b = w.bytes;
        let Some((at, kind)) = next_candidate(b) else {
            if w.eof {
                self.resync.found(w.start + b.len() as u64, index);
                return Step::Done;
            }
            self.resync.start(w.start);
            return Step::Advance(b.len().saturating_sub(OVERLAP).max(1) as u64);
        };
        if at > 0 {
            self.resync.start(w.start);
            return Step::Advance(at as u64);
        }
        let need = match kind {
            Candidate::Picture(_) => PIC_HEADER_LEN,
            Candidate::Audio(_) => AUDIO_HEADER_LEN,
        };
        if b.len() < need && !w.eof {
            return Step::Need(need);
        }
        match self.take(w, index, kind) {
            Some(len) => Step::Advance(len),
            None => {
                self.resync.start(w.start);
                Step::Advance(1)
            }
        }
    }

    fn finish(&mut self, end: u64, index: &mut Index) {
        self.resync.found(end, index);
    }
}
