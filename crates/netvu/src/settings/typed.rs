//! Typed views of the well-known sections (par-format.md §5).
//!
//! Conventions for every struct here:
//!
//! * Free-text keys are `Option<String>` (`None` when the key is absent).
//! * Typed keys are `Option<Parsed<T>>`: `None` when absent, else the raw text
//!   and `Some` typed value when it parsed (see [`Parsed`]); a value that does
//!   not parse produces a warning and keeps its raw text.
//! * Booleans accept `on/off`, `yes/no`, `true/false`, `1/0` (any case).
//! * `offset` is the byte offset of the section's header line.
//! * `other` holds the section's entries that are not known keys, plus
//!   repeats of known keys (the first occurrence is the one read), in file
//!   order.
//! * Keys are matched case-insensitively.
//! * Numbered sections (`[Camera N]`, `[VMD N]`, `[Alarm N]`) are listed in
//!   file order; `N` is 1 to 65535 (`[Camera 0]` is reported and left as an
//!   unknown section). A repeated section (same kind and number, or same name
//!   for the others) is reported and only its first occurrence is typed; all
//!   are still in [`Settings::sections`](super::Settings::sections).

use std::collections::HashMap;
use std::net::IpAddr;

use serde::Serialize;

use super::values::{self, Contact, IpNet, Parsed, PortRange, Resolution};
use super::{norm_key, norm_name, Entry, Schedule, Section, Sink, Vmd};

/// The typed view of all well-known sections.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Typed {
    pub unit: Option<Unit>,
    pub network: Option<Network>,
    pub time: Option<Time>,
    pub cameras: Vec<Camera>,
    pub schedule: Option<Schedule>,
    pub vmd: Vec<Vmd>,
    pub alarms: Vec<Alarm>,
    pub email: Option<Email>,
    pub sms: Option<Sms>,
    pub ftp: Option<Ftp>,
    pub firewall: Option<Firewall>,
    pub security: Option<Security>,
    /// Names (as written) of the sections that are not well-known, in file
    /// order. The unnamed section of entries before any header is not listed.
    pub unknown_sections: Vec<String>,
}

impl Typed {
    /// The first `[Camera N]` with this number.
    pub fn camera(&self, number: u16) -> Option<&Camera> {
        self.cameras.iter().find(|c| c.number == number)
    }

    /// The first `[VMD N]` for camera `number`.
    pub fn vmd_for(&self, camera: u16) -> Option<&Vmd> {
        self.vmd.iter().find(|v| v.camera == camera)
    }
}

/// `[Unit]`: the header card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    pub offset: usize,
    pub name: Option<String>,
    /// e.g. `SD Advanced 16`.
    pub model: Option<String>,
    pub serial: Option<String>,
    pub firmware: Option<String>,
    /// `PAL` or `NTSC`, as written.
    pub video_standard: Option<String>,
    pub site: Option<String>,
    pub other: Vec<Entry>,
}

/// `[Network]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub offset: usize,
    pub dhcp: Option<Parsed<bool>>,
    pub ip: Option<Parsed<IpAddr>>,
    pub subnet: Option<Parsed<IpAddr>>,
    pub gateway: Option<Parsed<IpAddr>>,
    pub dns: Option<Parsed<IpAddr>>,
    /// 1 to 65535.
    pub http_port: Option<Parsed<u16>>,
    /// 1 to 65535.
    pub netvu_port: Option<Parsed<u16>>,
    pub other: Vec<Entry>,
}

/// `[Time]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Time {
    pub offset: usize,
    pub timezone: Option<String>,
    /// Minutes, local = UTC + offset; -1440 to 1440.
    pub utc_offset: Option<Parsed<i32>>,
    pub ntp_server: Option<String>,
    pub dst: Option<Parsed<bool>>,
    pub other: Vec<Entry>,
}

