#![allow(clippy::unwrap_used)]

use super::*;

/// A configuration export with every well-known section, comments, an
/// unknown section, password keys, and the two faults of the settings-only
/// fixture (13 zone rows for a 16x12 grid, an `X` in the Sunday row).
const EXPORT: &str = "\
; exported for the tests
[Unit]
name = Test Site DVR
model = SD Advanced 16
serial = T-0001
firmware = 4.2.1
video_standard = PAL
site = TEST

[Network]
dhcp = off
ip = 192.0.2.10
subnet = 255.255.255.0
gateway = 192.0.2.1
dns = 192.0.2.53
http_port = 80
netvu_port = 8234

[Time]
timezone = CET
utc_offset = 60
ntp_server = ntp.example.net
dst = on

[Camera 1]
title = Front Door
connected = yes
viewable = yes
codec = JPEG
resolution = 720x576
record_day = on
record_night = on
record_weekend = on
record_rate = 12.5
alarm_record_rate = 25
q_factor = 24

[Camera 3]
title = Loading Bay
connected = yes
viewable = no
telemetry = Pelco
codec = H264
resolution = 704x288
record_rate = 25
record_duration = 31d

[Schedule]
day_start = 07:00
night_start = 19:00
weekend_start = Fri 18:00
weekend_end = Mon 07:00
sat = WWWWWWWWWWWWWWWWWWWWWWWW
sun = WWWWWWWWWWWWWWWWWWWWWWWX

[VMD 1]
enabled = on
detection = VMD
mode = normal
pixel_count = 10
pixel_change = 25
grid = 16x12
zones = 0000,0000,0ff0,0ff0,0ff0,0ff0,0000,0000,0000,0000,0000,0000

[VMD 2]
enabled = on
detection = activity
grid = 16x12
zones = ffff,8001,8001,8001,8001,8001,8001,8001,8001,8001,8001,ffff,0001

[Alarm 1]
title = Door contact 2
input = (A1 OR A2) AND A3 NOT A4
contact = NC
cameras = 1-3,6
pre_alarm = 5
duration = 30
relay = 1

[Email]
enabled = on
smtp_server = mail.example.net
recipient = security@example.net
sender = dvr@example.net
report_on = alarm, camera_fail

[SMS]
enabled = off

[FTP]
enabled = off
server = ftp.example.net
port = 21
password = ftp-secret

[Firewall]
ping = on
allowed_ip = 192.0.2.0/24, 198.51.100.7
open_tcp_ports = 80, 8000-8010

[Security]
user_password = user-secret
installer_password = installer-secret

# a section nobody knows
[Vendor Extras]
osd_position = top-left
";

fn messages(s: &Settings) -> Vec<String> {
    s.warnings().into_iter().map(|w| w.message).collect()
}

fn fixed_export() -> String {
    EXPORT
        .replace("WWWWWWWWWWWWWWWWWWWWWWWX", "WWWWWWWWWWWWWWWWWWWWWWWW")
        .replace("8001,ffff,0001", "8001,ffff")
}

#[test]
fn raw_bytes_round_trip() {
    let inputs: [&[u8]; 5] = [
        EXPORT.as_bytes(),
        b"[A]\r\nk = v\r\n\r\n; c\r\nno newline at end",
        b"",
        b"\xef\xbb\xbf[Unit]\nname = x\n",
        b"[Unit]\nname = Caf\xe9\n\xff\xfe garbage\n",
    ];
    for input in inputs {
        let s = Settings::parse(input);
        assert_eq!(s.raw(), input);
    }
}

