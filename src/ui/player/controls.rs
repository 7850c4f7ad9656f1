//! The player's controls: the transport bar (jump, step, play, speed,
//! sound, frame counter) and the view options (layout, camera or grid
//! cameras, overlays, shortcuts).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::sound::SoundControls;
use super::tile::Overlays;
use super::PlayerState;
use crate::core::playback::{Playback, PlaybackAction, JUMP_MS, MAX_LAYOUT, NORMAL_SPEED, SPEEDS};

/// The value chosen in the `<select>` an event came from, if it parses.
fn chosen<T: std::str::FromStr>(event: &Event) -> Option<T> {
    event
        .target_dyn_into::<HtmlSelectElement>()
        .and_then(|select| select.value().parse().ok())
}

/// A click that does `action`.
fn on_click(
    dispatcher: &UseReducerDispatcher<PlayerState>,
    action: PlaybackAction,
) -> Callback<MouseEvent> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |_: MouseEvent| dispatcher.dispatch(action.clone()))
}

#[derive(Properties, PartialEq)]
pub struct TransportProps {
    pub playback: Playback,
    pub dispatcher: UseReducerDispatcher<PlayerState>,
    pub sound: SoundControls,
    /// Run before play is toggled (browsers start sound only from a click).
    pub before_play: Callback<()>,
}

