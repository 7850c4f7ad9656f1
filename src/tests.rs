//! Component tests in headless Chromium (wasm-bindgen-test):
//! `cargo test --target wasm32-unknown-unknown`, run by `scripts/test-web.sh`.

use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use netvu::model::UnitLayout;
use netvu::par_writer::{ParFrame, ParWriter};
use netvu::{Codec, FrameEntry, Index};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement};

use crate::app::OpenedFile;
use crate::timeline::{Track, Window, MIN_WINDOW_MS};

wasm_bindgen_test_configure!(run_in_browser);

fn entry(at: u64, camera: u16, timestamp: i64) -> FrameEntry {
    FrameEntry {
        unit_offset: at,
        timestamp,
        unit_length: 4,
        payload_start: 0,
        payload_length: 4,
        number: FrameEntry::NO_NUMBER,
        sample_rate: 0,
        stream: camera,
        width: 64,
        height: 48,
        codec: Codec::Jfif,
        layout: UnitLayout::Jfif,
        flags: FrameEntry::KEY,
    }
}

fn index_of(frames: &[FrameEntry]) -> Index {
    let mut index = Index::new(netvu::Format::AdBinary);
    for f in frames {
        index.push(*f, None);
    }
    index
}

/// A container for one component, fresh for each test.
fn root() -> Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let div = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    div
}

fn blob(bytes: &[u8]) -> web_sys::Blob {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence(&parts).expect("blob")
}

/// `bytes` indexed and opened as file `id` named `name`, as a drop would.
fn opened(id: u32, name: &str, bytes: &[u8]) -> OpenedFile {
    let index = netvu::index_bytes(bytes);
    OpenedFile::single(id, name.into(), blob(bytes), Rc::new(index))
}

/// A fresh container with the player showing `file`.
fn player_of(file: OpenedFile) -> Element {
    let root = root();
    yew::Renderer::<crate::player::Player>::with_root_and_props(
        root.clone(),
        crate::player::PlayerProps { file },
    )
    .render();
    root
}

#[wasm_bindgen_test]
fn track_orders_by_time_and_finds_each_cameras_frame() {
    // File order is not time order: camera 2's first frame comes last.
    let index = index_of(&[
        entry(0, 1, 1_000),
        entry(10, 1, 1_200),
        entry(20, 2, 1_100),
        entry(30, 2, 900),
    ]);
    let track = Track::new(&index);
    assert_eq!(track.shown, vec![3, 0, 2, 1]);
    assert_eq!(track.times, vec![900, 1_000, 1_100, 1_200]);
    assert_eq!(track.position_at(1_150), 2);
    assert_eq!(track.position_from(1_150), 3);
    assert_eq!(track.position_at(0), 0);
    // At position 0 camera 1 has nothing yet: its first frame stands in.
    assert_eq!(track.camera_frame(1, 0), Some(0));
    assert_eq!(track.camera_frame(2, 3), Some(2));
    assert_eq!(track.camera_frame(3, 3), None);
}

#[wasm_bindgen_test]
fn timeline_window_zooms_around_a_time_and_follows_the_playhead() {
    let whole = Window {
        start: 0,
        end: 100_000,
    };
    // Zooming in around t keeps t at the same place across the window.
    let half = whole.zoomed(0.5, 25_000, whole);
    assert_eq!(
        half,
        Window {
            start: 12_500,
            end: 62_500
        }
    );
    assert!((half.fraction(25_000) - 0.25).abs() < 1e-9);
    assert_eq!(half.time_at(0.0), 12_500);
    assert_eq!(half.time_at(2.0), 62_500, "clamped to the window");
    // Never narrower than a second, never wider than the recording, never outside it.
    let narrowest = half.zoomed(1e-9, 30_000, whole);
    assert_eq!(narrowest.end - narrowest.start, MIN_WINDOW_MS);
    assert_eq!(half.zoomed(100.0, 30_000, whole), whole);
    assert_eq!(
        Window {
            start: 90_000,
            end: 100_000
        }
        .zoomed(2.0, 99_000, whole),
        Window {
            start: 80_000,
            end: 100_000
        }
    );
    // The playhead leaving the window turns it to the next page, or back.
    assert_eq!(half.following(40_000, whole), half);
    assert_eq!(
        half.following(70_000, whole),
        Window {
            start: 50_000,
            end: 100_000
        }
    );
    assert_eq!(
        half.following(5_000, whole),
        Window {
            start: 0,
            end: 50_000
        }
    );
}

