//! Raster output: tiny-skia pixels, PNG bytes.

mod coverage;
mod outline;
mod shape;
mod stroke;
mod text;

pub use crate::png::{Compression, encode_png};
/// The PNG encoder's error.
pub use png::EncodingError as PngError;

use plotmill_scene::{Item, Scene};
use plotmill_text::FontBook;
use tiny_skia::{Pixmap, Transform};

/// Options of raster output.
#[derive(Debug, Clone, PartialEq)]
pub struct RasterOptions {
    /// Pixels per inch. Default: 100, as matplotlib.
    pub dpi: f64,
    /// PNG compression. Default: [`Compression::Fast`].
    pub compression: Compression,
}

impl Default for RasterOptions {
    fn default() -> Self {
        RasterOptions {
            dpi: 100.0,
            compression: Compression::Fast,
        }
    }
}

/// The pixel size of `scene` at `dpi`: inches times dpi, truncated (as
/// matplotlib does), at least 1×1.
pub fn pixel_size(scene: &Scene, dpi: f64) -> (u32, u32) {
    let px = |pt: f64| ((pt / 72.0 * dpi) as u32).max(1);
    (px(scene.width), px(scene.height))
}

/// Draws `scene` into a new pixmap. `None` only if the pixel size is too
/// large to allocate (callers bound it before).
pub fn render_pixmap(scene: &Scene, fonts: &FontBook, dpi: f64) -> Option<Pixmap> {
    render_into(
        scene,
        fonts,
        dpi,
        Vec::new(),
        &mut coverage::Coverage::default(),
    )
}

/// Draws `scene` into a pixmap made from `buffer`'s memory (reused, not
/// reallocated, when it is large enough), filling shapes through `cov`'s
/// cells (likewise).
fn render_into(
    scene: &Scene,
    fonts: &FontBook,
    dpi: f64,
    mut buffer: Vec<u8>,
    cov: &mut coverage::Coverage,
) -> Option<Pixmap> {
    let (w, h) = pixel_size(scene, dpi);
    let size = tiny_skia::IntSize::from_wh(w, h)?;
    let len = (w as usize).checked_mul(h as usize)?.checked_mul(4)?;
    // The background is written once, not zeroed first and then filled.
    let pixel = match scene.background {
        Some(bg) => {
            let px = shape::color(bg).premultiply().to_color_u8();
            [px.red(), px.green(), px.blue(), px.alpha()]
        }
        None => [0; 4],
    };
    if pixel.iter().all(|&b| b == pixel[0]) {
        // One byte value (white, transparent): a plain fill.
        buffer.clear();
        buffer.resize(len, pixel[0]);
    } else {
        buffer.resize(len, 0);
        buffer.truncate(len);
        for px in buffer.chunks_exact_mut(4) {
            px.copy_from_slice(&pixel);
        }
    }
    let mut pixmap = Pixmap::from_vec(buffer, size)?;
    let scale = (dpi / 72.0) as f32;
    let ts = Transform::from_scale(scale, scale);
    // A strip coloured by a hue is many short runs of a few markers: each
    // is drawn once into a sprite, kept for the scene's later runs.
    let mut sprites = shape::Sprites::default();
    // While nothing but the background is drawn, an opaque fill of the
    // background's own colour (an axes' white patch on a white figure)
    // changes no pixel: it is passed over.
    let mut blank = scene.background.filter(|bg| bg.a >= 1.0);
    for item in &scene.items {
        if let (
            Some(bg),
            Item::Rect {
                fill: Some(f),
                stroke: None,
                ..
            },
        ) = (blank, item)
            && *f == bg
        {
            continue;
        }
        blank = None;
        match item {
            Item::Rect { rect, fill, stroke } => shape::rect(&mut pixmap, ts, rect, *fill, *stroke),
            Item::RoundRect {
                rect,
                radius,
                fill,
                stroke,
            } => shape::round_rect(&mut pixmap, ts, (rect, *radius), *fill, *stroke, cov),
            Item::Mesh { cells } => shape::mesh(&mut pixmap, dpi / 72.0, cells),
            Item::Line {
                points,
                stroke,
                cap,
            } => {
                shape::line(&mut pixmap, ts, points, (*stroke, *cap), cov);
            }
            Item::Polygon {
                points,
                fill,
                stroke,
                join,
            } => shape::polygon(&mut pixmap, ts, points, *fill, (*stroke, *join), cov),
            Item::Region { rings, fill } => {
                shape::region(&mut pixmap, ts, rings, *fill, cov);
            }
            Item::Markers {
                marker,
                fill,
                centers,
                clip,
            } => shape::markers(
                &mut pixmap,
                scale,
                *marker,
                *fill,
                centers,
                clip,
                &mut sprites,
            ),
            Item::Text(run) => text::run(&mut pixmap, ts, fonts, run, dpi),
        }
    }
    Some(pixmap)
}

