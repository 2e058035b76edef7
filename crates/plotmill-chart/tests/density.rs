//! The density plot against seaborn's `kdeplot` on
//! `examples/data/species.csv` (`scripts/make_kdeplot_fixtures.py`): for 10
//! option sets (hue, common_norm, bw_method/bw_adjust, cut, clip,
//! gridsize, common_grid with hue_order, fill, stack, fill to 1), the same
//! axes limits and legend, and every point of every curve seaborn draws as
//! a line.

use std::path::PathBuf;

use plotmill_chart::{HistplotOptions, KdeplotOptions, histplot, kdeplot};
use plotmill_data::{CsvOptions, read_csv_path};
use plotmill_scene::{Cap, Item, Join, Point};
use plotmill_text::FontBook;

fn species() -> plotmill_data::Table {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let options = CsvOptions {
        labels: vec!["species".into(), "sex".into(), "island".into()],
        ..CsvOptions::default()
    };
    read_csv_path(&root.join("examples/data/species.csv"), &options)
        .unwrap()
        .table
}

fn pair(s: &str) -> (f64, f64) {
    let v: Vec<f64> = s.split(' ').map(|x| x.parse().unwrap()).collect();
    (v[0], v[1])
}

#[test]
fn densities_are_seaborns() {
    let table = species();
    let fonts = FontBook::new();
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kdeplot.tsv"),
    )
    .unwrap();
    let mut cases = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let options: KdeplotOptions = serde_json::from_str(f[0]).unwrap();
        let chart = kdeplot(&table, &options, &fonts).unwrap_or_else(|e| panic!("{}: {e:?}", f[0]));
        let a = &chart.axes[0];
        let (xlim, ylim) = (pair(f[1]), pair(f[2]));
        let (sx, sy) = (xlim.1 - xlim.0, ylim.1 - ylim.0);
        let near = |a: f64, b: f64, s: f64| (a - b).abs() <= 1e-9 * s;
        assert!(
            near(a.xlim.0, xlim.0, sx) && near(a.xlim.1, xlim.1, sx),
            "{}: xlim {:?} vs {xlim:?}",
            f[0],
            a.xlim
        );
        assert!(
            near(a.ylim.0, ylim.0, sy) && near(a.ylim.1, ylim.1, sy),
            "{}: ylim {:?} vs {ylim:?}",
            f[0],
            a.ylim
        );
        let want_legend: Vec<&str> = if f[4] == "-" {
            vec![]
        } else {
            f[4].split('|').collect()
        };
        assert_eq!(a.legend, want_legend, "{}", f[0]);
        if f[3] != "-" {
            // Every curve, point by point, in data values (page points and
            // back: a millionth of the view).
            let curves: Vec<Vec<(f64, f64)>> = f[3]
                .split(';')
                .map(|c| {
                    c.split(' ')
                        .map(|p| {
                            let (x, y) = p.split_once(',').unwrap();
                            (x.parse().unwrap(), y.parse().unwrap())
                        })
                        .collect()
                })
                .collect();
            let to_data = |p: &Point| {
                (
                    a.xlim.0 + (p.x - a.rect.x) / a.rect.w * sx,
                    a.ylim.0 + (a.rect.bottom() - p.y) / a.rect.h * sy,
                )
            };
            let drawn: Vec<Vec<(f64, f64)>> = chart
                .scene
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Line {
                        points,
                        stroke,
                        cap,
                    } if stroke.width == 1.5 && points.len() > 2 => {
                        // seaborn's curves are `plot` lines: projecting.
                        assert_eq!(*cap, Cap::Projecting, "{}: a curve's ends", f[0]);
                        Some(points.iter().map(to_data).collect())
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(drawn.len(), curves.len(), "{}: curves", f[0]);
            for (k, (got, want)) in drawn.iter().zip(&curves).enumerate() {
                assert_eq!(got.len(), want.len(), "{}: curve {k} points", f[0]);
                for (g, w) in got.iter().zip(want) {
                    assert!(
                        (g.0 - w.0).abs() <= 1e-6 * sx && (g.1 - w.1).abs() <= 1e-6 * sy,
                        "{}: curve {k}: {g:?} vs {w:?}",
                        f[0]
                    );
                }
            }
        }
        cases += 1;
    }
    assert_eq!(cases, 10);
}

#[test]
fn filled_areas_join_round_as_seaborns_collections() {
    // seaborn fills a density (and a step or poly histogram) with
    // fill_between: a PolyCollection, whose outline Agg joins round.
    let table = species();
    let fonts = FontBook::new();
    let options: KdeplotOptions =
        serde_json::from_str(r#"{"x": "body_mass_g", "hue": "species", "fill": true}"#).unwrap();
    let density = kdeplot(&table, &options, &fonts).unwrap();
    let options: HistplotOptions =
        serde_json::from_str(r#"{"x": "body_mass_g", "hue": "species", "element": "step"}"#)
            .unwrap();
    let step = histplot(&table, &options, &fonts).unwrap();
    for chart in [density, step] {
        let joins: Vec<Join> = chart
            .scene
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Polygon {
                    stroke: Some(_),
                    join,
                    ..
                } => Some(*join),
                _ => None,
            })
            .collect();
        assert_eq!(joins, [Join::Round; 3]);
    }
}

