//! The timeline under the player: one track per camera showing where it has
//! frames, the recording's events as markers that seek when clicked, and the
//! playhead. Click or drag anywhere on the tracks to seek; zoom with the
//! buttons under it or the wheel over it, down to a second across.

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use netvu::Index;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};
use yew::prelude::*;

use crate::app::OpenedFile;
use crate::time::local_time;

/// The frames the player steps through, in time order, and where each
/// camera's frames are among them.
#[derive(Debug, Default, PartialEq)]
pub struct Track {
    /// Video frames (indices into `index.frames`), in time order when every
    /// one has a timestamp, else in file order.
    pub shown: Vec<u32>,
    /// Play time (ms) of each shown frame: its timestamp, or 200 ms a frame
    /// when the file has none.
    pub times: Vec<i64>,
    pub timestamped: bool,
    /// Per camera, its positions in `shown`, ascending.
    pub cameras: Vec<(u16, Vec<u32>)>,
    /// Per camera, its motion masks (PBM units): (timestamp, index into
    /// `index.frames`), in time order. Only masks with a timestamp.
    pub masks: Vec<(u16, Vec<(i64, u32)>)>,
}

/// A motion mask is drawn over its camera's frames this long after its time.
pub const MASK_HOLD_MS: i64 = 1_000;

/// Frames without timestamps play at this pace.
pub const DEFAULT_FRAME_MS: i64 = 200;

impl Track {
    pub fn new(index: &Index) -> Track {
        let mut shown: Vec<u32> = index
            .frames
            .iter()
            .enumerate()
            .filter(|(_, f)| f.media() == netvu::Media::Video && f.codec != netvu::Codec::Pbm)
            .map(|(at, _)| at as u32)
            .collect();
        let frames = &index.frames;
        let timestamped = shown
            .iter()
            .all(|&at| frames[at as usize].timestamp_ms().is_some());
        let times = if timestamped {
            shown.sort_by_key(|&at| frames[at as usize].timestamp);
            shown
                .iter()
                .map(|&at| frames[at as usize].timestamp)
                .collect()
        } else {
            (0..shown.len() as i64)
                .map(|p| p * DEFAULT_FRAME_MS)
                .collect()
        };
        let mut cameras: Vec<(u16, Vec<u32>)> = Vec::new();
        for (position, &at) in shown.iter().enumerate() {
            let camera = frames[at as usize].stream;
            match cameras.iter_mut().find(|(c, _)| *c == camera) {
                Some((_, positions)) => positions.push(position as u32),
                None => cameras.push((camera, vec![position as u32])),
            }
        }
        cameras.sort_by_key(|(c, _)| *c);
        let mut masks: Vec<(u16, Vec<(i64, u32)>)> = Vec::new();
        for (at, f) in frames.iter().enumerate() {
            let Some(t) = f.timestamp_ms().filter(|_| f.codec == netvu::Codec::Pbm) else {
                continue;
            };
            match masks.iter_mut().find(|(c, _)| *c == f.stream) {
                Some((_, list)) => list.push((t, at as u32)),
                None => masks.push((f.stream, vec![(t, at as u32)])),
            }
        }
        for (_, list) in &mut masks {
            list.sort_unstable();
        }
        Track {
            shown,
            times,
            timestamped,
            cameras,
            masks,
        }
    }

    pub fn len(&self) -> usize {
        self.shown.len()
    }

    /// The last position at or before play time `t` (the first if none).
    pub fn position_at(&self, t: i64) -> usize {
        self.times.partition_point(|&x| x <= t).saturating_sub(1)
    }

    /// The first position at or after play time `t` (the last if none).
    pub fn position_from(&self, t: i64) -> usize {
        self.times
            .partition_point(|&x| x < t)
            .min(self.len().saturating_sub(1))
    }

    pub fn camera_positions(&self, camera: u16) -> &[u32] {
        self.cameras
            .iter()
            .find(|(c, _)| *c == camera)
            .map_or(&[], |(_, p)| p.as_slice())
    }

