//! Replays inputs kept from fuzzing (`fuzz/seeds-mpeg4`, and any decoder
//! input in `fuzz/regressions`) through the decoder: each must decode or
//! fail cleanly, and every picture must convert to RGBA.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use netvu_mpeg4::{yuv420_to_rgba, Decoder};
use std::path::Path;

#[test]
fn fuzz_inputs_decode_or_fail_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut count = 0;
    for dir in ["seeds-mpeg4", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().into_string().unwrap_or_default();
            if dir == "regressions" && !name.starts_with("decode_mpeg4") {
                continue;
            }
            let data = std::fs::read(entry.path()).unwrap();
            let mut decoder = Decoder::new();
            for frame in vops(data.get(1..).unwrap_or(&[])) {
                if let Ok(Some(pic)) = decoder.decode(frame) {
                    let mut rgba = vec![0u8; pic.width as usize * pic.height as usize * 4];
                    yuv420_to_rgba(&pic, &mut rgba);
                }
            }
            count += 1;
        }
    }
    assert!(count > 0, "no decoder fuzz inputs found under fuzz/");
}

/// The stream's VOPs, each with the headers before it (the one splitter).
fn vops(es: &[u8]) -> Vec<&[u8]> {
    netvu::codec::es::access_units(netvu::Codec::Mpeg4, es)
        .into_iter()
        .map(|u| u.bytes)
        .collect()
}
