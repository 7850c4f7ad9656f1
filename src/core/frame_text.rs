//! A frame described in words: for the tile drawn where its picture cannot
//! be shown, and for the frame details panel.

use netvu::{FrameDetail, FrameEntry};
use serde_json::Value;

use super::time::local_time;

/// What a message tile says of `entry` besides its headline.
pub fn metadata_lines(entry: &FrameEntry, detail: &FrameDetail) -> Vec<String> {
    let mut lines = vec![
        format!(
            "camera {}  ·  {}×{}  ·  {}",
            entry.stream,
            entry.width,
            entry.height,
            if entry.key() {
                "key frame"
            } else {
                "delta frame"
            }
        ),
        format!(
            "unit at byte {} ({} bytes)",
            entry.unit_offset, entry.unit_length
        ),
    ];
    if let Some(number) = entry.frame_number() {
        lines.push(format!("frame number {number}"));
    }
    if !detail.title.is_empty() {
        lines.push(format!("title: {}", detail.title));
    }
    lines.extend(detail.problems.iter().cloned());
    lines
}

/// Where a frame is: its position among `count` frames, and the file part
/// holding it when a recording has several.
pub struct FramePlace<'a> {
    pub at: usize,
    pub count: usize,
    pub part: Option<&'a str>,
}

/// The rows of the frame details panel: what the index says of `entry`,
/// then every field of its own bytes' `detail` (once fetched).
pub fn detail_rows(
    entry: &FrameEntry,
    place: &FramePlace,
    utc_offset: Option<i32>,
    detail: Option<&FrameDetail>,
) -> Vec<(String, String)> {
    let row = |key: &str, value: String| (key.to_string(), value);
    let mut rows = vec![row("frame", format!("{} of {}", place.at + 1, place.count))];
    if let Some(part) = place.part {
        rows.push(row("file", part.to_string()));
    }
    rows.extend([
        row("camera", entry.stream.to_string()),
        row("codec", entry.codec.name().into()),
        row("key frame", entry.key().to_string()),
        row("size", format!("{}×{}", entry.width, entry.height)),
        row(
            "time",
            entry.timestamp_ms().map_or("—".into(), |ms| {
                format!("{} ({ms} ms UTC)", local_time(ms, utc_offset))
            }),
        ),
        row(
            "frame number",
            entry.frame_number().map_or("—".into(), |n| n.to_string()),
        ),
        row(
            "unit",
            format!(
                "bytes {}..{} ({:?})",
                entry.unit_offset,
                entry.unit_range().end,
                entry.layout
            ),
        ),
        row(
            "payload",
            format!(
                "{} bytes at unit byte {}",
                entry.payload_length, entry.payload_start
            ),
        ),
    ]);
    if let Some(value) = detail.and_then(|d| serde_json::to_value(d).ok()) {
        flatten("", &value, &mut rows);
    }
    rows
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::test_frames::entry;

    #[test]
    fn says_where_the_frame_is_and_what_its_bytes_hold() {
        let mut frame = entry(1_234, 3, 0);
        frame.number = 17;
        frame.unit_length = 900;
        let detail = FrameDetail {
            title: "Gate".into(),
            problems: vec!["comment cut short".into()],
            ..FrameDetail::default()
        };
        assert_eq!(
            metadata_lines(&frame, &detail),
            vec![
                "camera 3  ·  64×48  ·  key frame",
                "unit at byte 1234 (900 bytes)",
                "frame number 17",
                "title: Gate",
                "comment cut short",
            ]
        );
    }

    #[test]
    fn detail_rows_say_what_the_index_and_the_frames_bytes_hold() {
        let mut frame = entry(500, 2, 1_795_600_000_000);
        frame.unit_length = 100;
        let detail = FrameDetail {
            title: "Gate".into(),
            utc_offset: Some(60),
            problems: vec!["one".into(), "two".into()],
            ..FrameDetail::default()
        };
        let place = FramePlace {
            at: 4,
            count: 9,
            part: Some("Shop_2.par"),
        };
        let rows = detail_rows(&frame, &place, Some(60), Some(&detail));
        let find = |key: &str| {
            rows.iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("no row {key}: {rows:?}"))
        };
        assert_eq!(find("frame"), "5 of 9");
        assert_eq!(find("file"), "Shop_2.par");
        assert_eq!(
            find("time"),
            "2026-11-25 10:46:40.000 UTC+01:00 (1795600000000 ms UTC)"
        );
        assert_eq!(find("unit"), "bytes 500..600 (Jfif)");
        assert_eq!(find("title"), "Gate");
        assert_eq!(find("utc_offset"), "60");
        assert_eq!(find("problems"), "\"one\", \"two\"");
        assert_eq!(find("locale"), "—");
        let unfetched = detail_rows(
            &frame,
            &FramePlace {
                part: None,
                ..place
            },
            None,
            None,
        );
        assert_eq!(unfetched.len(), 9, "the index's rows only, no file row");
    }
}
