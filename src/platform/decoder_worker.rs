//! The message loop both decoding workers share (MPEG-4 in
//! `src/bin/mpeg4_decoder.rs`, H.264 in `src/bin/h264_decoder.rs`): a
//! decoder per key (the page keeps one per camera of an opened file), kept
//! between requests so that stepping or playing forward decodes one frame.
//! The messages are `core::protocol`'s `ToDecoder` and `FromDecoder`; the
//! page's side is `decoding.rs`.

use std::collections::HashMap;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::messages::{incoming, outgoing};
use crate::core::protocol::{DecodeFailure, DecoderKey, FromDecoder, RequestId, ToDecoder};

/// A decoded picture as the page draws it.
pub struct Rgba {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
    /// Damage the decoder concealed, for the page to show.
    pub concealed: Vec<String>,
}

/// A decoder that keeps its reference pictures between units.
pub trait KeyedDecoder: Default + 'static {
    /// Decodes one unit; a picture is wanted (and converted) only when `last`.
    fn decode(&mut self, unit: &[u8], last: bool) -> Result<Option<Rgba>, DecodeFailure>;

    /// Forgets the reference pictures: the next unit is a key frame.
    fn reset(&mut self) {
        *self = Self::default();
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Decodes `units` with `decoder`; the outcome of the last.
fn decode_units<D: KeyedDecoder>(
    decoder: &mut D,
    units: &Array,
) -> Result<Option<Rgba>, DecodeFailure> {
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

fn answer(request: RequestId, outcome: Result<Option<Rgba>, DecodeFailure>) {
    let (message, pixels) = match outcome {
        Ok(Some(picture)) => (
            FromDecoder::Picture {
                request,
                width: picture.width,
                height: picture.height,
                concealed: picture.concealed,
            },
            Some(Uint8Array::from(picture.pixels.as_slice())),
        ),
        Ok(None) => (FromDecoder::HeadersOnly { request }, None),
        Err(failure) => (FromDecoder::Failed { request, failure }, None),
    };
    let transfer = Array::new();
    if let Some(pixels) = &pixels {
        transfer.push(&pixels.buffer());
    }
    let data: Option<JsValue> = pixels.map(Into::into);
    // A failed post leaves the page's request unanswered: the page then
    // waits no more than for a dead worker.
    let _ = scope().post_message_with_transfer(&outgoing(&message, data.as_ref()), &transfer);
}

/// Installs the message handler: the worker then serves requests until the
/// page ends it.
pub fn serve<D: KeyedDecoder>() {
    let mut decoders: HashMap<DecoderKey, D> = HashMap::new();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let (message, data) = match incoming::<ToDecoder>(&event.data()) {
            Ok(received) => received,
            // A message of another build names no request to answer: the
            // page hears of it as the worker's error, and stops using it.
            Err(error) => wasm_bindgen::throw_str(&format!("the page sent {error}")),
        };
        match message {
            ToDecoder::Decode {
                request,
                decoder,
                reset,
            } => {
                let decoder = decoders.entry(decoder).or_default();
                if reset {
                    decoder.reset();
                }
                answer(request, decode_units(decoder, &Array::from(&data)));
            }
            ToDecoder::Forget { decoder } => {
                decoders.remove(&decoder);
            }
        }
    });
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
}
