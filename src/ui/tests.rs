//! Component tests in headless Chromium (wasm-bindgen-test):
//! `cargo test --target wasm32-unknown-unknown`, run by `scripts/test-web.sh`.
//! What needs no browser is tested natively in `core`.

use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use netvu::par_writer::{ParFrame, ParWriter};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlCanvasElement};
use yew::prelude::*;

use crate::core::opened::FileId;
use crate::platform::blob::blob_of;
use crate::platform::canvas::context_2d;
use crate::platform::frames::OpenedFile;
use crate::platform::services::ViewerServices;
use crate::ui::context::Services;

wasm_bindgen_test_configure!(run_in_browser);

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

/// `bytes` indexed and opened as file `id` named `name`, as a drop would.
fn opened(id: u32, name: &str, bytes: &[u8]) -> OpenedFile {
    let index = netvu::index_bytes(bytes);
    OpenedFile::single(
        FileId(id),
        name.into(),
        blob_of(bytes).expect("blob"),
        Rc::new(index),
    )
}

#[derive(Properties, PartialEq)]
struct WithServicesProps {
    children: Html,
}

/// Components under a viewer's services (its workers are not needed here).
#[function_component(WithServices)]
fn with_services(props: &WithServicesProps) -> Html {
    let services = use_state(|| Services(Rc::new(ViewerServices::new(Rc::new(|_, _| {}), || {}))));
    html! {
        <ContextProvider<Services> context={(*services).clone()}>
            { props.children.clone() }
        </ContextProvider<Services>>
    }
}

#[derive(Properties, PartialEq)]
struct PlayerHostProps {
    file: OpenedFile,
}

#[function_component(PlayerHost)]
fn player_host(props: &PlayerHostProps) -> Html {
    html! { <WithServices><crate::ui::player::Player file={props.file.clone()} /></WithServices> }
}

/// A fresh container with the player showing `file`.
fn player_of(file: OpenedFile) -> Element {
    let root = root();
    yew::Renderer::<PlayerHost>::with_root_and_props(root.clone(), PlayerHostProps { file })
        .render();
    root
}

/// A PAR of JPEG frames, one per (camera, timestamp).
fn jpeg_par(frames: &[(u32, i64)], extra: &[ParFrame]) -> Vec<u8> {
    let mut writer =
        ParWriter::new(std::io::Cursor::new(Vec::new()), 0, 0, 0, false).expect("writer");
    for (number, &(camera, timestamp)) in frames.iter().enumerate() {
        writer
            .frame(&ParFrame {
                data_type: netvu::body::data_type::JFIF,
                channel: camera | netvu::format::par::CHANNEL_KEY,
                timestamp,
                frame_number: number as u32,
                body: vec![0xFF, 0xD8, 0xFF, 0xD9],
            })
            .expect("frame");
    }
    for frame in extra {
        writer.frame(frame).expect("frame");
    }
    writer.finish().expect("finish").into_inner()
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
    yew::Renderer::<crate::ui::settings::SettingsPanel>::with_root_and_props(
        root.clone(),
        crate::ui::settings::SettingsProps { file },
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
    let context = context_2d(&canvas).expect("2d");
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

/// A key pressed in the component under `root`.
fn press(root: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    let target = root.first_element_child().unwrap_or_else(|| root.clone());
    target.dispatch_event(&event).expect("dispatch");
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn player_steps_and_changes_layout_with_keys() {
    let t0 = 1_795_600_000_000;
    let bytes = jpeg_par(&[(1, t0), (2, t0 + 40), (1, t0 + 80)], &[]);
    let root = player_of(opened(1, "p.par", &bytes));
    TimeoutFuture::new(50).await;
    let counter = || text_of(&root, "[data-testid=frame-counter]");
    assert_eq!(counter(), "1 / 3");
    press(&root, "ArrowRight");
    TimeoutFuture::new(50).await;
    assert_eq!(counter(), "2 / 3");
    press(&root, "2");
    TimeoutFuture::new(50).await;
    let count = |selector: &str| root.query_selector_all(selector).expect("query").length();
    assert_eq!(count("[data-testid=tile]"), 2);
    assert_eq!(count(".tile.empty"), 2);
    press(&root, "?");
    TimeoutFuture::new(50).await;
    assert_eq!(count("[data-testid=shortcuts]"), 1);
    assert_eq!(
        count("[data-testid=audio-toggle]"),
        0,
        "no sound control without audio"
    );
}

#[wasm_bindgen_test]
async fn a_key_typed_in_another_viewer_is_not_this_players() {
    let t0 = 1_795_600_000_000;
    let bytes = jpeg_par(&[(1, t0), (1, t0 + 40)], &[]);
    let first = player_of(opened(1, "a.par", &bytes));
    let second = player_of(opened(1, "b.par", &bytes));
    for root in [&first, &second] {
        root.set_attribute("data-viewer-root", "").expect("mark");
    }
    TimeoutFuture::new(50).await;
    press(&second, "ArrowRight");
    TimeoutFuture::new(50).await;
    assert_eq!(text_of(&first, "[data-testid=frame-counter]"), "1 / 2");
    assert_eq!(text_of(&second, "[data-testid=frame-counter]"), "2 / 2");
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
    let sound: Vec<ParFrame> = (0..2)
        .flat_map(|k| [audio_frame(2, t0 + k * 200), audio_frame(1, t0 + k * 200)])
        .collect();
    let bytes = jpeg_par(&[(1, t0), (1, t0 + 200)], &sound);
    let root = player_of(opened(2, "a.par", &bytes));
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
    assert_eq!(
        text_of(&root, "[data-testid=audio-channel]"),
        "Audio 1Audio 2"
    );
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
    press(&root, "+");
    TimeoutFuture::new(50).await;
    assert_eq!(label(), "♪ muted at 2×");
}
