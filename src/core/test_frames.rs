//! Frame entries and indexes for the unit tests of `core`.

use netvu::model::UnitLayout;
use netvu::{Codec, FrameEntry, Index};

/// A 64×48 JPEG key frame of `camera` at `unit_offset`, at `timestamp` (ms).
pub fn entry(unit_offset: u64, camera: u16, timestamp: i64) -> FrameEntry {
    FrameEntry {
        unit_offset,
        timestamp,
        unit_length: 4,
        payload_start: 0,
        payload_length: 4,
        number: FrameEntry::NO_NUMBER,
        sample_rate: 0,
        stream: camera,
        width: 64,
        height: 48,
        codec: Codec::Jfif,
        layout: UnitLayout::Jfif,
        flags: FrameEntry::KEY,
    }
}

pub fn index_of(frames: &[FrameEntry]) -> Index {
    let mut index = Index::new(netvu::Format::AdBinary);
    for f in frames {
        index.push(*f, None);
    }
    index
}
