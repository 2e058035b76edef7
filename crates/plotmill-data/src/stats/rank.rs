//! Ranks with ties averaged (pandas' `rank(method="average")`).

use std::cmp::Ordering;

/// Twice the 1-based ranks of `values`, ties getting the mean of the ranks
/// they span (pandas' `rank(method="average")` times two: an integer, half
/// the memory of the `f64` rank, and halving it back is exact). All values
/// must be finite, and fewer than 2³¹.
pub(crate) fn doubled_average_ranks(values: &[f64]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..values.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| cmp(values[a as usize], values[b as usize]));
    let mut ranks = vec![0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let v = values[order[start] as usize];
        let mut end = start + 1;
        while end < order.len() && values[order[end] as usize] == v {
            end += 1;
        }
        // Positions start+1 ..= end share their mean, (start + 1 + end) / 2.
        let rank = (start + 1 + end) as u32;
        for &i in &order[start..end] {
            ranks[i as usize] = rank;
        }
        start = end;
    }
    ranks
}

/// The rows whose value is finite, in row order, in a vector of exactly
/// that length (collected from a filter, it would grow by doubling to up to
/// twice that, which for a large column is real memory).
pub(crate) fn finite_rows(values: &[f64]) -> Vec<u32> {
    let count = values.iter().filter(|v| v.is_finite()).count();
    let mut rows = Vec::with_capacity(count);
    rows.extend((0..values.len() as u32).filter(|&r| values[r as usize].is_finite()));
    rows
}

/// Order of finite floats in which -0.0 equals 0.0, as `==` has it.
pub(crate) fn cmp(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_mean_rank() {
        assert_eq!(
            doubled_average_ranks(&[3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0]),
            [8, 3, 10, 3, 13, 18, 6, 16, 13]
        );
        assert_eq!(doubled_average_ranks(&[0.0, -0.0, 7.0]), [3, 3, 6]);
        assert!(doubled_average_ranks(&[]).is_empty());
    }
}
