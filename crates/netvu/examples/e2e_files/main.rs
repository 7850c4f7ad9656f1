//! Writes the files that the viewer's end-to-end test (tests/e2e/run.mjs)
//! opens, with this library's writers, and `files.json`: for each file its
//! number of frames and any other number the test checks the page against.
//!
//! Usage: cargo run --example e2e_files -- OUT_DIR (scripts/test-web.sh
//! runs it before the test).

#[path = "../../tests/support/mod.rs"]
mod support;

use jpeg_encoder::{ColorType, Encoder};
use netvu::body::data_type;
use netvu::codec::es::access_units;
use netvu::codec::{h264, mpeg4};
use netvu::format::par::{CHANNEL_KEY, CHUNK_OVERHEAD, FRAME_HEADER, HEADER_LEN};
use netvu::header::vid_format;
use netvu::model::{Event, EventKind};
use netvu::par_writer::{ParFrame, ParWriter};
use netvu::Codec;
use serde_json::{json, Map, Value};
use std::fs;
use std::io::{self, Cursor};
use std::path::PathBuf;
use support::{bmp_file, chunk, mime_part, picture_body};

/// 2026-11-25 09:46:40 UTC, the time of the H.264 and MPEG-4 pictures.
const T0: u32 = 1_795_600_000;
/// The PAR files' creation time and first frame, in UTC ms.
const PAR_T0: i64 = T0 as i64 * 1000;

/// The H.264 pictures of make_h264.sh, one access unit each: red, green,
/// blue, white.
const H264_COLOURS: [&[u8]; 4] = [
    include_bytes!("colours-1.h264"),
    include_bytes!("colours-2.h264"),
    include_bytes!("colours-3.h264"),
    include_bytes!("colours-4.h264"),
];
/// 64×48, an I-VOP then 5 P-VOPs; netvu-mpeg4's tests keep FFmpeg's decode
/// of it (fast.means), which the test compares the page's pictures with.
const FAST_M4V: &[u8] = include_bytes!("../../../netvu-mpeg4/tests/data/fast.m4v");
/// Another 64×48 stream of the decoder's tests (I, P, I; FFmpeg's decode in
/// q1.means): the second viewer of the two-viewer test plays it.
const Q1_M4V: &[u8] = include_bytes!("../../../netvu-mpeg4/tests/data/q1.m4v");

/// A unit's settings with every key the library types, three secrets
/// (`[FTP] password`, `[Security]`, an unknown section's) and one value
/// that does not read (`record_night = maybe`).
const UNIT_SETTINGS: &str = "\
[Unit]\r\nname = Harbour DVR\r\nmodel = SD Advanced 16\r\nserial = H-0042\r\nfirmware = 4.2.1\r\n\
video_standard = PAL\r\nsite = HARBOUR\r\n\
[Network]\r\ndhcp = off\r\nip = 192.0.2.20\r\nsubnet = 255.255.255.0\r\ngateway = 192.0.2.1\r\n\
dns = 192.0.2.53\r\nhttp_port = 8080\r\nnetvu_port = 8234\r\n\
[Time]\r\ntimezone = CET\r\nutc_offset = 60\r\nntp_server = ntp.example.net\r\ndst = on\r\n\
[Camera 1]\r\ntitle = Quay Gate\r\nconnected = yes\r\nviewable = yes\r\nterminated = yes\r\nmono = no\r\n\
telemetry = Pelco\r\ncodec = MPEG4\r\nresolution = 704x576\r\nrecord_day = on\r\nrecord_night = maybe\r\n\
record_weekend = off\r\nrecord_rate = 12.5\r\nalarm_record_rate = 25\r\npre_alarm_rate = 1/2\r\n\
image_size_kb = 40\r\nrecord_duration = 31d\r\nq_factor = 24\r\n\
[Schedule]\r\nday_start = 07:00\r\nnight_start = 19:00\r\nweekend_start = Fri 18:00\r\n\
weekend_end = Mon 07:00\r\nsat = WWWWWWWWWWWWWWWWWWWWWWWW\r\nsun = WWWWWWWWWWWWWWWWWWWWWWWW\r\n\
[VMD 1]\r\nenabled = on\r\ndetection = VMD\r\nmode = normal\r\npixel_count = 10\r\npixel_change = 25\r\n\
pulse_extension = 5\r\npre_alarm = 3\r\ngrid = 16x2\r\nzones = 0ff0,8001\r\n\
[Alarm 1]\r\ntitle = Quay door\r\ninput = A1 OR A2\r\ncontact = NC\r\ncameras = 1-3\r\npre_alarm = 5\r\n\
duration = 30\r\nrelay = 1\r\n\
[Email]\r\nenabled = on\r\nsmtp_server = mail.example.net\r\nrecipient = security@example.net\r\n\
sender = dvr@example.net\r\nreply_to = noc@example.net\r\ndisplay_name = Harbour DVR\r\nreport_on = alarm, vmd\r\n\
[SMS]\r\nenabled = off\r\ndestination = +44 7700 900000\r\nprofile = default\r\n\
[FTP]\r\nenabled = on\r\nserver = ftp.example.net\r\nport = 21\r\ndirectory = /dvr\r\nuser = harbour\r\n\
password = ftp-secret\r\n\
[Firewall]\r\nping = off\r\nallowed_ip = 192.0.2.0/24, 198.51.100.7\r\nopen_tcp_ports = 80, 8000-8010\r\n\
[Security]\r\nuser_password = user-secret\r\ninstaller_password = installer-secret\r\nplayback_password = playback-secret\r\n\
[Vendor Extras]\r\nosd_position = top-left\r\nservice_password = vendor-secret\r\n";

