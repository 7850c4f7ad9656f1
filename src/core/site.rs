//! Files that belong together, shown as one site: a settings-only PAR
//! opened with recordings labels their cameras (and lends its settings),
//! and the parts of a multi-file PAR recording (`netvu::sequence`) play as
//! one, with missing parts named.

use std::rc::Rc;

use netvu::index::{ParHeader, StoredSettings};
use netvu::model::{AudioSummary, CameraSummary};
use netvu::problem::Problem;
use netvu::sequence::{group, Part as SequencePart};
use netvu::Index;

use super::opened::{OpenedFile, Part};

fn is_settings_only<S>(file: &OpenedFile<S>) -> bool {
    file.index.frames.is_empty() && file.index.settings.is_some()
}

/// `index` with empty camera titles taken from `[Camera N] title` of the
/// settings, and those settings if it has none; `None` if nothing changes.
fn labelled(index: &Index, settings: &StoredSettings) -> Option<Index> {
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

/// One recording of `parts` (in sequence order): their frames one part
/// after another, each found again in its part through [`OpenedFile::frame`].
fn joined<S: Clone>(members: &[&OpenedFile<S>], name: String) -> OpenedFile<S> {
    let first = members[0];
    let mut index = Index::new(first.index.format);
    index.par_header.clone_from(&first.index.par_header);
    let mut parts = Vec::new();
    for member in members {
        let from = &member.index;
        for part in member.parts.iter() {
            parts.push(Part {
                first_frame: index.frames.len() + part.first_frame,
                ..part.clone()
            });
        }
        index.frames.extend_from_slice(&from.frames);
        merge_cameras(&mut index.cameras, &from.cameras);
        merge_audio(&mut index.audio, &from.audio);
        index.events.extend(from.events.iter().cloned());
        if index.settings.is_none() {
            index.settings.clone_from(&from.settings);
        }
        index.other_chunks.extend(from.other_chunks.iter().cloned());
        index
            .problems
            .list
            .extend(from.problems.list.iter().map(|p| Problem {
                detail: format!("{}: {}", member.name, p.detail),
                ..p.clone()
            }));
        index.problems.not_listed += from.problems.not_listed;
        index.length += from.length;
    }
    OpenedFile {
        id: first.id,
        name,
        parts: Rc::new(parts),
        index: Rc::new(index),
        notes: Rc::default(),
    }
}

/// What to show for the files opened together: each as it is, except that
/// settings-only files label the others' cameras, and the parts of one
/// recording become one (in the first part's place, with its id).
pub fn combine<S: Clone>(mut files: Vec<OpenedFile<S>>) -> Vec<OpenedFile<S>> {
    label_with_settings_files(&mut files);
    join_sequences(files)
}

/// A settings-only PAR names the cameras of the recordings opened with it.
fn label_with_settings_files<S>(files: &mut [OpenedFile<S>]) {
    let settings_files: Vec<(String, StoredSettings)> = files
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
}

/// The parts of multi-file PAR recordings become one recording each, in
/// the first part's place; missing parts are named in its notes.
fn join_sequences<S: Clone>(mut files: Vec<OpenedFile<S>>) -> Vec<OpenedFile<S>> {
    let candidates: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].index.par_header.is_some() && !is_settings_only(&files[i]))
        .collect();
    let headers: Vec<ParHeader> = candidates
        .iter()
        .filter_map(|&i| files[i].index.par_header.clone())
        .collect();
    let parts: Vec<SequencePart> = candidates
        .iter()
        .zip(&headers)
        .map(|(&i, header)| SequencePart {
            name: &files[i].name,
            header,
        })
        .collect();
    let mut replaced: Vec<(usize, OpenedFile<S>)> = Vec::new();
    let mut removed: Vec<usize> = Vec::new();
    for sequence in group(&parts) {
        let members: Vec<usize> = sequence.parts.iter().map(|&p| candidates[p]).collect();
        let Some(&first) = members.first() else {
            continue;
        };
        let missing = &sequence.missing;
        if members.len() == 1 && missing.is_empty() {
            continue;
        }
        let mut notes: Vec<String> = (*files[first].notes).clone();
        let mut shown = if members.len() > 1 {
            let refs: Vec<&OpenedFile<S>> = members.iter().map(|&i| &files[i]).collect();
            let names: Vec<&str> = refs.iter().map(|f| f.name.as_str()).collect();
            notes.push(format!(
                "One recording from {} files: {}",
                refs.len(),
                names.join(", ")
            ));
            removed.extend(&members[1..]);
            joined(&refs, format!("{} ({} parts)", sequence.name, refs.len()))
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
        shown.notes = Rc::new(notes);
        replaced.push((first, shown));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::opened::FileId;
    use netvu::par_writer::{ParFrame, ParWriter};

    const T0: i64 = 1_795_600_000_000;

    /// A PAR of one JPEG frame per timestamp (its body says which), or of
    /// settings only.
    fn par(sequence: u32, more: bool, settings: Option<&str>, frames: &[i64]) -> Vec<u8> {
        let mut writer = ParWriter::new(std::io::Cursor::new(Vec::new()), T0, 60, sequence, more)
            .expect("writer");
        if let Some(text) = settings {
            writer.settings(text.as_bytes()).expect("settings");
        }
        for (number, &timestamp) in frames.iter().enumerate() {
            writer
                .frame(&ParFrame {
                    data_type: netvu::body::data_type::JFIF,
                    channel: 1 | netvu::format::par::CHANNEL_KEY,
                    timestamp,
                    frame_number: number as u32,
                    body: [&[0xFF, 0xD8][..], &timestamp.to_le_bytes(), &[0xFF, 0xD9]].concat(),
                })
                .expect("frame");
        }
        writer.finish().expect("finish").into_inner()
    }

    fn opened(id: u32, name: &str, bytes: Vec<u8>) -> OpenedFile<Vec<u8>> {
        let index = netvu::index_bytes(&bytes);
        OpenedFile::single(FileId(id), name.into(), bytes, Rc::new(index))
    }

    /// The JPEG bytes of frame `at`, read from its own part at its own offsets.
    fn frame_bytes(file: &OpenedFile<Vec<u8>>, at: usize) -> Vec<u8> {
        let frame = file.frame(at).expect("frame");
        let range = frame.entry.unit_range();
        frame.part.source[range.start as usize..range.end as usize].to_vec()
    }

    #[test]
    fn parts_of_a_sequence_play_as_one_and_each_frame_reads_from_its_part() {
        let files = vec![
            opened(1, "Shop_2.par", par(2, false, None, &[T0 + 2_000])),
            opened(2, "Shop.par", par(0, true, None, &[T0, T0 + 1_000])),
        ];
        let shown = combine(files);
        assert_eq!(shown.len(), 1);
        let shop = &shown[0];
        assert_eq!(shop.name, "Shop (2 parts)");
        assert_eq!(shop.id, FileId(2), "in the first part's place");
        assert_eq!(
            *shop.notes,
            vec![
                "One recording from 2 files: Shop.par, Shop_2.par".to_string(),
                "Missing part: Shop_1.par".to_string()
            ]
        );
        assert_eq!(shop.index.cameras[0].frames, 3);
        let bodies: Vec<Vec<u8>> = (0..3).map(|at| frame_bytes(shop, at)).collect();
        for (at, t) in [T0, T0 + 1_000, T0 + 2_000].into_iter().enumerate() {
            assert!(
                bodies[at].windows(8).any(|w| w == t.to_le_bytes()),
                "frame {at} is the one of {t}"
            );
        }
        assert_eq!(
            shop.parts
                .iter()
                .map(|p| (p.name.as_str(), p.first_frame))
                .collect::<Vec<_>>(),
            vec![("Shop.par", 0), ("Shop_2.par", 2)]
        );
    }

    #[test]
    fn a_settings_only_par_names_the_cameras_of_a_recording_opened_with_it() {
        let files = vec![
            opened(
                1,
                "site.par",
                par(0, false, Some("[Camera 1]\r\ntitle = Lobby\r\n"), &[]),
            ),
            opened(2, "lobby.par", par(0, false, None, &[T0])),
        ];
        let shown = combine(files);
        assert_eq!(shown.len(), 2, "the settings file stays open");
        let lobby = &shown[1];
        assert_eq!(lobby.index.cameras[0].title, "Lobby");
        assert!(lobby.index.settings.is_some(), "it lends its settings");
        assert_eq!(
            *lobby.notes,
            vec!["Camera titles and settings from site.par".to_string()]
        );
    }

    #[test]
    fn unrelated_files_stay_as_they_are() {
        let files = vec![
            opened(1, "a.par", par(0, false, None, &[T0])),
            opened(2, "b.par", par(0, false, None, &[T0 + 5])),
        ];
        let before: Vec<_> = files.iter().map(|f| f.index.clone()).collect();
        let shown = combine(files);
        assert_eq!(shown.len(), 2);
        for (file, index) in shown.iter().zip(before) {
            assert!(Rc::ptr_eq(&file.index, &index));
            assert!(file.notes.is_empty());
        }
    }
}
