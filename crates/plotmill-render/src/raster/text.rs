//! Glyphs: text at quarter turns from cached coverage masks, at other
//! angles as filled outlines; each glyph hinted at the output's dpi, as
//! matplotlib's Agg backend draws text (FreeType's default hinting, see
//! [`FontBook::hinted_outline`]), where the font can be hinted.

use std::sync::Arc;

use plotmill_scene::{Color, TextRun};
use plotmill_text::{FontBook, GlyphMask, Outline, Segment};
use tiny_skia::{FillRule, Paint, Path, PathBuilder, Pixmap, Transform};

use super::coverage::{Coverage, Rule};
use super::shape::color;

/// Draws `run` on a page drawn at `dpi` (`page` scales points to its
/// pixels).
pub(super) fn run(pixmap: &mut Pixmap, page: Transform, fonts: &FontBook, run: &TextRun, dpi: f64) {
    // Text at a multiple of 90° (tick labels, axis labels) comes from the
    // cached masks; other angles are filled as outlines.
    let turns = run.angle.rem_euclid(360.0) / 90.0;
    if turns.fract() == 0.0 {
        masked(pixmap, page, fonts, run, turns as u8, dpi);
        return;
    }
    outlined(pixmap, page, fonts, run, dpi);
}

/// A glyph's outline as it is drawn at `dpi`, and the scale from its
/// units to pixels: hinted (in pixels already) where the font can be,
/// else the font's outline scaled to `size_px` pixels per em.
fn glyph_outline(
    fonts: &FontBook,
    (font, id): (u32, u16),
    (size, dpi): (f64, f64),
    size_px: f32,
) -> Option<(Arc<Outline>, f32)> {
    if let Some(hinted) = fonts.hinted_outline(font, id, size, dpi) {
        return Some((Arc::new(hinted), 1.0));
    }
    let outline = fonts.outline(font, id)?;
    let s = size_px / outline.units_per_em;
    Some((outline, s))
}

