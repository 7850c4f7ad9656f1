//! Visual object sequence, video object layer and VOP headers
//! (ISO/IEC 14496-2 §6.2.2–6.2.5).

use crate::bits::BitReader;
use crate::error::DecodeError;
use crate::vlc::{DEFAULT_INTER_MATRIX, DEFAULT_INTRA_MATRIX, INTRA_DC_THRESHOLD, ZIGZAG};

/// Largest picture dimension accepted (either axis).
pub const MAX_DIMENSION: u32 = 4096;

/// Start code values (the byte after `00 00 01`).
#[allow(dead_code)]
pub mod code {
    pub const VO_FIRST: u8 = 0x00;
    pub const VO_LAST: u8 = 0x1F;
    pub const VOL_FIRST: u8 = 0x20;
    pub const VOL_LAST: u8 = 0x2F;
    pub const VOS: u8 = 0xB0;
    pub const VOS_END: u8 = 0xB1;
    pub const USER_DATA: u8 = 0xB2;
    pub const GOV: u8 = 0xB3;
    pub const VISUAL_OBJECT: u8 = 0xB5;
    pub const VOP: u8 = 0xB6;
}

/// VOP coding type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VopType {
    /// Intra-coded.
    I,
    /// Predicted from the previous I/P VOP.
    P,
    /// Bidirectionally predicted (not in Simple Profile; not decoded).
    B,
    /// Sprite / GMC (not in Simple Profile; not decoded).
    S,
}

/// Fields of a video object layer header that matter for decoding (plus a few
/// informative ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vol {
    /// `video_object_type_indication` (1 = Simple).
    pub object_type: u8,
    pub verid: u8,
    pub aspect_ratio_info: u8,
    pub par: Option<(u8, u8)>,
    pub low_delay: Option<bool>,
    pub shape: u8,
    pub vop_time_increment_resolution: u16,
    /// Bits used by `vop_time_increment`.
    pub time_increment_bits: u32,
    pub fixed_vop_time_increment: Option<u16>,
    pub width: u32,
    pub height: u32,
    pub interlaced: bool,
    pub obmc_disable: bool,
    pub sprite_enable: u8,
    pub quant_precision: u32,
    pub bits_per_pixel: u32,
    /// `quant_type`: false = H.263 method, true = MPEG method.
    pub mpeg_quant: bool,
    /// Intra matrix in raster order (used when `mpeg_quant`).
    pub intra_matrix: [u8; 64],
    /// Non-intra matrix in raster order (used when `mpeg_quant`).
    pub inter_matrix: [u8; 64],
    pub quarter_sample: bool,
    pub complexity_estimation_disable: bool,
    pub resync_marker_disable: bool,
    pub data_partitioned: bool,
    pub reversible_vlc: bool,
    pub newpred_enable: bool,
    pub reduced_resolution_vop_enable: bool,
    pub scalability: bool,
}

impl Vol {
    /// Whether this decoder can decode VOPs of type `vop_type` in this
    /// layer; the error names the first unsupported tool. (I-VOPs of layers
    /// with quarter-sample motion or GMC are decodable; their P-VOPs or
    /// S-VOPs are not.)
    pub fn check_supported(&self, vop_type: VopType) -> Result<(), DecodeError> {
        if self.shape != 0 {
            return Err(DecodeError::Unsupported("non-rectangular shape"));
        }
        if self.interlaced && self.data_partitioned {
            return Err(DecodeError::Unsupported(
                "interlaced coding with data partitioning",
            ));
        }
        if !self.obmc_disable {
            return Err(DecodeError::Unsupported(
                "overlapped block motion compensation",
            ));
        }
        if self.sprite_enable == 1 {
            return Err(DecodeError::Unsupported("static sprites"));
        }
        if self.bits_per_pixel != 8 {
            return Err(DecodeError::Unsupported("not 8 bits per pixel"));
        }
        if self.quarter_sample && vop_type != VopType::I {
            return Err(DecodeError::Unsupported(
                "quarter-sample motion compensation",
            ));
        }
        if !self.complexity_estimation_disable {
            return Err(DecodeError::Unsupported("complexity estimation header"));
        }
        if self.newpred_enable {
            return Err(DecodeError::Unsupported("NEWPRED"));
        }
        if self.reduced_resolution_vop_enable {
            return Err(DecodeError::Unsupported("reduced resolution VOP"));
        }
        if self.scalability {
            return Err(DecodeError::Unsupported("scalability"));
        }
        Ok(())
    }
}

/// Number of bits needed to code values `0..resolution`, at least 1.
pub fn time_increment_bits(resolution: u16) -> u32 {
    let r = u32::from(resolution.max(1)) - 1;
    (32 - r.leading_zeros()).max(1)
}

fn read_matrix(br: &mut BitReader<'_>, m: &mut [u8; 64]) -> Result<(), DecodeError> {
    let mut last = 0u8;
    let mut i = 0;
    while i < 64 {
        let v = br.read(8)? as u8;
        if v == 0 {
            break;
        }
        last = v;
        m[usize::from(ZIGZAG[i])] = v;
        i += 1;
    }
    if i == 0 {
        return Err(DecodeError::Invalid("empty quantiser matrix"));
    }
    while i < 64 {
        m[usize::from(ZIGZAG[i])] = last;
        i += 1;
    }
    Ok(())
}

