//! Multi-file PAR recordings (`par-format.md` §4): `NAME.par`, `NAME_1.par`,
//! … with header `sequence` 0, 1, … and the "more files follow" flag on all
//! but the last. Given the files a user opened, says which belong together,
//! in which order, and which parts are missing.

use crate::index::ParHeader;
use serde::Serialize;

/// One opened file: its name and PAR header.
pub struct Part<'a> {
    pub name: &'a str,
    pub header: &'a ParHeader,
}

/// The files of one recording, in sequence order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sequence {
    /// The recording's base name (`NAME` of `NAME.par`, `NAME_1.par`).
    pub name: String,
    /// Indices into the parts given, in sequence order.
    pub parts: Vec<usize>,
    /// File names of parts that are missing.
    pub missing: Vec<String>,
}

/// `NAME` and the part number of `NAME.par` / `NAME_3.par` (case-insensitive extension).
fn split_name(name: &str) -> (String, Option<u32>) {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match file.len().checked_sub(4) {
        Some(cut) if file.is_char_boundary(cut) && file[cut..].eq_ignore_ascii_case(".par") => {
            &file[..cut]
        }
        _ => file,
    };
    match stem.rsplit_once('_') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (base.to_string(), n.parse().ok())
        }
        _ => (stem.to_string(), None),
    }
}

fn part_name(base: &str, sequence: u32) -> String {
    if sequence == 0 {
        format!("{base}.par")
    } else {
        format!("{base}_{sequence}.par")
    }
}

/// Groups the parts into recordings by base name and orders each by its
/// header's sequence number; names the gaps, and the part after a last
/// file that says more follow.
pub fn group(parts: &[Part]) -> Vec<Sequence> {
    let mut groups: Vec<Sequence> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let (base, _) = split_name(p.name);
        match groups.iter_mut().find(|g| g.name == base) {
            Some(g) => g.parts.push(i),
            None => groups.push(Sequence {
                name: base,
                parts: vec![i],
                missing: Vec::new(),
            }),
        }
    }
    for g in &mut groups {
        g.parts.sort_by_key(|&i| parts[i].header.sequence);
        g.parts.dedup_by_key(|i| parts[*i].header.sequence);
        let mut expected = 0u32;
        for &i in &g.parts {
            let seq = parts[i].header.sequence;
            // Only name a bounded number of gaps: the numbers are untrusted.
            for missing in (expected..seq).take(64) {
                g.missing.push(part_name(&g.name, missing));
            }
            expected = seq.saturating_add(1);
        }
        if let Some(&last) = g.parts.last() {
            if parts[last].header.flags & ParHeader::MORE_FILES != 0 {
                g.missing.push(part_name(&g.name, expected));
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(sequence: u32, more: bool) -> ParHeader {
        ParHeader {
            version: 1,
            header_size: 40,
            created_ms: 0,
            utc_offset: 0,
            sequence,
            index_offset: 0,
            flags: if more { ParHeader::MORE_FILES } else { 0 },
        }
    }

    #[test]
    fn orders_parts_and_names_the_missing() {
        let (h0, h2, h3) = (header(0, true), header(2, true), header(3, true));
        let parts = [
            Part {
                name: "dir/Shop_2.par",
                header: &h2,
            },
            Part {
                name: "dir/Shop.PAR",
                header: &h0,
            },
            Part {
                name: "Shop_3.par",
                header: &h3,
            },
        ];
        let g = group(&parts);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].parts, vec![1, 0, 2]);
        assert_eq!(g[0].missing, vec!["Shop_1.par", "Shop_4.par"]);
    }

    #[test]
    fn separate_recordings_stay_separate() {
        let (a, b) = (header(0, false), header(0, false));
        let g = group(&[
            Part {
                name: "a.par",
                header: &a,
            },
            Part {
                name: "b.par",
                header: &b,
            },
        ]);
        assert_eq!(g.len(), 2);
        assert!(g.iter().all(|s| s.missing.is_empty()));
    }
}
