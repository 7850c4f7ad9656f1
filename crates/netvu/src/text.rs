//! Text fields of NetVu headers: fixed-size, NUL-padded, charset unstated.
//!
//! The vendor never says which character set titles, alarm text and locale
//! use. Newer units write UTF-8, older ones a Windows code page, so a field is
//! read as UTF-8 when its bytes are valid UTF-8 and as Windows-1252 otherwise:
//! every byte maps to some character, nothing is dropped.

use std::borrow::Cow;

/// Windows-1252 where it differs from Latin-1: bytes 0x80 to 0x9F, as the
/// WHATWG Encoding Standard maps them (its five unassigned bytes stay the
/// C1 controls of the same value). A table, not `encoding_rs`: that crate
/// links every encoding it has, which weighed more than the whole parser in
/// the browser build.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// One Windows-1252 byte as a character.
fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Decodes `bytes` as UTF-8 if valid, else as Windows-1252 (never lossy).
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
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

    #[test]
    fn every_windows_1252_byte_reads_as_the_whatwg_standard_maps_it() {
        // The high half of the code page (0x80..=0xFF), as the standard's
        // index-windows-1252.txt lists it.
        let expected = "\u{20AC}\u{81}\u{201A}\u{192}\u{201E}\u{2026}\u{2020}\u{2021}\u{2C6}\u{2030}\u{160}\u{2039}\u{152}\u{8D}\u{17D}\u{8F}\
\u{90}\u{2018}\u{2019}\u{201C}\u{201D}\u{2022}\u{2013}\u{2014}\u{2DC}\u{2122}\u{161}\u{203A}\u{153}\u{9D}\u{17E}\u{178}\
\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ";
        let high: Vec<u8> = (0x80..=0xFF).collect();
        assert_eq!(decode(&high), expected);
        let low: Vec<u8> = (0x00..0x80).collect();
        assert_eq!(decode(&low).as_bytes(), &low[..], "ASCII as it is");
    }
}
