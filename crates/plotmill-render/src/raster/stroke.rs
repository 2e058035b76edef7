//! Open polylines (a line chart's lines, density curves, contours,
//! regression lines) stroked straight into the pixels, with matplotlib's
//! round joins.
//!
//! A stroke `2h` wide is drawn as a band of half-width `h` about each
//! segment and a disc of radius `h` at each join. A steep segment's band
//! is walked row by row: in a row it spans `h / |cos|` either side of
//! where its middle line crosses the row's middle, and a pixel's coverage
//! is the part of its width inside that span times the part of the row
//! the segment crosses; a shallow segment's the same, column by column.
//! That is the exact area for a stroke along the pixel grid, and the
//! area by the midpoint rule at other angles; the band's ends are cut
//! along the row (column), a butt end's slant differing from a square
//! cut by under half a pixel. A disc's coverage is the part of a pixel's
//! width, centred on its distance from the join, that lies within `h`.
//! Where pieces overlap (at every join, and wherever a line folds back on
//! itself) a pixel keeps the most any of them covers, and is blended once:
//! a translucent line is as even as Agg's fill of the whole outline, with
//! no darker knots at its joins.
//!
//! Against outlining the stroke (tiny-skia's stroker) and filling the
//! outline by area ([`super::coverage`]), this visits only the pixels the
//! line covers, with no outline's edges and no cells across the line's
//! box: a year of daily temperatures by weather (five jagged lines) draws
//! in a quarter less time, and its peaks are round as matplotlib's, where
//! the mitred outline drew them pointed.

use plotmill_scene::Color;
use plotmill_scene::marker::Cap;
use tiny_skia::Pixmap;

use super::shape::mix_over;

/// Coverage cells in one band of rows: 1 MiB of bytes. A chart at 100
/// dpi draws each line in one band; a large page draws it band by band,
/// each pixel in exactly one.
const BAND_CELLS: usize = 1 << 20;

/// Pixels a line must blend before its blends over white are tabled
/// (256 of them): fewer are blended one by one.
const OVER_WHITE_FROM: usize = 1024;

/// The coverage of a line's pixels, kept between lines so that a scene
/// allocates it once.
#[derive(Debug, Default)]
pub(super) struct Lines {
    /// One byte (0..=255) per pixel of the band's rows, all zero between
    /// lines (each touched byte is zeroed as it is blended).
    cover: Vec<u8>,
    /// The bytes of `cover` a segment has raised from zero, each once: the
    /// pixels to blend, the first `count` of these (the rest is room, so
    /// that a pixel is listed without a branch).
    touched: Vec<u32>,
    count: usize,
    /// The line's points in pixels, finite ones only.
    points: Vec<(f32, f32)>,
    /// Set while `cover` may hold bytes that are not zero: a line cut short
    /// by a panic leaves it set, and the next clears them all first.
    dirty: bool,
}

/// One segment of a line, in pixels: from `a` to `b`, `len` long;
/// `joined` says whether another segment goes on from `a` and from `b`.
#[derive(Debug, Clone, Copy)]
struct Segment {
    a: (f32, f32),
    b: (f32, f32),
    len: f32,
    joined: (bool, bool),
}

impl Lines {
    /// Bytes held for reuse.
    pub(super) fn capacity(&self) -> usize {
        self.cover.capacity()
            + self.touched.capacity() * size_of::<u32>()
            + self.points.capacity() * size_of::<(f32, f32)>()
    }

    /// Gives back memory beyond `bytes` per buffer.
    pub(super) fn shrink_to(&mut self, bytes: usize) {
        self.cover.clear();
        self.cover.shrink_to(bytes);
        self.touched.clear();
        self.touched.shrink_to(bytes / size_of::<u32>());
        self.count = 0;
        self.points.clear();
        self.points.shrink_to(bytes / size_of::<(f32, f32)>());
        self.dirty = false;
    }

