//! The recording schedule as a week grid: a row a day, a column a quarter
//! hour, coloured by mode; then which cameras record in which mode.

use std::rc::Rc;

use netvu::settings::{Camera, Mode, Schedule};
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::platform::canvas::context_2d;

#[derive(Properties, PartialEq)]
pub struct ScheduleProps {
    pub schedule: Rc<Schedule>,
    pub cameras: Rc<Vec<Camera>>,
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// Columns of the week grid: quarter hours.
const SLOTS: u32 = 96;
/// The grid's geometry on its canvas: the day labels' width, a cell's size.
const LABEL_W: f64 = 40.0;
const CELL_W: f64 = 7.0;
const CELL_H: f64 = 18.0;
/// The recording modes, in the legend's order.
const MODES: [Mode; 3] = [Mode::Day, Mode::Night, Mode::Weekend];

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

/// Paints the week grid of `schedule` on `canvas`.
fn paint_week(canvas: &HtmlCanvasElement, schedule: &Schedule) {
    let Some(context) = context_2d(canvas) else {
        return;
    };
    context.set_fill_style_str("#161c29");
    context.fill_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    context.set_font("11px system-ui, sans-serif");
    for (day, name) in DAYS.iter().enumerate() {
        let y = 16.0 + day as f64 * CELL_H;
        context.set_fill_style_str("#8d98ab");
        let _ = context.fill_text(name, 4.0, y + 13.0);
        for slot in 0..SLOTS {
            let mode = schedule.mode_at(day, slot * 1440 / SLOTS);
            context.set_fill_style_str(mode_colour(mode));
            context.fill_rect(
                LABEL_W + f64::from(slot) * CELL_W,
                y + 1.0,
                CELL_W,
                CELL_H - 2.0,
            );
        }
    }
    context.set_fill_style_str("#8d98ab");
    for hour in (0..=24).step_by(3) {
        let x = LABEL_W + f64::from(hour * 4) * CELL_W;
        let _ = context.fill_text(&format!("{hour:02}"), x - 6.0, 11.0);
        context.fill_rect(x, 14.0, 1.0, 7.0 * CELL_H + 2.0);
    }
}

#[function_component(ScheduleView)]
pub fn schedule_view(props: &ScheduleProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with(props.schedule.clone(), move |schedule| {
            if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                paint_week(&canvas, schedule);
            }
        });
    }
    html! {
        <div class="schedule card" data-testid="schedule">
            <h3>{ "Recording schedule" }</h3>
            <canvas ref={canvas} width="720" height="145" data-testid="schedule-canvas"></canvas>
            <p class="legend">
                { for MODES.iter().chain([Mode::Off].iter()).map(|m| html! {
                    <span><i class={format!("swatch mode-{}", mode_name(*m).to_lowercase())}></i>{ mode_name(*m) }</span>
                }) }
            </p>
            { record_modes(&props.cameras) }
        </div>
    }
}

/// Which cameras record in which mode.
fn record_modes(cameras: &[Camera]) -> Html {
    if cameras.is_empty() {
        return Html::default();
    }
    html! {
        <table class="records" data-testid="record-modes">
            <thead><tr><th>{ "Camera" }</th>{ for MODES.iter().map(|m| html! { <th>{ mode_name(*m) }</th> }) }</tr></thead>
            <tbody>
                { for cameras.iter().map(|camera| html! {
                    <tr>
                        <td>{ format!("{} {}", camera.number, camera.title.as_deref().unwrap_or("")) }</td>
                        { for MODES.iter().map(|m| match camera.records_in(*m) {
                            Some(true) => html! { <td class="on">{ "● records" }</td> },
                            Some(false) => html! { <td class="off">{ "○ off" }</td> },
                            None => html! { <td class="muted">{ "—" }</td> },
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
