//! A frame's bytes, fetched from the part of the opened file that holds it.

use netvu::FrameEntry;
use web_sys::Blob;

use super::blob::read_range;
use crate::core::opened::FileId;

/// An opened file whose bytes are in the browser.
pub type OpenedFile = crate::core::opened::OpenedFile<Blob>;

/// A frame's unit bytes, with its entry as its own part indexes it.
pub struct FetchedFrame {
    pub entry: FrameEntry,
    pub unit: Vec<u8>,
    /// In a PAR file, where its `FRAM` chunk starts if the chunk's CRC does
    /// not match (checked at fetch time: indexing skips it).
    pub damaged_chunk: Option<u64>,
    /// The part's file name, to say where a problem is.
    pub part_name: String,
}

/// Bytes a PAR `FRAM` chunk holds before its unit: fourcc, length, frame header.
const FRAM_BEFORE_UNIT: u64 = 8 + netvu::format::par::FRAME_HEADER as u64;

/// Fetches the unit of frame `at` of `file`.
pub async fn fetch_unit(file: &OpenedFile, at: usize) -> Result<(FrameEntry, Vec<u8>), String> {
    let frame = file.frame(at).ok_or("no such frame")?;
    let range = frame.entry.unit_range();
    let unit = read_range(&frame.part.source, range.start, range.end).await?;
    Ok((frame.entry, unit))
}

/// Fetches the unit of frame `at` like [`fetch_unit`]; in a PAR file it
/// fetches the whole `FRAM` chunk and checks its CRC.
pub async fn fetch_checked(file: &OpenedFile, at: usize) -> Result<FetchedFrame, String> {
    let frame = file.frame(at).ok_or("no such frame")?;
    let (entry, blob) = (frame.entry, &frame.part.source);
    let range = entry.unit_range();
    let part_name = frame.part.name.clone();
    let chunk_start = range.start.checked_sub(FRAM_BEFORE_UNIT);
    let (Some(chunk_start), netvu::Format::Par) = (chunk_start, file.index.format) else {
        let unit = read_range(blob, range.start, range.end).await?;
        return Ok(FetchedFrame {
            entry,
            unit,
            damaged_chunk: None,
            part_name,
        });
    };
    let chunk = read_range(blob, chunk_start, range.end + 4).await?;
    let ok = netvu::format::par::chunk_crc_ok(&chunk);
    let at = |offset: u64| ((offset - chunk_start) as usize).min(chunk.len());
    Ok(FetchedFrame {
        entry,
        unit: chunk[at(range.start)..at(range.end)].to_vec(),
        damaged_chunk: (!ok).then_some(chunk_start),
        part_name,
    })
}

/// Where problems found while showing a file go: the viewer's Problems panel.
pub type ProblemSink = std::rc::Rc<dyn Fn(FileId, netvu::Problem)>;

/// The problem a PAR frame whose chunk CRC fails adds when it is fetched.
pub const DAMAGED_CHUNK: &str = "FRAM chunk CRC mismatch";

/// The problem of a `FRAM` chunk of part `part_name` of `file` whose CRC
/// does not match: its bytes from `chunk_start` to the end of its CRC,
/// which follows `fetched`'s unit.
pub fn damaged_chunk_problem(
    file: &OpenedFile,
    chunk_start: u64,
    fetched: &FetchedFrame,
) -> netvu::Problem {
    let detail = if file.parts.len() > 1 {
        format!("{}: {DAMAGED_CHUNK}", fetched.part_name)
    } else {
        DAMAGED_CHUNK.to_string()
    };
    let chunk_end = fetched.entry.unit_range().end + 4;
    netvu::Problem {
        length: Some(chunk_end.saturating_sub(chunk_start)),
        ..netvu::Problem::new(chunk_start, netvu::problem::Code::CrcMismatch, detail)
    }
}
