//! The page: a viewer on every element marked `data-netvu-viewer` (the
//! page's `#app` by default); the page's address (`?src=…&embed=1…`, a
//! deep link) is for the first.

#[cfg(target_arch = "wasm32")]
fn main() {
    if let Some(window) = web_sys::window() {
        if let Some(document) = window.document() {
            netvu_viewer::ui::mount::mount_viewers(&window, &document);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("netvu-viewer runs in a browser: build it with `trunk build --release` (see scripts/serve.sh)");
    std::process::exit(2);
}
