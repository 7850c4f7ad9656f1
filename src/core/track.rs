//! The frames the player steps through, in time order, where each camera's
//! frames are among them, and the motion masks recorded with them.

use netvu::{Codec, FrameEntry, Index, Media};

/// The pictures of an index in play order. `Eq`, so that comparing two
/// handles on one track (props, every frame while playing) stops at the pointer.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Track {
    /// Video frames (indices into `index.frames`), in time order when every
    /// one has a timestamp, else in file order.
    pub shown: Vec<u32>,
    /// Play time (ms) of each shown frame: its timestamp, or
    /// [`DEFAULT_FRAME_MS`] a frame when the file has none.
    pub times: Vec<i64>,
    pub timestamped: bool,
    /// Per camera, its positions in `shown`, ascending.
    pub cameras: Vec<(u16, Vec<u32>)>,
    /// Per camera, its motion masks (PBM units): (timestamp, index into
    /// `index.frames`), in time order. Only masks with a timestamp.
    pub masks: Vec<(u16, Vec<(i64, u32)>)>,
}

/// A motion mask is drawn over its camera's frames this long after its time.
pub const MASK_HOLD_MS: i64 = 1_000;

/// Frames without timestamps play at this pace.
pub const DEFAULT_FRAME_MS: i64 = 200;

fn is_picture(frame: &FrameEntry) -> bool {
    frame.media() == Media::Video && frame.codec != Codec::Pbm
}

impl Track {
    pub fn new(index: &Index) -> Track {
        let frames = &index.frames;
        let mut shown: Vec<u32> = (0..frames.len() as u32)
            .filter(|&at| is_picture(&frames[at as usize]))
            .collect();
        let timestamped = shown
            .iter()
            .all(|&at| frames[at as usize].timestamp_ms().is_some());
        let times = if timestamped {
            shown.sort_by_key(|&at| frames[at as usize].timestamp);
            shown
                .iter()
                .map(|&at| frames[at as usize].timestamp)
                .collect()
        } else {
            (0..shown.len() as i64)
                .map(|p| p * DEFAULT_FRAME_MS)
                .collect()
        };
        let mut cameras: Vec<(u16, Vec<u32>)> = Vec::new();
        for (position, &at) in shown.iter().enumerate() {
            push_to(&mut cameras, frames[at as usize].stream, position as u32);
        }
        cameras.sort_by_key(|(c, _)| *c);
        let mut masks: Vec<(u16, Vec<(i64, u32)>)> = Vec::new();
        for (at, f) in frames.iter().enumerate() {
            if let Some(t) = f.timestamp_ms().filter(|_| f.codec == Codec::Pbm) {
                push_to(&mut masks, f.stream, (t, at as u32));
            }
        }
        for (_, list) in &mut masks {
            list.sort_unstable();
        }
        Track {
            shown,
            times,
            timestamped,
            cameras,
            masks,
        }
    }

    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The cameras, ascending.
    pub fn camera_numbers(&self) -> Vec<u16> {
        self.cameras.iter().map(|(c, _)| *c).collect()
    }

    /// The last position at or before play time `t` (the first if none).
    pub fn position_at(&self, t: i64) -> usize {
        self.times.partition_point(|&x| x <= t).saturating_sub(1)
    }

    /// The first position at or after play time `t` (the last if none).
    pub fn position_from(&self, t: i64) -> usize {
        self.times
            .partition_point(|&x| x < t)
            .min(self.len().saturating_sub(1))
    }

    pub fn camera_positions(&self, camera: u16) -> &[u32] {
        self.cameras
            .iter()
            .find(|(c, _)| *c == camera)
            .map_or(&[], |(_, p)| p.as_slice())
    }

    /// How many of `camera`'s frames are at or before `position`: the
    /// number of the one on screen, counting from 1 (its first stands in
    /// before it has any, see [`Track::camera_frame`]).
    pub fn camera_count_at(&self, camera: u16, position: usize) -> usize {
        self.camera_positions(camera)
            .partition_point(|&p| p as usize <= position)
    }

