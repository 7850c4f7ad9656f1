//! The MPEG-4 decoding worker: no browser decodes MPEG-4 Part 2, so the
//! page sends the elementary-stream bytes of a camera's frames here and gets
//! RGBA pictures back, decoded by `netvu_mpeg4` off the page's thread.
//!
//! One `netvu_mpeg4::Decoder` per decoder key (the page uses one per camera
//! of an opened file), kept between requests so stepping forward decodes one
//! frame. Messages:
//! - `["decode", id, key, reset, [unit, …]]`: resets the key's decoder if
//!   `reset` (a seek: the units then run from a key frame), decodes the units
//!   in order, and answers for the last one `["picture", id, width, height,
//!   rgba, problems]` (the RGBA buffer is transferred), `["nothing", id]`
//!   (headers only), or `["error", id, kind, message]` with kind
//!   `missing-reference`, `unsupported` or `damaged`;
//! - `["forget", key]` drops a decoder.
//!
//! Loaded by `www/decoder-loader.js`, which queues messages until this is ready.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use js_sys::{Array, Uint8Array};
    use netvu_mpeg4::{yuv420_to_rgba, DecodeError, Decoder, Picture};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        static DECODERS: RefCell<HashMap<u32, Decoder>> = RefCell::default();
    }

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

    fn error_kind(error: &DecodeError) -> &'static str {
        match error {
            DecodeError::MissingReference | DecodeError::NoVol => "missing-reference",
            DecodeError::Unsupported(_) => "unsupported",
            DecodeError::Truncated | DecodeError::Invalid(_) => "damaged",
        }
    }

    /// Decodes `units` with the decoder of `key`; the outcome of the last.
    fn decode(
        key: u32,
        reset: bool,
        units: &Array,
    ) -> Result<Option<(Picture, Vec<String>)>, DecodeError> {
        DECODERS.with(|decoders| {
            let mut decoders = decoders.borrow_mut();
            let decoder = decoders.entry(key).or_default();
            if reset {
                decoder.reset();
            }
            let mut outcome = Ok(None);
            let count = units.length();
            for at in 0..count {
                let bytes = Uint8Array::from(units.get(at)).to_vec();
                let result = decoder.decode(&bytes);
                // Only the last unit's picture is wanted; earlier ones build its references.
                if at + 1 == count {
                    outcome = result.map(|p| p.map(|p| (p, decoder.last_problems().to_vec())));
                }
            }
            outcome
        })
    }

    fn on_message(event: MessageEvent) {
        let data = Array::from(&event.data());
        let number = |at| data.get(at).as_f64().unwrap_or(0.0);
        match data.get(0).as_string().as_deref() {
            Some("decode") => {
                let id = data.get(1);
                let key = number(2) as u32;
                let reset = data.get(3).is_truthy();
                let units = Array::from(&data.get(4));
                match decode(key, reset, &units) {
                    Ok(Some((picture, problems))) => {
                        let mut rgba =
                            vec![0u8; picture.width as usize * picture.height as usize * 4];
                        yuv420_to_rgba(&picture, &mut rgba);
                        let array = Uint8Array::from(rgba.as_slice());
                        let buffer = array.buffer();
                        post(
                            &[
                                "picture".into(),
                                id,
                                picture.width.into(),
                                picture.height.into(),
                                array.into(),
                                problems.join("; ").into(),
                            ],
                            Some(&buffer),
                        );
                    }
                    Ok(None) => post(&["nothing".into(), id], None),
                    Err(error) => post(
                        &[
                            "error".into(),
                            id,
                            error_kind(&error).into(),
                            error.to_string().into(),
                        ],
                        None,
                    ),
                }
            }
            Some("forget") => {
                let key = number(1) as u32;
                DECODERS.with(|d| d.borrow_mut().remove(&key));
            }
            _ => {}
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
    eprintln!("the netvu-viewer MPEG-4 decoding worker runs in a browser's Web Worker");
    std::process::exit(2);
}
