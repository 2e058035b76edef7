//! Where a legend goes in its axes: matplotlib's `loc` codes, and
//! `loc="best"` as matplotlib's `Legend` chooses it.
//!
//! "best" tries the ten places in matplotlib's order (upper right, upper
//! left, lower left, lower right, right, center left, center right, lower
//! center, upper center, center), each anchored `pad` inside the axes, and
//! scores each by what the legend would hide: the line vertices and
//! scatter points strictly inside it, the boxes (texts, patches) it
//! overlaps, and the lines that cross it. The first place that hides
//! nothing wins, else the least bad, the earlier on a tie.
//!
//! Coordinates are page points, y down (matplotlib measures y up; the
//! scores do not change under the flip, and "upper" is the smaller y).

use plotmill_scene::{Centers, Color, Item, Marker, Point, Rect, Stroke};
use plotmill_text::Fonts;

use crate::figure::{FONT_SIZE, Figure};
use crate::line::{LineStyle, PointMarker};
use crate::text::{HAlign, Label, LineBox, VAlign};

/// A place in the axes, as matplotlib's `loc` names it (codes 1 to 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    /// "upper right" (1).
    UpperRight,
    /// "upper left" (2).
    UpperLeft,
    /// "lower left" (3).
    LowerLeft,
    /// "lower right" (4).
    LowerRight,
    /// "right" (5), the same place as "center right".
    Right,
    /// "center left" (6).
    CenterLeft,
    /// "center right" (7).
    CenterRight,
    /// "lower center" (8).
    LowerCenter,
    /// "upper center" (9).
    UpperCenter,
    /// "center" (10).
    Center,
}

impl Loc {
    /// matplotlib's order of trial for "best" (its codes 1 to 10).
    const ALL: [Loc; 10] = [
        Loc::UpperRight,
        Loc::UpperLeft,
        Loc::LowerLeft,
        Loc::LowerRight,
        Loc::Right,
        Loc::CenterLeft,
        Loc::CenterRight,
        Loc::LowerCenter,
        Loc::UpperCenter,
        Loc::Center,
    ];

    /// A legend of `w` x `h` at this place in `axes`, `pad` inside its
    /// edges (matplotlib's `borderaxespad`, 0.5 font sizes).
    pub(crate) fn anchor(self, (w, h): (f64, f64), axes: Rect, pad: f64) -> Rect {
        let (x0, x1) = (axes.x + pad, axes.right() - pad);
        let (y0, y1) = (axes.y + pad, axes.bottom() - pad);
        // "right" and "center right" are the same place (matplotlib's "E").
        let (h_at, v_at) = match self {
            Loc::UpperRight => (1, 0),
            Loc::UpperLeft => (0, 0),
            Loc::LowerLeft => (0, 2),
            Loc::LowerRight => (1, 2),
            Loc::Right | Loc::CenterRight => (1, 1),
            Loc::CenterLeft => (0, 1),
            Loc::LowerCenter => (3, 2),
            Loc::UpperCenter => (3, 0),
            Loc::Center => (3, 1),
        };
        let x = match h_at {
            0 => x0,
            1 => x1 - w,
            _ => x0 + (x1 - x0 - w) / 2.0,
        };
        let y = match v_at {
            0 => y0,
            2 => y1 - h,
            _ => y0 + (y1 - y0 - h) / 2.0,
        };
        Rect::new(x, y, w, h)
    }
}

/// What a legend entry shows beside its label (matplotlib's legend
/// handles).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Handle {
    /// A stretch of line in this style (a line plot's).
    Line(LineStyle),
    /// One marker of this color and area in points² (a scatter plot's,
    /// matplotlib's `s`).
    Marker {
        /// Fill color (alpha included).
        color: Color,
        /// Area in points².
        size: f64,
        /// Outline; `None` for 1 pt in the fill's color.
        edge: Option<Stroke>,
    },
    /// A stretch of line with one marker at its middle (a point plot's:
    /// matplotlib's `Line2D` with a marker).
    LineMarker {
        /// The line.
        style: LineStyle,
        /// The marker.
        marker: PointMarker,
    },
    /// None, the label where the others' are: a sub-legend's title
    /// (seaborn's invisible handles).
    Subtitle,
    /// A filled box (bars, a band, a filled area), outlined when the
    /// patch is.
    Patch {
        /// Fill color (alpha included).
        face: Color,
        /// Outline.
        edge: Option<Stroke>,
    },
}