/// Parses a video object layer header; `br` is positioned just after the
/// `00 00 01 2x` start code.
pub fn parse_vol(br: &mut BitReader<'_>) -> Result<Vol, DecodeError> {
    let _random_accessible = br.read_bit()?;
    let object_type = br.read(8)? as u8;
    if object_type == 0x12 {
        return Err(DecodeError::Unsupported("fine granularity scalable object"));
    }
    let mut verid = 1u8;
    if br.read_bit()? {
        verid = br.read(4)? as u8;
        let _priority = br.read(3)?;
    }
    let aspect_ratio_info = br.read(4)? as u8;
    let par = if aspect_ratio_info == 0xF {
        Some((br.read(8)? as u8, br.read(8)? as u8))
    } else {
        None
    };
    let mut low_delay = None;
    if br.read_bit()? {
        let chroma_format = br.read(2)?;
        if chroma_format != 1 {
            return Err(DecodeError::Unsupported("chroma format other than 4:2:0"));
        }
        low_delay = Some(br.read_bit()?);
        if br.read_bit()? {
            // vbv_parameters
            br.read(15)?;
            br.marker("vbv marker")?;
            br.read(15)?;
            br.marker("vbv marker")?;
            br.read(15)?;
            br.marker("vbv marker")?;
            br.read(3)?;
            br.read(11)?;
            br.marker("vbv marker")?;
            br.read(15)?;
            br.marker("vbv marker")?;
        }
    }
    let shape = br.read(2)? as u8;
    if shape == 3 && verid != 1 {
        br.read(4)?; // video_object_layer_shape_extension
    }
    br.marker("marker before vop_time_increment_resolution")?;
    let resolution = br.read(16)? as u16;
    if resolution == 0 {
        return Err(DecodeError::Invalid("vop_time_increment_resolution is 0"));
    }
    br.marker("marker after vop_time_increment_resolution")?;
    let tib = time_increment_bits(resolution);
    let fixed_vop_time_increment = if br.read_bit()? {
        Some(br.read(tib)? as u16)
    } else {
        None
    };

    let mut vol = Vol {
        object_type,
        verid,
        aspect_ratio_info,
        par,
        low_delay,
        shape,
        vop_time_increment_resolution: resolution,
        time_increment_bits: tib,
        fixed_vop_time_increment,
        width: 0,
        height: 0,
        interlaced: false,
        obmc_disable: true,
        sprite_enable: 0,
        quant_precision: 5,
        bits_per_pixel: 8,
        mpeg_quant: false,
        intra_matrix: DEFAULT_INTRA_MATRIX,
        inter_matrix: DEFAULT_INTER_MATRIX,
        quarter_sample: false,
        complexity_estimation_disable: true,
        resync_marker_disable: true,
        data_partitioned: false,
        reversible_vlc: false,
        newpred_enable: false,
        reduced_resolution_vop_enable: false,
        scalability: false,
    };
    if shape == 2 {
        // binary only: no texture at all
        return Err(DecodeError::Unsupported("binary-only shape"));
    }
    if shape == 0 {
        br.marker("marker before video_object_layer_width")?;
        vol.width = br.read(13)?;
        br.marker("marker before video_object_layer_height")?;
        vol.height = br.read(13)?;
        br.marker("marker after video_object_layer_height")?;
        if vol.width == 0 || vol.height == 0 {
            return Err(DecodeError::Invalid("zero picture size"));
        }
        if vol.width > MAX_DIMENSION || vol.height > MAX_DIMENSION {
            return Err(DecodeError::Unsupported("picture larger than 4096x4096"));
        }
    }
    vol.interlaced = br.read_bit()?;
    vol.obmc_disable = br.read_bit()?;
    vol.sprite_enable = if verid == 1 {
        br.read(1)? as u8
    } else {
        br.read(2)? as u8
    };
    if vol.sprite_enable == 1 {
        // Static sprites are rejected before any VOP is decoded.
        return Ok(vol);
    }
    if vol.sprite_enable == 2 {
        // GMC: only S-VOPs use it; skip its parameters.
        br.read(6)?; // no_of_sprite_warping_points
        br.read(2)?; // sprite_warping_accuracy
        br.read(1)?; // sprite_brightness_change
    }
    if verid != 1 && shape != 0 {
        br.read(1)?; // sadct_disable
    }
    if br.read_bit()? {
        // not_8_bit
        vol.quant_precision = br.read(4)?;
        vol.bits_per_pixel = br.read(4)?;
        if !(3..=9).contains(&vol.quant_precision) {
            return Err(DecodeError::Invalid("quant_precision out of range"));
        }
    }
    if shape == 3 {
        return Err(DecodeError::Unsupported("grayscale shape"));
    }
    vol.mpeg_quant = br.read_bit()?;
    if vol.mpeg_quant {
        if br.read_bit()? {
            read_matrix(br, &mut vol.intra_matrix)?;
        }
        if br.read_bit()? {
            read_matrix(br, &mut vol.inter_matrix)?;
        }
    }
    if verid != 1 {
        vol.quarter_sample = br.read_bit()?;
    }
    vol.complexity_estimation_disable = br.read_bit()?;
    if !vol.complexity_estimation_disable {
        return Ok(vol);
    }
    vol.resync_marker_disable = br.read_bit()?;
    vol.data_partitioned = br.read_bit()?;
    if vol.data_partitioned {
        vol.reversible_vlc = br.read_bit()?;
    }
    if verid != 1 {
        vol.newpred_enable = br.read_bit()?;
        if vol.newpred_enable {
            br.read(3)?;
        }
        vol.reduced_resolution_vop_enable = br.read_bit()?;
    }
    vol.scalability = br.read_bit()?;
    Ok(vol)
}

