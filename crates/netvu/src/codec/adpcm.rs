//! NetVu audio: mode numbers, DVI4/IMA ADPCM blocks and 16-bit PCM (spec §2).
//!
//! One payload is one ADPCM block in "NetVu/DVI4" order: BE predictor, step
//! index, reserved byte, then 4-bit codes with the earlier sample in the high
//! nibble. [`decode_ima_netvu`] decodes it exactly as FFmpeg's IMA-WAV decoder
//! does after the fork's conversion ([`to_ima_wav_block`]).

use serde::Serialize;

/// Audio codec of a NetVu audio stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AudioCodec {
    /// 4-bit IMA ADPCM (DVI4 block layout).
    #[serde(rename = "adpcm_ima")]
    ImaAdpcm,
    /// Signed 16-bit little-endian PCM (FFmpeg's assumption).
    #[serde(rename = "pcm_s16le")]
    PcmS16le,
}

/// Codec and sample rate for an audio header `mode` (spec table 2.2).
///
/// Unknown modes fall back to ADPCM at 8000 Hz, as FFmpeg does. 44.1 kHz is
/// 44100, not the fork's 441000 typo.
pub fn audio_mode(mode: i32) -> (AudioCodec, u32) {
    use AudioCodec::{ImaAdpcm, PcmS16le};
    match mode {
        5 => (ImaAdpcm, 8000),
        6 => (ImaAdpcm, 16000),
        16 => (ImaAdpcm, 11025),
        17 => (ImaAdpcm, 22050),
        96 => (ImaAdpcm, 32000),
        97 => (ImaAdpcm, 44100),
        98 => (ImaAdpcm, 48000),
        100 => (PcmS16le, 8000),
        101 => (PcmS16le, 11025),
        102 => (PcmS16le, 16000),
        103 => (PcmS16le, 22050),
        104 => (PcmS16le, 32000),
        11 => (PcmS16le, 44100),
        105 => (PcmS16le, 48000),
        _ => (ImaAdpcm, 8000),
    }
}

/// IMA ADPCM step-index adjustment per code (low 3 bits).
const INDEX_TABLE: [i32; 8] = [-1, -1, -1, -1, 2, 4, 6, 8];

/// The standard 89-entry IMA ADPCM step table.
const STEP_TABLE: [i32; 89] = [
    7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66,
    73, 80, 88, 97, 107, 118, 130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408, 449,
    494, 544, 598, 658, 724, 796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272,
    2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484, 7132, 7845, 8630, 9493,
    10442, 11487, 12635, 13899, 15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767,
];

/// True if the block has a full header, step index <= 88 and a zero reserved
/// byte: the blocks FFmpeg accepts (it reads bytes 2-3 as one LE index).
pub fn ima_block_is_valid(block: &[u8]) -> bool {
    matches!(block.get(2..4), Some(&[idx, 0]) if idx <= 88)
}

/// Decodes one NetVu/DVI4 ADPCM block to samples, as FFmpeg does.
///
/// Sample 0 is the header predictor; then 8 samples per 4 data bytes, high
/// nibble first; a trailing partial group is ignored. An index above 88 is
/// clamped (see [`ima_block_is_valid`]). Blocks under 4 bytes give nothing.
pub fn decode_ima_netvu(block: &[u8]) -> Vec<i16> {
    let (Some(&[p0, p1, index, _]), Some(data)) = (block.get(..4), block.get(4..)) else {
        return Vec::new();
    };
    let mut pred = i32::from(i16::from_be_bytes([p0, p1]));
    let mut idx = usize::from(index).min(88);
    let groups = data.len() / 4;
    let mut out = Vec::with_capacity(1 + groups * 8);
    out.push(pred as i16);
    for &byte in data.iter().take(groups * 4) {
        for code in [byte >> 4, byte & 0x0F] {
            let step = STEP_TABLE.get(idx).copied().unwrap_or(32767);
            let diff = ((2 * i32::from(code & 7) + 1) * step) >> 3;
            pred = if code & 8 != 0 {
                pred - diff
            } else {
                pred + diff
            };
            pred = pred.clamp(-32768, 32767);
            let adj = INDEX_TABLE.get(usize::from(code & 7)).copied().unwrap_or(0);
            idx = (idx as i32 + adj).clamp(0, 88) as usize;
            out.push(pred as i16);
        }
    }
    out
}

/// Converts a DVI4 block to Microsoft IMA-WAV order, as FFmpeg's fork does:
/// predictor bytes swapped (BE to LE), index and reserved bytes kept, every
/// data byte nibble-swapped. Blocks under 4 bytes are copied unchanged.
pub fn to_ima_wav_block(block: &[u8]) -> Vec<u8> {
    match (block.get(..4), block.get(4..)) {
        (Some(&[p0, p1, index, reserved]), Some(data)) => {
            let mut out = Vec::with_capacity(block.len());
            out.extend_from_slice(&[p1, p0, index, reserved]);
            out.extend(data.iter().map(|b| b.rotate_left(4)));
            out
        }
        _ => block.to_vec(),
    }
}

