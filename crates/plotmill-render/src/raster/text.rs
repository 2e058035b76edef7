//! Glyphs as filled outlines.

use plotmill_scene::TextRun;
use plotmill_text::{FontBook, Segment};
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Transform};

use super::shape::color;

pub(super) fn run(pixmap: &mut Pixmap, page: Transform, fonts: &FontBook, run: &TextRun) {
    let mut paint = Paint::default();
    paint.set_color(color(run.color));
    paint.anti_alias = true;
    // Baseline origin, rotated counter-clockwise (y points down on the page).
    let place = page
        .pre_translate(run.origin.x as f32, run.origin.y as f32)
        .pre_rotate(-run.angle as f32);
    for glyph in &run.glyphs {
        let Some(outline) = fonts.outline(run.font, glyph.id) else {
            continue;
        };
        let s = (run.size / f64::from(outline.units_per_em)) as f32;
        let mut pb = PathBuilder::new();
        for seg in &outline.segments {
            match *seg {
                Segment::MoveTo(x, y) => pb.move_to(x, y),
                Segment::LineTo(x, y) => pb.line_to(x, y),
                Segment::QuadTo(x1, y1, x, y) => pb.quad_to(x1, y1, x, y),
                Segment::CubicTo(x1, y1, x2, y2, x, y) => pb.cubic_to(x1, y1, x2, y2, x, y),
                Segment::Close => pb.close(),
            }
        }
        let Some(path) = pb.finish() else { continue };
        // Font units, y up -> points along the baseline, y down.
        let ts = place.pre_translate(glyph.x as f32, 0.0).pre_scale(s, -s);
        pixmap.fill_path(&path, &paint, FillRule::Winding, ts, None);
    }
}
