//! Anti-aliased filling by exact area coverage: every edge adds, to each
//! pixel cell it passes, the signed area it sweeps to the cell's right
//! edge, and the running sum along a row is then how much of each pixel
//! the shape covers (its winding number, averaged over the pixel) — as Agg
//! (matplotlib's renderer) finds coverage, and in one pass over the edges
//! and one over the shape's box, where a supersampling scan converter
//! walks each pixel row four times. A shape's outline is turned into a
//! shape and filled so: a mitred one (a box's) by tiny-skia's stroker, a
//! round one (a violin's) by [`super::outline`]; open lines are drawn by
//! [`super::stroke`].

use plotmill_scene::Color;
use tiny_skia::{Path, PathSegment, Pixmap};

use super::shape::mix_over;
use super::stroke::Lines;

/// How far a flattened curve may stray from the true one, in pixels.
pub(super) const TOLERANCE: f32 = 0.1;

/// The rule that says which points are inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rule {
    /// Inside where the winding number is not zero.
    NonZero,
    /// Inside where it is odd.
    EvenOdd,
}

/// The edges of one shape and its coverage cells, kept between shapes so
/// that a scene allocates them once.
#[derive(Debug, Default)]
pub(super) struct Coverage {
    /// Edges in pixels: (x0, y0, x1, y1).
    edges: Vec<[f32; 4]>,
    /// Signed area per cell over the shape's box, one spare column; all
    /// zero between shapes (each row's touched cells are zeroed as it is
    /// drawn).
    cells: Vec<f32>,
    /// A bit per cell, set where an edge added to it: a row is walked from
    /// one touched cell to the next (between them its sum does not
    /// change), however wide the shape's box. All zero between shapes.
    touched: Vec<u64>,
    /// When a shape is drawn in bands of rows: the edges that cross each
    /// band, as indices into `edges`, band after band (band `b`'s are
    /// `band_edges[band_at[b]..band_at[b + 1]]`; an edge crossing several
    /// bands is in each).
    band_edges: Vec<u32>,
    band_at: Vec<u32>,
    /// The start of the current contour and the pen.
    start: (f32, f32),
    pen: (f32, f32),
    /// Set while a fill has cells or bits that are not zero: a fill cut
    /// short by a panic leaves it set, and the next fill clears them all
    /// before it draws (the cells are kept from chart to chart).
    dirty: bool,
    /// Open lines' coverage: lines are stroked straight into the pixels,
    /// not outlined and filled here.
    pub(super) lines: Lines,
    /// A round outline's corners ([`super::outline`]).
    pub(super) ring: Vec<(f32, f32)>,
}

impl Coverage {
    /// Bytes held for reuse.
    pub(super) fn capacity(&self) -> usize {
        self.edges.capacity() * size_of::<[f32; 4]>()
            + self.cells.capacity() * size_of::<f32>()
            + self.touched.capacity() * size_of::<u64>()
            + (self.band_edges.capacity() + self.band_at.capacity()) * size_of::<u32>()
            + self.lines.capacity()
            + self.ring.capacity() * size_of::<(f32, f32)>()
    }

    /// Gives back memory beyond `bytes` per buffer.
    pub(super) fn shrink_to(&mut self, bytes: usize) {
        self.edges.clear();
        self.edges.shrink_to(bytes / size_of::<[f32; 4]>());
        // Zero where kept (as between shapes), so the cells can be cut.
        self.cells.clear();
        self.cells.shrink_to(bytes / size_of::<f32>());
        self.touched.clear();
        self.touched.shrink_to(bytes / size_of::<u64>());
        self.band_edges.clear();
        self.band_edges.shrink_to(bytes / size_of::<u32>());
        self.band_at.clear();
        self.band_at.shrink_to(bytes / size_of::<u32>());
        self.dirty = false;
        self.lines.shrink_to(bytes);
        self.ring.clear();
        self.ring.shrink_to(bytes / size_of::<(f32, f32)>());
    }

    /// Starts a new shape.
    pub(super) fn clear(&mut self) {
        self.edges.clear();
    }

