//! "Open sample": a small PAR recording made on the spot, so the viewer can
//! be tried without a recorder's file and nothing has to be downloaded. The
//! browser draws and JPEG-encodes a test card per frame; the netvu library's
//! own PAR writer assembles the file.

use std::io::Cursor;

use js_sys::Date;
use netvu::format::par::CHANNEL_KEY;
use netvu::model::{Event, EventKind};
use netvu::par_writer::{ParFrame, ParWriter};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// AD binary data type of a complete JFIF frame (netvu-formats.md §3.2).
const JFIF_DATA_TYPE: u8 = 1;
const WIDTH: u32 = 352;
const HEIGHT: u32 = 288;
const FRAMES_PER_CAMERA: u32 = 15;
const FRAME_INTERVAL_MS: i64 = 200;
/// The sample recorder's clock: UTC+01:00.
const UTC_OFFSET_MINUTES: i32 = 60;
/// 2026-03-15 11:20:30 UTC.
const START_MS: i64 = 1_773_573_630_000;

const CAMERAS: [(u32, &str, &str); 4] = [
    (1, "Front Gate", "#1f5fa8"),
    (2, "Loading Bay", "#2f8a4c"),
    (3, "Car Park", "#8a4c2f"),
    (4, "Reception", "#6a3f8f"),
];

/// Camera 1's alarm: these frames carry its text, and an event marks its start.
const ALARM_FRAMES: std::ops::Range<u32> = 6..10;
const ALARM_TEXT: &str = "Door forced";

const SETTINGS: &str =
    "[Unit]\r\nname = Sample DVR\r\nmodel = NetVu viewer sample\r\nfirmware = 1.0\r\n\
[Time]\r\ntimezone = CET\r\nutc_offset = 60\r\n\
[Camera 1]\r\ntitle = Front Gate\r\ncodec = JPEG\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
record_day = yes\r\nrecord_night = yes\r\nrecord_weekend = yes\r\n\
[Camera 2]\r\ntitle = Loading Bay\r\ncodec = JPEG\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
record_day = yes\r\nrecord_night = no\r\nrecord_weekend = no\r\n\
[Camera 3]\r\ntitle = Car Park\r\ncodec = JPEG\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
record_day = yes\r\nrecord_night = yes\r\nrecord_weekend = yes\r\n\
[Camera 4]\r\ntitle = Reception\r\ncodec = JPEG\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
record_day = yes\r\nrecord_night = no\r\nrecord_weekend = no\r\nrecord_duration = 31 days\r\n\
[Schedule]\r\nday_start = 07:00\r\nnight_start = 19:00\r\nweekend_start = Fri 18:00\r\nweekend_end = Mon 07:00\r\n\
[VMD 1]\r\nenabled = on\r\ndetection = VMD\r\nmode = normal\r\npixel_count = 10\r\npixel_change = 25\r\n\
grid = 16x12\r\nzones = 0000,0000,0000,0000,0000,0000,0000,0000,003f,003f,003f,003f\r\n\
[Security]\r\nuser_password = sample-user-secret\r\ninstaller_password = 1234\r\n";

fn js_error(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// One test card as a JPEG. Encoded with the synchronous `toDataURL` of a
/// detached canvas: `OffscreenCanvas.convertToBlob` waits for the browser to
/// be idle, which in a page that paints nothing (headless) can take seconds.
fn test_card(camera: u32, title: &str, colour: &str, frame: u32) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let canvas: HtmlCanvasElement = window
        .document()
        .ok_or("no document")?
        .create_element("canvas")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "not a canvas")?;
    canvas.set_width(WIDTH);
    canvas.set_height(HEIGHT);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(js_error)?
        .ok_or("no 2d context")?
        .dyn_into()
        .map_err(|_| "not a 2d context")?;
    let (width, height) = (f64::from(WIDTH), f64::from(HEIGHT));
    context.set_fill_style_str(colour);
    context.fill_rect(0.0, 0.0, width, height);
    // A bar that moves from frame to frame, so stepping and playing show.
    context.set_fill_style_str("#f5c542");
    let bar_x = f64::from(frame) * (width - 40.0) / f64::from(FRAMES_PER_CAMERA - 1);
    context.fill_rect(bar_x, height - 70.0, 40.0, 40.0);
    context.set_fill_style_str("#ffffff");
    context.set_font("bold 30px sans-serif");
    context
        .fill_text(&format!("CAMERA {camera}"), 20.0, 60.0)
        .map_err(js_error)?;
    context.set_font("22px sans-serif");
    context.fill_text(title, 20.0, 100.0).map_err(js_error)?;
    context
        .fill_text(&format!("frame {}", frame + 1), 20.0, 140.0)
        .map_err(js_error)?;
    let url = canvas
        .to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(0.8))
        .map_err(js_error)?;
    let base64 = url.split_once(',').ok_or("not a data URL")?.1;
    let binary = window.atob(base64).map_err(js_error)?;
    // atob gives one char per byte.
    Ok(binary.chars().map(|c| c as u8).collect())
}

