//! Picture buffers, half-sample motion compensation with unrestricted motion
//! vectors (edge extension by coordinate clamping) and block write-back.

/// One plane of a decoded picture, padded to whole macroblocks.
#[derive(Clone)]
pub struct Plane {
    pub data: Vec<u8>,
    /// Width = stride (padded to a multiple of 16 / 8).
    pub w: usize,
    pub h: usize,
}

impl Plane {
    pub fn new(w: usize, h: usize) -> Plane {
        Plane {
            data: vec![128; w * h],
            w,
            h,
        }
    }

    /// Copies a `bw`×`bh` block at (`x`, `y`) from `src` (same geometry).
    pub fn copy_block_from(&mut self, src: &Plane, x: usize, y: usize, bw: usize, bh: usize) {
        for r in y..(y + bh).min(self.h) {
            let a = r * self.w + x;
            let b = (a + bw).min(r * self.w + self.w);
            if let (Some(d), Some(s)) = (self.data.get_mut(a..b), src.data.get(a..b)) {
                d.copy_from_slice(s);
            }
        }
    }

    pub fn fill_block(&mut self, x: usize, y: usize, bw: usize, bh: usize, v: u8) {
        for r in y..(y + bh).min(self.h) {
            let a = r * self.w + x;
            let b = (a + bw).min(r * self.w + self.w);
            if let Some(d) = self.data.get_mut(a..b) {
                d.fill(v);
            }
        }
    }

    /// Writes an 8×8 block of IDCT output (intra); `step` is 1 for frame
    /// blocks, 2 for field blocks (every other line from `y`).
    pub fn put_block(&mut self, x: usize, y: usize, step: usize, blk: &[i32; 64]) {
        for (r, row) in blk.chunks_exact(8).enumerate() {
            let a = (y + r * step) * self.w + x;
            if let Some(d) = self.data.get_mut(a..a + 8) {
                for (p, &v) in d.iter_mut().zip(row) {
                    *p = v.clamp(0, 255) as u8;
                }
            }
        }
    }

    /// Adds an 8×8 residual block to the prediction already in the plane
    /// (`step` as for [`Plane::put_block`]).
    pub fn add_block(&mut self, x: usize, y: usize, step: usize, blk: &[i32; 64]) {
        for (r, row) in blk.chunks_exact(8).enumerate() {
            let a = (y + r * step) * self.w + x;
            if let Some(d) = self.data.get_mut(a..a + 8) {
                for (p, &v) in d.iter_mut().zip(row) {
                    *p = (i32::from(*p) + v).clamp(0, 255) as u8;
                }
            }
        }
    }
}

/// A decoded picture (Y, Cb, Cr), padded to whole macroblocks.
#[derive(Clone)]
pub struct Frame {
    pub y: Plane,
    pub u: Plane,
    pub v: Plane,
}

impl Frame {
    pub fn new(mb_w: usize, mb_h: usize) -> Frame {
        Frame {
            y: Plane::new(mb_w * 16, mb_h * 16),
            u: Plane::new(mb_w * 8, mb_h * 8),
            v: Plane::new(mb_w * 8, mb_h * 8),
        }
    }

    /// Copies macroblock (`mbx`, `mby`) from `src`.
    pub fn copy_mb_from(&mut self, src: &Frame, mbx: usize, mby: usize) {
        self.y.copy_block_from(&src.y, mbx * 16, mby * 16, 16, 16);
        self.u.copy_block_from(&src.u, mbx * 8, mby * 8, 8, 8);
        self.v.copy_block_from(&src.v, mbx * 8, mby * 8, 8, 8);
    }

    pub fn gray_mb(&mut self, mbx: usize, mby: usize) {
        self.y.fill_block(mbx * 16, mby * 16, 16, 16, 128);
        self.u.fill_block(mbx * 8, mby * 8, 8, 8, 128);
        self.v.fill_block(mbx * 8, mby * 8, 8, 8, 128);
    }
}

/// Where a prediction reads or writes: a whole plane, or one field of it
/// (every other line, `parity` 0 = top).
#[derive(Clone, Copy)]
struct View {
    field: Option<usize>,
}

