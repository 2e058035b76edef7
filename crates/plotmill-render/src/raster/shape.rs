//! Rectangles, lines and markers.

use plotmill_scene::marker::{Cap, Join};
use plotmill_scene::{Centers, Color, Marker, Point, Rect, Stroke};
use tiny_skia::{FillRule, LineJoin, Paint, PathBuilder, Pixmap, Transform};

use super::coverage::{Coverage, Rule};

pub(super) fn color(c: Color) -> tiny_skia::Color {
    let [r, g, b, a] = c.to_rgba8();
    tiny_skia::Color::from_rgba8(r, g, b, a)
}

fn paint(c: Color) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(color(c));
    p.anti_alias = true;
    p
}

fn stroke_style(s: Stroke) -> tiny_skia::Stroke {
    tiny_skia::Stroke {
        width: s.width as f32,
        ..tiny_skia::Stroke::default()
    }
}

/// Where Agg puts a vertex of an axis-aligned stroke of `width` pixels:
/// on a pixel center for odd rounded widths, on a pixel edge for even ones,
/// so that thin frames and ticks come out crisp (matplotlib's path snapping).
fn snap(v: f32, width: f32) -> f32 {
    let offset = if (width.round() as i64).max(1) % 2 == 1 {
        0.5
    } else {
        0.0
    };
    (v + 0.5).floor() + offset
}

pub(super) fn rect(
    pixmap: &mut Pixmap,
    ts: Transform,
    r: &Rect,
    fill: Option<Color>,
    stroke: Option<Stroke>,
) {
    let Some(sk) = tiny_skia::Rect::from_xywh(r.x as f32, r.y as f32, r.w as f32, r.h as f32)
    else {
        return;
    };
    if let Some(f) = fill {
        // An axis-aligned fill is a box of exact coverage, blended straight
        // into the pixels (bars are most of a histogram's drawing). With an
        // outline it is snapped as the outline is (as Agg snaps the one
        // path both are drawn from), so that no sliver of part-covered
        // pixels shows between them.
        let scale = ts.sx;
        let (mut l, mut t) = (sk.left() * scale, sk.top() * scale);
        let (mut r, mut b) = (sk.right() * scale, sk.bottom() * scale);
        if let Some(s) = stroke {
            let w = s.width as f32 * scale;
            (l, t, r, b) = (snap(l, w), snap(t, w), snap(r, w), snap(b, w));
        }
        fill_box(pixmap, l, t, r, b, f);
    }
    if let Some(s) = stroke {
        // A frame is four axis-aligned bands: filled straight into the
        // pixels with exact coverage, no path stroking (the spines of a
        // scatter matrix are most of its drawing).
        let scale = ts.sx;
        let w = s.width as f32 * scale;
        let (l, t) = (snap(sk.left() * scale, w), snap(sk.top() * scale, w));
        let (r, b) = (snap(sk.right() * scale, w), snap(sk.bottom() * scale, w));
        let h = w / 2.0;
        let c = s.color;
        fill_box(pixmap, l - h, t - h, r + h, t + h, c);
        fill_box(pixmap, l - h, b - h, r + h, b + h, c);
        fill_box(pixmap, l - h, t + h, l + h, b - h, c);
        fill_box(pixmap, r - h, t + h, r + h, b - h, c);
    }
}

/// A rectangle with round corners (a legend's frame): the face filled and
/// the edge stroked from one path, as Agg draws the legend's patch. When
/// outlined, every point of the path (the curves' ends and control points
/// too) is snapped to the pixel grid as Agg snaps a patch drawn with
/// `snap=True`, so the straight sides are as crisp as a plain frame's.
pub(super) fn round_rect(
    pixmap: &mut Pixmap,
    ts: Transform,
    (r, radius): (&Rect, f64),
    fill: Option<Color>,
    stroke: Option<Stroke>,
    cov: &mut Coverage,
) {
    let scale = ts.sx;
    // An edge 0 wide (or not a width) is none: tiny-skia would draw a
    // hairline.
    let stroke = stroke.filter(|s| s.width > 0.0);
    let width = stroke.map(|s| s.width as f32 * scale);
    let px = |p: Point| {
        let (x, y) = (p.x as f32 * scale, p.y as f32 * scale);
        match width {
            Some(w) => (snap(x, w), snap(y, w)),
            None => (x, y),
        }
    };
    let outline_of = r.rounded(radius);
    let mut pb = PathBuilder::new();
    let (x, y) = px(outline_of.start);
    pb.move_to(x, y);
    for (end, corner, after) in outline_of.sides {
        let ((x, y), (cx, cy), (ax, ay)) = (px(end), px(corner), px(after));
        pb.line_to(x, y);
        pb.quad_to(cx, cy, ax, ay);
    }
    pb.close();
    let Some(path) = pb.finish() else {
        return;
    };
    if let Some(f) = fill.filter(|f| f.a > 0.0) {
        fill_path(pixmap, &path, f, cov);
    }
    if let (Some(s), Some(width)) = (stroke, width) {
        // Mitred, as a patch's edge is (the curves meet the sides smoothly).
        let style = tiny_skia::Stroke {
            width,
            ..stroke_style(s)
        };
        outline(pixmap, &path, &style, s.color, cov);
    }
}

