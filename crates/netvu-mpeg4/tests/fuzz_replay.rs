//! Replays inputs kept from fuzzing (`fuzz/seeds-mpeg4`, and any decoder
//! input in `fuzz/regressions`) through the decoder: each must decode or
//! fail cleanly, the same way every time, with pictures whose planes have
//! the sizes their dimensions give and that convert to RGBA.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use netvu_mpeg4::{yuv420_to_rgba, DecodeError, Decoder};
use std::path::Path;

/// What one unit decodes to: the picture's size and a hash of its RGBA
/// samples (none for a unit without a picture), or the error.
type Decoded = Result<Option<(u32, u32, u64)>, DecodeError>;

/// What each unit of `es` decodes to.
fn decode(es: &[u8]) -> Vec<Decoded> {
    let mut decoder = Decoder::new();
    vops(es)
        .into_iter()
        .map(|unit| {
            let pic = decoder.decode(unit)?;
            Ok(pic.map(|pic| {
                let (w, h) = (pic.width as usize, pic.height as usize);
                assert_eq!(pic.y.len(), w * h);
                assert_eq!(
                    (pic.u.len(), pic.v.len()),
                    (w.div_ceil(2) * h.div_ceil(2), pic.u.len())
                );
                let mut rgba = vec![0u8; w * h * 4];
                yuv420_to_rgba(&pic, &mut rgba);
                let hash = rgba
                    .iter()
                    .fold(0u64, |h, &b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
                (pic.width, pic.height, hash)
            }))
        })
        .collect()
}

#[test]
fn fuzz_inputs_decode_or_fail_cleanly_and_the_same_every_time() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut count = 0;
    for dir in ["seeds-mpeg4", "regressions"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            let name = entry.file_name().into_string().unwrap_or_default();
            if dir == "regressions" && !name.starts_with("decode_mpeg4") {
                continue;
            }
            let data = std::fs::read(entry.path()).unwrap();
            let es = data.get(1..).unwrap_or(&[]);
            assert_eq!(decode(es), decode(es), "{name}");
            count += 1;
        }
    }
    assert!(
        count >= 20,
        "only {count} decoder fuzz inputs found under fuzz/"
    );
}

/// The stream's VOPs, each with the headers before it (the one splitter).
fn vops(es: &[u8]) -> Vec<&[u8]> {
    netvu::codec::es::access_units(netvu::Codec::Mpeg4, es)
        .into_iter()
        .map(|u| u.bytes)
        .collect()
}
