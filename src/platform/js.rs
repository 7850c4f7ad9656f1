//! Small bridges to JavaScript shared by the page and the workers.

use wasm_bindgen::JsValue;

/// A thrown JavaScript value as text.
pub fn js_error(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// Milliseconds on the page's monotonic clock (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// `value` as a plain JavaScript object, as a page reads it (a flattened
/// struct is otherwise a `Map`).
pub fn plain_object<T: serde::Serialize>(value: &T) -> Option<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
}
