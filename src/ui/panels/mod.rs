//! The panels beside the player: what the file is and its cameras
//! (`summary.rs`), and its problems (`problems.rs`).

mod problems;
mod summary;

pub use problems::ProblemsPanel;
pub use summary::Summary;
