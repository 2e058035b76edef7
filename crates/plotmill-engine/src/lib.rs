//! plotmill's chart engine: what every front end (the command line, the
//! batch engine, the HTTP service, the Python package) draws with.
//!
//! - [`Renderer`]: a [`ChartSpec`](plotmill_chart::ChartSpec) and a table
//!   to image bytes, checking the spec and the [`Limits`] before any work,
//!   finding fonts before layout, reusing its pixel buffers.
//! - [`Limits`]: one set of limits on a chart's data and image, with the
//!   same names in every front end.
//! - [`pool`]: the fixed set of workers behind a bounded queue that the
//!   batch engine and the service share.
//! - [`output`]: atomic file writes, the one place outputs are written.
//! - [`InlineData`]: data given as JSON columns.

#![warn(missing_docs)]

mod hash;
mod inline;
mod limits;
pub mod output;
pub mod pool;
pub mod proc;
mod render;

pub use hash::hash;
pub use inline::{InlineData, InlineError, inline_table};
pub use limits::{LimitError, Limits};
pub use render::{Fault, KEEP_BYTES, RenderError, Rendered, Renderer, settings};
