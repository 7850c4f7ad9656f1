//! Windows bitmaps (`.bmp`), as FireVu units send them in AD MIME streams:
//! only what indexing needs (the file's own length and the picture size);
//! a browser or an image crate decodes the picture.

use crate::bytes::{le16, le32};

/// Bytes of a BMP read to find its size: the file header (14) and the
/// width and height fields of any DIB header.
pub const HEADER_LEN: usize = 26;

/// The length a BMP file header gives its file, if `b` starts with one.
pub fn file_len(b: &[u8]) -> Option<u64> {
    b.starts_with(b"BM")
        .then(|| le32(b, 2).map(u64::from))
        .flatten()
}

/// Width and height from the DIB header (`BITMAPCOREHEADER` or any later
/// one, whose height is negative for top-down pictures).
pub fn dimensions(b: &[u8]) -> Option<(u16, u16)> {
    file_len(b)?;
    let (width, height) = if le32(b, 14)? == 12 {
        (u32::from(le16(b, 18)?), u32::from(le16(b, 20)?))
    } else {
        (le32(b, 18)?, (le32(b, 22)? as i32).unsigned_abs())
    };
    Some((u16::try_from(width).ok()?, u16::try_from(height).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_length_and_size_of_both_header_kinds() {
        let mut info = b"BM\x46\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0".to_vec();
        info.extend(4i32.to_le_bytes());
        info.extend((-2i32).to_le_bytes());
        assert_eq!(file_len(&info), Some(0x46));
        assert_eq!(dimensions(&info), Some((4, 2)));
        let mut core = b"BM\x20\0\0\0\0\0\0\0\x1a\0\0\0\x0c\0\0\0".to_vec();
        core.extend([3, 0, 5, 0]);
        assert_eq!(dimensions(&core), Some((3, 5)));
        assert_eq!(file_len(b"GIF89a"), None);
        assert_eq!(dimensions(&info[..20]), None);
    }
}
