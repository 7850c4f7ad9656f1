//! Decode speed on one thread: decodes an MPEG-4 Part 2 elementary stream
//! (.m4v) ROUNDS times (default 3) without writing anything and prints the
//! best round as `frames N seconds S fps F`.
//!
//! Usage: bench INPUT.m4v [ROUNDS]

use netvu_mpeg4::Decoder;
use std::time::Instant;

/// Splits a stream into chunks each ending with one VOP.
fn chunks(d: &[u8]) -> Vec<&[u8]> {
    let mut codes = Vec::new();
    let mut i = 0;
    while i + 4 <= d.len() {
        if d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1 {
            codes.push((i, d[i + 3]));
            i += 3;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut begin = 0;
    for (k, &(_, code)) in codes.iter().enumerate() {
        if code == 0xB6 {
            let end = codes.get(k + 1).map_or(d.len(), |c| c.0);
            out.push(&d[begin..end]);
            begin = end;
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: {} INPUT.m4v [ROUNDS]", args[0]);
        std::process::exit(2);
    }
    let data = std::fs::read(&args[1])?;
    let rounds: usize = args.get(2).map_or(Ok(3), |r| r.parse())?;
    let frames = chunks(&data);
    let mut best = f64::INFINITY;
    let mut pictures = 0;
    for _ in 0..rounds.max(1) {
        let mut dec = Decoder::new();
        pictures = 0;
        let t = Instant::now();
        for f in &frames {
            if let Ok(Some(p)) = dec.decode(f) {
                std::hint::black_box(&p);
                pictures += 1;
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "frames {pictures} seconds {best:.4} fps {:.1}",
        pictures as f64 / best
    );
    Ok(())
}
