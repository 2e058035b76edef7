use plotmill_scene::{Centers, Point, Rect, Shape};

use super::*;

fn label(fonts: &FontBook, text: &str, at: Point, angle: f64) -> Vec<Item> {
    let shaped = fonts.shape(text, 10.0);
    shaped
        .runs
        .into_iter()
        .enumerate()
        .map(|(i, run)| {
            Item::Text(TextRun {
                text: if i == 0 {
                    text.to_owned()
                } else {
                    String::new()
                },
                font: run.font,
                size: 10.0,
                origin: at,
                angle,
                color: Color::BLACK,
                glyphs: run.glyphs,
                width: shaped.advance,
            })
        })
        .collect()
}

fn scene(fonts: &FontBook) -> Scene {
    let mut s = Scene::new(200.0, 100.0, Some(Color::WHITE));
    s.push(Item::Rect {
        rect: Rect::new(10.0, 10.0, 50.0, 20.0),
        fill: Some(Color::rgba(1.0, 0.0, 0.0, 0.5)),
        stroke: Some(Stroke {
            width: 1.0,
            color: Color::BLACK,
        }),
    });
    s.push(Item::Markers {
        marker: Marker::of(Shape::Square, 4.0, 0.5, None),
        fill: Color::BLACK,
        centers: Centers::Points(vec![Point::new(20.0, 50.0), Point::new(40.0, 60.0)]),
        clip: Rect::new(0.0, 0.0, 200.0, 100.0),
    });
    for item in label(fonts, "AVA Tokyo", Point::new(10.0, 90.0), 0.0) {
        s.push(item);
    }
    s
}

/// Every stream of the file, inflated.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = find(&pdf[at..], b"stream\n") {
        let start = at + i + b"stream\n".len();
        let end = start + find(&pdf[start..], b"\nendstream").expect("endstream");
        if let Ok(raw) = miniz_oxide::inflate::decompress_to_vec_zlib(&pdf[start..end]) {
            out.push(raw);
        }
        at = end + b"\nendstream".len();
    }
    out
}

/// The first stream (inflated, as text) holding `needle`.
fn stream_with(pdf: &[u8], needle: &str) -> String {
    streams(pdf)
        .into_iter()
        .map(|s| String::from_utf8_lossy(&s).into_owned())
        .find(|s| s.contains(needle))
        .unwrap_or_else(|| panic!("no stream holds {needle:?}"))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_page_is_the_figure_in_points_and_the_same_bytes_every_time() {
    let fonts = FontBook::new();
    let s = scene(&fonts);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    render_pdf(&s, &fonts, &mut a).unwrap();
    render_pdf(&s, &fonts, &mut b).unwrap();
    assert_eq!(a, b);
    assert!(a.starts_with(b"%PDF-1.7\n"));
    assert!(a.ends_with(b"%%EOF\n"));
    let text = String::from_utf8_lossy(&a);
    assert!(text.contains("/MediaBox[0 0 200 100]"), "{text}");
    // The subset's name is six capitals and the PostScript name.
    assert!(text.contains("+DejaVuSans/Encoding/Identity-H"), "{text}");
}

#[test]
fn text_is_glyphs_of_an_embedded_subset_with_a_unicode_map_and_kerning() {
    let fonts = FontBook::new();
    let mut pdf = Vec::new();
    render_pdf(&scene(&fonts), &fonts, &mut pdf).unwrap();
    let inflated = streams(&pdf);
    let content = inflated
        .iter()
        .find(|s| find(s, b"BT").is_some())
        .expect("a content stream with text");
    let content = String::from_utf8_lossy(content);
    // Glyphs renumbered in order of use: A=1, V=2, A=1, space=3, T=4, ...;
    // the pairs A-V and V-A are kerned (DejaVu Sans moves them closer), so
    // TJ carries positive adjustments between them.
    let tj = &content[content.find('[').unwrap()..content.find("TJ").unwrap()];
    assert!(tj.starts_with(r"[(\000\001)"), "{tj}");
    assert!(tj.contains(r"(\000\002)"), "{tj}");
    // The numbers between the strings.
    let numbers: Vec<f64> = tj
        .split(['(', ')', '[', ']'])
        .filter_map(|t| t.trim().parse().ok())
        .collect();
    assert!(
        numbers.len() >= 2 && numbers.iter().all(|&v| v > 30.0),
        "{tj}: {numbers:?}"
    );
    // The map from glyphs back to characters.
    let cmap = inflated
        .iter()
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .find(|s| s.contains("beginbfchar") || s.contains("beginbfrange"))
        .expect("a ToUnicode map");
    for pair in [
        "<0001> <0041>",
        "<0002> <0056>",
        "<0003> <0020>",
        "<0004> <0054>",
    ] {
        assert!(cmap.contains(pair), "{pair} in {cmap}");
    }
    // The font program: a TrueType subset holding the used glyphs only,
    // far smaller than DejaVu Sans' 757 KB.
    let text = String::from_utf8_lossy(&pdf);
    let at = text.find("/Length1 ").expect("a FontFile2") + "/Length1 ".len();
    assert!(text.contains("/FontFile2 "), "{text}");
    let length: usize = text[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1_000..40_000).contains(&length), "{length}");
}

