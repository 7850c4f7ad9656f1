//! `[Schedule]`: when the unit is in day, night or weekend mode.

use serde::Serialize;

use super::typed::Reader;
use super::values::{self, ClockTime, Parsed, WeekTime};
use super::{Entry, Sink};

/// A recording mode, one per schedule slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// `D`
    Day,
    /// `N`
    Night,
    /// `W`
    Weekend,
    /// `-`
    Off,
}

impl Mode {
    /// The schedule character of this mode.
    pub fn as_char(self) -> char {
        match self {
            Mode::Day => 'D',
            Mode::Night => 'N',
            Mode::Weekend => 'W',
            Mode::Off => '-',
        }
    }

    /// The mode of a schedule character (`D`, `N`, `W`, `-`; upper case only).
    pub fn from_char(c: char) -> Option<Mode> {
        match c {
            'D' => Some(Mode::Day),
            'N' => Some(Mode::Night),
            'W' => Some(Mode::Weekend),
            '-' => Some(Mode::Off),
            _ => None,
        }
    }
}

/// The schedule's day names, as keys, Monday first.
pub const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `[Schedule]`.
///
/// `days[0]` (Monday) … `days[6]` (Sunday) are the optional `mon` … `sun`
/// rows: one character per slot, `D`/`N`/`W`/`-`, slots per day = row length,
/// which must be 24, 48 or 96. A row with another character or length is kept
/// raw (`value: None`) with a warning such as
/// `[Schedule] sun: character X outside DNW-`, and [`Schedule::mode_at`] then
/// falls back to the times for that day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    pub offset: usize,
    pub day_start: Option<Parsed<ClockTime>>,
    pub night_start: Option<Parsed<ClockTime>>,
    pub weekend_start: Option<Parsed<WeekTime>>,
    pub weekend_end: Option<Parsed<WeekTime>>,
    pub days: [Option<Parsed<Vec<Mode>>>; 7],
    pub other: Vec<Entry>,
}

fn row(s: &str) -> Result<Vec<Mode>, String> {
    let mut out = Vec::with_capacity(s.len().min(96));
    for c in s.chars() {
        match Mode::from_char(c) {
            Some(m) => out.push(m),
            None => {
                let shown = if c.is_alphanumeric() || c.is_ascii_punctuation() {
                    c.to_string()
                } else {
                    format!("U+{:04X}", u32::from(c))
                };
                return Err(format!("character {shown} outside DNW-"));
            }
        }
    }
    match out.len() {
        24 | 48 | 96 => Ok(out),
        n => Err(format!("{n} slots, expected 24, 48 or 96")),
    }
}

pub(crate) fn build(r: &mut Reader<'_>, sink: &mut Sink) -> Schedule {
    let offset = r.offset();
    let day_start = r.parsed(sink, "day_start", values::clock_time);
    let night_start = r.parsed(sink, "night_start", values::clock_time);
    let weekend_start = r.parsed(sink, "weekend_start", values::week_time);
    let weekend_end = r.parsed(sink, "weekend_end", values::week_time);
    let days = DAY_KEYS.map(|k| r.parsed(sink, k, row));
    Schedule {
        offset,
        day_start,
        night_start,
        weekend_start,
        weekend_end,
        days,
        other: r.other(),
    }
}

impl Schedule {
    /// The valid explicit row of `weekday` (0 = Monday), if any.
    pub fn row(&self, weekday: usize) -> Option<&[Mode]> {
        self.days
            .get(weekday)?
            .as_ref()?
            .value
            .as_deref()
            .filter(|r| !r.is_empty())
    }

    /// The mode at `minute_of_day` (0..1440) of `weekday` (0 = Monday … 6 =
    /// Sunday).
    ///
    /// Uses the day's explicit row when present and valid (slot =
    /// `minute_of_day * len / 1440`). Otherwise: `Weekend` from
    /// `weekend_start` (inclusive) to `weekend_end` (exclusive), wrapping over
    /// the end of the week (`Fri 18:00` to `Mon 07:00`); else `Day` from
    /// `day_start` (inclusive) to `night_start` (exclusive), wrapping over
    /// midnight if `night_start` is earlier, and `Night` the rest of the day.
    /// Equal day and night starts mean always `Day`; equal weekend start and
    /// end mean no weekend.
    ///
    /// `None` when the arguments are out of range, or no row applies, the
    /// minute is not in the weekend and `day_start` or `night_start` is
    /// missing or invalid.
    pub fn mode_at(&self, weekday: usize, minute_of_day: u32) -> Option<Mode> {
        if weekday > 6 || minute_of_day >= 1440 {
            return None;
        }
        if let Some(row) = self.row(weekday) {
            let slot = usize::try_from(minute_of_day).ok()? * row.len() / 1440;
            return row.get(slot).copied();
        }
        let week_minute = u32::try_from(weekday).ok()? * 1440 + minute_of_day;
        let ws = self.weekend_start.as_ref().and_then(Parsed::copied);
        let we = self.weekend_end.as_ref().and_then(Parsed::copied);
        if let (Some(ws), Some(we)) = (ws, we) {
            let (s, e) = (ws.minute_of_week(), we.minute_of_week());
            if in_window(week_minute, s, e) {
                return Some(Mode::Weekend);
            }
        }
        let d = self.day_start.as_ref().and_then(Parsed::copied)?;
        let n = self.night_start.as_ref().and_then(Parsed::copied)?;
        let (d, n) = (d.minute_of_day(), n.minute_of_day());
        if d == n || in_window(minute_of_day, d, n) {
            Some(Mode::Day)
        } else {
            Some(Mode::Night)
        }
    }
}

/// `t` in `[start, end)`, wrapping when `end < start`; empty when equal.
fn in_window(t: u32, start: u32, end: u32) -> bool {
    if start <= end {
        start <= t && t < end
    } else {
        t >= start || t < end
    }
}
