//! plotmill's backends: they draw a [`Scene`](plotmill_scene::Scene) and
//! know nothing of charts.
//!
//! - [`raster`]: antialiased pixels with tiny-skia, encoded as PNG
//!   ([`render_png`]); the pixel size is the page size in inches times the
//!   dpi, truncated, as matplotlib's Agg canvas sizes it.
//! - [`svg`]: an SVG document with selectable text ([`render_svg`]).
//! - [`pdf`]: a PDF of vector paths and real text in embedded font
//!   subsets ([`render_pdf`]; [`PdfWriter`] streams many pages).
//! - [`png`]: the PNG encoder (plotmill's own filters and zlib stream for
//!   the fast level).
//!
//! Rendering a valid scene cannot fail; only encoding returns an error.

#![warn(missing_docs)]

mod encode;
pub mod pdf;
pub mod png;
pub mod raster;
pub mod svg;

pub use encode::{EncodeError, Format, RenderOptions, encode, vector_markers};
pub use pdf::{Bookmark, FontSource, FontTable, PdfError, PdfWriter, render_pdf};
pub use raster::{Canvas, Compression, RasterOptions, pixel_size, render_pixmap, render_png};
pub use svg::render_svg;