#[wasm_bindgen_test]
fn local_clock_applies_the_offset_and_drops_ms_when_asked() {
    let ms = 1_795_600_000_123;
    assert_eq!(
        crate::time::local_time(ms, Some(60)),
        "2026-11-25 10:46:40.123 UTC+01:00"
    );
    assert_eq!(
        crate::time::local_clock(ms, Some(-90), false),
        "2026-11-25 08:16:40 UTC-01:30"
    );
    assert_eq!(
        crate::time::local_time(ms, None),
        "2026-11-25 09:46:40.123 UTC"
    );
    assert!(crate::time::local_time(i64::MAX, None).starts_with("time out of range"));
}

#[wasm_bindgen_test]
async fn settings_panel_masks_secrets_and_colours_the_schedule() {
    let mut writer =
        ParWriter::new(std::io::Cursor::new(Vec::new()), 0, 0, 0, false).expect("writer");
    writer
        .settings(
            b"[Schedule]\r\nday_start = 07:00\r\nnight_start = 19:00\r\nweekend_start = Fri 18:00\r\nweekend_end = Mon 07:00\r\n\
[Camera 1]\r\ntitle = Gate\r\nrecord_day = yes\r\nrecord_night = maybe\r\n[Security]\r\nuser_password = hidden-one\r\n",
        )
        .expect("settings");
    let bytes = writer.finish().expect("finish").into_inner();
    let file = opened(1, "s.par", &bytes);
    let root = root();
    yew::Renderer::<crate::settings::SettingsPanel>::with_root_and_props(
        root.clone(),
        crate::settings::FileProps { file },
    )
    .render();
    TimeoutFuture::new(100).await;
    let text = root.text_content().unwrap_or_default();
    assert!(!text.contains("hidden-one"), "secret masked: {text}");
    assert!(
        text.contains("record_night"),
        "the bad value is listed: {text}"
    );
    assert!(
        text.contains("as written: maybe"),
        "with its raw value: {text}"
    );
    let canvas: HtmlCanvasElement = root
        .query_selector("[data-testid=schedule-canvas]")
        .expect("query")
        .expect("schedule canvas")
        .dyn_into()
        .expect("canvas");
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .expect("context")
        .expect("2d")
        .dyn_into()
        .expect("2d");
    // Wednesday (row 2) 12:00 is day, 03:00 night; Sunday (row 6) weekend.
    let pixel = |slot: i32, day: i32| {
        let data = context
            .get_image_data(40 + slot * 7 + 3, 16 + day * 18 + 9, 1, 1)
            .expect("pixels")
            .data();
        (data[0], data[1], data[2])
    };
    assert_eq!(pixel(48, 2), (0xf5, 0xc5, 0x42));
    assert_eq!(pixel(12, 2), (0x3f, 0x57, 0xb5));
    assert_eq!(pixel(48, 6), (0x2f, 0x9a, 0x5c));
}

/// A key pressed on the page (every player on it hears it).
fn press(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    web_sys::window()
        .and_then(|w| w.document())
        .expect("document")
        .dispatch_event(&event)
        .expect("dispatch");
}

