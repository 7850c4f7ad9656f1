//! Variable-length code tables of ISO/IEC 14496-2 Annex B and a table-driven
//! decoder for them.

use std::sync::OnceLock;

use crate::bits::BitReader;
use crate::error::DecodeError;

/// A flat lookup table: index with the next `bits` bits.
pub struct Vlc {
    bits: u32,
    /// `(symbol << 8) | length`; length 0 marks an invalid code.
    table: Box<[u32]>,
}

impl Vlc {
    /// Builds a table from `(code, length, symbol)` triples.
    fn build(codes: &[(u32, u32, u32)]) -> Vlc {
        let bits = codes.iter().map(|c| c.1).max().unwrap_or(1);
        let mut table = vec![0u32; 1 << bits].into_boxed_slice();
        for &(code, len, sym) in codes {
            debug_assert!(len >= 1 && len <= bits && code < (1 << len));
            let shift = bits - len;
            let first = (code << shift) as usize;
            let n = 1usize << shift;
            for e in &mut table[first..first + n] {
                debug_assert_eq!(*e, 0, "overlapping codes");
                *e = (sym << 8) | len;
            }
        }
        Vlc { bits, table }
    }

    /// Decodes one symbol.
    #[inline]
    pub fn read(&self, br: &mut BitReader<'_>, what: &'static str) -> Result<u32, DecodeError> {
        let v = br.peek(self.bits) as usize;
        let e = self.table.get(v).copied().unwrap_or(0);
        let len = e & 0xFF;
        if len == 0 {
            return Err(DecodeError::Invalid(what));
        }
        br.skip(len)?;
        Ok(e >> 8)
    }
}

// ---------------------------------------------------------------------------
// Macroblock type and coded block pattern (Tables B-6, B-7, B-8)

/// Symbol of the intra MCBPC table: `mb_type << 2 | cbpc`, or
/// [`MCBPC_STUFFING`].
pub const MCBPC_STUFFING: u32 = 0xFF;

pub const MB_INTER: u32 = 0;
pub const MB_INTER_Q: u32 = 1;
pub const MB_INTER4V: u32 = 2;
pub const MB_INTRA: u32 = 3;
pub const MB_INTRA_Q: u32 = 4;

pub fn mcbpc_intra() -> &'static Vlc {
    static T: OnceLock<Vlc> = OnceLock::new();
    T.get_or_init(|| {
        Vlc::build(&[
            (0b1, 1, MB_INTRA << 2),
            (0b001, 3, MB_INTRA << 2 | 1),
            (0b010, 3, MB_INTRA << 2 | 2),
            (0b011, 3, MB_INTRA << 2 | 3),
            (0b0001, 4, MB_INTRA_Q << 2),
            (0b000001, 6, MB_INTRA_Q << 2 | 1),
            (0b000010, 6, MB_INTRA_Q << 2 | 2),
            (0b000011, 6, MB_INTRA_Q << 2 | 3),
            (0b000000001, 9, MCBPC_STUFFING),
        ])
    })
}

pub fn mcbpc_inter() -> &'static Vlc {
    static T: OnceLock<Vlc> = OnceLock::new();
    T.get_or_init(|| {
        // (mb_type, [(code, len); 4 cbpc values])
        const ROWS: [(u32, [(u32, u32); 4]); 5] = [
            (MB_INTER, [(1, 1), (3, 4), (2, 4), (5, 6)]),
            (MB_INTER_Q, [(3, 3), (7, 7), (6, 7), (5, 9)]),
            (MB_INTER4V, [(2, 3), (5, 7), (4, 7), (5, 8)]),
            (MB_INTRA, [(3, 5), (4, 8), (3, 8), (3, 7)]),
            (MB_INTRA_Q, [(4, 6), (4, 9), (3, 9), (2, 9)]),
        ];
        let mut codes = Vec::new();
        for (t, row) in ROWS {
            for (cbpc, (code, len)) in row.into_iter().enumerate() {
                codes.push((code, len, t << 2 | cbpc as u32));
            }
        }
        codes.push((1, 9, MCBPC_STUFFING));
        Vlc::build(&codes)
    })
}

