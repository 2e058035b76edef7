//! Gaussian kernel density estimates as scipy's `gaussian_kde` computes
//! them (Scott's or Silverman's bandwidth factor from the effective sample
//! size, or a given one; the data's weighted covariance scaled by the
//! factor squared; the kernel sum over the data whitened by the
//! covariance's Cholesky factor), with seaborn's `bw_adjust` and its
//! support grid (`cut` bandwidths past the data, `clip`, `gridsize`
//! points).

use super::numpy;

/// How the bandwidth factor is chosen (scipy's `bw_method`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bandwidth {
    /// Scott's rule: n_eff^(−1/(d+4)).
    Scott,
    /// Silverman's rule: (n_eff (d+2) / 4)^(−1/(d+4)).
    Silverman,
    /// This factor.
    Factor(f64),
}

impl Bandwidth {
    fn factor(self, neff: f64, d: f64) -> f64 {
        match self {
            Bandwidth::Scott => neff.powf(-1.0 / (d + 4.0)),
            Bandwidth::Silverman => (neff * (d + 2.0) / 4.0).powf(-1.0 / (d + 4.0)),
            Bandwidth::Factor(f) => f,
        }
    }
}

/// Why a density cannot be estimated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum KdeError {
    /// Fewer than two finite values (with positive weight).
    #[error("a density needs at least two values, found {0}")]
    TooFew(usize),
    /// All values equal (no spread): seaborn skips such a density.
    #[error("the values do not vary (zero variance): no density to estimate")]
    Singular,
    /// A bandwidth that is not a positive number.
    #[error("bandwidth factor {0} is not a positive number")]
    Bandwidth(f64),
    /// Weights that are negative, not finite, or sum to 0.
    #[error("weights must be finite, non-negative and not all 0")]
    Weights,
}

/// Finite values (both coordinates finite, weight positive) and their
/// weights normalised to sum 1, as scipy keeps them.
fn clean(
    columns: &[&[f64]],
    weights: Option<&[f64]>,
) -> Result<(Vec<Vec<f64>>, Vec<f64>), KdeError> {
    let n = columns[0].len();
    let mut out: Vec<Vec<f64>> = vec![Vec::with_capacity(n); columns.len()];
    let mut w = Vec::with_capacity(n);
    for i in 0..n {
        if !columns.iter().all(|c| c[i].is_finite()) {
            continue;
        }
        let wi = weights.map_or(1.0, |w| w[i]);
        if !wi.is_finite() || wi < 0.0 {
            return Err(KdeError::Weights);
        }
        for (o, c) in out.iter_mut().zip(columns) {
            o.push(c[i]);
        }
        w.push(wi);
    }
    if w.len() < 2 {
        return Err(KdeError::TooFew(w.len()));
    }
    let total = numpy::sum(&w);
    if total.is_nan() || total <= 0.0 {
        return Err(KdeError::Weights);
    }
    let w = w.iter().map(|v| v / total).collect();
    Ok((out, w))
}

/// numpy's weighted covariance (`cov(X, aweights=w)`, ddof 1) of rows
/// `x` and `y`, weights summing to 1.
fn cov(x: &[f64], y: &[f64], w: &[f64], mx: f64, my: f64) -> f64 {
    let w2: Vec<f64> = w.iter().map(|v| v * v).collect();
    let fact = 1.0 - numpy::sum(&w2);
    let terms: Vec<f64> = x
        .iter()
        .zip(y)
        .zip(w)
        .map(|((a, b), wi)| (a - mx) * (b - my) * wi)
        .collect();
    numpy::sum(&terms) / fact
}

/// numpy's weighted average.
fn average(x: &[f64], w: &[f64]) -> f64 {
    let terms: Vec<f64> = x.iter().zip(w).map(|(a, b)| a * b).collect();
    numpy::sum(&terms) / numpy::sum(w)
}

/// A univariate Gaussian KDE, fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Kde {
    data: Vec<f64>,
    weights: Vec<f64>,
    /// The kernel's standard deviation (the bandwidth).
    sigma: f64,
}

impl Kde {
    /// Fits `values` (non-finite ones left out) with optional `weights`,
    /// the bandwidth factor of `bw` times `adjust` (seaborn's
    /// `bw_adjust`).
    pub fn fit(
        values: &[f64],
        weights: Option<&[f64]>,
        bw: Bandwidth,
        adjust: f64,
    ) -> Result<Kde, KdeError> {
        let (mut cols, w) = clean(&[values], weights)?;
        let data = cols.remove(0);
        let w2: Vec<f64> = w.iter().map(|v| v * v).collect();
        let neff = 1.0 / numpy::sum(&w2);
        let factor = bw.factor(neff, 1.0) * adjust;
        if !(factor.is_finite() && factor > 0.0) {
            return Err(KdeError::Bandwidth(factor));
        }
        let m = average(&data, &w);
        let var = cov(&data, &data, &w, m, m);
        let sigma = (var * factor * factor).sqrt();
        if !(sigma.is_finite() && sigma > 0.0) {
            return Err(KdeError::Singular);
        }
        Ok(Kde {
            data,
            weights: w,
            sigma,
        })
    }

