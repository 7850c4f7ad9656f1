//! Minimal RIFF WAVE writer for decoded NetVu audio (mono, 16-bit PCM).

/// Most samples one RIFF file can describe (its sizes are 32-bit).
const MAX_SAMPLES: usize = ((u32::MAX - 36) / 2) as usize;

/// A complete mono 16-bit PCM WAV file holding `samples` at `sample_rate`.
///
/// Samples past what a 32-bit RIFF size can describe are dropped.
pub fn wav_file(sample_rate: u32, samples: &[i16]) -> Vec<u8> {
    let samples = samples
        .get(..MAX_SAMPLES.min(samples.len()))
        .unwrap_or(samples);
    // bounded by MAX_SAMPLES above, so these fit in u32
    let data_len = u32::try_from(samples.len() * 2).unwrap_or(u32::MAX - 36);
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&sample_rate.to_le_bytes());
    out.extend_from_slice(&sample_rate.saturating_mul(2).to_le_bytes()); // byte rate
    out.extend_from_slice(&2u16.to_le_bytes()); // block align
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_data() {
        let w = wav_file(8000, &[0, 13, -1]);
        assert_eq!(w.len(), 44 + 6);
        assert_eq!(&w[0..4], b"RIFF");
        assert_eq!(w[4..8], 42u32.to_le_bytes());
        assert_eq!(&w[8..16], b"WAVEfmt ");
        assert_eq!(w[16..20], 16u32.to_le_bytes());
        assert_eq!(w[20..24], [1, 0, 1, 0]);
        assert_eq!(w[24..28], 8000u32.to_le_bytes());
        assert_eq!(w[28..32], 16000u32.to_le_bytes());
        assert_eq!(w[32..36], [2, 0, 16, 0]);
        assert_eq!(&w[36..40], b"data");
        assert_eq!(w[40..44], 6u32.to_le_bytes());
        assert_eq!(w[44..], [0, 0, 13, 0, 0xFF, 0xFF]);
    }

    #[test]
    fn empty() {
        let w = wav_file(44100, &[]);
        assert_eq!(w.len(), 44);
        assert_eq!(w[4..8], 36u32.to_le_bytes());
        assert_eq!(w[40..44], [0, 0, 0, 0]);
    }
}
