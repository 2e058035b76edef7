//! Correlation matrices, as pandas' `DataFrame.corr(method, min_periods)`.
//!
//! Semantics pandas users rely on, kept here:
//!
//! - A value is *present* when it is finite; `NaN` and ±∞ are left out.
//! - Each pair of columns uses the rows where both are present (pairwise
//!   complete observations); fewer than `min_periods` such rows gives `NaN`.
//! - A constant column correlates as `NaN` with everything. Its diagonal is
//!   `NaN` for Pearson and Spearman, but `1.0` for Kendall, as in pandas.
//! - Pearson follows pandas' single-pass update and Spearman pandas' sums on
//!   average ranks (ranked over each pair's complete rows), step for step, so
//!   results are pandas' to the last bit. Kendall is tau-b with ties
//!   corrected, computed in O(n log n) per pair and normalised as pandas does.
//!
//! One difference: pandas' Spearman ranks ±∞ among the values in some cases
//! although it leaves them out of the pair; here they are simply left out.

use std::fmt;
use std::num::NonZeroUsize;
use std::str::FromStr;

use rayon::prelude::*;

use super::kendall::{dense_ranks, tau_b_ranked};
use super::matrix::CorrMatrix;
use super::rank::{doubled_average_ranks, finite_rows};
use crate::table::{Column, Table};

/// Which correlation coefficient to compute (in a spec: `pearson`,
/// `spearman`, `kendall`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum CorrMethod {
    /// Pearson's product-moment correlation (pandas' default).
    #[default]
    Pearson,
    /// Spearman's rank correlation (Pearson on average ranks).
    Spearman,
    /// Kendall's tau-b.
    Kendall,
}

impl CorrMethod {
    /// Every method, in the order help texts list them.
    pub const ALL: [CorrMethod; 3] = [
        CorrMethod::Pearson,
        CorrMethod::Spearman,
        CorrMethod::Kendall,
    ];

    /// The method's name as pandas spells it.
    pub fn name(self) -> &'static str {
        match self {
            CorrMethod::Pearson => "pearson",
            CorrMethod::Spearman => "spearman",
            CorrMethod::Kendall => "kendall",
        }
    }
}

impl fmt::Display for CorrMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CorrMethod {
    type Err = CorrError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CorrMethod::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| CorrError::UnknownMethod(s.to_owned()))
    }
}

/// Options of [`corr`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrOptions {
    /// The coefficient. Default: [`CorrMethod::Pearson`].
    pub method: CorrMethod,
    /// The fewest complete rows a pair of columns needs for a value; fewer
    /// gives `NaN`. Default: 1, as pandas.
    pub min_periods: NonZeroUsize,
}

impl Default for CorrOptions {
    fn default() -> Self {
        CorrOptions {
            method: CorrMethod::Pearson,
            min_periods: NonZeroUsize::MIN,
        }
    }
}

/// Why a correlation matrix could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CorrError {
    /// The table has no numeric column.
    #[error(
        "no numeric column to correlate{}; a column is numeric when every value in it is a number or missing",
        text_list(.text_columns)
    )]
    NoNumericColumns {
        /// The text columns that were left out.
        text_columns: Vec<String>,
    },
    /// Spearman or Kendall on more rows than [`MAX_RANKED_ROWS`].
    #[error(
        "{rows} rows are more than {method} correlation takes ({MAX_RANKED_ROWS}); use pearson, or correlate a sample of the rows"
    )]
    TooManyRows {
        /// The method asked for.
        method: CorrMethod,
        /// The table's rows.
        rows: usize,
    },
    /// A method name that is not one of [`CorrMethod::ALL`].
    #[error("unknown correlation method '{0}'; use one of: pearson, spearman, kendall")]
    UnknownMethod(String),
}

fn text_list(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" (text columns: {})", names.join(", "))
    }
}

/// The correlation matrix of the table's columns.
pub fn corr(table: &Table, options: &CorrOptions) -> Result<CorrMatrix, CorrError> {
    let names = correlated_names(table, options.method)?;
    let columns: Vec<&[f64]> = table.columns().iter().map(Column::values).collect();
    Ok(matrix(names, correlate(columns, table.rows(), options)))
}

/// The same matrix as [`corr`], from a table given up to it: each column's
/// values are let go as soon as the column is ranked (when nothing else
/// shares them), so that Spearman and Kendall peak at about the parsed
/// columns rather than the columns and their ranks together.
pub fn corr_owned(table: Table, options: &CorrOptions) -> Result<CorrMatrix, CorrError> {
    let names = correlated_names(&table, options.method)?;
    let rows = table.rows();
    Ok(matrix(
        names,
        correlate(table.into_columns(), rows, options),
    ))
}

