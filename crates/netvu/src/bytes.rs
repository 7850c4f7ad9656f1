//! Bounds-checked integer reads from byte slices; `None` past the end.

pub fn u8_at(b: &[u8], at: usize) -> Option<u8> {
    b.get(at).copied()
}

pub fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

pub fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

pub fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

pub fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

pub fn le64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// Reads 16- and 32-bit words in one byte order, chosen at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endian {
    Big,
    Little,
}

impl Endian {
    pub fn u16(self, b: &[u8], at: usize) -> Option<u16> {
        match self {
            Endian::Big => be16(b, at),
            Endian::Little => le16(b, at),
        }
    }

    pub fn u32(self, b: &[u8], at: usize) -> Option<u32> {
        match self {
            Endian::Big => be32(b, at),
            Endian::Little => le32(b, at),
        }
    }

    pub fn i32(self, b: &[u8], at: usize) -> Option<i32> {
        self.u32(b, at).map(|v| v as i32)
    }
}
