//! MPEG-4 Part 2 elementary-stream helpers (spec §8).
//!
//! NetVu frames are raw MPEG-4 Visual ES. PAR I-frames (and some live
//! streams) lack the VOS/VO/VOL headers a decoder needs, so this module can
//! find VOPs and their type, read a VOL's size and time resolution, and
//! synthesise a Simple Profile VOL to put in front of a headerless stream.

/// VOP coding type (`vop_coding_type`, top two bits after `00 00 01 B6`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VopType {
    /// Intra.
    I,
    /// Predicted.
    P,
    /// Bidirectional.
    B,
    /// Sprite (GMC).
    S,
}

/// Time resolution used when nothing better is known: 25 ticks/s (PAL).
pub const DEFAULT_TIME_INCREMENT_RESOLUTION: u16 = 25;

/// Most VOPs [`guess_time_increment_bits`] looks at.
const MAX_GUESS_VOPS: usize = 16;

/// Offsets of every `00 00 01` start-code prefix, paired with the code byte
/// (for H.264, the NAL header byte).
pub(crate) fn start_codes(es: &[u8]) -> impl Iterator<Item = (usize, u8)> + '_ {
    es.windows(4).enumerate().filter_map(|(i, w)| match w {
        [0, 0, 1, code] => Some((i, *code)),
        _ => None,
    })
}

/// Type of the first VOP in `es`, if any.
pub fn first_vop_type(es: &[u8]) -> Option<VopType> {
    let (i, _) = start_codes(es).find(|&(_, c)| c == 0xB6)?;
    Some(match es.get(i + 4)? >> 6 {
        0 => VopType::I,
        1 => VopType::P,
        2 => VopType::B,
        _ => VopType::S,
    })
}

/// True if a VOL start code (`00 00 01 20`..`2F`) comes before the first VOP.
pub fn has_vol(es: &[u8]) -> bool {
    for (_, c) in start_codes(es) {
        match c {
            0x20..=0x2F => return true,
            0xB6 => return false,
            _ => {}
        }
    }
    false
}

/// MSB-first bit reader over a byte slice; every read is bounds-checked.
struct BitReader<'a> {
    /// The bytes read.
    data: &'a [u8],
    /// Position in bits.
    pos: usize,
}

impl BitReader<'_> {
    /// Reads `n` (at most 32) bits as an unsigned number.
    fn read(&mut self, n: u32) -> Option<u32> {
        let mut v: u32 = 0;
        for _ in 0..n {
            let byte = *self.data.get(self.pos / 8)?;
            let bit = (byte >> (7 - (self.pos % 8))) & 1;
            v = (v << 1) | u32::from(bit);
            self.pos += 1;
        }
        Some(v)
    }

    /// Skips `n` bits, failing if they run past the end.
    fn skip(&mut self, n: usize) -> Option<()> {
        let end = self.pos.checked_add(n)?;
        if end > self.data.len().checked_mul(8)? {
            return None;
        }
        self.pos = end;
        Some(())
    }

    /// Reads one bit as a flag.
    fn flag(&mut self) -> Option<bool> {
        Some(self.read(1)? == 1)
    }
}

/// Bits of `vop_time_increment` for a resolution: ⌈log2(res)⌉, at least 1.
fn time_increment_bits(resolution: u16) -> u32 {
    if resolution <= 1 {
        1
    } else {
        16 - (resolution - 1).leading_zeros()
    }
}

/// What the fixed part of a VOL header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct VolInfo {
    /// `aspect_ratio_info`, with the extended PAR when it is 15.
    aspect: (u8, u8, u8),
    /// `vop_time_increment_resolution` (never 0).
    resolution: u16,
    /// Width and height for rectangular layers.
    size: Option<(u16, u16)>,
}

