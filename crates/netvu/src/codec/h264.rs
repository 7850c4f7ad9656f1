//! H.264 access-unit helpers: NAL splitting, IDR detection, AVCC to Annex B
//! conversion and picture size from the SPS (ITU-T H.264 7.3.2.1.1).
//!
//! NetVu H.264 frames are normally Annex B (start codes). Key-frame flags in
//! the containers are unreliable (spec §8.3), so readers look for IDR NALs.

/// Most SPS bytes unescaped by [`sps_dimensions`]; far above any real SPS.
const MAX_SPS_BYTES: usize = 4096;

/// Offset of the next `00 00 01` prefix at or after `from`.
fn find_prefix(data: &[u8], from: usize) -> Option<usize> {
    let rest = data.get(from..)?;
    rest.windows(3)
        .position(|w| w == [0, 0, 1])
        .map(|p| p + from)
}

/// Iterator over Annex B NAL units (see [`nal_units`]).
struct NalIter<'a> {
    /// The Annex B buffer.
    data: &'a [u8],
    /// Start of the next payload; None when done.
    pos: Option<usize>,
}

impl<'a> Iterator for NalIter<'a> {
    type Item = &'a [u8];

    /// Next non-empty NAL payload, trailing zero bytes removed.
    fn next(&mut self) -> Option<&'a [u8]> {
        loop {
            let start = self.pos?;
            let (end, next) = match find_prefix(self.data, start) {
                Some(p) => (p, Some(p + 3)),
                None => (self.data.len(), None),
            };
            self.pos = next;
            let mut nal = self.data.get(start..end).unwrap_or(&[]);
            while let Some(n) = nal.strip_suffix(&[0]) {
                nal = n;
            }
            if !nal.is_empty() {
                return Some(nal);
            }
        }
    }
}

/// NAL units of an Annex B buffer, split at 3- or 4-byte start codes.
///
/// Payloads exclude the start code and trailing zero bytes (the 4-byte
/// form's leading zero or `trailing_zero_8bits`); bytes before the first
/// start code are skipped.
pub fn nal_units(annex_b: &[u8]) -> impl Iterator<Item = &[u8]> {
    NalIter {
        data: annex_b,
        pos: find_prefix(annex_b, 0).map(|p| p + 3),
    }
}

/// True if the buffer starts with a start code (two or more zeros, then 1).
pub fn is_annex_b(bytes: &[u8]) -> bool {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    zeros >= 2 && bytes.get(zeros) == Some(&1)
}

/// NALs of a buffer of 4-byte big-endian length-prefixed units, if it is
/// exactly that (every length non-zero and in bounds).
fn avcc_units(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let len: [u8; 4] = rest.get(..4)?.try_into().ok()?;
        let len = usize::try_from(u32::from_be_bytes(len)).ok()?;
        if len == 0 {
            return None;
        }
        let end = len.checked_add(4)?;
        out.push(rest.get(4..end)?);
        rest = rest.get(end..)?;
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

/// NALs of an access unit in either Annex B or 4-byte AVCC form.
fn units(au: &[u8]) -> Vec<&[u8]> {
    if !is_annex_b(au) {
        if let Some(v) = avcc_units(au) {
            return v;
        }
    }
    nal_units(au).collect()
}

/// Converts a 4-byte-length AVCC buffer to Annex B (4-byte start codes);
/// anything else (Annex B already, or not valid AVCC) is copied unchanged.
pub fn to_annex_b(bytes: &[u8]) -> Vec<u8> {
    if is_annex_b(bytes) {
        return bytes.to_vec();
    }
    match avcc_units(bytes) {
        Some(nals) => {
            let mut out = Vec::with_capacity(bytes.len());
            for nal in nals {
                out.extend_from_slice(&[0, 0, 0, 1]);
                out.extend_from_slice(nal);
            }
            out
        }
        None => bytes.to_vec(),
    }
}

/// Whether the first slice in `es` (Annex B or AVCC) is an IDR slice; `None`
/// when `es` holds no slice.
pub fn first_slice_is_idr(es: &[u8]) -> Option<bool> {
    units(es)
        .iter()
        .filter_map(|n| n.first().map(|b| b & 0x1F))
        .find(|t| matches!(t, 1 | 5))
        .map(|t| t == 5)
}

/// True if the access unit contains an IDR slice (NAL type 5).
pub fn is_idr(access_unit: &[u8]) -> bool {
    units(access_unit)
        .iter()
        .any(|n| n.first().is_some_and(|b| b & 0x1F == 5))
}

/// Removes emulation-prevention bytes (`00 00 03` → `00 00`), up to `cap` bytes.
fn unescape(nal: &[u8], cap: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(nal.len().min(cap));
    let mut zeros = 0;
    for &b in nal {
        if out.len() >= cap {
            break;
        }
        if zeros >= 2 && b == 3 {
            zeros = 0;
            continue;
        }
        zeros = if b == 0 { zeros + 1 } else { 0 };
        out.push(b);
    }
    out
}

/// MSB-first bit reader with Exp-Golomb codes; every read is bounds-checked.
struct Bits<'a> {
    /// The RBSP bytes.
    data: &'a [u8],
    /// Position in bits.
    pos: usize,
}

