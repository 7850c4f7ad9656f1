//! Everything a frame's own bytes say about it, parsed again from its unit
//! when the frame is fetched (indexing keeps only the compact entry).

use crate::bytes::Endian;
use crate::codec::jpeg;
use crate::format::admime::{parse_part_header, HeaderParse};
use crate::header::{AudioHeader, PicHeader, PIC_HEADER_LEN};
use crate::limits::{MAX_JFIF_HEADER, MAX_TEXT};
use crate::model::{FrameEntry, UnitLayout};
use crate::text;
use crate::textblock::TextBlock;
use serde::Serialize;

/// The metadata of one frame, from its picture/audio header, JFIF comment,
/// DigiSpr segment or MIME text part.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FrameDetail {
    pub title: String,
    pub alarm: String,
    pub locale: Option<String>,
    /// Minutes; local time = UTC + offset.
    pub utc_offset: Option<i32>,
    pub q_factor: Option<i32>,
    pub vid_format: Option<i32>,
    pub alm_bitmask: Option<u32>,
    pub alm_bitmask_hi: Option<u32>,
    /// The per-frame text block (or the extra comment lines), as text.
    pub text: String,
    pub text_fields: TextBlock,
    pub picture_header: Option<PicHeader>,
    pub audio_header: Option<AudioHeader>,
    /// DigiSpr camera sequence number and time flags (DM PIC only).
    pub ds_sequence: Option<i64>,
    /// What could not be read.
    pub problems: Vec<String>,
}

impl FrameDetail {
    fn from_picture(h: PicHeader, text_bytes: &[u8]) -> FrameDetail {
        let text_bytes = text::field_bytes(text_bytes);
        FrameDetail {
            title: h.title.clone(),
            alarm: h.alarm.clone(),
            locale: Some(h.locale.clone()),
            utc_offset: Some(h.sane_utc_offset()),
            q_factor: Some(h.factor),
            vid_format: Some(h.vid_format),
            alm_bitmask: Some(h.alm_bitmask),
            alm_bitmask_hi: Some(h.alm_bitmask_hi),
            text: text::decode(text_bytes).into_owned(),
            text_fields: TextBlock::parse(text_bytes),
            picture_header: Some(h),
            ..FrameDetail::default()
        }
    }

    fn from_comment(c: &jpeg::CommentFields) -> FrameDetail {
        let s = |b: &Option<Vec<u8>>| b.as_deref().map(|b| text::decode(b).into_owned());
        FrameDetail {
            title: s(&c.name).unwrap_or_default(),
            alarm: s(&c.alarm_text).unwrap_or_default(),
            locale: s(&c.locale),
            utc_offset: c.utc_offset,
            q_factor: c.q_factor,
            alm_bitmask: c.active_alarms,
            alm_bitmask_hi: c.active_detectors,
            text: text::decode(&c.extra_text).into_owned(),
            text_fields: TextBlock::parse(&c.extra_text),
            ..FrameDetail::default()
        }
    }
}

/// Parses the unit bytes of `entry` (fetched from `entry.unit_range()`).
pub fn frame_detail(entry: &FrameEntry, unit: &[u8]) -> FrameDetail {
    let mut detail = match entry.layout {
        UnitLayout::Picture | UnitLayout::PictureLe => {
            let e = if entry.layout == UnitLayout::Picture {
                Endian::Big
            } else {
                Endian::Little
            };
            match PicHeader::parse(unit, e) {
                Some(h) => {
                    let end =
                        (PIC_HEADER_LEN + (h.start_offset as usize).min(MAX_TEXT)).min(unit.len());
                    FrameDetail::from_picture(h, &unit[PIC_HEADER_LEN.min(end)..end])
                }
                None => problem("picture header unreadable"),
            }
        }
        UnitLayout::Audio | UnitLayout::AudioLe => {
            let e = if entry.layout == UnitLayout::Audio {
                Endian::Big
            } else {
                Endian::Little
            };
            FrameDetail {
                audio_header: AudioHeader::parse(unit, e),
                ..FrameDetail::default()
            }
        }
        UnitLayout::Jfif => jfif_detail(unit),
        UnitLayout::DigiSprJfif => digispr_detail(unit),
        UnitLayout::MinimalVideo => FrameDetail {
            title: format!("Camera {}", entry.stream),
            ..FrameDetail::default()
        },
        UnitLayout::MimeVideo => mime_detail(entry, unit),
        UnitLayout::MinimalAudio | UnitLayout::Bare => FrameDetail::default(),
    };
    if unit.len() < entry.unit_length as usize {
        detail.problems.push(format!(
            "unit holds {} of its {} bytes",
            unit.len(),
            entry.unit_length
        ));
    }
    detail
}

fn problem(what: &str) -> FrameDetail {
    FrameDetail {
        problems: vec![what.to_string()],
        ..FrameDetail::default()
    }
}

fn jfif_detail(unit: &[u8]) -> FrameDetail {
    let head = &unit[..unit.len().min(MAX_JFIF_HEADER)];
    let Ok(info) = jpeg::parse_jfif(head) else {
        return problem("JPEG headers unreadable");
    };
    let mut detail = match info.comment.clone().and_then(|r| head.get(r)) {
        Some(c) => FrameDetail::from_comment(&jpeg::parse_comment(c)),
        None => FrameDetail::default(),
    };
    if let Some(q) = info.q_factor(head) {
        detail.q_factor = Some(q);
    }
    detail.vid_format = info.vid_format;
    detail
}

fn digispr_detail(unit: &[u8]) -> FrameDetail {
    let head = &unit[..unit.len().min(MAX_JFIF_HEADER)];
    let Ok(info) = jpeg::parse_jfif(head) else {
        return problem("JPEG headers unreadable");
    };
    let Some(ds) = info
        .digispr
        .clone()
        .and_then(|r| head.get(r))
        .and_then(jpeg::parse_digispr)
    else {
        return problem("no DigiSpr segment");
    };
    FrameDetail {
        title: text::decode(&ds.title).into_owned(),
        alarm: text::decode(&ds.alarm).into_owned(),
        q_factor: Some(i32::from(ds.q_factor)),
        vid_format: info.vid_format,
        ds_sequence: Some(ds.sequence),
        ..FrameDetail::default()
    }
}

fn mime_detail(entry: &FrameEntry, unit: &[u8]) -> FrameDetail {
    let after = unit.get(entry.payload_length as usize..).unwrap_or(&[]);
    match parse_part_header(after) {
        HeaderParse::Part(h) => {
            let len = h.content_length.unwrap_or(0).min(MAX_TEXT as u64) as usize;
            let text = after
                .get(h.body_start..(h.body_start + len).min(after.len()))
                .unwrap_or(&[]);
            FrameDetail::from_comment(&jpeg::parse_comment(text))
        }
        _ => problem("text part unreadable"),
    }
}