#[test]
fn markers_are_one_form_drawn_at_every_centre() {
    let fonts = FontBook::new();
    let mut pdf = Vec::new();
    render_pdf(&scene(&fonts), &fonts, &mut pdf).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!(text.matches("/Subtype/Form").count(), 1, "{text}");
    let content = stream_with(&pdf, "Do");
    // y runs up from the bottom: 100 − 50 and 100 − 60.
    assert!(content.contains("q 1 0 0 1 20 50 cm/M0 Do\nQ"), "{content}");
    assert!(content.contains("q 1 0 0 1 40 40 cm/M0 Do\nQ"), "{content}");
    // The half-transparent fill goes through a graphics state.
    assert!(content.contains("/G128_255 gs"), "{content}");
    assert!(text.contains("/ca 0.5"), "{text}");
}

#[test]
fn pages_are_ordered_by_bookmark_with_an_outline_entry_each() {
    let fonts = FontBook::new();
    let mut w = PdfWriter::new(Vec::new()).unwrap();
    w.order_by_bookmark();
    for key in ["b", "c", "a"] {
        let mut s = Scene::new(100.0, 50.0, None);
        for item in label(&fonts, key, Point::new(5.0, 20.0), 90.0) {
            s.push(item);
        }
        w.page(&s, &fonts, Some(Bookmark { key, title: key }))
            .unwrap();
    }
    assert_eq!(w.len(), 3);
    let pdf = w.finish().unwrap();
    let text = String::from_utf8_lossy(&pdf);
    // Three pages in one tree, one font for all of them.
    assert!(text.contains("/Type/Pages"), "{text}");
    assert!(text.contains("/Count 3"), "{text}");
    assert_eq!(
        text.matches("/Type/Font/Subtype/Type0").count(),
        1,
        "{text}"
    );
    // The outline's entries, in key order.
    let (a, b, c) = (
        text.find("/Title(a)").unwrap(),
        text.find("/Title(b)").unwrap(),
        text.find("/Title(c)").unwrap(),
    );
    assert!(a < b && b < c, "{text}");
    assert!(text.contains("/PageMode/UseOutlines"), "{text}");
    // The kids follow the keys: the page added third (a) comes first.
    let kids = &text[text.find("/Kids[").unwrap()..];
    let kids: Vec<&str> = kids["/Kids[".len()..kids.find(']').unwrap()]
        .split(" 0 R")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let page_ids: Vec<&str> = text
        .match_indices("/Type/Page/")
        .map(|(i, _)| {
            let head = &text[..i];
            let obj = head.rfind(" 0 obj").unwrap();
            let start = head[..obj].rfind('\n').map_or(0, |n| n + 1);
            &text[start..obj]
        })
        .collect();
    assert_eq!(page_ids.len(), 3, "{text}");
    let mut added = page_ids.clone();
    added.sort_by_key(|id| id.parse::<u32>().unwrap());
    assert_eq!(kids, vec![added[2], added[0], added[1]]);
}

#[test]
fn dates_from_source_date_epoch() {
    assert_eq!(civil(0), Some((1970, 1, 1, 0, 0, 0)));
    assert_eq!(civil(1_700_000_000), Some((2023, 11, 14, 22, 13, 20)));
    assert_eq!(civil(951_782_400), Some((2000, 2, 29, 0, 0, 0)));
    assert_eq!(civil(-1), Some((1969, 12, 31, 23, 59, 59)));
    assert_eq!(civil(i64::MAX / 2), None);
}