/// Predicts a `bw`×`bh` block (bw, bh ≤ 16) at (`x`, `y`) of `dst` from
/// `src` displaced by the half-sample vector (`mvx`, `mvy`). `rounding` is
/// `vop_rounding_type`. Reference samples outside the plane are those of the
/// nearest edge (unrestricted motion vectors).
#[allow(clippy::too_many_arguments)]
pub fn mc_block(
    dst: &mut Plane,
    src: &Plane,
    x: usize,
    y: usize,
    bw: usize,
    bh: usize,
    mvx: i32,
    mvy: i32,
    rounding: bool,
) {
    let v = View { field: None };
    mc_view(dst, v, src, v, x, y, bw, bh, mvx, mvy, rounding);
}

/// Field motion compensation: predicts the `bw`×`bh` block at (`x`, `y`)
/// (in field coordinates) of field `dst_parity` of `dst` from field
/// `src_parity` of `src` with a half-sample field vector. Reference lines
/// outside the picture are clamped in frame coordinates (as FFmpeg does).
#[allow(clippy::too_many_arguments)]
pub fn mc_field(
    dst: &mut Plane,
    src: &Plane,
    x: usize,
    y: usize,
    bw: usize,
    bh: usize,
    dst_parity: usize,
    src_parity: usize,
    mvx: i32,
    mvy: i32,
    rounding: bool,
) {
    let dv = View {
        field: Some(dst_parity),
    };
    let sv = View {
        field: Some(src_parity),
    };
    mc_view(dst, dv, src, sv, x, y, bw, bh, mvx, mvy, rounding);
}

#[allow(clippy::too_many_arguments)]
fn mc_view(
    dst: &mut Plane,
    dv: View,
    src: &Plane,
    sv: View,
    x: usize,
    y: usize,
    bw: usize,
    bh: usize,
    mvx: i32,
    mvy: i32,
    rounding: bool,
) {
    if src.w == 0 || src.h == 0 || bw > 16 || bh > 16 {
        return;
    }
    let sx = x as i64 + i64::from(mvx >> 1);
    let sy = y as i64 + i64::from(mvy >> 1);
    let hx = (mvx & 1) as usize;
    let hy = (mvy & 1) as usize;
    let need_w = bw + hx;
    let need_h = bh + hy;
    // Gather the needed samples, clamped at the picture edges, into a small
    // buffer: simple, bounds-safe, and cheap next to the IDCT.
    let mut tmp = [0u8; 17 * 17];
    let maxx = src.w as i64 - 1;
    let maxy = src.h as i64 - 1;
    let x_inside = sx >= 0 && sx + need_w as i64 <= src.w as i64;
    for r in 0..need_h {
        let line = match sv.field {
            None => sy + r as i64,
            Some(p) => 2 * (sy + r as i64) + p as i64,
        };
        let a = line.clamp(0, maxy) as usize * src.w;
        let Some(row) = src.data.get(a..a + src.w) else {
            return;
        };
        let t = &mut tmp[r * 17..r * 17 + need_w];
        if x_inside {
            t.copy_from_slice(&row[sx as usize..sx as usize + need_w]);
        } else {
            for (c, d) in t.iter_mut().enumerate() {
                *d = row[(sx + c as i64).clamp(0, maxx) as usize];
            }
        }
    }
    let (d_off, d_stride) = match dv.field {
        None => (0, dst.w),
        Some(p) => (p * dst.w, 2 * dst.w),
    };
    let dst = &mut dst.data;
    let dv = (d_off, d_stride);
    let buf = &tmp[..];
    let stride = 17;
    let r = u16::from(rounding);
    for row in 0..bh {
        let d0 = dv.0 + (y + row) * dv.1 + x;
        let Some(d) = dst.get_mut(d0..d0 + bw) else {
            return;
        };
        let s0 = row * stride;
        match (hx, hy) {
            (0, 0) => d.copy_from_slice(&buf[s0..s0 + bw]),
            (1, 0) => {
                let a = &buf[s0..s0 + bw + 1];
                for (i, p) in d.iter_mut().enumerate() {
                    *p = ((u16::from(a[i]) + u16::from(a[i + 1]) + 1 - r) >> 1) as u8;
                }
            }
            (0, 1) => {
                let a = &buf[s0..s0 + bw];
                let b = &buf[s0 + stride..s0 + stride + bw];
                for (i, p) in d.iter_mut().enumerate() {
                    *p = ((u16::from(a[i]) + u16::from(b[i]) + 1 - r) >> 1) as u8;
                }
            }
            _ => {
                let a = &buf[s0..s0 + bw + 1];
                let b = &buf[s0 + stride..s0 + stride + bw + 1];
                for (i, p) in d.iter_mut().enumerate() {
                    let s = u16::from(a[i])
                        + u16::from(a[i + 1])
                        + u16::from(b[i])
                        + u16::from(b[i + 1]);
                    *p = ((s + 2 - r) >> 2) as u8;
                }
            }
        }
    }
}

