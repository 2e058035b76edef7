//! Statistics over [`Table`](crate::Table) columns.
//!
//! - [`corr`](corr::corr): the correlation matrix, as pandas' `DataFrame.corr`.
//!
//! Every function here is plain Rust over `f64` slices. Where work is split
//! across threads, each result is computed by one thread in a fixed order, so
//! results do not depend on the thread count.

pub mod corr;
mod kendall;
mod matrix;
mod rank;

pub use matrix::CorrMatrix;
