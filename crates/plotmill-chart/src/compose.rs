//! Figures composed by hand, as matplotlib's `plt.subplots` builds them: a
//! [`Figure`] holds a grid of [`Axes`]; each axes has an x and a y scale
//! (linear, log, date or categories), limits found from what it shows
//! (with matplotlib's 5% margins and sticky edges) unless given, shared
//! with its row or column when asked, spines, grid lines, labels, a title,
//! a legend, and its artists: points, lines, bands, bars and meshes. The
//! figure lays them out with the same layouts as every chart kind, so a
//! composed figure never clips under `tight` or `constrained`.
//!
//! ```
//! use plotmill_chart::compose::{Figure, Share};
//! use plotmill_chart::{Cap, Dashes, Layout, LineStyle};
//! use plotmill_scene::Color;
//!
//! let mut fig = Figure::subplots(1, 2, (8.0, 3.0));
//! fig.sharey = Share::All;
//! fig.layout = Layout::Constrained;
//! if let Some(ax) = fig.axes_mut(0, 0) {
//!     ax.scatter(vec![1.0, 2.0, 3.0], vec![2.0, 4.0, 3.0], Color::BLACK, 36.0, "points");
//!     ax.xlabel = "x".into();
//! }
//! if let Some(ax) = fig.axes_mut(0, 1) {
//!     let style = LineStyle {
//!         color: Color::BLACK,
//!         width: 1.5,
//!         dashes: Dashes::SOLID,
//!         cap: Cap::Projecting,
//!     };
//!     ax.plot(vec![0.0, 1.0], vec![0.0, 5.0], style, "line");
//!     ax.bar(vec![0.5], vec![3.0], 0.8, Color::rgb(0.5, 0.5, 0.5), "bar");
//! }
//! let fonts = plotmill_text::FontBook::new();
//! let chart = fig.build(&fonts).expect("a valid figure");
//! assert_eq!(chart.axes.len(), 2);
//! ```

use plotmill_scene::{Centers, Color, Item, Join, Marker, Point, Rect, Stroke};
use plotmill_text::Fonts;

use crate::axis::{Axis, Scale, Side, TickDirection};
use crate::figure::{
    self, Axes as Frame, AxesRole, Drawn, FONT_SIZE, Figure as Page, SPINE_WIDTH, SubplotParams,
    TICK_LENGTH, TITLE_SIZE,
};
use crate::layout::{self, Layout, Tight};
use crate::legend::{self, BORDER_AXES_PAD, Entries, Handle, Loc, Obstacles};
use crate::legible::{Legibility, TextRole};
use crate::line::{
    Cap, Dashes, LineStyle, PointMarker, clip_polyline, clip_runs, push_line, push_run,
};
use crate::pyformat::NumberFormat;
use crate::text::{HAlign, Label, LineBox, VAlign};
use crate::{Chart, ChartError};

/// Which axes of a grid share an x (or y) axis: the same limits, and tick
/// labels only on the outer ones (matplotlib's `sharex`/`sharey`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Share {
    /// Each axes has its own.
    #[default]
    None,
    /// Every axes of the figure shares one.
    All,
    /// The axes of each row share one.
    Row,
    /// The axes of each column share one.
    Col,
}

impl Share {
    /// The group an axes at (`row`, `col`) belongs to, if any.
    fn group(self, row: usize, col: usize) -> Option<usize> {
        match self {
            Share::None => None,
            Share::All => Some(0),
            Share::Row => Some(row),
            Share::Col => Some(col),
        }
    }
}

/// Where an axes' legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LegendLoc {
    /// matplotlib's `loc="best"`: where it hides the least of what is
    /// drawn.
    #[default]
    Best,
    /// One of matplotlib's fixed places.
    At(Loc),
}

/// An axes' legend of its labelled artists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Legend {
    /// Where.
    pub loc: LegendLoc,
    /// A title above the entries.
    pub title: Option<String>,
}

/// Which sides of an axes have a spine (seaborn's `despine()` leaves the
/// left and bottom).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spines {
    /// The left spine.
    pub left: bool,
    /// The bottom spine.
    pub bottom: bool,
    /// The right spine.
    pub right: bool,
    /// The top spine.
    pub top: bool,
}

impl Default for Spines {
    /// All four, as matplotlib draws them.
    fn default() -> Self {
        Spines {
            left: true,
            bottom: true,
            right: true,
            top: true,
        }
    }
}

impl Spines {
    /// The left and bottom only (seaborn's `despine()`).
    pub fn despined() -> Self {
        Spines {
            right: false,
            top: false,
            ..Spines::default()
        }
    }
}

/// Something drawn in an axes, in data values. Artists with a non-empty
/// label are in the legend.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Artist {
    /// Markers at (x, y) (matplotlib's `scatter`): discs of area `size`
    /// points², drawn in order.
    Scatter {
        /// x values.
        x: Vec<f64>,
        /// y values.
        y: Vec<f64>,
        /// Fill color (alpha included); the legend's.
        color: Color,
        /// Each marker's own fill (empty: `color` for all), as one scatter
        /// colored by a hue is drawn (seaborn's `scatterplot`).
        colors: Vec<Color>,
        /// Marker area, points².
        size: f64,
        /// Outline; `None` for matplotlib's default (1 pt in the fill's
        /// color).
        edge: Option<Stroke>,
        /// Legend label.
        label: String,
    },
    /// A polyline through (x, y) (matplotlib's `plot`); a non-finite
    /// value breaks it.
    Line {
        /// x values.
        x: Vec<f64>,
        /// y values.
        y: Vec<f64>,
        /// How it is drawn.
        style: LineStyle,
        /// Legend label.
        label: String,
    },
    /// Contour lines (matplotlib's `contour`): polylines in data values,
    /// drawn as one collection, which a legend placed "best" does not
    /// avoid (matplotlib's does not see a contour set either).
    Contour {
        /// Each line's points.
        lines: Vec<Vec<(f64, f64)>>,
        /// How they are drawn.
        style: LineStyle,
    },
    /// The area inside an odd number of closed rings (a ring inside
    /// another is a hole): one level of a filled contour plot
    /// (matplotlib's `contourf` band), drawn over the levels below it.
    Region {
        /// Each ring's (x, y) corners; the last joins the first.
        rings: Vec<Vec<(f64, f64)>>,
        /// Fill color (alpha included).
        color: Color,
    },
    /// The area between two curves over x (matplotlib's `fill_between`).
    Band {
        /// x values.
        x: Vec<f64>,
        /// The lower curve.
        lo: Vec<f64>,
        /// The upper curve.
        hi: Vec<f64>,
        /// Fill color (alpha included).
        color: Color,
        /// Outline (seaborn's bands are outlined in their fill's colour).
        edge: Option<Stroke>,
        /// Legend label.
        label: String,
    },
    /// A filled polygon through (x, y), closed back to its first point
    /// (matplotlib's `fill`, or a `fill_between` drawn as its outline).
    Polygon {
        /// x values of its corners.
        x: Vec<f64>,
        /// y values of its corners.
        y: Vec<f64>,
        /// Fill color (alpha included).
        color: Color,
        /// Outline.
        edge: Option<Stroke>,
        /// How the outline's sides meet: mitred for matplotlib's patches
        /// (`fill`, a notched box), round for its collections (the
        /// `fill_between` of a violin, a filled density or histogram).
        join: Join,
        /// Legend label.
        label: String,
    },
    /// Bars (matplotlib's `bar`): centred at x, `width` wide, from
    /// `bottom` (0 when empty) up by `heights`; or, `horizontal`, along y
    /// from `bottom` rightwards (matplotlib's `barh`, x then being the
    /// bars' centres on the y axis).
    Bars {
        /// Bar centres.
        x: Vec<f64>,
        /// Bar heights.
        heights: Vec<f64>,
        /// Where each bar starts (empty: 0); stacks use it.
        bottom: Vec<f64>,
        /// Bars along x, stacked up the y axis (matplotlib's `barh`).
        horizontal: bool,
        /// Bar width, in x values.
        width: f64,
        /// Each bar's own width (empty: `width` for all), as bins on a log
        /// axis have.
        widths: Vec<f64>,
        /// Fill color (alpha included).
        color: Color,
        /// Outline.
        edge: Option<Stroke>,
        /// Legend label.
        label: String,
    },
    /// Filled rectangles (x0, y0, x1, y1) in data values, each outlined:
    /// a box plot's boxes. Unlike bars, autoscaling adds its margins past
    /// them.
    Rects {
        /// Corners: left, bottom, right, top.
        rects: Vec<(f64, f64, f64, f64)>,
        /// Fill color (alpha included).
        color: Color,
        /// Outline.
        edge: Option<Stroke>,
        /// Legend label.
        label: String,
    },
    /// Straight strokes between pairs of points in data values (two-point
    /// lines of matplotlib's `plot`, or a `LineCollection`): each ending
    /// as `cap` says (a dashed one's dashes butt), moved by `shift` points
    /// (right, up; matplotlib's `ScaledTranslation`), solid or dashed by
    /// `dash` (on, off, in points). Inside what autoscaling sees.
    Strokes {
        /// Each stroke's ends.
        segments: Vec<((f64, f64), (f64, f64))>,
        /// Color.
        color: Color,
        /// Width in points.
        width: f64,
        /// How a solid stroke ends: projecting for `plot`'s lines (and
        /// an error bar given its line's cap), butt for a collection's.
        cap: Cap,
        /// A translation in points, right and up.
        shift: (f64, f64),
        /// Dash pattern in points (on, off); `None` for solid.
        dash: Option<(f64, f64)>,
    },
    /// A line with a circle marker at each point (matplotlib's `plot` with
    /// `marker="o"`): the line first, its markers over it, at the lines'
    /// z-order; a non-finite value breaks the line.
    MarkedLine {
        /// x values.
        x: Vec<f64>,
        /// y values.
        y: Vec<f64>,
        /// The line (and the markers' colour).
        style: LineStyle,
        /// The markers at its points.
        marker: PointMarker,
        /// Legend label.
        label: String,
    },
    /// A beeswarm (seaborn's `swarmplot` of one category): markers at
    /// `center` across the categories and `values` along the value axis,
    /// moved across (on the page, once the axes are placed) so that none
    /// overlaps another, held within `width` of the centre; a warning
    /// when more than `warn_thresh` of them had to be held there.
    Swarm {
        /// The category's position.
        center: f64,
        /// The values, in data order.
        values: Vec<f64>,
        /// Each marker's fill.
        colors: Vec<Color>,
        /// Marker area, points².
        size: f64,
        /// Outline.
        edge: Stroke,
        /// Categories along y (a horizontal chart).
        horizontal: bool,
        /// How wide the swarm may be, in category units.
        width: f64,
        /// The share of held markers above which to warn.
        warn_thresh: f64,
    },
    /// Short strokes `length` points long centred on points, across x
    /// (matplotlib's `_` marker) or, `vertical`, across y (`|`).
    Ticks {
        /// The centres, in data values.
        at: Vec<(f64, f64)>,
        /// Length in points.
        length: f64,
        /// Along y rather than x.
        vertical: bool,
        /// Color.
        color: Color,
        /// Width in points.
        width: f64,
        /// A translation in points, right and up.
        shift: (f64, f64),
    },
    /// Text at (x, y) (matplotlib's `Axes.text`): turned `rotation`
    /// degrees counter-clockwise, then its box aligned to that point; not
    /// clipped to the axes (as matplotlib's).
    Text {
        /// Where, in data values.
        at: (f64, f64),
        /// What.
        text: String,
        /// Size in points.
        size: f64,
        /// Color.
        color: Color,
        /// How it hangs on its anchor, across and up.
        align: (HAlign, VAlign),
        /// Degrees counter-clockwise.
        rotation: f64,
    },
    /// An image (matplotlib's `imshow` with `interpolation="nearest"`):
    /// `width` x `height` pixels, the first row at the top, covering
    /// `extent` (left, right, bottom, top) in data values; drawn as a
    /// mesh of its pixels, so it suits a chart's images (a few thousand
    /// pixels), not photographs.
    Image {
        /// Pixels per row.
        width: usize,
        /// Rows.
        height: usize,
        /// The pixels, row by row from the top.
        pixels: Vec<Color>,
        /// Left, right, bottom and top edges, in data values.
        extent: (f64, f64, f64, f64),
    },
    /// A legend entry with no handle, its text where handles start: the
    /// title of one part of a legend of several (seaborn's "subtitles",
    /// an invisible handle whose space is taken away). Draws nothing.
    Subtitle {
        /// Its text.
        label: String,
    },
    /// Cells filled edge to edge (matplotlib's `pcolormesh`): the cell
    /// between `x_edges[j..j+2]` and `y_edges[i..i+2]` is
    /// `colors[i * (x_edges.len() - 1) + j]`.
    Mesh {
        /// Column edges, increasing.
        x_edges: Vec<f64>,
        /// Row edges, increasing.
        y_edges: Vec<f64>,
        /// Cell colors, row by row from the lowest.
        colors: Vec<Color>,
    },
}

