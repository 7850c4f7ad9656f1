//! The incremental indexer: fed blocks of any size in file order, it drives a
//! format reader over them, buffering only what a reader asks to see at once
//! and skipping payloads without copying them.

use crate::index::Index;
use crate::limits::MAX_LOOKAHEAD;
use crate::model::Format;
use crate::problem::Code;

/// The bytes a reader may look at: `bytes` starts at absolute `start`.
pub struct Window<'a> {
    pub start: u64,
    pub bytes: &'a [u8],
    /// No more bytes will follow `bytes`.
    pub eof: bool,
    /// The file's length, when the caller knows it.
    pub total: Option<u64>,
}

impl Window<'_> {
    /// No more bytes will be shown from this window's start: the file ends,
    /// or the window already holds the most any reader may see at once
    /// ([`MAX_LOOKAHEAD`]). A reader treats its unit as cut short then.
    pub fn complete(&self) -> bool {
        self.eof || self.bytes.len() >= MAX_LOOKAHEAD
    }

    /// Bytes from the window start to the end of the file, as far as known.
    pub fn present(&self) -> u64 {
        self.total
            .unwrap_or(self.start + self.bytes.len() as u64)
            .saturating_sub(self.start)
    }

    /// `Need(n)` unless the window holds `n` bytes, or every byte left in
    /// the file, or all it may ever show ([`Window::complete`]).
    pub fn wait_for(&self, n: usize) -> Option<Step> {
        let n = if self.end_known() {
            n.min(usize::try_from(self.present()).unwrap_or(usize::MAX))
        } else {
            n
        };
        (self.bytes.len() < n && !self.complete()).then_some(Step::Need(n))
    }

    /// True when the end of the file is known (its length, or the last block fed).
    pub fn end_known(&self) -> bool {
        self.eof || self.total.is_some()
    }

    /// True when the window holds every byte up to the end of the file.
    pub fn reaches_end(&self) -> bool {
        self.end_known() && self.bytes.len() as u64 >= self.present()
    }

    /// True when a unit ending at absolute `end` runs past the known end of file.
    pub fn past_end(&self, end: u64) -> bool {
        self.total.is_some_and(|t| end > t)
            || (self.eof && end > self.start + self.bytes.len() as u64)
    }

    /// Loads the byte at `offset` from the window start, if the window holds
    /// it, without waiting on it: a reader that knows where the next unit
    /// starts calls this before parsing the current one, so the next header's
    /// memory fetch overlaps that work instead of following it.
    pub fn prefetch(&self, offset: u64) {
        if let Some(byte) = usize::try_from(offset)
            .ok()
            .and_then(|at| self.bytes.get(at))
        {
            std::hint::black_box(*byte);
        }
    }
}

/// What a reader wants next.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Move on by this many bytes from the window start (may exceed the window).
    Advance(u64),
    /// Call again when the window holds this many bytes. More than
    /// [`MAX_LOOKAHEAD`] is clamped to it: the reader is then shown a
    /// window that is [`Window::complete`] and must decide with it.
    Need(usize),
    /// Compute the CRC-32 of this many bytes from the window start, move past
    /// them, and hand the CRC to [`FormatReader::digest`].
    Digest(u64),
    /// Nothing more to read.
    Done,
}

/// One container format's reader, driven by the [`Indexer`].
///
/// # For implementations
/// `step` must make progress: return `Advance(n ≥ 1)`, `Digest`, `Done`, or
/// `Need(n)` with `n` larger than the window. When the window is complete
/// (end of file, or the look-ahead cap), a reader whose unit is cut short
/// records the problem and returns `Done` or advances; it never asks for more.
pub trait FormatReader: Send {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step;
    /// The CRC asked for by the last [`Step::Digest`].
    fn digest(&mut self, _crc: u32) {}
    /// End of file at absolute offset `end`: report what is left unfinished.
    fn finish(&mut self, _end: u64, _index: &mut Index) {}
}

/// How thoroughly to index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexOptions {
    /// Check PAR chunk CRCs (reads every payload byte). Off, a PAR frame
    /// is taken on its chunk header and frame header alone, and payloads
    /// are skipped as in the other formats: a quick summary.
    pub verify_checksums: bool,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            verify_checksums: true,
        }
    }
}

