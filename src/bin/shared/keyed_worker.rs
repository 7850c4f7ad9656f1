//! The message loop both decoding workers share (MPEG-4 in `decoder.rs`,
//! H.264 in `h264_decoder.rs`): one decoder per key (the page uses one per
//! camera of an opened file), kept between requests so that stepping or
//! playing forward decodes one frame. Messages:
//! - `["decode", id, key, reset, [unit, …]]`: starts the key's decoder
//!   afresh if `reset` (a seek: the units then run from a key frame),
//!   decodes the units in order, and answers for the last one
//!   `["picture", id, width, height, rgba, problems]` (the RGBA buffer is
//!   transferred), `["nothing", id]` (headers only), or
//!   `["error", id, kind, message]` with kind `missing-reference`,
//!   `unsupported` or `damaged`;
//! - `["forget", key]` drops a decoder.
//!
//! The page's side is `src/decode_worker.rs`.

use std::collections::HashMap;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// A decoded picture as the page draws it.
pub struct Rgba {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
    /// Damage the decoder concealed, for the page to show.
    pub problems: Vec<String>,
}

/// Why the last unit gave no picture, by the kind the page tells apart.
pub enum Failure {
    MissingReference(String),
    Unsupported(String),
    Damaged(String),
}

/// A decoder that keeps its reference pictures between units.
pub trait KeyedDecoder: Default + 'static {
    /// Decodes one unit; a picture is wanted (and converted) only when `last`.
    fn decode(&mut self, unit: &[u8], last: bool) -> Result<Option<Rgba>, Failure>;

    /// Forgets the reference pictures: the next unit is a key frame.
    fn reset(&mut self) {
        *self = Self::default();
    }
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

/// Decodes `units` with `decoder`; the outcome of the last.
fn decode_units<D: KeyedDecoder>(decoder: &mut D, units: &Array) -> Result<Option<Rgba>, Failure> {
    let count = units.length();
    let mut outcome = Ok(None);
    for at in 0..count {
        let bytes = Uint8Array::from(units.get(at)).to_vec();
        let last = at + 1 == count;
        let result = decoder.decode(&bytes, last);
        // Earlier units only build the last one's references.
        if last {
            outcome = result;
        }
    }
    outcome
}

fn answer(id: JsValue, outcome: Result<Option<Rgba>, Failure>) {
    match outcome {
        Ok(Some(picture)) => {
            let array = Uint8Array::from(picture.pixels.as_slice());
            let buffer = array.buffer();
            post(
                &[
                    "picture".into(),
                    id,
                    picture.width.into(),
                    picture.height.into(),
                    array.into(),
                    picture.problems.join("; ").into(),
                ],
                Some(&buffer),
            );
        }
        Ok(None) => post(&["nothing".into(), id], None),
        Err(failure) => {
            let (kind, message) = match failure {
                Failure::MissingReference(m) => ("missing-reference", m),
                Failure::Unsupported(m) => ("unsupported", m),
                Failure::Damaged(m) => ("damaged", m),
            };
            post(&["error".into(), id, kind.into(), message.into()], None);
        }
    }
}

/// Installs the message handler: the worker then serves requests until the
/// page ends it.
pub fn start<D: KeyedDecoder>() {
    let mut decoders: HashMap<u32, D> = HashMap::new();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = Array::from(&event.data());
        let key = |at| data.get(at).as_f64().unwrap_or(0.0) as u32;
        match data.get(0).as_string().as_deref() {
            Some("decode") => {
                let decoder = decoders.entry(key(2)).or_default();
                if data.get(3).is_truthy() {
                    decoder.reset();
                }
                answer(
                    data.get(1),
                    decode_units(decoder, &Array::from(&data.get(4))),
                );
            }
            Some("forget") => {
                decoders.remove(&key(1));
            }
            _ => {}
        }
    });
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
}
