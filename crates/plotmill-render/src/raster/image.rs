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

/// Encodes `pixmap` as PNG into `out`: RGB when every pixel is opaque
/// (`opaque` says so without a look at every pixel; `None` looks), RGBA
/// otherwise, with the dpi recorded in the file.
pub fn encode_png(
    pixmap: &Pixmap,
    opaque: Option<bool>,
    compression: Compression,
    dpi: f64,
    out: &mut Vec<u8>,
) -> Result<(), png::EncodingError> {
    encode_png_with(pixmap, opaque, compression, dpi, &mut Vec::new(), out)
}

/// [`encode_png`] with a reusable buffer for the converted pixels.
pub(super) fn encode_png_with(
    pixmap: &Pixmap,
    opaque: Option<bool>,
    compression: Compression,
    dpi: f64,
    data: &mut Vec<u8>,
    out: &mut Vec<u8>,
) -> Result<(), png::EncodingError> {
    let bytes = pixmap.data();
    let opaque = opaque.unwrap_or_else(|| bytes.chunks_exact(4).all(|p| p[3] == 255));
    let mut encoder = png::Encoder::new(&mut *out, pixmap.width(), pixmap.height());
    encoder.set_color(if opaque {
        png::ColorType::Rgb
    } else {
        png::ColorType::Rgba
    });
    encoder.set_depth(png::BitDepth::Eight);
    let (level, filter) = match compression {
        Compression::Fast => (png::Compression::Fast, png::Filter::Up),
        Compression::Balanced => (png::Compression::Balanced, png::Filter::Paeth),
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
    if opaque {
        rgb(bytes, data);
    } else {
        rgba(bytes, data);
    }
    let mut writer = encoder.write_header()?;
    writer.write_image_data(data)?;
    writer.finish()
}

/// Premultiplied RGBA to RGB, for opaque pixels (where the two agree):
/// four pixels at a time, in a 128-bit word.
fn rgb(bytes: &[u8], out: &mut Vec<u8>) {
    // Every byte is written below: zero only memory that is new.
    let n = bytes.len() / 4 * 3;
    if out.capacity() < n {
        *out = vec![0u8; n];
    } else {
        out.truncate(n);
        out.resize(n, 0);
    }
    let (src4, src_rest) = bytes.split_at(bytes.len() / 16 * 16);
    let (dst4, dst_rest) = out.split_at_mut(src4.len() / 16 * 12);
    for (d, s) in dst4.chunks_exact_mut(12).zip(src4.chunks_exact(16)) {
        // Fixed-size views: one 16-byte load, one 12-byte store.
        let (Ok(d), Ok(s)) = (<&mut [u8; 12]>::try_from(d), <&[u8; 16]>::try_from(s)) else {
            continue;
        };
        // Four RGBA pixels (little-endian) lose their alpha bytes.
        let v = u128::from_le_bytes(*s);
        let rgb = (v & 0xff_ffff)
            | ((v >> 8) & (0xff_ffff << 24))
            | ((v >> 16) & (0xff_ffff << 48))
            | ((v >> 24) & (0xff_ffff << 72));
        d.copy_from_slice(&rgb.to_le_bytes()[..12]);
    }
    for (d, s) in dst_rest.chunks_exact_mut(3).zip(src_rest.chunks_exact(4)) {
        d.copy_from_slice(&s[..3]);
    }
}

/// Premultiplied RGBA to straight RGBA.
fn rgba(bytes: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(bytes.len());
    for px in bytes.chunks_exact(4) {
        let c = tiny_skia::PremultipliedColorU8::from_rgba(px[0], px[1], px[2], px[3])
            .map(|c| c.demultiply())
            .unwrap_or(tiny_skia::ColorU8::from_rgba(0, 0, 0, 0));
        out.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgb_drops_alpha_for_any_length() {
        let src: Vec<u8> = (0..4 * 11).map(|i| (i * 37 % 251) as u8).collect();
        let want: Vec<u8> = src.chunks(4).flat_map(|p| p[..3].to_vec()).collect();
        let mut out = vec![9; 3];
        rgb(&src, &mut out);
        assert_eq!(out, want);
    }
}
