//! Files that belong together, shown as one site: a settings-only PAR
//! opened with recordings labels their cameras (and lends its settings),
//! and the parts of a multi-file PAR recording (`netvu::sequence`) play as
//! one, with missing parts named.

use std::rc::Rc;

use netvu::model::{AudioSummary, CameraSummary};
use netvu::problem::Problem;
use netvu::sequence::{group, Part};
use netvu::{FrameEntry, Index};
use web_sys::Blob;

use crate::app::OpenedFile;
use crate::reader::{read_range, ReadError};

/// A combined recording's frames keep their part's number in the top bits of
/// `unit_offset` (a part is far smaller than 2^48 bytes).
pub const PART_SHIFT: u32 = 48;
const OFFSET_MASK: u64 = (1 << PART_SHIFT) - 1;

impl OpenedFile {
    /// The blob holding `entry`, and the entry as that blob alone would index it.
    pub fn locate(&self, entry: &FrameEntry) -> Option<(&Blob, FrameEntry)> {
        let part = usize::try_from(entry.unit_offset >> PART_SHIFT).ok()?;
        let blob = self.blobs.get(part)?;
        let mut local = *entry;
        local.unit_offset &= OFFSET_MASK;
        Some((blob, local))
    }

    /// Fetches the unit of `entry`; returns it with the entry as its own blob indexes it.
    pub async fn unit(&self, entry: &FrameEntry) -> Result<(FrameEntry, Vec<u8>), ReadError> {
        let (blob, local) = self
            .locate(entry)
            .ok_or_else(|| ReadError::Browser("the frame's file is not open".into()))?;
        let range = local.unit_range();
        Ok((local, read_range(blob, range.start, range.end).await?))
    }
}

/// Bytes a PAR `FRAM` chunk holds before its unit: fourcc, length, frame header.
const FRAM_BEFORE_UNIT: u64 = 8 + netvu::format::par::FRAME_HEADER as u64;

impl OpenedFile {
    /// Fetches the unit of `entry` like [`OpenedFile::unit`]; in a PAR file
    /// it fetches the whole `FRAM` chunk and checks its CRC, which indexing
    /// skips. The third value is the chunk's offset (in its own blob) if the
    /// CRC does not match.
    pub async fn checked_unit(
        &self,
        entry: &FrameEntry,
    ) -> Result<(FrameEntry, Vec<u8>, Option<u64>), ReadError> {
        let (blob, local) = self
            .locate(entry)
            .ok_or_else(|| ReadError::Browser("the frame's file is not open".into()))?;
        let range = local.unit_range();
        let chunk_start = range.start.checked_sub(FRAM_BEFORE_UNIT);
        let (Some(chunk_start), netvu::Format::Par) = (chunk_start, self.index.format) else {
            return Ok((local, read_range(blob, range.start, range.end).await?, None));
        };
        let chunk = read_range(blob, chunk_start, range.end + 4).await?;
        let ok = netvu::format::par::chunk_crc_ok(&chunk);
        let at = |offset: u64| ((offset - chunk_start) as usize).min(chunk.len());
        let unit = chunk[at(range.start)..at(range.end)].to_vec();
        Ok((local, unit, (!ok).then_some(chunk_start)))
    }
}

fn is_settings_only(file: &OpenedFile) -> bool {
    file.index.frames.is_empty() && file.index.settings.is_some()
}

/// `index` with empty camera titles taken from `[Camera N] title` of the
/// settings, and those settings if it has none; `None` if nothing changes.
fn labelled(index: &Index, settings: &netvu::index::StoredSettings) -> Option<Index> {
    let mut out = index.clone();
    out.apply_settings_titles(&settings.settings);
    let titled = out.cameras != index.cameras;
    if out.settings.is_none() {
        out.settings = Some(settings.clone());
    }
    (titled || index.settings.is_none()).then_some(out)
}

fn merge_cameras(into: &mut Vec<CameraSummary>, from: &[CameraSummary]) {
    for c in from {
        match into.iter_mut().find(|x| x.camera == c.camera) {
            Some(x) => {
                x.frames += c.frames;
                x.key_frames += c.key_frames;
                if x.title.is_empty() {
                    x.title.clone_from(&c.title);
                }
                if x.width == 0 {
                    (x.width, x.height) = (c.width, c.height);
                }
                x.first_timestamp_ms = min_opt(x.first_timestamp_ms, c.first_timestamp_ms);
                x.last_timestamp_ms = max_opt(x.last_timestamp_ms, c.last_timestamp_ms);
            }
            None => into.push(c.clone()),
        }
    }
    into.sort_by_key(|c| c.camera);
}