    /// Strokes the polyline through `points` (pixels) `width` pixels wide
    /// in `color`, source over, its ends as `cap` says. Points that are not
    /// finite are passed over (the line goes on from the last one). A line
    /// whose last point is its first is joined there too, and has no ends.
    pub(super) fn stroke(
        &mut self,
        pixmap: &mut Pixmap,
        points: impl IntoIterator<Item = (f32, f32)>,
        (width, cap): (f32, Cap),
        color: Color,
    ) {
        let bands = (BAND_CELLS, OVER_WHITE_FROM);
        self.stroke_in_bands(pixmap, points, (width, cap), color, bands);
    }

    fn stroke_in_bands(
        &mut self,
        pixmap: &mut Pixmap,
        points: impl IntoIterator<Item = (f32, f32)>,
        (width, cap): (f32, Cap),
        color: Color,
        (band_cells, over_white_from): (usize, usize),
    ) {
        self.points.clear();
        for p in points {
            if p.0.is_finite() && p.1.is_finite() && self.points.last() != Some(&p) {
                self.points.push(p);
            }
        }
        let half = width / 2.0;
        if self.points.len() < 2 || !(half > 0.0 && half.is_finite()) {
            return;
        }
        let closed = self.points.len() > 2 && self.points.first() == self.points.last();
        if cap == Cap::Projecting && !closed {
            // A projecting cap is the band going on `half` past each end.
            let n = self.points.len();
            for (end, from) in [(0, 1), (n - 1, n - 2)] {
                let (p, q) = (self.points[end], self.points[from]);
                let (dx, dy) = (p.0 - q.0, p.1 - q.1);
                let k = half / dx.hypot(dy);
                if k.is_finite() {
                    self.points[end] = (p.0 + dx * k, p.1 + dy * k);
                }
            }
        }
        let reach = half + 0.5;
        let (pw, ph) = (pixmap.width() as usize, pixmap.height() as usize);
        // The rows the line can reach, on the page.
        let (mut top, mut bottom) = (f32::INFINITY, f32::NEG_INFINITY);
        for p in &self.points {
            top = top.min(p.1);
            bottom = bottom.max(p.1);
        }
        let first_row = first_centre(top - reach).max(0);
        let end_row = last_centre(bottom + reach).saturating_add(1).min(ph as i32);
        if first_row >= end_row {
            return;
        }
        let (first_row, end_row) = (first_row as usize, end_row as usize);
        let band = (band_cells / pw).clamp(1, end_row - first_row);
        if std::mem::replace(&mut self.dirty, true) {
            self.cover.fill(0);
            self.count = 0;
        }
        if self.cover.len() < band * pw {
            self.cover.resize(band * pw, 0);
        }
        let [cr, cg, cb, ca] = color.to_rgba8();
        let src = u32::from_le_bytes([cr, cg, cb, 255]);
        let alpha = u32::from(ca);
        let mut r0 = first_row;
        while r0 < end_row {
            let rows = r0..(r0 + band).min(end_row);
            let mut grid = Band {
                cover: &mut self.cover,
                touched: &mut self.touched,
                count: &mut self.count,
                width: pw,
                rows: rows.clone(),
            };
            let last = self.points.len() - 2;
            // Pieces wholly above or below the band's rows are passed over
            // at a glance (a long line on a large page is drawn in many
            // bands): none reaches further across a row or column than
            // `half × √2` from its middle line, nor along it past a row or
            // column beyond its end.
            let margin = half * std::f32::consts::SQRT_2 + 1.5;
            let (band_top, band_bottom) = (rows.start as f32 - margin, rows.end as f32 + margin);
            let away =
                |y0: f32, y1: f32| lesser(y0, y1) > band_bottom || greater(y0, y1) < band_top;
            for (i, w) in self.points.windows(2).enumerate() {
                let (a, b) = (w[0], w[1]);
                if away(a.1, b.1) {
                    continue;
                }
                let len = (b.0 - a.0).hypot(b.1 - a.1);
                if len.is_finite() {
                    let joined = (closed || i > 0, closed || i < last);
                    grid.add(&Segment { a, b, len, joined }, half);
                }
            }
            // Round joins: at every point but the ends (at the ends too
            // when they meet).
            let joins = if closed {
                &self.points[..]
            } else {
                &self.points[1..self.points.len() - 1]
            };
            for &c in joins.iter().filter(|c| !away(c.1, c.1)) {
                grid.disc(c, half);
            }
            // Each pixel once, with the most any segment covered of it.
            let data = pixmap.data_mut();
            let (pixels, _) = data[rows.start * pw * 4..rows.end * pw * 4].as_chunks_mut::<4>();
            let touched = &self.touched[..std::mem::take(&mut self.count)];
            // A pixel's coverage (0..=255) times the colour's alpha.
            let scaled = |c: u8| (u32::from(c) * alpha + 127) / 255;
            // Most of a chart's line lands on white: a long line's blends
            // over white are looked up, one per coverage, found once.
            let over_white = (touched.len() > over_white_from).then(|| {
                let mut table = [0u32; 256];
                for (t, c) in table.iter_mut().zip(0..=255) {
                    *t = mix_over(src, u32::MAX, scaled(c));
                }
                table
            });
            for &k in touched {
                let k = k as usize;
                let c = std::mem::take(&mut self.cover[k]);
                let px = &mut pixels[k];
                let dst = u32::from_le_bytes(*px);
                *px = match &over_white {
                    Some(table) if dst == u32::MAX => table[usize::from(c)],
                    _ => mix_over(src, dst, scaled(c)),
                }
                .to_le_bytes();
            }
            r0 = rows.end;
        }
        self.dirty = false;
    }
}

