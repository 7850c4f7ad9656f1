//! The embedding page's messages (`core::embed::protocol`): a viewer in an
//! `<iframe>` (or a window opened by the page) is driven by `postMessage`.
//! Only pages of allowed origins (the viewer's own, or those its `allow`
//! option names) are answered; the page that pinged last is told of the
//! viewer's events. Messages without `netvu` are another tool's: ignored.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, MessageEvent, Window};
use yew::prelude::*;

use super::open::NamedBlob;
use crate::core::embed::protocol::{
    ErrorCode, Incoming, Message, Outgoing, Request, EMBED_VERSION,
};
use crate::core::embed::{parse_layout, parse_time, EmbedOptions};
use crate::core::playback::PlaybackAction;
use crate::platform::blob::blob_of;
use crate::platform::js::plain_object;
use crate::ui::context::Remote;

/// The page told of the viewer's events: its window and origin.
#[derive(Clone, Default)]
pub struct Client(Rc<RefCell<Option<(Window, String)>>>);

impl Client {
    /// Tells the page of `message`, if a page has pinged.
    pub fn tell(&self, message: Message) {
        if let Some((window, origin)) = self.0.borrow().as_ref() {
            post(window, origin, &Outgoing::new(None, message));
        }
    }
}

fn post(window: &Window, origin: &str, message: &Outgoing) {
    if let Some(value) = plain_object(message) {
        // A page that went away cannot be told.
        let _ = window.post_message(&value, origin);
    }
}

/// What a request did, or why it was refused.
type Answer = Result<(), (ErrorCode, String)>;

/// Listens for the page's messages to this viewer, if `listen`.
#[hook]
pub fn use_message_api(
    listen: bool,
    options: &EmbedOptions,
    remote: &Remote,
    client: &Client,
    open: &Callback<Vec<NamedBlob>>,
) {
    let options = options.clone();
    let remote = remote.clone();
    let client = client.clone();
    let open = open.clone();
    use_effect_with((), move |_| {
        let listener = web_sys::window().filter(|_| listen).map(|window| {
            let own = window.location().origin().unwrap_or_default();
            EventListener::new(&window, "message", move |event| {
                if let Some(event) = event.dyn_ref::<MessageEvent>() {
                    receive(event, &own, &options, &remote, &client, &open);
                }
            })
        });
        move || drop(listener)
    });
}

fn receive(
    event: &MessageEvent,
    own: &str,
    options: &EmbedOptions,
    remote: &Remote,
    client: &Client,
    open: &Callback<Vec<NamedBlob>>,
) {
    let data = event.data();
    if !Reflect::has(&data, &"netvu".into()).unwrap_or(false) {
        return;
    }
    // Another origin's window is not an instance of this realm's `Window`,
    // but takes `postMessage` all the same.
    let Some(sender) = event.source().map(|s| s.unchecked_into::<Window>()) else {
        return;
    };
    let origin = event.origin();
    let answer = if options.allows(&origin, own) {
        answer(&data, (&sender, &origin), remote, client, open)
    } else {
        // A refused page is told so, which tells it nothing of the viewer.
        Err((
            ErrorCode::NotAllowed,
            format!("{origin} may not drive this viewer"),
        ))
    };
    let id = request_id(&data);
    let reply = match answer {
        Ok(message) => Outgoing::new(id, message),
        Err((code, why)) => Outgoing::error(id, code, why),
    };
    post(&sender, &origin, &reply);
}

/// The answer to an allowed page's message: a ping makes it the page told
/// of the viewer's events (with each file's SHA-256).
fn answer(
    data: &JsValue,
    (sender, origin): (&Window, &str),
    remote: &Remote,
    client: &Client,
    open: &Callback<Vec<NamedBlob>>,
) -> Result<Message, (ErrorCode, String)> {
    let incoming = read(data).map_err(|why| (ErrorCode::BadRequest, why))?;
    if incoming.netvu != EMBED_VERSION {
        return Err((
            ErrorCode::OtherVersion,
            format!(
                "this viewer speaks version {EMBED_VERSION}, not {}",
                incoming.netvu
            ),
        ));
    }
    if incoming.request == Request::Ping {
        *client.0.borrow_mut() = Some((sender.clone(), origin.to_string()));
        remote.wants_hashes.set(true);
        return Ok(Message::Pong);
    }
    carry_out(incoming.request, data, remote, open).map(|()| Message::Ok)
}

/// The request in a message, without the bytes it carries.
fn read(data: &JsValue) -> Result<Incoming, String> {
    let header = Object::assign(&Object::new(), &data.clone().unchecked_into());
    let _ = Reflect::delete_property(&header, &"data".into());
    serde_wasm_bindgen::from_value(header.into()).map_err(|e| e.to_string())
}

/// The id of a message, to answer even one that does not read.
fn request_id(data: &JsValue) -> Option<u32> {
    Reflect::get(data, &"id".into())
        .ok()?
        .as_f64()
        .map(|id| id as u32)
}

/// Does what `request` asks.
fn carry_out(
    request: Request,
    data: &JsValue,
    remote: &Remote,
    open: &Callback<Vec<NamedBlob>>,
) -> Answer {
    let bad = |why: String| (ErrorCode::BadRequest, why);
    let action = match request {
        Request::Ping => return Ok(()),
        Request::Open { name } => {
            let blob = file_of(data).map_err(bad)?;
            open.emit(vec![(name.unwrap_or_else(|| "file".into()), blob)]);
            return Ok(());
        }
        Request::Seek { time } => PlaybackAction::SeekTime(
            parse_time(&time)
                .ok_or_else(|| bad(format!("time “{time}”: expected ISO 8601 or milliseconds")))?,
        ),
        Request::Play => PlaybackAction::SetPlaying(true),
        Request::Pause => PlaybackAction::SetPlaying(false),
        Request::Layout { layout } => PlaybackAction::Layout(
            parse_layout(&layout)
                .ok_or_else(|| bad(format!("layout “{layout}”: expected 1, 2x2, 3x3 or 4x4")))?,
        ),
        Request::Camera { camera } => PlaybackAction::Camera(camera),
    };
    if remote.command(action) {
        Ok(())
    } else {
        Err((ErrorCode::NothingOpen, "no file is open yet".into()))
    }
}

/// The file an `open` message carries: a `File` or `Blob`, or an `ArrayBuffer`.
fn file_of(data: &JsValue) -> Result<Blob, String> {
    let bytes = Reflect::get(data, &"data".into()).unwrap_or_default();
    if let Some(blob) = bytes.dyn_ref::<Blob>() {
        return Ok(blob.clone());
    }
    if bytes.is_instance_of::<js_sys::ArrayBuffer>() {
        return blob_of(&Uint8Array::new(&bytes).to_vec());
    }
    Err("open carries its file as data: an ArrayBuffer, a Blob or a File".into())
}
