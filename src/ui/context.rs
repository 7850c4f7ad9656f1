//! The viewer's services (`platform::services`) as a yew context: every
//! component of one viewer reaches the same ones, and another viewer on the
//! page has its own.

use std::rc::Rc;

use yew::prelude::*;

use crate::platform::services::ViewerServices;

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
