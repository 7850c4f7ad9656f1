//! The page: opening files (button or drop anywhere), indexing them with
//! progress, and the viewer for the selected one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use netvu::problem::Problem;
use netvu::Index;
use web_sys::{Blob, DragEvent, FileList, HtmlInputElement};
use yew::prelude::*;

use crate::panels::{ProblemsPanel, Summary};
use crate::player::Player;
use crate::reader::{index_blob, CancelFlag, Progress};
use crate::settings::SettingsPanel;
use crate::time::human_bytes;

/// A file that has been indexed: its bytes stay in the browser's `Blob`,
/// frames are fetched from it on demand. A multi-file recording shown as one
/// has several blobs: its frames say which (`site::PART_SHIFT`).
#[derive(Clone)]
pub struct OpenedFile {
    /// Which opened file this is: the same while its index grows, then completes.
    pub id: u32,
    pub name: String,
    pub blobs: Rc<Vec<Blob>>,
    pub index: Rc<Index>,
    /// What was put together to show it: titles from a settings file, parts
    /// of a recording, parts missing.
    pub notes: Rc<Vec<String>>,
}

impl OpenedFile {
    pub fn single(id: u32, name: String, blob: Blob, index: Rc<Index>) -> OpenedFile {
        OpenedFile {
            id,
            name,
            blobs: Rc::new(vec![blob]),
            index,
            notes: Rc::default(),
        }
    }
}

impl PartialEq for OpenedFile {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.index, &other.index)
    }
}

#[derive(Clone, PartialEq)]
enum FileState {
    Waiting,
    /// With what is indexed so far, once it holds a picture.
    Indexing(Progress, Option<OpenedFile>),
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
    /// Indexing went on; a newer partial index if there is one (else the last stays).
    Progress(u32, Progress, Option<OpenedFile>),
    Select(u32),
    /// The files with these ids, opened together, are now shown as these.
    Combine(Vec<u32>, Vec<OpenedFile>),
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
            FilesAction::Progress(id, progress, partial) => {
                if let Some(slot) = next.slots.iter_mut().find(|s| s.id == id) {
                    let partial = match (partial, &slot.state) {
                        (Some(partial), _) => Some(partial),
                        (None, FileState::Indexing(_, last)) => last.clone(),
                        (None, _) => None,
                    };
                    slot.state = FileState::Indexing(progress, partial);
                }
            }
            FilesAction::Select(id) => next.selected = Some(id),
            FilesAction::Combine(ids, shown) => {
                next.slots.retain(|slot| {
                    !ids.contains(&slot.id) || shown.iter().any(|f| f.id == slot.id)
                });
                for file in shown {
                    if let Some(slot) = next.slots.iter_mut().find(|s| s.id == file.id) {
                        slot.name.clone_from(&file.name);
                        slot.state = FileState::Opened(file);
                    }
                }
                // Show a recording rather than the settings file that labels it.
                let recording = next.slots.iter().find(|s| {
                    ids.contains(&s.id)
                        && matches!(&s.state, FileState::Opened(f) if !f.index.frames.is_empty())
                });
                let selected_gone = !next.slots.iter().any(|s| Some(s.id) == next.selected);
                let selected_empty = next.slots.iter().any(|s| {
                    Some(s.id) == next.selected
                        && matches!(&s.state, FileState::Opened(f) if f.index.frames.is_empty())
                });
                if selected_gone || selected_empty {
                    next.selected = recording.or(next.slots.first()).map(|s| s.id);
                }
            }
        }
        Rc::new(next)
    }
}

/// Problems found after indexing, by opened file id (see `panels::report_problem`).
#[derive(Default, PartialEq)]
struct LaterProblems(HashMap<u32, Rc<Vec<Problem>>>);

impl Reducible for LaterProblems {
    type Action = (u32, Problem);
    fn reduce(self: Rc<Self>, (id, problem): Self::Action) -> Rc<Self> {
        if self.0.get(&id).is_some_and(|list| list.contains(&problem)) {
            return self;
        }
        let mut next = self.0.clone();
        Rc::make_mut(next.entry(id).or_default()).push(problem);
        Rc::new(LaterProblems(next))
    }
}

/// Indexes `queued` one after another, reporting each step to `files`.
async fn index_files(
    queued: Vec<(u32, String, Blob)>,
    cancel: CancelFlag,
    files: UseReducerDispatcher<Files>,
) {
    let mut opened = Vec::new();
    for (id, name, blob) in queued {
        let progress = |p: Progress, partial: Option<Rc<Index>>| {
            // Without a newer partial index, keep showing the last one.
            let partial =
                partial.map(|index| OpenedFile::single(id, name.clone(), blob.clone(), index));
            files.dispatch(FilesAction::Progress(id, p, partial))
        };
        let state = match index_blob(&blob, &cancel, progress).await {
            Ok(index) => FileState::Opened(OpenedFile::single(id, name, blob, Rc::new(index))),
            Err(error) => FileState::Failed(error.to_string()),
        };
        if let FileState::Opened(file) = &state {
            opened.push(file.clone());
        }
        files.dispatch(FilesAction::Update(id, state));
    }
    // Files opened together may belong together (site::combine).
    if opened.len() > 1 {
        let ids: Vec<u32> = opened.iter().map(|f| f.id).collect();
        files.dispatch(FilesAction::Combine(ids, crate::site::combine(opened)));
    }
}

