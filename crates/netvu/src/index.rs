//! What indexing a file produces: the compact frame index, stream summaries,
//! events, settings and problems.

use crate::model::{AudioSummary, CameraSummary, Event, Format, FrameEntry, Media};
use crate::probe::NotNetvu;
use crate::problem::Problems;
use crate::settings::Settings;
use serde::{Deserialize, Serialize};

/// The fixed header of a PAR v1 file (`par-format.md` §2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParHeader {
    pub version: u16,
    pub header_size: u16,
    pub created_ms: i64,
    pub utc_offset: i32,
    pub sequence: u32,
    pub index_offset: u64,
    pub flags: u32,
}

impl ParHeader {
    pub const HAS_SETTINGS: u32 = 1;
    pub const HAS_MEDIA: u32 = 2;
    pub const MORE_FILES: u32 = 4;
}

/// A PAR chunk this library does not know, kept so a rewrite can copy it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherChunk {
    pub offset: u64,
    pub fourcc: String,
    /// Whole chunk, header and CRC included.
    pub length: u64,
}

/// The settings text of a PAR file, where it was found.
#[derive(Clone, Debug)]
pub struct StoredSettings {
    pub offset: u64,
    pub settings: Settings,
}

/// Everything indexing found in one file.
#[derive(Clone, Debug)]
pub struct Index {
    pub format: Format,
    /// Frames and data units in file order.
    pub frames: Vec<FrameEntry>,
    pub cameras: Vec<CameraSummary>,
    pub audio: Vec<AudioSummary>,
    pub events: Vec<Event>,
    pub settings: Option<StoredSettings>,
    pub par_header: Option<ParHeader>,
    pub other_chunks: Vec<OtherChunk>,
    pub problems: Problems,
    /// What the file is instead, when it is not a NetVu recording.
    pub not_netvu: Option<NotNetvu>,
    /// Bytes read.
    pub length: u64,
}

impl Index {
    pub fn new(format: Format) -> Index {
        Index {
            format,
            frames: Vec::new(),
            cameras: Vec::new(),
            audio: Vec::new(),
            events: Vec::new(),
            settings: None,
            par_header: None,
            other_chunks: Vec::new(),
            problems: Problems::default(),
            not_netvu: None,
            length: 0,
        }
    }

    /// Adds a unit to the index and to its stream's summary.
    pub fn push(&mut self, entry: FrameEntry, title: Option<&[u8]>) {
        let ts = entry.timestamp_ms();
        match entry.media() {
            // Masks overlay a camera's pictures; they are not pictures themselves.
            Media::Video if entry.codec == crate::model::Codec::Pbm => {}
            Media::Video => {
                let cam = match self.cameras.iter_mut().find(|c| c.camera == entry.stream) {
                    Some(c) => c,
                    None => {
                        self.cameras.push(CameraSummary {
                            camera: entry.stream,
                            title: String::new(),
                            codec: entry.codec,
                            width: entry.width,
                            height: entry.height,
                            frames: 0,
                            key_frames: 0,
                            first_timestamp_ms: None,
                            last_timestamp_ms: None,
                        });
                        self.cameras.sort_by_key(|c| c.camera);
                        let at = self
                            .cameras
                            .iter()
                            .position(|c| c.camera == entry.stream)
                            .unwrap_or(0);
                        &mut self.cameras[at]
                    }
                };
                cam.frames += 1;
                cam.key_frames += u64::from(entry.key());
                if cam.width == 0 {
                    (cam.width, cam.height) = (entry.width, entry.height);
                }
                if cam.title.is_empty() {
                    if let Some(t) = title.filter(|t| !t.is_empty()) {
                        cam.title = crate::text::decode(t).into_owned();
                    }
                }
                widen(&mut cam.first_timestamp_ms, &mut cam.last_timestamp_ms, ts);
            }
            Media::Audio => {
                let camera_of_audio = entry.camera_of_audio();
                let ch = match self
                    .audio
                    .iter_mut()
                    .position(|a| a.channel == entry.stream)
                {
                    Some(at) => &mut self.audio[at],
                    None => {
                        self.audio.push(AudioSummary {
                            channel: entry.stream,
                            camera_of_audio,
                            codec: entry.codec,
                            sample_rate: entry.sample_rate,
                            frames: 0,
                            first_timestamp_ms: None,
                            last_timestamp_ms: None,
                        });
                        let last = self.audio.len() - 1;
                        &mut self.audio[last]
                    }
                };
                ch.frames += 1;
                widen(&mut ch.first_timestamp_ms, &mut ch.last_timestamp_ms, ts);
            }
            Media::Data => {}
        }
        if self.frames.len() == self.frames.capacity() {
            // Grow by a quarter, not double, so the index stays within
            // 64 bytes a frame (48-byte entries, at most 1.25× reserved).
            self.frames.reserve_exact((self.frames.len() / 4).max(1024));
        }
        self.frames.push(entry);
    }

    /// The title of `camera`'s pictures, where any frame carried one.
    pub fn camera_title(&self, camera: u16) -> Option<&str> {
        self.cameras
            .iter()
            .find(|c| c.camera == camera && !c.title.is_empty())
            .map(|c| c.title.as_str())
    }

    /// Gives cameras without a title the `[Camera N]` title of `settings`
    /// (a settings-only PAR opened with recordings).
    pub fn apply_settings_titles(&mut self, settings: &Settings) {
        for camera in settings.typed().cameras {
            let Some(title) = camera.title.filter(|t| !t.is_empty()) else {
                continue;
            };
            if let Some(c) = self
                .cameras
                .iter_mut()
                .find(|c| c.camera == camera.number && c.title.is_empty())
            {
                c.title = title;
            }
        }
    }

    /// Frames (not data units) in the index.
    pub fn frame_count(&self) -> usize {
        self.frames
            .iter()
            .filter(|f| f.media() != Media::Data)
            .count()
    }

    /// The UTC offset the file declares, in minutes, if any.
    pub fn utc_offset(&self) -> Option<i32> {
        self.par_header.as_ref().map(|h| h.utc_offset)
    }
}

fn widen(first: &mut Option<i64>, last: &mut Option<i64>, ts: Option<i64>) {
    if let Some(t) = ts {
        *first = Some(first.map_or(t, |f| f.min(t)));
        *last = Some(last.map_or(t, |l| l.max(t)));
    }
}