    pub(super) fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        if !(x.is_finite() && y.is_finite()) {
            return;
        }
        self.start = (x, y);
        self.pen = (x, y);
    }

    /// A line from the pen. A point that is not finite is passed over (the
    /// contour goes on from the last one), so that it cannot spill a
    /// not-a-number coverage along the rest of its rows.
    pub(super) fn line_to(&mut self, x: f32, y: f32) {
        if !(x.is_finite() && y.is_finite()) {
            return;
        }
        let (x0, y0) = self.pen;
        if y0 != y {
            self.edges.push([x0, y0, x, y]);
        }
        self.pen = (x, y);
    }

    /// Closes the current contour (every contour is filled as closed).
    pub(super) fn close(&mut self) {
        let (x, y) = self.start;
        self.line_to(x, y);
    }

    /// A quadratic Bézier from the pen, as lines.
    fn quad_to(&mut self, c: (f32, f32), p: (f32, f32)) {
        let p0 = self.pen;
        let dev = ((p0.0 - 2.0 * c.0 + p.0).hypot(p0.1 - 2.0 * c.1 + p.1)) / 4.0;
        let n = steps(dev);
        for i in 1..=n {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            self.line_to(
                u * u * p0.0 + 2.0 * u * t * c.0 + t * t * p.0,
                u * u * p0.1 + 2.0 * u * t * c.1 + t * t * p.1,
            );
        }
    }

    /// A cubic Bézier from the pen, as lines.
    fn cubic_to(&mut self, c1: (f32, f32), c2: (f32, f32), p: (f32, f32)) {
        let p0 = self.pen;
        let d1 = (p0.0 - 2.0 * c1.0 + c2.0).hypot(p0.1 - 2.0 * c1.1 + c2.1);
        let d2 = (c1.0 - 2.0 * c2.0 + p.0).hypot(c1.1 - 2.0 * c2.1 + p.1);
        let n = steps(0.75 * d1.max(d2));
        for i in 1..=n {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.line_to(
                a * p0.0 + b * c1.0 + c * c2.0 + d * p.0,
                a * p0.1 + b * c1.1 + c * c2.1 + d * p.1,
            );
        }
    }

    /// Adds `path`'s contours (in pixels), curves as lines.
    pub(super) fn add_path(&mut self, path: &Path) {
        for segment in path.segments() {
            match segment {
                PathSegment::MoveTo(p) => self.move_to(p.x, p.y),
                PathSegment::LineTo(p) => self.line_to(p.x, p.y),
                PathSegment::QuadTo(c, p) => self.quad_to((c.x, c.y), (p.x, p.y)),
                PathSegment::CubicTo(c1, c2, p) => {
                    self.cubic_to((c1.x, c1.y), (c2.x, c2.y), (p.x, p.y));
                }
                PathSegment::Close => self.close(),
            }
        }
        self.close();
    }

    /// Fills the shape into `pixmap` in `color` (source over), and clears
    /// it once drawn. False, with nothing drawn, when the shape reaches too
    /// far past the page's sides to hold in cells (the caller draws it
    /// another way).
    pub(super) fn fill(&mut self, pixmap: &mut Pixmap, color: Color, rule: Rule) -> bool {
        self.close();
        let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
        let (mut x0, mut y0) = (f32::INFINITY, f32::INFINITY);
        let (mut x1, mut y1) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
        for e in &self.edges {
            x0 = x0.min(e[0]).min(e[2]);
            x1 = x1.max(e[0]).max(e[2]);
            y0 = y0.min(e[1]).min(e[3]);
            y1 = y1.max(e[1]).max(e[3]);
        }
        if self.edges.is_empty() || !(x0.is_finite() && x1.is_finite()) {
            return true;
        }
        // The box's rows on the page; its columns from the shape's left
        // (coverage to the left of the page still adds to the row's sum).
        let top = (y0.floor() as i64).max(0);
        let bottom = (y1.ceil() as i64).min(ph);
        if top >= bottom || x0 >= pw as f32 {
            return true;
        }
        let left = x0.floor() as i64;
        let width = (x1.ceil() as i64 - left + 2) as usize;
        let rows = (bottom - top) as usize;
        // A shape reaching far past the page's sides is left to tiny-skia,
        // which clips before it allocates: the cells stay within a few
        // pages' worth.
        if width > 4 * pw as usize + 64 {
            return false;
        }
        // The shape is drawn in bands of rows, each band's cells filled by
        // the edges that cross it and swept onto the page before the next:
        // the cells are a band's, not the whole box's (a line across a
        // 600-dpi plot would take 26 MB of them).
        let band = (BAND_CELLS / width).clamp(MIN_BAND, rows.max(MIN_BAND));
        if std::mem::replace(&mut self.dirty, true) {
            self.cells.fill(0.0);
            self.touched.fill(0);
        }
        let kept = band.min(rows);
        if self.cells.len() < width * kept {
            self.cells.resize(width * kept, 0.0);
        }
        let words = width.div_ceil(64);
        if self.touched.len() < words * kept {
            self.touched.resize(words * kept, 0);
        }
        let (ox, oy) = (left as f32, top as f32);
        for e in &mut self.edges {
            *e = [e[0] - ox, e[1] - oy, e[2] - ox, e[3] - oy];
        }
        let bands = rows.div_ceil(band);
        if bands > 1 {
            self.sort_into_bands(rows, band);
        }
        let [cr, cg, cb, ca] = color.to_rgba8();
        let src = u32::from_le_bytes([cr, cg, cb, 255]);
        let alpha = f32::from(ca);
        let data = pixmap.data_mut();
        for b in 0..bands {
            let (r0, r1) = (b * band, ((b + 1) * band).min(rows));
            let mut grid = Grid {
                cells: &mut self.cells,
                touched: &mut self.touched,
                width,
                words,
                rows: r0..r1,
            };
            if bands > 1 {
                let at = self.band_at[b] as usize..self.band_at[b + 1] as usize;
                for &k in &self.band_edges[at] {
                    let e = self.edges[k as usize];
                    grid.accumulate((e[0], e[1]), (e[2], e[3]));
                }
            } else {
                for e in &self.edges {
                    grid.accumulate((e[0], e[1]), (e[2], e[3]));
                }
            }
            for (r, (row, bits)) in self
                .cells
                .chunks_exact_mut(width)
                .zip(self.touched.chunks_exact_mut(words))
                .take(r1 - r0)
                .enumerate()
            {
                let y = top + (r0 + r) as i64;
                let line = &mut data[(y * pw * 4) as usize..((y + 1) * pw * 4) as usize];
                let (pixels, _) = line.as_chunks_mut::<4>();
                let mut sum = 0.0f32;
                // Each touched cell in turn (left and right of them a row's
                // sum is zero: every contour is closed): the sum after it
                // holds up to the next one (after the last, for that cell).
                let mut next = Touched::new(bits);
                let mut at = next.next();
                while let Some(i) = at {
                    sum += row[i];
                    row[i] = 0.0;
                    at = next.next();
                    let j = at.unwrap_or(i + 1);
                    let w = sum.abs();
                    let cover = match rule {
                        Rule::NonZero => w.min(1.0),
                        Rule::EvenOdd => {
                            let m = w % 2.0;
                            if m > 1.0 { 2.0 - m } else { m }
                        }
                    };
                    // At most 255.5: through i32, one conversion instruction.
                    let a = (cover * alpha + 0.5) as i32 as u32;
                    let x0 = (left + i as i64).clamp(0, pw) as usize;
                    let x1 = (left + j as i64).clamp(0, pw) as usize;
                    if x0 >= x1 {
                        continue;
                    }
                    // The touched cell's own pixel whatever its coverage
                    // (none leaves the pixel as it is): no branch that waits
                    // on it. A stroke's touched cells alternate between
                    // covered and not in no pattern a branch could learn;
                    // the pixels after the touched one (a run to the next,
                    // inside or outside the shape) are rarer.
                    let px = &mut pixels[x0];
                    *px = mix_over(src, u32::from_le_bytes(*px), a).to_le_bytes();
                    if (a == 0) | (x1 == x0 + 1) {
                        continue;
                    }
                    let run = &mut pixels[x0 + 1..x1];
                    if a >= 255 {
                        run.fill([cr, cg, cb, 255]);
                    } else {
                        for px in run {
                            *px = mix_over(src, u32::from_le_bytes(*px), a).to_le_bytes();
                        }
                    }
                }
            }
        }
        self.dirty = false;
        // Moved into the box's coordinates above: not to be drawn again.
        self.edges.clear();
        true
    }
}