/// Fills the box (pixel coordinates, fractional allowed) with `color`, each
/// pixel weighted by how much of it the box covers: exact anti-aliasing
/// for axis-aligned shapes, written straight into the premultiplied pixels.
pub(super) fn fill_box(pixmap: &mut Pixmap, l: f32, t: f32, r: f32, b: f32, color: Color) {
    let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
    let (l, t) = (l.max(0.0), t.max(0.0));
    let (r, b) = (r.min(pw as f32), b.min(ph as f32));
    if l >= r || t >= b {
        return;
    }
    let [cr, cg, cb, ca] = color.to_rgba8();
    let src = u32::from_le_bytes([cr, cg, cb, 255]);
    let data = pixmap.data_mut();
    let cover =
        |lo: f32, hi: f32, px: i64| (hi.min(px as f32 + 1.0) - lo.max(px as f32)).clamp(0.0, 1.0);
    let (x0, x1) = (l.floor() as i64, r.ceil() as i64);
    // Column coverage once per box, in 0..=255 times the color's alpha.
    let cols: Vec<f32> = (x0..x1).map(|x| cover(l, r, x) * f32::from(ca)).collect();
    // A fully covered row's coverages, found once (cy × cx is cx then).
    let full: Vec<u32> = cols.iter().map(|&cx| (cx + 0.5) as u32).collect();
    // The columns an opaque colour covers whole (all but the edges): in a
    // fully covered row they are the colour itself, copied as one run.
    let solid = ca == 255 && full.contains(&255);
    let (i0, i1) = if solid {
        let i0 = full.iter().position(|&a| a == 255).unwrap_or(0);
        let i1 = full.iter().rposition(|&a| a == 255).map_or(i0, |i| i + 1);
        (i0, i1)
    } else {
        (0, 0)
    };
    let run: Vec<u8> = [cr, cg, cb, 255].repeat(i1 - i0);
    // The last blend's pixel, coverage and result: a translucent box over
    // one colour (a legend's frame over white) blends each pixel alike.
    let mut last = (u32::MAX, u32::MAX, 0u32);
    let mut blend = |px: &mut [u8], a: u32| {
        if a == 0 {
            return;
        }
        if a == 255 {
            px.copy_from_slice(&[cr, cg, cb, 255]);
            return;
        }
        let dst = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
        if (dst, a) != (last.0, last.1) {
            last = (dst, a, mix_over(src, dst, a));
        }
        px.copy_from_slice(&last.2.to_le_bytes());
    };
    for y in (t.floor() as i64)..(b.ceil() as i64) {
        let cy = cover(t, b, y);
        let row = &mut data[((y * pw + x0) * 4) as usize..((y * pw + x1) * 4) as usize];
        if cy == 1.0 && solid {
            let (left, rest) = row.split_at_mut(i0 * 4);
            let (middle, right) = rest.split_at_mut((i1 - i0) * 4);
            middle.copy_from_slice(&run);
            for (px, &a) in left.chunks_exact_mut(4).zip(&full) {
                blend(px, a);
            }
            for (px, &a) in right.chunks_exact_mut(4).zip(&full[i1..]) {
                blend(px, a);
            }
            continue;
        }
        for ((px, &cx), &whole) in row.chunks_exact_mut(4).zip(&cols).zip(&full) {
            let a = if cy == 1.0 {
                whole
            } else {
                (cy * cx + 0.5) as u32
            };
            blend(px, a);
        }
    }
}

/// `src` (straight colour, its alpha 255) over the premultiplied pixel
/// `dst` at coverage `a`: each channel `round((s × a + d × (255 − a)) /
/// 255)`, two channels to a word (each lane's sum is at most 255², and
/// `round(v / 255)` is `(t + (t >> 8)) >> 8` with `t = v + 128` for all
/// of them; a test checks every pair against the plain formula).
#[inline]
pub(super) fn mix_over(src: u32, dst: u32, a: u32) -> u32 {
    const LANES: u32 = 0x00ff_00ff;
    let inv = 255 - a;
    let lane = |s: u32, d: u32| {
        let t = s * a + d * inv + 0x0080_0080;
        ((t + ((t >> 8) & LANES)) >> 8) & LANES
    };
    lane(src & LANES, dst & LANES) | (lane((src >> 8) & LANES, (dst >> 8) & LANES) << 8)
}

pub(super) fn line(
    pixmap: &mut Pixmap,
    ts: Transform,
    points: &[Point],
    (stroke, cap): (Stroke, Cap),
    cov: &mut Coverage,
) {
    let scale = ts.sx;
    let width = stroke.width as f32 * scale;
    let in_pixels = |p: &Point| (p.x as f32 * scale, p.y as f32 * scale);
    // Agg snaps a line of level and upright segments to the pixel grid.
    let snapped = |p: &Point| {
        let (x, y) = in_pixels(p);
        (snap(x, width), snap(y, width))
    };
    let rectilinear = points
        .windows(2)
        .all(|w| w[0].x == w[1].x || w[0].y == w[1].y);
    match points {
        [a, b] if rectilinear => {
            // One level or upright segment (a tick, a grid line, a
            // whisker): snapped and filled as a box, a projecting cap
            // added past its snapped ends, as Agg adds it.
            let ((x0, y0), (x1, y1)) = (snapped(a), snapped(b));
            let h = width / 2.0;
            let reach = if cap == Cap::Projecting && (x0, y0) != (x1, y1) {
                h
            } else {
                0.0
            };
            let (l, r) = (x0.min(x1), x0.max(x1));
            let (t, b) = (y0.min(y1), y0.max(y1));
            if t == b {
                fill_box(pixmap, l - reach, t - h, r + reach, b + h, stroke.color);
            } else {
                fill_box(pixmap, l - h, t - reach, r + h, b + reach, stroke.color);
            }
        }
        // Level and upright segments joined (a step outline): snapped,
        // then stroked with round joins as any line is, so that its outer
        // corners are rounded, not notched.
        _ if rectilinear => {
            let points = points.iter().map(snapped);
            cov.lines.stroke(pixmap, points, (width, cap), stroke.color);
        }
        // Others with round joins, as matplotlib's lines, straight into
        // the pixels.
        _ => {
            let points = points.iter().map(in_pixels);
            cov.lines.stroke(pixmap, points, (width, cap), stroke.color);
        }
    }
}

