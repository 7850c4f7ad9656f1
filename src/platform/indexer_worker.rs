//! The indexing worker (started by the page's `indexing.rs`): runs in a
//! Web Worker so the page never freezes while a big file is indexed. For
//! each job it indexes the file block by block with `netvu_blob` and sends
//! the index in parts as it goes (`core::protocol`).

use std::cell::RefCell;
use std::collections::HashSet;

use js_sys::Uint8Array;
use netvu::indexer::IndexOptions;
use netvu_blob::BlobIndexing;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

use super::messages::{incoming, outgoing};
use crate::core::protocol::index_parts::{encode_frames, encode_rest};
use crate::core::protocol::{FromIndexer, JobId, ToIndexer};

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

fn cancelled(job: JobId) -> bool {
    CANCELLED.with(|c| c.borrow_mut().remove(&job))
}

/// Indexes `blob`, hashing it too if `hash`; `Ok(false)` if the page
/// cancelled it.
async fn index(job: JobId, blob: &Blob, hash: bool) -> Result<bool, String> {
    let total = blob.size() as u64;
    // PAR chunk CRCs are not checked while indexing: checking them reads
    // every payload byte, and pictures should appear at once. The page
    // checks a frame's chunk CRC when it fetches the frame (`frames.rs`).
    let options = IndexOptions {
        verify_checksums: false,
    };
    // Hashing reads every byte; indexing alone skips what it does not need.
    let mut indexing = BlobIndexing::start(blob, options, hash).await?;
    let mut sent = 0;
    let mut batch = Vec::new();
    while let Some(bytes_read) = indexing.next_block().await? {
        if cancelled(job) {
            return Ok(false);
        }
        let frames = &indexing.index().frames;
        batch.clear();
        encode_frames(&mut batch, &frames[sent..]);
        sent = frames.len();
        let progress = FromIndexer::Progress {
            job,
            bytes_read,
            total_bytes: total,
            frames: sent as u64,
        };
        post(&progress, Some(Uint8Array::from(batch.as_slice())));
    }
    let (index, sha256) = indexing.finish();
    let rest = encode_rest(&index, sent);
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
