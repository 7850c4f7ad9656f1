//! PBM motion masks, plain or DM run-length packed (spec §9.5).
//!
//! A mask is a PBM whose comment may start `RLE `: its raster is then a list
//! of (count, value) byte pairs. [`parse_pbm`] parses the header the standard
//! PNM way (not the vendor's fixed `DDD DDD` advance) and always yields a
//! standard P4 file with ⌈W/8⌉-byte rows.

use std::fmt;

/// Largest accepted width or height; caps the raster at 512 × 4096 bytes.
pub const MAX_MASK_DIM: u32 = 4096;

/// A decoded mask: a standard P4 file plus what its header said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mask {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Text of the last header comment, without a leading `RLE `.
    pub comment: Vec<u8>,
    /// True if the raster was run-length packed.
    pub rle: bool,
    /// A standard P4 file: header, then exactly ⌈W/8⌉·H raster bytes.
    pub pbm: Vec<u8>,
}

/// Why a mask could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PbmError {
    /// Not `P1`..`P6` followed by whitespace.
    NotPbm,
    /// A greymap or pixmap (`P2`, `P3`, `P5`, `P6`): the digit is given.
    Unsupported(u8),
    /// Width or height missing, zero or malformed.
    BadDimensions,
    /// Width or height above [`MAX_MASK_DIM`].
    TooLarge,
}

impl fmt::Display for PbmError {
    /// Human-readable reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PbmError::NotPbm => f.write_str("not a PBM file"),
            PbmError::Unsupported(d) => write!(f, "unsupported PNM type P{}", char::from(*d)),
            PbmError::BadDimensions => f.write_str("bad PBM dimensions"),
            PbmError::TooLarge => write!(f, "PBM larger than {MAX_MASK_DIM} pixels a side"),
        }
    }
}

impl std::error::Error for PbmError {}

/// PNM whitespace: space, TAB, LF, VT, FF, CR.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Header scanning state: position, last comment, RLE flag and where `RLE ` sat.
struct Header<'a> {
    /// The whole input.
    bytes: &'a [u8],
    /// Next byte to look at.
    pos: usize,
    /// Text of the last comment seen.
    comment: Vec<u8>,
    /// Whether any comment started with `RLE `.
    rle: bool,
    /// Offsets of each `RLE ` tag, to drop from the output header.
    rle_tags: Vec<usize>,
}

impl Header<'_> {
    /// Skips a comment at `pos` (from `#` to LF, LF consumed), recording it.
    fn comment(&mut self) {
        let start = self.pos + 1;
        let rest = self.bytes.get(start..).unwrap_or(&[]);
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let mut text = rest.get(..len).unwrap_or(&[]);
        if let Some(t) = text.strip_prefix(b"RLE ") {
            self.rle = true;
            self.rle_tags.push(start);
            text = t;
        }
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        self.comment = text.to_vec();
        self.pos = start + len + 1; // past the LF (may pass the end)
    }

    /// Skips whitespace and comments before a header token.
    fn skip_space(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == b'#' {
                self.comment();
            } else if is_ws(b) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Reads one decimal dimension in 1..=MAX_MASK_DIM.
    fn number(&mut self) -> Result<u32, PbmError> {
        self.skip_space();
        let mut value: u32 = 0;
        let mut digits = 0usize;
        while let Some(&b) = self.bytes.get(self.pos) {
            if !b.is_ascii_digit() {
                break;
            }
            value = value * 10 + u32::from(b - b'0');
            if value > MAX_MASK_DIM {
                return Err(PbmError::TooLarge);
            }
            digits += 1;
            self.pos += 1;
        }
        if digits == 0 || value == 0 {
            return Err(PbmError::BadDimensions);
        }
        Ok(value)
    }
}