    /// Camera `camera`'s frame on screen at `position`: its latest at or
    /// before it, or its first if it has none yet.
    pub fn camera_frame(&self, camera: u16, position: usize) -> Option<usize> {
        let positions = self.camera_positions(camera);
        let k = positions.partition_point(|&p| p as usize <= position);
        let p = positions.get(k.saturating_sub(1))?;
        Some(self.shown[*p as usize] as usize)
    }

    /// The motion mask to draw over frame `frames[at]`: its camera's latest
    /// mask at or before the frame's time, if at most [`MASK_HOLD_MS`] old.
    pub fn mask_for(&self, frames: &[netvu::FrameEntry], at: usize) -> Option<usize> {
        let frame = frames.get(at)?;
        let t = frame.timestamp_ms()?;
        let (_, list) = self.masks.iter().find(|(c, _)| *c == frame.stream)?;
        let k = list.partition_point(|&(m, _)| m <= t).checked_sub(1)?;
        let (m, mask) = list[k];
        (t - m <= MASK_HOLD_MS).then_some(mask as usize)
    }

    /// First and last play time (a span of at least 1 ms).
    pub fn span(&self) -> (i64, i64) {
        match (self.times.first(), self.times.last()) {
            (Some(&a), Some(&b)) if b > a => (a, b),
            (Some(&a), _) => (a, a + 1),
            _ => (0, 1),
        }
    }
}

/// The part of the recording the timeline shows: play times `start..end`
/// (ms). The whole recording at first; zoomed with the buttons or the wheel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub start: i64,
    pub end: i64,
}

/// The narrowest window: a second.
pub const MIN_WINDOW_MS: i64 = 1_000;

impl Window {
    pub fn whole(track: &Track) -> Window {
        let (start, end) = track.span();
        Window { start, end }
    }

    fn width(self) -> i64 {
        (self.end - self.start).max(1)
    }

    /// Where play time `t` lies across the window, 0 at its start, 1 at its end.
    pub fn fraction(self, t: i64) -> f64 {
        (t - self.start) as f64 / self.width() as f64
    }

    /// The play time at `fraction` across the window.
    pub fn time_at(self, fraction: f64) -> i64 {
        self.start + (self.width() as f64 * fraction.clamp(0.0, 1.0)) as i64
    }

    /// Moved (not resized) to lie inside `whole` as far as it can.
    fn within(self, whole: Window) -> Window {
        let width = self.width().min(whole.width());
        let start = self.start.clamp(whole.start, whole.end - width);
        Window {
            start,
            end: start + width,
        }
    }

    /// `factor` times as wide (below 1: zoomed in), time `t` staying where
    /// it is on the screen; never narrower than [`MIN_WINDOW_MS`] nor wider
    /// than `whole`.
    pub fn zoomed(self, factor: f64, t: i64, whole: Window) -> Window {
        let width = ((self.width() as f64 * factor) as i64)
            .clamp(MIN_WINDOW_MS.min(whole.width()), whole.width());
        let start = t - (self.fraction(t).clamp(0.0, 1.0) * width as f64) as i64;
        Window {
            start,
            end: start + width,
        }
        .within(whole)
    }

    /// The window turned to the page holding `t` when `t` is outside it (the
    /// playhead going on while playing), `t` then at its start or end.
    pub fn following(self, t: i64, whole: Window) -> Window {
        let width = self.width();
        let moved = if t > self.end {
            Window {
                start: t,
                end: t + width,
            }
        } else if t < self.start {
            Window {
                start: t - width,
                end: t,
            }
        } else {
            self
        };
        moved.within(whole)
    }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub file: OpenedFile,
    pub track: Rc<Track>,
    pub position: usize,
    pub on_seek: Callback<usize>,
}

const ROW: f64 = 14.0;
const LABEL: f64 = 56.0;
const WIDTH: u32 = 1000;

