//! The histogram against seaborn's `histplot` on `examples/data/species.csv`
//! (`scripts/make_hist_fixtures.py`): for 16 option sets (hue, stack,
//! dodge, fill, stats, bin rules, widths, ranges, discrete, cumulative,
//! steps and polygons, log scales), the same axes limits, every bar in the same place
//! and size, the same legend and y label.

use std::path::PathBuf;

use plotmill_chart::{HistplotOptions, histplot};
use plotmill_data::{CsvOptions, read_csv_path};
use plotmill_scene::{Color, Item, Rect};
use plotmill_text::FontBook;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn species() -> plotmill_data::Table {
    let options = CsvOptions {
        labels: vec!["species".into(), "sex".into(), "island".into()],
        ..CsvOptions::default()
    };
    read_csv_path(&root().join("examples/data/species.csv"), &options)
        .unwrap()
        .table
}

fn pair(s: &str) -> (f64, f64) {
    let v: Vec<f64> = s.split(' ').map(|x| x.parse().unwrap()).collect();
    (v[0], v[1])
}

fn near(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-9 * scale.abs().max(1e-300)
}

/// The filled, outlined rectangles drawn before the legend's frame: the
/// bars, in drawing order, in data values.
fn bars(chart: &plotmill_chart::Chart, log_x: bool) -> Vec<(f64, f64, f64, f64)> {
    let a = &chart.axes[0];
    let frame = Color::WHITE.with_alpha(0.8);
    let to_data = |r: Rect| {
        let fx = |px: f64| {
            let t = (px - a.rect.x) / a.rect.w;
            if log_x {
                10f64.powf(a.xlim.0.log10() + t * (a.xlim.1.log10() - a.xlim.0.log10()))
            } else {
                a.xlim.0 + t * (a.xlim.1 - a.xlim.0)
            }
        };
        let fy = |py: f64| a.ylim.0 + (a.rect.bottom() - py) / a.rect.h * (a.ylim.1 - a.ylim.0);
        (
            fx(r.x),
            fy(r.bottom()),
            fx(r.right()) - fx(r.x),
            fy(r.y) - fy(r.bottom()),
        )
    };
    chart
        .scene
        .items
        .iter()
        .take_while(|i| !matches!(i, Item::RoundRect { fill: Some(c), .. } if *c == frame))
        .filter_map(|i| match i {
            Item::Rect {
                rect,
                fill: Some(_),
                stroke: Some(_),
            } => Some(to_data(*rect)),
            _ => None,
        })
        .collect()
}

#[test]
fn histograms_are_seaborns() {
    let table = species();
    let fonts = FontBook::new();
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hist.tsv"),
    )
    .unwrap();
    let mut cases = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let options: HistplotOptions = serde_json::from_str(f[0]).unwrap();
        let chart =
            histplot(&table, &options, &fonts).unwrap_or_else(|e| panic!("{}: {e:?}", f[0]));
        let a = &chart.axes[0];
        let (xlim, ylim) = (pair(f[1]), pair(f[2]));
        let (sx, sy) = (xlim.1 - xlim.0, ylim.1 - ylim.0);
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
        assert!(
            chart.scene.texts().any(|t| t.text == f[5]),
            "{}: y label {}",
            f[0],
            f[5]
        );
        if f[3] != "-" && !f[0].contains("\"element\"") {
            // seaborn's bars, those of zero height left out (they draw no area).
            let want: Vec<(f64, f64, f64, f64)> = f[3]
                .split(';')
                .map(|b| {
                    let v: Vec<f64> = b.split(',').map(|x| x.parse().unwrap()).collect();
                    (v[0], v[1], v[2], v[3])
                })
                .filter(|b| b.3 != 0.0)
                .collect();
            let got = bars(&chart, options.log_scale);
            assert_eq!(got.len(), want.len(), "{}: bar count", f[0]);
            // Page points and back: a millionth of the axes' span (of the
            // value, on a log axis).
            let close = |g: f64, w: f64, s: f64| (g - w).abs() <= 1e-6 * s.max(w.abs());
            for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!(
                    close(g.0, w.0, sx)
                        && close(g.1, w.1, sy)
                        && close(g.2, w.2, sx)
                        && close(g.3, w.3, sy),
                    "{}: bar {k}: {g:?} vs {w:?}",
                    f[0]
                );
            }
        }
        cases += 1;
    }
    assert_eq!(cases, 16);
}