impl Artist {
    /// matplotlib's default z-order of the artist it stands for.
    fn zorder(&self) -> u8 {
        match self {
            Artist::Image { .. } => 0,
            Artist::Scatter { .. }
            | Artist::Band { .. }
            | Artist::Polygon { .. }
            | Artist::Region { .. }
            | Artist::Bars { .. }
            | Artist::Rects { .. }
            | Artist::Mesh { .. } => 1,
            Artist::Line { .. }
            | Artist::MarkedLine { .. }
            | Artist::Contour { .. }
            | Artist::Strokes { .. }
            | Artist::Ticks { .. } => 2,
            // seaborn draws strips and swarms over boxes and violins.
            Artist::Swarm { .. } => 3,
            Artist::Text { .. } | Artist::Subtitle { .. } => 3,
        }
    }

    /// Its legend entry, if it has a label.
    fn legend_entry(&self) -> Option<(Handle, &str)> {
        let (handle, label) = match self {
            Artist::Scatter {
                color,
                size,
                edge,
                label,
                ..
            } => (
                Handle::Marker {
                    color: *color,
                    size: *size,
                    edge: *edge,
                },
                label,
            ),
            Artist::Line { style, label, .. } => (Handle::Line(*style), label),
            Artist::Subtitle { label } => (Handle::Subtitle, label),
            Artist::MarkedLine {
                style,
                marker,
                label,
                ..
            } => (
                Handle::LineMarker {
                    style: *style,
                    marker: *marker,
                },
                label,
            ),
            Artist::Band {
                color, edge, label, ..
            } => (
                Handle::Patch {
                    face: *color,
                    edge: *edge,
                },
                label,
            ),
            Artist::Bars {
                color, edge, label, ..
            }
            | Artist::Rects {
                color, edge, label, ..
            }
            | Artist::Polygon {
                color, edge, label, ..
            } => (
                Handle::Patch {
                    face: *color,
                    edge: *edge,
                },
                label,
            ),
            Artist::Mesh { .. }
            | Artist::Image { .. }
            | Artist::Text { .. }
            | Artist::Contour { .. }
            | Artist::Strokes { .. }
            | Artist::Ticks { .. }
            | Artist::Swarm { .. }
            | Artist::Region { .. } => return None,
        };
        (!label.is_empty()).then_some((handle, label.as_str()))
    }

    /// Checks that its columns have matching lengths.
    fn check(&self) -> Result<(), String> {
        let same = |what: &str, a: usize, b: usize| {
            if a == b {
                Ok(())
            } else {
                Err(format!("{what} has {b} values for {a} x values"))
            }
        };
        match self {
            Artist::Scatter {
                x, y, size, colors, ..
            } => {
                same("y", x.len(), y.len())?;
                if !colors.is_empty() {
                    same("colors", x.len(), colors.len())?;
                }
                if !(size.is_finite() && *size >= 0.0) {
                    return Err(format!("marker size {size} is not a non-negative number"));
                }
                Ok(())
            }
            Artist::Line { x, y, .. }
            | Artist::MarkedLine { x, y, .. }
            | Artist::Polygon { x, y, .. } => same("y", x.len(), y.len()),
            Artist::Contour { .. }
            | Artist::Region { .. }
            | Artist::Strokes { .. }
            | Artist::Ticks { .. } => Ok(()),
            Artist::Swarm { values, colors, .. } => {
                if colors.len() == values.len() {
                    Ok(())
                } else {
                    Err(format!(
                        "{} colors for {} values",
                        colors.len(),
                        values.len()
                    ))
                }
            }
            Artist::Rects { rects, .. } => match rects
                .iter()
                .find(|(a, b, c, d)| ![a, b, c, d].iter().all(|v| v.is_finite()))
            {
                Some(r) => Err(format!("rectangle {r:?} has a value that is not a number")),
                None => Ok(()),
            },
            Artist::Image {
                width,
                height,
                pixels,
                extent,
            } => {
                if pixels.len() != width * height {
                    return Err(format!(
                        "an image of {width} x {height} pixels has {} colors",
                        pixels.len()
                    ));
                }
                let (l, r, b, t) = *extent;
                if ![l, r, b, t].iter().all(|v| v.is_finite()) || l == r || b == t {
                    return Err(format!("extent {extent:?} is not a box"));
                }
                Ok(())
            }
            Artist::Subtitle { .. } => Ok(()),
            Artist::Text { size, .. } => {
                if size.is_finite() && *size > 0.0 {
                    Ok(())
                } else {
                    Err(format!("text size {size} is not a positive number"))
                }
            }
            Artist::Band { x, lo, hi, .. } => {
                same("the lower curve", x.len(), lo.len())?;
                same("the upper curve", x.len(), hi.len())
            }
            Artist::Bars {
                x,
                heights,
                bottom,
                width,
                widths,
                ..
            } => {
                same("heights", x.len(), heights.len())?;
                if !bottom.is_empty() {
                    same("bottom", x.len(), bottom.len())?;
                }
                if !widths.is_empty() {
                    same("widths", x.len(), widths.len())?;
                }
                if let Some(w) = std::iter::once(width)
                    .chain(widths)
                    .find(|w| !(w.is_finite() && **w > 0.0))
                {
                    return Err(format!("bar width {w} is not a positive number"));
                }
                Ok(())
            }
            Artist::Mesh {
                x_edges,
                y_edges,
                colors,
            } => {
                let cells = x_edges.len().saturating_sub(1) * y_edges.len().saturating_sub(1);
                if colors.len() == cells {
                    Ok(())
                } else {
                    Err(format!(
                        "a mesh of {} x {} edges has {cells} cells, not {} colors",
                        x_edges.len(),
                        y_edges.len(),
                        colors.len()
                    ))
                }
            }
        }
    }

