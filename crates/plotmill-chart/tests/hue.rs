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
    assert_eq!(cases, 16);
}

/// 600 rows in 30 levels `g00`..`g29`, a value column `v`, and numeric
/// columns `one` (a single value) and `none` (all missing).
fn thirty_levels() -> plotmill_data::Table {
    use plotmill_data::{Column, ColumnKind, Labels, Table};
    let n = 600;
    Table::new(
        n,
        vec![
            Column::new(
                "v",
                ColumnKind::Float,
                (0..n)
                    .map(|i| (i % 30) as f64 + (i % 7) as f64 / 7.0)
                    .collect(),
            ),
            Column::new("one", ColumnKind::Int, vec![3.0; n]),
            Column::new("none", ColumnKind::Float, vec![f64::NAN; n]),
        ],
    )
    .unwrap()
    .with_labels(vec![Labels::new(
        "g",
        (0..30).map(|i| format!("g{i:02}")).collect(),
        (0..n as u32).map(|i| i % 30).collect(),
    )])
    .unwrap()
    .with_text_columns(vec!["g".into()])
}

fn histogram(
    table: &plotmill_data::Table,
    hue: &str,
    palette: Option<&str>,
) -> Result<plotmill_chart::Chart, String> {
    let mut spec = serde_json::json!({"kind": "histplot", "x": "v", "hue": hue});
    if let Some(p) = palette {
        spec["palette"] = p.into();
    }
    let spec: ChartSpec = serde_json::from_value(spec).map_err(|e| e.to_string())?;
    spec.build(table, &FontBook::new())
        .map_err(|e| e.to_string())
}

#[test]
fn palettes_that_repeat_say_so_and_long_legends_are_reported() {
    let table = thirty_levels();
    // By default thirty levels get thirty husl colours: nothing repeats.
    let c = histogram(&table, "g", None).unwrap();
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let colors = handle_colors(&c, "g");
    assert_eq!(colors.len(), 30);
    for (i, a) in colors.iter().enumerate() {
        assert!(colors[i + 1..].iter().all(|b| b != a), "colour {i} repeats");
    }
    // The legend is taller than the figure: its last entries are cut off,
    // and the report says how tall a figure would hold them.
    let clipped: Vec<_> = c
        .crowding
        .iter()
        .filter(|k| matches!(k, plotmill_chart::Crowding::Clipped { .. }))
        .collect();
    assert_eq!(clipped.len(), 1, "{:?}", c.crowding);
    assert_eq!(clipped[0].role(), plotmill_chart::TextRole::Labels);
    assert!(clipped[0].grow() > 1.2, "{:?}", clipped[0]);
    // A named palette of ten colours repeats them, with a warning.
    let c = histogram(&table, "g", Some("deep")).unwrap();
    assert_eq!(c.warnings.len(), 1);
    assert!(
        c.warnings[0].contains("palette 'deep' has 10 colours for the 30 levels of 'g'"),
        "{:?}",
        c.warnings
    );
    let colors = handle_colors(&c, "g");
    assert_eq!(colors[0], colors[10]);
    assert_eq!(colors[9], colors[29]);
    // A list: short repeats, long is cut, both said; exact is silent.
    let short = histogram(&table, "g", Some("red,C1,#123456")).unwrap();
    assert!(short.warnings[0].contains("the palette list has 3 colours for the 30 levels"));
    let long: Vec<String> = (0..40).map(|i| format!("#{:06x}", i * 1000)).collect();
    let long = histogram(&table, "g", Some(&long.join(","))).unwrap();
    assert!(
        long.warnings[0].contains("the first 30 are used"),
        "{:?}",
        long.warnings
    );
    let exact: Vec<String> = (0..30).map(|i| format!("#{:06x}", i * 1000)).collect();
    assert!(
        histogram(&table, "g", Some(&exact.join(",")))
            .unwrap()
            .warnings
            .is_empty()
    );
    // Colours by level must cover every level drawn.
    let e = histogram(&table, "g", Some("g00=red,g01=C1")).unwrap_err();
    assert!(
        e.contains("no colour for 'g02', 'g03'")
            && e.contains("'g09' and 20 more of 'g'")
            && e.contains("(the palette gives g00, g01)"),
        "{e}"
    );
    let empty: ChartSpec = serde_json::from_value(
        serde_json::json!({"kind": "histplot", "x": "v", "hue": "g", "palette": []}),
    )
    .unwrap();
    let e = empty
        .build(&table, &FontBook::new())
        .unwrap_err()
        .to_string();
    assert!(e.contains("palette") && e.contains("empty"), "{e}");
    // A numeric hue of one value is one level at the map's light end; an
    // all-missing numeric hue draws nothing to colour and says so.
    let c = histogram(&table, "one", None).unwrap();
    assert_eq!(c.axes[0].legend, ["3"]);
    assert_eq!(handle_colors(&c, "one").len(), 1);
    let e = histogram(&table, "none", None).map(|c| c.axes[0].legend.clone());
    assert!(
        matches!(&e, Err(m) if m.contains("hue: 'none' has no values to colour by")),
        "{e:?}"
    );
}
