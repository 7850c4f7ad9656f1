//! Showing recorded times: NetVu timestamps are UTC milliseconds, and a
//! frame may say how far its local time is from UTC.

/// `2026-11-25 10:00:00.000 UTC+01:00`: the local time the recorder showed,
/// with its offset, or UTC when the offset is unknown.
pub fn local_time(utc_ms: i64, utc_offset_minutes: Option<i32>) -> String {
    local_clock(utc_ms, utc_offset_minutes, true)
}

/// As [`local_time`], with or without the milliseconds.
pub fn local_clock(utc_ms: i64, utc_offset_minutes: Option<i32>, with_ms: bool) -> String {
    let offset = utc_offset_minutes.unwrap_or(0);
    let local_ms = utc_ms.saturating_add(i64::from(offset) * 60_000);
    // Beyond this a JS Date is invalid and toISOString throws.
    if local_ms.unsigned_abs() > 8_640_000_000_000_000 {
        return format!("time out of range ({utc_ms} ms)");
    }
    // toISOString formats the shifted instant as if it were UTC: that is the local clock.
    let iso = String::from(js_sys::Date::new(&(local_ms as f64).into()).to_iso_string());
    let mut clock = iso.trim_end_matches('Z').replace('T', " ");
    if !with_ms {
        if let Some(dot) = clock.rfind('.') {
            clock.truncate(dot);
        }
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
