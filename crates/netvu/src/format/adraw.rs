//! AD raw: NetVu picture headers, text and pictures back to back with no
//! separators and junk allowed between them (`netvu-formats.md` §5). Found by
//! scanning for the header version word.

use super::Resync;
use crate::body::{self, BodyError};
use crate::bytes::Endian;
use crate::header::PIC_HEADER_LEN;
use crate::index::Index;
use crate::indexer::{FormatReader, Step, Window};
use crate::limits::{MAX_AD_CHUNK, MAX_TEXT};
use crate::problem::Code;
use memchr::memmem;

/// Not a data type: makes [`body::picture`] take the codec from `vid_format`.
pub const BY_VID_FORMAT: u8 = 0xFF;

/// Where the next picture header may start in `b`.
fn next_header(b: &[u8]) -> Option<usize> {
    memmem::find_iter(b, &[0xDE, 0xCA, 0xDE])
        .find(|&m| matches!(b.get(m + 3), Some(0x10 | 0x11) | None))
}

#[derive(Default)]
pub struct AdRawReader {
    resync: Resync,
}

impl AdRawReader {
    /// A picture whose header counts more bytes than the file holds: the
    /// last one, cut short, unless another header follows in what is left
    /// (then the count is wrong, and reading goes on from that header).
    fn cut(&mut self, w: &Window, index: &mut Index, body: &body::Body) -> Step {
        let after = &w.bytes[PIC_HEADER_LEN.min(w.bytes.len())..];
        let another = next_header(after)
            .is_some_and(|at| body::picture(BY_VID_FORMAT, &after[at..], Endian::Big).is_ok());
        if !another && !w.reaches_end() && !w.complete() {
            return Step::Need(usize::try_from(w.present()).unwrap_or(usize::MAX));
        }
        if another || !w.reaches_end() {
            let why = format!(
                "picture header counts {} bytes, more than the file holds",
                body.len
            );
            self.resync.start(w.start, Code::BadSize, why);
            return self.resync.skip(w, 1);
        }
        let picture = body.entry(w.start, body.camera.unwrap_or(1), false);
        let picture = picture.map(|e| (e, body.title.as_deref()));
        self.resync
            .cut_short(w, index, "last picture", body.len, picture)
    }
}

impl FormatReader for AdRawReader {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step {
        if let Some(step) = w.wait_for(PIC_HEADER_LEN) {
            return step;
        }
        let b = w.bytes;
        let Some(at) = next_header(b) else {
            if w.eof {
                self.resync.skip(w, b.len());
                self.resync.ends_file(w.start + b.len() as u64, index);
                return Step::Done;
            }
            return self.resync.skip(w, b.len().saturating_sub(3));
        };
        if at > 0 {
            return self.resync.skip(w, at);
        }
        match body::picture(BY_VID_FORMAT, b, Endian::Big) {
            Ok(body) if body.len < MAX_AD_CHUNK && !w.past_end(w.start + body.len) => {
                self.resync.found(w.start, index);
                match body.entry(w.start, body.camera.unwrap_or(1), false) {
                    Some(entry) => index.push(entry, body.title.as_deref()),
                    None => index
                        .problems
                        .push(w.start, Code::TooLarge, "unit too large to index"),
                }
                Step::Advance(body.len)
            }
            Ok(body) if body.len < MAX_AD_CHUNK => self.cut(w, index, &body),
            Err(BodyError::Need(n)) if w.end_known() && n as u64 > w.present() => {
                let why = "last picture header cut short by the end of the file";
                self.resync.start(w.start, Code::Truncated, why);
                self.resync.skip(w, b.len())
            }
            Err(BodyError::Need(n)) if !w.complete() && n <= PIC_HEADER_LEN + MAX_TEXT => {
                Step::Need(n)
            }
            Ok(body) => {
                let why = format!("picture header counts {} bytes, over the limit", body.len);
                self.resync.start(w.start, Code::BadSize, why);
                self.resync.skip(w, 1)
            }
            Err(_) => self.resync.skip(w, 1),
        }
    }

    fn finish(&mut self, end: u64, index: &mut Index) {
        self.resync.ends_file(end, index);
    }
}
