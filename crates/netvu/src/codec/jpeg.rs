//! JPEG/JFIF: rebuilding headerless NetVu scans and reading complete JFIFs.
//!
//! NetVu type-0 frames carry only the entropy-coded scan; [`jfif_header`]
//! synthesises the vendor's fixed 623-byte header (spec §7.2) byte for byte.
//! Complete JFIFs (type 1, MIME `image/jpeg`, DM Digital Sprite) carry their
//! metadata in a COM text comment ([`parse_comment`]) or in a `DigiSpr` APP0
//! segment ([`parse_digispr`]); [`parse_jfif`] finds both.

use std::fmt;
use std::ops::Range;

/// Length of the synthesised header: SOI, APP0, 2 DQT, SOF0, 4 DHT, SOS.
pub const JFIF_HEADER_LEN: usize = 623;

/// ITU-T T.81 Annex K.1 luminance table, zig-zag order (spec §7.3).
const LUMA_BASE: [u8; 64] = [
    16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37,
    29, 40, 58, 51, 61, 60, 57, 51, 56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81,
    87, 95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
];

/// ITU-T T.81 Annex K.2 chrominance table, zig-zag order (spec §7.3).
const CHROMA_BASE: [u8; 64] = [
    17, 18, 18, 24, 21, 24, 47, 26, 26, 47, 99, 66, 56, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/// Annex K.3 DC luminance code counts for lengths 1..16.
const DC_LUMA_BITS: [u8; 16] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
/// Annex K.3 DC chrominance code counts.
const DC_CHROMA_BITS: [u8; 16] = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
/// DC symbol values (both tables): categories 0..11.
const DC_VALS: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/// Annex K.3 AC luminance code counts.
const AC_LUMA_BITS: [u8; 16] = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
/// Annex K.3 AC luminance symbol values.
const AC_LUMA_VALS: [u8; 162] = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
    0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa,
];
/// Annex K.3 AC chrominance code counts.
const AC_CHROMA_BITS: [u8; 16] = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
/// Annex K.3 AC chrominance symbol values.
const AC_CHROMA_VALS: [u8; 162] = [
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
    0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
    0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
    0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
    0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
    0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
    0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
    0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
    0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
    0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa,
];

/// The fixed SOS segment: 3 components, Y on tables 0/0, Cb/Cr on 1/1, Ss 0, Se 63.
const SOS: [u8; 14] = [
    0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00,
];

/// Scales one base table by the vendor's `(base*Q+25)/50` rule, clamped to 1..255.
fn scale_table(base: &[u8; 64], q: u8) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (o, &b) in out.iter_mut().zip(base.iter()) {
        let v = (u32::from(b) * u32::from(q) + 25) / 50;
        // clamp keeps the value in 1..=255, so the narrowing cannot fail
        *o = u8::try_from(v.clamp(1, 255)).unwrap_or(255);
    }
    out
}

/// Luma and chroma quantisation tables (zig-zag order) for NetVu Q factor `q`.
///
/// Q 50 gives Annex K exactly; larger Q is coarser. `q` must be >= 1 (Q 0
/// would give all-ones tables here, not the vendor's invalid all-zero ones).
pub fn quant_tables(q: u8) -> ([u8; 64], [u8; 64]) {
    (scale_table(&LUMA_BASE, q), scale_table(&CHROMA_BASE, q))
}

/// Appends one DHT segment (class/id byte, code counts, values).
fn push_dht(out: &mut Vec<u8>, class_id: u8, bits: &[u8; 16], vals: &[u8]) {
    // 2 (length) + 1 (class/id) + 16 (counts) + values; at most 181 here
    let len = u16::try_from(2 + 1 + 16 + vals.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&[0xFF, 0xC4]);
    out.extend_from_slice(&len.to_be_bytes());
    out.push(class_id);
    out.extend_from_slice(bits);
    out.extend_from_slice(vals);
}

/// The vendor's 623-byte JFIF header for a headerless scan (spec §7.2).
///
/// Density is 25:25, or 25:50 (1:2 pixels) for half-height field pictures
/// (`width > 360 && height < 480`). Sampling is H2V2 for `vid_format` 1 and
/// H2V1 otherwise. Q 0 is not valid; callers reject it beforehand.
pub fn jfif_header(q: u8, width: u16, height: u16, vid_format: i32) -> Vec<u8> {
    let mut out = Vec::with_capacity(JFIF_HEADER_LEN);
    let y_density: u8 = if width > 360 && height < 480 { 50 } else { 25 };
    out.extend_from_slice(&[0xFF, 0xD8]);
    out.extend_from_slice(&[
        0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x02, 0x02, 0x00, 25, 0x00,
        y_density, 0x00, 0x00,
    ]);
    let (luma, chroma) = quant_tables(q);
    out.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    out.extend_from_slice(&luma);
    out.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x01]);
    out.extend_from_slice(&chroma);
    let sampling = if vid_format == 1 { 0x22 } else { 0x21 };
    out.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[
        0x03, 0x01, sampling, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    ]);
    push_dht(&mut out, 0x00, &DC_LUMA_BITS, &DC_VALS);
    push_dht(&mut out, 0x10, &AC_LUMA_BITS, &AC_LUMA_VALS);
    push_dht(&mut out, 0x01, &DC_CHROMA_BITS, &DC_VALS);
    push_dht(&mut out, 0x11, &AC_CHROMA_BITS, &AC_CHROMA_VALS);
    out.extend_from_slice(&SOS);
    out
}

