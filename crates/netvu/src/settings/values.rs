//! Parsers for the value syntaxes of the well-known sections, and
//! [`Parsed`], the wrapper that keeps a value's raw text next to its typed
//! reading.
//!
//! Each parser takes the trimmed value text and returns either the typed value
//! or a human description of what is wrong (the `what` part of a warning
//! `[Section] key: what`). None of them panics or allocates in proportion to
//! anything but its input; lists are capped at [`MAX_LIST`] entries.

use std::net::IpAddr;

use serde::Serialize;

/// The most entries a list value (`cameras`, `allowed_ip`, `open_tcp_ports`)
/// may expand to; a longer list is shown raw with a warning.
pub const MAX_LIST: usize = 1024;

/// A typed setting that keeps its text.
///
/// `raw` is the value exactly as written (trimmed of surrounding whitespace).
/// `value` is `Some` when `raw` parsed, `None` when it did not (a warning was
/// then reported) or when `raw` is empty (an empty value means "not set" and is
/// not warned about). A value is never dropped: a UI shows `value` when
/// present, else `raw`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed<T> {
    pub raw: String,
    pub value: Option<T>,
}

impl<T> Parsed<T> {
    /// The typed value, if the raw text parsed.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// True when the raw text is non-empty but did not parse.
    pub fn is_invalid(&self) -> bool {
        self.value.is_none() && !self.raw.is_empty()
    }
}

impl<T: Copy> Parsed<T> {
    /// The typed value by copy, if the raw text parsed.
    pub fn copied(&self) -> Option<T> {
        self.value
    }
}

/// A time of day, `HH:MM` (00:00 to 23:59).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ClockTime {
    pub hour: u8,
    pub minute: u8,
}

impl ClockTime {
    /// Minutes since midnight, 0 to 1439.
    pub fn minute_of_day(self) -> u32 {
        u32::from(self.hour) * 60 + u32::from(self.minute)
    }
}

/// A weekday and time of day, e.g. `Fri 18:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekTime {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    pub time: ClockTime,
}

impl WeekTime {
    /// Minutes since Monday 00:00, 0 to 10079.
    pub fn minute_of_week(self) -> u32 {
        u32::from(self.weekday) * 1440 + self.time.minute_of_day()
    }
}

/// A picture size, `WIDTHxHEIGHT` (e.g. `720x576`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub width: u32,
    pub height: u32,
}

/// An address allowed through the firewall: an IP, or a network `IP/prefix`
/// (`prefix` is 32 or 128 for a single address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IpNet {
    pub addr: IpAddr,
    pub prefix: u8,
}

/// An inclusive range of TCP ports (`first == last` for a single port).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PortRange {
    pub first: u16,
    pub last: u16,
}

/// An alarm input's contact type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Contact {
    /// `NO`
    #[serde(rename = "NO")]
    NormallyOpen,
    /// `NC`
    #[serde(rename = "NC")]
    NormallyClosed,
}

/// Shortens `s` to at most `max` characters for a message (adds `…`).
pub(crate) fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((cut, _)) => format!("{}…", &s[..cut]),
    }
}

fn found(s: &str) -> String {
    format!("found \"{}\"", shorten(s, 60))
}

/// `on/off`, `yes/no`, `true/false`, `1/0`, case-insensitive.
pub fn boolean(s: &str) -> Result<bool, String> {
    let l = s.to_ascii_lowercase();
    match l.as_str() {
        "on" | "yes" | "true" | "1" => Ok(true),
        "off" | "no" | "false" | "0" => Ok(false),
        _ => Err(format!(
            "expected on/off, yes/no, true/false or 1/0, {}",
            found(s)
        )),
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An unsigned integer in `lo..=hi`. Digits only (no sign, no spaces inside).
pub fn unsigned(s: &str, lo: u64, hi: u64) -> Result<u64, String> {
    if !all_digits(s) {
        return Err(format!("expected a whole number, {}", found(s)));
    }
    match s.parse::<u64>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!("expected a number from {lo} to {hi}, {}", found(s))),
    }
}

pub fn u16_in(s: &str, lo: u16, hi: u16) -> Result<u16, String> {
    unsigned(s, u64::from(lo), u64::from(hi)).map(|v| u16::try_from(v).unwrap_or(hi))
}

