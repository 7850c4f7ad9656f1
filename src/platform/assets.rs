//! Where the page finds the scripts it starts itself: its workers' loaders.
//! Beside the page, by relative URLs, so that `dist/` works from any
//! sub-path of any server; or where the page's global `netvuAssetUrls`
//! (`{ "indexer-loader.js": "blob:…" }`) says: the single-file build
//! (`netvu-viewer.html`, `scripts/post-build/single-file.mjs`) starts its
//! workers from Blob URLs of sources it holds inline.

use wasm_bindgen::JsValue;

/// The URL of `file`, a file Trunk puts beside the page.
pub fn asset_url(file: &str) -> String {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &JsValue::from_str("netvuAssetUrls"))
        .and_then(|urls| js_sys::Reflect::get(&urls, &JsValue::from_str(file)))
        .ok()
        .and_then(|url| url.as_string())
        .unwrap_or_else(|| format!("./{file}"))
}
