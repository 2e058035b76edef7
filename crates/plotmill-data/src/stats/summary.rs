//! A group's summaries as seaborn's categorical charts draw them: the box
//! plot's statistics (matplotlib's `cbook.boxplot_stats`) and a point
//! estimate with its error bar (seaborn's `EstimateAggregator`).
//!
//! Estimates are pandas' (`Series.mean`, `median`, `sum`, `min`, `max`,
//! with numpy's pairwise sums), spreads pandas' `std` and `sem` (ddof 1),
//! percentiles numpy's linear ones. seaborn's bootstrap draws from an
//! unseeded generator unless given a seed; plotmill's always has one (a
//! SplitMix64 stream from [`ErrorBar`]'s `seed`, started afresh for each
//! group, as seaborn starts one per group from an integer seed), so the
//! same data draws the same error bars. The draws are not numpy's, so a
//! confidence interval equals seaborn's to the bootstrap's own noise, not
//! to the bit.

use super::numpy::{mean, percentile_select, percentile_sorted, sum};
use super::rng::{Below, SplitMix};

/// How far box plot whiskers reach (matplotlib's `whis`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Whis {
    /// To the farthest value within this many interquartile ranges of
    /// the box (matplotlib's 1.5).
    Iqr(f64),
    /// To these percentiles of the values, low and high.
    Percentiles(f64, f64),
}

/// A group's box plot statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxStats {
    /// The first quartile (the box's low edge).
    pub q1: f64,
    /// The median.
    pub med: f64,
    /// The third quartile (the box's high edge).
    pub q3: f64,
    /// The low whisker's end.
    pub whislo: f64,
    /// The high whisker's end.
    pub whishi: f64,
    /// Values beyond the whiskers, in the data's order.
    pub fliers: Vec<f64>,
    /// The mean (numpy's, over the values in their order).
    pub mean: f64,
    /// The low end of the median's confidence interval, where a notched
    /// box's notch starts (matplotlib's: the median − 1.57 IQR / √n).
    pub cilo: f64,
    /// Its high end (the median + 1.57 IQR / √n).
    pub cihi: f64,
}

/// The box plot statistics of `values` (finite, in any order), as
/// matplotlib's `boxplot_stats` finds them; `None` when there are none.
pub fn box_stats(values: &[f64], whis: Whis) -> Option<BoxStats> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let q = |p: f64| percentile_sorted(&sorted, p);
    let (q1, med, q3) = (q(25.0), q(50.0), q(75.0));
    let (lo, hi) = match whis {
        Whis::Iqr(k) => {
            let iqr = q3 - q1;
            (q1 - k * iqr, q3 + k * iqr)
        }
        Whis::Percentiles(a, b) => (q(a), q(b)),
    };
    // The farthest values inside the reach, never inside the box.
    let whishi = match sorted.iter().rev().find(|&&v| v <= hi) {
        Some(&v) if v >= q3 => v,
        _ => q3,
    };
    let whislo = match sorted.iter().find(|&&v| v >= lo) {
        Some(&v) if v <= q1 => v,
        _ => q1,
    };
    let fliers = values
        .iter()
        .copied()
        .filter(|&v| v < whislo || v > whishi)
        .collect();
    let notch = 1.57 * (q3 - q1) / (values.len() as f64).sqrt();
    Some(BoxStats {
        q1,
        med,
        q3,
        whislo,
        whishi,
        fliers,
        mean: mean(values),
        cilo: med - notch,
        cihi: med + notch,
    })
}

/// What a bar's height is (seaborn's `estimator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Estimator {
    /// The mean.
    #[default]
    Mean,
    /// The median.
    Median,
    /// The sum.
    Sum,
    /// The least value.
    Min,
    /// The greatest value.
    Max,
}

