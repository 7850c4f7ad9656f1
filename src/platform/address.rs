//! The page's address and an element's attributes as name/value pairs, for
//! `core::embed::EmbedOptions` to read.

use wasm_bindgen::JsCast;
use web_sys::{Element, UrlSearchParams, Window};

/// The names a viewer's options go by (`core::embed`).
const OPTION_NAMES: [&str; 8] = [
    "src", "embed", "layout", "camera", "t", "time", "allow", "sha256",
];

/// `a=1&b=2` (decoded as the browser decodes a query) as pairs.
fn pairs_of(text: &str) -> Vec<(String, String)> {
    let Ok(params) = UrlSearchParams::new_with_str(text) else {
        return Vec::new();
    };
    let Ok(Some(entries)) = js_sys::try_iter(&params) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.dyn_into().ok()?;
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        })
        .collect()
}

/// The pairs of the page's query (`?…`), then of its fragment (`#…`, a deep link).
pub fn address_pairs(window: &Window) -> Vec<(String, String)> {
    let location = window.location();
    let query = location.search().unwrap_or_default();
    let fragment = location.hash().unwrap_or_default();
    let mut pairs = pairs_of(&query);
    pairs.extend(pairs_of(fragment.trim_start_matches('#')));
    pairs
}

/// The options an element names in its attributes (`layout="2x2"` or `data-layout="2x2"`).
pub fn attribute_pairs(element: &Element) -> Vec<(String, String)> {
    OPTION_NAMES
        .iter()
        .flat_map(|name| [name.to_string(), format!("data-{name}")])
        .filter_map(|attribute| {
            let value = element.get_attribute(&attribute)?;
            Some((attribute.trim_start_matches("data-").to_string(), value))
        })
        .collect()
}
