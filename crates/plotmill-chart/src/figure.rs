//! The figure every chart kind draws on, and its geometry as matplotlib
//! computes it: subplot parameters, grid cells, and the mapping from data
//! to the page.

use plotmill_scene::{Color, Item, Linear, Point, Rect, Scene};
use plotmill_text::Fonts;

use crate::Chart;
use crate::axis::Scale;
use crate::legible::Crowding;
use crate::text::{self, HAlign, Label, LineBox, Placed, VAlign};

/// matplotlib's first cycle colour, C0 (what a single series, a
/// histogram without hue and pandas' diagonals are drawn in).
pub(crate) const C0: Color = Color::rgb(
    0x1f as f64 / 255.0,
    0x77 as f64 / 255.0,
    0xb4 as f64 / 255.0,
);

/// Default sizes, in points.
pub(crate) const FONT_SIZE: f64 = 10.0;
pub(crate) const TICK_LENGTH: f64 = 3.5;
pub(crate) const TICK_WIDTH: f64 = 0.8;
pub(crate) const TICK_PAD: f64 = 3.5;
pub(crate) const SPINE_WIDTH: f64 = 0.8;
pub(crate) const LABEL_PAD: f64 = 4.0;
pub(crate) const TITLE_SIZE: f64 = 12.0;
pub(crate) const TITLE_PAD: f64 = 6.0;

/// Where a figure's grid of axes goes: the edges of the area its axes
/// share, as fractions of the figure from its left and bottom
/// (matplotlib's `SubplotParams`), and the least space between neighbours
/// of a grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SubplotParams {
    pub(crate) left: f64,
    pub(crate) right: f64,
    pub(crate) bottom: f64,
    pub(crate) top: f64,
    /// The least gap between neighbouring columns and rows of a grid, in
    /// points: 0 keeps a chart's own spacing; a layout asks for more where
    /// labels between the axes need it.
    pub(crate) min_gaps: (f64, f64),
}

impl Default for SubplotParams {
    /// matplotlib's defaults (`figure.subplot.*`).
    fn default() -> Self {
        SubplotParams {
            left: 0.125,
            right: 0.9,
            bottom: 0.11,
            top: 0.88,
            min_gaps: (0.0, 0.0),
        }
    }
}

impl SubplotParams {
    /// The area inside these parameters, on a page of `w` x `h` points.
    pub(crate) fn area(&self, w: f64, h: f64) -> Rect {
        Rect::new(
            self.left * w,
            (1.0 - self.top) * h,
            (self.right - self.left) * w,
            (self.top - self.bottom) * h,
        )
    }
}

/// What an axes of a chart is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AxesRole {
    /// Data: a scatter matrix's panel, a heatmap's cells, a line chart.
    Plot,
    /// A colorbar.
    Colorbar,
    /// A dendrogram beside a clustermap's heatmap (no axis drawn).
    Dendrogram,
}

/// One axes of a built chart, in the order matplotlib lists them in
/// `fig.axes`: where it is, what it shows, and the labels on it.
#[derive(Debug, Clone, PartialEq)]
pub struct AxesBox {
    /// What it is for.
    pub role: AxesRole,
    /// Where, in page points (y down).
    pub rect: Rect,
    /// The x values at its left and right edges.
    pub xlim: (f64, f64),
    /// The y values at its bottom and top edges.
    pub ylim: (f64, f64),
    /// Its x tick labels, left to right (none when its x axis is not
    /// labelled).
    pub xtick_labels: Vec<String>,
    /// Its y tick labels, bottom to top (a heatmap's rows top to bottom,
    /// as drawn).
    pub ytick_labels: Vec<String>,
    /// The angle its x and y tick labels are drawn at, degrees
    /// counterclockwise (seaborn's heatmap turns crowded labels).
    pub tick_rotation: (f64, f64),
    /// Its legend's entries, top to bottom (none without a legend).
    pub legend: Vec<String>,
}

/// A figure being drawn: its page, where its axes go, what is on it so far,
/// and the box of every text on it (what a layout measures and a test
/// checks).
pub(crate) struct Figure<'f> {
    fonts: Fonts<'f>,
    scene: Scene,
    params: SubplotParams,
    missing: Vec<char>,
    texts: Vec<Rect>,
    inks: Vec<Rect>,
    axes: Vec<AxesBox>,
    /// The grid's cells, when the figure has one.
    grid: Option<(Spans, Spans)>,
    /// How far the texts of each grid column reach past its left and right
    /// edges, and those of each row past its top and bottom, in points.
    reach: (Vec<Overhang>, Vec<Overhang>),
    /// What besides text a layout keeps on the page (see
    /// [`Figure::decor_of`]).
    decor: Vec<Rect>,
    /// Points at the page's right edge held for a figure legend.
    reserved_right: f64,
    /// Texts (by index) a layout does not make room for.
    unmeasured: Vec<std::ops::Range<usize>>,
    /// What the chart's user should hear about how it was drawn.
    warnings: Vec<String>,
}

