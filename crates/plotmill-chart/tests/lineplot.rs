//! The line plot against seaborn's `lineplot` (`scripts/make_lineplot_fixtures.py`):
//! over ISO dates read from text (a date axis ticked and labelled as
//! matplotlib's AutoDateLocator and ConciseDateFormatter) and over numbers,
//! by a hue, a size (line widths by a text or numeric column, a range, a
//! width per level, `size_norm`, a brief legend of a numeric size), a
//! style (dash patterns; one legend part, or two under subtitles), units, every estimator (none included) and error bar: the
//! same limits, x tick labels and legend, every line's vertices, colour
//! and width, each dashed line's dashes (its first dash and the share of
//! it inked, as matplotlib's pattern scaled by the width), each band's
//! reach (bootstrap bands within their own noise), each error bar of
//! `err_style="bars"`, the order of the points with `sort=False`
//! (aggregated in order of first appearance, or joined as they come), and
//! the markers on the lines and in the legend (seaborn's own, a list,
//! `marker=`): each one's outline as matplotlib's marker path at its size,
//! its white rim, and a marker on every vertex.

use plotmill_chart::ChartSpec;
use plotmill_data::CsvOptions;
use plotmill_scene::{Cap, Color, Item, Marker, Point};
use plotmill_text::FontBook;
use serde_json::Value;

