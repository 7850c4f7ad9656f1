//! MPEG-4 Part 2 decoder: any bytes, cut into frames, must decode or fail
//! cleanly (no panic, no runaway allocation), and every picture returned
//! must have consistent planes that `yuv420_to_rgba` converts.
//!
//! Input: the first byte picks how the rest is cut into frames. Even: at VOP
//! start codes (headers go with the VOP after them), as a demuxer delivers
//! them. Odd: each frame is a little-endian u16 length and that many bytes.
//! Bit 1 of the first byte makes the first frame a `configure` call, bit 2
//! a `reset` before every fourth frame (a seek).
#![no_main]

use netvu_mpeg4::{yuv420_to_rgba, Decoder};

fn length_prefixed(mut d: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while d.len() >= 2 {
        let n = usize::from(u16::from_le_bytes([d[0], d[1]])).min(d.len() - 2);
        out.push(&d[2..2 + n]);
        d = &d[2 + n..];
    }
    out
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let frames = if mode & 1 == 0 {
        netvu::codec::es::access_units(netvu::Codec::Mpeg4, rest)
            .into_iter()
            .map(|u| u.bytes)
            .collect()
    } else {
        length_prefixed(rest)
    };
    let mut dec = Decoder::new();
    for (k, frame) in frames.into_iter().enumerate() {
        if k == 0 && mode & 2 != 0 {
            let _ = dec.configure(frame);
            continue;
        }
        if mode & 4 != 0 && k % 4 == 3 {
            dec.reset();
        }
        if let Ok(Some(pic)) = dec.decode(frame) {
            let (w, h) = (pic.width as usize, pic.height as usize);
            assert!(w > 0 && h > 0);
            assert_eq!(pic.y.len(), w * h);
            assert_eq!(pic.u.len(), pic.chroma_width() * pic.chroma_height());
            assert_eq!(pic.v.len(), pic.u.len());
            let mut rgba = vec![0u8; w * h * 4];
            yuv420_to_rgba(&pic, &mut rgba);
        }
        let _ = dec.last_problems();
    }
});