/// The most rows Spearman and Kendall take: they number rows, and
/// Spearman's ranks doubled (so that ties' halves stay integers), in 32 bits.
pub const MAX_RANKED_ROWS: usize = (u32::MAX / 2) as usize;

/// The numeric columns' names, or why the table cannot be correlated.
fn correlated_names(table: &Table, method: CorrMethod) -> Result<Vec<String>, CorrError> {
    if table.columns().is_empty() {
        return Err(CorrError::NoNumericColumns {
            text_columns: table.text_columns().to_vec(),
        });
    }
    if method != CorrMethod::Pearson && table.rows() > MAX_RANKED_ROWS {
        return Err(CorrError::TooManyRows {
            method,
            rows: table.rows(),
        });
    }
    Ok(table
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect())
}

fn matrix(names: Vec<String>, values: Vec<f64>) -> CorrMatrix {
    CorrMatrix::new(names, values).expect("correlate gives k × k values for the k column names")
}

/// Every pair's coefficient, row-major `k × k`. Columns are taken by value
/// so that owned ones can be dropped once ranked; borrowed ones cost nothing
/// to drop.
fn correlate<C: AsRef<[f64]> + Send + Sync>(
    columns: Vec<C>,
    rows: usize,
    options: &CorrOptions,
) -> Vec<f64> {
    let min_periods = options.min_periods.get();
    // Threads pay only for real work: a small table (the service's 4 x 8)
    // is done before a pool thread would have woken up.
    let k = columns.len();
    let parallel = rows.saturating_mul(k * k) >= PARALLEL_WORK;
    match options.method {
        CorrMethod::Pearson => {
            let columns: Vec<&[f64]> = columns.iter().map(AsRef::as_ref).collect();
            pearson(&columns, min_periods, parallel)
        }
        CorrMethod::Spearman => spearman(columns, rows, min_periods, parallel),
        CorrMethod::Kendall => kendall(columns, min_periods, parallel),
    }
}

/// `f` of each column, on the thread pool when `parallel`; each column is
/// dropped as soon as `f` is done with it, not when all are.
fn each_column<C: AsRef<[f64]> + Send, T: Send>(
    columns: Vec<C>,
    parallel: bool,
    f: impl Fn(&[f64]) -> T + Sync + Send,
) -> Vec<T> {
    let f = |column: C| f(column.as_ref());
    if parallel {
        columns.into_par_iter().map(f).collect()
    } else {
        columns.into_iter().map(f).collect()
    }
}

/// Rows × columns² below which a correlation runs on the calling thread.
const PARALLEL_WORK: usize = 1 << 16;

/// Computes `f(i, j)` for every pair `i <= j` (in parallel, each pair on one
/// thread) and mirrors it into a row-major `k × k` matrix.
fn symmetric(k: usize, parallel: bool, f: impl Fn(usize, usize) -> f64 + Sync) -> Vec<f64> {
    let pairs: Vec<(usize, usize)> = (0..k).flat_map(|i| (i..k).map(move |j| (i, j))).collect();
    let results: Vec<f64> = if parallel {
        pairs.par_iter().map(|&(i, j)| f(i, j)).collect()
    } else {
        pairs.iter().map(|&(i, j)| f(i, j)).collect()
    };
    let mut m = vec![f64::NAN; k * k];
    for (&(i, j), &v) in pairs.iter().zip(&results) {
        m[i * k + j] = v;
        m[j * k + i] = v;
    }
    m
}

/// `a / sqrt(b * c)`, or `NaN` when the divisor is zero (a constant column).
fn ratio(a: f64, b: f64, c: f64) -> f64 {
    let divisor = (b * c).sqrt();
    if divisor != 0.0 {
        a / divisor
    } else {
        f64::NAN
    }
}

fn pearson(columns: &[&[f64]], min_periods: usize, parallel: bool) -> Vec<f64> {
    let rows = columns.first().map_or(0, |c| c.len());
    let is_complete = |c: &usize| columns[*c].iter().all(|v| v.is_finite());
    let complete: Vec<usize> = if parallel {
        (0..columns.len())
            .into_par_iter()
            .filter(is_complete)
            .collect()
    } else {
        (0..columns.len()).filter(is_complete).collect()
    };
    let sums = welford_sums(
        &complete.iter().map(|&c| columns[c]).collect::<Vec<_>>(),
        parallel,
    );
    // Where a column sits among the complete ones.
    let mut slot = vec![None; columns.len()];
    for (s, &c) in complete.iter().enumerate() {
        slot[c] = Some(s);
    }
    let k = complete.len();
    // The pairs with a missing value: several at a time (pandas walks the
    // lower triangle: x is the later column of the pair).
    let holed: Vec<(usize, usize)> = (0..columns.len())
        .flat_map(|i| (i..columns.len()).map(move |j| (j, i)))
        .filter(|&(x, y)| slot[x].is_none() || slot[y].is_none())
        .collect();
    let holed_values = pearson_pairs(columns, &holed, min_periods, parallel);
    let mut m = symmetric(columns.len(), parallel, |i, j| match (slot[j], slot[i]) {
        (Some(x), Some(y)) if rows >= min_periods => {
            ratio(sums[x * k + y], sums[x * k + x], sums[y * k + y])
        }
        _ => f64::NAN,
    });
    let n = columns.len();
    for (&(x, y), &v) in holed.iter().zip(&holed_values) {
        m[x * n + y] = v;
        m[y * n + x] = v;
    }
    m
}