    /// The x and y values it covers (each with its sticky values: where
    /// autoscaling adds no margin past, as matplotlib's bars and meshes
    /// have), appended to `xs` and `ys`.
    fn extent(&self, xs: &mut Extent, ys: &mut Extent) {
        match self {
            Artist::Scatter { x, y, .. }
            | Artist::Line { x, y, .. }
            | Artist::MarkedLine { x, y, .. }
            | Artist::Polygon { x, y, .. } => {
                xs.values.extend(x);
                ys.values.extend(y);
            }
            Artist::Band { x, lo, hi, .. } => {
                xs.values.extend(x);
                ys.values.extend(lo.iter().chain(hi));
            }
            // matplotlib does not autoscale to text.
            Artist::Text { .. } | Artist::Subtitle { .. } => {}
            Artist::Strokes { segments, .. } => {
                for &((x0, y0), (x1, y1)) in segments {
                    xs.values.extend([x0, x1]);
                    ys.values.extend([y0, y1]);
                }
            }
            Artist::Ticks { at, .. } => {
                for &(x, y) in at {
                    xs.values.push(x);
                    ys.values.push(y);
                }
            }
            // Along the value axis; the category axis is fixed.
            Artist::Swarm {
                center,
                values,
                horizontal,
                ..
            } => {
                let (cats, vals) = if *horizontal { (ys, xs) } else { (xs, ys) };
                cats.values.push(*center);
                vals.values.extend(values);
            }
            Artist::Contour { lines, .. } | Artist::Region { rings: lines, .. } => {
                for &(x, y) in lines.iter().flatten() {
                    xs.values.push(x);
                    ys.values.push(y);
                }
            }
            Artist::Image { extent, .. } => {
                let (l, r, b, t) = *extent;
                xs.values.extend([l, r]);
                ys.values.extend([b, t]);
                xs.sticky.extend([l, r]);
                ys.sticky.extend([b, t]);
            }
            Artist::Bars {
                x,
                heights,
                bottom,
                width,
                widths,
                horizontal,
                ..
            } => {
                // Across the bars, and along them (sticky at their base).
                let (across, along) = if *horizontal { (ys, xs) } else { (xs, ys) };
                for (i, (&c, &h)) in x.iter().zip(heights).enumerate() {
                    let b = bottom.get(i).copied().unwrap_or(0.0);
                    let w = widths.get(i).copied().unwrap_or(*width);
                    across.values.extend([c - w / 2.0, c + w / 2.0]);
                    along.values.extend([b, b + h]);
                    along.sticky.push(b);
                }
            }
            Artist::Rects { rects, .. } => {
                for &(l, b, r, t) in rects {
                    xs.values.extend([l, r]);
                    ys.values.extend([b, t]);
                }
            }
            Artist::Mesh {
                x_edges, y_edges, ..
            } => {
                xs.values.extend(x_edges);
                ys.values.extend(y_edges);
                for (e, edges) in [(&mut *xs, x_edges), (&mut *ys, y_edges)] {
                    e.sticky
                        .extend(edges.first().into_iter().chain(edges.last()));
                }
            }
        }
    }
}

/// An axes' x and y limits, on its scales.
type View = ((f64, f64), (f64, f64));

/// Values an axis must show, and its sticky values.
#[derive(Debug, Default)]
struct Extent {
    values: Vec<f64>,
    sticky: Vec<f64>,
}

impl Extent {
    /// matplotlib's autoscaled view on `scale`: the values' range with 5%
    /// margins, not crossing a sticky value at either end.
    fn limits(&self, scale: Scale) -> (f64, f64) {
        let fwd: Vec<f64> = self.values.iter().map(|&v| scale.forward(v)).collect();
        let range = figure::finite_range(&fwd);
        let (mut lo, mut hi) = figure::margins(range);
        let Some((d0, d1)) = range else {
            return (lo, hi);
        };
        let mut sticky: Vec<f64> = self
            .sticky
            .iter()
            .map(|&v| scale.forward(v))
            .filter(|v| v.is_finite())
            .collect();
        sticky.sort_by(f64::total_cmp);
        let tol = 1e-5 * d0.abs().max(d1.abs()).max((d1 - d0).abs());
        // The largest sticky value at the low end, the smallest at the high.
        if let Some(&b) = sticky.iter().rev().find(|&&s| s < d0 + tol) {
            lo = lo.max(b);
        }
        if let Some(&b) = sticky.iter().find(|&&s| s > d1 - tol) {
            hi = hi.min(b);
        }
        (lo, hi)
    }
}

/// One axes of a [`Figure`]: what it shows and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Axes {
    /// Drawn at all (a corner pair plot leaves its upper triangle empty).
    pub visible: bool,
    /// A title above it.
    pub title: Option<String>,
    /// The x axis' label.
    pub xlabel: String,
    /// The y axis' label.
    pub ylabel: String,
    /// How x values map along it.
    pub xscale: Scale,
    /// How y values map along it.
    pub yscale: Scale,
    /// The x values at its left and right edges; found from its artists
    /// when `None`.
    pub xlim: Option<(f64, f64)>,
    /// The y values at its bottom and top edges; found when `None`.
    pub ylim: Option<(f64, f64)>,
    /// Category names along x: category `i` is at x = `i`, the view from
    /// −0.5 to n − 0.5 (seaborn's categorical axis). Empty: a numeric axis.
    pub xcategories: Vec<String>,
    /// Category names along y, as `xcategories`.
    pub ycategories: Vec<String>,
    /// The x axis runs right to left (matplotlib's `invert_xaxis`).
    pub xinverted: bool,
    /// The y axis runs top to bottom (`invert_yaxis`; an image's rows and
    /// a heatmap's are drawn so).
    pub yinverted: bool,
    /// One unit of x as long as one unit of y (matplotlib's
    /// `set_aspect("equal")`): the box shrinks about its centre.
    pub aspect_equal: bool,
    /// Its spines.
    pub spines: Spines,
    /// Grid lines at the major ticks (matplotlib's `grid(True)`).
    pub grid: bool,
    /// x tick labels shown: `None` leaves it to sharing (hidden on the
    /// inner rows of a shared x, as matplotlib's `subplots`).
    pub xticklabels: Option<bool>,
    /// y tick labels shown: `None` leaves it to sharing.
    pub yticklabels: Option<bool>,
    /// x tick labels in this Python format spec (matplotlib's
    /// `StrMethodFormatter("{x:,.0f}")`), instead of the scale's formatter.
    pub xformat: Option<NumberFormat>,
    /// y tick labels in this Python format spec.
    pub yformat: Option<NumberFormat>,
    /// Which way the tick marks point (matplotlib's `tick_params(direction=)`).
    pub tick_direction: TickDirection,
    /// Major tick mark length in points (matplotlib's 3.5).
    pub tick_length: f64,
    /// Tick label size in points (matplotlib's 10).
    pub ticklabel_size: f64,
    /// x tick labels turned this many degrees counter-clockwise.
    pub xtick_rotation: f64,
    /// A legend of its labelled artists.
    pub legend: Option<Legend>,
    /// What it draws, back to front.
    pub artists: Vec<Artist>,
    /// What it draws on a twin y axis with its axis off (matplotlib's
    /// `twinx()` then `set_axis_off()`, where seaborn's pair grid draws its
    /// diagonal): over the artists, sharing this axes' x (and its x
    /// limits' autoscaling), on a linear y view of their own. Not in the
    /// legend.
    pub twin: Vec<Artist>,
    /// The twin's y values at the bottom and top; autoscaled to the twin's
    /// artists when `None`.
    pub twin_ylim: Option<(f64, f64)>,
    /// The x axis drawn at all: ticks, tick labels and label
    /// (matplotlib's `xaxis.set_visible`).
    pub xaxis: bool,
    /// The y axis drawn at all.
    pub yaxis: bool,
}

