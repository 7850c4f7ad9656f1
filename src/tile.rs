//! One picture on the screen: a canvas showing one frame of one camera,
//! fetched and decoded on demand, with its switchable overlays (camera,
//! time, alarm text, and the motion mask recorded with the picture, drawn on
//! a canvas layered over it). The single view is one tile; the 2×2 to 4×4
//! layouts are grids of them.

use std::cell::Cell;
use std::rc::Rc;

use netvu::codec::pbm::Mask;
use netvu::unit::{decodable, Decodable};
use netvu::FrameDetail;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
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
    /// Motion-detection masks (PBM units) over their camera's pictures.
    pub motion: bool,
}

impl Default for Overlays {
    fn default() -> Self {
        Overlays {
            camera: true,
            time: true,
            alarm: true,
            motion: true,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct TileProps {
    pub file: OpenedFile,
    /// The frame shown (an index into `file.index.frames`).
    pub at: Option<usize>,
    /// The motion mask recorded with that frame (an index into `file.index.frames`).
    #[prop_or_default]
    pub mask: Option<usize>,
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

    // Fetch and draw the frame. Requests are numbered: one that completes
    // after a later request was drawn is dropped, but a late one is still
    // drawn if nothing later has been yet, so that a grid playing faster
    // than pictures decode shows every picture it can rather than none.
    let requests = use_mut_ref(|| (0u64, 0u64)); // (last asked, last drawn)
    {
        let canvas = canvas.clone();
        let detail = detail.clone();
        let file = props.file.clone();
        let requests = requests.clone();
        use_effect_with((props.file.clone(), props.at), move |&(_, at)| {
            if let Some(at) = at {
                let seq = {
                    let mut r = requests.borrow_mut();
                    r.0 += 1;
                    r.0
                };
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = load_frame(&file, at).await;
                    if requests.borrow().1 > seq {
                        return;
                    }
                    requests.borrow_mut().1 = seq;
                    if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                        draw(&canvas, &loaded.picture, &file.index.frames[at]);
                    }
                    detail.set(Some(loaded.detail));
                });
            }
        });
    }

    // The motion mask, on its own canvas over the picture (same size, so
    // `object-fit: contain` places both alike).
    let mask_canvas = use_node_ref();
    let mask_shown = use_state(|| false);
    {
        let mask_canvas = mask_canvas.clone();
        let mask_shown = mask_shown.clone();
        let file = props.file.clone();
        let wanted = props.mask.filter(|_| props.overlays.motion);
        let size = props
            .at
            .and_then(|at| index.frames.get(at))
            .map(|f| (u32::from(f.width), u32::from(f.height)));
        use_effect_with(
            (props.file.clone(), wanted, size),
            move |&(_, wanted, size)| {
                let stale = Rc::new(Cell::new(false));
                match wanted {
                    None => mask_shown.set(false),
                    Some(at) => {
                        let stale = stale.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let mask = load_mask(&file, at).await;
                            if stale.get() {
                                return;
                            }
                            let drawn = match (mask, mask_canvas.cast::<HtmlCanvasElement>()) {
                                (Some(mask), Some(canvas)) => draw_mask(&canvas, &mask, size),
                                _ => false,
                            };
                            mask_shown.set(drawn);
                        });
                    }
                }
                move || stale.set(true)
            },
        );
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
            <canvas ref={mask_canvas} class={classes!("mask-layer", (!*mask_shown).then_some("hidden"))} data-testid="mask-layer" width="16" height="12"></canvas>
            { overlay.unwrap_or_default() }
            if props.at.is_none() {
                <p class="screen-empty">{ "No video frames" }</p>
            }
        </div>
    }
}

/// The motion mask in unit `at` of `file`, if it reads as one.
async fn load_mask(file: &OpenedFile, at: usize) -> Option<Mask> {
    let entry = file.index.frames.get(at)?;
    let (entry, unit) = file.unit(entry).await.ok()?;
    match decodable(&entry, &unit) {
        Ok(Decodable::Mask(mask)) => Some(mask),
        _ => None,
    }
}

/// Colour of a masked (motion) cell: translucent, the picture shows through.
const MASK_FILL: &str = "rgba(255, 64, 64, 0.4)";

/// Draws `mask` on `canvas`, sized as the picture (`size`) so that the
/// layer lines up with it; false if there is nothing to draw.
fn draw_mask(canvas: &HtmlCanvasElement, mask: &Mask, size: Option<(u32, u32)>) -> bool {
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return false;
    };
    if mask.width == 0 || mask.height == 0 {
        return false;
    }
    let (width, height) = match size {
        Some((w, h)) if w > 0 && h > 0 => (w, h),
        _ => (mask.width, mask.height),
    };
    canvas.set_width(width);
    canvas.set_height(height);
    context.clear_rect(0.0, 0.0, f64::from(width), f64::from(height));
    context.set_fill_style_str(MASK_FILL);
    let cell_w = f64::from(width) / f64::from(mask.width);
    let cell_h = f64::from(height) / f64::from(mask.height);
    for y in 0..mask.height {
        for x in 0..mask.width {
            if mask.get(x, y) {
                context.fill_rect(f64::from(x) * cell_w, f64::from(y) * cell_h, cell_w, cell_h);
            }
        }
    }
    true
}
