//! The unit's settings carried by a PAR `SETT` chunk (par-format.md §3.1, §5).
//!
//! The payload is INI text. [`Settings::parse`] accepts any bytes and never
//! fails: it keeps the bytes verbatim (so a writer re-emits them byte for byte,
//! [`Settings::raw`]), reads the INI structure ([`Settings::sections`]) and the
//! well-known sections into typed views ([`Settings::typed`]), and reports what
//! it could not understand as [`Warning`]s with byte offsets.
//!
//! # Syntax read
//!
//! * Text: each line is decoded with [`crate::text::decode`] — UTF-8 when the
//!   line is valid UTF-8, else Windows-1252 (so a file that is all UTF-8 reads
//!   as UTF-8, and a legacy-code-page file loses nothing). A UTF-8 BOM at the
//!   start is ignored.
//! * Lines end with LF or CR LF (a CR LF's CR is not part of the line).
//! * `[Name]` starts a section (`[Name] ; comment` too). The name is trimmed.
//! * `key = value`: split at the first `=`, key and value trimmed. Nothing
//!   else is removed from the value (no inline comments, no quotes), since
//!   passwords and titles may contain `;`, `#` or quotes.
//! * Lines whose first non-blank character is `;` or `#` are comments; blank
//!   lines are ignored.
//! * Any other line is kept in [`Settings::raw`] and reported as a warning.
//! * Entries before the first section header go into a section with an empty
//!   name at offset 0.
//! * Repeated sections and keys are all kept, in file order. Lookups
//!   ([`Settings::section`], [`Settings::get`]) and the typed view use the
//!   first one; the typed view warns about the repeats and puts repeated keys
//!   in the section's `other` list.
//! * Section and key names compare case-insensitively, ignoring surrounding
//!   whitespace (runs of whitespace inside section names compare as one space).
//!
//! # Warnings
//!
//! [`Warning::message`] is the full human line, `[Section] key: what is wrong`
//! (`[Section] what is wrong` when no key is involved), e.g.
//! `[VMD 2] zones: 13 rows for grid 16x12`. Warnings are in file order. At most
//! [`MAX_WARNINGS`] are kept; one more says how many were left out. Section
//! and key names in messages are shortened to 100 characters, and the text of
//! a line that mentions `password` is never quoted in a message.
//!
//! # Secrets
//!
//! Any key whose name contains `password` (case-insensitive) is a secret
//! ([`Entry::secret`]). Values are kept and serialized as they are — masking
//! is the UI's job — and [`Settings::to_ini_without_secrets`] writes an export
//! with the secret values left empty.

use serde::Serialize;

mod schedule;
mod typed;
mod values;
mod vmd;

pub use schedule::{Mode, Schedule, DAY_KEYS};
pub use typed::{Alarm, Camera, Email, Firewall, Ftp, Network, Security, Sms, Time, Typed, Unit};
pub use values::{ClockTime, Contact, IpNet, Parsed, PortRange, Resolution, WeekTime, MAX_LIST};
pub use vmd::{Grid, Vmd, MAX_GRID};

/// The most warnings kept by [`Settings::parse`]; further ones are counted in a
/// final warning.
pub const MAX_WARNINGS: usize = 1000;

/// A settings text: the raw bytes, their INI structure, the typed view of the
/// well-known sections and the warnings.
///
/// Serializes as `{ sections, typed, warnings }` (the raw bytes are left out;
/// they are [`Settings::raw`]).
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    #[serde(skip)]
    raw: Vec<u8>,
    sections: Vec<Section>,
    typed: Typed,
    warnings: Vec<Warning>,
    /// Byte ranges in `raw` of secret values (for exports).
    #[serde(skip)]
    secret_ranges: Vec<(usize, usize)>,
}

/// One `[Section]` and its entries, in file order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The name as written, trimmed (empty for entries before any header).
    pub name: String,
    /// Byte offset in the raw text of the header line (0 for the unnamed
    /// section of entries before any header).
    pub offset: usize,
    pub entries: Vec<Entry>,
}