impl Default for Axes {
    fn default() -> Self {
        Axes {
            visible: true,
            title: None,
            xlabel: String::new(),
            ylabel: String::new(),
            xscale: Scale::Linear,
            yscale: Scale::Linear,
            xlim: None,
            ylim: None,
            xcategories: Vec::new(),
            ycategories: Vec::new(),
            xinverted: false,
            yinverted: false,
            aspect_equal: false,
            spines: Spines::default(),
            grid: false,
            xticklabels: None,
            yticklabels: None,
            xformat: None,
            yformat: None,
            tick_direction: TickDirection::Out,
            tick_length: TICK_LENGTH,
            ticklabel_size: FONT_SIZE,
            xtick_rotation: 0.0,
            legend: None,
            artists: Vec::new(),
            twin: Vec::new(),
            twin_ylim: None,
            xaxis: true,
            yaxis: true,
        }
    }
}

impl Axes {
    /// Adds markers at (x, y) of area `size` points² (matplotlib's
    /// `scatter`).
    pub fn scatter(&mut self, x: Vec<f64>, y: Vec<f64>, color: Color, size: f64, label: &str) {
        self.artists.push(Artist::Scatter {
            x,
            y,
            color,
            colors: Vec::new(),
            size,
            edge: None,
            label: label.to_owned(),
        });
    }

    /// Adds a line through (x, y) (matplotlib's `plot`).
    pub fn plot(&mut self, x: Vec<f64>, y: Vec<f64>, style: LineStyle, label: &str) {
        self.artists.push(Artist::Line {
            x,
            y,
            style,
            label: label.to_owned(),
        });
    }

    /// Fills the polygon through (x, y) (matplotlib's `fill`).
    pub fn fill(&mut self, x: Vec<f64>, y: Vec<f64>, color: Color, label: &str) {
        self.artists.push(Artist::Polygon {
            x,
            y,
            color,
            edge: None,
            join: Join::Miter,
            label: label.to_owned(),
        });
    }

    /// Fills between `lo` and `hi` over `x` (matplotlib's `fill_between`).
    pub fn fill_between(
        &mut self,
        x: Vec<f64>,
        lo: Vec<f64>,
        hi: Vec<f64>,
        color: Color,
        label: &str,
    ) {
        self.artists.push(Artist::Band {
            x,
            lo,
            hi,
            color,
            edge: None,
            label: label.to_owned(),
        });
    }

    /// Adds black 10 pt text at (x, y), its left end on the baseline there
    /// (matplotlib's `Axes.text` defaults).
    pub fn text(&mut self, at: (f64, f64), text: &str) {
        self.artists.push(Artist::Text {
            at,
            text: text.to_owned(),
            size: FONT_SIZE,
            color: Color::BLACK,
            align: (HAlign::Left, VAlign::Baseline),
            rotation: 0.0,
        });
    }

    /// Shows an image of `width` x `height` pixels (row by row from the
    /// top) as matplotlib's `imshow` does: pixel (row i, column j) centred
    /// at (j, i) (the extent from −0.5 to `width` − 0.5 across and from
    /// `height` − 0.5 at the bottom to −0.5 at the top), the y axis
    /// inverted so that the first row is on top, and square pixels.
    pub fn imshow(&mut self, width: usize, height: usize, pixels: Vec<Color>) {
        let (w, h) = (width as f64, height as f64);
        self.artists.push(Artist::Image {
            width,
            height,
            pixels,
            extent: (-0.5, w - 0.5, h - 0.5, -0.5),
        });
        self.yinverted = true;
        self.aspect_equal = true;
    }

    /// Adds bars from 0 (matplotlib's `bar`).
    pub fn bar(&mut self, x: Vec<f64>, heights: Vec<f64>, width: f64, color: Color, label: &str) {
        self.artists.push(Artist::Bars {
            x,
            heights,
            bottom: Vec::new(),
            horizontal: false,
            width,
            widths: Vec::new(),
            color,
            edge: None,
            label: label.to_owned(),
        });
    }
}

/// Where a figure's grid goes under [`Layout::None`]: the edges of the
/// area its axes share, as fractions of the figure from its left and
/// bottom (matplotlib's `subplots_adjust`). The other layouts place the
/// grid themselves, as matplotlib's `tight_layout` overrides these.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// The grid's left edge.
    pub left: f64,
    /// Its right edge.
    pub right: f64,
    /// Its bottom edge.
    pub bottom: f64,
    /// Its top edge.
    pub top: f64,
}

impl Default for Margins {
    /// matplotlib's `figure.subplot.*` defaults.
    fn default() -> Self {
        let p = SubplotParams::default();
        Margins {
            left: p.left,
            right: p.right,
            bottom: p.bottom,
            top: p.top,
        }
    }
}

/// A legend for the whole figure, outside its axes on the right, as
/// seaborn's figure-level functions put it (`legend_out`): the figure is
/// widened by the legend's width, and the axes keep their size.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FigureLegend {
    /// A title above the entries (seaborn: the hue variable's name).
    pub title: Option<String>,
}

/// A figure of a grid of axes (matplotlib's `plt.subplots`).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Size in inches (before a [`FigureLegend`] widens it).
    pub figsize: (f64, f64),
    /// Where the axes go: matplotlib's fixed margins, `tight` or
    /// `constrained`.
    pub layout: Layout,
    /// Where the grid goes under [`Layout::None`].
    pub margins: Margins,
    /// A title over the whole figure (matplotlib's `suptitle`).
    pub suptitle: Option<String>,
    /// Space between columns, as a fraction of the mean axes width
    /// (matplotlib's `wspace`, default 0.2).
    pub wspace: f64,
    /// Space between rows, as a fraction of the mean axes height
    /// (`hspace`, default 0.2).
    pub hspace: f64,
    /// Relative column widths (empty: equal).
    pub width_ratios: Vec<f64>,
    /// Relative row heights (empty: equal).
    pub height_ratios: Vec<f64>,
    /// Which axes share their x axis.
    pub sharex: Share,
    /// Which axes share their y axis.
    pub sharey: Share,
    /// A legend of every labelled artist, outside on the right.
    pub legend: Option<FigureLegend>,
    /// matplotlib's own tight layout in place of plotmill's (a seaborn
    /// grid's pad and box).
    pub(crate) tight: Option<Tight>,
    nrows: usize,
    ncols: usize,
    axes: Vec<Axes>,
}

impl Figure {
    /// A figure of one axes, `figsize` inches.
    pub fn new(figsize: (f64, f64)) -> Self {
        Figure::subplots(1, 1, figsize)
    }

    /// A figure of `nrows` x `ncols` axes (at least 1 x 1), `figsize`
    /// inches.
    pub fn subplots(nrows: usize, ncols: usize, figsize: (f64, f64)) -> Self {
        let (nrows, ncols) = (nrows.max(1), ncols.max(1));
        Figure {
            figsize,
            layout: Layout::None,
            margins: Margins::default(),
            suptitle: None,
            wspace: 0.2,
            hspace: 0.2,
            width_ratios: Vec::new(),
            height_ratios: Vec::new(),
            sharex: Share::None,
            sharey: Share::None,
            legend: None,
            tight: None,
            nrows,
            ncols,
            axes: vec![Axes::default(); nrows * ncols],
        }
    }

    /// The grid's rows and columns.
    pub fn shape(&self) -> (usize, usize) {
        (self.nrows, self.ncols)
    }

    /// The axes in `row` and `col`, if the grid has it.
    pub fn axes_mut(&mut self, row: usize, col: usize) -> Option<&mut Axes> {
        (row < self.nrows && col < self.ncols).then(|| &mut self.axes[row * self.ncols + col])
    }

    /// The axes in `row` and `col`, if the grid has it.
    pub fn axes(&self, row: usize, col: usize) -> Option<&Axes> {
        (row < self.nrows && col < self.ncols).then(|| &self.axes[row * self.ncols + col])
    }

    /// Checks what a user gave: the figure's size, the ratios, each
    /// artist's lengths.
    fn check(&self) -> Result<(), ChartError> {
        crate::validate::check_figsize(self.figsize)?;
        let bad =
            |option: &'static str, message: String| Err(ChartError::Invalid { option, message });
        for (ratios, n, what) in [
            (&self.width_ratios, self.ncols, "width_ratios"),
            (&self.height_ratios, self.nrows, "height_ratios"),
        ] {
            if !ratios.is_empty() && ratios.len() != n {
                return bad(what, format!("{} values for {n} cells", ratios.len()));
            }
            if ratios.iter().any(|r| !(r.is_finite() && *r > 0.0)) {
                return bad(what, "give positive numbers".to_owned());
            }
        }
        let m = self.margins;
        let inside = |a: f64, b: f64| 0.0 <= a && a < b && b <= 1.0;
        if !(inside(m.left, m.right) && inside(m.bottom, m.top)) {
            return bad(
                "margins",
                format!(
                    "{m:?} is not a box inside the figure (0 <= left < right <= 1, 0 <= bottom < top <= 1)"
                ),
            );
        }
        for (what, v) in [("wspace", self.wspace), ("hspace", self.hspace)] {
            if !(v.is_finite() && v >= 0.0) {
                return bad(what, format!("{v} is not a non-negative number"));
            }
        }
        for (k, ax) in self.axes.iter().enumerate() {
            let (row, col) = (k / self.ncols, k % self.ncols);
            for (i, a) in ax.artists.iter().enumerate() {
                if let Err(e) = a.check() {
                    return bad("artists", format!("axes ({row}, {col}), artist {i}: {e}"));
                }
            }
        }
        Ok(())
    }

