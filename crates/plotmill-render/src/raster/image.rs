//! PNG encoding.

use tiny_skia::Pixmap;

use super::deflate::ZlibStream;

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
pub(super) fn encode_png_with(
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

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The fast PNG: each row filtered with Up (less the row above) or Sub
/// (less the pixel to the left) straight from the pixmap, so that no
/// converted copy of the image is made. Opaque images go to plotmill's own
/// deflate ([`super::deflate`]), which is told about runs of zeros rather
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

/// The zlib stream of an opaque pixmap's rows, as RGB. Each row takes the
/// filter that leaves fewer groups of four pixels non-zero: Up where rows
/// repeat (vertical lines, the insides of cells), Sub where a row is runs
/// (horizontal lines); Sub is only tried when Up changes more than half the
/// row. The filtered bytes go to the [`ZlibStream`] as they are made;
/// unchanged groups as twelve zeros, which are never written out.
fn filter_rows(pixmap: &Pixmap, stream: &mut ZlibStream<'_>) {
    let width = pixmap.width() as usize;
    let groups = width.div_ceil(4);
    let mut above: Option<&[u8]> = None;
    let mut count_first = false;
    for row in pixmap.data().chunks_exact(width * 4) {
        match above {
            Some(above) if row == above => {
                stream.byte(UP);
                stream.zeros(width * 3);
            }
            Some(above) => {
                // Up as it comes, for most rows take it; a row that turns
                // out mostly changed is taken back, counted, and written
                // with the filter that changes fewer groups. Such rows come
                // together (a line across, a band of dense markers): after
                // one, the next is counted before it is written.
                let mark = stream.mark();
                let direct = !count_first;
                if direct {
                    stream.byte(UP);
                }
                if !direct || !emit_up(stream, row, above, groups / 2) {
                    stream.rewind(mark);
                    let up = changed(up_pairs(row, above));
                    count_first = up > groups / 2;
                    if count_first && changed(sub_pairs(row)) < up {
                        stream.byte(SUB);
                        emit(stream, sub_pairs(row));
                    } else {
                        stream.byte(UP);
                        emit_up(stream, row, above, usize::MAX);
                    }
                }
            }
            None => {
                stream.byte(SUB);
                emit(stream, sub_pairs(row));
            }
        }
        above = Some(row);
    }
}

/// PNG's filter type bytes.
const SUB: u8 = 1;
const UP: u8 = 2;

/// A row's pixels in groups of four (one little-endian 128-bit word of
/// RGBA), each with the four pixels it is filtered against; a last group of
/// fewer than four pixels is padded with zeros in both, and `len` says how
/// many pixels are real.
#[derive(Debug, Clone, Copy)]
struct Pair {
    a: u128,
    b: u128,
    len: usize,
}

/// [`Pair`]s for the Up filter: each group and the group above.
fn up_pairs<'r>(row: &'r [u8], above: &'r [u8]) -> impl Iterator<Item = Pair> + 'r {
    let (rows, aboves) = (row.chunks_exact(16), above.chunks_exact(16));
    let tail = (!rows.remainder().is_empty()).then(|| Pair {
        a: padded(rows.remainder()),
        b: padded(aboves.remainder()),
        len: rows.remainder().len() / 4,
    });
    rows.zip(aboves)
        .map(|(a, b)| Pair {
            a: word(a),
            b: word(b),
            len: 4,
        })
        .chain(tail)
}

/// [`Pair`]s for the Sub filter: each group and its left neighbours (the
/// group's first three pixels moved up one, under the last pixel of the
/// group before).
fn sub_pairs(row: &[u8]) -> impl Iterator<Item = Pair> + '_ {
    let groups = row.chunks_exact(16);
    let rest = groups.remainder();
    let tail = (!rest.is_empty()).then(|| (padded(rest), rest.len() / 4));
    let mut last = 0u128;
    groups
        .map(|a| (word(a), 4))
        .chain(tail)
        .map(move |(a, len)| {
            let b = (a << 32) | (last >> 96);
            last = a;
            Pair { a, b, len }
        })
}

/// How many groups differ from what they are filtered against.
fn changed(pairs: impl Iterator<Item = Pair>) -> usize {
    pairs.filter(|p| p.a != p.b).count()
}

/// Hands the filtered row to `stream`: RGB differences where a group
/// changed, zeros where it did not. Returns how many groups changed.
fn emit(stream: &mut ZlibStream<'_>, pairs: impl Iterator<Item = Pair>) -> usize {
    let mut changed = 0;
    for Pair { a, b, len } in pairs {
        if a == b {
            stream.zeros(len * 3);
            continue;
        }
        changed += 1;
        if len == 4 {
            stream.bytes12(rgb_word(sub_bytes(a, b)));
        } else {
            for &x in &drop_alpha(sub_bytes(a, b))[..len * 3] {
                stream.byte(x);
            }
        }
    }
    changed
}

