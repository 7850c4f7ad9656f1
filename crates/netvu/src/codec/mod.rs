//! Codec layer: turns stored NetVu payloads into what a decoder needs.
//!
//! The container readers hand over raw payloads (headerless JPEG scans,
//! complete JFIFs, DVI4 ADPCM blocks, PBM masks, MPEG-4 and H.264 elementary
//! streams). This layer rebuilds or inspects them so that a standard decoder
//! can take them: it synthesises JFIF and MPEG-4 VOL headers, converts and
//! decodes audio, unpacks RLE masks and reads frame metadata. Everything here
//! works on untrusted bytes: nothing panics and every allocation is bounded by
//! the input size or a documented cap.

pub mod adpcm;
pub mod bmp;
pub mod es;
pub mod h264;
pub mod jpeg;
pub mod mpeg4;
pub mod pbm;
pub mod wav;