/// Strokes `path` (in pixels): its outline, from tiny-skia's stroker,
/// filled by coverage.
fn outline(
    pixmap: &mut Pixmap,
    path: &tiny_skia::Path,
    style: &tiny_skia::Stroke,
    color: Color,
    cov: &mut Coverage,
) {
    if let Some(shape) = path.stroke(style, 1.0) {
        fill_path(pixmap, &shape, color, cov);
    }
}

/// Fills `path` (in pixels, non-zero winding) by coverage, or by tiny-skia
/// when it reaches too far past the page.
fn fill_path(pixmap: &mut Pixmap, path: &tiny_skia::Path, color: Color, cov: &mut Coverage) {
    cov.clear();
    cov.add_path(path);
    if !cov.fill(pixmap, color, Rule::NonZero) {
        let ts = Transform::identity();
        pixmap.fill_path(path, &paint(color), FillRule::Winding, ts, None);
    }
}

/// A closed shape, filled (non-zero winding) with anti-aliased edges and
/// outlined when `stroke` is given, its corners joined as `join` says.
///
/// The outline is made a shape and filled by area: a round one (a
/// violin's, a filled density's) by [`super::outline`], others by
/// tiny-skia's stroker. Not by the open lines' stroker, whose
/// most-of-the-pieces coverage falls short where two far-apart stretches
/// of one outline share a pixel — a violin's narrow tips, a density's
/// tails along its base — and left them light.
pub(super) fn polygon(
    pixmap: &mut Pixmap,
    ts: Transform,
    points: &[Point],
    fill: Color,
    (stroke, join): (Option<Stroke>, Join),
    cov: &mut Coverage,
) {
    let scale = ts.sx;
    let mut pb = PathBuilder::new();
    for (i, p) in points.iter().enumerate() {
        let (x, y) = (p.x as f32 * scale, p.y as f32 * scale);
        if i == 0 {
            pb.move_to(x, y);
        } else {
            pb.line_to(x, y);
        }
    }
    pb.close();
    let Some(path) = pb.finish() else {
        return;
    };
    if fill.a > 0.0 {
        fill_path(pixmap, &path, fill, cov);
    }
    let Some(s) = stroke else {
        return;
    };
    let width = s.width as f32 * scale;
    if join == Join::Round {
        // Outlined here, with no arcs to flatten; tiny-skia's stroker when
        // the outline reaches too far past the page to fill by cells.
        cov.clear();
        let corners = points
            .iter()
            .map(|p| (p.x as f32 * scale, p.y as f32 * scale));
        super::outline::round_outline(cov, corners, width / 2.0);
        if cov.fill(pixmap, s.color, Rule::NonZero) {
            return;
        }
    }
    let style = tiny_skia::Stroke {
        width,
        line_join: line_join(join),
        ..stroke_style(s)
    };
    outline(pixmap, &path, &style, s.color, cov);
}

/// tiny-skia's join for a join style.
fn line_join(join: Join) -> LineJoin {
    match join {
        Join::Miter => LineJoin::Miter,
        Join::Bevel => LineJoin::Bevel,
        Join::Round => LineJoin::Round,
    }
}

/// Fills the area inside an odd number of `rings` (even-odd).
pub(super) fn region(
    pixmap: &mut Pixmap,
    ts: Transform,
    rings: &[Vec<Point>],
    fill: Color,
    cov: &mut Coverage,
) {
    let scale = ts.sx;
    cov.clear();
    for ring in rings.iter().filter(|r| r.len() >= 3) {
        cov.move_to(ring[0].x as f32 * scale, ring[0].y as f32 * scale);
        for p in &ring[1..] {
            cov.line_to(p.x as f32 * scale, p.y as f32 * scale);
        }
    }
    if cov.fill(pixmap, fill, Rule::EvenOdd) {
        return;
    }
    let mut pb = PathBuilder::new();
    for ring in rings.iter().filter(|r| r.len() >= 3) {
        pb.move_to(ring[0].x as f32, ring[0].y as f32);
        for p in &ring[1..] {
            pb.line_to(p.x as f32, p.y as f32);
        }
        pb.close();
    }
    if let Some(path) = pb.finish() {
        pixmap.fill_path(&path, &paint(fill), FillRule::EvenOdd, ts, None);
    }
}

