//! Showing recorded times and sizes: NetVu timestamps are UTC milliseconds,
//! and a frame may say how far its local time is from UTC.

/// The largest time shown, as JavaScript's `Date` bounds it (±100 million days).
const MAX_SHOWN_MS: u64 = 8_640_000_000_000_000;

/// `2026-11-25 10:00:00.000 UTC+01:00`: the local time the recorder showed,
/// with its offset, or UTC when the offset is unknown.
pub fn local_time(utc_ms: i64, utc_offset_minutes: Option<i32>) -> String {
    local_clock(utc_ms, utc_offset_minutes, true)
}

/// As [`local_time`], with or without the milliseconds.
pub fn local_clock(utc_ms: i64, utc_offset_minutes: Option<i32>, with_ms: bool) -> String {
    let offset = utc_offset_minutes.unwrap_or(0);
    let local_ms = utc_ms.saturating_add(i64::from(offset) * 60_000);
    if local_ms.unsigned_abs() > MAX_SHOWN_MS {
        return format!("time out of range ({utc_ms} ms)");
    }
    let c = Civil::of(local_ms);
    let mut clock = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hours, c.minutes, c.seconds
    );
    if with_ms {
        clock.push_str(&format!(".{:03}", c.ms));
    }
    match utc_offset_minutes {
        None => format!("{clock} UTC"),
        Some(_) => {
            let sign = if offset < 0 { '-' } else { '+' };
            let abs = offset.unsigned_abs();
            format!("{clock} UTC{sign}{:02}:{:02}", abs / 60, abs % 60)
        }
    }
}

/// A time of the proleptic Gregorian calendar, to the millisecond.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hours: u32,
    pub minutes: u32,
    pub seconds: u32,
    pub ms: u32,
}

impl Civil {
    /// The calendar time of `ms` milliseconds since 1970-01-01 00:00.
    pub fn of(ms: i64) -> Civil {
        let (year, month, day) = civil_from_days(ms.div_euclid(86_400_000));
        let ms_of_day = ms.rem_euclid(86_400_000) as u32;
        Civil {
            year,
            month,
            day,
            hours: ms_of_day / 3_600_000,
            minutes: ms_of_day / 60_000 % 60,
            seconds: ms_of_day / 1_000 % 60,
            ms: ms_of_day % 1_000,
        }
    }
}

/// The proleptic Gregorian date of day `days` since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Bytes for people: `12.3 MB`.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A duration for people: `0.7 s`, `3 min 5 s`, `2 h 10 min`.
pub fn human_duration(ms: i64) -> String {
    match ms {
        ..=59_999 => format!("{:.1} s", ms as f64 / 1000.0),
        60_000..=3_599_999 => format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000),
        _ => format!("{} h {} min", ms / 3_600_000, ms % 3_600_000 / 60_000),
    }
}

/// When a stream starts and how long it lasts: `2024-03-15 11:20:30.000 UTC+01:00, 0.7 s`.
pub fn time_span(first: Option<i64>, last: Option<i64>, utc_offset: Option<i32>) -> String {
    match (first, last) {
        (Some(first), Some(last)) => format!(
            "{}, {}",
            local_time(first, utc_offset),
            human_duration(last.saturating_sub(first))
        ),
        _ => "no timestamps".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_clock_applies_the_offset_and_drops_ms_when_asked() {
        let ms = 1_795_600_000_123;
        assert_eq!(
            local_time(ms, Some(60)),
            "2026-11-25 10:46:40.123 UTC+01:00"
        );
        assert_eq!(
            local_clock(ms, Some(-90), false),
            "2026-11-25 08:16:40 UTC-01:30"
        );
        assert_eq!(local_time(ms, None), "2026-11-25 09:46:40.123 UTC");
        assert!(local_time(i64::MAX, None).starts_with("time out of range"));
    }

    #[test]
    fn dates_are_right_across_leap_days_and_before_1970() {
        assert_eq!(local_time(0, None), "1970-01-01 00:00:00.000 UTC");
        assert_eq!(local_time(-1, None), "1969-12-31 23:59:59.999 UTC");
        // 2024-02-29 12:00 and 2000-03-01 (2000 is a leap year).
        assert_eq!(
            local_time(1_709_208_000_000, None),
            "2024-02-29 12:00:00.000 UTC"
        );
        assert_eq!(
            local_time(951_868_800_000, None),
            "2000-03-01 00:00:00.000 UTC"
        );
        // An offset that crosses midnight backwards into the year before.
        assert_eq!(
            local_clock(1_767_225_600_000, Some(-60), false),
            "2025-12-31 23:00:00 UTC-01:00"
        );
    }

    #[test]
    fn sizes_and_durations_read_as_people_write_them() {
        assert_eq!(human_bytes(999.0), "999 B");
        assert_eq!(human_bytes(12_345_678.0), "12.3 MB");
        assert_eq!(human_duration(700), "0.7 s");
        assert_eq!(human_duration(185_000), "3 min 5 s");
        assert_eq!(human_duration(7_800_000), "2 h 10 min");
        assert_eq!(time_span(Some(0), None, None), "no timestamps");
        assert_eq!(
            time_span(Some(0), Some(700), Some(60)),
            "1970-01-01 01:00:00.000 UTC+01:00, 0.7 s"
        );
    }
}
