//! plotmill's PNG encoder: the file (`chunk`), the row filters (`filter`)
//! and, for the fast level, its own zlib stream (`zlib`); the other levels
//! are the `png` crate's.

mod chunk;
mod filter;
mod zlib;

use tiny_skia::Pixmap;

use chunk::{MAX_CHUNK, SIGNATURE, chunk};
use filter::{deflate_translucent, demultiply, filter_rows, rgb, rgb_into, rgba};
use zlib::ZlibStream;

pub use plotmill_scene::Compression;

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

/// [`encode_png`] with a reusable buffer for rows.
pub(crate) fn encode_png_with(
    pixmap: &Pixmap,
    opaque: Option<bool>,
    compression: Compression,
    dpi: f64,
    scratch: &mut Vec<u8>,
    out: &mut Vec<u8>,
) -> Result<(), png::EncodingError> {
    let bytes = pixmap.data();
    let opaque = opaque.unwrap_or_else(|| bytes.chunks_exact(4).all(|p| p[3] == 255));
    // The fast level is plotmill's own; the others are the png crate's.
    let (level, filter) = match compression {
        Compression::Fast => {
            return encode_fast(pixmap, opaque, dpi, scratch, out)
                .map_err(png::EncodingError::IoError);
        }
        Compression::Balanced => (png::Compression::Balanced, png::Filter::Paeth),
        Compression::Small => (png::Compression::High, png::Filter::Adaptive),
    };
    let mut encoder = png::Encoder::new(&mut *out, pixmap.width(), pixmap.height());
    encoder.set_color(if opaque {
        png::ColorType::Rgb
    } else {
        png::ColorType::Rgba
    });
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(level);
    encoder.set_filter(filter);
    let ppm = (dpi / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    let data = scratch;
    if opaque {
        rgb(bytes, data);
    } else {
        rgba(bytes, data);
    }
    let mut writer = encoder.write_header()?;
    writer.write_image_data(data)?;
    writer.finish()
}

/// The fast PNG: each row filtered with Up (less the row above) or Sub
/// (less the pixel to the left) straight from the pixmap, so that no
/// converted copy of the image is made. Opaque images go to plotmill's own
/// deflate (`zlib`), which is told about runs of zeros rather
/// than reading them; translucent ones (rare: a chart with no background)
/// are demultiplied row by row and compressed by fdeflate.
fn encode_fast(
    pixmap: &Pixmap,
    opaque: bool,
    dpi: f64,
    scratch: &mut Vec<u8>,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let rgba_len = width as usize * 4;
    let row_len = width as usize * if opaque { 3 } else { 4 };
    out.extend_from_slice(SIGNATURE);
    chunk(out, b"IHDR", &chunk::header(width, height, opaque));
    chunk(out, b"pHYs", &chunk::physical(dpi));

    let idat = out.len();
    if opaque {
        let mut stream = ZlibStream::new(out);
        filter_rows(pixmap, &mut stream);
        stream.finish();
    } else {
        deflate_translucent(pixmap, scratch, out)?;
    }
    // Noise compresses to more than it is; store it then, as libpng would.
    let raw = (row_len + 1) * height as usize;
    if out.len() - idat > fdeflate::StoredOnlyCompressor::<()>::compressed_size(raw) {
        out.truncate(idat);
        let mut cursor = std::io::Cursor::new(&mut *out);
        cursor.set_position(idat as u64);
        let mut stored = fdeflate::StoredOnlyCompressor::new(cursor)?;
        let raw = scratch;
        raw.clear();
        raw.resize(row_len + 1, 0);
        raw[0] = 0; // None
        for row in pixmap.data().chunks_exact(rgba_len) {
            if opaque {
                rgb_into(row, &mut raw[1..]);
            } else {
                demultiply(row, &mut raw[1..]);
            }
            stored.write_data(raw)?;
        }
        stored.finish()?;
    }
    // The zlib stream went to the end of `out`; it becomes IDAT chunks.
    let stream = out.split_off(idat);
    for part in stream.chunks(MAX_CHUNK) {
        chunk(out, b"IDAT", part);
    }
    chunk(out, b"IEND", &[]);
    Ok(())
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

    /// Decodes a PNG with the png crate: its pixels (8-bit, as stored),
    /// its color type, and each row's filter byte (from the inflated IDAT).
    fn decode(bytes: &[u8]) -> (Vec<u8>, png::ColorType, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("a valid PNG header");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a sane size")];
        let info = reader.next_frame(&mut pixels).expect("valid image data");
        pixels.truncate(info.buffer_size());
        let mut idat = Vec::new();
        let mut at = 8;
        while at < bytes.len() {
            let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
            if &bytes[at + 4..at + 8] == b"IDAT" {
                idat.extend_from_slice(&bytes[at + 8..at + 8 + len]);
            }
            at += 12 + len;
        }
        let raw = fdeflate::decompress_to_vec(&idat).expect("a valid zlib stream");
        let stride = info.line_size + 1;
        let filters = raw.chunks(stride).map(|row| row[0]).collect();
        (pixels, info.color_type, filters)
    }

    /// A pixmap of `width` x `height` whose pixels `paint` gives (straight
    /// RGBA, premultiplied here).
    fn pixmap(width: u32, height: u32, mut paint: impl FnMut(u32, u32) -> [u8; 4]) -> Pixmap {
        let mut p = Pixmap::new(width, height).unwrap();
        for y in 0..height {
            for x in 0..width {
                let [r, g, b, a] = paint(x, y);
                let c = tiny_skia::ColorU8::from_rgba(r, g, b, a).premultiply();
                p.pixels_mut()[(y * width + x) as usize] = c;
            }
        }
        p
    }

    fn fast(p: &Pixmap, opaque: Option<bool>) -> Vec<u8> {
        let mut out = Vec::new();
        encode_png(p, opaque, Compression::Fast, 100.0, &mut out).unwrap();
        out
    }

    #[test]
    fn fast_png_decodes_to_the_pixels_for_any_width() {
        // Widths around the four-pixel groups; a chart-like picture: a
        // background, a horizontal and a vertical line, a gradient corner.
        for width in [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33] {
            let p = pixmap(width, 9, |x, y| match (x, y) {
                (_, 4) => [0, 0, 0, 255],
                (2, _) => [200, 10, 10, 255],
                (x, y) if x > 4 && y > 5 => [(x * 20) as u8, (y * 25) as u8, 7, 255],
                _ => [255, 255, 255, 255],
            });
            let (pixels, color, _) = decode(&fast(&p, Some(true)));
            assert_eq!(color, png::ColorType::Rgb, "width {width}");
            let want: Vec<u8> = p.data().chunks(4).flat_map(|px| px[..3].to_vec()).collect();
            assert_eq!(pixels, want, "width {width}");
        }
    }

    /// A small random generator (xorshift64*), so the cases are the same
    /// on every run; `PLOTMILL_PNG_SEED` picks other ones.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Random pixmaps of every kind a chart makes and some it does not
    /// (flat areas, lines both ways, blocks, noise, translucency), at every
    /// compression level: the decoder gets back exactly the pixels, as RGB
    /// when the image is opaque and as straight RGBA when it is not.
    #[test]
    fn random_pixmaps_decode_to_their_pixels_at_every_level() {
        let seed = std::env::var("PLOTMILL_PNG_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed_1234_abcd_ef01u64);
        let mut rng = Rng(seed | 1);
        for case in 0..300 {
            let (width, height) = (1 + rng.below(90) as u32, 1 + rng.below(40) as u32);
            let palette: Vec<[u8; 4]> = (0..1 + rng.below(6))
                .map(|_| {
                    let v = rng.next().to_le_bytes();
                    [v[0], v[1], v[2], 255]
                })
                .collect();
            let translucent = rng.below(4) == 0;
            let kind = rng.below(5);
            let mut noise = Rng(rng.next() | 1);
            let p = pixmap(width, height, |x, y| {
                let mut c = match kind {
                    // Flat, rows of lines, columns of lines, blocks, noise.
                    0 => palette[0],
                    1 => palette[(y as usize * 7 / 3) % palette.len()],
                    2 => palette[(x as usize * 5 / 4) % palette.len()],
                    3 => palette[((x / 5 + y / 3) as usize) % palette.len()],
                    _ => {
                        let v = noise.next().to_le_bytes();
                        [v[0], v[1], v[2], 255]
                    }
                };
                if translucent {
                    c[3] = (noise.next() % 256) as u8;
                }
                c
            });
            for compression in [Compression::Fast, Compression::Balanced, Compression::Small] {
                let mut out = Vec::new();
                encode_png(&p, None, compression, 72.0, &mut out).unwrap();
                let (pixels, color, _) = decode(&out);
                let opaque = p.data().chunks(4).all(|px| px[3] == 255);
                let want: Vec<u8> = if opaque {
                    assert_eq!(color, png::ColorType::Rgb);
                    p.data().chunks(4).flat_map(|px| px[..3].to_vec()).collect()
                } else {
                    assert_eq!(color, png::ColorType::Rgba);
                    let mut want = vec![0; p.data().len()];
                    demultiply(p.data(), &mut want);
                    want
                };
                assert!(
                    pixels == want,
                    "case {case} (seed {seed}): {width}x{height}, kind {kind}, translucent {translucent}, {compression:?}"
                );
            }
        }
    }

    #[test]
    fn fast_png_takes_sub_for_lines_across_and_up_for_repeated_rows() {
        let p = pixmap(64, 6, |x, y| match y {
            3 => [0, 0, 0, 255],
            _ if x % 8 == 0 => [30, 60, 90, 255],
            _ => [255, 255, 255, 255],
        });
        let (_, _, filters) = decode(&fast(&p, Some(true)));
        // Row 0 has no row above; row 3 (a line) and row 4 (back from it)
        // change most of the row; the others repeat the row above.
        assert_eq!(filters, [1, 2, 2, 1, 1, 2]);
    }

    #[test]
    fn the_filter_is_chosen_by_the_whole_row_not_by_a_sample_of_it() {
        // 256 pixels: 64 groups of four, of which every fourth (0, 4, 8,
        // …) is sampled to guess whether a row is mostly changed. Row 1
        // changes just the sampled groups (a quarter of the row: Up); row 2
        // is a flat line across but for the sampled groups, which repeat
        // row 1 (three quarters of the row change, and Sub leaves fewer).
        let sampled = |x: u32| (x / 4).is_multiple_of(4);
        let p = pixmap(256, 4, |x, y| match y {
            1 if sampled(x) => [200, 30, 30, 255],
            2 if sampled(x) => [200, 30, 30, 255],
            2 => [10, 20, 30, 255],
            _ => [255, 255, 255, 255],
        });
        let (pixels, _, filters) = decode(&fast(&p, Some(true)));
        assert_eq!(filters, [1, 2, 1, 1]);
        let want: Vec<u8> = p.data().chunks(4).flat_map(|px| px[..3].to_vec()).collect();
        assert_eq!(pixels, want);
    }

    #[test]
    fn fast_png_keeps_translucency_and_stores_noise() {
        let p = pixmap(13, 5, |x, y| {
            [(x * 19) as u8, (y * 50) as u8, 99, (x * 20) as u8]
        });
        let (pixels, color, _) = decode(&fast(&p, None));
        assert_eq!(color, png::ColorType::Rgba);
        let mut want = Vec::new();
        rgba(p.data(), &mut want);
        assert_eq!(pixels, want);

        // Noise does not compress: the stream is stored, not larger.
        let mut state = 0x2545_f491_u32;
        let mut noise = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()
        };
        let p = pixmap(101, 37, |_, _| {
            let [r, g, b, _] = noise();
            [r, g, b, 255]
        });
        let bytes = fast(&p, Some(true));
        let raw = (101 * 3 + 1) * 37;
        let stored = fdeflate::StoredOnlyCompressor::<()>::compressed_size(raw);
        assert!(
            bytes.len() < stored + 100,
            "{} bytes for {raw} raw",
            bytes.len()
        );
        let (pixels, _, filters) = decode(&bytes);
        assert!(filters.iter().all(|&f| f == 0));
        let want: Vec<u8> = p.data().chunks(4).flat_map(|px| px[..3].to_vec()).collect();
        assert_eq!(pixels, want);
    }

    #[test]
    fn fast_png_records_the_dpi() {
        let bytes = fast(&pixmap(2, 2, |_, _| [1, 2, 3, 255]), Some(true));
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes[..]));
        let reader = decoder.read_info().unwrap();
        let dims = reader.info().pixel_dims.expect("a pHYs chunk");
        // 100 dpi = 3937 pixels per metre.
        assert_eq!(
            (dims.xppu, dims.yppu, dims.unit),
            (3937, 3937, png::Unit::Meter)
        );
    }
}
