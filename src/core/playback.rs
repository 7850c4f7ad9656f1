//! The player's state machine: which picture is due, playing or paused, at
//! which speed, in which layout. Actions come from the controls, the keys
//! and the clock; wall time is passed in, so everything here is plain
//! arithmetic.

use std::rc::Rc;

use super::embed::Start;
use super::track::Track;

/// A gap in a recording longer than this is not waited out in full.
pub const MAX_WAIT_MS: f64 = 2_000.0;

/// The speeds offered, with their names.
pub const SPEEDS: [(f64, &str); 8] = [
    (0.125, "1/8×"),
    (0.25, "1/4×"),
    (0.5, "1/2×"),
    (1.0, "1×"),
    (2.0, "2×"),
    (4.0, "4×"),
    (8.0, "8×"),
    (16.0, "16×"),
];

/// 1×: the recorded pace (and the only speed with sound).
pub const NORMAL_SPEED: usize = 3;

/// The largest grid: 4×4.
pub const MAX_LAYOUT: usize = 4;

/// Ties play time to wall time: play time `play_ms` was due at wall time `wall_ms`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Clock {
    pub wall_ms: f64,
    pub play_ms: i64,
}

impl Clock {
    /// The play time at wall time `now`, running `rate` times the recorded pace.
    pub fn play_time(self, rate: f64, now: f64) -> i64 {
        self.play_ms + ((now - self.wall_ms) * rate) as i64
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    pub track: Rc<Track>,
    /// Position in `track.shown`.
    pub position: usize,
    pub playing: bool,
    /// An index into [`SPEEDS`].
    pub speed: usize,
    /// Tiles a side: 1 (single view) to [`MAX_LAYOUT`].
    pub layout: usize,
    /// Single view: the camera shown, 0 = every camera in turn.
    pub camera: u16,
    /// Cameras chosen for the grid (empty = all).
    pub grid: Vec<u16>,
    /// The keyboard shortcuts are shown.
    pub help: bool,
    pub clock: Clock,
    /// Wall time the current position was reached.
    pub reached: f64,
    /// A time to start at that the track did not reach yet (it grows while
    /// the file is indexed): sought again when it does.
    pub pending_time: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PlaybackAction {
    /// The same file with more frames: keep the place.
    Resize(Rc<Track>),
    /// Another file: start afresh, where `Start` says.
    Reset(Rc<Track>, Start),
    /// Frames forward (+) or back (−): one camera's in its single view, else all.
    Step(isize),
    Seek(usize),
    /// Seek by play time, ± milliseconds from the current frame.
    Jump(i64),
    /// Seek to the frame shown at a play time (UTC ms when timestamped).
    SeekTime(i64),
    TogglePlay,
    /// Play or pause.
    SetPlaying(bool),
    /// The clock moved on: go to the frame due.
    Tick,
    /// Faster (+) or slower (−).
    Speed(isize),
    SetSpeed(usize),
    Layout(usize),
    /// The single view of one camera (0: all in turn), from the camera list
    /// or a grid tile clicked.
    Camera(u16),
    ToggleGridCamera(u16),
    /// Show, hide or (`None`) toggle the shortcuts.
    Help(Option<bool>),
}

impl Playback {
    pub fn new(track: Rc<Track>) -> Playback {
        Playback {
            track,
            position: 0,
            playing: false,
            speed: NORMAL_SPEED,
            layout: 1,
            camera: 0,
            grid: Vec::new(),
            help: false,
            clock: Clock::default(),
            reached: 0.0,
            pending_time: None,
        }
    }

    /// A fresh state for `track` that starts where `start` says.
    pub fn starting(track: Rc<Track>, start: &Start) -> Playback {
        let mut state = Playback::new(track);
        if let Some(layout) = start.layout {
            state.layout = layout.clamp(1, MAX_LAYOUT);
        }
        if let Some(camera) = start.camera {
            state.camera = camera;
        }
        if let Some(t) = start.time_ms {
            state.seek_time(t);
        }
        state
    }

    /// To the frame shown at play time `t`: the last at or before it (the
    /// first if none); remembered while the track ends before `t`.
    fn seek_time(&mut self, t: i64) {
        self.position = self.track.position_at(t);
        let reached = self.track.times.last().is_some_and(|&end| end >= t);
        self.pending_time = (!reached).then_some(t);
    }

    fn last(&self) -> usize {
        self.track.len().saturating_sub(1)
    }

    pub fn at_start(&self) -> bool {
        self.position == 0
    }

    pub fn at_end(&self) -> bool {
        self.position + 1 >= self.track.len()
    }

    /// The play time of the current position.
    pub fn time(&self) -> i64 {
        self.track.times.get(self.position).copied().unwrap_or(0)
    }

    pub fn rate(&self) -> f64 {
        SPEEDS[self.speed].0
    }

    pub fn speed_name(&self) -> &'static str {
        SPEEDS[self.speed].1
    }

    /// Sound plays at the recorded pace only.
    pub fn muted(&self) -> bool {
        self.speed != NORMAL_SPEED
    }

    /// The camera whose frames steps go through: the one of a single view.
    pub fn single_camera(&self) -> Option<u16> {
        (self.layout == 1 && self.camera != 0).then_some(self.camera)
    }

    /// The frame (an index into `index.frames`) the single view shows, and
    /// whose details are shown.
    pub fn shown_frame(&self) -> Option<usize> {
        match self.single_camera() {
            Some(camera) => self.track.camera_frame(camera, self.position),
            None => self.track.shown.get(self.position).map(|&at| at as usize),
        }
    }

    /// The cameras of the grid, in tile order.
    pub fn grid_cameras(&self) -> Vec<u16> {
        if self.grid.is_empty() {
            self.track.camera_numbers()
        } else {
            self.grid.clone()
        }
    }

    /// `3 / 60`: the frame shown and how many there are (of the single
    /// view's camera, or of all).
    pub fn counter(&self) -> String {
        match self.single_camera() {
            Some(camera) => {
                let count = self.track.camera_positions(camera).len();
                let k = self.track.camera_count_at(camera, self.position);
                format!("{} / {count}", k.max(1).min(count))
            }
            None if self.track.is_empty() => "0 / 0".into(),
            None => format!("{} / {}", self.position + 1, self.track.len()),
        }
    }

    fn restart_clock(&mut self, now: f64) {
        self.clock = Clock {
            wall_ms: now,
            play_ms: self.time(),
        };
        self.reached = now;
    }

    /// The state after `action` at wall time `now` (ms); `None` if the
    /// action changes nothing (the clock ticking with no new frame due).
    pub fn after(&self, action: PlaybackAction, now: f64) -> Option<Playback> {
        let mut next = self.clone();
        // Going somewhere else, or playing, drops a start not reached yet.
        if matches!(
            action,
            PlaybackAction::Step(_)
                | PlaybackAction::Seek(_)
                | PlaybackAction::Jump(_)
                | PlaybackAction::TogglePlay
                | PlaybackAction::SetPlaying(_)
        ) {
            next.pending_time = None;
        }
        match action {
            PlaybackAction::Resize(track) => {
                next.track = track;
                next.position = self.position.min(next.last());
                next.playing = self.playing && next.track.len() > 1;
                if let Some(t) = self.pending_time {
                    next.seek_time(t);
                }
            }
            PlaybackAction::Reset(track, start) => return Some(Playback::starting(track, &start)),
            PlaybackAction::Step(delta) => {
                next.playing = false;
                next.position = self.stepped(delta);
            }
            PlaybackAction::Seek(position) => next.position = position.min(self.last()),
            PlaybackAction::Jump(ms) => {
                let t = self.time().saturating_add(ms);
                next.position = if ms < 0 {
                    self.track.position_at(t)
                } else {
                    self.track.position_from(t)
                };
            }
            PlaybackAction::SeekTime(t) => next.seek_time(t),
            PlaybackAction::SetPlaying(play) if play != self.playing => {
                return self.after(PlaybackAction::TogglePlay, now);
            }
            PlaybackAction::SetPlaying(_) => return None,
            PlaybackAction::TogglePlay => {
                next.playing = !self.playing && self.track.len() > 1;
                // Play at the end starts again from the beginning.
                if next.playing && self.position == self.last() {
                    next.position = 0;
                }
            }
            // The clock is not restarted by the frames it brings.
            PlaybackAction::Tick => return self.ticked(now),
            PlaybackAction::Speed(delta) => {
                next.speed = self
                    .speed
                    .saturating_add_signed(delta)
                    .min(SPEEDS.len() - 1);
            }
            PlaybackAction::SetSpeed(speed) => next.speed = speed.min(SPEEDS.len() - 1),
            PlaybackAction::Layout(layout) => next.layout = layout.clamp(1, MAX_LAYOUT),
            PlaybackAction::Camera(camera) => {
                next.camera = camera;
                next.layout = 1;
            }
            PlaybackAction::ToggleGridCamera(camera) => next.grid = self.toggled(camera),
            PlaybackAction::Help(show) => next.help = show.unwrap_or(!self.help),
        }
        // Seeking, a new speed or starting to play all set the clock afresh.
        if next.position != self.position
            || next.playing != self.playing
            || next.speed != self.speed
        {
            next.restart_clock(now);
        }
        Some(next)
    }

    /// The position `delta` frames on: through the single view's camera's
    /// frames, else through all.
    fn stepped(&self, delta: isize) -> usize {
        match self.single_camera() {
            Some(camera) => {
                let positions = self.track.camera_positions(camera);
                // The camera's frame on screen: its latest at or before the
                // position, or its first (see `Track::camera_frame`).
                let shown = self
                    .track
                    .camera_count_at(camera, self.position)
                    .saturating_sub(1);
                shown
                    .checked_add_signed(delta)
                    .and_then(|k| positions.get(k))
                    .map_or(self.position, |&p| p as usize)
            }
            None => self.position.saturating_add_signed(delta).min(self.last()),
        }
    }

    /// Playing: the frame due at wall time `now`, if another.
    fn ticked(&self, now: f64) -> Option<Playback> {
        if !self.playing {
            return None;
        }
        let mut next = self.clone();
        let t = self.clock.play_time(self.rate(), now);
        let position = self.track.position_at(t).max(self.position);
        if position == self.position && now - self.reached > MAX_WAIT_MS && position < self.last() {
            // A long gap: go straight to the next frame.
            next.position = position + 1;
            next.restart_clock(now);
            return Some(next);
        }
        if position == self.position && position < self.last() {
            return None;
        }
        next.position = position;
        next.reached = now;
        if position >= self.last() {
            next.playing = false;
        }
        Some(next)
    }

    /// The grid's cameras with `camera` added or taken out.
    fn toggled(&self, camera: u16) -> Vec<u16> {
        let all = self.track.camera_numbers();
        let mut chosen = self.grid_cameras();
        match chosen.iter().position(|c| *c == camera) {
            Some(at) => {
                chosen.remove(at);
            }
            None => chosen.push(camera),
        }
        chosen.sort_unstable();
        if chosen == all {
            Vec::new()
        } else {
            chosen
        }
    }
}

/// What a key does (the `KeyboardEvent.key` value and whether shift is down), if anything.
pub fn action_for_key(key: &str, shift: bool) -> Option<PlaybackAction> {
    Some(match (key, shift) {
        ("ArrowLeft", false) => PlaybackAction::Step(-1),
        ("ArrowRight", false) => PlaybackAction::Step(1),
        ("ArrowLeft", true) => PlaybackAction::Jump(-JUMP_MS),
        ("ArrowRight", true) => PlaybackAction::Jump(JUMP_MS),
        (" ", _) => PlaybackAction::TogglePlay,
        ("1", _) => PlaybackAction::Layout(1),
        ("2", _) => PlaybackAction::Layout(2),
        ("3", _) => PlaybackAction::Layout(3),
        ("4", _) => PlaybackAction::Layout(4),
        ("+" | "=", _) => PlaybackAction::Speed(1),
        ("-" | "_", _) => PlaybackAction::Speed(-1),
        ("?", _) => PlaybackAction::Help(None),
        ("Escape", _) => PlaybackAction::Help(Some(false)),
        _ => return None,
    })
}

/// How far shift + arrow and the ±10 s buttons jump.
pub const JUMP_MS: i64 = 10_000;

/// The shortcuts, as the help lists them.
pub const SHORTCUTS: [(&str, &str); 9] = [
    ("Space", "play / pause"),
    ("← / →", "previous / next frame"),
    ("Shift + ← / →", "10 seconds back / on"),
    ("1 2 3 4", "single view, 2×2, 3×3, 4×4"),
    ("+ / −", "faster / slower"),
    ("click a tile", "that camera alone"),
    ("click / drag the timeline", "seek"),
    ("click an event marker", "go to the event"),
    ("?", "show / hide these shortcuts"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::test_frames::{entry, index_of};

    /// Cameras 1 and 2 alternating, a frame every 100 ms from 1 000, then
    /// camera 1 after a 10-second gap.
    fn playback() -> Playback {
        let index = index_of(&[
            entry(0, 1, 1_000),
            entry(10, 2, 1_100),
            entry(20, 1, 1_200),
            entry(30, 2, 1_300),
            entry(40, 1, 11_300),
        ]);
        Playback::new(Rc::new(Track::new(&index)))
    }

    fn apply(state: &Playback, actions: &[PlaybackAction]) -> Playback {
        actions.iter().fold(state.clone(), |s, a| {
            s.after(a.clone(), 0.0).expect("a change")
        })
    }

    /// The state at wall time `now` after `action`, changed or not.
    fn at(state: &Playback, action: PlaybackAction, now: f64) -> Playback {
        state.after(action, now).unwrap_or_else(|| state.clone())
    }

    #[test]
    fn steps_through_all_frames_or_one_cameras() {
        let state = playback();
        let all = apply(&state, &[PlaybackAction::Step(1), PlaybackAction::Step(1)]);
        assert_eq!((all.position, all.counter()), (2, "3 / 5".into()));
        assert_eq!(apply(&all, &[PlaybackAction::Step(-10)]).position, 0);
        assert_eq!(apply(&all, &[PlaybackAction::Step(10)]).position, 4);
        // Camera 2 alone: its frames are positions 1 and 3.
        let camera = apply(&state, &[PlaybackAction::Camera(2)]);
        assert_eq!(camera.counter(), "1 / 2", "its first stands in");
        assert_eq!(camera.shown_frame(), Some(1));
        let next = apply(&camera, &[PlaybackAction::Step(1)]);
        assert_eq!((next.position, next.counter()), (3, "2 / 2".into()));
        assert_eq!(
            apply(&next, &[PlaybackAction::Step(1)]).position,
            3,
            "no further"
        );
        assert_eq!(apply(&next, &[PlaybackAction::Step(-1)]).position, 1);
    }

    #[test]
    fn plays_by_the_clock_and_skips_long_gaps() {
        let state = at(&playback(), PlaybackAction::TogglePlay, 5_000.0);
        assert!(state.playing);
        assert_eq!(
            state.clock,
            Clock {
                wall_ms: 5_000.0,
                play_ms: 1_000
            }
        );
        // 50 ms later nothing new is due: nothing changes.
        assert_eq!(state.after(PlaybackAction::Tick, 5_050.0), None);
        // 250 ms later at 1×: the frame of 1 200 is due.
        let later = at(&state, PlaybackAction::Tick, 5_250.0);
        assert_eq!(later.position, 2);
        assert_eq!(later.clock, state.clock, "ticks keep the clock");
        // At 2× the clock runs twice as fast.
        let fast = at(&state, PlaybackAction::Speed(1), 5_000.0);
        assert_eq!(fast.speed_name(), "2×");
        assert!(fast.muted());
        assert_eq!(at(&fast, PlaybackAction::Tick, 5_150.0).position, 3);
        // The 10-second gap after 1 300 is not waited out: 2 s after the
        // last frame was reached, the next comes.
        let waiting = at(&later, PlaybackAction::Tick, 5_350.0);
        assert_eq!(waiting.position, 3);
        assert_eq!(waiting.after(PlaybackAction::Tick, 7_000.0), None);
        let jumped = at(&waiting, PlaybackAction::Tick, 7_400.0);
        assert_eq!(jumped.position, 4);
        assert!(jumped.playing && jumped.at_end());
        let ended = at(&jumped, PlaybackAction::Tick, 7_401.0);
        assert!(!ended.playing, "the end stops playing");
        assert_eq!(
            ended.after(PlaybackAction::Tick, 7_500.0),
            None,
            "paused: ticks do nothing"
        );
        // Play at the end starts from the beginning.
        assert_eq!(at(&ended, PlaybackAction::TogglePlay, 8_000.0).position, 0);
    }

    #[test]
    fn jumps_by_time_and_keeps_its_place_when_the_track_grows() {
        let state = apply(&playback(), &[PlaybackAction::Seek(3)]);
        assert_eq!(apply(&state, &[PlaybackAction::Jump(JUMP_MS)]).position, 4);
        assert_eq!(apply(&state, &[PlaybackAction::Jump(-JUMP_MS)]).position, 0);
        let smaller = Rc::new(Track::new(&index_of(&[
            entry(0, 1, 1_000),
            entry(10, 1, 2_000),
        ])));
        let resized = apply(&state, &[PlaybackAction::Resize(smaller.clone())]);
        assert_eq!(resized.position, 1, "clamped to the track");
        let reset = apply(
            &state,
            &[
                PlaybackAction::Layout(3),
                PlaybackAction::Reset(smaller, Start::default()),
            ],
        );
        assert_eq!((reset.position, reset.layout), (0, 1));
    }

    #[test]
    fn a_start_sets_layout_camera_and_time_and_waits_for_a_time_not_indexed_yet() {
        let start = Start {
            layout: Some(2),
            camera: Some(2),
            time_ms: Some(1_250),
        };
        let state = Playback::starting(playback().track.clone(), &start);
        assert_eq!((state.layout, state.camera, state.position), (2, 2, 2));
        assert_eq!(state.pending_time, None);
        // Indexing has reached 1 100 only: the last frame so far, and the
        // time is sought again when the track grows.
        let partial = Rc::new(Track::new(&index_of(&[
            entry(0, 1, 1_000),
            entry(10, 2, 1_100),
        ])));
        let early = Playback::starting(
            partial,
            &Start {
                time_ms: Some(1_250),
                ..Start::default()
            },
        );
        assert_eq!((early.position, early.pending_time), (1, Some(1_250)));
        let grown = apply(&early, &[PlaybackAction::Resize(playback().track.clone())]);
        assert_eq!((grown.position, grown.pending_time), (2, None));
        // A step meanwhile is the user's choice: the start is dropped.
        let stepped = apply(&early, &[PlaybackAction::Step(-1)]);
        let grown = apply(
            &stepped,
            &[PlaybackAction::Resize(playback().track.clone())],
        );
        assert_eq!((grown.position, grown.pending_time), (0, None));
    }

    #[test]
    fn play_and_pause_are_asked_for_directly() {
        let state = playback();
        let playing = at(&state, PlaybackAction::SetPlaying(true), 10.0);
        assert!(playing.playing);
        assert_eq!(
            playing.after(PlaybackAction::SetPlaying(true), 20.0),
            None,
            "already playing"
        );
        assert!(!at(&playing, PlaybackAction::SetPlaying(false), 30.0).playing);
        assert_eq!(at(&state, PlaybackAction::SeekTime(1_299), 0.0).position, 2);
    }

    #[test]
    fn grid_cameras_are_chosen_and_a_tile_click_shows_one_alone() {
        let state = apply(&playback(), &[PlaybackAction::Layout(2)]);
        assert_eq!(state.grid_cameras(), vec![1, 2]);
        let without_1 = apply(&state, &[PlaybackAction::ToggleGridCamera(1)]);
        assert_eq!(without_1.grid_cameras(), vec![2]);
        let both = apply(&without_1, &[PlaybackAction::ToggleGridCamera(1)]);
        assert!(both.grid.is_empty(), "all chosen is the default again");
        let focused = apply(&state, &[PlaybackAction::Camera(2)]);
        assert_eq!((focused.layout, focused.single_camera()), (1, Some(2)));
        assert_eq!(
            apply(&state, &[PlaybackAction::Layout(9)]).layout,
            MAX_LAYOUT
        );
    }

    #[test]
    fn keys_map_to_actions() {
        assert_eq!(
            action_for_key("ArrowLeft", false),
            Some(PlaybackAction::Step(-1))
        );
        assert_eq!(
            action_for_key("ArrowRight", true),
            Some(PlaybackAction::Jump(JUMP_MS))
        );
        assert_eq!(action_for_key(" ", false), Some(PlaybackAction::TogglePlay));
        assert_eq!(action_for_key("3", false), Some(PlaybackAction::Layout(3)));
        assert_eq!(action_for_key("=", false), Some(PlaybackAction::Speed(1)));
        assert_eq!(
            action_for_key("Escape", false),
            Some(PlaybackAction::Help(Some(false)))
        );
        assert_eq!(action_for_key("x", false), None);
    }

    #[test]
    fn an_empty_track_counts_nothing_and_does_not_play() {
        let empty = Playback::new(Rc::new(Track::default()));
        assert_eq!(empty.counter(), "0 / 0");
        assert!(!at(&empty, PlaybackAction::TogglePlay, 0.0).playing);
        assert_eq!(empty.shown_frame(), None);
    }
}
