//! Histogram bins as seaborn's `histplot` chooses them and numpy counts
//! them: a rule (numpy's `histogram_bin_edges`: `auto`, `fd`, `sturges`,
//! `sqrt`, `rice`, `scott`, `doane`, `stone`), a count, a width, or one bin
//! per integer (`discrete`), over the data's range or a given `binrange`;
//! then numpy's uniform-bin count (the last bin closed, weights summed
//! block by block as numpy sums them).

use super::numpy;

/// numpy's rules for a bin width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinRule {
    /// The smaller of Sturges' and (a relaxed) Freedman–Diaconis' width.
    Auto,
    /// Freedman–Diaconis: twice the interquartile range over n^(1/3).
    Fd,
    /// Sturges: the range over log2(n) + 1.
    Sturges,
    /// The range over √n.
    Sqrt,
    /// Rice: the range over 2 n^(1/3).
    Rice,
    /// Scott: (24 √π / n)^(1/3) times the standard deviation.
    Scott,
    /// Doane: Sturges corrected for skew.
    Doane,
    /// Stone: the count (up to max(100, √n)) minimising a
    /// cross-validated error.
    Stone,
}

impl BinRule {
    /// The rule of a name as numpy spells it.
    pub fn from_name(name: &str) -> Option<BinRule> {
        Some(match name {
            "auto" => BinRule::Auto,
            "fd" => BinRule::Fd,
            "sturges" => BinRule::Sturges,
            "sqrt" => BinRule::Sqrt,
            "rice" => BinRule::Rice,
            "scott" => BinRule::Scott,
            "doane" => BinRule::Doane,
            "stone" => BinRule::Stone,
            _ => return None,
        })
    }

    /// The bin width it gives for `x` (sorted) over `range`; 0 when it
    /// cannot tell (no spread).
    fn width(self, sorted: &[f64], range: (f64, f64)) -> f64 {
        let n = sorted.len() as f64;
        let ptp = sorted[sorted.len() - 1] - sorted[0];
        let sturges = || ptp / (n.log2() + 1.0);
        let sqrt = || ptp / n.sqrt();
        let fd = || {
            let iqr =
                numpy::percentile_sorted(sorted, 75.0) - numpy::percentile_sorted(sorted, 25.0);
            2.0 * iqr * n.powf(-1.0 / 3.0)
        };
        match self {
            BinRule::Auto => fd().max(sqrt() / 2.0).min(sturges()),
            BinRule::Fd => fd(),
            BinRule::Sturges => sturges(),
            BinRule::Sqrt => sqrt(),
            BinRule::Rice => ptp / (2.0 * n.powf(1.0 / 3.0)),
            BinRule::Scott => {
                (24.0 * std::f64::consts::PI.sqrt() / n).powf(1.0 / 3.0) * numpy::std(sorted)
            }
            BinRule::Doane => doane(sorted, ptp),
            BinRule::Stone => stone(sorted, ptp, range),
        }
    }
}

/// Doane's width (numpy's `_hist_bin_doane`).
fn doane(x: &[f64], ptp: f64) -> f64 {
    let n = x.len() as f64;
    if x.len() <= 2 {
        return 0.0;
    }
    let sg1 = (6.0 * (n - 2.0) / ((n + 1.0) * (n + 3.0))).sqrt();
    let sigma = numpy::std(x);
    if sigma <= 0.0 {
        return 0.0;
    }
    let m = numpy::mean(x);
    let cubes: Vec<f64> = x.iter().map(|&v| ((v - m) / sigma).powi(3)).collect();
    let g1 = numpy::mean(&cubes);
    ptp / (1.0 + n.log2() + (1.0 + g1.abs() / sg1).log2())
}

/// Stone's width (numpy's `_hist_bin_stone`): the count from 1 to
/// max(100, √n) minimising (2 − (n + 1) Σp²) / h, first on a tie.
fn stone(x: &[f64], ptp: f64, range: (f64, f64)) -> f64 {
    let n = x.len();
    if n <= 1 || ptp == 0.0 {
        return 0.0;
    }
    let upper = 100usize.max((n as f64).sqrt() as usize);
    let mut best = (f64::INFINITY, 1usize);
    for bins in 1..=upper {
        let edges = numpy::linspace(range.0, range.1, bins + 1);
        let counts = histogram(x, None, &edges);
        let p2: f64 = {
            let sq: Vec<f64> = counts
                .iter()
                .map(|c| (c / n as f64) * (c / n as f64))
                .collect();
            numpy::sum(&sq)
        };
        let score = (2.0 - (n as f64 + 1.0) * p2) / (ptp / bins as f64);
        if score < best.0 {
            best = (score, bins);
        }
    }
    ptp / best.1 as f64
}