    /// The bandwidth: the kernel's standard deviation.
    pub fn bandwidth(&self) -> f64 {
        self.sigma
    }

    /// The density at each point.
    pub fn evaluate(&self, points: &[f64]) -> Vec<f64> {
        let s = self.sigma;
        let norm = (2.0 * std::f64::consts::PI).powf(-0.5) / s;
        let data: Vec<f64> = self.data.iter().map(|x| x / s).collect();
        points
            .iter()
            .map(|&p| {
                let p = p / s;
                data.iter().zip(&self.weights).fold(0.0, |acc, (&x, &w)| {
                    let r = x - p;
                    acc + w * ((-(r * r) / 2.0).exp() * norm)
                })
            })
            .collect()
    }

    /// seaborn's support grid: `gridsize` points from `cut` bandwidths
    /// below the smallest value to `cut` above the largest, each end
    /// clipped to `clip`.
    pub fn support(&self, cut: f64, clip: (Option<f64>, Option<f64>), gridsize: usize) -> Vec<f64> {
        support(&self.data, self.sigma, cut, clip, gridsize)
    }
}

/// seaborn's support grid for `data` (finite values) with kernel
/// bandwidth `bw`: `gridsize` points from `cut` bandwidths below the
/// smallest value to `cut` above the largest, each end clipped to `clip`.
/// With `cut` 0 the bandwidth does not matter: the data's own range.
pub fn support(
    data: &[f64],
    bw: f64,
    cut: f64,
    (lo, hi): (Option<f64>, Option<f64>),
    gridsize: usize,
) -> Vec<f64> {
    let min = data.iter().copied().fold(f64::INFINITY, f64::min);
    let max = data.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let start = (min - bw * cut).max(lo.unwrap_or(f64::NEG_INFINITY));
    let stop = (max + bw * cut).min(hi.unwrap_or(f64::INFINITY));
    numpy::linspace(start, stop, gridsize)
}

/// seaborn's contour levels of densities: for each iso-proportion `q`
/// (0 to 1), the density above which the share `1 − q` of the total lies
/// (`_quantile_to_level`: values sorted from the highest, their running
/// sum over the total, the first that reaches `1 − q`). `densities` are
/// taken together, in order, as seaborn ravels a list of them under a
/// common norm. NaN for no values.
pub fn quantile_levels(densities: &[&[f64]], proportions: &[f64]) -> Vec<f64> {
    let values: Vec<f64> = densities.iter().flat_map(|d| d.iter().copied()).collect();
    if values.is_empty() {
        return vec![f64::NAN; proportions.len()];
    }
    let total = numpy::sum(&values);
    let mut sorted = values;
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
    let mut acc = 0.0;
    let normalized: Vec<f64> = sorted
        .iter()
        .map(|&v| {
            acc += v;
            acc / total
        })
        .collect();
    proportions
        .iter()
        .map(|&q| {
            let idx = normalized.partition_point(|&v| v < 1.0 - q);
            sorted[idx.min(sorted.len() - 1)]
        })
        .collect()
}

/// A bivariate Gaussian KDE, fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Kde2 {
    x: Vec<f64>,
    y: Vec<f64>,
    weights: Vec<f64>,
    /// The covariance's Cholesky factor [[a, 0], [b, c]].
    chol: (f64, f64, f64),
    /// The kernel's standard deviations along x and y.
    sigma: (f64, f64),
}

impl Kde2 {
    /// Fits the points (x, y) (rows with a non-finite coordinate left out).
    pub fn fit(
        x: &[f64],
        y: &[f64],
        weights: Option<&[f64]>,
        bw: Bandwidth,
        adjust: f64,
    ) -> Result<Kde2, KdeError> {
        let (mut cols, w) = clean(&[x, y], weights)?;
        let (y, x) = (cols.remove(1), cols.remove(0));
        let w2: Vec<f64> = w.iter().map(|v| v * v).collect();
        let neff = 1.0 / numpy::sum(&w2);
        let factor = bw.factor(neff, 2.0) * adjust;
        if !(factor.is_finite() && factor > 0.0) {
            return Err(KdeError::Bandwidth(factor));
        }
        let (mx, my) = (average(&x, &w), average(&y, &w));
        let f2 = factor * factor;
        let (sxx, sxy, syy) = (
            cov(&x, &x, &w, mx, mx) * f2,
            cov(&x, &y, &w, mx, my) * f2,
            cov(&y, &y, &w, my, my) * f2,
        );
        let a = sxx.sqrt();
        let b = sxy / a;
        let c = (syy - b * b).sqrt();
        if !(a > 0.0 && c > 0.0 && a.is_finite() && c.is_finite()) {
            return Err(KdeError::Singular);
        }
        Ok(Kde2 {
            x,
            y,
            weights: w,
            chol: (a, b, c),
            sigma: (sxx.sqrt(), syy.sqrt()),
        })
    }

