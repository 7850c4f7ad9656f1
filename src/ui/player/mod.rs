//! The player: one camera (or every camera in turn) in a single view, or a
//! 2×2 to 4×4 grid of cameras, played at the recorded pace times a speed
//! from 1/8× to 16×, with a timeline to seek on, switchable overlays, the
//! current frame's details and keyboard shortcuts (`?` lists them). At 1×
//! the recording's sound plays too (`sound.rs`). What it does lives in
//! `core::playback`; this only shows it and wires the controls.

mod controls;
mod details;
mod keys;
mod mask;
mod screen;
mod sound;
mod tile;
mod timeline;

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::core::embed::protocol::Message;
use crate::core::embed::Start;
use crate::core::playback::{Playback, PlaybackAction, SHORTCUTS};
use crate::core::track::Track;
use crate::platform::frames::OpenedFile;
use crate::platform::js::now_ms;
use crate::ui::context::use_remote;
use controls::{Transport, ViewOptions};
use details::DetailsPanel;
use screen::Screen;
use tile::Overlays;
use timeline::Timeline;

/// How often playback looks at the clock.
const TICK_MS: u32 = 15;

/// The playback state as the player's reducer holds it.
#[derive(PartialEq)]
pub struct PlayerState(pub Playback);

impl Reducible for PlayerState {
    type Action = PlaybackAction;
    fn reduce(self: Rc<Self>, action: PlaybackAction) -> Rc<Self> {
        match self.0.after(action, now_ms()) {
            Some(next) => Rc::new(PlayerState(next)),
            None => self,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub file: OpenedFile,
    /// Where to start (layout, camera, time) when the file is first shown.
    #[prop_or_default]
    pub start: Start,
    /// The frame details panel beside the player (not in a minimal embed).
    #[prop_or(true)]
    pub details: bool,
    /// The timeline and the controls under the pictures.
    #[prop_or(true)]
    pub controls: bool,
}

/// The track of `file`, and the playback state following it: the same file
/// with more frames keeps its place, another starts afresh at `start`.
#[hook]
fn use_playback(file: &OpenedFile, start: &Start) -> (Rc<Track>, UseReducerHandle<PlayerState>) {
    let track: Rc<Track> = {
        let index = file.index.clone();
        (*use_memo(file.clone(), move |_| Rc::new(Track::new(&index)))).clone()
    };
    let state = use_reducer({
        let track = track.clone();
        let start = start.clone();
        move || PlayerState(Playback::starting(track, &start))
    });
    {
        let dispatcher = state.dispatcher();
        let shown_id = use_mut_ref(|| file.id);
        let start = start.clone();
        use_effect_with((file.id, track.clone()), move |(id, track)| {
            let same = std::mem::replace(&mut *shown_id.borrow_mut(), *id) == *id;
            dispatcher.dispatch(if same {
                PlaybackAction::Resize(track.clone())
            } else {
                PlaybackAction::Reset(track.clone(), start)
            });
        });
    }
    // Playing: look at the clock often; the state works out the frame due.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.0.playing, move |&playing| {
            let timer = playing
                .then(|| Interval::new(TICK_MS, move || dispatcher.dispatch(PlaybackAction::Tick)));
            move || drop(timer)
        });
    }
    (track, state)
}

/// Lets the viewer's remote drive this player, and tells it of each
/// picture shown.
#[hook]
fn use_remote_player(file: &OpenedFile, state: &UseReducerHandle<PlayerState>) {
    let remote = use_remote();
    {
        let remote = remote.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            *remote.player.borrow_mut() = Some(dispatcher);
            move || *remote.player.borrow_mut() = None
        });
    }
    let shown = state.0.shown_frame();
    let frames = file.index.clone();
    use_effect_with(shown, move |&shown| {
        if let Some(entry) = shown.and_then(|at| frames.frames.get(at)) {
            remote.events.emit(Message::Frame {
                camera: entry.stream,
                index: shown.unwrap_or_default() as u64,
                time: entry.timestamp_ms(),
            });
        }
    });
}

#[function_component(Player)]
pub fn player(props: &PlayerProps) -> Html {
    let (track, state) = use_playback(&props.file, &props.start);
    use_remote_player(&props.file, &state);
    let overlays = use_state(Overlays::default);
    let sound = sound::use_sound(&props.file, &track, &state.0);
    let root = use_node_ref();
    keys::use_shortcuts(&root, state.dispatcher(), sound.unlock_on_play.clone());
    let playback = &state.0;
    let act = |action: PlaybackAction| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action.clone()))
    };
    let on_seek = {
        let dispatcher = state.dispatcher();
        Callback::from(move |position| dispatcher.dispatch(PlaybackAction::Seek(position)))
    };
    html! {
        <div class="player-column" ref={root}>
        <section class="player panel">
            <Screen file={props.file.clone()} playback={playback.clone()} overlays={*overlays}
                dispatcher={state.dispatcher()} />
            if playback.help {
                <div class="help" data-testid="shortcuts" onclick={act(PlaybackAction::Help(Some(false)))}>
                    <h2>{ "Keyboard shortcuts" }</h2>
                    <table>
                        { for SHORTCUTS.iter().map(|(key, what)| html! { <tr><th><kbd>{ *key }</kbd></th><td>{ *what }</td></tr> }) }
                    </table>
                </div>
            }
            if props.controls {
                <Timeline file={props.file.clone()} track={track.clone()} position={playback.position} on_seek={on_seek} />
                <Transport playback={playback.clone()} dispatcher={state.dispatcher()} sound={sound.controls.clone()}
                    before_play={sound.unlock_on_play.clone()} />
                <ViewOptions playback={playback.clone()} dispatcher={state.dispatcher()} overlays={overlays.clone()} />
            }
        </section>
        if let Some(at) = playback.shown_frame().filter(|_| props.details) {
            <DetailsPanel file={props.file.clone()} at={at} />
        }
        </div>
    }
}
