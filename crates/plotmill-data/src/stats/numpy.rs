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
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let q = q / 100.0;
    // numpy's virtual index for alpha = beta = 1.
    let index = (n as f64 * q + (1.0 - q)) - 1.0;
    let below = index.floor().clamp(0.0, (n - 1) as f64);
    let above = (below + 1.0).min((n - 1) as f64);
    let t = index - index.floor();
    let (a, b) = (sorted[below as usize], sorted[above as usize]);
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
