//! The frame details panel: where the current frame is in the file, and
//! every field its own bytes hold (picture or audio header, JFIF comment,
//! text block), as the library's `FrameDetail` has them.

use std::cell::Cell;
use std::rc::Rc;

use netvu::{frame_detail, FrameDetail};
use yew::prelude::*;

use crate::core::frame_text::{detail_rows, FramePlace};
use crate::platform::frames::{fetch_unit, OpenedFile};

#[derive(Properties, PartialEq)]
pub struct DetailsProps {
    pub file: OpenedFile,
    /// An index into `file.index.frames`.
    pub at: usize,
}

/// The details of frame `at`'s own bytes, fetched when `at` changes.
#[hook]
fn use_frame_detail(file: &OpenedFile, at: usize) -> Option<FrameDetail> {
    let detail = use_state(|| None::<(usize, FrameDetail)>);
    {
        let detail = detail.clone();
        let file = file.clone();
        use_effect_with((file.clone(), at), move |&(_, at)| {
            let stale = Rc::new(Cell::new(false));
            let flag = stale.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let parsed = match fetch_unit(&file, at).await {
                    Ok((entry, unit)) => frame_detail(&entry, &unit),
                    Err(error) => FrameDetail {
                        problems: vec![error],
                        ..FrameDetail::default()
                    },
                };
                if !flag.get() {
                    detail.set(Some((at, parsed)));
                }
            });
            move || stale.set(true)
        });
    }
    detail
        .as_ref()
        .filter(|(shown, _)| *shown == at)
        .map(|(_, d)| d.clone())
}

#[function_component(DetailsPanel)]
pub fn details_panel(props: &DetailsProps) -> Html {
    let detail = use_frame_detail(&props.file, props.at);
    let Some(frame) = props.file.frame(props.at) else {
        return Html::default();
    };
    let place = FramePlace {
        at: props.at,
        count: props.file.index.frames.len(),
        part: (props.file.parts.len() > 1).then_some(frame.part.name.as_str()),
    };
    let rows = detail_rows(
        &frame.entry,
        &place,
        props.file.index.utc_offset(),
        detail.as_ref(),
    );
    html! {
        <section class="panel details" data-testid="details">
            <h2>{ "Frame details" }</h2>
            <table class="detail-table">
                { for rows.iter().map(|(key, value)| html! {
                    <tr><th>{ key }</th><td>{ value }</td></tr>
                }) }
            </table>
            if let Some(text) = detail.as_ref().map(|d| d.text.trim()).filter(|t| !t.is_empty()) {
                <h3>{ "Text block" }</h3>
                <pre class="text-block" data-testid="text-block">{ text }</pre>
            }
        </section>
    }
}
