//! The yew components, by feature: [`app`] is one viewer (its files, tabs
//! and panels), [`player`] the player, [`panels`] the file's summary and
//! problems, [`settings`] the recorder settings. Components reach their
//! viewer's services through [`context`].

pub mod app;
pub mod context;
pub mod element;
pub mod mount;
pub mod panels;
pub mod player;
pub mod settings;

#[cfg(test)]
mod tests;

pub use app::{Viewer, ViewerProps};