/// How much one zoom step (a button, a wheel notch) narrows or widens the window.
const ZOOM_STEP: f64 = 2.0;

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let canvas = use_node_ref();
    let dragging = use_mut_ref(|| false);
    let track = props.track.clone();
    let rows = track.cameras.len().max(1);
    let height = (rows as f64 * ROW + 8.0) as u32;

    // The window shown (`None`: the whole recording). When the playhead
    // moves out of a zoomed window, the window turns to the page that holds
    // it (zooming elsewhere leaves the window where it was put).
    let zoom = use_state_eq(|| None::<Window>);
    let whole = Window::whole(&track);
    let now = track.times.get(props.position).copied();
    let followed = use_mut_ref(|| props.position);
    let moved = std::mem::replace(&mut *followed.borrow_mut(), props.position) != props.position;
    let window = match (*zoom, now) {
        (None, _) => whole,
        (Some(w), Some(t)) if moved => w.following(t, whole),
        (Some(w), _) => w.within(whole),
    };
    {
        let zoom = zoom.clone();
        use_effect_with((window, whole), move |&(window, whole)| {
            if zoom.is_some() {
                zoom.set((window != whole).then_some(window));
            }
        });
    }
    let zoom_by = {
        let zoom = zoom.clone();
        move |factor: f64, around: i64| {
            let next = window.zoomed(factor, around, whole);
            zoom.set((next != whole).then_some(next));
        }
    };

    // The tracks: painted once per file and window on a canvas of their
    // own, copied with the playhead over them whenever it moves (while
    // playing, many times a second).
    let background = use_mut_ref(|| None::<Background>);
    {
        let canvas = canvas.clone();
        let track = track.clone();
        let index = props.file.index.clone();
        use_effect_with(
            (props.track.clone(), props.position, window),
            move |&(_, position, window)| {
                if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                    paint(
                        &canvas,
                        &mut background.borrow_mut(),
                        &index,
                        &track,
                        window,
                        position,
                    );
                }
            },
        );
    }

    // The play time under the pointer.
    let time_under = move |event: &MouseEvent| {
        let target = event.target_dyn_into::<HtmlCanvasElement>()?;
        let rect = target.get_bounding_client_rect();
        let scale = f64::from(WIDTH) / rect.width().max(1.0);
        let x = (event.client_x() - rect.left()) * scale;
        Some(window.time_at((x - LABEL) / (f64::from(WIDTH) - LABEL - 4.0)))
    };
    let seek_at = {
        let track = track.clone();
        let on_seek = props.on_seek.clone();
        move |event: &PointerEvent| {
            if let Some(t) = time_under(event) {
                on_seek.emit(track.position_at(t));
            }
        }
    };
    let on_down = {
        let seek_at = seek_at.clone();
        let dragging = dragging.clone();
        Callback::from(move |event: PointerEvent| {
            *dragging.borrow_mut() = true;
            if let Some(target) = event.target_dyn_into::<web_sys::Element>() {
                let _ = target.set_pointer_capture(event.pointer_id());
            }
            seek_at(&event);
        })
    };
    let on_move = {
        let dragging = dragging.clone();
        Callback::from(move |event: PointerEvent| {
            if *dragging.borrow() {
                seek_at(&event);
            }
        })
    };
    let on_up = Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false);

    // The wheel zooms around the time under the pointer. Its listener is not
    // passive, so that it can keep the page from scrolling meanwhile.
    {
        let canvas = canvas.clone();
        let zoom_by = zoom_by.clone();
        use_effect_with(window, move |_| {
            let listener = canvas.cast::<HtmlCanvasElement>().map(|element| {
                EventListener::new_with_options(
                    &element,
                    "wheel",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        let Some(wheel) = event.dyn_ref::<web_sys::WheelEvent>() else {
                            return;
                        };
                        if wheel.delta_y() == 0.0 {
                            return;
                        }
                        event.prevent_default();
                        if let Some(t) = time_under(wheel) {
                            let factor = if wheel.delta_y() < 0.0 {
                                1.0 / ZOOM_STEP
                            } else {
                                ZOOM_STEP
                            };
                            zoom_by(factor, t);
                        }
                    },
                )
            });
            move || drop(listener)
        });
    }
    let centre = now
        .filter(|t| (window.start..=window.end).contains(t))
        .unwrap_or(window.start + (window.end - window.start) / 2);
    let zoom_in = {
        let zoom_by = zoom_by.clone();
        Callback::from(move |_: MouseEvent| zoom_by(1.0 / ZOOM_STEP, centre))
    };
    let zoom_out = Callback::from(move |_: MouseEvent| zoom_by(ZOOM_STEP, centre));
    let zoom_whole = {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(None))
    };

    // The page's CSP allows no style attributes: markers are placed through the CSSOM.
    let marker_row = use_node_ref();
    {
        let marker_row = marker_row.clone();
        use_effect_with(
            (props.file.clone(), props.track.clone(), window),
            move |_| {
                if let Some(row) = marker_row.cast::<web_sys::Element>() {
                    let markers = row.children();
                    for at in 0..markers.length() {
                        let Some(marker) = markers
                            .item(at)
                            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
                        else {
                            continue;
                        };
                        if let Some(left) = marker.get_attribute("data-left") {
                            let _ = marker.style().set_property("left", &left);
                        }
                    }
                }
            },
        );
    }
    let offset = props.file.index.utc_offset();
    let markers = props
        .file
        .index
        .events
        .iter()
        .filter(|event| (window.start..=window.end).contains(&event.timestamp_ms))
        .map(|event| {
            let fraction = window.fraction(event.timestamp_ms);
            let left = (LABEL + fraction * (f64::from(WIDTH) - LABEL - 4.0)) / f64::from(WIDTH) * 100.0;
            let seek = {
                let on_seek = props.on_seek.clone();
                let track = track.clone();
                let t = event.timestamp_ms;
                Callback::from(move |_: MouseEvent| on_seek.emit(track.position_from(t)))
            };
            let title = format!(
                "{:?}{}: {} ({})",
                event.kind,
                if event.camera == 0 { String::new() } else { format!(", camera {}", event.camera) },
                event.text,
                local_time(event.timestamp_ms, offset)
            );
            html! {
                <button class="event-marker" data-testid="event-marker" data-left={format!("{left:.3}%")}
                    title={title.clone()} aria-label={title} onclick={seek}></button>
            }
        });
    let edge = |t: i64| {
        if track.timestamped {
            local_time(t, offset)
        } else {
            format!("{:.1} s", t as f64 / 1000.0)
        }
    };

    html! {
        <div class="timeline" data-testid="timeline">
            <div class="event-row" ref={marker_row}>{ for markers }</div>
            <canvas ref={canvas} width={WIDTH.to_string()} height={height.to_string()} data-testid="timeline-canvas"
                onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()} onpointercancel={on_up}></canvas>
            <div class="timeline-window">
                <span data-testid="window-start">{ edge(window.start) }</span>
                <span class="zoom">
                    <button onclick={zoom_out} disabled={zoom.is_none()} title="Zoom out (or the wheel over the timeline)" data-testid="zoom-out">{ "−" }</button>
                    <button onclick={zoom_in} disabled={window.end - window.start <= MIN_WINDOW_MS} title="Zoom in (or the wheel over the timeline)" data-testid="zoom-in">{ "+" }</button>
                    <button onclick={zoom_whole} disabled={zoom.is_none()} data-testid="zoom-whole">{ "Whole recording" }</button>
                </span>
                <span data-testid="window-end">{ edge(window.end) }</span>
            </div>
        </div>
    }
}

