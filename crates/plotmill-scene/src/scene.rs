//! The display list.

use std::sync::Arc;

use crate::marker::{Cap, Join, Shape};
use crate::{Color, Point, Rect};

/// Numbers a scene reads in place rather than copying: a data column that
/// a marker run takes its coordinates from. The memory must stay unchanged
/// while the value lives.
pub trait Coordinates: Send + Sync + std::fmt::Debug {
    /// The values, one per row.
    fn values(&self) -> &[f64];
}

/// A linear map from data values to page points:
/// `start + (v − lo) / (hi − lo) × extent` (a negative extent runs up the
/// page, as a y axis does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    /// The value at `start`.
    pub lo: f64,
    /// The value at `start + extent`.
    pub hi: f64,
    /// Where `lo` lands, in points.
    pub start: f64,
    /// How far `hi` lands from `start`, in points.
    pub extent: f64,
}

impl Linear {
    /// Where `v` lands, in points.
    #[inline]
    pub fn map(&self, v: f64) -> f64 {
        self.start + (v - self.lo) / (self.hi - self.lo) * self.extent
    }
}

/// Where a marker run's markers go.
#[derive(Clone)]
pub enum Centers {
    /// Each center, one by one.
    Points(Vec<Point>),
    /// One marker per row of two data columns read in place: row `i` at
    /// `(x.map(xs[i]), y.map(ys[i]))`; rows where either value is not
    /// finite have none. A million-row scatter costs no memory beyond its
    /// data this way.
    Columns {
        /// The x values.
        xs: Arc<dyn Coordinates>,
        /// The y values.
        ys: Arc<dyn Coordinates>,
        /// x values to page points.
        x: Linear,
        /// y values to page points.
        y: Linear,
    },
}

impl Centers {
    /// The centers, in drawing order.
    pub fn iter(&self) -> impl Iterator<Item = Point> + '_ {
        // One of the two parts is empty.
        let (points, xs, ys, x, y) = match self {
            Centers::Points(p) => (p.as_slice(), &[][..], &[][..], Linear::UNIT, Linear::UNIT),
            Centers::Columns { xs, ys, x, y } => (&[][..], xs.values(), ys.values(), *x, *y),
        };
        points.iter().copied().chain(
            xs.iter()
                .zip(ys)
                .filter(|(a, b)| a.is_finite() && b.is_finite())
                .map(move |(&a, &b)| Point::new(x.map(a), y.map(b))),
        )
    }

    /// How many markers at most (rows, when read from columns).
    pub fn upper_len(&self) -> usize {
        match self {
            Centers::Points(p) => p.len(),
            Centers::Columns { xs, ys, .. } => xs.values().len().min(ys.values().len()),
        }
    }
}

impl Linear {
    const UNIT: Linear = Linear {
        lo: 0.0,
        hi: 1.0,
        start: 0.0,
        extent: 1.0,
    };
}

impl std::fmt::Debug for Centers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Centers::Points(p) => f.debug_tuple("Points").field(p).finish(),
            Centers::Columns { xs, x, y, .. } => f
                .debug_struct("Columns")
                .field("rows", &xs.values().len())
                .field("x", x)
                .field("y", y)
                .finish_non_exhaustive(),
        }
    }
}

impl PartialEq for Centers {
    /// The same centers in the same order, however they are held.
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

/// A line style: width in points and color.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Line width in points.
    pub width: f64,
    /// Line color.
    pub color: Color,
}

/// A marker shape, sized in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Marker {
    /// A disc of this radius in points, with an outline of `edge` points
    /// drawn over its rim: in the fill's color (matplotlib's scatter
    /// default, `edgecolor="face"`) or in `edge_color` (seaborn's white
    /// rims).
    Circle {
        /// Radius in points.
        radius: f64,
        /// Outline width in points (0 for none).
        edge: f64,
        /// Outline color; `None` for the fill's.
        edge_color: Option<Color>,
    },
    /// A filled shape (matplotlib's markers: squares, triangles, …)
    /// `size` points across, outlined as the circle is.
    Shape {
        /// The shape.
        shape: Shape,
        /// Marker size in points (matplotlib's `markersize`).
        size: f64,
        /// Outline width in points (0 for none).
        edge: f64,
        /// Outline color; `None` for the fill's.
        edge_color: Option<Color>,
    },
}

impl Marker {
    /// A marker of `shape`, `size` points across: a disc for the round
    /// shapes, as backends draw circles best.
    pub fn of(shape: Shape, size: f64, edge: f64, edge_color: Option<Color>) -> Marker {
        match shape.outline() {
            Err(radius) => Marker::Circle {
                radius: radius * size,
                edge,
                edge_color,
            },
            Ok(_) => Marker::Shape {
                shape,
                size,
                edge,
                edge_color,
            },
        }
    }

