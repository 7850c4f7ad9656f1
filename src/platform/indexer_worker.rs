//! The indexing worker (started by the page's `indexing.rs`): runs in a
//! Web Worker so the page never freezes while a big file is indexed. For
//! each job it reads the file in 8 MiB `Blob.slice` blocks (1 MiB first, for
//! a quick first picture), the next block's read always under way while one
//! is indexed, feeds `netvu::Indexer`, and sends the index in parts as it
//! goes (`core::protocol`).

use std::cell::RefCell;
use std::collections::HashSet;

use js_sys::Uint8Array;
use netvu::indexer::IndexOptions;
use netvu::Indexer;
use sha2::{Digest, Sha256};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

use super::js::js_error;
use super::messages::{incoming, outgoing};
use crate::core::protocol::index_parts::{encode_frames, encode_rest};
use crate::core::protocol::{FromIndexer, JobId, ToIndexer};

/// Blocks read at once: big enough that per-block costs vanish.
const BLOCK_SIZE: u64 = 8 * 1024 * 1024;
/// The first block read: small, for a quick first picture.
const FIRST_BLOCK_SIZE: u64 = 1024 * 1024;
/// The first bytes handed to `netvu::probe`.
const PROBE_SIZE: u64 = 64 * 1024;

thread_local! {
    /// Jobs the page cancelled; each checks between blocks.
    static CANCELLED: RefCell<HashSet<JobId>> = RefCell::default();
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts `message` with `bytes` beside it, handing their buffer over.
fn post(message: &FromIndexer, bytes: Option<Uint8Array>) {
    let transfer = js_sys::Array::new();
    if let Some(bytes) = &bytes {
        transfer.push(&bytes.buffer());
    }
    let data: Option<JsValue> = bytes.map(Into::into);
    // A failed post leaves the page waiting; it can still cancel.
    let _ = scope().post_message_with_transfer(&outgoing(message, data.as_ref()), &transfer);
}

/// A read of `start..end` under way: the browser fetches it while the
/// worker indexes the block before it.
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

fn cancelled(job: JobId) -> bool {
    CANCELLED.with(|c| c.borrow_mut().remove(&job))
}

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Indexes `blob`, hashing it too if `hash`; `Ok(false)` if the page
/// cancelled it.
async fn index(job: JobId, blob: &Blob, hash: bool) -> Result<bool, String> {
    let total = blob.size() as u64;
    let mut block = Vec::with_capacity(BLOCK_SIZE as usize);
    finish_read(start_read(blob, 0, PROBE_SIZE.min(total))?, &mut block).await?;
    // PAR chunk CRCs are not checked while indexing: checking them reads
    // every payload byte, and pictures should appear at once. The page
    // checks a frame's chunk CRC when it fetches the frame (`frames.rs`).
    let options = IndexOptions {
        verify_checksums: false,
    };
    let mut indexer = Indexer::with_options(netvu::probe(&block), Some(total), options);
    let mut sent = 0;
    let mut batch = Vec::new();
    // One read always ahead: the next block is fetched while this one is
    // indexed. If the indexer then wants to skip past it, it is dropped.
    let mut next = (total > 0)
        .then(|| start_read(blob, 0, FIRST_BLOCK_SIZE.min(total)))
        .transpose()?;
    // Hashing reads every byte; indexing alone skips what it does not need.
    let mut hasher = hash.then(Sha256::new);
    while let Some(pending) = next.take() {
        if cancelled(job) {
            return Ok(false);
        }
        // Readers skip big payloads: no need to read what the indexer would ignore.
        let wanted = indexer.wanted_from().min(total);
        if wanted >= pending.end && hasher.is_none() {
            indexer.skip_to(wanted);
            if wanted < total {
                next = Some(start_read(blob, wanted, (wanted + BLOCK_SIZE).min(total))?);
            }
            continue;
        }
        let start = pending.start;
        finish_read(pending, &mut block).await?;
        if block.is_empty() {
            break;
        }
        let end = start + block.len() as u64;
        if end < total {
            next = Some(start_read(blob, end, (end + BLOCK_SIZE).min(total))?);
        }
        if let Some(hasher) = &mut hasher {
            hasher.update(&block);
        }
        indexer.feed(&block);
        let frames = &indexer.index().frames;
        batch.clear();
        encode_frames(&mut batch, &frames[sent..]);
        sent = frames.len();
        let progress = FromIndexer::Progress {
            job,
            bytes_read: end,
            total_bytes: total,
            frames: sent as u64,
        };
        post(&progress, Some(Uint8Array::from(batch.as_slice())));
    }
    let rest = encode_rest(&indexer.finish(), sent);
    let sha256 = hasher.map(|h| hex(&h.finalize()));
    post(
        &FromIndexer::Done { job, sha256 },
        Some(Uint8Array::from(rest.as_slice())),
    );
    Ok(true)
}

fn on_message(event: MessageEvent) {
    let (message, data) = match incoming::<ToIndexer>(&event.data()) {
        Ok(received) => received,
        // A message of another build: the page hears of it as the worker's
        // error, and fails its jobs.
        Err(error) => wasm_bindgen::throw_str(&format!("the page sent {error}")),
    };
    match message {
        ToIndexer::Index { job, hash } => {
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match data.dyn_into::<Blob>() {
                    Ok(blob) => index(job, &blob, hash).await,
                    Err(_) => Err("not a file".into()),
                };
                match outcome {
                    Ok(true) => {}
                    Ok(false) => post(&FromIndexer::Cancelled { job }, None),
                    Err(message) => post(&FromIndexer::Failed { job, message }, None),
                }
            });
        }
        ToIndexer::Cancel { job } => {
            CANCELLED.with(|c| c.borrow_mut().insert(job));
        }
    }
}

/// Installs the message handler and says the worker is ready.
pub fn serve() {
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    post(&FromIndexer::Ready, None);
}