/// The tracks without the playhead, painted for one track, index and
/// window at one size.
struct Background {
    track: Rc<Track>,
    index: Rc<Index>,
    window: Window,
    canvas: HtmlCanvasElement,
}

fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

/// Paints the timeline on `canvas`: the tracks from `background` (painted
/// again if they are not those of `track` and `index`), then the playhead.
fn paint(
    canvas: &HtmlCanvasElement,
    background: &mut Option<Background>,
    index: &Rc<Index>,
    track: &Rc<Track>,
    window: Window,
    position: usize,
) {
    let Some(context) = context_2d(canvas) else {
        return;
    };
    let fresh = background.as_ref().is_some_and(|b| {
        Rc::ptr_eq(&b.track, track)
            && Rc::ptr_eq(&b.index, index)
            && b.window == window
            && b.canvas.width() == canvas.width()
            && b.canvas.height() == canvas.height()
    });
    if !fresh {
        let painted = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok());
        *background = painted.map(|offscreen| {
            offscreen.set_width(canvas.width());
            offscreen.set_height(canvas.height());
            if let Some(offscreen_context) = context_2d(&offscreen) {
                paint_tracks(&offscreen, &offscreen_context, index, track, window);
            }
            Background {
                track: track.clone(),
                index: index.clone(),
                window,
                canvas: offscreen,
            }
        });
    }
    match background {
        Some(b) => {
            let _ = context.draw_image_with_html_canvas_element(&b.canvas, 0.0, 0.0);
        }
        None => paint_tracks(canvas, &context, index, track, window),
    }
    let height = f64::from(canvas.height());
    let inner = f64::from(canvas.width()) - LABEL - 4.0;
    let x_of = |t: i64| LABEL + window.fraction(t) * inner;
    if let Some(&t) = track
        .times
        .get(position)
        .filter(|t| (window.start..=window.end).contains(t))
    {
        context.set_fill_style_str("#ffffff");
        context.fill_rect(x_of(t).floor() - 1.0, 0.0, 2.0, height);
    }
}

