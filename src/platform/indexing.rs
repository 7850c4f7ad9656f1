//! The page's side of indexing: one viewer's indexing worker
//! (`indexer_worker.rs`), which reads a whole file through the netvu
//! indexer off the page's thread and sends the index back in parts while it
//! goes. The worker lives as long as its viewer; jobs are numbered per
//! viewer, and a worker that dies fails its jobs and is started again for
//! the next.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::StreamExt;
use js_sys::Uint8Array;
use netvu::Index;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};

use super::assets::asset_url;
use super::js::{js_error, now_ms};
use super::messages::{incoming, outgoing};
use crate::core::files::Progress;
use crate::core::protocol::index_parts::{decode_frames, decode_rest};
use crate::core::protocol::{FromIndexer, JobId, ToIndexer};

/// The worker's loader (`www/indexer-loader.js`).
const WORKER_LOADER: &str = "indexer-loader.js";

/// While indexing, the picture shown is refreshed this often (and as soon
/// as the first frame is known).
const PARTIAL_EVERY_MS: f64 = 1000.0;

/// Shared between an indexing job and the Cancel button.
#[derive(Clone, Default)]
pub struct CancelFlag(Rc<RefCell<CancelState>>);

#[derive(Default)]
struct CancelState {
    cancelled: bool,
    /// What cancelling does to the running job.
    on_cancel: Option<Box<dyn FnOnce()>>,
}

impl CancelFlag {
    pub fn cancel(&self) {
        let on_cancel = {
            let mut state = self.0.borrow_mut();
            state.cancelled = true;
            state.on_cancel.take()
        };
        if let Some(on_cancel) = on_cancel {
            on_cancel();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.borrow().cancelled
    }

    fn on_cancel(&self, action: impl FnOnce() + 'static) {
        self.0.borrow_mut().on_cancel = Some(Box::new(action));
    }
}

/// Why indexing stopped without an index.
#[derive(Debug, PartialEq)]
pub enum IndexError {
    Cancelled,
    Failed(String),
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexError::Cancelled => f.write_str("cancelled"),
            IndexError::Failed(message) => {
                write!(f, "the browser could not read the file: {message}")
            }
        }
    }
}

/// A file indexed, and its SHA-256 (lower-case hex) if it was asked for.
pub struct Indexed {
    pub index: Index,
    pub sha256: Option<String>,
}

/// A message of the worker's with what it travelled with.
type Received = (FromIndexer, JsValue);

/// One viewer's indexing worker and the jobs waiting on it.
pub struct IndexingService {
    shared: Rc<RefCell<Shared>>,
}

struct Shared {
    running: Option<Running>,
    jobs: HashMap<JobId, UnboundedSender<Received>>,
    next_job: JobId,
    /// Told once the worker takes jobs (the viewer marks itself ready for tests).
    on_ready: Rc<dyn Fn()>,
}

struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl IndexingService {
    /// Starts the worker now, so that it is ready when the first file comes.
    pub fn new(on_ready: impl Fn() + 'static) -> IndexingService {
        let service = IndexingService {
            shared: Rc::new(RefCell::new(Shared {
                running: None,
                jobs: HashMap::new(),
                next_job: 0,
                on_ready: Rc::new(on_ready),
            })),
        };
        // Without a worker now, the first job tries again and says why.
        let _ = service.start();
        service
    }

    fn start(&self) -> Result<(), String> {
        if self.shared.borrow().running.is_some() {
            return Ok(());
        }
        let worker = Worker::new(&asset_url(WORKER_LOADER)).map_err(js_error)?;
        let weak = Rc::downgrade(&self.shared);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(shared) = weak.upgrade() {
                deliver(&shared, incoming(&event.data()));
            }
        });
        let weak = Rc::downgrade(&self.shared);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            if let Some(shared) = weak.upgrade() {
                fail_all(
                    &shared,
                    &format!("the indexing worker failed: {}", event.message()),
                );
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.shared.borrow_mut().running = Some(Running {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        });
        Ok(())
    }

    /// Registers a job with the worker and sends it `blob`.
    fn start_job(
        &self,
        blob: &Blob,
        hash: bool,
    ) -> Result<(JobId, UnboundedReceiver<Received>), IndexError> {
        self.start().map_err(IndexError::Failed)?;
        let mut shared = self.shared.borrow_mut();
        shared.next_job += 1;
        let job = shared.next_job;
        let (sender, receiver) = unbounded();
        shared.jobs.insert(job, sender);
        let running = shared
            .running
            .as_ref()
            .ok_or_else(|| IndexError::Failed("no Web Worker to index in".into()))?;
        running
            .worker
            .post_message(&outgoing(&ToIndexer::Index { job, hash }, Some(blob)))
            .map_err(|e| IndexError::Failed(js_error(e)))?;
        Ok((job, receiver))
    }

    /// Forgets job `job`, telling the worker to stop it if `cancel`.
    fn end_job(shared: &Rc<RefCell<Shared>>, job: JobId, cancel: bool) {
        let mut shared = shared.borrow_mut();
        shared.jobs.remove(&job);
        if let (true, Some(running)) = (cancel, &shared.running) {
            let _ = running
                .worker
                .post_message(&outgoing(&ToIndexer::Cancel { job }, None));
        }
    }

    /// Indexes the whole of `blob`, and hashes it if `hash` (reading every
    /// byte: slower). `on_progress` is called after every block, with what
    /// is indexed so far now and then (so the player can show the first
    /// picture long before the end).
    pub async fn index(
        &self,
        blob: &Blob,
        hash: bool,
        cancel: &CancelFlag,
        on_progress: impl Fn(Progress, Option<Rc<Index>>),
    ) -> Result<Indexed, IndexError> {
        if cancel.is_cancelled() {
            return Err(IndexError::Cancelled);
        }
        let (job, mut receiver) = self.start_job(blob, hash)?;
        let weak = Rc::downgrade(&self.shared);
        cancel.on_cancel(move || {
            if let Some(shared) = weak.upgrade() {
                IndexingService::end_job(&shared, job, true);
            }
        });
        let mut partial = PartialIndex::new(now_ms());
        let outcome = loop {
            // Cancelling drops the job's sender, which ends this stream.
            let Some((message, data)) = receiver.next().await else {
                break Err(IndexError::Cancelled);
            };
            match message {
                FromIndexer::Progress {
                    bytes_read,
                    total_bytes,
                    frames,
                    ..
                } => {
                    let batch = Uint8Array::new(&data).to_vec();
                    let (progress, publish) =
                        partial.add(&batch, bytes_read, total_bytes, frames, now_ms());
                    on_progress(progress, publish);
                }
                FromIndexer::Done { sha256, .. } => {
                    break partial
                        .complete(&Uint8Array::new(&data).to_vec())
                        .map(|index| Indexed { index, sha256 })
                }
                FromIndexer::Cancelled { .. } => break Err(IndexError::Cancelled),
                FromIndexer::Failed { message, .. } => break Err(IndexError::Failed(message)),
                FromIndexer::Ready => {}
            }
        };
        IndexingService::end_job(&self.shared, job, false);
        outcome
    }
}