/// Parsed VOP header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VopHeader {
    pub vop_type: VopType,
    pub modulo_time_base: u32,
    pub time_increment: u32,
    pub coded: bool,
    /// `vop_rounding_type` (P-VOPs; 0 otherwise).
    pub rounding: bool,
    /// QP threshold below which intra DC uses the DC VLC.
    pub intra_dc_threshold: u8,
    /// Interlaced VOLs only.
    pub top_field_first: bool,
    /// Interlaced VOLs only: every block uses the alternate vertical scan.
    pub alternate_vertical_scan: bool,
    pub quant: u8,
    pub fcode_forward: u8,
    pub fcode_backward: u8,
}

/// Parses a VOP header; `br` is positioned just after `00 00 01 B6`.
pub fn parse_vop(br: &mut BitReader<'_>, vol: &Vol) -> Result<VopHeader, DecodeError> {
    let vop_type = match br.read(2)? {
        0 => VopType::I,
        1 => VopType::P,
        2 => VopType::B,
        _ => VopType::S,
    };
    let mut modulo_time_base = 0;
    while br.read_bit()? {
        modulo_time_base += 1;
        if modulo_time_base > 3600 {
            return Err(DecodeError::Invalid("modulo_time_base runaway"));
        }
    }
    br.marker("marker before vop_time_increment")?;
    let time_increment = br.read(vol.time_increment_bits)?;
    br.marker("marker after vop_time_increment")?;
    let coded = br.read_bit()?;
    let mut h = VopHeader {
        vop_type,
        modulo_time_base,
        time_increment,
        coded,
        rounding: false,
        intra_dc_threshold: INTRA_DC_THRESHOLD[0],
        top_field_first: false,
        alternate_vertical_scan: false,
        quant: 1,
        fcode_forward: 1,
        fcode_backward: 1,
    };
    if !coded {
        return Ok(h);
    }
    if vop_type == VopType::B {
        return Err(DecodeError::Unsupported("B-VOP"));
    }
    if vop_type == VopType::S {
        return Err(DecodeError::Unsupported("S-VOP"));
    }
    vol.check_supported(vop_type)?;
    if vop_type == VopType::P {
        h.rounding = br.read_bit()?;
    }
    h.intra_dc_threshold = INTRA_DC_THRESHOLD[br.read(3)? as usize];
    if vol.interlaced {
        h.top_field_first = br.read_bit()?;
        h.alternate_vertical_scan = br.read_bit()?;
    }
    let q = br.read(vol.quant_precision)?;
    if q == 0 {
        return Err(DecodeError::Invalid("vop_quant is 0"));
    }
    if q > 31 {
        return Err(DecodeError::Unsupported("quantiser above 31"));
    }
    h.quant = q as u8;
    if vop_type != VopType::I {
        let f = br.read(3)?;
        if f == 0 {
            return Err(DecodeError::Invalid("vop_fcode_forward is 0"));
        }
        h.fcode_forward = f as u8;
    }
    Ok(h)
}

/// Informative fields of a `visual_object` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VisualObject {
    pub video_range_full: Option<bool>,
    pub matrix_coefficients: Option<u8>,
}

pub fn parse_visual_object(br: &mut BitReader<'_>) -> Result<VisualObject, DecodeError> {
    let mut vo = VisualObject::default();
    if br.read_bit()? {
        br.read(7)?; // verid, priority
    }
    let ty = br.read(4)?;
    // video_signal_type (video or still texture objects)
    if (ty == 1 || ty == 2) && br.read_bit()? {
        br.read(3)?; // video_format
        vo.video_range_full = Some(br.read_bit()?);
        if br.read_bit()? {
            br.read(16)?; // primaries, transfer
            vo.matrix_coefficients = Some(br.read(8)? as u8);
        }
    }
    Ok(vo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn increment_bits() {
        assert_eq!(time_increment_bits(1), 1);
        assert_eq!(time_increment_bits(2), 1);
        assert_eq!(time_increment_bits(3), 2);
        assert_eq!(time_increment_bits(25), 5);
        assert_eq!(time_increment_bits(30000), 15);
        assert_eq!(time_increment_bits(32768), 15);
        assert_eq!(time_increment_bits(65535), 16);
    }
}
