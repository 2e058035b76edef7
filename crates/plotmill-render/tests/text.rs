//! Text drawn as matplotlib's Agg backend draws it: labels at sizes 8 to
//! 14 pt, across and up the page, at 72, 100 and 150 dpi, against the
//! pixels matplotlib drew for the same labels at the same baseline origins
//! (`tests/fixtures/text-<dpi>.png`, made by
//! `scripts/make_glyph_fixtures.py`).

use plotmill_render::render_pixmap;
use plotmill_scene::{Color, Item, Point, Scene, TextRun};
use plotmill_text::FontBook;

/// One label of `fixtures/text.tsv`: text, size in points, baseline origin
/// in pixels (y down), angle.
struct Label {
    text: String,
    size: f64,
    x: f64,
    y: f64,
    angle: f64,
}

fn labels() -> Vec<Label> {
    include_str!("fixtures/text.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let num = |i: usize| f[i].parse::<f64>().expect("a number");
            Label {
                text: f[0].to_owned(),
                size: num(1),
                x: num(2),
                y: num(3),
                angle: num(4),
            }
        })
        .collect()
}

/// The fixture's grey pixels (8-bit, one channel) and its size.
fn fixture(dpi: u32) -> (u32, u32, Vec<u8>) {
    let path = format!(
        "{}/tests/fixtures/text-{dpi}.png",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::File::open(&path).expect("the fixture");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut grey = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut grey).expect("its pixels");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    grey.truncate(info.buffer_size());
    (info.width, info.height, grey)
}

/// plotmill's drawing of the labels, grey (the red channel), at `dpi`.
fn drawn(fonts: &FontBook, (width, height): (u32, u32), dpi: f64) -> Vec<u8> {
    let pt = 72.0 / dpi;
    // Half a pixel more, so that the page is `width` pixels however the
    // division rounds.
    let mut scene = Scene::new(
        (f64::from(width) + 0.5) * pt,
        (f64::from(height) + 0.5) * pt,
        Some(Color::WHITE),
    );
    for label in labels() {
        let shaped = fonts.shape_hinted(&label.text, label.size, dpi);
        assert_eq!(shaped.runs.len(), 1, "{}: one font", label.text);
        scene.items.push(Item::Text(TextRun {
            text: label.text.clone(),
            font: shaped.runs[0].font,
            size: label.size,
            origin: Point {
                x: label.x * pt,
                y: label.y * pt,
            },
            angle: label.angle,
            color: Color::BLACK,
            glyphs: shaped.runs[0].glyphs.clone(),
            width: shaped.advance,
        }));
    }
    let pixmap = render_pixmap(&scene, fonts, dpi).expect("a page");
    assert_eq!((pixmap.width(), pixmap.height()), (width, height));
    pixmap.data().chunks_exact(4).map(|p| p[0]).collect()
}

#[test]
fn labels_are_drawn_as_matplotlib_draws_them() {
    let fonts = FontBook::new();
    for dpi in [72, 100, 150] {
        let (width, height, want) = fixture(dpi);
        let got = drawn(&fonts, (width, height), f64::from(dpi));
        let diffs: Vec<u32> = got
            .iter()
            .zip(&want)
            .map(|(a, b)| u32::from(a.abs_diff(*b)))
            .collect();
        let ink = want.iter().filter(|&&g| g < 255).count();
        let total: u32 = diffs.iter().sum();
        let mean = f64::from(total) / ink as f64;
        let max = diffs.iter().max().copied().unwrap_or(0);
        // Measured: 0.75 to 1.42 levels (of 255) a pixel of ink, at most
        // 21 anywhere. The same glyphs placed to a quarter pixel miss by
        // 15 levels a pixel at 72 dpi; unhinted outlines by 32, and by up
        // to 255.
        assert!(
            mean < 2.0,
            "{dpi} dpi: {mean:.3} levels a pixel of ink from matplotlib's"
        );
        assert!(
            max <= 32,
            "{dpi} dpi: a pixel {max} levels from matplotlib's"
        );
    }
}
