//! Caps on what an untrusted size field can make the library read or keep.
//!
//! Every length read from a file is checked against one of these before it
//! sizes a buffer or a look-ahead, so memory stays bounded whatever the input.

/// Largest AD binary chunk the vendor accepts (its reader rejects ≥ 16 MiB).
pub const MAX_AD_CHUNK: u64 = 0x100_0000;
/// Largest PAR v1 chunk payload (`par-format.md` §3).
pub const MAX_PAR_CHUNK: u64 = 64 << 20;
/// Largest per-frame text block kept (NetVu `start_offset`, MIME text parts).
pub const MAX_TEXT: usize = 64 << 10;
/// Largest MIME part header block (the vendor limits lines to 1023 bytes).
pub const MAX_MIME_HEADER: usize = 8 << 10;
/// Largest JFIF prefix read to find its metadata (everything before SOS).
pub const MAX_JFIF_HEADER: usize = 64 << 10;
/// Largest headerless-marker JPEG accepted in a MIME stream (searching for EOI).
pub const MAX_RAW_JPEG: usize = 4 << 20;
/// Bytes of an elementary stream read at index time to find VOL/SPS and the frame type.
pub const ES_PROBE: usize = 1024;
/// Largest settings text kept from a `SETT` chunk.
pub const MAX_SETTINGS: u64 = 16 << 20;
/// Largest `INDX` chunk checked against the frames found by walking.
pub const MAX_INDEX_CHUNK: u64 = 64 << 20;
/// Largest event text kept.
pub const MAX_EVENT_TEXT: u64 = 64 << 10;
/// Problems kept per file; past this they are only counted.
pub const MAX_PROBLEMS: usize = 10_000;
/// Largest window any reader is shown at once: the largest AD binary chunk
/// or MIME part (header, body, and a peek at what follows). The indexer
/// clamps every request to it (see [`crate::indexer::Step::Need`]).
pub const MAX_LOOKAHEAD: usize = (MAX_AD_CHUNK as usize) + MAX_MIME_HEADER + 1024;
