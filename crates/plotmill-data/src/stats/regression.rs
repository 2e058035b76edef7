//! Least-squares lines and their bootstrap confidence bands, as seaborn's
//! `regplot` draws them (`order=1`, `ci=95`, `n_boot=1000`).
//!
//! seaborn resamples with numpy's generator (random unless given a seed);
//! plotmill resamples with its own small generator from a fixed seed, so
//! that the same data give the same band, and the same bytes, every time.
//! The band is the same statistic over a different set of resamples: it
//! differs from seaborn's by bootstrap noise only.

use super::numpy::percentile_sorted;
use super::rng::{Below, SplitMix};

/// The seed of every bootstrap, unless one is given.
pub const DEFAULT_SEED: u64 = 0;

/// A straight line `y = intercept + slope * x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// The value at x = 0.
    pub intercept: f64,
    /// The rise per unit of x.
    pub slope: f64,
}

impl Line {
    /// The least-squares line through the points (numpy's `pinv(X) @ y`
    /// for X = [1, x]); `None` for fewer than two points or a constant x.
    pub fn fit(x: &[f64], y: &[f64]) -> Option<Line> {
        let n = x.len().min(y.len());
        if n < 2 {
            return None;
        }
        let mx = x[..n].iter().sum::<f64>() / n as f64;
        let my = y[..n].iter().sum::<f64>() / n as f64;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for (&a, &b) in x[..n].iter().zip(&y[..n]) {
            sxy += (a - mx) * (b - my);
            sxx += (a - mx) * (a - mx);
        }
        if !(sxx > 0.0 && sxx.is_finite()) {
            return None;
        }
        let slope = sxy / sxx;
        Some(Line {
            intercept: my - slope * mx,
            slope,
        })
    }

    /// The line's value at `x`.
    pub fn at(&self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }
}

/// A bootstrap confidence band for the line through the points, on `grid`:
/// `n_boot` resamples of the points with replacement (from `seed`), each
/// fitted, and at each grid point the central `ci` percent of the fitted
/// values (numpy's linear percentiles, as seaborn's `utils.ci`). `None`
/// when the points have no line.
pub fn band(
    x: &[f64],
    y: &[f64],
    grid: &[f64],
    n_boot: usize,
    ci: f64,
    seed: u64,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let n = x.len().min(y.len());
    Line::fit(x, y)?;
    // Each resample's sums, one pass over the draws: about the whole
    // sample's means, so that they keep their precision.
    let mx = x[..n].iter().sum::<f64>() / n as f64;
    let my = y[..n].iter().sum::<f64>() / n as f64;
    let centred: Vec<(f64, f64)> = x[..n]
        .iter()
        .zip(&y[..n])
        .map(|(&a, &b)| (a - mx, b - my))
        .collect();
    // Below this a resample's x spread is rounding, not data.
    let tiny = 1e-12 * centred.iter().map(|(a, _)| a * a).sum::<f64>();
    let mut rng = SplitMix(seed);
    let mut lines = Vec::with_capacity(n_boot);
    let count = n as f64;
    let below = Below::new((n as u64).max(1));
    for _ in 0..n_boot {
        let (mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0);
        for _ in 0..n {
            let (a, b) = centred[rng.below_with(below) as usize];
            sx += a;
            sy += b;
            sxx += a * a;
            sxy += a * b;
        }
        let vxx = sxx - sx * sx / count;
        // A resample of one repeated x has no line (numpy's pinv would
        // give a flat one): it is left out.
        if !(vxx > tiny && vxx.is_finite()) {
            continue;
        }
        let slope = (sxy - sx * sy / count) / vxx;
        let (cx, cy) = (sx / count, sy / count);
        lines.push(Line {
            intercept: my + cy - slope * (mx + cx),
            slope,
        });
    }
    if lines.is_empty() {
        return None;
    }
    let (lo_q, hi_q) = (50.0 - ci / 2.0, 50.0 + ci / 2.0);
    let mut at = vec![0.0; lines.len()];
    let (mut lo, mut hi) = (
        Vec::with_capacity(grid.len()),
        Vec::with_capacity(grid.len()),
    );
    for &g in grid {
        for (v, l) in at.iter_mut().zip(&lines) {
            *v = l.at(g);
        }
        lo.push(percentile_of(&mut at, lo_q));
        hi.push(percentile_of(&mut at, hi_q));
    }
    Some((lo, hi))
}

