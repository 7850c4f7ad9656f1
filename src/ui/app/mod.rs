//! One viewer: its files (opened with the button, a drop anywhere on it, the
//! sample, or a `src` address), indexed with progress in its own worker,
//! shown as tabs, the selected one in the player with its panels and
//! settings. Everything it owns (files, workers, decoders, problems) lives
//! here, so several viewers on one page go their own ways.

mod messages;
mod open;
mod progress;
mod tabs;

use std::rc::Rc;

use netvu::problem::Problem;
use web_sys::{Blob, DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::core::embed::protocol::Message;
use crate::core::embed::{EmbedOptions, Start};
use crate::core::files::{FileState, Files, FilesAction};
use crate::core::opened::FileId;
use crate::core::problems::LaterProblems;
use crate::platform::services::ViewerServices;
use crate::ui::context::{Remote, Services};
use crate::ui::element::RemoteOutlet;
use crate::ui::panels::{ProblemsPanel, Summary};
use crate::ui::player::Player;
use crate::ui::settings::SettingsPanel;
use messages::{use_message_api, Client};
use open::{file_list, use_opener, NamedBlob, Opener};
use progress::ProgressBar;
use tabs::FileTabs;

/// The first file a viewer opens: where the page's start and deep link apply.
const FIRST_FILE: FileId = FileId(1);

/// The files of one viewer, as its reducer holds them.
#[derive(Default, PartialEq)]
pub struct ViewerFiles(pub Files<Blob>);

impl Reducible for ViewerFiles {
    type Action = FilesAction<Blob>;
    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        Rc::new(ViewerFiles(self.0.after(action)))
    }
}

#[derive(Default, PartialEq)]
struct ViewerProblems(LaterProblems);

enum ProblemsAction {
    Found(FileId, Problem),
    Closed(FileId),
}

impl Reducible for ViewerProblems {
    type Action = ProblemsAction;
    fn reduce(self: Rc<Self>, action: ProblemsAction) -> Rc<Self> {
        match action {
            ProblemsAction::Found(file, problem) => match self.0.with(file, problem) {
                Some(next) => Rc::new(ViewerProblems(next)),
                None => self,
            },
            ProblemsAction::Closed(file) => Rc::new(ViewerProblems(self.0.without(file))),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ViewerProps {
    /// What the page asks of the viewer: its address's options, or its
    /// element's attributes (`core::embed`).
    #[prop_or_default]
    pub options: EmbedOptions,
    /// Also told of the viewer's events (a `<netvu-viewer>` element turns
    /// them into DOM events); an embedding page that pinged is told anyway.
    #[prop_or_default]
    pub events: Option<Callback<Message>>,
    /// Where the viewer puts its remote for whoever mounted it (an element,
    /// which drives it by attributes: such a viewer takes no messages).
    #[prop_or_default]
    pub outlet: Option<RemoteOutlet>,
}

/// The viewer's services, started once with it (and ended with it).
#[hook]
fn use_viewer_services(
    problems: UseReducerDispatcher<ViewerProblems>,
    indexer_ready: UseStateSetter<bool>,
) -> Services {
    let services = use_state(move || {
        let report =
            Rc::new(move |file, problem| problems.dispatch(ProblemsAction::Found(file, problem)));
        Services(Rc::new(ViewerServices::new(report, move || {
            indexer_ready.set(true)
        })))
    });
    (*services).clone()
}

/// The viewer's remote: its events go to the embedding page that pinged
/// (`client`) and to `events`.
#[hook]
fn use_viewer_remote(events: Option<Callback<Message>>) -> (Remote, Client) {
    let client = use_state(Client::default);
    let remote = {
        let client = (*client).clone();
        use_state(move || Remote {
            events: Callback::from(move |message: Message| {
                if let Some(events) = &events {
                    events.emit(message.clone());
                }
                client.tell(message);
            }),
            ..Remote::default()
        })
    };
    ((*remote).clone(), (*client).clone())
}

#[function_component(Viewer)]
pub fn viewer(props: &ViewerProps) -> Html {
    let files = use_reducer(ViewerFiles::default);
    let problems = use_reducer(ViewerProblems::default);
    let indexer_ready = use_state(|| false);
    let services = use_viewer_services(problems.dispatcher(), indexer_ready.setter());
    let (remote, client) = use_viewer_remote(props.events.clone());
    {
        let outlet = props.outlet.clone();
        let remote = remote.clone();
        use_effect_with((), move |_| {
            if let Some(outlet) = outlet {
                *outlet.0.borrow_mut() = Some(remote);
            }
        });
    }
    let opener = use_opener(&files, &services, &remote, &props.options);
    use_message_api(
        props.outlet.is_none(),
        &props.options,
        &remote,
        &client,
        &opener.open,
    );
    let drop_zone = use_drop_zone(opener.open.clone());
    let on_close = {
        let files = files.dispatcher();
        let problems = problems.dispatcher();
        let services = services.clone();
        let cancel = opener.cancel_file.clone();
        Callback::from(move |id: FileId| {
            cancel.emit(id);
            services.close_file(id);
            problems.dispatch(ProblemsAction::Closed(id));
            files.dispatch(FilesAction::Close(id));
        })
    };
    // A minimal embed shows one file: a new one (a changed `src`, a drop)
    // closes those before it, their decoders with them.
    {
        let on_close = on_close.clone();
        let older: Vec<FileId> = match files.0.slots.split_last() {
            Some((_, older)) if props.options.embed => older.iter().map(|s| s.id).collect(),
            _ => Vec::new(),
        };
        use_effect_with(older, move |older| {
            older.iter().for_each(|&id| on_close.emit(id))
        });
    }
    let on_select = {
        let files = files.dispatcher();
        Callback::from(move |id: FileId| files.dispatch(FilesAction::Select(id)))
    };
    let options = &props.options;
    html! {
        <ContextProvider<Services> context={services}>
        <ContextProvider<Remote> context={remote}>
            <div class={classes!("app", drop_zone.dragging.then_some("dragging"), options.embed.then_some("embedded"))}
                data-viewer-root="" data-indexer={indexer_ready.then_some("ready")} tabindex="-1"
                ondragenter={drop_zone.over.clone()} ondragover={drop_zone.over} ondragleave={drop_zone.leave} ondrop={drop_zone.drop}>
                if !options.embed {
                    { top_bar(&opener) }
                    <FileTabs files={files.clone()} on_select={on_select} on_close={on_close} />
                }
                if let Some(message) = opener.error.as_ref() {
                    <p class="error" role="alert">{ message }</p>
                }
                { for options.problems.iter().map(|p| html! { <p class="error" role="alert">{ format!("Not understood: {p}") }</p> }) }
                <main>{ shown_file(&files.0, &problems.0, &opener.cancel_all, options) }</main>
                <div class="drop-hint" aria-hidden="true">{ "Drop to open" }</div>
            </div>
        </ContextProvider<Remote>>
        </ContextProvider<Services>>
    }
}

/// The title, "Open sample" and "Open files".
fn top_bar(opener: &Opener) -> Html {
    let open = opener.open.clone();
    let on_choose = Callback::from(move |event: Event| {
        if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
            open.emit(file_list(input.files()));
            // Choosing the same file again should open it again.
            input.set_value("");
        }
    });
    html! {
        <header class="topbar">
            <h1>{ "NetVu viewer" }</h1>
            <button onclick={opener.open_sample.clone()} data-testid="open-sample">{ "Open sample" }</button>
            <label class="button primary">
                { "Open files" }
                <input type="file" multiple=true onchange={on_choose} data-testid="file-input" />
            </label>
        </header>
    }
}

/// The viewer as a drop target: files dropped anywhere on it open.
struct DropZone {
    /// Files are dragged over it.
    dragging: bool,
    over: Callback<DragEvent>,
    leave: Callback<DragEvent>,
    drop: Callback<DragEvent>,
}

#[hook]
fn use_drop_zone(open: Callback<Vec<NamedBlob>>) -> DropZone {
    let dragging = use_state(|| false);
    let over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Without this the browser would open the file itself.
            event.prevent_default();
            dragging.set(true);
        })
    };
    let leave = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Leaving for a child element is not leaving the viewer.
            if event.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let drop = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            open.emit(file_list(event.data_transfer().and_then(|d| d.files())));
        })
    };
    DropZone {
        dragging: *dragging,
        over,
        leave,
        drop,
    }
}