#[test]
fn a_colorbar_strip_is_an_image_of_a_pixel_per_cell_and_a_heatmap_stays_vector() {
    let fonts = FontBook::new();
    let strip = |n: usize| {
        let mut s = Scene::new(100.0, 200.0, None);
        // From the bottom up, as a colorbar's cells run: cell k is grey k.
        let cells = (0..n)
            .map(|k| {
                let y = 180.0 - (k as f64 + 1.0) * 2.0;
                let v = k as f64 / 255.0;
                (Rect::new(10.0, y, 5.0, 2.0), Color::rgb(v, v, v))
            })
            .collect();
        s.push(Item::Mesh { cells });
        let mut pdf = Vec::new();
        render_pdf(&s, &fonts, &mut pdf).unwrap();
        pdf
    };
    let pdf = strip(60);
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/Subtype/Image/Width 1/Height 60"), "{text}");
    assert!(text.contains("/Interpolate false"), "{text}");
    let inflated = streams(&pdf);
    // Rows from the top: the last cell (grey 59) first.
    let samples = inflated
        .iter()
        .find(|s| s.len() == 180)
        .expect("60 RGB samples");
    assert_eq!(&samples[..3], &[59, 59, 59]);
    assert_eq!(&samples[177..], &[0, 0, 0]);
    // Placed over the strip's bounds: 5 × 120 points from (10, 200 − 180).
    let content = inflated
        .iter()
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .find(|s| s.contains("/I0 Do"))
        .expect("the page's content");
    assert!(content.contains("5 0 0 120 10 20 cm/I0 Do"), "{content}");
    // Fewer cells than matplotlib rasterises: vector cells.
    let text = String::from_utf8_lossy(&strip(49)).into_owned();
    assert!(!text.contains("/Subtype/Image"), "{text}");
}

#[test]
fn opaque_cells_reach_under_their_neighbours_but_not_past_the_mesh() {
    let fonts = FontBook::new();
    let mut s = Scene::new(100.0, 100.0, None);
    // Two columns, two rows of 10-point cells from (10, 10).
    let red = Color::rgb(1.0, 0.0, 0.0);
    let blue = Color::rgb(0.0, 0.0, 1.0);
    s.push(Item::Mesh {
        cells: vec![
            (Rect::new(10.0, 10.0, 10.0, 10.0), red),
            (Rect::new(20.0, 10.0, 10.0, 10.0), blue),
            (Rect::new(10.0, 20.0, 10.0, 10.0), blue),
            (Rect::new(20.0, 20.0, 10.0, 10.0), red),
        ],
    });
    let mut pdf = Vec::new();
    render_pdf(&s, &fonts, &mut pdf).unwrap();
    let content = stream_with(&pdf, " re");
    // The top-left cell reaches 0.25 under both neighbours (y up: its
    // bottom edge moves from 80 to 79.75); the bottom-right one not at all.
    assert!(content.contains("10 79.75 10.25 10.25 re"), "{content}");
    assert!(content.contains("20 70 10 10 re"), "{content}");
    // The top-right reaches down only, the bottom-left right only.
    assert!(content.contains("20 79.75 10 10.25 re"), "{content}");
    assert!(content.contains("10 70 10.25 10 re"), "{content}");
    // Translucent cells would double up where they overlap: left as they are.
    let mut s = Scene::new(100.0, 100.0, None);
    s.push(Item::Mesh {
        cells: vec![
            (Rect::new(10.0, 10.0, 10.0, 10.0), red.with_alpha(0.5)),
            (Rect::new(20.0, 10.0, 10.0, 10.0), blue),
        ],
    });
    let mut pdf = Vec::new();
    render_pdf(&s, &fonts, &mut pdf).unwrap();
    let content = stream_with(&pdf, " re");
    assert!(content.contains("10 80 10 10 re"), "{content}");
}

#[test]
fn the_font_subset_cache_stays_within_its_bound() {
    let fonts = FontBook::new();
    // 100 pages of one letter each: 100 different subsets of DejaVu Sans.
    for c in ('\u{100}'..).take(100) {
        let mut s = Scene::new(50.0, 50.0, None);
        for item in label(&fonts, &c.to_string(), Point::new(5.0, 20.0), 0.0) {
            s.push(item);
        }
        let mut pdf = Vec::new();
        render_pdf(&s, &fonts, &mut pdf).unwrap();
        assert!(font::cached_subsets() <= 64, "{}", font::cached_subsets());
    }
    assert_eq!(font::cached_subsets(), 64);
}

#[test]
fn lines_join_round_and_outlines_mitred_as_the_png_draws_them() {
    // A line, then a framed box, then a line again: the join style is set
    // to round for each line and back to mitred for the box's frame.
    let mut s = Scene::new(100.0, 100.0, Some(Color::WHITE));
    let line = Item::Line {
        points: vec![
            Point::new(10.0, 10.0),
            Point::new(50.0, 80.0),
            Point::new(90.0, 10.0),
        ],
        stroke: Stroke {
            width: 1.5,
            color: Color::BLACK,
        },
        cap: Cap::Butt,
    };
    s.push(line.clone());
    s.push(Item::Rect {
        rect: Rect::new(20.0, 20.0, 30.0, 30.0),
        fill: None,
        stroke: Some(Stroke {
            width: 1.0,
            color: Color::BLACK,
        }),
    });
    s.push(line);
    let fonts = FontBook::new();
    let mut pdf = Vec::new();
    render_pdf(&s, &fonts, &mut pdf).unwrap();
    // The box at y 100 − 50 (the page's y runs up).
    let content = stream_with(&pdf, "20 50 30 30 re");
    let round = content.find("1 j").expect("a round join");
    let rect = content.find("20 50 30 30 re").expect("the box");
    let mitred = content.find("0 j").expect("a mitred join");
    assert!(round < rect && rect > mitred && mitred > round, "{content}");
    assert_eq!(content.matches("1 j").count(), 2, "{content}");
}