/// A line as drawn: its points in data values, colour and width.
/// A line's points in data values, colour, width and how it ends.
type Drawn = (Vec<(f64, f64)>, Color, f64, Cap);

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn line_plots_are_seaborns() {
    let fonts = FontBook::new();
    let cases = super::fixture_cases("lineplot.json");
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let chart = super::chart_of_case("lineplot", case, &fonts);
        let a = &chart.axes[0];
        let (xlim, ylim) = (f64s(&case["xlim"]), f64s(&case["ylim"]));
        let (sx, sy) = (xlim[1] - xlim[0], ylim[1] - ylim[0]);
        let bootstrap = case["options"].get("errorbar").is_none();
        let near = |g: f64, w: f64, s: f64| (g - w).abs() <= 1e-9 * s.abs();
        assert!(
            near(a.xlim.0, xlim[0], sx) && near(a.xlim.1, xlim[1], sx),
            "{name}: xlim {:?} vs {xlim:?}",
            a.xlim
        );
        let ytol = if bootstrap { 5e-2 } else { 1e-9 };
        assert!(
            (a.ylim.0 - ylim[0]).abs() <= ytol * sy && (a.ylim.1 - ylim[1]).abs() <= ytol * sy,
            "{name}: ylim {:?} vs {ylim:?}",
            a.ylim
        );
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(a.xtick_labels, strings(&case["xticks"]), "{name}: x ticks");
        assert_eq!(a.legend, strings(&case["legend"]), "{name}: legend");
        let to_data = |p: Point| {
            (
                a.xlim.0 + (p.x - a.rect.x) / a.rect.w * (a.xlim.1 - a.xlim.0),
                a.ylim.0 + (a.rect.bottom() - p.y) / a.rect.h * (a.ylim.1 - a.ylim.0),
            )
        };
        let frame = Color::WHITE.with_alpha(0.8);
        let items: Vec<&Item> = chart
            .scene
            .items
            .iter()
            .take_while(|i| !matches!(i, Item::RoundRect { fill: Some(c), .. } if *c == frame))
            .collect();
        let pieces: Vec<(&Vec<Point>, Drawn)> = items
            .iter()
            .filter_map(|i| match i {
                Item::Line {
                    points,
                    stroke,
                    cap,
                } if stroke.color != Color::BLACK => Some((
                    points,
                    (
                        points.iter().map(|&p| to_data(p)).collect(),
                        stroke.color,
                        stroke.width,
                        *cap,
                    ),
                )),
                _ => None,
            })
            .collect();
        // Error bars (err_style="bars"): upright two-point lines, each at
        // an x from the interval's low end to its high end, 1.5 pt wide.
        let want_bars: Vec<Vec<f64>> = case["bars"].as_array().unwrap().iter().map(f64s).collect();
        let (bars, pieces): (Vec<_>, Vec<_>) = pieces.into_iter().partition(|(points, _)| {
            !want_bars.is_empty() && points.len() == 2 && points[0].x == points[1].x
        });
        assert_eq!(bars.len(), want_bars.len(), "{name}: error bars");
        // Their ends project (half the width past the interval), as
        // seaborn gives matplotlib's bars their line's cap style.
        assert!(
            bars.iter().all(|(_, d)| d.3 == Cap::Projecting),
            "{name}: error bars end butt"
        );
        let mut got_bars: Vec<(f64, f64, f64, f64)> = bars
            .iter()
            .map(|(_, (xy, _, width, _))| {
                (xy[0].0, xy[0].1.min(xy[1].1), xy[0].1.max(xy[1].1), *width)
            })
            .collect();
        got_bars.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let mut want_bars: Vec<(f64, f64, f64)> =
            want_bars.iter().map(|b| (b[0], b[1], b[2])).collect();
        want_bars.sort_by(|a, b| a.partial_cmp(b).unwrap());
        for (g, w) in got_bars.iter().zip(&want_bars) {
            assert!(
                near(g.0, w.0, sx) && near(g.1, w.1, sy) && near(g.2, w.2, sy) && g.3 == 1.5,
                "{name}: error bar {g:?} vs {w:?}"
            );
        }
        // A line of one point and no marker draws nothing (a size's level
        // seen at one x).
        let want: Vec<&Value> = case["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["xy"].as_array().unwrap().len() > 1 || !w["marker"].is_null())
            .collect();
        // Markers: a run per marked line, in the lines' order, one on each
        // vertex; then the legend's, one per entry with a marker.
        let runs = |items: &mut dyn Iterator<Item = &Item>| -> Vec<(Marker, usize)> {
            items
                .filter_map(|i| match i {
                    Item::Markers {
                        marker, centers, ..
                    } => Some((*marker, centers.iter().count())),
                    _ => None,
                })
                .collect()
        };
        let marked: Vec<&Value> = want
            .iter()
            .copied()
            .filter(|w| !w["marker"].is_null())
            .collect();
        let plot_runs = runs(&mut items.iter().copied());
        assert_eq!(plot_runs.len(), marked.len(), "{name}: marked lines");
        for (k, ((m, n), w)) in plot_runs.iter().zip(&marked).enumerate() {
            super::same_marker(m, &w["marker"]).unwrap_or_else(|e| panic!("{name}: line {k}: {e}"));
            assert_eq!(
                *n,
                w["xy"].as_array().unwrap().len(),
                "{name}: line {k}: markers"
            );
        }
        let legend_runs = runs(&mut chart.scene.items[items.len()..].iter());
        let legend_want: Vec<&Value> = case["legend_markers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| !m.is_null())
            .collect();
        assert_eq!(
            legend_runs.len(),
            legend_want.len(),
            "{name}: legend markers"
        );
        for (k, ((m, n), w)) in legend_runs.iter().zip(legend_want).enumerate() {
            super::same_marker(m, w).unwrap_or_else(|e| panic!("{name}: legend marker {k}: {e}"));
            assert_eq!(*n, 1);
        }
        // The legend's lines in their widths (a size's levels) and colours
        // (a hue's; dark grey beside a hue, the lines' own without one), in
        // order; a dashed entry's pieces and equal neighbours counted once.
        let mut legend_lines: Vec<(f64, Color)> = chart.scene.items[items.len()..]
            .iter()
            .filter_map(|i| match i {
                Item::Line { stroke, .. } => Some((stroke.width, stroke.color)),
                _ => None,
            })
            .collect();
        legend_lines.dedup();
        let colors: Vec<Vec<f64>> = case["legend_colors"]
            .as_array()
            .unwrap()
            .iter()
            .map(f64s)
            .collect();
        let mut want_lines: Vec<(f64, Color)> = f64s(&case["legend_widths"])
            .into_iter()
            .zip(&colors)
            .filter(|&(w, _)| w > 0.0)
            .map(|(w, c)| (w, Color::rgb(c[0], c[1], c[2])))
            .collect();
        want_lines.dedup();
        let same = |(gw, gc): &(f64, Color), (ww, wc): &(f64, Color)| {
            (gw - ww).abs() < 1e-9
                && (gc.r - wc.r).abs() < 1e-6
                && (gc.g - wc.g).abs() < 1e-6
                && (gc.b - wc.b).abs() < 1e-6
        };
        assert!(
            legend_lines.len() == want_lines.len()
                && legend_lines
                    .iter()
                    .zip(&want_lines)
                    .all(|(g, w)| same(g, w)),
            "{name}: legend lines {legend_lines:?} vs {want_lines:?}"
        );
        // A legend of two parts: each subtitle where the labels start
        // (seaborn's subtitles have invisible handles), within a glyph's
        // side bearing.
        let legend_texts: Vec<&plotmill_scene::TextRun> = chart.scene.items[items.len()..]
            .iter()
            .filter_map(|i| match i {
                Item::Text(run) => Some(run),
                _ => None,
            })
            .collect();
        let lefts: Vec<f64> = legend_texts.iter().map(|r| r.origin.x).collect();
        if let Some(style) = case["options"]["style"].as_str()
            && case["options"]["hue"].as_str().is_some_and(|h| h != style)
        {
            assert!(
                lefts.windows(2).all(|w| (w[0] - w[1]).abs() < 1.0),
                "{name}: legend texts start at {lefts:?}"
            );
        }
        // A solid line is one polyline; a dashed one its dashes, in order.
        let mut lines: Vec<Drawn> = Vec::new();
        let mut next = 0;
        for (k, w) in want.iter().enumerate() {
            let dashes = f64s(&w["dashes"]);
            if dashes.is_empty() {
                lines.push(pieces[next].1.clone());
                next += 1;
                continue;
            }
            let xy: Vec<Vec<f64>> = w["xy"].as_array().unwrap().iter().map(f64s).collect();
            let page: Vec<Point> = xy
                .iter()
                .map(|p| {
                    Point::new(
                        a.rect.x + (p[0] - a.xlim.0) / (a.xlim.1 - a.xlim.0) * a.rect.w,
                        a.rect.bottom() - (p[1] - a.ylim.0) / (a.ylim.1 - a.ylim.0) * a.rect.h,
                    )
                })
                .collect();
            let on_line = |q: &Point| {
                page.windows(2).any(|s| {
                    let (d, t) = distance(*q, s[0], s[1]);
                    d < 1e-6 && (-1e-9..=1.0 + 1e-9).contains(&t)
                })
            };
            let first = next;
            while next < pieces.len()
                && pieces[next].1.1 == pieces[first].1.1
                && pieces[next].0.iter().all(on_line)
            {
                next += 1;
            }
            let dash: Vec<&Vec<Point>> = pieces[first..next].iter().map(|p| p.0).collect();
            assert!(dash.len() > 1, "{name}: line {k} is not dashed");
            // The first dash starts the line and is as long as the
            // pattern's first (times the width, as matplotlib scales it);
            // the dashes cover the line's length in the pattern's share.
            let length = |v: &[Point]| {
                v.windows(2)
                    .map(|s| ((s[1].x - s[0].x).powi(2) + (s[1].y - s[0].y).powi(2)).sqrt())
                    .sum::<f64>()
            };
            assert!(
                (dash[0][0].x - page[0].x).abs() < 1e-6 && (dash[0][0].y - page[0].y).abs() < 1e-6,
                "{name}: line {k} starts elsewhere"
            );
            assert!(
                (length(dash[0]) - dashes[0]).abs() < 1e-6,
                "{name}: line {k}: first dash {} vs {}",
                length(dash[0]),
                dashes[0]
            );
            let ink: f64 = dash.iter().map(|d| length(d)).sum();
            let share = dashes.iter().step_by(2).sum::<f64>() / dashes.iter().sum::<f64>();
            let total = length(&page);
            assert!(
                (ink / total - share).abs() < 0.05,
                "{name}: line {k}: dashes cover {} of it, the pattern {share}",
                ink / total
            );
            // Compared below as the polyline it dashes.
            lines.push((
                xy.iter().map(|p| (p[0], p[1])).collect(),
                pieces[first].1.1,
                pieces[first].1.2,
                pieces[first].1.3,
            ));
        }
        assert_eq!(next, pieces.len(), "{name}: lines left over");
        assert_eq!(lines.len(), want.len(), "{name}: line count");
        for (k, (got, w)) in lines.iter().zip(want).enumerate() {
            let xy: Vec<Vec<f64>> = w["xy"].as_array().unwrap().iter().map(f64s).collect();
            assert_eq!(got.0.len(), xy.len(), "{name}: line {k} vertices");
            for (g, w) in got.0.iter().zip(&xy) {
                assert!(
                    near(g.0, w[0], sx) && near(g.1, w[1], sy),
                    "{name}: line {k}: {g:?} vs {w:?}"
                );
            }
            let c = f64s(&w["color"]);
            let wc = Color::rgb(c[0], c[1], c[2]);
            assert!(
                (got.1.r - wc.r).abs() < 1e-6
                    && (got.1.g - wc.g).abs() < 1e-6
                    && (got.1.b - wc.b).abs() < 1e-6,
                "{name}: colour"
            );
            assert!(
                (got.2 - w["width"].as_f64().unwrap()).abs() < 1e-9,
                "{name}: width"
            );
            // A solid line's ends as matplotlib's solid_capstyle, a dash's
            // as its dash_capstyle.
            let cap = match got.3 {
                Cap::Butt => "butt",
                Cap::Projecting => "projecting",
            };
            assert_eq!(cap, w["cap"], "{name}: line {k} ends");
        }
        // Bands: how far each level's reaches along y (seaborn splits a
        // band where an x has one value; its pieces' union is compared).
        let bands: Vec<(f64, f64)> = items
            .iter()
            .filter_map(|i| match i {
                Item::Polygon { points, .. } => Some(
                    points
                        .iter()
                        .map(|&p| to_data(p).1)
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
                            (lo.min(y), hi.max(y))
                        }),
                ),
                _ => None,
            })
            .collect();
        let want: Vec<Vec<f64>> = case["bands"].as_array().unwrap().iter().map(f64s).collect();
        if want.is_empty() {
            assert!(bands.is_empty(), "{name}: bands");
            continue;
        }
        let reach = |v: &[(f64, f64)]| {
            v.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &(lo, hi)| {
                    (a.min(lo), b.max(hi))
                })
        };
        let got = reach(&bands);
        let want = reach(&want.iter().map(|b| (b[1], b[3])).collect::<Vec<_>>());
        let tol = if bootstrap { 5e-2 * sy } else { 1e-9 * sy };
        assert!(
            (got.0 - want.0).abs() <= tol && (got.1 - want.1).abs() <= tol,
            "{name}: band reach {got:?} vs {want:?}"
        );
    }
    assert_eq!(cases.len(), 21);
}

