//! The browser, without yew: what `core` needs done in a page or a worker.
//! Each viewer gets its own [`services::ViewerServices`]; nothing here is
//! page-wide.

pub mod address;
pub mod assets;
pub mod audio;
pub mod blob;
pub mod canvas;
pub mod decoder_worker;
pub mod decoders;
pub mod decoding;
pub mod frames;
pub mod indexer_worker;
pub mod indexing;
pub mod js;
pub mod messages;
pub mod picture;
pub mod services;
pub mod video;
pub mod webcodecs;