fn merge_audio(into: &mut Vec<AudioSummary>, from: &[AudioSummary]) {
    for a in from {
        match into.iter_mut().find(|x| x.channel == a.channel) {
            Some(x) => {
                x.frames += a.frames;
                x.first_timestamp_ms = min_opt(x.first_timestamp_ms, a.first_timestamp_ms);
                x.last_timestamp_ms = max_opt(x.last_timestamp_ms, a.last_timestamp_ms);
            }
            None => into.push(a.clone()),
        }
    }
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    a.into_iter().chain(b).min()
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    a.into_iter().chain(b).max()
}

/// One index over `parts` (in sequence order): frames tagged with their part.
fn joined(parts: &[&OpenedFile]) -> Index {
    let mut out = Index::new(parts[0].index.format);
    out.par_header.clone_from(&parts[0].index.par_header);
    for (k, part) in parts.iter().enumerate() {
        let index = &part.index;
        let tag = (k as u64) << PART_SHIFT;
        out.frames.extend(index.frames.iter().map(|f| {
            let mut f = *f;
            f.unit_offset |= tag;
            f
        }));
        merge_cameras(&mut out.cameras, &index.cameras);
        merge_audio(&mut out.audio, &index.audio);
        out.events.extend(index.events.iter().cloned());
        if out.settings.is_none() {
            out.settings.clone_from(&index.settings);
        }
        out.other_chunks.extend(index.other_chunks.iter().cloned());
        out.problems
            .list
            .extend(index.problems.list.iter().map(|p| Problem {
                detail: format!("{}: {}", part.name, p.detail),
                ..p.clone()
            }));
        out.problems.not_listed += index.problems.not_listed;
        out.length += index.length;
    }
    out
}

/// What to show for the files opened together: each as it is, except that
/// settings-only files label the others' cameras, and the parts of one
/// recording become one (in the first part's place, with its id).
pub fn combine(files: Vec<OpenedFile>) -> Vec<OpenedFile> {
    let mut files = files;
    // 1. A settings-only PAR names the cameras of the recordings opened with it.
    let settings_files: Vec<(String, netvu::index::StoredSettings)> = files
        .iter()
        .filter(|f| is_settings_only(f))
        .filter_map(|f| Some((f.name.clone(), f.index.settings.clone()?)))
        .collect();
    for (name, settings) in &settings_files {
        for file in files.iter_mut().filter(|f| !f.index.frames.is_empty()) {
            if let Some(index) = labelled(&file.index, settings) {
                file.index = Rc::new(index);
                let mut notes = (*file.notes).clone();
                notes.push(format!("Camera titles and settings from {name}"));
                file.notes = Rc::new(notes);
            }
        }
    }
    // 2. The parts of multi-file PAR recordings.
    let candidates: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].index.par_header.is_some() && !is_settings_only(&files[i]))
        .collect();
    let headers: Vec<netvu::index::ParHeader> = candidates
        .iter()
        .filter_map(|&i| files[i].index.par_header.clone())
        .collect();
    let parts: Vec<Part> = candidates
        .iter()
        .zip(&headers)
        .map(|(&i, header)| Part {
            name: &files[i].name,
            header,
        })
        .collect();
    let mut replaced: Vec<(usize, OpenedFile)> = Vec::new();
    let mut removed: Vec<usize> = Vec::new();
    for sequence in group(&parts) {
        let members: Vec<usize> = sequence.parts.iter().map(|&p| candidates[p]).collect();
        let Some(&first) = members.first() else {
            continue;
        };
        let missing = sequence.missing.clone();
        if members.len() == 1 && missing.is_empty() {
            continue;
        }
        let mut notes: Vec<String> = (*files[first].notes).clone();
        let combined = if members.len() > 1 {
            let refs: Vec<&OpenedFile> = members.iter().map(|&i| &files[i]).collect();
            let names: Vec<&str> = refs.iter().map(|f| f.name.as_str()).collect();
            notes.push(format!(
                "One recording from {} files: {}",
                refs.len(),
                names.join(", ")
            ));
            removed.extend(&members[1..]);
            OpenedFile {
                id: files[first].id,
                name: format!("{} ({} parts)", sequence.name, refs.len()),
                blobs: Rc::new(refs.iter().flat_map(|f| f.blobs.iter().cloned()).collect()),
                index: Rc::new(joined(&refs)),
                notes: Rc::default(),
            }
        } else {
            files[first].clone()
        };
        if !missing.is_empty() {
            notes.push(format!(
                "Missing part{}: {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ));
        }
        replaced.push((
            first,
            OpenedFile {
                notes: Rc::new(notes),
                ..combined
            },
        ));
    }
    for (at, file) in replaced {
        files[at] = file;
    }
    files
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, f)| f)
        .collect()
}
