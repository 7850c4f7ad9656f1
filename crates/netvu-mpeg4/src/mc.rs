//! Picture buffers, half-sample motion compensation with unrestricted motion
//! vectors (edge extension by coordinate clamping) and block write-back.

/// `N` elements of `v` from `at` as an array, if they are there.
#[inline(always)]
fn arr<const N: usize>(v: &[u8], at: usize) -> Option<&[u8; N]> {
    v.get(at..)?.first_chunk::<N>()
}

/// Mutable [`arr`].
#[inline(always)]
fn arr_mut<const N: usize>(v: &mut [u8], at: usize) -> Option<&mut [u8; N]> {
    v.get_mut(at..)?.first_chunk_mut::<N>()
}

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
        if bw == 16 {
            self.copy_block_n::<16>(src, x, y, bh);
            return;
        }
        if bw == 8 {
            self.copy_block_n::<8>(src, x, y, bh);
            return;
        }
        for r in y..(y + bh).min(self.h) {
            let a = r * self.w + x;
            let b = (a + bw).min(r * self.w + self.w);
            if let (Some(d), Some(s)) = (self.data.get_mut(a..b), src.data.get(a..b)) {
                d.copy_from_slice(s);
            }
        }
    }

    /// [`Plane::copy_block_from`] for blocks `N` samples wide (whole rows
    /// copied as fixed-size arrays; rows outside the plane are skipped).
    fn copy_block_n<const N: usize>(&mut self, src: &Plane, x: usize, y: usize, bh: usize) {
        if x + N > self.w || src.w != self.w {
            return;
        }
        for r in y..(y + bh).min(self.h) {
            let a = r * self.w + x;
            let (Some(d), Some(s)) = (arr_mut::<N>(&mut self.data, a), arr::<N>(&src.data, a))
            else {
                return;
            };
            *d = *s;
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
            let (Some(d), Some(row)) = (arr_mut::<8>(&mut self.data, a), row.first_chunk::<8>())
            else {
                return;
            };
            for i in 0..8 {
                d[i] = row[i].clamp(0, 255) as u8;
            }
        }
    }

    /// Adds an 8×8 residual block to the prediction already in the plane
    /// (`step` as for [`Plane::put_block`]).
    pub fn add_block(&mut self, x: usize, y: usize, step: usize, blk: &[i32; 64]) {
        for (r, row) in blk.chunks_exact(8).enumerate() {
            let a = (y + r * step) * self.w + x;
            let (Some(d), Some(row)) = (arr_mut::<8>(&mut self.data, a), row.first_chunk::<8>())
            else {
                return;
            };
            for i in 0..8 {
                // IDCT output is within [-256, 255]: no overflow.
                d[i] = (i32::from(d[i]).wrapping_add(row[i])).clamp(0, 255) as u8;
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
    let hx = mvx & 1 != 0;
    let hy = mvy & 1 != 0;
    let need_w = bw + usize::from(hx);
    let need_h = bh + usize::from(hy);
    let (d_off, d_stride) = match dv.field {
        None => (0, dst.w),
        Some(p) => (p * dst.w, 2 * dst.w),
    };
    let d0 = d_off + y * d_stride + x;
    let x_inside = sx >= 0 && sx + need_w as i64 <= src.w as i64;
    if sv.field.is_none() && x_inside && sy >= 0 && sy + need_h as i64 <= src.h as i64 {
        // Common case: the reference block lies inside the picture.
        let s0 = sy as usize * src.w + sx as usize;
        let k = Kernel {
            hx,
            hy,
            rounding,
            h: bh,
        };
        match bw {
            16 => return k.run::<16>(&mut dst.data, d0, d_stride, &src.data, s0, src.w),
            8 => return k.run::<8>(&mut dst.data, d0, d_stride, &src.data, s0, src.w),
            _ => {}
        }
    }
    // Gather the needed samples, clamped at the picture edges, into a small
    // buffer.
    const TS: usize = 17;
    let mut tmp = [0u8; TS * TS];
    let maxx = src.w as i64 - 1;
    let maxy = src.h as i64 - 1;
    for r in 0..need_h {
        let line = match sv.field {
            None => sy + r as i64,
            Some(p) => 2 * (sy + r as i64) + p as i64,
        };
        let a = line.clamp(0, maxy) as usize * src.w;
        let Some(row) = src.data.get(a..a + src.w) else {
            return;
        };
        let t = &mut tmp[r * TS..r * TS + need_w];
        if x_inside {
            t.copy_from_slice(&row[sx as usize..sx as usize + need_w]);
        } else {
            for (c, d) in t.iter_mut().enumerate() {
                *d = row[(sx + c as i64).clamp(0, maxx) as usize];
            }
        }
    }
    let k = Kernel {
        hx,
        hy,
        rounding,
        h: bh,
    };
    match bw {
        16 => k.run::<16>(&mut dst.data, d0, d_stride, &tmp, 0, TS),
        8 => k.run::<8>(&mut dst.data, d0, d_stride, &tmp, 0, TS),
        _ => k.run_any(&mut dst.data, d0, d_stride, &tmp, TS, bw),
    }
}

/// Half-sample interpolation of one block: `h` rows of `W` samples.
struct Kernel {
    hx: bool,
    hy: bool,
    rounding: bool,
    h: usize,
}

impl Kernel {
    /// Predicts rows `d0 + k·ds` of `dst` from rows `s0 + k·ss` of `src`
    /// (which must hold the extra column / row that half-sample positions
    /// read). Each case runs over fixed-size rows, so it vectorises.
    #[inline(always)]
    fn run<const W: usize>(
        &self,
        dst: &mut [u8],
        d0: usize,
        ds: usize,
        src: &[u8],
        s0: usize,
        ss: usize,
    ) {
        let r = u16::from(self.rounding);
        for row in 0..self.h {
            let (di, si) = (d0 + row * ds, s0 + row * ss);
            let Some(d) = arr_mut::<W>(dst, di) else {
                return;
            };
            let Some(a) = arr::<W>(src, si) else {
                return;
            };
            match (self.hx, self.hy) {
                (false, false) => *d = *a,
                (true, false) => {
                    let Some(b) = arr::<W>(src, si + 1) else {
                        return;
                    };
                    for i in 0..W {
                        d[i] = ((u16::from(a[i]) + u16::from(b[i]) + 1 - r) >> 1) as u8;
                    }
                }
                (false, true) => {
                    let Some(b) = arr::<W>(src, si + ss) else {
                        return;
                    };
                    for i in 0..W {
                        d[i] = ((u16::from(a[i]) + u16::from(b[i]) + 1 - r) >> 1) as u8;
                    }
                }
                (true, true) => {
                    let (Some(a1), Some(b), Some(b1)) = (
                        arr::<W>(src, si + 1),
                        arr::<W>(src, si + ss),
                        arr::<W>(src, si + ss + 1),
                    ) else {
                        return;
                    };
                    for i in 0..W {
                        let s =
                            u16::from(a[i]) + u16::from(a1[i]) + u16::from(b[i]) + u16::from(b1[i]);
                        d[i] = ((s + 2 - r) >> 2) as u8;
                    }
                }
            }
        }
    }

    /// [`Kernel::run`] for any width (not used by the decoder's block sizes).
    fn run_any(&self, dst: &mut [u8], d0: usize, ds: usize, src: &[u8], ss: usize, w: usize) {
        let r = u16::from(self.rounding);
        let (hx, hy) = (usize::from(self.hx), usize::from(self.hy));
        for row in 0..self.h {
            let di = d0 + row * ds;
            let Some(d) = dst.get_mut(di..di + w) else {
                return;
            };
            for (i, p) in d.iter_mut().enumerate() {
                let at = |dy: usize, dx: usize| {
                    u16::from(src.get((row + dy) * ss + i + dx).copied().unwrap_or(0))
                };
                let v = match (hx, hy) {
                    (0, 0) => at(0, 0),
                    (1, 0) => (at(0, 0) + at(0, 1) + 1 - r) >> 1,
                    (0, 1) => (at(0, 0) + at(1, 0) + 1 - r) >> 1,
                    _ => (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1) + 2 - r) >> 2,
                };
                *p = v as u8;
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