/// `[Camera N]`: a per-camera card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Camera {
    /// `N`, 1-based.
    pub number: u16,
    pub offset: usize,
    /// Labels the video of camera N.
    pub title: Option<String>,
    pub connected: Option<Parsed<bool>>,
    /// `false` = covert (see [`Camera::is_covert`]).
    pub viewable: Option<Parsed<bool>>,
    pub terminated: Option<Parsed<bool>>,
    pub mono: Option<Parsed<bool>>,
    /// none/Dennard/Pelco/BBV, as written.
    pub telemetry: Option<String>,
    /// JPEG/MPEG4/H264, as written.
    pub codec: Option<String>,
    /// `WIDTHxHEIGHT`.
    pub resolution: Option<Parsed<Resolution>>,
    pub record_day: Option<Parsed<bool>>,
    pub record_night: Option<Parsed<bool>>,
    pub record_weekend: Option<Parsed<bool>>,
    /// Pictures per second (`12.5`, `25`, or a fraction such as `1/2`).
    pub record_rate: Option<Parsed<f32>>,
    /// Pictures per second while an alarm is active.
    pub alarm_record_rate: Option<Parsed<f32>>,
    /// Pictures per second before an alarm.
    pub pre_alarm_rate: Option<Parsed<f32>>,
    pub image_size_kb: Option<Parsed<u32>>,
    /// In seconds; written with a unit `s`, `m`, `h`, `d` or `w` (`31d`).
    pub record_duration: Option<Parsed<u64>>,
    /// 0 to 65535.
    pub q_factor: Option<Parsed<u16>>,
    pub other: Vec<Entry>,
}

impl Camera {
    /// `viewable = no`: the camera is covert.
    pub fn is_covert(&self) -> bool {
        self.viewable.as_ref().and_then(Parsed::copied) == Some(false)
    }

    /// Whether the camera records in `mode` (`record_day` / `record_night` /
    /// `record_weekend`; never in [`super::Mode::Off`]); `None` when the key is
    /// absent or invalid.
    pub fn records_in(&self, mode: super::Mode) -> Option<bool> {
        let p = match mode {
            super::Mode::Day => &self.record_day,
            super::Mode::Night => &self.record_night,
            super::Mode::Weekend => &self.record_weekend,
            super::Mode::Off => return Some(false),
        };
        p.as_ref().and_then(Parsed::copied)
    }
}

/// `[Alarm N]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alarm {
    /// `N`, 1-based.
    pub number: u16,
    pub offset: usize,
    pub title: Option<String>,
    /// The input expression as written, e.g. `(A1 OR A2) AND A3 NOT A4`.
    pub input: Option<String>,
    /// `NO` / `NC`.
    pub contact: Option<Parsed<Contact>>,
    /// Camera numbers, ranges expanded (`1-3,6` → 1, 2, 3, 6); at most
    /// [`values::MAX_LIST`].
    pub cameras: Option<Parsed<Vec<u16>>>,
    /// Seconds.
    pub pre_alarm: Option<Parsed<u32>>,
    /// Seconds.
    pub duration: Option<Parsed<u32>>,
    /// The relay, as written.
    pub relay: Option<String>,
    pub other: Vec<Entry>,
}

/// `[Email]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Email {
    pub offset: usize,
    pub enabled: Option<Parsed<bool>>,
    pub smtp_server: Option<String>,
    pub recipient: Option<String>,
    pub sender: Option<String>,
    pub reply_to: Option<String>,
    pub display_name: Option<String>,
    /// The comma-separated events (`reset`, `alarm`, `camera_fail`, `vmd`), as
    /// written, trimmed; empty when the key is absent.
    pub report_on: Vec<String>,
    pub other: Vec<Entry>,
}

/// `[SMS]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sms {
    pub offset: usize,
    pub enabled: Option<Parsed<bool>>,
    pub destination: Option<String>,
    pub profile: Option<String>,
    pub other: Vec<Entry>,
}

/// `[FTP]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ftp {
    pub offset: usize,
    pub enabled: Option<Parsed<bool>>,
    pub server: Option<String>,
    /// 1 to 65535.
    pub port: Option<Parsed<u16>>,
    pub directory: Option<String>,
    pub user: Option<String>,
    /// The `password` entry as is (`secret` is true: a UI masks it).
    pub password: Option<Entry>,
    pub other: Vec<Entry>,
}

