//! The page: opening files (button or drop anywhere), indexing them with
//! progress, and the viewer for the selected one.

use std::cell::RefCell;
use std::rc::Rc;

use netvu::Index;
use web_sys::{Blob, DragEvent, FileList, HtmlInputElement};
use yew::prelude::*;

use crate::panels::{ProblemsPanel, SettingsPanel, Summary};
use crate::player::Player;
use crate::reader::{index_blob, CancelFlag, Progress};
use crate::time::human_bytes;

/// A file that has been indexed: its bytes stay in the browser's `Blob`,
/// frames are fetched from it on demand.
#[derive(Clone)]
pub struct OpenedFile {
    pub name: String,
    pub blob: Blob,
    pub index: Rc<Index>,
}

impl PartialEq for OpenedFile {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.index, &other.index)
    }
}

#[derive(Clone, PartialEq)]
enum FileState {
    Waiting,
    Indexing(Progress),
    Opened(OpenedFile),
    Failed(String),
}

#[derive(Clone, PartialEq)]
struct FileSlot {
    id: u32,
    name: String,
    state: FileState,
}

#[derive(Clone, Default, PartialEq)]
struct Files {
    slots: Vec<FileSlot>,
    selected: Option<u32>,
}

enum FilesAction {
    /// Files about to be indexed, in order; the first is selected.
    Queue(Vec<(u32, String)>),
    Update(u32, FileState),
    Select(u32),
}

impl Reducible for Files {
    type Action = FilesAction;

    fn reduce(self: Rc<Self>, action: FilesAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            FilesAction::Queue(queued) => {
                next.selected = queued.first().map(|(id, _)| *id).or(self.selected);
                next.slots
                    .extend(queued.into_iter().map(|(id, name)| FileSlot {
                        id,
                        name,
                        state: FileState::Waiting,
                    }));
            }
            FilesAction::Update(id, state) => {
                if let Some(slot) = next.slots.iter_mut().find(|s| s.id == id) {
                    slot.state = state;
                }
            }
            FilesAction::Select(id) => next.selected = Some(id),
        }
        Rc::new(next)
    }
}

/// Indexes `queued` one after another, reporting each step to `files`.
async fn index_files(
    queued: Vec<(u32, String, Blob)>,
    cancel: CancelFlag,
    files: UseReducerDispatcher<Files>,
) {
    for (id, name, blob) in queued {
        let progress =
            |p: Progress| files.dispatch(FilesAction::Update(id, FileState::Indexing(p)));
        let state = match index_blob(&blob, &cancel, progress).await {
            Ok(index) => FileState::Opened(OpenedFile {
                name,
                blob,
                index: Rc::new(index),
            }),
            Err(error) => FileState::Failed(error.to_string()),
        };
        files.dispatch(FilesAction::Update(id, state));
    }
}

const SAMPLE_NAME: &str = "sample.par";

fn blob_of(bytes: &[u8]) -> Result<Blob, String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence(&parts).map_err(|e| format!("{e:?}"))
}

/// A file to open: its name and its bytes.
type NamedBlob = (String, Blob);

fn file_list(list: Option<FileList>) -> Vec<NamedBlob> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|at| list.get(at))
        .map(|file| (file.name(), Blob::from(file)))
        .collect()
}