/// Reads a PBM mask, unpacking DM's RLE raster when the comment says `RLE `.
///
/// P4 and P1 are read (P1 is converted to P4). A short raster is padded with
/// white (0) bytes; extra bytes are dropped. Output is at most the header plus
/// ⌈W/8⌉·H bytes with W, H ≤ [`MAX_MASK_DIM`].
pub fn parse_pbm(bytes: &[u8]) -> Result<Mask, PbmError> {
    let kind = match bytes {
        [b'P', d @ b'1'..=b'6', ws, ..] if is_ws(*ws) => *d,
        _ => return Err(PbmError::NotPbm),
    };
    if kind != b'1' && kind != b'4' {
        return Err(PbmError::Unsupported(kind));
    }
    let mut h = Header {
        bytes,
        pos: 2,
        comment: Vec::new(),
        rle: false,
        rle_tags: Vec::new(),
    };
    let width = h.number()?;
    let height = h.number()?;
    // one whitespace byte (or a comment ending in LF) ends the header
    // a header cut short of its delimiter gets an LF so the output stays valid
    let needs_lf = match bytes.get(h.pos) {
        Some(b'#') => {
            h.comment();
            h.pos > bytes.len()
        }
        Some(&b) if is_ws(b) => {
            h.pos += 1;
            false
        }
        Some(_) => return Err(PbmError::BadDimensions),
        None => true,
    };
    let header_end = h.pos.min(bytes.len());
    let row = width.div_ceil(8) as usize;
    let raster_len = row * height as usize;
    let body = bytes.get(header_end..).unwrap_or(&[]);

    let mut pbm;
    if kind == b'1' {
        pbm = b"P4\n".to_vec();
        if !h.comment.is_empty() {
            pbm.push(b'#');
            pbm.extend_from_slice(&h.comment);
            pbm.push(b'\n');
        }
        pbm.extend_from_slice(format!("{width} {height}\n").as_bytes());
        pbm.extend(plain_to_raster(body, width, height, row));
        // P1 is never RLE-packed
        h.rle = false;
    } else {
        let header = bytes.get(..header_end).unwrap_or(&[]);
        pbm = Vec::with_capacity(header.len() + raster_len);
        let mut from = 0;
        for &tag in &h.rle_tags {
            pbm.extend_from_slice(header.get(from..tag).unwrap_or(&[]));
            from = tag + 4;
        }
        pbm.extend_from_slice(header.get(from..).unwrap_or(&[]));
        if needs_lf {
            pbm.push(b'\n');
        }
        let start = pbm.len();
        if h.rle {
            unpack_rle(body, raster_len, &mut pbm);
        } else {
            pbm.extend_from_slice(body.get(..raster_len.min(body.len())).unwrap_or(&[]));
        }
        pbm.resize(start + raster_len, 0);
    }
    Ok(Mask {
        width,
        height,
        comment: h.comment,
        rle: h.rle,
        pbm,
    })
}

/// Expands (count, value) pairs, count 0 meaning one byte, up to `cap` bytes.
/// An odd trailing byte is ignored.
fn unpack_rle(body: &[u8], cap: usize, out: &mut Vec<u8>) {
    let mut left = cap;
    for pair in body.chunks_exact(2) {
        let (&[count, value], true) = (pair, left > 0) else {
            break;
        };
        let count = usize::from(count).max(1);
        let n = count.min(left);
        out.extend(std::iter::repeat_n(value, n));
        left -= n;
    }
}

/// Packs a plain (P1) raster of `0`/`1` characters into P4 rows.
fn plain_to_raster(body: &[u8], width: u32, height: u32, row: usize) -> Vec<u8> {
    let mut out = vec![0u8; row * height as usize];
    let mut bits = body.iter().filter(|b| matches!(b, b'0' | b'1'));
    for y in 0..height as usize {
        for x in 0..width as usize {
            let Some(&bit) = bits.next() else {
                return out;
            };
            if bit == b'1' {
                if let Some(byte) = out.get_mut(y * row + x / 8) {
                    *byte |= 0x80 >> (x % 8);
                }
            }
        }
    }
    out
}