/// The camera tracks and event lines.
fn paint_tracks(
    canvas: &HtmlCanvasElement,
    context: &CanvasRenderingContext2d,
    index: &Index,
    track: &Track,
    window: Window,
) {
    let width = f64::from(canvas.width());
    let height = f64::from(canvas.height());
    let inner = width - LABEL - 4.0;
    context.set_fill_style_str("#161c29");
    context.fill_rect(0.0, 0.0, width, height);
    let x_of = |t: i64| LABEL + window.fraction(t) * inner;
    // The positions whose times fall in the window.
    let first = track.times.partition_point(|&t| t < window.start) as u32;
    let end = track.times.partition_point(|&t| t <= window.end) as u32;
    context.set_font("11px system-ui, sans-serif");
    for (row, (camera, positions)) in track.cameras.iter().enumerate() {
        let y = 4.0 + row as f64 * ROW;
        context.set_fill_style_str("#8d98ab");
        let _ = context.fill_text(&format!("Cam {camera}"), 4.0, y + 10.0);
        context.set_fill_style_str("#232c3f");
        context.fill_rect(LABEL, y + 2.0, inner, ROW - 4.0);
        // One mark per pixel column that holds a frame of this camera.
        context.set_fill_style_str("#4f8cff");
        let mut last_column = -1.0;
        let from = positions.partition_point(|&p| p < first);
        let to = positions.partition_point(|&p| p < end);
        for &p in &positions[from..to] {
            let column = x_of(track.times[p as usize]).floor();
            if column != last_column {
                context.fill_rect(column, y + 2.0, 1.0, ROW - 4.0);
                last_column = column;
            }
        }
    }
    // Events as thin lines across the tracks.
    context.set_fill_style_str("#ffb347");
    for event in &index.events {
        if (window.start..=window.end).contains(&event.timestamp_ms) {
            context.fill_rect(x_of(event.timestamp_ms).floor(), 0.0, 1.0, height);
        }
    }
}
