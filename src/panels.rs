//! The panels beside the player: what the file is, its cameras and its
//! problems (the recorder settings are in `settings.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use netvu::problem::Problem;
use netvu::Index;
use yew::prelude::*;

use crate::app::OpenedFile;
use crate::time::{human_bytes, local_time};

#[derive(Properties, PartialEq)]
pub struct FileProps {
    pub file: OpenedFile,
}

/// When a stream starts and how long it lasts: `2024-03-15 11:20:30.000 UTC+01:00, 0.7 s`.
fn time_span(first: Option<i64>, last: Option<i64>, utc_offset: Option<i32>) -> String {
    match (first, last) {
        (Some(first), Some(last)) => {
            format!(
                "{}, {}",
                local_time(first, utc_offset),
                human_duration(last.saturating_sub(first))
            )
        }
        _ => "no timestamps".into(),
    }
}

fn human_duration(ms: i64) -> String {
    match ms {
        ..=59_999 => format!("{:.1} s", ms as f64 / 1000.0),
        60_000..=3_599_999 => format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000),
        _ => format!("{} h {} min", ms / 3_600_000, ms % 3_600_000 / 60_000),
    }
}

#[function_component(Summary)]
pub fn summary(props: &FileProps) -> Html {
    let index: &Index = &props.file.index;
    html! {
        <section class="panel summary" data-testid="summary">
            <h2>{ &props.file.name }</h2>
            if !props.file.notes.is_empty() {
                <ul class="plain notes" data-testid="notes">
                    { for props.file.notes.iter().map(|n| html! { <li>{ n }</li> }) }
                </ul>
            }
            <dl class="facts">
                <dt>{ "Format" }</dt><dd data-testid="format">{ index.format.name() }</dd>
                <dt>{ "Size" }</dt><dd>{ human_bytes(index.length as f64) }</dd>
                <dt>{ "Frames" }</dt><dd data-testid="frame-count">{ index.frame_count() }</dd>
                <dt>{ "Events" }</dt><dd>{ index.events.len() }</dd>
            </dl>
            <h3>{ "Cameras" }</h3>
            if index.cameras.is_empty() {
                <p class="muted">{ "No video" }</p>
            } else {
                <table class="cameras" data-testid="cameras">
                    <thead><tr><th>{ "Cam" }</th><th>{ "Title" }</th><th>{ "Codec" }</th><th>{ "Size" }</th><th>{ "Frames" }</th><th>{ "Recorded" }</th></tr></thead>
                    <tbody>
                        { for index.cameras.iter().map(|c| html! {
                            <tr>
                                <td>{ c.camera }</td>
                                <td>{ if c.title.is_empty() { "—" } else { c.title.as_str() } }</td>
                                <td>{ c.codec.name() }</td>
                                <td>{ format!("{}×{}", c.width, c.height) }</td>
                                <td>{ format!("{} ({} key)", c.frames, c.key_frames) }</td>
                                <td class="time">{ time_span(c.first_timestamp_ms, c.last_timestamp_ms, index.utc_offset()) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if !index.audio.is_empty() {
                <h3>{ "Audio" }</h3>
                <ul class="plain" data-testid="audio">
                    { for index.audio.iter().map(|a| html! {
                        <li>{ format!("channel {}: {}, {} Hz, {} blocks", a.channel, a.codec.name(), a.sample_rate, a.frames) }</li>
                    }) }
                </ul>
            }
        </section>
    }
}

thread_local! {
    /// Where problems found after indexing go (set by the app).
    static REPORTER: RefCell<Option<Callback<(u32, Problem)>>> = const { RefCell::new(None) };
}

/// Sends problems found after indexing (a frame's chunk CRC checked when it
/// is fetched) to `reporter`, as `(file id, problem)`.
pub fn set_problem_reporter(reporter: Callback<(u32, Problem)>) {
    REPORTER.with(|r| *r.borrow_mut() = Some(reporter));
}

/// Adds a problem of the opened file `file_id` found after indexing.
pub fn report_problem(file_id: u32, offset: u64, message: &str) {
    let reporter = REPORTER.with(|r| r.borrow().clone());
    if let Some(reporter) = reporter {
        reporter.emit((
            file_id,
            Problem::new(offset, netvu::problem::Code::CrcMismatch, message),
        ));
    }
}

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub file: OpenedFile,
    /// Problems found since indexing, as frames were fetched.
    #[prop_or_default]
    pub later: Rc<Vec<Problem>>,
}

#[function_component(ProblemsPanel)]
pub fn problems_panel(props: &ProblemsProps) -> Html {
    let mut problems = props.file.index.problems.clone();
    for p in props.later.iter() {
        if !problems.list.contains(p) {
            problems.add(p.clone());
        }
    }
    problems.list.sort_by_key(|p| p.offset);
    let problems = &problems;
    html! {
        <section class="panel problems" data-testid="problems">
            <h2>{ "Problems" }<span class={classes!("count", (!problems.is_empty()).then_some("bad"))}>{ problems.list.len() as u64 + problems.not_listed }</span></h2>
            if problems.is_empty() {
                <p class="muted">{ "None found: the file reads cleanly." }</p>
            } else {
                <table>
                    <thead><tr><th>{ "Offset" }</th><th>{ "Problem" }</th></tr></thead>
                    <tbody>
                        { for problems.list.iter().map(|p| html! {
                            <tr>
                                <td class="offset" title={format!("0x{:X}", p.offset)}>{ p.offset }</td>
                                <td>{ &p.detail }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                if problems.not_listed > 0 {
                    <p class="muted">{ format!("…and {} more not listed", problems.not_listed) }</p>
                }
            }
        </section>
    }
}