pub fn u32_any(s: &str) -> Result<u32, String> {
    unsigned(s, 0, u64::from(u32::MAX)).map(|v| u32::try_from(v).unwrap_or(u32::MAX))
}

/// A percentage, 0 to 100 (an optional trailing `%` is accepted).
pub fn percent(s: &str) -> Result<u8, String> {
    let t = s.strip_suffix('%').unwrap_or(s).trim_end();
    unsigned(t, 0, 100)
        .map(|v| u8::try_from(v).unwrap_or(100))
        .map_err(|_| format!("expected a percentage from 0 to 100, {}", found(s)))
}

/// A number of seconds (an optional trailing `s` is accepted).
pub fn seconds(s: &str) -> Result<u32, String> {
    let t = s
        .strip_suffix('s')
        .or_else(|| s.strip_suffix('S'))
        .unwrap_or(s)
        .trim_end();
    u32_any(t).map_err(|_| format!("expected a number of seconds, {}", found(s)))
}

/// A signed integer in `lo..=hi`.
pub fn signed(s: &str, lo: i32, hi: i32) -> Result<i32, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if !all_digits(digits) {
        return Err(format!("expected a whole number, {}", found(s)));
    }
    match s.parse::<i64>() {
        Ok(v) if (i64::from(lo)..=i64::from(hi)).contains(&v) => Ok(i32::try_from(v).unwrap_or(hi)),
        _ => Err(format!("expected a number from {lo} to {hi}, {}", found(s))),
    }
}

/// A rate in pictures per second: a finite number ≥ 0 (`12.5`, `25`) or a
/// fraction `a/b` (`1/2`).
pub fn rate(s: &str) -> Result<f32, String> {
    let plain = |t: &str| -> Option<f32> {
        let t = t.trim();
        let ok = !t.is_empty()
            && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && t.bytes().filter(|&b| b == b'.').count() <= 1
            && t.bytes().any(|b| b.is_ascii_digit());
        if !ok {
            return None;
        }
        t.parse::<f32>().ok().filter(|v| v.is_finite())
    };
    let v = match s.split_once('/') {
        Some((a, b)) => match (plain(a), plain(b)) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => None,
        },
        None => plain(s),
    };
    v.filter(|v| v.is_finite())
        .ok_or_else(|| format!("expected pictures per second, {}", found(s)))
}

/// A duration with a unit: `<number><s|m|h|d|w>` (e.g. `31d`, `12h`),
/// returned in seconds.
pub fn duration(s: &str) -> Result<u64, String> {
    let err = || {
        format!(
            "expected a number with unit s, m, h, d or w (e.g. 31d), {}",
            found(s)
        )
    };
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(err)?;
    let (num, unit) = s.split_at(split);
    if num.is_empty() {
        return Err(err());
    }
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(err()),
    };
    num.parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(err)
}

/// `HH:MM`, 00:00 to 23:59 (one-digit hours accepted).
pub fn clock_time(s: &str) -> Result<ClockTime, String> {
    parse_clock(s).ok_or_else(|| format!("expected HH:MM, {}", found(s)))
}

