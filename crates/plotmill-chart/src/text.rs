//! Placing text as matplotlib aligns it.

use plotmill_scene::{Color, Point, Rect, TextRun};
use plotmill_text::{Fonts, Shaped};

/// Horizontal alignment of a text box to its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    /// The box's left edge on the anchor.
    Left,
    /// Its middle.
    Center,
    /// Its right edge.
    Right,
}

/// Vertical alignment of a text box to its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    /// The box's top on the anchor.
    Top,
    /// Its middle.
    Center,
    /// Its bottom.
    Bottom,
    /// The first line's baseline on the anchor (exact for unrotated
    /// text).
    Baseline,
    /// Half the box's ascent above the baseline on the anchor (matplotlib's
    /// `center_baseline`, a y axis' tick labels): labels of one size sit on
    /// one line whatever their descenders.
    CenterBaseline,
}

/// matplotlib's `Axis.OFFSETTEXTPAD`: points between an axis' offset text
/// and what it sits beside.
const OFFSET_TEXT_PAD: f64 = 3.0;

/// A label to place: what, how big, where, and how it hangs on its anchor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label<'a> {
    pub(crate) text: &'a str,
    pub(crate) size: f64,
    pub(crate) color: Color,
    /// The anchor on the page (points, y down).
    pub(crate) at: Point,
    pub(crate) ha: HAlign,
    pub(crate) va: VAlign,
    /// Degrees counter-clockwise.
    pub(crate) angle: f64,
    /// matplotlib's `rotation_mode="anchor"`: align the unrotated box, then
    /// rotate about the anchor (else: rotate, then align the rotated box).
    pub(crate) rotate_about_anchor: bool,
}

impl<'a> Label<'a> {
    /// An x axis' offset text (`1e6`), where matplotlib's Axis puts it:
    /// right-aligned at the axis' `right` end, its top 3 pt below the tick
    /// labels' `labels_bottom`.
    pub(crate) fn x_offset_text(text: &'a str, size: f64, right: f64, labels_bottom: f64) -> Self {
        Label::new(
            text,
            size,
            Point::new(right, labels_bottom + OFFSET_TEXT_PAD),
            HAlign::Right,
            VAlign::Top,
            0.0,
        )
    }

    /// A y axis' offset text: on a baseline 3 pt above the axes' `top`, at
    /// `x`, the axis' left end (`HAlign::Left`) or, for an axis ticked on
    /// the right such as a colorbar's, its right end (`HAlign::Right`).
    pub(crate) fn y_offset_text(text: &'a str, size: f64, x: f64, top: f64, ha: HAlign) -> Self {
        Label::new(
            text,
            size,
            Point::new(x, top - OFFSET_TEXT_PAD),
            ha,
            VAlign::Baseline,
            0.0,
        )
    }

    /// Black text of `size` points at `at`, rotated then aligned
    /// (matplotlib's default rotation mode).
    pub(crate) fn new(
        text: &'a str,
        size: f64,
        at: Point,
        ha: HAlign,
        va: VAlign,
        angle: f64,
    ) -> Self {
        Label {
            text,
            size,
            color: Color::BLACK,
            at,
            ha,
            va,
            angle,
            rotate_about_anchor: false,
        }
    }
}

/// Text shaped and placed: its runs, the page box it covers (matplotlib's
/// window extent, which layouts measure) and the box of its ink (which
/// says whether it can be read: a side bearing off the page is no loss).
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    pub(crate) runs: Vec<TextRun>,
    pub(crate) bbox: Rect,
    pub(crate) ink: Rect,
    pub(crate) missing: Vec<char>,
}

/// Line metrics shared by every label of one size: matplotlib (3.11) makes
/// a text box reach at least the font's typographic ascender above the
/// baseline and its descender below, however short the text's ink.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineBox {
    ascent: f64,
    descent: f64,
}

impl LineBox {
    pub(crate) fn new(fonts: Fonts<'_>, size: f64) -> Self {
        let (ascent, descent) = fonts.line_metrics(size);
        LineBox { ascent, descent }
    }
}