/// CBPY (Table B-8); the symbol is the intra pattern (inter: XOR with 15).
pub fn cbpy() -> &'static Vlc {
    static T: OnceLock<Vlc> = OnceLock::new();
    T.get_or_init(|| {
        const C: [(u32, u32); 16] = [
            (3, 4),
            (5, 5),
            (4, 5),
            (9, 4),
            (3, 5),
            (7, 4),
            (2, 6),
            (11, 4),
            (2, 5),
            (3, 6),
            (5, 4),
            (10, 4),
            (4, 4),
            (8, 4),
            (6, 4),
            (3, 2),
        ];
        let codes: Vec<_> = C
            .iter()
            .enumerate()
            .map(|(i, &(c, l))| (c, l, i as u32))
            .collect();
        Vlc::build(&codes)
    })
}

// ---------------------------------------------------------------------------
// Intra DC size (Tables B-13, B-14)

pub fn dc_size_lum() -> &'static Vlc {
    static T: OnceLock<Vlc> = OnceLock::new();
    T.get_or_init(|| {
        const C: [(u32, u32); 13] = [
            (3, 3),
            (3, 2),
            (2, 2),
            (2, 3),
            (1, 3),
            (1, 4),
            (1, 5),
            (1, 6),
            (1, 7),
            (1, 8),
            (1, 9),
            (1, 10),
            (1, 11),
        ];
        let codes: Vec<_> = C
            .iter()
            .enumerate()
            .map(|(i, &(c, l))| (c, l, i as u32))
            .collect();
        Vlc::build(&codes)
    })
}

pub fn dc_size_chrom() -> &'static Vlc {
    static T: OnceLock<Vlc> = OnceLock::new();
    T.get_or_init(|| {
        let mut codes = vec![(3, 2, 0), (2, 2, 1), (1, 2, 2)];
        for size in 3..=12u32 {
            codes.push((1, size, size));
        }
        Vlc::build(&codes)
    })
}

// ---------------------------------------------------------------------------
// Motion vector data (Table B-12): symbol is |motion_code| (0..=32); a sign
// bit follows every non-zero code.

pub fn mvd() -> &'static Vlc {
    static T: OnceLock<Vlc> = OnceLock::new();
    T.get_or_init(|| {
        const C: [(u32, u32); 33] = [
            (1, 1),
            (1, 2),
            (1, 3),
            (1, 4),
            (3, 6),
            (5, 7),
            (4, 7),
            (3, 7),
            (11, 9),
            (10, 9),
            (9, 9),
            (17, 10),
            (16, 10),
            (15, 10),
            (14, 10),
            (13, 10),
            (12, 10),
            (11, 10),
            (10, 10),
            (9, 10),
            (8, 10),
            (7, 10),
            (6, 10),
            (5, 10),
            (4, 10),
            (7, 11),
            (6, 11),
            (5, 11),
            (4, 11),
            (3, 11),
            (2, 11),
            (3, 12),
            (2, 12),
        ];
        let codes: Vec<_> = C
            .iter()
            .enumerate()
            .map(|(i, &(c, l))| (c, l, i as u32))
            .collect();
        Vlc::build(&codes)
    })
}

// ---------------------------------------------------------------------------
// Transform coefficients (Tables B-16, B-17; RVLC B-23)

/// Bits peeked for the coefficient fast path.
pub const COEF_FAST_BITS: u32 = 12;

/// A run/level/last table with escape handling data.
pub struct CoefTable {
    pub vlc: Vlc,
    /// Fast path indexed by the next [`COEF_FAST_BITS`] bits: for codes of at
    /// most that length (other than the escape), `level << 16 | last << 15 |
    /// run << 8 | length`; 0 sends the decoder to [`CoefTable::vlc`].
    pub fast: Box<[u32; 1 << COEF_FAST_BITS]>,
    /// Symbol value of the escape code.
    pub escape: u32,
    /// Per symbol: `(last, run, level)`.
    pub rll: Vec<(bool, u8, u8)>,
    /// `max_level[last][run]` (LMAX), 0 where the run does not occur.
    pub max_level: [[u8; 64]; 2],
    /// `max_run[last][level]` (RMAX); `None` where the level does not occur.
    pub max_run: [[Option<u8>; 64]; 2],
}

