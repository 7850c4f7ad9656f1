//! Compares a decoded .y4m against a reference raw yuv420p file (same size
//! and frame count) and prints per-frame luma PSNR.
//!
//! Usage: psnr OURS.y4m REF.yuv [MIN_FRAME_DB MIN_MEAN_DB]
//!        psnr --means REF.yuv WIDTH HEIGHT OUT.means
//!
//! The second form writes the compact reference used by the crate's tests:
//! for every frame, the rounded mean of every 8×8 block (clipped at the
//! picture edges) of the Y, Cb and Cr planes, one byte each.
//!
//! With thresholds, exits with status 1 when any frame is below
//! MIN_FRAME_DB, the mean is below MIN_MEAN_DB, the frame counts differ, or
//! the PSNR decays across a GOP (a P frame more than 6 dB below the best
//! frame of the stream while under 50 dB).

fn parse_y4m(d: &[u8]) -> Option<(usize, usize, Vec<&[u8]>)> {
    let nl = d.iter().position(|&b| b == b'\n')?;
    let head = std::str::from_utf8(&d[..nl]).ok()?;
    let mut w: usize = 0;
    let mut h: usize = 0;
    for t in head.split(' ') {
        if let Some(v) = t.strip_prefix('W') {
            w = v.parse().ok()?;
        }
        if let Some(v) = t.strip_prefix('H') {
            h = v.parse().ok()?;
        }
    }
    let fsize = w * h + 2 * (w.div_ceil(2) * h.div_ceil(2));
    let mut frames = Vec::new();
    let mut p = nl + 1;
    while p < d.len() {
        let e = p + d[p..].iter().position(|&b| b == b'\n')?;
        let f = d.get(e + 1..e + 1 + fsize)?;
        frames.push(f);
        p = e + 1 + fsize;
    }
    Some((w, h, frames))
}

fn psnr(a: &[u8], b: &[u8]) -> f64 {
    let se: u64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (i64::from(x) - i64::from(y)).unsigned_abs().pow(2))
        .sum();
    if se == 0 {
        return 99.0;
    }
    let mse = se as f64 / a.len() as f64;
    10.0 * (255.0 * 255.0 / mse).log10()
}

fn block_means(plane: &[u8], w: usize, h: usize, out: &mut Vec<u8>) {
    for by in (0..h).step_by(8) {
        for bx in (0..w).step_by(8) {
            let mut sum = 0u32;
            let mut n = 0u32;
            for y in by..(by + 8).min(h) {
                for x in bx..(bx + 8).min(w) {
                    sum += u32::from(plane[y * w + x]);
                    n += 1;
                }
            }
            out.push(((sum + n / 2) / n) as u8);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 6 && args[1] == "--means" {
        let data = std::fs::read(&args[2]).unwrap_or_default();
        let w: usize = args[3].parse().unwrap_or(0);
        let h: usize = args[4].parse().unwrap_or(0);
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        let fsize = w * h + 2 * cw * ch;
        let mut out = Vec::new();
        for f in data.chunks_exact(fsize) {
            block_means(&f[..w * h], w, h, &mut out);
            block_means(&f[w * h..w * h + cw * ch], cw, ch, &mut out);
            block_means(&f[w * h + cw * ch..], cw, ch, &mut out);
        }
        if let Err(e) = std::fs::write(&args[5], out) {
            eprintln!("{}: {e}", args[5]);
            std::process::exit(1);
        }
        return;
    }
    if args.len() != 3 && args.len() != 5 {
        eprintln!("usage: psnr OURS.y4m REF.yuv [MIN_FRAME_DB MIN_MEAN_DB]");
        std::process::exit(2);
    }
    let ours = std::fs::read(&args[1]).unwrap_or_default();
    let reference = std::fs::read(&args[2]).unwrap_or_default();
    let Some((w, h, frames)) = parse_y4m(&ours) else {
        eprintln!("{}: not a y4m file", args[1]);
        std::process::exit(1);
    };
    let fsize = w * h + 2 * (w.div_ceil(2) * h.div_ceil(2));
    let nref = reference.len() / fsize;
    let mut ok = frames.len() == nref;
    let mut vals = Vec::new();
    let mut line = String::new();
    for (i, f) in frames.iter().enumerate() {
        let Some(r) = reference.get(i * fsize..i * fsize + w * h) else {
            break;
        };
        let p = psnr(&f[..w * h], r);
        vals.push(p);
        line.push_str(&format!(" {p:.1}"));
    }
    let mean = if vals.is_empty() {
        0.0
    } else {
        vals.iter().sum::<f64>() / vals.len() as f64
    };
    let min = vals.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "{w}x{h} frames {}/{nref} mean {mean:.2} dB min {min:.2} dB:{line}",
        frames.len()
    );
    if args.len() == 5 {
        let fmin: f64 = args[3].parse().unwrap_or(40.0);
        let mmin: f64 = args[4].parse().unwrap_or(45.0);
        let best = vals.iter().copied().fold(0.0, f64::max);
        let decays = vals.iter().any(|&v| v < 50.0 && v < best - 6.0);
        ok &= !vals.is_empty() && min >= fmin && mean >= mmin && !decays;
        if !ok {
            println!("FAIL (frame >= {fmin}, mean >= {mmin}, no decay, equal frame counts)");
            std::process::exit(1);
        }
    }
}
