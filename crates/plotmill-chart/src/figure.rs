//! Figure geometry as matplotlib computes it: subplot parameters, grid
//! cells, and the mapping from data to the page.

use plotmill_scene::{Linear, Point, Rect};

/// matplotlib's default subplot parameters (fractions of the figure).
pub(crate) const LEFT: f64 = 0.125;
pub(crate) const RIGHT: f64 = 0.9;
pub(crate) const BOTTOM: f64 = 0.11;
pub(crate) const TOP: f64 = 0.88;

/// Default sizes, in points.
pub(crate) const FONT_SIZE: f64 = 10.0;
pub(crate) const TICK_LENGTH: f64 = 3.5;
pub(crate) const TICK_WIDTH: f64 = 0.8;
pub(crate) const TICK_PAD: f64 = 3.5;
pub(crate) const SPINE_WIDTH: f64 = 0.8;
pub(crate) const LABEL_PAD: f64 = 4.0;

/// The area inside the subplot parameters, on a page of `w` x `h` points.
pub(crate) fn subplot_area(w: f64, h: f64) -> Rect {
    Rect::new(
        LEFT * w,
        (1.0 - TOP) * h,
        (RIGHT - LEFT) * w,
        (TOP - BOTTOM) * h,
    )
}

/// Start and size of each cell along one side of a grid.
pub(crate) type Spans = Vec<(f64, f64)>;

/// The cells of a grid laid over `area` (matplotlib's `GridSpec`): `space`
/// is the gap as a fraction of the mean cell size; `ratios` weigh the cells.
/// Returned as (lefts and widths, tops and heights).
pub(crate) fn grid(
    area: Rect,
    widths: &[f64],
    heights: &[f64],
    wspace: f64,
    hspace: f64,
) -> (Spans, Spans) {
    fn split(start: f64, total: f64, ratios: &[f64], space: f64) -> Spans {
        let n = ratios.len() as f64;
        let cell = total / (n + space * (n - 1.0));
        let sep = space * cell;
        let norm = cell * n / ratios.iter().sum::<f64>();
        let mut at = start;
        ratios
            .iter()
            .map(|r| {
                let size = r * norm;
                let out = (at, size);
                at += size + sep;
                out
            })
            .collect()
    }
    (
        split(area.x, area.w, widths, wspace),
        split(area.y, area.h, heights, hspace),
    )
}

/// An axes box with its data limits: maps data to the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Axes {
    pub(crate) rect: Rect,
    /// x at the left edge, x at the right edge.
    pub(crate) xlim: (f64, f64),
    /// y at the bottom edge, y at the top edge.
    pub(crate) ylim: (f64, f64),
}

impl Axes {
    pub(crate) fn x(&self, x: f64) -> f64 {
        self.rect.x + (x - self.xlim.0) / (self.xlim.1 - self.xlim.0) * self.rect.w
    }

    pub(crate) fn y(&self, y: f64) -> f64 {
        self.rect.bottom() - (y - self.ylim.0) / (self.ylim.1 - self.ylim.0) * self.rect.h
    }

    pub(crate) fn point(&self, x: f64, y: f64) -> Point {
        Point::new(self.x(x), self.y(y))
    }

    /// [`Axes::x`] as a scene's linear map (the same arithmetic).
    pub(crate) fn x_map(&self) -> Linear {
        Linear {
            lo: self.xlim.0,
            hi: self.xlim.1,
            start: self.rect.x,
            extent: self.rect.w,
        }
    }

    /// [`Axes::y`] as a scene's linear map: `bottom + t × (−h)` is
    /// `bottom − t × h` to the last bit (negation is exact).
    pub(crate) fn y_map(&self) -> Linear {
        Linear {
            lo: self.ylim.0,
            hi: self.ylim.1,
            start: self.rect.bottom(),
            extent: -self.rect.h,
        }
    }
}

/// The smallest and largest finite value, if there is one.
pub(crate) fn finite_range(values: &[f64]) -> Range {
    range_and_complete(values).0
}

/// [`finite_range`], and whether every value is finite, in one pass.
pub(crate) fn range_and_complete(values: &[f64]) -> (Range, bool) {
    values.iter().fold((None, true), |(r, all), &v| {
        if v.is_finite() {
            (widen(r, v), all)
        } else {
            (r, false)
        }
    })
}

/// `range` grown to hold `v`.
fn widen(range: Range, v: f64) -> Range {
    Some(range.map_or((v, v), |(a, b)| (a.min(v), b.max(v))))
}

/// Data limits with matplotlib's 5% margins, for finite `values`; (0, 1)
/// when there are none, and a widened range for a single value.
pub(crate) fn auto_limits(values: &[f64]) -> (f64, f64) {
    margins(finite_range(values))
}

/// The smallest and largest of some values, if there are any.
pub(crate) type Range = Option<(f64, f64)>;

/// The finite ranges of `xs` and `ys` over the rows where both are finite
/// (the points a scatter plot of them draws), each `None` when no row is.
pub(crate) fn paired_ranges(xs: &[f64], ys: &[f64]) -> (Range, Range) {
    xs.iter()
        .zip(ys)
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .fold((None, None), |(rx, ry), (&x, &y)| {
            (widen(rx, x), widen(ry, y))
        })
}

/// Limits with matplotlib's 5% margins around a data range; (0, 1) when
/// there is none, and a widened range for a single value.
pub(crate) fn margins(range: Range) -> (f64, f64) {
    let Some((lo, hi)) = range else {
        return (0.0, 1.0);
    };
    if hi - lo <= hi.abs().max(lo.abs()) * 1e-14 {
        // matplotlib's nonsingular(expander=0.05): a flat range widens by 5%.
        return if lo == 0.0 {
            (-0.05, 0.05)
        } else {
            (lo - 0.05 * lo.abs(), hi + 0.05 * hi.abs())
        };
    }
    let m = (hi - lo) * 0.05;
    (lo - m, hi + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_cells_match_matplotlib() {
        // The service's 8x8 scatter matrix on 12x8 in: matplotlib puts the
        // first panel at x 150 px, width 106.897 px (dpi 100).
        let area = subplot_area(864.0, 576.0);
        let (cols, rows) = grid(area, &[1.0; 8], &[1.0; 8], 0.1, 0.1);
        let px = 100.0 / 72.0;
        assert!((cols[0].0 * px - 150.0).abs() < 1e-9);
        assert!((cols[0].1 * px - 106.89655172413796).abs() < 1e-9);
        assert!((cols[1].0 * px - 267.58620689655174).abs() < 1e-9);
        // Row 0's bottom edge at 633.195 px from the page bottom.
        let bottom = (576.0 - (rows[0].0 + rows[0].1)) * px;
        assert!((bottom - 633.1954022988506).abs() < 1e-9, "{bottom}");
    }

    #[test]
    fn limits_have_margins() {
        let (lo, hi) = auto_limits(&[0.02021839744032572, 0.9636627605010293, f64::NAN]);
        assert!(
            (lo - -0.026953820712709464).abs() < 1e-12 && (hi - 1.0108349786540645).abs() < 1e-12
        );
        assert_eq!(auto_limits(&[]), (0.0, 1.0));
        assert_eq!(auto_limits(&[2.0, 2.0]), (1.9, 2.1));
    }
}
