//! The arithmetic of sound while playing, kept apart from Web Audio
//! (`platform::audio`) so that it builds and is tested natively: each audio
//! channel's units in time order, which of them are due, their samples as
//! Web Audio takes them, and where each goes on the audio clock.

use std::ops::Range;

use netvu::{FrameEntry, Media};

/// A unit of audio: its play time (timestamp, ms) and its index in `index.frames`.
pub type AudioUnit = (i64, u32);

/// The audio units of a file by channel, each channel's in time order.
/// Only units with a timestamp: without one a unit has no place in time.
#[derive(Debug, Default, PartialEq)]
pub struct AudioTrack {
    /// Ascending by channel.
    pub channels: Vec<(u16, Vec<AudioUnit>)>,
}

impl AudioTrack {
    pub fn new(frames: &[FrameEntry]) -> AudioTrack {
        let mut channels: Vec<(u16, Vec<AudioUnit>)> = Vec::new();
        for (at, frame) in frames.iter().enumerate() {
            let Some(t) = frame
                .timestamp_ms()
                .filter(|_| frame.media() == Media::Audio)
            else {
                continue;
            };
            match channels.iter_mut().find(|(c, _)| *c == frame.stream) {
                Some((_, units)) => units.push((t, at as u32)),
                None => channels.push((frame.stream, vec![(t, at as u32)])),
            }
        }
        channels.sort_unstable_by_key(|(c, _)| *c);
        for (_, units) in &mut channels {
            units.sort_unstable();
        }
        AudioTrack { channels }
    }

    pub fn is_empty(&self) -> bool {
        self.channels.is_empty()
    }

    pub fn units(&self, channel: u16) -> &[AudioUnit] {
        self.channels
            .iter()
            .find(|(c, _)| *c == channel)
            .map_or(&[], |(_, units)| units.as_slice())
    }

    /// `wanted` if the file has that channel, else its first.
    pub fn channel_or_first(&self, wanted: u16) -> Option<u16> {
        let has = |c: u16| self.channels.iter().any(|(x, _)| *x == c);
        has(wanted)
            .then_some(wanted)
            .or_else(|| self.channels.first().map(|(c, _)| *c))
    }
}

/// Hands out a channel's units in time order, each once, as play time goes on.
#[derive(Debug, PartialEq)]
pub struct DueUnits {
    next: usize,
}

impl DueUnits {
    /// From the unit sounding at play time `t`: the last that starts at or
    /// before it (it may have ended already: only its length will tell), or
    /// the first.
    pub fn starting_at(units: &[AudioUnit], t: i64) -> DueUnits {
        DueUnits {
            next: units.partition_point(|&(u, _)| u <= t).saturating_sub(1),
        }
    }

    /// Positions in `units` of those not handed out yet that start before play time `until`.
    pub fn take(&mut self, units: &[AudioUnit], until: i64) -> Range<usize> {
        let end = units.partition_point(|&(u, _)| u < until).max(self.next);
        let due = self.next..end;
        self.next = end;
        due
    }

    /// Every unit has been handed out.
    pub fn finished(&self, units: &[AudioUnit]) -> bool {
        self.next >= units.len()
    }
}

/// 16-bit samples as Web Audio's floats in [-1, 1).
pub fn to_f32(samples: &[i16]) -> Vec<f32> {
    samples.iter().map(|&s| f32::from(s) / 32_768.0).collect()
}

/// Ties play time to the audio clock: play time `play_ms` is audio context time `context_s`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Anchor {
    pub context_s: f64,
    pub play_ms: i64,
}

impl Anchor {
    /// The audio context time of play time `t`.
    pub fn context_time(&self, t: i64) -> f64 {
        self.context_s + (t - self.play_ms) as f64 / 1000.0
    }
}

/// Where a buffer goes on the audio clock (seconds): started at `when`,
/// `offset` into it; it ends at `end`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub when: f64,
    pub offset: f64,
    pub end: f64,
}

/// A unit that starts this close to where the previous one ends (timestamps
/// are whole milliseconds, recorders' clocks jitter) is joined to it: a gap
/// or an overlap of a few samples would click.
pub const JOIN_S: f64 = 0.04;