/// One `key = value` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The key as written, trimmed.
    pub key: String,
    /// The value as written, trimmed.
    pub value: String,
    /// Byte offset in the raw text of the line.
    pub offset: usize,
    /// The key contains `password` (case-insensitive): a UI masks the value.
    pub secret: bool,
}

/// Something in the settings text that could not be read as expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Byte offset in the raw text of the line concerned.
    pub offset: usize,
    /// The section's name as written (may be shortened; empty if none).
    pub section: String,
    /// The key concerned, if any.
    pub key: Option<String>,
    /// The full human line: `[Section] key: what is wrong`.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Collects warnings, capped at [`MAX_WARNINGS`].
#[derive(Debug, Default)]
pub(crate) struct Sink {
    list: Vec<Warning>,
    dropped: usize,
}

impl Sink {
    pub(crate) fn push(&mut self, offset: usize, section: &str, key: Option<&str>, what: &str) {
        if self.list.len() >= MAX_WARNINGS {
            self.dropped += 1;
            return;
        }
        let section = values::shorten(section, 100);
        let key = key.map(|k| values::shorten(k, 100));
        let message = match (section.is_empty(), &key) {
            (true, None) => what.to_string(),
            (true, Some(k)) => format!("{k}: {what}"),
            (false, None) => format!("[{section}] {what}"),
            (false, Some(k)) => format!("[{section}] {k}: {what}"),
        };
        self.list.push(Warning {
            offset,
            section,
            key,
            message,
        });
    }

    fn finish(mut self) -> Vec<Warning> {
        self.list.sort_by_key(|w| w.offset);
        if self.dropped > 0 {
            let offset = self.list.last().map_or(0, |w| w.offset);
            self.list.push(Warning {
                offset,
                section: String::new(),
                key: None,
                message: format!("{} more warnings not shown", self.dropped),
            });
        }
        self.list
    }
}

/// Lower-cased, trimmed, inner whitespace runs collapsed to one space.
pub(crate) fn norm_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Lower-cased and trimmed.
pub(crate) fn norm_key(s: &str) -> String {
    s.trim().chars().flat_map(char::to_lowercase).collect()
}

fn is_secret_key(key: &str) -> bool {
    norm_key(key).contains("password")
}

/// Where a line's content (without terminator) starts and ends in the raw text.
struct Line<'a> {
    start: usize,
    bytes: &'a [u8],
}

fn lines(raw: &[u8]) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    raw.split_inclusive(|&b| b == b'\n').map(move |chunk| {
        let line_start = start;
        start += chunk.len();
        let body = chunk.strip_suffix(b"\n").unwrap_or(chunk);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        Line {
            start: line_start,
            bytes: body,
        }
    })
}