impl Estimator {
    /// Every estimator's name, as seaborn (and pandas) spells it.
    pub const NAMES: [&'static str; 5] = ["mean", "median", "sum", "min", "max"];

    /// The estimator named `name`.
    pub fn from_name(name: &str) -> Option<Estimator> {
        Some(match name {
            "mean" => Estimator::Mean,
            "median" => Estimator::Median,
            "sum" => Estimator::Sum,
            "min" => Estimator::Min,
            "max" => Estimator::Max,
            _ => return None,
        })
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Estimator::Mean => "mean",
            Estimator::Median => "median",
            Estimator::Sum => "sum",
            Estimator::Min => "min",
            Estimator::Max => "max",
        }
    }

    /// The estimate of `values` (NaN when there are none; 0 for an
    /// empty sum, as pandas').
    pub fn of(self, values: &[f64]) -> f64 {
        match self {
            Estimator::Sum => sum(values),
            _ if values.is_empty() => f64::NAN,
            Estimator::Mean => mean(values),
            Estimator::Median => {
                let mut v = values.to_vec();
                median_in_place(&mut v)
            }
            Estimator::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
            Estimator::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }
}

/// numpy's median of `values` (reordered): the middle value, or the mean
/// of the two middle ones.
fn median_in_place(values: &mut [f64]) -> f64 {
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    let (below, &mut mid, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return mid;
    }
    let low = below.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (low + mid) / 2.0
}

/// How an error bar is found (seaborn's `errorbar` method).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorMethod {
    /// A bootstrap confidence interval of the estimate, `level` percent.
    Ci,
    /// The central `level` percent of the values.
    Pi,
    /// The estimate ± `level` standard errors.
    Se,
    /// The estimate ± `level` standard deviations.
    Sd,
}

impl ErrorMethod {
    /// The method's name, as seaborn spells it.
    pub fn name(self) -> &'static str {
        match self {
            ErrorMethod::Ci => "ci",
            ErrorMethod::Pi => "pi",
            ErrorMethod::Se => "se",
            ErrorMethod::Sd => "sd",
        }
    }

    /// seaborn's default level: 95 for intervals, 1 for spreads.
    pub fn default_level(self) -> f64 {
        match self {
            ErrorMethod::Ci | ErrorMethod::Pi => 95.0,
            ErrorMethod::Se | ErrorMethod::Sd => 1.0,
        }
    }
}

/// An error bar: its method and level, and for a bootstrap the number of
/// resamples and the seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorBar {
    /// How.
    pub method: ErrorMethod,
    /// Percent for `ci`/`pi`, a multiple for `se`/`sd`.
    pub level: f64,
    /// Bootstrap resamples (`ci`).
    pub n_boot: usize,
    /// The bootstrap's seed (`ci`).
    pub seed: u64,
}

/// pandas' sample standard deviation (ddof 1) of `values`.
fn std(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let avg = sum(values) / n;
    let squares: Vec<f64> = values.iter().map(|&v| (avg - v) * (avg - v)).collect();
    (sum(&squares) / (n - 1.0)).sqrt()
}

/// The central `level` percent of `values`: numpy's linear percentiles
/// at (100 − level) / 2 and 100 minus that (seaborn's
/// `_percentile_interval`).
fn central(values: &mut [f64], level: f64) -> (f64, f64) {
    let edge = (100.0 - level) / 2.0;
    (
        percentile_select(values, edge),
        percentile_select(values, 100.0 - edge),
    )
}

/// The error bar of `estimator` over `values` (finite), as seaborn's
/// `EstimateAggregator`: NaN at both ends for fewer than two values.
pub fn interval(values: &[f64], estimator: Estimator, bar: &ErrorBar) -> (f64, f64) {
    let n = values.len();
    if n <= 1 {
        return (f64::NAN, f64::NAN);
    }
    let estimate = estimator.of(values);
    match bar.method {
        ErrorMethod::Sd => {
            let half = std(values) * bar.level;
            (estimate - half, estimate + half)
        }
        ErrorMethod::Se => {
            let half = std(values) / (n as f64).sqrt() * bar.level;
            (estimate - half, estimate + half)
        }
        ErrorMethod::Pi => central(&mut values.to_vec(), bar.level),
        ErrorMethod::Ci => {
            let mut boots = bootstrap(values, estimator, bar.n_boot, bar.seed);
            central(&mut boots, bar.level)
        }
    }
}