#[wasm_bindgen_test]
async fn player_steps_and_changes_layout_with_keys() {
    let mut writer =
        ParWriter::new(std::io::Cursor::new(Vec::new()), 0, 0, 0, false).expect("writer");
    for (number, camera) in [(0, 1), (1, 2), (2, 1)] {
        writer
            .frame(&ParFrame {
                data_type: 1,
                channel: camera | netvu::format::par::CHANNEL_KEY,
                timestamp: 1_795_600_000_000 + i64::from(number) * 40,
                frame_number: number,
                body: vec![0xFF, 0xD8, 0xFF, 0xD9],
            })
            .expect("frame");
    }
    let bytes = writer.finish().expect("finish").into_inner();
    let root = player_of(opened(1, "p.par", &bytes));
    TimeoutFuture::new(50).await;
    let counter = || {
        root.query_selector("[data-testid=frame-counter]")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert_eq!(counter(), "1 / 3");
    press("ArrowRight");
    TimeoutFuture::new(50).await;
    assert_eq!(counter(), "2 / 3");
    press("2");
    TimeoutFuture::new(50).await;
    assert_eq!(
        root.query_selector_all("[data-testid=tile]")
            .expect("tiles")
            .length(),
        2
    );
    assert_eq!(
        root.query_selector_all(".tile.empty")
            .expect("empty")
            .length(),
        2
    );
    press("?");
    TimeoutFuture::new(50).await;
    assert!(root
        .query_selector("[data-testid=shortcuts]")
        .expect("query")
        .is_some());
    assert!(
        root.query_selector("[data-testid=audio-toggle]")
            .expect("query")
            .is_none(),
        "no sound control without audio"
    );
}

/// 200 ms of silence on audio `channel` at `timestamp`: a NetVu audio
/// header (16-bit PCM at 8 kHz) and its samples.
fn audio_frame(channel: u32, timestamp: i64) -> ParFrame {
    let pcm = vec![0u8; 3_200];
    let header = netvu::header::AudioHeader {
        version: netvu::header::AUDIO_VERSION,
        // RTP payload type of 16-bit PCM at 8 kHz (netvu-formats.md table 2.2).
        mode: 100,
        channel: channel as i32,
        additional_len: 0,
        audio_len: pcm.len() as u32,
        seconds: timestamp.div_euclid(1000) as u32,
        msecs: timestamp.rem_euclid(1000) as u32,
    };
    ParFrame {
        data_type: netvu::body::data_type::AUDIO_RAW,
        channel,
        timestamp,
        frame_number: 0,
        body: [&header.to_bytes()[..], &pcm].concat(),
    }
}

#[wasm_bindgen_test]
async fn player_offers_sound_and_its_channels_and_says_when_it_is_muted() {
    let t0 = 1_795_600_000_000;
    let mut writer =
        ParWriter::new(std::io::Cursor::new(Vec::new()), 0, 0, 0, false).expect("writer");
    for k in 0..2 {
        writer
            .frame(&ParFrame {
                data_type: 1,
                channel: 1 | netvu::format::par::CHANNEL_KEY,
                timestamp: t0 + k * 200,
                frame_number: k as u32,
                body: vec![0xFF, 0xD8, 0xFF, 0xD9],
            })
            .expect("frame");
        for channel in [2, 1] {
            writer
                .frame(&audio_frame(channel, t0 + k * 200))
                .expect("audio");
        }
    }
    let bytes = writer.finish().expect("finish").into_inner();
    let file = opened(2, "a.par", &bytes);
    let track = crate::audio_plan::AudioTrack::new(&file.index.frames);
    assert_eq!(
        track
            .channels
            .iter()
            .map(|(c, u)| (*c, u.len()))
            .collect::<Vec<_>>(),
        vec![(1, 2), (2, 2)]
    );
    let root = player_of(file);
    TimeoutFuture::new(50).await;
    let toggle: web_sys::HtmlElement = root
        .query_selector("[data-testid=audio-toggle]")
        .expect("query")
        .expect("sound control")
        .dyn_into()
        .expect("element");
    let label = || toggle.text_content().unwrap_or_default();
    assert_eq!(label(), "♪ Audio", "on from the start");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let channels = root
        .query_selector("[data-testid=audio-channel]")
        .expect("query")
        .expect("channel list")
        .text_content()
        .unwrap_or_default();
    assert_eq!(channels, "Audio 1Audio 2");
    toggle.click();
    TimeoutFuture::new(50).await;
    assert_eq!(label(), "♪ Audio off");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    toggle.click();
    TimeoutFuture::new(50).await;
    assert_eq!(label(), "♪ Audio");
    // 2×: muted, and the control says why.
    press("+");
    TimeoutFuture::new(50).await;
    assert_eq!(label(), "♪ muted at 2×");
}