    /// Builds the figure: limits found (and shared), then laid out with
    /// its layout and drawn.
    pub fn build<'f>(&self, fonts: impl Into<Fonts<'f>>) -> Result<Chart, ChartError> {
        let fonts: Fonts<'f> = fonts.into();
        self.check()?;
        let limits = self.limits();
        let entries = self.legend_entries();
        // seaborn's legend_out: the figure grows by the legend's width and
        // the axes keep to its left, 1% of the figure short of it.
        let mut figsize = self.figsize;
        let mut reserved = 0.0;
        let legend = self.legend.as_ref().filter(|_| !entries.is_empty());
        let title = legend.and_then(|l| l.title.as_deref());
        let size = Entries {
            title,
            entries: &entries,
        }
        .size(fonts);
        if legend.is_some() {
            figsize.0 += size.0 / 72.0;
            reserved = size.0 + 0.01 * figsize.0 * 72.0;
        }
        let (w, h) = (figsize.0 * 72.0, figsize.1 * 72.0);
        let margins = self.margins;
        layout::draw_with(self.layout, self.tight, |params| {
            // The user's margins stand under `none`; a layout moves them.
            let params = if self.layout == Layout::None {
                SubplotParams {
                    left: margins.left,
                    right: margins.right,
                    bottom: margins.bottom,
                    top: margins.top,
                    ..params
                }
            } else {
                params
            };
            let params = SubplotParams {
                right: params.right.min(1.0 - reserved / w),
                ..params
            };
            let mut page = Page::new(fonts, figsize, params);
            page.reserve_right(reserved);
            let owners = self.draw_axes(&mut page, &limits);
            if let (Some(_), Some(&owner)) = (legend, owners.first()) {
                // "center right" of the figure, borderaxespad from its edge.
                let pad = BORDER_AXES_PAD * FONT_SIZE;
                let frame = Rect::new(w - pad - size.0, (h - size.1) / 2.0, size.0, size.1);
                Entries {
                    title,
                    entries: &entries,
                }
                .draw(&mut page, frame, false, owner);
            }
            if let Some(t) = &self.suptitle {
                // matplotlib's suptitle: 12 pt, its top at 98% of the
                // figure's height.
                page.text(
                    LineBox::new(fonts, TITLE_SIZE),
                    &Label::new(
                        t,
                        TITLE_SIZE,
                        Point::new(w / 2.0, 0.02 * h),
                        HAlign::Center,
                        VAlign::Top,
                        0.0,
                    ),
                );
            }
            Ok::<Drawn, ChartError>(page.finish(Vec::new()))
        })
        .map(|mut chart| {
            // Whatever the layout, text past the page's edge is lost (a
            // legend of many levels taller than the figure): say so.
            let mut legible = Legibility::default();
            let page = Rect::new(0.0, 0.0, chart.scene.width, chart.scene.height);
            legible.off_page(TextRole::Labels, &chart.text_inks, page);
            chart.crowding.extend(legible.finish());
            chart
        })
    }

    /// Each axes' twin y view (`None` without a twin): given, or
    /// autoscaled to what the twin shows.
    fn twin_views(&self) -> Vec<Option<(f64, f64)>> {
        self.axes
            .iter()
            .map(|ax| {
                if ax.twin.is_empty() {
                    return None;
                }
                if let Some((a, b)) = ax
                    .twin_ylim
                    .filter(|(a, b)| a.is_finite() && b.is_finite() && a != b)
                {
                    return Some((a, b));
                }
                let (mut x, mut y) = (Extent::default(), Extent::default());
                for a in &ax.twin {
                    a.extent(&mut x, &mut y);
                }
                Some(y.limits(Scale::Linear))
            })
            .collect()
    }

    /// Every labelled artist's legend entry, the first of each label.
    fn legend_entries(&self) -> Vec<(Handle, &str)> {
        let mut out: Vec<(Handle, &str)> = Vec::new();
        for ax in self.axes.iter().filter(|a| a.visible) {
            for entry in ax.artists.iter().filter_map(Artist::legend_entry) {
                if !out.iter().any(|(_, l)| *l == entry.1) {
                    out.push(entry);
                }
            }
        }
        out
    }

    /// Each axes' x and y limits on its scales (log10 on a log axis):
    /// given, categorical, or autoscaled over its share group.
    fn limits(&self) -> Vec<View> {
        let n = self.axes.len();
        let mut xs: Vec<Extent> = (0..n).map(|_| Extent::default()).collect();
        let mut ys: Vec<Extent> = (0..n).map(|_| Extent::default()).collect();
        for ((ax, x), y) in self.axes.iter().zip(&mut xs).zip(&mut ys) {
            for a in &ax.artists {
                a.extent(x, y);
            }
            // A twin shares the x axis, and so its autoscaling.
            let mut twin_y = Extent::default();
            for a in &ax.twin {
                a.extent(x, &mut twin_y);
            }
        }
        let x = self.views(xs, self.sharex, |ax| (ax.xlim, &ax.xcategories, ax.xscale));
        let y = self.views(ys, self.sharey, |ax| (ax.ylim, &ax.ycategories, ax.yscale));
        // An inverted axis shows its view the other way round.
        let turn = |(a, b): (f64, f64), inverted: bool| if inverted { (b, a) } else { (a, b) };
        self.axes
            .iter()
            .zip(x.into_iter().zip(y))
            .map(|(ax, (x, y))| (turn(x, ax.xinverted), turn(y, ax.yinverted)))
            .collect()
    }

    /// Each axes' view along one direction, from its `extents`: the limits
    /// `pick` gives, its categories, or else autoscaled over what its
    /// share group shows (each group's extent pooled once and its limits
    /// found once per scale).
    fn views(
        &self,
        extents: Vec<Extent>,
        share: Share,
        pick: impl Fn(&Axes) -> (Option<(f64, f64)>, &[String], Scale),
    ) -> Vec<(f64, f64)> {
        let group = |k: usize| share.group(k / self.ncols, k % self.ncols);
        let mut pools: Vec<(usize, Extent)> = Vec::new();
        let mut own: Vec<Option<Extent>> = Vec::with_capacity(extents.len());
        for (k, e) in extents.into_iter().enumerate() {
            let Some(g) = group(k) else {
                own.push(Some(e));
                continue;
            };
            own.push(None);
            match pools.iter_mut().find(|(id, _)| *id == g) {
                Some((_, pool)) => {
                    pool.values.extend(e.values);
                    pool.sticky.extend(e.sticky);
                }
                None => pools.push((g, e)),
            }
        }
        let mut found: Vec<(usize, Scale, (f64, f64))> = Vec::new();
        self.axes
            .iter()
            .enumerate()
            .map(|(k, ax)| {
                let (lim, cats, scale) = pick(ax);
                if !cats.is_empty() {
                    return (-0.5, cats.len() as f64 - 0.5);
                }
                match lim.map(|(a, b)| (scale.forward(a), scale.forward(b))) {
                    Some((a, b)) if a.is_finite() && b.is_finite() && a != b => return (a, b),
                    _ => {}
                }
                match (&own[k], group(k)) {
                    (Some(e), _) => e.limits(scale),
                    (None, Some(g)) => {
                        if let Some(&(.., view)) =
                            found.iter().find(|(id, s, _)| *id == g && *s == scale)
                        {
                            return view;
                        }
                        let pool = pools.iter().find(|(id, _)| *id == g).map(|(_, p)| p);
                        let view = pool.map_or((0.0, 1.0), |p| p.limits(scale));
                        found.push((g, scale, view));
                        view
                    }
                    (None, None) => (0.0, 1.0),
                }
            })
            .collect()
    }

    /// Draws every visible axes into its grid cell; returns the figure's
    /// index of each drawn axes.
    fn draw_axes(&self, page: &mut Page<'_>, limits: &[View]) -> Vec<usize> {
        let ones = |n| vec![1.0; n];
        let widths = if self.width_ratios.is_empty() {
            ones(self.ncols)
        } else {
            self.width_ratios.clone()
        };
        let heights = if self.height_ratios.is_empty() {
            ones(self.nrows)
        } else {
            self.height_ratios.clone()
        };
        let (cols, rows) = page.grid(&widths, &heights, self.wspace, self.hspace);
        let twins = self.twin_views();
        let mut owners = Vec::new();
        for (k, ax) in self.axes.iter().enumerate() {
            if !ax.visible {
                continue;
            }
            let (r, c) = (k / self.ncols, k % self.ncols);
            let cell = Rect::new(cols[c].0, rows[r].0, cols[c].1, rows[r].1);
            // matplotlib's subplots hide the tick labels of shared axes
            // but on the outer row and column.
            let outer_x = !matches!(self.sharex, Share::All | Share::Col) || r + 1 == self.nrows;
            let outer_y = !matches!(self.sharey, Share::All | Share::Row) || c == 0;
            let shown = (
                ax.xticklabels.unwrap_or(outer_x),
                ax.yticklabels.unwrap_or(outer_y),
            );
            owners.push(draw_one(
                page,
                ax,
                cell,
                (limits[k], twins[k]),
                shown,
                (r, c),
            ));
        }
        owners
    }
}

