//! A viewer started by the `<netvu-viewer>` element (`www/netvu-viewer.js`):
//! mounted in the element's shadow root with the options its attributes
//! name, told when an attribute changes (a new `src` opens that file; a new
//! layout, camera or time goes to the player at once), its events handed
//! back to become the element's DOM events, and ended with the element.
//! The page's own entry (`src/bin/viewer.rs`) exposes this to JavaScript.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;
use yew::AppHandle;

use super::app::{Viewer, ViewerProps};
use super::context::Remote;
use crate::core::embed::protocol::Message;
use crate::core::embed::{parse_layout, parse_time, EmbedOptions};
use crate::core::playback::PlaybackAction;

/// Where a viewer puts its remote for whoever mounted it.
#[derive(Clone, Default)]
pub struct RemoteOutlet(pub Rc<RefCell<Option<Remote>>>);

impl PartialEq for RemoteOutlet {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// An element's viewer.
pub struct ElementViewer {
    handle: Option<AppHandle<Viewer>>,
    attributes: Vec<(String, String)>,
    events: Callback<Message>,
    outlet: RemoteOutlet,
}

/// The options of an element's attributes: always a minimal embed, with
/// controls only when asked for (like `<video controls>`).
fn options_of(attributes: &[(String, String)]) -> EmbedOptions {
    let mut options = EmbedOptions::from_pairs([("embed", "1"), ("controls", "false")]);
    for (name, value) in attributes {
        options.set(name, value);
    }
    options
}

impl ElementViewer {
    /// Mounts a viewer in `root` with the element's `attributes`; its
    /// events go to `events`.
    pub fn mount(
        root: Element,
        attributes: Vec<(String, String)>,
        events: Callback<Message>,
    ) -> ElementViewer {
        let outlet = RemoteOutlet::default();
        let props = ViewerProps {
            options: options_of(&attributes),
            events: Some(events.clone()),
            outlet: Some(outlet.clone()),
        };
        let handle = yew::Renderer::<Viewer>::with_root_and_props(root, props).render();
        ElementViewer {
            handle: Some(handle),
            attributes,
            events,
            outlet,
        }
    }

    /// Attribute `name` is now `value` (`None`: removed).
    pub fn set(&mut self, name: &str, value: Option<String>) {
        self.attributes.retain(|(n, _)| n != name);
        if let Some(value) = &value {
            self.attributes.push((name.to_string(), value.clone()));
        }
        let options = options_of(&self.attributes);
        if let Some(handle) = &mut self.handle {
            handle.update(ViewerProps {
                options,
                events: Some(self.events.clone()),
                outlet: Some(self.outlet.clone()),
            });
        }
        // The start applies to the first file only: a change goes to the player.
        let value = value.unwrap_or_default();
        let action = match name {
            "layout" => parse_layout(&value).map(PlaybackAction::Layout),
            "camera" => value.parse().ok().map(PlaybackAction::Camera),
            "time" | "t" => parse_time(&value).map(PlaybackAction::SeekTime),
            _ => None,
        };
        if let (Some(action), Some(remote)) = (action, self.outlet.0.borrow().as_ref()) {
            remote.command(action);
        }
    }

    /// Ends the viewer, its workers and decoders with it.
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}