/// Parses a VOL header from the byte after its `00 00 01 2x` start code
/// (ISO/IEC 14496-2 6.2.3, up to video_object_layer_height).
fn parse_vol(data: &[u8]) -> Option<VolInfo> {
    let mut r = BitReader { data, pos: 0 };
    r.read(1)?; // random_accessible_vol
    r.read(8)?; // video_object_type_indication
    let mut verid = 1;
    if r.flag()? {
        verid = r.read(4)?;
        r.read(3)?; // video_object_layer_priority
    }
    let ar = r.read(4)? as u8;
    let aspect = if ar == 15 {
        (ar, r.read(8)? as u8, r.read(8)? as u8)
    } else {
        (ar, 0, 0)
    };
    if r.flag()? {
        r.read(2)?; // chroma_format
        r.read(1)?; // low_delay
        if r.flag()? {
            // bit rate, buffer size and occupancy halves with their markers
            r.skip(15 + 1 + 15 + 1 + 15 + 1 + 3 + 11 + 1 + 15 + 1)?;
        }
    }
    let shape = r.read(2)?;
    if shape == 3 && verid != 1 {
        r.read(4)?; // video_object_layer_shape_extension
    }
    r.read(1)?; // marker
    let resolution = r.read(16)? as u16;
    if resolution == 0 {
        return None;
    }
    r.read(1)?; // marker
    if r.flag()? {
        r.read(time_increment_bits(resolution))?; // fixed_vop_time_increment
    }
    let mut size = None;
    if shape == 0 {
        r.read(1)?;
        let w = r.read(13)? as u16;
        r.read(1)?;
        let h = r.read(13)? as u16;
        if w > 0 && h > 0 {
            size = Some((w, h));
        }
    }
    Some(VolInfo {
        aspect,
        resolution,
        size,
    })
}

/// The first VOL in `es`, parsed.
fn first_vol(es: &[u8]) -> Option<VolInfo> {
    let (i, _) = start_codes(es).find(|&(_, c)| (0x20..=0x2F).contains(&c))?;
    parse_vol(es.get(i + 4..)?)
}

/// Width and height from the first VOL header in `es` (rectangular only).
pub fn vol_dimensions(es: &[u8]) -> Option<(u16, u16)> {
    first_vol(es)?.size
}

/// `vop_time_increment_resolution` of the first VOL in `es`.
///
/// A stream's VOP headers use ⌈log2(resolution)⌉ bits for their time
/// increment, so a VOL synthesised for a later headerless part of the same
/// stream must reuse this value (see [`synthesize_vol_like`]).
pub fn vol_time_increment_resolution(es: &[u8]) -> Option<u16> {
    Some(first_vol(es)?.resolution)
}

/// Whether a VOP header (bytes after `00 00 01 B6`) fits `n`-bit time increments.
///
/// Checks the markers around `vop_time_increment` and, for coded VOPs,
/// `vop_coded` = 1 and `intra_dc_vlc_thr` = 0 (FFmpeg's heuristic).
fn vop_fits(vop: &[u8], n: u32) -> Option<bool> {
    let mut r = BitReader { data: vop, pos: 0 };
    let kind = r.read(2)?;
    let mut ones = 0;
    while r.flag()? {
        ones += 1;
        if ones > 64 {
            return None; // modulo_time_base this long is garbage
        }
    }
    if !r.flag()? {
        return Some(false); // marker before the increment
    }
    r.read(n)?;
    if !r.flag()? {
        return Some(false); // marker after the increment
    }
    if !r.flag()? {
        return Some(true); // vop_coded 0: nothing more to check
    }
    Some(match kind {
        1 => r.read(4)? & 0b0111 == 0, // rounding type, then intra_dc_vlc_thr 000
        0 | 2 => r.read(3)? == 0,      // intra_dc_vlc_thr 000
        _ => true,                     // sprite VOPs: no further check
    })
}