/// matplotlib's legend spacing, in font sizes: `borderpad`,
/// `handlelength`, `handletextpad`, `labelspacing`, `handleheight`.
const BORDER_PAD: f64 = 0.4;
const HANDLE_LENGTH: f64 = 2.0;
const HANDLE_TEXT_PAD: f64 = 0.8;
const LABEL_SPACING: f64 = 0.5;
const HANDLE_HEIGHT: f64 = 0.7;
/// `borderaxespad`: a legend's distance from the axes' (or figure's) edge,
/// in font sizes.
pub(crate) const BORDER_AXES_PAD: f64 = 0.5;
/// The frame's corners: rounded by this many font sizes
/// (`legend.fancybox`'s `round,pad=0,rounding_size=0.2`).
const FRAME_ROUNDING: f64 = 0.2;
/// The frame's opacity, face and edge (`legend.framealpha`).
const FRAME_ALPHA: f64 = 0.8;

/// A legend to draw: its title and entries, in the default font size.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entries<'a> {
    pub(crate) title: Option<&'a str>,
    pub(crate) entries: &'a [(Handle, &'a str)],
}

impl Entries<'_> {
    /// The legend's box, (width, height) in points: its rows of handle and
    /// label (and the title above them) inside matplotlib's border pad.
    pub(crate) fn size(&self, fonts: Fonts<'_>) -> (f64, f64) {
        let fs = FONT_SIZE;
        let rows = self.measure(fonts);
        let n = rows.len() as f64;
        let mut w = rows_width(&rows);
        let mut h: f64 =
            rows.iter().map(|r| r.height).sum::<f64>() + (n - 1.0).max(0.0) * LABEL_SPACING * fs;
        if let Some(title) = self.title {
            let t = Text::measure(fonts, title);
            w = w.max(t.width);
            h += t.height + LABEL_SPACING * fs;
        }
        (w + 2.0 * BORDER_PAD * fs, h + 2.0 * BORDER_PAD * fs)
    }

    /// Each entry's label, measured.
    fn measure(&self, fonts: Fonts<'_>) -> Vec<Text> {
        self.entries
            .iter()
            .map(|(_, label)| Text::measure(fonts, label))
            .collect()
    }

    /// Draws the legend in `frame` (as [`Entries::size`] measured it),
    /// with matplotlib's frame (white at 80%, a light grey edge) when
    /// `framed`; records its labels on the figure's axes `owner`.
    pub(crate) fn draw(&self, fig: &mut Figure<'_>, frame: Rect, framed: bool, owner: usize) {
        let fonts = fig.fonts();
        let fs = FONT_SIZE;
        let line = LineBox::new(fonts, fs);
        let (pad, spacing) = (BORDER_PAD * fs, LABEL_SPACING * fs);
        if framed {
            // matplotlib's legend patch: a fancy box ("round", its corners
            // rounded by 0.2 of the legend's font size), white edged in
            // light grey, the patch's alpha of 0.8 on both.
            fig.push(Item::RoundRect {
                rect: frame,
                radius: FRAME_ROUNDING * fs,
                fill: Some(Color::WHITE.with_alpha(FRAME_ALPHA)),
                stroke: Some(Stroke {
                    width: 1.0,
                    color: Color::rgb(0.8, 0.8, 0.8).with_alpha(FRAME_ALPHA),
                }),
            });
        }
        let mut top = frame.y + pad;
        let rows = self.measure(fonts);
        // The rows are centred under a title wider than they are
        // (matplotlib's legend packs title and rows centred).
        let indent = ((frame.w - 2.0 * pad - rows_width(&rows)) / 2.0).max(0.0);
        if let Some(title) = self.title {
            // The title is centred over the entries (matplotlib's default
            // alignment).
            let t = Text::measure(fonts, title);
            let at = Point::new(frame.center().x, top + t.ascent);
            fig.text(
                line,
                &Label::new(title, fs, at, HAlign::Center, VAlign::Baseline, 0.0),
            );
            top += t.height + spacing;
        }
        for (&(handle, label), row) in self.entries.iter().zip(&rows) {
            // matplotlib's row: the handle's box (0.7 font sizes tall)
            // standing on the label's baseline, beside the label.
            let baseline = top + row.ascent;
            let cy = baseline - HANDLE_HEIGHT * fs / 2.0;
            top += row.height + spacing;
            let x0 = frame.x + pad + indent;
            let length = HANDLE_LENGTH * fs;
            match handle {
                Handle::Subtitle => {}
                Handle::Line(style) => {
                    let points = vec![Point::new(x0, cy), Point::new(x0 + length, cy)];
                    let stroke = Stroke {
                        width: style.width,
                        color: style.color,
                    };
                    // A handle is a copy of its line, cap style included.
                    crate::line::push_line(fig, points, stroke, style.dashes, style.cap);
                }
                Handle::LineMarker { style, marker } => {
                    let points = vec![Point::new(x0, cy), Point::new(x0 + length, cy)];
                    let stroke = Stroke {
                        width: style.width,
                        color: style.color,
                    };
                    crate::line::push_line(fig, points, stroke, style.dashes, style.cap);
                    fig.push(Item::Markers {
                        marker: marker.scene(style.color),
                        fill: style.color,
                        centers: Centers::Points(vec![Point::new(x0 + length / 2.0, cy)]),
                        clip: frame,
                    });
                }
                Handle::Marker { color, size, edge } => fig.push(Item::Markers {
                    marker: Marker::Circle {
                        radius: size.sqrt() / 2.0,
                        edge: edge.map_or(1.0, |e| e.width),
                        edge_color: edge.map(|e| e.color),
                    },
                    fill: color,
                    centers: Centers::Points(vec![Point::new(x0 + length / 2.0, cy)]),
                    clip: frame,
                }),
                Handle::Patch { face, edge } => {
                    let h = HANDLE_HEIGHT * fs;
                    fig.push(Item::Rect {
                        rect: Rect::new(x0, cy - h / 2.0, length, h),
                        fill: Some(face),
                        stroke: edge,
                    });
                }
            }
            fig.axes_mut(owner).legend.push(label.to_owned());
            let at = Point::new(x0 + length + HANDLE_TEXT_PAD * fs, baseline);
            fig.text(
                line,
                &Label::new(label, fs, at, HAlign::Left, VAlign::Baseline, 0.0),
            );
        }
    }
}

