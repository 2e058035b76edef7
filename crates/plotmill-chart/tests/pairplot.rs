//! The pair plot against seaborn's `pairplot` on `examples/data/birds.csv`
//! (`scripts/make_pairplot_fixtures.py`): for each option set (hue, no hue,
//! corner with histograms, x_vars against y_vars, no diagonal, dropna with
//! hue_order, palette, height and aspect, regression lines, joint
//! densities, two-dimensional histograms), the same figure size, the same
//! panels drawn in the same places with the same limits and tick labels,
//! every point drawn, and the same legend.

use std::path::PathBuf;

use plotmill_chart::{ChartKind, ChartSpec, DiagKind, PairKind, PairplotOptions, pairplot};
use plotmill_data::{CsvOptions, read_csv_path};
use plotmill_scene::{Item, Rect};
use plotmill_text::FontBook;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn birds() -> plotmill_data::Table {
    let options = CsvOptions {
        labels: vec!["species".into(), "sex".into()],
        ..CsvOptions::default()
    };
    read_csv_path(&root().join("examples/data/birds.csv"), &options)
        .unwrap()
        .table
}

/// seaborn's arguments as plotmill's spec: `kind` is `pair_kind`, a
/// `None` diagonal is "none".
fn options(args: &Value) -> PairplotOptions {
    let mut fields = args.as_object().unwrap().clone();
    if let Some(k) = fields.remove("kind") {
        fields.insert("pair_kind".into(), k);
    }
    if fields.get("diag_kind") == Some(&Value::Null) {
        fields.insert("diag_kind".into(), "none".into());
    }
    fields.insert("kind".into(), "pairplot".into());
    let spec: ChartSpec = serde_json::from_value(Value::Object(fields)).unwrap();
    match spec.chart {
        ChartKind::Pairplot(o) => o,
        other => panic!("{other:?}"),
    }
}

