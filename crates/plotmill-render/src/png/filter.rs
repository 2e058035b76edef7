//! PNG's row filters, straight from tiny-skia's premultiplied RGBA: Up and
//! Sub chosen per row for opaque images (the filtered bytes go to the
//! [`ZlibStream`] as they are made), Up for translucent ones; and the pixel
//! conversions to RGB and straight RGBA.

use tiny_skia::Pixmap;

use super::zlib::ZlibStream;

/// The zlib stream of an opaque pixmap's rows, as RGB. Each row takes the
/// filter that leaves fewer groups of four pixels non-zero: Up where rows
/// repeat (vertical lines, the insides of cells), Sub where a row is runs
/// (horizontal lines); Sub is only tried when Up changes more than half the
/// row. The filtered bytes go to the [`ZlibStream`] as they are made;
/// unchanged groups as twelve zeros, which are never written out.
pub(super) fn filter_rows(pixmap: &Pixmap, stream: &mut ZlibStream<'_>) {
    let width = pixmap.width() as usize;
    let groups = width.div_ceil(4);
    let mut above: Option<&[u8]> = None;
    for row in pixmap.data().chunks_exact(width * 4) {
        match above {
            Some(above) if row == above => {
                stream.byte(UP);
                stream.zeros(width * 3);
            }
            Some(above) => {
                // Up as it comes, for most rows take it; a row that turns
                // out mostly changed is taken back, counted, and written
                // with the filter that changes fewer groups. A row that a
                // sample of its groups says is mostly changed (a line
                // across, a band of dense markers, the border between
                // heatmap cells) is counted before it is written. Either
                // way the filter is the same: Up unless more than half the
                // groups change, then the one that changes fewer.
                let mark = stream.mark();
                let direct = !mostly_changed(row, above);
                if direct {
                    stream.byte(UP);
                }
                if !direct || !emit_up(stream, row, above, groups / 2) {
                    stream.rewind(mark);
                    let up = changed(up_pairs(row, above));
                    if up > groups / 2 && changed(sub_pairs(row)) < up {
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

/// Whether most of sixteen or so groups of four pixels spread along the row
/// differ from those above: a guess at whether most of the row does.
fn mostly_changed(row: &[u8], above: &[u8]) -> bool {
    const SAMPLES: usize = 16;
    let (groups, _) = row.as_chunks::<16>();
    let (groups_above, _) = above.as_chunks::<16>();
    let step = (groups.len() / SAMPLES).max(1);
    let (mut taken, mut differ) = (0, 0);
    for (a, b) in groups.iter().zip(groups_above).step_by(step) {
        taken += 1;
        differ += usize::from(word(a) != word(b));
    }
    2 * differ > taken
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
pub(super) fn deflate_translucent(
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
pub(super) fn demultiply(bytes: &[u8], out: &mut [u8]) {
    for (d, px) in out.chunks_exact_mut(4).zip(bytes.chunks_exact(4)) {
        let c = tiny_skia::PremultipliedColorU8::from_rgba(px[0], px[1], px[2], px[3])
            .map(|c| c.demultiply())
            .unwrap_or(tiny_skia::ColorU8::from_rgba(0, 0, 0, 0));
        d.copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
}

/// Premultiplied RGBA to RGB, for opaque pixels (where the two agree):
/// four pixels at a time, in a 128-bit word.
pub(super) fn rgb(bytes: &[u8], out: &mut Vec<u8>) {
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
pub(super) fn rgb_into(bytes: &[u8], out: &mut [u8]) {
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
pub(super) fn rgba(bytes: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.resize(bytes.len(), 0);
    demultiply(bytes, out);
}