/// A complete JPEG from a headerless scan: header + scan + EOI (`FF D9`).
pub fn rebuild_jfif(q: u8, width: u16, height: u16, vid_format: i32, scan: &[u8]) -> Vec<u8> {
    let mut out = jfif_header(q, width, height, vid_format);
    out.reserve_exact(scan.len().saturating_add(2));
    out.extend_from_slice(scan);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// Why [`parse_jfif`] found nothing to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JpegError {
    /// No `FF D8` start-of-image anywhere in the input.
    NoSoi,
}

impl fmt::Display for JpegError {
    /// Human-readable reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JpegError::NoSoi => f.write_str("no JPEG start-of-image marker (FF D8)"),
        }
    }
}

impl std::error::Error for JpegError {}

/// What [`parse_jfif`] learnt from a complete JFIF's headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JfifInfo {
    /// Width from the first SOF segment.
    pub width: Option<u16>,
    /// Height from the first SOF segment.
    pub height: Option<u16>,
    /// 0 for component-1 sampling `21` (4:2:2), 1 for `22` (4:2:0), else None.
    pub vid_format: Option<i32>,
    /// Payload range of the last DQT segment holding table 0 (the luma
    /// table [`JfifInfo::q_factor`] matches: too slow to match for every
    /// picture while indexing).
    pub luma_table: Option<Range<usize>>,
    /// JFIF APP0 (X, Y) density.
    pub density: Option<(u16, u16)>,
    /// Byte range of the first COM payload within the input.
    pub comment: Option<Range<usize>>,
    /// Payload range of the first APP0 starting with `DigiSpr`.
    pub digispr: Option<Range<usize>>,
    /// Input offset just past the SOS segment (scan start); 0 if no SOS.
    pub header_len: usize,
}

/// Big-endian u16 at `off`, if in bounds.
fn be16(b: &[u8], off: usize) -> Option<u16> {
    let s = b.get(off..off.checked_add(2)?)?;
    Some(u16::from_be_bytes([*s.first()?, *s.get(1)?]))
}

/// Big-endian u32 at `off`, if in bounds.
fn be32(b: &[u8], off: usize) -> Option<u32> {
    let s: [u8; 4] = b.get(off..off.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(s))
}

/// Big-endian i64 at `off`, if in bounds.
fn be_i64(b: &[u8], off: usize) -> Option<i64> {
    let s: [u8; 8] = b.get(off..off.checked_add(8)?)?.try_into().ok()?;
    Some(i64::from_be_bytes(s))
}

/// Q in 1..=255 whose luma table is closest to `table` (sum of absolute
/// differences over all 64 entries; the lowest Q wins ties).
fn best_q(table: &[u16; 64]) -> i32 {
    let mut best = (u32::MAX, 1i32);
    for q in 1..=255u8 {
        let (luma, _) = quant_tables(q);
        let err: u32 = luma
            .iter()
            .zip(table.iter())
            .map(|(&a, &b)| u32::from(u16::from(a).abs_diff(b)))
            .sum();
        if err < best.0 {
            best = (err, i32::from(q));
            if err == 0 {
                break;
            }
        }
    }
    best.1
}

impl JfifInfo {
    /// NetVu Q factor best matching the last 8-bit or 16-bit DQT table 0 of
    /// `bytes`, the input [`parse_jfif`] read.
    pub fn q_factor(&self, bytes: &[u8]) -> Option<i32> {
        luma_table(bytes.get(self.luma_table.clone()?)?).map(|t| best_q(&t))
    }
}

/// The last table 0 of a DQT payload (which may hold several tables).
fn luma_table(payload: &[u8]) -> Option<[u16; 64]> {
    let mut found = None;
    let mut pos = 0usize;
    while let Some(&pq_tq) = payload.get(pos) {
        let precision = pq_tq >> 4;
        let entry = match precision {
            0 => 1usize,
            1 => 2,
            _ => break,
        };
        let body = payload.get(pos + 1..pos + 1 + 64 * entry)?;
        if pq_tq & 0x0F == 0 {
            let mut t = [0u16; 64];
            for (i, v) in t.iter_mut().enumerate() {
                *v = if entry == 1 {
                    u16::from(*body.get(i)?)
                } else {
                    be16(body, 2 * i)?
                };
            }
            found = Some(t);
        }
        pos += 1 + 64 * entry;
    }
    found
}