/// A worker's message goes to the job it names.
fn deliver(
    shared: &Rc<RefCell<Shared>>,
    received: Result<Received, crate::core::protocol::ProtocolError>,
) {
    let (message, data) = match received {
        Ok(received) => received,
        Err(error) => return fail_all(shared, &format!("the indexing worker sent {error}")),
    };
    let job = match &message {
        FromIndexer::Ready => {
            let on_ready = shared.borrow().on_ready.clone();
            return on_ready();
        }
        FromIndexer::Progress { job, .. }
        | FromIndexer::Done { job, .. }
        | FromIndexer::Cancelled { job }
        | FromIndexer::Failed { job, .. } => *job,
    };
    if let Some(sender) = shared.borrow().jobs.get(&job) {
        let _ = sender.unbounded_send((message, data));
    }
}

/// The worker is gone (or speaks another protocol): every job waiting on
/// it fails, and the next starts a new one.
fn fail_all(shared: &Rc<RefCell<Shared>>, why: &str) {
    let (running, jobs) = {
        let mut shared = shared.borrow_mut();
        (shared.running.take(), std::mem::take(&mut shared.jobs))
    };
    drop(running);
    for (job, sender) in jobs {
        let failed = FromIndexer::Failed {
            job,
            message: why.to_string(),
        };
        let _ = sender.unbounded_send((failed, JsValue::UNDEFINED));
    }
}

/// What a job has received so far.
struct PartialIndex {
    index: Index,
    started: f64,
    published_at: Option<f64>,
    has_picture: bool,
}

impl PartialIndex {
    fn new(started: f64) -> PartialIndex {
        PartialIndex {
            index: Index::new(netvu::Format::Unknown),
            started,
            published_at: None,
            has_picture: false,
        }
    }

    /// Adds a batch of frame entries; the progress, and a copy of the index
    /// so far when it holds a picture and the last copy is old enough.
    fn add(
        &mut self,
        batch: &[u8],
        bytes_read: u64,
        total_bytes: u64,
        frames: u64,
        now: f64,
    ) -> (Progress, Option<Rc<Index>>) {
        let (index, has_picture) = (&mut self.index, &mut self.has_picture);
        decode_frames(batch, |entry| {
            *has_picture |= entry.media() == netvu::Media::Video;
            index.push(entry, None);
        });
        let seconds = (now - self.started) / 1000.0;
        let due = self
            .published_at
            .is_none_or(|at| now - at >= PARTIAL_EVERY_MS);
        let publish = self.has_picture && due;
        if publish {
            self.published_at = Some(now);
        }
        let progress = Progress {
            bytes_read,
            total_bytes,
            frames,
            bytes_per_second: if seconds > 0.0 {
                bytes_read as f64 / seconds
            } else {
                0.0
            },
        };
        (progress, publish.then(|| Rc::new(self.index.clone())))
    }

    fn complete(mut self, rest: &[u8]) -> Result<Index, IndexError> {
        decode_rest(rest, &mut self.index).map_err(IndexError::Failed)?;
        Ok(self.index)
    }
}
