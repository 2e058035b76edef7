//! plotmill: statistical charts for bulk, unattended rendering.
//!
//! This is the facade crate. It re-exports the stages a program needs, so
//! that one dependency is enough:
//!
//! - [`data`]: the [`Table`](data::Table), the pandas-compatible CSV reader
//!   and statistics such as [`corr`](data::corr).
//! - [`chart`]: the chart kinds ([`heatmap`](chart::heatmap),
//!   [`scatter_matrix`](chart::scatter_matrix)), which build a
//!   [`Scene`](scene::Scene).
//! - [`render`]: PNG and SVG backends; [`encode`] picks one by [`Format`].
//! - [`text`]: fonts; [`output`]: atomic file writes.
//! - [`engine`]: a [`ChartSpec`](chart::ChartSpec) and a table to bytes
//!   ([`Renderer`](engine::Renderer)), with the spec and the
//!   [`Limits`](engine::Limits) checked first; the worker pool.
//! - [`batch`]: many charts from a manifest, resumable; [`mem`]: the
//!   memory recorder.
//! - `serve` (with the `serve` feature): the HTTP service. Without it, the
//!   library builds no async runtime, HTTP or argument parser; the
//!   `plotmill` command is the `plotmill-cli` package.
//!
//! ```
//! use plotmill::chart::{heatmap, HeatmapOptions, Matrix};
//! use plotmill::{encode, Format, RenderOptions};
//!
//! let fonts = plotmill::text::FontBook::new();
//! let m = Matrix { rows: vec!["a".into(), "b".into()], columns: vec!["a".into(), "b".into()],
//!                  values: vec![1.0, -0.5, -0.5, 1.0] };
//! let chart = heatmap(&m, &HeatmapOptions::default(), &fonts)?;
//! let mut png = Vec::new();
//! encode(&chart.scene, &fonts, Format::Png, &RenderOptions::default(), &mut png)?;
//! assert!(png.starts_with(b"\x89PNG"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub use plotmill_batch as batch;
pub use plotmill_chart as chart;
pub use plotmill_data as data;
pub use plotmill_engine as engine;
pub use plotmill_engine::output;
pub use plotmill_mem as mem;
pub use plotmill_render as render;
pub use plotmill_scene as scene;
#[cfg(feature = "serve")]
pub use plotmill_serve as serve;
pub use plotmill_text as text;

pub use plotmill_render::{Canvas, EncodeError, Format, RenderOptions, encode};