/// `n_boot` estimates of `values` resampled with replacement, from a
/// generator started at `seed` (see [`Indices`]). A mean or sum adds its
/// draws as they come, in four running sums so that the additions overlap
/// (no resample is stored); a least or greatest keeps it; a median is
/// found in a stored resample.
///
/// A mean or sum of up to [`PAIRS_UP_TO`] values (and no more values than
/// resamples) draws its values two at a time: one index below n² picks an
/// ordered pair from a table of every pair's sum, which is two independent
/// draws with one random number, one load and one addition (an odd one out
/// is the first of a pair drawn so). The table is n² sums, built once.
fn bootstrap(values: &[f64], estimator: Estimator, n_boot: usize, seed: u64) -> Vec<f64> {
    let n = values.len();
    let by_pairs =
        matches!(estimator, Estimator::Mean | Estimator::Sum) && n <= PAIRS_UP_TO && n <= n_boot;
    if by_pairs {
        return bootstrap_by_pairs(values, estimator, n_boot, seed);
    }
    let mut draw = Indices::new(SplitMix(seed), n);
    let mut sample = Vec::new();
    (0..n_boot)
        .map(|_| match estimator {
            Estimator::Mean | Estimator::Sum => {
                total_to(estimator, sum_draws(values, n, &mut draw), n)
            }
            Estimator::Min => (0..n).fold(f64::INFINITY, |m, _| m.min(values[draw.one()])),
            Estimator::Max => (0..n).fold(f64::NEG_INFINITY, |m, _| m.max(values[draw.one()])),
            Estimator::Median => {
                sample.clear();
                sample.extend((0..n).map(|_| values[draw.one()]));
                median_in_place(&mut sample)
            }
        })
        .collect()
}

/// The most values whose bootstrap draws pairs: a table of 65,536 sums
/// (512 KiB) at most.
const PAIRS_UP_TO: usize = 256;

/// [`bootstrap`] of a mean or sum, two draws at a time.
fn bootstrap_by_pairs(values: &[f64], estimator: Estimator, n_boot: usize, seed: u64) -> Vec<f64> {
    let n = values.len();
    let pairs: Vec<f64> = values
        .iter()
        .flat_map(|&a| values.iter().map(move |&b| a + b))
        .collect();
    let mut draw = Indices::new(SplitMix(seed), n * n);
    let half = n / 2;
    (0..n_boot)
        .map(|_| {
            let mut acc = sum_draws(&pairs, half, &mut draw);
            if n % 2 == 1 {
                // The pair's first member: uniform over the values.
                acc[3] += values[draw.one() / n];
            }
            total_to(estimator, acc, n)
        })
        .collect()
}

/// `count` entries of `table` drawn by `draw`, added up in four running
/// sums so that the additions overlap.
#[inline]
fn sum_draws(table: &[f64], count: usize, draw: &mut Indices) -> [f64; 4] {
    let mut acc = [0.0f64; 4];
    for _ in 0..count / 4 {
        let [a, b, c, d] = draw.four();
        acc[0] += table[a];
        acc[1] += table[b];
        acc[2] += table[c];
        acc[3] += table[d];
    }
    for a in acc.iter_mut().take(count % 4) {
        *a += table[draw.one()];
    }
    acc
}

/// A mean's or a sum's resample from its four running sums of `n` draws.
fn total_to(estimator: Estimator, acc: [f64; 4], n: usize) -> f64 {
    let total = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    if estimator == Estimator::Mean {
        total / n as f64
    } else {
        total
    }
}

/// Uniform indices below `n` from a [`SplitMix`] stream. While `n` fits in
/// 32 bits a draw gives two (`four` takes two draws: the low then the high
/// half of each; `one` the low half of one), each by Lemire's
/// multiply-and-reject; a rejected half (a chance of n in 2^32) is
/// replaced by the low halves of fresh draws until one is kept. Larger `n`
/// take a whole draw each.
struct Indices {
    rng: SplitMix,
    n: u64,
    /// The least low word a 32-bit half keeps (`2^32 mod n`).
    threshold: u32,
    /// For `n` of 2^32 or more: whole draws.
    wide: Option<Below>,
}

