//! Reading a browser `Blob` (a dropped or chosen file) in blocks: the whole
//! file through the netvu indexer, or one frame's unit bytes on demand. The
//! file is never held in memory whole.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Uint8Array;
use netvu::{Index, Indexer};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// Indexing reads the file in blocks of this size: big enough to keep the
/// per-block overhead small, small enough to update progress often.
pub const BLOCK_SIZE: u64 = 4 * 1024 * 1024;

/// The first bytes handed to `netvu::probe`.
const PROBE_SIZE: u64 = 64 * 1024;

/// How far indexing has got, shown while it runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub bytes_read: u64,
    pub total_bytes: u64,
    pub frames: usize,
    pub bytes_per_second: f64,
}

/// Shared between the indexing loop and the Cancel button.
#[derive(Clone, Default)]
pub struct CancelFlag(Rc<Cell<bool>>);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.set(true);
    }
    fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

/// Why indexing stopped without an index.
#[derive(Debug)]
pub enum ReadError {
    Cancelled,
    Browser(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Cancelled => f.write_str("cancelled"),
            ReadError::Browser(message) => {
                write!(f, "the browser could not read the file: {message}")
            }
        }
    }
}

fn js_message(value: JsValue) -> ReadError {
    ReadError::Browser(value.as_string().unwrap_or_else(|| format!("{value:?}")))
}

/// The bytes `start..end` of `blob` (clamped to its size by the browser).
pub async fn read_range(blob: &Blob, start: u64, end: u64) -> Result<Vec<u8>, ReadError> {
    let slice = blob
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(js_message)?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(js_message)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Indexes the whole of `blob`, calling `on_progress` after every block.
///
/// Each block read awaits the browser, which lets it paint and handle
/// clicks (Cancel) between blocks: a cooperative loop on the main thread.
pub async fn index_blob(
    blob: &Blob,
    cancel: &CancelFlag,
    on_progress: impl Fn(Progress),
) -> Result<Index, ReadError> {
    let total_bytes = blob.size() as u64;
    let head = read_range(blob, 0, PROBE_SIZE.min(total_bytes)).await?;
    let mut indexer = Indexer::new(netvu::probe(&head), Some(total_bytes));
    let started = now_ms();
    let mut offset = 0;
    while offset < total_bytes {
        if cancel.is_cancelled() {
            return Err(ReadError::Cancelled);
        }
        // Readers skip big payloads: no need to read what the indexer would ignore.
        let wanted = indexer.wanted_from().min(total_bytes);
        if wanted > offset {
            indexer.skip_to(wanted);
            offset = wanted;
            continue;
        }
        let end = (offset + BLOCK_SIZE).min(total_bytes);
        let block = read_range(blob, offset, end).await?;
        if block.is_empty() {
            break;
        }
        indexer.feed(&block);
        offset += block.len() as u64;
        let seconds = (now_ms() - started) / 1000.0;
        on_progress(Progress {
            bytes_read: offset,
            total_bytes,
            frames: indexer.index().frames.len(),
            bytes_per_second: if seconds > 0.0 {
                offset as f64 / seconds
            } else {
                0.0
            },
        });
    }
    Ok(indexer.finish())
}
