//! Replays the fuzzing corpus and the inputs that once failed through every
//! reader, so a regression shows up in the ordinary test run.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use netvu::{frame_detail, unit, Format, Indexer};
use std::path::Path;

const FORMATS: [Format; 6] = [
    Format::AdBinary,
    Format::AdMime,
    Format::AdRaw,
    Format::DsPic,
    Format::Par,
    Format::Unknown,
];

fn replay(data: &[u8]) {
    for format in FORMATS {
        for block in [1usize, 64, 4096] {
            let mut ix = Indexer::new(format, Some(data.len() as u64));
            for b in data.chunks(block) {
                ix.feed(b);
            }
            let index = ix.finish();
            for e in &index.frames {
                let r = e.unit_range();
                assert!(r.end <= data.len() as u64);
                let bytes = &data[r.start as usize..r.end as usize];
                let _ = frame_detail(e, bytes);
                let _ = unit::decodable(e, bytes);
            }
        }
    }
}

#[test]
fn corpus_and_regressions_replay_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut count = 0;
    for dir in ["regressions", "seeds"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let data = std::fs::read(entry.path()).unwrap();
            replay(&data);
            // Fuzz inputs spend their first byte on the block size.
            replay(data.get(1..).unwrap_or(&[]));
            count += 1;
        }
    }
    assert!(count > 0, "no fuzz inputs found under fuzz/");
}
