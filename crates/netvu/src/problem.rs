//! Problems: anomalies found while reading, each at a byte offset with a
//! stable [`Code`] that callers (tests, the viewer's grouping) match on; the
//! English `detail` is for people and may change.
//!
//! Content problems never stop a reader: it records one and goes on. A
//! damaged run of bytes is one problem whose `length` covers the run.

use serde::{Deserialize, Serialize};

/// What kind of problem, as a stable name (`code` in JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// A unit cut short by the end of the file (a picture in it is kept as a
    /// frame flagged truncated).
    Truncated,
    /// A run of one repeated fill byte (`0xFF` or `0x00`) where units should be.
    Padding,
    /// Bytes that hold no recognisable unit, skipped to the next one.
    Unrecognised,
    /// A size or length field that is implausible or disagrees with another.
    BadSize,
    /// A unit header (magic, version, part header) that does not read.
    BadHeader,
    /// A unit whose body does not read (JPEG, PBM, event text…).
    BadContent,
    /// A checksum that does not match.
    CrcMismatch,
    /// A unit of a type this library does not know or does not read.
    UnknownType,
    /// A frame the vendor's demuxer loses, recovered here, with what is
    /// missing (usually its time) said in the detail.
    Recovered,
    /// A frame that lacks something it should carry (a size, a time).
    MissingField,
    /// A PAR `INDX` chunk or header pointer that disagrees with the chunks.
    BadIndex,
    /// A unit over one of the caps in [`crate::limits`].
    TooLarge,
    /// The file is not a Dedicated Micros recording at all.
    NotNetvu,
    /// A picture carved out of a file with no NetVu container.
    Carved,
    /// A unit that reads but is not used (a second `SETT`, …).
    Ignored,
}

impl Code {
    /// The name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Code::Truncated => "truncated",
            Code::Padding => "padding",
            Code::Unrecognised => "unrecognised",
            Code::BadSize => "bad_size",
            Code::BadHeader => "bad_header",
            Code::BadContent => "bad_content",
            Code::CrcMismatch => "crc_mismatch",
            Code::UnknownType => "unknown_type",
            Code::Recovered => "recovered",
            Code::MissingField => "missing_field",
            Code::BadIndex => "bad_index",
            Code::TooLarge => "too_large",
            Code::NotNetvu => "not_netvu",
            Code::Carved => "carved",
            Code::Ignored => "ignored",
        }
    }
}

/// One anomaly in a file, at the offset of the first byte concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub offset: u64,
    pub code: Code,
    pub detail: String,
    /// Bytes concerned from `offset` on, where the problem covers a run
    /// (skipped bytes, padding, a cut unit's bytes present).
    pub length: Option<u64>,
}

impl Problem {
    pub fn new(offset: u64, code: Code, detail: impl Into<String>) -> Problem {
        Problem {
            offset,
            code,
            detail: detail.into(),
            length: None,
        }
    }

    /// The offset just past the bytes concerned, where a length is known.
    pub fn end(&self) -> Option<u64> {
        self.length.map(|l| self.offset.saturating_add(l))
    }
}

/// The problems of one file, capped at [`crate::limits::MAX_PROBLEMS`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Problems {
    pub list: Vec<Problem>,
    /// Problems found past the cap, counted but not kept.
    pub not_listed: u64,
}

impl Problems {
    pub fn push(&mut self, offset: u64, code: Code, detail: impl Into<String>) {
        self.add(Problem::new(offset, code, detail));
    }

    /// A problem covering the `length` bytes from `offset`.
    pub fn push_run(&mut self, offset: u64, length: u64, code: Code, detail: impl Into<String>) {
        self.add(Problem {
            length: Some(length),
            ..Problem::new(offset, code, detail)
        });
    }

    pub fn add(&mut self, problem: Problem) {
        if self.list.len() < crate::limits::MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.not_listed += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.not_listed == 0
    }

    /// How many listed problems have `code` (for tests and summaries).
    pub fn count(&self, code: Code) -> usize {
        self.list.iter().filter(|p| p.code == code).count()
    }

    /// The first listed problem with `code`.
    pub fn first(&self, code: Code) -> Option<&Problem> {
        self.list.iter().find(|p| p.code == code)
    }
}
