//! Kendall's tau-b in O(n log n) (Knight, 1966).
//!
//! The final division is written as pandas 3 writes it,
//! `(C - D) / sqrt((n0 - n1) * (n0 - n2))`, which can differ from
//! `scipy.stats.kendalltau` in the last bit; pandas is the reference here.

use super::rank::cmp;

/// Kendall's tau-b of paired finite samples; `NaN` when either sample is
/// constant (or has fewer than two values).
pub(crate) fn tau_b(x: &[f64], y: &[f64]) -> f64 {
    debug_assert_eq!(x.len(), y.len());
    let n = x.len() as u64;
    let tot = n * n.saturating_sub(1) / 2;

    // Sort pairs by x, then y; ties in x are then in increasing y, so they
    // add no inversions below.
    let mut order: Vec<u32> = (0..x.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        cmp(x[a], x[b]).then(cmp(y[a], y[b]))
    });
    let xs: Vec<f64> = order.iter().map(|&i| x[i as usize]).collect();
    let mut ys: Vec<f64> = order.iter().map(|&i| y[i as usize]).collect();
    drop(order);

    let x_ties = tied_pairs(&xs, |a, b| xs[a] == xs[b]);
    let joint_ties = tied_pairs(&xs, |a, b| xs[a] == xs[b] && ys[a] == ys[b]);
    drop(xs);
    // Pairs ordered one way by x and the other by y.
    let discordant = sort_counting_inversions(&mut ys);
    let y_ties = tied_pairs(&ys, |a, b| ys[a] == ys[b]);

    if x_ties == tot || y_ties == tot {
        return f64::NAN;
    }
    // tot = concordant + discordant + (x_ties - joint) + (y_ties - joint) + joint
    let con_minus_dis =
        tot as i128 - x_ties as i128 - y_ties as i128 + joint_ties as i128 - 2 * discordant as i128;
    con_minus_dis as f64 / ((tot - x_ties) as f64 * (tot - y_ties) as f64).sqrt()
}

/// Pairs within runs of neighbours that `same` joins: sum of t(t-1)/2.
fn tied_pairs(sorted: &[f64], same: impl Fn(usize, usize) -> bool) -> u64 {
    let mut pairs = 0u64;
    let mut run = 1u64;
    for i in 1..sorted.len() {
        if same(i - 1, i) {
            run += 1;
        } else {
            pairs += run * (run - 1) / 2;
            run = 1;
        }
    }
    pairs + run * (run - 1) / 2
}

/// Sorts `v` ascending (bottom-up merge sort) and returns the number of pairs
/// i < j with v[i] > v[j] before sorting.
fn sort_counting_inversions(v: &mut Vec<f64>) -> u64 {
    let n = v.len();
    let mut buf = vec![0.0; n];
    let mut inversions = 0u64;
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                if v[j] < v[i] {
                    // v[j] jumps over every element left in the left run.
                    inversions += (mid - i) as u64;
                    buf[k] = v[j];
                    j += 1;
                } else {
                    buf[k] = v[i];
                    i += 1;
                }
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
    }
}
