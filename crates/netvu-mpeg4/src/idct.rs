//! 8×8 inverse DCT: separable, floating point, even/odd factorised; meets the
//! IEEE 1180-1990 accuracy limits (see the test below). Output is rounded and
//! saturated to [-256, 255].

const C0: f32 = 0.353_553_39; // cos(0)/(2*sqrt 2)
const C1: f32 = 0.490_392_64; // cos(1π/16)/2
const C2: f32 = 0.461_939_77;
const C3: f32 = 0.415_734_8;
const C5: f32 = 0.277_785_12;
const C6: f32 = 0.191_341_72;
const C7: f32 = 0.097_545_16;

#[inline(always)]
fn idct8(x: [f32; 8]) -> [f32; 8] {
    let ee0 = C0 * (x[0] + x[4]);
    let ee1 = C0 * (x[0] - x[4]);
    let eo0 = C2 * x[2] + C6 * x[6];
    let eo1 = C6 * x[2] - C2 * x[6];
    let e0 = ee0 + eo0;
    let e3 = ee0 - eo0;
    let e1 = ee1 + eo1;
    let e2 = ee1 - eo1;
    let o0 = C1 * x[1] + C3 * x[3] + C5 * x[5] + C7 * x[7];
    let o1 = C3 * x[1] - C7 * x[3] - C1 * x[5] - C5 * x[7];
    let o2 = C5 * x[1] - C1 * x[3] + C7 * x[5] + C3 * x[7];
    let o3 = C7 * x[1] - C5 * x[3] + C3 * x[5] - C1 * x[7];
    [
        e0 + o0,
        e1 + o1,
        e2 + o2,
        e3 + o3,
        e3 - o3,
        e2 - o2,
        e1 - o1,
        e0 - o0,
    ]
}

/// How results that are exactly half-way between two integers are rounded.
/// Such ties are common (a DC coefficient that is a multiple of 4 but not of
/// 8) and the standard leaves them to the IDCT implementation; matching the
/// encoder's own reconstruction avoids drift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Ties {
    /// Toward zero, as FFmpeg's (libavcodec's) integer IDCT does.
    #[default]
    TowardZero,
    /// Upward (floor(x + ½)), as Xvid's IDCT does.
    Up,
}

impl Ties {
    /// Scale and offset applied before `floor`: a relative nudge of 2^-14,
    /// far above the float error and far below anything IEEE 1180 measures.
    #[inline(always)]
    fn params(self) -> (f32, f32) {
        match self {
            Ties::TowardZero => (1.0 - 1.0 / 16384.0, 0.5),
            Ties::Up => (1.0, 0.5 + 1.0 / 16384.0),
        }
    }
}

#[inline(always)]
fn round_sat(v: f32, (scale, offset): (f32, f32)) -> i32 {
    ((v * scale + offset).floor() as i32).clamp(-256, 255)
}