    /// The same marker with a round shape given as the disc it is (as
    /// [`Marker::of`] makes it): what a backend draws.
    pub fn resolved(self) -> Marker {
        match self {
            Marker::Shape {
                shape,
                size,
                edge,
                edge_color,
            } => Marker::of(shape, size, edge, edge_color),
            circle => circle,
        }
    }

    /// The outline's width in points and its colour (`None`: the fill's).
    pub fn edge(&self) -> (f64, Option<Color>) {
        match *self {
            Marker::Circle {
                edge, edge_color, ..
            }
            | Marker::Shape {
                edge, edge_color, ..
            } => (edge, edge_color),
        }
    }
}

/// One glyph of shaped text: which glyph of the run's font, and where its
/// origin sits along the baseline, in points from the run's origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Glyph index in the font.
    pub id: u16,
    /// Offset along the baseline, in points.
    pub x: f64,
}

/// A line of shaped text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// The text, for backends that write text as text (SVG).
    pub text: String,
    /// Which font of the renderer's font book the glyphs come from.
    pub font: u32,
    /// Font size in points.
    pub size: f64,
    /// Where the first glyph's origin sits on the baseline.
    pub origin: Point,
    /// Rotation about `origin`, in degrees counter-clockwise.
    pub angle: f64,
    /// Fill color.
    pub color: Color,
    /// The glyphs, positioned (kerning applied).
    pub glyphs: Vec<Glyph>,
    /// Advance width of the whole run, in points.
    pub width: f64,
}

/// One thing to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// An axis-aligned rectangle, filled and/or outlined.
    Rect {
        /// Where.
        rect: Rect,
        /// Fill color, if filled.
        fill: Option<Color>,
        /// Outline, if outlined.
        stroke: Option<Stroke>,
    },
    /// A rectangle with round corners (a legend's frame, matplotlib's
    /// `round` box style: [`Rect::rounded`]), filled and/or outlined. Its
    /// outline's sides meet its curves smoothly, so it has no joins to
    /// style. When outlined, a raster backend snaps its points to the
    /// pixel grid, as Agg snaps a legend's frame.
    RoundRect {
        /// Where.
        rect: Rect,
        /// How far each corner's curve reaches along the sides, in points.
        radius: f64,
        /// Fill color, if filled.
        fill: Option<Color>,
        /// Outline, if outlined.
        stroke: Option<Stroke>,
    },
    /// Axis-aligned cells filled edge to edge (a heatmap, a colorbar), drawn
    /// without anti-aliasing so that neighbours leave no seam between them.
    Mesh {
        /// Each cell and its color.
        cells: Vec<(Rect, Color)>,
    },
    /// A polyline, open or closed, its corners joined round (matplotlib's
    /// lines).
    Line {
        /// Its points.
        points: Vec<Point>,
        /// Its style.
        stroke: Stroke,
        /// How its two ends are drawn (an open line's).
        cap: Cap,
    },
    /// A closed, filled shape (a band between two lines, a density's
    /// area), outlined when `stroke` is given; its points are already
    /// inside what it may cover (clipped by the chart, not the backend).
    Polygon {
        /// Its corners, in order; the last joins the first.
        points: Vec<Point>,
        /// Fill color (alpha included).
        fill: Color,
        /// Outline, if outlined.
        stroke: Option<Stroke>,
        /// How the outline's sides meet.
        join: Join,
    },
    /// A filled area bounded by closed rings, a point inside when an odd
    /// number of rings surround it (so a ring inside another is a hole):
    /// the area above one level of a filled contour plot. Already clipped,
    /// as a polygon is.
    Region {
        /// Each ring's corners, in order; the last joins the first.
        rings: Vec<Vec<Point>>,
        /// Fill color (alpha included).
        fill: Color,
    },
    /// The same marker at many places (a scatter plot's points), clipped to
    /// `clip`.
    Markers {
        /// Shape and size.
        marker: Marker,
        /// Fill color (alpha included).
        fill: Color,
        /// Where the marker centers go.
        centers: Centers,
        /// The area outside which nothing is drawn.
        clip: Rect,
    },
    /// Shaped text.
    Text(TextRun),
}

/// A page to draw: its size in points and what is on it, back to front.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    /// Page width in points.
    pub width: f64,
    /// Page height in points.
    pub height: f64,
    /// Background, drawn under everything.
    pub background: Option<Color>,
    /// The items, back to front.
    pub items: Vec<Item>,
}

impl Scene {
    /// An empty page of this size in points.
    pub fn new(width: f64, height: f64, background: Option<Color>) -> Self {
        Scene {
            width,
            height,
            background,
            items: Vec::new(),
        }
    }

    /// Adds an item on top.
    pub fn push(&mut self, item: Item) {
        self.items.push(item);
    }

    /// The text runs, in drawing order (for tests and for SVG).
    pub fn texts(&self) -> impl Iterator<Item = &TextRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
    }
}
