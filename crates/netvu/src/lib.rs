//! Readers and writers for Dedicated Micros / AD-Holdings NetVu files.
//!
//! Layers, bottom up:
//! - [`probe`] says what a file is from its first bytes;
//! - [`format`] holds one container reader per format (AD binary, AD MIME,
//!   AD raw, DM PIC, PAR v1, and a scanner for unknown files), driven by the
//!   incremental [`Indexer`] over blocks fed in file order;
//! - [`body`] is the one parser of the NetVu bodies those containers share;
//! - [`model`] and [`index`] are the format-neutral result: a compact frame
//!   index, stream summaries, events, settings and [`Problem`]s;
//! - [`unit`] turns a fetched frame into what a decoder needs, with [`codec`].
//!
//! Nothing here touches a DOM or a file system: callers feed bytes.

pub mod body;
pub mod bytes;
pub mod codec;
pub mod detail;
pub mod format;
pub mod header;
pub mod index;
pub mod indexer;
pub mod limits;
pub mod model;
pub mod par_writer;
pub mod probe;
pub mod problem;
pub mod sequence;
pub mod settings;
pub mod text;
pub mod textblock;
pub mod unit;

pub use detail::{frame_detail, FrameDetail};
pub use index::Index;
pub use indexer::{index_bytes, Indexer};
pub use model::{Codec, Format, FrameEntry, Media};
pub use probe::probe;
pub use problem::Problem;