/// A label as a legend sets it: how wide (ink or advance, whichever is
/// wider), and its row, matplotlib's (3.11) text box: from the label's ink
/// or the font's line (its typographic ascent and descent), whichever
/// reaches further above and below the baseline, and at least as high
/// above it as "lp" (its `TextArea`); `ascent` is the baseline's depth
/// below the row's top. (Hinted, "lp" reaches a pixel higher than the
/// font's ascent: 11 px at 10 pt and 100 dpi, not 10.55.)
struct Text {
    width: f64,
    height: f64,
    ascent: f64,
}

impl Text {
    fn measure(fonts: Fonts<'_>, text: &str) -> Text {
        let (ascent, descent) = fonts.line_metrics(FONT_SIZE);
        let shaped = fonts.shape(text, FONT_SIZE);
        let lp = fonts.shape("lp", FONT_SIZE).ink.y_max;
        let ink = shaped.ink;
        let (a, d) = (ink.y_max.max(ascent).max(lp), (-ink.y_min).max(descent));
        Text {
            width: ink.x_max.max(shaped.advance),
            height: a + d,
            ascent: a,
        }
    }
}

/// The widest row: its handle's length (a subtitle's handle is there but
/// invisible, as seaborn's), the pad, the label.
fn rows_width(rows: &[Text]) -> f64 {
    let fs = FONT_SIZE;
    rows.iter()
        .map(|r| HANDLE_LENGTH * fs + HANDLE_TEXT_PAD * fs + r.width)
        .fold(0.0f64, f64::max)
}

/// What a legend placed "best" should not hide, in page points.
#[derive(Debug, Default)]
pub(crate) struct Obstacles {
    /// Lines, each a polyline (non-finite points break it).
    pub(crate) lines: Vec<Vec<Point>>,
    /// Scatter points.
    pub(crate) points: Vec<Point>,
    /// Texts and patches.
    pub(crate) boxes: Vec<Rect>,
}

/// Where matplotlib's `loc="best"` puts a legend of `size` in `axes`.
pub(crate) fn best(size: (f64, f64), axes: Rect, pad: f64, obstacles: &Obstacles) -> Rect {
    let mut least: Option<(usize, Rect)> = None;
    for loc in Loc::ALL {
        let at = loc.anchor(size, axes, pad);
        let bad = badness(at, obstacles);
        if bad == 0 {
            return at;
        }
        if least.is_none_or(|(b, _)| bad < b) {
            least = Some((bad, at));
        }
    }
    least.map_or_else(|| Loc::UpperRight.anchor(size, axes, pad), |(_, at)| at)
}

/// How much a legend at `at` hides.
fn badness(at: Rect, o: &Obstacles) -> usize {
    let inside = |p: &Point| at.x < p.x && p.x < at.right() && at.y < p.y && p.y < at.bottom();
    let vertices: usize = o
        .lines
        .iter()
        .map(|l| l.iter().filter(|p| inside(p)).count())
        .sum();
    let points = o.points.iter().filter(|p| inside(p)).count();
    let boxes = o
        .boxes
        .iter()
        .filter(|b| {
            !(b.right() <= at.x || b.bottom() <= at.y || b.x >= at.right() || b.y >= at.bottom())
        })
        .count();
    let crossed = o.lines.iter().filter(|l| crosses(l, at)).count();
    vertices + points + boxes + crossed
}

