//! The files one viewer has open: each waiting, indexing (with what is
//! indexed so far), opened or failed; which is selected; files opened
//! together combined into sites (`site.rs`); files closed.

use super::opened::{FileId, OpenedFile};

/// How far indexing has got, shown while it runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub bytes_read: u64,
    pub total_bytes: u64,
    pub frames: u64,
    pub bytes_per_second: f64,
}

impl Progress {
    /// The share read, 0 to 1 (1 for an empty file).
    pub fn fraction(&self) -> f64 {
        if self.total_bytes == 0 {
            1.0
        } else {
            self.bytes_read as f64 / self.total_bytes as f64
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum FileState<S> {
    Waiting,
    /// With what is indexed so far, once it holds a picture.
    Indexing(Progress, Option<OpenedFile<S>>),
    Opened(OpenedFile<S>),
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FileSlot<S> {
    pub id: FileId,
    pub name: String,
    pub state: FileState<S>,
}

impl<S> FileSlot<S> {
    pub fn busy(&self) -> bool {
        matches!(self.state, FileState::Waiting | FileState::Indexing(..))
    }

    /// What the player shows: the opened file, or what is indexed so far.
    pub fn viewed(&self) -> Option<&OpenedFile<S>> {
        match &self.state {
            FileState::Indexing(_, partial) => partial.as_ref(),
            FileState::Opened(file) => Some(file),
            _ => None,
        }
    }

    fn holds_frames(&self) -> bool {
        matches!(&self.state, FileState::Opened(f) if !f.index.frames.is_empty())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Files<S> {
    pub slots: Vec<FileSlot<S>>,
    pub selected: Option<FileId>,
}

impl<S> Default for Files<S> {
    fn default() -> Self {
        Files {
            slots: Vec::new(),
            selected: None,
        }
    }
}

#[derive(Debug)]
pub enum FilesAction<S> {
    /// Files about to be indexed, in order; the first is selected.
    Queue(Vec<(FileId, String)>),
    /// Indexing went on; a newer partial index if there is one (else the last stays).
    Progress(FileId, Progress, Option<OpenedFile<S>>),
    Opened(OpenedFile<S>),
    Failed(FileId, String),
    Select(FileId),
    /// The files with these ids, opened together, are now shown as these.
    Combine(Vec<FileId>, Vec<OpenedFile<S>>),
    Close(FileId),
}

impl<S: Clone> Files<S> {
    pub fn selected_slot(&self) -> Option<&FileSlot<S>> {
        self.slots.iter().find(|s| Some(s.id) == self.selected)
    }

    fn slot_mut(&mut self, id: FileId) -> Option<&mut FileSlot<S>> {
        self.slots.iter_mut().find(|s| s.id == id)
    }

    /// The list after `action`.
    pub fn after(&self, action: FilesAction<S>) -> Files<S> {
        let mut next = self.clone();
        match action {
            FilesAction::Queue(queued) => {
                next.selected = queued.first().map(|(id, _)| *id).or(self.selected);
                next.slots
                    .extend(queued.into_iter().map(|(id, name)| FileSlot {
                        id,
                        name,
                        state: FileState::Waiting,
                    }));
            }
            FilesAction::Progress(id, progress, partial) => {
                if let Some(slot) = next.slot_mut(id) {
                    let partial = match (partial, &slot.state) {
                        (Some(partial), _) => Some(partial),
                        (None, FileState::Indexing(_, last)) => last.clone(),
                        (None, _) => None,
                    };
                    slot.state = FileState::Indexing(progress, partial);
                }
            }
            FilesAction::Opened(file) => {
                if let Some(slot) = next.slot_mut(file.id) {
                    slot.state = FileState::Opened(file);
                }
            }
            FilesAction::Failed(id, message) => {
                if let Some(slot) = next.slot_mut(id) {
                    slot.state = FileState::Failed(message);
                }
            }
            FilesAction::Select(id) => next.selected = Some(id),
            FilesAction::Combine(ids, shown) => next.combine(&ids, shown),
            FilesAction::Close(id) => {
                let at = next.slots.iter().position(|s| s.id == id);
                next.slots.retain(|s| s.id != id);
                if self.selected == Some(id) {
                    // The neighbour takes its place: the next, or the one before.
                    let neighbour = at.and_then(|at| next.slots.get(at).or(next.slots.last()));
                    next.selected = neighbour.map(|s| s.id);
                }
            }
        }
        next
    }

    fn combine(&mut self, ids: &[FileId], shown: Vec<OpenedFile<S>>) {
        self.slots
            .retain(|slot| !ids.contains(&slot.id) || shown.iter().any(|f| f.id == slot.id));
        for file in shown {
            if let Some(slot) = self.slot_mut(file.id) {
                slot.name.clone_from(&file.name);
                slot.state = FileState::Opened(file);
            }
        }
        // Show a recording rather than the settings file that labels it.
        let recording = self
            .slots
            .iter()
            .find(|s| ids.contains(&s.id) && s.holds_frames())
            .map(|s| s.id);
        let selected = self.selected_slot();
        let selected_empty = selected
            .is_some_and(|s| matches!(&s.state, FileState::Opened(f) if f.index.frames.is_empty()));
        if selected.is_none() || selected_empty {
            self.selected = recording.or(self.slots.first().map(|s| s.id));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::core::test_frames::{entry, index_of};

    fn opened(id: u32, name: &str, frames: usize) -> OpenedFile<()> {
        let entries: Vec<_> = (0..frames)
            .map(|k| entry(k as u64 * 10, 1, k as i64))
            .collect();
        OpenedFile::single(FileId(id), name.into(), (), Rc::new(index_of(&entries)))
    }

    fn queued(names: &[&str]) -> Files<()> {
        Files::default().after(FilesAction::Queue(
            names
                .iter()
                .enumerate()
                .map(|(k, n)| (FileId(k as u32 + 1), n.to_string()))
                .collect(),
        ))
    }

    #[test]
    fn a_file_goes_from_waiting_through_indexing_to_opened() {
        let files = queued(&["a.par", "b.par"]);
        assert_eq!(files.selected, Some(FileId(1)), "the first queued is shown");
        assert!(files.slots.iter().all(|s| s.state == FileState::Waiting));
        let progress = Progress {
            bytes_read: 50,
            total_bytes: 200,
            ..Progress::default()
        };
        assert_eq!(progress.fraction(), 0.25);
        let partial = opened(1, "a.par", 1);
        let files = files.after(FilesAction::Progress(
            FileId(1),
            progress.clone(),
            Some(partial.clone()),
        ));
        // A progress step without a newer index keeps showing the last.
        let files = files.after(FilesAction::Progress(FileId(1), progress.clone(), None));
        let slot = files.selected_slot().expect("selected");
        assert!(slot.busy());
        assert_eq!(slot.viewed(), Some(&partial));
        let complete = opened(1, "a.par", 3);
        let files = files
            .after(FilesAction::Opened(complete.clone()))
            .after(FilesAction::Failed(FileId(2), "unreadable".into()));
        assert_eq!(files.slots[0].viewed(), Some(&complete));
        assert!(!files.slots[0].busy());
        assert_eq!(files.slots[1].state, FileState::Failed("unreadable".into()));
        assert_eq!(files.slots[1].viewed(), None);
    }

    #[test]
    fn combining_shows_the_recording_not_the_settings_file() {
        let files = queued(&["site.par", "shop.par", "shop_2.par"])
            .after(FilesAction::Opened(opened(1, "site.par", 0)))
            .after(FilesAction::Opened(opened(2, "shop.par", 2)))
            .after(FilesAction::Opened(opened(3, "shop_2.par", 2)));
        let joined = opened(2, "shop (2 parts)", 4);
        let ids = vec![FileId(1), FileId(2), FileId(3)];
        let files = files.after(FilesAction::Combine(
            ids,
            vec![opened(1, "site.par", 0), joined],
        ));
        let names: Vec<&str> = files.slots.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["site.par", "shop (2 parts)"]);
        assert_eq!(files.selected, Some(FileId(2)));
    }

    #[test]
    fn closing_the_shown_file_shows_its_neighbour() {
        let files = queued(&["a", "b", "c"]).after(FilesAction::Select(FileId(2)));
        let files = files.after(FilesAction::Close(FileId(2)));
        assert_eq!(files.selected, Some(FileId(3)), "the next takes its place");
        let files = files.after(FilesAction::Close(FileId(3)));
        assert_eq!(files.selected, Some(FileId(1)), "or the one before");
        let files = files.after(FilesAction::Close(FileId(9)));
        assert_eq!(
            files.selected,
            Some(FileId(1)),
            "closing another keeps the shown one"
        );
        let files = files.after(FilesAction::Close(FileId(1)));
        assert_eq!((files.slots.len(), files.selected), (0, None));
    }
}