/// How far text reaches past a cell's two edges along one direction (left
/// and right, or top and bottom), in points.
type Overhang = (f64, f64);

/// A figure as drawn, for a layout to measure.
#[derive(Debug)]
pub(crate) struct Drawn {
    pub(crate) chart: Chart,
    /// Where its axes went.
    pub(crate) params: SubplotParams,
    /// The gaps between neighbouring columns and rows its labels need, in
    /// points (0 without a grid).
    pub(crate) gaps: (f64, f64),
    /// The gaps its grid has, in points (infinite without a grid).
    pub(crate) grid_gaps: (f64, f64),
    /// Points at the page's right edge held for a figure legend: its text
    /// is not the axes' to make room for, and the axes stay left of it.
    pub(crate) reserved_right: f64,
    /// What besides text the layout keeps on the page.
    pub(crate) decor: Vec<Rect>,
    /// Texts (by index) placed where the layout does not move them (a
    /// clustermap's colorbar, put at its own place in the figure after
    /// the layout, as seaborn puts it).
    pub(crate) unmeasured: Vec<std::ops::Range<usize>>,
}

impl<'f> Figure<'f> {
    /// A white figure of `figsize` inches with its axes inside `params`.
    pub(crate) fn new(fonts: Fonts<'f>, figsize: (f64, f64), params: SubplotParams) -> Self {
        Figure {
            fonts,
            scene: Scene::new(figsize.0 * 72.0, figsize.1 * 72.0, Some(Color::WHITE)),
            params,
            missing: Vec::new(),
            texts: Vec::new(),
            inks: Vec::new(),
            axes: Vec::new(),
            grid: None,
            reach: (Vec::new(), Vec::new()),
            decor: Vec::new(),
            reserved_right: 0.0,
            unmeasured: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Tells the chart's user something about how it was drawn (once).
    pub(crate) fn warn(&mut self, message: String) {
        if !self.warnings.contains(&message) {
            self.warnings.push(message);
        }
    }

    /// Leaves the texts drawn since the `from`-th out of what a layout
    /// makes room for (see [`Drawn::unmeasured`]).
    pub(crate) fn unmeasured_since(&mut self, from: usize) {
        self.unmeasured.push(from..self.texts.len());
    }

    /// Holds `points` at the page's right edge for a figure legend (see
    /// [`Drawn::reserved_right`]).
    pub(crate) fn reserve_right(&mut self, points: f64) {
        self.reserved_right = points;
    }

    /// Lays a grid of axes over the figure's area (matplotlib's
    /// `GridSpec`): `wspace` and `hspace` are the chart's gaps as fractions
    /// of the mean cell size, widened to the subplot parameters' least
    /// gaps; `widths` and `heights` weigh the cells. Returns (lefts and
    /// widths, tops and heights).
    pub(crate) fn grid(
        &mut self,
        widths: &[f64],
        heights: &[f64],
        wspace: f64,
        hspace: f64,
    ) -> (Spans, Spans) {
        let area = self.area();
        let (gw, gh) = self.params.min_gaps;
        let cells = grid(
            area,
            widths,
            heights,
            widen_space(wspace, gw, area.w, widths.len()),
            widen_space(hspace, gh, area.h, heights.len()),
        );
        self.reach = (
            vec![(0.0, 0.0); widths.len()],
            vec![(0.0, 0.0); heights.len()],
        );
        self.grid = Some(cells.clone());
        cells
    }

    /// The fonts text is measured with.
    pub(crate) fn fonts(&self) -> Fonts<'f> {
        self.fonts
    }

    /// The whole page, in points.
    pub(crate) fn page(&self) -> Rect {
        Rect::new(0.0, 0.0, self.scene.width, self.scene.height)
    }

    /// The area the figure's axes share (inside the subplot parameters).
    pub(crate) fn area(&self) -> Rect {
        self.params.area(self.scene.width, self.scene.height)
    }

    /// Adds an axes showing `axes`' limits in its box; returns its index.
    pub(crate) fn add_axes(&mut self, role: AxesRole, axes: &Axes) -> usize {
        self.axes.push(AxesBox {
            role,
            rect: axes.rect,
            xlim: axes.xlim,
            ylim: axes.ylim,
            xtick_labels: Vec::new(),
            ytick_labels: Vec::new(),
            tick_rotation: (0.0, 0.0),
            legend: Vec::new(),
        });
        self.axes.len() - 1
    }

    /// The axes of index `i` (as [`Figure::add_axes`] returned it).
    pub(crate) fn axes(&self, i: usize) -> &AxesBox {
        &self.axes[i]
    }

    /// The axes of index `i`, to record its labels.
    pub(crate) fn axes_mut(&mut self, i: usize) -> &mut AxesBox {
        &mut self.axes[i]
    }

    /// Adds a drawing on top.
    pub(crate) fn push(&mut self, item: Item) {
        self.scene.push(item);
    }

    /// Shapes and places a label without drawing it (to measure choices).
    pub(crate) fn place(&self, line: LineBox, label: &Label<'_>) -> Placed {
        text::place(self.fonts, line, label)
    }

    /// Draws placed text; returns the box it covers.
    pub(crate) fn add(&mut self, placed: Placed) -> Rect {
        self.missing.extend(placed.missing);
        self.texts.push(placed.bbox);
        self.inks.push(placed.ink);
        self.scene
            .items
            .extend(placed.runs.into_iter().map(Item::Text));
        placed.bbox
    }

    /// A title centred over `axes`, as matplotlib's `Axes.set_title` puts
    /// it: 12 pt ("large"), its bottom 6 pt above them; one wider than the
    /// figure is shortened in the middle with an ellipsis (matplotlib's
    /// would be cut off at both edges).
    pub(crate) fn title(&mut self, title: &str, axes: Rect) -> Rect {
        let title = crate::text::fit(self.fonts, title, TITLE_SIZE, self.scene.width * 0.96);
        let label = Label::new(
            &title,
            TITLE_SIZE,
            Point::new(axes.center().x, axes.y - TITLE_PAD),
            HAlign::Center,
            VAlign::Bottom,
            0.0,
        );
        self.text(LineBox::new(self.fonts, TITLE_SIZE), &label)
    }

    /// The x and y axis labels of the axes at `rect` (either empty for
    /// none), as matplotlib pads them from the tick labels, which reach
    /// `below` and `left_of` the axes; texts of the grid's `cell` when
    /// given.
    pub(crate) fn axis_labels(
        &mut self,
        rect: Rect,
        (below, left_of): (f64, f64),
        (xlabel, ylabel): (&str, &str),
        cell: Option<(usize, usize)>,
    ) {
        let line = LineBox::new(self.fonts, FONT_SIZE);
        let x_at = Point::new(rect.center().x, rect.bottom() + below + LABEL_PAD);
        let y_at = Point::new(rect.x - left_of - LABEL_PAD, rect.center().y);
        let labels = [
            (xlabel, x_at, VAlign::Top, 0.0),
            (ylabel, y_at, VAlign::Bottom, 90.0),
        ];
        for (text, at, va, angle) in labels {
            if text.is_empty() {
                continue;
            }
            // Axis labels turn about their anchor (rotation_mode "anchor").
            let label = Label {
                rotate_about_anchor: true,
                ..Label::new(text, FONT_SIZE, at, HAlign::Center, va, angle)
            };
            match cell {
                Some(cell) => self.text_of(cell, line, &label),
                None => self.text(line, &label),
            };
        }
    }

    /// The boxes of the texts drawn so far, in drawing order.
    pub(crate) fn text_boxes(&self) -> &[Rect] {
        &self.texts
    }

    /// The ink of the texts drawn so far, in the same order.
    pub(crate) fn text_inks(&self) -> &[Rect] {
        &self.inks
    }

    /// The ink of the text drawn last (none drawn: an empty box).
    pub(crate) fn last_ink(&self) -> Rect {
        self.inks.last().copied().unwrap_or_default()
    }

    /// Places and draws a label; returns the box it covers.
    pub(crate) fn text(&mut self, line: LineBox, label: &Label<'_>) -> Rect {
        let placed = self.place(line, label);
        self.add(placed)
    }

    /// Places and draws a label of the grid's cell in `row` and `column`
    /// (a tick label, an axis label): where it reaches past the cell is
    /// space the cell's neighbours must leave it.
    pub(crate) fn text_of(
        &mut self,
        cell: (usize, usize),
        line: LineBox,
        label: &Label<'_>,
    ) -> Rect {
        let placed = self.place(line, label);
        self.add_of(cell, placed)
    }

    /// Draws placed text of the grid's cell in `row` and `column` (see
    /// [`Figure::text_of`]).
    pub(crate) fn add_of(&mut self, (row, column): (usize, usize), placed: Placed) -> Rect {
        let b = self.add(placed);
        if let Some((cols, rows)) = &self.grid {
            let ((x, w), (y, h)) = (cols[column], rows[row]);
            let c = &mut self.reach.0[column];
            *c = (c.0.max(x - b.x), c.1.max(b.right() - (x + w)));
            let r = &mut self.reach.1[row];
            *r = (r.0.max(y - b.y), r.1.max(b.bottom() - (y + h)));
        }
        b
    }

    /// Records `b`, drawn for the grid's cell `cell` but not text, as
    /// something a layout keeps on the page and out of its neighbours'
    /// way: a spine's tick marks, which matplotlib's tight layout counts
    /// in the spine's extent.
    pub(crate) fn decor_of(&mut self, cell: (usize, usize), b: Rect) {
        self.decor.push(b);
        self.reach_of(cell, b);
    }

    /// Records that `b`, already on the page, belongs to the grid's cell
    /// `cell`: what reaches past the cell's edges is kept out of its
    /// neighbours' way by a layout.
    pub(crate) fn reach_of(&mut self, (row, column): (usize, usize), b: Rect) {
        if let Some((cols, rows)) = &self.grid {
            let ((x, w), (y, h)) = (cols[column], rows[row]);
            let c = &mut self.reach.0[column];
            *c = (c.0.max(x - b.x), c.1.max(b.right() - (x + w)));
            let r = &mut self.reach.1[row];
            *r = (r.0.max(y - b.y), r.1.max(b.bottom() - (y + h)));
        }
    }

    /// The finished chart, with what cannot be read on it.
    pub(crate) fn finish(mut self, crowding: Vec<Crowding>) -> Drawn {
        self.missing.sort_unstable();
        self.missing.dedup();
        // A gap must hold what reaches into it from both sides.
        let need = |reach: &[Overhang]| {
            reach
                .windows(2)
                .map(|p| p[0].1.max(0.0) + p[1].0.max(0.0))
                .fold(0.0, f64::max)
        };
        let gap = |spans: &Spans| {
            spans
                .windows(2)
                .map(|p| p[1].0 - (p[0].0 + p[0].1))
                .fold(f64::INFINITY, f64::min)
        };
        Drawn {
            gaps: (need(&self.reach.0), need(&self.reach.1)),
            grid_gaps: self
                .grid
                .as_ref()
                .map_or((f64::INFINITY, f64::INFINITY), |(c, r)| (gap(c), gap(r))),
            params: self.params,
            reserved_right: self.reserved_right,
            decor: self.decor,
            unmeasured: self.unmeasured,
            chart: Chart {
                scene: self.scene,
                missing_glyphs: self.missing,
                warnings: self.warnings,
                crowding,
                text_boxes: self.texts,
                text_inks: self.inks,
                axes: self.axes,
            },
        }
    }
}

/// A grid's `space` (gap over mean cell size) widened so that the gap
/// between `n` cells over `total` points is at least `min_gap` points, but
/// never so far that the gaps take more than half of `total`: the cells
/// keep the other half (labels that need more overlap, and say so, rather
/// than squeeze the axes to nothing).
fn widen_space(space: f64, min_gap: f64, total: f64, n: usize) -> f64 {
    let n = n as f64;
    let gap = space * total / (n + space * (n - 1.0));
    if n < 2.0 || min_gap <= gap {
        return space;
    }
    let gap = min_gap.min(total / (2.0 * (n - 1.0))).max(gap);
    gap / ((total - (n - 1.0) * gap) / n)
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
    /// The same box with its limits in the data's values, for limits laid
    /// out on scales `sx`, `sy` (what the figure's axes list shows).
    pub(crate) fn in_values(&self, (sx, sy): (Scale, Scale)) -> Axes {
        Axes {
            xlim: (sx.inverse(self.xlim.0), sx.inverse(self.xlim.1)),
            ylim: (sy.inverse(self.ylim.0), sy.inverse(self.ylim.1)),
            ..*self
        }
    }

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
        let area = SubplotParams::default().area(864.0, 576.0);
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
