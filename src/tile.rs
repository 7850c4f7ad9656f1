//! One picture on the screen: a canvas showing one frame of one camera,
//! fetched and decoded on demand, with its switchable overlays (camera,
//! time, alarm text, and the motion mask recorded with the picture, drawn on
//! a canvas layered over it). The single view is one tile; the 2×2 to 4×4
//! layouts are grids of them.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use netvu::codec::pbm::Mask;
use netvu::model::Codec;
use netvu::unit::{decodable, Decodable};
use netvu::FrameDetail;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use crate::app::OpenedFile;
use crate::frame::{draw, load_frame, LoadedFrame, Picture};
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
    let detail = use_state_eq(|| None::<TileDetail>);
    let index = props.file.index.clone();

    // Fetch and draw the frame, and in a grid fetch and decode the camera's
    // next JPEG pictures ahead (`Ahead`), so that each is ready when due. A
    // picture that completes after a later one was drawn is dropped, but a
    // late one is still drawn if nothing later is ready, so that a grid
    // playing faster than pictures decode shows every picture it can.
    let ahead = use_mut_ref(Ahead::default);
    {
        let canvas = canvas.clone();
        let detail = detail.clone();
        let file = props.file.clone();
        let ahead = ahead.clone();
        let single = props.single;
        use_effect_with((props.file.clone(), props.at), move |&(_, at)| {
            if let Some(at) = at {
                let shown = Shown {
                    canvas,
                    detail,
                    file: file.clone(),
                };
                want(&ahead, &shown, at, if single { 0 } else { AHEAD });
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

/// What the overlays use of a frame's own metadata: the same from frame to
/// frame of a camera, so that a new picture alone does not re-render the tile.
#[derive(Clone, PartialEq)]
struct TileDetail {
    title: String,
    alarm: String,
    utc_offset: Option<i32>,
}

impl From<&FrameDetail> for TileDetail {
    fn from(d: &FrameDetail) -> Self {
        TileDetail {
            title: d.title.clone(),
            alarm: d.alarm.clone(),
            utc_offset: d.utc_offset,
        }
    }
}

/// How many of its camera's next pictures a grid tile fetches and decodes
/// before they are due.
const AHEAD: usize = 2;

/// A tile's frames being fetched or ready (`None` while fetching), by
/// position in the index, and the last drawn.
#[derive(Default)]
struct Ahead {
    /// The index these positions are in; another one starts afresh.
    index: Option<Rc<netvu::Index>>,
    frames: BTreeMap<usize, Option<LoadedFrame>>,
    wanted: usize,
    drawn: Option<usize>,
}

/// Where a tile draws.
#[derive(Clone)]
struct Shown {
    canvas: NodeRef,
    detail: UseStateHandle<Option<TileDetail>>,
    file: OpenedFile,
}

/// Frees a JPEG picture's bitmap at once (decoders may keep theirs to show again).
fn close(index: &netvu::Index, at: usize, frame: Option<LoadedFrame>) {
    let jpeg = index
        .frames
        .get(at)
        .is_some_and(|e| matches!(e.codec, Codec::Jpeg | Codec::Jfif));
    if let (
        true,
        Some(LoadedFrame {
            picture: Picture::Bitmap(bitmap),
            ..
        }),
    ) = (jpeg, frame)
    {
        bitmap.close();
    }
}

/// Up to `count` positions after `at` holding the next JPEG pictures of its camera.
fn next_pictures(index: &netvu::Index, at: usize, count: usize) -> Vec<usize> {
    let Some(entry) = index.frames.get(at) else {
        return Vec::new();
    };
    let jpeg = |e: &netvu::FrameEntry| matches!(e.codec, Codec::Jpeg | Codec::Jfif);
    if count == 0 || !jpeg(entry) {
        return Vec::new();
    }
    index.frames[at + 1..]
        .iter()
        .enumerate()
        // Cameras interleave: their next pictures are near.
        .take(64 * count)
        .filter(|(_, e)| e.stream == entry.stream && e.media() == entry.media())
        .take(count)
        .filter(|(_, e)| jpeg(e))
        .map(|(k, _)| at + 1 + k)
        .collect()
}

/// The tile is to show frame `at`: fetches it (and `count` pictures ahead)
/// unless already under way, and draws what is ready.
fn want(ahead: &Rc<RefCell<Ahead>>, shown: &Shown, at: usize, count: usize) {
    let starts = {
        let mut a = ahead.borrow_mut();
        if !a
            .index
            .as_ref()
            .is_some_and(|i| Rc::ptr_eq(i, &shown.file.index))
        {
            let old = std::mem::take(&mut a.frames);
            if let Some(index) = a.index.replace(shown.file.index.clone()) {
                for (k, frame) in old {
                    close(&index, k, frame);
                }
            }
            a.drawn = None;
        }
        if a.drawn.is_some_and(|d| d > at) {
            a.drawn = None; // back in time: draw again
        }
        a.wanted = at;
        let mut keep: Vec<usize> = next_pictures(&shown.file.index, at, count);
        keep.push(at);
        // Drop what went by or is no longer ahead; keep late frames (≤ at) not yet drawn.
        let drawn = a.drawn;
        let gone: Vec<usize> = a
            .frames
            .keys()
            .copied()
            .filter(|&k| !keep.contains(&k) && (k > at || drawn.is_some_and(|d| k <= d)))
            .collect();
        for k in gone {
            close(&shown.file.index, k, a.frames.remove(&k).flatten());
        }
        keep.retain(|k| !a.frames.contains_key(k) && drawn != Some(*k));
        for &k in &keep {
            a.frames.insert(k, None);
        }
        keep
    };
    for k in starts {
        let ahead = ahead.clone();
        let shown = shown.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = load_frame(&shown.file, k).await;
            {
                let mut a = ahead.borrow_mut();
                let current = a
                    .index
                    .as_ref()
                    .is_some_and(|i| Rc::ptr_eq(i, &shown.file.index));
                match a.frames.get_mut(&k) {
                    Some(slot @ None) if current => *slot = Some(loaded),
                    _ => {
                        drop(a);
                        close(&shown.file.index, k, Some(loaded));
                        return;
                    }
                }
            }
            draw_ready(&ahead, &shown);
        });
    }
    draw_ready(ahead, shown);
}

/// Draws the newest ready frame up to the one wanted, if newer than the
/// last drawn, and drops those before it.
fn draw_ready(ahead: &Rc<RefCell<Ahead>>, shown: &Shown) {
    let mut a = ahead.borrow_mut();
    let wanted = a.wanted;
    let drawn = a.drawn;
    let Some(k) = a
        .frames
        .range(..=wanted)
        .rev()
        .find(|(&k, f)| f.is_some() && drawn.is_none_or(|d| k > d))
        .map(|(&k, _)| k)
    else {
        return;
    };
    let before: Vec<usize> = a.frames.range(..k).map(|(&k, _)| k).collect();
    for old in before {
        close(&shown.file.index, old, a.frames.remove(&old).flatten());
    }
    let Some(loaded) = a.frames.remove(&k).flatten() else {
        return;
    };
    a.drawn = Some(k);
    drop(a);
    if let (Some(canvas), Some(entry)) = (
        shown.canvas.cast::<HtmlCanvasElement>(),
        shown.file.index.frames.get(k),
    ) {
        draw(&canvas, &loaded.picture, entry);
    }
    shown.detail.set(Some(TileDetail::from(&loaded.detail)));
    close(&shown.file.index, k, Some(loaded));
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