impl Coverage {
    /// Lists, band by band, the edges (in box coordinates) that cross each
    /// band's rows, in the edges' own order: a cell then adds its edges'
    /// areas in the same order however the shape is banded, so the bytes
    /// do not depend on the band height.
    fn sort_into_bands(&mut self, rows: usize, band: usize) {
        let bands = rows.div_ceil(band);
        self.band_at.clear();
        self.band_at.resize(bands + 1, 0);
        // Counted, then summed: each band's slot holds where it ends.
        for e in &self.edges {
            if let Some((b0, b1)) = bands_of(e, rows, band) {
                for n in &mut self.band_at[b0..=b1] {
                    *n += 1;
                }
            }
        }
        for b in 1..=bands {
            self.band_at[b] += self.band_at[b - 1];
        }
        self.band_edges.clear();
        self.band_edges.resize(self.band_at[bands - 1] as usize, 0);
        // Placed from the last edge back, each band filled from its end:
        // then each slot holds where its band starts, and a band's edges
        // are in their own order.
        for (k, e) in self.edges.iter().enumerate().rev() {
            if let Some((b0, b1)) = bands_of(e, rows, band) {
                for end in &mut self.band_at[b0..=b1] {
                    *end -= 1;
                    self.band_edges[*end as usize] = k as u32;
                }
            }
        }
    }
}

