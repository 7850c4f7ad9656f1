//! The indexing worker: runs in a Web Worker so the page never freezes while
//! a big file is indexed. One worker serves every file the page opens. For a
//! job `["index", job, file]` it reads the `File` (any `Blob`) in 8 MiB
//! `Blob.slice` blocks (1 MiB first), the next block's read always under way
//! while one is indexed, feeds `netvu::Indexer`, and posts after every block
//! `["progress", job, bytes_read, total_bytes, frames, batch]`, `batch`
//! holding the frame entries found since the last message (`wire.rs`), and at
//! the end `["done", job, rest]`, or `["error", job, message]`. `["cancel",
//! job]` stops a job at its next block (`["cancelled", job]`).
//!
//! Loaded by `www/worker-loader.js`, which queues messages until this is ready.

#[cfg(target_arch = "wasm32")]
#[path = "../wire.rs"]
mod wire;

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::collections::HashSet;

    use js_sys::{Array, Uint8Array};
    use netvu::indexer::IndexOptions;
    use netvu::Indexer;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

    use crate::wire;

    /// Blocks read at once: big enough that per-block costs vanish.
    const BLOCK_SIZE: u64 = 8 * 1024 * 1024;
    /// The first block read: small, for a quick first picture.
    const FIRST_BLOCK_SIZE: u64 = 1024 * 1024;
    /// The first bytes handed to `netvu::probe`.
    const PROBE_SIZE: u64 = 64 * 1024;

    thread_local! {
        /// Jobs the page cancelled; each checks between blocks.
        static CANCELLED: RefCell<HashSet<u32>> = RefCell::default();
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn message(value: JsValue) -> String {
        value.as_string().unwrap_or_else(|| format!("{value:?}"))
    }

    /// Posts `parts`, handing over the buffer of `bytes` if there is one.
    fn post(parts: &[JsValue], bytes: Option<Uint8Array>) {
        let message = parts.iter().collect::<Array>();
        let transfer = Array::new();
        if let Some(bytes) = bytes {
            transfer.push(&bytes.buffer());
            message.push(&bytes);
        }
        // A failed post leaves the page waiting; it can still cancel.
        let _ = scope().post_message_with_transfer(&message, &transfer);
    }

    /// A read of `start..end` under way: the browser fetches it while the
    /// worker indexes the block before it.
    struct Pending {
        start: u64,
        end: u64,
        buffer: JsFuture,
    }

    fn start_read(blob: &Blob, start: u64, end: u64) -> Result<Pending, String> {
        let slice = blob
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(message)?;
        Ok(Pending {
            start,
            end,
            buffer: JsFuture::from(slice.array_buffer()),
        })
    }

    /// Waits for `pending` and copies its bytes into `into` (reused between blocks).
    async fn finish_read(pending: Pending, into: &mut Vec<u8>) -> Result<(), String> {
        let buffer = pending.buffer.await.map_err(message)?;
        let array = Uint8Array::new(&buffer);
        into.resize(array.length() as usize, 0);
        array.copy_to(into);
        Ok(())
    }

    async fn read(blob: &Blob, start: u64, end: u64, into: &mut Vec<u8>) -> Result<(), String> {
        finish_read(start_read(blob, start, end)?, into).await
    }

    fn cancelled(job: u32) -> bool {
        CANCELLED.with(|c| c.borrow_mut().remove(&job))
    }

    /// Indexes `blob`; `Ok(false)` if the page cancelled it.
    async fn index(job: u32, blob: &Blob) -> Result<bool, String> {
        let total = blob.size() as u64;
        let mut block = Vec::with_capacity(BLOCK_SIZE as usize);
        read(blob, 0, PROBE_SIZE.min(total), &mut block).await?;
        // PAR chunk CRCs are not checked while indexing: checking them reads
        // every payload byte, and pictures should appear at once. The page
        // checks a frame's chunk CRC when it fetches the frame (`site.rs`).
        let options = IndexOptions {
            verify_checksums: false,
        };
        let mut indexer = Indexer::with_options(netvu::probe(&block), Some(total), options);
        let mut sent = 0;
        let mut batch = Vec::new();
        // One read always ahead: the next block is fetched while this one is
        // indexed. If the indexer then wants to skip past it, it is dropped.
        // The first block is small, so that the first picture shows soon.
        let mut next = (total > 0)
            .then(|| start_read(blob, 0, FIRST_BLOCK_SIZE.min(total)))
            .transpose()?;
        while let Some(pending) = next.take() {
            if cancelled(job) {
                return Ok(false);
            }
            // Readers skip big payloads: no need to read what the indexer would ignore.
            let wanted = indexer.wanted_from().min(total);
            if wanted >= pending.end {
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
            indexer.feed(&block);
            let frames = &indexer.index().frames;
            batch.clear();
            wire::put_frames(&mut batch, &frames[sent..]);
            sent = frames.len();
            post(
                &[
                    "progress".into(),
                    job.into(),
                    (end as f64).into(),
                    (total as f64).into(),
                    (sent as f64).into(),
                ],
                Some(Uint8Array::from(batch.as_slice())),
            );
        }
        let index = indexer.finish();
        let rest = wire::encode_rest(&index, sent);
        post(
            &["done".into(), job.into()],
            Some(Uint8Array::from(rest.as_slice())),
        );
        Ok(true)
    }

    /// `["index", job, blob]` starts a job, `["cancel", job]` stops one.
    fn on_message(event: MessageEvent) {
        let data = Array::from(&event.data());
        let job = data.get(1).as_f64().unwrap_or(0.0) as u32;
        match data.get(0).as_string().as_deref() {
            Some("index") => {
                let blob = data.get(2).dyn_into::<Blob>();
                wasm_bindgen_futures::spawn_local(async move {
                    let outcome = match blob {
                        Ok(blob) => index(job, &blob).await,
                        Err(_) => Err("not a file".into()),
                    };
                    match outcome {
                        Ok(true) => {}
                        Ok(false) => post(&["cancelled".into(), job.into()], None),
                        Err(error) => post(&["error".into(), job.into(), error.into()], None),
                    }
                });
            }
            Some("cancel") => {
                CANCELLED.with(|c| c.borrow_mut().insert(job));
            }
            _ => {}
        }
    }

    pub fn start() {
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        handler.forget();
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the netvu-viewer indexing worker runs in a browser's Web Worker");
    std::process::exit(2);
}