/// Draws the marker once into a small sprite, then composites it at every
/// center (rounded to whole pixels, as Agg snaps markers).
///
/// Up to one marker per pixel of the clip box, each is blended in turn
/// (exactly as drawn one by one). Beyond that — a million rows in a
/// thousand-pixel panel — the markers are counted per center pixel and
/// composited from the counts ([`markers_dense`]): the time no longer
/// grows with markers × sprite size, and the memory is one counter per
/// pixel, not one point per marker.
pub(super) fn markers(
    pixmap: &mut Pixmap,
    scale: f32,
    marker: Marker,
    fill: Color,
    centers: &Centers,
    clip: &Rect,
    sprites: &mut Sprites,
) {
    let Some(sprite) = sprites.get(scale, marker, fill) else {
        return;
    };
    let clip = pixel_clip(pixmap, scale, clip);
    let area = (clip.2 - clip.0).max(0) as usize * (clip.3 - clip.1).max(0) as usize;
    // Counting composites one color; a rim of another is drawn in turn.
    let one_color = marker.edge().1.is_none_or(|c| c == fill);
    if one_color && centers.upper_len() > area.max(DENSE_AFTER) {
        markers_dense(pixmap, sprite, scale, fill, centers, clip);
    } else {
        markers_each(pixmap, sprite, scale, centers, clip);
    }
}

/// The sprites a scene's marker runs drew, by marker and colour: the last
/// [`Sprites::KEEP`] of them (a hue's levels), found by a linear search.
#[derive(Default)]
pub(super) struct Sprites {
    kept: Vec<(Marker, Color, Pixmap)>,
}

impl Sprites {
    /// How many sprites are kept.
    const KEEP: usize = 16;

    /// The sprite of `marker` in `fill`, drawn on first use.
    fn get(&mut self, scale: f32, marker: Marker, fill: Color) -> Option<&Pixmap> {
        let at = match self
            .kept
            .iter()
            .position(|(m, c, _)| *m == marker && *c == fill)
        {
            Some(at) => at,
            None => {
                let drawn = sprite(scale, marker, fill)?;
                if self.kept.len() == Self::KEEP {
                    self.kept.remove(0);
                }
                self.kept.push((marker, fill, drawn));
                self.kept.len() - 1
            }
        };
        Some(&self.kept[at].2)
    }
}

/// Below this many markers a run is always drawn marker by marker.
const DENSE_AFTER: usize = 4096;

/// The marker drawn once, centered on the middle pixel's center of an
/// odd-sized pixmap: where Agg puts a marker (it rounds the center to a
/// whole pixel and draws about that pixel's middle), so that a small disc
/// covers a plus-shaped 5 x 5 pixels, not a 4 x 4 square, and a pile of
/// them stays round as matplotlib's does.
fn sprite(scale: f32, marker: Marker, fill: Color) -> Option<Pixmap> {
    let marker = marker.resolved();
    let (edge, edge_color) = marker.edge();
    let e = edge as f32 * scale;
    // A shape's corners in pixels about its centre (y down); none for a
    // disc. How far the outline reaches, and how its corners join.
    let (corners, reach, join) = match marker {
        Marker::Circle { radius, .. } => (Vec::new(), radius as f32 * scale, LineJoin::Round),
        Marker::Shape { shape, size, .. } => {
            let s = size as f32 * scale;
            let corners: Vec<(f32, f32)> = shape
                .outline()
                .ok()?
                .into_iter()
                .map(|(x, y)| (x as f32 * s, -y as f32 * s))
                .collect();
            let reach = corners
                .iter()
                .fold(0f32, |m, &(x, y)| m.max(x.abs()).max(y.abs()));
            (corners, reach, line_join(shape.join()))
        }
    };
    // A mitred corner may reach the miter limit (4) times half the
    // outline's width past the shape.
    let margin = if join == LineJoin::Miter { 4.0 * e } else { e };
    let size = ((2.0 * reach + margin).ceil() as u32 + 2) | 1;
    let mut sprite = Pixmap::new(size, size)?;
    let c = size as f32 / 2.0;
    let path = if corners.is_empty() {
        PathBuilder::from_circle(c, c, reach)
    } else {
        let mut pb = PathBuilder::new();
        pb.move_to(c + corners[0].0, c + corners[0].1);
        for &(x, y) in &corners[1..] {
            pb.line_to(c + x, c + y);
        }
        pb.close();
        pb.finish()
    };
    if let Some(path) = path {
        sprite.fill_path(
            &path,
            &paint(fill),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
        if e > 0.0 {
            let stroke = tiny_skia::Stroke {
                width: e,
                line_join: join,
                ..tiny_skia::Stroke::default()
            };
            let rim = paint(edge_color.unwrap_or(fill));
            sprite.stroke_path(&path, &rim, &stroke, Transform::identity(), None);
        }
    }
    // Drawn with a margin, kept to the pixels with ink (still centred):
    // every marker blends only these.
    let mid = (size / 2) as usize;
    let reach = sprite
        .pixels()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.alpha() > 0)
        .map(|(i, _)| {
            let (row, col) = (i / size as usize, i % size as usize);
            row.abs_diff(mid).max(col.abs_diff(mid))
        })
        .max()?;
    let keep = (2 * reach + 1) as u32;
    let from = (mid - reach) as i32;
    sprite.clone_rect(tiny_skia::IntRect::from_xywh(from, from, keep, keep)?)
}