/// Walks a complete JFIF's segments from SOI up to SOS (spec §7.8, fixed).
///
/// Leading junk before the first `FF D8` is skipped. Stray non-`FF` bytes
/// between segments are skipped by searching for the next `FF`, fill bytes
/// and standalone markers are handled, and a truncated input yields what was
/// found so far. Always terminates: the position only moves forward.
pub fn parse_jfif(bytes: &[u8]) -> Result<JfifInfo, JpegError> {
    let soi = bytes
        .windows(2)
        .position(|w| w == [0xFF, 0xD8])
        .ok_or(JpegError::NoSoi)?;
    let mut info = JfifInfo::default();
    let mut pos = soi + 2;
    // resync: always continue from the next FF at or after pos
    while let Some(skip) = bytes
        .get(pos..)
        .and_then(|r| r.iter().position(|&b| b == 0xFF))
    {
        pos += skip;
        while bytes.get(pos + 1) == Some(&0xFF) {
            pos += 1; // fill bytes
        }
        let Some(&marker) = bytes.get(pos + 1) else {
            break;
        };
        match marker {
            // stuffed zero (not a marker), TEM, RSTn, stray SOI: no length
            0x00 | 0x01 | 0xD0..=0xD8 => {
                pos += 2;
                continue;
            }
            0xD9 => break, // EOI before any SOS
            _ => {}
        }
        let Some(len) = be16(bytes, pos + 2) else {
            break;
        };
        let len = usize::from(len);
        if len < 2 {
            pos += 2;
            continue;
        }
        let start = pos + 4;
        let end = pos + 2 + len;
        let complete = end <= bytes.len();
        let payload = bytes.get(start..end.min(bytes.len())).unwrap_or(&[]);
        let range = start..end.min(bytes.len()).max(start);
        match marker {
            0xE0 => {
                if payload.starts_with(b"JFIF\0") {
                    if let (Some(x), Some(y)) = (be16(payload, 8), be16(payload, 10)) {
                        info.density = Some((x, y));
                    }
                } else if payload.starts_with(b"DigiSpr") && info.digispr.is_none() {
                    info.digispr = Some(range);
                }
            }
            0xDB if luma_table(payload).is_some() => info.luma_table = Some(range),
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF if info.height.is_none() => {
                info.height = be16(payload, 1);
                info.width = be16(payload, 3);
                info.vid_format = match payload.get(7) {
                    Some(0x21) => Some(0),
                    Some(0x22) => Some(1),
                    _ => None,
                };
            }
            0xFE if info.comment.is_none() => info.comment = Some(range),
            0xDA => {
                if complete {
                    info.header_len = end;
                }
                break;
            }
            _ => {}
        }
        if !complete {
            break;
        }
        pos = end;
    }
    Ok(info)
}

/// Metadata lines of a DM JFIF comment or AD MIME `text/plain` trailer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentFields {
    /// `Version:` value as text, e.g. `00.02`.
    pub version: Option<String>,
    /// `Name:` camera title, raw bytes (charset unstated).
    pub name: Option<Vec<u8>>,
    /// `Number:` camera number.
    pub number: Option<i32>,
    /// `Date:` as (day, month, year).
    pub date: Option<(i32, i32, i32)>,
    /// `Time:` as (hour, minute, second).
    pub time: Option<(i32, i32, i32)>,
    /// `MSec:` milliseconds.
    pub msec: Option<i32>,
    /// `Q-Factor:` value.
    pub q_factor: Option<i32>,
    /// `Alarm-text:` raw bytes.
    pub alarm_text: Option<Vec<u8>>,
    /// `Active-alarms:` hex bitmask (pic header `alm_bitmask`).
    pub active_alarms: Option<u32>,
    /// `Active-detectors:` hex bitmask (pic header `alm_bitmask_hi`).
    pub active_detectors: Option<u32>,
    /// `Locale:` time-zone name, raw bytes.
    pub locale: Option<Vec<u8>>,
    /// `UTCoffset:` minutes.
    pub utc_offset: Option<i32>,
    /// Every other non-empty line plus CR LF, in order, byte for byte
    /// (including `Comments:` lines and known tags whose value did not parse).
    pub extra_text: Vec<u8>,
}

/// Value after `tag` + `:` with spaces skipped, if `line` starts with it.
fn tag_value<'a>(line: &'a [u8], tag: &[u8]) -> Option<&'a [u8]> {
    let rest = line.strip_prefix(tag)?.strip_prefix(b":")?;
    let skip = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    rest.get(skip..)
}

/// sscanf-like `%d`: optional leading blanks and sign, then digits; returns rest.
fn scan_int(v: &[u8]) -> Option<(i32, &[u8])> {
    let skip = v.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let mut rest = v.get(skip..)?;
    let neg = match rest.first() {
        Some(b'-') => true,
        Some(b'+') => false,
        _ => {
            return scan_digits(rest, false);
        }
    };
    rest = rest.get(1..)?;
    scan_digits(rest, neg)
}

/// Decimal digits (at least one) with checked accumulation.
fn scan_digits(v: &[u8], neg: bool) -> Option<(i32, &[u8])> {
    let n = v.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    let mut acc: i32 = 0;
    for &d in v.get(..n)? {
        let d = i32::from(d - b'0');
        acc = acc.checked_mul(10)?;
        acc = if neg {
            acc.checked_sub(d)?
        } else {
            acc.checked_add(d)?
        };
    }
    Some((acc, v.get(n..)?))
}

/// Three integers separated by `sep` (`%d/%d/%d` style).
fn scan_triple(v: &[u8], sep: u8) -> Option<(i32, i32, i32)> {
    let (a, r) = scan_int(v)?;
    let r = r.strip_prefix(&[sep])?;
    let (b, r) = scan_int(r)?;
    let r = r.strip_prefix(&[sep])?;
    let (c, _) = scan_int(r)?;
    Some((a, b, c))
}