#[test]
fn a_density_needs_spread_and_names_what_is_wrong() {
    let table = species();
    let fonts = FontBook::new();
    let err = |o: KdeplotOptions| kdeplot(&table, &o, &fonts).unwrap_err().to_string();
    let e = err(KdeplotOptions {
        x: "body_mass_g".into(),
        gridsize: 1,
        ..Default::default()
    });
    assert!(e.contains("gridsize"), "{e}");
    let e = err(KdeplotOptions {
        x: "body_mass_g".into(),
        clip: Some((5.0, 1.0)),
        ..Default::default()
    });
    assert!(e.contains("clip"), "{e}");
    let e = err(KdeplotOptions {
        x: "island".into(),
        ..Default::default()
    });
    assert!(e.contains("text column"), "{e}");
    let flat = plotmill_data::Table::new(
        3,
        vec![plotmill_data::Column::new(
            "v",
            plotmill_data::ColumnKind::Float,
            vec![2.0; 3],
        )],
    )
    .unwrap();
    let e = kdeplot(
        &flat,
        &KdeplotOptions {
            x: "v".into(),
            ..Default::default()
        },
        &fonts,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("no density to draw"), "{e}");
}

/// The joint density (contour lines) against seaborn's bivariate kdeplot
/// on `examples/data/birds.csv` (`scripts/make_kde2_fixtures.py`): for 5
/// option sets (hue, common_norm, levels, thresh, bw_adjust, gridsize,
/// cut), the same axes limits, as many lines in each level's colour as
/// seaborn's contour sets hold, the outermost contour in the same box, and
/// the same legend.
/// A line's points in data values.
type Polyline = Vec<(f64, f64)>;

