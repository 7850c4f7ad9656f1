//! The player: one camera (or every camera in turn) in a single view, or a
//! 2×2 to 4×4 grid of cameras, played at the recorded pace times a speed
//! from 1/8× to 16×, with a timeline to seek on, switchable overlays, the
//! current frame's details and keyboard shortcuts (`?` lists them). At 1×
//! the recording's sound plays too (`src/audio.rs`).

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::app::OpenedFile;
use crate::audio::{AudioOutput, SharedOutput};
use crate::audio_plan::AudioTrack;
use crate::details::DetailsPanel;
use crate::tile::{Overlays, Tile};
use crate::timeline::{Timeline, Track};

/// A gap in a recording longer than this is not waited out in full.
const MAX_WAIT_MS: f64 = 2_000.0;
const SPEEDS: [(f64, &str); 8] = [
    (0.125, "1/8×"),
    (0.25, "1/4×"),
    (0.5, "1/2×"),
    (1.0, "1×"),
    (2.0, "2×"),
    (4.0, "4×"),
    (8.0, "8×"),
    (16.0, "16×"),
];
const NORMAL_SPEED: usize = 3;
/// How often playback looks at the clock.
const TICK_MS: u32 = 15;

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The play time at wall time `now` of a clock set to play time `start` at
/// wall time `wall`, running `rate` times the recorded pace.
pub fn play_time((wall, start): (f64, i64), rate: f64, now: f64) -> i64 {
    start + ((now - wall) * rate) as i64
}

#[derive(Clone, Debug, PartialEq)]
struct View {
    track: Rc<Track>,
    /// Position in `track.shown`.
    position: usize,
    playing: bool,
    speed: usize,
    /// Tiles a side: 1 (single view) to 4.
    layout: usize,
    /// Single view: the camera shown, 0 = every camera in turn.
    camera: u16,
    /// Cameras chosen for the grid (empty = all).
    grid: Vec<u16>,
    help: bool,
    /// Playback clock: wall time and play time when it was last set.
    clock: (f64, i64),
    /// Wall time the current position was reached.
    reached: f64,
}

enum Action {
    Resize(Rc<Track>),
    /// Another file: start afresh.
    Reset(Rc<Track>),
    Step(isize),
    Seek(usize),
    /// Seek by play time, ± milliseconds from the current frame.
    Jump(i64),
    TogglePlay,
    Tick,
    Speed(isize),
    SetSpeed(usize),
    Layout(usize),
    Camera(u16),
    /// A grid tile clicked: that camera alone.
    Focus(u16),
    ToggleGridCamera(u16),
    Help(Option<bool>),
}

impl View {
    fn last(&self) -> usize {
        self.track.len().saturating_sub(1)
    }
    fn time(&self) -> i64 {
        self.track.times.get(self.position).copied().unwrap_or(0)
    }
    /// Steps go through one camera's frames in its single view, else through all.
    fn single_camera(&self) -> Option<u16> {
        (self.layout == 1 && self.camera != 0).then_some(self.camera)
    }
    fn restart_clock(&mut self) {
        let now = now_ms();
        self.clock = (now, self.time());
        self.reached = now;
    }
}

impl View {
    fn new(track: Rc<Track>) -> View {
        View {
            track,
            position: 0,
            playing: false,
            speed: NORMAL_SPEED,
            layout: 1,
            camera: 0,
            grid: Vec::new(),
            help: false,
            clock: (0.0, 0),
            reached: 0.0,
        }
    }
}