#[function_component(Transport)]
pub fn transport(props: &TransportProps) -> Html {
    let playback = &props.playback;
    let dispatcher = &props.dispatcher;
    let on_play = {
        let dispatcher = dispatcher.clone();
        let before_play = props.before_play.clone();
        Callback::from(move |_: MouseEvent| {
            before_play.emit(());
            dispatcher.dispatch(PlaybackAction::TogglePlay);
        })
    };
    let choose_speed = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |event: Event| {
            dispatcher.dispatch(PlaybackAction::SetSpeed(
                chosen(&event).unwrap_or(NORMAL_SPEED),
            ))
        })
    };
    html! {
        <div class="transport">
            <button onclick={on_click(dispatcher, PlaybackAction::Jump(-JUMP_MS))} title="10 s back (shift + ←)" disabled={playback.at_start()}>{ "−10 s" }</button>
            <button onclick={on_click(dispatcher, PlaybackAction::Step(-1))} title="Previous frame (←)" disabled={playback.at_start()}>{ "◀ Step" }</button>
            <button class="play" onclick={on_play} title="Play / pause (space)" disabled={playback.track.is_empty()}>
                { if playback.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button onclick={on_click(dispatcher, PlaybackAction::Step(1))} title="Next frame (→)" disabled={playback.at_end()}>{ "Step ▶" }</button>
            <button onclick={on_click(dispatcher, PlaybackAction::Jump(JUMP_MS))} title="10 s on (shift + →)" disabled={playback.at_end()}>{ "+10 s" }</button>
            <select onchange={choose_speed} aria-label="Speed" data-testid="speed" title="Speed (+ / −)">
                { for SPEEDS.iter().enumerate().map(|(at, (_, name))| html! {
                    <option value={at.to_string()} selected={playback.speed == at}>{ *name }</option>
                }) }
            </select>
            <SoundButtons sound={props.sound.clone()} />
            <span class="frame-counter" data-testid="frame-counter">{ playback.counter() }</span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SoundProps {
    sound: SoundControls,
}

/// The sound switch, and the channel list for files with several.
#[function_component(SoundButtons)]
fn sound_buttons(props: &SoundProps) -> Html {
    let sound = &props.sound;
    if sound.channels.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <button class={classes!("audio-toggle", sound.silent.then_some("silent"))} data-testid="audio-toggle"
                aria-pressed={sound.on.to_string()} onclick={sound.toggle.clone()}
                title="Sound of the recording: on or off. It plays at 1× only, as in the recorder's own viewer.">
                { &sound.label }
            </button>
            if sound.channels.len() > 1 {
                <select onchange={sound.choose.clone()} aria-label="Audio channel" data-testid="audio-channel">
                    { for sound.channels.iter().map(|&c| html! {
                        <option value={c.to_string()} selected={sound.channel == Some(c)}>{ format!("Audio {c}") }</option>
                    }) }
                </select>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ViewOptionsProps {
    pub playback: Playback,
    pub dispatcher: UseReducerDispatcher<PlayerState>,
    pub overlays: UseStateHandle<Overlays>,
}

#[function_component(ViewOptions)]
pub fn view_options(props: &ViewOptionsProps) -> Html {
    let playback = &props.playback;
    let dispatcher = &props.dispatcher;
    let layout_button = |n: usize| {
        let active = playback.layout == n;
        html! {
            <button class={classes!("layout", active.then_some("active"))} aria-pressed={active.to_string()}
                title={format!("{n}×{n} ({n})")} onclick={on_click(dispatcher, PlaybackAction::Layout(n))}>
                { if n == 1 { "1".to_string() } else { format!("{n}×{n}") } }
            </button>
        }
    };
    html! {
        <div class="transport view-options">
            <span class="layouts" role="group" aria-label="Layout">{ for (1..=MAX_LAYOUT).map(layout_button) }</span>
            if playback.layout == 1 {
                <CameraChoice playback={playback.clone()} dispatcher={dispatcher.clone()} />
            } else {
                <GridCameras playback={playback.clone()} dispatcher={dispatcher.clone()} />
            }
            <OverlaySwitches overlays={props.overlays.clone()} />
            <button class="help-button" onclick={on_click(dispatcher, PlaybackAction::Help(None))} title="Keyboard shortcuts (?)">{ "?" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CamerasProps {
    playback: Playback,
    dispatcher: UseReducerDispatcher<PlayerState>,
}

/// The single view's camera: one, or all in turn.
#[function_component(CameraChoice)]
fn camera_choice(props: &CamerasProps) -> Html {
    let dispatcher = props.dispatcher.clone();
    let choose = Callback::from(move |event: Event| {
        dispatcher.dispatch(PlaybackAction::Camera(chosen(&event).unwrap_or(0)))
    });
    let camera = props.playback.camera;
    html! {
        <select onchange={choose} aria-label="Camera">
            <option value="0" selected={camera == 0}>{ "All cameras" }</option>
            { for props.playback.track.camera_numbers().into_iter().map(|c| html! {
                <option value={c.to_string()} selected={camera == c}>{ format!("Camera {c}") }</option>
            }) }
        </select>
    }
}

/// The grid's cameras, each switched on or off.
#[function_component(GridCameras)]
fn grid_cameras(props: &CamerasProps) -> Html {
    let playback = &props.playback;
    html! {
        <span class="grid-cameras" data-testid="grid-cameras">
            { for playback.track.camera_numbers().into_iter().map(|c| {
                let dispatcher = props.dispatcher.clone();
                let on = playback.grid.is_empty() || playback.grid.contains(&c);
                html! {
                    <label class="check"><input type="checkbox" checked={on}
                        onchange={Callback::from(move |_: Event| dispatcher.dispatch(PlaybackAction::ToggleGridCamera(c)))} />{ c }</label>
                }
            }) }
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct OverlayProps {
    overlays: UseStateHandle<Overlays>,
}

#[function_component(OverlaySwitches)]
fn overlay_switches(props: &OverlayProps) -> Html {
    let overlays = &props.overlays;
    let switch = |name: &str,
                  which: fn(&mut Overlays) -> &mut bool,
                  extra: Option<(&str, &str)>| {
        let handle = overlays.clone();
        let toggle = Callback::from(move |_: Event| {
            let mut next = *handle;
            let flag = which(&mut next);
            *flag = !*flag;
            handle.set(next);
        });
        let mut current = **overlays;
        let checked = *which(&mut current);
        let (title, testid) = extra.unzip();
        html! {
            <label class="check" title={title.map(str::to_string)}>
                <input type="checkbox" data-testid={testid.map(str::to_string)} checked={checked} onchange={toggle} />{ name.to_string() }
            </label>
        }
    };
    html! {
        <span class="overlay-switches" role="group" aria-label="Overlays">
            { switch("Camera", |o| &mut o.camera, None) }
            { switch("Time", |o| &mut o.time, None) }
            { switch("Alarm", |o| &mut o.alarm, None) }
            { switch("Motion", |o| &mut o.motion, Some(("Motion-detection masks recorded with the pictures", "motion-toggle"))) }
        </span>
    }
}
