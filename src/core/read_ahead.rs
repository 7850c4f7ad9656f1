//! What a grid tile fetches and draws while it plays: the frame wanted and
//! its camera's next pictures, fetched before they are due; the newest
//! ready frame up to the one wanted drawn, a late one still drawn if
//! nothing newer is ready (so a grid playing faster than pictures decode
//! shows every picture it can), and what went by dropped. `T` is a fetched
//! frame (a decoded picture in the browser); what is dropped is handed back
//! to be freed.

use std::collections::BTreeMap;

use netvu::{Codec, FrameEntry};

/// Frames being fetched (`None`) or ready, by position in the index, and
/// the last drawn.
#[derive(Debug)]
pub struct ReadAhead<T> {
    frames: BTreeMap<usize, Option<T>>,
    wanted: usize,
    drawn: Option<usize>,
}

impl<T> Default for ReadAhead<T> {
    fn default() -> Self {
        ReadAhead {
            frames: BTreeMap::new(),
            wanted: 0,
            drawn: None,
        }
    }
}

impl<T> ReadAhead<T> {
    /// Starts afresh (another index): everything held is handed back.
    pub fn clear(&mut self) -> Vec<T> {
        self.drawn = None;
        std::mem::take(&mut self.frames)
            .into_values()
            .flatten()
            .collect()
    }

    /// The tile is to show frame `at`, and to have `ahead` (positions after
    /// it) ready before they are due. Returns the positions to fetch now,
    /// and the frames no longer wanted.
    pub fn want(&mut self, at: usize, ahead: &[usize]) -> (Vec<usize>, Vec<T>) {
        if self.drawn.is_some_and(|d| d > at) {
            self.drawn = None; // back in time: draw again
        }
        self.wanted = at;
        let mut keep: Vec<usize> = ahead.to_vec();
        keep.push(at);
        // Drop what went by or is no longer ahead; keep late frames (≤ at) not yet drawn.
        let drawn = self.drawn;
        let gone: Vec<usize> = self
            .frames
            .keys()
            .copied()
            .filter(|&k| !keep.contains(&k) && (k > at || drawn.is_some_and(|d| k <= d)))
            .collect();
        let dropped = gone
            .into_iter()
            .filter_map(|k| self.frames.remove(&k).flatten())
            .collect();
        keep.retain(|k| !self.frames.contains_key(k) && drawn != Some(*k));
        for &k in &keep {
            self.frames.insert(k, None);
        }
        (keep, dropped)
    }

    /// Frame `k` has been fetched; handed back if it is no longer wanted.
    pub fn arrived(&mut self, k: usize, frame: T) -> Result<(), T> {
        match self.frames.get_mut(&k) {
            Some(slot @ None) => {
                *slot = Some(frame);
                Ok(())
            }
            _ => Err(frame),
        }
    }

    /// The newest ready frame up to the one wanted, if newer than the last
    /// drawn, to draw now; and those before it, dropped.
    pub fn take_ready(&mut self) -> Option<(usize, T, Vec<T>)> {
        let drawn = self.drawn;
        let k = self
            .frames
            .range(..=self.wanted)
            .rev()
            .find(|(&k, f)| f.is_some() && drawn.is_none_or(|d| k > d))
            .map(|(&k, _)| k)?;
        let before: Vec<usize> = self.frames.range(..k).map(|(&k, _)| k).collect();
        let dropped = before
            .into_iter()
            .filter_map(|old| self.frames.remove(&old).flatten())
            .collect();
        let frame = self.frames.remove(&k).flatten()?;
        self.drawn = Some(k);
        Some((k, frame, dropped))
    }
}

/// Whether the browser draws this frame's picture itself (JPEG, BMP):
/// those are fetched ahead, as decoding them costs nothing else.
pub fn browser_decodes(frame: &FrameEntry) -> bool {
    matches!(frame.codec, Codec::Jpeg | Codec::Jfif | Codec::Bmp)
}

