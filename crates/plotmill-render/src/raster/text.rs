//! Glyphs: unrotated text from cached coverage masks, rotated text as
//! filled outlines.

use std::sync::Arc;

use plotmill_scene::TextRun;
use plotmill_text::{FontBook, GlyphMask, Outline, Segment};
use tiny_skia::{FillRule, Paint, Path, PathBuilder, Pixmap, Transform};

use super::shape::color;

pub(super) fn run(pixmap: &mut Pixmap, page: Transform, fonts: &FontBook, run: &TextRun) {
    if run.angle == 0.0 {
        masked(pixmap, page, fonts, run);
        return;
    }
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
        let Some(path) = path(&outline) else { continue };
        let s = (run.size / f64::from(outline.units_per_em)) as f32;
        // Font units, y up -> points along the baseline, y down.
        let ts = place.pre_translate(glyph.x as f32, 0.0).pre_scale(s, -s);
        pixmap.fill_path(&path, &paint, FillRule::Winding, ts, None);
    }
}

fn path(outline: &Outline) -> Option<Path> {
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
    pb.finish()
}

/// Sub-pixel positions a glyph is rasterised at, per axis.
const PHASES: f32 = 4.0;

/// Unrotated text: each glyph rasterised once per size and quarter-pixel
/// offset (cached in the font book), then blended in the run's color.
fn masked(pixmap: &mut Pixmap, page: Transform, fonts: &FontBook, run: &TextRun) {
    let size_px = run.size as f32 * page.sx;
    let [r, g, b, a] = run.color.to_rgba8();
    for glyph in &run.glyphs {
        let x = (run.origin.x + glyph.x) as f32 * page.sx;
        let y = run.origin.y as f32 * page.sy;
        let (xi, yi) = (x.floor(), y.floor());
        let (px, py) = (((x - xi) * PHASES).round(), ((y - yi) * PHASES).round());
        // A phase of 4 quarters is the next whole pixel.
        let (xi, px) = if px >= PHASES {
            (xi + 1.0, 0.0)
        } else {
            (xi, px)
        };
        let (yi, py) = if py >= PHASES {
            (yi + 1.0, 0.0)
        } else {
            (yi, py)
        };
        let key = (
            run.font,
            glyph.id,
            (size_px * 64.0) as u32,
            px as u8,
            py as u8,
        );
        let mask = fonts.glyph_mask(key, || {
            rasterise(fonts, run.font, glyph.id, size_px, px / PHASES, py / PHASES)
        });
        blend(pixmap, &mask, xi as i32, yi as i32, [r, g, b, a]);
    }
}

fn rasterise(fonts: &FontBook, font: u32, id: u16, size_px: f32, dx: f32, dy: f32) -> GlyphMask {
    let _stage = plotmill_stage::enter(plotmill_stage::Stage::Text);
    let Some(outline) = fonts.outline(font, id) else {
        return GlyphMask::default();
    };
    let Some(path) = path(&outline) else {
        return GlyphMask::default();
    };
    let s = size_px / outline.units_per_em;
    let ts = Transform::from_row(s, 0.0, 0.0, -s, dx, dy);
    let Some(bounds) = path.clone().transform(ts).map(|p| p.bounds()) else {
        return GlyphMask::default();
    };
    let (left, top) = (
        bounds.left().floor() as i32 - 1,
        bounds.top().floor() as i32 - 1,
    );
    let width = (bounds.right().ceil() as i32 + 1 - left).max(1) as u32;
    let height = (bounds.bottom().ceil() as i32 + 1 - top).max(1) as u32;
    let Some(mut canvas) = Pixmap::new(width, height) else {
        return GlyphMask::default();
    };
    let mut paint = Paint::default();
    paint.set_color_rgba8(0, 0, 0, 255);
    paint.anti_alias = true;
    let ts = ts.post_translate(-left as f32, -top as f32);
    canvas.fill_path(&path, &paint, FillRule::Winding, ts, None);
    GlyphMask {
        width,
        height,
        left,
        top,
        alpha: canvas.data().chunks_exact(4).map(|p| p[3]).collect(),
    }
}

/// Source-over of `color` through `mask` at pen position (x, y), onto the
/// premultiplied pixels.
fn blend(pixmap: &mut Pixmap, mask: &Arc<GlyphMask>, x: i32, y: i32, [r, g, b, a]: [u8; 4]) {
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let data = pixmap.data_mut();
    for row in 0..mask.height as i32 {
        let ty = y + mask.top + row;
        if ty < 0 || ty >= ph {
            continue;
        }
        for col in 0..mask.width as i32 {
            let tx = x + mask.left + col;
            if tx < 0 || tx >= pw {
                continue;
            }
            let cov = u32::from(mask.alpha[(row as u32 * mask.width + col as u32) as usize])
                * u32::from(a)
                / 255;
            if cov == 0 {
                continue;
            }
            let i = ((ty * pw + tx) * 4) as usize;
            let inv = 255 - cov;
            let mix = |src: u8, dst: u8| {
                ((u32::from(src) * cov + u32::from(dst) * inv + 127) / 255) as u8
            };
            data[i] = mix(r, data[i]);
            data[i + 1] = mix(g, data[i + 1]);
            data[i + 2] = mix(b, data[i + 2]);
            data[i + 3] = ((cov * 255 + u32::from(data[i + 3]) * inv + 127) / 255) as u8;
        }
    }
}
