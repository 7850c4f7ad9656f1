//! Opening files in a viewer: chosen, dropped, the built-in sample, or
//! fetched from the page's origin; each indexed in turn by the viewer's
//! indexing worker, with progress, and cancelled on request.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use web_sys::{Blob, FileList};
use yew::prelude::*;

use super::ViewerFiles;
use crate::core::files::FilesAction;
use crate::core::opened::{FileId, OpenedFile};
use crate::core::site::combine;
use crate::platform::blob::{blob_of, fetch_blob};
use crate::platform::indexing::CancelFlag;
use crate::ui::context::Services;

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
    source: Option<String>,
) -> Opener {
    let indexing: Indexing = use_mut_ref(HashMap::new);
    let error = use_state(|| None::<String>);
    let open = use_open(files.dispatcher(), services.clone(), indexing.clone());
    use_source(source, open.clone(), error.clone());
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

/// What opens files: each gets the next id and a cancel flag, joins the
/// file list, and is indexed in turn.
#[hook]
fn use_open(
    files: UseReducerDispatcher<ViewerFiles>,
    services: Services,
    indexing: Indexing,
) -> Callback<Vec<NamedBlob>> {
    let next_id = use_mut_ref(|| 0u32);
    Callback::from(move |chosen: Vec<NamedBlob>| {
        if chosen.is_empty() {
            return;
        }
        let queued: Vec<(FileId, String, Blob, CancelFlag)> = chosen
            .into_iter()
            .map(|(name, blob)| {
                let mut id = next_id.borrow_mut();
                *id += 1;
                (FileId(*id), name, blob, CancelFlag::default())
            })
            .collect();
        let mut flags = indexing.borrow_mut();
        for (id, _, _, flag) in &queued {
            flags.insert(*id, flag.clone());
        }
        files.dispatch(FilesAction::Queue(
            queued
                .iter()
                .map(|(id, name, ..)| (*id, name.clone()))
                .collect(),
        ));
        wasm_bindgen_futures::spawn_local(index_files(
            queued,
            services.clone(),
            files.clone(),
            indexing.clone(),
        ));
    })
}

/// Opens `source` (a path of the page's origin) once, or says why it could not.
#[hook]
fn use_source(
    source: Option<String>,
    open: Callback<Vec<NamedBlob>>,
    error: UseStateHandle<Option<String>>,
) {
    use_effect_with(source, move |source| {
        if let Some(path) = source.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                match fetch_blob(&path).await {
                    Ok(blob) => {
                        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
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

/// Indexes `queued` one after another, reporting each step to `files`;
/// files opened together may then be combined (`core::site`).
async fn index_files(
    queued: Vec<(FileId, String, Blob, CancelFlag)>,
    services: Services,
    files: UseReducerDispatcher<ViewerFiles>,
    indexing: Indexing,
) {
    let mut opened = Vec::new();
    for (id, name, blob, cancel) in queued {
        let progress = |p, partial: Option<Rc<netvu::Index>>| {
            // Without a newer partial index, keep showing the last one.
            let partial =
                partial.map(|index| OpenedFile::single(id, name.clone(), blob.clone(), index));
            files.dispatch(FilesAction::Progress(id, p, partial));
        };
        let indexed = services.indexing.index(&blob, &cancel, progress).await;
        indexing.borrow_mut().remove(&id);
        match indexed {
            Ok(index) => {
                let file = OpenedFile::single(id, name, blob, Rc::new(index));
                opened.push(file.clone());
                files.dispatch(FilesAction::Opened(file));
            }
            Err(error) => files.dispatch(FilesAction::Failed(id, error.to_string())),
        }
    }
    if opened.len() > 1 {
        let ids: Vec<FileId> = opened.iter().map(|f| f.id).collect();
        files.dispatch(FilesAction::Combine(ids, combine(opened)));
    }
}