impl CoefTable {
    fn build(codes: &[(u16, u8)], runs: &[u8], levels: &[u8], first_last: usize) -> CoefTable {
        let n = runs.len();
        let mut rll = Vec::with_capacity(n);
        let mut max_level = [[0u8; 64]; 2];
        let mut max_run = [[None; 64]; 2];
        for i in 0..n {
            let last = i >= first_last;
            let (run, level) = (runs[i], levels[i]);
            rll.push((last, run, level));
            let l = usize::from(last);
            let ml = &mut max_level[l][usize::from(run)];
            *ml = (*ml).max(level);
            let mr = &mut max_run[l][usize::from(level)];
            *mr = Some(mr.map_or(run, |r: u8| r.max(run)));
        }
        let list: Vec<_> = codes
            .iter()
            .enumerate()
            .map(|(i, &(c, l))| (u32::from(c), u32::from(l), i as u32))
            .collect();
        let mut fast = Box::new([0u32; 1 << COEF_FAST_BITS]);
        for &(code, len, sym) in &list {
            if len > COEF_FAST_BITS || sym as usize >= n {
                continue;
            }
            let (last, run, level) = rll[sym as usize];
            let e = u32::from(level) << 16 | u32::from(last) << 15 | u32::from(run) << 8 | len;
            let shift = COEF_FAST_BITS - len;
            let first = (code << shift) as usize;
            fast[first..first + (1 << shift)].fill(e);
        }
        CoefTable {
            fast,
            vlc: Vlc::build(&list),
            escape: n as u32,
            rll,
            max_level,
            max_run,
        }
    }
}

#[rustfmt::skip]
const INTRA_CODES: [(u16, u8); 103] = [
    (0x2, 2), (0x6, 3), (0xf, 4), (0xd, 5), (0xc, 5), (0x15, 6), (0x13, 6), (0x12, 6),
    (0x17, 7), (0x1f, 8), (0x1e, 8), (0x1d, 8), (0x25, 9), (0x24, 9), (0x23, 9), (0x21, 9),
    (0x21, 10), (0x20, 10), (0xf, 10), (0xe, 10), (0x7, 11), (0x6, 11), (0x20, 11), (0x21, 11),
    (0x50, 12), (0x51, 12), (0x52, 12), (0xe, 4), (0x14, 6), (0x16, 7), (0x1c, 8), (0x20, 9),
    (0x1f, 9), (0xd, 10), (0x22, 11), (0x53, 12), (0x55, 12), (0xb, 5), (0x15, 7), (0x1e, 9),
    (0xc, 10), (0x56, 12), (0x11, 6), (0x1b, 8), (0x1d, 9), (0xb, 10), (0x10, 6), (0x22, 9),
    (0xa, 10), (0xd, 6), (0x1c, 9), (0x8, 10), (0x12, 7), (0x1b, 9), (0x54, 12), (0x14, 7),
    (0x1a, 9), (0x57, 12), (0x19, 8), (0x9, 10), (0x18, 8), (0x23, 11), (0x17, 8), (0x19, 9),
    (0x18, 9), (0x7, 10), (0x58, 12), (0x7, 4), (0xc, 6), (0x16, 8), (0x17, 9), (0x6, 10),
    (0x5, 11), (0x4, 11), (0x59, 12), (0xf, 6), (0x16, 9), (0x5, 10), (0xe, 6), (0x4, 10),
    (0x11, 7), (0x24, 11), (0x10, 7), (0x25, 11), (0x13, 7), (0x5a, 12), (0x15, 8), (0x5b, 12),
    (0x14, 8), (0x13, 8), (0x1a, 8), (0x15, 9), (0x14, 9), (0x13, 9), (0x12, 9), (0x11, 9),
    (0x26, 11), (0x27, 11), (0x5c, 12), (0x5d, 12), (0x5e, 12), (0x5f, 12), (0x3, 7),
];
#[rustfmt::skip]
const INTRA_LEVEL: [u8; 102] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    26, 27, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 1, 2, 3, 4, 1, 2, 3, 1, 2, 3, 1, 2, 3,
    1, 2, 3, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 1, 2, 1, 2, 1, 2, 1, 2,
    1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
];
#[rustfmt::skip]
const INTRA_RUN: [u8; 102] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 9, 9,
    10, 11, 12, 13, 14, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9,
    10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
];

