//! Drawing on canvases: the 2D context, and a message drawn where a
//! picture cannot be.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, Document, HtmlCanvasElement};

/// The 2D context of `canvas`, if the browser gives one.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

/// A canvas of the page's document that is not in it (to paint off screen).
pub fn detached_canvas(document: &Document) -> Option<HtmlCanvasElement> {
    document
        .create_element("canvas")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
}
