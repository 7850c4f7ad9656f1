//! What every fuzz target checks: a reader run over the input in blocks of a
//! size taken from the input never panics, finds the same frames as when fed
//! the input whole, keeps every unit inside the file, and every unit's detail
//! and decodable form can be built without panicking.

use netvu::{frame_detail, unit, Format, Indexer};

pub fn check(format: Format, data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let block = usize::from(first).max(1) * 7;
    let mut ix = Indexer::new(format, if first & 1 == 0 { Some(rest.len() as u64) } else { None });
    for b in rest.chunks(block) {
        ix.feed(b);
    }
    let index = ix.finish();
    // The same frames whatever the blocks the input comes in.
    let mut whole = Indexer::new(format, if first & 1 == 0 { Some(rest.len() as u64) } else { None });
    whole.feed(rest);
    assert_eq!(whole.finish().frames, index.frames, "frames depend on the block size");
    for e in &index.frames {
        let range = e.unit_range();
        assert!(range.end <= rest.len() as u64, "unit past the end of the input");
        let bytes = &rest[range.start as usize..range.end as usize];
        let _ = frame_detail(e, bytes);
        let _ = unit::decodable(e, bytes);
    }
    if let Some(s) = &index.settings {
        let _ = s.settings.typed();
        let _ = s.settings.warnings();
    }
}