/// The distance from `q` to the segment a–b, and where along it (0 at a,
/// 1 at b) the nearest point is.
fn distance(q: Point, a: Point, b: Point) -> (f64, f64) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((q.x - a.x) * dx + (q.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (px, py) = (a.x + t * dx, a.y + t * dy);
    (((q.x - px).powi(2) + (q.y - py).powi(2)).sqrt(), t)
}

#[test]
fn dates_in_other_formats_and_bad_dates_are_named() {
    let fonts = FontBook::new();
    let csv = "d,v\n31/01/2012,1\n01/02/2012,3\n15/02/2012,2\n";
    let options = CsvOptions {
        labels: vec!["d".into()],
        ..CsvOptions::default()
    };
    let table =
        plotmill_data::read_csv_bytes(csv.as_bytes(), plotmill_data::Origin::Memory, &options)
            .unwrap()
            .table;
    let spec = |json: &str| -> ChartSpec { serde_json::from_str(json).unwrap() };
    // Without a format: the row, the text, and what to pass.
    let e = spec(r#"{"kind": "lineplot", "x": "d", "y": "v"}"#)
        .build(&table, &fonts)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("row 1 holds '31/01/2012'") && e.contains("--date-format"),
        "{e}"
    );
    // With one: a date axis over the right days.
    let chart = spec(r#"{"kind": "lineplot", "x": "d", "y": "v", "date_format": "%d/%m/%Y"}"#)
        .build(&table, &fonts)
        .unwrap();
    let a = &chart.axes[0];
    let (lo, hi) = (15370.0, 15385.0); // 2012-01-31, 2012-02-15
    let pad = (hi - lo) * 0.05;
    assert!(
        (a.xlim.0 - (lo - pad)).abs() < 1e-9 && (a.xlim.1 - (hi + pad)).abs() < 1e-9,
        "{:?}",
        a.xlim
    );
    assert!(
        a.xtick_labels.iter().any(|t| t.contains("Feb")),
        "{:?}",
        a.xtick_labels
    );
    // A format that cannot be read, checked before the data.
    for (format, says) in [("%d/%m", "no year"), ("%d %B %Y", "'%B'")] {
        let s = spec(&format!(
            r#"{{"kind": "lineplot", "x": "d", "y": "v", "date_format": "{format}"}}"#
        ));
        let e = s.validate().unwrap_err().to_string();
        assert!(e.contains(says), "{format}: {e}");
    }
}

/// Many hue levels × style levels × units draw in memory as the rows (not
/// as their product: 200 × 500 × 10,000 subsets would be 10⁹).
#[test]
fn many_units_styles_and_hues_are_bounded_by_the_rows() {
    use plotmill_chart::{LineplotOptions, lineplot};
    use plotmill_data::{Origin, read_csv_bytes};
    let mut text = String::from("x,y,h,s,u\n");
    // 10,000 units of two points each.
    for i in 0..20_000 {
        let u = i / 2;
        text.push_str(&format!(
            "{},{},h{},s{},u{u}\n",
            i % 2,
            i % 13,
            u % 200,
            u % 500
        ));
    }
    let options = CsvOptions {
        labels: vec!["h".into(), "s".into(), "u".into()],
        ..CsvOptions::default()
    };
    let table = read_csv_bytes(text.as_bytes(), Origin::Memory, &options)
        .unwrap()
        .table;
    let o = LineplotOptions {
        x: "x".into(),
        y: "y".into(),
        hue: Some("h".into()),
        style: Some("s".into()),
        dashes: plotmill_chart::StyleMap::All(false),
        units: Some("u".into()),
        estimator: None,
        legend: false,
        ..LineplotOptions::default()
    };
    let chart = lineplot(&table, &o, &FontBook::new()).unwrap();
    // One line per unit.
    let lines = chart
        .scene
        .items
        .iter()
        .filter(|i| matches!(i, Item::Line { stroke, .. } if stroke.color != Color::BLACK))
        .count();
    assert_eq!(lines, 10_000);
}

#[test]
fn sizes_that_cannot_be_drawn_are_named() {
    let fonts = FontBook::new();
    let csv = "x,y,g,n\n1,2,a,10\n2,3,b,20\n3,1,a,30\n";
    let options = CsvOptions {
        labels: vec!["g".into(), "n".into()],
        ..CsvOptions::default()
    };
    let table =
        plotmill_data::read_csv_bytes(csv.as_bytes(), plotmill_data::Origin::Memory, &options)
            .unwrap()
            .table;
    let build = |extra: &str| {
        let json = format!(r#"{{"kind": "lineplot", "x": "x", "y": "y", {extra}}}"#);
        let spec: ChartSpec = serde_json::from_str(&json).unwrap();
        spec.build(&table, &fonts).map_err(|e| e.to_string())
    };
    for (extra, says) in [
        (
            r#""size": "g", "sizes": {"a": 1}"#,
            "no width for 'b' of 'g'",
        ),
        (
            r#""size": "g", "size_norm": [0, 1]"#,
            "'g' is a text column",
        ),
        (r#""size": "gg""#, "did you mean 'g'?"),
        (r#""size": "n", "sizes": [1, -2]"#, "not widths in points"),
        (
            r#""size": "n", "sizes": {"10": 1}, "size_norm": [0, 1]"#,
            "leaves no scale",
        ),
    ] {
        let e = build(extra).unwrap_err();
        assert!(e.contains(says), "{extra}: {e}");
    }
    // A list of widths is not a range: named as the field's fault.
    let e = serde_json::from_str::<ChartSpec>(
        r#"{"kind": "lineplot", "x": "x", "y": "y", "size": "n", "sizes": [1, 2, 3]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("two widths"), "{e}");
    // size_order cannot pick values of a numeric scale: said, not ignored
    // in silence; the widths run over every value.
    let chart = build(r#""size": "n", "size_order": ["20"]"#).unwrap();
    assert!(
        chart
            .warnings
            .iter()
            .any(|w| w.contains("size_order is left out")),
        "{:?}",
        chart.warnings
    );
    let widths: Vec<f64> = chart
        .scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line { stroke, .. } if stroke.color != Color::BLACK => Some(stroke.width),
            _ => None,
        })
        .collect();
    // Three one-point lines draw nothing; the legend's three entries.
    assert_eq!(widths, [0.75, 1.875, 3.0], "{widths:?}");
}

#[test]
fn the_legend_is_laid_out_as_matplotlibs() {
    // matplotlib 3.11's legend for lineplot(x="date", y="temp_max",
    // hue="weather"). Measured without hinting (as for SVG and PDF): 93 pt
    // tall, each handle 23.098 pt below its top, then every 15 pt (a row of
    // the font's ascent and descent, 10 pt, and 5 pt of label spacing).
    // Hinted at 100 dpi (Agg, a PNG): 94.934 pt tall, handles from 23.742
    // pt every 15.322 pt, as "lp" reaches 11 px above the baseline there,
    // not the font's 10.55. Rows of the label's ink ("lp") made it 91.1 pt
    // with the handles on the rows' middles.
    let fonts = FontBook::new();
    for (format, height, first, step) in [
        ("svg", 93.0, 23.098, 15.0),
        ("png", 94.934_062_5, 23.742_343_75, 15.322_343_75),
    ] {
        let case = serde_json::json!({
            "name": "weather", "data": "examples/data/weather.csv",
            "options": {"x": "date", "y": "temp_max", "hue": "weather", "format": format},
        });
        let chart = super::chart_of_case("lineplot", &case, &fonts);
        let items = &chart.scene.items;
        let (frame_at, frame) = legend_frame(items);
        assert!(
            (frame.h - height).abs() < 1e-3,
            "{format}: legend height {}",
            frame.h
        );
        let depths: Vec<f64> = items[frame_at..]
            .iter()
            .filter_map(|i| match i {
                Item::Line { points, .. } => Some(points[0].y - frame.y),
                _ => None,
            })
            .collect();
        assert_eq!(depths.len(), 5, "{depths:?}");
        for (k, d) in depths.iter().enumerate() {
            let want = first + step * k as f64;
            assert!(
                (d - want).abs() < 1e-3,
                "{format}: handle {k}: {d} pt down, matplotlib's {want}"
            );
        }
    }
}

#[test]
fn a_legend_under_a_wide_title_centres_its_rows() {
    // matplotlib's brief size legend under "flipper_length_mm" (unhinted,
    // as an SVG measures it):
    // 101.39 pt wide, every handle starting 27.156 pt in from its left:
    // the rows are centred under the title, not started at the pad.
    let fonts = FontBook::new();
    let case = serde_json::json!({
        "name": "brief", "data": "examples/data/species.csv",
        "options": {"x": "year", "y": "body_mass_g", "size": "flipper_length_mm",
                    "size_norm": [180, 220], "errorbar": null, "format": "svg"},
    });
    let chart = super::chart_of_case("lineplot", &case, &fonts);
    let items = &chart.scene.items;
    let (at, frame) = legend_frame(items);
    let starts: Vec<f64> = items[at..]
        .iter()
        .filter_map(|i| match i {
            Item::Line { points, .. } => Some(points[0].x - frame.x),
            _ => None,
        })
        .collect();
    assert_eq!(starts.len(), 6, "{starts:?}");
    assert!((frame.w - 101.391).abs() < 0.01, "legend width {}", frame.w);
    for s in &starts {
        assert!(
            (s - 27.156).abs() < 0.01,
            "a handle starts {s} pt in, matplotlib's 27.156"
        );
    }
}

/// The legend's frame (white at 80%) and where it is among `items`,
/// checked to be matplotlib's legend patch: a fancy box rounded by 0.2 of
/// the 10 pt legend font, edged 1 pt in grey 0.8, face and edge at the
/// frame's alpha of 0.8 (`legend.fancybox`, `legend.edgecolor`,
/// `patch.linewidth`, `legend.framealpha`).
fn legend_frame(items: &[Item]) -> (usize, plotmill_scene::Rect) {
    let (at, rect, radius, stroke) = items
        .iter()
        .enumerate()
        .find_map(|(k, i)| match i {
            Item::RoundRect {
                rect,
                radius,
                fill: Some(c),
                stroke,
            } if *c == Color::WHITE.with_alpha(0.8) => Some((k, *rect, *radius, *stroke)),
            _ => None,
        })
        .expect("a legend frame");
    assert_eq!(radius, 2.0);
    assert_eq!(
        stroke,
        Some(plotmill_scene::Stroke {
            width: 1.0,
            color: Color::rgb(0.8, 0.8, 0.8).with_alpha(0.8),
        })
    );
    (at, rect)
}