/// The coverage cells of one band of a line's rows.
struct Band<'a> {
    cover: &'a mut [u8],
    touched: &'a mut Vec<u32>,
    count: &'a mut usize,
    /// Cells per row: the page's width.
    width: usize,
    /// The page's rows the cells hold (the cells start at the first).
    rows: std::ops::Range<usize>,
}

impl Band<'_> {
    /// Makes room in `touched` for `cells` more.
    fn room(&mut self, cells: usize) {
        let need = *self.count + cells;
        if self.touched.len() < need {
            self.touched.resize(need, 0);
        }
    }

    /// Raises each pixel the segment's band covers (of this band's rows)
    /// to its coverage. A steep segment is walked row by row: in each, the
    /// part of each pixel inside the band's span about the row's middle,
    /// times the part of the row the segment crosses; a shallow one the
    /// same, column by column. The band's ends are cut along the rows
    /// (columns), where a join's disc rounds them.
    fn add(&mut self, s: &Segment, half: f32) {
        let steep = (s.b.1 - s.a.1).abs() >= (s.b.0 - s.a.0).abs();
        // Coordinates along the walk (rows for a steep segment) and across
        // it, and the cells' strides along and across.
        let turn = |p: (f32, f32)| if steep { (p.1, p.0) } else { p };
        let (a, b) = (turn(s.a), turn(s.b));
        let ((p, p_joined), (q, q_joined)) = if b.0 > a.0 {
            ((a, s.joined.0), (b, s.joined.1))
        } else {
            ((b, s.joined.1), (a, s.joined.0))
        };
        let (rows, columns) = (
            (self.rows.start as i32, self.rows.end as i32 - 1),
            (0, self.width as i32 - 1),
        );
        let ((along_min, along_max), (across_min, across_max), strides) = if steep {
            (rows, columns, (self.width, 1))
        } else {
            (columns, rows, (1, self.width))
        };
        // The band spans `half / |cos|` either side of the middle line,
        // across the walk (cos of the angle to it).
        let wide = half * s.len / (q.0 - p.0);
        let slope = (q.1 - p.1) / (q.0 - p.0);
        let first = floor(p.0).max(along_min);
        let last = (floor(q.0) + i32::from(q.0 > floor(q.0) as f32) - 1).min(along_max);
        if first > last {
            return;
        }
        self.room((last - first + 1) as usize * (2.0 * wide + 2.0) as usize);
        let mut put = Put {
            touched: self.touched,
            count: *self.count,
        };
        // The cell at (along, across) is at `along * strides.0 + across *
        // strides.1 - origin`.
        let origin = self.rows.start * self.width;
        // Half-open ranges (the ends are on the page, far below i32::MAX):
        // an inclusive range's loop tests for its end twice.
        for m in first..last + 1 {
            // A joined end's row (column) is the band's whole: the next
            // segment's band covers it whole too, and the most of the two
            // is the line's coverage there, where the part each covers
            // would fall short of it.
            let (start, end) = (m as f32, m as f32 + 1.0);
            let start = if p_joined { start } else { greater(start, p.0) };
            let end = if q_joined { end } else { lesser(end, q.0) };
            let part = end - start;
            let middle = p.1 + (0.5 * (start + end) - p.0) * slope;
            let (lo, hi) = (middle - wide, middle + wide);
            let n0 = floor(lo).max(across_min);
            let n1 = floor(hi).min(across_max);
            let base = m as usize * strides.0;
            for n in n0..n1 + 1 {
                // Not below `origin`: both coordinates are in the band.
                let k = base + n as usize * strides.1 - origin;
                put.raise(&mut self.cover[k], k, span(lo, hi, n as f32) * part);
            }
        }
        *self.count = put.count;
    }

    /// Raises each pixel within `half` of `c` (a join) to the part of it
    /// the disc covers (reckoned across the distance to its centre).
    fn disc(&mut self, c: (f32, f32), half: f32) {
        let reach = half + 0.5;
        let y0 = first_centre(c.1 - reach).max(self.rows.start as i32);
        let y1 = last_centre(c.1 + reach).min(self.rows.end as i32 - 1);
        let x0 = first_centre(c.0 - reach).max(0);
        let x1 = last_centre(c.0 + reach).min(self.width as i32 - 1);
        if y0 > y1 || x0 > x1 {
            return;
        }
        self.room((y1 - y0 + 1) as usize * (x1 - x0 + 1) as usize);
        let mut put = Put {
            touched: self.touched,
            count: *self.count,
        };
        for y in y0..y1 + 1 {
            let dy = y as f32 + 0.5 - c.1;
            let row = (y as usize - self.rows.start) * self.width;
            for x in x0..x1 + 1 {
                let dx = x as f32 + 0.5 - c.0;
                let d = (dx * dx + dy * dy).sqrt();
                let cover = lesser(d + 0.5, half) - greater(d - 0.5, -half);
                let k = row + x as usize;
                put.raise(&mut self.cover[k], k, clamp01(cover));
            }
        }
        *self.count = put.count;
    }
}

