//! Container readers, one module per format. Each turns bytes into index
//! entries through [`crate::indexer::FormatReader`]; the NetVu bodies inside
//! them are parsed by [`crate::body`].

pub mod adbinary;
pub mod admime;
pub mod adraw;
pub mod dspic;
pub mod par;
pub mod scan;

use crate::index::Index;
use crate::indexer::{FormatReader, IndexOptions, Step, Window};
use crate::model::{Codec, Format, FrameEntry, Media};
use crate::problem::Code;

/// The reader for `format`.
pub fn reader_for(format: Format, options: IndexOptions) -> Box<dyn FormatReader> {
    match format {
        Format::AdBinary => Box::new(adbinary::AdBinaryReader::default()),
        Format::AdMime => Box::new(admime::AdMimeReader::default()),
        Format::AdRaw => Box::new(adraw::AdRawReader::default()),
        Format::DsPic => Box::new(dspic::DsPicReader::default()),
        Format::Par => Box::new(par::ParReader::new(options.verify_checksums)),
        Format::UnknownPar | Format::Unknown => Box::new(scan::ScanReader::default()),
        Format::NotNetvu => Box::new(NotNetvuReader),
    }
}

/// A file that is recognisably something else: one problem saying what,
/// and nothing read.
struct NotNetvuReader;

impl FormatReader for NotNetvuReader {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step {
        if let Some(step) = w.wait_for(crate::probe::PROBE_LEN) {
            return step;
        }
        let kind = crate::probe::not_netvu(w.bytes);
        index.not_netvu = kind;
        let detail = kind.map_or("not a Dedicated Micros recording: nothing to show", |k| {
            k.sentence()
        });
        index.problems.push(0, Code::NotNetvu, detail);
        Step::Done
    }
}

/// A run of bytes skipped while looking for the next unit, reported once,
/// as one problem covering the run, when the run ends: the reason it began
/// (the first bad unit), or padding when every byte was one fill byte.
#[derive(Default)]
pub struct Resync {
    run: Option<Run>,
}

struct Run {
    from: u64,
    code: Code,
    why: String,
    fill: Fill,
}

/// What the bytes of a run held, as far as seen.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fill {
    Unseen,
    Same(u8),
    Mixed,
}

impl Fill {
    fn after(self, bytes: &[u8]) -> Fill {
        let byte = match (self, bytes.first()) {
            (Fill::Mixed, _) | (_, None) => return self,
            (Fill::Same(b), _) | (Fill::Unseen, Some(&b)) => b,
        };
        // Whole chunks at a time, without an early exit inside one, so the
        // comparison vectorises: a long run of padding is checked at memory speed.
        let same = bytes
            .chunks(64)
            .all(|c| c.iter().fold(0u8, |acc, &x| acc | (x ^ byte)) == 0);
        if same {
            Fill::Same(byte)
        } else {
            Fill::Mixed
        }
    }
}

impl Resync {
    pub fn active(&self) -> bool {
        self.run.is_some()
    }

    /// Starts skipping at `at` because of `why`; a run already going on
    /// keeps its first reason.
    pub fn start(&mut self, at: u64, code: Code, why: impl Into<String>) {
        if self.run.is_none() {
            self.run = Some(Run {
                from: at,
                code,
                why: why.into(),
                fill: Fill::Unseen,
            });
        }
    }

    /// Skips the first `n` bytes of the window as part of a run (starting
    /// one for unrecognised data if none is going on), noting what they held.
    pub fn skip(&mut self, w: &Window, n: usize) -> Step {
        let n = n.max(1);
        self.start(w.start, Code::Unrecognised, "");
        if let Some(run) = self.run.as_mut() {
            run.fill = run.fill.after(&w.bytes[..n.min(w.bytes.len())]);
        }
        Step::Advance(n as u64)
    }

    /// Bytes of the run went by unlooked at (hashed, or skipped by a
    /// length): it cannot be called padding.
    pub fn saw_unseen_bytes(&mut self) {
        if let Some(run) = self.run.as_mut() {
            run.fill = Fill::Mixed;
        }
    }

    /// Drops the run going on unreported (bytes that turned out to belong
    /// with what is around them).
    pub fn forget(&mut self) {
        self.run = None;
    }

    /// The unit at the window start, `whole` bytes long, is cut short by
    /// the end of the file: reports the run before it and the cut (see
    /// [`cut_short`]); nothing follows.
    pub fn cut_short(
        &mut self,
        w: &Window,
        index: &mut Index,
        what: &str,
        whole: u64,
        picture: Option<(FrameEntry, Option<&[u8]>)>,
    ) -> Step {
        self.found(w.start, index);
        cut_short(index, what, (w.start, w.present(), whole), picture);
        Step::Done
    }

    /// A unit was found at `at`: report the run before it.
    pub fn found(&mut self, at: u64, index: &mut Index) {
        self.report(at, false, index);
    }

    /// The file ends at `at`: report a run going on.
    pub fn ends_file(&mut self, at: u64, index: &mut Index) {
        self.report(at, true, index);
    }

    fn report(&mut self, at: u64, eof: bool, index: &mut Index) {
        let Some(run) = self.run.take() else { return };
        let n = at.saturating_sub(run.from);
        if n == 0 {
            return;
        }
        let (code, detail) = match run.fill {
            Fill::Same(b @ (0x00 | 0xFF)) => (
                Code::Padding,
                format!(
                    "{n} bytes of 0x{b:02X} padding{}",
                    if eof { " after the last unit" } else { "" }
                ),
            ),
            _ => {
                let to = if eof {
                    "to the end of the file"
                } else {
                    "to the next unit"
                };
                let detail = if run.why.is_empty() {
                    format!("{n} bytes of unrecognised data skipped {to}")
                } else {
                    format!("{}; {n} bytes skipped {to}", run.why)
                };
                (run.code, detail)
            }
        };
        index.problems.push_run(run.from, n, code, detail);
    }
}

/// Records a unit of `whole` bytes at `offset` cut short by the end of the
/// file after `present` of them, and keeps its picture (the entry as if
/// whole, and its camera title) as a truncated frame where it has one.
pub fn cut_short(
    index: &mut Index,
    what: &str,
    (offset, present, whole): (u64, u64, u64),
    picture: Option<(FrameEntry, Option<&[u8]>)>,
) {
    let cut = picture.and_then(|(e, title)| {
        let in_unit = present.saturating_sub(e.unit_offset - offset);
        Some((cut_picture(e, in_unit)?, title))
    });
    let fate = if cut.is_some() {
        "its picture kept, flagged truncated"
    } else {
        "dropped"
    };
    index.problems.push_run(
        offset,
        present,
        Code::Truncated,
        format!("{what} cut short: {present} of {whole} bytes; {fate}"),
    );
    if let Some((cut, title)) = cut {
        index.push(cut, title);
    }
}

/// A frame for a picture cut short by the end of the file, flagged
/// truncated, holding the `present` bytes of its unit that the file has;
/// `None` when not even the payload's first byte is there.
pub fn cut_picture(mut entry: FrameEntry, present: u64) -> Option<FrameEntry> {
    let present = u32::try_from(present).ok()?;
    if entry.media() != Media::Video || entry.codec == Codec::Pbm || present <= entry.payload_start
    {
        return None;
    }
    entry.unit_length = entry.unit_length.min(present);
    entry.payload_length = entry
        .payload_length
        .min(entry.unit_length - entry.payload_start);
    entry.flags |= FrameEntry::TRUNCATED;
    Some(entry)
}