/// `cell` shrunk about its centre so that one unit of x is as long as one
/// of y (matplotlib's `set_aspect("equal")` with `adjustable="box"`).
fn equal_aspect(cell: Rect, (xlim, ylim): View) -> Rect {
    let ratio = ((ylim.1 - ylim.0) / (xlim.1 - xlim.0)).abs();
    if !(ratio.is_finite() && ratio > 0.0) {
        return cell;
    }
    let (w, h) = if cell.h / cell.w > ratio {
        (cell.w, cell.w * ratio)
    } else {
        (cell.h / ratio, cell.h)
    };
    Rect::new(
        cell.x + (cell.w - w) / 2.0,
        cell.y + (cell.h - h) / 2.0,
        w,
        h,
    )
}

/// Draws one axes in `cell` of the page's grid at (`row`, `col`); returns
/// its index among the page's axes.
fn draw_one(
    page: &mut Page<'_>,
    ax: &Axes,
    cell: Rect,
    ((xlim, ylim), twin): (View, Option<(f64, f64)>),
    (xlabels, ylabels): (bool, bool),
    at: (usize, usize),
) -> usize {
    let rect = if ax.aspect_equal {
        equal_aspect(cell, (xlim, ylim))
    } else {
        cell
    };
    let frame = Frame { rect, xlim, ylim };
    let (sx, sy) = (ax.xscale, ax.yscale);
    let owner = page.add_axes(AxesRole::Plot, &frame.in_values((sx, sy)));
    let fixed = |cats: &[String]| -> Vec<(f64, String)> {
        cats.iter()
            .enumerate()
            .map(|(i, c)| (i as f64, c.clone()))
            .collect()
    };
    let (xfixed, yfixed) = (fixed(&ax.xcategories), fixed(&ax.ycategories));
    let xticks: Vec<(f64, &str)> = xfixed.iter().map(|(t, s)| (*t, s.as_str())).collect();
    let yticks: Vec<(f64, &str)> = yfixed.iter().map(|(t, s)| (*t, s.as_str())).collect();
    // Ticks and labels see the data's values; the view is on the scale.
    let x_axis = Axis {
        format: ax.xformat.as_ref(),
        direction: ax.tick_direction,
        length: ax.tick_length,
        size: ax.ticklabel_size,
        rotation: ax.xtick_rotation,
        ..axis(
            Side::Bottom,
            (sx.inverse(xlim.0), sx.inverse(xlim.1)),
            sx,
            &xticks,
            xlabels,
        )
    };
    let y_axis = Axis {
        format: ax.yformat.as_ref(),
        direction: ax.tick_direction,
        length: ax.tick_length,
        size: ax.ticklabel_size,
        ..axis(
            Side::Left,
            (sy.inverse(ylim.0), sy.inverse(ylim.1)),
            sy,
            &yticks,
            ylabels,
        )
    };
    if ax.grid {
        // matplotlib's grid lines (#b0b0b0, 0.8 pt), under the artists.
        let stroke = Stroke {
            width: 0.8,
            color: Color::rgb(0.69, 0.69, 0.69),
        };
        for a in [&x_axis, &y_axis] {
            for points in a.grid_lines(rect) {
                // Across the whole axes: ends the axes clip either way.
                page.push(Item::Line {
                    points,
                    stroke,
                    cap: Cap::Butt,
                });
            }
        }
    }
    let mut obstacles = Obstacles::default();
    // matplotlib draws by z-order, then in the order added: images (0),
    // patches and collections (1: bars, fills, meshes, scatter), lines
    // (2), text (3).
    let mut order: Vec<&Artist> = ax.artists.iter().collect();
    order.sort_by_key(|a| a.zorder());
    for artist in order {
        draw_artist(page, &frame, (sx, sy), artist, &mut obstacles);
    }
    // The twin is an axes of its own, drawn after (over) this one's
    // artists, with its y on a linear scale.
    if let Some(ylim) = twin {
        let frame = Frame { rect, xlim, ylim };
        let mut order: Vec<&Artist> = ax.twin.iter().collect();
        order.sort_by_key(|a| a.zorder());
        for artist in order {
            draw_artist(page, &frame, (sx, Scale::Linear), artist, &mut obstacles);
        }
    }
    let below = if ax.xaxis {
        x_axis.draw(page, owner, Some(at)) - rect.bottom()
    } else {
        0.0
    };
    let left_of = if ax.yaxis {
        rect.x - y_axis.draw(page, owner, Some(at))
    } else {
        0.0
    };
    spines(page, rect, ax.spines);
    // A visible spine's extent, as matplotlib's tight layout measures it,
    // takes in its tick marks.
    let out = match ax.tick_direction {
        TickDirection::Out => ax.tick_length,
        TickDirection::InOut => ax.tick_length / 2.0,
        TickDirection::In => 0.0,
    };
    if out > 0.0 {
        if ax.yaxis && ax.spines.left {
            page.decor_of(at, Rect::new(rect.x - out, rect.y, out, rect.h));
        }
        if ax.xaxis && ax.spines.bottom {
            page.decor_of(at, Rect::new(rect.x, rect.bottom(), rect.w, out));
        }
    }
    fn shown(on: bool, label: &str) -> &str {
        if on { label } else { "" }
    }
    page.axis_labels(
        rect,
        (below, left_of),
        (shown(ax.xaxis, &ax.xlabel), shown(ax.yaxis, &ax.ylabel)),
        Some(at),
    );
    if let Some(title) = &ax.title {
        page.title(title, rect);
    }
    if let Some(l) = &ax.legend {
        let entries: Vec<(Handle, &str)> =
            ax.artists.iter().filter_map(Artist::legend_entry).collect();
        if !entries.is_empty() {
            let legend = Entries {
                title: l.title.as_deref(),
                entries: &entries,
            };
            let size = legend.size(page.fonts());
            let pad = BORDER_AXES_PAD * FONT_SIZE;
            let frame = match l.loc {
                LegendLoc::Best => legend::best(size, rect, pad, &obstacles),
                LegendLoc::At(loc) => loc.anchor(size, rect, pad),
            };
            legend.draw(page, frame, true, owner);
        }
    }
    owner
}