/// Raises cells of a band, listing each raised from zero.
struct Put<'a> {
    touched: &'a mut [u32],
    count: usize,
}

impl Put<'_> {
    #[inline]
    fn raise(&mut self, cell: &mut u8, k: usize, cover: f32) {
        // 0..=255 (coverage is 0 to 1), rounded: added to 2^23, a float's
        // last bits hold the whole number nearest it (no conversion, and
        // none of its checks for overflow).
        let a = ((cover * 255.0 + 8_388_608.0).to_bits() & 0xff) as u8;
        let fresh = (*cell == 0) & (a > 0);
        // Written whatever `fresh` is (the room is there) and kept when it
        // is: no branch on a pixel's coverage. Fewer than 2^32 cells: a
        // band is at most a row of a page or BAND_CELLS, and pages are
        // narrower than 2^29.
        self.touched[self.count] = k as u32;
        self.count += usize::from(fresh);
        *cell = (*cell).max(a);
    }
}

/// The first pixel row (or column) whose centre is at or past `y`.
fn first_centre(y: f32) -> i32 {
    floor(0.5 - y).saturating_neg()
}

/// The last pixel row (or column) whose centre is at or before `y`.
fn last_centre(y: f32) -> i32 {
    floor(y - 0.5)
}

/// `y.floor()` as an integer (saturating far off the page), by conversion
/// rather than a library call (`floor` is one without SSE 4.1).
fn floor(y: f32) -> i32 {
    let t = y as i32;
    t - i32::from((t as f32) > y)
}