impl Indices {
    fn new(rng: SplitMix, n: usize) -> Indices {
        let n = (n as u64).max(1);
        let narrow = n <= u64::from(u32::MAX);
        Indices {
            rng,
            n,
            threshold: if narrow { ((1u64 << 32) % n) as u32 } else { 0 },
            wide: (!narrow).then(|| Below::new(n)),
        }
    }

    /// The index a 32-bit `half` gives.
    #[inline]
    fn of(&mut self, half: u32) -> usize {
        let m = u64::from(half) * self.n;
        if (m as u32) >= self.threshold {
            (m >> 32) as usize
        } else {
            self.one()
        }
    }

    /// One index.
    #[inline]
    fn one(&mut self) -> usize {
        if let Some(b) = self.wide {
            return self.rng.below_with(b) as usize;
        }
        loop {
            let m = u64::from(self.rng.next() as u32) * self.n;
            if (m as u32) >= self.threshold {
                return (m >> 32) as usize;
            }
        }
    }

    /// Four indices.
    #[inline]
    fn four(&mut self) -> [usize; 4] {
        if self.wide.is_some() {
            return [self.one(), self.one(), self.one(), self.one()];
        }
        let (r, s) = (self.rng.next(), self.rng.next());
        [
            self.of(r as u32),
            self.of((r >> 32) as u32),
            self.of(s as u32),
            self.of((s >> 32) as u32),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whiskers_stop_at_the_last_value_within_reach() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 100.0];
        let s = box_stats(&v, Whis::Iqr(1.5)).unwrap();
        assert_eq!((s.q1, s.med, s.q3), (3.0, 5.0, 7.0));
        assert_eq!((s.whislo, s.whishi), (1.0, 8.0));
        assert_eq!(s.fliers, vec![100.0]);
        // matplotlib's boxplot_stats: the mean, and the notch's ends.
        assert_eq!(s.mean, 15.11111111111111);
        assert_eq!((s.cilo, s.cihi), (2.9066666666666667, 7.093333333333334));
        // Percentile whiskers.
        let s = box_stats(&v, Whis::Percentiles(0.0, 100.0)).unwrap();
        assert_eq!((s.whislo, s.whishi), (1.0, 100.0));
        assert!(s.fliers.is_empty());
        assert!(box_stats(&[], Whis::Iqr(1.5)).is_none());
    }

    #[test]
    fn estimates_and_spreads_are_pandas() {
        let v = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(Estimator::Mean.of(&v), 5.0);
        assert_eq!(Estimator::Median.of(&v), 4.5);
        assert_eq!(Estimator::Sum.of(&v), 40.0);
        assert_eq!(Estimator::Sum.of(&[]), 0.0);
        assert!(Estimator::Mean.of(&[]).is_nan());
        let sd = ErrorBar {
            method: ErrorMethod::Sd,
            level: 1.0,
            n_boot: 0,
            seed: 0,
        };
        // pandas: Series(v).std() = 2.138089935299395
        let (lo, hi) = interval(&v, Estimator::Mean, &sd);
        assert!((hi - 5.0 - 2.138089935299395).abs() < 1e-15);
        assert!((5.0 - lo - 2.138089935299395).abs() < 1e-15);
        let one = interval(&[3.0], Estimator::Mean, &sd);
        assert!(one.0.is_nan() && one.1.is_nan());
    }