/// Inverse transform of `block` (raster order coefficients) in place.
pub fn idct(block: &mut [i32; 64], ties: Ties) {
    let p = ties.params();
    // DC-only fast path (very common).
    if block[1..].iter().all(|&c| c == 0) {
        let v = round_sat(block[0] as f32 * 0.125, p);
        block.fill(v);
        return;
    }
    let mut tmp = [0f32; 64];
    for r in 0..8 {
        let row = &block[r * 8..r * 8 + 8];
        if row.iter().all(|&c| c == 0) {
            continue;
        }
        let mut x = [0f32; 8];
        for (d, &s) in x.iter_mut().zip(row) {
            *d = s as f32;
        }
        tmp[r * 8..r * 8 + 8].copy_from_slice(&idct8(x));
    }
    for c in 0..8 {
        let mut x = [0f32; 8];
        for (r, d) in x.iter_mut().enumerate() {
            *d = tmp[r * 8 + c];
        }
        let y = idct8(x);
        for (r, &v) in y.iter().enumerate() {
            block[r * 8 + c] = round_sat(v, p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference_idct(input: &[i32; 64]) -> [i32; 64] {
        let mut out = [0i32; 64];
        let c = |u: usize| {
            if u == 0 {
                std::f64::consts::FRAC_1_SQRT_2
            } else {
                1.0
            }
        };
        for y in 0..8 {
            for x in 0..8 {
                let mut s = 0f64;
                for v in 0..8 {
                    for u in 0..8 {
                        s += c(u)
                            * c(v)
                            * f64::from(input[v * 8 + u])
                            * ((2 * x + 1) as f64 * u as f64 * std::f64::consts::PI / 16.0).cos()
                            * ((2 * y + 1) as f64 * v as f64 * std::f64::consts::PI / 16.0).cos();
                    }
                }
                out[y * 8 + x] = ((s / 4.0 + 0.5).floor() as i32).clamp(-256, 255);
            }
        }
        out
    }

    fn forward_dct(input: &[i32; 64]) -> [i32; 64] {
        let mut out = [0i32; 64];
        let c = |u: usize| {
            if u == 0 {
                std::f64::consts::FRAC_1_SQRT_2
            } else {
                1.0
            }
        };
        for v in 0..8 {
            for u in 0..8 {
                let mut s = 0f64;
                for y in 0..8 {
                    for x in 0..8 {
                        s += f64::from(input[y * 8 + x])
                            * ((2 * x + 1) as f64 * u as f64 * std::f64::consts::PI / 16.0).cos()
                            * ((2 * y + 1) as f64 * v as f64 * std::f64::consts::PI / 16.0).cos();
                    }
                }
                out[v * 8 + u] = ((c(u) * c(v) * s / 4.0).round() as i32).clamp(-2048, 2047);
            }
        }
        out
    }

    /// The IEEE 1180 random-block procedure (reduced block count to keep the
    /// test quick): peak error ≤ 1, mean square error and mean error bounds.
    fn ieee1180(low: i32, high: i32, sign: i32, blocks: usize) {
        ieee1180_with(low, high, sign, blocks, Ties::TowardZero);
        ieee1180_with(low, high, sign, blocks, Ties::Up);
    }

    fn ieee1180_with(low: i32, high: i32, sign: i32, blocks: usize, ties: Ties) {
        let mut seed: u64 = 1;
        let mut rand = |l: i32, h: i32| {
            // the LCG from the standard's appendix
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let x = ((seed >> 16) & 0x7FFF) as i64; // 0..32767
            let i = (x * i64::from(h - l + 1)) >> 15;
            (i as i32) + l
        };
        let mut err_sum = [0i64; 64];
        let mut sq_sum = [0i64; 64];
        for _ in 0..blocks {
            let mut px = [0i32; 64];
            for p in px.iter_mut() {
                *p = rand(low, high) * sign;
            }
            let coef = forward_dct(&px);
            let want = reference_idct(&coef);
            let mut got = coef;
            idct(&mut got, ties);
            for i in 0..64 {
                let e = i64::from(got[i] - want[i]);
                assert!(e.abs() <= 1, "peak error {e}");
                err_sum[i] += e;
                sq_sum[i] += e * e;
            }
        }
        let n = blocks as f64;
        let mut total_sq = 0f64;
        let mut total = 0f64;
        for i in 0..64 {
            let pmse = sq_sum[i] as f64 / n;
            let pme = err_sum[i] as f64 / n;
            assert!(pmse <= 0.06, "pixel mse {pmse}");
            assert!(pme.abs() <= 0.015, "pixel mean error {pme}");
            total_sq += pmse;
            total += pme;
        }
        assert!(total_sq / 64.0 <= 0.02, "overall mse");
        assert!((total / 64.0).abs() <= 0.0015, "overall mean error");
    }

    #[test]
    fn ieee1180_accuracy() {
        ieee1180(-256, 255, 1, 1000);
        ieee1180(-5, 5, 1, 1000);
        ieee1180(-300, 300, 1, 1000);
        ieee1180(-256, 255, -1, 1000);
    }

    #[test]
    fn zero_input_gives_zero() {
        let mut b = [0i32; 64];
        idct(&mut b, Ties::Up);
        assert!(b.iter().all(|&v| v == 0));
        let mut b = [0i32; 64];
        b[0] = -2048;
        b[63] = 0;
        idct(&mut b, Ties::TowardZero);
        assert!(b.iter().all(|&v| v == -256));
    }

    #[test]
    fn matches_reference_on_sparse_blocks() {
        for k in 0..64 {
            let mut b = [0i32; 64];
            b[k] = 100 + k as i32;
            b[0] = 37;
            let want = reference_idct(&b);
            idct(&mut b, Ties::Up);
            for i in 0..64 {
                assert!((b[i] - want[i]).abs() <= 1);
            }
        }
    }
}
