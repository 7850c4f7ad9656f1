//! Problems: anomalies found while reading, each at a byte offset.
//!
//! Content problems never stop a reader: it records one and goes on.

use serde::{Deserialize, Serialize};

/// One anomaly in a file, at the offset of the first byte concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub offset: u64,
    pub message: String,
}

/// The problems of one file, capped at [`crate::limits::MAX_PROBLEMS`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Problems {
    pub list: Vec<Problem>,
    /// Problems found past the cap, counted but not kept.
    pub not_listed: u64,
}

impl Problems {
    pub fn push(&mut self, offset: u64, message: impl Into<String>) {
        if self.list.len() < crate::limits::MAX_PROBLEMS {
            self.list.push(Problem {
                offset,
                message: message.into(),
            });
        } else {
            self.not_listed += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.not_listed == 0
    }
}