    #[test]
    fn bootstrap_indices_are_uniform_and_in_range() {
        // Two per draw: each of 7 indices about a seventh of 700,000 (the
        // binomial's standard deviation is 293; 5 of them allowed).
        let mut draw = Indices::new(SplitMix(11), 7);
        let mut counts = [0usize; 7];
        for _ in 0..700_000 / 4 {
            for i in draw.four() {
                counts[i] += 1;
            }
        }
        for c in counts {
            assert!(c.abs_diff(100_000) < 1_500, "{counts:?}");
        }
        // One index: the low half of a draw, kept unless rejected.
        let mut one = Indices::new(SplitMix(5), 1000);
        let mut raw = SplitMix(5);
        for _ in 0..1000 {
            let want = (u64::from(raw.next() as u32) * 1000) >> 32;
            assert_eq!(one.one() as u64, want);
        }
        // A sum over a resample of one repeated value is exact.
        let boots = bootstrap(&[2.5; 9], Estimator::Sum, 10, 1);
        assert!(boots.iter().all(|&b| b == 22.5));
        let boots = bootstrap(&[1.0, 2.0, 3.0], Estimator::Min, 50, 1);
        assert!(boots.iter().all(|b| [1.0, 2.0, 3.0].contains(b)));
    }

    #[test]
    fn drawing_pairs_resamples_as_drawing_one_at_a_time() {
        // Resample means of n values, 30% of them ones: their mean is
        // 0.3 and their variance p(1 - p)/n, drawn in pairs (n even and
        // odd, the odd one out drawn alone) as one at a time (more values
        // than the pairs' limit). 20,000 resamples: the variance's
        // relative standard error is 1%, 5% allowed.
        for n in [40usize, 37, 7, 300] {
            let v: Vec<f64> = (0..n).map(|i| f64::from(i * 10 % n < 3 * n / 10)).collect();
            let p = v.iter().sum::<f64>() / n as f64;
            assert_eq!(n <= PAIRS_UP_TO, n != 300);
            let boots = bootstrap(&v, Estimator::Mean, 20_000, 3);
            let m = boots.iter().sum::<f64>() / boots.len() as f64;
            let var = boots.iter().map(|b| (b - m).powi(2)).sum::<f64>() / boots.len() as f64;
            let want = p * (1.0 - p) / n as f64;
            assert!(
                (m - p).abs() < 4.0 * (want / 20_000.0).sqrt(),
                "n {n}: {m} vs {p}"
            );
            assert!((var / want - 1.0).abs() < 0.05, "n {n}: {var} vs {want}");
            // A sum is n times the mean, from the same draws.
            let sums = bootstrap(&v, Estimator::Sum, 20_000, 3);
            for (s, b) in sums.iter().zip(&boots) {
                assert!((s / n as f64 - b).abs() < 1e-12);
            }
        }
        // Every value is drawn: the values 8^i, so that a resample's sum
        // (7 draws) has in its base-8 digit i how often value i was drawn;
        // over 2,000 resamples each is drawn about 2,000 times.
        let v: Vec<f64> = (0..7).map(|i| f64::from(8u32.pow(i))).collect();
        let mut counts = [0u64; 7];
        for s in bootstrap(&v, Estimator::Sum, 2_000, 9) {
            let s = s as u64;
            for (i, c) in counts.iter_mut().enumerate() {
                *c += (s >> (3 * i)) & 7;
            }
        }
        assert_eq!(counts.iter().sum::<u64>(), 14_000);
        for c in counts {
            assert!(c.abs_diff(2_000) < 200, "{counts:?}");
        }
    }

    #[test]
    fn the_bootstrap_is_seeded_and_brackets_the_mean() {
        let v: Vec<f64> = (0..200).map(|i| ((i * 37) % 101) as f64).collect();
        let ci = ErrorBar {
            method: ErrorMethod::Ci,
            level: 95.0,
            n_boot: 1000,
            seed: 0,
        };
        let a = interval(&v, Estimator::Mean, &ci);
        assert_eq!(a, interval(&v, Estimator::Mean, &ci));
        let m = Estimator::Mean.of(&v);
        // About 1.96 standard errors each side.
        let se = std(&v) / (v.len() as f64).sqrt();
        assert!(a.0 < m && m < a.1);
        assert!(((m - a.0) / se - 1.96).abs() < 0.3, "{a:?}");
        assert!(((a.1 - m) / se - 1.96).abs() < 0.3, "{a:?}");
        let other = interval(&v, Estimator::Mean, &ErrorBar { seed: 1, ..ci });
        assert_ne!(a, other);
    }
}