/// Cells in one band of a banded fill: 1 MiB of them. A chart at 100 dpi
/// draws every shape in one band (bands cost a little: the edges are
/// sorted into them, and an edge across several is entered in each); a
/// large page draws its long lines and large shapes band by band.
const BAND_CELLS: usize = 1 << 18;
/// The fewest rows in a band (a very wide box still takes its edges some
/// rows at a time).
const MIN_BAND: usize = 16;

/// The first and last band an edge's rows fall in (box coordinates), or
/// none when it crosses no row of the box: the rows [`Grid::accumulate`]
/// walks, reckoned the same way.
fn bands_of(e: &[f32; 4], rows: usize, band: usize) -> Option<(usize, usize)> {
    let (p, q) = if e[1] < e[3] {
        (e[1], e[3])
    } else {
        (e[3], e[1])
    };
    let first = floor(p.max(0.0));
    let last = ceil(q.max(0.0)).min(rows);
    (first < last).then(|| (first / band, (last - 1) / band))
}

/// How many lines a curve that strays `dev` pixels from its chord takes.
fn steps(dev: f32) -> usize {
    if dev.is_finite() {
        ((dev / TOLERANCE).sqrt().ceil() as usize).clamp(1, 100)
    } else {
        1
    }
}

/// The cells of one shape's box, as [`Coverage::fill`] lends them to its
/// edges.
struct Grid<'a> {
    cells: &'a mut [f32],
    touched: &'a mut [u64],
    /// Cells per row, words of `touched` per row, and the rows of the
    /// shape's box the cells hold (the cells start at the first).
    width: usize,
    words: usize,
    rows: std::ops::Range<usize>,
}