impl Bits<'_> {
    /// One bit.
    fn bit(&mut self) -> Option<u32> {
        let byte = *self.data.get(self.pos / 8)?;
        self.pos += 1;
        Some(u32::from((byte >> (7 - ((self.pos - 1) % 8))) & 1))
    }

    /// `n` (at most 32) bits as a number.
    fn bits(&mut self, n: u32) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            v = (v << 1) | self.bit()?;
        }
        Some(v)
    }

    /// Unsigned Exp-Golomb `ue(v)`, at most 32 bits of value.
    fn ue(&mut self) -> Option<u64> {
        let mut zeros = 0;
        while self.bit()? == 0 {
            zeros += 1;
            if zeros > 32 {
                return None;
            }
        }
        let rest = u64::from(self.bits(zeros.min(32))?);
        Some((1u64 << zeros) - 1 + rest)
    }

    /// Signed Exp-Golomb `se(v)`.
    fn se(&mut self) -> Option<i64> {
        let k = i64::try_from(self.ue()?).ok()?;
        Some(if k % 2 == 1 { (k + 1) / 2 } else { -(k / 2) })
    }
}

/// Skips one `scaling_list()` of `size` entries.
fn skip_scaling_list(r: &mut Bits<'_>, size: usize) -> Option<()> {
    let (mut last, mut next) = (8i64, 8i64);
    for _ in 0..size {
        if next != 0 {
            next = (last + r.se()?).rem_euclid(256);
        }
        if next != 0 {
            last = next;
        }
    }
    Some(())
}

/// Cropped picture size from an SPS RBSP (after the NAL header byte).
fn parse_sps(rbsp: &[u8]) -> Option<(u32, u32)> {
    let mut r = Bits { data: rbsp, pos: 0 };
    let profile = r.bits(8)?;
    r.bits(16)?; // constraint flags, level_idc
    r.ue()?; // seq_parameter_set_id
    let mut chroma_format_idc = 1;
    let mut separate_planes = false;
    if matches!(
        profile,
        100 | 110 | 122 | 244 | 44 | 83 | 86 | 118 | 128 | 138 | 139 | 134 | 135
    ) {
        chroma_format_idc = r.ue()?;
        if chroma_format_idc > 3 {
            return None;
        }
        if chroma_format_idc == 3 {
            separate_planes = r.bit()? == 1;
        }
        r.ue()?; // bit_depth_luma_minus8
        r.ue()?; // bit_depth_chroma_minus8
        r.bit()?; // qpprime_y_zero_transform_bypass_flag
        if r.bit()? == 1 {
            let lists = if chroma_format_idc == 3 { 12 } else { 8 };
            for i in 0..lists {
                if r.bit()? == 1 {
                    skip_scaling_list(&mut r, if i < 6 { 16 } else { 64 })?;
                }
            }
        }
    }
    r.ue()?; // log2_max_frame_num_minus4
    match r.ue()? {
        0 => {
            r.ue()?; // log2_max_pic_order_cnt_lsb_minus4
        }
        1 => {
            r.bit()?;
            r.se()?;
            r.se()?;
            let cycle = r.ue()?;
            if cycle > 255 {
                return None;
            }
            for _ in 0..cycle {
                r.se()?;
            }
        }
        2 => {}
        _ => return None,
    }
    r.ue()?; // max_num_ref_frames
    r.bit()?; // gaps_in_frame_num_value_allowed_flag
    let width_mbs = r.ue()? + 1;
    let height_units = r.ue()? + 1;
    let frame_mbs_only = u64::from(r.bit()?);
    if frame_mbs_only == 0 {
        r.bit()?; // mb_adaptive_frame_field_flag
    }
    r.bit()?; // direct_8x8_inference_flag
    let (mut cl, mut cr, mut ct, mut cb) = (0, 0, 0, 0);
    if r.bit()? == 1 {
        cl = r.ue()?;
        cr = r.ue()?;
        ct = r.ue()?;
        cb = r.ue()?;
    }
    let chroma_array_type = if separate_planes {
        0
    } else {
        chroma_format_idc
    };
    let (unit_x, unit_y) = match chroma_array_type {
        0 => (1, 2 - frame_mbs_only),
        1 => (2, 2 * (2 - frame_mbs_only)),
        2 => (2, 2 - frame_mbs_only),
        _ => (1, 2 - frame_mbs_only),
    };
    let w = width_mbs.checked_mul(16)?;
    let h = height_units
        .checked_mul(16)?
        .checked_mul(2 - frame_mbs_only)?;
    let crop_w = cl.checked_add(cr)?.checked_mul(unit_x)?;
    let crop_h = ct.checked_add(cb)?.checked_mul(unit_y)?;
    let w = u32::try_from(w.checked_sub(crop_w)?).ok()?;
    let h = u32::try_from(h.checked_sub(crop_h)?).ok()?;
    if w == 0 || h == 0 {
        return None;
    }
    Some((w, h))
}

