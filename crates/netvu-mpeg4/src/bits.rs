//! MSB-first bit reader and start-code scanning.

use crate::error::DecodeError;

/// Reads bits most-significant first. Peeking past the end yields zero bits;
/// consuming past the end is an error ([`DecodeError::Truncated`]).
#[derive(Clone)]
pub struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
    len: usize,
}

impl<'a> BitReader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        BitReader {
            data,
            pos: 0,
            len: data.len() * 8,
        }
    }

    /// Current position in bits from the start of the buffer.
    #[inline]
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Total length in bits.
    #[inline]
    pub fn len_bits(&self) -> usize {
        self.len
    }

    #[inline]
    #[allow(dead_code)]
    pub fn bits_left(&self) -> usize {
        self.len.saturating_sub(self.pos)
    }

    /// Moves to an absolute bit position (clamped to the end).
    #[inline]
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos.min(self.len);
    }

    /// The next 32 bits, zero-padded past the end.
    #[inline]
    pub fn peek32(&self) -> u32 {
        self.peek32_at(self.pos)
    }

    /// 32 bits starting at an absolute bit position, zero-padded past the end.
    #[inline]
    pub fn peek32_at(&self, pos: usize) -> u32 {
        let byte = pos >> 3;
        let shift = (pos & 7) as u32;
        let v = if let Some(s) = self.data.get(byte..byte + 8) {
            let mut b = [0u8; 8];
            b.copy_from_slice(s);
            u64::from_be_bytes(b)
        } else {
            let mut b = [0u8; 8];
            if let Some(s) = self.data.get(byte..) {
                let n = s.len().min(8);
                b[..n].copy_from_slice(&s[..n]);
            }
            u64::from_be_bytes(b)
        };
        ((v << shift) >> 32) as u32
    }

    /// The next `n` bits (0..=32) without consuming them.
    #[inline]
    pub fn peek(&self, n: u32) -> u32 {
        if n == 0 {
            0
        } else {
            self.peek32() >> (32 - n)
        }
    }

    #[inline]
    pub fn skip(&mut self, n: u32) -> Result<(), DecodeError> {
        let np = self.pos + n as usize;
        if np > self.len {
            self.pos = self.len;
            return Err(DecodeError::Truncated);
        }
        self.pos = np;
        Ok(())
    }

    /// Reads `n` bits (0..=32).
    #[inline]
    pub fn read(&mut self, n: u32) -> Result<u32, DecodeError> {
        let v = self.peek(n);
        self.skip(n)?;
        Ok(v)
    }

    #[inline]
    pub fn read_bit(&mut self) -> Result<bool, DecodeError> {
        Ok(self.read(1)? != 0)
    }

    /// Reads a marker bit; a zero there is reported as invalid data.
    pub fn marker(&mut self, what: &'static str) -> Result<(), DecodeError> {
        if self.read_bit()? {
            Ok(())
        } else {
            Err(DecodeError::Invalid(what))
        }
    }

    #[inline]
    #[allow(dead_code)]
    pub fn is_aligned(&self) -> bool {
        self.pos & 7 == 0
    }

    #[allow(dead_code)]
    pub fn align(&mut self) {
        self.pos = ((self.pos + 7) & !7).min(self.len);
    }
}

/// Finds the next `00 00 01` prefix at or after `from`; returns the index of
/// its first byte.
pub fn find_start_code(data: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 3 <= data.len() {
        // Skip quickly: a start code needs data[i + 2] == 1 and two zeros.
        let b2 = data[i + 2];
        if b2 > 1 {
            i += 3;
            continue;
        }
        if b2 == 1 && data[i] == 0 && data[i + 1] == 0 {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Iterates over the start codes of a buffer: yields `(code, payload)` where
/// `code` is the byte after `00 00 01` and `payload` runs up to the next
/// start code (or the end of the buffer).
pub fn start_codes(data: &[u8]) -> impl Iterator<Item = (u8, usize, &[u8])> {
    let mut next = find_start_code(data, 0);
    std::iter::from_fn(move || {
        let at = next?;
        let code = *data.get(at + 3)?;
        let body_start = at + 4;
        let end = find_start_code(data, body_start);
        next = end;
        let body = data
            .get(body_start..end.unwrap_or(data.len()))
            .unwrap_or(&[]);
        Some((code, at, body))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bits() {
        let d = [0b1010_1100, 0xFF, 0x01];
        let mut r = BitReader::new(&d);
        assert_eq!(r.read(1).ok(), Some(1));
        assert_eq!(r.read(3).ok(), Some(0b010));
        assert_eq!(r.peek(8), 0b1100_1111);
        assert_eq!(r.read(12).ok(), Some(0b1100_1111_1111));
        assert_eq!(r.bits_left(), 8);
        assert_eq!(r.read(8).ok(), Some(1));
        assert_eq!(r.read(1), Err(DecodeError::Truncated));
        assert_eq!(r.peek(16), 0);
    }

    #[test]
    fn peek_across_long_buffer() {
        let d: Vec<u8> = (0..20u8).collect();
        let mut r = BitReader::new(&d);
        r.skip(4).ok();
        assert_eq!(r.peek32(), 0x0010_2030);
        r.skip(100).ok();
        assert_eq!(r.read(8).ok(), Some(13));
    }

    #[test]
    fn finds_start_codes() {
        let d = [0xFF, 0, 0, 1, 0xB0, 1, 0, 0, 0, 1, 0xB6, 7, 0, 0, 1];
        let v: Vec<_> = start_codes(&d).map(|(c, at, b)| (c, at, b.len())).collect();
        assert_eq!(v, vec![(0xB0, 1, 2), (0xB6, 7, 1)]);
        assert_eq!(find_start_code(&d, 8), Some(12));
    }
}
