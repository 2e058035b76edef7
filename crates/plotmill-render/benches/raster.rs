//! Drawing anti-aliased shapes: a 640 x 480 page with five stroked lines
//! of a few hundred points each, zigzagging as daily temperatures do (the
//! line plot over dates), and six filled and outlined violin-like bodies:
//! `cargo bench -p plotmill-render --bench raster`. The page is drawn
//! without PNG encoding.

use plotmill_render::render_pixmap;
use plotmill_scene::{Cap, Color, Item, Join, Point, Scene, Stroke};
use plotmill_text::FontBook;

fn main() {
    divan::main();
}

/// A deterministic walk: `n` points across the page, each a random step
/// of up to ±21 pt from the last.
fn zigzag(n: usize, seed: u64) -> Vec<Point> {
    let mut state = seed;
    let mut y = 170.0;
    (0..n)
        .map(|i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let r = (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            y = f64::clamp(y + r * 43.0, 60.0, 290.0);
            Point::new(60.0 + i as f64 * 330.0 / n as f64, y)
        })
        .collect()
}

#[divan::bench]
fn stroked_lines(bencher: divan::Bencher) {
    let mut scene = Scene::new(460.8, 345.6, Some(Color::WHITE));
    let colors = [
        Color::rgb(0.12, 0.47, 0.71),
        Color::rgb(1.0, 0.5, 0.05),
        Color::rgb(0.17, 0.63, 0.17),
        Color::rgb(0.84, 0.15, 0.16),
        Color::rgb(0.58, 0.4, 0.74),
    ];
    for (k, (n, color)) in [330, 25, 260, 100, 50].into_iter().zip(colors).enumerate() {
        scene.push(Item::Line {
            points: zigzag(n, k as u64 + 1),
            stroke: Stroke { width: 1.5, color },
            cap: Cap::Projecting,
        });
    }
    let fonts = FontBook::new();
    bencher.bench(|| render_pixmap(&scene, &fonts, 100.0));
}

#[divan::bench]
fn outlined_bodies(bencher: divan::Bencher) {
    let mut scene = Scene::new(460.8, 345.6, Some(Color::WHITE));
    for k in 0..6 {
        let cx = 80.0 + 60.0 * k as f64;
        // A smooth body 100 points up each side.
        let side: Vec<(f64, f64)> = (0..100)
            .map(|i| {
                let t = i as f64 / 99.0;
                let y = 60.0 + 220.0 * t;
                let w = 22.0 * (std::f64::consts::PI * t).sin() * (1.0 + 0.3 * (9.0 * t).sin());
                (w, y)
            })
            .collect();
        let points = side
            .iter()
            .map(|&(w, y)| Point::new(cx + w, y))
            .chain(side.iter().rev().map(|&(w, y)| Point::new(cx - w, y)))
            .collect();
        scene.push(Item::Polygon {
            points,
            fill: Color::rgb(0.2, 0.45, 0.63),
            stroke: Some(Stroke {
                width: 1.25,
                color: Color::rgb(0.25, 0.25, 0.25),
            }),
            // seaborn's violins are collections: round joins.
            join: Join::Round,
        });
    }
    let fonts = FontBook::new();
    bencher.bench(|| render_pixmap(&scene, &fonts, 100.0));
}