#[test]
fn export_with_faults_gives_exactly_the_two_fixture_warnings() {
    let s = Settings::parse(EXPORT.as_bytes());
    assert_eq!(
        messages(&s),
        [
            "[Schedule] sun: character X outside DNW-",
            "[VMD 2] zones: 13 rows for grid 16x12",
        ]
    );
    let w = s.warnings();
    let sun = EXPORT.find("sun = ").unwrap();
    let zones2 = EXPORT.find("zones = ffff").unwrap();
    assert_eq!(w[0].offset, sun);
    assert_eq!(w[0].section, "Schedule");
    assert_eq!(w[0].key.as_deref(), Some("sun"));
    assert_eq!(w[1].offset, zones2);
    assert_eq!(w[1].section, "VMD 2");
    assert_eq!(w[1].key.as_deref(), Some("zones"));
    // Both values are kept raw.
    let t = s.typed();
    let sun = t.schedule.as_ref().unwrap().days[6].as_ref().unwrap();
    assert_eq!(sun.raw, "WWWWWWWWWWWWWWWWWWWWWWWX");
    assert_eq!(sun.value, None);
    let z = t.vmd_for(2).unwrap().zones.as_ref().unwrap();
    assert!(z.raw.ends_with(",ffff,0001"));
    assert_eq!(z.value, None);
    assert!(!t.vmd_for(2).unwrap().cell(0, 0));

    assert!(Settings::parse(fixed_export().as_bytes())
        .warnings()
        .is_empty());
}

#[test]
fn typed_view_of_every_well_known_section() {
    let s = Settings::parse(fixed_export().as_bytes());
    let t = s.typed();

    let unit = t.unit.unwrap();
    assert_eq!(unit.name.as_deref(), Some("Test Site DVR"));
    assert_eq!(unit.model.as_deref(), Some("SD Advanced 16"));
    assert_eq!(unit.video_standard.as_deref(), Some("PAL"));
    assert!(unit.other.is_empty());

    let net = t.network.unwrap();
    assert_eq!(net.dhcp.unwrap().value, Some(false));
    assert_eq!(net.ip.unwrap().value, Some("192.0.2.10".parse().unwrap()));
    assert_eq!(net.http_port.unwrap().value, Some(80));
    assert_eq!(net.netvu_port.unwrap().value, Some(8234));

    let time = t.time.unwrap();
    assert_eq!(time.utc_offset.unwrap().value, Some(60));
    assert_eq!(time.dst.unwrap().value, Some(true));
    assert_eq!(time.timezone.as_deref(), Some("CET"));

    assert_eq!(t.cameras.len(), 2);
    let c1 = &t.cameras[0];
    assert_eq!(c1.number, 1);
    assert_eq!(c1.title.as_deref(), Some("Front Door"));
    assert_eq!(
        c1.resolution.as_ref().unwrap().value,
        Some(Resolution {
            width: 720,
            height: 576
        })
    );
    assert_eq!(c1.record_rate.as_ref().unwrap().value, Some(12.5));
    assert_eq!(c1.q_factor.as_ref().unwrap().value, Some(24));
    assert_eq!(c1.records_in(Mode::Night), Some(true));
    assert!(!c1.is_covert());
    let c3 = t.cameras.iter().find(|c| c.number == 3).unwrap();
    assert!(c3.is_covert());
    assert_eq!(c3.telemetry.as_deref(), Some("Pelco"));
    assert_eq!(
        c3.record_duration.as_ref().unwrap().value,
        Some(31 * 86_400)
    );
    assert_eq!(c3.records_in(Mode::Day), None);

    let a = &t.alarms[0];
    assert_eq!(a.number, 1);
    assert_eq!(a.input.as_deref(), Some("(A1 OR A2) AND A3 NOT A4"));
    assert_eq!(
        a.contact.as_ref().unwrap().value,
        Some(Contact::NormallyClosed)
    );
    assert_eq!(a.cameras.as_ref().unwrap().value, Some(vec![1, 2, 3, 6]));
    assert_eq!(a.pre_alarm.as_ref().unwrap().value, Some(5));
    assert_eq!(a.duration.as_ref().unwrap().value, Some(30));
    assert_eq!(a.relay.as_deref(), Some("1"));

    let email = t.email.unwrap();
    assert_eq!(email.report_on, ["alarm", "camera_fail"]);
    assert_eq!(email.enabled.unwrap().value, Some(true));
    assert_eq!(t.sms.unwrap().enabled.unwrap().value, Some(false));

    let ftp = t.ftp.unwrap();
    assert_eq!(ftp.port.unwrap().value, Some(21));
    let pw = ftp.password.unwrap();
    assert!(pw.secret);
    assert_eq!(pw.value, "ftp-secret");

    let fw = t.firewall.unwrap();
    assert_eq!(fw.ping.unwrap().value, Some(true));
    let ips = fw.allowed_ip.unwrap().value.unwrap();
    assert_eq!(ips.len(), 2);
    assert_eq!(ips[0].prefix, 24);
    assert_eq!(ips[1].prefix, 32);
    assert_eq!(
        fw.open_tcp_ports.unwrap().value,
        Some(vec![
            PortRange {
                first: 80,
                last: 80
            },
            PortRange {
                first: 8000,
                last: 8010
            }
        ])
    );

    let sec = t.security.unwrap();
    let user = sec.user_password.unwrap();
    assert!(user.secret);
    assert_eq!(user.value, "user-secret");
    assert!(sec.installer_password.unwrap().secret);
    assert!(sec.playback_password.is_none());

    assert_eq!(t.unknown_sections, ["Vendor Extras"]);
    assert_eq!(s.get("vendor extras", "OSD_POSITION"), Some("top-left"));
}

