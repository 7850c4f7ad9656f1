//! The player: a canvas showing one video frame at a time, with step,
//! slider, play/pause at the recorded pace, a camera filter and an overlay.

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Timeout;
use netvu::{FrameDetail, Media};
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::app::OpenedFile;
use crate::frame::{draw, load_frame};
use crate::time::local_time;

/// Frames without timestamps, or with a gap this long, play at this pace.
const DEFAULT_FRAME_MS: i64 = 200;
/// A longer gap in a recording is not waited out in full.
const MAX_WAIT_MS: i64 = 2_000;

#[derive(Clone, Debug, PartialEq)]
struct Playhead {
    /// Position in the list of frames shown (not in the whole index).
    position: usize,
    frame_count: usize,
    playing: bool,
}

enum PlayheadAction {
    /// A step by hand: stops playback.
    Step(isize),
    /// Playback moving to the next frame.
    Advance,
    Seek(usize),
    TogglePlay,
    /// The list of frames shown changed (another camera chosen).
    Reset(usize),
}

impl Reducible for Playhead {
    type Action = PlayheadAction;

    fn reduce(self: Rc<Self>, action: PlayheadAction) -> Rc<Self> {
        let last = self.frame_count.saturating_sub(1);
        let mut next = (*self).clone();
        match action {
            PlayheadAction::Step(delta) => {
                next.position = self.position.saturating_add_signed(delta).min(last);
                next.playing = false;
            }
            PlayheadAction::Advance => {
                next.position = (self.position + 1).min(last);
                next.playing = self.playing && next.position < last;
            }
            PlayheadAction::Seek(position) => next.position = position.min(last),
            PlayheadAction::TogglePlay => {
                next.playing = !self.playing && self.frame_count > 1;
                // Play at the end starts again from the beginning.
                if next.playing && self.position == last {
                    next.position = 0;
                }
            }
            PlayheadAction::Reset(frame_count) => {
                next = Playhead {
                    position: 0,
                    frame_count,
                    playing: false,
                }
            }
        }
        Rc::new(next)
    }
}

#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub file: OpenedFile,
}