/// `%X`-like hex u32 (optional `0x`), at most 8 digits.
fn scan_hex(v: &[u8]) -> Option<u32> {
    let skip = v.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let mut r = v.get(skip..)?;
    if let Some(s) = r.strip_prefix(b"0x").or_else(|| r.strip_prefix(b"0X")) {
        r = s;
    }
    let n = r.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if n == 0 || n > 8 {
        return None;
    }
    let s = std::str::from_utf8(r.get(..n)?).ok()?;
    u32::from_str_radix(s, 16).ok()
}

/// Applies one `Tag: value` line; false if the line is not a parsed known tag.
fn apply_line(f: &mut CommentFields, line: &[u8]) -> bool {
    /// Tags with their setters; `None` from the setter means "did not parse".
    type Setter = fn(&mut CommentFields, &[u8]) -> Option<()>;
    const TAGS: &[(&[u8], Setter)] = &[
        (b"Version", |f, v| {
            f.version = Some(String::from_utf8_lossy(v).trim_end().to_string());
            Some(())
        }),
        (b"Name", |f, v| {
            f.name = Some(v.to_vec());
            Some(())
        }),
        (b"Number", |f, v| {
            f.number = Some(scan_int(v)?.0);
            Some(())
        }),
        (b"Date", |f, v| {
            f.date = Some(scan_triple(v, b'/')?);
            Some(())
        }),
        (b"Time", |f, v| {
            f.time = Some(scan_triple(v, b':')?);
            Some(())
        }),
        (b"MSec", |f, v| {
            f.msec = Some(scan_int(v)?.0);
            Some(())
        }),
        (b"Q-Factor", |f, v| {
            f.q_factor = Some(scan_int(v)?.0);
            Some(())
        }),
        (b"Alarm-text", |f, v| {
            f.alarm_text = Some(v.to_vec());
            Some(())
        }),
        (b"Active-alarms", |f, v| {
            f.active_alarms = Some(scan_hex(v)?);
            Some(())
        }),
        (b"Active-detectors", |f, v| {
            f.active_detectors = Some(scan_hex(v)?);
            Some(())
        }),
        (b"Locale", |f, v| {
            f.locale = Some(v.to_vec());
            Some(())
        }),
        (b"UTCoffset", |f, v| {
            f.utc_offset = Some(scan_int(v)?.0);
            Some(())
        }),
    ];
    for (tag, set) in TAGS {
        if let Some(v) = tag_value(line, tag) {
            // empty values are dropped silently, as the vendor's MIME parser does
            return v.is_empty() || set(f, v).is_some();
        }
    }
    false
}

/// Parses DM key/value metadata text (JFIF COM, MIME `text/plain`).
///
/// Lines end at LF; one CR before it (and NULs, as the Java client writes)
/// is removed. A line starting with NUL ends the text. Tags are matched
/// case-sensitively as `Tag:` prefixes with blanks after the colon skipped.
pub fn parse_comment(text: &[u8]) -> CommentFields {
    let mut f = CommentFields::default();
    for raw in text.split(|&b| b == b'\n') {
        if raw.first() == Some(&0) {
            break;
        }
        let mut line = raw;
        while let Some(l) = line.strip_suffix(b"\0") {
            line = l;
        }
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        if line.is_empty() {
            continue;
        }
        if !apply_line(&mut f, line) {
            f.extra_text.extend_from_slice(line);
            f.extra_text.extend_from_slice(b"\r\n");
        }
    }
    f
}

/// Days from 1970-01-01 to the civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Number of days in month `m` of year `y`.
fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Unix milliseconds of a civil date (d, m, y) and time (h, m, s) read as UTC.
///
/// Years 1..=9999 only; fields out of range and negative `msec` give None.
/// `msec` is taken modulo 1000, as NetVu timestamps are (spec §1.7).
pub fn utc_millis(date: (i32, i32, i32), time: (i32, i32, i32), msec: i32) -> Option<i64> {
    let (d, mo, y) = date;
    let (h, mi, s) = time;
    let ok = (1..=9999).contains(&y)
        && (1..=12).contains(&mo)
        && d >= 1
        && d <= days_in_month(y, mo)
        && (0..=23).contains(&h)
        && (0..=59).contains(&mi)
        && (0..=59).contains(&s)
        && msec >= 0;
    if !ok {
        return None;
    }
    let days = days_from_civil(i64::from(y), i64::from(mo), i64::from(d));
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s);
    Some(secs * 1000 + i64::from(msec % 1000))
}

/// DM `DMImageData` from a `DigiSpr` APP0 payload (spec §6.3, big-endian).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DigiSpr {
    /// Length of the JPEG, as the server states it.
    pub jpeg_length: u32,
    /// Image sequence number.
    pub sequence: i64,
    /// Unix seconds (UTC).
    pub seconds: u32,
    /// Milliseconds.
    pub millis: u16,
    /// Time flags; 0x0080 = time zone unknown.
    pub time_flags: u16,
    /// Camera (base unknown).
    pub camera: u8,
    /// Status byte.
    pub status: u8,
    /// Activity words, read big-endian (byte order uncertain).
    pub activity: [u16; 8],
    /// JPEG Q factor.
    pub q_factor: u16,
    /// Picture height.
    pub height: u16,
    /// Picture width.
    pub width: u16,
    /// Resolution code.
    pub resolution: u16,
    /// Interlace (meaning unknown).
    pub interlace: u16,
    /// Sub-header mask.
    pub sub_header_mask: u16,
    /// Camera title up to the first NUL of its 24-byte field.
    pub title: Vec<u8>,
    /// Alarm text up to the first NUL of its 24-byte field.
    pub alarm: Vec<u8>,
}

