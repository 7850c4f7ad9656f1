//! The motion mask recorded with a picture, on a canvas of its own over
//! it (the same size as the picture, so `object-fit: contain` places both
//! alike).

use std::cell::Cell;
use std::rc::Rc;

use netvu::codec::pbm::Mask;
use netvu::unit::{decodable, Decodable};
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::platform::canvas::context_2d;
use crate::platform::frames::{fetch_unit, OpenedFile};

#[derive(Properties, PartialEq)]
pub struct MaskProps {
    pub file: OpenedFile,
    /// The mask unit to draw (an index into `file.index.frames`), if any.
    pub mask: Option<usize>,
    /// The picture's size.
    pub size: Option<(u32, u32)>,
}

#[function_component(MaskLayer)]
pub fn mask_layer(props: &MaskProps) -> Html {
    let canvas = use_node_ref();
    let shown = use_state(|| false);
    {
        let canvas = canvas.clone();
        let shown = shown.clone();
        let file = props.file.clone();
        use_effect_with(
            (props.file.clone(), props.mask, props.size),
            move |&(_, mask, size)| {
                let stale = Rc::new(Cell::new(false));
                match mask {
                    None => shown.set(false),
                    Some(at) => {
                        let stale = stale.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let mask = load_mask(&file, at).await;
                            if stale.get() {
                                return;
                            }
                            let drawn = match (mask, canvas.cast::<HtmlCanvasElement>()) {
                                (Some(mask), Some(canvas)) => draw_mask(&canvas, &mask, size),
                                _ => false,
                            };
                            shown.set(drawn);
                        });
                    }
                }
                move || stale.set(true)
            },
        );
    }
    html! {
        <canvas ref={canvas} class={classes!("mask-layer", (!*shown).then_some("hidden"))} data-testid="mask-layer" width="16" height="12"></canvas>
    }
}

/// The motion mask in unit `at` of `file`, if it reads as one.
async fn load_mask(file: &OpenedFile, at: usize) -> Option<Mask> {
    let (entry, unit) = fetch_unit(file, at).await.ok()?;
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
    let Some(context) = context_2d(canvas) else {
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
