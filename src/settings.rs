//! The recorder settings: every section as a card (unknown ones as they
//! are), secrets masked until revealed, a filter box, values that did not
//! parse flagged with their warning, the recording schedule as a week grid,
//! and each camera's motion-detection zones over its picture.

use std::cell::Cell;
use std::rc::Rc;

use netvu::settings::{Mode, Settings, Vmd};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlInputElement};
use yew::prelude::*;

use crate::app::OpenedFile;
use crate::frame::{draw, load_frame};

#[derive(Properties, PartialEq)]
pub struct FileProps {
    pub file: OpenedFile,
}

/// What a masked secret shows instead of its value.
const MASK: &str = "••••••••";

fn mode_colour(mode: Option<Mode>) -> &'static str {
    match mode {
        Some(Mode::Day) => "#f5c542",
        Some(Mode::Night) => "#3f57b5",
        Some(Mode::Weekend) => "#2f9a5c",
        Some(Mode::Off) => "#3a4152",
        None => "#1d2533",
    }
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Day => "Day",
        Mode::Night => "Night",
        Mode::Weekend => "Weekend",
        Mode::Off => "Off",
    }
}

#[function_component(SettingsPanel)]
pub fn settings_panel(props: &FileProps) -> Html {
    let reveal = use_state(|| false);
    let filter = use_state(String::new);
    let Some(stored) = props.file.index.settings.as_ref() else {
        return Html::default();
    };
    let settings: &Settings = &stored.settings;
    let toggle = {
        let reveal = reveal.clone();
        Callback::from(move |_: MouseEvent| reveal.set(!*reveal))
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                filter.set(input.value());
            }
        })
    };
    let warnings = settings.warnings();
    let typed = settings.typed();
    let needle = filter.trim().to_lowercase();
    let matches = |text: &str| needle.is_empty() || text.to_lowercase().contains(&needle);
    // A section whose name matches shows whole; else only its matching entries.
    let cards = settings.sections().iter().filter_map(|section| {
        let name = if section.name.is_empty() { "(no section)" } else { section.name.as_str() };
        let whole = matches(name);
        let entries: Vec<_> = section
            .entries
            .iter()
            .filter(|e| whole || matches(&e.key) || ((!e.secret || *reveal) && matches(&e.value)))
            .collect();
        if !whole && entries.is_empty() {
            return None;
        }
        Some(html! {
            <article class="card" data-testid="settings-card">
                <h3>{ name }</h3>
                <table>
                    { for entries.into_iter().map(|entry| {
                        let warning = warnings.iter().find(|w| {
                            w.section == section.name && w.key.as_deref() == Some(entry.key.as_str())
                        });
                        html! {
                            <tr class={classes!(warning.is_some().then_some("invalid"))} title={warning.map(|w| w.message.clone())}>
                                <th>{ &entry.key }</th>
                                if entry.secret && !*reveal {
                                    <td class="secret" data-testid="secret">{ MASK }</td>
                                } else {
                                    <td>{ &entry.value }{ if warning.is_some() { " ⚠" } else { "" } }</td>
                                }
                            </tr>
                        }
                    }) }
                </table>
            </article>
        })
    }).collect::<Vec<_>>();
    let shown = cards.len();

    html! {
        <section class="panel settings" data-testid="settings">
            <h2>
                { "Recorder settings" }
                <input type="search" class="filter" placeholder="Filter settings" aria-label="Filter settings"
                    data-testid="settings-filter" value={(*filter).clone()} oninput={on_filter} />
                <button class="reveal" onclick={toggle} aria-pressed={reveal.to_string()}>
                    { if *reveal { "Hide passwords" } else { "Reveal passwords" } }
                </button>
            </h2>
            if !warnings.is_empty() {
                <div class="warnings-box">
                    <h3>{ format!("Settings warnings ({})", warnings.len()) }</h3>
                    <ul class="plain warnings" data-testid="settings-warnings">
                        { for warnings.iter().map(|w| {
                            let raw = w.key.as_deref().and_then(|key| settings.get(&w.section, key));
                            html! {
                                <li>
                                    { &w.message }
                                    if let Some(raw) = raw {
                                        { " — as written: " }<code>{ raw }</code>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            }
            if let Some(schedule) = typed.schedule.as_ref().filter(|_| matches("schedule")) {
                <ScheduleView schedule={Rc::new(schedule.clone())} cameras={Rc::new(typed.cameras.clone())} />
            }
            if matches("vmd") {
                { for typed.vmd.iter().map(|vmd| html! {
                    <VmdView file={props.file.clone()} vmd={Rc::new(vmd.clone())} />
                }) }
            }
            <div class="cards">{ for cards }</div>
            if shown == 0 {
                <p class="muted">{ format!("No setting matches “{}”.", *filter) }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ScheduleProps {
    schedule: Rc<netvu::settings::Schedule>,
    cameras: Rc<Vec<netvu::settings::Camera>>,
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// Columns of the week grid: quarter hours.
const SLOTS: u32 = 96;

/// The week grid: a row a day, a column a quarter hour, coloured by mode;
/// then which cameras record in which mode.
#[function_component(ScheduleView)]
fn schedule_view(props: &ScheduleProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with(props.schedule.clone(), move |schedule| {
            let Some(canvas) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let Some(context) = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            let (label, cell_w, cell_h) = (40.0, 7.0, 18.0);
            context.set_fill_style_str("#161c29");
            context.fill_rect(
                0.0,
                0.0,
                f64::from(canvas.width()),
                f64::from(canvas.height()),
            );
            context.set_font("11px system-ui, sans-serif");
            for (day, name) in DAYS.iter().enumerate() {
                let y = 16.0 + day as f64 * cell_h;
                context.set_fill_style_str("#8d98ab");
                let _ = context.fill_text(name, 4.0, y + 13.0);
                for slot in 0..SLOTS {
                    let mode = schedule.mode_at(day, slot * 1440 / SLOTS);
                    context.set_fill_style_str(mode_colour(mode));
                    context.fill_rect(
                        label + f64::from(slot) * cell_w,
                        y + 1.0,
                        cell_w,
                        cell_h - 2.0,
                    );
                }
            }
            context.set_fill_style_str("#8d98ab");
            for hour in (0..=24).step_by(3) {
                let x = label + f64::from(hour * 4) * cell_w;
                let _ = context.fill_text(&format!("{hour:02}"), x - 6.0, 11.0);
                context.fill_rect(x, 14.0, 1.0, 7.0 * cell_h + 2.0);
            }
        });
    }
    let modes = [Mode::Day, Mode::Night, Mode::Weekend];
    html! {
        <div class="schedule card" data-testid="schedule">
            <h3>{ "Recording schedule" }</h3>
            <canvas ref={canvas} width="720" height="145" data-testid="schedule-canvas"></canvas>
            <p class="legend">
                { for modes.iter().chain([Mode::Off].iter()).map(|m| html! {
                    <span><i class={format!("swatch mode-{}", mode_name(*m).to_lowercase())}></i>{ mode_name(*m) }</span>
                }) }
            </p>
            if !props.cameras.is_empty() {
                <table class="records" data-testid="record-modes">
                    <thead><tr><th>{ "Camera" }</th>{ for modes.iter().map(|m| html! { <th>{ mode_name(*m) }</th> }) }</tr></thead>
                    <tbody>
                        { for props.cameras.iter().map(|camera| html! {
                            <tr>
                                <td>{ format!("{} {}", camera.number, camera.title.as_deref().unwrap_or("")) }</td>
                                { for modes.iter().map(|m| match camera.records_in(*m) {
                                    Some(true) => html! { <td class="on">{ "● records" }</td> },
                                    Some(false) => html! { <td class="off">{ "○ off" }</td> },
                                    None => html! { <td class="muted">{ "—" }</td> },
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct VmdProps {
    file: OpenedFile,
    vmd: Rc<Vmd>,
}

/// Camera N's first picture with its motion-detection grid over it; the
/// zones can be hidden.
#[function_component(VmdView)]
fn vmd_view(props: &VmdProps) -> Html {
    let picture = use_node_ref();
    let zones = use_node_ref();
    let show = use_state(|| true);
    let camera = props.vmd.camera;
    let first = props.file.index.frames.iter().position(|f| {
        f.stream == camera && f.media() == netvu::Media::Video && f.codec != netvu::Codec::Pbm
    });
    {
        let picture = picture.clone();
        let file = props.file.clone();
        use_effect_with((props.file.clone(), first), move |&(_, first)| {
            let stale = Rc::new(Cell::new(false));
            if let Some(at) = first {
                let stale = stale.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = load_frame(&file, at).await;
                    if let (false, Some(canvas)) =
                        (stale.get(), picture.cast::<HtmlCanvasElement>())
                    {
                        draw(&canvas, &loaded.picture, &file.index.frames[at]);
                    }
                });
            }
            move || stale.set(true)
        });
    }
    {
        let zones = zones.clone();
        use_effect_with(props.vmd.clone(), move |vmd| {
            let (Some(canvas), Some(grid)) = (zones.cast::<HtmlCanvasElement>(), vmd.grid_size())
            else {
                return;
            };
            let Some(context) = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
            let (cw, ch) = (w / f64::from(grid.columns), h / f64::from(grid.rows));
            context.clear_rect(0.0, 0.0, w, h);
            for r in 0..grid.rows {
                for c in 0..grid.columns {
                    if vmd.cell(c, r) {
                        context.set_fill_style_str("rgba(255, 80, 60, 0.45)");
                        context.fill_rect(f64::from(c) * cw, f64::from(r) * ch, cw, ch);
                    }
                }
            }
            context.set_stroke_style_str("rgba(255, 255, 255, 0.35)");
            for c in 0..=grid.columns {
                context.begin_path();
                context.move_to(f64::from(c) * cw, 0.0);
                context.line_to(f64::from(c) * cw, h);
                context.stroke();
            }
            for r in 0..=grid.rows {
                context.begin_path();
                context.move_to(0.0, f64::from(r) * ch);
                context.line_to(w, f64::from(r) * ch);
                context.stroke();
            }
        });
    }
    let toggle = {
        let show = show.clone();
        Callback::from(move |_: Event| show.set(!*show))
    };
    let grid = props.vmd.grid_size();
    html! {
        <div class="vmd card" data-testid="vmd">
            <h3>{ format!("Motion detection zones, camera {camera}") }</h3>
            <label class="check"><input type="checkbox" checked={*show} onchange={toggle} data-testid="vmd-toggle" />{ "Show zones" }</label>
            if grid.is_none() {
                <span class="muted">{ " (no valid grid: see the warnings)" }</span>
            }
            <div class="vmd-screen">
                <canvas ref={picture} width="352" height="288"></canvas>
                <canvas ref={zones} class={classes!("zones", (!*show).then_some("hidden"))} width="640" height="480" data-testid="vmd-zones"></canvas>
            </div>
            if first.is_none() {
                <p class="muted">{ "No picture of this camera in the file: zones drawn on black." }</p>
            }
        </div>
    }
}
