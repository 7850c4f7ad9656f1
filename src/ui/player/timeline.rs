//! The timeline under the player: one track per camera showing where it has
//! frames, the recording's events as markers that seek when clicked, and the
//! playhead. Click or drag anywhere on the tracks to seek; zoom with the
//! buttons under it or the wheel over it, down to a second across
//! (`core::timeline::Span`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use netvu::Index;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};
use yew::prelude::*;

use crate::core::time::local_time;
use crate::core::timeline::{Span, MIN_SPAN_MS};
use crate::core::track::Track;
use crate::platform::canvas::{context_2d, detached_canvas};
use crate::platform::frames::OpenedFile;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub file: OpenedFile,
    pub track: Rc<Track>,
    pub position: usize,
    pub on_seek: Callback<usize>,
}

/// Height of a camera's row, in canvas pixels.
const ROW: f64 = 14.0;
/// Width of the camera labels at the left.
const LABEL: f64 = 56.0;
/// The canvas's width (the page scales it to the panel).
const WIDTH: u32 = 1000;
/// How much one zoom step (a button, a wheel notch) narrows or widens the span.
const ZOOM_STEP: f64 = 2.0;

/// The width the tracks take, in canvas pixels.
fn tracks_width(canvas_width: f64) -> f64 {
    canvas_width - LABEL - 4.0
}

/// The span shown, and how to zoom it. `None` in the state is the whole
/// recording; when the playhead moves out of a zoomed span, the span turns
/// to the page that holds it (zooming elsewhere leaves it where it was put).
#[derive(Clone)]
struct Zoom {
    span: Span,
    whole: Span,
    zoomed: UseStateHandle<Option<Span>>,
}

impl Zoom {
    /// Zooms by `factor` around play time `around` (below 1: in).
    fn by(&self, factor: f64, around: i64) {
        let next = self.span.zoomed(factor, around, self.whole);
        self.zoomed.set((next != self.whole).then_some(next));
    }
}

#[hook]
fn use_zoom(track: &Track, position: usize) -> Zoom {
    let zoomed = use_state_eq(|| None::<Span>);
    let whole = Span::whole(track);
    let followed = use_mut_ref(|| position);
    let moved = std::mem::replace(&mut *followed.borrow_mut(), position) != position;
    let span = match (*zoomed, track.times.get(position)) {
        (None, _) => whole,
        (Some(s), Some(&t)) if moved => s.following(t, whole),
        (Some(s), _) => s.within(whole),
    };
    {
        let zoomed = zoomed.clone();
        use_effect_with((span, whole), move |&(span, whole)| {
            if zoomed.is_some() {
                zoomed.set((span != whole).then_some(span));
            }
        });
    }
    Zoom {
        span,
        whole,
        zoomed,
    }
}

/// The play time under the pointer, over the tracks of `span`.
fn time_under(event: &MouseEvent, span: Span) -> Option<i64> {
    let target = event.target_dyn_into::<HtmlCanvasElement>()?;
    let rect = target.get_bounding_client_rect();
    let scale = f64::from(WIDTH) / rect.width().max(1.0);
    let x = (event.client_x() - rect.left()) * scale;
    Some(span.time_at((x - LABEL) / tracks_width(f64::from(WIDTH))))
}

/// Pointer down, move and up on the tracks: seeking while pressed.
fn seek_handlers(
    dragging: &Rc<RefCell<bool>>,
    track: &Rc<Track>,
    span: Span,
    on_seek: &Callback<usize>,
) -> [Callback<PointerEvent>; 3] {
    let seek_at = {
        let track = track.clone();
        let on_seek = on_seek.clone();
        move |event: &PointerEvent| {
            if let Some(t) = time_under(event, span) {
                on_seek.emit(track.position_at(t));
            }
        }
    };
    let down = {
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
    let moved = {
        let dragging = dragging.clone();
        Callback::from(move |event: PointerEvent| {
            if *dragging.borrow() {
                seek_at(&event);
            }
        })
    };
    let dragging = dragging.clone();
    let up = Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false);
    [down, moved, up]
}

