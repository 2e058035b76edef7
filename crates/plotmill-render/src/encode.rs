//! Encoding a scene in the format a user asked for.

use plotmill_scene::{Item, Scene};
use plotmill_text::FontBook;

use crate::{Canvas, Compression, RasterOptions};
pub use plotmill_scene::Format;

/// How to turn a scene into bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// Pixels per inch for raster output. Default: 100.
    pub dpi: f64,
    /// PNG compression. Default: fast.
    pub compression: Compression,
    /// The most pixels a raster image may have. Default: 100,000,000.
    pub max_pixels: u64,
    /// The most markers a vector image may hold (each is an element of its
    /// own). Default: 1,000,000, about 45 MB of SVG.
    pub max_vector_markers: u64,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            dpi: 100.0,
            compression: Compression::Fast,
            max_pixels: 100_000_000,
            max_vector_markers: 1_000_000,
        }
    }
}

/// Why a scene could not be encoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The raster image would be larger than allowed.
    #[error(
        "the image would be {width}×{height} = {pixels} pixels, more than the limit of {max}; lower dpi or figsize (a pair plot's height), or raise the max_pixels limit"
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
    /// The machine cannot give the memory the image's pixels need.
    #[error(
        "the image would be {width}×{height} pixels, which need {} MiB of memory that this machine cannot give; lower dpi or figsize (a pair plot's height)", bytes.div_ceil(1 << 20)
    )]
    OutOfMemory {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// The bytes the pixels need.
        bytes: u64,
    },
    /// A vector image would hold more markers than allowed.
    #[error(
        "the {format} would hold {markers} markers (one per row and panel), more than the limit of {max}; such a file is too large for browsers, viewers and editors: draw a PNG, or fewer rows or columns"
    )]
    TooManyMarkers {
        /// "SVG" or "PDF".
        format: &'static str,
        /// The markers the scene holds.
        markers: u64,
        /// The limit.
        max: u64,
    },
    /// A dpi that is not a positive number.
    #[error("dpi {0} is not a positive number of pixels per inch")]
    BadDpi(f64),
    /// The PNG encoder failed.
    #[error("PNG encoding failed: {0}")]
    Png(crate::raster::PngError),
    /// The PDF could not be written (a font that cannot be embedded).
    #[error("{0}")]
    Pdf(#[from] crate::pdf::PdfError),
}

// By hand, not `#[from]`: the message holds the cause's text already.
impl From<crate::raster::PngError> for EncodeError {
    fn from(e: crate::raster::PngError) -> Self {
        EncodeError::Png(e)
    }
}

/// The markers `scene` holds, each an element of its own in a vector
/// file; counted one by one only when the rows they come from are more
/// than `max` (rows with a missing value have none).
pub fn vector_markers(scene: &Scene, max: u64) -> u64 {
    let runs = || {
        scene.items.iter().filter_map(|i| match i {
            Item::Markers { centers, .. } => Some(centers),
            _ => None,
        })
    };
    let upper: u64 = runs().map(|c| c.upper_len() as u64).sum();
    if upper <= max {
        return upper;
    }
    runs().map(|c| c.iter().count() as u64).sum()
}

/// Encodes `scene` in `format` into `out` (cleared first).
pub fn encode(
    scene: &Scene,
    fonts: &FontBook,
    format: Format,
    options: &RenderOptions,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    Canvas::default().encode(scene, fonts, format, options, out)
}

impl Canvas {
    /// Encodes `scene` in `format` into `out` (cleared first), reusing this
    /// canvas's memory.
    pub fn encode(
        &mut self,
        scene: &Scene,
        fonts: &FontBook,
        format: Format,
        options: &RenderOptions,
        out: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        out.clear();
        match format {
            Format::Svg | Format::Pdf => {
                let _stage = plotmill_stage::enter(plotmill_stage::Stage::Encode);
                let markers = vector_markers(scene, options.max_vector_markers);
                if markers > options.max_vector_markers {
                    return Err(EncodeError::TooManyMarkers {
                        format: if format == Format::Svg { "SVG" } else { "PDF" },
                        markers,
                        max: options.max_vector_markers,
                    });
                }
                if format == Format::Svg {
                    out.extend_from_slice(crate::render_svg(scene).as_bytes());
                } else {
                    crate::render_pdf(scene, fonts, out)?;
                }
            }
            Format::Png => {
                if !(options.dpi > 0.0 && options.dpi.is_finite()) {
                    return Err(EncodeError::BadDpi(options.dpi));
                }
                let (width, height) = crate::pixel_size(scene, options.dpi);
                let pixels = u64::from(width) * u64::from(height);
                if pixels > options.max_pixels {
                    return Err(EncodeError::TooLarge {
                        width,
                        height,
                        pixels,
                        max: options.max_pixels,
                    });
                }
                let bytes = pixels.saturating_mul(4);
                if self.try_reserve_pixels(bytes).is_err() {
                    return Err(EncodeError::OutOfMemory {
                        width,
                        height,
                        bytes,
                    });
                }
                let raster = RasterOptions {
                    dpi: options.dpi,
                    compression: options.compression,
                };
                self.render_png(scene, fonts, &raster, out)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixels_beyond_memory_are_an_error_not_an_abort() {
        // 2^31 × 2^31 pixels (points at 72 dpi) need 16 EiB: no machine
        // has them, whatever its overcommit setting.
        let side = f64::from(1u32 << 31);
        let scene = Scene::new(side, side, Some(plotmill_scene::Color::WHITE));
        let options = RenderOptions {
            dpi: 72.0,
            max_pixels: u64::MAX,
            ..RenderOptions::default()
        };
        let mut out = Vec::new();
        let err = encode(&scene, &FontBook::new(), Format::Png, &options, &mut out).unwrap_err();
        // 2^62 pixels of 4 bytes: more than a u64 counts, so the most.
        assert!(
            matches!(
                err,
                EncodeError::OutOfMemory {
                    bytes: u64::MAX,
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with("the image would be 2147483648×2147483648 pixels, which need 17592186044416 MiB of memory that this machine cannot give; lower dpi or figsize (a pair plot's height)"),
            "{err}"
        );
    }

    #[test]
    fn an_svg_with_more_markers_than_allowed_is_refused() {
        let mut scene = Scene::new(100.0, 100.0, None);
        let run = |n: usize| Item::Markers {
            marker: plotmill_scene::Marker::Circle {
                radius: 1.0,
                edge: 0.0,
                edge_color: None,
            },
            fill: plotmill_scene::Color::BLACK,
            centers: plotmill_scene::Centers::Points(
                (0..n)
                    .map(|i| plotmill_scene::Point::new(i as f64, 1.0))
                    .collect(),
            ),
            clip: plotmill_scene::Rect::new(0.0, 0.0, 100.0, 100.0),
        };
        scene.push(run(6));
        scene.push(run(5));
        let options = |max| RenderOptions {
            max_vector_markers: max,
            ..RenderOptions::default()
        };
        let mut out = Vec::new();
        let fonts = FontBook::new();
        encode(&scene, &fonts, Format::Svg, &options(11), &mut out).unwrap();
        assert_eq!(String::from_utf8_lossy(&out).matches("<circle").count(), 11);
        let err = encode(&scene, &fonts, Format::Svg, &options(10), &mut out).unwrap_err();
        assert!(
            matches!(
                err,
                EncodeError::TooManyMarkers {
                    format: "SVG",
                    markers: 11,
                    max: 10
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("draw a PNG"), "{err}");
        // PNG has no such limit: markers cost no more than their pixels.
        encode(&scene, &fonts, Format::Png, &options(10), &mut out).unwrap();
    }
}