/// numpy's linear percentile `q` of `values` (reordered, not sorted):
/// the two order statistics it interpolates between, found by selection.
fn percentile_of(values: &mut [f64], q: f64) -> f64 {
    let n = values.len();
    if n < 2 {
        return percentile_sorted(values, q);
    }
    // numpy's virtual index for alpha = beta = 1, as percentile_sorted.
    let index = (n as f64 * q / 100.0 + (1.0 - q / 100.0)) - 1.0;
    let k = (index.floor().max(0.0) as usize).min(n - 2);
    let (_, &mut at_k, above) = values.select_nth_unstable_by(k, f64::total_cmp);
    let next = above.iter().copied().fold(f64::INFINITY, f64::min);
    percentile_sorted(&[at_k, next], (index - k as f64) * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_numpys_least_squares() {
        // numpy: np.linalg.pinv(np.c_[np.ones(5), x]) @ y
        let x = [1.0, 2.0, 4.0, 5.0, 7.5];
        let y = [2.1, 3.9, 8.2, 9.8, 15.3];
        let l = Line::fit(&x, &y).unwrap();
        assert!((l.slope - 2.029_770_992_366_412_4).abs() < 1e-12, "{l:?}");
        assert!(
            (l.intercept + 0.056_106_870_229_007_63).abs() < 1e-12,
            "{l:?}"
        );
        assert_eq!(Line::fit(&[3.0, 3.0], &[1.0, 2.0]), None);
        assert_eq!(Line::fit(&[3.0], &[1.0]), None);
    }

    #[test]
    fn the_band_holds_the_line_is_seeded_and_narrows_with_more_data() {
        // y = 2x + noise: the 95% band holds the fitted line, is the same
        // for the same seed, differs for another, and narrows as the data
        // grow (as 1/sqrt(n)).
        let noisy = |n: usize| {
            let mut r = SplitMix(9);
            let x: Vec<f64> = (0..n).map(|i| i as f64 / n as f64 * 10.0).collect();
            let y: Vec<f64> = x
                .iter()
                .map(|v| 2.0 * v + (r.next() >> 11) as f64 / (1u64 << 53) as f64 - 0.5)
                .collect();
            (x, y)
        };
        let grid: Vec<f64> = (0..=10).map(f64::from).collect();
        let (x, y) = noisy(50);
        let line = Line::fit(&x, &y).unwrap();
        let (lo, hi) = band(&x, &y, &grid, 1000, 95.0, 0).unwrap();
        for ((g, l), h) in grid.iter().zip(&lo).zip(&hi) {
            assert!(*l < line.at(*g) && line.at(*g) < *h, "{g}: {l} {h}");
        }
        assert_eq!(
            band(&x, &y, &grid, 1000, 95.0, 0).unwrap(),
            (lo.clone(), hi.clone())
        );
        assert_ne!(band(&x, &y, &grid, 1000, 95.0, 1).unwrap().0, lo);
        let (x4, y4) = noisy(800);
        let (lo4, hi4) = band(&x4, &y4, &grid, 1000, 95.0, 0).unwrap();
        let width = |lo: &[f64], hi: &[f64]| hi[5] - lo[5];
        let ratio = width(&lo, &hi) / width(&lo4, &hi4);
        assert!((2.5..6.0).contains(&ratio), "{ratio}");
    }

    #[test]
    fn selected_percentiles_equal_sorted_ones() {
        let mut r = SplitMix(5);
        for n in [2usize, 3, 10, 999, 1000] {
            let v: Vec<f64> = (0..n).map(|_| (r.next() % 1000) as f64 / 7.0).collect();
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            for q in [0.0, 2.5, 50.0, 97.5, 100.0] {
                let mut w = v.clone();
                assert_eq!(
                    percentile_of(&mut w, q),
                    percentile_sorted(&sorted, q),
                    "{n} {q}"
                );
            }
        }
    }

    #[test]
    fn draws_below_n_are_uniform() {
        let mut r = SplitMix(3);
        let mut counts = [0usize; 7];
        for _ in 0..70_000 {
            counts[r.below(7) as usize] += 1;
        }
        for c in counts {
            assert!((9_500..10_500).contains(&c), "{counts:?}");
        }
    }
}
