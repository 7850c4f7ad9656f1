//! The frame details panel: where the current frame is in the file, and
//! every field its own bytes hold (picture or audio header, JFIF comment,
//! text block), as the library's `FrameDetail` has them.

use std::cell::Cell;
use std::rc::Rc;

use netvu::{frame_detail, FrameDetail};
use serde_json::Value;
use yew::prelude::*;

use crate::app::OpenedFile;
use crate::time::local_time;

#[derive(Properties, PartialEq)]
pub struct DetailsProps {
    pub file: OpenedFile,
    /// An index into `file.index.frames`.
    pub at: usize,
}

/// `path = value` rows for every leaf of `value`, in field order.
fn flatten(path: &str, value: &Value, rows: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(&path, value, rows);
            }
        }
        Value::Array(items) if items.iter().any(|v| v.is_object() || v.is_array()) => {
            for (at, item) in items.iter().enumerate() {
                flatten(&format!("{path}[{at}]"), item, rows);
            }
        }
        Value::Array(items) => rows.push((
            path.to_string(),
            items
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )),
        Value::Null => rows.push((path.to_string(), "—".into())),
        Value::String(text) => rows.push((path.to_string(), text.clone())),
        other => rows.push((path.to_string(), other.to_string())),
    }
}

#[function_component(DetailsPanel)]
pub fn details_panel(props: &DetailsProps) -> Html {
    let detail = use_state(|| None::<(usize, FrameDetail)>);
    {
        let detail = detail.clone();
        let file = props.file.clone();
        use_effect_with((props.file.clone(), props.at), move |&(_, at)| {
            let stale = Rc::new(Cell::new(false));
            if let Some(entry) = file.index.frames.get(at).copied() {
                let stale = stale.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let parsed = match file.unit(&entry).await {
                        Ok((entry, unit)) => frame_detail(&entry, &unit),
                        Err(error) => FrameDetail {
                            problems: vec![error.to_string()],
                            ..FrameDetail::default()
                        },
                    };
                    if !stale.get() {
                        detail.set(Some((at, parsed)));
                    }
                });
            }
            move || stale.set(true)
        });
    }
    let Some(entry) = props.file.index.frames.get(props.at) else {
        return Html::default();
    };
    let offset = props.file.index.utc_offset();
    let mut rows: Vec<(String, String)> = vec![
        (
            "frame".into(),
            format!("{} of {}", props.at + 1, props.file.index.frames.len()),
        ),
        ("camera".into(), entry.stream.to_string()),
        ("codec".into(), entry.codec.name().into()),
        ("key frame".into(), entry.key().to_string()),
        ("size".into(), format!("{}×{}", entry.width, entry.height)),
        (
            "time".into(),
            entry.timestamp_ms().map_or("—".into(), |ms| {
                format!("{} ({ms} ms UTC)", local_time(ms, offset))
            }),
        ),
        (
            "frame number".into(),
            entry.frame_number().map_or("—".into(), |n| n.to_string()),
        ),
        (
            "unit".into(),
            match props.file.locate(entry) {
                Some((_, local)) => format!(
                    "bytes {}..{} ({:?})",
                    local.unit_offset,
                    local.unit_range().end,
                    local.layout
                ),
                None => "—".into(),
            },
        ),
        (
            "payload".into(),
            format!(
                "{} bytes at unit byte {}",
                entry.payload_length, entry.payload_start
            ),
        ),
    ];
    let current = detail
        .as_ref()
        .filter(|(at, _)| *at == props.at)
        .map(|(_, d)| d);
    if let Some(detail) = current {
        if let Ok(value) = serde_json::to_value(detail) {
            flatten("", &value, &mut rows);
        }
    }
    html! {
        <section class="panel details" data-testid="details">
            <h2>{ "Frame details" }</h2>
            <table class="detail-table">
                { for rows.iter().map(|(key, value)| html! {
                    <tr><th>{ key }</th><td>{ value }</td></tr>
                }) }
            </table>
            if let Some(text) = current.map(|d| d.text.trim()).filter(|t| !t.is_empty()) {
                <h3>{ "Text block" }</h3>
                <pre class="text-block" data-testid="text-block">{ text }</pre>
            }
        </section>
    }
}
