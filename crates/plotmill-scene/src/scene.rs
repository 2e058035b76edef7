//! The display list.

use crate::{Color, Point, Rect};

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
    /// A disc of this radius in points, with an outline of `edge` points in
    /// the same color drawn over its rim (matplotlib's scatter default).
    Circle {
        /// Radius in points.
        radius: f64,
        /// Outline width in points (0 for none).
        edge: f64,
    },
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
    /// Axis-aligned cells filled edge to edge (a heatmap, a colorbar), drawn
    /// without anti-aliasing so that neighbours leave no seam between them.
    Mesh {
        /// Each cell and its color.
        cells: Vec<(Rect, Color)>,
    },
    /// A polyline, open or closed.
    Line {
        /// Its points.
        points: Vec<Point>,
        /// Its style.
        stroke: Stroke,
    },
    /// The same marker at many places (a scatter plot's points), clipped to
    /// `clip`.
    Markers {
        /// Shape and size.
        marker: Marker,
        /// Fill color (alpha included).
        fill: Color,
        /// Where the marker centers go.
        centers: Vec<Point>,
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
