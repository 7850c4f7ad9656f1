//! Pure-Rust MPEG-4 Part 2 (ISO/IEC 14496-2) Simple Profile video decoder.
//!
//! The decoder works on elementary-stream bytes: each call to
//! [`Decoder::decode`] takes the bytes of one frame, which may start with
//! visual object sequence / visual object / video object layer / group of VOP
//! headers before the VOP itself.
//!
//! Supported: I- and P-VOPs; H.263 and MPEG quantisation (default and
//! custom matrices, with mismatch control); intra DC/AC prediction; half-
//! sample motion compensation with unrestricted vectors and 4MV; resync
//! markers / video packets (with header extension); data partitioning and
//! reversible VLC (forward decoding); interlaced coding (field DCT, field
//! motion prediction, alternate vertical scan); not-coded VOPs; any picture
//! size up to 4096×4096 (pictures are decoded into macroblock-aligned buffers
//! and cropped).
//!
//! Not supported (reported as [`DecodeError::Unsupported`]): B-VOPs, S-VOPs
//! (GMC), P-VOPs with quarter-sample motion (the I-VOPs of such layers do
//! decode), static sprites, arbitrary shape, short video header (H.263
//! baseline), scalability, NEWPRED, reduced resolution VOPs, complexity
//! estimation headers, interlaced coding combined with data partitioning.
//! A P- or S-VOP that cannot be decoded drops the reference picture, so the
//! VOPs predicted from it report [`DecodeError::MissingReference`] until the
//! next I-VOP instead of showing garbage; B-VOPs are no reference.
//!
//! The inverse DCT is a separable floating-point transform that meets IEEE
//! 1180. The standard leaves the rounding of exact halves to the
//! implementation, and following the encoder's own choice avoids drift: they
//! round toward zero (like FFmpeg's integer IDCT), or upward when the user
//! data names Xvid as the encoder.
//!
//! # Example
//!
//! ```
//! use netvu_mpeg4::{yuv420_to_rgba, Decoder, DecodeError};
//!
//! let mut decoder = Decoder::new();
//! # let frames: Vec<&[u8]> = Vec::new();
//! for frame in frames {
//!     match decoder.decode(frame) {
//!         Ok(Some(picture)) => {
//!             for problem in decoder.last_problems() {
//!                 eprintln!("concealed damage: {problem}");
//!             }
//!             let mut rgba = vec![0u8; picture.width as usize * picture.height as usize * 4];
//!             yuv420_to_rgba(&picture, &mut rgba);
//!         }
//!         Ok(None) => {} // headers only
//!         Err(DecodeError::MissingReference) => {} // P-VOP after a seek: wait for an I-VOP
//!         Err(e) => eprintln!("frame not decoded: {e}"),
//!     }
//! }
//! ```
//!
//! # Damage
//!
//! Errors inside the macroblock data of a VOP do not fail the call: the
//! damaged macroblocks are concealed by copying the co-located macroblocks of
//! the previous picture (mid-grey when there is none), the picture is
//! returned as `Ok(Some(picture))`, and [`Decoder::last_problems`] describes
//! what was concealed (it is empty after a clean decode). Concealment runs to
//! the next resync marker that can be found (or to the end of the VOP) and,
//! because invalid data is usually noticed a little after the damaged bits,
//! starts one macroblock row before the macroblock where the error showed
//! (never before the start of its video packet); when the data merely ends
//! early, everything decoded before that point is kept.
//!
//! Errors in headers, or a P-VOP with no reference picture, return `Err` and
//! leave the reference picture unchanged. Decoding is clean again from the
//! next I-VOP.

mod bits;
mod error;
mod header;
mod idct;
mod mc;
mod vlc;
mod vop;
mod yuv;

pub use error::DecodeError;
pub use header::{Vol, VopHeader, VopType, MAX_DIMENSION};
pub use yuv::{yuv420_to_rgba, Picture};

use bits::{start_codes, BitReader};
use header::{code, parse_visual_object, parse_vol, parse_vop};
use vop::State;