/// Whether sixteen pixels equal sixteen others: four word comparisons
/// folded into one branch (an array `==` would call memcmp).
#[inline]
fn same64(a: &[u8; 64], b: &[u8; 64]) -> bool {
    let (a, _) = a.as_chunks::<16>();
    let (b, _) = b.as_chunks::<16>();
    a.iter().zip(b).fold(0u128, |acc, (x, y)| {
        acc | (u128::from_le_bytes(*x) ^ u128::from_le_bytes(*y))
    }) == 0
}

/// [`emit`] for the Up filter, faster: sixteen pixels that equal those
/// above (most of a row) are passed over with one comparison. Gives up,
/// returning false, once more than `limit` groups have changed.
fn emit_up(stream: &mut ZlibStream<'_>, row: &[u8], above: &[u8], limit: usize) -> bool {
    let (blocks, rest) = row.as_chunks::<64>();
    let (blocks_above, rest_above) = above.as_chunks::<64>();
    let mut changed = 0;
    for (block, block_above) in blocks.iter().zip(blocks_above) {
        if same64(block, block_above) {
            stream.zeros(48);
            continue;
        }
        let (groups, _) = block.as_chunks::<16>();
        let (groups_above, _) = block_above.as_chunks::<16>();
        for (a, b) in groups.iter().zip(groups_above) {
            let (a, b) = (u128::from_le_bytes(*a), u128::from_le_bytes(*b));
            if a == b {
                stream.zeros(12);
            } else {
                stream.bytes12(rgb_word(sub_bytes(a, b)));
                changed += 1;
            }
        }
        if changed > limit {
            return false;
        }
    }
    changed += emit(stream, up_pairs(rest, rest_above));
    changed <= limit
}

/// Sixteen byte-wise wrapping subtractions in one: the low seven bits of
/// each byte cannot borrow from the next byte, the top bit is fixed up
/// after.
fn sub_bytes(a: u128, b: u128) -> u128 {
    const HIGH: u128 = u128::from_le_bytes([0x80; 16]);
    ((a | HIGH) - (b & !HIGH)) ^ ((a ^ !b) & HIGH)
}

/// Up to sixteen bytes as a little-endian word, zeros after them.
fn padded(bytes: &[u8]) -> u128 {
    let mut w = [0u8; 16];
    w[..bytes.len()].copy_from_slice(bytes);
    u128::from_le_bytes(w)
}

/// The zlib stream of a translucent pixmap's rows: demultiplied to straight
/// RGBA, Up-filtered, compressed by fdeflate.
fn deflate_translucent(
    pixmap: &Pixmap,
    scratch: &mut Vec<u8>,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let rgba_len = pixmap.width() as usize * 4;
    // The filtered row (filter byte first), this row and the one above.
    scratch.clear();
    scratch.resize(3 * rgba_len + 1, 0);
    let (up, rest) = scratch.split_at_mut(rgba_len + 1);
    let (this, above) = rest.split_at_mut(rgba_len);
    up[0] = UP;
    let mut compressor = fdeflate::Compressor::new(&mut *out)?;
    for row in pixmap.data().chunks_exact(rgba_len) {
        demultiply(row, this);
        for ((f, &a), &b) in up[1..].iter_mut().zip(this.iter()).zip(above.iter()) {
            *f = a.wrapping_sub(b);
        }
        above.copy_from_slice(this);
        compressor.write_data(up)?;
    }
    compressor.finish()?;
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

/// Sixteen bytes as a little-endian word (zero if fewer are given).
fn word(bytes: &[u8]) -> u128 {
    <[u8; 16]>::try_from(bytes).map_or(0, u128::from_le_bytes)
}

/// Four RGBA pixels in a little-endian word, without their alpha bytes:
/// twelve RGB bytes in the low 96 bits.
fn rgb_word(v: u128) -> u128 {
    (v & 0xff_ffff)
        | ((v >> 8) & (0xff_ffff << 24))
        | ((v >> 16) & (0xff_ffff << 48))
        | ((v >> 24) & (0xff_ffff << 72))
}

/// [`rgb_word`] as bytes.
fn drop_alpha(v: u128) -> [u8; 12] {
    let mut out = [0; 12];
    out.copy_from_slice(&rgb_word(v).to_le_bytes()[..12]);
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