/// How a histogram's bins are chosen (seaborn's `bins`, `binwidth`,
/// `discrete`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bins {
    /// A width rule.
    Rule(BinRule),
    /// This many equal bins.
    Count(usize),
    /// Bins about this wide: the nearest whole number of them over the
    /// range (seaborn's `histplot(binwidth=)`).
    Width(f64),
    /// One bin per integer, centred on it.
    Discrete,
}

/// Why bins could not be chosen.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BinError {
    /// No finite value to bin.
    #[error("no finite value to bin")]
    Empty,
    /// A range that is not finite or runs backwards.
    #[error("bin range [{0}, {1}] is not an increasing pair of finite numbers")]
    Range(f64, f64),
    /// A count of 0 or a width that is not a positive number.
    #[error("{0}")]
    Spec(String),
    /// More bins than `max` (a tiny width over a wide range).
    #[error("{bins} bins is more than the {max} allowed; give a larger width or fewer bins")]
    TooMany {
        /// Bins asked for.
        bins: usize,
        /// The limit.
        max: usize,
    },
}

/// The most bins a histogram draws.
pub const MAX_BINS: usize = 100_000;

/// The bin edges seaborn's `histplot` uses for `values` (finite values
/// only are read): chosen by `bins` over `range` (the values' own when
/// `None`), then made uniform over their span as numpy's histogram makes
/// them (`numpy.histogram(x, bins=n, range=(first, last))`).
pub fn bin_edges(
    values: &[f64],
    bins: Bins,
    range: Option<(f64, f64)>,
) -> Result<Vec<f64>, BinError> {
    let mut x: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if x.is_empty() && range.is_none() {
        return Err(BinError::Empty);
    }
    x.sort_by(f64::total_cmp);
    let (start, stop) = match range {
        Some((a, b)) if a.is_finite() && b.is_finite() && a <= b => (a, b),
        Some((a, b)) => return Err(BinError::Range(a, b)),
        None => (x[0], x[x.len() - 1]),
    };
    // How many bins, and the span seaborn hands numpy (its edges' first
    // and last, computed as numpy's arange computes them).
    let (n, first, last) = match bins {
        Bins::Discrete => {
            let len = arange_len(start - 0.5, stop + 1.5, 1.0);
            let lo = start - 0.5;
            (len.saturating_sub(1), lo, lo + len.saturating_sub(1) as f64)
        }
        Bins::Width(w) => {
            if !(w.is_finite() && w > 0.0) {
                return Err(BinError::Spec(format!(
                    "bin width {w} is not a positive number"
                )));
            }
            // seaborn's histplot: the nearest whole count of bins (Python's
            // round, half to even) over the range.
            let k = ((stop - start) / w).round_ties_even();
            if k < 1.0 {
                return Err(BinError::Spec(format!(
                    "bin width {w} is wider than the range ({}); give a smaller width",
                    stop - start
                )));
            }
            let (first, last) = outer(start, stop);
            (k.min(usize::MAX as f64) as usize, first, last)
        }
        Bins::Count(0) => return Err(BinError::Spec("the bin count must be at least 1".into())),
        Bins::Count(k) => {
            let (first, last) = outer(start, stop);
            (k, first, last)
        }
        Bins::Rule(rule) => {
            let (first, last) = outer(start, stop);
            let inside: Vec<f64> = if range.is_some() {
                x.iter()
                    .copied()
                    .filter(|v| (first..=last).contains(v))
                    .collect()
            } else {
                x.clone()
            };
            let width = if inside.is_empty() {
                0.0
            } else {
                rule.width(&inside, (first, last))
            };
            let n = if width > 0.0 {
                ((last - first) / width).ceil().min(usize::MAX as f64) as usize
            } else {
                1
            };
            (n, first, last)
        }
    };
    if n > MAX_BINS {
        return Err(BinError::TooMany {
            bins: n,
            max: MAX_BINS,
        });
    }
    let (first, last) = outer(first, last);
    Ok(numpy::linspace(first, last, n.max(1) + 1))
}

/// numpy's `_get_outer_edges`: a flat range widened by a half each way.
fn outer(first: f64, last: f64) -> (f64, f64) {
    if first == last {
        (first - 0.5, last + 0.5)
    } else {
        (first, last)
    }
}

/// How many values numpy's `arange(start, stop, step)` holds.
fn arange_len(start: f64, stop: f64, step: f64) -> usize {
    let len = ((stop - start) / step).ceil();
    if len > 0.0 {
        len.min(usize::MAX as f64) as usize
    } else {
        0
    }
}