/// `[Firewall]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Firewall {
    pub offset: usize,
    pub ping: Option<Parsed<bool>>,
    /// IPs or networks (`192.0.2.0/24`), separated by commas, semicolons or
    /// whitespace; at most [`values::MAX_LIST`].
    pub allowed_ip: Option<Parsed<Vec<IpNet>>>,
    /// Ports and ranges (`80, 8000-8100`), separated by commas or
    /// semicolons; at most [`values::MAX_LIST`] items.
    pub open_tcp_ports: Option<Parsed<Vec<PortRange>>>,
    pub other: Vec<Entry>,
}

/// `[Security]`: every field is the entry as is, values unmasked, `secret`
/// set on each key containing `password` (masking is the UI's job).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Security {
    pub offset: usize,
    pub user_password: Option<Entry>,
    pub installer_password: Option<Entry>,
    pub playback_password: Option<Entry>,
    pub other: Vec<Entry>,
}

/// Reads the known keys of one section and remembers which were used.
pub(crate) struct Reader<'a> {
    section: &'a Section,
    first: HashMap<String, usize>,
    used: Vec<bool>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(section: &'a Section, sink: &mut Sink) -> Self {
        let mut first = HashMap::new();
        for (i, e) in section.entries.iter().enumerate() {
            match first.entry(norm_key(&e.key)) {
                std::collections::hash_map::Entry::Occupied(_) => sink.push(
                    e.offset,
                    &section.name,
                    Some(&e.key),
                    "repeated key; the first value is used",
                ),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
        Reader {
            section,
            first,
            used: vec![false; section.entries.len()],
        }
    }

    pub(crate) fn name(&self) -> &'a str {
        &self.section.name
    }

    pub(crate) fn offset(&self) -> usize {
        self.section.offset
    }

    /// The first entry with this (lower-case) key, marked as used.
    pub(crate) fn entry(&mut self, key: &str) -> Option<&'a Entry> {
        let i = *self.first.get(key)?;
        if let Some(u) = self.used.get_mut(i) {
            *u = true;
        }
        self.section.entries.get(i)
    }

    pub(crate) fn text(&mut self, key: &str) -> Option<String> {
        self.entry(key).map(|e| e.value.clone())
    }

    pub(crate) fn entry_clone(&mut self, key: &str) -> Option<Entry> {
        self.entry(key).cloned()
    }

    /// Reads `key` with `parse`; an empty value is "not set" (no warning).
    pub(crate) fn parsed<T>(
        &mut self,
        sink: &mut Sink,
        key: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<Parsed<T>> {
        let e = self.entry(key)?;
        if e.value.is_empty() {
            return Some(Parsed {
                raw: String::new(),
                value: None,
            });
        }
        let value = match parse(&e.value) {
            Ok(v) => Some(v),
            Err(what) => {
                let what = if e.secret {
                    "value not understood (secret, not shown)".to_string()
                } else {
                    what
                };
                sink.push(e.offset, &self.section.name, Some(&e.key), &what);
                None
            }
        };
        Some(Parsed {
            raw: e.value.clone(),
            value,
        })
    }

    pub(crate) fn boolean(&mut self, sink: &mut Sink, key: &str) -> Option<Parsed<bool>> {
        self.parsed(sink, key, values::boolean)
    }

    /// The entries not read (unknown keys and repeats), in file order.
    pub(crate) fn other(&self) -> Vec<Entry> {
        self.section
            .entries
            .iter()
            .zip(&self.used)
            .filter(|(_, &used)| !used)
            .map(|(e, _)| e.clone())
            .collect()
    }
}

fn port(s: &str) -> Result<u16, String> {
    values::u16_in(s, 1, u16::MAX)
}

fn unit(r: &mut Reader<'_>) -> Unit {
    Unit {
        offset: r.offset(),
        name: r.text("name"),
        model: r.text("model"),
        serial: r.text("serial"),
        firmware: r.text("firmware"),
        video_standard: r.text("video_standard"),
        site: r.text("site"),
        other: r.other(),
    }
}

