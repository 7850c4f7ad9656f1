//! Recognising a file by its first bytes, never by its name.

use crate::bytes::{be32, le16};
use crate::format::admime;
use crate::header::{is_pic_version, PicCore, AUDIO_VERSION, PIC_HEADER_LEN};
use crate::model::Format;

/// How many leading bytes [`probe`] looks at (at most).
pub const PROBE_LEN: usize = 64 << 10;

/// Says which format `head` (the first bytes of a file) is in;
/// [`Format::Unknown`] means "will be scanned for NetVu headers".
pub fn probe(head: &[u8]) -> Format {
    let head = &head[..head.len().min(PROBE_LEN)];
    if head.starts_with(b"PAR\0") {
        let v1 = le16(head, 4) == Some(1) && le16(head, 6).is_some_and(|s| s >= 40);
        return if v1 { Format::Par } else { Format::UnknownPar };
    }
    if be32(head, 0) == Some(0xFACE_D0FF) {
        return Format::DsPic;
    }
    if admime::looks_like_mime(head) {
        return Format::AdMime;
    }
    if adbinary_score(head) >= 100 {
        return Format::AdBinary;
    }
    if has_pic_header(head) {
        return Format::AdRaw;
    }
    Format::Unknown
}

/// The vendor's AD binary probe walk (`netvu-formats.md` §3.4), without its
/// channel ≤ 32 bug (newer units set the top bit on audio channels).
fn adbinary_score(head: &[u8]) -> u32 {
    let mut score = 0u32;
    let mut at = 0usize;
    while let (Some(&dt), Some(size)) = (head.get(at), be32(head, at + 2)) {
        if !(6..0x100_0000).contains(&size) || dt >= 16 {
            return 0;
        }
        let body = head.get(at + 6..).unwrap_or(&[]);
        score += match dt {
            0 | 2 | 3 | 10 | 11 if body.len() >= PIC_HEADER_LEN => {
                if be32(body, 0).is_some_and(is_pic_version) {
                    100
                } else {
                    return 0;
                }
            }
            1 if body.len() >= 2 => {
                if body.starts_with(&[0xFF, 0xD8]) {
                    100
                } else {
                    return 0;
                }
            }
            4 if body.len() >= 4 => {
                if be32(body, 0) == Some(AUDIO_VERSION) {
                    100
                } else {
                    return 0;
                }
            }
            6 => {
                let sec = be32(body, 0).unwrap_or(0);
                let vos = be32(body, 6).unwrap_or(0);
                let plausible = sec > 315_532_800
                    && ((0x1B0..=0x1B6).contains(&vos) || vos == 1 || vos & 0xFFFF_FF00 == 0x100);
                if plausible {
                    25
                } else {
                    0
                }
            }
            7 => 25,
            9 if body.starts_with(b"\0SITE")
                || body.starts_with(b"\x01SITE")
                || body.get(1..).is_some_and(|b| b.starts_with(b"(JPEG)")) =>
            {
                100
            }
            9 | 15 => 5,
            12 if body.len() >= 10 && body[..10].eq_ignore_ascii_case(b"<infolist>") => 100,
            14 if body.first() == Some(&b'P') => 100,
            _ => 0,
        };
        if score >= 100 {
            return 100;
        }
        at = match at.checked_add(6 + size as usize) {
            Some(next) if next < head.len() => next,
            _ => break,
        };
    }
    score.min(100)
}

/// True if a valid NetVu picture header lies anywhere in `head` (AD raw).
fn has_pic_header(head: &[u8]) -> bool {
    memchr::memmem::find_iter(head, &[0xDE, 0xCA, 0xDE]).any(|at| {
        head.len() - at >= PIC_HEADER_LEN
            && PicCore::parse(&head[at..], crate::bytes::Endian::Big).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_magic_numbers() {
        assert_eq!(probe(b"PAR\0\x01\x00\x28\x00"), Format::Par);
        assert_eq!(probe(b"PAR\0\x07\x00\x10\x00"), Format::UnknownPar);
        assert_eq!(probe(&[0xFA, 0xCE, 0xD0, 0xFF, 0, 0, 0, 24]), Format::DsPic);
        assert_eq!(
            probe(b"--0plm(NetVu-Connected:Server-Push:Boundary-String)1qaz\r\n"),
            Format::AdMime
        );
        assert_eq!(
            probe(b"\r\n--0plm(NetVu-Connected:Server-Push:Boundary-String)1qaz\r\n"),
            Format::AdMime
        );
        assert_eq!(probe(b"hello, world"), Format::Unknown);
        assert_eq!(probe(&[]), Format::Unknown);
    }

    #[test]
    fn adbinary_needs_a_valid_first_chunk() {
        let mut chunk = vec![0u8, 0, 0, 0, 0, 184];
        chunk.extend(crate::header::tests::spec_header(0, 13, 3, 16, 8));
        assert_eq!(probe(&chunk), Format::AdBinary);
        chunk[6] = 0;
        assert_eq!(probe(&chunk), Format::Unknown);
        let mut raw = b"\x00\x11\x22".to_vec();
        raw.extend(crate::header::tests::spec_header(0, 0, 3, 16, 8));
        assert_eq!(probe(&raw), Format::AdRaw);
    }
}
