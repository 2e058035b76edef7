//! plotmill's data layer: tabular data in, statistics out.
//!
//! The principal type is [`Table`], a set of named `f64` columns of equal
//! length in which `NaN` marks a missing value. [`read_csv_path`] and
//! [`read_csv_bytes`] build one from CSV with the semantics of pandas'
//! `read_csv`, and [`corr`] computes the correlation matrix of its columns
//! exactly as pandas' `DataFrame.corr` does, for the Pearson, Spearman and
//! Kendall methods.
//!
//! ```
//! use plotmill_data::{corr, read_csv_bytes, CorrOptions, CsvOptions, Origin};
//!
//! let csv = b"x,y,label\n1,2,a\n2,4,b\n3,7,c\n";
//! let read = read_csv_bytes(csv, Origin::Memory, &CsvOptions::default())?;
//! assert_eq!(read.table.text_columns(), ["label"]);
//! let m = corr(&read.table, &CorrOptions::default())?;
//! assert_eq!(m.names(), ["x", "y"]);
//! assert!((m.get(0, 1) - 0.9933992677987828).abs() < 1e-15);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Nothing here prints: readers and statistics return what a front end may
//! want to tell the user (renamed columns, left-out text columns) as data.

#![warn(missing_docs)]

pub mod arrow;
mod csv;
pub mod dates;
mod error;
mod pyfloat;
pub mod stats;
mod table;

pub use crate::csv::{
    CsvOptions, CsvTable, Renamed, parse_delimiter, read_csv_bytes, read_csv_path,
};
pub use error::{Origin, ReadError, ReadErrorKind};
pub use pyfloat::py_repr;
pub use stats::CorrMatrix;
pub use stats::corr::{CorrError, CorrMethod, CorrOptions, MAX_RANKED_ROWS, corr, corr_owned};
pub use table::{Column, ColumnKind, Labels, ShapeError, SharedValues, Table};
