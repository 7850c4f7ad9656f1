//! Decode speed on one thread: decodes an MPEG-4 Part 2 elementary stream
//! (.m4v) ROUNDS times (default 3) without writing anything and prints the
//! best round as `frames N seconds S fps F`.
//!
//! Usage: bench INPUT.m4v [ROUNDS]

use netvu_mpeg4::Decoder;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: {} INPUT.m4v [ROUNDS]", args[0]);
        std::process::exit(2);
    }
    let data = std::fs::read(&args[1])?;
    let rounds: usize = args.get(2).map_or(Ok(3), |r| r.parse())?;
    let frames = vops(&data);
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

/// The stream's VOPs, each with the headers before it (the one splitter).
fn vops(es: &[u8]) -> Vec<&[u8]> {
    netvu::codec::es::access_units(netvu::Codec::Mpeg4, es)
        .into_iter()
        .map(|u| u.bytes)
        .collect()
}