/// Guesses the `vop_time_increment` bit length of a stream without a VOL.
///
/// Tries 1..=16 bits against up to 16 VOPs and returns the smallest length
/// that every examined VOP accepts (see `vop_fits`). A heuristic: exact for
/// typical encoders, but it cannot be sure on arbitrary data.
pub fn guess_time_increment_bits(es: &[u8]) -> Option<u8> {
    let vops: Vec<&[u8]> = start_codes(es)
        .filter(|&(_, c)| c == 0xB6)
        .filter_map(|(i, _)| es.get(i + 4..))
        .take(MAX_GUESS_VOPS)
        .collect();
    if vops.is_empty() {
        return None;
    }
    (1..=16u8).find(|&n| vops.iter().all(|v| vop_fits(v, u32::from(n)) == Some(true)))
}

/// A resolution whose increment length is `bits` (25 for 5, 30000 for 15).
fn resolution_for_bits(bits: u8) -> u16 {
    match bits {
        5 => 25,
        15 => 30000,
        0 | 1 => 1,
        b if b >= 16 => u16::MAX,
        b => (1u16 << b) - 1,
    }
}

/// MSB-first bit writer.
struct BitWriter {
    /// Bytes written so far (the last one possibly partial).
    out: Vec<u8>,
    /// Bits written, counted from the start of `out`'s alignment.
    bits: u32,
}

impl BitWriter {
    /// Appends the low `n` bits of `v`.
    fn put(&mut self, n: u32, v: u32) {
        for i in (0..n).rev() {
            if self.bits % 8 == 0 {
                self.out.push(0);
            }
            if v.checked_shr(i).unwrap_or(0) & 1 == 1 {
                if let Some(last) = self.out.last_mut() {
                    *last |= 0x80 >> (self.bits % 8);
                }
            }
            self.bits += 1;
        }
    }

    /// `next_start_code()` stuffing: a 0 then 1s up to the byte boundary.
    fn stuff(&mut self) {
        self.put(1, 0);
        while self.bits % 8 != 0 {
            self.put(1, 1);
        }
    }
}

/// Simple Profile level indication fitting the picture area.
fn profile_level(width: u16, height: u16) -> u8 {
    let area = u32::from(width) * u32::from(height);
    match area {
        0..=25_344 => 0x01,        // L1: QCIF
        25_345..=101_376 => 0x03,  // L3: CIF
        101_377..=307_200 => 0x04, // L4a: VGA
        307_201..=414_720 => 0x05, // L5: 720x576
        _ => 0x06,                 // L6: 1280x720
    }
}

/// VOS + VO + VO start + Simple Profile VOL for a `width`×`height` picture,
/// with [`DEFAULT_TIME_INCREMENT_RESOLUTION`]. See [`synthesize_vol_like`].
pub fn synthesize_vol(width: u16, height: u16) -> Vec<u8> {
    synthesize_vol_like(width, height, DEFAULT_TIME_INCREMENT_RESOLUTION)
}

