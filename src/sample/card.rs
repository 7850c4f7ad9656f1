//! The sample's JPEG test cards, drawn and encoded by the browser.

use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::{Card, FRAMES_PER_CAMERA, HEIGHT, WIDTH};
use crate::platform::canvas::{context_2d, detached_canvas};
use crate::platform::js::js_error;

/// The sample recording, its cards drawn by this page.
pub fn build_sample() -> Result<Vec<u8>, String> {
    super::build_sample(test_card)
}

/// One test card as a JPEG. Encoded with the synchronous `toDataURL` of a
/// detached canvas: `OffscreenCanvas.convertToBlob` waits for the browser to
/// be idle, which in a page that paints nothing (headless) can take seconds.
fn test_card(card: &Card) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let canvas: HtmlCanvasElement =
        detached_canvas(&window.document().ok_or("no document")?).ok_or("no canvas")?;
    canvas.set_width(WIDTH);
    canvas.set_height(HEIGHT);
    let context = context_2d(&canvas).ok_or("no 2d context")?;
    let (width, height) = (f64::from(WIDTH), f64::from(HEIGHT));
    context.set_fill_style_str(card.colour);
    context.fill_rect(0.0, 0.0, width, height);
    // A bar that moves from frame to frame, so stepping and playing show.
    context.set_fill_style_str("#f5c542");
    let bar_x = f64::from(card.frame) * (width - 40.0) / f64::from(FRAMES_PER_CAMERA - 1);
    context.fill_rect(bar_x, height - 70.0, 40.0, 40.0);
    context.set_fill_style_str("#ffffff");
    context.set_font("bold 30px sans-serif");
    context
        .fill_text(&format!("CAMERA {}", card.camera), 20.0, 60.0)
        .map_err(js_error)?;
    context.set_font("22px sans-serif");
    context
        .fill_text(card.title, 20.0, 100.0)
        .map_err(js_error)?;
    context
        .fill_text(&format!("frame {}", card.frame + 1), 20.0, 140.0)
        .map_err(js_error)?;
    let url = canvas
        .to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(0.8))
        .map_err(js_error)?;
    let base64 = url.split_once(',').ok_or("not a data URL")?.1;
    let binary = window.atob(base64).map_err(js_error)?;
    // atob gives one char per byte.
    Ok(binary.chars().map(|c| c as u8).collect())
}