/// Draws `scene` and encodes it as PNG into `out` (cleared first).
pub fn render_png(
    scene: &Scene,
    fonts: &FontBook,
    options: &RasterOptions,
    out: &mut Vec<u8>,
) -> Result<(), png::EncodingError> {
    Canvas::default().render_png(scene, fonts, options, out)
}

/// Reusable raster memory: the pixels, the cells shapes are filled
/// through, and the encoder's row buffer. A worker that draws chart after
/// chart keeps one, so drawing allocates nothing once it has seen its
/// largest chart; [`Canvas::shrink_to`] gives memory back after an
/// unusually large one.
#[derive(Debug, Default)]
pub struct Canvas {
    pixels: Vec<u8>,
    cov: coverage::Coverage,
    rows: Vec<u8>,
}

impl Canvas {
    /// Draws `scene` and encodes it as PNG into `out` (cleared first).
    pub fn render_png(
        &mut self,
        scene: &Scene,
        fonts: &FontBook,
        options: &RasterOptions,
        out: &mut Vec<u8>,
    ) -> Result<(), png::EncodingError> {
        let buffer = std::mem::take(&mut self.pixels);
        let raster = plotmill_stage::enter(plotmill_stage::Stage::Raster);
        let pixmap = render_into(scene, fonts, options.dpi, buffer, &mut self.cov)
            .ok_or(png::EncodingError::LimitsExceeded)?;
        drop(raster);
        let _encode = plotmill_stage::enter(plotmill_stage::Stage::Encode);
        out.clear();
        // Everything drawn over an opaque background stays opaque.
        let opaque = scene.background.map(|c| c.a >= 1.0);
        let result = crate::png::encode_png_with(
            &pixmap,
            opaque.filter(|&o| o),
            options.compression,
            options.dpi,
            &mut self.rows,
            out,
        );
        self.pixels = pixmap.take();
        result
    }

    /// Makes room for `bytes` of pixels without aborting when the system
    /// cannot give them: the pixel buffer is allocated here, once, and
    /// drawing then fills it in place.
    pub fn try_reserve_pixels(
        &mut self,
        bytes: u64,
    ) -> Result<(), std::collections::TryReserveError> {
        let bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
        let _stage = plotmill_stage::enter(plotmill_stage::Stage::Raster);
        self.pixels.clear();
        self.pixels.try_reserve_exact(bytes)
    }

    /// Bytes held for reuse.
    pub fn capacity(&self) -> usize {
        self.pixels.capacity() + self.cov.capacity() + self.rows.capacity()
    }

    /// Gives back memory beyond `bytes` per buffer, after a chart much
    /// larger than the usual.
    pub fn shrink_to(&mut self, bytes: usize) {
        self.pixels.clear();
        self.rows.clear();
        self.pixels.shrink_to(bytes);
        self.rows.shrink_to(bytes);
        self.cov.shrink_to(bytes);
    }
}

