//! The H.264 decoding worker, for browsers without WebCodecs
//! (`window.VideoDecoder` missing): the page sends the Annex B access units
//! of a camera's frames from its last key frame up to the one to show, and
//! gets that frame back as RGBA, decoded by `rusty_h264-decoder` (pure Rust)
//! off the page's thread. The page starts this worker only then, so a
//! browser with WebCodecs never fetches it.
//!
//! Stateless, like the WebCodecs path (`src/h264.rs`): each request decodes
//! its run with a fresh decoder, from the last IDR access unit in it (decode
//! order). Messages:
//! - `["decode", id, [unit, …]]`: answers `["picture", id, width, height,
//!   rgba]` for the last unit (the RGBA buffer is transferred), or
//!   `["error", id, message]`.
//!
//! Loaded by `www/h264-decoder-loader.js`, which queues messages until this is ready.

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::{Array, Uint8Array};
    use netvu_mpeg4::{yuv420_to_rgba, Picture, VopType};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(parts: &[JsValue], transfer: Option<&JsValue>) {
        let message = parts.iter().collect::<Array>();
        let list = Array::new();
        if let Some(buffer) = transfer {
            list.push(buffer);
        }
        // A failed post leaves the page's request unanswered; it times out there.
        let _ = scope().post_message_with_transfer(&message, &list);
    }

    /// Decodes `units` from the last IDR among them; the last unit's picture
    /// as (width, height, RGBA).
    fn decode(units: &Array) -> Result<(u32, u32, Vec<u8>), String> {
        let units: Vec<Vec<u8>> = units
            .iter()
            .map(|unit| Uint8Array::from(unit).to_vec())
            .collect();
        if units.is_empty() {
            return Err("no H.264 frame to decode".into());
        }
        let start = units
            .iter()
            .rposition(|au| rusty_h264_decoder::au_is_idr(au))
            .ok_or("no IDR access unit (key frame) before this frame")?;
        let mut decoder = rusty_h264_decoder::Decoder::new();
        let last = units.len() - 1;
        let mut picture = None;
        for (at, au) in units.iter().enumerate().skip(start) {
            let result = decoder.decode(au);
            // Only the last unit's picture is wanted; earlier ones build its references.
            if at == last {
                picture = result.map_err(|e| format!("H.264 not decoded: {e:?}"))?;
            }
        }
        let frame = picture.ok_or("the H.264 frame holds no picture")?;
        let (width, height) = (frame.width, frame.height);
        let (cw, ch) = (width.div_ceil(2), height.div_ceil(2));
        if frame.y.len() < width * height || frame.u.len() < cw * ch || frame.v.len() < cw * ch {
            return Err("the H.264 decoder returned short planes".into());
        }
        let picture = Picture {
            width: width as u32,
            height: height as u32,
            y: frame.y,
            u: frame.u,
            v: frame.v,
            vop_type: VopType::I,
            coded: true,
        };
        let mut rgba = vec![0u8; width * height * 4];
        // BT.601 limited range, 4:2:0: the MPEG-4 worker's conversion.
        yuv420_to_rgba(&picture, &mut rgba);
        Ok((picture.width, picture.height, rgba))
    }

    fn on_message(event: MessageEvent) {
        let data = Array::from(&event.data());
        if data.get(0).as_string().as_deref() != Some("decode") {
            return;
        }
        let id = data.get(1);
        match decode(&Array::from(&data.get(2))) {
            Ok((width, height, rgba)) => {
                let array = Uint8Array::from(rgba.as_slice());
                let buffer = array.buffer();
                post(
                    &[
                        "picture".into(),
                        id,
                        width.into(),
                        height.into(),
                        array.into(),
                    ],
                    Some(&buffer),
                );
            }
            Err(message) => post(&["error".into(), id, message.into()], None),
        }
    }

    pub fn start() {
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        handler.forget();
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the netvu-viewer H.264 decoding worker runs in a browser's Web Worker");
    std::process::exit(2);
}
