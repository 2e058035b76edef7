//! plotmill: statistical charts for bulk, unattended rendering.
//!
//! This is the facade crate. It re-exports the stages a program needs, so
//! that one dependency is enough:
//!
//! - [`data`]: the [`Table`](data::Table), the pandas-compatible CSV reader
//!   and statistics such as [`corr`](data::corr).
//! - [`output`]: writing results atomically, so that no reader ever sees a
//!   half-written file.
//!
//! The `plotmill` command-line tool is built from this crate; see its
//! `--help`.

#![warn(missing_docs)]

pub use plotmill_data as data;

pub mod output;