#[rustfmt::skip]
const INTER_CODES: [(u16, u8); 103] = [
    (0x2, 2), (0xf, 4), (0x15, 6), (0x17, 7), (0x1f, 8), (0x25, 9), (0x24, 9), (0x21, 10),
    (0x20, 10), (0x7, 11), (0x6, 11), (0x20, 11), (0x6, 3), (0x14, 6), (0x1e, 8), (0xf, 10),
    (0x21, 11), (0x50, 12), (0xe, 4), (0x1d, 8), (0xe, 10), (0x51, 12), (0xd, 5), (0x23, 9),
    (0xd, 10), (0xc, 5), (0x22, 9), (0x52, 12), (0xb, 5), (0xc, 10), (0x53, 12), (0x13, 6),
    (0xb, 10), (0x54, 12), (0x12, 6), (0xa, 10), (0x11, 6), (0x9, 10), (0x10, 6), (0x8, 10),
    (0x16, 7), (0x55, 12), (0x15, 7), (0x14, 7), (0x1c, 8), (0x1b, 8), (0x21, 9), (0x20, 9),
    (0x1f, 9), (0x1e, 9), (0x1d, 9), (0x1c, 9), (0x1b, 9), (0x1a, 9), (0x22, 11), (0x23, 11),
    (0x56, 12), (0x57, 12), (0x7, 4), (0x19, 9), (0x5, 11), (0xf, 6), (0x4, 11), (0xe, 6),
    (0xd, 6), (0xc, 6), (0x13, 7), (0x12, 7), (0x11, 7), (0x10, 7), (0x1a, 8), (0x19, 8),
    (0x18, 8), (0x17, 8), (0x16, 8), (0x15, 8), (0x14, 8), (0x13, 8), (0x18, 9), (0x17, 9),
    (0x16, 9), (0x15, 9), (0x14, 9), (0x13, 9), (0x12, 9), (0x11, 9), (0x7, 10), (0x6, 10),
    (0x5, 10), (0x4, 10), (0x24, 11), (0x25, 11), (0x26, 11), (0x27, 11), (0x58, 12), (0x59, 12),
    (0x5a, 12), (0x5b, 12), (0x5c, 12), (0x5d, 12), (0x5e, 12), (0x5f, 12), (0x3, 7),
];
#[rustfmt::skip]
const INTER_LEVEL: [u8; 102] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 1, 2, 3, 1, 2, 3, 1, 2,
    3, 1, 2, 3, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3,
    1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
];
#[rustfmt::skip]
const INTER_RUN: [u8; 102] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5,
    6, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    25, 26, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
];