/// Where a unit of `duration_s` seconds at play time `unit_ms` goes, the
/// previous unit ending at `previous_end` and the audio clock at `now_s`.
/// A unit that should have started already starts now, as far into it as
/// it is late; `None` if it is over.
pub fn place(
    anchor: Anchor,
    unit_ms: i64,
    duration_s: f64,
    previous_end: Option<f64>,
    now_s: f64,
) -> Option<Placement> {
    let due = anchor.context_time(unit_ms);
    let start = match previous_end {
        Some(end) if (due - end).abs() <= JOIN_S => end,
        _ => due,
    };
    let when = start.max(now_s);
    let offset = when - start;
    (offset < duration_s).then_some(Placement {
        when,
        offset,
        end: start + duration_s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use netvu::model::UnitLayout;
    use netvu::Codec;

    fn frame(codec: Codec, stream: u16, timestamp: i64) -> FrameEntry {
        FrameEntry {
            unit_offset: 0,
            timestamp,
            unit_length: 4,
            payload_start: 0,
            payload_length: 4,
            number: FrameEntry::NO_NUMBER,
            sample_rate: 8000,
            stream,
            width: 0,
            height: 0,
            codec,
            layout: UnitLayout::Audio,
            flags: 0,
        }
    }

    #[test]
    fn audio_track_keeps_each_channels_timed_units_in_time_order() {
        let frames = [
            frame(Codec::PcmS16le, 2, 1_000),
            frame(Codec::Jfif, 1, 1_000),
            frame(Codec::AdpcmIma, 1, 1_200),
            frame(Codec::AdpcmIma, 1, 1_100),
            frame(Codec::PcmS16le, 2, FrameEntry::NO_TIME),
        ];
        let track = AudioTrack::new(&frames);
        assert_eq!(
            track.channels,
            vec![(1, vec![(1_100, 3), (1_200, 2)]), (2, vec![(1_000, 0)])]
        );
        assert_eq!(track.units(2), &[(1_000, 0)]);
        assert!(track.units(3).is_empty());
        assert_eq!(track.channel_or_first(2), Some(2));
        assert_eq!(track.channel_or_first(7), Some(1));
        assert!(AudioTrack::new(&frames[1..2]).is_empty());
        assert_eq!(AudioTrack::new(&[]).channel_or_first(1), None);
    }

    #[test]
    fn due_units_start_with_the_one_sounding_and_are_handed_out_once() {
        let units = [(1_000, 0), (1_200, 1), (1_400, 2), (1_600, 3)];
        // Playing from 1 300: the unit of 1 200 is still sounding.
        let mut due = DueUnits::starting_at(&units, 1_300);
        assert_eq!(due.take(&units, 1_300 + 500), 1..4);
        assert_eq!(due.take(&units, 1_900), 4..4);
        assert!(due.finished(&units));
        // Before the first unit: nothing yet, then the first.
        let mut due = DueUnits::starting_at(&units, 500);
        assert_eq!(due.take(&units, 1_000), 0..0);
        assert_eq!(due.take(&units, 1_001), 0..1);
        assert!(!due.finished(&units));
        // A unit starting exactly at `until` is not due yet.
        assert_eq!(due.take(&units, 1_400), 1..2);
        // Time going backwards hands out nothing again.
        assert_eq!(due.take(&units, 0), 2..2);
        // At a unit's very start, that unit.
        assert_eq!(
            DueUnits::starting_at(&units, 1_200).take(&units, 1_201),
            1..2
        );
        assert_eq!(DueUnits::starting_at(&[], 0).take(&[], 10), 0..0);
    }

    #[test]
    fn samples_become_floats_in_minus_one_to_one() {
        assert_eq!(
            to_f32(&[0, 16_384, -16_384, i16::MIN, i16::MAX]),
            vec![0.0, 0.5, -0.5, -1.0, 32_767.0 / 32_768.0]
        );
    }

    const ANCHOR: Anchor = Anchor {
        context_s: 10.0,
        play_ms: 5_000,
    };

    #[test]
    fn units_are_placed_at_their_time_on_the_audio_clock() {
        assert_eq!(ANCHOR.context_time(5_250), 10.25);
        assert_eq!(
            place(ANCHOR, 5_250, 0.2, None, 10.0),
            Some(Placement {
                when: 10.25,
                offset: 0.0,
                end: 10.45
            })
        );
    }

    #[test]
    fn units_within_join_distance_follow_the_previous_back_to_back() {
        // Due 10.203 but the previous ends at 10.2: joined, no gap.
        let joined = place(ANCHOR, 5_203, 0.2, Some(10.2), 10.0).expect("placed");
        assert_eq!(joined.when, 10.2);
        assert_eq!(joined.end, 10.2 + 0.2);
        // An overlap is joined too.
        let joined = place(ANCHOR, 5_190, 0.2, Some(10.2), 10.0).expect("placed");
        assert_eq!(joined.when, 10.2);
        // A real gap in the recording stays a gap.
        let apart = place(ANCHOR, 5_500, 0.2, Some(10.2), 10.0).expect("placed");
        assert_eq!(apart.when, 10.5);
    }

    #[test]
    fn late_units_start_now_partway_in_or_not_at_all() {
        // Due at 10.0 for 0.2 s, the clock is at 10.05: 50 ms into it.
        let late = place(ANCHOR, 5_000, 0.2, None, 10.05).expect("placed");
        assert_eq!(late.when, 10.05);
        assert!((late.offset - 0.05).abs() < 1e-12);
        assert!((late.end - 10.2).abs() < 1e-12);
        // Over before now: nothing to play.
        assert_eq!(place(ANCHOR, 5_000, 0.2, None, 10.25), None);
        assert_eq!(place(ANCHOR, 4_000, 0.2, None, 10.0), None);
    }
}
