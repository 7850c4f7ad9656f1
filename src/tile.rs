//! One picture on the screen: a canvas showing one frame of one camera,
//! fetched and decoded on demand, with its switchable overlays. The single
//! view is one tile; the 2×2 to 4×4 layouts are grids of them.

use std::cell::Cell;
use std::rc::Rc;

use netvu::FrameDetail;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::app::OpenedFile;
use crate::frame::{draw, load_frame};
use crate::time::local_clock;

/// Which overlays are drawn over the pictures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Overlays {
    pub camera: bool,
    pub time: bool,
    pub alarm: bool,
}

impl Default for Overlays {
    fn default() -> Self {
        Overlays {
            camera: true,
            time: true,
            alarm: true,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct TileProps {
    pub file: OpenedFile,
    /// The frame shown (an index into `file.index.frames`).
    pub at: Option<usize>,
    pub overlays: Overlays,
    /// Paused: the time shows milliseconds.
    pub paused: bool,
    /// The single view (`data-testid=screen`), or a tile of a grid.
    #[prop_or_default]
    pub single: bool,
    #[prop_or_default]
    pub onclick: Option<Callback<MouseEvent>>,
}

#[function_component(Tile)]
pub fn tile(props: &TileProps) -> Html {
    let canvas = use_node_ref();
    let detail = use_state(|| None::<FrameDetail>);
    let index = props.file.index.clone();

    // Fetch and draw the frame; a newer frame's draw wins over a late older one.
    {
        let canvas = canvas.clone();
        let detail = detail.clone();
        let file = props.file.clone();
        use_effect_with((props.file.clone(), props.at), move |&(_, at)| {
            let stale = Rc::new(Cell::new(false));
            if let Some(at) = at {
                let stale = stale.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = load_frame(&file, at).await;
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

    let entry = props.at.and_then(|at| index.frames.get(at)).copied();
    let overlay = entry.map(|entry| {
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
        let time = entry.timestamp_ms().map_or_else(
            || "no timestamp".to_string(),
            // Playing: whole seconds are enough, and steadier to read.
            |ms| local_clock(ms, offset, props.paused),
        );
        let alarm = detail.map(|d| d.alarm.trim()).filter(|a| !a.is_empty());
        let o = props.overlays;
        html! {
            <div class="overlay" data-testid="overlay">
                if o.camera {
                    <span class="overlay-camera">{ format!("Cam {}", entry.stream) }</span>
                    <span class="overlay-title">{ title }</span>
                }
                if o.time {
                    <span class="overlay-time">{ time }</span>
                }
                if let (true, Some(alarm)) = (o.alarm, alarm) {
                    <span class="overlay-alarm" data-testid="alarm">{ alarm }</span>
                }
            </div>
        }
    });

    html! {
        <div class={classes!("screen", (!props.single).then_some("tile"))} onclick={props.onclick.clone()}
            data-testid={if props.single { "screen-box" } else { "tile" }}>
            <canvas ref={canvas} data-testid={if props.single { "screen" } else { "tile-canvas" }} width="640" height="360"></canvas>
            { overlay.unwrap_or_default() }
            if props.at.is_none() {
                <p class="screen-empty">{ "No video frames" }</p>
            }
        </div>
    }
}
