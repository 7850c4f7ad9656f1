//! The progress of the file being indexed, with its Cancel button.

use yew::prelude::*;

use crate::core::files::Progress;
use crate::core::time::human_bytes;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub progress: Progress,
    pub on_cancel: Callback<MouseEvent>,
}

#[function_component(ProgressBar)]
pub fn progress_bar(props: &ProgressProps) -> Html {
    let p = &props.progress;
    html! {
        <div class="progress" data-testid="progress">
            <progress max="1" value={p.fraction().to_string()}></progress>
            <span>{ format!("{} of {} · {} frames · {}/s",
                human_bytes(p.bytes_read as f64), human_bytes(p.total_bytes as f64), p.frames, human_bytes(p.bytes_per_second)) }</span>
            <button onclick={props.on_cancel.clone()}>{ "Cancel" }</button>
        </div>
    }
}