    /// The kernel's standard deviations along x and y.
    pub fn bandwidths(&self) -> (f64, f64) {
        self.sigma
    }

    /// The density on the grid `xs` x `ys`, row by row (`[i * nx + j]` at
    /// (`xs[j]`, `ys[i]`)); `ys` evenly spaced (numpy's `linspace`), as
    /// seaborn's support is.
    ///
    /// The same sums as [`Kde2::evaluate`] over the grid's points, in the
    /// same order, each term found without an `exp` of its own: after
    /// whitening, a kernel's value along a column of the grid is a
    /// Gaussian over evenly spaced points, so from its peak outwards each
    /// value is the last times a ratio that itself shrinks by a constant
    /// factor. That is two multiplications a term instead of an `exp`;
    /// the values agree to about 1e-13 of the peak, and terms below 1e-18
    /// of a kernel's peak (beyond 9 kernel deviations) are left out, as
    /// they cannot move a sum of them by more than that.
    pub fn evaluate_grid(&self, xs: &[f64], ys: &[f64]) -> Vec<f64> {
        const NEGLIGIBLE: f64 = 1e-18;
        let (nx, ny) = (xs.len(), ys.len());
        // Summed column by column (each column's rows side by side in
        // memory), turned row by row at the end.
        let mut cols = vec![0.0; nx * ny];
        if nx == 0 || ny == 0 {
            return cols;
        }
        let (a, b, c) = self.chol;
        let norm = (2.0 * std::f64::consts::PI).powf(-1.0) / a / c;
        // The rows' whitened y: u_i = ys[i] / c, evenly spaced by `du`.
        let u0 = ys[0] / c;
        let du = if ny > 1 {
            (ys[ny - 1] - ys[0]) / (ny - 1) as f64 / c
        } else {
            1.0
        };
        let shrink = (-du * du).exp();
        let p0s: Vec<f64> = xs.iter().map(|&x| x / a).collect();
        for ((&x, &y), &w) in self.x.iter().zip(&self.y).zip(&self.weights) {
            let d0 = x / a;
            let d1 = (y - b * d0) / c;
            for (&p0, col) in p0s.iter().zip(cols.chunks_exact_mut(ny)) {
                let r0 = d0 - p0;
                let e0 = (-(r0 * r0) / 2.0).exp();
                if e0 < NEGLIGIBLE {
                    continue;
                }
                let scale = w * e0 * norm;
                // Along the column: r_i = m - u_i, peak at u = m.
                let m = d1 + b * p0 / c;
                let k = ((m - u0) / du).round().clamp(0.0, (ny - 1) as f64) as usize;
                let r = m - (u0 + k as f64 * du);
                let peak = (-(r * r) / 2.0).exp();
                // Up: r falls by du each row: the value gains exp(r du -
                // du²/2), that ratio times exp(-du²) each row further.
                let (mut e, mut q) = (peak, (r * du - du * du / 2.0).exp());
                for v in &mut col[k..] {
                    if e * e0 < NEGLIGIBLE {
                        break;
                    }
                    *v += scale * e;
                    e *= q;
                    q *= shrink;
                }
                let (mut e, mut q) = (peak, (-r * du - du * du / 2.0).exp());
                for v in col[..k].iter_mut().rev() {
                    e *= q;
                    q *= shrink;
                    if e * e0 < NEGLIGIBLE {
                        break;
                    }
                    *v += scale * e;
                }
            }
        }
        let mut out = vec![0.0; nx * ny];
        for (j, col) in cols.chunks_exact(ny).enumerate() {
            for (i, &v) in col.iter().enumerate() {
                out[i * nx + j] = v;
            }
        }
        out
    }

    /// The density at each (x, y).
    pub fn evaluate(&self, points: &[(f64, f64)]) -> Vec<f64> {
        let (a, b, c) = self.chol;
        // Whitened by the Cholesky factor: solve L z = p.
        let white = |px: f64, py: f64| {
            let z0 = px / a;
            (z0, (py - b * z0) / c)
        };
        let norm = (2.0 * std::f64::consts::PI).powf(-1.0) / a / c;
        let data: Vec<(f64, f64)> = self
            .x
            .iter()
            .zip(&self.y)
            .map(|(&x, &y)| white(x, y))
            .collect();
        points
            .iter()
            .map(|&(px, py)| {
                let (p0, p1) = white(px, py);
                data.iter()
                    .zip(&self.weights)
                    .fold(0.0, |acc, (&(d0, d1), &w)| {
                        let (r0, r1) = (d0 - p0, d1 - p1);
                        acc + w * ((-(r0 * r0 + r1 * r1) / 2.0).exp() * norm)
                    })
            })
            .collect()
    }

    /// seaborn's support grids along x and y (see [`Kde::support`]).
    pub fn support(
        &self,
        cut: f64,
        clip: (Option<f64>, Option<f64>),
        gridsize: usize,
    ) -> (Vec<f64>, Vec<f64>) {
        (
            support(&self.x, self.sigma.0, cut, clip, gridsize),
            support(&self.y, self.sigma.1, cut, clip, gridsize),
        )
    }
}