/// The clip box in whole pixels (Agg clips to the axes box, snapped),
/// within the pixmap: left, top, right, bottom.
fn pixel_clip(pixmap: &Pixmap, scale: f32, clip: &Rect) -> (i32, i32, i32, i32) {
    let px = |v: f64| (v as f32 * scale).round() as i32;
    (
        px(clip.x).max(0),
        px(clip.y).max(0),
        px(clip.right()).min(pixmap.width() as i32),
        px(clip.bottom()).min(pixmap.height() as i32),
    )
}

/// The pixel a center snaps to.
#[inline]
fn snap_center(p: Point, scale: f32) -> (i32, i32) {
    (
        (p.x as f32 * scale).round() as i32,
        (p.y as f32 * scale).round() as i32,
    )
}

/// Each marker blended in turn, in drawing order.
fn markers_each(
    pixmap: &mut Pixmap,
    sprite: &Pixmap,
    scale: f32,
    centers: &Centers,
    clip: (i32, i32, i32, i32),
) {
    let half = (sprite.width() / 2) as i32;
    for p in centers.iter() {
        let (x, y) = snap_center(p, scale);
        blend_sprite(pixmap, sprite, x - half, y - half, clip);
    }
}

/// Markers of one color composited from their count per center pixel.
///
/// Source-over of one color is order-free: `n` layers of coverages `a_k`
/// leave `dst × Π(1 − a_k)` of what was below and the color over the rest.
/// So each pixel's transmittance is `exp(Σ count(center) × ln(1 − a))` over
/// the sprite's pixels that reach it, and the pixel is composited once.
/// Drawing marker by marker rounds to 8 bits after every layer; this does
/// so once, so the two can differ by a few levels where markers pile up
/// (the test below bounds it).
fn markers_dense(
    pixmap: &mut Pixmap,
    sprite: &Pixmap,
    scale: f32,
    fill: Color,
    centers: &Centers,
    clip: (i32, i32, i32, i32),
) {
    let (x0, y0, x1, y1) = clip;
    if x0 >= x1 || y0 >= y1 {
        return;
    }
    let size = sprite.width() as i32;
    let half = size / 2;
    // Centers whose sprite reaches the clip box: from (x0 − size + half + 1)
    // to (x1 − 1 + half), likewise in y.
    let (gx0, gy0) = (x0 - size + half + 1, y0 - size + half + 1);
    let (gw, gh) = ((x1 - x0 + size - 1) as usize, (y1 - y0 + size - 1) as usize);
    let mut counts = vec![0u32; gw * gh];
    for p in centers.iter() {
        let (cx, cy) = snap_center(p, scale);
        let (gx, gy) = (
            cx.wrapping_sub(gx0) as u32 as usize,
            cy.wrapping_sub(gy0) as u32 as usize,
        );
        if gx < gw && gy < gh {
            let c = &mut counts[gy * gw + gx];
            *c = c.saturating_add(1);
        }
    }
    // ln(1 − a) of each sprite pixel that covers anything.
    let kernel: Vec<(i32, i32, f32)> = sprite
        .data()
        .chunks_exact(4)
        .enumerate()
        .filter(|(_, px)| px[3] > 0)
        .map(|(i, px)| {
            let (r, c) = ((i as i32) / size, (i as i32) % size);
            (r, c, (1.0 - f32::from(px[3]) / 255.0).ln())
        })
        .collect();
    // Σ count × ln(1 − a) per pixel of the clip box.
    let (cw, ch) = ((x1 - x0) as usize, (y1 - y0) as usize);
    let mut log_t = vec![0f32; cw * ch];
    for gy in 0..gh {
        for gx in 0..gw {
            let n = counts[gy * gw + gx];
            if n == 0 {
                continue;
            }
            let n = n as f32;
            // The sprite's top-left for this center, relative to the clip.
            let (left, top) = (gx0 + gx as i32 - half - x0, gy0 + gy as i32 - half - y0);
            for &(r, c, k) in &kernel {
                let (x, y) = (left + c, top + r);
                if x >= 0 && y >= 0 && (x as usize) < cw && (y as usize) < ch {
                    log_t[y as usize * cw + x as usize] += n * k;
                }
            }
        }
    }
    drop(counts);
    let rgba = [fill.r as f32, fill.g as f32, fill.b as f32, 1.0].map(|v| v * 255.0);
    let pw = pixmap.width() as usize;
    let data = pixmap.data_mut();
    for y in 0..ch {
        let row = (y + y0 as usize) * pw + x0 as usize;
        for x in 0..cw {
            let l = log_t[y * cw + x];
            if l == 0.0 {
                continue;
            }
            let t = l.exp();
            let px = &mut data[(row + x) * 4..(row + x) * 4 + 4];
            for k in 0..4 {
                let v = rgba[k] * (1.0 - t) + f32::from(px[k]) * t;
                px[k] = v.round().clamp(0.0, 255.0) as u8;
            }
        }
    }
}

