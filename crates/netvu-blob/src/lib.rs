//! Indexing a browser `Blob` (a `File`) with [`netvu::Indexer`] without
//! holding it whole: it is read in 8 MiB `Blob.slice` blocks (1 MiB first,
//! for a quick first picture), the next block's read always under way while
//! one is indexed, and blocks the indexer would skip are not read at all —
//! unless the blob's SHA-256 is asked for, which reads every byte (slower).
//! The viewer's indexing worker and the parser's JS API both index files
//! this way.

use js_sys::Uint8Array;
use netvu::indexer::IndexOptions;
use netvu::{Index, Indexer};
use sha2::{Digest, Sha256};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// Blocks read at once: big enough that per-block costs vanish.
const BLOCK_SIZE: u64 = 8 * 1024 * 1024;
/// The first block read: small, for a quick first picture.
const FIRST_BLOCK_SIZE: u64 = 1024 * 1024;
/// The first bytes handed to `netvu::probe`.
const PROBE_SIZE: u64 = 64 * 1024;

/// A read of `start..end` under way: the browser fetches it while the
/// caller indexes the block before it.
struct PendingRead {
    start: u64,
    end: u64,
    buffer: JsFuture,
}

fn start_read(blob: &Blob, start: u64, end: u64) -> Result<PendingRead, String> {
    let slice = blob
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(js_error)?;
    Ok(PendingRead {
        start,
        end,
        buffer: JsFuture::from(slice.array_buffer()),
    })
}

/// Waits for `pending` and copies its bytes into `into` (reused between blocks).
async fn finish_read(pending: PendingRead, into: &mut Vec<u8>) -> Result<(), String> {
    let buffer = pending.buffer.await.map_err(js_error)?;
    let array = Uint8Array::new(&buffer);
    into.resize(array.length() as usize, 0);
    array.copy_to(into);
    Ok(())
}

/// What a failed read says (the file went away, or cannot be read).
fn js_error(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// Indexing one blob, driven by its caller one block at a time:
///
/// ```ignore
/// let mut indexing = BlobIndexing::start(&file, IndexOptions::default()).await?;
/// while let Some(bytes_read) = indexing.next_block().await? { /* progress */ }
/// let index = indexing.finish();
/// ```
pub struct BlobIndexing<'a> {
    blob: &'a Blob,
    total: u64,
    indexer: Indexer,
    /// The block being indexed, its buffer reused.
    block: Vec<u8>,
    /// One read always ahead: the next block is fetched while this one is
    /// indexed. If the indexer then wants to skip past it, it is dropped.
    next: Option<PendingRead>,
    /// Hashing every block read, in order (then none is skipped).
    hasher: Option<Sha256>,
}

impl<'a> BlobIndexing<'a> {
    /// Reads the first bytes of `blob` to tell its format; with `hash`,
    /// every byte will be read and hashed.
    pub async fn start(blob: &'a Blob, options: IndexOptions, hash: bool) -> Result<Self, String> {
        let total = blob.size() as u64;
        let mut block = Vec::with_capacity(BLOCK_SIZE as usize);
        finish_read(start_read(blob, 0, PROBE_SIZE.min(total))?, &mut block).await?;
        let indexer = Indexer::with_options(netvu::probe(&block), Some(total), options);
        let next = (total > 0)
            .then(|| start_read(blob, 0, FIRST_BLOCK_SIZE.min(total)))
            .transpose()?;
        Ok(BlobIndexing {
            blob,
            total,
            indexer,
            block,
            next,
            hasher: hash.then(Sha256::new),
        })
    }

    /// Reads and indexes the next block the indexer wants: the bytes read
    /// so far, or `None` at the end of the blob.
    pub async fn next_block(&mut self) -> Result<Option<u64>, String> {
        let total = self.total;
        while let Some(pending) = self.next.take() {
            // Readers skip big payloads: no need to read what the indexer would ignore.
            let wanted = self.indexer.wanted_from().min(total);
            if wanted >= pending.end && self.hasher.is_none() {
                self.indexer.skip_to(wanted);
                if wanted < total {
                    self.next = Some(start_read(
                        self.blob,
                        wanted,
                        (wanted + BLOCK_SIZE).min(total),
                    )?);
                }
                continue;
            }
            let start = pending.start;
            finish_read(pending, &mut self.block).await?;
            if self.block.is_empty() {
                return Ok(None);
            }
            let end = start + self.block.len() as u64;
            if end < total {
                self.next = Some(start_read(self.blob, end, (end + BLOCK_SIZE).min(total))?);
            }
            if let Some(hasher) = &mut self.hasher {
                hasher.update(&self.block);
            }
            self.indexer.feed(&self.block);
            return Ok(Some(end));
        }
        Ok(None)
    }

    /// What indexing has found so far.
    pub fn index(&self) -> &Index {
        self.indexer.index()
    }

    /// The index, completed at the end of what was read, and the blob's
    /// SHA-256 (lower-case hex) if it was asked for.
    pub fn finish(self) -> (Index, Option<String>) {
        let sha256 = self
            .hasher
            .map(|h| h.finalize().iter().map(|b| format!("{b:02x}")).collect());
        (self.indexer.finish(), sha256)
    }
}