/// Shapes and places `label`.
pub(crate) fn place(fonts: Fonts<'_>, line: LineBox, label: &Label<'_>) -> Placed {
    let shaped = fonts.shape(label.text, label.size);
    place_shaped(shaped, line, label)
}

fn place_shaped(shaped: Shaped, line: LineBox, label: &Label<'_>) -> Placed {
    // matplotlib's box: as wide as the pen's advance, from the origin; as
    // tall as the ink or the line's ascent and descent, whichever reach
    // further.
    let ink = shaped.ink;
    let w = shaped.advance.max(0.0);
    let d = (-ink.y_min).max(line.descent);
    let h = ink.y_max.max(line.ascent) + d;
    let (sin, cos) = label.angle.to_radians().sin_cos();
    let rot = |x: f64, y: f64| (x * cos - y * sin, x * sin + y * cos);
    // The box's corners relative to its bottom-left, rotated (y up).
    let (xmin, xmax, ymin, ymax) = bounds([rot(0.0, 0.0), rot(w, 0.0), rot(w, h), rot(0.0, h)]);
    // Where the box's bottom-left goes, relative to the anchor (y up).
    let (ox, oy) = if label.rotate_about_anchor {
        let ux = match label.ha {
            HAlign::Left => 0.0,
            HAlign::Center => -w / 2.0,
            HAlign::Right => -w,
        };
        let uy = match label.va {
            VAlign::Top => -h,
            VAlign::Center => -h / 2.0,
            VAlign::Bottom => 0.0,
            VAlign::Baseline => -d,
            VAlign::CenterBaseline => -h + (h - d) / 2.0,
        };
        rot(ux, uy)
    } else {
        let ox = match label.ha {
            HAlign::Left => -xmin,
            HAlign::Center => -(xmin + xmax) / 2.0,
            HAlign::Right => -xmax,
        };
        let oy = match label.va {
            VAlign::Top => -ymax,
            VAlign::Center => -(ymin + ymax) / 2.0,
            VAlign::Bottom => -ymin,
            VAlign::Baseline => -ymin - d,
            VAlign::CenterBaseline => -ymax + (h - d) / 2.0,
        };
        (ox, oy)
    };
    // The pen starts at the box's left, on the baseline.
    let (px, py) = rot(0.0, d);
    let origin = Point::new(label.at.x + ox + px, label.at.y - (oy + py));
    let bbox = Rect::new(
        label.at.x + ox + xmin,
        label.at.y - (oy + ymax),
        xmax - xmin,
        ymax - ymin,
    );
    // The ink's corners, from the box's bottom-left (the pen is `d` above
    // it), turned and placed as the box is.
    let (ix0, ix1, iy0, iy1) = bounds([
        rot(ink.x_min, d + ink.y_min),
        rot(ink.x_max, d + ink.y_min),
        rot(ink.x_max, d + ink.y_max),
        rot(ink.x_min, d + ink.y_max),
    ]);
    let ink = Rect::new(
        label.at.x + ox + ix0,
        label.at.y - (oy + iy1),
        ix1 - ix0,
        iy1 - iy0,
    );
    let runs = shaped
        .runs
        .into_iter()
        .enumerate()
        .map(|(i, run)| TextRun {
            text: if i == 0 {
                label.text.to_owned()
            } else {
                String::new()
            },
            font: run.font,
            size: label.size,
            origin,
            angle: label.angle,
            color: label.color,
            glyphs: run.glyphs,
            width: shaped.advance,
        })
        .collect();
    Placed {
        runs,
        bbox,
        ink,
        missing: shaped.missing,
    }
}

/// The least and greatest x and y of four corners.
fn bounds(corners: [(f64, f64); 4]) -> (f64, f64, f64, f64) {
    corners.into_iter().fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(x0, x1, y0, y1), (x, y)| (x0.min(x), x1.max(x), y0.min(y), y1.max(y)),
    )
}