/// numpy's `histogram` over uniform `edges`: each finite value in
/// [first, last] counted (or its weight summed) in its bin, the last bin
/// closed on the right.
pub fn histogram(values: &[f64], weights: Option<&[f64]>, edges: &[f64]) -> Vec<f64> {
    let bins = edges.len().saturating_sub(1);
    let mut out = vec![0.0; bins];
    if bins == 0 {
        return out;
    }
    // numpy adds each block's bincount to the total.
    const BLOCK: usize = 65536;
    let mut block = vec![0.0; bins];
    for (start, chunk) in values
        .chunks(BLOCK)
        .enumerate()
        .map(|(k, c)| (k * BLOCK, c))
    {
        block.iter_mut().for_each(|b| *b = 0.0);
        for (i, &v) in chunk.iter().enumerate() {
            if let Some(k) = bin_of(v, edges) {
                block[k] += weights.map_or(1.0, |w| w[start + i]);
            }
        }
        for (o, b) in out.iter_mut().zip(&block) {
            *o += b;
        }
    }
    out
}

/// The bin of `v` among uniform `edges` as numpy's `histogram` finds it
/// (the last bin closed on the right); `None` outside them or for NaN.
pub fn bin_of(v: f64, edges: &[f64]) -> Option<usize> {
    let bins = edges.len().checked_sub(1).filter(|&b| b > 0)?;
    let (first, last) = (edges[0], edges[bins]);
    if !(v >= first && v <= last) {
        return None;
    }
    let mut k = (((v - first) / (last - first)) * bins as f64) as usize;
    if k >= bins {
        k = bins - 1;
    }
    if v < edges[k] {
        k = k.saturating_sub(1);
    } else if k + 1 < bins && v >= edges[k + 1] {
        k += 1;
    }
    Some(k)
}

/// numpy's `histogram2d(x, y, bins=(x_edges, y_edges))` over uniform
/// edges: the count of points in each cell, `[i * ny + j]` for x bin `i`
/// and y bin `j` (points with either value outside, or missing, left out).
pub fn histogram2d(x: &[f64], y: &[f64], x_edges: &[f64], y_edges: &[f64]) -> Vec<f64> {
    let (nx, ny) = (
        x_edges.len().saturating_sub(1),
        y_edges.len().saturating_sub(1),
    );
    let mut out = vec![0.0; nx * ny];
    for (&a, &b) in x.iter().zip(y) {
        if let (Some(i), Some(j)) = (bin_of(a, x_edges), bin_of(b, y_edges)) {
            out[i * ny + j] += 1.0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_dimensional_counts_are_numpys() {
        // np.histogram2d([0, 1, 1, 2, 3, 5], [1, 1, 2, 2, 9, 9],
        //     bins=([0, 2.5, 5], [1, 5, 9])) -> [[4, 0], [0, 2]]
        let x = [0.0, 1.0, 1.0, 2.0, 3.0, 5.0];
        let y = [1.0, 1.0, 2.0, 2.0, 9.0, 9.0];
        let h = histogram2d(&x, &y, &[0.0, 2.5, 5.0], &[1.0, 5.0, 9.0]);
        assert_eq!(h, [4.0, 0.0, 0.0, 2.0]);
        assert_eq!(bin_of(5.0, &[0.0, 2.5, 5.0]), Some(1));
        assert_eq!(bin_of(2.5, &[0.0, 2.5, 5.0]), Some(1));
        assert_eq!(bin_of(-0.1, &[0.0, 2.5, 5.0]), None);
        assert_eq!(bin_of(f64::NAN, &[0.0, 2.5, 5.0]), None);
    }

    #[test]
    fn edges_and_counts_of_a_small_sample() {
        // np.histogram([1, 2, 2, 3, 10], bins="auto"): 5 bins of 1.8,
        // counts [3, 1, 0, 0, 1].
        let x = [1.0, 2.0, 2.0, 3.0, 10.0];
        let e = bin_edges(&x, Bins::Rule(BinRule::Auto), None).unwrap();
        assert_eq!(e.len(), 6);
        assert_eq!(histogram(&x, None, &e), [3.0, 1.0, 0.0, 0.0, 1.0]);
        assert_eq!(
            bin_edges(&[3.0, 3.0], Bins::Count(2), None).unwrap(),
            [2.5, 3.0, 3.5]
        );
        assert!(matches!(
            bin_edges(&[f64::NAN], Bins::Count(2), None),
            Err(BinError::Empty)
        ));
        assert!(matches!(
            bin_edges(&[0.0, 1e9], Bins::Width(1e-3), None),
            Err(BinError::TooMany { .. })
        ));
    }
}
