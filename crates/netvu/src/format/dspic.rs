//! DM Digital Sprite message streams (`netvu-formats.md` §6): 28-byte
//! big-endian message headers; type 6 carries a JFIF with a `DigiSpr` APP0.

use super::Resync;
use crate::bytes::be32;
use crate::codec::jpeg;
use crate::header::timestamp_ms;
use crate::index::Index;
use crate::indexer::{FormatReader, Step, Window};
use crate::limits::{MAX_AD_CHUNK, MAX_JFIF_HEADER};
use crate::model::{Codec, FrameEntry, UnitLayout};
use crate::problem::Code;
use memchr::memmem;

const MAGIC: [u8; 4] = [0xFA, 0xCE, 0xD0, 0xFF];
const HEADER: usize = 28;
const IMAGE_DATA: u32 = 6;

#[derive(Default)]
pub struct DsPicReader {
    resync: Resync,
}

impl DsPicReader {
    fn bad(&mut self, w: &Window, code: Code, why: String) -> Step {
        self.resync.start(w.start, code, why);
        self.resync.skip(w, 1)
    }

    fn image(&mut self, w: &Window, index: &mut Index, body_len: u64) -> Step {
        let want = HEADER
            + usize::try_from(body_len)
                .unwrap_or(usize::MAX)
                .min(MAX_JFIF_HEADER);
        if w.bytes.len() < want {
            return Step::Need(want);
        }
        let jfif = &w.bytes[HEADER..want];
        let info = match jpeg::parse_jfif(jfif) {
            Ok(info) => info,
            Err(e) => {
                index.problems.push(
                    w.start,
                    Code::BadContent,
                    format!("image message without a readable JPEG: {e:?}"),
                );
                return Step::Advance(HEADER as u64 + body_len);
            }
        };
        let ds = info
            .digispr
            .clone()
            .and_then(|r| jfif.get(r))
            .and_then(jpeg::parse_digispr);
        if ds.is_none() {
            index.problems.push(
                w.start,
                Code::MissingField,
                "image without a DigiSpr segment: no camera or time",
            );
        }
        let entry = FrameEntry {
            unit_offset: w.start + HEADER as u64,
            timestamp: ds
                .as_ref()
                .and_then(|d| timestamp_ms(d.seconds, u32::from(d.millis)))
                .unwrap_or(FrameEntry::NO_TIME),
            unit_length: body_len as u32,
            payload_start: 0,
            payload_length: body_len as u32,
            number: ds
                .as_ref()
                .and_then(|d| u32::try_from(d.sequence).ok())
                .unwrap_or(FrameEntry::NO_NUMBER),
            sample_rate: 0,
            stream: ds.as_ref().map_or(1, |d| u16::from(d.camera)),
            width: info.width.or(ds.as_ref().map(|d| d.width)).unwrap_or(0),
            height: info.height.or(ds.as_ref().map(|d| d.height)).unwrap_or(0),
            codec: Codec::Jfif,
            layout: UnitLayout::DigiSprJfif,
            flags: FrameEntry::KEY
                | if info.vid_format == Some(1) {
                    FrameEntry::SAMPLING_420
                } else {
                    0
                },
        };
        index.push(entry, ds.as_ref().map(|d| d.title.as_slice()));
        Step::Advance(HEADER as u64 + body_len)
    }
}

impl FormatReader for DsPicReader {
    fn step(&mut self, w: &Window, index: &mut Index) -> Step {
        let b = w.bytes;
        if self.resync.active() {
            if let Some(step) = w.wait_for(HEADER) {
                return step;
            }
            match memmem::find(b, &MAGIC) {
                Some(0) => self.resync.found(w.start, index),
                Some(at) => return self.resync.skip(w, at),
                None if w.eof => {
                    self.resync.skip(w, b.len());
                    self.resync.ends_file(w.start + b.len() as u64, index);
                    return Step::Done;
                }
                None => return self.resync.skip(w, b.len().saturating_sub(3)),
            }
        }
        if b.len() < HEADER {
            if w.eof {
                if !b.is_empty() {
                    let why = format!("{} trailing bytes after the last message", b.len());
                    self.resync.start(w.start, Code::Truncated, why);
                    self.resync.skip(w, b.len());
                }
                return Step::Done;
            }
            return Step::Need(HEADER);
        }
        if b[..4] != MAGIC {
            return self.bad(w, Code::BadHeader, "bad message magic".into());
        }
        let length = u64::from(be32(b, 4).unwrap_or(0));
        if !(24..MAX_AD_CHUNK).contains(&length) {
            return self.bad(w, Code::BadSize, format!("bad message length {length}"));
        }
        let body_len = length - 24;
        if w.past_end(w.start + HEADER as u64 + body_len) {
            let whole = HEADER as u64 + body_len;
            return self.resync.cut_short(w, index, "last message", whole, None);
        }
        match be32(b, 24).unwrap_or(0) {
            IMAGE_DATA => self.image(w, index, body_len),
            _ => Step::Advance(HEADER as u64 + body_len),
        }
    }

    fn finish(&mut self, end: u64, index: &mut Index) {
        self.resync.ends_file(end, index);
    }
}
