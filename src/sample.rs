//! "Open sample": a small PAR recording made on the spot, so the viewer can
//! be tried without a recorder's file and nothing has to be downloaded. The
//! browser draws and JPEG-encodes a test card per frame; the netvu library's
//! own PAR writer assembles the file.

use std::io::Cursor;

use js_sys::{Date, Uint8Array};
use netvu::format::par::CHANNEL_KEY;
use netvu::par_writer::{ParFrame, ParWriter};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ImageEncodeOptions, OffscreenCanvas, OffscreenCanvasRenderingContext2d};

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

const CAMERAS: [(u32, &str, &str); 2] =
    [(1, "Front Gate", "#1f5fa8"), (2, "Loading Bay", "#2f8a4c")];

const SETTINGS: &str =
    "[Unit]\r\nname = Sample DVR\r\nmodel = NetVu viewer sample\r\nfirmware = 1.0\r\n\
[Time]\r\ntimezone = CET\r\nutc_offset = 60\r\n\
[Camera 1]\r\ntitle = Front Gate\r\ncodec = JPEG\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
[Camera 2]\r\ntitle = Loading Bay\r\ncodec = JPEG\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
[Security]\r\nuser_password = sample-user-secret\r\ninstaller_password = 1234\r\n";

fn js_error(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

async fn test_card(camera: u32, title: &str, colour: &str, frame: u32) -> Result<Vec<u8>, String> {
    let canvas = OffscreenCanvas::new(WIDTH, HEIGHT).map_err(js_error)?;
    let context: OffscreenCanvasRenderingContext2d = canvas
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
    let options = ImageEncodeOptions::new();
    options.set_type("image/jpeg");
    options.set_quality(0.8);
    let blob: Blob = JsFuture::from(
        canvas
            .convert_to_blob_with_options(&options)
            .map_err(js_error)?,
    )
    .await
    .map_err(js_error)?
    .dyn_into()
    .map_err(js_error)?;
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(js_error)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The JFIF with DM's metadata comment (netvu-formats.md §7.7) after SOI:
/// where a NetVu JFIF frame keeps its camera, title and time.
fn with_netvu_comment(
    jfif: &[u8],
    camera: u32,
    title: &str,
    utc_ms: i64,
) -> Result<Vec<u8>, String> {
    let date = Date::new(&(utc_ms as f64).into());
    let text = format!(
        "Version: 00.02\r\nNumber: {camera}\r\nName: {title}\r\nDate: {:02}/{:02}/{}\r\nTime: {:02}:{:02}:{:02}\r\nMSec: {}\r\nUTCoffset: {UTC_OFFSET_MINUTES}\r\n",
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

/// Builds the sample PAR file: two JPEG cameras, interleaved, with settings.
pub async fn build_sample() -> Result<Vec<u8>, String> {
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
                &test_card(*camera, title, colour, frame).await?,
                *camera,
                title,
                timestamp,
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
    }
    Ok(writer.finish().map_err(io_error)?.into_inner())
}