/// VOS + VO + VO start + VOL with a given `vop_time_increment_resolution`.
///
/// The VOL is rectangular, Simple object type, progressive, H.263
/// quantisation, no fixed VOP rate, resync markers allowed. Pixels are 1:2
/// for half-height field pictures (`width > 360 && height < 480`), else
/// square. Callers that saw a VOL earlier in the stream must pass its
/// resolution ([`vol_time_increment_resolution`]): VOP headers depend on it.
/// Resolution 0 means the default; sizes are clamped to 13 bits (8191).
pub fn synthesize_vol_like(width: u16, height: u16, time_increment_resolution: u16) -> Vec<u8> {
    let res = if time_increment_resolution == 0 {
        DEFAULT_TIME_INCREMENT_RESOLUTION
    } else {
        time_increment_resolution
    };
    let (w, h) = (width.min(8191), height.min(8191));
    let mut out = vec![0, 0, 1, 0xB0, profile_level(w, h)];
    // visual object: no identifier, type video, no signal type, stuffing
    out.extend_from_slice(&[0, 0, 1, 0xB5, 0x09]);
    out.extend_from_slice(&[0, 0, 1, 0x00]);
    out.extend_from_slice(&[0, 0, 1, 0x20]);
    let mut b = BitWriter { out, bits: 0 };
    b.put(1, 0); // random_accessible_vol
    b.put(8, 1); // video_object_type_indication: Simple Object
    b.put(1, 0); // is_object_layer_identifier
    if w > 360 && h < 480 {
        b.put(4, 15); // extended PAR 1:2
        b.put(8, 1);
        b.put(8, 2);
    } else {
        b.put(4, 1); // square pixels
    }
    b.put(1, 0); // vol_control_parameters
    b.put(2, 0); // shape: rectangular
    b.put(1, 1); // marker
    b.put(16, u32::from(res));
    b.put(1, 1); // marker
    b.put(1, 0); // fixed_vop_rate
    b.put(1, 1);
    b.put(13, u32::from(w));
    b.put(1, 1);
    b.put(13, u32::from(h));
    b.put(1, 1);
    b.put(1, 0); // interlaced
    b.put(1, 1); // obmc_disable
    b.put(1, 0); // sprite_enable
    b.put(1, 0); // not_8_bit
    b.put(1, 0); // quant_type: H.263
    b.put(1, 1); // complexity_estimation_disable
    b.put(1, 0); // resync_marker_disable: markers may be present
    b.put(1, 0); // data_partitioned
    b.put(1, 0); // scalability
    b.stuff();
    b.out
}