impl Mask {
    /// True if pixel (x, y) is set (black, i.e. masked); false outside the mask.
    pub fn get(&self, x: u32, y: u32) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        let row = self.width.div_ceil(8) as usize;
        let Some(raster_len) = row.checked_mul(self.height as usize) else {
            return false;
        };
        let Some(start) = self.pbm.len().checked_sub(raster_len) else {
            return false;
        };
        let idx = start + y as usize * row + x as usize / 8;
        self.pbm
            .get(idx)
            .is_some_and(|b| b & (0x80 >> (x % 8)) != 0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Spec T5 mask payload.
    const T5: [u8; 27] = [
        0x50, 0x34, 0x0a, 0x23, 0x52, 0x4c, 0x45, 0x20, 0x5a, 0x6f, 0x6e, 0x65, 0x20, 0x31, 0x0a,
        0x30, 0x31, 0x36, 0x20, 0x30, 0x30, 0x32, 0x0a, 0x02, 0x00, 0x02, 0xff,
    ];

    #[test]
    fn t5_rle_mask() {
        let m = parse_pbm(&T5).unwrap();
        assert_eq!((m.width, m.height, m.rle), (16, 2, true));
        assert_eq!(m.comment, b"Zone 1");
        assert_eq!(m.pbm, b"P4\n#Zone 1\n016 002\n\x00\x00\xFF\xFF");
        assert_eq!(m.pbm.len(), 23);
        for x in 0..16 {
            assert!(!m.get(x, 0));
            assert!(m.get(x, 1));
        }
        assert!(!m.get(16, 1));
        assert!(!m.get(0, 2));
    }

    #[test]
    fn width_not_multiple_of_8_uses_full_rows() {
        // 22x3: 3-byte rows; the vendor would size 8 bytes and mis-address rows
        let mut v = b"P4\n#RLE z\n22 3\n".to_vec();
        v.extend_from_slice(&[3, 0x00, 0, 0xFF, 2, 0xFC, 3, 0x01, 7]); // odd tail
        let m = parse_pbm(&v).unwrap();
        assert_eq!(m.pbm, b"P4\n#z\n22 3\n\x00\x00\x00\xFF\xFC\xFC\x01\x01\x01");
        assert!(!m.get(21, 0));
        assert!(m.get(0, 1));
        assert!(m.get(21, 1));
        assert!(!m.get(0, 2));
        assert!(m.get(7, 2));
        assert!(m.get(15, 2));
        assert!(!m.get(21, 2)); // bit 0x04 of 0x01 is clear; bit 23 is padding
    }

    #[test]
    fn rle_output_is_capped_and_padded() {
        let mut v = b"P4\n#RLE big\n16 2\n".to_vec();
        for _ in 0..1000 {
            v.extend_from_slice(&[255, 0xFF]);
        }
        let m = parse_pbm(&v).unwrap();
        assert_eq!(m.pbm.len(), b"P4\n#big\n16 2\n".len() + 4);
        let m = parse_pbm(b"P4\n#RLE short\n16 2\n\x01\xFF").unwrap();
        assert!(m.pbm.ends_with(&[0xFF, 0, 0, 0]));
    }

    #[test]
    fn plain_p4_and_standard_header_forms() {
        let m = parse_pbm(b"P4 8 2\n\xAA\x55junk").unwrap();
        assert!(!m.rle);
        assert_eq!(m.pbm, b"P4 8 2\n\xAA\x55");
        assert!(m.get(0, 0) && !m.get(1, 0) && m.get(1, 1));
        // comments between tokens, multi-digit and unpadded sizes, CR LF
        let m = parse_pbm(b"P4\r\n# a\r\n12 # b\n1\n\xFF\xF0").unwrap();
        assert_eq!((m.width, m.height), (12, 1));
        assert_eq!(m.comment, b" b");
        assert!(m.get(11, 0));
        // truncated raster padded
        let m = parse_pbm(b"P4\n8 2\n\xFF").unwrap();
        assert!(m.pbm.ends_with(&[0xFF, 0]));
        // nothing after height
        assert_eq!(parse_pbm(b"P4\n8 2").unwrap().pbm, b"P4\n8 2\n\0\0");
        assert_eq!(parse_pbm(b"P4\n8 2#x").unwrap().pbm, b"P4\n8 2#x\n\0\0");
        assert_eq!(parse_pbm(b"P4\n8 2\n").unwrap().pbm, b"P4\n8 2\n\0\0");
        assert_eq!(parse_pbm(b"P4\n8 2 ").unwrap().pbm, b"P4\n8 2 \0\0");
    }

    #[test]
    fn plain_p1_converted() {
        let m = parse_pbm(b"P1\n# hello\n3 2\n1 0 1\n01").unwrap();
        assert_eq!(m.pbm, b"P4\n# hello\n3 2\n\xA0\x40");
        assert!(m.get(0, 0) && !m.get(1, 0) && m.get(2, 0) && m.get(1, 1) && !m.get(2, 1));
    }

    #[test]
    fn errors() {
        assert_eq!(parse_pbm(b""), Err(PbmError::NotPbm));
        assert_eq!(parse_pbm(b"P4"), Err(PbmError::NotPbm));
        assert_eq!(parse_pbm(b"P7\n1 1\n"), Err(PbmError::NotPbm));
        assert_eq!(
            parse_pbm(b"P5\n1 1\n255\n\0"),
            Err(PbmError::Unsupported(b'5'))
        );
        assert_eq!(parse_pbm(b"P4\n"), Err(PbmError::BadDimensions));
        assert_eq!(parse_pbm(b"P4\n16"), Err(PbmError::BadDimensions));
        assert_eq!(parse_pbm(b"P4\n0 5\n"), Err(PbmError::BadDimensions));
        assert_eq!(parse_pbm(b"P4\n4097 1\n"), Err(PbmError::TooLarge));
        assert_eq!(
            parse_pbm(b"P4\n99999999999999999999 1\n"),
            Err(PbmError::TooLarge)
        );
        assert_eq!(parse_pbm(b"P4\n8 2x"), Err(PbmError::BadDimensions));
        assert_eq!(parse_pbm(b"P4\n#RLE "), Err(PbmError::BadDimensions));
        let m = parse_pbm(b"P4\n4096 4096\n").unwrap();
        assert_eq!(m.pbm.len(), b"P4\n4096 4096\n".len() + 512 * 4096);
    }

    #[test]
    fn get_survives_inconsistent_fields() {
        let mut m = parse_pbm(&T5).unwrap();
        m.height = 1000;
        assert!(!m.get(0, 999));
        m.width = u32::MAX;
        m.height = u32::MAX;
        assert!(!m.get(5, 5));
    }
}
