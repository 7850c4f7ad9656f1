//! What the page and its workers say to each other. Every message is one
//! of the enums below, sent as JSON in an envelope that carries
//! [`PROTOCOL_VERSION`] (a page and a worker from different builds, such
//! as a cached worker after an update, refuse each other's messages rather
//! than misread them), and, beside it, the bytes it travels with (a file,
//! frame entries, units, pixels), which are never put in the JSON.
//!
//! - Page → indexing worker: [`ToIndexer`]; back: [`FromIndexer`], the
//!   index coming in parts (`index_parts.rs`).
//! - Page → a decoding worker (MPEG-4, or H.264 without WebCodecs):
//!   [`ToDecoder`]; back: [`FromDecoder`].

pub mod index_parts;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Changed whenever a message changes shape.
pub const PROTOCOL_VERSION: u32 = 1;

/// An indexing job: one file being indexed, numbered by the page.
pub type JobId = u32;

/// Page → indexing worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToIndexer {
    /// Index the file this message travels with (a `Blob`); with `hash`,
    /// read every byte of it and say its SHA-256.
    Index { job: JobId, hash: bool },
    /// Stop job `job` at its next block.
    Cancel { job: JobId },
}

/// Indexing worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromIndexer {
    /// The worker has started and takes jobs.
    Ready,
    /// A block was indexed; travels with the frame entries found since the
    /// last message ([`index_parts::encode_frames`]).
    Progress {
        job: JobId,
        bytes_read: u64,
        total_bytes: u64,
        frames: u64,
    },
    /// The file is indexed; travels with the rest of the index
    /// ([`index_parts::encode_rest`]). Its SHA-256 (lower-case hex) if asked.
    Done {
        job: JobId,
        sha256: Option<String>,
    },
    Cancelled {
        job: JobId,
    },
    Failed {
        job: JobId,
        message: String,
    },
}

/// A decoding request, numbered by the page.
pub type RequestId = u32;
/// A decoder in a worker (the page keeps one per camera of an opened file).
pub type DecoderKey = u32;

/// Page → decoding worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToDecoder {
    /// Decode the units this message travels with (an array of byte
    /// arrays), in order, with decoder `decoder`, afresh if `reset` (a
    /// seek: the units then start at a key frame); answer for the last.
    Decode {
        request: RequestId,
        decoder: DecoderKey,
        reset: bool,
    },
    /// Drop a decoder and its reference pictures.
    Forget { decoder: DecoderKey },
}

/// Decoding worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromDecoder {
    /// The last unit's picture; travels with its RGBA pixels (transferred).
    Picture {
        request: RequestId,
        width: u32,
        height: u32,
        /// Damage the decoder concealed.
        concealed: Vec<String>,
    },
    /// The last unit held headers only.
    HeadersOnly { request: RequestId },
    Failed {
        request: RequestId,
        failure: DecodeFailure,
    },
}

impl FromDecoder {
    pub fn request(&self) -> RequestId {
        match self {
            FromDecoder::Picture { request, .. }
            | FromDecoder::HeadersOnly { request }
            | FromDecoder::Failed { request, .. } => *request,
        }
    }
}

/// Why a unit gave no picture, by what the page tells the user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecodeFailure {
    /// No key frame before it, or the one before could not be decoded.
    MissingReference(String),
    /// A stream the decoder does not handle.
    Unsupported(String),
    /// Damaged headers or data.
    Damaged(String),
}

#[derive(Serialize, Deserialize)]
struct Envelope<M> {
    version: u32,
    message: M,
}

/// Only the version, read first so that another version's message is told
/// apart from a malformed one.
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

/// Why a received message was not taken.
#[derive(Clone, Debug, PartialEq)]
pub enum ProtocolError {
    /// From a build that speaks another version.
    OtherVersion(u32),
    Malformed(String),
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProtocolError::OtherVersion(theirs) => write!(
                f,
                "a message of protocol version {theirs}, this page speaks {PROTOCOL_VERSION} (reload the page)"
            ),
            ProtocolError::Malformed(why) => write!(f, "a malformed message: {why}"),
        }
    }
}

