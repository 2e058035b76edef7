//! Raster output: tiny-skia pixels, PNG bytes.

mod image;
mod shape;
mod text;

pub use image::{Compression, encode_png};
/// The PNG encoder's error.
pub use png::EncodingError as PngError;

use plotmill_scene::{Item, Scene};
use plotmill_text::FontBook;
use tiny_skia::{Pixmap, Transform};

/// Options of raster output.
#[derive(Debug, Clone, PartialEq)]
pub struct RasterOptions {
    /// Pixels per inch. Default: 100, as matplotlib.
    pub dpi: f64,
    /// PNG compression. Default: [`Compression::Fast`].
    pub compression: Compression,
}

impl Default for RasterOptions {
    fn default() -> Self {
        RasterOptions {
            dpi: 100.0,
            compression: Compression::Fast,
        }
    }
}

/// The pixel size of `scene` at `dpi`: inches times dpi, truncated (as
/// matplotlib does), at least 1×1.
pub fn pixel_size(scene: &Scene, dpi: f64) -> (u32, u32) {
    let px = |pt: f64| ((pt / 72.0 * dpi) as u32).max(1);
    (px(scene.width), px(scene.height))
}

/// Draws `scene` into a new pixmap. `None` only if the pixel size is too
/// large to allocate (callers bound it before).
pub fn render_pixmap(scene: &Scene, fonts: &FontBook, dpi: f64) -> Option<Pixmap> {
    let (w, h) = pixel_size(scene, dpi);
    // The background is written once, not zeroed first and then filled.
    let mut pixmap = match scene.background {
        Some(bg) => {
            let px = shape::color(bg).premultiply().to_color_u8();
            let size = tiny_skia::IntSize::from_wh(w, h)?;
            let pixel = [px.red(), px.green(), px.blue(), px.alpha()];
            let data = pixel.repeat((w as usize).checked_mul(h as usize)?);
            Pixmap::from_vec(data, size)?
        }
        None => Pixmap::new(w, h)?,
    };
    let scale = (dpi / 72.0) as f32;
    let ts = Transform::from_scale(scale, scale);
    for item in &scene.items {
        match item {
            Item::Rect { rect, fill, stroke } => shape::rect(&mut pixmap, ts, rect, *fill, *stroke),
            Item::Mesh { cells } => shape::mesh(&mut pixmap, dpi / 72.0, cells),
            Item::Line { points, stroke } => shape::line(&mut pixmap, ts, points, *stroke),
            Item::Markers {
                marker,
                fill,
                centers,
                clip,
            } => shape::markers(&mut pixmap, scale, *marker, *fill, centers, clip),
            Item::Text(run) => text::run(&mut pixmap, ts, fonts, run),
        }
    }
    Some(pixmap)
}

/// Draws `scene` and encodes it as PNG into `out` (cleared first).
pub fn render_png(
    scene: &Scene,
    fonts: &FontBook,
    options: &RasterOptions,
    out: &mut Vec<u8>,
) -> Result<(), png::EncodingError> {
    let pixmap =
        render_pixmap(scene, fonts, options.dpi).ok_or(png::EncodingError::LimitsExceeded)?;
    out.clear();
    // Everything drawn over an opaque background stays opaque.
    let opaque = scene.background.map(|c| c.a >= 1.0);
    encode_png(
        &pixmap,
        opaque.filter(|&o| o),
        options.compression,
        options.dpi,
        out,
    )
}
