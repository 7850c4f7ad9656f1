//! Recognising a file by its first bytes, never by its name.

use crate::bytes::{be32, le16};
use crate::format::{adbinary, admime};
use crate::header::{PicCore, PIC_HEADER_LEN};
use crate::model::Format;
use serde::{Deserialize, Serialize};

/// How many leading bytes [`probe`] looks at (at most).
pub const PROBE_LEN: usize = 64 << 10;

/// Says which format `head` (the first bytes of a file) is in;
/// [`Format::Unknown`] means "will be scanned for NetVu headers and JPEG
/// pictures", [`Format::NotNetvu`] "is another kind of file" ([`not_netvu`]).
pub fn probe(head: &[u8]) -> Format {
    let head = &head[..head.len().min(PROBE_LEN)];
    if not_netvu(head).is_some_and(|k| k != NotNetvu::Text) {
        return Format::NotNetvu;
    }
    if head.starts_with(b"PAR\0") {
        let v1 = le16(head, 4) == Some(1) && le16(head, 6).is_some_and(|s| s >= 40);
        return if v1 { Format::Par } else { Format::UnknownPar };
    }
    if be32(head, 0) == Some(0xFACE_D0FF) {
        return Format::DsPic;
    }
    if admime::looks_like_mime(head) {
        return Format::AdMime;
    }
    // By structure: which chain of units explains more of the head. An AD
    // binary stream whose first chunk is damaged still chains by its sizes;
    // AD raw finds the same picture headers but not the separators.
    let binary = adbinary_explains(head);
    if binary > 0 && binary >= adraw_explains(head) {
        return Format::AdBinary;
    }
    if admime::has_boundary_line(head) {
        return Format::AdMime;
    }
    if has_pic_header(head) {
        return Format::AdRaw;
    }
    if not_netvu(head).is_some() {
        return Format::NotNetvu;
    }
    Format::Unknown
}

/// Files that share the `.par` extension (or land in an export) but are
/// not Dedicated Micros recordings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotNetvu {
    /// Parchive 1.0 or 0.9 parity files (and 0.9 volumes).
    Parchive,
    /// Parchive 2 parity files.
    Par2,
    /// ZIP archives (Perl PAR archives are ZIPs).
    Zip,
    /// Plain text.
    Text,
}

impl NotNetvu {
    pub fn name(self) -> &'static str {
        match self {
            NotNetvu::Parchive => "parchive",
            NotNetvu::Par2 => "par2",
            NotNetvu::Zip => "zip",
            NotNetvu::Text => "text",
        }
    }

    /// What to tell a person, in one line.
    pub fn sentence(self) -> &'static str {
        match self {
            NotNetvu::Parchive => {
                "a Parchive parity file, not a Dedicated Micros recording: nothing to show"
            }
            NotNetvu::Par2 => {
                "a PAR2 (Parchive 2) parity file, not a Dedicated Micros recording: nothing to show"
            }
            NotNetvu::Zip => {
                "a ZIP archive (such as a Perl PAR archive), not a Dedicated Micros recording: nothing to show"
            }
            NotNetvu::Text => "a text file, not a Dedicated Micros recording: nothing to show",
        }
    }
}

/// What `head` is when it is recognisably not a NetVu file: by magic
/// number, or text (no control bytes but line ends and tabs, valid UTF-8
/// and no MIME boundary) throughout.
pub fn not_netvu(head: &[u8]) -> Option<NotNetvu> {
    let head = &head[..head.len().min(PROBE_LEN)];
    let magic = |m: &[u8]| head.starts_with(m);
    if magic(b"PAR\0\0\0\0\0") || magic(b"PAR\0\0\x09") || magic(b"PXX\0") {
        return Some(NotNetvu::Parchive);
    }
    if magic(b"PAR2\0PKT") {
        return Some(NotNetvu::Par2);
    }
    if magic(b"PK\x03\x04") || magic(b"PK\x05\x06") || magic(b"PK\x07\x08") {
        return Some(NotNetvu::Zip);
    }
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // A character cut by the end of the head is still text.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let is_text = !text.is_empty()
        && text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\x0C'))
        && !text.contains("Server-Push:Boundary-String");
    is_text.then_some(NotNetvu::Text)
}

