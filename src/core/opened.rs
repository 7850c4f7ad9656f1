//! The opened-file model: what the viewer knows of a file it has indexed.
//! The bytes stay where they are (a browser `Blob`, in tests a byte
//! vector): `S` is that source. A recording put together from several
//! files (the parts of a multi-file PAR) keeps every part's source, and
//! each frame is found in its own part with its own offsets.

use std::rc::Rc;

use netvu::{FrameEntry, Index};

/// Which opened file, among one viewer's: the same while its index grows,
/// then completes. Two viewers on a page count their own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One file that an opened recording reads its frames from.
#[derive(Clone, Debug)]
pub struct Part<S> {
    pub name: String,
    pub source: S,
    /// The first of its frames in the recording's index (its frames follow
    /// each other, in part order).
    pub first_frame: usize,
    /// Its SHA-256 (lower-case hex), where it was hashed.
    pub sha256: Option<String>,
}

/// A file, or several that belong together, indexed and ready to show.
#[derive(Clone, Debug)]
pub struct OpenedFile<S> {
    pub id: FileId,
    pub name: String,
    /// Never empty; one for a single file.
    pub parts: Rc<Vec<Part<S>>>,
    pub index: Rc<Index>,
    /// What was put together to show it: titles from a settings file, parts
    /// of a recording, parts missing.
    pub notes: Rc<Vec<String>>,
}

/// A frame of an opened file, in the part that holds it: `entry`'s offsets
/// are that part's own.
#[derive(Clone, Copy, Debug)]
pub struct FrameRef<'a, S> {
    pub part: &'a Part<S>,
    pub entry: FrameEntry,
}

impl<S> OpenedFile<S> {
    /// A file opened on its own.
    pub fn single(id: FileId, name: String, source: S, index: Rc<Index>) -> OpenedFile<S> {
        OpenedFile {
            id,
            parts: Rc::new(vec![Part {
                name: name.clone(),
                source,
                first_frame: 0,
                sha256: None,
            }]),
            name,
            index,
            notes: Rc::default(),
        }
    }

    /// The file with its (single) part's SHA-256.
    pub fn hashed(self, sha256: Option<String>) -> OpenedFile<S>
    where
        S: Clone,
    {
        let parts = self
            .parts
            .iter()
            .map(|part| Part {
                sha256: sha256.clone(),
                ..part.clone()
            })
            .collect();
        OpenedFile {
            parts: Rc::new(parts),
            ..self
        }
    }

    /// Frame `at` of the index and the part it is in.
    pub fn frame(&self, at: usize) -> Option<FrameRef<'_, S>> {
        let entry = *self.index.frames.get(at)?;
        let part = self.parts.partition_point(|p| p.first_frame <= at);
        Some(FrameRef {
            part: self.parts.get(part.checked_sub(1)?)?,
            entry,
        })
    }
}

/// Two handles are the same file when they share its index: a file whose
/// index grew is another value.
impl<S> PartialEq for OpenedFile<S> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && Rc::ptr_eq(&self.index, &other.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::test_frames::entry;

    #[test]
    fn each_frame_is_found_in_its_part_with_its_own_offsets() {
        let mut index = Index::new(netvu::Format::Par);
        for (offset, t) in [(100, 1), (200, 2), (100, 3)] {
            index.push(entry(offset, 1, t), None);
        }
        let file = OpenedFile {
            id: FileId(7),
            name: "Shop (2 parts)".into(),
            parts: Rc::new(vec![
                Part {
                    name: "Shop.par".into(),
                    source: "first",
                    first_frame: 0,
                    sha256: None,
                },
                Part {
                    name: "Shop_1.par".into(),
                    source: "second",
                    first_frame: 2,
                    sha256: None,
                },
            ]),
            index: Rc::new(index),
            notes: Rc::default(),
        };
        let found: Vec<(&str, u64, i64)> = (0..3)
            .map(|at| {
                let frame = file.frame(at).expect("frame");
                (
                    frame.part.source,
                    frame.entry.unit_offset,
                    frame.entry.timestamp,
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![("first", 100, 1), ("first", 200, 2), ("second", 100, 3)]
        );
        assert!(file.frame(3).is_none());
    }

    #[test]
    fn a_file_equals_itself_until_its_index_is_replaced() {
        let index = Rc::new(Index::new(netvu::Format::AdBinary));
        let file = OpenedFile::single(FileId(1), "a".into(), (), index);
        assert_eq!(file, file.clone());
        let grown = OpenedFile {
            index: Rc::new(Index::new(netvu::Format::AdBinary)),
            ..file.clone()
        };
        assert_ne!(file, grown);
        assert_eq!(file.frame(0).map(|f| f.entry.unit_offset), None);
        let hashed = file.hashed(Some("ab".repeat(32)));
        assert_eq!(hashed.parts[0].sha256, Some("ab".repeat(32)));
    }
}
