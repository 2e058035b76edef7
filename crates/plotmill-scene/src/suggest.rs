//! "Did you mean …?": the known name nearest to a mistyped one.

/// The candidate nearest to `name` by edit distance (case-insensitive), if
/// it is near enough to be a likely typo: at most 2 edits, or a third of the
/// candidate's length for long names. Ties go to the earlier candidate.
///
/// ```
/// use plotmill_scene::closest_name;
/// let methods = ["pearson", "spearman", "kendall"];
/// assert_eq!(closest_name("spearmann", methods), Some("spearman"));
/// assert_eq!(closest_name("hue", methods), None);
/// ```
pub fn closest_name<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let d = edit_distance(&lower, &candidate.to_lowercase());
        let near = d <= 2.max(candidate.chars().count() / 3) && d < lower.chars().count().max(1);
        if near && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_found_and_strangers_are_not() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            closest_name("coolwram", ["coolwarm", "vlag"]),
            Some("coolwarm")
        );
        assert_eq!(
            closest_name("VIRIDIS", ["magma", "viridis"]),
            Some("viridis")
        );
        // A short word is not "near" a different short word by replacing
        // all of it.
        assert_eq!(closest_name("hue", ["help", "dpi", "title"]), None);
        assert_eq!(closest_name("zzzzzzzzzz", ["coolwarm"]), None);
        // The nearest wins; ties go to the first.
        assert_eq!(closest_name("titel", ["title", "tile"]), Some("title"));
        assert_eq!(closest_name("ab", ["ac", "ad"]), Some("ac"));
    }
}