impl Reducible for View {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let before = self.position;
        match action {
            Action::Resize(track) => {
                next.track = track;
                next.position = self.position.min(next.last());
                next.playing = self.playing && next.track.len() > 1;
            }
            Action::Reset(track) => {
                return Rc::new(View::new(track));
            }
            Action::Step(delta) => {
                next.playing = false;
                next.position = match self.single_camera() {
                    Some(camera) => {
                        let positions = self.track.camera_positions(camera);
                        // The camera's frame on screen: its latest at or before
                        // the position, or its first (see `Track::camera_frame`).
                        let shown = positions
                            .partition_point(|&p| p as usize <= self.position)
                            .saturating_sub(1);
                        shown
                            .checked_add_signed(delta)
                            .and_then(|k| positions.get(k))
                            .map_or(self.position, |&p| p as usize)
                    }
                    None => self.position.saturating_add_signed(delta).min(self.last()),
                };
            }
            Action::Seek(position) => next.position = position.min(self.last()),
            Action::Jump(ms) => {
                let t = self.time().saturating_add(ms);
                next.position = if ms < 0 {
                    self.track.position_at(t)
                } else {
                    self.track.position_from(t)
                };
            }
            Action::TogglePlay => {
                next.playing = !self.playing && self.track.len() > 1;
                // Play at the end starts again from the beginning.
                if next.playing && self.position == self.last() {
                    next.position = 0;
                }
            }
            Action::Tick => {
                if !self.playing {
                    return self;
                }
                let now = now_ms();
                let t = play_time(self.clock, SPEEDS[self.speed].0, now);
                let mut position = self.track.position_at(t).max(self.position);
                if position == self.position
                    && now - self.reached > MAX_WAIT_MS
                    && position < self.last()
                {
                    // A long gap: go straight to the next frame.
                    position += 1;
                    next.position = position;
                    next.restart_clock();
                    return Rc::new(next);
                }
                next.position = position;
                if position >= self.last() {
                    next.playing = false;
                }
                if position != self.position {
                    next.reached = now;
                }
                return Rc::new(next);
            }
            Action::Speed(delta) => {
                next.speed = self
                    .speed
                    .saturating_add_signed(delta)
                    .min(SPEEDS.len() - 1);
            }
            Action::SetSpeed(speed) => next.speed = speed.min(SPEEDS.len() - 1),
            Action::Layout(layout) => next.layout = layout.clamp(1, 4),
            Action::Camera(camera) => {
                next.camera = camera;
                next.layout = 1;
            }
            Action::Focus(camera) => {
                next.camera = camera;
                next.layout = 1;
            }
            Action::ToggleGridCamera(camera) => {
                let all: Vec<u16> = self.track.cameras.iter().map(|(c, _)| *c).collect();
                let mut chosen = if self.grid.is_empty() {
                    all.clone()
                } else {
                    self.grid.clone()
                };
                match chosen.iter().position(|c| *c == camera) {
                    Some(at) => {
                        chosen.remove(at);
                    }
                    None => chosen.push(camera),
                }
                chosen.sort_unstable();
                next.grid = if chosen == all { Vec::new() } else { chosen };
            }
            Action::Help(show) => next.help = show.unwrap_or(!self.help),
        }
        // Seeking, a new speed or starting to play all set the clock afresh.
        if next.position != before || next.playing != self.playing || next.speed != self.speed {
            next.restart_clock();
        }
        Rc::new(next)
    }
}

/// What a key does, if anything.
fn key_action(key: &KeyboardEvent) -> Option<Action> {
    Some(match (key.key().as_str(), key.shift_key()) {
        ("ArrowLeft", false) => Action::Step(-1),
        ("ArrowRight", false) => Action::Step(1),
        ("ArrowLeft", true) => Action::Jump(-10_000),
        ("ArrowRight", true) => Action::Jump(10_000),
        (" ", _) => Action::TogglePlay,
        ("1", _) => Action::Layout(1),
        ("2", _) => Action::Layout(2),
        ("3", _) => Action::Layout(3),
        ("4", _) => Action::Layout(4),
        ("+" | "=", _) => Action::Speed(1),
        ("-" | "_", _) => Action::Speed(-1),
        ("?", _) => Action::Help(None),
        ("Escape", _) => Action::Help(Some(false)),
        _ => return None,
    })
}

const SHORTCUTS: [(&str, &str); 9] = [
    ("Space", "play / pause"),
    ("← / →", "previous / next frame"),
    ("Shift + ← / →", "10 seconds back / on"),
    ("1 2 3 4", "single view, 2×2, 3×3, 4×4"),
    ("+ / −", "faster / slower"),
    ("click a tile", "that camera alone"),
    ("click / drag the timeline", "seek"),
    ("click an event marker", "go to the event"),
    ("?", "show / hide these shortcuts"),
];

#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub file: OpenedFile,
}

