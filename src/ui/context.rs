//! What every component of one viewer reaches through yew contexts, and
//! another viewer on the page has its own of: its services
//! (`platform::services`) and its remote (the page driving it).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::core::embed::protocol::Message;
use crate::core::playback::PlaybackAction;
use crate::platform::services::ViewerServices;
use crate::ui::player::PlayerState;

/// A handle on one viewer's services; equal only to itself.
#[derive(Clone)]
pub struct Services(pub Rc<ViewerServices>);

impl PartialEq for Services {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Services {
    type Target = ViewerServices;
    fn deref(&self) -> &ViewerServices {
        &self.0
    }
}

/// The services of the viewer this component is in.
#[hook]
pub fn use_services() -> Services {
    // Every component below a viewer has them: `Viewer` provides them first.
    use_context::<Services>().expect("a component of a viewer")
}

/// How the page around a viewer drives it and hears from it (an embedding
/// page's messages, a `<netvu-viewer>` element's attributes): the player it
/// sends commands to, and where the viewer's lifecycle events go.
#[derive(Clone, Default)]
pub struct Remote {
    /// The player shown, while there is one.
    pub player: Rc<RefCell<Option<UseReducerDispatcher<PlayerState>>>>,
    /// Told of files opened and indexed, and of each picture shown.
    pub events: Callback<Message>,
    /// The page wants each file's SHA-256 (reading every byte: slower).
    pub wants_hashes: Rc<Cell<bool>>,
}

impl PartialEq for Remote {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.player, &other.player) && self.events == other.events
    }
}

impl Remote {
    /// Sends `action` to the player; false if none is shown.
    pub fn command(&self, action: PlaybackAction) -> bool {
        match self.player.borrow().as_ref() {
            Some(player) => {
                player.dispatch(action);
                true
            }
            None => false,
        }
    }
}

/// The remote of the viewer this component is in (none in a bare test).
#[hook]
pub fn use_remote() -> Remote {
    use_context::<Remote>().unwrap_or_default()
}