/// Pairs advanced together: four that share their x column, their y
/// columns side by side. Each lane is one pair with its own running state,
/// added up in pandas' row order.
const PAIR_LANES: usize = 4;

/// Groups advanced in one walk over a tile's rows (one to three, see
/// [`advance`]): their independent chains of steps overlap, which measured
/// a little faster than one at a time; the divisions bound it either way.
const GROUPS_AT_ONCE: usize = 3;
const _: () = assert!(GROUPS_AT_ONCE >= 1 && GROUPS_AT_ONCE <= 3);

/// Rows per tile: the tile holds these rows of every column, row by row,
/// and stays in the first-level cache while every group walks it.
const TILE_ROWS: usize = 128;

/// The running state of one group's [`PAIR_LANES`] pairs, as pandas'
/// single-pass update keeps it for one pair.
#[derive(Debug, Clone, Copy, Default)]
struct Quad {
    n: [f64; PAIR_LANES],
    mean_x: [f64; PAIR_LANES],
    mean_y: [f64; PAIR_LANES],
    ssq_x: [f64; PAIR_LANES],
    ssq_y: [f64; PAIR_LANES],
    co: [f64; PAIR_LANES],
}

/// Pearson of each `(x, y)` pair (`x >= y`, as pandas walks the lower
/// triangle) over the rows where both are present, bit for bit what
/// `pearson_pair` (pandas' `nancorr`) gives.
///
/// The rows are copied a tile at a time into a row-major block (every
/// column of a row side by side, padded with `NaN` to a multiple of four);
/// a group of four pairs `(x, y..y + 4)` then reads one x value and one
/// run of four y values per row, and several groups walk the tile at once.
fn pearson_pairs(
    columns: &[&[f64]],
    pairs: &[(usize, usize)],
    min_periods: usize,
    parallel: bool,
) -> Vec<f64> {
    let rows = columns.first().map_or(0, |c| c.len());
    if pairs.is_empty() {
        return Vec::new();
    }
    let k = columns.len();
    let width = k.div_ceil(PAIR_LANES) * PAIR_LANES;
    // The groups holding a wanted pair: (x, first y), y a multiple of four.
    let mut wanted = vec![false; k * width];
    for &(x, y) in pairs {
        debug_assert!(y <= x);
        wanted[x * width + y / PAIR_LANES * PAIR_LANES] = true;
    }
    let groups: Vec<(usize, usize)> = (0..k)
        .flat_map(|x| (0..=x).step_by(PAIR_LANES).map(move |y| (x, y)))
        .filter(|&(x, y)| wanted[x * width + y])
        .collect();
    // Each thread walks every tile for its share of the groups.
    let shares = if parallel {
        rayon::current_num_threads().min(groups.len()).max(1)
    } else {
        1
    };
    let per_share = groups.len().div_ceil(shares);
    let walk = |groups: &[(usize, usize)]| walk_tiles(columns, rows, width, groups);
    let states: Vec<Quad> = if parallel {
        groups.par_chunks(per_share).flat_map_iter(walk).collect()
    } else {
        groups.chunks(per_share).flat_map(walk).collect()
    };
    pairs
        .iter()
        .map(|&(x, y)| {
            let start = y / PAIR_LANES * PAIR_LANES;
            let g = groups.partition_point(|&group| group < (x, start));
            let (state, lane) = (&states[g], y - start);
            if state.n[lane] < min_periods as f64 {
                f64::NAN
            } else {
                ratio(state.co[lane], state.ssq_x[lane], state.ssq_y[lane])
            }
        })
        .collect()
}

/// Walks `groups` over every row, a tile at a time; their final states.
fn walk_tiles(
    columns: &[&[f64]],
    rows: usize,
    width: usize,
    groups: &[(usize, usize)],
) -> Vec<Quad> {
    let mut states = vec![Quad::default(); groups.len()];
    let mut tile = vec![f64::NAN; TILE_ROWS * width];
    for start in (0..rows).step_by(TILE_ROWS) {
        let len = TILE_ROWS.min(rows - start);
        for (c, column) in columns.iter().enumerate() {
            for (r, &v) in column[start..start + len].iter().enumerate() {
                tile[r * width + c] = v;
            }
        }
        advance_fastest(&tile[..len * width], width, groups, &mut states);
    }
    states
}