struct PendingDigest {
    remaining: u64,
    hasher: crc32fast::Hasher,
}

/// Drives a [`FormatReader`] over blocks fed in order.
pub struct Indexer {
    reader: Box<dyn FormatReader>,
    index: Index,
    /// Bytes from `pos` on that the reader asked to see together.
    carry: Vec<u8>,
    need: usize,
    /// Absolute offset of the next byte the reader looks at.
    pos: u64,
    fed: u64,
    total: Option<u64>,
    digest: Option<PendingDigest>,
    done: bool,
}

impl Indexer {
    /// An indexer for a file of `format`; `total` is its length if known.
    pub fn new(format: Format, total: Option<u64>) -> Indexer {
        Indexer::with_options(format, total, IndexOptions::default())
    }

    pub fn with_options(format: Format, total: Option<u64>, options: IndexOptions) -> Indexer {
        Indexer {
            reader: crate::format::reader_for(format, options),
            index: Index::new(format),
            carry: Vec::new(),
            need: 0,
            pos: 0,
            fed: 0,
            total,
            digest: None,
            done: false,
        }
    }

    /// Feeds the next block of the file.
    pub fn feed(&mut self, block: &[u8]) {
        let block_start = self.fed;
        self.fed += block.len() as u64;
        // Everything before this offset was consumed or is being skipped.
        let next = self.pos + self.carry.len() as u64;
        let skip = next.saturating_sub(block_start);
        if self.done || skip >= block.len() as u64 {
            return;
        }
        self.run(&block[skip as usize..], false);
    }

    /// Ends the file and returns the index.
    pub fn finish(mut self) -> Index {
        self.run(&[], true);
        if self.digest.take().is_some() {
            self.index
                .problems
                .push(self.pos, Code::Truncated, "file ends inside a chunk");
        }
        let end = self.fed;
        self.reader.finish(end, &mut self.index);
        // A unit whose bytes were being skipped when the file ended is cut
        // short (a reader not told the file's length cannot know sooner).
        while let Some(&last) = self.index.frames.last() {
            if last.unit_range().end <= end {
                break;
            }
            self.index.frames.pop();
            let present = end.saturating_sub(last.unit_offset);
            let unit = (last.unit_offset, present, u64::from(last.unit_length));
            crate::format::cut_short(&mut self.index, "unit", unit, Some((last, None)));
        }
        self.index.length = end;
        self.index.frames.shrink_to_fit();
        self.index
    }

    /// What has been found so far. Frames are only ever appended while
    /// feeding; [`Indexer::finish`] may drop or shorten (flagged truncated)
    /// trailing ones the end of a file of unknown length cut short, so a
    /// consumer may forward them in batches as they come.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Bytes fed so far.
    pub fn bytes_fed(&self) -> u64 {
        self.fed
    }

    /// The offset of the first byte the indexer still needs: a caller that
    /// can seek may skip to it, since every byte before it would be ignored.
    pub fn wanted_from(&self) -> u64 {
        if self.done {
            return u64::MAX;
        }
        if self.digest.is_some() {
            return self.fed;
        }
        self.pos + self.carry.len() as u64
    }

    /// Tells the indexer the caller skipped to `offset` (at most [`Indexer::wanted_from`]).
    pub fn skip_to(&mut self, offset: u64) {
        if offset > self.fed && offset <= self.wanted_from() {
            self.fed = offset;
        }
    }