/// Draws one artist in `frame` (limits on the scales); records what a
/// legend placed "best" must not hide.
fn draw_artist(
    page: &mut Page<'_>,
    frame: &Frame,
    (sx, sy): (Scale, Scale),
    artist: &Artist,
    obstacles: &mut Obstacles,
) {
    let rect = frame.rect;
    let on_scale = |x: &[f64], y: &[f64]| -> Vec<(f64, f64)> {
        x.iter()
            .zip(y)
            .map(|(&x, &y)| (sx.forward(x), sy.forward(y)))
            .collect()
    };
    match artist {
        // A legend entry only.
        Artist::Subtitle { .. } => {}
        Artist::Scatter {
            x,
            y,
            color,
            colors,
            size,
            edge,
            ..
        } => {
            let marker = Marker::Circle {
                radius: size.sqrt() / 2.0,
                edge: edge.map_or(1.0, |e| e.width),
                edge_color: edge.map(|e| e.color),
            };
            // Markers in order, one run per stretch of one color.
            let fill_of = |i: usize| colors.get(i).copied().unwrap_or(*color);
            let mut run: (Color, Vec<Point>) = (fill_of(0), Vec::new());
            let mut flush = |run: &mut (Color, Vec<Point>), next: Color| {
                let points = std::mem::take(&mut run.1);
                if !points.is_empty() {
                    obstacles.points.extend(&points);
                    page.push(Item::Markers {
                        marker,
                        fill: run.0,
                        centers: Centers::Points(points),
                        clip: rect,
                    });
                }
                run.0 = next;
            };
            for (i, (x, y)) in on_scale(x, y).into_iter().enumerate() {
                if !(x.is_finite() && y.is_finite()) {
                    continue;
                }
                let c = fill_of(i);
                if c != run.0 {
                    flush(&mut run, c);
                }
                run.1.push(frame.point(x, y));
            }
            flush(&mut run, *color);
        }
        Artist::Line { x, y, style, .. } => {
            let points = on_scale(x, y);
            let stroke = Stroke {
                width: style.width,
                color: style.color,
            };
            let sorted = |(a, b): (f64, f64)| (a.min(b), a.max(b));
            for run in clip_runs(&points, sorted(frame.xlim), sorted(frame.ylim)) {
                let page_run: Vec<Point> =
                    run.points.iter().map(|&(x, y)| frame.point(x, y)).collect();
                push_run(page, page_run, run.cut, stroke, (style.dashes, style.cap));
            }
            obstacles
                .lines
                .push(points.iter().map(|&(x, y)| frame.point(x, y)).collect());
        }
        Artist::Strokes {
            segments,
            color,
            width,
            cap,
            shift,
            dash,
        } => {
            let stroke = Stroke {
                width: *width,
                color: *color,
            };
            for &((x0, y0), (x1, y1)) in segments {
                let a = frame.point(sx.forward(x0), sy.forward(y0));
                let b = frame.point(sx.forward(x1), sy.forward(y1));
                if ![a.x, a.y, b.x, b.y].iter().all(|v| v.is_finite()) {
                    continue;
                }
                // Page points run down: "up" is negative y.
                let moved = |p: Point| Point::new(p.x + shift.0, p.y - shift.1);
                let ends = vec![moved(a), moved(b)];
                match dash {
                    Some((on, off)) => {
                        for piece in crate::line::dash_pattern(&ends, &[*on, *off]) {
                            page.push(Item::Line {
                                points: piece,
                                stroke,
                                cap: Cap::Butt,
                            });
                        }
                    }
                    None => push_line(page, ends, stroke, Dashes::SOLID, *cap),
                }
            }
        }
        Artist::MarkedLine {
            x,
            y,
            style,
            marker,
            ..
        } => {
            let line = Artist::Line {
                x: x.clone(),
                y: y.clone(),
                style: *style,
                label: String::new(),
            };
            draw_artist(page, frame, (sx, sy), &line, obstacles);
            let points: Vec<Point> = on_scale(x, y)
                .into_iter()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .map(|(x, y)| frame.point(x, y))
                .collect();
            if !points.is_empty() {
                obstacles.points.extend(&points);
                page.push(Item::Markers {
                    marker: marker.scene(style.color),
                    fill: style.color,
                    centers: Centers::Points(points),
                    clip: rect,
                });
            }
        }
        Artist::Swarm {
            center,
            values,
            colors,
            size,
            edge,
            horizontal,
            width,
            warn_thresh,
        } => {
            use crate::swarm::{Disc, beeswarm};
            let radius = (size.sqrt() + edge.width) / 2.0;
            // Across runs as matplotlib's display axes do: right, or up.
            let page_of = |cat: f64, value: f64| {
                if *horizontal {
                    frame.point(sx.forward(value), sy.forward(cat))
                } else {
                    frame.point(sx.forward(cat), sy.forward(value))
                }
            };
            let across_along = |p: Point| {
                if *horizontal {
                    (-p.y, p.x)
                } else {
                    (p.x, -p.y)
                }
            };
            let mut kept = Vec::with_capacity(values.len());
            let mut discs = Vec::with_capacity(values.len());
            for (k, &v) in values.iter().enumerate() {
                let p = page_of(*center, v);
                if p.x.is_finite() && p.y.is_finite() {
                    let (across, along) = across_along(p);
                    discs.push(Disc {
                        across,
                        along,
                        radius,
                    });
                    kept.push(k);
                }
            }
            let placed = beeswarm(&discs);
            // Held within the swarm's width (seaborn's gutters).
            let (lo, hi) = {
                let a = across_along(page_of(center - width / 2.0, 0.0)).0;
                let b = across_along(page_of(center + width / 2.0, 0.0)).0;
                (a.min(b), b.max(a))
            };
            let held = placed.iter().filter(|&&a| a < lo || a > hi).count();
            if !placed.is_empty() && held as f64 / placed.len() as f64 > *warn_thresh {
                page.warn(format!(
                    "{:.1}% of the points of a swarm cannot be placed without overlapping and are drawn at its edge; decrease the marker size, or draw a strip plot",
                    100.0 * held as f64 / placed.len() as f64
                ));
            }
            // Back to data values across the category, then drawn as a
            // scatter of these colours.
            let unit =
                across_along(page_of(center + 1.0, 0.0)).0 - across_along(page_of(*center, 0.0)).0;
            let origin = across_along(page_of(*center, 0.0)).0;
            let cats: Vec<f64> = placed
                .iter()
                .map(|&a| center + (a.clamp(lo, hi) - origin) / unit)
                .collect();
            let vals: Vec<f64> = kept.iter().map(|&k| values[k]).collect();
            let (x, y) = if *horizontal {
                (vals, cats)
            } else {
                (cats, vals)
            };
            let scatter = Artist::Scatter {
                x,
                y,
                color: colors.first().copied().unwrap_or(Color::BLACK),
                colors: kept.iter().map(|&k| colors[k]).collect(),
                size: *size,
                edge: Some(*edge),
                label: String::new(),
            };
            draw_artist(page, frame, (sx, sy), &scatter, obstacles);
        }
        Artist::Ticks {
            at,
            length,
            vertical,
            color,
            width,
            shift,
        } => {
            let stroke = Stroke {
                width: *width,
                color: *color,
            };
            let half = length / 2.0;
            for &(x, y) in at {
                let c = frame.point(sx.forward(x), sy.forward(y));
                if !(c.x.is_finite() && c.y.is_finite()) {
                    continue;
                }
                let c = Point::new(c.x + shift.0, c.y - shift.1);
                let (a, b) = if *vertical {
                    (Point::new(c.x, c.y - half), Point::new(c.x, c.y + half))
                } else {
                    (Point::new(c.x - half, c.y), Point::new(c.x + half, c.y))
                };
                push_line(page, vec![a, b], stroke, Dashes::SOLID, Cap::Butt);
            }
        }
        Artist::Contour { lines, style } => {
            let stroke = Stroke {
                width: style.width,
                color: style.color,
            };
            let sorted = |(a, b): (f64, f64)| (a.min(b), a.max(b));
            for line in lines {
                let points: Vec<(f64, f64)> = line
                    .iter()
                    .map(|&(x, y)| (sx.forward(x), sy.forward(y)))
                    .collect();
                // A contour set is a collection: its lines end butt.
                for run in clip_polyline(&points, sorted(frame.xlim), sorted(frame.ylim)) {
                    let run: Vec<Point> = run.iter().map(|&(x, y)| frame.point(x, y)).collect();
                    push_line(page, run, stroke, style.dashes, Cap::Butt);
                }
            }
        }
        Artist::Region { rings, color } => {
            let rings: Vec<Vec<Point>> = rings
                .iter()
                .map(|ring| {
                    let corners: Vec<Point> = ring
                        .iter()
                        .filter(|(x, y)| x.is_finite() && y.is_finite())
                        .map(|&(x, y)| frame.point(sx.forward(x), sy.forward(y)))
                        .collect();
                    clip_polygon(&corners, frame.rect)
                })
                .filter(|ring| ring.len() >= 3)
                .collect();
            // Not an obstacle to a "best" legend: matplotlib's legend
            // looks past contour sets (their paths are not offsets, lines
            // or patches).
            if !rings.is_empty() {
                page.push(Item::Region {
                    rings,
                    fill: *color,
                });
            }
        }
        Artist::Band {
            x,
            lo,
            hi,
            color,
            edge,
            ..
        } => {
            // The upper curve left to right, then the lower one back.
            let upper = on_scale(x, hi);
            let lower = on_scale(x, lo);
            let outline: Vec<(f64, f64)> =
                upper.into_iter().chain(lower.into_iter().rev()).collect();
            // A "best" legend sees a band as matplotlib sees its
            // PolyCollection: by its path (outline and vertices), not its
            // box. fill_between's path: the upper curve's first point, the
            // lower curve, the upper curve's last point, the upper curve
            // back, closed at the first point (ends repeated, as there).
            let mut seen = Obstacles::default();
            fill(
                page,
                frame,
                &outline,
                (*color, *edge, Join::Round),
                &mut seen,
            );
            let lower: Vec<(f64, f64)> = on_scale(x, lo);
            let upper: Vec<(f64, f64)> = on_scale(x, hi);
            if let (Some(&first), Some(&last)) = (upper.first(), upper.last()) {
                let path: Vec<Point> = std::iter::once(first)
                    .chain(lower)
                    .chain(std::iter::once(last))
                    .chain(upper.into_iter().rev())
                    .chain(std::iter::once(first))
                    .filter(|(x, y)| x.is_finite() && y.is_finite())
                    .map(|(x, y)| frame.point(x, y))
                    .collect();
                obstacles.lines.push(path);
            }
        }
        Artist::Polygon {
            x,
            y,
            color,
            edge,
            join,
            ..
        } => {
            fill(
                page,
                frame,
                &on_scale(x, y),
                (*color, *edge, *join),
                obstacles,
            );
        }
        Artist::Bars {
            x,
            heights,
            bottom,
            width,
            widths,
            horizontal,
            color,
            edge,
            ..
        } => {
            for (i, (&c, &h)) in x.iter().zip(heights).enumerate() {
                let b = bottom.get(i).copied().unwrap_or(0.0);
                let w = widths.get(i).copied().unwrap_or(*width);
                let (across, along) = ((c - w / 2.0, c + w / 2.0), (b, b + h));
                let (xr, yr) = if *horizontal {
                    (along, across)
                } else {
                    (across, along)
                };
                let corners = [
                    frame.point(sx.forward(xr.0), sy.forward(yr.0)),
                    frame.point(sx.forward(xr.1), sy.forward(yr.1)),
                ];
                let Some(bar) = box_of(corners).and_then(|r| intersect(r, rect)) else {
                    continue;
                };
                obstacles.boxes.push(bar);
                page.push(Item::Rect {
                    rect: bar,
                    fill: Some(*color),
                    stroke: *edge,
                });
            }
        }
        Artist::Rects {
            rects, color, edge, ..
        } => {
            for &(l, b, r, t) in rects {
                let corners = [
                    frame.point(sx.forward(l), sy.forward(b)),
                    frame.point(sx.forward(r), sy.forward(t)),
                ];
                let Some(shown) = box_of(corners).and_then(|r| intersect(r, rect)) else {
                    continue;
                };
                obstacles.boxes.push(shown);
                page.push(Item::Rect {
                    rect: shown,
                    fill: Some(*color),
                    stroke: *edge,
                });
            }
        }
        Artist::Text {
            at,
            text,
            size,
            color,
            align,
            rotation,
        } => {
            let p = frame.point(sx.forward(at.0), sy.forward(at.1));
            if p.x.is_finite() && p.y.is_finite() {
                // Rotated, then aligned (matplotlib's default rotation mode).
                let label = Label {
                    color: *color,
                    ..Label::new(text, *size, p, align.0, align.1, *rotation)
                };
                let b = page.text(LineBox::new(page.fonts(), *size), &label);
                obstacles.boxes.push(b);
            }
        }
        Artist::Image {
            width,
            height,
            pixels,
            extent: (l, r, b, t),
        } => {
            // Pixel edges, and the rows bottom first as a mesh takes them.
            let edges = |a: f64, b: f64, n: usize| -> Vec<f64> {
                (0..=n).map(|k| a + (b - a) * k as f64 / n as f64).collect()
            };
            let rows = pixels.chunks(*width.max(&1)).rev().flatten().copied();
            let mesh = Artist::Mesh {
                x_edges: edges(*l, *r, *width),
                y_edges: edges(*t, *b, *height).into_iter().rev().collect(),
                colors: rows.collect(),
            };
            draw_artist(page, frame, (sx, sy), &mesh, obstacles);
        }
        Artist::Mesh {
            x_edges,
            y_edges,
            colors,
        } => {
            let n = x_edges.len().saturating_sub(1);
            let cells = y_edges
                .windows(2)
                .enumerate()
                .flat_map(|(i, ys)| {
                    x_edges
                        .windows(2)
                        .enumerate()
                        .map(move |(j, xs)| (i * n + j, xs, ys))
                })
                .filter_map(|(k, xs, ys)| {
                    let corners = [
                        frame.point(sx.forward(xs[0]), sy.forward(ys[0])),
                        frame.point(sx.forward(xs[1]), sy.forward(ys[1])),
                    ];
                    let cell = box_of(corners).and_then(|r| intersect(r, rect))?;
                    Some((cell, colors[k]))
                })
                .collect();
            page.push(Item::Mesh { cells });
        }
    }
}