/// Bytes of a fixed NUL-padded field up to its first NUL.
fn until_nul(field: &[u8]) -> Vec<u8> {
    field.iter().take_while(|&&b| b != 0).copied().collect()
}

/// Decodes a 106-byte `DigiSpr` payload; None if short or not `DigiSpr`.
pub fn parse_digispr(payload: &[u8]) -> Option<DigiSpr> {
    if payload.len() < 106 || !payload.starts_with(b"DigiSpr") {
        return None;
    }
    let mut activity = [0u16; 8];
    for (i, a) in activity.iter_mut().enumerate() {
        *a = be16(payload, 30 + 2 * i)?;
    }
    Some(DigiSpr {
        jpeg_length: be32(payload, 8)?,
        sequence: be_i64(payload, 12)?,
        seconds: be32(payload, 20)?,
        millis: be16(payload, 24)?,
        time_flags: be16(payload, 26)?,
        camera: *payload.get(28)?,
        status: *payload.get(29)?,
        activity,
        q_factor: be16(payload, 46)?,
        height: be16(payload, 48)?,
        width: be16(payload, 50)?,
        resolution: be16(payload, 52)?,
        interlace: be16(payload, 54)?,
        sub_header_mask: be16(payload, 56)?,
        title: until_nul(payload.get(58..82)?),
        alarm: until_nul(payload.get(82..106)?),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const S422: [u8; 3] = [0x28, 0xA0, 0x0F];
    const S420: [u8; 4] = [0x28, 0xA2, 0x8A, 0x00];
    const SDC: [u8; 3] = [0x5A, 0x28, 0x03];

    /// Decodes with jpeg-decoder and returns (width, height, RGB pixels).
    fn decode(jpeg: &[u8]) -> (u16, u16, Vec<u8>) {
        let mut d = jpeg_decoder::Decoder::new(jpeg);
        let px = d.decode().unwrap();
        let info = d.info().unwrap();
        (info.width, info.height, px)
    }

    /// Spec T10: the 755-byte JFIF with a COM comment.
    fn t10() -> Vec<u8> {
        let hdr = jfif_header(50, 16, 8, 0);
        let com: &[u8] = b"Version: 00.02\r\nNumber: 1\r\nName: Cam1\r\nDate: 01/01/2010\r\n\
Time: 00:00:00\r\nMSec: 500\r\nLocale: GMT\r\nUTCoffset: 0\r\nFrameNum:7\r\n";
        let mut j = hdr[..20].to_vec();
        j.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x7D]);
        j.extend_from_slice(com);
        j.extend_from_slice(&hdr[20..]);
        j.extend_from_slice(&S422);
        j.extend_from_slice(&[0xFF, 0xD9]);
        j
    }

    /// Spec T9: the 738-byte Digital Sprite JPEG with a DigiSpr APP0.
    fn t9() -> Vec<u8> {
        let hdr = jfif_header(50, 16, 8, 0);
        let mut p = b"DigiSpr\0".to_vec();
        p.extend_from_slice(&[0, 0, 2, 0x74]);
        p.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0x2A]);
        p.extend_from_slice(&[0x4B, 0x3D, 0x3B, 0x00, 0x01, 0xF4, 0x00, 0x80]);
        p.extend_from_slice(&[1, 0]);
        p.extend_from_slice(&[0; 16]);
        p.extend_from_slice(&[0, 0x32, 0, 8, 0, 0x10, 0, 2, 0, 0, 0, 0]);
        p.extend_from_slice(b"Cam1");
        p.extend_from_slice(&[0; 20]);
        p.extend_from_slice(&[0; 24]);
        assert_eq!(p.len(), 106);
        let mut j = hdr[..20].to_vec();
        j.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x6C]);
        j.extend_from_slice(&p);
        j.extend_from_slice(&hdr[20..]);
        j.extend_from_slice(&S422);
        j.extend_from_slice(&[0xFF, 0xD9]);
        j
    }

    #[test]
    fn quant_tables_match_spec_rows() {
        assert_eq!(quant_tables(50).0, LUMA_BASE);
        assert_eq!(quant_tables(50).1, CHROMA_BASE);
        assert_eq!(quant_tables(10).0[..8], [3, 2, 2, 3, 2, 2, 3, 3]);
        assert_eq!(quant_tables(25).0[..8], [8, 6, 6, 7, 6, 5, 8, 7]);
        assert_eq!(quant_tables(100).0[..8], [32, 22, 24, 28, 24, 20, 32, 28]);
        assert_eq!(quant_tables(255).0[..8], [82, 56, 61, 71, 61, 51, 82, 71]);
        // clamping at both ends
        assert!(quant_tables(1).0.iter().all(|&v| v >= 1));
        assert_eq!(quant_tables(1).0[0], 1);
        assert_eq!(quant_tables(255).1[63], 255);
        assert_eq!(quant_tables(100).1[..4], [34, 36, 36, 48]);
    }

    #[test]
    fn header_layout_is_vendor_exact() {
        let h = jfif_header(50, 16, 8, 0);
        assert_eq!(h.len(), JFIF_HEADER_LEN);
        assert_eq!(
            h[..20],
            [
                0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x02, 0x02,
                0x00, 0x19, 0x00, 0x19, 0x00, 0x00
            ]
        );
        assert_eq!(h[20..25], [0xFF, 0xDB, 0x00, 0x43, 0x00]);
        assert_eq!(h[25..89], LUMA_BASE);
        assert_eq!(h[89..94], [0xFF, 0xDB, 0x00, 0x43, 0x01]);
        assert_eq!(h[94..158], CHROMA_BASE);
        assert_eq!(
            h[158..177],
            [
                0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x08, 0x00, 0x10, 0x03, 0x01, 0x21, 0x00, 0x02,
                0x11, 0x01, 0x03, 0x11, 0x01
            ]
        );
        // four DHT segments in their own segments, vendor order
        assert_eq!(h[177..182], [0xFF, 0xC4, 0x00, 0x1F, 0x00]);
        assert_eq!(h[182..198], DC_LUMA_BITS);
        assert_eq!(h[198..210], DC_VALS);
        assert_eq!(h[210..215], [0xFF, 0xC4, 0x00, 0xB5, 0x10]);
        assert_eq!(h[215..231], AC_LUMA_BITS);
        assert_eq!(h[231..393], AC_LUMA_VALS);
        assert_eq!(h[393..398], [0xFF, 0xC4, 0x00, 0x1F, 0x01]);
        assert_eq!(h[426..431], [0xFF, 0xC4, 0x00, 0xB5, 0x11]);
        assert_eq!(h[431..447], AC_CHROMA_BITS);
        assert_eq!(h[609..], SOS);
        // the code counts add up to the number of values
        let sum = |b: &[u8]| b.iter().map(|&x| usize::from(x)).sum::<usize>();
        assert_eq!(sum(&AC_LUMA_BITS), 162);
        assert_eq!(sum(&AC_CHROMA_BITS), 162);
        assert_eq!(sum(&DC_LUMA_BITS), 12);
        assert_eq!(sum(&DC_CHROMA_BITS), 12);
    }

    #[test]
    fn header_density_and_sampling_rules() {
        assert_eq!(jfif_header(50, 704, 288, 0)[17], 0x32);
        assert_eq!(jfif_header(50, 720, 240, 0)[17], 0x32);
        assert_eq!(jfif_header(50, 704, 480, 0)[17], 0x19); // `< 480`, not `<=`
        assert_eq!(jfif_header(50, 360, 288, 0)[17], 0x19);
        assert_eq!(jfif_header(50, 16, 8, 1)[169], 0x22);
        assert_eq!(jfif_header(50, 16, 8, 0)[169], 0x21);
        assert_eq!(jfif_header(50, 16, 8, 3)[169], 0x21);
        let h = jfif_header(50, 704, 576, 1);
        assert_eq!(h[163..167], [0x02, 0x40, 0x02, 0xC0]);
    }

    #[test]
    fn t1_packet_is_628_bytes_and_decodes_grey() {
        let p = rebuild_jfif(50, 16, 8, 0, &S422);
        assert_eq!(p.len(), 628);
        assert_eq!(p[623..], [0x28, 0xA0, 0x0F, 0xFF, 0xD9]);
        let (w, h, px) = decode(&p);
        assert_eq!((w, h), (16, 8));
        assert!(px.iter().all(|&v| v == 128), "{px:?}");
    }

    #[test]
    fn s420_decodes_as_h2v2() {
        let p = rebuild_jfif(50, 16, 16, 1, &S420);
        let (w, h, px) = decode(&p);
        assert_eq!((w, h), (16, 16));
        assert!(px.iter().all(|&v| v == 128));
    }

    #[test]
    fn sdc_tests_q_scaling() {
        let (_, _, px) = decode(&rebuild_jfif(50, 16, 8, 0, &SDC));
        assert!(px.iter().all(|&v| v == 130), "{:?}", &px[..6]);
        let (_, _, px) = decode(&rebuild_jfif(100, 16, 8, 0, &SDC));
        assert!(px.iter().all(|&v| v == 132), "{:?}", &px[..6]);
    }

    #[test]
    fn parse_own_header_round_trips_every_q() {
        for q in 1..=255u8 {
            let h = jfif_header(q, 704, 288, 1);
            assert_eq!(parse_jfif(&h).unwrap().q_factor(&h), Some(i32::from(q)));
        }
        let info = parse_jfif(&rebuild_jfif(50, 704, 288, 1, &S422)).unwrap();
        assert_eq!(info.width, Some(704));
        assert_eq!(info.height, Some(288));
        assert_eq!(info.vid_format, Some(1));
        assert_eq!(info.density, Some((25, 50)));
        assert_eq!(info.header_len, JFIF_HEADER_LEN);
        assert_eq!(info.comment, None);
        assert_eq!(info.digispr, None);
    }

    #[test]
    fn whole_table_match_beats_vendor_single_entry() {
        // Q 252's table: the vendor would report 250 (entry 31 clamps at 255)
        let h = jfif_header(252, 16, 8, 0);
        assert_eq!(parse_jfif(&h).unwrap().q_factor(&h), Some(252));
        // a non-NetVu table is matched to the nearest Q
        let mut h = jfif_header(50, 16, 8, 0);
        h[25] = 17; // first luma entry off by one
        assert_eq!(parse_jfif(&h).unwrap().q_factor(&h), Some(50));
    }

    #[test]
    fn sixteen_bit_and_multi_table_dqt() {
        let (luma, chroma) = quant_tables(80);
        let mut seg = vec![0x01u8]; // 8-bit table 1
        seg.extend_from_slice(&chroma);
        seg.push(0x10); // 16-bit table 0
        for v in luma {
            seg.extend_from_slice(&u16::from(v).to_be_bytes());
        }
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xDB];
        j.extend_from_slice(&u16::try_from(seg.len() + 2).unwrap().to_be_bytes());
        j.extend_from_slice(&seg);
        j.extend_from_slice(&SOS);
        let info = parse_jfif(&j).unwrap();
        assert_eq!(info.q_factor(&j), Some(80));
        assert_eq!(info.header_len, j.len());
    }

    #[test]
    fn t10_comment_fields() {
        let j = t10();
        assert_eq!(j.len(), 755);
        let info = parse_jfif(&j).unwrap();
        assert_eq!(info.header_len, 750);
        assert_eq!(info.q_factor(&j), Some(50));
        assert_eq!(
            (info.width, info.height, info.vid_format),
            (Some(16), Some(8), Some(0))
        );
        assert_eq!(info.comment, Some(24..147));
        let c = parse_comment(&j[info.comment.unwrap()]);
        assert_eq!(c.version.as_deref(), Some("00.02"));
        assert_eq!(c.number, Some(1));
        assert_eq!(c.name.as_deref(), Some(&b"Cam1"[..]));
        assert_eq!(c.date, Some((1, 1, 2010)));
        assert_eq!(c.time, Some((0, 0, 0)));
        assert_eq!(c.msec, Some(500));
        assert_eq!(c.locale.as_deref(), Some(&b"GMT"[..]));
        assert_eq!(c.utc_offset, Some(0));
        assert_eq!(c.extra_text, b"FrameNum:7\r\n");
        assert_eq!(
            utc_millis(c.date.unwrap(), c.time.unwrap(), c.msec.unwrap()),
            Some(1_262_304_000_500)
        );
        // the packet still decodes
        let (w, h, _) = decode(&j);
        assert_eq!((w, h), (16, 8));
    }

    #[test]
    fn t9_digispr() {
        let j = t9();
        assert_eq!(j.len(), 738);
        let info = parse_jfif(&j).unwrap();
        let r = info.digispr.clone().unwrap();
        assert_eq!(r, 24..130);
        let d = parse_digispr(&j[r]).unwrap();
        assert_eq!(d.jpeg_length, 0x274);
        assert_eq!(d.sequence, 42);
        assert_eq!(
            (d.seconds, d.millis, d.time_flags),
            (1_262_304_000, 500, 0x80)
        );
        assert_eq!((d.camera, d.status), (1, 0));
        assert_eq!(d.activity, [0; 8]);
        assert_eq!((d.q_factor, d.height, d.width), (50, 8, 16));
        assert_eq!((d.resolution, d.interlace, d.sub_header_mask), (2, 0, 0));
        assert_eq!(d.title, b"Cam1");
        assert!(d.alarm.is_empty());
        assert_eq!(info.header_len, 738 - 5);
        assert_eq!(parse_digispr(&j[24..129]), None); // one byte short
        assert_eq!(parse_digispr(&[0u8; 106]), None);
    }

    #[test]
    fn digispr_full_fields_and_unterminated_title() {
        let mut p = b"DigiSpr\0".to_vec();
        p.extend((8u8..106).map(|i| i.wrapping_mul(7) | 1)); // no NULs
        let d = parse_digispr(&p).unwrap();
        assert_eq!(d.title.len(), 24);
        assert_eq!(d.alarm.len(), 24);
        assert_eq!(d.activity[0], u16::from_be_bytes([p[30], p[31]]));
        assert_eq!(d.activity[7], u16::from_be_bytes([p[44], p[45]]));
        assert_eq!(d.sub_header_mask, u16::from_be_bytes([p[56], p[57]]));
    }

    #[test]
    fn soi_search_and_resync() {
        // leading junk (including a lone FF) before SOI
        let mut j = vec![0x00, 0xFF, 0x11, 0x22];
        j.extend_from_slice(&t10());
        let info = parse_jfif(&j).unwrap();
        assert_eq!(info.header_len, 754);
        assert_eq!(info.comment, Some(28..151));
        // garbage bytes between segments, fill bytes, standalone markers
        let h = jfif_header(50, 32, 16, 1);
        let mut k = h[..20].to_vec();
        k.extend_from_slice(&[0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xD0, 0xFF, 0x01, 0xFF, 0x00]);
        k.extend_from_slice(&h[20..]);
        let info = parse_jfif(&k).unwrap();
        assert_eq!(info.width, Some(32));
        assert_eq!(info.q_factor(&k), Some(50));
        assert_eq!(info.header_len, k.len());
        // EOI before SOS
        let info = parse_jfif(&[0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xDA, 0, 2]).unwrap();
        assert_eq!(info.header_len, 0);
    }

    #[test]
    fn errors_and_truncation_never_panic() {
        assert_eq!(parse_jfif(&[]), Err(JpegError::NoSoi));
        assert_eq!(parse_jfif(&[0xFF]), Err(JpegError::NoSoi));
        assert_eq!(parse_jfif(b"hello world"), Err(JpegError::NoSoi));
        let j = t10();
        for n in 0..j.len() {
            let r = parse_jfif(&j[..n]);
            if n < 2 {
                assert!(r.is_err());
            } else {
                let info = r.unwrap();
                assert!(info.header_len == 0 || info.header_len == 750);
                if n < 750 {
                    assert_eq!(info.header_len, 0);
                }
            }
        }
        // zero / one length fields must still advance
        parse_jfif(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00, 0xFF, 0xE0, 0x00, 0x01]).unwrap();
        // pseudo-random inputs with SOI prefix
        let mut s: u32 = 12345;
        for _ in 0..2000 {
            let mut v = vec![0xFF, 0xD8];
            for _ in 0..64 {
                s = s.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let b = (s >> 16) as u8;
                v.push(if b % 5 == 0 { 0xFF } else { b });
            }
            let _ = parse_jfif(&v);
        }
    }

    #[test]
    fn comment_parsing_rules() {
        let t = b"Name: Cam1\nNumber:3\r\nActive-alarms: 0000000A\r\nActive-detectors:FFFFFFFF\r\n\
name: lower\r\nNumbers: 5\r\nComments: hi\r\nQ-Factor: 75\r\nAlarm-text: Door \xe9\r\n\r\n\
\xff\xfe raw\r\nUTCoffset: -60\r\nVersion: 00.03\0\nLast: no newline";
        let c = parse_comment(t);
        assert_eq!(c.name.as_deref(), Some(&b"Cam1"[..])); // no CR: last char kept
        assert_eq!(c.number, Some(3));
        assert_eq!(c.active_alarms, Some(10));
        assert_eq!(c.active_detectors, Some(0xFFFF_FFFF));
        assert_eq!(c.q_factor, Some(75));
        assert_eq!(c.alarm_text.as_deref(), Some(&b"Door \xe9"[..]));
        assert_eq!(c.utc_offset, Some(-60));
        assert_eq!(c.version.as_deref(), Some("00.03"));
        assert_eq!(
            c.extra_text,
            b"name: lower\r\nNumbers: 5\r\nComments: hi\r\n\xff\xfe raw\r\nLast: no newline\r\n"
        );
    }

    #[test]
    fn comment_stops_at_nul_and_keeps_bad_values() {
        let c = parse_comment(b"Number: x\r\nDate: 1/2\r\nName:\r\nTime: 1:2:3\r\n\0Number: 9\r\n");
        assert_eq!(c.number, None);
        assert_eq!(c.date, None);
        assert_eq!(c.name, None);
        assert_eq!(c.time, Some((1, 2, 3)));
        assert_eq!(c.extra_text, b"Number: x\r\nDate: 1/2\r\n");
        let c = parse_comment(b"Number: 99999999999\r\nActive-alarms: 123456789\r\n");
        assert_eq!(c.number, None);
        assert_eq!(c.active_alarms, None);
        assert_eq!(parse_comment(b""), CommentFields::default());
    }

    #[test]
    fn utc_millis_civil_conversion() {
        assert_eq!(utc_millis((1, 1, 1970), (0, 0, 0), 0), Some(0));
        assert_eq!(utc_millis((31, 12, 1969), (23, 59, 59), 999), Some(-1));
        assert_eq!(
            utc_millis((1, 1, 2010), (0, 0, 0), 500),
            Some(1_262_304_000_500)
        );
        assert_eq!(
            utc_millis((29, 2, 2024), (12, 34, 56), 0),
            Some(1_709_210_096_000)
        );
        assert_eq!(
            utc_millis((1, 3, 2000), (0, 0, 0), 0),
            Some(951_868_800_000)
        );
        assert!(utc_millis((29, 2, 2000), (0, 0, 0), 0).is_some());
        assert_eq!(utc_millis((29, 2, 1900), (0, 0, 0), 0), None);
        assert_eq!(utc_millis((31, 4, 2010), (0, 0, 0), 0), None);
        assert_eq!(utc_millis((0, 1, 2010), (0, 0, 0), 0), None);
        assert_eq!(utc_millis((1, 13, 2010), (0, 0, 0), 0), None);
        assert_eq!(utc_millis((1, 1, 2010), (24, 0, 0), 0), None);
        assert_eq!(utc_millis((1, 1, 2010), (0, 60, 0), 0), None);
        assert_eq!(utc_millis((1, 1, 2010), (0, 0, 0), -1), None);
        assert_eq!(utc_millis((1, 1, 0), (0, 0, 0), 0), None);
        assert_eq!(
            utc_millis((1, 1, 2010), (0, 0, 0), 1500),
            Some(1_262_304_000_500)
        );
    }
}