/// Signed 16-bit little-endian samples; an odd trailing byte is ignored.
pub fn decode_pcm_s16le(bytes: &[u8]) -> Vec<i16> {
    bytes
        .chunks_exact(2)
        .filter_map(|c| c.try_into().ok())
        .map(i16::from_le_bytes)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Spec T3 block (the 8 audio bytes of the 42-byte chunk).
    const T3: [u8; 8] = [0x00, 0x00, 0x00, 0x00, 0x70, 0x00, 0x00, 0x00];
    /// Spec T4 block (the 8 audio bytes of the 22-byte minimal chunk).
    const T4: [u8; 8] = [0x01, 0x00, 0x10, 0x00, 0x7f, 0x08, 0x19, 0x2a];

    #[test]
    fn t3_decodes() {
        assert_eq!(decode_ima_netvu(&T3), [0, 13, 15, 16, 17, 18, 19, 20, 21]);
        assert_eq!(
            to_ima_wav_block(&T3),
            [0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00]
        );
        assert!(ima_block_is_valid(&T3));
    }

    #[test]
    fn t4_decodes() {
        assert_eq!(
            decode_ima_netvu(&T4),
            [256, 319, 183, 202, 185, 233, 189, 255, 195]
        );
        assert_eq!(
            to_ima_wav_block(&T4),
            [0x00, 0x01, 0x10, 0x00, 0xf7, 0x80, 0x91, 0xa2]
        );
        assert!(ima_block_is_valid(&T4));
    }

    #[test]
    fn partial_group_ignored_and_short_blocks() {
        let mut b = T4.to_vec();
        b.extend_from_slice(&[0x12, 0x34, 0x56]);
        assert_eq!(decode_ima_netvu(&b).len(), 9);
        b.push(0x78);
        assert_eq!(decode_ima_netvu(&b).len(), 17);
        assert_eq!(decode_ima_netvu(&T4[..4]), [256]);
        assert!(decode_ima_netvu(&T4[..3]).is_empty());
        assert!(decode_ima_netvu(&[]).is_empty());
        assert_eq!(to_ima_wav_block(&[1, 2, 3]), [1, 2, 3]);
        assert!(!ima_block_is_valid(&[1, 2, 3]));
    }

    #[test]
    fn clamps_and_flags_bad_index() {
        let b = [0x7F, 0xFF, 200, 0, 0x77, 0x77, 0x77, 0x77];
        assert!(!ima_block_is_valid(&b));
        let s = decode_ima_netvu(&b);
        assert_eq!(s.len(), 9);
        assert!(s.iter().all(|&v| v == 32767));
        let b = [0x80, 0x00, 88, 0, 0xFF, 0xFF, 0xFF, 0xFF];
        assert!(decode_ima_netvu(&b).iter().all(|&v| v == -32768));
        assert!(!ima_block_is_valid(&[0, 0, 5, 1]));
        assert!(ima_block_is_valid(&[0, 0, 88, 0]));
        assert!(!ima_block_is_valid(&[0, 0, 89, 0]));
    }

    #[test]
    fn multiply_form_rounding() {
        // step 7, code 1: (3*7)>>3 = 2 (shift-and-add would give 1)
        assert_eq!(decode_ima_netvu(&[0, 0, 0, 0, 0x10, 0, 0, 0])[1], 2);
        // negative: code 9 subtracts the same
        assert_eq!(decode_ima_netvu(&[0, 0, 0, 0, 0x90, 0, 0, 0])[1], -2);
    }

    #[test]
    fn modes() {
        assert_eq!(audio_mode(5), (AudioCodec::ImaAdpcm, 8000));
        assert_eq!(audio_mode(97), (AudioCodec::ImaAdpcm, 44100));
        assert_eq!(audio_mode(11), (AudioCodec::PcmS16le, 44100));
        assert_eq!(audio_mode(100), (AudioCodec::PcmS16le, 8000));
        assert_eq!(audio_mode(105), (AudioCodec::PcmS16le, 48000));
        assert_eq!(audio_mode(16), (AudioCodec::ImaAdpcm, 11025));
        assert_eq!(audio_mode(-1), (AudioCodec::ImaAdpcm, 8000));
        assert_eq!(audio_mode(99), (AudioCodec::ImaAdpcm, 8000));
    }

    #[test]
    fn pcm_le() {
        // the fork's corrupting conversion would give 02 01 03 04 50 60
        assert_eq!(
            decode_pcm_s16le(&[1, 2, 3, 4, 5, 6]),
            [0x0201, 0x0403, 0x0605]
        );
        assert_eq!(decode_pcm_s16le(&[0xFF, 0xFF, 9]), [-1]);
        assert!(decode_pcm_s16le(&[]).is_empty());
    }
}