#[function_component(ProgressBar)]
fn progress_bar(props: &ProgressProps) -> Html {
    let p = &props.progress;
    let fraction = if p.total_bytes == 0 {
        1.0
    } else {
        p.bytes_read as f64 / p.total_bytes as f64
    };
    html! {
        <div class="progress" data-testid="progress">
            <progress max="1" value={fraction.to_string()}></progress>
            <span>{ format!("{} of {} · {} frames · {}/s",
                human_bytes(p.bytes_read as f64), human_bytes(p.total_bytes as f64), p.frames, human_bytes(p.bytes_per_second)) }</span>
            <button onclick={props.on_cancel.clone()}>{ "Cancel" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ProgressProps {
    progress: Progress,
    on_cancel: Callback<MouseEvent>,
}

#[function_component(App)]
pub fn app() -> Html {
    let files = use_reducer(Files::default);
    let next_id = use_mut_ref(|| 0u32);
    let cancel = use_mut_ref(CancelFlag::default);
    let dragging = use_state(|| false);
    let sample_error = use_state(|| None::<String>);

    let open: Rc<dyn Fn(Vec<NamedBlob>)> = {
        let files = files.dispatcher();
        let cancel: Rc<RefCell<CancelFlag>> = cancel.clone();
        Rc::new(move |chosen: Vec<NamedBlob>| {
            if chosen.is_empty() {
                return;
            }
            let queued: Vec<(u32, String, Blob)> = chosen
                .into_iter()
                .map(|(name, blob)| {
                    let mut id = next_id.borrow_mut();
                    *id += 1;
                    (*id, name, blob)
                })
                .collect();
            files.dispatch(FilesAction::Queue(
                queued
                    .iter()
                    .map(|(id, name, _)| (*id, name.clone()))
                    .collect(),
            ));
            let flag = CancelFlag::default();
            *cancel.borrow_mut() = flag.clone();
            wasm_bindgen_futures::spawn_local(index_files(queued, flag, files.clone()));
        })
    };

    let on_choose = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                open(file_list(input.files()));
                // Choosing the same file again should open it again.
                input.set_value("");
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Without this the browser would open the file itself.
            event.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Leaving for a child element is not leaving the page.
            if event.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let on_drop = {
        let dragging = dragging.clone();
        let open = open.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            open(file_list(event.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_sample = {
        let open = open.clone();
        let sample_error = sample_error.clone();
        Callback::from(move |_: MouseEvent| {
            let open = open.clone();
            let sample_error = sample_error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::sample::build_sample()
                    .await
                    .and_then(|bytes| blob_of(&bytes))
                {
                    Ok(blob) => open(vec![(SAMPLE_NAME.to_string(), blob)]),
                    Err(message) => sample_error.set(Some(message)),
                }
            });
        })
    };
    let on_cancel = {
        let cancel = cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.borrow().cancel())
    };

    let selected = files.slots.iter().find(|s| Some(s.id) == files.selected);
    let body = match selected.map(|s| &s.state) {
        None => html! {
            <div class="welcome">
                <p class="big">{ "Drop NetVu files here" }</p>
                <p class="muted">{ "AD binary, AD MIME, AD raw, DM PIC and PAR recordings. Files never leave this computer: they are read and decoded in this page." }</p>
            </div>
        },
        Some(FileState::Waiting) => html! { <p class="muted">{ "Waiting…" }</p> },
        Some(FileState::Indexing(progress)) => {
            html! { <ProgressBar progress={progress.clone()} on_cancel={on_cancel.clone()} /> }
        }
        Some(FileState::Failed(message)) => {
            html! { <p class="error" role="alert">{ format!("Not opened: {message}") }</p> }
        }
        Some(FileState::Opened(file)) => html! {
            <>
                <div class="main-grid">
                    <Player file={file.clone()} />
                    <div class="side">
                        <Summary file={file.clone()} />
                        <ProblemsPanel file={file.clone()} />
                    </div>
                </div>
                <SettingsPanel file={file.clone()} />
            </>
        },
    };

    html! {
        <div class={classes!("app", dragging.then_some("dragging"))}
            ondragenter={on_drag_over.clone()} ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
            <header class="topbar">
                <h1>{ "NetVu viewer" }</h1>
                <button onclick={on_sample} data-testid="open-sample">{ "Open sample" }</button>
                <label class="button primary">
                    { "Open files" }
                    <input type="file" multiple=true onchange={on_choose} data-testid="file-input" />
                </label>
            </header>
            if files.slots.len() > 1 {
                <nav class="tabs">
                    { for files.slots.iter().map(|slot| {
                        let select = {
                            let files = files.dispatcher();
                            let id = slot.id;
                            Callback::from(move |_: MouseEvent| files.dispatch(FilesAction::Select(id)))
                        };
                        let busy = matches!(slot.state, FileState::Waiting | FileState::Indexing(_));
                        html! {
                            <button class={classes!("tab", (Some(slot.id) == files.selected).then_some("active"))} onclick={select}>
                                { &slot.name }{ if busy { " …" } else { "" } }
                            </button>
                        }
                    }) }
                </nav>
            }
            if let Some(message) = sample_error.as_ref() {
                <p class="error" role="alert">{ format!("The sample could not be made: {message}") }</p>
            }
            <main>{ body }</main>
            <div class="drop-hint" aria-hidden="true">{ "Drop to open" }</div>
        </div>
    }
}
