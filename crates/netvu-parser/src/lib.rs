//! The `netvu` parser for web pages that need data, not pictures: an ES
//! module (`dist/netvu-parser.js`, README "Parser API for pages") whose
//! functions return plain JS objects, described by `types.d.ts`. This crate
//! only binds: the parsing is the library's, the shapes are in `views`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

mod views;

use views::{FrameResult, IndexView, ProbeView};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Plain objects: `null` for what is missing, `Uint8Array` for bytes.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|error| JsError::new(&error.to_string()))
}

/// What a file is, from its first bytes (64 KiB are enough).
#[wasm_bindgen(unchecked_return_type = "Probe")]
pub fn probe(bytes: &[u8]) -> Result<JsValue, JsError> {
    to_js(&ProbeView::of(bytes))
}

/// Everything indexing finds in a file: its frames, cameras, audio
/// channels, events, problems and settings. A `Blob` (a `File`) is read in
/// blocks, never whole; PAR chunk CRCs are checked.
#[wasm_bindgen(unchecked_return_type = "FileIndex")]
pub async fn index(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | Blob")] source: JsValue,
) -> Result<JsValue, JsError> {
    let index = if let Some(bytes) = source.dyn_ref::<js_sys::Uint8Array>() {
        netvu::index_bytes(&bytes.to_vec())
    } else if let Some(blob) = source.dyn_ref::<web_sys::Blob>() {
        let options = netvu::indexer::IndexOptions::default();
        let mut indexing = netvu_blob::BlobIndexing::start(blob, options, false)
            .await
            .map_err(|error| JsError::new(&error))?;
        while indexing
            .next_block()
            .await
            .map_err(|error| JsError::new(&error))?
            .is_some()
        {}
        indexing.finish().0
    } else {
        return Err(JsError::new(
            "index() takes a Uint8Array or a Blob (a File)",
        ));
    };
    to_js(&IndexView::of(&index))
}

/// The settings a file holds (a PAR `SETT` chunk), secret values emptied;
/// `null` if it holds none.
#[wasm_bindgen(unchecked_return_type = "Settings | null")]
pub fn settings(bytes: &[u8]) -> Result<JsValue, JsError> {
    let index = netvu::index_bytes(bytes);
    to_js(&index.settings.map(|s| views::settings_view(&s.settings)))
}

/// Frame `n` of the file `bytes` (a position in `index(bytes).frames`):
/// its entry, every field of its headers, and the unit a decoder takes.
#[wasm_bindgen(unchecked_return_type = "Frame")]
pub fn frame(bytes: &[u8], n: usize) -> Result<JsValue, JsError> {
    let index = netvu::index_bytes(bytes);
    let frame = FrameResult::of(&index, bytes, n).ok_or_else(|| {
        JsError::new(&format!(
            "no frame {n}: the file has {} frames and data units",
            index.frames.len()
        ))
    })?;
    to_js(&frame)
}
