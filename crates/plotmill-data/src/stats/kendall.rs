//! Kendall's tau-b in O(n log n) (Knight, 1966), on dense integer ranks.
//!
//! The final division is written as pandas 3 writes it,
//! `(C - D) / sqrt((n0 - n1) * (n0 - n2))`, which can differ from
//! `scipy.stats.kendalltau` in the last bit; pandas is the reference here.

use super::rank::{cmp, finite_rows};

/// Marks a missing (non-finite) value in dense ranks.
pub(crate) const MISSING: u32 = u32::MAX;

/// Dense ranks: 0 for the smallest finite value, equal values equal ranks,
/// [`MISSING`] for non-finite ones (comparing ranks is comparing values, and
/// integers sort and compare faster than floats); and the rows with a finite
/// value in increasing order of value, which is the sort the ranks came
/// from.
pub(crate) fn dense_ranks(values: &[f64]) -> (Vec<u32>, Vec<u32>) {
    let mut order = finite_rows(values);
    order.sort_unstable_by(|&a, &b| cmp(values[a as usize], values[b as usize]));
    let mut ranks = vec![MISSING; values.len()];
    let mut rank = 0;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && values[order[k - 1] as usize] != values[i as usize] {
            rank += 1;
        }
        ranks[i as usize] = rank;
    }
    (ranks, order)
}

/// Kendall's tau-b of two columns over the rows where both are present, from
/// their dense ranks and the rows in `x`'s order; `NaN` when either is
/// constant there or fewer than `min_periods` rows are complete.
pub(crate) fn tau_b_ranked(x_order: &[u32], x: &[u32], y: &[u32], min_periods: usize) -> f64 {
    // Room for every row up front: grown by doubling, the vector would
    // need up to twice that, and three times while it moves.
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(x_order.len());
    pairs.extend(
        x_order
            .iter()
            .map(|&i| (x[i as usize], y[i as usize]))
            .filter(|&(_, b)| b != MISSING),
    );
    let n = pairs.len();
    if n < min_periods {
        return f64::NAN;
    }
    // Within ties in x, order by y: such pairs are neither concordant nor
    // discordant, and must add no inversions below.
    let mut start = 0;
    while start < n {
        let end = start
            + pairs[start..]
                .iter()
                .take_while(|p| p.0 == pairs[start].0)
                .count();
        if end - start > 1 {
            pairs[start..end].sort_unstable_by_key(|p| p.1);
        }
        start = end;
    }
    let x_ties = tied_pairs(&pairs, |a, b| a.0 == b.0);
    let joint_ties = tied_pairs(&pairs, |a, b| a == b);
    let mut ys: Vec<u32> = pairs.iter().map(|p| p.1).collect();
    drop(pairs);
    // Pairs ordered one way by x and the other by y.
    let discordant = sort_counting_inversions(&mut ys);
    let y_ties = tied_pairs(&ys, |a, b| a == b);
    tau_from_counts(n as u64, x_ties, y_ties, joint_ties, discordant)
}

/// Kendall's tau-b of paired finite samples.
#[cfg(test)]
fn tau_b(x: &[f64], y: &[f64]) -> f64 {
    let ((rx, x_order), (ry, _)) = (dense_ranks(x), dense_ranks(y));
    tau_b_ranked(&x_order, &rx, &ry, 1)
}

/// tau-b from the counts: pairs tied in x, in y, in both, and discordant.
/// Written as pandas 3 writes it, `(C - D) / sqrt((n0 - n1) * (n0 - n2))`.
fn tau_from_counts(n: u64, x_ties: u64, y_ties: u64, joint_ties: u64, discordant: u64) -> f64 {
    let tot = n * n.saturating_sub(1) / 2;
    if x_ties == tot || y_ties == tot {
        return f64::NAN;
    }
    // tot = concordant + discordant + (x_ties - joint) + (y_ties - joint) + joint
    let con_minus_dis =
        tot as i128 - x_ties as i128 - y_ties as i128 + joint_ties as i128 - 2 * discordant as i128;
    con_minus_dis as f64 / ((tot - x_ties) as f64 * (tot - y_ties) as f64).sqrt()
}

/// Pairs within runs of neighbours that `same` joins: sum of t(t-1)/2.
fn tied_pairs<T>(sorted: &[T], same: impl Fn(&T, &T) -> bool) -> u64 {
    let mut pairs = 0u64;
    let mut run = 1u64;
    for i in 1..sorted.len() {
        if same(&sorted[i - 1], &sorted[i]) {
            run += 1;
        } else {
            pairs += run * (run - 1) / 2;
            run = 1;
        }
    }
    pairs + run * (run - 1) / 2
}