/// Bytes of `head` covered by AD binary chunks whose content checks, found
/// as the reader finds them: along the chain of separator sizes, past a
/// chunk that does not check when the next one does, else by scanning.
fn adbinary_explains(head: &[u8]) -> u64 {
    let chunk_end = |at: usize| {
        let size = be32(head, at + 2)?;
        (size > 0 && u64::from(size) < crate::limits::MAX_AD_CHUNK)
            .then(|| at.saturating_add(6 + size as usize))
    };
    let mut explained = 0u64;
    let mut at = 0usize;
    while at + 6 <= head.len() {
        let next = chunk_end(at);
        if adbinary::chunk_checks(&head[at..]) {
            let end = next.unwrap_or(head.len());
            // A picture explains what its header counts, however far the
            // separator (perhaps a coincidence in AD raw data) reaches.
            let picture_end = PicCore::parse(&head[at + 6..], crate::bytes::Endian::Big)
                .and_then(|p| usize::try_from(p.body_len()).ok())
                .map_or(usize::MAX, |len| at + 6 + len);
            explained += (end.min(picture_end).min(head.len()) - at) as u64;
            at = end;
        } else {
            at = match next {
                Some(n) if n + 6 <= head.len() && adbinary::chunk_checks(&head[n..]) => n,
                _ => at + 1,
            };
        }
    }
    explained
}

/// Bytes of `head` covered by NetVu pictures back to back, as AD raw
/// writes them: found by scanning, each counted when it starts where the
/// one before it ended (in an AD binary stream a separator sits between).
fn adraw_explains(head: &[u8]) -> u64 {
    let mut explained = 0u64;
    let mut at = 0usize;
    let mut previous_end = None;
    while let Some(found) = memchr::memmem::find(&head[at..], &[0xDE, 0xCA, 0xDE]) {
        let start = at + found;
        match PicCore::parse(&head[start..], crate::bytes::Endian::Big) {
            Some(p) => {
                let end = start.saturating_add(usize::try_from(p.body_len()).unwrap_or(usize::MAX));
                if previous_end.is_none_or(|e| e == start) {
                    explained += (end.min(head.len()) - start) as u64;
                }
                previous_end = Some(end);
                at = end;
            }
            None => at = start + 1,
        }
        if at >= head.len() {
            break;
        }
    }
    explained
}

/// True if a valid NetVu picture header lies anywhere in `head` (AD raw).
fn has_pic_header(head: &[u8]) -> bool {
    memchr::memmem::find_iter(head, &[0xDE, 0xCA, 0xDE]).any(|at| {
        head.len() - at >= PIC_HEADER_LEN
            && PicCore::parse(&head[at..], crate::bytes::Endian::Big).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_magic_numbers() {
        assert_eq!(probe(b"PAR\0\x01\x00\x28\x00"), Format::Par);
        assert_eq!(probe(b"PAR\0\x07\x00\x10\x00"), Format::UnknownPar);
        assert_eq!(probe(&[0xFA, 0xCE, 0xD0, 0xFF, 0, 0, 0, 24]), Format::DsPic);
        assert_eq!(
            probe(b"--0plm(NetVu-Connected:Server-Push:Boundary-String)1qaz\r\n"),
            Format::AdMime
        );
        assert_eq!(
            probe(b"\r\n--0plm(NetVu-Connected:Server-Push:Boundary-String)1qaz\r\n"),
            Format::AdMime
        );
        assert_eq!(probe(b"hello, world\n"), Format::NotNetvu);
        assert_eq!(probe(&[0x80, 0, 0x80]), Format::Unknown);
        assert_eq!(probe(&[]), Format::Unknown);
    }

    #[test]
    fn adbinary_needs_a_valid_first_chunk() {
        let mut chunk = vec![0u8, 0, 0, 0, 0, 184];
        chunk.extend(crate::header::tests::spec_header(0, 13, 3, 16, 8));
        assert_eq!(probe(&chunk), Format::AdBinary);
        chunk[6] = 0;
        assert_eq!(probe(&chunk), Format::Unknown);
        let mut raw = b"\x00\x11\x22".to_vec();
        raw.extend(crate::header::tests::spec_header(0, 0, 3, 16, 8));
        assert_eq!(probe(&raw), Format::AdRaw);
    }
}