impl Grid<'_> {
    /// Adds the signed area the edge from `a` to `b` (box coordinates;
    /// x ≥ 0) sweeps to each cell's right, row by row: downward edges
    /// count +1, upward −1. In each row, cell `i`'s share is how much of it
    /// lies right of the edge, averaged over the row's part the edge
    /// crosses; a cell gets the change in that share from the cell before
    /// (the row's running sum gives it back), and the first cell past the
    /// edge the rest.
    fn accumulate(&mut self, a: (f32, f32), b: (f32, f32)) {
        let width = self.width;
        let (dir, p, q) = if a.1 < b.1 {
            (1.0f32, a, b)
        } else {
            (-1.0f32, b, a)
        };
        let dxdy = (q.0 - p.0) / (q.1 - p.1);
        // Its rows in the band: entering a row part way down the edge,
        // `top` and `xa` are what the row above would have left them.
        let first = floor(p.1.max(0.0)).max(self.rows.start);
        let last = ceil(q.1.max(0.0)).min(self.rows.end);
        let last_col = width - 1;
        // Where the edge enters each row (it leaves where it enters the
        // next).
        let mut top = (first as f32).max(p.1);
        let mut xa = p.0 + (top - p.1) * dxdy;
        // The row's lower boundary, counted in floats (exact: whole
        // numbers), and where the row's cells and bits start.
        let mut next_top = first as f32 + 1.0;
        let from = first.saturating_sub(self.rows.start);
        let (mut base, mut bit_base) = (from * width, from * self.words);
        // Boxes are far narrower than 2^31 cells.
        let last_start = (last_col - 1) as i32;
        for _ in first..last {
            let bottom = next_top.min(q.1);
            next_top += 1.0;
            let dy = bottom - top;
            let xb = p.0 + (bottom - p.1) * dxdy;
            let enter = xa;
            (top, xa) = (bottom, xb);
            let (cells_at, bits_at) = (base, bit_base);
            base += width;
            bit_base += self.words;
            if dy <= 0.0 {
                continue;
            }
            let xa = enter;
            let lo = xa.min(xb).max(0.0);
            let hi = xa.max(xb).max(lo);
            let d = dy * dir;
            let k0 = (lo as i32).min(last_start);
            let c1 = (k0 + 1) as f32;
            let i0 = k0 as usize;
            if hi <= c1 {
                // Within one cell (a steep edge, most rows of a line): the
                // part of it right of the edge is the part right of the
                // edge's middle.
                let share = (c1 - 0.5 * (lo + hi)).clamp(0.0, 1.0);
                let pair = &mut self.cells[cells_at + i0..cells_at + i0 + 2];
                pair[0] += d * share;
                pair[1] += d * (1.0 - share);
                let (w, b) = (bits_at + i0 / 64, i0 % 64);
                if b < 63 {
                    self.touched[w] |= 3 << b;
                } else {
                    self.touched[w] |= 1 << 63;
                    self.touched[w + 1] |= 1;
                }
                continue;
            }
            let span = hi - lo;
            if hi <= c1 + 1.0 && span > 1e-6 && i0 + 2 <= last_col {
                // Across one cell boundary (most rows of a line less steep
                // than a diagonal): the loop below for two cells, the same
                // arithmetic in the same order, unrolled (here lo < c1 < hi,
                // so each cell's part is the loop's non-zero one).
                let c2 = c1 + 1.0;
                let share0 = (c1 - lo) * (c1 - 0.5 * (lo + c1)) / span;
                let part = (hi - c1) * (c2 - 0.5 * (c1 + hi));
                let share1 = ((c1 - lo) + part) / span;
                let three = &mut self.cells[cells_at + i0..cells_at + i0 + 3];
                three[0] += d * share0;
                three[1] += d * (share1 - share0);
                three[2] += d * (1.0 - share1);
                let (w, b) = (bits_at + i0 / 64, i0 % 64);
                if b < 62 {
                    self.touched[w] |= 7 << b;
                } else {
                    mark(&mut self.touched[bits_at..bits_at + self.words], i0, i0 + 2);
                }
                continue;
            }
            let line = &mut self.cells[cells_at..cells_at + width];
            let bits = &mut self.touched[bits_at..bits_at + self.words];
            let i1 = ceil(hi).max(i0 + 1).min(last_col);
            let mut before = 0.0;
            for (i, cell) in line.iter_mut().enumerate().take(i1).skip(i0) {
                let share = if span <= 1e-6 {
                    // Upright: the part of the cell right of x.
                    (i as f32 + 1.0 - lo).clamp(0.0, 1.0)
                } else {
                    let (c0, c1) = (i as f32, i as f32 + 1.0);
                    // Left of the cell the edge leaves it whole; across
                    // it, the part right of each x.
                    let whole = (hi.min(c0) - lo).max(0.0);
                    let (u0, u1) = (lo.max(c0), hi.min(c1));
                    let part = if u1 > u0 {
                        (u1 - u0) * (c1 - 0.5 * (u0 + u1))
                    } else {
                        0.0
                    };
                    (whole + part) / span
                };
                *cell += d * (share - before);
                before = share;
            }
            line[i1] += d * (1.0 - before);
            mark(bits, i0, i1);
        }
    }
}

/// `x.floor()` for `x ≥ 0` (and not a NaN), as an index: a conversion, not
/// a call (without SSE 4.1, `floor` is a library call).
fn floor(x: f32) -> usize {
    // Through i32: one conversion instruction (and a saturating fix-up),
    // where f32 to u64 takes a branch. Boxes are far narrower than 2^31.
    x as i32 as usize
}

/// `x.ceil()` for `x ≥ 0`, as an index.
fn ceil(x: f32) -> usize {
    let t = floor(x);
    if (t as f32) < x { t + 1 } else { t }
}

/// Sets the bits of cells `from..=to` in a row's words.
fn mark(words: &mut [u64], from: usize, to: usize) {
    let (w0, w1) = (from / 64, to / 64);
    let head = u64::MAX << (from % 64);
    let tail = u64::MAX >> (63 - to % 64);
    if w0 == w1 {
        words[w0] |= head & tail;
    } else {
        words[w0] |= head;
        for w in &mut words[w0 + 1..w1] {
            *w = u64::MAX;
        }
        words[w1] |= tail;
    }
}

/// The set bits of a row's words, in order, each word cleared as it is
/// passed.
struct Touched<'a> {
    words: &'a mut [u64],
    at: usize,
    word: u64,
}

impl<'a> Touched<'a> {
    fn new(words: &'a mut [u64]) -> Self {
        let word = std::mem::take(&mut words[0]);
        Touched { words, at: 0, word }
    }
}

