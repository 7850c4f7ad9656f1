//! The index as the indexing worker sends it to the page, beside its
//! messages: frame entries in batches as they are found (the library's
//! 48-byte `FrameEntry::to_wire` encoding), and at the end the rest of the
//! index: its summaries, events, PAR header, other chunks and problems as
//! JSON (the library's serde derives), its settings as the raw bytes they
//! were parsed from (parsed again with `Settings::parse`).

use netvu::index::{OtherChunk, ParHeader, StoredSettings};
use netvu::model::{AudioSummary, CameraSummary, Event};
use netvu::probe::NotNetvu;
use netvu::problem::Problems;
use netvu::settings::Settings;
use netvu::{Format, FrameEntry, Index};
use serde::{Deserialize, Serialize};

/// Appends `frames`, [`FrameEntry::WIRE_LEN`] bytes each.
pub fn encode_frames(out: &mut Vec<u8>, frames: &[FrameEntry]) {
    out.reserve(frames.len() * FrameEntry::WIRE_LEN);
    for f in frames {
        out.extend_from_slice(&f.to_wire());
    }
}

/// Reads frames written by [`encode_frames`], calling `each` for every one
/// (a record that is not a frame entry is skipped).
pub fn decode_frames(bytes: &[u8], mut each: impl FnMut(FrameEntry)) {
    bytes
        .chunks_exact(FrameEntry::WIRE_LEN)
        .filter_map(FrameEntry::from_wire)
        .for_each(&mut each);
}

/// Everything of an index but its frames and settings text.
#[derive(Serialize, Deserialize)]
struct Rest {
    format: Format,
    length: u64,
    /// How many of the frames sent in batches stay.
    keep: usize,
    cameras: Vec<CameraSummary>,
    audio: Vec<AudioSummary>,
    events: Vec<Event>,
    /// Where the settings were found; their bytes follow the frames.
    settings_offset: Option<u64>,
    par_header: Option<ParHeader>,
    other_chunks: Vec<OtherChunk>,
    problems: Problems,
    not_netvu: Option<NotNetvu>,
}

fn take<'a>(bytes: &mut &'a [u8]) -> &'a [u8] {
    let len = bytes
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes);
    let rest = bytes.get(8..).unwrap_or_default();
    let (part, after) = rest.split_at(usize::try_from(len).unwrap_or(usize::MAX).min(rest.len()));
    *bytes = after;
    part
}

fn put(out: &mut Vec<u8>, part: &[u8]) {
    out.extend_from_slice(&(part.len() as u64).to_le_bytes());
    out.extend_from_slice(part);
}

/// Everything in `index` but the first `sent` frames (the page has those):
/// three length-prefixed parts, the JSON of [`Rest`], the frames from
/// `sent` on, the settings bytes.
///
/// Indexing only appends frames, except at the end, where the last units may
/// be dropped (cut short): `keep` says how many of the sent ones stay.
pub fn encode_rest(index: &Index, sent: usize) -> Vec<u8> {
    let keep = sent.min(index.frames.len());
    let rest = Rest {
        format: index.format,
        length: index.length,
        keep,
        cameras: index.cameras.clone(),
        audio: index.audio.clone(),
        events: index.events.clone(),
        settings_offset: index.settings.as_ref().map(|s| s.offset),
        par_header: index.par_header.clone(),
        other_chunks: index.other_chunks.clone(),
        problems: index.problems.clone(),
        not_netvu: index.not_netvu,
    };
    // Serialising plain data to a Vec cannot fail.
    let json = serde_json::to_vec(&rest).unwrap_or_default();
    let mut frames = Vec::new();
    encode_frames(&mut frames, &index.frames[keep..]);
    let settings = index
        .settings
        .as_ref()
        .map_or(&[][..], |s| s.settings.raw());
    let mut out = Vec::with_capacity(24 + json.len() + frames.len() + settings.len());
    put(&mut out, &json);
    put(&mut out, &frames);
    put(&mut out, settings);
    out
}

