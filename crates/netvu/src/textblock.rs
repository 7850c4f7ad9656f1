//! The per-frame text block after a picture header, and the extra lines of
//! JFIF comments and MIME text parts (`netvu-formats.md` §9.1).

use serde::Serialize;

/// The fields of a text block the vendor's old parser knew, plus every line.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TextBlock {
    pub frame_num: Option<u32>,
    pub active_zones: Option<i32>,
    /// `ActMask` values (at most 16).
    pub act_mask: Vec<u16>,
    /// `VSD` rows as (sub-key, values).
    pub vsd: Vec<(String, Vec<i64>)>,
    /// Every non-empty line, in order, as `key: value` text.
    pub lines: Vec<String>,
}

/// Splits text into non-empty lines at CR or LF.
fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&c| c == b'\r' || c == b'\n' || c == 0)
        .filter(|l| !l.is_empty())
}

fn key_is(line: &[u8], key: &str) -> Option<String> {
    let colon = line.iter().position(|&c| c == b':')?;
    let (k, v) = (&line[..colon], &line[colon + 1..]);
    if k.len() >= key.len() && k[..key.len()].eq_ignore_ascii_case(key.as_bytes()) {
        Some(crate::text::decode(v).trim().to_string())
    } else {
        None
    }
}

/// Just the `FrameNum` line, for indexing without allocating the rest.
pub fn frame_number(text: &[u8]) -> Option<u32> {
    lines(text)
        .find_map(|l| key_is(l, "FrameNum"))
        .and_then(|v| v.parse().ok())
}

/// A `VSD` sub-key's number base: hexadecimal for `F`, decimal otherwise.
fn vsd_base(sub_key: &str) -> u32 {
    if sub_key == "F" {
        16
    } else {
        10
    }
}

impl TextBlock {
    pub fn parse(text: &[u8]) -> TextBlock {
        let mut block = TextBlock::default();
        for line in lines(text) {
            block.lines.push(crate::text::decode(line).into_owned());
            if let Some(v) = key_is(line, "FrameNum") {
                block.frame_num = v.parse().ok();
            } else if let Some(v) = key_is(line, "Active-zones") {
                block.active_zones = v.parse().ok();
            } else if let Some(v) = key_is(line, "ActMask") {
                block.act_mask = v
                    .split([',', ';', ' '])
                    .filter_map(|item| {
                        u16::from_str_radix(item.trim().trim_start_matches("0x"), 16).ok()
                    })
                    .take(16)
                    .collect();
            } else if let Some(v) = key_is(line, "VSD") {
                if let Some((sub, list)) = v.split_once(':') {
                    let sub = sub.trim().to_string();
                    let base = vsd_base(&sub);
                    let values = list
                        .split([',', ';'])
                        .filter(|s| !s.trim().is_empty())
                        .filter_map(|s| i64::from_str_radix(s.trim(), base).ok())
                        .take(16)
                        .collect();
                    block.vsd.push((sub, values));
                }
            }
        }
        block
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_number_with_or_without_space() {
        assert_eq!(frame_number(b"FrameNum:7\r\n\0"), Some(7));
        assert_eq!(
            frame_number(b"Active-zones: 1\r\nFrameNum: 42\r\n"),
            Some(42)
        );
        assert_eq!(frame_number(b"Active-zones: 1\r\n"), None);
    }

    #[test]
    fn parses_known_keys_and_keeps_every_line() {
        let b = TextBlock::parse(b"FrameNum: 3\r\nActive-zones:1\r\nActMask:0x0001,0x8000\r\nVSD:F:ff,10\r\nSite-ID: X\r\n");
        assert_eq!(b.frame_num, Some(3));
        assert_eq!(b.active_zones, Some(1));
        assert_eq!(b.act_mask, vec![1, 0x8000]);
        assert_eq!(b.vsd, vec![("F".to_string(), vec![255, 16])]);
        assert_eq!(b.lines.len(), 5);
    }
}