    /// Camera `camera`'s frame on screen at `position`: its latest at or
    /// before it, or its first if it has none yet.
    pub fn camera_frame(&self, camera: u16, position: usize) -> Option<usize> {
        let positions = self.camera_positions(camera);
        let k = self.camera_count_at(camera, position);
        let p = positions.get(k.saturating_sub(1))?;
        Some(self.shown[*p as usize] as usize)
    }

    /// The motion mask to draw over frame `frames[at]`: its camera's latest
    /// mask at or before the frame's time, if at most [`MASK_HOLD_MS`] old.
    pub fn mask_for(&self, frames: &[FrameEntry], at: usize) -> Option<usize> {
        let frame = frames.get(at)?;
        let t = frame.timestamp_ms()?;
        let (_, list) = self.masks.iter().find(|(c, _)| *c == frame.stream)?;
        let k = list.partition_point(|&(m, _)| m <= t).checked_sub(1)?;
        let (m, mask) = list[k];
        (t - m <= MASK_HOLD_MS).then_some(mask as usize)
    }

    /// First and last play time (a span of at least 1 ms).
    pub fn span(&self) -> (i64, i64) {
        match (self.times.first(), self.times.last()) {
            (Some(&a), Some(&b)) if b > a => (a, b),
            (Some(&a), _) => (a, a + 1),
            _ => (0, 1),
        }
    }
}

/// Appends `item` to `key`'s list, starting one for a new key.
fn push_to<T>(lists: &mut Vec<(u16, Vec<T>)>, key: u16, item: T) {
    match lists.iter_mut().find(|(k, _)| *k == key) {
        Some((_, list)) => list.push(item),
        None => lists.push((key, vec![item])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::test_frames::{entry, index_of};

    #[test]
    fn orders_by_time_and_finds_each_cameras_frame() {
        // File order is not time order: camera 2's first frame comes last.
        let index = index_of(&[
            entry(0, 1, 1_000),
            entry(10, 1, 1_200),
            entry(20, 2, 1_100),
            entry(30, 2, 900),
        ]);
        let track = Track::new(&index);
        assert_eq!(track.shown, vec![3, 0, 2, 1]);
        assert_eq!(track.times, vec![900, 1_000, 1_100, 1_200]);
        assert_eq!(track.position_at(1_150), 2);
        assert_eq!(track.position_from(1_150), 3);
        assert_eq!(track.position_at(0), 0);
        // At position 0 camera 1 has nothing yet: its first frame stands in.
        assert_eq!(track.camera_frame(1, 0), Some(0));
        assert_eq!(track.camera_count_at(1, 0), 0);
        assert_eq!(track.camera_frame(2, 3), Some(2));
        assert_eq!(track.camera_count_at(2, 3), 2);
        assert_eq!(track.camera_frame(3, 3), None);
        assert_eq!(track.camera_numbers(), vec![1, 2]);
        assert_eq!(track.span(), (900, 1_200));
    }

    #[test]
    fn frames_without_time_play_in_file_order_at_the_default_pace() {
        let index = index_of(&[
            entry(0, 1, FrameEntry::NO_TIME),
            entry(10, 2, 5_000),
            entry(20, 1, 4_000),
        ]);
        let track = Track::new(&index);
        assert!(!track.timestamped);
        assert_eq!(track.shown, vec![0, 1, 2]);
        assert_eq!(track.times, vec![0, DEFAULT_FRAME_MS, 2 * DEFAULT_FRAME_MS]);
    }

    #[test]
    fn a_mask_covers_its_cameras_frames_for_a_second() {
        let mut mask = entry(40, 1, 1_000);
        mask.codec = Codec::Pbm;
        let index = index_of(&[
            entry(0, 1, 900),
            mask,
            entry(10, 1, 1_000),
            entry(20, 1, 2_000),
            entry(30, 1, 2_001),
            entry(50, 2, 1_500),
        ]);
        let track = Track::new(&index);
        assert_eq!(track.len(), 5, "the mask is not a picture");
        let frames = &index.frames;
        assert_eq!(track.mask_for(frames, 0), None, "before the mask");
        assert_eq!(track.mask_for(frames, 2), Some(1));
        assert_eq!(track.mask_for(frames, 3), Some(1), "a second later");
        assert_eq!(track.mask_for(frames, 4), None, "held no longer");
        assert_eq!(track.mask_for(frames, 5), None, "another camera's");
    }
}