/// The size the big file reaches at least.
const BIG_FILE_BYTES: usize = 50_000_000;

/// A 64×48 JPEG of one colour.
fn solid_jpeg(rgb: [u8; 3]) -> Vec<u8> {
    let mut jpeg = Vec::new();
    Encoder::new(&mut jpeg, 95)
        .encode(&rgb.repeat(64 * 48), 64, 48, ColorType::Rgb)
        .expect("a 64×48 RGB picture encodes");
    jpeg
}

/// `jpeg` with DM's metadata comment (netvu-formats.md §7.7) right after
/// SOI: camera 1 at `time` (UTC) on 25/11/2026, an hour east of UTC.
fn with_netvu_comment(jpeg: &[u8], title: &str, time: &str) -> Vec<u8> {
    let text = format!(
        "Version: 00.02\r\nNumber: 1\r\nName: {title}\r\nDate: 25/11/2026\r\nTime: {time}\r\nMSec: 0\r\nLocale: \r\nUTCoffset: 60\r\n"
    );
    let length = u16::try_from(text.len() + 2).expect("a short comment");
    [
        &jpeg[..2],
        &[0xFF, 0xFE],
        &length.to_be_bytes(),
        text.as_bytes(),
        &jpeg[2..],
    ]
    .concat()
}

/// An AD binary chunk of camera 1 (channel 0).
fn camera_1_chunk(data_type: u8, body: &[u8]) -> Vec<u8> {
    chunk(data_type, 0, body)
}

/// A PAR v1 file created at [`PAR_T0`], with settings text, camera 1's
/// key JFIF frames (each with its UTC ms) and events.
#[derive(Default)]
struct Par<'a> {
    utc_offset: i32,
    sequence: u32,
    more_files: bool,
    settings: Option<&'a str>,
    frames: &'a [(&'a [u8], i64)],
    events: &'a [Event],
}

impl Par<'_> {
    fn bytes(&self) -> io::Result<Vec<u8>> {
        let out = Cursor::new(Vec::new());
        let mut writer =
            ParWriter::new(out, PAR_T0, self.utc_offset, self.sequence, self.more_files)?;
        if let Some(text) = self.settings {
            writer.settings(text.as_bytes())?;
        }
        for &(jpeg, timestamp) in self.frames {
            writer.frame(&ParFrame {
                data_type: data_type::JFIF,
                channel: 1 | CHANNEL_KEY,
                timestamp,
                frame_number: 0,
                body: jpeg.to_vec(),
            })?;
        }
        for event in self.events {
            writer.event(event)?;
        }
        Ok(writer.finish()?.into_inner())
    }
}

