//! AD raw: NetVu picture headers, text and pictures back to back with no
//! separators and junk allowed between them (`netvu-formats.md` §5). Found by
//! scanning for the header version word.

use super::Resync;
use crate::body::{self, BodyError};
use crate::bytes::Endian;
use crate::header::PIC_HEADER_LEN;
use crate::index::Index;
use crate::indexer::{FormatReader, Step, Window};
use crate::limits::MAX_AD_CHUNK;
use memchr::memmem;

/// Not a data type: makes [`body::picture`] take the codec from `vid_format`.
pub const BY_VID_FORMAT: u8 = 0xFF;

#[derive(Default)]
pub struct AdRawReader {
    resync: Resync,
}

impl FormatReader for AdRawReader {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step {
        if let Some(step) = super::too_short(w, PIC_HEADER_LEN) {
            return step;
        }
        let b = w.bytes;
        let Some(at) = memmem::find_iter(b, &[0xDE, 0xCA, 0xDE])
            .find(|&m| matches!(b.get(m + 3), Some(0x10 | 0x11) | None))
        else {
            if w.eof {
                self.resync.found(w.start + b.len() as u64, index);
                return Step::Done;
            }
            self.resync.start(w.start);
            return Step::Advance(b.len().saturating_sub(3).max(1) as u64);
        };
        if at > 0 {
            self.resync.start(w.start);
            return Step::Advance(at as u64);
        }
        match body::picture(BY_VID_FORMAT, b, Endian::Big) {
            Ok(body) if body.len < MAX_AD_CHUNK && !w.past_end(w.start + body.len) => {
                self.resync.found(w.start, index);
                match body.entry(w.start, body.camera.unwrap_or(1), false) {
                    Some(entry) => index.push(entry, body.title.as_deref()),
                    None => index.problems.push(w.start, "unit too large to index"),
                }
                Step::Advance(body.len)
            }
            Err(BodyError::Need(n)) if !w.eof && n <= PIC_HEADER_LEN + crate::limits::MAX_TEXT => {
                Step::Need(n)
            }
            Ok(_) => {
                index.problems.push(
                    w.start,
                    "picture header claims more bytes than the file holds",
                );
                self.resync.start(w.start);
                Step::Advance(1)
            }
            Err(_) => {
                self.resync.start(w.start);
                Step::Advance(1)
            }
        }
    }

    fn finish(&mut self, end: u64, index: &mut Index) {
        self.resync.found(end, index);
    }
}