/// Source-over of a premultiplied sprite at (x, y), only inside `clip`
/// (left, top, right, bottom in pixels).
///
/// Each channel becomes `s + round(d × (255 − a) / 255)`, two channels to
/// a word: `round(v / 255)` is `(t + (t >> 8)) >> 8` with `t = v + 128`
/// for every product of two bytes (checked for all of them below), and no
/// lane carries into the next (`t + (t >> 8)` < 2¹⁶). The sum stays a
/// byte because a premultiplied channel is at most its alpha.
fn blend_sprite(pixmap: &mut Pixmap, sprite: &Pixmap, x: i32, y: i32, clip: (i32, i32, i32, i32)) {
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let (cx0, cy0) = (clip.0.max(0), clip.1.max(0));
    let (cx1, cy1) = (clip.2.min(pw), clip.3.min(ph));
    let (sw, sh) = (sprite.width() as i32, sprite.height() as i32);
    // The sprite's columns and rows inside the clip.
    let (c0, c1) = ((cx0 - x).max(0), (cx1 - x).min(sw));
    let (r0, r1) = ((cy0 - y).max(0), (cy1 - y).min(sh));
    if c0 >= c1 || r0 >= r1 {
        return;
    }
    let src = sprite.data();
    let dst = pixmap.data_mut();
    let width = (c1 - c0) as usize * 4;
    for row in r0..r1 {
        let s0 = ((row * sw + c0) * 4) as usize;
        let d0 = (((y + row) * pw + x + c0) * 4) as usize;
        let from = src[s0..s0 + width].chunks_exact(4);
        let to = dst[d0..d0 + width].chunks_exact_mut(4);
        for (s, d) in from.zip(to) {
            let sa = u32::from(s[3]);
            if sa == 0 {
                continue;
            }
            let sp = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
            let dp = u32::from_le_bytes([d[0], d[1], d[2], d[3]]);
            let out = sp + scale_channels(dp, 255 - sa);
            d.copy_from_slice(&out.to_le_bytes());
        }
    }
}

/// Each byte of `pixel` times `by` over 255, rounded (two lanes at a time).
#[inline]
fn scale_channels(pixel: u32, by: u32) -> u32 {
    const LANES: u32 = 0x00ff_00ff;
    let round = |lanes: u32| {
        let t = lanes * by + 0x0080_0080;
        ((t + ((t >> 8) & LANES)) >> 8) & LANES
    };
    round(pixel & LANES) | (round((pixel >> 8) & LANES) << 8)
}

