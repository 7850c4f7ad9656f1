//! What the viewer does, with no browser in sight: builds and is tested
//! natively. `platform` and `ui` only carry it out in the page.

pub mod audio_plan;
pub mod embed;
pub mod files;
pub mod frame_text;
pub mod opened;
pub mod playback;
pub mod problems;
pub mod protocol;
pub mod read_ahead;
pub mod settings_filter;
pub mod site;
pub mod time;
pub mod timeline;
pub mod track;

#[cfg(test)]
mod test_frames;