#[test]
fn bad_columns_and_options_are_named() {
    let table = species();
    let fonts = FontBook::new();
    let err = |o: HistplotOptions| histplot(&table, &o, &fonts).unwrap_err().to_string();
    let e = err(HistplotOptions {
        x: "flipper".into(),
        ..Default::default()
    });
    assert!(
        e.contains("no numeric column 'flipper'") && e.contains("did you mean 'flipper_length_mm'"),
        "{e}"
    );
    let e = err(HistplotOptions {
        x: "species".into(),
        ..Default::default()
    });
    assert!(e.contains("'species' is a text column"), "{e}");
    let e = err(HistplotOptions {
        x: "body_mass_g".into(),
        hue: Some("specie".into()),
        ..Default::default()
    });
    assert!(
        e.contains("no column 'specie' to colour by")
            && e.contains("species, island, sex, bill_length_mm")
            && e.contains("did you mean 'species'"),
        "{e}"
    );
    // hue_norm is a numeric hue's range.
    let e = err(HistplotOptions {
        x: "body_mass_g".into(),
        hue: Some("species".into()),
        hue_norm: Some((0.0, 1.0)),
        ..Default::default()
    });
    assert!(
        e.contains("hue_norm") && e.contains("'species' is a text column"),
        "{e}"
    );
    let e = err(HistplotOptions {
        x: "body_mass_g".into(),
        hue: Some("year".into()),
        hue_norm: Some((2009.0, 2007.0)),
        ..Default::default()
    });
    assert!(
        e.contains("hue_norm") && e.contains("LOW below HIGH"),
        "{e}"
    );
    // A numeric hue's order lists its values.
    let e = err(HistplotOptions {
        x: "body_mass_g".into(),
        hue: Some("year".into()),
        hue_order: Some(vec!["2008".into(), "late".into()]),
        ..Default::default()
    });
    assert!(
        e.contains("hue_order") && e.contains("'late' is not a number") && e.contains("2008"),
        "{e}"
    );
    let e = err(HistplotOptions {
        x: "body_mass_g".into(),
        hue: Some("year".into()),
        palette: Some("ch:q=1".into()),
        ..Default::default()
    });
    assert!(
        e.contains("palette") && e.contains("ch:s=.25,rot=-.25"),
        "{e}"
    );
    // A hue of a level per row would colour nothing apart.
    let many = plotmill_data::Table::new(
        300,
        vec![plotmill_data::Column::new(
            "v",
            plotmill_data::ColumnKind::Float,
            (0..300).map(f64::from).collect(),
        )],
    )
    .unwrap()
    .with_labels(vec![plotmill_data::Labels::new(
        "id",
        (0..300).map(|i| i.to_string()).collect(),
        (0..300).collect(),
    )])
    .unwrap()
    .with_text_columns(vec!["id".into()]);
    let e = histplot(
        &many,
        &HistplotOptions {
            x: "v".into(),
            hue: Some("id".into()),
            ..Default::default()
        },
        &fonts,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("300 levels") && e.contains("hue_order"), "{e}");
    // So would a numeric hue of a value per row.
    let e = histplot(
        &many,
        &HistplotOptions {
            x: "v".into(),
            hue: Some("v".into()),
            ..Default::default()
        },
        &fonts,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("300 distinct values"), "{e}");
    let e = err(HistplotOptions {
        x: "body_mass_g".into(),
        binwidth: Some(1e-6),
        ..Default::default()
    });
    assert!(e.contains("binwidth") && e.contains("more than"), "{e}");
    let e = err(HistplotOptions {
        x: "body_mass_g".into(),
        palette: Some("viridiss".into()),
        ..Default::default()
    });
    assert!(e.contains("did you mean 'viridis'"), "{e}");
}
