//! Reading a browser `Blob` (a dropped or chosen file): the whole file
//! through the netvu indexer in a Web Worker (`src/bin/worker.rs`), or one
//! frame's unit bytes on demand here. The file is never held in memory whole.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::StreamExt;
use js_sys::{Array, Uint8Array};
use netvu::Index;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker};

use crate::wire;

/// How far indexing has got, shown while it runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub bytes_read: u64,
    pub total_bytes: u64,
    pub frames: usize,
    pub bytes_per_second: f64,
}

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
    fn is_cancelled(&self) -> bool {
        self.0.borrow().cancelled
    }
    fn on_cancel(&self, action: impl FnOnce() + 'static) {
        self.0.borrow_mut().on_cancel = Some(Box::new(action));
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

/// The indexing worker (`src/bin/worker.rs`), started once with the page and
/// shared by every job; its messages go to the job they name.
struct Service {
    worker: Worker,
    jobs: HashMap<u32, UnboundedSender<Array>>,
    next_job: u32,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

thread_local! {
    static SERVICE: RefCell<Option<Service>> = const { RefCell::new(None) };
}

/// Where Trunk puts the worker's loader (`www/worker-loader.js`).
const WORKER_URL: &str = "./worker-loader.js";

fn start_service() -> Result<Service, String> {
    let worker = Worker::new(WORKER_URL).map_err(|e| js_message(e).to_string())?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let message = Array::from(&event.data());
        match message.get(0).as_string().as_deref() {
            // Tests and the benchmark wait for this before they count requests or time.
            Some("ready") => {
                if let Some(root) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.document_element())
                {
                    let _ = root.set_attribute("data-indexer", "ready");
                }
            }
            Some(_) => {
                let job = message.get(1).as_f64().unwrap_or(-1.0) as u32;
                SERVICE.with(|service| {
                    if let Some(sender) = service.borrow().as_ref().and_then(|s| s.jobs.get(&job)) {
                        let _ = sender.unbounded_send(message);
                    }
                });
            }
            None => {}
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(|event: web_sys::ErrorEvent| {
        // The worker is gone: every job waiting on it fails, and the next starts a new one.
        let failed = SERVICE.with(|service| service.borrow_mut().take());
        if let Some(service) = failed {
            service.worker.terminate();
            let text = format!("the indexing worker failed: {}", event.message());
            for sender in service.jobs.values() {
                let _ = sender.unbounded_send(Array::of3(
                    &"error".into(),
                    &JsValue::NULL,
                    &text.as_str().into(),
                ));
            }
        }
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Service {
        worker,
        jobs: HashMap::new(),
        next_job: 0,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Starts the worker now, so that it is ready when the first file comes.
pub fn prewarm() {
    SERVICE.with(|service| {
        if service.borrow().is_none() {
            *service.borrow_mut() = start_service().ok();
        }
    });
}

/// Registers a job with the worker and sends it `blob`.
fn start_job(blob: &Blob) -> Result<(u32, UnboundedReceiver<Array>), ReadError> {
    prewarm();
    SERVICE.with(|service| {
        let mut service = service.borrow_mut();
        let service = service
            .as_mut()
            .ok_or_else(|| ReadError::Browser("no Web Worker to index in".into()))?;
        service.next_job += 1;
        let job = service.next_job;
        let (sender, receiver) = unbounded();
        service.jobs.insert(job, sender);
        let message = Array::of3(&"index".into(), &job.into(), blob);
        service.worker.post_message(&message).map_err(js_message)?;
        Ok((job, receiver))
    })
}

fn end_job(job: u32, cancel: bool) {
    SERVICE.with(|service| {
        if let Some(service) = service.borrow_mut().as_mut() {
            service.jobs.remove(&job);
            if cancel {
                let _ = service
                    .worker
                    .post_message(&Array::of2(&"cancel".into(), &job.into()));
            }
        }
    });
}

/// While indexing, the picture shown is refreshed this often (and as soon
/// as the first frame is known).
const PARTIAL_EVERY_MS: f64 = 1000.0;

/// Indexes the whole of `blob` in the worker. `on_progress` is called after
/// every block, with what is indexed so far now and then (so the player can
/// show the first picture long before the end).
pub async fn index_blob(
    blob: &Blob,
    cancel: &CancelFlag,
    on_progress: impl Fn(Progress, Option<Rc<Index>>),
) -> Result<Index, ReadError> {
    if cancel.is_cancelled() {
        return Err(ReadError::Cancelled);
    }
    let (job, mut receiver) = start_job(blob)?;
    cancel.on_cancel(move || {
        end_job(job, true);
    });
    let started = now_ms();
    let mut partial = Index::new(netvu::Format::Unknown);
    let mut published_at: Option<f64> = None;
    let mut has_picture = false;
    let outcome = loop {
        // Cancelling drops the job's sender, which ends this stream.
        let Some(message) = receiver.next().await else {
            break Err(ReadError::Cancelled);
        };
        match message.get(0).as_string().as_deref() {
            Some("progress") => {
                let number = |at| message.get(at).as_f64().unwrap_or(0.0);
                let batch = Uint8Array::from(message.get(5)).to_vec();
                wire::each_frame(&batch, |entry| {
                    has_picture |= entry.media() == netvu::Media::Video;
                    partial.push(entry, None);
                });
                let now = now_ms();
                let seconds = (now - started) / 1000.0;
                let bytes_read = number(2) as u64;
                let due = match published_at {
                    None => true,
                    Some(at) => now - at >= PARTIAL_EVERY_MS,
                };
                let publish = has_picture && due;
                if publish {
                    published_at = Some(now);
                }
                on_progress(
                    Progress {
                        bytes_read,
                        total_bytes: number(3) as u64,
                        frames: number(4) as usize,
                        bytes_per_second: if seconds > 0.0 {
                            bytes_read as f64 / seconds
                        } else {
                            0.0
                        },
                    },
                    publish.then(|| Rc::new(partial.clone())),
                );
            }
            Some("done") => {
                break wire::decode_rest(&Uint8Array::from(message.get(2)).to_vec(), &mut partial)
                    .map(|()| partial)
                    .map_err(ReadError::Browser);
            }
            Some("cancelled") => break Err(ReadError::Cancelled),
            _ => {
                let text = message
                    .get(2)
                    .as_string()
                    .unwrap_or_else(|| "unknown error".into());
                break Err(ReadError::Browser(text));
            }
        }
    };
    end_job(job, false);
    outcome
}