/// MPEG-4 Part 2 video decoder. See the crate documentation.
pub struct Decoder {
    vol: Option<Vol>,
    state: Option<State>,
    problems: Vec<String>,
    profile_and_level: Option<u8>,
    video_range_full: Option<bool>,
    last_type: VopType,
    last_vop: Option<VopHeader>,
    ties: idct::Ties,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder {
            vol: None,
            state: None,
            problems: Vec::new(),
            profile_and_level: None,
            video_range_full: None,
            last_type: VopType::I,
            last_vop: None,
            ties: idct::Ties::default(),
        }
    }

    /// The current video object layer configuration, if any.
    pub fn vol(&self) -> Option<&Vol> {
        self.vol.as_ref()
    }

    /// `profile_and_level_indication` of the last visual object sequence
    /// header seen.
    pub fn profile_and_level(&self) -> Option<u8> {
        self.profile_and_level
    }

    /// `video_range` of the last visual object header that carried one
    /// (true = full range).
    pub fn video_range_full(&self) -> Option<bool> {
        self.video_range_full
    }

    /// Header of the last VOP parsed by [`Decoder::decode`] (time stamps,
    /// quantiser, fcode, ...).
    pub fn last_vop(&self) -> Option<&VopHeader> {
        self.last_vop.as_ref()
    }

    /// Problems met by the last call to [`Decoder::decode`] (or
    /// [`Decoder::configure`]) that did not prevent it from returning a
    /// picture: concealed damage, ignored trailing data, unusable optional
    /// headers. Empty after a clean decode.
    pub fn last_problems(&self) -> &[String] {
        &self.problems
    }

    /// Forgets the reference picture (after a seek): P-VOPs then fail with
    /// [`DecodeError::MissingReference`] until the next I-VOP. The VOL
    /// configuration is kept.
    pub fn reset(&mut self) {
        if let Some(st) = &mut self.state {
            st.have_ref = false;
        }
    }

    /// Applies VOS/VO/VOL headers supplied out of band (for example from a
    /// container's decoder configuration). Bytes without any start code are
    /// taken as a bare VOL header body.
    pub fn configure(&mut self, vol_bytes: &[u8]) -> Result<(), DecodeError> {
        self.problems.clear();
        let mut found = false;
        let mut any_code = false;
        for (c, _, body) in start_codes(vol_bytes) {
            any_code = true;
            if (code::VOL_FIRST..=code::VOL_LAST).contains(&c) {
                self.apply_vol(body)?;
                found = true;
            } else {
                self.other_header(c, body);
            }
        }
        if !any_code {
            self.apply_vol(vol_bytes)?;
            found = true;
        }
        if found {
            Ok(())
        } else {
            Err(DecodeError::NoVol)
        }
    }

    fn apply_vol(&mut self, body: &[u8]) -> Result<(), DecodeError> {
        let vol = parse_vol(&mut BitReader::new(body))?;
        let same_size = self
            .vol
            .as_ref()
            .is_some_and(|v| v.width == vol.width && v.height == vol.height);
        if !same_size || self.state.is_none() {
            self.state = (vol.shape == 0).then(|| State::new(vol.width, vol.height));
        }
        if let Some(st) = &mut self.state {
            st.ties = self.ties;
        }
        self.vol = Some(vol);
        Ok(())
    }

    fn other_header(&mut self, c: u8, body: &[u8]) {
        match c {
            code::VOS => self.profile_and_level = body.first().copied(),
            code::USER_DATA => {
                // The encoder's IDCT decides how exact halves were rounded in
                // its reconstruction loop; follow it to avoid drift.
                let ties = if body.starts_with(b"XviD") {
                    Some(idct::Ties::Up)
                } else if body.starts_with(b"Lavc")
                    || body.starts_with(b"FFmpe")
                    || body.starts_with(b"ffmpeg")
                {
                    Some(idct::Ties::TowardZero)
                } else {
                    None
                };
                if let Some(t) = ties {
                    self.ties = t;
                    if let Some(st) = &mut self.state {
                        st.ties = t;
                    }
                }
            }
            code::VISUAL_OBJECT => match parse_visual_object(&mut BitReader::new(body)) {
                Ok(vo) => {
                    if vo.video_range_full.is_some() {
                        self.video_range_full = vo.video_range_full;
                    }
                }
                Err(e) => self.problems.push(format!("visual object header: {e}")),
            },
            _ => {}
        }
    }

    /// Decodes one frame's bytes. Returns `Ok(None)` when they hold only
    /// headers. See the crate documentation for how damage is reported.
    pub fn decode(&mut self, data: &[u8]) -> Result<Option<Picture>, DecodeError> {
        self.problems.clear();
        let mut any_code = false;
        let mut picture = None;
        for (c, at, body) in start_codes(data) {
            if !any_code && at > 0 && data[..at].iter().any(|&b| b != 0) {
                self.problems
                    .push(format!("{at} bytes before the first start code ignored"));
            }
            any_code = true;
            if picture.is_some() {
                if c == code::VOP {
                    self.problems
                        .push("more than one VOP in the chunk; only the first was decoded".into());
                    break;
                }
                continue;
            }
            match c {
                code::VOL_FIRST..=code::VOL_LAST => self.apply_vol(body)?,
                code::VOP => picture = Some(self.decode_vop(body)?),
                _ => self.other_header(c, body),
            }
        }
        if !any_code {
            if data.len() >= 3 && data[0] == 0 && data[1] == 0 && data[2] & 0xFC == 0x80 {
                return Err(DecodeError::Unsupported("short video header (H.263)"));
            }
            if !data.is_empty() {
                self.problems.push("no start code in the chunk".into());
            }
        }
        Ok(picture.flatten())
    }

    fn decode_vop(&mut self, body: &[u8]) -> Result<Option<Picture>, DecodeError> {
        let vol = self.vol.as_ref().ok_or(DecodeError::NoVol)?;
        let st = self
            .state
            .as_mut()
            .ok_or(DecodeError::Unsupported("non-rectangular shape"))?;
        let mut br = BitReader::new(body);
        let hdr = match parse_vop(&mut br, vol) {
            Ok(h) => h,
            Err(e) => {
                // A P- or S-VOP this decoder cannot decode would have been
                // the reference of the following VOPs: predicting them from
                // an older picture would only show garbage.
                let coding_type = body.first().map(|b| b >> 6);
                if matches!(e, DecodeError::Unsupported(_)) && matches!(coding_type, Some(1 | 3)) {
                    st.have_ref = false;
                }
                return Err(e);
            }
        };
        self.last_vop = Some(hdr.clone());
        if !hdr.coded {
            if !st.have_ref {
                self.problems
                    .push("not-coded VOP with no previous picture".into());
                return Ok(None);
            }
            let mut p = crop(&st.refp, vol.width, vol.height, self.last_type);
            p.coded = false;
            return Ok(Some(p));
        }
        if hdr.vop_type == VopType::P && !st.have_ref {
            return Err(DecodeError::MissingReference);
        }
        st.decode_vop(&mut br, vol, &hdr, &mut self.problems);
        std::mem::swap(&mut st.cur, &mut st.refp);
        st.have_ref = true;
        self.last_type = hdr.vop_type;
        Ok(Some(crop(&st.refp, vol.width, vol.height, hdr.vop_type)))
    }
}

fn crop(f: &mc::Frame, width: u32, height: u32, vop_type: VopType) -> Picture {
    let w = width as usize;
    let h = height as usize;
    let cw = w.div_ceil(2);
    let ch = h.div_ceil(2);
    let mut y = Vec::with_capacity(w * h);
    for r in 0..h {
        y.extend_from_slice(&f.y.data[r * f.y.w..r * f.y.w + w]);
    }
    let mut u = Vec::with_capacity(cw * ch);
    let mut v = Vec::with_capacity(cw * ch);
    for r in 0..ch {
        u.extend_from_slice(&f.u.data[r * f.u.w..r * f.u.w + cw]);
        v.extend_from_slice(&f.v.data[r * f.v.w..r * f.v.w + cw]);
    }
    Picture {
        width,
        height,
        y,
        u,
        v,
        vop_type,
        coded: true,
    }
}
