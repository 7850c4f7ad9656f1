//! Opening files in a viewer: chosen, dropped, the built-in sample, or
//! fetched from the page's origin; each indexed in turn by the viewer's
//! indexing worker, with progress, and cancelled on request.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use web_sys::{Blob, FileList};
use yew::prelude::*;

use super::ViewerFiles;
use crate::core::embed::protocol::{ErrorCode, Message};
use crate::core::embed::{check_link, EmbedOptions, SAMPLE_SOURCE};
use crate::core::files::FilesAction;
use crate::core::opened::{FileId, OpenedFile};
use crate::core::site::combine;
use crate::platform::blob::{blob_of, fetch_blob};
use crate::platform::indexing::{CancelFlag, Indexed};
use crate::ui::context::{Remote, Services};

/// A file to open: its name and its bytes.
pub type NamedBlob = (String, Blob);

const SAMPLE_NAME: &str = "sample.par";

/// The files of a file input or a drop.
pub fn file_list(list: Option<FileList>) -> Vec<NamedBlob> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|at| list.get(at))
        .map(|file| (file.name(), Blob::from(file)))
        .collect()
}

/// What the viewer's controls call to open and cancel.
pub struct Opener {
    pub open: Callback<Vec<NamedBlob>>,
    pub open_sample: Callback<MouseEvent>,
    /// The Cancel button: stops every file still indexing or waiting.
    pub cancel_all: Callback<MouseEvent>,
    /// A file closed: stops its indexing if it is still going.
    pub cancel_file: Callback<FileId>,
    /// Why the sample or the `src` file could not be opened.
    pub error: UseStateHandle<Option<String>>,
}

/// The cancel flag of each file not indexed yet.
type Indexing = Rc<RefCell<HashMap<FileId, CancelFlag>>>;

#[hook]
pub fn use_opener(
    files: &UseReducerHandle<ViewerFiles>,
    services: &Services,
    remote: &Remote,
    options: &EmbedOptions,
) -> Opener {
    let indexing: Indexing = use_mut_ref(HashMap::new);
    let link = use_mut_ref(|| options.sha256.clone());
    let error = use_state(|| None::<String>);
    let opening = Opening {
        services: services.clone(),
        files: files.dispatcher(),
        indexing: indexing.clone(),
        remote: remote.clone(),
        link,
    };
    let open = use_open(opening);
    use_source(options.source.clone(), open.clone(), error.clone());
    let open_sample = {
        let open = open.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            match crate::sample::card::build_sample().and_then(|bytes| blob_of(&bytes)) {
                Ok(blob) => open.emit(vec![(SAMPLE_NAME.to_string(), blob)]),
                Err(message) => error.set(Some(format!("The sample could not be made: {message}"))),
            }
        })
    };
    let cancel_all = {
        let indexing = indexing.clone();
        Callback::from(move |_: MouseEvent| {
            let flags: Vec<CancelFlag> = indexing.borrow().values().cloned().collect();
            flags.iter().for_each(CancelFlag::cancel);
        })
    };
    let cancel_file = Callback::from(move |id: FileId| {
        let flag = indexing.borrow().get(&id).cloned();
        if let Some(flag) = flag {
            flag.cancel();
        }
    });
    Opener {
        open,
        open_sample,
        cancel_all,
        cancel_file,
        error,
    }
}

/// What opening files needs: the viewer's services and file list, the
/// files still indexing, the page driving the viewer, and a deep link's
/// SHA-256 that the next file opened must have.
#[derive(Clone)]
struct Opening {
    services: Services,
    files: UseReducerDispatcher<ViewerFiles>,
    indexing: Indexing,
    remote: Remote,
    link: Rc<RefCell<Option<String>>>,
}

/// What opens files: each gets the next id and a cancel flag, joins the
/// file list, and is indexed in turn.
#[hook]
fn use_open(opening: Opening) -> Callback<Vec<NamedBlob>> {
    let next_id = use_mut_ref(|| 0u32);
    Callback::from(move |chosen: Vec<NamedBlob>| {
        if chosen.is_empty() {
            return;
        }
        let queued: Vec<Queued> = chosen
            .into_iter()
            .map(|(name, blob)| {
                let mut id = next_id.borrow_mut();
                *id += 1;
                Queued {
                    id: FileId(*id),
                    name,
                    blob,
                    cancel: CancelFlag::default(),
                }
            })
            .collect();
        let mut flags = opening.indexing.borrow_mut();
        for file in &queued {
            flags.insert(file.id, file.cancel.clone());
        }
        opening.files.dispatch(FilesAction::Queue(
            queued.iter().map(|f| (f.id, f.name.clone())).collect(),
        ));
        wasm_bindgen_futures::spawn_local(index_files(queued, opening.clone()));
    })
}