/// `es` with synthesised VOS/VO/VOL headers in front when it has no VOL.
///
/// Without a `time_increment_resolution` the bit length is guessed from the
/// VOPs ([`guess_time_increment_bits`]), falling back to the default.
/// Encoder user data (`00 00 01 B2`) is not recreated: FFmpeg uses it to turn
/// on encoder workarounds (e.g. Xvid's IDCT), so such streams may decode
/// with small pixel differences.
pub fn with_vol(
    es: &[u8],
    width: u16,
    height: u16,
    time_increment_resolution: Option<u16>,
) -> Vec<u8> {
    if has_vol(es) {
        return es.to_vec();
    }
    let res = time_increment_resolution
        .or_else(|| guess_time_increment_bits(es).map(resolution_for_bits))
        .unwrap_or(DEFAULT_TIME_INCREMENT_RESOLUTION);
    let mut out = synthesize_vol_like(width, height, res);
    out.extend_from_slice(es);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Three frames (I, P, P) of a 176x144 FFmpeg `mpeg4` stream, 25 fps.
    const STREAM: &[u8] = include_bytes!("testdata/testsrc_176x144.m4v");

    /// Offset of the n-th start code with code `c`.
    fn nth(es: &[u8], c: u8, n: usize) -> usize {
        start_codes(es).filter(|&(_, x)| x == c).nth(n).unwrap().0
    }

    #[test]
    fn real_encoder_vol() {
        assert!(has_vol(STREAM));
        assert_eq!(vol_dimensions(STREAM), Some((176, 144)));
        assert_eq!(vol_time_increment_resolution(STREAM), Some(25));
        assert_eq!(first_vop_type(STREAM), Some(VopType::I));
        let p = nth(STREAM, 0xB6, 1);
        assert_eq!(first_vop_type(&STREAM[p..]), Some(VopType::P));
        assert!(!has_vol(&STREAM[p..]));
    }

    #[test]
    fn headerless_stream_gets_vol() {
        for cut in [nth(STREAM, 0xB3, 0), nth(STREAM, 0xB6, 0)] {
            let es = &STREAM[cut..];
            assert!(!has_vol(es));
            assert_eq!(vol_dimensions(es), None);
            assert_eq!(first_vop_type(es), Some(VopType::I));
            assert_eq!(guess_time_increment_bits(es), Some(5));
            let fixed = with_vol(es, 176, 144, None);
            assert!(has_vol(&fixed));
            assert!(fixed.ends_with(es));
            assert_eq!(vol_dimensions(&fixed), Some((176, 144)));
            assert_eq!(vol_time_increment_resolution(&fixed), Some(25));
            assert_eq!(with_vol(&fixed, 1, 1, None), fixed);
        }
        assert_eq!(with_vol(STREAM, 1, 1, Some(7)), STREAM);
    }

    #[test]
    fn synthesized_sizes_and_aspect() {
        for (w, h) in [
            (704, 288),
            (352, 288),
            (720, 576),
            (176, 144),
            (1, 1),
            (8191, 8191),
        ] {
            let v = synthesize_vol(w, h);
            assert_eq!(vol_dimensions(&v), Some((w, h)), "{w}x{h}");
            assert!(has_vol(&v));
            assert_eq!(v[..4], [0, 0, 1, 0xB0]);
            assert_eq!(v[5..14], [0, 0, 1, 0xB5, 0x09, 0, 0, 1, 0]);
        }
        let field = first_vol(&synthesize_vol(704, 288)).unwrap();
        assert_eq!(field.aspect, (15, 1, 2));
        assert_eq!(
            first_vol(&synthesize_vol(704, 576)).unwrap().aspect,
            (1, 0, 0)
        );
        assert_eq!(synthesize_vol(176, 144)[4], 0x01);
        assert_eq!(synthesize_vol(352, 288)[4], 0x03);
        assert_eq!(synthesize_vol(720, 576)[4], 0x05);
        assert_eq!(vol_dimensions(&synthesize_vol(9000, 10)), Some((8191, 10)));
        for res in [1u16, 2, 25, 30000, 65535] {
            let v = synthesize_vol_like(64, 48, res);
            assert_eq!(vol_time_increment_resolution(&v), Some(res));
        }
        assert_eq!(
            vol_time_increment_resolution(&synthesize_vol_like(64, 48, 0)),
            Some(25)
        );
    }

    #[test]
    fn time_increment_bit_lengths() {
        assert_eq!(time_increment_bits(1), 1);
        assert_eq!(time_increment_bits(2), 1);
        assert_eq!(time_increment_bits(3), 2);
        assert_eq!(time_increment_bits(16), 4);
        assert_eq!(time_increment_bits(25), 5);
        assert_eq!(time_increment_bits(30000), 15);
        assert_eq!(time_increment_bits(65535), 16);
        for b in 1..=16u8 {
            assert_eq!(time_increment_bits(resolution_for_bits(b)), u32::from(b));
        }
    }

    #[test]
    fn vol_with_optional_fields() {
        // is_object_layer_identifier, extended PAR, vbv parameters, fixed rate
        let mut b = BitWriter {
            out: vec![0, 0, 1, 0x21],
            bits: 0,
        };
        b.put(1, 1);
        b.put(8, 1);
        b.put(1, 1);
        b.put(4, 2);
        b.put(3, 1);
        b.put(4, 15);
        b.put(16, 0x0C0B);
        b.put(1, 1); // vol_control_parameters
        b.put(3, 0b010);
        b.put(1, 1); // vbv_parameters
        b.put(32, u32::MAX); // 79 bits of vbv parameters
        b.put(32, u32::MAX);
        b.put(15, 0x7FFF);
        b.put(2, 0);
        b.put(1, 1);
        b.put(16, 30000);
        b.put(1, 1);
        b.put(1, 1); // fixed_vop_rate
        b.put(15, 1001);
        b.put(1, 1);
        b.put(13, 640);
        b.put(1, 1);
        b.put(13, 480);
        b.put(1, 1);
        b.stuff();
        let vol = first_vol(&b.out).unwrap();
        assert_eq!(vol.aspect, (15, 12, 11));
        assert_eq!(vol.resolution, 30000);
        assert_eq!(vol.size, Some((640, 480)));
        // non-rectangular layers have no size; resolution 0 is invalid
        let mut b = BitWriter {
            out: vec![0, 0, 1, 0x20],
            bits: 0,
        };
        b.put(1, 0); // random_accessible_vol
        b.put(8, 1); // simple object
        b.put(1, 0); // is_object_layer_identifier
        b.put(4, 1); // square
        b.put(1, 0);
        b.put(2, 2);
        b.put(1, 1);
        b.put(16, 25);
        b.put(1, 1);
        b.put(1, 0);
        assert_eq!(vol_time_increment_resolution(&b.out), Some(25));
        assert_eq!(vol_dimensions(&b.out), None);
        let mut b = BitWriter {
            out: vec![0, 0, 1, 0x20],
            bits: 0,
        };
        b.put(1, 0); // random_accessible_vol
        b.put(8, 1); // simple object
        b.put(1, 0); // is_object_layer_identifier
        b.put(4, 1); // square
        b.put(1, 0);
        b.put(2, 0);
        b.put(32, 1);
        assert_eq!(vol_time_increment_resolution(&b.out), None);
    }

    #[test]
    fn never_panics_on_truncation_or_noise() {
        let v = synthesize_vol(704, 288);
        for n in 0..v.len() {
            let d = vol_dimensions(&v[..n]);
            assert!(d.is_none() || d == Some((704, 288)));
            let _ = first_vop_type(&v[..n]);
            let _ = guess_time_increment_bits(&v[..n]);
        }
        let mut s: u32 = 99;
        for _ in 0..2000 {
            let mut e = vec![0, 0, 1, 0x20];
            for _ in 0..24 {
                s = s.wrapping_mul(1_103_515_245).wrapping_add(12345);
                e.push((s >> 16) as u8);
            }
            e.extend_from_slice(&[
                0, 0, 1, 0xB6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            ]);
            let _ = vol_dimensions(&e);
            let _ = guess_time_increment_bits(&e);
            let _ = with_vol(&e[4..], 16, 16, None);
        }
        assert_eq!(first_vop_type(&[0, 0, 1, 0xB6]), None);
        assert_eq!(first_vop_type(&[]), None);
        assert!(!has_vol(&[0, 0, 1]));
    }

    /// Decodes `es` with the system ffmpeg, if present, to raw yuv420p.
    fn ffmpeg_decode(es: &[u8], name: &str) -> Option<Vec<u8>> {
        use std::process::Command;
        let ok = Command::new("ffmpeg")
            .arg("-version")
            .output()
            .ok()?
            .status
            .success();
        if !ok {
            return None;
        }
        let dir = std::env::temp_dir().join(format!("codec_mpeg4_{}_{name}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        let input = dir.join("in.m4v");
        let output = dir.join("out.yuv");
        std::fs::write(&input, es).ok()?;
        let st = Command::new("ffmpeg")
            .args([
                "-nostdin",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "m4v",
                "-i",
            ])
            .arg(&input)
            .args(["-f", "rawvideo", "-pix_fmt", "yuv420p"])
            .arg(&output)
            .status()
            .ok()?;
        let data = if st.success() {
            std::fs::read(&output).ok()
        } else {
            Some(Vec::new())
        };
        let _ = std::fs::remove_dir_all(&dir);
        data
    }

    #[test]
    fn real_decoder_accepts_synthesized_vol() {
        let Some(reference) = ffmpeg_decode(STREAM, "ref") else {
            eprintln!("ffmpeg not available; skipping");
            return;
        };
        assert_eq!(reference.len(), 3 * 176 * 144 * 3 / 2);
        for (i, cut) in [nth(STREAM, 0xB3, 0), nth(STREAM, 0xB6, 0)]
            .into_iter()
            .enumerate()
        {
            let fixed = with_vol(&STREAM[cut..], 176, 144, None);
            let out = ffmpeg_decode(&fixed, &format!("fix{i}")).unwrap();
            assert_eq!(out, reference, "cut at {cut}");
        }
    }
}