/// The four H.264 pictures as AD binary type 10 (the key frame) and 11
/// chunks, 200 ms apart.
fn h264_recording() -> Vec<u8> {
    H264_COLOURS
        .iter()
        .zip(0..)
        .flat_map(|(unit, at)| {
            let (chunk_type, format) = if h264::is_idr(unit) {
                (data_type::H264_I, vid_format::H264_I)
            } else {
                (data_type::H264_P, vid_format::H264_P)
            };
            let body = picture_body(1, format, b"", unit, 128, 96, T0, at * 200, "H.264 test");
            camera_1_chunk(chunk_type, &body)
        })
        .collect()
}

/// One MPEG-4 frame (its headers and VOP) as an AD binary type 2 (I-VOP)
/// or 3 (P-VOP) chunk of a 64×48 camera.
fn mpeg4_chunk(frame: &[u8], key: bool, seconds: u32, title: &str) -> Vec<u8> {
    let (chunk_type, format) = if key {
        (data_type::MPEG4_I, vid_format::MPEG4_411_GOV_I)
    } else {
        (data_type::MPEG4_P, vid_format::MPEG4_411_GOV_P)
    };
    camera_1_chunk(
        chunk_type,
        &picture_body(1, format, b"", frame, 64, 48, seconds, 0, title),
    )
}

/// An MPEG-4 elementary stream's frames (units that hold a VOP), each with
/// whether it is an I-VOP.
fn mpeg4_frames(stream: &[u8]) -> Vec<(&[u8], bool)> {
    access_units(Codec::Mpeg4, stream)
        .into_iter()
        .filter(|unit| mpeg4::first_vop_type(unit.bytes).is_some())
        .map(|unit| (unit.bytes, unit.key))
        .collect()
}

/// An AD binary recording of one 64×48 MPEG-4 camera, a frame a second.
fn mpeg4_recording(frames: &[(&[u8], bool)]) -> Vec<u8> {
    frames
        .iter()
        .zip(T0..)
        .flat_map(|(&(frame, key), seconds)| mpeg4_chunk(frame, key, seconds, "MPEG-4 test"))
        .collect()
}

/// The big file: the `first` JFIF chunk, then `rest` chunks up to
/// [`BIG_FILE_BYTES`]; with its number of frames.
fn big_file(first: &[u8], rest: &[u8]) -> (Vec<u8>, usize) {
    let frames = 1 + (BIG_FILE_BYTES - first.len()).div_ceil(rest.len());
    let mut bytes = Vec::with_capacity(first.len() + (frames - 1) * rest.len());
    bytes.extend_from_slice(first);
    for _ in 1..frames {
        bytes.extend_from_slice(rest);
    }
    (bytes, frames)
}