/// Each pixel's alpha, 0 to 1: how much of it the shapes drawn on a
/// transparent page cover.
#[cfg(test)]
fn alphas_of(pixmap: &Pixmap) -> Vec<f32> {
    pixmap
        .data()
        .chunks_exact(4)
        .map(|p| f32::from(p[3]) / 255.0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_scene::{Cap, Color, Join, Point, Rect, Stroke};

    fn scene(w: f64, h: f64, background: Option<Color>) -> Scene {
        let mut s = Scene::new(w, h, background);
        s.push(Item::Rect {
            rect: Rect::new(3.0, 4.0, w / 2.0, h / 3.0),
            fill: Some(Color::rgb(0.2, 0.4, 0.6).with_alpha(0.7)),
            stroke: Some(Stroke {
                width: 1.0,
                color: Color::BLACK,
            }),
        });
        // A sloped line and a triangle: filled through the canvas's cells.
        s.push(Item::Line {
            points: vec![
                Point::new(2.0, h - 2.0),
                Point::new(w / 3.0, 5.0),
                Point::new(w - 3.0, h / 2.0),
            ],
            stroke: Stroke {
                width: 1.5,
                color: Color::rgb(0.8, 0.1, 0.1),
            },
            cap: Cap::Butt,
        });
        s.push(Item::Polygon {
            points: vec![
                Point::new(w / 2.0, h / 2.0),
                Point::new(w - 1.0, h - 1.5),
                Point::new(w / 3.0, h - 4.0),
            ],
            fill: Color::rgb(0.1, 0.6, 0.3),
            stroke: None,
            join: Join::Miter,
        });
        s
    }

    #[test]
    fn a_reused_canvas_draws_what_a_fresh_one_draws() {
        let fonts = FontBook::new();
        let options = RasterOptions::default();
        let mut canvas = Canvas::default();
        // Large, then small, then transparent, then large again: each must
        // equal a fresh canvas's bytes whatever the buffers held before.
        let scenes = [
            scene(400.0, 300.0, Some(Color::WHITE)),
            scene(50.0, 40.0, Some(Color::rgb(0.9, 0.8, 0.1))),
            scene(60.0, 30.0, None),
            scene(400.0, 300.0, Some(Color::WHITE)),
        ];
        for s in &scenes {
            let (mut reused, mut fresh) = (Vec::new(), Vec::new());
            canvas.render_png(s, &fonts, &options, &mut reused).unwrap();
            render_png(s, &fonts, &options, &mut fresh).unwrap();
            assert_eq!(reused, fresh);
        }
        let big = canvas.capacity();
        assert!(big >= 555 * 416 * 4, "{big}");
        // Eleven buffers of at most 1000 bytes each: pixels, the
        // encoder's rows; a shape's cells, bits, edges and bands (two); a
        // round outline's corners; a line's coverage, touched pixels and
        // points.
        canvas.shrink_to(1000);
        assert!(canvas.capacity() <= 11 * 1000, "{}", canvas.capacity());
    }

    #[test]
    fn a_round_outline_rounds_its_corners_and_blends_each_pixel_once() {
        // An outlined square, 8 px wide in translucent black, unfilled: its
        // outer corner rounded when round (a collection's), square when
        // mitred (a patch's); where two sides and the corner's disc meet,
        // as grey as along a side.
        let draw = |join: Join| {
            let mut s = Scene::new(80.0, 80.0, Some(Color::WHITE));
            s.push(Item::Polygon {
                points: vec![
                    Point::new(20.0, 20.0),
                    Point::new(60.0, 20.0),
                    Point::new(60.0, 60.0),
                    Point::new(20.0, 60.0),
                ],
                fill: Color::TRANSPARENT,
                stroke: Some(Stroke {
                    width: 8.0,
                    color: Color::BLACK.with_alpha(0.5),
                }),
                join,
            });
            render_pixmap(&s, &FontBook::new(), 72.0).unwrap()
        };
        let (round, mitred) = (draw(Join::Round), draw(Join::Miter));
        let at = |p: &Pixmap, x: u32, y: u32| p.pixel(x, y).unwrap().red();
        // The pixel centred at (16.5, 16.5) is 4.95 px from the corner:
        // past the disc's 4, inside the mitre's square.
        assert_eq!(at(&round, 16, 16), 255);
        assert!((127..=128).contains(&at(&mitred, 16, 16)));
        let side = at(&round, 40, 21);
        assert!((127..=128).contains(&side), "{side}");
        for (x, y) in [(20, 20), (19, 21), (57, 59), (61, 61)] {
            assert_eq!(at(&round, x, y), side, "({x}, {y})");
        }
    }

    #[test]
    fn a_round_frame_is_a_plain_frame_but_at_its_corners() {
        // A legend's frame at 100 dpi (a 1 pt edge, 1.39 px, snapped to
        // pixel centres), both translucent, drawn with square and with
        // round corners 2 pt out.
        let draw = |radius: Option<f64>| {
            let (rect, fill) = (
                Rect::new(20.3, 10.6, 60.2, 40.1),
                Some(Color::WHITE.with_alpha(0.8)),
            );
            let stroke = Some(Stroke {
                width: 1.0,
                color: Color::rgb(0.8, 0.8, 0.8).with_alpha(0.8),
            });
            let mut s = Scene::new(100.0, 70.0, Some(Color::rgb(0.2, 0.3, 0.4)));
            s.push(match radius {
                Some(radius) => Item::RoundRect {
                    rect,
                    radius,
                    fill,
                    stroke,
                },
                None => Item::Rect { rect, fill, stroke },
            });
            render_pixmap(&s, &FontBook::new(), 100.0).unwrap()
        };
        let (square, round) = (draw(None), draw(Some(2.0)));
        let (w, h) = (square.width(), square.height());
        // The frame's snapped corners, in pixels: (28.5, 15.5) to
        // (112.5, 70.5); a corner's curve reaches 3 px along each side.
        let near_corner = |x: u32, y: u32| {
            let near = |v: u32, ends: [u32; 2]| ends.iter().any(|&e| v.abs_diff(e) <= 4);
            near(x, [28, 112]) && near(y, [15, 70])
        };
        let mut corner_pixels_differ = 0;
        for y in 0..h {
            for x in 0..w {
                let (a, b) = (square.pixel(x, y).unwrap(), round.pixel(x, y).unwrap());
                if near_corner(x, y) {
                    corner_pixels_differ += usize::from(a != b);
                } else {
                    assert_eq!(a, b, "({x}, {y}) is not near a corner");
                }
            }
        }
        assert!(corner_pixels_differ >= 4 * 3, "{corner_pixels_differ}");
        // The square frame's corner pixel is edged; the round frame's is
        // nearly the background, the curve passing a pixel inside it (as
        // in matplotlib's legend, 249 on white there).
        let red = |p: &Pixmap, x: u32, y: u32| i32::from(p.pixel(x, y).unwrap().red());
        let bg = red(&square, 2, 2);
        let (off_square, off_round) = (red(&square, 28, 15) - bg, red(&round, 28, 15) - bg);
        assert!(
            off_round.abs() * 4 < off_square.abs(),
            "{off_round} {off_square}"
        );
        // The sides of the two are the same pixels, edge and face.
        assert_eq!(round.pixel(60, 15).unwrap(), square.pixel(60, 15).unwrap());
        assert_eq!(round.pixel(60, 40).unwrap(), square.pixel(60, 40).unwrap());
    }

    /// A black line through `points`, `width` wide with `cap` ends, on a
    /// page of `size` points at 72 dpi (a point a pixel).
    fn black_line(
        size: (f64, f64),
        background: Option<Color>,
        points: &[Point],
        (width, cap): (f64, Cap),
    ) -> Pixmap {
        let mut s = Scene::new(size.0, size.1, background);
        s.push(Item::Line {
            points: points.to_vec(),
            stroke: Stroke {
                width,
                color: Color::BLACK,
            },
            cap,
        });
        render_pixmap(&s, &FontBook::new(), 72.0).unwrap()
    }

    #[test]
    fn projecting_ends_are_added_past_the_snapped_end_points() {
        // At 72 dpi a point is a pixel. A level line 3 wide snaps its ends
        // to pixel centres (10.2 to 10.5, 30.2 to 30.5), as Agg does; a
        // butt end stops there, half across a pixel, and a projecting one
        // 1.5 further, on a pixel edge.
        let draw = |cap: Cap| {
            let level = [Point::new(10.2, 10.0), Point::new(30.2, 10.0)];
            let p = black_line((40.0, 20.0), Some(Color::WHITE), &level, (3.0, cap));
            (0..40)
                .map(|x| 255 - p.pixel(x, 10).unwrap().red())
                .collect::<Vec<u8>>()
        };
        let (butt, square) = (draw(Cap::Butt), draw(Cap::Projecting));
        assert_eq!((butt[9], butt[10], butt[11]), (0, 128, 255), "{butt:?}");
        assert_eq!((butt[29], butt[30], butt[31]), (255, 128, 0), "{butt:?}");
        assert_eq!(
            (square[8], square[9], square[31], square[32]),
            (0, 255, 255, 0)
        );
        // A sloped line's projecting ends add the width times itself to
        // its area: half the width past each end.
        let ink = |cap: Cap| {
            let sloped = [Point::new(10.0, 10.0), Point::new(40.0, 50.0)];
            let p = black_line((60.0, 60.0), None, &sloped, (2.0, cap));
            alphas_of(&p).iter().sum::<f32>()
        };
        let (butt, square) = (ink(Cap::Butt), ink(Cap::Projecting));
        assert!((butt - 50.0 * 2.0).abs() < 1.0, "{butt}");
        assert!((square - 52.0 * 2.0).abs() < 1.0, "{square}");
    }

    #[test]
    fn a_step_outline_joins_round_at_its_corners() {
        // Up 10, across 10, at 72 dpi: 3 px wide, its points snapped to
        // pixel centres. The outer corner's pixel, beyond both segments'
        // boxes, is inked by the round join (as Agg's); inside, the line.
        let step = [
            Point::new(5.0, 20.0),
            Point::new(5.0, 10.0),
            Point::new(15.0, 10.0),
        ];
        let p = black_line((30.0, 30.0), Some(Color::WHITE), &step, (3.0, Cap::Butt));
        let ink = |x: u32, y: u32| 255 - p.pixel(x, y).unwrap().red();
        // Snapped to 5.5 and 10.5: the upright spans x 4..7, the level one
        // y 9..12; the corner pixel (4, 9) is outside both.
        assert_eq!((ink(5, 15), ink(10, 10)), (255, 255));
        let corner = ink(4, 9);
        assert!((100..255).contains(&corner), "{corner}");
        assert_eq!(ink(3, 9), 0);
    }

    #[test]
    fn a_round_frame_edged_zero_wide_has_no_edge() {
        let draw = |stroke: Option<Stroke>| {
            let mut s = Scene::new(60.0, 40.0, Some(Color::WHITE));
            s.push(Item::RoundRect {
                rect: Rect::new(10.0, 10.0, 30.0, 20.0),
                radius: 3.0,
                fill: Some(Color::rgb(0.2, 0.4, 0.6)),
                stroke,
            });
            render_pixmap(&s, &FontBook::new(), 100.0).unwrap()
        };
        let none = draw(None);
        for width in [0.0, -1.0, f64::NAN] {
            let edged = draw(Some(Stroke {
                width,
                color: Color::BLACK,
            }));
            assert_eq!(edged.data(), none.data(), "{width}");
        }
        // The face alone: no black pixel anywhere.
        assert!(none.data().chunks(4).all(|p| p[0] > 40));
    }

    #[test]
    fn a_round_outline_far_past_the_page_is_still_drawn() {
        // Too wide to fill by cells (a hundred pages): tiny-skia's stroker
        // outlines it, round joined, and its visible sides are drawn.
        let mut s = Scene::new(100.0, 80.0, Some(Color::WHITE));
        s.push(Item::Polygon {
            points: vec![
                Point::new(-5000.0, 20.0),
                Point::new(5000.0, 20.0),
                Point::new(50.0, 60.0),
            ],
            fill: Color::TRANSPARENT,
            stroke: Some(Stroke {
                width: 2.0,
                color: Color::BLACK,
            }),
            join: Join::Round,
        });
        let pixmap = render_pixmap(&s, &FontBook::new(), 72.0).unwrap();
        let at = |x: u32, y: u32| pixmap.pixel(x, y).unwrap().red();
        for x in [0, 50, 99] {
            assert_eq!(at(x, 19), 0, "the long side at x {x}");
            assert_eq!(at(x, 40), 255, "inside at x {x}");
        }
    }

    #[test]
    fn a_polygon_fills_its_inside_and_nothing_else() {
        // A triangle over the left half of a 72 x 72 pt page at 72 dpi.
        let mut s = Scene::new(72.0, 72.0, Some(Color::WHITE));
        s.push(Item::Polygon {
            points: vec![
                Point::new(0.0, 0.0),
                Point::new(36.0, 36.0),
                Point::new(0.0, 72.0),
            ],
            fill: Color::BLACK,
            stroke: None,
            join: Join::Miter,
        });
        let fonts = FontBook::new();
        let pixmap = render_pixmap(&s, &fonts, 72.0).unwrap();
        let at = |x: u32, y: u32| pixmap.pixel(x, y).unwrap().red();
        assert_eq!(at(5, 36), 0, "inside");
        assert_eq!(at(60, 36), 255, "outside, right");
        assert_eq!(at(30, 5), 255, "outside, above the slope");
        // The slope is anti-aliased: a pixel it halves is grey.
        let edge = at(20, 20);
        assert!(edge > 60 && edge < 200, "{edge}");
    }
}