#[function_component(Player)]
pub fn player(props: &PlayerProps) -> Html {
    let index = props.file.index.clone();
    // 0 = every camera.
    let camera_filter = use_state(|| 0u16);
    let shown: Rc<Vec<usize>> = {
        let index = index.clone();
        (*use_memo((props.file.clone(), *camera_filter), move |(_, camera)| {
            let frames = index.frames.iter().enumerate();
            frames
                .filter(|(_, f)| f.media() == Media::Video && (*camera == 0 || f.stream == *camera))
                .map(|(at, _)| at)
                .collect::<Vec<_>>()
        }))
        .clone()
        .into()
    };
    let playhead = use_reducer(|| Playhead {
        position: 0,
        frame_count: shown.len(),
        playing: false,
    });
    {
        let playhead = playhead.dispatcher();
        use_effect_with(shown.clone(), move |shown| {
            playhead.dispatch(PlayheadAction::Reset(shown.len()))
        });
    }

    let canvas = use_node_ref();
    let detail = use_state(|| None::<FrameDetail>);
    let current_at = shown.get(playhead.position).copied();
    let current = current_at.map(|at| index.frames[at]);

    // Fetch and draw the current frame; a newer frame's draw wins over a late older one.
    {
        let canvas = canvas.clone();
        let detail = detail.clone();
        let file = props.file.clone();
        use_effect_with((props.file.clone(), current_at), move |&(_, current_at)| {
            let stale = Rc::new(std::cell::Cell::new(false));
            if let Some(at) = current_at {
                let stale = stale.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = load_frame(&file.blob, &file.index, at).await;
                    if stale.get() {
                        return;
                    }
                    if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                        draw(&canvas, &loaded.picture, &file.index.frames[at]);
                    }
                    detail.set(Some(loaded.detail));
                });
            }
            move || stale.set(true)
        });
    }

    // Playback: wait the recorded gap to the next frame, then step.
    {
        let dispatcher = playhead.dispatcher();
        let gap_ms = shown.get(playhead.position + 1).map(|&next| {
            let this = current.and_then(|f| f.timestamp_ms());
            let next = index.frames[next].timestamp_ms();
            match (this, next) {
                (Some(a), Some(b)) if b >= a => (b - a).min(MAX_WAIT_MS),
                _ => DEFAULT_FRAME_MS,
            }
        });
        use_effect_with(
            (playhead.playing, playhead.position, gap_ms),
            move |&(playing, _, gap_ms)| {
                let timer = match (playing, gap_ms) {
                    (true, Some(gap)) => Some(Timeout::new(gap as u32, move || {
                        dispatcher.dispatch(PlayheadAction::Advance)
                    })),
                    _ => None,
                };
                move || drop(timer)
            },
        );
    }

    // ←/→ step, space plays or pauses, unless a form control has the focus.
    {
        let dispatcher = playhead.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|w| w.document())
                .map(|document| {
                    // Not passive: space must not also scroll the page.
                    let options = EventListenerOptions::enable_prevent_default();
                    EventListener::new_with_options(&document, "keydown", options, move |event| {
                        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        let target = key.target();
                        let in_control = target.as_ref().is_some_and(|t| {
                            t.dyn_ref::<HtmlInputElement>().is_some()
                                || t.dyn_ref::<HtmlSelectElement>().is_some()
                        });
                        if in_control {
                            return;
                        }
                        let action = match key.key().as_str() {
                            "ArrowLeft" => PlayheadAction::Step(-1),
                            "ArrowRight" => PlayheadAction::Step(1),
                            " " => PlayheadAction::TogglePlay,
                            _ => return,
                        };
                        key.prevent_default();
                        dispatcher.dispatch(action);
                    })
                });
            move || drop(listener)
        });
    }

    let step = |delta: isize| {
        let playhead = playhead.dispatcher();
        Callback::from(move |_: MouseEvent| playhead.dispatch(PlayheadAction::Step(delta)))
    };
    let toggle_play = {
        let playhead = playhead.dispatcher();
        Callback::from(move |_: MouseEvent| playhead.dispatch(PlayheadAction::TogglePlay))
    };
    let seek = {
        let playhead = playhead.dispatcher();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                playhead.dispatch(PlayheadAction::Seek(input.value().parse().unwrap_or(0)));
            }
        })
    };
    let choose_camera = {
        let camera_filter = camera_filter.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                camera_filter.set(select.value().parse().unwrap_or(0));
            }
        })
    };

    let overlay = current.map(|entry| {
        let detail = detail.as_ref();
        let summary_title = index
            .cameras
            .iter()
            .find(|c| c.camera == entry.stream)
            .map(|c| c.title.as_str());
        let title = detail
            .map(|d| d.title.as_str())
            .filter(|t| !t.is_empty())
            .or(summary_title)
            .unwrap_or("");
        let offset = detail.and_then(|d| d.utc_offset).or(index.utc_offset());
        let time = entry
            .timestamp_ms()
            .map_or_else(|| "no timestamp".to_string(), |ms| local_time(ms, offset));
        html! {
            <div class="overlay" data-testid="overlay">
                <span class="overlay-camera">{ format!("Cam {}", entry.stream) }</span>
                <span class="overlay-title">{ title }</span>
                <span class="overlay-time">{ time }</span>
            </div>
        }
    });

    html! {
        <section class="player panel">
            <div class="screen">
                <canvas ref={canvas} data-testid="screen" width="640" height="360"></canvas>
                { overlay.unwrap_or_default() }
                if shown.is_empty() {
                    <p class="screen-empty">{ "No video frames" }</p>
                }
            </div>
            <div class="transport">
                <button onclick={step(-1)} title="Previous frame (←)" disabled={playhead.position == 0}>{ "◀ Step" }</button>
                <button class="play" onclick={toggle_play} title="Play / pause (space)" disabled={shown.is_empty()}>
                    { if playhead.playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button onclick={step(1)} title="Next frame (→)" disabled={playhead.position + 1 >= shown.len()}>{ "Step ▶" }</button>
                <input type="range" class="scrubber" aria-label="Frame" min="0"
                    max={shown.len().saturating_sub(1).to_string()}
                    value={playhead.position.to_string()} oninput={seek} />
                <span class="frame-counter" data-testid="frame-counter">
                    { format!("{} / {}", if shown.is_empty() { 0 } else { playhead.position + 1 }, shown.len()) }
                </span>
                <select onchange={choose_camera} aria-label="Camera">
                    <option value="0" selected={*camera_filter == 0}>{ "All cameras" }</option>
                    { for index.cameras.iter().map(|c| html! {
                        <option value={c.camera.to_string()} selected={*camera_filter == c.camera}>
                            { format!("Camera {}", c.camera) }
                        </option>
                    }) }
                </select>
            </div>
        </section>
    }
}