/// Text at any angle: each glyph's outline filled where it lands.
fn outlined(pixmap: &mut Pixmap, page: Transform, fonts: &FontBook, run: &TextRun, dpi: f64) {
    let mut paint = Paint::default();
    paint.set_color(color(run.color));
    paint.anti_alias = true;
    // Baseline origin, rotated counter-clockwise (y points down on the page).
    let place = page
        .pre_translate(run.origin.x as f32, run.origin.y as f32)
        .pre_rotate(-run.angle as f32);
    let size_px = run.size as f32 * page.sx;
    for glyph in &run.glyphs {
        let Some((outline, s)) =
            glyph_outline(fonts, (run.font, glyph.id), (run.size, dpi), size_px)
        else {
            continue;
        };
        let Some(path) = path(&outline) else { continue };
        // Pixels of the outline to points.
        let s = s / page.sx;
        // Outline units, y up -> points along the baseline, y down.
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

/// Positions a glyph is rasterised at within a pixel, per axis: FreeType
/// places a glyph to 1/64 pixel (matplotlib rounds its pen position so).
const PHASES: f32 = 64.0;

/// `v` as a whole pixel and the nearest of the [`PHASES`] positions
/// within it.
fn snap(v: f32) -> (i32, u8) {
    let whole = v.floor();
    let phase = ((v - whole) * PHASES).round();
    // The last phase round is the next whole pixel.
    if phase >= PHASES {
        ((whole as i32).saturating_add(1), 0)
    } else {
        (whole as i32, phase as u8)
    }
}

/// Text at `turns` quarter turns counter-clockwise: each glyph rasterised
/// once per size, offset within a pixel ([`PHASES`]) and angle (cached in
/// the font book), then blended in the run's color.
fn masked(
    pixmap: &mut Pixmap,
    page: Transform,
    fonts: &FontBook,
    run: &TextRun,
    turns: u8,
    dpi: f64,
) {
    // The size a glyph is drawn at, in 1/64 pixels per em: FreeType's at
    // this dpi, which a mask's key holds (one size, one mask), else the
    // page's.
    let ppem = match plotmill_text::ppem_26_6(run.size, dpi) {
        0 => (run.size as f32 * page.sx * 64.0) as u32,
        ppem => ppem,
    };
    let size_px = ppem as f32 / 64.0;
    let [r, g, b, a] = run.color.to_rgba8();
    // The baseline's direction on the page (y down).
    let (ux, uy) = [(1.0, 0.0), (0.0, -1.0), (-1.0, 0.0), (0.0, 1.0)][usize::from(turns % 4)];
    for glyph in &run.glyphs {
        let x = (run.origin.x + ux * glyph.x) as f32 * page.sx;
        let y = (run.origin.y + uy * glyph.x) as f32 * page.sy;
        let (xi, px) = snap(x);
        let (yi, py) = snap(y);
        let key = (run.font, glyph.id, ppem, px, py, turns);
        let mask = fonts.glyph_mask(key, || {
            let offset = (f32::from(px) / PHASES, f32::from(py) / PHASES);
            let outline = glyph_outline(fonts, (run.font, glyph.id), (run.size, dpi), size_px);
            outline.map_or_else(GlyphMask::default, |(outline, s)| {
                rasterise(&outline, s, offset, turns)
            })
        });
        blend(pixmap, &mask, xi, yi, [r, g, b, a]);
    }
}

/// The coverage mask of `outline` scaled by `s` to pixels, turned `turns`
/// quarter turns and moved by a fraction of a pixel.
fn rasterise(outline: &Outline, s: f32, (dx, dy): (f32, f32), turns: u8) -> GlyphMask {
    let _stage = plotmill_stage::enter(plotmill_stage::Stage::Text);
    let Some(path) = path(outline) else {
        return GlyphMask::default();
    };
    // Font units (y up) to pixels (y down), turned, at the pen's offset.
    let (sin, cos) = [(0.0, 1.0), (-1.0, 0.0), (0.0, -1.0), (1.0, 0.0)][usize::from(turns % 4)];
    let ts = Transform::from_row(cos, sin, -sin, cos, 0.0, 0.0)
        .pre_scale(s, -s)
        .post_translate(dx, dy);
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
    let ts = ts.post_translate(-left as f32, -top as f32);
    let Some(placed) = path.transform(ts) else {
        return GlyphMask::default();
    };
    // Filled by exact area, as FreeType's rasteriser fills it. The canvas
    // holds the whole glyph, so the fill never leaves it to tiny-skia.
    let mut cov = Coverage::default();
    cov.add_path(&placed);
    let filled = cov.fill(&mut canvas, Color::BLACK, Rule::NonZero);
    debug_assert!(filled, "a glyph wider than its own canvas");
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
    let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
    let (mw, mh) = (i64::from(mask.width), i64::from(mask.height));
    let (left, top) = (
        i64::from(x) + i64::from(mask.left),
        i64::from(y) + i64::from(mask.top),
    );
    // The mask's rows and columns that land on the pixmap.
    let (c0, c1) = ((-left).clamp(0, mw), (pw - left).clamp(0, mw));
    let (r0, r1) = ((-top).clamp(0, mh), (ph - top).clamp(0, mh));
    if c0 >= c1 {
        return;
    }
    let data = pixmap.data_mut();
    for row in r0..r1 {
        let coverage = &mask.alpha[(row * mw + c0) as usize..(row * mw + c1) as usize];
        let at = (((top + row) * pw + left + c0) * 4) as usize;
        let pixels = &mut data[at..at + coverage.len() * 4];
        for (px, &m) in pixels.chunks_exact_mut(4).zip(coverage) {
            let cov = u32::from(m) * u32::from(a) / 255;
            if cov == 0 {
                continue;
            }
            if cov == 255 {
                // Inside an opaque glyph: the color itself.
                px.copy_from_slice(&[r, g, b, 255]);
                continue;
            }
            let inv = 255 - cov;
            let mix = |src: u8, dst: u8| {
                ((u32::from(src) * cov + u32::from(dst) * inv + 127) / 255) as u8
            };
            px[0] = mix(r, px[0]);
            px[1] = mix(g, px[1]);
            px[2] = mix(b, px[2]);
            px[3] = ((cov * 255 + u32::from(px[3]) * inv + 127) / 255) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_scene::{Color, Point};

    fn text_run(fonts: &FontBook, text: &str, angle: f64) -> TextRun {
        let shaped = fonts.shape(text, 10.0);
        TextRun {
            text: text.to_owned(),
            font: 0,
            size: 10.0,
            origin: Point { x: 40.3, y: 41.7 },
            angle,
            color: Color::BLACK,
            glyphs: shaped.runs[0].glyphs.clone(),
            width: shaped.advance,
        }
    }

    /// The ink's bounding box (left, top, right, bottom) and its total
    /// coverage.
    fn ink(p: &Pixmap) -> ((u32, u32, u32, u32), u64) {
        let (mut b, mut total) = ((u32::MAX, u32::MAX, 0, 0), 0);
        for (i, px) in p.pixels().iter().enumerate() {
            if px.alpha() > 0 {
                let (x, y) = (i as u32 % p.width(), i as u32 / p.width());
                b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
                total += u64::from(px.alpha());
            }
        }
        (b, total)
    }

    #[test]
    fn text_at_quarter_turns_from_masks_matches_its_outlines() {
        let fonts = FontBook::new();
        let page = Transform::from_scale(100.0 / 72.0, 100.0 / 72.0);
        for angle in [0.0, 90.0, 180.0, 270.0, -90.0] {
            let run = text_run(&fonts, "Wg1 ij", angle);
            let mut from_masks = Pixmap::new(120, 120).unwrap();
            let mut from_outlines = Pixmap::new(120, 120).unwrap();
            self::run(&mut from_masks, page, &fonts, &run, 100.0);
            outlined(&mut from_outlines, page, &fonts, &run, 100.0);
            let (mb, mt) = ink(&from_masks);
            let (ob, ot) = ink(&from_outlines);
            // Masks sit on a quarter-pixel grid: the ink moves by at most
            // a pixel and keeps its weight.
            for (m, o) in [(mb.0, ob.0), (mb.1, ob.1), (mb.2, ob.2), (mb.3, ob.3)] {
                assert!(m.abs_diff(o) <= 1, "{angle}°: box {mb:?} vs {ob:?}");
            }
            let ratio = mt as f64 / ot as f64;
            assert!((0.97..1.03).contains(&ratio), "{angle}°: ink {mt} vs {ot}");
            // The run reads along its angle: long across, or long down.
            let (w, h) = (mb.2 - mb.0, mb.3 - mb.1);
            assert_eq!(w > h, angle % 180.0 == 0.0, "{angle}°: {w} x {h}");
        }
    }
}
