//! What every fuzz target checks: a reader run over the input in blocks of a
//! size taken from the input never panics, keeps every unit inside the file,
//! and every unit's detail and decodable form can be built without panicking.

use netvu::{frame_detail, unit, Format, Indexer};

pub fn check(format: Format, data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let block = usize::from(first).max(1) * 7;
    let mut ix = Indexer::new(format, if first & 1 == 0 { Some(rest.len() as u64) } else { None });
    for b in rest.chunks(block) {
        ix.feed(b);
    }
    let index = ix.finish();
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
