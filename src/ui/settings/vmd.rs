//! A camera's motion-detection zones: its first picture with the detection
//! grid over it; the zones can be hidden.

use std::cell::Cell;
use std::rc::Rc;

use netvu::settings::Vmd;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::platform::canvas::context_2d;
use crate::platform::frames::OpenedFile;
use crate::platform::picture::{draw, load_frame};
use crate::ui::context::use_services;

#[derive(Properties, PartialEq)]
pub struct VmdProps {
    pub file: OpenedFile,
    pub vmd: Rc<Vmd>,
}

/// Paints the zones of `vmd` (set cells filled, every cell outlined) on `canvas`.
fn paint_zones(canvas: &HtmlCanvasElement, vmd: &Vmd) {
    let (Some(context), Some(grid)) = (context_2d(canvas), vmd.grid_size()) else {
        return;
    };
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let (cw, ch) = (w / f64::from(grid.columns), h / f64::from(grid.rows));
    context.clear_rect(0.0, 0.0, w, h);
    context.set_fill_style_str("rgba(255, 80, 60, 0.45)");
    for r in 0..grid.rows {
        for c in 0..grid.columns {
            if vmd.cell(c, r) {
                context.fill_rect(f64::from(c) * cw, f64::from(r) * ch, cw, ch);
            }
        }
    }
    context.set_stroke_style_str("rgba(255, 255, 255, 0.35)");
    let line = |x0: f64, y0: f64, x1: f64, y1: f64| {
        context.begin_path();
        context.move_to(x0, y0);
        context.line_to(x1, y1);
        context.stroke();
    };
    for c in 0..=grid.columns {
        line(f64::from(c) * cw, 0.0, f64::from(c) * cw, h);
    }
    for r in 0..=grid.rows {
        line(0.0, f64::from(r) * ch, w, f64::from(r) * ch);
    }
}

#[function_component(VmdView)]
pub fn vmd_view(props: &VmdProps) -> Html {
    let picture = use_node_ref();
    let zones = use_node_ref();
    let show = use_state(|| true);
    let services = use_services();
    let camera = props.vmd.camera;
    let first = props.file.index.frames.iter().position(|f| {
        f.stream == camera && f.media() == netvu::Media::Video && f.codec != netvu::Codec::Pbm
    });
    {
        let picture = picture.clone();
        let file = props.file.clone();
        use_effect_with((props.file.clone(), first), move |&(_, first)| {
            let stale = Rc::new(Cell::new(false));
            if let Some(at) = first {
                let stale = stale.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = load_frame(&services, &file, at).await;
                    if let (false, Some(canvas)) =
                        (stale.get(), picture.cast::<HtmlCanvasElement>())
                    {
                        draw(&canvas, &loaded.picture, &file.index.frames[at]);
                    }
                    loaded.picture.free();
                });
            }
            move || stale.set(true)
        });
    }
    {
        let zones = zones.clone();
        use_effect_with(props.vmd.clone(), move |vmd| {
            if let Some(canvas) = zones.cast::<HtmlCanvasElement>() {
                paint_zones(&canvas, vmd);
            }
        });
    }
    let toggle = {
        let show = show.clone();
        Callback::from(move |_: Event| show.set(!*show))
    };
    html! {
        <div class="vmd card" data-testid="vmd">
            <h3>{ format!("Motion detection zones, camera {camera}") }</h3>
            <label class="check"><input type="checkbox" checked={*show} onchange={toggle} data-testid="vmd-toggle" />{ "Show zones" }</label>
            if props.vmd.grid_size().is_none() {
                <span class="muted">{ " (no valid grid: see the warnings)" }</span>
            }
            <div class="vmd-screen">
                <canvas ref={picture} width="352" height="288"></canvas>
                <canvas ref={zones} class={classes!("zones", (!*show).then_some("hidden"))} width="640" height="480" data-testid="vmd-zones"></canvas>
            </div>
            if first.is_none() {
                <p class="muted">{ "No picture of this camera in the file: zones drawn on black." }</p>
            }
        </div>
    }
}
