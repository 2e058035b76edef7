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

    /// The density at each point: on evenly spaced points (a support
    /// grid) by [`Kde::evaluate_even`], otherwise by
    /// [`Kde::evaluate_each`].
    pub fn evaluate(&self, points: &[f64]) -> Vec<f64> {
        self.evaluate_even(points)
            .unwrap_or_else(|| self.evaluate_each(points))
    }

    /// The density at points evenly spaced (to a billionth of their step),
    /// as [`Kde::evaluate_each`] sums it but with three exponentials per
    /// value instead of one per value and point: a kernel's values at
    /// grid points a step `g` apart (in bandwidths) are each the one
    /// before times a ratio, and each ratio the one before times
    /// `exp(-g²)` — (r − g)² = r² − 2rg + g². Walked from the point
    /// nearest each value outwards, where the kernel only falls, and
    /// stopped once it is below 1e-30 of its peak. `None` for fewer than
    /// three points or points not evenly spaced, ascending. Agrees with
    /// [`Kde::evaluate_each`] to about 1e-13 of the peak.
    pub fn evaluate_even(&self, points: &[f64]) -> Option<Vec<f64>> {
        const NEGLIGIBLE: f64 = 1e-30;
        let n = points.len();
        if n < 3 {
            return None;
        }
        let step = (points[n - 1] - points[0]) / (n - 1) as f64;
        if !(step.is_finite() && step > 0.0) {
            return None;
        }
        let even = points
            .iter()
            .enumerate()
            .all(|(i, &p)| (p - (points[0] + i as f64 * step)).abs() <= 1e-9 * step);
        if !even {
            return None;
        }
        let s = self.sigma;
        let norm = (2.0 * std::f64::consts::PI).powf(-0.5) / s;
        let (q0, g) = (points[0] / s, step / s);
        let fall = (-g * g).exp();
        let mut out = vec![0.0; n];
        for (&x, &w) in self.data.iter().zip(&self.weights) {
            let u = x / s;
            let j = ((u - q0) / g).round().clamp(0.0, (n - 1) as f64) as usize;
            let r = u - (q0 + j as f64 * g);
            let peak = (-(r * r) / 2.0).exp();
            out[j] += w * peak;
            // Upwards: r shrinks by g a step.
            let (mut term, mut ratio) = (peak, (r * g - g * g / 2.0).exp());
            for o in &mut out[j + 1..] {
                term *= ratio;
                if term < NEGLIGIBLE {
                    break;
                }
                *o += w * term;
                ratio *= fall;
            }
            // Downwards: r grows by g a step.
            let (mut term, mut ratio) = (peak, (-r * g - g * g / 2.0).exp());
            for o in out[..j].iter_mut().rev() {
                term *= ratio;
                if term < NEGLIGIBLE {
                    break;
                }
                *o += w * term;
                ratio *= fall;
            }
        }
        for o in &mut out {
            *o *= norm;
        }
        Some(out)
    }

    /// The density at each point, each a sum over the values of their
    /// kernels (scipy's `gaussian_kde.evaluate`).
    pub fn evaluate_each(&self, points: &[f64]) -> Vec<f64> {
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
    let sorted = sort_descending(values);
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

/// The least and greatest of `values` (infinities for none).
fn extent(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        })
}