#[test]
fn lookups_are_case_and_whitespace_insensitive() {
    let s = Settings::parse(b"[ Unit ]\nName = A\n[CAMERA   1]\n  TITLE   =   Front Door  \n");
    assert_eq!(s.section("unit").unwrap().offset, 0);
    assert_eq!(s.section("  UNIT ").unwrap().name, "Unit");
    assert_eq!(s.get("unit", "NAME"), Some("A"));
    assert_eq!(s.get(" camera 1 ", "title"), Some("Front Door"));
    assert_eq!(s.section("CAMERA   1").unwrap().name, "CAMERA   1");
    assert!(s.section("camera 2").is_none());
    assert_eq!(s.get("unit", "missing"), None);
    assert_eq!(
        s.typed().camera(1).unwrap().title.as_deref(),
        Some("Front Door")
    );
    assert!(s.warnings().is_empty());
}

#[test]
fn structure_offsets_comments_and_duplicates() {
    let text =
        "top = 1\n; comment\n# other comment\n\n[A]\nk = 1\nk = 2\nno equals sign\n[A]\nk = 3\n";
    let s = Settings::parse(text.as_bytes());
    let secs = s.sections();
    assert_eq!(secs.len(), 3);
    assert_eq!(secs[0].name, "");
    assert_eq!(secs[0].entries[0].key, "top");
    assert_eq!(secs[1].offset, text.find("[A]").unwrap());
    let values: Vec<&str> = secs[1].entries.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(values, ["1", "2"]);
    assert_eq!(secs[1].entries[1].offset, text.find("k = 2").unwrap());
    assert_eq!(secs[2].entries[0].value, "3");
    assert_eq!(s.get("a", "k"), Some("1"));
    let w = s.warnings();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].message, "[A] line not understood: \"no equals sign\"");
    assert_eq!(w[0].offset, text.find("no equals").unwrap());
    assert_eq!(w[0].key, None);
    assert!(s.typed().unknown_sections.iter().all(|n| n == "A"));
}