/// [`advance`] compiled for AVX2 where the processor has it (four lanes in
/// one register instead of two), else for the baseline. Only the width of
/// the registers differs: Rust never fuses a product and a sum into one
/// rounding unless asked (`mul_add`), so the results are the same bits
/// either way (a test compares both).
fn advance_fastest(tile: &[f64], width: usize, at: &[(usize, usize)], states: &mut [Quad]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        #[allow(unsafe_code)]
        // SAFETY: `advance_avx2` has no requirement beyond the target
        // feature it is compiled for, and the processor was just found to
        // have AVX2; it touches memory only through checked slices.
        return unsafe { advance_avx2(tile, width, at, states) };
    }
    advance(tile, width, at, states);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn advance_avx2(tile: &[f64], width: usize, at: &[(usize, usize)], states: &mut [Quad]) {
    advance(tile, width, at, states);
}

/// pandas' single-pass update of each group's pairs over the tile's rows
/// (`width` values each): group `g` is the pairs `(x, y + lane)` for
/// `at[g] = (x, y)`. A row where a lane's pair is not complete is made a
/// no-op by putting the lane's current means in place of its values: the
/// deviations are then zero, and every sum and mean gets `+ 0.0`, which
/// leaves it as it was (the means and sums are never `-0.0`, the one value
/// `+ 0.0` changes: they start at `0.0`, and `x + y` is `-0.0` only when
/// both are).
#[inline(always)]
fn advance(tile: &[f64], width: usize, at: &[(usize, usize)], states: &mut [Quad]) {
    // Each group in its own variable, so that the compiler keeps it in
    // registers (indexed by group it would live in memory).
    for (states, at) in states
        .chunks_mut(GROUPS_AT_ONCE)
        .zip(at.chunks(GROUPS_AT_ONCE))
    {
        match (states, at) {
            ([a], [ga]) => {
                for row in tile.chunks_exact(width) {
                    *a = pair_step(*a, row, *ga);
                }
            }
            ([a, b], [ga, gb]) => {
                let (mut qa, mut qb) = (*a, *b);
                for row in tile.chunks_exact(width) {
                    qa = pair_step(qa, row, *ga);
                    qb = pair_step(qb, row, *gb);
                }
                (*a, *b) = (qa, qb);
            }
            ([a, b, c], [ga, gb, gc]) => {
                let (mut qa, mut qb, mut qc) = (*a, *b, *c);
                for row in tile.chunks_exact(width) {
                    qa = pair_step(qa, row, *ga);
                    qb = pair_step(qb, row, *gb);
                    qc = pair_step(qc, row, *gc);
                }
                (*a, *b, *c) = (qa, qb, qc);
            }
            _ => unreachable!("chunks of at most GROUPS_AT_ONCE = 3, zipped alike"),
        }
    }
}

/// One row of [`advance`] for one group: pandas' update, `1 / n` divided as
/// pandas divides it (a lane without a complete row yet divides by 1, and
/// multiplies the quotient by a zero deviation). The division, four lanes
/// at a time, is what bounds the walk.
#[inline(always)]
fn pair_step(mut q: Quad, row: &[f64], (x, y): (usize, usize)) -> Quad {
    let (Some(&x), Some(ys)) = (
        row.get(x),
        row.get(y..).and_then(<[f64]>::first_chunk::<PAIR_LANES>),
    ) else {
        return q;
    };
    for (l, &y) in ys.iter().enumerate() {
        // Both finite: ∞ - ∞ and NaN - NaN are NaN. (One comparison of a
        // sum, which the compiler keeps in vector registers; two
        // `is_finite` joined by `&` it took apart lane by lane.)
        #[allow(clippy::eq_op)]
        let present = (x - x) + (y - y) == 0.0;
        q.n[l] += if present { 1.0 } else { 0.0 };
        let step = 1.0 / q.n[l].max(1.0);
        let vx = if present { x } else { q.mean_x[l] };
        let vy = if present { y } else { q.mean_y[l] };
        let dx = vx - q.mean_x[l];
        let dy = vy - q.mean_y[l];
        q.mean_x[l] += step * dx;
        q.mean_y[l] += step * dy;
        let ex = vx - q.mean_x[l];
        q.ssq_x[l] += ex * dx;
        q.ssq_y[l] += (vy - q.mean_y[l]) * dy;
        q.co[l] += ex * dy;
    }
    q
}

/// Rows per block in [`welford_sums`]: the block's deviations of every column
/// stay in cache while every pair uses them.
const BLOCK_ROWS: usize = 8192;