/// Sorts `v` ascending and returns the number of pairs i < j with
/// v[i] > v[j] before sorting: insertion sort on short runs, then bottom-up
/// merges written without data-dependent branches (the comparisons are coin
/// flips, which a branch predictor cannot learn).
fn sort_counting_inversions<T: Copy + Default + PartialOrd>(v: &mut Vec<T>) -> u64 {
    const RUN: usize = 16;
    let n = v.len();
    let mut inversions = 0u64;
    for run in v.chunks_mut(RUN) {
        for i in 1..run.len() {
            let item = run[i];
            let mut j = i;
            while j > 0 && run[j - 1] > item {
                run[j] = run[j - 1];
                j -= 1;
            }
            run[j] = item;
            inversions += (i - j) as u64;
        }
    }
    let mut buf = vec![T::default(); n];
    let mut width = RUN;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                let right = v[j] < v[i];
                buf[k] = if right { v[j] } else { v[i] };
                // v[j] jumps over every element left in the left run.
                inversions += if right { (mid - i) as u64 } else { 0 };
                j += usize::from(right);
                i += usize::from(!right);
                k += 1;
            }
            buf[k..k + (mid - i)].copy_from_slice(&v[i..mid]);
            k += mid - i;
            buf[k..k + (end - j)].copy_from_slice(&v[j..end]);
            start = end;
        }
        std::mem::swap(v, &mut buf);
        width *= 2;
    }
    inversions
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The O(n²) definition, for checking.
    fn naive(x: &[f64], y: &[f64]) -> f64 {
        let (mut c, mut d, mut tx, mut ty) = (0i64, 0i64, 0i64, 0i64);
        for i in 0..x.len() {
            for j in i + 1..x.len() {
                let (dx, dy) = (x[i] - x[j], y[i] - y[j]);
                if dx == 0.0 && dy == 0.0 {
                } else if dx == 0.0 {
                    tx += 1;
                } else if dy == 0.0 {
                    ty += 1;
                } else if (dx > 0.0) == (dy > 0.0) {
                    c += 1;
                } else {
                    d += 1;
                }
            }
        }
        (c - d) as f64 / (((c + d + tx) * (c + d + ty)) as f64).sqrt()
    }

    #[test]
    fn agrees_with_the_definition() {
        let mut seed = 12345u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m) as f64
        };
        for n in [2usize, 3, 5, 17, 64, 200] {
            for levels in [2u64, 5, 1000] {
                let x: Vec<f64> = (0..n).map(|_| next(levels)).collect();
                let y: Vec<f64> = (0..n).map(|_| next(levels)).collect();
                let (fast, slow) = (tau_b(&x, &y), naive(&x, &y));
                assert!(
                    (fast - slow).abs() < 1e-12 || (fast.is_nan() && slow.is_nan()),
                    "n={n} levels={levels}: {fast} vs {slow}"
                );
            }
        }
    }

    #[test]
    fn pandas_values() {
        // pandas 3.1: DataFrame({"a": [12, 2, 1, 12, 2], "b": [1, 4, 7, 1, 0]})
        // .corr("kendall"); scipy's kendalltau gives -0.4714045207910316.
        let t = tau_b(&[12.0, 2.0, 1.0, 12.0, 2.0], &[1.0, 4.0, 7.0, 1.0, 0.0]);
        assert_eq!(t, -0.47140452079103173);
        assert!(tau_b(&[1.0, 1.0], &[1.0, 2.0]).is_nan());
        assert!(tau_b(&[1.0], &[1.0]).is_nan());
        assert!(tau_b(&[], &[]).is_nan());
    }

    #[test]
    fn counts_inversions() {
        let mut v = vec![3.0, 1.0, 2.0, 2.0, 0.0];
        assert_eq!(sort_counting_inversions(&mut v), 7);
        assert_eq!(v, [0.0, 1.0, 2.0, 2.0, 3.0]);
        // Across insertion-sorted runs and several merge levels.
        let mut seed = 5u64;
        for n in [0usize, 1, 15, 16, 17, 100, 1000] {
            let orig: Vec<u32> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (seed >> 40) as u32 % 50
                })
                .collect();
            let naive = (0..n)
                .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
                .filter(|&(i, j)| orig[i] > orig[j])
                .count() as u64;
            let mut v = orig.clone();
            assert_eq!(sort_counting_inversions(&mut v), naive, "n={n}");
            assert!(v.windows(2).all(|w| w[0] <= w[1]));
        }
    }
}
