//! Cutting an elementary stream into the units a decoder takes one at a
//! time, each with whether a decoder can start from it: MPEG-4 Part 2 into
//! VOPs (the VOS, VOL and GOV headers before a VOP travel with it, as a
//! demuxer delivers them), H.264 Annex B into access units. The one splitter
//! for the CLI, the viewer and the decoder's tests and benchmarks.

use crate::codec::{h264, mpeg4};
use crate::model::Codec;

/// One decodable unit of an elementary stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessUnit<'a> {
    pub bytes: &'a [u8],
    /// An I-VOP, or an access unit with an IDR slice.
    pub key: bool,
}

/// `es` cut into units, in stream order; together they hold every byte of
/// `es` (bytes before the first start code go with the first unit, and
/// MPEG-4 headers after the last VOP make a last unit of their own).
/// Codecs without start codes give no units.
pub fn access_units(codec: Codec, es: &[u8]) -> Vec<AccessUnit<'_>> {
    let cuts = match codec {
        Codec::Mpeg4 => mpeg4_cuts(es),
        Codec::H264 => h264_cuts(es),
        _ => return Vec::new(),
    };
    let mut units = Vec::with_capacity(cuts.len() + 1);
    let mut begin = 0;
    for end in cuts.into_iter().chain([es.len()]) {
        if end > begin {
            let bytes = &es[begin..end];
            let key = match codec {
                Codec::Mpeg4 => mpeg4::first_vop_type(bytes) == Some(mpeg4::VopType::I),
                _ => h264::is_idr(bytes),
            };
            units.push(AccessUnit { bytes, key });
            begin = end;
        }
    }
    units
}

/// Where each MPEG-4 unit ends: at the start code after each VOP.
fn mpeg4_cuts(es: &[u8]) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut in_vop = false;
    for (at, code) in mpeg4::start_codes(es) {
        if in_vop {
            cuts.push(at);
        }
        in_vop = code == 0xB6;
    }
    cuts
}

/// Where each H.264 access unit starts after the first (ITU-T H.264
/// §7.4.1.2.3): at an access unit delimiter, SEI, SPS or PPS, or at a slice
/// that starts a picture (`first_mb_in_slice` 0), once a slice has been seen.
fn h264_cuts(es: &[u8]) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut slice_seen = false;
    for (at, header) in mpeg4::start_codes(es) {
        let kind = header & 0x1F;
        let slice = matches!(kind, 1 | 5);
        let first_mb_zero = es.get(at + 4).is_some_and(|b| b & 0x80 != 0);
        let starts_unit = matches!(kind, 6..=9 | 14..=18) || (slice && first_mb_zero);
        if slice_seen && starts_unit {
            // A 4-byte start code's leading zero belongs to the new unit.
            cuts.push(if at > 0 && es[at - 1] == 0 {
                at - 1
            } else {
                at
            });
            slice_seen = false;
        }
        slice_seen |= slice;
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mpeg4_headers_travel_with_the_next_vop() {
        let es = [
            0, 0, 1, 0xB0, 9, 0, 0, 1, 0xB6, 0x10, 2, 0, 0, 1, 0xB6, 0x50, 0, 0, 1, 0xB2,
        ];
        let units = access_units(Codec::Mpeg4, &es);
        let cut: Vec<(&[u8], bool)> = units.iter().map(|u| (u.bytes, u.key)).collect();
        assert_eq!(
            cut,
            [(&es[..11], true), (&es[11..16], false), (&es[16..], false)]
        );
        assert!(access_units(Codec::Mpeg4, &[]).is_empty());
        assert!(access_units(Codec::Jpeg, &es).is_empty());
    }

    #[test]
    fn h264_access_units_start_at_parameter_sets_and_new_pictures() {
        let sps = [0, 0, 0, 1, 0x67, 0x42];
        let pps = [0, 0, 0, 1, 0x68, 0xCE];
        let idr = [0, 0, 1, 0x65, 0x88, 0x84];
        // Two slices of one P picture: the second has first_mb_in_slice > 0.
        let p1 = [0, 0, 0, 1, 0x41, 0x9A, 0x11];
        let p2 = [0, 0, 1, 0x41, 0x7F, 0x22];
        let p3 = [0, 0, 0, 1, 0x41, 0x9A, 0x33];
        let es = [&sps[..], &pps, &idr, &p1, &p2, &p3].concat();
        let units = access_units(Codec::H264, &es);
        let lens: Vec<(usize, bool)> = units.iter().map(|u| (u.bytes.len(), u.key)).collect();
        assert_eq!(lens, [(18, true), (13, false), (7, false)]);
        assert_eq!(units.iter().map(|u| u.bytes.len()).sum::<usize>(), es.len());
    }
}