/// For columns without missing values, the sums of pandas' single-pass
/// update for every pair at once: entry `x * k + y` (for `y <= x`) is
/// Σ (x_r - mean_x,r) · (y_r - mean_y,r-1), where mean_·,r is the running mean
/// after row r; the diagonal is each column's sum of squared deviations.
///
/// The running means depend on one column only, so they are computed once
/// per column instead of once per pair, and each pair's sum is a product of
/// two cached vectors, added up in row order exactly as pandas adds it.
fn welford_sums(columns: &[&[f64]], parallel: bool) -> Vec<f64> {
    let k = columns.len();
    let rows = columns.first().map_or(0, |c| c.len());
    let mut sums = vec![0.0; k * k];
    let mut means = vec![0.0f64; k];
    // Per column: v - mean after the row, and v - mean before it.
    // Small tables need small buffers (no page faults for the service's 4 rows).
    let block = BLOCK_ROWS.min(rows.max(1));
    let mut after = vec![vec![0.0; block]; k];
    let mut before = vec![vec![0.0; block]; k];
    // 1 / n for the block's rows, shared by every column.
    let mut step = vec![0.0; block];
    for start in (0..rows).step_by(block) {
        let len = block.min(rows - start);
        for (t, s) in step[..len].iter_mut().enumerate() {
            *s = 1.0 / (start + t + 1) as f64;
        }
        // Each column's running mean is a chain of dependent steps; four
        // columns advance together so that their chains overlap.
        let rows = Rows {
            start,
            step: &step[..len],
        };
        if parallel {
            means
                .par_chunks_mut(4)
                .zip(after.par_chunks_mut(4).zip(before.par_chunks_mut(4)))
                .zip(columns.par_chunks(4))
                .for_each(|((m, (a, b)), c)| rows.advance(m, a, b, c));
        } else {
            means
                .chunks_mut(4)
                .zip(after.chunks_mut(4).zip(before.chunks_mut(4)))
                .zip(columns.chunks(4))
                .for_each(|((m, (a, b)), c)| rows.advance(m, a, b, c));
        }
        let add = |(x, row): (usize, &mut [f64])| {
            accumulate(&mut row[..=x], &after[x][..len], &before[..=x], len);
        };
        if parallel {
            sums.par_chunks_mut(k).enumerate().for_each(add);
        } else {
            sums.chunks_mut(k).enumerate().for_each(add);
        }
    }
    sums
}

/// One block of rows of [`welford_sums`]: where it starts, and 1/n per row.
#[derive(Clone, Copy)]
struct Rows<'a> {
    start: usize,
    step: &'a [f64],
}

impl Rows<'_> {
    /// Advances up to four columns' running means over the block, writing
    /// each row's deviation after and before its update.
    fn advance(
        self,
        means: &mut [f64],
        after: &mut [Vec<f64>],
        before: &mut [Vec<f64>],
        columns: &[&[f64]],
    ) {
        let mut m = [0.0; 4];
        m[..means.len()].copy_from_slice(means);
        for (t, &step) in self.step.iter().enumerate() {
            for c in 0..columns.len() {
                let v = columns[c][self.start + t];
                let prev = m[c];
                m[c] = prev + step * (v - prev);
                after[c][t] = v - m[c];
                before[c][t] = v - prev;
            }
        }
        means.copy_from_slice(&m[..means.len()]);
    }
}

/// `sums[y] += Σ_t after[t] · before[y][t]` for every y, each sum in order of
/// t. Eight sums advance together so that their additions overlap.
fn accumulate(sums: &mut [f64], after: &[f64], before: &[Vec<f64>], len: usize) {
    const LANES: usize = 8;
    let after = &after[..len];
    let mut groups = sums.chunks_mut(LANES).zip(before.chunks(LANES));
    for (sums, before) in &mut groups {
        if let (Ok(sums), Ok(before)) = (
            <&mut [f64; LANES]>::try_from(&mut *sums),
            <&[Vec<f64>; LANES]>::try_from(before),
        ) {
            let b: [&[f64]; LANES] = std::array::from_fn(|i| &before[i][..len]);
            let mut s = *sums;
            for (t, &a) in after.iter().enumerate() {
                for i in 0..LANES {
                    s[i] += a * b[i][t];
                }
            }
            *sums = s;
        } else {
            for (sum, b) in sums.iter_mut().zip(before) {
                for (a, b) in after.iter().zip(&b[..len]) {
                    *sum += a * b;
                }
            }
        }
    }
}