/// The selected file: its progress while indexing, the player (already
/// while indexing, with what is indexed so far), its panels once indexed
/// (the player alone in a minimal embed). The first file opened starts
/// where the page asked.
fn shown_file(
    files: &Files<Blob>,
    problems: &LaterProblems,
    on_cancel: &Callback<MouseEvent>,
    options: &EmbedOptions,
) -> Html {
    let selected = files.selected_slot();
    let Some(slot) = selected else {
        return html! {
            <div class="welcome">
                <p class="big">{ "Drop NetVu files here" }</p>
                <p class="muted">{ "AD binary, AD MIME, AD raw, DM PIC and PAR recordings. Files never leave this computer: they are read and decoded in this page." }</p>
            </div>
        };
    };
    let complete = matches!(slot.state, FileState::Opened(_));
    let panels = complete && !options.embed;
    let start = if slot.id == FIRST_FILE {
        options.start.clone()
    } else {
        Start::default()
    };
    // The same structure while indexing and after, so the player stays put
    // (and keeps playing) when the complete index replaces the partial one.
    html! {
        <>
            if matches!(slot.state, FileState::Waiting) {
                <p class="muted">{ "Waiting…" }</p>
            }
            if let FileState::Failed(message) = &slot.state {
                <p class="error" role="alert">{ format!("Not opened: {message}") }</p>
            }
            if let FileState::Indexing(progress, _) = &slot.state {
                <ProgressBar progress={progress.clone()} on_cancel={on_cancel.clone()} />
            }
            if let Some(file) = slot.viewed() {
                <div class="main-grid">
                    if let Some(kind) = file.index.not_netvu {
                        <p class="notice" data-testid="not-netvu">{ format!("{} is {}.", file.name, kind.sentence()) }</p>
                    } else {
                        <Player file={file.clone()} start={start} details={!options.embed} controls={options.controls} />
                    }
                    <div class="side">
                        if panels {
                            <Summary file={file.clone()} />
                            <ProblemsPanel file={file.clone()} later={problems.of(file.id)} />
                        }
                    </div>
                </div>
                if panels {
                    <SettingsPanel file={file.clone()} />
                }
            }
        </>
    }
}
