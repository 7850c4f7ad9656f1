//! Replays the fuzzing seeds and the inputs that once failed through every
//! reader, so a regression shows up in the ordinary test run: each reader
//! reads them the same whatever the block size, keeps every unit inside the
//! input, and builds each frame's detail and decodable unit.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use netvu::header::PicHeader;
use netvu::index::Index;
use netvu::model::UnitLayout;
use netvu::{frame_detail, probe, unit, Format, Indexer};
use std::path::Path;

const FORMATS: [Format; 7] = [
    Format::AdBinary,
    Format::AdMime,
    Format::AdRaw,
    Format::DsPic,
    Format::Par,
    Format::Unknown,
    Format::NotNetvu,
];

fn index(format: Format, data: &[u8], block: usize) -> Index {
    let mut ix = Indexer::new(format, Some(data.len() as u64));
    for b in data.chunks(block) {
        ix.feed(b);
    }
    ix.finish()
}

/// Reads `data` as `format` in blocks of several sizes: the same frames and
/// problems each time, every unit inside `data`. Returns the index.
fn replay(format: Format, data: &[u8]) -> Index {
    let whole = index(format, data, data.len().max(1));
    for block in [1usize, 64, 4096] {
        let ix = index(format, data, block);
        assert_eq!(ix.frames, whole.frames, "{format:?}, block size {block}");
        assert_eq!(
            ix.problems.list, whole.problems.list,
            "{format:?}, block size {block}"
        );
    }
    for e in &whole.frames {
        let r = e.unit_range();
        assert!(r.end <= data.len() as u64, "{format:?}: unit past the end");
        let bytes = &data[r.start as usize..r.end as usize];
        let _ = frame_detail(e, bytes);
        let _ = unit::decodable(e, bytes);
    }
    whole
}

/// The format a kept input was found with, from its name (`<target>-…`).
fn target_format(name: &str, data: &[u8]) -> Format {
    match name.split('-').next().unwrap_or("") {
        "reader_adbinary" => Format::AdBinary,
        "reader_admime" => Format::AdMime,
        "reader_adraw" => Format::AdRaw,
        "reader_dspic" => Format::DsPic,
        "reader_par" => Format::Par,
        "reader_scan" => Format::Unknown,
        _ => probe(data),
    }
}

#[test]
fn seeds_and_regressions_replay_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut count = 0;
    for dir in ["regressions", "seeds"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            let name = entry.file_name().into_string().unwrap();
            let data = std::fs::read(entry.path()).unwrap();
            // Fuzz inputs spend their first byte on the block size.
            let input = data.get(1..).unwrap_or(&[]);
            for format in FORMATS {
                replay(format, &data);
                replay(format, input);
            }
            if name.contains("utc-offset") {
                assert_insane_utc_offset_is_zero(
                    &name,
                    &replay(target_format(&name, input), input),
                    input,
                );
            }
            count += 1;
        }
    }
    assert!(count >= 8, "only {count} fuzz inputs found under fuzz/");
}

/// The `utc-offset` inputs hold picture headers whose offset (up to
/// `i32::MIN`) the vendor calls insane: the detail says 0 minutes.
fn assert_insane_utc_offset_is_zero(name: &str, ix: &Index, data: &[u8]) {
    let mut insane = 0;
    for e in ix.frames.iter().filter(|e| e.layout == UnitLayout::Picture) {
        let bytes = &data[e.unit_range().start as usize..e.unit_range().end as usize];
        let header = PicHeader::parse(bytes, netvu::bytes::Endian::Big).unwrap();
        if header.utc_offset.unsigned_abs() > 1440 {
            assert_eq!(frame_detail(e, bytes).utc_offset, Some(0), "{name}");
            insane += 1;
        }
    }
    assert!(insane > 0, "{name} no longer holds an insane UTC offset");
}
