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

/// What `www/netvu-viewer.js` (the `<netvu-viewer>` element) calls: here,
/// in the page's own entry, so that no worker exports it.
#[cfg(target_arch = "wasm32")]
mod element {
    use netvu_viewer::platform::js::plain_object;
    use netvu_viewer::ui::element::ElementViewer;
    use wasm_bindgen::prelude::*;
    use yew::Callback;

    /// A `<netvu-viewer>` element's viewer.
    #[wasm_bindgen]
    pub struct NetvuElementViewer(ElementViewer);

    #[wasm_bindgen]
    impl NetvuElementViewer {
        /// Attribute `name` changed to `value` (`undefined`: removed).
        pub fn set(&mut self, name: &str, value: Option<String>) {
            self.0.set(name, value);
        }

        /// The element left the page: the viewer ends.
        pub fn destroy(&mut self) {
            self.0.destroy();
        }
    }

    /// Mounts a viewer in `root` with the element's attributes (an array of
    /// `[name, value]`); `dispatch(type, detail)` makes its DOM events.
    #[wasm_bindgen(js_name = mountElement)]
    pub fn mount_element(
        root: web_sys::Element,
        attributes: js_sys::Array,
        dispatch: js_sys::Function,
    ) -> NetvuElementViewer {
        let attributes = attributes
            .iter()
            .filter_map(|pair| {
                let pair = js_sys::Array::from(&pair);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect();
        let events = Callback::from(
            move |message: netvu_viewer::core::embed::protocol::Message| {
                if let (Some(name), Some(detail)) =
                    (message.element_event(), plain_object(&message))
                {
                    // A throwing listener is the page's own business.
                    let _ = dispatch.call2(&JsValue::NULL, &name.into(), &detail);
                }
            },
        );
        NetvuElementViewer(ElementViewer::mount(root, attributes, events))
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("netvu-viewer runs in a browser: build it with `trunk build --release` (see scripts/serve.sh)");
    std::process::exit(2);
}