/// Whether a polyline touches the box: its first point inside (edges
/// included) or any segment through it (matplotlib's
/// `Path.intersects_bbox(filled=False)`).
fn crosses(line: &[Point], r: Rect) -> bool {
    let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
    let pieces = line.split(|p| !(p.x.is_finite() && p.y.is_finite()));
    pieces.filter(|piece| !piece.is_empty()).any(|piece| {
        let first = piece[0];
        (2.0 * (first.x - cx).abs() <= r.w && 2.0 * (first.y - cy).abs() <= r.h)
            || piece
                .windows(2)
                .any(|s| segment_meets(s[0], s[1], (cx, cy), r))
    })
}

/// Whether the segment a–b meets the box of center `c` (separating axes:
/// the box's two and the segment's normal).
fn segment_meets(a: Point, b: Point, (cx, cy): (f64, f64), r: Rect) -> bool {
    (a.x + b.x - 2.0 * cx).abs() < r.w + (a.x - b.x).abs()
        && (a.y + b.y - 2.0 * cy).abs() < r.h + (a.y - b.y).abs()
        && 2.0 * ((a.x - cx) * (a.y - b.y) - (a.y - cy) * (a.x - b.x)).abs()
            < r.w * (a.y - b.y).abs() + r.h * (a.x - b.x).abs()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// matplotlib's choices for 100 figures (`scripts/make_legend_fixtures.py`):
    /// the same place, to a millionth of a pixel.
    #[test]
    fn best_is_where_matplotlib_puts_it() {
        let fixtures: Value =
            serde_json::from_str(include_str!("../tests/fixtures/legend_best.json")).unwrap();
        let cases = fixtures["cases"].as_array().unwrap();
        assert_eq!(cases.len(), 100);
        let num = |v: &Value| v.as_f64().unwrap();
        // matplotlib's display pixels are y up: flip them (y -> -y).
        let point = |v: &Value| Point::new(num(&v[0]), -num(&v[1]));
        let rect = |v: &Value| {
            let (x, y, w, h) = (num(&v[0]), num(&v[1]), num(&v[2]), num(&v[3]));
            Rect::new(x, -(y + h), w, h)
        };
        let mut places = std::collections::BTreeSet::new();
        for (k, c) in cases.iter().enumerate() {
            let obstacles = Obstacles {
                lines: c["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l.as_array().unwrap().iter().map(point).collect())
                    .collect(),
                points: c["offsets"].as_array().unwrap().iter().map(point).collect(),
                boxes: c["boxes"].as_array().unwrap().iter().map(rect).collect(),
            };
            let size = (num(&c["size"][0]), num(&c["size"][1]));
            let axes = rect(&c["axes"]);
            let at = best(size, axes, num(&c["pad"]), &obstacles);
            let (l, b) = (num(&c["chosen"][0]), num(&c["chosen"][1]));
            assert!(
                (at.x - l).abs() < 1e-6 && (at.bottom() + b).abs() < 1e-6,
                "case {k}: plotmill put it at ({}, {}), matplotlib at ({l}, {b})",
                at.x,
                -at.bottom()
            );
            let place = Loc::ALL
                .iter()
                .position(|loc| loc.anchor(size, axes, num(&c["pad"])) == at);
            places.insert(place);
        }
        // The fixtures exercise most of the places, not one corner.
        assert!(places.len() >= 6, "{places:?}");
    }

    #[test]
    fn a_segment_through_a_box_meets_it_and_one_beside_it_does_not() {
        let r = Rect::new(0.0, 0.0, 10.0, 10.0);
        let c = (5.0, 5.0);
        assert!(segment_meets(
            Point::new(-5.0, 5.0),
            Point::new(15.0, 5.0),
            c,
            r
        ));
        assert!(segment_meets(
            Point::new(-5.0, -5.0),
            Point::new(15.0, 15.0),
            c,
            r
        ));
        assert!(!segment_meets(
            Point::new(-5.0, 12.0),
            Point::new(15.0, 12.0),
            c,
            r
        ));
        assert!(!segment_meets(
            Point::new(-5.0, 4.0),
            Point::new(4.0, -5.0),
            c,
            r
        ));
        assert!(crosses(&[Point::new(3.0, 3.0)], r));
        assert!(!crosses(
            &[Point::new(f64::NAN, 3.0), Point::new(20.0, 20.0)],
            r
        ));
    }
}
