//! The problems a viewer shows for a file: those indexing found and those
//! found later, while frames were fetched (a PAR chunk whose CRC fails),
//! grouped by their stable code, each with the bytes it concerns.

use std::collections::HashMap;
use std::rc::Rc;

use netvu::problem::{Code, Problem, Problems};

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
            all.add(problem.clone());
        }
    }
    all.list.sort_by_key(|p| p.offset);
    all
}

/// The problems of one code, in file order.
#[derive(Debug, PartialEq)]
pub struct ProblemGroup<'a> {
    pub code: Code,
    pub problems: Vec<&'a Problem>,
}

/// `problems` by code, the groups in the order their first problem comes
/// in the file.
pub fn by_code(problems: &[Problem]) -> Vec<ProblemGroup<'_>> {
    let mut groups: Vec<ProblemGroup> = Vec::new();
    for problem in problems {
        match groups.iter_mut().find(|g| g.code == problem.code) {
            Some(group) => group.problems.push(problem),
            None => groups.push(ProblemGroup {
                code: problem.code,
                problems: vec![problem],
            }),
        }
    }
    groups
}

/// What a problem code means, for people.
pub fn code_title(code: Code) -> &'static str {
    match code {
        Code::Truncated => "Cut short",
        Code::Padding => "Padding",
        Code::Unrecognised => "Unrecognised bytes",
        Code::BadSize => "Bad size",
        Code::BadHeader => "Bad header",
        Code::BadContent => "Bad content",
        Code::CrcMismatch => "Checksum mismatch",
        Code::UnknownType => "Unknown type",
        Code::Recovered => "Recovered",
        Code::MissingField => "Missing field",
        Code::BadIndex => "Bad index",
        Code::TooLarge => "Too large",
        Code::NotNetvu => "Not a NetVu file",
        Code::Carved => "Carved pictures",
        Code::Ignored => "Ignored",
        // A code added to the library since: its own name.
        other => other.name(),
    }
}

/// The bytes a problem concerns: `1806`, or `1806–1845 (40 bytes)` for a run.
pub fn byte_range(problem: &Problem) -> String {
    match problem.length {
        Some(length) if length > 1 => format!(
            "{}–{} ({length} bytes)",
            problem.offset,
            problem.offset.saturating_add(length - 1)
        ),
        _ => problem.offset.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crc_problem(offset: u64) -> Problem {
        Problem::new(offset, Code::CrcMismatch, "FRAM chunk CRC mismatch")
    }

    #[test]
    fn a_later_problem_is_listed_once_under_its_file() {
        let later = LaterProblems::default();
        let later = later.with(FileId(1), crc_problem(40)).expect("new");
        assert_eq!(
            later.with(FileId(1), crc_problem(40)),
            None,
            "already listed"
        );
        let later = later
            .with(FileId(2), crc_problem(40))
            .expect("another file's");
        assert_eq!(*later.of(FileId(1)), vec![crc_problem(40)]);
        assert_eq!(*later.without(FileId(1)).of(FileId(1)), vec![]);
        assert_eq!(*later.of(FileId(2)), vec![crc_problem(40)]);
    }

    #[test]
    fn all_problems_are_in_file_order_without_repeats() {
        let mut found = Problems::default();
        found.push(100, Code::Unrecognised, "skipped 6 bytes");
        found.push(10, Code::Truncated, "part cut short");
        let all = all_problems(
            &found,
            &[crc_problem(50), crc_problem(100), crc_problem(50)],
        );
        let offsets: Vec<u64> = all.list.iter().map(|p| p.offset).collect();
        assert_eq!(offsets, vec![10, 50, 100, 100]);
    }

    #[test]
    fn problems_group_by_code_in_file_order_with_their_byte_ranges() {
        let mut found = Problems::default();
        found.push_run(10, 6, Code::Unrecognised, "skipped 6 bytes");
        found.push(20, Code::CrcMismatch, "FRAM chunk CRC mismatch");
        found.push_run(30, 1, Code::Unrecognised, "skipped 1 byte");
        found.push_run(
            900,
            82_880,
            Code::Padding,
            "82 880 bytes of 0xFF padding after the last unit",
        );
        let groups = by_code(&found.list);
        let summary: Vec<(&str, Vec<String>)> = groups
            .iter()
            .map(|g| {
                (
                    code_title(g.code),
                    g.problems.iter().map(|p| byte_range(p)).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "Unrecognised bytes",
                    vec!["10–15 (6 bytes)".to_string(), "30".to_string()]
                ),
                ("Checksum mismatch", vec!["20".to_string()]),
                ("Padding", vec!["900–83779 (82880 bytes)".to_string()]),
            ]
        );
    }
}
