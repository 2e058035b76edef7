//! Hinted text measured as matplotlib's Agg backend measures it:
//! `fixtures/hinted.tsv` holds the width, height and descent (pixels)
//! matplotlib gives strings in DejaVu Sans at sizes from 6 to 20 pt and
//! 72 to 200 dpi (scripts/make_text_fixtures.py).

use plotmill_text::FontBook;

#[test]
fn hinted_text_is_as_wide_and_tall_as_matplotlibs() {
    let book = FontBook::new();
    let fixture = include_str!("fixtures/hinted.tsv");
    let mut checked = 0;
    for line in fixture.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let num = |i: usize| f[i].parse::<f64>().expect("a number");
        let (text, size, dpi) = (f[0], num(1), num(2));
        let (w, h, d) = (num(3), num(4), num(5));
        let shaped = book.shape_hinted(text, size, dpi);
        let px = dpi / 72.0;
        let got = (
            shaped.advance * px,
            (shaped.ink.y_max - shaped.ink.y_min) * px,
            -shaped.ink.y_min * px,
        );
        assert!(
            (got.0 - w).abs() < 1e-6 && (got.1 - h).abs() < 1e-6 && (got.2 - d).abs() < 1e-6,
            "{text:?} at {size} pt, {dpi} dpi: plotmill {got:?}, matplotlib ({w}, {h}, {d})"
        );
        checked += 1;
    }
    assert_eq!(checked, 35 * 9 * 4);
}

#[test]
fn hinting_changes_the_measure_from_the_outlines() {
    // "sample" at 10 pt, 100 dpi: 50.5 px by its outlines, 52 hinted (each
    // advance whole pixels); its "l" reaches 11 px up, not 10.55.
    let book = FontBook::new();
    let outline = book.shape("sample", 10.0);
    let hinted = book.shape_hinted("sample", 10.0, 100.0);
    let px = 100.0 / 72.0;
    assert!(
        (outline.advance * px - 50.49).abs() < 0.01,
        "{}",
        outline.advance * px
    );
    assert!((hinted.advance * px - 52.0).abs() < 1e-9);
    assert!((hinted.ink.y_max * px - 11.0).abs() < 1e-9);
    // The glyphs are placed at the hinted advances: whole pixels apart.
    let xs: Vec<f64> = hinted.runs[0].glyphs.iter().map(|g| g.x * px).collect();
    assert!(xs.iter().all(|x| (x - x.round()).abs() < 1e-9), "{xs:?}");
}

#[test]
fn hinting_caches_stay_within_their_bounds() {
    // Sixty sizes of ninety-odd glyphs: more than the caches hold; each
    // keeps to its capacity, and a size hinted again is measured the same.
    let book = FontBook::new();
    let text: String = (' '..='~').collect();
    let first = book.shape_hinted(&text, 10.0, 100.0);
    for k in 0..60 {
        book.shape_hinted(&text, 6.0 + f64::from(k) * 0.25, 100.0);
        let (metrics, capacity) = book.hinted_usage();
        assert!(metrics <= capacity, "{metrics} of {capacity} metrics");
        let (hinters, capacity) = book.hinter_usage();
        assert!(hinters <= capacity, "{hinters} of {capacity} hinters");
    }
    assert_eq!(book.hinted_usage().0, book.hinted_usage().1);
    assert_eq!(book.shape_hinted(&text, 10.0, 100.0), first);
}

/// The lowest and highest y of an outline's points on the curve.
fn heights(outline: &plotmill_text::Outline) -> (f32, f32) {
    use plotmill_text::Segment;
    outline
        .segments
        .iter()
        .filter_map(|s| match *s {
            Segment::MoveTo(_, y) | Segment::LineTo(_, y) => Some(y),
            _ => None,
        })
        .fold((f32::MAX, f32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)))
}

#[test]
fn a_hinted_outline_is_in_pixels_snapped_to_the_rows() {
    // The "l" at 10 pt, 100 dpi: its outline reaches 11 px up hinted (as
    // its measure says), 10.55 px unhinted, and stands on the baseline.
    let book = FontBook::new();
    let id = book.shape("l", 10.0).runs[0].glyphs[0].id;
    let hinted = book
        .hinted_outline(0, id, 10.0, 100.0)
        .expect("DejaVu Sans hints");
    // 889/64 pixels per em (FreeType's size for 10 pt at 100 dpi).
    assert_eq!(hinted.units_per_em, 889.0 / 64.0);
    assert_eq!(heights(&hinted), (0.0, 11.0));
    let outline = book.outline(0, id).expect("the glyph");
    let top = heights(&outline).1 * (10.0 * 100.0 / 72.0) / outline.units_per_em;
    assert!((top - 10.55).abs() < 0.01, "{top}");
    // Nothing to hint at no size or no resolution, or in no font.
    assert!(book.hinted_outline(0, id, 10.0, 0.0).is_none());
    assert!(book.hinted_outline(0, id, f64::NAN, 100.0).is_none());
    assert!(book.hinted_outline(7, id, 10.0, 100.0).is_none());
}