/// Cropped width and height from the first SPS (NAL type 7) of an access
/// unit (Annex B or 4-byte AVCC), handling high-profile chroma formats,
/// scaling lists, field coding and emulation-prevention bytes.
pub fn sps_dimensions(access_unit: &[u8]) -> Option<(u32, u32)> {
    let sps = units(access_unit)
        .into_iter()
        .find(|n| n.first().is_some_and(|b| b & 0x1F == 7))?;
    let rbsp = unescape(sps.get(1..)?, MAX_SPS_BYTES);
    parse_sps(&rbsp)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// libx264 High 4:2:0, 176x144, three frames (I, P, P).
    const HIGH: &[u8] = include_bytes!("testdata/testsrc_176x144.h264");
    /// Constrained Baseline 90x58: frame cropping with 4:2:0 units.
    const BASELINE_CROP: &[u8] = include_bytes!("testdata/baseline_crop_90x58.h264");
    /// High 4:2:2 interlaced (frame_mbs_only 0), 176x136.
    const I422: &[u8] = include_bytes!("testdata/i422_176x136.h264");
    /// High 4:4:4 with JVT scaling matrices, 62x46 (crop unit 1).
    const CQM444: &[u8] = include_bytes!("testdata/cqm444_62x46.h264");

    /// Annex B to AVCC (4-byte lengths).
    fn to_avcc(annex_b: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for n in nal_units(annex_b) {
            out.extend_from_slice(&u32::try_from(n.len()).unwrap().to_be_bytes());
            out.extend_from_slice(n);
        }
        out
    }

    /// Adds emulation-prevention bytes to an RBSP.
    fn escape(rbsp: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut zeros = 0;
        for &b in rbsp {
            if zeros >= 2 && b <= 3 {
                out.push(3);
                zeros = 0;
            }
            zeros = if b == 0 { zeros + 1 } else { 0 };
            out.push(b);
        }
        out
    }

    /// Minimal bit writer with Exp-Golomb for hand-made SPSs.
    struct W(Vec<bool>);
    impl W {
        fn bits(&mut self, n: u32, v: u64) {
            for i in (0..n).rev() {
                self.0.push((v >> i) & 1 == 1);
            }
        }
        fn ue(&mut self, v: u64) {
            let x = v + 1;
            let len = 64 - x.leading_zeros();
            self.bits(len - 1, 0);
            self.bits(len, x);
        }
        fn bytes(&self) -> Vec<u8> {
            let mut out = vec![0u8; self.0.len().div_ceil(8)];
            for (i, &b) in self.0.iter().enumerate() {
                if b {
                    out[i / 8] |= 0x80 >> (i % 8);
                }
            }
            out
        }
    }

    #[test]
    fn splits_real_stream() {
        let types: Vec<u8> = nal_units(HIGH).map(|n| n[0] & 0x1F).collect();
        assert_eq!(types[..4], [7, 8, 6, 5]);
        assert_eq!(types[4..], [1, 1]);
        assert!(is_annex_b(HIGH));
        assert!(is_idr(HIGH));
        let p = nal_units(HIGH).nth(4).unwrap();
        let mut au = vec![0, 0, 1];
        au.extend_from_slice(p);
        assert!(!is_idr(&au));
    }

    #[test]
    fn start_code_forms() {
        let b = [
            9, 9, 0, 0, 0, 1, 0x67, 0xAA, 0, 0, 1, 0x68, 0xBB, 0, 0, 0, 0, 1, 0x65, 0xCC, 0, 0, 1,
            0, 0, 1,
        ];
        let v: Vec<&[u8]> = nal_units(&b).collect();
        assert_eq!(v, [&[0x67, 0xAA][..], &[0x68, 0xBB], &[0x65, 0xCC]]);
        assert_eq!(nal_units(&[1, 2, 3]).count(), 0);
        assert_eq!(nal_units(&[]).count(), 0);
        assert!(is_annex_b(&[0, 0, 1, 0x65]));
        assert!(is_annex_b(&[0, 0, 0, 1, 0x65]));
        assert!(!is_annex_b(&[0, 1, 0x65]));
        assert!(!is_annex_b(&[0, 0, 0, 2, 0x65, 0, 0]));
        assert!(!is_annex_b(&[]));
    }

    #[test]
    fn avcc_conversion() {
        let avcc = to_avcc(HIGH);
        assert!(!is_annex_b(&avcc));
        let back = to_annex_b(&avcc);
        assert!(back.len() <= avcc.len());
        assert!(nal_units(&back).eq(nal_units(HIGH)));
        assert!(is_idr(&avcc));
        assert_eq!(sps_dimensions(&avcc), Some((176, 144)));
        // Annex B and non-AVCC input are copied unchanged
        assert_eq!(to_annex_b(HIGH), HIGH);
        let junk = [0, 0, 0, 9, 1, 2];
        assert_eq!(to_annex_b(&junk), junk);
        assert_eq!(to_annex_b(&[0, 0, 0, 0]), [0, 0, 0, 0]);
        assert!(to_annex_b(&[]).is_empty());
    }

    #[test]
    fn sps_sizes_from_real_encoders() {
        assert_eq!(sps_dimensions(HIGH), Some((176, 144)));
        assert_eq!(sps_dimensions(BASELINE_CROP), Some((90, 58)));
        assert_eq!(sps_dimensions(I422), Some((176, 136)));
        assert_eq!(sps_dimensions(CQM444), Some((62, 46)));
        assert_eq!(sps_dimensions(&[0, 0, 1, 0x65, 0x88]), None);
    }

    #[test]
    fn sps_with_emulation_prevention_and_poc_type_1() {
        let mut w = W(Vec::new());
        w.bits(8, 66);
        w.bits(16, 0x001E);
        w.ue(0);
        w.ue(0);
        w.ue(1); // poc type 1
        w.bits(1, 0);
        w.ue(3); // offset_for_non_ref_pic = -2 (se)
        w.ue(0);
        w.ue(2); // two cycle entries
        w.ue(1);
        w.ue(2);
        w.ue(1);
        w.bits(1, 0);
        w.ue((1 << 24) - 1); // 48 zero bits around a 1: 00 00 in the RBSP
        w.ue(0);
        w.bits(1, 1);
        w.bits(1, 1);
        w.bits(1, 1); // cropping
        w.ue(0);
        w.ue(3);
        w.ue(0);
        w.ue(1);
        w.bits(1, 1); // rbsp stop bit
        let rbsp = w.bytes();
        let esc = escape(&rbsp);
        assert!(esc.len() > rbsp.len(), "test must exercise 00 00 03");
        let mut au = vec![0, 0, 0, 1, 0x67];
        au.extend_from_slice(&esc);
        assert_eq!(sps_dimensions(&au), Some(((1 << 24) * 16 - 6, 14)));
    }

    #[test]
    fn never_panics_on_truncation_or_noise() {
        for src in [HIGH, BASELINE_CROP, I422, CQM444] {
            let sps = nal_units(src).next().unwrap();
            for n in 0..sps.len() {
                let mut au = vec![0, 0, 1];
                au.extend_from_slice(&sps[..n]);
                let _ = sps_dimensions(&au);
            }
        }
        let mut s: u32 = 7;
        for _ in 0..3000 {
            let mut au = vec![0, 0, 1, 0x67];
            for _ in 0..40 {
                s = s.wrapping_mul(1_103_515_245).wrapping_add(12345);
                au.push((s >> 16) as u8);
            }
            let _ = sps_dimensions(&au);
            let _ = is_idr(&au);
            let _ = to_annex_b(&au[3..]);
        }
        // all-zero Exp-Golomb prefix longer than 32 bits
        assert_eq!(
            sps_dimensions(&[0, 0, 1, 0x67, 66, 0, 30, 0, 0, 0, 0, 0, 0, 0x80]),
            None
        );
    }
}
