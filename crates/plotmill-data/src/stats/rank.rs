//! Ranks with ties averaged (pandas' `rank(method="average")`).

use std::cmp::Ordering;

/// 1-based ranks of `values`, ties getting the mean of the ranks they span.
/// All values must be finite.
pub(crate) fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<u32> = (0..values.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| cmp(values[a as usize], values[b as usize]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let v = values[order[start] as usize];
        let mut end = start + 1;
        while end < order.len() && values[order[end] as usize] == v {
            end += 1;
        }
        // Positions start+1 ..= end share their mean, (start + 1 + end) / 2.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i as usize] = rank;
        }
        start = end;
    }
    ranks
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
            average_ranks(&[3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0]),
            [4.0, 1.5, 5.0, 1.5, 6.5, 9.0, 3.0, 8.0, 6.5]
        );
        assert_eq!(average_ranks(&[0.0, -0.0, 7.0]), [1.5, 1.5, 3.0]);
        assert!(average_ranks(&[]).is_empty());
    }
}