/// Reversible VLC codes (Table B-23), intra ordering; the last entry is the
/// escape code.
#[rustfmt::skip]
const RVLC_INTRA_CODES: [(u16, u8); 170] = [
    (0x0006, 3), (0x0007, 3), (0x000A, 4), (0x0009, 5), (0x0014, 6), (0x0015, 6), (0x0034, 7),
    (0x0074, 8), (0x0075, 8), (0x00DD, 9), (0x00EC, 9), (0x01EC, 10), (0x01ED, 10), (0x01F4, 10),
    (0x03EC, 11), (0x03ED, 11), (0x03F4, 11), (0x077D, 12), (0x07BC, 12), (0x0FBD, 13),
    (0x0FDC, 13), (0x07BD, 12), (0x0FDD, 13), (0x1FBD, 14), (0x1FDC, 14), (0x1FDD, 14),
    (0x1FFC, 15), (0x0001, 4), (0x0008, 5), (0x002D, 7), (0x006C, 8), (0x006D, 8), (0x00DC, 9),
    (0x01DD, 10), (0x03DC, 11), (0x03DD, 11), (0x077C, 12), (0x0FBC, 13), (0x1F7D, 14),
    (0x1FBC, 14), (0x0004, 5), (0x002C, 7), (0x00BC, 9), (0x01DC, 10), (0x03BC, 11),
    (0x03BD, 11), (0x0EFD, 13), (0x0F7C, 13), (0x0F7D, 13), (0x1EFD, 14), (0x1F7C, 14),
    (0x0005, 5), (0x005C, 8), (0x00BD, 9), (0x037D, 11), (0x06FC, 12), (0x0EFC, 13),
    (0x1DFD, 14), (0x1EFC, 14), (0x1FFD, 15), (0x000C, 6), (0x005D, 8), (0x01BD, 10),
    (0x03FD, 12), (0x06FD, 12), (0x1BFD, 14), (0x000D, 6), (0x007D, 9), (0x02FC, 11),
    (0x05FC, 12), (0x1BFC, 14), (0x1DFC, 14), (0x001C, 7), (0x017C, 10), (0x02FD, 11),
    (0x05FD, 12), (0x2FFC, 15), (0x001D, 7), (0x017D, 10), (0x037C, 11), (0x0DFD, 13),
    (0x2FFD, 15), (0x003C, 8), (0x01BC, 10), (0x0BFD, 13), (0x17FD, 14), (0x003D, 8),
    (0x01FD, 11), (0x0DFC, 13), (0x37FC, 15), (0x007C, 9), (0x03FC, 12), (0x00FC, 10),
    (0x0BFC, 13), (0x00FD, 10), (0x37FD, 15), (0x01FC, 11), (0x07FC, 13), (0x07FD, 13),
    (0x0FFC, 14), (0x0FFD, 14), (0x17FC, 14), (0x3BFC, 15), (0x000B, 4), (0x0078, 8),
    (0x03F5, 11), (0x0FEC, 13), (0x1FEC, 14), (0x0012, 5), (0x00ED, 9), (0x07DC, 12),
    (0x1FED, 14), (0x3BFD, 15), (0x0013, 5), (0x03F8, 11), (0x3DFC, 15), (0x0018, 6),
    (0x07DD, 12), (0x0019, 6), (0x07EC, 12), (0x0022, 6), (0x0FED, 13), (0x0023, 6),
    (0x0FF4, 13), (0x0035, 7), (0x0FF5, 13), (0x0038, 7), (0x0FF8, 13), (0x0039, 7),
    (0x0FF9, 13), (0x0042, 7), (0x1FF4, 14), (0x0043, 7), (0x1FF5, 14), (0x0079, 8),
    (0x1FF8, 14), (0x0082, 8), (0x3DFD, 15), (0x0083, 8), (0x00F4, 9), (0x00F5, 9),
    (0x00F8, 9), (0x00F9, 9), (0x0102, 9), (0x0103, 9), (0x01F5, 10), (0x01F8, 10),
    (0x01F9, 10), (0x0202, 10), (0x0203, 10), (0x03F9, 11), (0x0402, 11), (0x0403, 11),
    (0x07ED, 12), (0x07F4, 12), (0x07F5, 12), (0x07F8, 12), (0x07F9, 12), (0x0802, 12),
    (0x0803, 12), (0x1002, 13), (0x1003, 13), (0x1FF9, 14), (0x2002, 14), (0x2003, 14),
    (0x3EFC, 15), (0x3EFD, 15), (0x3F7C, 15), (0x3F7D, 15), (0x0000, 4),
];
#[rustfmt::skip]
const RVLC_INTRA_RUN: [u8; 169] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 7, 7, 7,
    7, 7, 8, 8, 8, 8, 9, 9, 9, 9, 10, 10, 11, 11, 12, 12, 13, 14, 15, 16,
    17, 18, 19, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4,
    5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
    36, 37, 38, 39, 40, 41, 42, 43, 44,
];
#[rustfmt::skip]
const RVLC_INTRA_LEVEL: [u8; 169] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 1, 2, 3,
    4, 5, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1,
    1, 1, 1, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 1, 2, 1, 2,
    1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1,
];

