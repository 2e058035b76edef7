//! Filled marker shapes, named as matplotlib names them (`"o"`, `"s"`,
//! `"^"`, `"X"`, `(4, 0, 45)`, …), and their outlines.
//!
//! Each outline is matplotlib's marker path at a marker size of 1 point
//! (its `markersize` scales it), centred on the origin, y running up as in
//! matplotlib; a backend flips y and scales by the size.

use std::f64::consts::PI;
use std::fmt;
use std::str::FromStr;

/// A filled marker's shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// A disc as wide as the marker size (`"o"`).
    Circle,
    /// A disc half as wide (`"."`).
    Point,
    /// A square as wide as the size (`"s"`).
    Square,
    /// A square turned 45°, its corners at half the size times √2 (`"D"`),
    /// or that diamond narrowed to 0.6 of its width (`"d"`).
    Diamond {
        /// The narrow one.
        thin: bool,
    },
    /// A triangle pointing up (`"^"`), turned counter-clockwise by
    /// `angle` degrees (`"<"` 90, `"v"` 180, `">"` 270).
    Triangle {
        /// Degrees counter-clockwise.
        angle: f64,
    },
    /// A filled plus sign (`"P"`).
    Plus,
    /// A filled x (`"X"`).
    Cross,
    /// A regular polygon with a corner at the top, turned counter-clockwise
    /// by `angle` degrees, its corners at half the size from the centre:
    /// `"p"` (5), `"h"` (6), `"H"` (6, 30°), `"8"` (8, 22.5°) and
    /// matplotlib's `(sides, 0, angle)`.
    Polygon {
        /// Corners (3 or more).
        sides: u8,
        /// Degrees counter-clockwise.
        angle: f64,
    },
    /// A star of `points` points at half the size from the centre, its
    /// inner corners at `inner` of that: `"*"` (5 points, 0.381966) and
    /// matplotlib's `(points, 1, angle)` (inner 0.5).
    Star {
        /// Points (2 or more).
        points: u8,
        /// The inner corners' distance, as a share of the points'.
        inner: f64,
        /// Degrees counter-clockwise.
        angle: f64,
    },
}

/// How an outline turns its corners (matplotlib's join styles). A
/// marker's: mitred for polygons, bevelled for stars, round for circles. A
/// filled shape's: mitred for matplotlib's patches (a box, `fill`'s
/// polygon), round for its collections (`fill_between`'s band, a violin's
/// body, a filled density) as for its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Sharp corners.
    Miter,
    /// Corners cut off.
    Bevel,
    /// Round (circles).
    Round,
}

/// How an open line's two ends are drawn (matplotlib's cap styles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cap {
    /// Cut across at the end point.
    Butt,
    /// A square half the line's width past each end point: matplotlib's
    /// default for `plot` (`lines.solid_capstyle: projecting`). A backend
    /// that snaps a straight line to the pixel grid snaps its end points
    /// and then adds the square, as Agg does.
    #[default]
    Projecting,
}

/// matplotlib's filled markers by name.
const NAMED: [(&str, Shape); 16] = [
    ("o", Shape::Circle),
    (".", Shape::Point),
    ("s", Shape::Square),
    ("D", Shape::Diamond { thin: false }),
    ("d", Shape::Diamond { thin: true }),
    ("^", Shape::Triangle { angle: 0.0 }),
    ("<", Shape::Triangle { angle: 90.0 }),
    ("v", Shape::Triangle { angle: 180.0 }),
    (">", Shape::Triangle { angle: 270.0 }),
    (
        "p",
        Shape::Polygon {
            sides: 5,
            angle: 0.0,
        },
    ),
    (
        "h",
        Shape::Polygon {
            sides: 6,
            angle: 0.0,
        },
    ),
    (
        "H",
        Shape::Polygon {
            sides: 6,
            angle: 30.0,
        },
    ),
    (
        "8",
        Shape::Polygon {
            sides: 8,
            angle: 22.5,
        },
    ),
    (
        "*",
        Shape::Star {
            points: 5,
            inner: 0.381966,
            angle: 0.0,
        },
    ),
    ("P", Shape::Plus),
    ("X", Shape::Cross),
];

/// The marker codes [`Shape::from_str`] reads, for error messages.
pub const MARKER_CODES: &str =
    "o . s D d ^ v < > p h H 8 * P X, or (sides, style, angle) with style 0 (polygon) or 1 (star)";

/// A marker code that is not a filled marker.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{code}' is not a filled marker; use one of {MARKER_CODES}")]
pub struct UnknownMarker {
    /// The code given.
    pub code: String,
}

