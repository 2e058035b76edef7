//! The few numpy reductions the distribution statistics need, computed in
//! numpy's order so that results agree to the last bit or so: pairwise
//! summation (numpy's `add.reduce` on float arrays), mean, population
//! standard deviation, `percentile` with linear interpolation, `linspace`.

/// numpy's pairwise summation: up to 8 values in order; up to 128 in
/// eight interleaved partial sums combined as a tree; beyond, the two
/// halves (split at a multiple of 8) summed apart and added.
pub(crate) fn sum(a: &[f64]) -> f64 {
    const BLOCK: usize = 128;
    let n = a.len();
    if n < 8 {
        return a.iter().fold(-0.0, |s, &v| s + v);
    }
    if n <= BLOCK {
        let mut r = [0.0f64; 8];
        r.copy_from_slice(&a[..8]);
        let mut i = 8;
        while i < n - n % 8 {
            for (k, acc) in r.iter_mut().enumerate() {
                *acc += a[i + k];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &a[i..] {
            res += v;
        }
        return res;
    }
    let half = (n / 2) - (n / 2) % 8;
    sum(&a[..half]) + sum(&a[half..])
}

/// numpy's `mean`.
pub(crate) fn mean(a: &[f64]) -> f64 {
    sum(a) / a.len() as f64
}

/// numpy's `std` (population, `ddof=0`).
pub(crate) fn std(a: &[f64]) -> f64 {
    let m = mean(a);
    let sq: Vec<f64> = a.iter().map(|&v| (v - m) * (v - m)).collect();
    (sum(&sq) / a.len() as f64).sqrt()
}

/// numpy's `percentile(a, q)` (`method="linear"`) of sorted values, `q`
/// in percent.
pub(crate) fn percentile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let (below, above, t) = percentile_at(sorted.len(), q);
    lerp(sorted[below], sorted[above], t)
}

/// numpy's `percentile(values, q)` of values in any order, found by
/// selection rather than a sort (the values are reordered): the same
/// result as [`percentile_sorted`] in linear time.
pub(crate) fn percentile_select(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let (below, above, t) = percentile_at(values.len(), q);
    let (_, &mut a, rest) = values.select_nth_unstable_by(below, f64::total_cmp);
    // The next order statistic is the least of those after it.
    let b = if above == below {
        a
    } else {
        rest.iter().copied().min_by(f64::total_cmp).unwrap_or(a)
    };
    lerp(a, b, t)
}

/// The order statistics (0-based, below and above) numpy's linear
/// percentile `q` (in percent) of `n` values reads, and how far between.
fn percentile_at(n: usize, q: f64) -> (usize, usize, f64) {
    let q = q / 100.0;
    // numpy's virtual index for alpha = beta = 1.
    let index = (n as f64 * q + (1.0 - q)) - 1.0;
    let below = index.floor().clamp(0.0, (n - 1) as f64);
    let above = (below + 1.0).min((n - 1) as f64);
    (below as usize, above as usize, index - index.floor())
}

/// numpy's `_lerp` of `a` and `b` at `t`.
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    // numpy's _lerp: from the nearer end.
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// numpy's `percentile(values, q)` (`method="linear"`), `q` in percent,
/// of values in any order (NaN when there are none).
pub fn percentile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    percentile_sorted(&sorted, q)
}

/// numpy's `linspace(start, stop, num)` (endpoint included).
pub(crate) fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    if num == 0 {
        return Vec::new();
    }
    if num == 1 {
        return vec![start];
    }
    let div = (num - 1) as f64;
    let delta = stop - start;
    let step = delta / div;
    let mut y: Vec<f64> = if step == 0.0 {
        (0..num).map(|i| i as f64 / div * delta + start).collect()
    } else {
        (0..num).map(|i| i as f64 * step + start).collect()
    };
    y[num - 1] = stop;
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_selection_equal_those_of_a_sort() {
        let mut rng = crate::stats::rng::SplitMix(7);
        for n in [1usize, 2, 3, 10, 57, 1000] {
            // Ties and spread values both.
            let values: Vec<f64> = (0..n)
                .map(|_| (rng.below(40) as f64) * 0.37 - 3.0)
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for q in [0.0, 2.5, 25.0, 50.0, 62.5, 97.5, 99.9, 100.0] {
                let mut scratch = values.clone();
                assert_eq!(
                    percentile_select(&mut scratch, q).to_bits(),
                    percentile_sorted(&sorted, q).to_bits(),
                    "n {n}, q {q}"
                );
            }
        }
        assert!(percentile_select(&mut [], 50.0).is_nan());
    }

    #[test]
    fn pairwise_sum_is_numpys() {
        // np.add.reduce(np.arange(n) * 0.1 + 1/3), where a loop in order
        // gives 50283.33333333328 and 318.26666666666665.
        let a = |n: usize| -> Vec<f64> { (0..n).map(|i| i as f64 * 0.1 + 1.0 / 3.0).collect() };
        assert_eq!(sum(&a(1000)), 50283.333333333336);
        assert_eq!(sum(&a(77)), 318.2666666666667);
        assert_eq!(sum(&a(5)), 2.6666666666666665);
        assert_eq!(sum(&[]), -0.0);
        // np.percentile([1, 2, 4, 7], [75, 25]) == [4.75, 1.75]
        assert_eq!(percentile_sorted(&[1.0, 2.0, 4.0, 7.0], 75.0), 4.75);
        assert_eq!(percentile_sorted(&[1.0, 2.0, 4.0, 7.0], 25.0), 1.75);
        assert_eq!(linspace(0.0, 1.0, 5), [0.0, 0.25, 0.5, 0.75, 1.0]);
    }
}