/// Completes `index` (holding the frames received in batches) with what
/// [`encode_rest`] wrote.
pub fn decode_rest(mut bytes: &[u8], index: &mut Index) -> Result<(), String> {
    let json = take(&mut bytes);
    let frames = take(&mut bytes);
    let settings = take(&mut bytes);
    let rest: Rest =
        serde_json::from_slice(json).map_err(|e| format!("index from the worker: {e}"))?;
    index.format = rest.format;
    index.length = rest.length;
    index.frames.truncate(rest.keep);
    let list = &mut index.frames;
    decode_frames(frames, |f| list.push(f));
    index.frames.shrink_to_fit();
    index.cameras = rest.cameras;
    index.audio = rest.audio;
    index.events = rest.events;
    index.settings = rest.settings_offset.map(|offset| StoredSettings {
        offset,
        settings: Settings::parse(settings),
    });
    index.par_header = rest.par_header;
    index.other_chunks = rest.other_chunks;
    index.problems = rest.problems;
    index.not_netvu = rest.not_netvu;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use netvu::par_writer::{ParFrame, ParWriter};

    /// A PAR with settings, two JPEG frames and a damaged tail goes through
    /// the wire unchanged, whichever of its frames were sent in batches.
    #[test]
    fn index_round_trip() {
        let mut writer = ParWriter::new(
            std::io::Cursor::new(Vec::new()),
            1_700_000_000_000,
            60,
            0,
            false,
        )
        .expect("writer");
        writer
            .settings(b"[Camera 1]\r\ntitle = Gate\r\n[Security]\r\npassword = x\r\n")
            .expect("settings");
        for number in 0..2 {
            let body = [&[0xFF, 0xD8][..], &[0xFF, 0xD9]].concat();
            writer
                .frame(&ParFrame {
                    data_type: 1,
                    channel: 1 | netvu::format::par::CHANNEL_KEY,
                    timestamp: 1_700_000_000_000 + i64::from(number) * 40,
                    frame_number: number,
                    body,
                })
                .expect("frame");
        }
        writer
            .event(&Event {
                offset: 0,
                timestamp_ms: 1_700_000_000_020,
                camera: 1,
                kind: netvu::model::EventKind::Alarm,
                text: "Door".into(),
            })
            .expect("event");
        let mut bytes = writer.finish().expect("finish").into_inner();
        bytes.extend_from_slice(b"garbage at the end");
        let index = netvu::index_bytes(&bytes);
        assert!(!index.problems.is_empty() && !index.events.is_empty());
        for sent in [0, 1, index.frames.len()] {
            let mut batch = Vec::new();
            encode_frames(&mut batch, &index.frames[..sent]);
            let mut received = Index::new(Format::Unknown);
            decode_frames(&batch, |f| received.frames.push(f));
            decode_rest(&encode_rest(&index, sent), &mut received).expect("decodes");
            assert_eq!(format!("{received:?}"), format!("{index:?}"));
        }
    }

    #[test]
    fn another_kind_of_file_says_so_on_the_page() {
        let index = netvu::index_bytes(b"PAR2\0PKT\x40\0\0\0\0\0\0\0 parity data");
        assert_eq!(index.not_netvu, Some(NotNetvu::Par2));
        let mut received = Index::new(Format::Unknown);
        decode_rest(&encode_rest(&index, 0), &mut received).expect("decodes");
        assert_eq!(received.format, Format::NotNetvu);
        assert_eq!(received.not_netvu, Some(NotNetvu::Par2));
    }

    #[test]
    fn a_damaged_message_is_an_error_not_a_panic() {
        let mut index = Index::new(Format::Unknown);
        assert!(decode_rest(b"\x05\0\0\0\0\0\0\0{", &mut index).is_err());
        assert!(decode_rest(&[0xFF; 9], &mut index).is_err());
    }
}
