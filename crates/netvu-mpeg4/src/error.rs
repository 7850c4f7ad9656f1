//! Error type.

use std::fmt;

/// Why a chunk could not be decoded (at all).
///
/// Damage inside the macroblock data of a VOP is *not* reported through this
/// type: the decoder conceals it and still returns the picture; see
/// [`crate::Decoder::last_problems`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A header ended before all of its fields could be read.
    Truncated,
    /// A header field holds a value the standard does not allow.
    Invalid(&'static str),
    /// A valid stream using a tool this decoder does not implement.
    Unsupported(&'static str),
    /// A P-VOP arrived with no previous picture to predict from (stream
    /// start, or after [`crate::Decoder::reset`]); wait for the next I-VOP.
    MissingReference,
    /// A VOP arrived before any video object layer header configured the
    /// decoder.
    NoVol,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Truncated => write!(f, "truncated MPEG-4 header"),
            DecodeError::Invalid(what) => write!(f, "invalid MPEG-4 data: {what}"),
            DecodeError::Unsupported(what) => write!(f, "unsupported MPEG-4 feature: {what}"),
            DecodeError::MissingReference => write!(f, "P-VOP without a reference picture"),
            DecodeError::NoVol => write!(f, "no video object layer header seen yet"),
        }
    }
}

impl std::error::Error for DecodeError {}
