//! Container readers, one module per format. Each turns bytes into index
//! entries through [`crate::indexer::FormatReader`]; the NetVu bodies inside
//! them are parsed by [`crate::body`].

pub mod adbinary;
pub mod admime;
pub mod adraw;
pub mod dspic;
pub mod par;
pub mod scan;

use crate::indexer::{FormatReader, IndexOptions};
use crate::model::Format;

/// The reader for `format`.
pub fn reader_for(format: Format, options: IndexOptions) -> Box<dyn FormatReader> {
    match format {
        Format::AdBinary => Box::new(adbinary::AdBinaryReader::default()),
        Format::AdMime => Box::new(admime::AdMimeReader::default()),
        Format::AdRaw => Box::new(adraw::AdRawReader::default()),
        Format::DsPic => Box::new(dspic::DsPicReader::default()),
        Format::Par => Box::new(par::ParReader::new(options.verify_checksums)),
        Format::UnknownPar | Format::Unknown => Box::new(scan::ScanReader::default()),
    }
}

/// Tracks a run of bytes skipped while looking for the next unit, so it is
/// reported once, as one problem, when the run ends.
#[derive(Default)]
pub struct Resync {
    from: Option<u64>,
}

impl Resync {
    pub fn active(&self) -> bool {
        self.from.is_some()
    }

    /// Starts (or continues) skipping from `at`.
    pub fn start(&mut self, at: u64) {
        self.from.get_or_insert(at);
    }

    /// A unit was found at `at`: report the bytes skipped before it.
    pub fn found(&mut self, at: u64, index: &mut crate::index::Index) {
        if let Some(from) = self.from.take() {
            if at > from {
                index.problems.push(
                    from,
                    format!("skipped {} bytes of unrecognised data", at - from),
                );
            }
        }
    }
}

/// For scanning readers: a window too short to hold `min` bytes is not
/// scanned (bytes skipped unseen could hide a match) but waited on.
pub fn too_short(w: &crate::indexer::Window, min: usize) -> Option<crate::indexer::Step> {
    (w.bytes.len() < min && !w.eof).then_some(crate::indexer::Step::Need(min))
}