/// `values` from the greatest to the least, in `f64::total_cmp`'s order:
/// a radix sort of their bits, turned so that unsigned order is that
/// order (a grid of densities is tens of thousands of values; this is
/// several times faster than comparing them). Digits that every value
/// shares are passed over.
fn sort_descending(values: Vec<f64>) -> Vec<f64> {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    // total_cmp's key, complemented: ascending keys, descending values.
    let key = |v: f64| {
        let b = v.to_bits();
        let ascending = if b >> 63 == 1 { !b } else { b | 1 << 63 };
        !ascending
    };
    let mut keys: Vec<u64> = values.iter().map(|&v| key(v)).collect();
    let mut spare = vec![0u64; keys.len()];
    let mut shift = 0;
    while shift < 64 {
        let digit = |k: u64| ((k >> shift) as usize) & (BUCKETS - 1);
        let mut counts = vec![0usize; BUCKETS];
        for &k in &keys {
            counts[digit(k)] += 1;
        }
        if counts.contains(&keys.len()) {
            shift += BITS;
            continue;
        }
        let mut at = 0;
        for c in &mut counts {
            let n = *c;
            *c = at;
            at += n;
        }
        for &k in &keys {
            let d = digit(k);
            spare[counts[d]] = k;
            counts[d] += 1;
        }
        std::mem::swap(&mut keys, &mut spare);
        shift += BITS;
    }
    keys.into_iter()
        .map(|k| {
            let ascending = !k;
            f64::from_bits(if ascending >> 63 == 1 {
                ascending & !(1 << 63)
            } else {
                !ascending
            })
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
    /// After whitening, a kernel's value at a grid point is a product of a
    /// factor of the point's column and the kernel, one of its row and the
    /// kernel, and one of the point alone (below), so each row band of the
    /// grid is a matrix product: column × kernel factors times kernel × row
    /// factors — a multiply-add a term. The factors' exponents stay small
    /// because each band is measured from its own middle; when the data
    /// would still make them too large to hold in a float, the grid is
    /// summed by [`Kde2::evaluate_grid_by_recurrence`]. The values agree
    /// with [`Kde2::evaluate`] to about 1e-13 of the peak.
    pub fn evaluate_grid(&self, xs: &[f64], ys: &[f64]) -> Vec<f64> {
        self.evaluate_grid_by_product(xs, ys)
            .unwrap_or_else(|| self.evaluate_grid_by_recurrence(xs, ys))
    }

    /// [`Kde2::evaluate_grid`] as row bands of matrix products, or `None`
    /// when a factor's exponent would leave the range of a float.
    ///
    /// In whitened units (the kernel a unit Gaussian) the point (p, u) of
    /// column j and row i and the kernel at (d0, d1) are apart by
    /// r0 = d0 - p and r1 = (d1 + β p) - u. With the band's middle m and
    /// e = u - m, q = d1 + β p - m: r1² = q² - 2 q e + e², so
    /// exp(-(r0² + r1²)/2) = G(j, k) · H(i, k) · F(i, j) with
    /// G = exp(-(r0² + q²)/2), H = exp((d1 - c) e) and
    /// F = exp((β p - m + c) e - e²/2), for any constant c (the kernels'
    /// middle). Within a band |e| ≤ δ, so H and F stay within e^±600;
    /// where G underflows the term is below e^-550 of a kernel's peak.
    pub fn evaluate_grid_by_product(&self, xs: &[f64], ys: &[f64]) -> Option<Vec<f64>> {
        const MOST: f64 = 600.0;
        let (nx, ny, n) = (xs.len(), ys.len(), self.x.len());
        if nx == 0 || ny == 0 {
            return Some(vec![0.0; nx * ny]);
        }
        let (a, b, c) = self.chol;
        let beta = b / c;
        let norm = (2.0 * std::f64::consts::PI).powf(-1.0) / a / c;
        let (ox, oy) = self.origin();
        let p: Vec<f64> = xs.iter().map(|&x| (x - ox) / a).collect();
        let u: Vec<f64> = ys.iter().map(|&y| (y - oy) / c).collect();
        let d0: Vec<f64> = self.x.iter().map(|&x| (x - ox) / a).collect();
        let d1: Vec<f64> = self
            .x
            .iter()
            .zip(&self.y)
            .map(|(&x, &y)| ((y - oy) - b * ((x - ox) / a)) / c)
            .collect();
        let (lo, hi) = extent(&d1);
        let centre = (lo + hi) / 2.0;
        let spread = (hi - lo) / 2.0;
        let (ulo, uhi) = extent(&u);
        let (plo, phi) = extent(&p);
        if !(ulo.is_finite() && uhi.is_finite() && plo.is_finite() && phi.is_finite()) {
            return None;
        }
        // Half a band's height: 4 kernel deviations, less when H's or F's
        // exponent could otherwise pass MOST (F's lean is at most the
        // grid's reach in β p plus the band middle's distance from the
        // kernels' middle).
        let lean =
            beta.abs() * plo.abs().max(phi.abs()) + (ulo - centre).abs().max((uhi - centre).abs());
        let delta = 4.0f64.min(MOST / (spread + lean + 4.0));
        // Bands of a row or two cost an exp a term: the recurrence is then
        // the better way.
        if ny > 8 && 2.0 * delta < 4.0 * (uhi - ulo) / (ny - 1) as f64 {
            return None;
        }
        let mut out = vec![0.0; nx * ny];
        let mut g = vec![0.0; nx * n];
        let mut h = Vec::new();
        let mut start = 0;
        while start < ny {
            // The band: rows from `start` while they lie within 2δ of its
            // first (rows are sorted either way).
            let first = u[start];
            let mut end = start + 1;
            while end < ny && (u[end] - first).abs() <= 2.0 * delta {
                end += 1;
            }
            let (bl, bh) = extent(&u[start..end]);
            let m = (bl + bh) / 2.0;
            let half = (bh - bl) / 2.0;
            // F's exponent at its largest.
            let lean = (beta * plo - m + centre)
                .abs()
                .max((beta * phi - m + centre).abs());
            if lean * half + half * half / 2.0 > MOST {
                return None;
            }
            for (j, row) in g.chunks_exact_mut(n).enumerate() {
                let pj = p[j];
                for (((gv, &x0), &x1), &w) in row.iter_mut().zip(&d0).zip(&d1).zip(&self.weights) {
                    let r0 = x0 - pj;
                    let q = x1 + beta * pj - m;
                    *gv = w * (-(r0 * r0 + q * q) / 2.0).exp();
                }
            }
            h.clear();
            for &ui in &u[start..end] {
                let e = ui - m;
                h.extend(d1.iter().map(|&x1| ((x1 - centre) * e).exp()));
            }
            for (k, hrow) in h.chunks_exact(n).enumerate() {
                let i = start + k;
                let e = u[i] - m;
                let line = &mut out[i * nx..(i + 1) * nx];
                for ((v, grow), &pj) in line.iter_mut().zip(g.chunks_exact(n)).zip(&p) {
                    let f = ((beta * pj - m + centre) * e - e * e / 2.0).exp();
                    *v = norm * f * dot(grow, hrow);
                }
            }
            start = end;
        }
        Some(out)
    }

    /// [`Kde2::evaluate_grid`] summed kernel by kernel down each column.
    ///
    /// The same sums as [`Kde2::evaluate`] over the grid's points, in the
    /// same order, each term found without an `exp` of its own: after
    /// whitening, a kernel's value along a column of the grid is a
    /// Gaussian over evenly spaced points, so from its peak outwards each
    /// value is the last times a ratio that itself shrinks by a constant
    /// factor. That is two multiplications a term instead of an `exp`;
    /// the values agree to about 1e-13 of the peak (1e-10 for nearly
    /// collinear data, whose runs are long), and terms below 1e-18
    /// of a kernel's peak (beyond 9 kernel deviations) are left out, as
    /// they cannot move a sum of them by more than that.
    pub fn evaluate_grid_by_recurrence(&self, xs: &[f64], ys: &[f64]) -> Vec<f64> {
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
        let (ox, oy) = self.origin();
        let u0 = (ys[0] - oy) / c;
        let du = if ny > 1 {
            (ys[ny - 1] - ys[0]) / (ny - 1) as f64 / c
        } else {
            1.0
        };
        let shrink = (-du * du).exp();
        let p0s: Vec<f64> = xs.iter().map(|&x| (x - ox) / a).collect();
        for ((&x, &y), &w) in self.x.iter().zip(&self.y).zip(&self.weights) {
            let d0 = (x - ox) / a;
            let d1 = ((y - oy) - b * d0) / c;
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

    /// Where the data's coordinates are measured from: the middle of its
    /// range. The density only depends on differences, and from there data
    /// far from 0 loses no digits when whitened.
    fn origin(&self) -> (f64, f64) {
        let middle = |v: &[f64]| {
            let (l, h) = extent(v);
            (l + h) / 2.0
        };
        (middle(&self.x), middle(&self.y))
    }

    /// The density at each (x, y).
    pub fn evaluate(&self, points: &[(f64, f64)]) -> Vec<f64> {
        let (a, b, c) = self.chol;
        let (ox, oy) = self.origin();
        // Whitened by the Cholesky factor: solve L z = p.
        let white = |px: f64, py: f64| {
            let z0 = (px - ox) / a;
            (z0, ((py - oy) - b * z0) / c)
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

/// The sum of `a[k] * b[k]`, in eight running sums (so that the compiler
/// can keep them in vector registers), added in a fixed order.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let (ac, ar) = a.as_chunks::<8>();
    let (bc, br) = b.as_chunks::<8>();
    for (x, y) in ac.iter().zip(bc) {
        for l in 0..8 {
            acc[l] += x[l] * y[l];
        }
    }
    let tail: f64 = ar.iter().zip(br).map(|(x, y)| x * y).sum();
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])) + tail
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_radix_sort_is_total_cmps_order() {
        let mut state = 3u64;
        let mut values: Vec<f64> = (0..5000)
            .map(|k| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let m = (state >> 11) as f64 / (1u64 << 53) as f64;
                match k % 7 {
                    0 => -m * 1e5,
                    1 => m * 1e-300,
                    2 => 0.0,
                    3 => -0.0,
                    _ => m.powi(3) * 1e-2,
                }
            })
            .collect();
        values.extend([f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE / 4.0]);
        let mut want = values.clone();
        want.sort_unstable_by(|a, b| b.total_cmp(a));
        let got = super::sort_descending(values);
        assert_eq!(
            got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            want.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        // One value, and all the same.
        assert_eq!(super::sort_descending(vec![2.5]), [2.5]);
        assert_eq!(super::sort_descending(vec![1.0; 9]), [1.0; 9]);
    }
}
