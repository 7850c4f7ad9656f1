//! Protocol messages (`core::protocol`) as they cross `postMessage`: an
//! object `{ header, data }`, `header` the JSON envelope of the message and
//! `data` the bytes it travels with (a file, frame entries, units, pixels),
//! handed over without a copy where they can be.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::core::protocol::{decode, encode, ProtocolError};

const HEADER: &str = "header";
const DATA: &str = "data";

/// The object to post for `message`, with `data` beside it.
pub fn outgoing<M: Serialize>(message: &M, data: Option<&JsValue>) -> JsValue {
    let object = js_sys::Object::new();
    // Setting a property of a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&object, &HEADER.into(), &encode(message).into());
    if let Some(data) = data {
        let _ = js_sys::Reflect::set(&object, &DATA.into(), data);
    }
    object.into()
}

/// The message in a received `event.data`, and what travelled with it
/// (`undefined` if nothing did).
pub fn incoming<M: DeserializeOwned>(value: &JsValue) -> Result<(M, JsValue), ProtocolError> {
    let field = |name: &str| js_sys::Reflect::get(value, &name.into()).unwrap_or_default();
    let header = field(HEADER)
        .as_string()
        .ok_or_else(|| ProtocolError::Malformed("no header".into()))?;
    Ok((decode(&header)?, field(DATA)))
}