    /// Runs the reader over `block` (the bytes after the carry), until it
    /// needs more input or is done.
    fn run(&mut self, block: &[u8], eof: bool) {
        // `off`: the next byte of `block` not yet in the carry or consumed.
        // `copied`: how many trailing carry bytes are copies of `block[..off]`.
        let (mut off, mut copied) = (0usize, 0usize);
        while !self.done {
            if self.digest.is_some() {
                if !self.run_digest(block, &mut off, &mut copied) {
                    return;
                }
                continue;
            }
            // Once the carry holds only bytes copied from this block, read
            // the block directly again instead of copying it piecemeal.
            if !self.carry.is_empty() && self.carry.len() <= copied {
                off -= self.carry.len();
                self.carry.clear();
                copied = 0;
            }
            let in_carry = !self.carry.is_empty();
            if in_carry && self.carry.len() < self.need {
                let take = (self.need - self.carry.len()).min(block.len() - off);
                self.carry.extend_from_slice(&block[off..off + take]);
                off += take;
                copied += take;
                if self.carry.len() < self.need && !eof {
                    return;
                }
            }
            let data = &block[off..];
            let bytes: &[u8] = if in_carry { &self.carry } else { data };
            let window_eof = eof && (!in_carry || data.is_empty());
            if bytes.is_empty() && !window_eof {
                return;
            }
            let window = Window {
                start: self.pos,
                bytes,
                eof: window_eof,
                total: self.total,
            };
            let len = bytes.len();
            let step = self.reader.step(&window, &mut self.index);
            match step {
                Step::Advance(n) => {
                    self.need = 0;
                    self.consume(n.max(1), block, &mut off, &mut copied);
                }
                Step::Need(_) if window_eof => {
                    self.index
                        .problems
                        .push(self.pos, Code::Truncated, "file ends inside a unit");
                    self.done = true;
                }
                Step::Need(n) if n.min(MAX_LOOKAHEAD) <= len => {
                    // A reader asking again for bytes it has (or past the cap
                    // when shown all it may see) would loop: skip one byte.
                    self.index.problems.push(
                        self.pos,
                        Code::TooLarge,
                        format!("a unit needs a look-ahead of {n} bytes, over the {MAX_LOOKAHEAD}-byte cap"),
                    );
                    self.need = 0;
                    self.consume(1, block, &mut off, &mut copied);
                }
                Step::Need(n) => {
                    self.need = n.min(MAX_LOOKAHEAD);
                    if !in_carry {
                        self.carry.extend_from_slice(data);
                        return;
                    }
                    if off == block.len() {
                        return;
                    }
                }
                Step::Digest(n) => {
                    self.need = 0;
                    self.digest = Some(PendingDigest {
                        remaining: n,
                        hasher: crc32fast::Hasher::new(),
                    });
                }
                Step::Done => self.done = true,
            }
        }
    }

    /// Hashes pending digest bytes; true when the digest completed.
    fn run_digest(&mut self, block: &[u8], off: &mut usize, copied: &mut usize) -> bool {
        let Some(d) = self.digest.as_mut() else {
            return true;
        };
        let from_carry = (d.remaining.min(self.carry.len() as u64)) as usize;
        d.hasher.update(&self.carry[..from_carry]);
        self.carry.drain(..from_carry);
        *copied = (*copied).min(self.carry.len());
        d.remaining -= from_carry as u64;
        self.pos += from_carry as u64;
        if self.carry.is_empty() {
            let from_block = (d.remaining.min((block.len() - *off) as u64)) as usize;
            d.hasher.update(&block[*off..*off + from_block]);
            *off += from_block;
            d.remaining -= from_block as u64;
            self.pos += from_block as u64;
        }
        if d.remaining > 0 {
            return false;
        }
        let crc = self.digest.take().map(|d| d.hasher.finalize()).unwrap_or(0);
        self.reader.digest(crc);
        true
    }

    /// Moves `pos` on by `n`, dropping carried bytes first, then block bytes.
    fn consume(&mut self, n: u64, block: &[u8], off: &mut usize, copied: &mut usize) {
        let from_carry = n.min(self.carry.len() as u64) as usize;
        self.carry.drain(..from_carry);
        *copied = (*copied).min(self.carry.len());
        self.pos += n;
        let rest = n - from_carry as u64;
        if rest > 0 {
            *off = (*off as u64 + rest).min(block.len() as u64) as usize;
        }
    }
}

/// Indexes a file held whole in memory (tests, small files).
pub fn index_bytes(bytes: &[u8]) -> Index {
    let mut ix = Indexer::new(crate::probe::probe(bytes), Some(bytes.len() as u64));
    ix.feed(bytes);
    ix.finish()
}
