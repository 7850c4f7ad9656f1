//! What a page asks of a viewer it embeds: in the viewer's address
//! (`?src=…&embed=1&layout=2x2&camera=3&t=2024-03-15T10:20:30Z&allow=…`),
//! as attributes of a `<netvu-viewer>` element (the same names), or in a
//! deep link (`#sha256=…&t=…&camera=…`, which opens a file only if its
//! SHA-256 is that one). The page reads the pairs; this interprets them.
//! The messages a parent page and an embedded viewer exchange are in
//! `protocol.rs`.

pub mod protocol;

use netvu::codec::jpeg::utc_millis;

/// Where playback starts once a file is open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Start {
    /// Tiles a side (1 to 4).
    pub layout: Option<usize>,
    /// The single view's camera.
    pub camera: Option<u16>,
    /// A UTC time (ms) to seek to.
    pub time_ms: Option<i64>,
}

impl Start {
    pub fn is_empty(&self) -> bool {
        *self == Start::default()
    }
}

/// A viewer's options, from its address or its element's attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    /// A file of the page's origin to open at once.
    pub source: Option<String>,
    /// A minimal player: no top bar, no tabs, no side panels or settings.
    pub embed: bool,
    /// The player's controls (transport, timeline, view options); without
    /// them a player is its pictures alone.
    pub controls: bool,
    pub start: Start,
    /// Origins whose pages may drive the viewer with messages (besides its own).
    pub allowed_origins: Vec<String>,
    /// A deep link's file: opened only if its SHA-256 (lower-case hex) is this.
    pub sha256: Option<String>,
    /// What could not be read, to say rather than ignore.
    pub problems: Vec<String>,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            source: None,
            embed: false,
            controls: true,
            start: Start::default(),
            allowed_origins: Vec::new(),
            sha256: None,
            problems: Vec::new(),
        }
    }
}

/// The `src` that opens the built-in sample recording, made in the page.
pub const SAMPLE_SOURCE: &str = "sample:";

/// `false` for `0`, `false`, `no`; anything else (an attribute's mere
/// presence too) is `true`.
fn flag(value: &str) -> bool {
    !matches!(value, "0" | "false" | "no")
}

impl EmbedOptions {
    /// The options named by `pairs` (an address's query and fragment, or
    /// an element's attributes), later pairs overriding earlier ones.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> EmbedOptions {
        let mut options = EmbedOptions::default();
        for (name, value) in pairs {
            options.set(name, value);
        }
        options
    }

    /// Takes one option; unknown names are left to the page.
    pub fn set(&mut self, name: &str, value: &str) {
        let value = value.trim();
        match name {
            "src" => self.source = Some(value.to_string()).filter(|v| !v.is_empty()),
            "embed" => self.embed = flag(value),
            "controls" => self.controls = flag(value),
            "layout" => match parse_layout(value) {
                Some(layout) => self.start.layout = Some(layout),
                None => self
                    .problems
                    .push(format!("layout “{value}”: expected 1, 2x2, 3x3 or 4x4")),
            },
            "camera" => match value.parse::<u16>() {
                Ok(camera) => self.start.camera = Some(camera),
                Err(_) => self
                    .problems
                    .push(format!("camera “{value}”: expected a camera number")),
            },
            "t" | "time" => match parse_time(value) {
                Some(ms) => self.start.time_ms = Some(ms),
                None => self.problems.push(format!(
                    "time “{value}”: expected a time such as 2024-03-15T10:20:30Z"
                )),
            },
            "allow" => self.allowed_origins.extend(
                value
                    .split([',', ' '])
                    .map(|o| o.trim().trim_end_matches('/'))
                    .filter(|o| !o.is_empty())
                    .map(str::to_string),
            ),
            "sha256" => match parse_sha256(value) {
                Some(hex) => self.sha256 = Some(hex),
                None => self
                    .problems
                    .push(format!("sha256 “{value}”: expected 64 hex digits")),
            },
            _ => {}
        }
    }

    /// Whether a page of `origin` may drive the viewer (served from `own`).
    pub fn allows(&self, origin: &str, own: &str) -> bool {
        origin == own || self.allowed_origins.iter().any(|o| o == origin || o == "*")
    }
}

/// `2x2` (or `2`, `2×2`) as 2 tiles a side; 1 to 4.
pub fn parse_layout(text: &str) -> Option<usize> {
    let side = match text.split_once(['x', 'X', '×']) {
        Some((a, b)) if a.trim() == b.trim() => a.trim(),
        Some(_) => return None,
        None => text.trim(),
    };
    side.parse().ok().filter(|n| (1..=4).contains(n))
}

/// An ISO 8601 time, `2024-03-15T10:20:30Z` (or with `.123`, a space for
/// the `T`, an offset `+01:00`, or none: UTC), as UTC milliseconds; or
/// plain milliseconds since 1970.
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut date = date.splitn(3, '-').map(|p| p.parse::<i32>().ok());
    let (year, month, day) = (date.next()??, date.next()??, date.next()??);
    let (clock, offset_minutes) = split_offset(rest)?;
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut hms = hms.splitn(3, ':').map(|p| p.parse::<i32>().ok());
    let (h, mi) = (hms.next()??, hms.next()??);
    let s = hms.next().flatten().unwrap_or(0);
    let ms = match fraction {
        "" => 0,
        f if f.len() <= 3 && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<3}").parse::<i32>().ok()?
        }
        _ => return None,
    };
    let local = utc_millis((day, month, year), (h, mi, s), ms)?;
    Some(local - i64::from(offset_minutes) * 60_000)
}

