//! The player's keyboard shortcuts (`core::playback::action_for_key`). A
//! page may hold several viewers: a key goes to the one it was typed in
//! (a click inside a viewer focuses it), or, typed on the page itself, to
//! the page's only viewer. A form control keeps its own keys.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlInputElement, HtmlSelectElement, KeyboardEvent, Node};
use yew::prelude::*;

use super::PlayerState;
use crate::core::playback::{action_for_key, PlaybackAction};

/// The attribute that marks the element a viewer renders (the page marks
/// where viewers go with `data-netvu-viewer`).
pub const VIEWER_ROOT: &str = "data-viewer-root";

/// Whether a key typed at `target` is for the player at `player`.
fn typed_in(player: &Element, target: &Node) -> bool {
    let viewer = player
        .closest(&format!("[{VIEWER_ROOT}]"))
        .ok()
        .flatten()
        .unwrap_or_else(|| player.clone());
    if viewer.contains(Some(target)) {
        return true;
    }
    let Some(document) = player.owner_document() else {
        return false;
    };
    let on_the_page = document
        .body()
        .is_some_and(|b| b.is_same_node(Some(target)))
        || document
            .document_element()
            .is_some_and(|e| e.is_same_node(Some(target)));
    let viewers = document
        .query_selector_all(&format!("[{VIEWER_ROOT}]"))
        .map_or(0, |list| list.length());
    on_the_page && viewers <= 1
}

/// Typing in a text box or choosing in a list keeps its keys; a checkbox or
/// button does not need them.
fn in_form_control(target: &EventTarget) -> bool {
    target
        .dyn_ref::<HtmlInputElement>()
        .is_some_and(|input| !matches!(input.type_().as_str(), "checkbox" | "radio" | "button"))
        || target.dyn_ref::<HtmlSelectElement>().is_some()
}

/// Listens for the shortcuts on the page for the player whose root is
/// `player`; `before_play` runs before play is toggled (it unlocks sound).
#[hook]
pub fn use_shortcuts(
    player: &NodeRef,
    dispatcher: UseReducerDispatcher<PlayerState>,
    before_play: Callback<()>,
) {
    // The listener stays; the latest `before_play` is read when a key comes.
    let latest = use_mut_ref(|| before_play.clone());
    *latest.borrow_mut() = before_play;
    let player = player.clone();
    use_effect_with((), move |_| {
        let listener = web_sys::window()
            .and_then(|w| w.document())
            .map(|document| {
                // Not passive: space must not also scroll the page.
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let (Some(key), Some(player)) =
                        (event.dyn_ref::<KeyboardEvent>(), player.cast::<Element>())
                    else {
                        return;
                    };
                    // Inside a shadow root (a `<netvu-viewer>`), the page sees the
                    // element as the target: the first of the event's path is the real one.
                    let Some(target) = key
                        .composed_path()
                        .get(0)
                        .dyn_into::<EventTarget>()
                        .ok()
                        .or_else(|| key.target())
                    else {
                        return;
                    };
                    let Some(node) = target.dyn_ref::<Node>() else {
                        return;
                    };
                    if !typed_in(&player, node) || in_form_control(&target) {
                        return;
                    }
                    if key.ctrl_key() || key.meta_key() || key.alt_key() {
                        return;
                    }
                    if let Some(action) = action_for_key(&key.key(), key.shift_key()) {
                        key.prevent_default();
                        if action == PlaybackAction::TogglePlay {
                            latest.borrow().emit(());
                        }
                        dispatcher.dispatch(action);
                    }
                })
            });
        move || drop(listener)
    });
}