/// Pearson over the rows where both `x` and `y` are present, one pair at a
/// time: the reference [`pearson_pairs`] is tested against.
///
/// This is the single-pass update that pandas' `nancorr` uses (Welford's, for
/// means, sums of squares and the co-moment), step for step, so that results
/// equal pandas' to the last bit, not merely to rounding.
#[cfg(test)]
fn pearson_pair(x: &[f64], y: &[f64], min_periods: usize) -> f64 {
    let (mut n, mut mean_x, mut mean_y) = (0u64, 0.0f64, 0.0f64);
    let (mut ssq_x, mut ssq_y, mut co) = (0.0f64, 0.0f64, 0.0f64);
    for (&vx, &vy) in x.iter().zip(y) {
        if !(vx.is_finite() && vy.is_finite()) {
            continue;
        }
        n += 1;
        let (prev_x, prev_y) = (mean_x, mean_y);
        let step = 1.0 / n as f64;
        mean_x += step * (vx - mean_x);
        mean_y += step * (vy - mean_y);
        ssq_x += (vx - mean_x) * (vx - prev_x);
        ssq_y += (vy - mean_y) * (vy - prev_y);
        co += (vx - mean_x) * (vy - prev_y);
    }
    if n < min_periods as u64 {
        return f64::NAN;
    }
    ratio(co, ssq_x, ssq_y)
}

