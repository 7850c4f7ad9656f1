//! Viewers on a page: one on every element marked `data-netvu-viewer`. A
//! viewer whose element leaves the page is ended, with its workers and
//! decoders, so a page that drops a viewer (or a whole section) gets its
//! memory back.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, MutationObserver, MutationObserverInit, Window};
use yew::AppHandle;

use super::app::{Viewer, ViewerProps};
use crate::core::embed::EmbedOptions;
use crate::platform::address::{address_pairs, attribute_pairs};

/// Where the page asks for viewers.
pub const MOUNT_MARK: &str = "data-netvu-viewer";

type Mounted = Rc<RefCell<Vec<(Element, AppHandle<Viewer>)>>>;

/// Starts a viewer on each marked element of `document`, with the options
/// its attributes name; the first also takes those of the page's address
/// (`?src=…&layout=…`, a deep link's `#sha256=…`).
pub fn mount_viewers(window: &Window, document: &Document) {
    let Ok(marked) = document.query_selector_all(&format!("[{MOUNT_MARK}]")) else {
        return;
    };
    let mut address = Some(address_pairs(window));
    let mounted: Mounted = Rc::default();
    for at in 0..marked.length() {
        let Some(element) = marked.item(at).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let pairs: Vec<(String, String)> = attribute_pairs(&element)
            .into_iter()
            .chain(address.take().unwrap_or_default())
            .collect();
        let props = ViewerProps {
            options: EmbedOptions::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
            events: None,
            outlet: None,
        };
        let handle = yew::Renderer::<Viewer>::with_root_and_props(element.clone(), props).render();
        mounted.borrow_mut().push((element, handle));
    }
    end_viewers_when_removed(document, mounted);
}

/// Watches the page: a viewer whose element is no longer in it is ended.
fn end_viewers_when_removed(document: &Document, mounted: Mounted) {
    let Some(body) = document.body() else {
        return;
    };
    let check = Closure::<dyn FnMut()>::new(move || {
        let mut viewers = mounted.borrow_mut();
        let (gone, kept): (Vec<_>, Vec<_>) =
            viewers.drain(..).partition(|(e, _)| !e.is_connected());
        *viewers = kept;
        drop(viewers);
        for (_, handle) in gone {
            handle.destroy();
        }
    });
    let Ok(observer) = MutationObserver::new(check.as_ref().unchecked_ref()) else {
        return;
    };
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    if observer.observe_with_options(&body, &options).is_ok() {
        // The observer and its callback live as long as the page.
        check.forget();
    }
}