/// The lesser of two numbers that are not NaN (one instruction, where
/// `f32::min` also weighs a NaN).
#[inline]
fn lesser(a: f32, b: f32) -> f32 {
    if a < b { a } else { b }
}

/// The greater of two numbers that are not NaN.
#[inline]
fn greater(a: f32, b: f32) -> f32 {
    if a > b { a } else { b }
}

/// How much of the pixel from `at` to `at + 1` lies in `lo..hi`: 0 to 1.
#[inline]
fn span(lo: f32, hi: f32, at: f32) -> f32 {
    clamp01(lesser(hi, at + 1.0) - greater(lo, at))
}

#[inline]
fn clamp01(v: f32) -> f32 {
    lesser(greater(v, 0.0), 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The alpha of every pixel after stroking `points` `width` wide in
    /// `color` on a transparent `w` × `h` page, in bands of `band_cells`.
    fn alphas(
        points: &[(f32, f32)],
        width: f32,
        color: Color,
        (w, h): (u32, u32),
        band_cells: usize,
    ) -> Vec<f32> {
        let mut pixmap = Pixmap::new(w, h).unwrap();
        let mut lines = Lines::default();
        lines.stroke_in_bands(
            &mut pixmap,
            points.iter().copied(),
            (width, Cap::Butt),
            color,
            (band_cells, OVER_WHITE_FROM),
        );
        // The cells are left zeroed for the next line.
        assert!(lines.cover.iter().all(|&c| c == 0));
        assert_eq!(lines.count, 0);
        crate::raster::alphas_of(&pixmap)
    }

    #[test]
    fn a_line_along_the_pixels_covers_exactly_its_box() {
        // 3 wide from x = 2 to 12 along the middle of row 5 (4.5 to 7.5
        // down): rows 5 and 6 whole, rows 4 and 7 half.
        let a = alphas(
            &[(2.0, 6.0), (12.0, 6.0)],
            3.0,
            Color::BLACK,
            (20, 12),
            BAND_CELLS,
        );
        for y in 0..12 {
            for x in 0..20 {
                let want = match (x, y) {
                    (2..12, 5 | 6) => 1.0,
                    (2..12, 4 | 7) => 128.0 / 255.0,
                    _ => 0.0,
                };
                assert_eq!(a[y * 20 + x], want, "({x}, {y})");
            }
        }
    }

    #[test]
    fn a_sloped_line_covers_its_length_times_its_width() {
        for (width, to) in [
            (3.0, (50.0, 40.0)),
            (1.0, (50.0, 12.0)),
            (2.08, (14.0, 55.0)),
        ] {
            let a = alphas(
                &[(10.0, 10.0), to],
                width,
                Color::BLACK,
                (60, 60),
                BAND_CELLS,
            );
            let total: f32 = a.iter().sum();
            let len = (to.0 - 10.0).hypot(to.1 - 10.0);
            // Butt ends: length times width, to within the slant's
            // rounding of a few edge pixels.
            let area = len * width;
            assert!(
                (total - area).abs() < 0.01 * area,
                "{width}: {total} vs {area}"
            );
        }
    }

    #[test]
    fn joins_are_round_and_nothing_overlapping_is_blended_twice() {
        // A sharp V, 4 wide, in half-transparent black: a mitred join
        // would reach 2 / sin(26.6°) ≈ 4.5 px past the tip; a round one
        // its half-width (2), and pixels whose centres are within half a
        // pixel of that.
        let color = Color::BLACK.with_alpha(0.5);
        let v = [(5.0, 40.0), (20.0, 10.0), (35.0, 40.0)];
        let a = alphas(&v, 4.0, color, (40, 50), BAND_CELLS);
        for y in 0..50 {
            for x in 0..40 {
                let (dx, dy) = (x as f32 + 0.5 - 20.0, y as f32 + 0.5 - 10.0);
                if dy < 0.0 && dx.hypot(dy) > 2.0 + 0.75 {
                    assert_eq!(a[y * 40 + x], 0.0, "({x}, {y}) past the tip");
                }
                // Where both arms cover a pixel it is blended once: no
                // pixel is darker than the colour's own alpha.
                assert!(a[y * 40 + x] <= 128.0 / 255.0, "({x}, {y})");
            }
        }
        // The tip itself, inside both arms, is covered.
        assert_eq!(a[10 * 40 + 20], 128.0 / 255.0);
    }

    #[test]
    fn points_along_a_straight_line_add_no_ink() {
        // The same line through 2 points or 7: a join on a straight line
        // covers nothing the bands do not, and overlapping pieces are not
        // added up (the fringe pixels at each join would darken).
        let color = Color::rgb(0.1, 0.3, 0.8).with_alpha(0.7);
        let through = |n: usize, to: (f32, f32)| -> Vec<(f32, f32)> {
            (0..n)
                .map(|i| {
                    let t = i as f32 / (n - 1) as f32;
                    (3.3 + t * (to.0 - 3.3), 6.2 + t * (to.1 - 6.2))
                })
                .collect()
        };
        let flat = (43.3, 6.2);
        assert_eq!(
            alphas(&through(7, flat), 2.08, color, (50, 40), BAND_CELLS),
            alphas(&through(2, flat), 2.08, color, (50, 40), BAND_CELLS),
        );
        // At a slant the joins' discs round a little differently from the
        // bands' rows: the ink is the same to within a hundredth.
        let slant = (40.0, 33.0);
        let joined: f32 = alphas(&through(7, slant), 2.08, color, (50, 40), BAND_CELLS)
            .iter()
            .sum();
        let whole: f32 = alphas(&through(2, slant), 2.08, color, (50, 40), BAND_CELLS)
            .iter()
            .sum();
        assert!((joined - whole).abs() < 0.01 * whole, "{joined} vs {whole}");
    }

    #[test]
    fn a_closed_line_is_joined_where_it_ends() {
        // A square outline: at a corner where the line ends and starts
        // again, the outside corner is rounded as the other three are (a
        // butt end would leave a notch).
        let sq = [
            (5.0, 5.0),
            (25.0, 5.0),
            (25.0, 25.0),
            (5.0, 25.0),
            (5.0, 5.0),
        ];
        let a = alphas(&sq, 4.0, Color::BLACK, (30, 30), BAND_CELLS);
        let corner = |x: usize, y: usize| a[y * 30 + x];
        // (3, 3) lies 2.1 px from each corner's vertex, outside the disc;
        // (4, 4) lies 0.7 px from it, inside.
        assert_eq!(corner(4, 4), corner(25, 4));
        assert_eq!(corner(4, 4), corner(25, 25));
        assert_eq!(corner(4, 4), 1.0);
        assert_eq!(corner(3, 3), corner(26, 26));
    }

    #[test]
    fn bands_draw_the_same_pixels() {
        let zigzag: Vec<(f32, f32)> = (0..40)
            .map(|i| (3.0 + i as f32 * 2.3, [4.0, 70.0, 69.0, 10.0, 11.5][i % 5]))
            .collect();
        let color = Color::rgb(0.2, 0.5, 0.7).with_alpha(0.8);
        // Thin and wide (a wide line's shallow pieces reach furthest
        // across rows), in bands of one row and more.
        for width in [2.5, 12.0] {
            let whole = alphas(&zigzag, width, color, (100, 80), BAND_CELLS);
            for band_cells in [100, 700, 1000] {
                assert_eq!(
                    alphas(&zigzag, width, color, (100, 80), band_cells),
                    whole,
                    "{width} {band_cells}"
                );
            }
        }
    }

    #[test]
    fn blends_over_white_looked_up_are_the_blends_worked_out() {
        // A zigzag across a page white on the left, grey on the right and
        // transparent at the bottom, with two lines crossing it: blends
        // over white, over grey, over nothing and over the other line.
        let page = || {
            let mut p = Pixmap::new(120, 90).unwrap();
            p.fill(tiny_skia::Color::WHITE);
            let grey = tiny_skia::Color::from_rgba8(90, 120, 150, 255);
            let paint = tiny_skia::Paint {
                shader: tiny_skia::Shader::SolidColor(grey),
                ..tiny_skia::Paint::default()
            };
            let right = tiny_skia::Rect::from_xywh(60.0, 0.0, 60.0, 70.0).unwrap();
            p.fill_rect(right, &paint, tiny_skia::Transform::identity(), None);
            let bottom = tiny_skia::Rect::from_xywh(0.0, 70.0, 120.0, 20.0).unwrap();
            p.fill_rect(
                bottom,
                &tiny_skia::Paint {
                    blend_mode: tiny_skia::BlendMode::Clear,
                    ..paint
                },
                tiny_skia::Transform::identity(),
                None,
            );
            p
        };
        let zigzag: Vec<(f32, f32)> = (0..50)
            .map(|i| (2.0 + i as f32 * 2.4, [3.0, 86.0, 60.0, 8.0, 40.0][i % 5]))
            .collect();
        let across = [(0.0, 45.0), (120.0, 50.0)];
        for color in [
            Color::rgb(0.8, 0.3, 0.1),
            Color::rgb(0.1, 0.4, 0.9).with_alpha(0.6),
        ] {
            let draw = |over_white_from: usize| {
                let mut p = page();
                let mut lines = Lines::default();
                for points in [&zigzag[..], &across[..]] {
                    lines.stroke_in_bands(
                        &mut p,
                        points.iter().copied(),
                        (2.5, Cap::Butt),
                        color,
                        (BAND_CELLS, over_white_from),
                    );
                }
                p.data().to_vec()
            };
            // Looked up for every line, and for none.
            let (tabled, worked) = (draw(0), draw(usize::MAX));
            assert_eq!(tabled, worked, "{color:?}");
            // The zigzag's pixels over white were blended, not left white.
            assert!(tabled.chunks(4).any(|p| p != [255; 4] && p[0] > 200));
        }
    }

    #[test]
    fn points_past_the_page_or_not_numbers_are_clipped_or_passed_over() {
        // From far left of the page to far right, across row 10.
        let a = alphas(
            &[(-1e6, 10.5), (1e6, 10.5)],
            1.0,
            Color::BLACK,
            (20, 20),
            BAND_CELLS,
        );
        assert!((0..20).all(|x| a[10 * 20 + x] == 1.0));
        assert_eq!(a.iter().sum::<f32>(), 20.0);
        // A point that is not a number: the line goes on from the last.
        let a = alphas(
            &[(2.0, 5.5), (f32::NAN, 3.0), (12.0, 5.5)],
            1.0,
            Color::BLACK,
            (20, 20),
            BAND_CELLS,
        );
        assert_eq!(a.iter().sum::<f32>(), 10.0);
        // Nothing on the page, no width, one point: nothing drawn.
        for (points, width) in [
            (&[(-50.0, -50.0), (-10.0, -40.0)][..], 2.0),
            (&[(2.0, 2.0), (8.0, 9.0)][..], 0.0),
            (&[(2.0, 2.0), (2.0, 2.0)][..], 2.0),
        ] {
            let a = alphas(points, width, Color::BLACK, (20, 20), BAND_CELLS);
            assert!(a.iter().all(|&v| v == 0.0), "{points:?} {width}");
        }
    }

    #[test]
    fn a_line_cut_short_is_cleaned_up_by_the_next() {
        let mut lines = Lines::default();
        let mut pixmap = Pixmap::new(20, 20).unwrap();
        let butt = (2.0, Cap::Butt);
        lines.stroke(&mut pixmap, [(1.0, 1.0), (15.0, 15.0)], butt, Color::BLACK);
        // As a panic mid-line would leave them.
        lines.cover.fill(200);
        lines.touched.extend([3, 50, 70]);
        lines.count = 3;
        lines.dirty = true;
        let mut pixmap = Pixmap::new(20, 20).unwrap();
        lines.stroke(&mut pixmap, [(2.0, 6.0), (12.0, 6.0)], butt, Color::BLACK);
        let total: f32 = crate::raster::alphas_of(&pixmap).iter().sum();
        assert_eq!(total, 20.0);
        assert!(lines.cover.iter().all(|&c| c == 0));
    }
}