#[rustfmt::skip]
const RVLC_INTER_CODES: [(u16, u8); 170] = [
    (0x0006, 3), (0x0001, 4), (0x0004, 5), (0x001C, 7), (0x003C, 8), (0x003D, 8), (0x007C, 9),
    (0x00FC, 10), (0x00FD, 10), (0x01FC, 11), (0x01FD, 11), (0x03FC, 12), (0x07FC, 13),
    (0x07FD, 13), (0x0BFC, 13), (0x0BFD, 13), (0x0FFC, 14), (0x0FFD, 14), (0x1FFC, 15),
    (0x0007, 3), (0x000C, 6), (0x005C, 8), (0x007D, 9), (0x017C, 10), (0x02FC, 11),
    (0x03FD, 12), (0x0DFC, 13), (0x17FC, 14), (0x17FD, 14), (0x000A, 4), (0x001D, 7),
    (0x00BC, 9), (0x02FD, 11), (0x05FC, 12), (0x1BFC, 14), (0x1BFD, 14), (0x0005, 5),
    (0x005D, 8), (0x017D, 10), (0x05FD, 12), (0x0DFD, 13), (0x1DFC, 14), (0x1FFD, 15),
    (0x0008, 5), (0x006C, 8), (0x037C, 11), (0x0EFC, 13), (0x2FFC, 15), (0x0009, 5),
    (0x00BD, 9), (0x037D, 11), (0x0EFD, 13), (0x000D, 6), (0x01BC, 10), (0x06FC, 12),
    (0x1DFD, 14), (0x0014, 6), (0x01BD, 10), (0x06FD, 12), (0x2FFD, 15), (0x0015, 6),
    (0x01DC, 10), (0x0F7C, 13), (0x002C, 7), (0x01DD, 10), (0x1EFC, 14), (0x002D, 7),
    (0x03BC, 11), (0x0034, 7), (0x077C, 12), (0x006D, 8), (0x0F7D, 13), (0x0074, 8),
    (0x1EFD, 14), (0x0075, 8), (0x1F7C, 14), (0x00DC, 9), (0x1F7D, 14), (0x00DD, 9),
    (0x1FBC, 14), (0x00EC, 9), (0x37FC, 15), (0x01EC, 10), (0x01ED, 10), (0x01F4, 10),
    (0x03BD, 11), (0x03DC, 11), (0x03DD, 11), (0x03EC, 11), (0x03ED, 11), (0x03F4, 11),
    (0x077D, 12), (0x07BC, 12), (0x07BD, 12), (0x0FBC, 13), (0x0FBD, 13), (0x0FDC, 13),
    (0x0FDD, 13), (0x1FBD, 14), (0x1FDC, 14), (0x1FDD, 14), (0x37FD, 15), (0x3BFC, 15),
    (0x000B, 4), (0x0078, 8), (0x03F5, 11), (0x0FEC, 13), (0x1FEC, 14), (0x0012, 5),
    (0x00ED, 9), (0x07DC, 12), (0x1FED, 14), (0x3BFD, 15), (0x0013, 5), (0x03F8, 11),
    (0x3DFC, 15), (0x0018, 6), (0x07DD, 12), (0x0019, 6), (0x07EC, 12), (0x0022, 6),
    (0x0FED, 13), (0x0023, 6), (0x0FF4, 13), (0x0035, 7), (0x0FF5, 13), (0x0038, 7),
    (0x0FF8, 13), (0x0039, 7), (0x0FF9, 13), (0x0042, 7), (0x1FF4, 14), (0x0043, 7),
    (0x1FF5, 14), (0x0079, 8), (0x1FF8, 14), (0x0082, 8), (0x3DFD, 15), (0x0083, 8),
    (0x00F4, 9), (0x00F5, 9), (0x00F8, 9), (0x00F9, 9), (0x0102, 9), (0x0103, 9),
    (0x01F5, 10), (0x01F8, 10), (0x01F9, 10), (0x0202, 10), (0x0203, 10), (0x03F9, 11),
    (0x0402, 11), (0x0403, 11), (0x07ED, 12), (0x07F4, 12), (0x07F5, 12), (0x07F8, 12),
    (0x07F9, 12), (0x0802, 12), (0x0803, 12), (0x1002, 13), (0x1003, 13), (0x1FF9, 14),
    (0x2002, 14), (0x2003, 14), (0x3EFC, 15), (0x3EFD, 15), (0x3F7C, 15), (0x3F7D, 15),
    (0x0000, 4),
];
#[rustfmt::skip]
const RVLC_INTER_RUN: [u8; 169] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3,
    3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7,
    8, 8, 8, 9, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16,
    17, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
    36, 37, 38, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4,
    5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
    36, 37, 38, 39, 40, 41, 42, 43, 44,
];
#[rustfmt::skip]
const RVLC_INTER_LEVEL: [u8; 169] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 1,
    2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4,
    5, 6, 7, 1, 2, 3, 4, 5, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4,
    1, 2, 3, 1, 2, 3, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2,
    1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 1, 2, 1, 2,
    1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1,
];