#[test]
fn repeated_known_sections_and_keys_warn_and_are_kept() {
    let text = "[Camera 1]\ntitle = A\ntitle = B\nlens = wide\n[camera 1]\ntitle = C\n";
    let s = Settings::parse(text.as_bytes());
    let t = s.typed();
    assert_eq!(t.cameras.len(), 1);
    let c = &t.cameras[0];
    assert_eq!(c.title.as_deref(), Some("A"));
    let other: Vec<(&str, &str)> = c
        .other
        .iter()
        .map(|e| (e.key.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(other, [("title", "B"), ("lens", "wide")]);
    assert_eq!(
        messages(&s),
        [
            "[Camera 1] title: repeated key; the first value is used",
            "[camera 1] section repeated (first at byte 0); only the first is read",
        ]
    );
    assert_eq!(s.sections().len(), 2);
}

#[test]
fn crlf_lines() {
    let s = Settings::parse(b"[Unit]\r\nname = A \r\n\r\n[Time]\r\nutc_offset = -90\r\n");
    assert_eq!(s.get("unit", "name"), Some("A"));
    assert_eq!(s.section("time").unwrap().offset, 21);
    assert_eq!(s.typed().time.unwrap().utc_offset.unwrap().value, Some(-90));
    assert!(s.warnings().is_empty());
}

fn week_rows(mon: &str, rest: &str) -> String {
    let mut t = String::from("[Schedule]\n");
    t.push_str(&format!("mon = {mon}\n"));
    for d in ["tue", "wed", "thu", "fri", "sat", "sun"] {
        t.push_str(&format!("{d} = {rest}\n"));
    }
    t
}

#[test]
fn full_week_rows_drive_mode_at() {
    // Monday in 96 quarter-hour slots: off until 06:00, day until 18:30, night after.
    let mon = format!("{}{}{}", "-".repeat(24), "D".repeat(50), "N".repeat(22));
    // Other days hourly: night 00-07, day 07-19, night 19-22, weekend 22-24.
    let rest = format!(
        "{}{}{}{}",
        "N".repeat(7),
        "D".repeat(12),
        "N".repeat(3),
        "WW"
    );
    let s = Settings::parse(week_rows(&mon, &rest).as_bytes());
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
    let sch = s.typed().schedule.unwrap();
    assert_eq!(sch.row(0).unwrap().len(), 96);
    assert_eq!(sch.row(1).unwrap().len(), 24);
    assert_eq!(sch.mode_at(0, 0), Some(Mode::Off));
    assert_eq!(sch.mode_at(0, 359), Some(Mode::Off));
    assert_eq!(sch.mode_at(0, 360), Some(Mode::Day));
    assert_eq!(sch.mode_at(0, 18 * 60 + 29), Some(Mode::Day));
    assert_eq!(sch.mode_at(0, 18 * 60 + 30), Some(Mode::Night));
    assert_eq!(sch.mode_at(0, 1439), Some(Mode::Night));
    for day in 1..7 {
        assert_eq!(sch.mode_at(day, 419), Some(Mode::Night));
        assert_eq!(sch.mode_at(day, 420), Some(Mode::Day));
        assert_eq!(sch.mode_at(day, 19 * 60 - 1), Some(Mode::Day));
        assert_eq!(sch.mode_at(day, 19 * 60), Some(Mode::Night));
        assert_eq!(sch.mode_at(day, 22 * 60), Some(Mode::Weekend));
        assert_eq!(sch.mode_at(day, 1439), Some(Mode::Weekend));
    }
    assert_eq!(sch.mode_at(7, 0), None);
    assert_eq!(sch.mode_at(0, 1440), None);
    // 48-slot rows are accepted too.
    let s = Settings::parse(week_rows(&"D".repeat(48), &"N".repeat(48)).as_bytes());
    assert!(s.warnings().is_empty());
    assert_eq!(
        s.typed().schedule.unwrap().mode_at(3, 700),
        Some(Mode::Night)
    );
}

#[test]
fn schedule_times_with_weekend_across_the_week_boundary() {
    let s = Settings::parse(EXPORT.as_bytes());
    let sch = s.typed().schedule.unwrap();
    assert_eq!(
        sch.weekend_start.as_ref().unwrap().value,
        Some(WeekTime {
            weekday: 4,
            time: ClockTime {
                hour: 18,
                minute: 0
            }
        })
    );
    let (mon, wed, fri, sat, sun) = (0, 2, 4, 5, 6);
    assert_eq!(sch.mode_at(mon, 0), Some(Mode::Weekend));
    assert_eq!(sch.mode_at(mon, 419), Some(Mode::Weekend));
    assert_eq!(sch.mode_at(mon, 420), Some(Mode::Day));
    assert_eq!(sch.mode_at(mon, 1139), Some(Mode::Day));
    assert_eq!(sch.mode_at(mon, 1140), Some(Mode::Night));
    assert_eq!(sch.mode_at(wed, 419), Some(Mode::Night));
    assert_eq!(sch.mode_at(wed, 420), Some(Mode::Day));
    assert_eq!(sch.mode_at(fri, 1079), Some(Mode::Day));
    assert_eq!(sch.mode_at(fri, 1080), Some(Mode::Weekend));
    assert_eq!(sch.mode_at(sat, 720), Some(Mode::Weekend));
    // Sunday's row is invalid (X): the times apply, still weekend.
    assert_eq!(sch.row(sun), None);
    assert_eq!(sch.mode_at(sun, 1439), Some(Mode::Weekend));

    // Night start before day start wraps over midnight; no weekend keys.
    let s = Settings::parse(b"[Schedule]\nday_start = 22:00\nnight_start = 06:00\n");
    let sch = s.typed().schedule.unwrap();
    assert_eq!(sch.mode_at(1, 21 * 60 + 59), Some(Mode::Night));
    assert_eq!(sch.mode_at(1, 22 * 60), Some(Mode::Day));
    assert_eq!(sch.mode_at(1, 359), Some(Mode::Day));
    assert_eq!(sch.mode_at(1, 360), Some(Mode::Night));
    // Without times nothing is known.
    let s = Settings::parse(b"[Schedule]\nday_start = 7am\n");
    assert_eq!(s.typed().schedule.unwrap().mode_at(1, 600), None);
}

#[test]
fn bad_schedule_rows_are_kept_raw() {
    let text =
        "[Schedule]\nmon = DDDD\ntue = dddddddddddddddddddddddd\nwed = DDDDDDDDDDDD DDDDDDDDDDD\n";
    let s = Settings::parse(text.as_bytes());
    assert_eq!(
        messages(&s),
        [
            "[Schedule] mon: 4 slots, expected 24, 48 or 96",
            "[Schedule] tue: character d outside DNW-",
            "[Schedule] wed: character U+0020 outside DNW-",
        ]
    );
    let sch = s.typed().schedule.unwrap();
    assert_eq!(sch.days[0].as_ref().unwrap().raw, "DDDD");
    assert!(sch.days[0].as_ref().unwrap().is_invalid());
    assert_eq!(sch.mode_at(0, 0), None);
}

#[test]
fn vmd_cells_follow_the_bit_order() {
    let text = "[VMD 4]\nenabled = yes\ngrid = 4x3\nzones = 8, 0x1, F\npixel_count = 10%\npre_alarm = 5s\n";
    let s = Settings::parse(text.as_bytes());
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
    let v = s.typed().vmd_for(4).unwrap().clone();
    assert_eq!(v.camera, 4);
    assert_eq!(
        v.grid_size(),
        Some(Grid {
            columns: 4,
            rows: 3
        })
    );
    assert_eq!(v.rows(), [8, 1, 15]);
    // Row 0 = 0b1000: only the leftmost cell.
    assert!(v.cell(0, 0));
    assert!(!v.cell(1, 0) && !v.cell(2, 0) && !v.cell(3, 0));
    // Row 1 = 0b0001: only the rightmost cell.
    assert!(v.cell(3, 1) && !v.cell(0, 1));
    assert!((0..4).all(|c| v.cell(c, 2)));
    // Outside the grid.
    assert!(!v.cell(4, 0) && !v.cell(0, 3) && !v.cell(u32::MAX, u32::MAX));
    assert_eq!(v.pixel_count.unwrap().value, Some(10));
    assert_eq!(v.pre_alarm.unwrap().value, Some(5));

    // The fixture's VMD 1: a 8x4 block in the middle of 16x12.
    let s = Settings::parse(fixed_export().as_bytes());
    let v = s.typed().vmd_for(1).unwrap().clone();
    assert!(v.cell(4, 2) && v.cell(11, 5));
    assert!(!v.cell(3, 2) && !v.cell(12, 2) && !v.cell(4, 1) && !v.cell(4, 6));

    // A full 64-column grid.
    let s = Settings::parse(b"[VMD 1]\ngrid = 64x1\nzones = 8000000000000001\n");
    let v = s.typed().vmd_for(1).unwrap().clone();
    assert!(s.warnings().is_empty());
    assert!(v.cell(0, 0) && v.cell(63, 0) && !v.cell(1, 0));
}

#[test]
fn bad_zone_rows_and_grids_warn() {
    let text = "[VMD 1]\ngrid = 4x2\nzones = 1f, zz\n[VMD 2]\ngrid = 65x2\nzones = 1,1\n[VMD 3]\nzones = 1\n";
    let s = Settings::parse(text.as_bytes());
    assert_eq!(
        messages(&s),
        [
            "[VMD 1] zones: row 1: 1f has bits beyond 4 columns",
            "[VMD 1] zones: row 2: \"zz\" is not a hex number of at most 64 bits",
            "[VMD 2] grid: expected COLUMNSxROWS, each 1 to 64 (e.g. 16x12), found \"65x2\"",
            "[VMD 2] zones: no valid grid to read the zones with",
            "[VMD 3] zones: no valid grid to read the zones with",
        ]
    );
    let t = s.typed();
    assert_eq!(t.vmd[0].zones.as_ref().unwrap().raw, "1f, zz");
    assert!(t.vmd[0].rows().is_empty());
    assert_eq!(t.vmd[1].grid.as_ref().unwrap().raw, "65x2");
}

#[test]
fn bad_values_are_shown_raw_with_warnings() {
    let text = "\
[Camera 2]
connected = maybe
viewable =
record_rate = fast
resolution = 720*576
record_duration = 31
[Schedule]
day_start = 7am
night_start = 24:00
weekend_start = Fry 18:00
[Network]
ip = 300.1.1.1
http_port = 0
[Time]
utc_offset = +5000
[Alarm 1]
contact = maybe
cameras = 3-1
[Firewall]
allowed_ip = 10.0.0.0/33
open_tcp_ports = 80-
";
    let s = Settings::parse(text.as_bytes());
    let expected = [
        "[Camera 2] connected: expected on/off, yes/no, true/false or 1/0, found \"maybe\"",
        "[Camera 2] record_rate: expected pictures per second, found \"fast\"",
        "[Camera 2] resolution: expected WIDTHxHEIGHT (e.g. 720x576), found \"720*576\"",
        "[Camera 2] record_duration: expected a number with unit s, m, h, d or w (e.g. 31d), found \"31\"",
        "[Schedule] day_start: expected HH:MM, found \"7am\"",
        "[Schedule] night_start: expected HH:MM, found \"24:00\"",
        "[Schedule] weekend_start: expected a day and HH:MM (e.g. Fri 18:00), found \"Fry 18:00\"",
        "[Network] ip: expected an IP address, found \"300.1.1.1\"",
        "[Network] http_port: expected a number from 1 to 65535, found \"0\"",
        "[Time] utc_offset: expected a number from -1440 to 1440, found \"+5000\"",
        "[Alarm 1] contact: expected NO or NC, found \"maybe\"",
        "[Alarm 1] cameras: \"3-1\" is not a number or range of numbers from 1",
        "[Firewall] allowed_ip: \"10.0.0.0/33\" has a prefix length outside 0-32",
        "[Firewall] open_tcp_ports: \"80-\" is not a port or port range (1-65535)",
    ];
    assert_eq!(messages(&s), expected);
    // Offsets point at the lines.
    for w in s.warnings() {
        let key = w.key.unwrap();
        assert!(text[w.offset..].starts_with(&key), "{key}");
    }
    let t = s.typed();
    let c = t.camera(2).unwrap();
    let connected = c.connected.as_ref().unwrap();
    assert_eq!((connected.raw.as_str(), connected.value), ("maybe", None));
    assert!(connected.is_invalid());
    // An empty value is "not set", without a warning.
    let viewable = c.viewable.as_ref().unwrap();
    assert_eq!((viewable.raw.as_str(), viewable.value), ("", None));
    assert!(!viewable.is_invalid());
    assert_eq!(c.record_rate.as_ref().unwrap().raw, "fast");
    let sch = t.schedule.unwrap();
    assert_eq!(sch.day_start.unwrap().raw, "7am");
    assert_eq!(t.alarms[0].cameras.as_ref().unwrap().raw, "3-1");
}

#[test]
fn booleans_and_numbers_accept_the_documented_forms() {
    for (text, want) in [
        ("on", true),
        ("OFF", false),
        ("Yes", true),
        ("no", false),
        ("TRUE", true),
        ("false", false),
        ("1", true),
        ("0", false),
    ] {
        assert_eq!(values::boolean(text), Ok(want), "{text}");
    }
    assert!(values::boolean("2").is_err());
    assert_eq!(values::rate("1/2"), Ok(0.5));
    assert!(values::rate("nan").is_err());
    assert!(values::rate("inf").is_err());
    assert!(values::rate("1/0").is_err());
    assert!(values::rate("-1").is_err());
    assert_eq!(values::duration("12h"), Ok(12 * 3600));
    assert_eq!(values::duration("2 W"), Ok(2 * 604_800));
    assert!(values::duration("99999999999999999999d").is_err());
    assert_eq!(values::number_list(" 1 - 3 , 6 "), Ok(vec![1, 2, 3, 6]));
    assert!(values::number_list("0").is_err());
    assert!(values::number_list("1-65535").is_err()); // over MAX_LIST
    assert_eq!(values::number_list("1-1024").map(|v| v.len()), Ok(1024));
    assert_eq!(values::signed("-0", -5, 5), Ok(0));
    assert!(values::signed("--1", -5, 5).is_err());
    assert!(values::signed("99999999999999999999", -5, 5).is_err());
    assert_eq!(
        values::week_time("sunday  23:59").map(|w| w.minute_of_week()),
        Ok(10_079)
    );
}

#[test]
fn non_utf8_text_is_read_as_windows_1252() {
    let raw = b"[Camera 1]\ntitle = Caf\xe9 \x80\n[Unit]\nname = Stra\xdfe\n";
    let s = Settings::parse(raw);
    assert_eq!(s.raw(), raw);
    assert_eq!(s.get("camera 1", "title"), Some("Caf\u{e9} \u{20ac}"));
    assert_eq!(s.get("unit", "name"), Some("Stra\u{df}e"));
    assert_eq!(s.section("unit").unwrap().offset, 26);
    assert!(s.warnings().is_empty());
    // UTF-8 stays UTF-8.
    let s = Settings::parse("[Camera 1]\ntitle = Caf\u{e9}\n".as_bytes());
    assert_eq!(s.get("camera 1", "title"), Some("Caf\u{e9}"));
    // A UTF-8 BOM is not part of the first section name.
    let s = Settings::parse(b"\xef\xbb\xbf[Unit]\nname = x\n");
    assert_eq!(s.get("unit", "name"), Some("x"));
    assert!(s.typed().unit.is_some());
}

#[test]
fn export_without_secrets() {
    let text = "[Security]\r\nuser_password = hunter2\r\nInstaller_PASSWORD=abc ; x\r\nplayback_password =\r\n[FTP]\nuser = bob\npassword = pw\n[Unit]\nname = A";
    let s = Settings::parse(text.as_bytes());
    let out = s.to_ini_without_secrets();
    assert_eq!(
        out,
        "[Security]\r\nuser_password = \r\nInstaller_PASSWORD=\r\nplayback_password =\r\n[FTP]\nuser = bob\npassword = \n[Unit]\nname = A"
    );
    assert!(s.sections()[0].entries.iter().all(|e| e.secret));
    assert!(!s.sections()[1].entries[0].secret);
    // Parsing the export gives the same structure, secrets empty, no warnings.
    let again = Settings::parse(out.as_bytes());
    assert_eq!(again.get("security", "user_password"), Some(""));
    assert_eq!(again.get("unit", "name"), Some("A"));
    assert!(again.warnings().is_empty());
    // Without secrets the export is the input byte for byte.
    assert_eq!(
        Settings::parse(fixed_export().as_bytes())
            .typed()
            .unit
            .unwrap()
            .name
            .as_deref(),
        Some("Test Site DVR")
    );
    let plain = "[Unit]\r\nname = A \r\n";
    assert_eq!(
        Settings::parse(plain.as_bytes()).to_ini_without_secrets(),
        plain
    );
    // Non-UTF-8 input comes out decoded.
    let s = Settings::parse(b"[FTP]\npassword = \xe9t\xe9\ntitle = \xe9\n");
    assert_eq!(
        s.to_ini_bytes_without_secrets(),
        b"[FTP]\npassword = \ntitle = \xe9\n"
    );
    assert_eq!(
        s.to_ini_without_secrets(),
        "[FTP]\npassword = \ntitle = \u{e9}\n"
    );
}

#[test]
fn secret_lines_are_never_quoted_in_warnings() {
    let s = Settings::parse(b"[Security]\nuser_password hunter2\n");
    let m = messages(&s);
    assert_eq!(
        m,
        ["[Security] line not understood (it mentions a password, not shown)"]
    );
}

#[test]
fn odd_headers() {
    let text = "[]\nk = v\n[Unit] ; the unit\nname = A\n[Broken\n[x] trailing\n[Camera 0]\n[Camera]\n[Cameras 2]\n";
    let s = Settings::parse(text.as_bytes());
    assert_eq!(
        messages(&s),
        [
            "section header without a name",
            "[Unit] line not understood: \"[Broken\"",
            "[Unit] line not understood: \"[x] trailing\"",
            "[Camera 0] camera number outside 1-65535; section shown as unknown",
        ]
    );
    assert_eq!(s.get("unit", "name"), Some("A"));
    assert_eq!(
        s.typed().unknown_sections,
        ["Camera 0", "Camera", "Cameras 2"]
    );
}

/// Parses `input` and runs every reader over it: the stored text is kept
/// byte for byte and the warnings stay within their cap (plus the line
/// saying how many more there were).
fn assert_total(name: &str, input: &[u8]) -> Settings {
    let s = Settings::parse(input);
    assert!(s.warnings().len() <= MAX_WARNINGS + 1, "{name}");
    let _ = s.typed();
    let _ = s.to_ini_without_secrets();
    for c in 0..8 {
        let _ = s.typed().schedule.map(|sch| sch.mode_at(c, 0));
    }
    assert_eq!(s.raw(), input, "{name}");
    s
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 56) as u8
    }
}