#[test]
fn a_line_ends_as_its_scene_says() {
    // A projecting line, a butt one, then a projecting one again: the cap
    // is set to 2 for the first, back to PDF's default 0 for the second,
    // and to 2 again.
    let mut s = Scene::new(100.0, 100.0, Some(Color::WHITE));
    for (y, cap) in [
        (10.0, Cap::Projecting),
        (20.0, Cap::Butt),
        (30.0, Cap::Projecting),
    ] {
        s.push(Item::Line {
            points: vec![Point::new(10.0, y), Point::new(90.0, y)],
            stroke: Stroke {
                width: 1.5,
                color: Color::BLACK,
            },
            cap,
        });
    }
    let fonts = FontBook::new();
    let mut pdf = Vec::new();
    render_pdf(&s, &fonts, &mut pdf).unwrap();
    let content = stream_with(&pdf, "1 j");
    let caps: Vec<&str> = content
        .split_whitespace()
        .zip(content.split_whitespace().skip(1))
        .filter(|&(_, op)| op == "J")
        .map(|(v, _)| v)
        .collect();
    assert_eq!(caps, ["2", "0", "2"], "{content}");
}

#[test]
fn a_polygon_outline_joins_as_its_scene_says() {
    // A violin's body (a collection: round), then a notched box (a patch:
    // mitred), each outlined.
    let mut s = Scene::new(100.0, 100.0, Some(Color::WHITE));
    for (x, join) in [(10.0, Join::Round), (60.0, Join::Miter)] {
        s.push(Item::Polygon {
            points: vec![
                Point::new(x, 10.0),
                Point::new(x + 30.0, 10.0),
                Point::new(x + 15.0, 90.0),
            ],
            fill: Color::rgb(0.2, 0.4, 0.6),
            stroke: Some(Stroke {
                width: 1.25,
                color: Color::BLACK,
            }),
            join,
        });
    }
    let fonts = FontBook::new();
    let mut pdf = Vec::new();
    render_pdf(&s, &fonts, &mut pdf).unwrap();
    let content = stream_with(&pdf, "10 90 m");
    let round = content.find("1 j").expect("a round join");
    let first = content.find("10 90 m").expect("the round one");
    let mitred = content.find("0 j").expect("a mitred join");
    let second = content.find("60 90 m").expect("the mitred one");
    assert!(
        round < first && first < mitred && mitred < second,
        "{content}"
    );
}

#[test]
fn a_round_frame_is_four_sides_and_four_curves() {
    // A legend's frame, 2 pt round: each quadratic corner written as the
    // cubic that traces it, its control points two thirds of the way to
    // the corner.
    let mut s = Scene::new(100.0, 100.0, Some(Color::WHITE));
    s.push(Item::RoundRect {
        rect: Rect::new(10.0, 20.0, 60.0, 30.0),
        radius: 3.0,
        fill: Some(Color::WHITE.with_alpha(0.8)),
        stroke: Some(Stroke {
            width: 1.0,
            color: Color::rgb(0.8, 0.8, 0.8).with_alpha(0.8),
        }),
    });
    let fonts = FontBook::new();
    let mut pdf = Vec::new();
    render_pdf(&s, &fonts, &mut pdf).unwrap();
    let content = stream_with(&pdf, "13 80 m");
    let path = &content[content.find("13 80 m").unwrap()..];
    let path = &path[..path.find("B").expect("filled and stroked")];
    // Top side, then the top-right corner: from (67, 80) to (70, 77) about
    // (70, 80).
    let ops: Vec<&str> = path.split_whitespace().collect();
    assert_eq!(
        ops[..14],
        [
            "13", "80", "m", "67", "80", "l", "69", "80", "70", "79", "70", "77", "c", "70"
        ],
        "{path}"
    );
    assert_eq!(ops.iter().filter(|&&o| o == "l").count(), 4, "{path}");
    assert_eq!(ops.iter().filter(|&&o| o == "c").count(), 4, "{path}");
    assert_eq!(ops.last(), Some(&"h"), "{path}");
    // Mitred, as a patch is: PDF's default join, so none is set.
    assert!(!content.contains(" j"), "{content}");
}