/// The byte range of a secret value inside `line` (from just after the `=` and
/// following spaces/tabs to the end of the line's content).
fn value_range(line: &Line<'_>) -> Option<(usize, usize)> {
    let eq = line.bytes.iter().position(|&b| b == b'=')?;
    let skip = line.bytes[eq + 1..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let from = line.start + eq + 1 + skip;
    let to = line.start + line.bytes.len();
    (from < to).then_some((from, to))
}

fn describe_line(text: &str) -> String {
    if norm_key(text).contains("password") {
        "line not understood (it mentions a password, not shown)".to_string()
    } else {
        format!("line not understood: \"{}\"", values::shorten(text, 60))
    }
}

impl Settings {
    /// Reads a settings text. Total: any bytes give a `Settings`; what cannot
    /// be understood is reported by [`Settings::warnings`].
    pub fn parse(raw: &[u8]) -> Settings {
        let mut sink = Sink::default();
        let mut sections: Vec<Section> = Vec::new();
        let mut secret_ranges = Vec::new();
        for (i, line) in lines(raw).enumerate() {
            let decoded = crate::text::decode(line.bytes);
            let mut text: &str = &decoded;
            if i == 0 {
                text = text.strip_prefix('\u{feff}').unwrap_or(text);
            }
            let t = text.trim();
            if t.is_empty() || t.starts_with(';') || t.starts_with('#') {
                continue;
            }
            let current = sections.last().map_or("", |s| s.name.as_str());
            if let Some(inner) = t.strip_prefix('[') {
                if let Some((name, rest)) = inner.split_once(']') {
                    let rest = rest.trim();
                    if rest.is_empty() || rest.starts_with(';') || rest.starts_with('#') {
                        let name = name.trim();
                        if name.is_empty() {
                            sink.push(line.start, "", None, "section header without a name");
                        }
                        sections.push(Section {
                            name: name.to_string(),
                            offset: line.start,
                            entries: Vec::new(),
                        });
                        continue;
                    }
                }
                sink.push(line.start, current, None, &describe_line(t));
                continue;
            }
            match t.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => {
                    let key = k.trim().to_string();
                    let secret = is_secret_key(&key);
                    if secret {
                        if let Some(r) = value_range(&line) {
                            secret_ranges.push(r);
                        }
                    }
                    if sections.is_empty() {
                        sections.push(Section {
                            name: String::new(),
                            offset: 0,
                            entries: Vec::new(),
                        });
                    }
                    if let Some(section) = sections.last_mut() {
                        section.entries.push(Entry {
                            key,
                            value: v.trim().to_string(),
                            offset: line.start,
                            secret,
                        });
                    }
                }
                _ => sink.push(line.start, current, None, &describe_line(t)),
            }
        }
        let typed = typed::build(&sections, &mut sink);
        Settings {
            raw: raw.to_vec(),
            sections,
            typed,
            warnings: sink.finish(),
            secret_ranges,
        }
    }

    /// The bytes exactly as given to [`Settings::parse`].
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// All sections in file order, repeats included.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The first section called `name` (case-insensitive, surrounding
    /// whitespace ignored).
    pub fn section(&self, name: &str) -> Option<&Section> {
        let want = norm_name(name);
        self.sections.iter().find(|s| norm_name(&s.name) == want)
    }

    /// The value of the first `key` in the first section called `section`
    /// that has it (both case-insensitive, surrounding whitespace ignored).
    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        let want_section = norm_name(section);
        let want_key = norm_key(key);
        self.sections
            .iter()
            .filter(|s| norm_name(&s.name) == want_section)
            .flat_map(|s| s.entries.iter())
            .find(|e| norm_key(&e.key) == want_key)
            .map(|e| e.value.as_str())
    }

    /// Everything that could not be read as expected, in file order.
    pub fn warnings(&self) -> Vec<Warning> {
        self.warnings.clone()
    }

    /// The typed view of the well-known sections (par-format.md §5).
    pub fn typed(&self) -> Typed {
        self.typed.clone()
    }

    /// The raw bytes with every secret value (key containing `password`)
    /// removed, everything else byte for byte: `user_password = abc` becomes
    /// `user_password = `.
    pub fn to_ini_bytes_without_secrets(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.raw.len());
        let mut at = 0;
        for &(from, to) in &self.secret_ranges {
            if let (Some(keep), true) = (self.raw.get(at..from), to <= self.raw.len()) {
                out.extend_from_slice(keep);
                at = to;
            }
        }
        out.extend_from_slice(self.raw.get(at..).unwrap_or(&[]));
        out
    }

    /// [`Settings::to_ini_bytes_without_secrets`] as text, for exports: each
    /// line decoded as in [`Settings::parse`], so a UTF-8 text comes out byte
    /// for byte (minus the secrets).
    pub fn to_ini_without_secrets(&self) -> String {
        let bytes = self.to_ini_bytes_without_secrets();
        if let Ok(s) = String::from_utf8(bytes.clone()) {
            return s;
        }
        let mut out = String::with_capacity(bytes.len());
        for chunk in bytes.split_inclusive(|&b| b == b'\n') {
            out.push_str(&crate::text::decode(chunk));
        }
        out
    }
}

#[cfg(test)]
mod tests;