/// The wheel over the tracks zooms around the time under the pointer. Its
/// listener is not passive, so that it can keep the page from scrolling.
#[hook]
fn use_wheel_zoom(canvas: &NodeRef, zoom: Zoom) {
    let canvas = canvas.clone();
    use_effect_with(zoom.span, move |_| {
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
                    if let Some(t) = time_under(wheel, zoom.span) {
                        zoom.by(
                            if wheel.delta_y() < 0.0 {
                                1.0 / ZOOM_STEP
                            } else {
                                ZOOM_STEP
                            },
                            t,
                        );
                    }
                },
            )
        });
        move || drop(listener)
    });
}

/// The tracks, painted once per file and span on a canvas of their own,
/// copied with the playhead over them whenever it moves (while playing,
/// many times a second).
#[hook]
fn use_painting(
    canvas: &NodeRef,
    index: &Rc<Index>,
    track: &Rc<Track>,
    span: Span,
    position: usize,
) {
    let background = use_mut_ref(|| None::<Background>);
    let canvas = canvas.clone();
    let painted = (index.clone(), track.clone());
    use_effect_with(
        (track.clone(), position, span),
        move |&(_, position, span)| {
            if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                let (index, track) = painted;
                paint(
                    &canvas,
                    &mut background.borrow_mut(),
                    &index,
                    &track,
                    span,
                    position,
                );
            }
        },
    );
}

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let canvas = use_node_ref();
    let track = &props.track;
    let height = (track.cameras.len().max(1) as f64 * ROW + 8.0) as u32;
    let zoom = use_zoom(track, props.position);
    let span = zoom.span;
    use_painting(&canvas, &props.file.index, track, span, props.position);
    use_wheel_zoom(&canvas, zoom.clone());
    let dragging = use_mut_ref(|| false);
    let [on_down, on_move, on_up] = seek_handlers(&dragging, track, span, &props.on_seek);
    let offset = props.file.index.utc_offset();
    let edge = |t: i64| {
        if track.timestamped {
            local_time(t, offset)
        } else {
            format!("{:.1} s", t as f64 / 1000.0)
        }
    };
    html! {
        <div class="timeline" data-testid="timeline">
            <EventMarkers file={props.file.clone()} track={track.clone()} span={span} on_seek={props.on_seek.clone()} />
            <canvas ref={canvas} width={WIDTH.to_string()} height={height.to_string()} data-testid="timeline-canvas"
                onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()} onpointercancel={on_up}></canvas>
            <div class="timeline-window">
                <span data-testid="window-start">{ edge(span.start) }</span>
                { zoom_buttons(&zoom, track.times.get(props.position).copied()) }
                <span data-testid="window-end">{ edge(span.end) }</span>
            </div>
        </div>
    }
}