/// Up to `count` positions after `at` holding its camera's next pictures
/// the browser decodes.
pub fn next_pictures(frames: &[FrameEntry], at: usize, count: usize) -> Vec<usize> {
    let Some(entry) = frames.get(at) else {
        return Vec::new();
    };
    if count == 0 || !browser_decodes(entry) {
        return Vec::new();
    }
    frames[at + 1..]
        .iter()
        .enumerate()
        // Cameras interleave: their next pictures are near.
        .take(64 * count)
        .filter(|(_, e)| e.stream == entry.stream && e.media() == entry.media())
        .take(count)
        .filter(|(_, e)| browser_decodes(e))
        .map(|(k, _)| at + 1 + k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::test_frames::entry;

    #[test]
    fn fetches_the_frame_and_its_next_pictures_and_draws_each_in_turn() {
        let mut tile = ReadAhead::default();
        let (fetch, dropped) = tile.want(2, &[4, 6]);
        assert_eq!((fetch, dropped), (vec![4, 6, 2], vec![]));
        // The frame ahead arrives first: not due, nothing to draw.
        assert_eq!(tile.arrived(4, "four"), Ok(()));
        assert!(tile.take_ready().is_none());
        assert_eq!(tile.arrived(2, "two"), Ok(()));
        assert_eq!(tile.take_ready(), Some((2, "two", vec![])));
        // Frame 4 is due: ready already, nothing to fetch but the next.
        let (fetch, _) = tile.want(4, &[6, 8]);
        assert_eq!(fetch, vec![8]);
        assert_eq!(tile.take_ready(), Some((4, "four", vec![])));
        assert!(tile.take_ready().is_none(), "drawn once");
    }

    #[test]
    fn a_late_frame_is_drawn_unless_a_newer_one_is_ready() {
        let mut tile = ReadAhead::default();
        tile.want(2, &[]);
        // Playing on before 2 arrived: 2 is late but kept.
        let (_, dropped) = tile.want(4, &[]);
        assert!(dropped.is_empty());
        assert_eq!(tile.arrived(2, "two"), Ok(()));
        assert_eq!(tile.take_ready(), Some((2, "two", vec![])));
        // 6 arrives before 5: 5 is dropped when 6 is drawn.
        tile.want(6, &[]);
        tile.want(5, &[]);
        tile.want(6, &[]);
        assert_eq!(tile.arrived(6, "six"), Ok(()));
        assert_eq!(tile.arrived(5, "five"), Ok(()));
        let (k, frame, dropped) = tile.take_ready().expect("ready");
        assert_eq!((k, frame), (6, "six"));
        assert_eq!(dropped, vec!["five"]);
    }

    #[test]
    fn going_back_draws_again_and_unwanted_frames_are_handed_back() {
        let mut tile = ReadAhead::default();
        tile.want(5, &[7]);
        assert_eq!(tile.arrived(5, "five"), Ok(()));
        assert_eq!(tile.arrived(7, "seven"), Ok(()));
        assert_eq!(tile.take_ready().map(|r| r.0), Some(5));
        // A seek back: 7 is no longer ahead and goes.
        let (fetch, dropped) = tile.want(1, &[]);
        assert_eq!((fetch, dropped), (vec![1], vec!["seven"]));
        assert_eq!(tile.arrived(9, "nine"), Err("nine"), "never asked for");
        assert_eq!(tile.arrived(1, "one"), Ok(()));
        assert_eq!(tile.clear(), vec!["one"]);
    }

    #[test]
    fn next_pictures_are_the_same_cameras_pictures_the_browser_decodes() {
        let mut frames: Vec<FrameEntry> = (0..8u64)
            .map(|k| entry(k * 10, if k % 2 == 0 { 1 } else { 2 }, k as i64))
            .collect();
        assert_eq!(next_pictures(&frames, 0, 2), vec![2, 4]);
        assert_eq!(next_pictures(&frames, 1, 3), vec![3, 5, 7]);
        assert_eq!(next_pictures(&frames, 6, 2), Vec::<usize>::new());
        frames[4].codec = Codec::Bmp;
        assert_eq!(next_pictures(&frames, 0, 2), vec![2, 4], "a BMP too");
        frames[2].codec = Codec::Mpeg4;
        assert_eq!(next_pictures(&frames, 0, 2), vec![4], "not an MPEG-4 frame");
        assert_eq!(
            next_pictures(&frames, 2, 2),
            Vec::<usize>::new(),
            "nor after one"
        );
        assert_eq!(next_pictures(&frames, 0, 0), Vec::<usize>::new());
    }
}