/// Cells with edges rounded to whole pixels, filled without anti-aliasing:
/// shared edges land on the same pixel boundary, so no seam shows.
pub(super) fn mesh(pixmap: &mut Pixmap, scale: f64, cells: &[(Rect, Color)]) {
    let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
    let data = pixmap.data_mut();
    for (r, c) in cells {
        // Halves round up (down the page), as matplotlib's mesh edges land;
        // the epsilon keeps 187.49999… from rounding the other way.
        let px = |v: f64| (scale * v + 0.5 + 1e-6).floor() as i64;
        let (x0, y0) = (px(r.x).clamp(0, pw), px(r.y).clamp(0, ph));
        let (x1, y1) = (px(r.right()).clamp(0, pw), px(r.bottom()).clamp(0, ph));
        if x0 >= x1 || y0 >= y1 {
            continue;
        }
        // Straight into the pixels: a solid fill needs no raster pipeline.
        let p = color(*c).premultiply().to_color_u8();
        let src = [p.red(), p.green(), p.blue(), p.alpha()];
        let inv = 255 - u32::from(src[3]);
        for y in y0..y1 {
            let row = &mut data[((y * pw + x0) * 4) as usize..((y * pw + x1) * 4) as usize];
            if inv == 0 {
                row.as_chunks_mut::<4>().0.fill(src);
            } else {
                for px in row.chunks_exact_mut(4) {
                    for k in 0..4 {
                        px[k] = (u32::from(src[k]) + (u32::from(px[k]) * inv + 127) / 255).min(255)
                            as u8;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic cloud of `n` centers (points), denser in the middle.
    fn cloud(n: usize, w: f64, h: f64, seed: u64) -> Vec<Point> {
        let mut s = seed;
        let mut uniform = move || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| {
                // The mean of three uniforms: a bell over the box, with a
                // little spill past its edges.
                let x = (uniform() + uniform() + uniform()) / 3.0;
                let y = (uniform() + uniform() + uniform()) / 3.0;
                Point::new(x * w * 1.1 - 0.05 * w, y * h * 1.1 - 0.05 * h)
            })
            .collect()
    }

    fn both(centers: Vec<Point>, fill: Color) -> (Pixmap, Pixmap) {
        let scale = (100.0 / 72.0) as f32;
        let marker = Marker::Circle {
            radius: 3f64.sqrt() / 2.0,
            edge: 1.0,
            edge_color: None,
        };
        let rect = Rect::new(10.0, 12.0, 120.0, 80.0);
        let centers = Centers::Points(centers);
        let mut page = Pixmap::new(240, 170).expect("a pixmap");
        page.fill(tiny_skia::Color::WHITE);
        let sprite = sprite(scale, marker, fill).expect("a sprite");
        let clip = pixel_clip(&page, scale, &rect);
        let (mut each, mut dense) = (page.clone(), page);
        markers_each(&mut each, &sprite, scale, &centers, clip);
        markers_dense(&mut dense, &sprite, scale, fill, &centers, clip);
        (each, dense)
    }

    #[test]
    fn box_fills_mix_as_the_plain_formula_for_every_coverage() {
        let old = |s: u32, d: u32, a: u32| (s * a + d * (255 - a) + 127) / 255;
        for a in 1..255u32 {
            for d in 0..=255u32 {
                for s in [0u32, 1, 77, 128, 254, 255] {
                    let src = s | (s << 8) | (s << 16) | (255 << 24);
                    let dst = d | (d << 8) | (d << 16) | (d << 24);
                    let got = mix_over(src, dst, a).to_le_bytes();
                    let want = [old(s, d, a), old(s, d, a), old(s, d, a), old(255, d, a)];
                    assert_eq!(got.map(u32::from), want, "{s} {d} {a}");
                }
            }
        }
    }

    #[test]
    fn channels_scale_as_rounded_division_for_every_byte_pair() {
        for v in 0..=255u32 {
            for by in 0..=255u32 {
                let want = (v * by + 127) / 255;
                let pixel = v | (v << 8) | (v << 16) | (v << 24);
                let got = scale_channels(pixel, by);
                assert_eq!(
                    got,
                    want | (want << 8) | (want << 16) | (want << 24),
                    "{v} {by}"
                );
            }
        }
    }

    #[test]
    fn markers_with_an_outline_of_another_color_are_drawn_one_by_one_however_many() {
        // Beyond one marker per pixel a one-color run is composited from
        // counts; a run with white rims (seaborn's) must keep every rim in
        // drawing order, so it is blended marker by marker.
        let scale = (100.0 / 72.0) as f32;
        let marker = Marker::Circle {
            radius: 3.0,
            edge: 0.5,
            edge_color: Some(Color::WHITE),
        };
        let fill = Color::rgb(0.12, 0.47, 0.71);
        let rect = Rect::new(10.0, 12.0, 40.0, 30.0);
        let centers = Centers::Points(cloud(6000, 60.0, 50.0, 7));
        let mut page = Pixmap::new(100, 80).expect("a pixmap");
        page.fill(tiny_skia::Color::BLACK);
        let mut drawn = page.clone();
        markers(
            &mut drawn,
            scale,
            marker,
            fill,
            &centers,
            &rect,
            &mut Sprites::default(),
        );
        let sprite = sprite(scale, marker, fill).expect("a sprite");
        let clip = pixel_clip(&page, scale, &rect);
        markers_each(&mut page, &sprite, scale, &centers, clip);
        assert_eq!(difference(&drawn, &page), (0, 0));
        // The rims are there: some pixels are lighter than the fill.
        let fill_red = (0.12f32 * 255.0).round() as u8;
        assert!(drawn.data().chunks_exact(4).any(|p| p[0] > fill_red + 60));
    }

    /// The largest difference of any channel, and how many channels differ.
    fn difference(a: &Pixmap, b: &Pixmap) -> (u8, usize) {
        a.data()
            .iter()
            .zip(b.data())
            .fold((0, 0), |(max, n), (x, y)| {
                (max.max(x.abs_diff(*y)), n + usize::from(x != y))
            })
    }

    /// matplotlib's default scatter marker at dpi 100 (s = 3, edged): 30
    /// markers on one point make a round 5 x 5 disc about the pixel the
    /// center rounds to, as Agg draws them (its four corner pixels empty,
    /// the rest dark), not a 4 x 4 square; drawn one by one or counted.
    #[test]
    fn shaped_markers_fill_their_outline_and_point_their_way() {
        // At dpi 72 a 20 pt marker is 20 px across.
        let ink = |shape: &str, edge: f64| -> Vec<Vec<u8>> {
            let shape = shape.parse().expect("a marker code");
            let marker = Marker::of(shape, 20.0, edge, Some(Color::WHITE));
            let sprite = sprite(1.0, marker, Color::BLACK).expect("a sprite");
            let w = sprite.width() as usize;
            sprite
                .pixels()
                .chunks(w)
                .map(|row| row.iter().map(|p| p.alpha()).collect())
                .collect()
        };
        let inked = |rows: &[Vec<u8>]| -> Vec<usize> {
            rows.iter()
                .map(|r| r.iter().filter(|&&a| a > 128).count())
                .filter(|&n| n > 0)
                .collect()
        };
        // A round shape given as a shape is drawn as the disc it is.
        let direct = Marker::Shape {
            shape: plotmill_scene::Shape::Circle,
            size: 20.0,
            edge: 1.0,
            edge_color: None,
        };
        assert_eq!(
            sprite(1.0, direct, Color::BLACK).map(|p| p.data().to_vec()),
            sprite(
                1.0,
                Marker::of(plotmill_scene::Shape::Circle, 20.0, 1.0, None),
                Color::BLACK
            )
            .map(|p| p.data().to_vec())
        );
        // A square about the middle pixel's centre: 19 full rows and
        // columns and a half-covered one at each side, 20 px of ink each.
        let sq = ink("s", 0.0);
        assert_eq!(inked(&sq), vec![19; 19]);
        for row in sq.iter().filter(|r| r.iter().any(|&a| a > 128)) {
            let cover: u32 = row.iter().map(|&a| u32::from(a)).sum();
            assert!((cover as f64 / 255.0 - 20.0).abs() < 0.05, "{row:?}");
        }
        // "^" widens downwards, "v" narrows.
        let up = inked(&ink("^", 0.0));
        assert!(
            up.first() < up.last() && up.windows(2).all(|w| w[0] <= w[1]),
            "{up:?}"
        );
        let down = inked(&ink("v", 0.0));
        assert!(down.first() > down.last(), "{down:?}");
        // A diamond is widest at its middle row, about 20 × √2 across.
        let d = inked(&ink("D", 0.0));
        let widest = d.iter().copied().max().expect("rows");
        assert!((27..=29).contains(&widest), "{d:?}");
        // The white outline covers the rim but not the middle.
        let rows = ink("X", 2.0);
        let mid = rows.len() / 2;
        assert_eq!(rows[mid][mid], 255);
        // A filled x: its middle column has ink only where the arms cross.
        let x = ink("X", 0.0);
        let col: Vec<u8> = x.iter().map(|r| r[r.len() / 2]).collect();
        assert!(
            col.iter().filter(|&&a| a > 128).count() < col.len() - 4,
            "{col:?}"
        );
    }

    #[test]
    fn a_pile_of_small_markers_is_round_about_its_pixel() {
        // 40.2 pt and 30.3 pt at dpi 100: x 55.8 -> pixel 56, y 42.1 -> 42.
        let pile = vec![Point::new(40.2, 30.3); 30];
        let (each, dense) = both(pile, Color::BLACK.with_alpha(0.5));
        for page in [&each, &dense] {
            let dark = |x: i32, y: i32| {
                let px = page.pixel(x as u32, y as u32).expect("inside");
                255 - px.red()
            };
            for (dx, dy) in [
                (-2, -2),
                (2, -2),
                (-2, 2),
                (2, 2),
                (-3, 0),
                (3, 0),
                (0, -3),
                (0, 3),
            ] {
                assert_eq!(dark(56 + dx, 42 + dy), 0, "({dx}, {dy}) is drawn");
            }
            for dy in -1..=1 {
                for dx in -1..=1 {
                    assert!(dark(56 + dx, 42 + dy) > 250, "({dx}, {dy}) is not dark");
                }
            }
            for (dx, dy) in [(-2, 0), (2, 0), (0, -2), (0, 2), (-2, 1), (1, 2)] {
                assert!(dark(56 + dx, 42 + dy) > 200, "({dx}, {dy}) is not dark");
            }
        }
    }

    #[test]
    fn markers_that_do_not_overlap_composite_exactly_as_one_by_one() {
        // One marker per 8 points: sprites never meet.
        let centers: Vec<Point> = (0..15)
            .flat_map(|i| {
                (0..10).map(move |j| Point::new(14.0 + 8.0 * i as f64, 16.0 + 8.0 * j as f64))
            })
            .collect();
        let (each, dense) = both(centers, Color::BLACK.with_alpha(0.5));
        assert_eq!(difference(&each, &dense), (0, 0));
        // Something was drawn.
        assert!(each.data().iter().any(|&v| v < 255));
    }

    /// Marker by marker in exact arithmetic (f64, no rounding between
    /// layers): what both ways of drawing approximate.
    fn exact(centers: &[Point], fill: Color) -> Vec<f64> {
        let scale = (100.0 / 72.0) as f32;
        let marker = Marker::Circle {
            radius: 3f64.sqrt() / 2.0,
            edge: 1.0,
            edge_color: None,
        };
        let sprite = sprite(scale, marker, fill).expect("a sprite");
        let rect = Rect::new(10.0, 12.0, 120.0, 80.0);
        let page = Pixmap::new(240, 170).expect("a pixmap");
        let (x0, y0, x1, y1) = pixel_clip(&page, scale, &rect);
        let mut out = vec![255.0f64; 240 * 170 * 4];
        let size = sprite.width() as i32;
        let rgba = [fill.r, fill.g, fill.b, 1.0].map(|v| v * 255.0);
        for p in centers {
            let (cx, cy) = snap_center(*p, scale);
            for (i, px) in sprite.data().chunks_exact(4).enumerate() {
                let a = f64::from(px[3]) / 255.0;
                let (x, y) = (
                    cx - size / 2 + i as i32 % size,
                    cy - size / 2 + i as i32 / size,
                );
                if a > 0.0 && x >= x0 && x < x1 && y >= y0 && y < y1 {
                    let d = (y as usize * 240 + x as usize) * 4;
                    for k in 0..4 {
                        out[d + k] = rgba[k] * a + out[d + k] * (1.0 - a);
                    }
                }
            }
        }
        out
    }

    /// The largest distance of any channel from the exact value, in levels.
    fn error(a: &Pixmap, exact: &[f64]) -> f64 {
        a.data()
            .iter()
            .zip(exact)
            .map(|(&v, e)| (f64::from(v) - e).abs())
            .fold(0.0, f64::max)
    }

    #[test]
    fn piled_up_markers_composite_closer_to_exact_than_one_by_one() {
        for fill in [
            Color::BLACK.with_alpha(0.5),
            Color::rgb(0.12, 0.47, 0.71).with_alpha(0.3),
        ] {
            let centers = cloud(200_000, 150.0, 110.0, 7);
            let reference = exact(&centers, fill);
            let (each, dense) = both(centers, fill);
            let (max, n) = difference(&each, &dense);
            let (e_each, e_dense) = (error(&each, &reference), error(&dense, &reference));
            let says = format!(
                "{fill:?}: {max} levels apart in {n} channels; from exact: \
                 one by one {e_each:.2}, from counts {e_dense:.2}"
            );
            // Counting rounds once: within a level of exact. One by one
            // rounds every layer, and drifts (7 levels for the blue here).
            assert!(e_dense <= 1.0, "{says}");
            assert!(e_dense <= e_each, "{says}");
        }
    }
}
