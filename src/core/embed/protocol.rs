//! The messages between a page and a viewer it embeds in an `<iframe>`,
//! through `postMessage`: plain objects, the page's marked `netvu: 1` and
//! the viewer's `netvuViewer: 1` (the protocol's version, under a name for
//! each direction, so that a viewer never takes another viewer's words for
//! a request; a message marked neither is another tool's and is ignored).
//!
//! The page sends `{ netvu: 1, id, type, … }`: `ping` (answered `pong`:
//! the handshake, sent until answered while the viewer loads), `open`
//! (with the file as `data`, an `ArrayBuffer` or a `File`), `seek`
//! (`time`), `play`, `pause`, `layout` (`layout`), `camera` (`camera`).
//! Each is answered `{ netvuViewer: 1, replyTo: id, type: "ok" }` or `"error"`
//! with a `code` and a `message`. The viewer then tells the page of its
//! file's life: `opened` (name, size, SHA-256), `indexed` (frames,
//! cameras), `frame` (each picture shown). Only pages of allowed origins
//! are answered and told.

use serde::{Deserialize, Serialize};

/// Changed whenever a message changes shape.
pub const EMBED_VERSION: u32 = 1;

/// What the page asks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Request {
    Ping,
    /// Open the file that travels as `data`.
    Open {
        name: Option<String>,
    },
    /// Go to the frame shown at a time (ISO 8601 or UTC milliseconds).
    Seek {
        time: String,
    },
    Play,
    Pause,
    /// `1`, `2x2`, `3x3` or `4x4`.
    Layout {
        layout: String,
    },
    /// One camera alone (0: every camera in turn).
    Camera {
        camera: u16,
    },
}

/// A request as it comes: the version, an id to answer to, the request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incoming {
    pub netvu: u32,
    pub id: Option<u32>,
    #[serde(flatten)]
    pub request: Request,
}

/// Why a request was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The page's origin is not one the viewer was told to obey.
    NotAllowed,
    /// Another version of this protocol.
    OtherVersion,
    /// A request that does not read, or a value out of range.
    BadRequest,
    /// Nothing is open to seek or play in.
    NothingOpen,
    /// The file could not be opened or read.
    Unreadable,
    /// A deep link's file is not the one named by its SHA-256.
    HashMismatch,
}

/// What the viewer says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Message {
    Pong,
    Ok,
    Error {
        code: ErrorCode,
        message: String,
    },
    /// A file is being opened: its name, size and SHA-256 (lower-case hex).
    #[serde(rename_all = "camelCase")]
    Opened {
        name: String,
        size: u64,
        sha256: String,
    },
    /// It is indexed.
    Indexed {
        frames: u64,
        cameras: Vec<u16>,
    },
    /// A picture is shown: its camera, index position and time (UTC ms, if any).
    Frame {
        camera: u16,
        index: u64,
        time: Option<i64>,
    },
}

impl Message {
    /// The DOM event a `<netvu-viewer>` element dispatches for this message.
    pub fn element_event(&self) -> Option<&'static str> {
        match self {
            Message::Opened { .. } => Some("open"),
            Message::Indexed { .. } => Some("load"),
            Message::Frame { .. } => Some("frame"),
            Message::Error { .. } => Some("error"),
            Message::Pong | Message::Ok => None,
        }
    }
}

/// A message as it goes, with the request it answers if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outgoing {
    pub netvu_viewer: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<u32>,
    #[serde(flatten)]
    pub message: Message,
}

impl Outgoing {
    pub fn new(reply_to: Option<u32>, message: Message) -> Outgoing {
        Outgoing {
            netvu_viewer: EMBED_VERSION,
            reply_to,
            message,
        }
    }

    /// An error answering request `reply_to`.
    pub fn error(reply_to: Option<u32>, code: ErrorCode, message: impl Into<String>) -> Outgoing {
        Outgoing::new(
            reply_to,
            Message::Error {
                code,
                message: message.into(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{from_value, json, to_value};

    #[test]
    fn requests_read_as_a_page_writes_them() {
        let incoming: Incoming = from_value(
            json!({ "netvu": 1, "id": 4, "type": "seek", "time": "2024-03-15T10:20:30Z" }),
        )
        .expect("reads");
        assert_eq!(
            incoming,
            Incoming {
                netvu: 1,
                id: Some(4),
                request: Request::Seek {
                    time: "2024-03-15T10:20:30Z".into()
                }
            }
        );
        let open: Incoming = from_value(
            json!({ "netvu": 1, "type": "open", "name": "a.par", "data": "bytes go beside" }),
        )
        .expect("reads");
        assert_eq!(
            open.request,
            Request::Open {
                name: Some("a.par".into())
            }
        );
        assert_eq!(open.id, None);
        for bad in [
            json!({ "netvu": 1, "type": "explode" }),
            json!({ "netvu": 1, "type": "camera", "camera": "three" }),
            json!({ "type": "play" }),
        ] {
            assert!(from_value::<Incoming>(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn messages_read_as_documented() {
        let opened = Outgoing::new(
            None,
            Message::Opened {
                name: "a.par".into(),
                size: 1_000,
                sha256: "ab".repeat(32),
            },
        );
        assert_eq!(
            to_value(&opened).expect("writes"),
            json!({ "netvuViewer": 1, "type": "opened", "name": "a.par", "size": 1000, "sha256": "ab".repeat(32) })
        );
        assert_eq!(
            to_value(Outgoing::error(Some(7), ErrorCode::NotAllowed, "no")).expect("writes"),
            json!({ "netvuViewer": 1, "replyTo": 7, "type": "error", "code": "not_allowed", "message": "no" })
        );
        assert_eq!(
            to_value(Outgoing::new(Some(1), Message::Pong)).expect("writes"),
            json!({ "netvuViewer": 1, "replyTo": 1, "type": "pong" })
        );
        let frame = Outgoing::new(
            None,
            Message::Frame {
                camera: 3,
                index: 12,
                time: Some(5),
            },
        );
        let back: Outgoing = from_value(to_value(&frame).expect("writes")).expect("reads");
        assert_eq!(back, frame);
    }
}
