//! PNG encoding.

use tiny_skia::Pixmap;

/// How hard to compress PNG output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// Fastest encoding, larger files (the default: bulk rendering).
    #[default]
    Fast,
    /// A balance of size and time.
    Balanced,
    /// Smallest files, slowest.
    Small,
}

/// Encodes `pixmap` as PNG into `out`: RGB when every pixel is opaque, RGBA
/// otherwise, with the dpi recorded in the file.
pub fn encode_png(
    pixmap: &Pixmap,
    compression: Compression,
    dpi: f64,
    out: &mut Vec<u8>,
) -> Result<(), png::EncodingError> {
    // Premultiplied RGBA; where every alpha is 255 the color bytes are the
    // straight ones, and a 3-byte pixel is a quarter smaller to compress.
    let bytes = pixmap.data();
    let opaque = bytes.chunks_exact(4).all(|p| p[3] == 255);
    let (color, data): (png::ColorType, Vec<u8>) = if opaque {
        let mut rgb = vec![0u8; bytes.len() / 4 * 3];
        for (dst, src) in rgb.chunks_exact_mut(3).zip(bytes.chunks_exact(4)) {
            dst.copy_from_slice(&src[..3]);
        }
        (png::ColorType::Rgb, rgb)
    } else {
        let mut rgba = Vec::with_capacity(pixmap.pixels().len() * 4);
        for p in pixmap.pixels() {
            let c = p.demultiply();
            rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        (png::ColorType::Rgba, rgba)
    };
    let mut encoder = png::Encoder::new(&mut *out, pixmap.width(), pixmap.height());
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    let (level, filter) = match compression {
        Compression::Fast => (png::Compression::Fast, png::Filter::Up),
        Compression::Balanced => (png::Compression::Balanced, png::Filter::Adaptive),
        Compression::Small => (png::Compression::High, png::Filter::Adaptive),
    };
    encoder.set_compression(level);
    encoder.set_filter(filter);
    let ppm = (dpi / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()
}
