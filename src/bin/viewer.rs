//! The page: a viewer on every element marked `data-netvu-viewer` (the
//! page's `#app` by default); the page's `?src=` opens a file in the first.

#[cfg(target_arch = "wasm32")]
fn main() {
    if let Some(window) = web_sys::window() {
        if let Some(document) = window.document() {
            netvu_viewer::ui::mount::mount_viewers(&document, page_source(&window));
        }
    }
}

/// The `src` parameter of the page's address, if any.
#[cfg(target_arch = "wasm32")]
fn page_source(window: &web_sys::Window) -> Option<String> {
    let search = window.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("src")
        .filter(|s| !s.is_empty())
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("netvu-viewer runs in a browser: build it with `trunk build --release` (see scripts/serve.sh)");
    std::process::exit(2);
}