/// A file waiting to be indexed.
struct Queued {
    id: FileId,
    name: String,
    blob: Blob,
    cancel: CancelFlag,
}

/// Opens `source` (a path of the page's origin, or the sample) when it is
/// given or changes, or says why it could not.
#[hook]
fn use_source(
    source: Option<String>,
    open: Callback<Vec<NamedBlob>>,
    error: UseStateHandle<Option<String>>,
) {
    use_effect_with(source, move |source| {
        if let Some(path) = source.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let fetched = if path == SAMPLE_SOURCE {
                    crate::sample::card::build_sample().and_then(|bytes| blob_of(&bytes))
                } else {
                    fetch_blob(&path).await
                };
                match fetched {
                    Ok(blob) => {
                        let name = match path.as_str() {
                            SAMPLE_SOURCE => SAMPLE_NAME.to_string(),
                            _ => path.rsplit('/').next().unwrap_or(&path).to_string(),
                        };
                        open.emit(vec![(name, blob)]);
                    }
                    Err(message) => {
                        error.set(Some(format!("{path} could not be loaded: {message}")))
                    }
                }
            });
        }
    });
}

/// Indexes `queued` one after another, reporting each step to the file
/// list; files opened together may then be combined (`core::site`).
async fn index_files(queued: Vec<Queued>, opening: Opening) {
    let mut opened = Vec::new();
    for file in queued {
        let id = file.id;
        match index_file(&file, &opening).await {
            Ok(shown) => {
                opened.push(shown.clone());
                opening.files.dispatch(FilesAction::Opened(shown));
            }
            Err((code, error)) => {
                opening.remote.events.emit(Message::Error {
                    code,
                    message: format!("{}: {error}", file.name),
                });
                opening.files.dispatch(FilesAction::Failed(id, error));
            }
        }
        opening.indexing.borrow_mut().remove(&id);
    }
    if opened.len() > 1 {
        let ids: Vec<FileId> = opened.iter().map(|f| f.id).collect();
        opening
            .files
            .dispatch(FilesAction::Combine(ids, combine(opened)));
    }
}

/// Indexes one file: hashed if a deep link names the file it must be (then
/// shown only once its hash matches) or the page wants hashes; the page is
/// told it was opened and indexed.
async fn index_file(
    file: &Queued,
    opening: &Opening,
) -> Result<OpenedFile<Blob>, (ErrorCode, String)> {
    let expected = opening.link.borrow_mut().take();
    let hash = expected.is_some() || opening.remote.wants_hashes.get();
    let progress = |progress, partial: Option<Rc<netvu::Index>>| {
        // Without a newer partial index, the last one stays; a file to
        // verify shows nothing before its hash is known.
        let partial = partial
            .filter(|_| expected.is_none())
            .map(|index| OpenedFile::single(file.id, file.name.clone(), file.blob.clone(), index));
        opening
            .files
            .dispatch(FilesAction::Progress(file.id, progress, partial));
    };
    let Indexed { index, sha256 } = opening
        .services
        .indexing
        .index(&file.blob, hash, &file.cancel, progress)
        .await
        .map_err(|e| (ErrorCode::Unreadable, e.to_string()))?;
    let events = &opening.remote.events;
    if let Some(sha256) = &sha256 {
        events.emit(Message::Opened {
            name: file.name.clone(),
            size: file.blob.size() as u64,
            sha256: sha256.clone(),
        });
    }
    if let Some(expected) = expected {
        check_link(&expected, sha256.as_deref().unwrap_or_default(), &file.name)
            .map_err(|why| (ErrorCode::HashMismatch, why))?;
    }
    events.emit(Message::Indexed {
        frames: index.frame_count() as u64,
        cameras: index.cameras.iter().map(|c| c.camera).collect(),
    });
    Ok(OpenedFile::single(
        file.id,
        file.name.clone(),
        file.blob.clone(),
        Rc::new(index),
    )
    .hashed(sha256))
}
