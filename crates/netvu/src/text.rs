//! Text fields of NetVu headers: fixed-size, NUL-padded, charset unstated.
//!
//! The vendor never says which character set titles, alarm text and locale
//! use. Newer units write UTF-8, older ones a Windows code page, so a field is
//! read as UTF-8 when its bytes are valid UTF-8 and as Windows-1252 otherwise:
//! every byte maps to some character, nothing is dropped.

use std::borrow::Cow;

/// Decodes `bytes` as UTF-8 if valid, else as Windows-1252 (never lossy).
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// The bytes of a fixed-size field up to its first NUL (or the whole field).
pub fn field_bytes(field: &[u8]) -> &[u8] {
    match memchr::memchr(0, field) {
        Some(end) => &field[..end],
        None => field,
    }
}

/// A fixed-size NUL-padded field decoded as text (see [`decode`]).
pub fn field(field: &[u8]) -> String {
    decode(field_bytes(field)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_first_nul_or_field_end() {
        assert_eq!(field(b"Cam1\0\0junk"), "Cam1");
        assert_eq!(field(b"abcdef"), "abcdef");
        assert_eq!(field(b"\0abc"), "");
    }

    #[test]
    fn utf8_when_valid_else_windows_1252() {
        assert_eq!(field("Caf\u{e9} \u{2192}".as_bytes()), "Caf\u{e9} \u{2192}");
        // 0xE9 alone is not UTF-8: Windows-1252 'é'; 0x80 is the euro sign there.
        assert_eq!(field(b"Caf\xe9 \x80"), "Caf\u{e9} \u{20ac}");
    }
}