/// The sums of pandas' Spearman from doubled ranks: Σ(x-m)(y-m), Σ(x-m)²,
/// Σ(y-m)², in order. Halving a doubled rank is exact, so each term is the
/// one pandas adds.
fn rank_sums(x: &[u32], y: &[u32], mean: f64) -> (f64, f64, f64) {
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (&a, &b) in x.iter().zip(y) {
        let (dx, dy) = (f64::from(a) * 0.5 - mean, f64::from(b) * 0.5 - mean);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (sxy, sxx, syy)
}

/// Spearman on doubled ranks (4 bytes a row instead of 8). Without any
/// missing value each column is ranked once; otherwise each column is put in
/// order once, and each pair ranks its complete rows by walking both orders
/// (no sort per pair, as pandas makes). Either way a column's values are
/// dropped once it is ranked or ordered.
fn spearman<C: AsRef<[f64]> + Send + Sync>(
    columns: Vec<C>,
    rows: usize,
    min_periods: usize,
    parallel: bool,
) -> Vec<f64> {
    let k = columns.len();
    if rows < min_periods {
        // pandas returns all NaN here, the diagonal included.
        return vec![f64::NAN; k * k];
    }
    let holes = columns
        .iter()
        .any(|c| c.as_ref().iter().any(|v| !v.is_finite()));
    if !holes {
        let ranks = each_column(columns, parallel, doubled_average_ranks);
        // Mean rank is (n + 1) / 2 whatever the ties.
        let mean = (rows as f64 + 1.0) / 2.0;
        return symmetric(k, parallel, |i, j| {
            let (sxy, sxx, syy) = rank_sums(&ranks[i], &ranks[j], mean);
            ratio(sxy, sxx, syy)
        });
    }
    let orders = each_column(columns, parallel, Order::of);
    symmetric(k, parallel, |i, j| {
        let (place, n) = complete_places(&orders[i].present, &orders[j].present, rows);
        if n < min_periods {
            return f64::NAN;
        }
        let rx = ranks_among(&orders[i], &place, n);
        let ry = ranks_among(&orders[j], &place, n);
        let (sxy, sxx, syy) = rank_sums(&rx, &ry, (n as f64 + 1.0) / 2.0);
        ratio(sxy, sxx, syy)
    })
}

fn kendall<C: AsRef<[f64]> + Send + Sync>(
    columns: Vec<C>,
    min_periods: usize,
    parallel: bool,
) -> Vec<f64> {
    // Each column is ranked and ordered once; every pair reuses both.
    let (ranks, orders): (Vec<Vec<u32>>, Vec<Vec<u32>>) =
        each_column(columns, parallel, dense_ranks)
            .into_iter()
            .unzip();
    symmetric(ranks.len(), parallel, |i, j| {
        if i == j {
            // pandas gives 1 on the diagonal, even for a constant column.
            return if orders[i].len() >= min_periods {
                1.0
            } else {
                f64::NAN
            };
        }
        tau_b_ranked(&orders[i], &ranks[i], &ranks[j], min_periods)
    })
}

/// A column as Spearman's pairs use it when the table has holes: its present
/// rows in order of value, where in that order each run of equal values
/// begins (a bit per place), so that a walk along the order finds ties
/// without the values, and which rows are present (a bit per row).
struct Order {
    rows: Vec<u32>,
    starts: Vec<u64>,
    present: Vec<u64>,
}

impl Order {
    fn of(x: &[f64]) -> Order {
        let mut present = vec![0u64; x.len().div_ceil(64)];
        for (r, v) in x.iter().enumerate() {
            present[r / 64] |= u64::from(v.is_finite()) << (r % 64);
        }
        let mut rows = finite_rows(x);
        rows.sort_unstable_by(|&a, &b| super::rank::cmp(x[a as usize], x[b as usize]));
        let mut starts = vec![0u64; rows.len().div_ceil(64)];
        for k in 0..rows.len() {
            if k == 0 || x[rows[k] as usize] != x[rows[k - 1] as usize] {
                starts[k / 64] |= 1 << (k % 64);
            }
        }
        Order {
            rows,
            starts,
            present,
        }
    }
}

/// Not a complete row of the pair, in [`complete_places`].
const ABSENT: u32 = u32::MAX;

/// For each of the `rows` rows, its place among the rows where both columns
/// are present (by their presence bits; [`ABSENT`] where one is missing),
/// and how many such rows there are.
fn complete_places(x: &[u64], y: &[u64], rows: usize) -> (Vec<u32>, usize) {
    let mut n = 0u32;
    let place = (0..rows)
        .map(|r| {
            if (x[r / 64] & y[r / 64]) >> (r % 64) & 1 != 0 {
                n += 1;
                n - 1
            } else {
                ABSENT
            }
        })
        .collect();
    (place, n as usize)
}

/// The doubled average ranks of a column among the pair's complete rows, in
/// the rows' order: what ranking those rows' values anew gives (pandas'
/// `rank_1d` on the masked column), found by one walk along the column's
/// order that passes over the rows the pair leaves out. Two kept rows are
/// tied when no run of equal values begins between them.
fn ranks_among(order: &Order, place: &[u32], n: usize) -> Vec<u32> {
    let mut ranks = vec![0; n];
    // The places of the current run of ties, and how many kept rows came
    // before it.
    let mut run: Vec<u32> = Vec::new();
    let mut before = 0u32;
    let mut new_run = false;
    let mut close = |run: &mut Vec<u32>, before: &mut u32| {
        // Places before+1 ..= before+len share their mean; doubled, that is
        // 2·before + 1 + len (below 2³² by MAX_RANKED_ROWS).
        let len = run.len() as u32;
        let rank = 2 * *before + 1 + len;
        for &p in run.iter() {
            ranks[p as usize] = rank;
        }
        *before += len;
        run.clear();
    };
    for (k, &r) in order.rows.iter().enumerate() {
        new_run |= order.starts[k / 64] & (1 << (k % 64)) != 0;
        let p = place[r as usize];
        if p == ABSENT {
            continue;
        }
        if new_run && !run.is_empty() {
            close(&mut run, &mut before);
        }
        new_run = false;
        run.push(p);
    }
    close(&mut run, &mut before);
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Column, ColumnKind};

    fn table(cols: &[(&str, &[f64])]) -> Table {
        Table::new(
            cols[0].1.len(),
            cols.iter()
                .map(|(n, v)| Column::new(*n, ColumnKind::Float, v.to_vec()))
                .collect(),
        )
        .unwrap()
    }

    fn with(method: CorrMethod, min_periods: usize) -> CorrOptions {
        CorrOptions {
            method,
            min_periods: NonZeroUsize::new(min_periods).unwrap(),
        }
    }

    #[test]
    fn blocked_sums_equal_the_pairwise_update_bit_for_bit() {
        // Several blocks and a ragged end; columns of different scales.
        let rows = BLOCK_ROWS * 2 + 37;
        let mut seed = 99u64;
        let cols: Vec<Vec<f64>> = (0..6)
            .map(|c| {
                (0..rows)
                    .map(|_| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        ((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.3) * 10f64.powi(c * 2 - 4)
                    })
                    .collect()
            })
            .collect();
        let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
        let blocked = pearson(&refs, 1, true);
        assert_eq!(blocked, pearson(&refs, 1, false));
        for i in 0..6 {
            for j in 0..6 {
                let (x, y) = (i.max(j), i.min(j));
                let pairwise = pearson_pair(refs[x], refs[y], 1);
                assert_eq!(
                    blocked[i * 6 + j].to_bits(),
                    pairwise.to_bits(),
                    "({i}, {j})"
                );
            }
        }
    }

    #[test]
    fn pairs_in_lanes_equal_one_pair_at_a_time_bit_for_bit() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let rows = 1500;
        // Missing shares of 0, 1% and 50%, an infinity, a column all NaN,
        // runs at the start and the end; columns of different scales.
        let shares = [0.0, 0.01, 0.5, 0.01, 1.0, 0.0, 0.2];
        let mut cols: Vec<Vec<f64>> = shares
            .iter()
            .enumerate()
            .map(|(c, &share)| {
                (0..rows)
                    .map(|_| {
                        let v = (next() - 0.4) * 10f64.powi(c as i32 - 3);
                        if next() < share { f64::NAN } else { v }
                    })
                    .collect()
            })
            .collect();
        cols[3][700] = f64::INFINITY;
        cols[5][..40].fill(f64::NAN);
        cols[6][rows - 40..].fill(f64::NAN);
        let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
        let k = refs.len();
        // Every pair, in groups that end short (28 pairs in lanes of 4, and
        // 27 too).
        let pairs: Vec<(usize, usize)> = (0..k).flat_map(|i| (i..k).map(move |j| (j, i))).collect();
        for pairs in [&pairs[..], &pairs[1..]] {
            for min_periods in [1, 700, 1400] {
                for parallel in [false, true] {
                    let lanes = pearson_pairs(&refs, pairs, min_periods, parallel);
                    for (&(x, y), v) in pairs.iter().zip(&lanes) {
                        let one = pearson_pair(refs[x], refs[y], min_periods);
                        assert_eq!(
                            v.to_bits(),
                            one.to_bits(),
                            "({x}, {y}) min_periods {min_periods}"
                        );
                    }
                }
            }
        }
        // The baseline build of the lanes and the one the processor runs
        // give the same bits, for groups read together and alone.
        let width = 8;
        let mut tile = vec![f64::NAN; rows * width];
        for (c, col) in refs.iter().enumerate() {
            for (r, &v) in col.iter().enumerate() {
                tile[r * width + c] = v;
            }
        }
        // Four groups: three walk together, one alone.
        let at = [(6, 4), (3, 0), (5, 4), (6, 0)];
        let (mut a, mut b) = ([Quad::default(); 4], [Quad::default(); 4]);
        advance(&tile, width, &at, &mut a);
        advance_fastest(&tile, width, &at, &mut b);
        let mut one = Quad::default();
        advance_fastest(&tile, width, &at[1..2], std::array::from_mut(&mut one));
        for (s, t) in a.iter().zip(&b).chain([(&a[1], &one)]) {
            assert_eq!(s.n, t.n);
            for (u, v) in [(s.co, t.co), (s.ssq_x, t.ssq_x), (s.ssq_y, t.ssq_y)] {
                assert_eq!(u.map(f64::to_bits), v.map(f64::to_bits));
            }
        }
    }

    #[test]
    fn parses_method_names() {
        assert_eq!("Kendall".parse::<CorrMethod>(), Ok(CorrMethod::Kendall));
        assert_eq!(
            "pearsn".parse::<CorrMethod>().unwrap_err().to_string(),
            "unknown correlation method 'pearsn'; use one of: pearson, spearman, kendall"
        );
    }

    #[test]
    fn no_numeric_column_names_the_text_ones() {
        let t = Table::default().with_text_columns(vec!["city".into()]);
        let err = corr(&t, &CorrOptions::default()).unwrap_err();
        assert!(err.to_string().contains("(text columns: city)"), "{err}");
    }

    #[test]
    fn min_periods_counts_pairwise_rows() {
        // pandas' own docstring example: df.corr(min_periods=3).
        let nan = f64::NAN;
        let t = table(&[
            ("dogs", &[1.0, 2.0, nan, 4.0]),
            ("cats", &[1.0, nan, 3.0, 4.0]),
        ]);
        for method in CorrMethod::ALL {
            let m = corr(&t, &with(method, 3)).unwrap();
            assert_eq!(m.get(0, 0), 1.0, "{method}");
            assert!(m.get(0, 1).is_nan(), "{method}");
            let m = corr(&t, &with(method, 2)).unwrap();
            assert_eq!(m.get(0, 1), 1.0, "{method}");
        }
    }

    #[test]
    fn constant_columns_are_nan_but_kendall_keeps_its_diagonal() {
        let t = table(&[("a", &[1.0, 2.0, 3.0]), ("c", &[5.0, 5.0, 5.0])]);
        for method in CorrMethod::ALL {
            let m = corr(&t, &with(method, 1)).unwrap();
            assert!(m.get(0, 1).is_nan() && m.get(1, 0).is_nan(), "{method}");
            assert_eq!(
                m.get(1, 1).is_nan(),
                method != CorrMethod::Kendall,
                "{method}"
            );
        }
    }

    #[test]
    fn infinities_are_left_out_like_missing_values() {
        let inf = f64::INFINITY;
        let a = table(&[("x", &[1.0, 2.0, 3.0, 4.0]), ("y", &[1.0, 3.0, inf, 2.0])]);
        let b = table(&[("x", &[1.0, 2.0, 4.0]), ("y", &[1.0, 3.0, 2.0])]);
        for method in CorrMethod::ALL {
            let (ma, mb) = (
                corr(&a, &with(method, 1)).unwrap(),
                corr(&b, &with(method, 1)).unwrap(),
            );
            assert_eq!(ma.get(0, 1), mb.get(0, 1), "{method}");
        }
    }
}