#[test]
fn pathological_inputs_are_total_and_capped() {
    const MB: usize = 1 << 20;
    let s = assert_total("brackets", &vec![b'['; MB]);
    assert_eq!(s.warnings().len(), 1);
    assert!(s.warnings()[0].message.len() < 200);

    let mut rng = Lcg(42);
    let random: Vec<u8> = (0..MB).map(|_| rng.next()).collect();
    assert_total("random", &random);

    // Random bytes drawn from the INI alphabet hit every branch.
    let alphabet = b"[]=;#\n\r xX0123456789abcdefDNW-,:/ \t\xe9";
    let mut rng = Lcg(7);
    let ini_ish: Vec<u8> = (0..MB)
        .map(|_| alphabet[usize::from(rng.next()) % alphabet.len()])
        .collect();
    assert_total("ini-ish", &ini_ish);

    // Many warnings are capped.
    let s = assert_total("junk lines", "junk\n".repeat(MB / 5).as_bytes());
    let w = s.warnings();
    assert_eq!(w.len(), MAX_WARNINGS + 1);
    assert_eq!(
        w[MAX_WARNINGS].message,
        format!("{} more warnings not shown", MB / 5 - MAX_WARNINGS)
    );

    // A huge section name repeated in every warning is shortened.
    let mut big = format!("[{}]\n", "N".repeat(MB / 2));
    big.push_str(&"x\n".repeat(MB / 4));
    let s = assert_total("big name", big.as_bytes());
    assert!(s
        .warnings()
        .iter()
        .all(|w| w.section.chars().count() <= 101));

    // Many distinct and repeated numbered sections.
    let mut many = String::new();
    for i in 0..70_000u32 {
        many.push_str(&format!("[Camera {i}]\n[VMD {}]\n", i % 100));
    }
    let s = assert_total("many sections", many.as_bytes());
    assert_eq!(s.typed().cameras.len(), 65_535);
    assert_eq!(s.typed().vmd.len(), 99);

    // Giant values for every typed parser.
    let long = "1".repeat(MB / 8);
    let mut text = String::from("[Camera 1]\n");
    for k in [
        "connected",
        "resolution",
        "record_rate",
        "record_duration",
        "q_factor",
        "image_size_kb",
    ] {
        text.push_str(&format!("{k} = {long}\n"));
    }
    text.push_str(&format!("[Alarm 1]\ncameras = {}\n", "1-9,".repeat(MB / 8)));
    text.push_str(&format!(
        "[Firewall]\nallowed_ip = {}\n",
        "1.2.3.4 ".repeat(MB / 16)
    ));
    text.push_str(&format!("open_tcp_ports = {}\n", "80,".repeat(MB / 8)));
    text.push_str(&format!(
        "[VMD 1]\ngrid = 64x64\nzones = {}\n",
        "f,".repeat(MB / 4)
    ));
    text.push_str(&format!("[Schedule]\nmon = {}\n", "D".repeat(MB / 4)));
    let s = assert_total("giant values", text.as_bytes());
    assert!(s.warnings().len() > 5);
}

#[test]
fn public_types_serialize() {
    fn is_serialize<T: serde::Serialize>() {}
    is_serialize::<Settings>();
    is_serialize::<Warning>();
    is_serialize::<Typed>();
    is_serialize::<Entry>();
    is_serialize::<Section>();
    is_serialize::<Parsed<Vec<u64>>>();
}