impl Shape {
    /// matplotlib's `(sides, style, angle)` marker: style 0 a polygon, 1 a
    /// star. `None` for other styles (asterisks are not filled) or fewer
    /// corners than a shape needs.
    pub fn tuple(sides: u32, style: u32, angle: f64) -> Option<Shape> {
        let n = u8::try_from(sides).ok()?;
        if !angle.is_finite() {
            return None;
        }
        match style {
            0 if n >= 3 => Some(Shape::Polygon { sides: n, angle }),
            1 if n >= 2 => Some(Shape::Star {
                points: n,
                inner: 0.5,
                angle,
            }),
            _ => None,
        }
    }

    /// Whether it is drawn as a disc.
    pub fn is_round(&self) -> bool {
        matches!(self, Shape::Circle | Shape::Point)
    }

    /// How its outline's corners are joined.
    pub fn join(&self) -> Join {
        match self {
            Shape::Circle | Shape::Point => Join::Round,
            Shape::Star { .. } => Join::Bevel,
            _ => Join::Miter,
        }
    }

    /// The outline at a marker size of 1 (y up), its corners in order;
    /// discs give their radius instead (`Err`).
    pub fn outline(&self) -> Result<Vec<(f64, f64)>, f64> {
        let turn = |pts: Vec<(f64, f64)>, deg: f64| -> Vec<(f64, f64)> {
            let (s, c) = (deg * PI / 180.0).sin_cos();
            pts.into_iter()
                .map(|(x, y)| (x * c - y * s, x * s + y * c))
                .collect()
        };
        let ring = |n: usize, radius: &dyn Fn(usize) -> f64| -> Vec<(f64, f64)> {
            (0..n)
                .map(|k| {
                    let t = 2.0 * PI / n as f64 * k as f64 + PI / 2.0;
                    let r = radius(k);
                    (r * t.cos(), r * t.sin())
                })
                .collect()
        };
        Ok(match *self {
            Shape::Circle => return Err(0.5),
            Shape::Point => return Err(0.25),
            Shape::Square => vec![(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)],
            Shape::Diamond { thin } => {
                let square = vec![(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)];
                let w = if thin { 0.6 } else { 1.0 };
                turn(square, 45.0)
                    .into_iter()
                    .map(|(x, y)| (x * w, y))
                    .collect()
            }
            Shape::Triangle { angle } => turn(vec![(0.0, 0.5), (-0.5, -0.5), (0.5, -0.5)], angle),
            Shape::Plus => [
                (-1, -3),
                (1, -3),
                (1, -1),
                (3, -1),
                (3, 1),
                (1, 1),
                (1, 3),
                (-1, 3),
                (-1, 1),
                (-3, 1),
                (-3, -1),
                (-1, -1),
            ]
            .iter()
            .map(|&(x, y)| (f64::from(x) / 6.0, f64::from(y) / 6.0))
            .collect(),
            Shape::Cross => [
                (-1, -2),
                (0, -1),
                (1, -2),
                (2, -1),
                (1, 0),
                (2, 1),
                (1, 2),
                (0, 1),
                (-1, 2),
                (-2, 1),
                (-1, 0),
                (-2, -1),
            ]
            .iter()
            .map(|&(x, y)| (f64::from(x) / 4.0, f64::from(y) / 4.0))
            .collect(),
            Shape::Polygon { sides, angle } => turn(ring(usize::from(sides), &|_| 0.5), angle),
            Shape::Star {
                points,
                inner,
                angle,
            } => turn(
                ring(2 * usize::from(points), &|k| {
                    if k % 2 == 1 { 0.5 * inner } else { 0.5 }
                }),
                angle,
            ),
        })
    }
}

impl FromStr for Shape {
    type Err = UnknownMarker;

    /// A matplotlib filled marker code, or a `(sides, style, angle)` tuple
    /// written as text (`"(4, 0, 45)"`; the angle may be left out).
    fn from_str(code: &str) -> Result<Shape, UnknownMarker> {
        let unknown = || UnknownMarker {
            code: code.to_owned(),
        };
        let c = code.trim();
        if let Some(&(_, shape)) = NAMED.iter().find(|(name, _)| *name == c) {
            return Ok(shape);
        }
        let inner = c
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'))
            .ok_or_else(unknown)?;
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        let (sides, style, angle) = match parts[..] {
            [n, s] => (n, s, "0"),
            [n, s, a] => (n, s, a),
            _ => return Err(unknown()),
        };
        let sides: u32 = sides.parse().map_err(|_| unknown())?;
        let style: u32 = style.parse().map_err(|_| unknown())?;
        let angle: f64 = angle.parse().map_err(|_| unknown())?;
        Shape::tuple(sides, style, angle).ok_or_else(unknown)
    }
}

