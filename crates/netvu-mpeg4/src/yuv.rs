//! Output picture and colour conversion.

use crate::header::VopType;

/// A decoded picture in planar YUV 4:2:0, tightly packed: the Y stride is
/// `width`, the chroma stride `(width + 1) / 2` with `(height + 1) / 2` rows.
#[derive(Clone, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub y: Vec<u8>,
    pub u: Vec<u8>,
    pub v: Vec<u8>,
    /// Coding type of the VOP that produced this picture.
    pub vop_type: VopType,
    /// False when the VOP was "not coded" (`vop_coded == 0`) and this is a
    /// repeat of the previous picture.
    pub coded: bool,
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Picture")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("vop_type", &self.vop_type)
            .field("coded", &self.coded)
            .finish_non_exhaustive()
    }
}

impl Picture {
    /// Chroma plane width (and stride).
    pub fn chroma_width(&self) -> usize {
        (self.width as usize).div_ceil(2)
    }

    /// Chroma plane height.
    pub fn chroma_height(&self) -> usize {
        (self.height as usize).div_ceil(2)
    }
}

// BT.601 limited range, 8-bit fixed point (×256).
const KY: i32 = 298; // 255/219
const KRV: i32 = 409; // 1.596
const KGU: i32 = 100; // 0.392
const KGV: i32 = 208; // 0.813
const KBU: i32 = 516; // 2.017

#[inline(always)]
fn clamp8(v: i32) -> u8 {
    (v >> 8).clamp(0, 255) as u8
}

#[inline(always)]
fn px(out: &mut [u8], y: u8, r: i32, g: i32, b: i32) {
    let yy = (i32::from(y) - 16) * KY + 128;
    out[0] = clamp8(yy + r);
    out[1] = clamp8(yy + g);
    out[2] = clamp8(yy + b);
    out[3] = 255;
}

/// Converts a picture to RGBA (BT.601, limited range) into `out`, row-major
/// with stride `width * 4`. If `out` is shorter than `width * height * 4`,
/// only the rows that fit are written.
pub fn yuv420_to_rgba(pic: &Picture, out: &mut [u8]) {
    let w = pic.width as usize;
    let h = pic.height as usize;
    let cw = pic.chroma_width();
    if w == 0 {
        return;
    }
    for (row, orow) in out.chunks_exact_mut(w * 4).take(h).enumerate() {
        let (Some(yrow), Some(urow), Some(vrow)) = (
            pic.y.get(row * w..row * w + w),
            pic.u.get((row / 2) * cw..(row / 2) * cw + cw),
            pic.v.get((row / 2) * cw..(row / 2) * cw + cw),
        ) else {
            return;
        };
        let pairs = w / 2;
        let (o2, otail) = orow.split_at_mut(pairs * 8);
        for (((o, yy), &u), &v) in o2
            .chunks_exact_mut(8)
            .zip(yrow.chunks_exact(2))
            .zip(urow)
            .zip(vrow)
        {
            let u = i32::from(u) - 128;
            let v = i32::from(v) - 128;
            let r = KRV * v;
            let g = -KGU * u - KGV * v;
            let b = KBU * u;
            let (o0, o1) = o.split_at_mut(4);
            px(o0, yy[0], r, g, b);
            px(o1, yy[1], r, g, b);
        }
        if w % 2 == 1 {
            if let (Some(&y), Some(&u), Some(&v)) = (yrow.last(), urow.last(), vrow.last()) {
                let u = i32::from(u) - 128;
                let v = i32::from(v) - 128;
                if otail.len() >= 4 {
                    px(otail, y, KRV * v, -KGU * u - KGV * v, KBU * u);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pic(w: u32, h: u32, y: u8, u: u8, v: u8) -> Picture {
        let cw = (w as usize).div_ceil(2);
        let ch = (h as usize).div_ceil(2);
        Picture {
            width: w,
            height: h,
            y: vec![y; (w * h) as usize],
            u: vec![u; cw * ch],
            v: vec![v; cw * ch],
            vop_type: VopType::I,
            coded: true,
        }
    }

    #[test]
    fn primaries() {
        let mut out = vec![0u8; 3 * 3 * 4];
        yuv420_to_rgba(&pic(3, 3, 16, 128, 128), &mut out);
        assert!(out.chunks(4).all(|p| p == [0, 0, 0, 255]));
        yuv420_to_rgba(&pic(3, 3, 235, 128, 128), &mut out);
        assert!(out.chunks(4).all(|p| p == [255, 255, 255, 255]));
        // BT.601 red: Y=81 U=90 V=240
        yuv420_to_rgba(&pic(3, 3, 81, 90, 240), &mut out);
        let p = &out[0..4];
        assert!(p[0] >= 250 && p[1] <= 3 && p[2] <= 3, "{p:?}");
        let last = &out[out.len() - 4..];
        assert_eq!(p, last);
    }

    #[test]
    fn short_output_is_not_a_panic() {
        let mut out = vec![0u8; 10];
        yuv420_to_rgba(&pic(4, 4, 100, 128, 128), &mut out);
    }
}
