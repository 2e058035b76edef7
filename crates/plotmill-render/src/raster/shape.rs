//! Rectangles, lines and markers.

use plotmill_scene::{Color, Marker, Point, Rect, Stroke};
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Transform};

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
        pixmap.fill_rect(sk, &paint(f), ts, None);
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
    let data = pixmap.data_mut();
    let cover =
        |lo: f32, hi: f32, px: i64| (hi.min(px as f32 + 1.0) - lo.max(px as f32)).clamp(0.0, 1.0);
    let (x0, x1) = (l.floor() as i64, r.ceil() as i64);
    // Column coverage once per box, in 0..=255 times the color's alpha.
    let cols: Vec<f32> = (x0..x1).map(|x| cover(l, r, x) * f32::from(ca)).collect();
    for y in (t.floor() as i64)..(b.ceil() as i64) {
        let cy = cover(t, b, y);
        let row = &mut data[((y * pw + x0) * 4) as usize..((y * pw + x1) * 4) as usize];
        for (px, &cx) in row.chunks_exact_mut(4).zip(&cols) {
            let a = (cy * cx + 0.5) as u32;
            if a == 0 {
                continue;
            }
            if a == 255 {
                px.copy_from_slice(&[cr, cg, cb, 255]);
                continue;
            }
            let inv = 255 - a;
            let mix =
                |src: u8, dst: u8| ((u32::from(src) * a + u32::from(dst) * inv + 127) / 255) as u8;
            px[0] = mix(cr, px[0]);
            px[1] = mix(cg, px[1]);
            px[2] = mix(cb, px[2]);
            px[3] = ((a * 255 + u32::from(px[3]) * inv + 127) / 255) as u8;
        }
    }
}

pub(super) fn line(pixmap: &mut Pixmap, ts: Transform, points: &[Point], stroke: Stroke) {
    let scale = ts.sx;
    let width = stroke.width as f32 * scale;
    // Horizontal and vertical segments (ticks, grid lines) are snapped to the
    // pixel grid, as Agg does, and filled as boxes; others are stroked.
    let rectilinear = points
        .windows(2)
        .all(|w| w[0].x == w[1].x || w[0].y == w[1].y);
    if rectilinear {
        let h = width / 2.0;
        for seg in points.windows(2) {
            let (x0, y0) = (
                snap(seg[0].x as f32 * scale, width),
                snap(seg[0].y as f32 * scale, width),
            );
            let (x1, y1) = (
                snap(seg[1].x as f32 * scale, width),
                snap(seg[1].y as f32 * scale, width),
            );
            let (l, r) = (x0.min(x1), x0.max(x1));
            let (t, b) = (y0.min(y1), y0.max(y1));
            // Butt caps: a segment ends where it ends, widened across only.
            if t == b {
                fill_box(pixmap, l, t - h, r, b + h, stroke.color);
            } else {
                fill_box(pixmap, l - h, t, r + h, b, stroke.color);
            }
        }
        return;
    }
    let mut pb = PathBuilder::new();
    for (i, p) in points.iter().enumerate() {
        let (x, y) = (p.x as f32 * scale, p.y as f32 * scale);
        if i == 0 {
            pb.move_to(x, y);
        } else {
            pb.line_to(x, y);
        }
    }
    if let Some(path) = pb.finish() {
        let style = tiny_skia::Stroke {
            width,
            ..stroke_style(stroke)
        };
        pixmap.stroke_path(
            &path,
            &paint(stroke.color),
            &style,
            Transform::identity(),
            None,
        );
    }
}

/// Draws the marker once into a small sprite, then copies the sprite to
/// every center (rounded to whole pixels, as Agg snaps markers).
pub(super) fn markers(
    pixmap: &mut Pixmap,
    scale: f32,
    marker: Marker,
    fill: Color,
    centers: &[Point],
    clip: &Rect,
) {
    let Marker::Circle { radius, edge } = marker;
    let r = radius as f32 * scale;
    let e = edge as f32 * scale;
    // An even size puts the sprite's center on a pixel corner, where Agg
    // puts a marker's center (it rounds centers to whole pixels).
    let size = ((2.0 * r + e).ceil() as u32 + 2).next_multiple_of(2);
    let Some(mut sprite) = Pixmap::new(size, size) else {
        return;
    };
    let c = size as f32 / 2.0;
    if let Some(path) = PathBuilder::from_circle(c, c, r) {
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
                ..tiny_skia::Stroke::default()
            };
            sprite.stroke_path(&path, &paint(fill), &stroke, Transform::identity(), None);
        }
    }
    // The clip in whole pixels (Agg clips to the axes box, snapped).
    let (x0, y0) = (
        (clip.x as f32 * scale).round() as i32,
        (clip.y as f32 * scale).round() as i32,
    );
    let (x1, y1) = (
        (clip.right() as f32 * scale).round() as i32,
        (clip.bottom() as f32 * scale).round() as i32,
    );
    let half = (size / 2) as f32;
    for p in centers {
        // Centers on whole pixels, as Agg puts marker centers.
        let x = (p.x as f32 * scale).round() as i32 - half as i32;
        let y = (p.y as f32 * scale).round() as i32 - half as i32;
        blend_sprite(pixmap, &sprite, x, y, (x0, y0, x1, y1));
    }
}

/// Source-over of a premultiplied sprite at (x, y), only inside `clip`
/// (left, top, right, bottom in pixels).
fn blend_sprite(pixmap: &mut Pixmap, sprite: &Pixmap, x: i32, y: i32, clip: (i32, i32, i32, i32)) {
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let (cx0, cy0) = (clip.0.max(0), clip.1.max(0));
    let (cx1, cy1) = (clip.2.min(pw), clip.3.min(ph));
    let sw = sprite.width() as i32;
    let src = sprite.data();
    let dst = pixmap.data_mut();
    for row in 0..sprite.height() as i32 {
        let ty = y + row;
        if ty < cy0 || ty >= cy1 {
            continue;
        }
        for col in 0..sw {
            let tx = x + col;
            if tx < cx0 || tx >= cx1 {
                continue;
            }
            let s = ((row * sw + col) * 4) as usize;
            let sa = u32::from(src[s + 3]);
            if sa == 0 {
                continue;
            }
            let d = ((ty * pw + tx) * 4) as usize;
            let inv = 255 - sa;
            for k in 0..4 {
                dst[d + k] = (u32::from(src[s + k]) + (u32::from(dst[d + k]) * inv + 127) / 255)
                    .min(255) as u8;
            }
        }
    }
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
