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
    // The fast level is plotmill's own; the others are the png crate's.
    let (level, filter) = match compression {
        Compression::Fast => {
            return encode_fast(pixmap, opaque, dpi, data, out)
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
    if opaque {
        rgb(bytes, data);
    } else {
        rgba(bytes, data);
    }
    let mut writer = encoder.write_header()?;
    writer.write_image_data(data)?;
    writer.finish()
}

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The fast PNG: each row filtered with Up (less the row above) or Sub (less
/// the pixel to the left) and fed to fdeflate's PNG-tuned compressor
/// straight from the pixmap, so that no converted copy of the image is
/// made: a row's conversion, filter and compression happen while it is in
/// cache. `scratch` holds the two filtered rows (and, for translucent
/// images, two demultiplied ones).
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
    let mut ihdr = [0u8; 13];
    ihdr[..4].copy_from_slice(&width.to_be_bytes());
    ihdr[4..8].copy_from_slice(&height.to_be_bytes());
    // 8 bits per channel, RGB (2) or RGBA (6), deflate, adaptive filters,
    // no interlace.
    ihdr[8..].copy_from_slice(&[8, if opaque { 2 } else { 6 }, 0, 0, 0]);
    chunk(out, b"IHDR", &ihdr);
    let ppm = (dpi / 0.0254).round() as u32;
    let mut phys = [1u8; 9];
    phys[..4].copy_from_slice(&ppm.to_be_bytes());
    phys[4..8].copy_from_slice(&ppm.to_be_bytes());
    chunk(out, b"pHYs", &phys);

    // Rows: two filtered rows (filter byte first) to choose from, and for
    // translucent images this row and the one above, demultiplied.
    scratch.clear();
    scratch.resize(2 * (row_len + 1) + if opaque { 0 } else { rgba_len * 2 }, 0);
    let (up, rest) = scratch.split_at_mut(row_len + 1);
    let (sub, rest) = rest.split_at_mut(row_len + 1);
    let (this, above) = rest.split_at_mut(rest.len() / 2);
    up[0] = 2;
    sub[0] = 1;
    let idat = out.len();
    let mut compressor = fdeflate::Compressor::new(&mut *out)?;
    let mut previous: Option<&[u8]> = None;
    let groups = (width as usize).div_ceil(4);
    for row in pixmap.data().chunks_exact(rgba_len) {
        let filtered: &[u8] = if opaque {
            // Premultiplied and straight agree for opaque pixels. Each row
            // takes the filter that leaves fewer pixels non-zero: Up where
            // rows repeat (vertical lines, the insides of cells), Sub where
            // a row is runs (horizontal lines). Zeros are what fdeflate
            // compresses fastest and smallest. Sub is only tried when Up
            // changes more than half the row.
            let changed_above = previous.map_or(usize::MAX, |p| rgb_up(row, p, &mut up[1..]));
            if changed_above > groups / 2 && rgb_sub(row, &mut sub[1..]) < changed_above {
                sub
            } else {
                up
            }
        } else {
            demultiply(row, this);
            for ((f, &a), &b) in up[1..].iter_mut().zip(this.iter()).zip(above.iter()) {
                *f = a.wrapping_sub(b);
            }
            above.copy_from_slice(this);
            up
        };
        compressor.write_data(filtered)?;
        previous = Some(row);
    }
    compressor.finish()?;
    // Noise compresses to more than it is; store it then, as libpng would.
    let raw = (row_len + 1) * height as usize;
    if out.len() - idat > fdeflate::StoredOnlyCompressor::<()>::compressed_size(raw) {
        out.truncate(idat);
        let mut cursor = std::io::Cursor::new(&mut *out);
        cursor.set_position(idat as u64);
        let mut stored = fdeflate::StoredOnlyCompressor::new(cursor)?;
        let raw = &mut *up;
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

/// The largest chunk PNG allows (2^31 - 1 bytes of data).
const MAX_CHUNK: usize = i32::MAX as usize;

/// Appends one PNG chunk: length, type, data, CRC of type and data.
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// The Up filter of opaque RGBA `row` under `above`, as RGB into `out`;
/// returns how many groups of four pixels differ from those above.
fn rgb_up(row: &[u8], above: &[u8], out: &mut [u8]) -> usize {
    if row == above {
        out.fill(0);
        return 0;
    }
    let whole = row.len() / 16 * 16;
    let (dst4, dst_rest) = out.split_at_mut(whole / 16 * 12);
    let pairs = row[..whole]
        .chunks_exact(16)
        .zip(above[..whole].chunks_exact(16));
    let mut changed = 0;
    for (d, (a, b)) in dst4.chunks_exact_mut(12).zip(pairs) {
        changed += usize::from(filter_group(d, word(a), word(b)));
    }
    let rest = row[whole..]
        .chunks_exact(4)
        .zip(above[whole..].chunks_exact(4));
    for (d, (a, b)) in dst_rest.chunks_exact_mut(3).zip(rest) {
        filter_pixel(d, a, b);
    }
    changed + usize::from(!dst_rest.is_empty())
}

/// The Sub filter of opaque RGBA `row` (less the pixel to the left), as
/// RGB into `out`; returns how many groups of four pixels differ from their
/// left neighbours.
fn rgb_sub(row: &[u8], out: &mut [u8]) -> usize {
    let whole = row.len() / 16 * 16;
    let (dst4, dst_rest) = out.split_at_mut(whole / 16 * 12);
    let mut last = 0u128;
    let mut changed = 0;
    for (d, a) in dst4.chunks_exact_mut(12).zip(row[..whole].chunks_exact(16)) {
        let a = word(a);
        // The left neighbours: the group's first three pixels, moved up
        // one, under the last pixel of the group before.
        let left = (a << 32) | (last >> 96);
        last = a;
        changed += usize::from(filter_group(d, a, left));
    }
    for (k, d) in dst_rest.chunks_exact_mut(3).enumerate() {
        let i = whole + 4 * k;
        let left = if i >= 4 { &row[i - 4..i] } else { &[0; 4] };
        filter_pixel(d, &row[i..i + 4], left);
    }
    changed + usize::from(!dst_rest.is_empty())
}

/// One group of four opaque RGBA pixels `a` (a little-endian word) less
/// the reference pixels `b`, as twelve RGB bytes into `d`; `false` when
/// they are equal (most of a chart: backgrounds, the insides of cells).
fn filter_group(d: &mut [u8], a: u128, b: u128) -> bool {
    const HIGH: u128 = u128::from_le_bytes([0x80; 16]);
    let Ok(d) = <&mut [u8; 12]>::try_from(d) else {
        return false;
    };
    if a == b {
        *d = [0; 12];
        return false;
    }
    // Sixteen byte-wise wrapping subtractions in one: the low seven bits of
    // each byte cannot borrow from the next byte, the top bit is fixed up
    // after.
    let v = ((a | HIGH) - (b & !HIGH)) ^ ((a ^ !b) & HIGH);
    *d = drop_alpha(v);
    true
}

/// One pixel's RGB less the reference pixel's.
fn filter_pixel(d: &mut [u8], a: &[u8], b: &[u8]) {
    for ((d, &a), &b) in d.iter_mut().zip(a).zip(b) {
        *d = a.wrapping_sub(b);
    }
}

/// Sixteen bytes as a little-endian word (zero if fewer are given).
fn word(bytes: &[u8]) -> u128 {
    <[u8; 16]>::try_from(bytes).map_or(0, u128::from_le_bytes)
}

/// Four RGBA pixels in a little-endian word, without their alpha bytes.
fn drop_alpha(v: u128) -> [u8; 12] {
    let rgb = (v & 0xff_ffff)
        | ((v >> 8) & (0xff_ffff << 24))
        | ((v >> 16) & (0xff_ffff << 48))
        | ((v >> 24) & (0xff_ffff << 72));
    let mut out = [0; 12];
    out.copy_from_slice(&rgb.to_le_bytes()[..12]);
    out
}

/// Premultiplied RGBA to straight RGBA, into a slice of the same length.
fn demultiply(bytes: &[u8], out: &mut [u8]) {
    for (d, px) in out.chunks_exact_mut(4).zip(bytes.chunks_exact(4)) {
        let c = tiny_skia::PremultipliedColorU8::from_rgba(px[0], px[1], px[2], px[3])
            .map(|c| c.demultiply())
            .unwrap_or(tiny_skia::ColorU8::from_rgba(0, 0, 0, 0));
        d.copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
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
    rgb_into(bytes, out);
}

/// [`rgb`] into a slice of three quarters the length: four pixels at a
/// time, in a 128-bit word.
fn rgb_into(bytes: &[u8], out: &mut [u8]) {
    let (src4, src_rest) = bytes.split_at(bytes.len() / 16 * 16);
    let (dst4, dst_rest) = out.split_at_mut(src4.len() / 16 * 12);
    for (d, s) in dst4.chunks_exact_mut(12).zip(src4.chunks_exact(16)) {
        d.copy_from_slice(&drop_alpha(word(s)));
    }
    for (d, s) in dst_rest.chunks_exact_mut(3).zip(src_rest.chunks_exact(4)) {
        d.copy_from_slice(&s[..3]);
    }
}

/// Premultiplied RGBA to straight RGBA.
fn rgba(bytes: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.resize(bytes.len(), 0);
    demultiply(bytes, out);
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