/// −, + and "Whole recording": zooming around the playhead (or the middle
/// when it is out of view).
fn zoom_buttons(zoom: &Zoom, now: Option<i64>) -> Html {
    let span = zoom.span;
    let centre = now.filter(|&t| span.contains(t)).unwrap_or(span.middle());
    let step = |factor: f64| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.by(factor, centre))
    };
    let whole = {
        let zoomed = zoom.zoomed.clone();
        Callback::from(move |_: MouseEvent| zoomed.set(None))
    };
    let zoomed = zoom.zoomed.is_some();
    html! {
        <span class="zoom">
            <button onclick={step(ZOOM_STEP)} disabled={!zoomed} title="Zoom out (or the wheel over the timeline)" data-testid="zoom-out">{ "−" }</button>
            <button onclick={step(1.0 / ZOOM_STEP)} disabled={span.end - span.start <= MIN_SPAN_MS} title="Zoom in (or the wheel over the timeline)" data-testid="zoom-in">{ "+" }</button>
            <button onclick={whole} disabled={!zoomed} data-testid="zoom-whole">{ "Whole recording" }</button>
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct MarkersProps {
    file: OpenedFile,
    track: Rc<Track>,
    span: Span,
    on_seek: Callback<usize>,
}

/// The recording's events in the span shown, as buttons that seek to them.
#[function_component(EventMarkers)]
fn event_markers(props: &MarkersProps) -> Html {
    let row = use_node_ref();
    {
        // The page's CSP allows no style attributes: markers are placed through the CSSOM.
        let row = row.clone();
        use_effect_with(
            (props.file.clone(), props.track.clone(), props.span),
            move |_| {
                if let Some(row) = row.cast::<web_sys::Element>() {
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
    let span = props.span;
    let offset = props.file.index.utc_offset();
    let markers = props.file.index.events.iter().filter(|e| span.contains(e.timestamp_ms)).map(|event| {
        let across = LABEL + span.fraction(event.timestamp_ms) * tracks_width(f64::from(WIDTH));
        let left = across / f64::from(WIDTH) * 100.0;
        let seek = {
            let on_seek = props.on_seek.clone();
            let track = props.track.clone();
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
    html! { <div class="event-row" ref={row}>{ for markers }</div> }
}

/// The tracks without the playhead, painted for one track, index and span
/// at one size.
struct Background {
    track: Rc<Track>,
    index: Rc<Index>,
    span: Span,
    canvas: HtmlCanvasElement,
}

impl Background {
    fn fits(
        &self,
        index: &Rc<Index>,
        track: &Rc<Track>,
        span: Span,
        canvas: &HtmlCanvasElement,
    ) -> bool {
        Rc::ptr_eq(&self.track, track)
            && Rc::ptr_eq(&self.index, index)
            && self.span == span
            && self.canvas.width() == canvas.width()
            && self.canvas.height() == canvas.height()
    }

    fn paint(
        index: &Rc<Index>,
        track: &Rc<Track>,
        span: Span,
        like: &HtmlCanvasElement,
    ) -> Option<Background> {
        let offscreen = detached_canvas(&like.owner_document()?)?;
        offscreen.set_width(like.width());
        offscreen.set_height(like.height());
        paint_tracks(&offscreen, &context_2d(&offscreen)?, index, track, span);
        Some(Background {
            track: track.clone(),
            index: index.clone(),
            span,
            canvas: offscreen,
        })
    }
}

/// Paints the timeline on `canvas`: the tracks from `background` (painted
/// again if they are not those of `track` and `index`), then the playhead.
fn paint(
    canvas: &HtmlCanvasElement,
    background: &mut Option<Background>,
    index: &Rc<Index>,
    track: &Rc<Track>,
    span: Span,
    position: usize,
) {
    let Some(context) = context_2d(canvas) else {
        return;
    };
    if !background
        .as_ref()
        .is_some_and(|b| b.fits(index, track, span, canvas))
    {
        *background = Background::paint(index, track, span, canvas);
    }
    match background {
        Some(b) => {
            let _ = context.draw_image_with_html_canvas_element(&b.canvas, 0.0, 0.0);
        }
        None => paint_tracks(canvas, &context, index, track, span),
    }
    if let Some(&t) = track.times.get(position).filter(|&&t| span.contains(t)) {
        let x = LABEL + span.fraction(t) * tracks_width(f64::from(canvas.width()));
        context.set_fill_style_str("#ffffff");
        context.fill_rect(x.floor() - 1.0, 0.0, 2.0, f64::from(canvas.height()));
    }
}

/// The camera tracks and event lines.
fn paint_tracks(
    canvas: &HtmlCanvasElement,
    context: &CanvasRenderingContext2d,
    index: &Index,
    track: &Track,
    span: Span,
) {
    let width = f64::from(canvas.width());
    let height = f64::from(canvas.height());
    let inner = tracks_width(width);
    context.set_fill_style_str("#161c29");
    context.fill_rect(0.0, 0.0, width, height);
    let x_of = |t: i64| LABEL + span.fraction(t) * inner;
    // The positions whose times fall in the span.
    let first = track.times.partition_point(|&t| t < span.start) as u32;
    let end = track.times.partition_point(|&t| t <= span.end) as u32;
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
        if span.contains(event.timestamp_ms) {
            context.fill_rect(x_of(event.timestamp_ms).floor(), 0.0, 1.0, height);
        }
    }
}
