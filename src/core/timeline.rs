//! The stretch of play time the timeline shows: the whole recording at
//! first, zoomed in and out around a time, and turned to the next page when
//! the playhead leaves it.

use super::track::Track;

/// Play times `start..end` (ms) shown across the timeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub start: i64,
    pub end: i64,
}

/// The narrowest span: a second.
pub const MIN_SPAN_MS: i64 = 1_000;

impl Span {
    /// The whole recording.
    pub fn whole(track: &Track) -> Span {
        let (start, end) = track.span();
        Span { start, end }
    }

    fn width(self) -> i64 {
        (self.end - self.start).max(1)
    }

    pub fn contains(self, t: i64) -> bool {
        (self.start..=self.end).contains(&t)
    }

    /// Where play time `t` lies across the span, 0 at its start, 1 at its end.
    pub fn fraction(self, t: i64) -> f64 {
        (t - self.start) as f64 / self.width() as f64
    }

    /// The play time at `fraction` across the span.
    pub fn time_at(self, fraction: f64) -> i64 {
        self.start + (self.width() as f64 * fraction.clamp(0.0, 1.0)) as i64
    }

    /// Its middle.
    pub fn middle(self) -> i64 {
        self.start + self.width() / 2
    }

    /// Moved (not resized) to lie inside `whole` as far as it can.
    pub fn within(self, whole: Span) -> Span {
        let width = self.width().min(whole.width());
        let start = self.start.clamp(whole.start, whole.end - width);
        Span {
            start,
            end: start + width,
        }
    }

    /// `factor` times as wide (below 1: zoomed in), time `t` staying where
    /// it is on the screen; never narrower than [`MIN_SPAN_MS`] nor wider
    /// than `whole`.
    pub fn zoomed(self, factor: f64, t: i64, whole: Span) -> Span {
        let width = ((self.width() as f64 * factor) as i64)
            .clamp(MIN_SPAN_MS.min(whole.width()), whole.width());
        let start = t - (self.fraction(t).clamp(0.0, 1.0) * width as f64) as i64;
        Span {
            start,
            end: start + width,
        }
        .within(whole)
    }

    /// The span turned to the page holding `t` when `t` is outside it (the
    /// playhead going on while playing), `t` then at its start or end.
    pub fn following(self, t: i64, whole: Span) -> Span {
        let width = self.width();
        let moved = if t > self.end {
            Span {
                start: t,
                end: t + width,
            }
        } else if t < self.start {
            Span {
                start: t - width,
                end: t,
            }
        } else {
            self
        };
        moved.within(whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHOLE: Span = Span {
        start: 0,
        end: 100_000,
    };

    #[test]
    fn zooms_around_a_time_that_stays_in_place() {
        let half = WHOLE.zoomed(0.5, 25_000, WHOLE);
        assert_eq!(
            half,
            Span {
                start: 12_500,
                end: 62_500
            }
        );
        assert!((half.fraction(25_000) - 0.25).abs() < 1e-9);
        assert_eq!(half.time_at(0.0), 12_500);
        assert_eq!(half.time_at(2.0), 62_500, "clamped to the span");
        assert_eq!(half.middle(), 37_500);
    }

    #[test]
    fn never_narrower_than_a_second_nor_wider_or_outside_the_recording() {
        let half = WHOLE.zoomed(0.5, 25_000, WHOLE);
        let narrowest = half.zoomed(1e-9, 30_000, WHOLE);
        assert_eq!(narrowest.end - narrowest.start, MIN_SPAN_MS);
        assert_eq!(half.zoomed(100.0, 30_000, WHOLE), WHOLE);
        let tail = Span {
            start: 90_000,
            end: 100_000,
        };
        assert_eq!(
            tail.zoomed(2.0, 99_000, WHOLE),
            Span {
                start: 80_000,
                end: 100_000
            }
        );
    }

    #[test]
    fn follows_the_playhead_a_page_at_a_time() {
        let half = Span {
            start: 12_500,
            end: 62_500,
        };
        assert_eq!(half.following(40_000, WHOLE), half);
        assert_eq!(
            half.following(70_000, WHOLE),
            Span {
                start: 50_000,
                end: 100_000
            }
        );
        assert_eq!(
            half.following(5_000, WHOLE),
            Span {
                start: 0,
                end: 50_000
            }
        );
    }
}
