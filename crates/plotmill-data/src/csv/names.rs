//! Column names as pandas' `read_csv` makes them from a header line.
//!
//! Two rules, learnt from pandas' C parser:
//!
//! - an empty header cell at (0-based) index `i` is named `Unnamed: i`;
//! - a repeated name gets a numeric suffix `.1`, `.2`, … in order of
//!   appearance, skipping any suffix that another header cell already spells
//!   (`a,a,a.1` becomes `a, a.2, a.1`). Named cells are renamed before the
//!   `Unnamed: i` ones.

use std::collections::{HashMap, HashSet};

/// A header name that was changed to keep names unique, as pandas changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    /// 0-based index of the column.
    pub index: usize,
    /// The name as written in the header.
    pub from: String,
    /// The name the column has in the table.
    pub to: String,
}

/// The column names for a header row, with the renames that were needed.
pub(crate) fn column_names(header: Vec<String>) -> (Vec<String>, Vec<Renamed>) {
    let mut unnamed = Vec::new();
    let mut names: Vec<String> = header
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            if name.is_empty() {
                unnamed.push(i);
                format!("Unnamed: {i}")
            } else {
                name
            }
        })
        .collect();

    let spelled: HashSet<String> = names.iter().cloned().collect();
    let order = (0..names.len())
        .filter(|i| !unnamed.contains(i))
        .chain(unnamed.iter().copied());
    // How many times each base name has been handed out so far.
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut renamed = Vec::new();
    for i in order {
        let base = names[i].clone();
        let mut count = taken.get(&base).copied().unwrap_or(0);
        let mut name = base.clone();
        while count > 0 {
            taken.insert(base.clone(), count + 1);
            name = format!("{base}.{count}");
            count = if spelled.contains(&name) {
                count + 1
            } else {
                taken.get(&name).copied().unwrap_or(0)
            };
        }
        *taken.entry(name.clone()).or_insert(0) = count + 1;
        if name != base {
            renamed.push(Renamed {
                index: i,
                from: base,
                to: name.clone(),
            });
            names[i] = name;
        }
    }
    renamed.sort_by_key(|r| r.index);
    (names, renamed)
}

/// Names for a file without a header: `0`, `1`, `2`, … as pandas numbers them.
pub(crate) fn numbered(columns: usize) -> Vec<String> {
    (0..columns).map(|i| i.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(header: &[&str]) -> Vec<String> {
        column_names(header.iter().map(|s| s.to_string()).collect()).0
    }

    #[test]
    fn duplicates_get_suffixes_that_do_not_collide() {
        // Checked against pandas 3.1: read_csv of "a,a,a.1,a".
        assert_eq!(names(&["a", "a", "a.1", "a"]), ["a", "a.2", "a.1", "a.3"]);
        assert_eq!(names(&["x", "x", "x"]), ["x", "x.1", "x.2"]);
    }

    #[test]
    fn empty_cells_are_unnamed_by_index() {
        assert_eq!(names(&["", "x", ""]), ["Unnamed: 0", "x", "Unnamed: 2"]);
    }

    #[test]
    fn renames_are_reported_in_column_order() {
        let (_, renamed) = column_names(vec!["b".into(), "b".into(), "b".into()]);
        let to: Vec<_> = renamed.iter().map(|r| (r.index, r.to.as_str())).collect();
        assert_eq!(to, [(1, "b.1"), (2, "b.2")]);
    }

    #[test]
    fn names_in_any_script_are_kept() {
        assert_eq!(names(&["價格", "سعر", "📈"]), ["價格", "سعر", "📈"]);
        assert_eq!(numbered(3), ["0", "1", "2"]);
    }
}