/// A fixture's list of strings.
fn strings(v: &serde_json::Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// Each case of `kde2.json`'s list `key`: its name, plotmill's chart of
/// `examples/data/birds.csv` for its options, and the case, the limits
/// checked against seaborn's (1e-9 of the span).
fn joint_cases(key: &str) -> Vec<(String, plotmill_chart::Chart, serde_json::Value)> {
    use serde_json::Value;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let options = CsvOptions {
        labels: vec!["species".into(), "sex".into()],
        ..CsvOptions::default()
    };
    let table = read_csv_path(&root.join("examples/data/birds.csv"), &options)
        .unwrap()
        .table;
    let fonts = FontBook::new();
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kde2.json"),
    )
    .unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let mut out = Vec::new();
    for case in fixture[key].as_array().unwrap() {
        let mut fields = case["options"].as_object().unwrap().clone();
        fields.insert("kind".into(), "kdeplot".into());
        let spec: plotmill_chart::ChartSpec =
            serde_json::from_value(Value::Object(fields)).unwrap();
        let plotmill_chart::ChartKind::Kdeplot(o) = spec.chart else {
            panic!()
        };
        let name = format!("{}", case["options"]);
        let chart = kdeplot(&table, &o, &fonts).unwrap();
        let ax = &chart.axes[0];
        let lim = |v: &Value| (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
        for (ours, theirs) in [(ax.xlim, lim(&case["xlim"])), (ax.ylim, lim(&case["ylim"]))] {
            let span = theirs.1 - theirs.0;
            assert!(
                (ours.0 - theirs.0).abs() <= 1e-9 * span
                    && (ours.1 - theirs.1).abs() <= 1e-9 * span,
                "{name}: {ours:?}, seaborn's {theirs:?}"
            );
        }
        out.push((name, chart, case.clone()));
    }
    out
}

#[test]
fn joint_densities_are_seaborns() {
    for (name, chart, case) in joint_cases("cases") {
        let ax = &chart.axes[0];
        // Our lines by colour, in the order the colours first appear (the
        // hue levels' order), in data values.
        let r = ax.rect;
        let mut by_color: Vec<(plotmill_scene::Color, Vec<Polyline>)> = Vec::new();
        for item in &chart.scene.items {
            let Item::Line { points, stroke, .. } = item else {
                continue;
            };
            // (The legend's handles are lines of two points.)
            if stroke.width != 1.5 || points.len() < 3 || points.iter().any(|p| !r.contains(*p)) {
                continue;
            }
            let data: Vec<(f64, f64)> = points
                .iter()
                .map(|p| {
                    (
                        ax.xlim.0 + (p.x - r.x) / r.w * (ax.xlim.1 - ax.xlim.0),
                        ax.ylim.0 + (r.bottom() - p.y) / r.h * (ax.ylim.1 - ax.ylim.0),
                    )
                })
                .collect();
            match by_color.iter_mut().find(|(c, _)| *c == stroke.color) {
                Some((_, lines)) => lines.push(data),
                None => by_color.push((stroke.color, vec![data])),
            }
        }
        let sets = case["sets"].as_array().unwrap();
        assert_eq!(by_color.len(), sets.len(), "{name}: contour sets");
        for ((_, lines), set) in by_color.iter().zip(sets) {
            let levels = set.as_array().unwrap();
            let count: u64 = levels.iter().map(|l| l["lines"].as_u64().unwrap()).sum();
            assert_eq!(lines.len() as u64, count, "{name}: lines");
            // The outermost contour's box (the lowest level's).
            let outer = levels[0]["box"].as_array().unwrap();
            let b: Vec<f64> = outer.iter().map(|v| v.as_f64().unwrap()).collect();
            let (x0, y0, x1, y1) = lines.iter().flatten().fold(
                (
                    f64::INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NEG_INFINITY,
                ),
                |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
            );
            let (sx, sy) = (ax.xlim.1 - ax.xlim.0, ax.ylim.1 - ax.ylim.0);
            for (ours, theirs, span) in [
                (x0, b[0], sx),
                (y0, b[1], sy),
                (x1, b[2], sx),
                (y1, b[3], sy),
            ] {
                assert!(
                    (ours - theirs).abs() <= 1e-6 * span,
                    "{name}: outer contour box {:?}, seaborn's {b:?}",
                    (x0, y0, x1, y1)
                );
            }
        }
        assert_eq!(ax.legend, strings(&case["legend"]), "{name}: legend");
    }
}

/// Filled joint densities against seaborn's `kdeplot(..., fill=True)`
/// (matplotlib's `contourf`; `scripts/make_kde2_fixtures.py`): the limits,
/// each hue level's bands in seaborn's colours (alpha included), the box
/// round the lowest band, and the legend, placed where matplotlib's "best"
/// puts it (contour sets are not in its way).
#[test]
fn filled_joint_densities_are_seaborns() {
    let cases = joint_cases("filled");
    assert_eq!(cases.len(), 3);
    for (name, chart, case) in cases {
        let ax = &chart.axes[0];
        let regions: Vec<(&Vec<Vec<Point>>, plotmill_scene::Color)> = chart
            .scene
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Region { rings, fill } => Some((rings, *fill)),
                _ => None,
            })
            .collect();
        let mut at = 0;
        let (r, (sx, sy)) = (ax.rect, (ax.xlim.1 - ax.xlim.0, ax.ylim.1 - ax.ylim.0));
        for set in case["sets"].as_array().unwrap() {
            let colors = set["colors"].as_array().unwrap();
            let alpha = set["alpha"].as_f64().unwrap_or(1.0);
            let bands = &regions[at..at + colors.len()];
            for (k, ((_, ours), theirs)) in bands.iter().zip(colors).enumerate() {
                let t: Vec<f64> = theirs
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect();
                let d = (ours.r - t[0])
                    .abs()
                    .max((ours.g - t[1]).abs())
                    .max((ours.b - t[2]).abs())
                    .max((ours.a - alpha).abs());
                assert!(d < 1e-9, "{name}: band {k}: {ours:?} vs {t:?} at {alpha}");
            }
            // The lowest band's box, in data values.
            let points: Vec<&Point> = bands[0].0.iter().flatten().collect();
            let fx = |x: f64| ax.xlim.0 + (x - r.x) / r.w * sx;
            let fy = |y: f64| ax.ylim.0 + (r.bottom() - y) / r.h * sy;
            let ours = points.iter().fold(
                [
                    f64::INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NEG_INFINITY,
                ],
                |[a, b, c, d], p| {
                    [
                        a.min(fx(p.x)),
                        b.min(fy(p.y)),
                        c.max(fx(p.x)),
                        d.max(fy(p.y)),
                    ]
                },
            );
            let theirs: Vec<f64> = set["box"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            for (k, span) in [sx, sy, sx, sy].into_iter().enumerate() {
                assert!(
                    (ours[k] - theirs[k]).abs() <= 1e-6 * span,
                    "{name}: lowest band's box {ours:?}, seaborn's {theirs:?}"
                );
            }
            at += colors.len();
        }
        assert_eq!(at, regions.len(), "{name}: bands");
        assert_eq!(ax.legend, strings(&case["legend"]), "{name}: legend");
        if let Some(loc) = case["legend_loc"].as_array().filter(|l| !l.is_empty()) {
            // Its frame's top-right corner (matplotlib's pixels at dpi 100,
            // y up) against ours, in points.
            let frame = chart
                .scene
                .items
                .iter()
                .find_map(|i| match i {
                    Item::RoundRect {
                        rect,
                        fill: Some(c),
                        ..
                    } if *c == plotmill_scene::Color::WHITE.with_alpha(0.8) => Some(*rect),
                    _ => None,
                })
                .expect("a legend frame");
            let (x1, y1) = (loc[2].as_f64().unwrap(), loc[3].as_f64().unwrap());
            let (x1, y1) = (x1 * 0.72, chart.scene.height - y1 * 0.72);
            assert!(
                (frame.right() - x1).abs() < 2.0 && (frame.y - y1).abs() < 2.0,
                "{name}: legend frame {frame:?}, seaborn's top right ({x1}, {y1})"
            );
        }
    }
}
