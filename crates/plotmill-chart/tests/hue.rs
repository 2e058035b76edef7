//! Colouring by a numeric hue against seaborn 0.13
//! (`scripts/make_hue_fixtures.py`): histplot and kdeplot by a whole-number
//! column and by a float column with 153 values, on cubehelix (the
//! default), viridis, rocket_r and `ch:` palettes, and as categories under a
//! qualitative palette; pairplot by a float column (seaborn's brief legend
//! of round values, the hue left out of the default variables). Each chart
//! has seaborn's legend title, labels and handle colours.

use std::path::PathBuf;

use plotmill_chart::ChartSpec;
use plotmill_data::{CsvOptions, read_csv_path};
use plotmill_scene::{Color, Item};
use plotmill_text::FontBook;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(name: &str) -> plotmill_data::Table {
    let options = CsvOptions {
        labels: vec!["species".into(), "sex".into(), "island".into()],
        ..CsvOptions::default()
    };
    read_csv_path(&root().join(format!("examples/data/{name}.csv")), &options)
        .unwrap()
        .table
}

/// The colours of the legend's handles: the items drawn after its title,
/// other than text (a patch's face, or its edge when unfilled; a line's
/// colour; a marker's face).
fn handle_colors(chart: &plotmill_chart::Chart, title: &str) -> Vec<Color> {
    let items = &chart.scene.items;
    let start = items
        .iter()
        .rposition(|i| matches!(i, Item::Text(t) if t.text == title))
        .expect("the legend's title");
    items[start + 1..]
        .iter()
        .filter_map(|i| match i {
            Item::Rect { fill: Some(c), .. } if c.a > 0.0 => Some(*c),
            Item::Rect {
                stroke: Some(s), ..
            } => Some(s.color),
            Item::Line { stroke, .. } => Some(stroke.color),
            Item::Markers { fill, .. } => Some(*fill),
            _ => None,
        })
        .collect()
}

#[test]
fn numeric_hues_are_coloured_as_seaborn_colours_them() {
    let fixtures: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("crates/plotmill-chart/tests/fixtures/hue.json"))
            .unwrap(),
    )
    .unwrap();
    let fonts = FontBook::new();
    let mut cases = 0;
    for case in fixtures["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let table = read(case["data"].as_str().unwrap());
        let mut fields = case["options"].as_object().unwrap().clone();
        fields.insert("kind".into(), case["chart"].clone());
        let spec: ChartSpec = serde_json::from_value(Value::Object(fields)).unwrap();
        let chart = spec
            .build(&table, &fonts)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let want: Vec<&str> = case["legend"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let legend: Vec<&str> = chart
            .axes
            .iter()
            .flat_map(|a| a.legend.iter().map(String::as_str))
            .collect();
        assert_eq!(legend, want, "{name}: legend");
        let title = case["legend_title"].as_str().unwrap();
        let colors = handle_colors(&chart, title);
        let want: Vec<[f64; 3]> = serde_json::from_value(case["legend_colors"].clone()).unwrap();
        assert_eq!(colors.len(), want.len(), "{name}: handles {colors:?}");
        for (k, (c, w)) in colors.iter().zip(&want).enumerate() {
            let d = (c.r - w[0])
                .abs()
                .max((c.g - w[1]).abs())
                .max((c.b - w[2]).abs());
            assert!(
                d < 1e-6,
                "{name}: handle {k} ({}): {c:?} vs {w:?}",
                legend[k]
            );
        }
        if let Some(vars) = case["vars"].as_array() {
            // Every variable labels the grid; the hue only titles the legend.
            for v in vars {
                let v = v.as_str().unwrap();
                assert!(chart.scene.texts().any(|t| t.text == v), "{name}: {v}");
            }
            let titles = chart.scene.texts().filter(|t| t.text == title).count();
            assert_eq!(titles, 1, "{name}: the hue drawn as a variable");
        }
        cases += 1;
    }
    assert_eq!(cases, 9);
}