fn main() -> io::Result<()> {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: e2e_files OUT_DIR");
        std::process::exit(2);
    };
    fs::create_dir_all(&dir)?;
    let mut manifest = Map::new();
    let mut write = |name: &str, bytes: &[u8], facts: Value| {
        manifest.insert(name.into(), facts);
        fs::write(dir.join(name), bytes)
    };

    let jpeg = |rgb, time| with_netvu_comment(&solid_jpeg(rgb), "Front door", time);
    let red = jpeg([255, 0, 0], "10:00:00");
    let blue = jpeg([0, 0, 255], "10:00:01");
    let green = jpeg([0, 255, 0], "10:00:00");
    let untitled_red = with_netvu_comment(&solid_jpeg([255, 0, 0]), "", "10:00:00");
    let red_chunk = camera_1_chunk(data_type::JFIF, &red);

    let two_frames = [red_chunk.clone(), camera_1_chunk(data_type::JFIF, &blue)].concat();
    write("two-frames.adb", &two_frames, json!({ "frames": 2 }))?;
    // Garbage after the last chunk: the start of a third one.
    let damaged = [&two_frames[..], &red_chunk[..40]].concat();
    let cut = json!({ "frames": 2, "cut_at": two_frames.len(), "cut_bytes": 40 });
    write("damaged.adb", &damaged, cut)?;

    write(
        "h264.adb",
        &h264_recording(),
        json!({ "frames": H264_COLOURS.len() }),
    )?;

    let vops = mpeg4_frames(FAST_M4V);
    write(
        "mpeg4.adb",
        &mpeg4_recording(&vops),
        json!({ "frames": vops.len() }),
    )?;
    let q1 = mpeg4_frames(Q1_M4V);
    write(
        "mpeg4-q1.adb",
        &mpeg4_recording(&q1),
        json!({ "frames": q1.len() }),
    )?;
    // A P-VOP without the I-VOP before it.
    let (p_vop, _) = vops[1];
    write(
        "orphan.adb",
        &mpeg4_chunk(p_vop, false, T0, ""),
        json!({ "frames": 1 }),
    )?;

    // Not a recording: a Parchive 1.0 parity file (also called .par).
    let parity = [&b"PAR\0\0\0\0\0"[..], &[0, 0, 1, 0], &[0x55; 56]].concat();
    write("parity.par", &parity, json!({ "frames": 0 }))?;

    // A FireVu-style MIME stream: a red JPEG, then a BMP (red left, blue right).
    let bmp = [
        mime_part("image/jpeg", &red),
        mime_part("image/bmp", &bmp_file(64, 48)),
    ]
    .concat();
    write("bmp.mime", &bmp, json!({ "frames": 2 }))?;

    let (big, big_frames) = big_file(&red_chunk, &camera_1_chunk(data_type::JFIF, &green));
    write("big.adb", &big, json!({ "frames": big_frames }))?;

    // A settings-only PAR that names camera 1 of a recording without titles.
    let settings = Par {
        settings: Some("[Camera 1]\r\ntitle = Lobby Camera\r\n"),
        ..Par::default()
    };
    write("site.par", &settings.bytes()?, json!({ "frames": 0 }))?;
    let untitled = camera_1_chunk(data_type::JFIF, &untitled_red);
    write("lobby.adb", &untitled, json!({ "frames": 1 }))?;

    // Parts 0 and 2 of a PAR sequence (part 1 is missing).
    let first_part = Par {
        utc_offset: 60,
        more_files: true,
        frames: &[(&red, PAR_T0)],
        ..Par::default()
    };
    write("Shop.par", &first_part.bytes()?, json!({ "frames": 1 }))?;
    let last_part = Par {
        utc_offset: 60,
        sequence: 2,
        frames: &[(&blue, PAR_T0 + 1000)],
        ..Par::default()
    };
    write("Shop_2.par", &last_part.bytes()?, json!({ "frames": 1 }))?;

    // One flipped byte of the blue JPEG in the second FRAM chunk: its CRC fails.
    let mut crc = Par {
        frames: &[(&red, PAR_T0), (&blue, PAR_T0 + 40)],
        ..Par::default()
    }
    .bytes()?;
    let chunk_overhead = CHUNK_OVERHEAD as usize;
    let second_chunk = HEADER_LEN + chunk_overhead + FRAME_HEADER + red.len();
    assert_eq!(&crc[second_chunk..second_chunk + 4], b"FRAM");
    // The JPEG ends where the chunk's 4-byte CRC starts.
    let blue_end = second_chunk + chunk_overhead + FRAME_HEADER + blue.len() - 4;
    crc[blue_end - 10] ^= 0x01;
    write(
        "crc.par",
        &crc,
        json!({ "frames": 2, "damaged_chunk_offset": second_chunk }),
    )?;

    // For the parser's JS API (tests/e2e/parser-api.mjs): every AD binary
    // data type (pictures of each codec, sound, a motion mask, data units),
    // and a unit's settings with every well-known key, secrets and a value
    // that does not read, and an alarm.
    let (all_types, all_types_frames) = support::adbinary_all_types();
    write(
        "all-types.adb",
        &all_types,
        json!({ "frames": all_types_frames }),
    )?;
    let unit_settings = Par {
        settings: Some(UNIT_SETTINGS),
        events: &[Event {
            offset: 0,
            timestamp_ms: PAR_T0 + 500,
            camera: 1,
            kind: EventKind::Alarm,
            text: "Quay door forced".into(),
        }],
        ..Par::default()
    };
    write(
        "unit-settings.par",
        &unit_settings.bytes()?,
        json!({ "frames": 0 }),
    )?;

    let manifest = serde_json::to_string_pretty(&manifest).map_err(io::Error::other)?;
    fs::write(dir.join("files.json"), manifest)
}