fn network(r: &mut Reader<'_>, sink: &mut Sink) -> Network {
    Network {
        offset: r.offset(),
        dhcp: r.boolean(sink, "dhcp"),
        ip: r.parsed(sink, "ip", values::ip),
        subnet: r.parsed(sink, "subnet", values::ip),
        gateway: r.parsed(sink, "gateway", values::ip),
        dns: r.parsed(sink, "dns", values::ip),
        http_port: r.parsed(sink, "http_port", port),
        netvu_port: r.parsed(sink, "netvu_port", port),
        other: r.other(),
    }
}

fn time(r: &mut Reader<'_>, sink: &mut Sink) -> Time {
    Time {
        offset: r.offset(),
        timezone: r.text("timezone"),
        utc_offset: r.parsed(sink, "utc_offset", |s| values::signed(s, -1440, 1440)),
        ntp_server: r.text("ntp_server"),
        dst: r.boolean(sink, "dst"),
        other: r.other(),
    }
}

fn camera(number: u16, r: &mut Reader<'_>, sink: &mut Sink) -> Camera {
    Camera {
        number,
        offset: r.offset(),
        title: r.text("title"),
        connected: r.boolean(sink, "connected"),
        viewable: r.boolean(sink, "viewable"),
        terminated: r.boolean(sink, "terminated"),
        mono: r.boolean(sink, "mono"),
        telemetry: r.text("telemetry"),
        codec: r.text("codec"),
        resolution: r.parsed(sink, "resolution", values::resolution),
        record_day: r.boolean(sink, "record_day"),
        record_night: r.boolean(sink, "record_night"),
        record_weekend: r.boolean(sink, "record_weekend"),
        record_rate: r.parsed(sink, "record_rate", values::rate),
        alarm_record_rate: r.parsed(sink, "alarm_record_rate", values::rate),
        pre_alarm_rate: r.parsed(sink, "pre_alarm_rate", values::rate),
        image_size_kb: r.parsed(sink, "image_size_kb", values::u32_any),
        record_duration: r.parsed(sink, "record_duration", values::duration),
        q_factor: r.parsed(sink, "q_factor", |s| values::u16_in(s, 0, u16::MAX)),
        other: r.other(),
    }
}

fn alarm(number: u16, r: &mut Reader<'_>, sink: &mut Sink) -> Alarm {
    Alarm {
        number,
        offset: r.offset(),
        title: r.text("title"),
        input: r.text("input"),
        contact: r.parsed(sink, "contact", values::contact),
        cameras: r.parsed(sink, "cameras", values::number_list),
        pre_alarm: r.parsed(sink, "pre_alarm", values::seconds),
        duration: r.parsed(sink, "duration", values::seconds),
        relay: r.text("relay"),
        other: r.other(),
    }
}

fn email(r: &mut Reader<'_>, sink: &mut Sink) -> Email {
    Email {
        offset: r.offset(),
        enabled: r.boolean(sink, "enabled"),
        smtp_server: r.text("smtp_server"),
        recipient: r.text("recipient"),
        sender: r.text("sender"),
        reply_to: r.text("reply_to"),
        display_name: r.text("display_name"),
        report_on: r
            .text("report_on")
            .map(|s| values::words(&s))
            .unwrap_or_default(),
        other: r.other(),
    }
}

fn sms(r: &mut Reader<'_>, sink: &mut Sink) -> Sms {
    Sms {
        offset: r.offset(),
        enabled: r.boolean(sink, "enabled"),
        destination: r.text("destination"),
        profile: r.text("profile"),
        other: r.other(),
    }
}

fn ftp(r: &mut Reader<'_>, sink: &mut Sink) -> Ftp {
    Ftp {
        offset: r.offset(),
        enabled: r.boolean(sink, "enabled"),
        server: r.text("server"),
        port: r.parsed(sink, "port", port),
        directory: r.text("directory"),
        user: r.text("user"),
        password: r.entry_clone("password"),
        other: r.other(),
    }
}