/// `text`, shortened with an ellipsis in the middle if it is wider than
/// `max` points (a long command line as a title keeps both its ends).
pub(crate) fn fit(fonts: Fonts<'_>, text: &str, size: f64, max: f64) -> String {
    if fonts.shape(text, size).advance <= max {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    // The most characters kept, half from each end, that still fit.
    while lo < hi {
        let keep = (lo + hi).div_ceil(2);
        let head: String = chars[..keep.div_ceil(2)].iter().collect();
        let tail: String = chars[chars.len() - keep / 2..].iter().collect();
        if fonts.shape(&format!("{head}…{tail}"), size).advance <= max {
            lo = keep;
        } else {
            hi = keep - 1;
        }
    }
    let head: String = chars[..lo.div_ceil(2)].iter().collect();
    let tail: String = chars[chars.len() - lo / 2..].iter().collect();
    format!("{head}…{tail}")
}

/// Whether any two boxes overlap (seaborn's test before rotating labels).
/// Sorted by their left edges, each box is compared only with those that
/// start before it ends.
pub(crate) fn any_overlap(boxes: &[Rect]) -> bool {
    let mut by_left: Vec<&Rect> = boxes.iter().collect();
    by_left.sort_unstable_by(|a, b| a.x.total_cmp(&b.x));
    by_left.iter().enumerate().any(|(i, a)| {
        by_left[i + 1..]
            .iter()
            .take_while(|b| b.x < a.right())
            .any(|b| a.x < b.right() && a.y < b.bottom() && b.y < a.bottom())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_text::FontBook;

    fn label(text: &str, ha: HAlign, va: VAlign, angle: f64) -> Label<'_> {
        Label::new(text, 10.0, Point::new(100.0, 100.0), ha, va, angle)
    }

    #[test]
    fn centered_text_is_centered_on_its_anchor() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let line = LineBox::new(fonts, 10.0);
        let p = place(
            fonts,
            line,
            &label("0.43", HAlign::Center, VAlign::Center, 0.0),
        );
        let c = p.bbox.center();
        assert!(
            (c.x - 100.0).abs() < 1e-9 && (c.y - 100.0).abs() < 1e-9,
            "{:?}",
            p.bbox
        );
        // Digits reach neither the ascender nor the descender: the box is
        // the line's, 0.76 + 0.24 of the size; and as wide as the advance.
        let (ascent, descent) = fonts.line_metrics(10.0);
        assert!((p.bbox.h - (ascent + descent)).abs() < 1e-9, "{:?}", p.bbox);
        assert!((p.bbox.h - 10.0).abs() < 0.01, "{:?}", p.bbox);
        assert!((p.bbox.w - fonts.shape("0.43", 10.0).advance).abs() < 1e-9);
    }

    #[test]
    fn rotated_right_aligned_text_ends_at_its_anchor() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let line = LineBox::new(fonts, 10.0);
        let p = place(
            fonts,
            line,
            &label("12", HAlign::Right, VAlign::Center, 90.0),
        );
        assert!((p.bbox.right() - 100.0).abs() < 1e-9);
        assert!(
            p.bbox.h > p.bbox.w,
            "rotated 90°: taller than wide, {:?}",
            p.bbox
        );
    }

    #[test]
    fn long_titles_are_shortened_in_the_middle() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let long = format!("python {} --mode figure", "/very/long/path".repeat(20));
        let short = fit(fonts, &long, 12.0, 300.0);
        assert!(
            short.starts_with("python /very") && short.ends_with("figure"),
            "{short}"
        );
        assert!(short.contains('…') && fonts.shape(&short, 12.0).advance <= 300.0);
        assert_eq!(fit(fonts, "short", 12.0, 300.0), "short");
    }

    #[test]
    fn overlaps() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert!(any_overlap(&[a, Rect::new(5.0, 5.0, 10.0, 10.0)]));
        assert!(!any_overlap(&[a, Rect::new(10.0, 0.0, 10.0, 10.0)]));
        // Found whatever the order; an empty box at an edge touches nothing.
        assert!(any_overlap(&[
            Rect::new(50.0, 0.0, 5.0, 5.0),
            a,
            Rect::new(30.0, 0.0, 5.0, 5.0),
            Rect::new(9.0, 9.0, 5.0, 5.0),
        ]));
        assert!(!any_overlap(&[a, Rect::new(0.0, 0.0, 0.0, 10.0)]));
    }
}