/// Chrominance vector of a macroblock with one luminance vector (§7.6.3):
/// the luminance vector halved, with quarter positions rounded to half.
#[inline]
pub fn chroma_mv_1(v: i32) -> i32 {
    (v >> 1) | (v & 1)
}

/// Chrominance vector from the sum of the four luminance vectors of an
/// inter4v macroblock (sixteenth-sample rounding, Table 7-9).
#[inline]
pub fn chroma_mv_4(sum: i32) -> i32 {
    const TAB: [i32; 16] = [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2];
    let a = sum.abs();
    let v = 2 * (a >> 4) + TAB[(a & 15) as usize];
    if sum < 0 {
        -v
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chroma_rounding() {
        assert_eq!(chroma_mv_1(0), 0);
        assert_eq!(chroma_mv_1(1), 1);
        assert_eq!(chroma_mv_1(2), 1);
        assert_eq!(chroma_mv_1(3), 1);
        assert_eq!(chroma_mv_1(4), 2);
        assert_eq!(chroma_mv_1(5), 3);
        assert_eq!(chroma_mv_1(-1), -1);
        assert_eq!(chroma_mv_1(-3), -1);
        assert_eq!(chroma_mv_1(-4), -2);
        assert_eq!(chroma_mv_4(16), 2);
        assert_eq!(chroma_mv_4(8), 1);
        assert_eq!(chroma_mv_4(2), 0);
        assert_eq!(chroma_mv_4(3), 1);
        assert_eq!(chroma_mv_4(14), 2);
        assert_eq!(chroma_mv_4(-14), -2);
        // agrees with the shift/mask formulation for negatives too
        for s in -200..200 {
            let tab = [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2];
            assert_eq!(chroma_mv_4(s), tab[(s & 15) as usize] + ((s >> 3) & !1));
        }
    }

    #[test]
    fn half_sample_interpolation_and_edges() {
        let mut src = Plane::new(16, 16);
        for (i, p) in src.data.iter_mut().enumerate() {
            *p = (i % 16 * 10) as u8;
        }
        let mut dst = Plane::new(16, 16);
        mc_block(&mut dst, &src, 0, 0, 8, 8, 1, 0, false);
        assert_eq!(dst.data[0], 5);
        mc_block(&mut dst, &src, 0, 0, 8, 8, 1, 0, true);
        assert_eq!(dst.data[0], 5); // (0+10+1-1)>>1
        mc_block(&mut dst, &src, 0, 0, 8, 8, 3, 0, false);
        assert_eq!(dst.data[0], 15);
        // far outside: edge samples
        mc_block(&mut dst, &src, 8, 8, 8, 8, 2000, -2000, false);
        assert!(dst.data[8 * 16 + 8..8 * 16 + 16].iter().all(|&v| v == 150));
        mc_block(&mut dst, &src, 8, 8, 8, 8, -2001, 2001, true);
        assert!(dst.data[8 * 16 + 8..8 * 16 + 16].iter().all(|&v| v == 0));
    }
}