fn parse_clock(s: &str) -> Option<ClockTime> {
    let (h, m) = s.split_once(':')?;
    if !all_digits(h) || h.len() > 2 || !all_digits(m) || m.len() != 2 {
        return None;
    }
    let hour: u8 = h.parse().ok()?;
    let minute: u8 = m.parse().ok()?;
    (hour < 24 && minute < 60).then_some(ClockTime { hour, minute })
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The weekday (0 = Monday) of a three-letter or full English day name,
/// case-insensitive.
pub fn weekday(s: &str) -> Option<u8> {
    let l = s.to_ascii_lowercase();
    (0u8..7).find(|&i| {
        let i = usize::from(i);
        l == DAYS[i] || l == DAY_NAMES[i]
    })
}

/// `Day HH:MM`, e.g. `Fri 18:00`.
pub fn week_time(s: &str) -> Result<WeekTime, String> {
    let parsed = s.split_once(char::is_whitespace).and_then(|(d, t)| {
        Some(WeekTime {
            weekday: weekday(d)?,
            time: parse_clock(t.trim())?,
        })
    });
    parsed.ok_or_else(|| format!("expected a day and HH:MM (e.g. Fri 18:00), {}", found(s)))
}

/// Splits `s` at `x` or `X` into two numbers in `1..=max`.
pub(crate) fn dims(s: &str, max: u32) -> Option<(u32, u32)> {
    let (a, b) = s.split_once(['x', 'X'])?;
    let (a, b) = (a.trim(), b.trim());
    if !all_digits(a) || !all_digits(b) {
        return None;
    }
    let a: u32 = a.parse().ok()?;
    let b: u32 = b.parse().ok()?;
    ((1..=max).contains(&a) && (1..=max).contains(&b)).then_some((a, b))
}

/// `WIDTHxHEIGHT`, each 1 to 65535.
pub fn resolution(s: &str) -> Result<Resolution, String> {
    dims(s, 65_535)
        .map(|(width, height)| Resolution { width, height })
        .ok_or_else(|| format!("expected WIDTHxHEIGHT (e.g. 720x576), {}", found(s)))
}

/// `NO` or `NC`, case-insensitive.
pub fn contact(s: &str) -> Result<Contact, String> {
    if s.eq_ignore_ascii_case("no") {
        Ok(Contact::NormallyOpen)
    } else if s.eq_ignore_ascii_case("nc") {
        Ok(Contact::NormallyClosed)
    } else {
        Err(format!("expected NO or NC, {}", found(s)))
    }
}

/// An IP address (v4 or v6).
pub fn ip(s: &str) -> Result<IpAddr, String> {
    s.parse::<IpAddr>()
        .map_err(|_| format!("expected an IP address, {}", found(s)))
}

/// Items of a list separated by commas, semicolons or whitespace.
fn items(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
}

fn too_long() -> String {
    format!("list longer than {MAX_LIST} entries")
}

/// A list of IPs or networks `IP/prefix`, separated by commas, semicolons or
/// whitespace.
pub fn ip_list(s: &str) -> Result<Vec<IpNet>, String> {
    let mut out = Vec::new();
    for item in items(s) {
        if out.len() >= MAX_LIST {
            return Err(too_long());
        }
        let (a, p) = match item.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (item, None),
        };
        let addr: IpAddr = a
            .parse()
            .map_err(|_| format!("\"{}\" is not an IP address or network", shorten(item, 60)))?;
        let max: u8 = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            None => max,
            Some(p) => match unsigned(p, 0, u64::from(max)) {
                Ok(v) => u8::try_from(v).unwrap_or(max),
                Err(_) => {
                    return Err(format!(
                        "\"{}\" has a prefix length outside 0-{max}",
                        shorten(item, 60)
                    ))
                }
            },
        };
        out.push(IpNet { addr, prefix });
    }
    Ok(out)
}

/// `a-b` or `a` with numbers in `1..=max`, `a <= b`.
fn range(item: &str, max: u16) -> Option<(u16, u16)> {
    let (a, b) = match item.split_once('-') {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (item.trim(), item.trim()),
    };
    let a = u16_in(a, 1, max).ok()?;
    let b = u16_in(b, 1, max).ok()?;
    (a <= b).then_some((a, b))
}

/// A list of TCP port ranges, e.g. `80, 443, 8000-8100`.
pub fn port_ranges(s: &str) -> Result<Vec<PortRange>, String> {
    let mut out = Vec::new();
    for item in s.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()) {
        if out.len() >= MAX_LIST {
            return Err(too_long());
        }
        let (first, last) = range(item, u16::MAX).ok_or_else(|| {
            format!(
                "\"{}\" is not a port or port range (1-65535)",
                shorten(item, 60)
            )
        })?;
        out.push(PortRange { first, last });
    }
    Ok(out)
}

/// A list of camera numbers with ranges, e.g. `1-3,6` → `[1, 2, 3, 6]`, at
/// most [`MAX_LIST`] numbers in all.
pub fn number_list(s: &str) -> Result<Vec<u16>, String> {
    let mut out: Vec<u16> = Vec::new();
    for item in s.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()) {
        let (a, b) = range(item, u16::MAX).ok_or_else(|| {
            format!(
                "\"{}\" is not a number or range of numbers from 1",
                shorten(item, 60)
            )
        })?;
        let n = usize::from(b - a) + 1;
        if out.len() + n > MAX_LIST {
            return Err(too_long());
        }
        out.extend(a..=b);
    }
    Ok(out)
}

/// A comma-separated list of words, trimmed, empty items skipped.
pub fn words(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}