/// `10:20:30+01:00` as (`10:20:30`, 60); `Z` or nothing is UTC.
fn split_offset(clock: &str) -> Option<(&str, i32)> {
    if let Some(utc) = clock.strip_suffix(['Z', 'z']) {
        return Some((utc, 0));
    }
    let Some(at) = clock.rfind(['+', '-']) else {
        return Some((clock, 0));
    };
    let (clock, offset) = clock.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let (h, m) = offset[1..].split_once(':').unwrap_or((&offset[1..], "0"));
    Some((
        clock,
        sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?),
    ))
}

/// Whether a deep link naming the file of SHA-256 `expected` may open
/// `name`, whose SHA-256 is `actual`; if not, what to tell the user.
pub fn check_link(expected: &str, actual: &str, name: &str) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "this link is for the file whose SHA-256 is {expected}; {name} has SHA-256 {actual}, so it is another file (or a changed copy)"
    ))
}

/// 64 hex digits, as lower case.
fn parse_sha256(text: &str) -> Option<String> {
    (text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| text.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_embed_address_gives_source_layout_camera_time_and_allowed_origins() {
        let options = EmbedOptions::from_pairs([
            ("src", "recording.par"),
            ("embed", "1"),
            ("layout", "2x2"),
            ("camera", "3"),
            ("t", "2024-03-15T10:20:30Z"),
            (
                "allow",
                "https://docs.example.com, https://wiki.example.org/",
            ),
            ("other", "ignored"),
        ]);
        assert_eq!(options.source.as_deref(), Some("recording.par"));
        assert!(options.embed);
        assert_eq!(
            options.start,
            Start {
                layout: Some(2),
                camera: Some(3),
                time_ms: Some(1_710_498_030_000),
            }
        );
        assert!(options.allows("https://docs.example.com", "https://viewer.example.net"));
        assert!(options.allows("https://wiki.example.org", "https://viewer.example.net"));
        assert!(options.allows("https://viewer.example.net", "https://viewer.example.net"));
        assert!(!options.allows("https://evil.example", "https://viewer.example.net"));
        assert!(options.problems.is_empty());
        assert!(options.controls, "controls unless switched off");
        let bare = EmbedOptions::from_pairs([("controls", "false"), ("embed", "no")]);
        assert!(!bare.controls && !bare.embed);
        assert!(
            EmbedOptions::from_pairs([("controls", "")]).controls,
            "a bare attribute"
        );
    }

    #[test]
    fn times_read_with_fractions_offsets_or_as_milliseconds() {
        let t = 1_710_498_030_000;
        assert_eq!(parse_time("2024-03-15T10:20:30Z"), Some(t));
        assert_eq!(parse_time("2024-03-15T10:20:30.25Z"), Some(t + 250));
        assert_eq!(parse_time("2024-03-15 11:20:30+01:00"), Some(t));
        assert_eq!(parse_time("2024-03-15T08:50:30-01:30"), Some(t));
        assert_eq!(parse_time("2024-03-15T10:20"), Some(t - 30_000));
        assert_eq!(parse_time(&t.to_string()), Some(t));
        for bad in [
            "",
            "yesterday",
            "2024-02-30T00:00:00Z",
            "2024-03-15T25:00:00Z",
            "2024-03-15T10:20:30.1234Z",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn layouts_are_one_to_four_a_side() {
        assert_eq!(parse_layout("1"), Some(1));
        assert_eq!(parse_layout("3x3"), Some(3));
        assert_eq!(parse_layout("4×4"), Some(4));
        assert_eq!(parse_layout("2x3"), None);
        assert_eq!(parse_layout("5x5"), None);
        assert_eq!(parse_layout("grid"), None);
    }

    #[test]
    fn a_deep_link_names_its_files_hash_and_what_is_wrong_is_said() {
        let hash = "AB".repeat(32);
        let options = EmbedOptions::from_pairs([
            ("sha256", hash.as_str()),
            ("camera", "three"),
            ("t", "soon"),
            ("layout", "9x9"),
        ]);
        assert_eq!(options.sha256, Some("ab".repeat(32)));
        assert_eq!(options.start, Start::default());
        assert_eq!(options.problems.len(), 3);
        assert!(options.problems[0].starts_with("camera “three”"));
        assert_eq!(EmbedOptions::from_pairs([("sha256", "abc")]).sha256, None);
    }

    #[test]
    fn a_deep_link_opens_only_the_file_it_names() {
        let named = "ab".repeat(32);
        assert_eq!(check_link(&named, &named, "a.par"), Ok(()));
        let refused = check_link(&named, &"cd".repeat(32), "b.par").expect_err("another file");
        assert!(
            refused.contains(&named) && refused.contains("b.par has SHA-256 cdcd"),
            "{refused}"
        );
    }
}
