//! Cutting a raw MPEG-4 elementary stream (`.m4v`) into the units
//! [`crate::Decoder::decode`] takes: each ends with one VOP, and headers
//! (VOS, VOL, GOV) travel with the VOP after them, as a demuxer delivers them.

/// Offsets and codes of every `00 00 01 xx` start code in `es`.
fn start_codes(es: &[u8]) -> Vec<(usize, u8)> {
    let mut codes = Vec::new();
    let mut i = 0;
    while i + 4 <= es.len() {
        if es[i] == 0 && es[i + 1] == 0 && es[i + 2] == 1 {
            codes.push((i, es[i + 3]));
            i += 3;
        } else {
            i += 1;
        }
    }
    codes
}

/// Splits `es` into frames, each ending with one VOP; bytes after the last
/// VOP (headers with no picture) come as a last unit of their own.
pub fn split_frames(es: &[u8]) -> Vec<&[u8]> {
    let codes = start_codes(es);
    let mut out = Vec::new();
    let mut begin = 0;
    for (k, &(_, code)) in codes.iter().enumerate() {
        if code == 0xB6 {
            let end = codes.get(k + 1).map_or(es.len(), |c| c.0);
            out.push(&es[begin..end]);
            begin = end;
        }
    }
    if begin < es.len() {
        out.push(&es[begin..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_travel_with_the_next_vop() {
        let es = [
            0, 0, 1, 0xB0, 9, 0, 0, 1, 0xB6, 1, 2, 0, 0, 1, 0xB6, 3, 0, 0, 1, 0xB2,
        ];
        let f = split_frames(&es);
        assert_eq!(f, vec![&es[..11], &es[11..16], &es[16..]]);
        assert!(split_frames(&[]).is_empty());
    }
}
