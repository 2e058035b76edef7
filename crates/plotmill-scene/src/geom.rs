//! Geometry in points (1/72 inch), y pointing down from the page's top left.

/// A position in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Points from the left edge.
    pub x: f64,
    /// Points from the top edge.
    pub y: f64,
}

impl Point {
    /// A point at `(x, y)`.
    pub const fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }
}

/// An axis-aligned rectangle in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (not negative).
    pub w: f64,
    /// Height (not negative).
    pub h: f64,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub const fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }

    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether `p` is inside or on the edge.
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }

    /// Center.
    pub fn center(&self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// The outline of a rectangle with round corners, as matplotlib's `round`
/// box style draws it (a legend's frame): from the top side's left end,
/// clockwise on the page, each side then its corner. A corner is a
/// quadratic curve from `radius` before the corner to `radius` after it,
/// with the corner as its control point, so it is a little flatter than a
/// quarter circle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoundedOutline {
    /// Where the outline starts: `radius` right of the top-left corner.
    pub start: Point,
    /// Each side in turn (top, right, bottom, left): where the side ends,
    /// then the corner's curve, its control point (the corner) and end.
    pub sides: [(Point, Point, Point); 4],
}

impl Rect {
    /// The outline of this rectangle with its corners rounded by `radius`
    /// points: matplotlib's `round` box style. The radius is held to half
    /// the shorter side (matplotlib lets a larger one fold the outline over
    /// itself); one that is not a positive number leaves the corners
    /// square.
    pub fn rounded(&self, radius: f64) -> RoundedOutline {
        let r = if radius > 0.0 {
            radius.min(self.w / 2.0).min(self.h / 2.0).max(0.0)
        } else {
            0.0
        };
        let (x0, y0, x1, y1) = (self.x, self.y, self.right(), self.bottom());
        let p = Point::new;
        RoundedOutline {
            start: p(x0 + r, y0),
            sides: [
                (p(x1 - r, y0), p(x1, y0), p(x1, y0 + r)),
                (p(x1, y1 - r), p(x1, y1), p(x1 - r, y1)),
                (p(x0 + r, y1), p(x0, y1), p(x0, y1 - r)),
                (p(x0, y0 + r), p(x0, y0), p(x0 + r, y0)),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rounded_outline_goes_round_the_rect_clockwise_from_the_top_left() {
        let o = Rect::new(10.0, 20.0, 100.0, 40.0).rounded(2.0);
        assert_eq!(o.start, Point::new(12.0, 20.0));
        let p = Point::new;
        assert_eq!(
            o.sides,
            [
                (p(108.0, 20.0), p(110.0, 20.0), p(110.0, 22.0)),
                (p(110.0, 58.0), p(110.0, 60.0), p(108.0, 60.0)),
                (p(12.0, 60.0), p(10.0, 60.0), p(10.0, 58.0)),
                (p(10.0, 22.0), p(10.0, 20.0), p(12.0, 20.0)),
            ]
        );
        // Each curve ends where the next side starts, and the last where
        // the outline started.
        assert_eq!(o.sides[3].2, o.start);
    }

    #[test]
    fn a_radius_is_held_to_half_the_shorter_side_and_a_bad_one_is_none() {
        let r = Rect::new(0.0, 0.0, 10.0, 4.0);
        assert_eq!(r.rounded(50.0).start, Point::new(2.0, 0.0));
        assert_eq!(r.rounded(50.0).sides[0].0, Point::new(8.0, 0.0));
        for bad in [0.0, -3.0, f64::NAN] {
            let o = r.rounded(bad);
            assert_eq!(o.start, Point::new(0.0, 0.0), "{bad}");
            assert!(o.sides.iter().all(|s| s.0 == s.1 && s.1 == s.2), "{bad}");
        }
    }
}