impl Iterator for Touched<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.word == 0 {
            self.at += 1;
            self.word = std::mem::take(self.words.get_mut(self.at)?);
        }
        let bit = self.word.trailing_zeros() as usize;
        self.word &= self.word - 1;
        Some(self.at * 64 + bit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The alpha of every pixel after filling `rings` (pixels) in opaque
    /// black on a transparent 20 × 20 page.
    fn alphas(rings: &[&[(f32, f32)]], rule: Rule) -> Vec<f32> {
        let mut pixmap = Pixmap::new(20, 20).unwrap();
        let mut cov = Coverage::default();
        for ring in rings {
            cov.move_to(ring[0].0, ring[0].1);
            for &(x, y) in &ring[1..] {
                cov.line_to(x, y);
            }
        }
        assert!(cov.fill(&mut pixmap, Color::BLACK, rule));
        // The cells are left zeroed for the next shape.
        assert!(cov.cells.iter().all(|&c| c == 0.0));
        crate::raster::alphas_of(&pixmap)
    }

    #[test]
    fn coverage_is_the_area_of_each_pixel_inside() {
        // A square on pixel edges: whole pixels, nothing around.
        let a = alphas(
            &[&[(2.0, 3.0), (6.0, 3.0), (6.0, 8.0), (2.0, 8.0)]],
            Rule::NonZero,
        );
        for (i, &v) in a.iter().enumerate() {
            let (x, y) = (i % 20, i / 20);
            let inside = (2..6).contains(&x) && (3..8).contains(&y);
            assert_eq!(v, if inside { 1.0 } else { 0.0 }, "({x}, {y})");
        }
        // Moved by half a pixel: the edge pixels half covered, corners a
        // quarter (either winding direction).
        let a = alphas(
            &[&[(2.5, 3.5), (2.5, 8.5), (6.5, 8.5), (6.5, 3.5)]],
            Rule::NonZero,
        );
        let at = |x: usize, y: usize| a[y * 20 + x];
        assert!((at(4, 5) - 1.0).abs() < 1e-6);
        assert!((at(2, 5) - 0.5).abs() < 2.0 / 255.0);
        assert!((at(4, 8) - 0.5).abs() < 2.0 / 255.0);
        assert!((at(2, 3) - 0.25).abs() < 2.0 / 255.0);
        // A triangle with sloped edges: its coverage adds up to its area.
        let a = alphas(&[&[(1.3, 1.7), (17.9, 4.2), (6.1, 15.4)]], Rule::NonZero);
        let area = 0.5 * ((17.9 - 1.3) * (15.4 - 1.7) - (6.1 - 1.3) * (4.2 - 1.7f32)).abs();
        let total: f32 = a.iter().sum();
        assert!((total - area).abs() < 0.2, "{total} vs {area}");
    }

    /// The area of `poly` inside the unit pixel at (`x`, `y`): the polygon
    /// clipped to each side of the pixel in turn (Sutherland–Hodgman), then
    /// the shoelace formula. An independent reckoning of what
    /// [`Coverage::fill`] finds by cells.
    fn area_in_pixel(poly: &[(f32, f32)], x: f32, y: f32) -> f32 {
        let mut pts: Vec<(f64, f64)> = poly.iter().map(|&(a, b)| (a.into(), b.into())).collect();
        let (x, y) = (f64::from(x), f64::from(y));
        // Each side as (axis, bound, keep the side above the bound).
        for (axis, bound, above) in [
            (0, x, true),
            (0, x + 1.0, false),
            (1, y, true),
            (1, y + 1.0, false),
        ] {
            let inside = |p: (f64, f64)| {
                let v = if axis == 0 { p.0 } else { p.1 };
                if above { v >= bound } else { v <= bound }
            };
            let mut out = Vec::new();
            for k in 0..pts.len() {
                let (p, q) = (pts[k], pts[(k + 1) % pts.len()]);
                if inside(p) {
                    out.push(p);
                }
                if inside(p) != inside(q) {
                    let (pv, qv) = if axis == 0 { (p.0, q.0) } else { (p.1, q.1) };
                    let t = (bound - pv) / (qv - pv);
                    out.push((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)));
                }
            }
            pts = out;
            if pts.is_empty() {
                return 0.0;
            }
        }
        let twice: f64 = (0..pts.len())
            .map(|k| {
                let (p, q) = (pts[k], pts[(k + 1) % pts.len()]);
                p.0 * q.1 - q.0 * p.1
            })
            .sum();
        (twice / 2.0).abs() as f32
    }

    /// Numbers in [0, 1) from a xorshift generator started at `seed`.
    fn uniform(mut seed: u64) -> impl FnMut() -> f32 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 40) as f32 / (1u64 << 24) as f32
        }
    }

    #[test]
    fn every_pixel_of_a_sloped_shape_is_covered_by_its_area_inside() {
        // Triangles with edges of every slope (rows within one cell, across
        // one cell boundary, across many), some crossing the page's sides:
        // each pixel's alpha is the triangle's area inside it, to the
        // rounding of one 8-bit alpha.
        let mut next = uniform(0x9e37_79b9_7f4a_7c15);
        for case in 0..200 {
            let tri: Vec<(f32, f32)> = (0..3)
                .map(|_| (next() * 24.0 - 2.0, next() * 24.0 - 2.0))
                .collect();
            let a = alphas(&[&tri], Rule::NonZero);
            for (i, &v) in a.iter().enumerate() {
                let (x, y) = ((i % 20) as f32, (i / 20) as f32);
                let want = area_in_pixel(&tri, x, y);
                assert!(
                    (v - want).abs() <= 1.0 / 255.0 + 1e-4,
                    "case {case} {tri:?}: pixel ({x}, {y}) alpha {v}, area {want}"
                );
            }
        }
    }

    #[test]
    fn a_shape_taller_than_a_band_is_covered_band_by_band() {
        // A page so wide that a shape across it is drawn in bands of 63
        // rows: triangles across the bands' boundaries, each pixel's alpha
        // still the triangle's area inside it, and nothing left in the
        // cells for the next shape.
        let (w, h) = (4100u32, 150u32);
        let mut next = uniform(0x2545_f491_4f6c_dd1d);
        let mut cov = Coverage::default();
        let ys = h as f32 + 4.0;
        for case in 0..6 {
            // One corner at each side of the page, one anywhere.
            let tri = [
                (-2.0 + next() * 3.0, next() * ys - 2.0),
                (w as f32 - 1.0 + next() * 3.0, next() * ys - 2.0),
                (next() * w as f32, next() * ys - 2.0),
            ];
            let mut pixmap = Pixmap::new(w, h).unwrap();
            cov.clear();
            cov.move_to(tri[0].0, tri[0].1);
            cov.line_to(tri[1].0, tri[1].1);
            cov.line_to(tri[2].0, tri[2].1);
            assert!(cov.fill(&mut pixmap, Color::BLACK, Rule::NonZero));
            assert!(cov.band_at.len() > 2, "case {case}: drawn in one band");
            assert!(cov.cells.iter().all(|&c| c == 0.0));
            assert!(cov.touched.iter().all(|&b| b == 0));
            // Cells for a band, not for the whole box.
            assert!(cov.cells.len() <= BAND_CELLS);
            for (i, px) in pixmap.data().chunks(4).enumerate() {
                let (x, y) = ((i % w as usize) as f32, (i / w as usize) as f32);
                let (v, want) = (f32::from(px[3]) / 255.0, area_in_pixel(&tri, x, y));
                assert!(
                    (v - want).abs() <= 1.0 / 255.0 + 1e-4,
                    "case {case} {tri:?}: pixel ({x}, {y}) alpha {v}, area {want}"
                );
            }
        }
    }

    #[test]
    fn a_fill_cut_short_is_cleaned_up_by_the_next() {
        // Cells and bits left as a panic mid-fill would leave them: the
        // next shape still covers exactly its own pixels.
        let square: &[(f32, f32)] = &[(2.0, 3.0), (6.0, 3.0), (6.0, 8.0), (2.0, 8.0)];
        let mut pixmap = Pixmap::new(20, 20).unwrap();
        let mut cov = Coverage::default();
        cov.move_to(1.0, 1.0);
        cov.line_to(15.0, 1.0);
        cov.line_to(15.0, 15.0);
        assert!(cov.fill(&mut pixmap, Color::BLACK, Rule::NonZero));
        cov.cells.fill(0.7);
        cov.touched.fill(u64::MAX);
        cov.dirty = true;
        let mut pixmap = Pixmap::new(20, 20).unwrap();
        cov.clear();
        cov.move_to(square[0].0, square[0].1);
        for &(x, y) in &square[1..] {
            cov.line_to(x, y);
        }
        assert!(cov.fill(&mut pixmap, Color::BLACK, Rule::NonZero));
        let covered: f32 = crate::raster::alphas_of(&pixmap).iter().sum();
        assert_eq!(covered, 20.0);
        assert!(cov.cells.iter().all(|&c| c == 0.0));
        assert!(cov.touched.iter().all(|&w| w == 0));
    }

    #[test]
    fn shapes_past_the_page_are_clipped_or_handed_back() {
        // Reaching past every edge: the page's pixels inside are whole.
        let a = alphas(
            &[&[(-30.0, -5.0), (50.0, -5.0), (50.0, 25.0), (-30.0, 25.0)]],
            Rule::NonZero,
        );
        assert!(a.iter().all(|&v| v == 1.0));
        // A point that is not a number is passed over: the square stays
        // a square, nothing spills past it.
        let a = alphas(
            &[&[
                (2.0, 2.0),
                (6.0, 2.0),
                (f32::NAN, 4.0),
                (6.0, 6.0),
                (2.0, 6.0),
            ]],
            Rule::NonZero,
        );
        assert_eq!(a.iter().sum::<f32>(), 16.0);
        // Far past the sides: not held in cells, handed back undrawn.
        let mut pixmap = Pixmap::new(20, 20).unwrap();
        let mut cov = Coverage::default();
        cov.move_to(-1e6, 2.0);
        cov.line_to(1e6, 2.0);
        cov.line_to(0.0, 10.0);
        assert!(!cov.fill(&mut pixmap, Color::BLACK, Rule::NonZero));
        assert!(pixmap.data().iter().all(|&b| b == 0));
    }

    #[test]
    fn far_apart_contours_cover_their_areas_and_nothing_between() {
        // Two slanted bands in the same rows, 80 pixels apart, the first
        // crossing from the first word of touched bits into the second:
        // each covers its area, the pixels between them stay empty.
        let mut pixmap = Pixmap::new(220, 60).unwrap();
        let mut cov = Coverage::default();
        for x in [10.0f32, 150.0] {
            cov.move_to(x, 5.0);
            cov.line_to(x + 3.0, 5.0);
            cov.line_to(x + 63.0, 45.0);
            cov.line_to(x + 60.0, 45.0);
        }
        assert!(cov.fill(&mut pixmap, Color::BLACK, Rule::NonZero));
        let alpha = |x: usize, y: usize| f32::from(pixmap.data()[(y * 220 + x) * 4 + 3]) / 255.0;
        let half = |xs: std::ops::Range<usize>| -> f32 {
            (0..60)
                .flat_map(|y| xs.clone().map(move |x| (x, y)))
                .map(|(x, y)| alpha(x, y))
                .sum()
        };
        for (xs, name) in [(0..110, "left"), (110..220, "right")] {
            let total = half(xs);
            assert!((total - 120.0).abs() < 0.5, "{name}: {total}");
        }
        // Row 25: the left band is near x = 41, the right near x = 181.
        for x in (0..35).chain(50..170).chain(190..220) {
            assert_eq!(alpha(x, 25), 0.0, "x = {x}");
        }
        assert!(cov.touched.iter().all(|&w| w == 0));
        assert!(cov.cells.iter().all(|&c| c == 0.0));
    }

    #[test]
    fn rules_decide_overlaps_and_holes() {
        let outer: &[(f32, f32)] = &[(2.0, 2.0), (18.0, 2.0), (18.0, 18.0), (2.0, 18.0)];
        let inner: &[(f32, f32)] = &[(6.0, 6.0), (14.0, 6.0), (14.0, 14.0), (6.0, 14.0)];
        // Even-odd: a ring inside a ring is a hole.
        let a = alphas(&[outer, inner], Rule::EvenOdd);
        assert_eq!(a[10 * 20 + 10], 0.0);
        assert_eq!(a[4 * 20 + 4], 1.0);
        // Non-zero: wound the same way, it stays filled (winding 2, once).
        let a = alphas(&[outer, inner], Rule::NonZero);
        assert_eq!(a[10 * 20 + 10], 1.0);
    }

    #[test]
    fn a_stroked_line_covers_its_length_times_its_width() {
        let mut pixmap = Pixmap::new(60, 60).unwrap();
        let mut cov = Coverage::default();
        let mut pb = tiny_skia::PathBuilder::new();
        pb.move_to(10.0, 10.0);
        pb.line_to(50.0, 40.0);
        let path = pb.finish().unwrap();
        let style = tiny_skia::Stroke {
            width: 3.0,
            ..tiny_skia::Stroke::default()
        };
        cov.add_path(&path.stroke(&style, 1.0).unwrap());
        assert!(cov.fill(&mut pixmap, Color::BLACK, Rule::NonZero));
        let total: f32 = crate::raster::alphas_of(&pixmap).iter().sum();
        // 50 long, 3 wide, butt caps.
        assert!((total - 150.0).abs() < 1.0, "{total}");
    }
}