/// The envelope of `message`, as sent.
pub fn encode<M: Serialize>(message: &M) -> String {
    // Plain data to a String: serialising cannot fail.
    serde_json::to_string(&Envelope {
        version: PROTOCOL_VERSION,
        message,
    })
    .unwrap_or_default()
}

/// The message in envelope `text`.
pub fn decode<M: DeserializeOwned>(text: &str) -> Result<M, ProtocolError> {
    let malformed = |e: serde_json::Error| ProtocolError::Malformed(e.to_string());
    let VersionOnly { version } = serde_json::from_str(text).map_err(malformed)?;
    if version != PROTOCOL_VERSION {
        return Err(ProtocolError::OtherVersion(version));
    }
    let envelope: Envelope<M> = serde_json::from_str(text).map_err(malformed)?;
    Ok(envelope.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_comes_back_as_sent() {
        let to_indexer = [
            ToIndexer::Index { job: 3, hash: true },
            ToIndexer::Cancel { job: 3 },
        ];
        for message in to_indexer {
            assert_eq!(decode::<ToIndexer>(&encode(&message)), Ok(message));
        }
        let from_indexer = [
            FromIndexer::Ready,
            FromIndexer::Progress {
                job: 1,
                bytes_read: 1 << 40,
                total_bytes: u64::MAX >> 12,
                frames: 7,
            },
            FromIndexer::Done {
                job: 1,
                sha256: Some("ab".repeat(32)),
            },
            FromIndexer::Cancelled { job: 2 },
            FromIndexer::Failed {
                job: 2,
                message: "no \"file\"".into(),
            },
        ];
        for message in from_indexer {
            assert_eq!(decode::<FromIndexer>(&encode(&message)), Ok(message));
        }
        let to_decoder = [
            ToDecoder::Decode {
                request: 9,
                decoder: 2,
                reset: true,
            },
            ToDecoder::Forget { decoder: 2 },
        ];
        for message in to_decoder {
            assert_eq!(decode::<ToDecoder>(&encode(&message)), Ok(message));
        }
        let from_decoder = [
            FromDecoder::Picture {
                request: 9,
                width: 720,
                height: 576,
                concealed: vec!["macroblock 3 concealed".into()],
            },
            FromDecoder::HeadersOnly { request: 10 },
            FromDecoder::Failed {
                request: 11,
                failure: DecodeFailure::MissingReference("no I-VOP".into()),
            },
        ];
        for message in from_decoder {
            let request = message.request();
            let back = decode::<FromDecoder>(&encode(&message));
            assert_eq!(back.as_ref().map(FromDecoder::request), Ok(request));
            assert_eq!(back, Ok(message));
        }
    }

    #[test]
    fn messages_read_as_documented() {
        assert_eq!(
            encode(&ToDecoder::Forget { decoder: 4 }),
            r#"{"version":1,"message":{"forget":{"decoder":4}}}"#
        );
        assert_eq!(
            encode(&FromDecoder::Failed {
                request: 1,
                failure: DecodeFailure::Damaged("bad".into())
            }),
            r#"{"version":1,"message":{"failed":{"request":1,"failure":{"damaged":"bad"}}}}"#
        );
        assert_eq!(
            encode(&FromIndexer::Ready),
            r#"{"version":1,"message":"ready"}"#
        );
    }

    #[test]
    fn another_version_or_a_malformed_message_is_refused() {
        assert_eq!(
            decode::<ToIndexer>(r#"{"version":2,"message":{"index":{"job":1,"hash":false}}}"#),
            Err(ProtocolError::OtherVersion(2))
        );
        assert!(ProtocolError::OtherVersion(2)
            .to_string()
            .contains("version 2"));
        for text in [
            "",
            "[1]",
            r#"{"version":1}"#,
            r#"{"version":1,"message":"explode"}"#,
            r#"{"version":1,"message":{"index":{}}}"#,
        ] {
            assert!(
                matches!(decode::<ToIndexer>(text), Err(ProtocolError::Malformed(_))),
                "{text}"
            );
        }
    }
}