fn pair(v: &Value) -> (f64, f64) {
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

/// The markers drawn inside `rect` (every scatter clips to its panel).
fn points_in(chart: &plotmill_chart::Chart, rect: Rect) -> usize {
    chart
        .scene
        .items
        .iter()
        .map(|item| match item {
            Item::Markers { centers, clip, .. } if *clip == rect => centers.iter().count(),
            _ => 0,
        })
        .sum()
}

#[test]
fn pair_plots_are_laid_out_and_scaled_as_seaborns() {
    let text =
        std::fs::read_to_string(root().join("crates/plotmill-chart/tests/fixtures/pairplot.json"))
            .unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let table = birds();
    let fonts = FontBook::new();
    for case in fixture["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let o = options(&case["options"]);
        let chart = pairplot(&table, &o, &fonts).unwrap();
        // The figure, widened by the legend (its row height differs from
        // matplotlib's by a fraction of a point).
        let (w, h) = pair(&case["figsize"]);
        assert!(
            (chart.scene.width - w * 72.0).abs() < 2.5
                && (chart.scene.height - h * 72.0).abs() < 1e-9,
            "{name}: figure {}x{} pt, seaborn's {}x{}",
            chart.scene.width,
            chart.scene.height,
            w * 72.0,
            h * 72.0
        );
        let drawn: Vec<&Value> = case["panels"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["visible"].as_bool().unwrap())
            .collect();
        assert_eq!(chart.axes.len(), drawn.len(), "{name}: panels drawn");
        for (ax, p) in chart.axes.iter().zip(drawn) {
            let at = (p["row"].as_u64().unwrap(), p["col"].as_u64().unwrap());
            let b: Vec<f64> = p["box"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            // Tight layout of the same texts and tick marks: within 2.5 pt
            // (text extents differ from Agg's by a fraction of a point,
            // and the legend's width moves the right edge).
            let r = ax.rect;
            for (ours, theirs, what) in [
                (r.x, b[0], "left"),
                (r.y, b[1], "top"),
                (r.w, b[2], "width"),
                (r.h, b[3], "height"),
            ] {
                assert!(
                    (ours - theirs).abs() < 2.5,
                    "{name} {at:?}: {what} {ours}, seaborn's {theirs}"
                );
            }
            for (ours, theirs, what) in [
                (ax.xlim, pair(&p["xlim"]), "xlim"),
                (ax.ylim, pair(&p["ylim"]), "ylim"),
            ] {
                let span = (theirs.1 - theirs.0).abs();
                assert!(
                    (ours.0 - theirs.0).abs() <= 1e-9 * span
                        && (ours.1 - theirs.1).abs() <= 1e-9 * span,
                    "{name} {at:?}: {what} {ours:?}, seaborn's {theirs:?}"
                );
            }
            assert_eq!(
                !ax.xtick_labels.is_empty(),
                p["xticklabels"].as_bool().unwrap(),
                "{name} {at:?}: x tick labels"
            );
            assert_eq!(
                !ax.ytick_labels.is_empty(),
                p["yticklabels"].as_bool().unwrap(),
                "{name} {at:?}: y tick labels"
            );
            assert_eq!(
                points_in(&chart, r),
                p["points"].as_u64().unwrap() as usize,
                "{name} {at:?}: points"
            );
            // Each regression line (the 2.25 pt lines) from the same
            // point to the same point.
            let ours: Vec<[f64; 4]> = chart
                .scene
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Line { points, stroke, .. }
                        if stroke.width == 2.25
                            && points.iter().all(|q| {
                                r.x - 1e-6 <= q.x
                                    && q.x <= r.right() + 1e-6
                                    && r.y - 1e-6 <= q.y
                                    && q.y <= r.bottom() + 1e-6
                            }) =>
                    {
                        let data = |q: &plotmill_scene::Point| {
                            (
                                ax.xlim.0 + (q.x - r.x) / r.w * (ax.xlim.1 - ax.xlim.0),
                                ax.ylim.0 + (r.bottom() - q.y) / r.h * (ax.ylim.1 - ax.ylim.0),
                            )
                        };
                        let (a, b) = (data(&points[0]), data(&points[points.len() - 1]));
                        Some([a.0, a.1, b.0, b.1])
                    }
                    _ => None,
                })
                .collect();
            let theirs: Vec<Vec<f64>> = p["lines"]
                .as_array()
                .map(|v| {
                    v.iter()
                        .map(|l| {
                            l.as_array()
                                .unwrap()
                                .iter()
                                .map(|x| x.as_f64().unwrap())
                                .collect()
                        })
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(ours.len(), theirs.len(), "{name} {at:?}: lines");
            for (o, t) in ours.iter().zip(&theirs) {
                let (sx, sy) = (ax.xlim.1 - ax.xlim.0, ax.ylim.1 - ax.ylim.0);
                for k in 0..4 {
                    let span = if k % 2 == 0 { sx } else { sy };
                    assert!(
                        (o[k] - t[k]).abs() <= 1e-9 * span.abs(),
                        "{name} {at:?}: line {o:?}, seaborn's {t:?}"
                    );
                }
            }
        }
        let legend: Vec<String> = chart.axes.iter().flat_map(|a| a.legend.clone()).collect();
        let theirs: Vec<String> = case["legend"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(legend, theirs, "{name}: legend");
    }
}

#[test]
fn the_diagonal_follows_seaborns_rule() {
    let table = birds();
    let fonts = FontBook::new();
    let o = PairplotOptions {
        vars: Some(vec!["bill_depth_mm".into(), "body_mass_g".into()]),
        ..PairplotOptions::default()
    };
    // No hue: histograms, outlined bars (rects) on the diagonal.
    let rects = |c: &plotmill_chart::Chart| {
        c.scene
            .items
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    Item::Rect {
                        fill: Some(_),
                        stroke: Some(_),
                        ..
                    }
                )
            })
            .count()
    };
    let polygons = |c: &plotmill_chart::Chart| {
        c.scene
            .items
            .iter()
            .filter(|i| matches!(i, Item::Polygon { .. }))
            .count()
    };
    let plain = pairplot(&table, &o, &fonts).unwrap();
    assert!(rects(&plain) > 10 && polygons(&plain) == 0);
    // A hue: a filled density per level and diagonal.
    let hued = PairplotOptions {
        hue: Some("species".into()),
        ..o.clone()
    };
    let c = pairplot(&table, &hued, &fonts).unwrap();
    assert_eq!(polygons(&c), 2 * 3);
    // Asked for: histograms with a hue.
    let hist = PairplotOptions {
        diag_kind: DiagKind::Hist,
        ..hued
    };
    let c = pairplot(&table, &hist, &fonts).unwrap();
    assert!(rects(&c) > 10 && polygons(&c) == 0);
}