/// The JFIF with DM's metadata comment (netvu-formats.md §7.7) after SOI:
/// where a NetVu JFIF frame keeps its camera, title and time.
fn with_netvu_comment(
    jfif: &[u8],
    camera: u32,
    title: &str,
    utc_ms: i64,
    alarm: Option<&str>,
) -> Result<Vec<u8>, String> {
    let date = Date::new(&(utc_ms as f64).into());
    let alarm = alarm.map_or(String::new(), |a| format!("Alarm-text: {a}\r\n"));
    let text = format!(
        "Version: 00.02\r\nNumber: {camera}\r\nName: {title}\r\nDate: {:02}/{:02}/{}\r\nTime: {:02}:{:02}:{:02}\r\nMSec: {}\r\nUTCoffset: {UTC_OFFSET_MINUTES}\r\n{alarm}",
        date.get_utc_date(),
        date.get_utc_month() + 1,
        date.get_utc_full_year(),
        date.get_utc_hours(),
        date.get_utc_minutes(),
        date.get_utc_seconds(),
        date.get_utc_milliseconds(),
    );
    let segment_length = u16::try_from(text.len() + 2).map_err(|_| "comment too long")?;
    let (soi, rest) = jfif.split_at_checked(2).ok_or("JPEG too short")?;
    Ok([
        soi,
        &[0xFF, 0xFE],
        &segment_length.to_be_bytes(),
        text.as_bytes(),
        rest,
    ]
    .concat())
}

/// Builds the sample PAR file: four JPEG cameras, interleaved, with settings
/// (schedule, motion detection zones) and two events.
pub fn build_sample() -> Result<Vec<u8>, String> {
    let io_error = |e: std::io::Error| e.to_string();
    let mut writer = ParWriter::new(
        Cursor::new(Vec::new()),
        START_MS,
        UTC_OFFSET_MINUTES,
        0,
        false,
    )
    .map_err(io_error)?;
    writer.settings(SETTINGS.as_bytes()).map_err(io_error)?;
    for frame in 0..FRAMES_PER_CAMERA {
        for (slot, (camera, title, colour)) in CAMERAS.iter().enumerate() {
            let timestamp = START_MS + i64::from(frame) * FRAME_INTERVAL_MS + slot as i64 * 5;
            let jfif = with_netvu_comment(
                &test_card(*camera, title, colour, frame)?,
                *camera,
                title,
                timestamp,
                (*camera == 1 && ALARM_FRAMES.contains(&frame)).then_some(ALARM_TEXT),
            )?;
            let frame = ParFrame {
                data_type: JFIF_DATA_TYPE,
                channel: camera | CHANNEL_KEY,
                timestamp,
                frame_number: frame,
                body: jfif,
            };
            writer.frame(&frame).map_err(io_error)?;
        }
        let event = |camera: u16, kind: EventKind, text: &str| Event {
            offset: 0,
            timestamp_ms: START_MS + i64::from(frame) * FRAME_INTERVAL_MS,
            camera,
            kind,
            text: text.into(),
        };
        if frame == ALARM_FRAMES.start {
            writer
                .event(&event(1, EventKind::Alarm, ALARM_TEXT))
                .map_err(io_error)?;
        }
        if frame == 11 {
            writer
                .event(&event(3, EventKind::Motion, "Motion in zone 1"))
                .map_err(io_error)?;
        }
    }
    Ok(writer.finish().map_err(io_error)?.into_inner())
}
