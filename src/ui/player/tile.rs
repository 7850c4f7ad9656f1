//! One picture on the screen: a canvas showing one frame of one camera,
//! fetched and decoded on demand, with its switchable overlays (camera,
//! time, alarm text, and the motion mask recorded with the picture, on a
//! canvas layered over it: `mask.rs`). The single view is one tile; the
//! 2×2 to 4×4 layouts are grids of them.

use std::cell::RefCell;
use std::rc::Rc;

use netvu::{FrameDetail, Index};
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::mask::MaskLayer;
use crate::core::read_ahead::{next_pictures, ReadAhead};
use crate::core::time::local_clock;
use crate::platform::frames::OpenedFile;
use crate::platform::picture::{draw, load_frame, LoadedFrame};
use crate::ui::context::{use_services, Services};

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

/// How many of its camera's next pictures a grid tile fetches and decodes
/// before they are due.
const AHEAD: usize = 2;

#[function_component(Tile)]
pub fn tile(props: &TileProps) -> Html {
    let canvas = use_node_ref();
    let detail = use_state_eq(|| None::<TileDetail>);
    let services = use_services();
    let loading = use_mut_ref(Loading::default);
    {
        let shown = Shown {
            canvas: canvas.clone(),
            detail: detail.clone(),
            file: props.file.clone(),
            services,
        };
        let ahead = if props.single { 0 } else { AHEAD };
        use_effect_with((props.file.clone(), props.at), move |&(_, at)| {
            if let Some(at) = at {
                want(&loading, &shown, at, ahead);
            }
        });
    }
    let size = props
        .at
        .and_then(|at| props.file.index.frames.get(at))
        .map(|f| (u32::from(f.width), u32::from(f.height)));
    let mask = props.mask.filter(|_| props.overlays.motion);
    html! {
        <div class={classes!("screen", (!props.single).then_some("tile"))} onclick={props.onclick.clone()}
            data-testid={if props.single { "screen-box" } else { "tile" }}>
            <canvas ref={canvas} data-testid={if props.single { "screen" } else { "tile-canvas" }} width="640" height="360"></canvas>
            <MaskLayer file={props.file.clone()} mask={mask} size={size} />
            { overlay(&props.file.index, props, detail.as_ref()) }
            if props.at.is_none() {
                <p class="screen-empty">{ "No video frames" }</p>
            }
        </div>
    }
}

/// The overlays over frame `props.at`: camera and title, time, alarm text.
fn overlay(index: &Index, props: &TileProps, detail: Option<&TileDetail>) -> Html {
    let Some(entry) = props.at.and_then(|at| index.frames.get(at)) else {
        return Html::default();
    };
    let title = detail
        .map(|d| d.title.as_str())
        .filter(|t| !t.is_empty())
        .or(index.camera_title(entry.stream))
        .unwrap_or("");
    let offset = detail.and_then(|d| d.utc_offset).or(index.utc_offset());
    let time = entry.timestamp_ms().map_or_else(
        || "no timestamp".to_string(),
        // Playing: whole seconds are enough, and steadier to read.
        |ms| local_clock(ms, offset, props.paused),
    );
    let alarm = detail.map(|d| d.alarm.trim()).filter(|a| !a.is_empty());
    let shown = props.overlays;
    html! {
        <div class="overlay" data-testid="overlay">
            if shown.camera {
                <span class="overlay-camera">{ format!("Cam {}", entry.stream) }</span>
                <span class="overlay-title">{ title }</span>
            }
            if shown.time {
                <span class="overlay-time">{ time }</span>
            }
            if let (true, Some(alarm)) = (shown.alarm, alarm) {
                <span class="overlay-alarm" data-testid="alarm">{ alarm }</span>
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

/// A tile's frames being fetched or ready, for the index they are of.
#[derive(Default)]
struct Loading {
    /// Another index starts afresh.
    index: Option<Rc<Index>>,
    frames: ReadAhead<LoadedFrame>,
}

/// Where a tile draws.
#[derive(Clone)]
struct Shown {
    canvas: NodeRef,
    detail: UseStateHandle<Option<TileDetail>>,
    file: OpenedFile,
    services: Services,
}

fn free_all(frames: Vec<LoadedFrame>) {
    frames.into_iter().for_each(|f| f.picture.free());
}

/// The tile is to show frame `at`: fetches it (and `ahead` pictures ahead)
/// unless already under way, and draws what is ready.
fn want(loading: &Rc<RefCell<Loading>>, shown: &Shown, at: usize, ahead: usize) {
    let starts = {
        let mut l = loading.borrow_mut();
        let index = &shown.file.index;
        if !l.index.as_ref().is_some_and(|i| Rc::ptr_eq(i, index)) {
            l.index = Some(index.clone());
            free_all(l.frames.clear());
        }
        let (starts, dropped) = l.frames.want(at, &next_pictures(&index.frames, at, ahead));
        free_all(dropped);
        starts
    };
    for k in starts {
        let loading = loading.clone();
        let shown = shown.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = load_frame(&shown.services, &shown.file, k).await;
            let taken = {
                let mut l = loading.borrow_mut();
                let current = l
                    .index
                    .as_ref()
                    .is_some_and(|i| Rc::ptr_eq(i, &shown.file.index));
                if current {
                    l.frames.arrived(k, loaded)
                } else {
                    Err(loaded)
                }
            };
            match taken {
                Ok(()) => draw_ready(&loading, &shown),
                Err(unwanted) => unwanted.picture.free(),
            }
        });
    }
    draw_ready(loading, shown);
}

/// Draws the newest ready frame up to the one wanted, if newer than the
/// last drawn.
fn draw_ready(loading: &Rc<RefCell<Loading>>, shown: &Shown) {
    let Some((k, loaded, dropped)) = loading.borrow_mut().frames.take_ready() else {
        return;
    };
    free_all(dropped);
    if let (Some(canvas), Some(entry)) = (
        shown.canvas.cast::<HtmlCanvasElement>(),
        shown.file.index.frames.get(k),
    ) {
        draw(&canvas, &loaded.picture, entry);
    }
    shown.detail.set(Some(TileDetail::from(&loaded.detail)));
    loaded.picture.free();
}