/// A filled polygon through `outline` (on the scales; non-finite corners
/// left out), clipped to the axes, outlined when an edge is given, its
/// corners joined as `join` says.
fn fill(
    page: &mut Page<'_>,
    frame: &Frame,
    outline: &[(f64, f64)],
    (color, edge, join): (Color, Option<Stroke>, Join),
    obstacles: &mut Obstacles,
) {
    let corners: Vec<Point> = outline
        .iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|&(x, y)| frame.point(x, y))
        .collect();
    let clipped = clip_polygon(&corners, frame.rect);
    if clipped.len() >= 3 {
        obstacles.boxes.push(bounds(&clipped));
        page.push(Item::Polygon {
            points: clipped,
            fill: color,
            stroke: edge,
            join,
        });
    }
}

/// An axis of 10 pt labels along `side` showing `lim` on `scale`, at the
/// `ticks` given (categories) or the scale's own.
fn axis<'a>(
    side: Side,
    lim: (f64, f64),
    scale: Scale,
    ticks: &'a [(f64, &'a str)],
    labels: bool,
) -> Axis<'a> {
    Axis {
        scale,
        labels,
        fixed: (!ticks.is_empty()).then_some(ticks),
        ..Axis::new(side, lim, FONT_SIZE)
    }
}

/// The spines asked for: a frame when all four are, else each side.
fn spines(page: &mut Page<'_>, rect: Rect, s: Spines) {
    let stroke = Stroke {
        width: SPINE_WIDTH,
        color: Color::BLACK,
    };
    if s == Spines::default() {
        page.push(Item::Rect {
            rect,
            fill: None,
            stroke: Some(stroke),
        });
        return;
    }
    let (l, t, r, b) = (rect.x, rect.y, rect.right(), rect.bottom());
    let sides = [
        (s.left, [Point::new(l, t), Point::new(l, b)]),
        (s.bottom, [Point::new(l, b), Point::new(r, b)]),
        (s.right, [Point::new(r, t), Point::new(r, b)]),
        (s.top, [Point::new(l, t), Point::new(r, t)]),
    ];
    for (on, ends) in sides {
        if on {
            // matplotlib's spines project, so two meet in a square corner.
            page.push(Item::Line {
                points: ends.to_vec(),
                stroke,
                cap: Cap::Projecting,
            });
        }
    }
}

/// The box with these two corners, if both are finite.
fn box_of([a, b]: [Point; 2]) -> Option<Rect> {
    [a.x, a.y, b.x, b.y].iter().all(|v| v.is_finite()).then(|| {
        Rect::new(
            a.x.min(b.x),
            a.y.min(b.y),
            (a.x - b.x).abs(),
            (a.y - b.y).abs(),
        )
    })
}

/// The overlap of two boxes, if they overlap.
fn intersect(a: Rect, b: Rect) -> Option<Rect> {
    let (x0, y0) = (a.x.max(b.x), a.y.max(b.y));
    let (x1, y1) = (a.right().min(b.right()), a.bottom().min(b.bottom()));
    (x1 > x0 && y1 > y0).then(|| Rect::new(x0, y0, x1 - x0, y1 - y0))
}

/// The smallest box holding the points.
fn bounds(points: &[Point]) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in points {
        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
    }
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// The part of a polygon inside a box (Sutherland–Hodgman: cut by each of
/// the box's four edges in turn).
pub(crate) fn clip_polygon(points: &[Point], r: Rect) -> Vec<Point> {
    type Inside = fn(Point, Rect) -> bool;
    type Cross = fn(Point, Point, Rect) -> Point;
    let edges: [(Inside, Cross); 4] = [
        (|p, r| p.x >= r.x, |a, b, r| cross_x(a, b, r.x)),
        (|p, r| p.x <= r.right(), |a, b, r| cross_x(a, b, r.right())),
        (|p, r| p.y >= r.y, |a, b, r| cross_y(a, b, r.y)),
        (
            |p, r| p.y <= r.bottom(),
            |a, b, r| cross_y(a, b, r.bottom()),
        ),
    ];
    // Inside all four edges (a violin, a band within its axes): each cut
    // keeps every point as it is.
    if points
        .iter()
        .all(|&p| edges.iter().all(|(inside, _)| inside(p, r)))
    {
        return points.to_vec();
    }
    let mut out = points.to_vec();
    for (inside, cross) in edges {
        let input = std::mem::take(&mut out);
        let Some(&last) = input.last() else {
            break;
        };
        let mut prev = last;
        for &p in &input {
            match (inside(p, r), inside(prev, r)) {
                (true, true) => out.push(p),
                (true, false) => {
                    out.push(cross(prev, p, r));
                    out.push(p);
                }
                (false, true) => out.push(cross(prev, p, r)),
                (false, false) => {}
            }
            prev = p;
        }
    }
    out
}

/// Where the segment a–b crosses the vertical line at `x`.
fn cross_x(a: Point, b: Point, x: f64) -> Point {
    Point::new(x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x))
}

/// Where the segment a–b crosses the horizontal line at `y`.
fn cross_y(a: Point, b: Point, y: f64) -> Point {
    Point::new(a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y)
}