impl fmt::Display for Shape {
    /// The code [`Shape::from_str`] reads back: matplotlib's name, or its
    /// tuple (a triangle at an angle no code names as the nearest tuple,
    /// a regular 3-gon).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((name, _)) = NAMED.iter().find(|(_, shape)| shape == self) {
            return f.write_str(name);
        }
        match *self {
            Shape::Triangle { angle } => write!(f, "(3, 0, {angle})"),
            Shape::Polygon { sides, angle } => write!(f, "({sides}, 0, {angle})"),
            // matplotlib's tuple stars have inner corners at 0.5.
            Shape::Star { points, angle, .. } => write!(f, "({points}, 1, {angle})"),
            // Every other shape is named.
            _ => f.write_str("o"),
        }
    }
}

/// seaborn's `unique_markers(n)`: nine well told apart (circle, x,
/// square, plus, diamond, 4-point star, triangles, turned star), then
/// polygons and stars of 5, 6, … corners, four a size.
pub fn unique_markers(n: usize) -> Vec<Shape> {
    let tuple =
        |n: u32, style: u32, angle: f64| Shape::tuple(n, style, angle).unwrap_or(Shape::Circle);
    let mut out = vec![
        Shape::Circle,
        Shape::Cross,
        tuple(4, 0, 45.0),
        Shape::Plus,
        tuple(4, 0, 0.0),
        tuple(4, 1, 0.0),
        Shape::Triangle { angle: 0.0 },
        tuple(4, 1, 45.0),
        Shape::Triangle { angle: 180.0 },
    ];
    let mut s = 5;
    while out.len() < n {
        let a = 360.0 / f64::from(s + 1) / 2.0;
        out.extend([
            tuple(s + 1, 1, a),
            tuple(s + 1, 0, a),
            tuple(s, 1, 0.0),
            tuple(s, 0, 0.0),
        ]);
        s += 1;
    }
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back() {
        for code in [
            "o", ".", "s", "D", "d", "^", "v", "<", ">", "p", "h", "H", "8", "*", "P", "X",
        ] {
            let shape: Shape = code.parse().expect(code);
            assert_eq!(shape.to_string(), code);
        }
        let t: Shape = "(4, 0, 45)".parse().expect("tuple");
        assert_eq!(
            t,
            Shape::Polygon {
                sides: 4,
                angle: 45.0
            }
        );
        assert_eq!(t.to_string().parse::<Shape>(), Ok(t));
        assert_eq!(
            "(5,1)".parse::<Shape>(),
            Ok(Shape::Star {
                points: 5,
                inner: 0.5,
                angle: 0.0
            })
        );
    }

    #[test]
    fn line_art_and_nonsense_are_refused_with_the_codes() {
        for code in [
            "x",
            "+",
            "|",
            "_",
            "1",
            "(4, 2, 0)",
            "(2, 0)",
            "(a, 0)",
            "",
            "oo",
        ] {
            let err = code.parse::<Shape>().expect_err(code);
            assert!(err.to_string().contains("o . s D"), "{err}");
        }
    }

    #[test]
    fn outlines_are_matplotlibs_paths() {
        // A 4-gon turned 45°: an upright square, corners at 0.5 from the
        // centre (seaborn's third marker).
        let sq = Shape::Polygon {
            sides: 4,
            angle: 45.0,
        }
        .outline()
        .expect("polygon");
        let h = 0.5 / 2f64.sqrt();
        assert!(
            (sq[0].0 + h).abs() < 1e-12 && (sq[0].1 - h).abs() < 1e-12,
            "{sq:?}"
        );
        // "D": corners on the axes at √2 / 2.
        let d = Shape::Diamond { thin: false }.outline().expect("diamond");
        assert!(
            d.iter()
                .any(|&(x, y)| x.abs() < 1e-12 && (y - 0.5f64.sqrt()).abs() < 1e-12)
        );
        // "v" points down.
        let v = Shape::Triangle { angle: 180.0 }.outline().expect("tri");
        assert!((v[0].1 + 0.5).abs() < 1e-12);
        // Stars alternate between the outer and the inner radius.
        let star = Shape::Star {
            points: 5,
            inner: 0.381966,
            angle: 0.0,
        }
        .outline()
        .expect("star");
        assert_eq!(star.len(), 10);
        assert!((star[1].0.hypot(star[1].1) - 0.190983).abs() < 1e-6);
        assert_eq!(Shape::Circle.outline(), Err(0.5));
    }

    #[test]
    fn unique_markers_follow_seaborn() {
        let m = unique_markers(13);
        assert_eq!(
            m.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "o",
                "X",
                "(4, 0, 45)",
                "P",
                "(4, 0, 0)",
                "(4, 1, 0)",
                "^",
                "(4, 1, 45)",
                "v",
                "(6, 1, 30)",
                "H",
                "(5, 1, 0)",
                "p"
            ]
        );
    }
}