fn firewall(r: &mut Reader<'_>, sink: &mut Sink) -> Firewall {
    Firewall {
        offset: r.offset(),
        ping: r.boolean(sink, "ping"),
        allowed_ip: r.parsed(sink, "allowed_ip", values::ip_list),
        open_tcp_ports: r.parsed(sink, "open_tcp_ports", values::port_ranges),
        other: r.other(),
    }
}

fn security(r: &mut Reader<'_>) -> Security {
    Security {
        offset: r.offset(),
        user_password: r.entry_clone("user_password"),
        installer_password: r.entry_clone("installer_password"),
        playback_password: r.entry_clone("playback_password"),
        other: r.other(),
    }
}

/// What a section's (normalized) name says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Unit,
    Network,
    Time,
    Schedule,
    Email,
    Sms,
    Ftp,
    Firewall,
    Security,
    Camera(u16),
    Vmd(u16),
    Alarm(u16),
}

enum Class {
    Known(Kind),
    /// A numbered section whose number is out of range.
    BadNumber(&'static str),
    Unknown,
}

fn classify(name: &str) -> Class {
    let single = match name {
        "unit" => Some(Kind::Unit),
        "network" => Some(Kind::Network),
        "time" => Some(Kind::Time),
        "schedule" => Some(Kind::Schedule),
        "email" => Some(Kind::Email),
        "sms" => Some(Kind::Sms),
        "ftp" => Some(Kind::Ftp),
        "firewall" => Some(Kind::Firewall),
        "security" => Some(Kind::Security),
        _ => None,
    };
    if let Some(k) = single {
        return Class::Known(k);
    }
    type Make = fn(u16) -> Kind;
    let numbered: [(&'static str, Make); 3] = [
        ("camera", Kind::Camera),
        ("vmd", Kind::Vmd),
        ("alarm", Kind::Alarm),
    ];
    for (prefix, make) in numbered {
        if let Some(rest) = name.strip_prefix(prefix) {
            let rest = rest.trim_start();
            if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
                return match rest.parse::<u16>() {
                    Ok(n) if n >= 1 => Class::Known(make(n)),
                    _ => Class::BadNumber(prefix),
                };
            }
        }
    }
    Class::Unknown
}

/// Builds the typed view, reporting what does not parse into `sink`.
pub(crate) fn build(sections: &[Section], sink: &mut Sink) -> Typed {
    let mut t = Typed::default();
    let mut seen: HashMap<Kind, usize> = HashMap::new();
    for s in sections {
        if s.name.is_empty() {
            continue;
        }
        let kind = match classify(&norm_name(&s.name)) {
            Class::Known(k) => k,
            Class::BadNumber(what) => {
                sink.push(
                    s.offset,
                    &s.name,
                    None,
                    &format!("{what} number outside 1-65535; section shown as unknown"),
                );
                t.unknown_sections.push(s.name.clone());
                continue;
            }
            Class::Unknown => {
                t.unknown_sections.push(s.name.clone());
                continue;
            }
        };
        if let Some(&first) = seen.get(&kind) {
            sink.push(
                s.offset,
                &s.name,
                None,
                &format!("section repeated (first at byte {first}); only the first is read"),
            );
            continue;
        }
        seen.insert(kind, s.offset);
        let mut r = Reader::new(s, sink);
        match kind {
            Kind::Unit => t.unit = Some(unit(&mut r)),
            Kind::Network => t.network = Some(network(&mut r, sink)),
            Kind::Time => t.time = Some(time(&mut r, sink)),
            Kind::Schedule => t.schedule = Some(super::schedule::build(&mut r, sink)),
            Kind::Email => t.email = Some(email(&mut r, sink)),
            Kind::Sms => t.sms = Some(sms(&mut r, sink)),
            Kind::Ftp => t.ftp = Some(ftp(&mut r, sink)),
            Kind::Firewall => t.firewall = Some(firewall(&mut r, sink)),
            Kind::Security => t.security = Some(security(&mut r)),
            Kind::Camera(n) => t.cameras.push(camera(n, &mut r, sink)),
            Kind::Vmd(n) => t.vmd.push(super::vmd::build(n, &mut r, sink)),
            Kind::Alarm(n) => t.alarms.push(alarm(n, &mut r, sink)),
        }
    }
    t
}