pub fn intra_coef() -> &'static CoefTable {
    static T: OnceLock<CoefTable> = OnceLock::new();
    T.get_or_init(|| CoefTable::build(&INTRA_CODES, &INTRA_RUN, &INTRA_LEVEL, 67))
}

pub fn inter_coef() -> &'static CoefTable {
    static T: OnceLock<CoefTable> = OnceLock::new();
    T.get_or_init(|| CoefTable::build(&INTER_CODES, &INTER_RUN, &INTER_LEVEL, 58))
}

pub fn rvlc_intra_coef() -> &'static CoefTable {
    static T: OnceLock<CoefTable> = OnceLock::new();
    T.get_or_init(|| CoefTable::build(&RVLC_INTRA_CODES, &RVLC_INTRA_RUN, &RVLC_INTRA_LEVEL, 103))
}

pub fn rvlc_inter_coef() -> &'static CoefTable {
    static T: OnceLock<CoefTable> = OnceLock::new();
    T.get_or_init(|| CoefTable::build(&RVLC_INTER_CODES, &RVLC_INTER_RUN, &RVLC_INTER_LEVEL, 103))
}

// ---------------------------------------------------------------------------
// Scans, matrices, scalers

#[rustfmt::skip]
pub const ZIGZAG: [u8; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
    20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58,
    59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

#[rustfmt::skip]
pub const ALT_HORIZONTAL: [u8; 64] = [
    0, 1, 2, 3, 8, 9, 16, 17, 10, 11, 4, 5, 6, 7, 15, 14, 13, 12, 19, 18, 24, 25, 32, 33, 26, 27,
    20, 21, 22, 23, 28, 29, 30, 31, 34, 35, 40, 41, 48, 49, 42, 43, 36, 37, 38, 39, 44, 45, 46,
    47, 50, 51, 56, 57, 58, 59, 52, 53, 54, 55, 60, 61, 62, 63,
];

#[rustfmt::skip]
pub const ALT_VERTICAL: [u8; 64] = [
    0, 8, 16, 24, 1, 9, 2, 10, 17, 25, 32, 40, 48, 56, 57, 49, 41, 33, 26, 18, 3, 11, 4, 12, 19,
    27, 34, 42, 50, 58, 35, 43, 51, 59, 20, 28, 5, 13, 6, 14, 21, 29, 36, 44, 52, 60, 37, 45, 53,
    61, 22, 30, 7, 15, 23, 31, 38, 46, 54, 62, 39, 47, 55, 63,
];

#[rustfmt::skip]
/// Default intra quantiser matrix (raster order).
pub const DEFAULT_INTRA_MATRIX: [u8; 64] = [
    8, 17, 18, 19, 21, 23, 25, 27, 17, 18, 19, 21, 23, 25, 27, 28, 20, 21, 22, 23, 24, 26, 28, 30,
    21, 22, 23, 24, 26, 28, 30, 32, 22, 23, 24, 26, 28, 30, 32, 35, 23, 24, 26, 28, 30, 32, 35, 38,
    25, 26, 28, 30, 32, 35, 38, 41, 27, 28, 30, 32, 35, 38, 41, 45,
];

/// Default non-intra quantiser matrix (raster order).
#[rustfmt::skip]
pub const DEFAULT_INTER_MATRIX: [u8; 64] = [
    16, 17, 18, 19, 20, 21, 22, 23, 17, 18, 19, 20, 21, 22, 23, 24, 18, 19, 20, 21, 22, 23, 24, 25,
    19, 20, 21, 22, 23, 24, 26, 27, 20, 21, 22, 23, 25, 26, 27, 28, 21, 22, 23, 24, 26, 27, 28, 30,
    22, 23, 24, 26, 27, 28, 30, 31, 23, 24, 25, 27, 28, 30, 31, 33,
];

/// DC scaler for the luminance (`luma`) or chrominance blocks (Table 7-1).
#[inline]
pub fn dc_scaler(qp: u8, luma: bool) -> i32 {
    let q = i32::from(qp);
    if luma {
        match q {
            0..=4 => 8,
            5..=8 => 2 * q,
            9..=24 => q + 8,
            _ => 2 * q - 16,
        }
    } else {
        match q {
            0..=4 => 8,
            5..=24 => (q + 13) / 2,
            _ => q - 6,
        }
    }
}

/// intra_dc_vlc_thr code → QP threshold below which the DC VLC is used.
pub const INTRA_DC_THRESHOLD: [u8; 8] = [32, 13, 15, 17, 19, 21, 23, 0];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_build_without_overlap() {
        // debug_assert in build() catches overlapping/prefix-violating codes.
        let _ = (
            mcbpc_intra(),
            mcbpc_inter(),
            cbpy(),
            dc_size_lum(),
            dc_size_chrom(),
            mvd(),
        );
        let t = intra_coef();
        assert_eq!(t.escape, 102);
        assert_eq!(t.max_level[0][0], 27);
        assert_eq!(t.max_level[1][0], 8);
        assert_eq!(t.max_run[0][1], Some(14));
        assert_eq!(t.max_run[1][1], Some(20));
        let t = inter_coef();
        assert_eq!(t.max_level[0][0], 12);
        assert_eq!(t.max_level[1][0], 3);
        assert_eq!(t.max_run[0][1], Some(26));
        assert_eq!(t.max_run[1][1], Some(40));
        for t in [
            intra_coef(),
            inter_coef(),
            rvlc_intra_coef(),
            rvlc_inter_coef(),
        ] {
            let mut seen = std::collections::HashSet::new();
            for e in &t.rll {
                assert!(seen.insert(*e), "duplicate {e:?}");
            }
        }
        assert_eq!(rvlc_intra_coef().escape, 169);
        assert_eq!(rvlc_inter_coef().escape, 169);
    }

    #[test]
    fn scans_are_permutations() {
        for s in [&ZIGZAG, &ALT_HORIZONTAL, &ALT_VERTICAL] {
            let mut seen = [false; 64];
            for &v in s.iter() {
                seen[usize::from(v)] = true;
            }
            assert!(seen.iter().all(|&b| b));
        }
    }

    #[test]
    fn dc_scalers_match_table() {
        let y = [
            0, 8, 8, 8, 8, 10, 12, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
            31, 32, 34, 36, 38, 40, 42, 44, 46,
        ];
        let c = [
            0, 8, 8, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17,
            18, 18, 19, 20, 21, 22, 23, 24, 25,
        ];
        for q in 1..32u8 {
            assert_eq!(dc_scaler(q, true), y[usize::from(q)]);
            assert_eq!(dc_scaler(q, false), c[usize::from(q)]);
        }
    }
}