#[test]
fn bad_input_names_what_to_change() {
    let table = birds();
    let fonts = FontBook::new();
    let err = |o: PairplotOptions| pairplot(&table, &o, &fonts).unwrap_err().to_string();
    let e = err(PairplotOptions {
        hue: Some("specie".into()),
        ..PairplotOptions::default()
    });
    assert!(
        e.contains("no column 'specie' to colour by") && e.contains("did you mean 'species'"),
        "{e}"
    );
    let e = err(PairplotOptions {
        vars: Some(vec!["bill_length_mm".into(), "flipper".into()]),
        ..PairplotOptions::default()
    });
    assert!(
        e.contains("no numeric column 'flipper'") && e.contains("flipper_length_mm"),
        "{e}"
    );
    let e = err(PairplotOptions {
        vars: Some(vec!["species".into()]),
        ..PairplotOptions::default()
    });
    assert!(e.contains("'species' is a text column"), "{e}");
    let e = err(PairplotOptions {
        height: 0.0,
        ..PairplotOptions::default()
    });
    assert!(
        e.contains("height") && e.contains("not a positive number"),
        "{e}"
    );
    let e = err(PairplotOptions {
        max_vars: 3,
        ..PairplotOptions::default()
    });
    assert!(e.contains("4 variables, more than the 3"), "{e}");
}

#[test]
fn the_same_options_give_the_same_scene() {
    let table = birds();
    let fonts = FontBook::new();
    let o = PairplotOptions {
        hue: Some("species".into()),
        corner: true,
        ..PairplotOptions::default()
    };
    let a = pairplot(&table, &o, &fonts).unwrap();
    let b = pairplot(&table, &o, &fonts).unwrap();
    assert_eq!(a.scene, b.scene);
}

/// A table of `rows` rows: `a` rising, `flat` constant, `gone` all
/// missing, `b` a little noisy, and a text column `g` of `levels` levels,
/// the last of them on one row only.
fn awkward(rows: usize, levels: usize) -> plotmill_data::Table {
    let mut csv = String::from("a,flat,gone,b,g\n");
    for i in 0..rows {
        let level = if i + 1 == rows {
            levels - 1
        } else {
            i % (levels - 1).max(1)
        };
        csv.push_str(&format!("{i},5,,{},L{level}\n", (i * 7 % 11) as f64 / 3.0));
    }
    let options = CsvOptions {
        labels: vec!["g".into()],
        ..CsvOptions::default()
    };
    plotmill_data::read_csv_bytes(csv.as_bytes(), plotmill_data::Origin::Memory, &options)
        .unwrap()
        .table
}

#[test]
fn awkward_data_is_drawn_as_seaborn_draws_it() {
    // A constant column (no density: its diagonal is empty, as seaborn's
    // with warn_singular off), an all-missing one (empty panels), a hue
    // level of one row (no density of its own), 30 levels (husl colours):
    // all drawn, every point of every panel with two values.
    let fonts = FontBook::new();
    let table = awkward(90, 30);
    for kind in [PairKind::Scatter, PairKind::Reg] {
        for diag_kind in [DiagKind::Kde, DiagKind::Hist] {
            let o = PairplotOptions {
                hue: Some("g".into()),
                kind,
                diag_kind,
                ..PairplotOptions::default()
            };
            let chart = pairplot(&table, &o, &fonts).unwrap();
            assert_eq!(chart.axes.len(), 16, "{kind:?} {diag_kind:?}");
            // a against b: 90 points; anything against `gone`: none.
            assert_eq!(points_in(&chart, chart.axes[3 * 4].rect), 90);
            assert_eq!(points_in(&chart, chart.axes[4 + 2].rect), 0);
            let legend: Vec<String> = chart.axes.iter().flat_map(|a| a.legend.clone()).collect();
            assert_eq!(legend.len(), 30, "{kind:?} {diag_kind:?}");
        }
    }
}
