//! Statistics over [`Table`](crate::Table) columns.
//!
//! - [`cluster`]: hierarchical clustering and dendrograms, as scipy's
//!   `linkage` and `dendrogram` (seaborn's `clustermap`).
//! - [`corr`](corr::corr): the correlation matrix, as pandas' `DataFrame.corr`.
//! - [`bins`]: histogram bins as seaborn chooses them and numpy counts them.
//! - [`kde`]: Gaussian kernel density estimates as scipy's `gaussian_kde`
//!   computes them, on seaborn's support grid.
//! - [`regression`]: least-squares lines and seeded bootstrap bands, as
//!   seaborn's `regplot` draws them.
//! - [`summary`]: a group's box plot statistics (matplotlib's
//!   `boxplot_stats`) and estimates with error bars (seaborn's
//!   `EstimateAggregator`, its bootstrap seeded).
//!
//! Every function here is plain Rust over `f64` slices. Where work is split
//! across threads, each result is computed by one thread in a fixed order, so
//! results do not depend on the thread count.

pub mod bins;
pub mod cluster;
pub mod corr;
pub mod kde;
mod kendall;
mod matrix;
mod numpy;

pub use numpy::percentile;
mod rank;
pub mod regression;
pub mod rng;
pub mod summary;

pub use matrix::CorrMatrix;
