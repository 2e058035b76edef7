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

pub use plotmill_chart as chart;
pub use plotmill_data as data;
pub use plotmill_render as render;
pub use plotmill_scene as scene;
pub use plotmill_text as text;

pub mod output;

use plotmill_render::{Compression, RasterOptions};

/// An output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG raster image.
    Png,
    /// SVG vector image.
    Svg,
}

impl Format {
    /// The format a file name's extension asks for, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
}

/// How to turn a scene into bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// Pixels per inch for raster output. Default: 100.
    pub dpi: f64,
    /// PNG compression. Default: fast.
    pub compression: Compression,
    /// The most pixels a raster image may have. Default: 100,000,000.
    pub max_pixels: u64,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            dpi: 100.0,
            compression: Compression::Fast,
            max_pixels: 100_000_000,
        }
    }
}

/// Why a scene could not be encoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The raster image would be larger than allowed.
    #[error(
        "the image would be {width}×{height} = {pixels} pixels, more than the limit of {max}; lower --dpi or --figsize, or raise --max-pixels"
    )]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// Their product.
        pixels: u64,
        /// The limit.
        max: u64,
    },
    /// A dpi that is not a positive number.
    #[error("--dpi {0} is not a positive number of pixels per inch")]
    BadDpi(f64),
    /// The PNG encoder failed.
    #[error("PNG encoding failed: {0}")]
    Png(plotmill_render::raster::PngError),
}

// By hand, not `#[from]`: the message holds the cause's text already.
impl From<plotmill_render::raster::PngError> for EncodeError {
    fn from(e: plotmill_render::raster::PngError) -> Self {
        EncodeError::Png(e)
    }
}

/// Encodes `scene` in `format` into `out` (cleared first).
pub fn encode(
    scene: &scene::Scene,
    fonts: &text::FontBook,
    format: Format,
    options: &RenderOptions,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    out.clear();
    match format {
        Format::Svg => out.extend_from_slice(render::render_svg(scene).as_bytes()),
        Format::Png => {
            if !(options.dpi > 0.0 && options.dpi.is_finite()) {
                return Err(EncodeError::BadDpi(options.dpi));
            }
            let (width, height) = render::pixel_size(scene, options.dpi);
            let pixels = u64::from(width) * u64::from(height);
            if pixels > options.max_pixels {
                return Err(EncodeError::TooLarge {
                    width,
                    height,
                    pixels,
                    max: options.max_pixels,
                });
            }
            let raster = RasterOptions {
                dpi: options.dpi,
                compression: options.compression,
            };
            render::render_png(scene, fonts, &raster, out)?;
        }
    }
    Ok(())
}