#[function_component(Player)]
pub fn player(props: &PlayerProps) -> Html {
    let index = props.file.index.clone();
    let track: Rc<Track> = {
        let index = index.clone();
        (*use_memo(props.file.clone(), move |_| Rc::new(Track::new(&index)))).clone()
    };
    let view = use_reducer({
        let track = track.clone();
        move || View::new(track)
    });
    let overlays = use_state(Overlays::default);
    let audio_track: Rc<AudioTrack> = {
        let timestamped = track.timestamped;
        (*use_memo(props.file.clone(), move |file| {
            // Sound is placed by its timestamps: pictures without times give
            // it no clock to follow.
            Rc::new(if timestamped {
                AudioTrack::new(&file.index.frames)
            } else {
                AudioTrack::default()
            })
        }))
        .clone()
    };
    {
        let view = view.dispatcher();
        let file_id = use_mut_ref(|| props.file.id);
        use_effect_with((props.file.id, track.clone()), move |(id, track)| {
            // The same file with more frames keeps its place; another starts afresh.
            let same = *file_id.borrow() == *id;
            *file_id.borrow_mut() = *id;
            view.dispatch(if same {
                Action::Resize(track.clone())
            } else {
                Action::Reset(track.clone())
            });
        });
    }

    // Sound: on unless switched off, muted at speeds other than 1× (as the
    // recorder's own viewer does); the channel chosen, or the file's first.
    let audio_on = use_state(|| true);
    let audio_channel = use_state(|| 0u16);
    let channel = audio_track.channel_or_first(*audio_channel);
    let muted = view.speed != NORMAL_SPEED;
    let wants_sound = *audio_on && !audio_track.is_empty();
    let output: SharedOutput = use_mut_ref(AudioOutput::default);
    {
        let sounding = channel.filter(|_| wants_sound && !muted && view.playing);
        let output = output.clone();
        let audio_track = audio_track.clone();
        // Any change of these (pause, seek, speed, channel, file) stops what
        // is scheduled; playing on starts afresh from the clock.
        use_effect_with(
            (sounding, view.clock, props.file.clone()),
            move |(sounding, clock, file)| {
                if let Some(channel) = *sounding {
                    crate::audio::play(&output, file.clone(), audio_track, channel, *clock);
                }
                move || output.borrow_mut().stop()
            },
        );
    }
    {
        let output = output.clone();
        use_effect_with((), move |_| move || output.borrow_mut().close());
    }

    // Playback: look at the clock often; the reducer works out the frame due.
    {
        let dispatcher = view.dispatcher();
        use_effect_with(view.playing, move |&playing| {
            let timer =
                playing.then(|| Interval::new(TICK_MS, move || dispatcher.dispatch(Action::Tick)));
            move || drop(timer)
        });
    }

    // Keys work anywhere on the page unless a form control has the focus.
    {
        let dispatcher = view.dispatcher();
        let output = output.clone();
        use_effect_with(wants_sound, move |&wants_sound| {
            let listener = web_sys::window()
                .and_then(|w| w.document())
                .map(|document| {
                    // Not passive: space must not also scroll the page.
                    let options = EventListenerOptions::enable_prevent_default();
                    EventListener::new_with_options(&document, "keydown", options, move |event| {
                        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        // Typing in a text box or choosing in a list keeps its keys;
                        // a checkbox or button does not need them.
                        let in_control = key.target().as_ref().is_some_and(|t| {
                            t.dyn_ref::<HtmlInputElement>().is_some_and(|i| {
                                !matches!(i.type_().as_str(), "checkbox" | "radio" | "button")
                            }) || t.dyn_ref::<HtmlSelectElement>().is_some()
                        });
                        if in_control || key.ctrl_key() || key.meta_key() || key.alt_key() {
                            return;
                        }
                        if let Some(action) = key_action(key) {
                            key.prevent_default();
                            if wants_sound && matches!(action, Action::TogglePlay) {
                                output.borrow_mut().unlock();
                            }
                            dispatcher.dispatch(action);
                        }
                    })
                });
            move || drop(listener)
        });
    }

    let act = |action: fn() -> Action| {
        let dispatcher = view.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action()))
    };
    let on_seek = {
        let dispatcher = view.dispatcher();
        Callback::from(move |position: usize| dispatcher.dispatch(Action::Seek(position)))
    };
    let choose_camera = {
        let dispatcher = view.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                dispatcher.dispatch(Action::Camera(select.value().parse().unwrap_or(0)));
            }
        })
    };
    let choose_speed = {
        let dispatcher = view.dispatcher();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                dispatcher.dispatch(Action::SetSpeed(
                    select.value().parse().unwrap_or(NORMAL_SPEED),
                ));
            }
        })
    };
    // Browsers start sound only from a user gesture: play's click is one.
    let on_play = {
        let dispatcher = view.dispatcher();
        let output = output.clone();
        Callback::from(move |_: MouseEvent| {
            if wants_sound {
                output.borrow_mut().unlock();
            }
            dispatcher.dispatch(Action::TogglePlay);
        })
    };
    let toggle_audio = {
        let audio_on = audio_on.clone();
        let output = output.clone();
        Callback::from(move |_: MouseEvent| {
            if !*audio_on {
                output.borrow_mut().unlock();
            }
            audio_on.set(!*audio_on);
        })
    };
    let choose_audio_channel = {
        let audio_channel = audio_channel.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                audio_channel.set(select.value().parse().unwrap_or(0));
            }
        })
    };
    let audio_label = match (*audio_on, muted) {
        (false, _) => "♪ Audio off".to_string(),
        (true, true) => format!("♪ muted at {}", SPEEDS[view.speed].1),
        (true, false) => "♪ Audio".to_string(),
    };
    let toggle_overlay = |which: fn(&mut Overlays) -> &mut bool| {
        let overlays = overlays.clone();
        Callback::from(move |_: Event| {
            let mut next = *overlays;
            let flag = which(&mut next);
            *flag = !*flag;
            overlays.set(next);
        })
    };

    let paused = !view.playing;
    let current = track.shown.get(view.position).map(|&at| at as usize);
    let cameras: Vec<u16> = track.cameras.iter().map(|(c, _)| *c).collect();
    let screen = if view.layout == 1 {
        let at = match view.camera {
            0 => current,
            camera => track.camera_frame(camera, view.position),
        };
        let mask = at.and_then(|at| track.mask_for(&index.frames, at));
        html! { <Tile file={props.file.clone()} at={at} mask={mask} overlays={*overlays} paused={paused} single=true /> }
    } else {
        let chosen: Vec<u16> = if view.grid.is_empty() {
            cameras.clone()
        } else {
            view.grid.clone()
        };
        let n = view.layout;
        html! {
            <div class={classes!("grid", format!("grid-{n}"))} data-testid="grid">
                { for (0..n * n).map(|slot| match chosen.get(slot) {
                    Some(&camera) => {
                        let at = track.camera_frame(camera, view.position);
                        let mask = at.and_then(|at| track.mask_for(&index.frames, at));
                        let focus = {
                            let dispatcher = view.dispatcher();
                            Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Focus(camera)))
                        };
                        html! {
                            <Tile key={camera} file={props.file.clone()} at={at} mask={mask}
                                overlays={*overlays} paused={paused} onclick={focus} />
                        }
                    }
                    None => html! { <div class="screen tile empty" key={format!("empty-{slot}")}></div> },
                }) }
            </div>
        }
    };
    let counter = match view.single_camera() {
        Some(camera) => {
            let positions = track.camera_positions(camera);
            let k = positions.partition_point(|&p| p as usize <= view.position);
            format!("{} / {}", k.max(1).min(positions.len()), positions.len())
        }
        None => format!(
            "{} / {}",
            if track.len() == 0 {
                0
            } else {
                view.position + 1
            },
            track.len()
        ),
    };
    let layout_button = |n: usize| {
        let dispatcher = view.dispatcher();
        html! {
            <button class={classes!("layout", (view.layout == n).then_some("active"))} aria-pressed={(view.layout == n).to_string()}
                title={format!("{n}×{n} ({n})")} onclick={Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Layout(n)))}>
                { if n == 1 { "1".to_string() } else { format!("{n}×{n}") } }
            </button>
        }
    };

    html! {
        <div class="player-column">
        <section class="player panel">
            { screen }
            if view.help {
                <div class="help" data-testid="shortcuts" onclick={act(|| Action::Help(Some(false)))}>
                    <h2>{ "Keyboard shortcuts" }</h2>
                    <table>
                        { for SHORTCUTS.iter().map(|(key, what)| html! { <tr><th><kbd>{ *key }</kbd></th><td>{ *what }</td></tr> }) }
                    </table>
                </div>
            }
            <Timeline file={props.file.clone()} track={track.clone()} position={view.position} on_seek={on_seek} />
            <div class="transport">
                <button onclick={act(|| Action::Jump(-10_000))} title="10 s back (shift + ←)" disabled={view.position == 0}>{ "−10 s" }</button>
                <button onclick={act(|| Action::Step(-1))} title="Previous frame (←)" disabled={view.position == 0}>{ "◀ Step" }</button>
                <button class="play" onclick={on_play} title="Play / pause (space)" disabled={track.len() == 0}>
                    { if view.playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button onclick={act(|| Action::Step(1))} title="Next frame (→)" disabled={view.position + 1 >= track.len()}>{ "Step ▶" }</button>
                <button onclick={act(|| Action::Jump(10_000))} title="10 s on (shift + →)" disabled={view.position + 1 >= track.len()}>{ "+10 s" }</button>
                <select onchange={choose_speed} aria-label="Speed" data-testid="speed" title="Speed (+ / −)">
                    { for SPEEDS.iter().enumerate().map(|(at, (_, name))| html! {
                        <option value={at.to_string()} selected={view.speed == at}>{ *name }</option>
                    }) }
                </select>
                if !audio_track.is_empty() {
                    <button class={classes!("audio-toggle", (!*audio_on || muted).then_some("silent"))} data-testid="audio-toggle"
                        aria-pressed={audio_on.to_string()} onclick={toggle_audio}
                        title="Sound of the recording: on or off. It plays at 1× only, as in the recorder's own viewer.">
                        { audio_label }
                    </button>
                    if audio_track.channels.len() > 1 {
                        <select onchange={choose_audio_channel} aria-label="Audio channel" data-testid="audio-channel">
                            { for audio_track.channels.iter().map(|(c, _)| html! {
                                <option value={c.to_string()} selected={channel == Some(*c)}>{ format!("Audio {c}") }</option>
                            }) }
                        </select>
                    }
                }
                <span class="frame-counter" data-testid="frame-counter">{ counter }</span>
            </div>
            <div class="transport view-options">
                <span class="layouts" role="group" aria-label="Layout">{ for (1..=4).map(layout_button) }</span>
                if view.layout == 1 {
                    <select onchange={choose_camera} aria-label="Camera">
                        <option value="0" selected={view.camera == 0}>{ "All cameras" }</option>
                        { for cameras.iter().map(|&c| html! {
                            <option value={c.to_string()} selected={view.camera == c}>{ format!("Camera {c}") }</option>
                        }) }
                    </select>
                } else {
                    <span class="grid-cameras" data-testid="grid-cameras">
                        { for cameras.iter().map(|&c| {
                            let dispatcher = view.dispatcher();
                            let on = view.grid.is_empty() || view.grid.contains(&c);
                            html! {
                                <label class="check"><input type="checkbox" checked={on}
                                    onchange={Callback::from(move |_: Event| dispatcher.dispatch(Action::ToggleGridCamera(c)))} />{ c }</label>
                            }
                        }) }
                    </span>
                }
                <span class="overlay-switches" role="group" aria-label="Overlays">
                    <label class="check"><input type="checkbox" checked={overlays.camera} onchange={toggle_overlay(|o| &mut o.camera)} />{ "Camera" }</label>
                    <label class="check"><input type="checkbox" checked={overlays.time} onchange={toggle_overlay(|o| &mut o.time)} />{ "Time" }</label>
                    <label class="check"><input type="checkbox" checked={overlays.alarm} onchange={toggle_overlay(|o| &mut o.alarm)} />{ "Alarm" }</label>
                    <label class="check" title="Motion-detection masks recorded with the pictures"><input type="checkbox" data-testid="motion-toggle" checked={overlays.motion} onchange={toggle_overlay(|o| &mut o.motion)} />{ "Motion" }</label>
                </span>
                <button class="help-button" onclick={act(|| Action::Help(None))} title="Keyboard shortcuts (?)">{ "?" }</button>
            </div>
        </section>
        if let Some(at) = match view.camera { 0 => current, c if view.layout == 1 => track.camera_frame(c, view.position), _ => current } {
            <DetailsPanel file={props.file.clone()} at={at} />
        }
        </div>
    }
}
