//! Encoding a scene in the format a user asked for.

use plotmill_scene::Scene;
use plotmill_text::FontBook;

use crate::{Canvas, Compression, RasterOptions};

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
    /// The machine cannot give the memory the image's pixels need.
    #[error(
        "the image would be {width}×{height} pixels, which need {} MiB of memory that this machine cannot give; lower --dpi or --figsize", bytes.div_ceil(1 << 20)
    )]
    OutOfMemory {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// The bytes the pixels need.
        bytes: u64,
    },
    /// A dpi that is not a positive number.
    #[error("--dpi {0} is not a positive number of pixels per inch")]
    BadDpi(f64),
    /// The PNG encoder failed.
    #[error("PNG encoding failed: {0}")]
    Png(crate::raster::PngError),
}

// By hand, not `#[from]`: the message holds the cause's text already.
impl From<crate::raster::PngError> for EncodeError {
    fn from(e: crate::raster::PngError) -> Self {
        EncodeError::Png(e)
    }
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
            Format::Svg => {
                let _stage = plotmill_stage::enter(plotmill_stage::Stage::Encode);
                out.extend_from_slice(crate::render_svg(scene).as_bytes());
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
                .starts_with("the image would be 2147483648×2147483648 pixels, which need 17592186044416 MiB of memory that this machine cannot give; lower --dpi or --figsize"),
            "{err}"
        );
    }
}
