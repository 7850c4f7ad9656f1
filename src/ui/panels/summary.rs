//! What the file is: its name and notes, format, size, frame and event
//! counts, its cameras and its audio channels.

use netvu::Index;
use yew::prelude::*;

use crate::core::time::{human_bytes, time_span};
use crate::platform::frames::OpenedFile;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub file: OpenedFile,
}

#[function_component(Summary)]
pub fn summary(props: &SummaryProps) -> Html {
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
            { cameras(index) }
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

fn cameras(index: &Index) -> Html {
    if index.cameras.is_empty() {
        return html! { <p class="muted">{ "No video" }</p> };
    }
    html! {
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
}
