//! The problems a viewer shows for a file: those indexing found, and those
//! found later, while frames were fetched (a PAR chunk whose CRC fails).

use std::collections::HashMap;
use std::rc::Rc;

use netvu::problem::{Problem, Problems};

use super::opened::FileId;

/// Problems found after indexing, by file; each listed once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaterProblems(HashMap<FileId, Rc<Vec<Problem>>>);

impl LaterProblems {
    /// With `problem` of `file` added; `None` if it is listed already.
    pub fn with(&self, file: FileId, problem: Problem) -> Option<LaterProblems> {
        if self
            .0
            .get(&file)
            .is_some_and(|list| list.contains(&problem))
        {
            return None;
        }
        let mut next = self.0.clone();
        Rc::make_mut(next.entry(file).or_default()).push(problem);
        Some(LaterProblems(next))
    }

    pub fn of(&self, file: FileId) -> Rc<Vec<Problem>> {
        self.0.get(&file).cloned().unwrap_or_default()
    }

    /// A closed file's go with it.
    pub fn without(&self, file: FileId) -> LaterProblems {
        let mut next = self.0.clone();
        next.remove(&file);
        LaterProblems(next)
    }
}

/// `found` while indexing and `later`, in file order, each once.
pub fn all_problems(found: &Problems, later: &[Problem]) -> Problems {
    let mut all = found.clone();
    for problem in later {
        if !all.list.contains(problem) {
            all.push(problem.offset, problem.message.clone());
        }
    }
    all.list.sort_by_key(|p| p.offset);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(offset: u64) -> Problem {
        Problem {
            offset,
            message: "FRAM chunk CRC mismatch".into(),
        }
    }

    #[test]
    fn a_later_problem_is_listed_once_under_its_file() {
        let later = LaterProblems::default();
        let later = later.with(FileId(1), problem(40)).expect("new");
        assert_eq!(later.with(FileId(1), problem(40)), None, "already listed");
        let later = later.with(FileId(2), problem(40)).expect("another file's");
        assert_eq!(*later.of(FileId(1)), vec![problem(40)]);
        assert_eq!(*later.without(FileId(1)).of(FileId(1)), vec![]);
        assert_eq!(*later.of(FileId(2)), vec![problem(40)]);
    }

    #[test]
    fn all_problems_are_in_file_order_without_repeats() {
        let mut found = Problems::default();
        found.push(100, "skipped 6 bytes");
        found.push(10, "part cut short");
        let all = all_problems(&found, &[problem(50), problem(100), problem(50)]);
        let offsets: Vec<u64> = all.list.iter().map(|p| p.offset).collect();
        assert_eq!(offsets, vec![10, 50, 100, 100]);
    }
}