const SAMPLE_NAME: &str = "sample.par";

fn blob_of(bytes: &[u8]) -> Result<Blob, String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence(&parts).map_err(|e| format!("{e:?}"))
}

/// The `src` parameter of the page's address, if any.
fn source_parameter() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("src")
        .filter(|s| !s.is_empty())
}

/// Fetches `path` (same origin only: the page's CSP allows nothing else).
async fn fetch_blob(path: &str) -> Result<Blob, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let error = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(error)?
        .dyn_into()
        .map_err(error)?;
    if !response.ok() {
        return Err(format!(
            "HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    JsFuture::from(response.blob().map_err(error)?)
        .await
        .map_err(error)?
        .dyn_into()
        .map_err(error)
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
    let later = use_reducer(LaterProblems::default);
    {
        let later = later.dispatcher();
        use_effect_with((), move |_| {
            crate::panels::set_problem_reporter(Callback::from(move |found| later.dispatch(found)));
        });
    }
    let open_error = use_state(|| None::<String>);

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
        let open_error = open_error.clone();
        Callback::from(move |_: MouseEvent| {
            match crate::sample::build_sample().and_then(|bytes| blob_of(&bytes)) {
                Ok(blob) => open(vec![(SAMPLE_NAME.to_string(), blob)]),
                Err(message) => {
                    open_error.set(Some(format!("The sample could not be made: {message}")))
                }
            }
        })
    };
    // ?src=PATH opens a file from the same origin as the page.
    {
        let open = open.clone();
        let open_error = open_error.clone();
        use_effect_with((), move |_| {
            if let Some(path) = source_parameter() {
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch_blob(&path).await {
                        Ok(blob) => {
                            let name = path.rsplit('/').next().unwrap_or(&path).to_string();
                            open(vec![(name, blob)]);
                        }
                        Err(message) => {
                            open_error.set(Some(format!("{path} could not be loaded: {message}")))
                        }
                    }
                });
            }
        });
    }
    let on_cancel = {
        let cancel = cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.borrow().cancel())
    };

    let selected = files.slots.iter().find(|s| Some(s.id) == files.selected);
    let (progress, viewed, complete) = match selected.map(|s| &s.state) {
        Some(FileState::Indexing(progress, partial)) => {
            (Some(progress.clone()), partial.clone(), false)
        }
        Some(FileState::Opened(file)) => (None, Some(file.clone()), true),
        _ => (None, None, false),
    };
    // The same structure while indexing and after, so the player stays put
    // (and keeps playing) when the complete index replaces the partial one.
    let body = html! {
        <>
            if selected.is_none() {
                <div class="welcome">
                    <p class="big">{ "Drop NetVu files here" }</p>
                    <p class="muted">{ "AD binary, AD MIME, AD raw, DM PIC and PAR recordings. Files never leave this computer: they are read and decoded in this page." }</p>
                </div>
            }
            if matches!(selected.map(|s| &s.state), Some(FileState::Waiting)) {
                <p class="muted">{ "Waiting…" }</p>
            }
            if let Some(FileState::Failed(message)) = selected.map(|s| &s.state) {
                <p class="error" role="alert">{ format!("Not opened: {message}") }</p>
            }
            if let Some(progress) = progress {
                <ProgressBar progress={progress} on_cancel={on_cancel.clone()} />
            }
            if let Some(file) = viewed {
                <div class="main-grid">
                    <Player file={file.clone()} />
                    <div class="side">
                        if complete {
                            <Summary file={file.clone()} />
                            <ProblemsPanel file={file.clone()} later={later.0.get(&file.id).cloned().unwrap_or_default()} />
                        }
                    </div>
                </div>
                if complete {
                    <SettingsPanel file={file.clone()} />
                }
            }
        </>
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
                        let busy = matches!(slot.state, FileState::Waiting | FileState::Indexing(..));
                        html! {
                            <button class={classes!("tab", (Some(slot.id) == files.selected).then_some("active"))} onclick={select}>
                                { &slot.name }{ if busy { " …" } else { "" } }
                            </button>
                        }
                    }) }
                </nav>
            }
            if let Some(message) = open_error.as_ref() {
                <p class="error" role="alert">{ message }</p>
            }
            <main>{ body }</main>
            <div class="drop-hint" aria-hidden="true">{ "Drop to open" }</div>
        </div>
    }
}
