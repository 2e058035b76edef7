//! Integration tests of plotmill-chart.
//!
//! - `ticks`: tick positions equal matplotlib's for 305 view ranges
//!   (fixtures from `scripts/make_tick_fixtures.py`), and tick labels and
//!   offset texts equal matplotlib's ScalarFormatter's for 412 tick sets
//!   (`scripts/make_format_fixtures.py`).
//! - `dates`: date ticks, labels and offset texts equal matplotlib's
//!   AutoDateLocator and ConciseDateFormatter on 315 view ranges
//!   (`scripts/make_date_fixtures.py`).
//! - `log`: log-axis ticks (major and minor) and labels equal matplotlib's
//!   LogLocator and LogFormatterSciNotation on 310 views
//!   (`scripts/make_log_fixtures.py`).
//! - `layout`: under `tight` and `constrained`, wide long-named data keeps
//!   every text on the page and apart; under `none` the clipping is
//!   reported.
//! - `compose`: figures composed by hand (limits, shared axes, categories,
//!   aspect, spines, grid, legends, clipping, bad input) as matplotlib
//!   builds them.
//! - `density`: densities equal seaborn's kdeplot (limits, curves, legend)
//!   on 10 option sets (`scripts/make_kdeplot_fixtures.py`).
//! - `hist`: histograms equal seaborn's histplot (limits, bars, legend)
//!   on 14 option sets (`scripts/make_hist_fixtures.py`).
//! - `pairplot`: pair plots laid out and scaled as seaborn's pairplot
//!   (figure size, panel boxes and limits, tick labels, points, legend)
//!   on 11 option sets (scatter, reg, kde, hist) (`scripts/make_pairplot_fixtures.py`), seaborn's
//!   diagonal rule, bad input.
//! - `hue`: numeric hues coloured, and their legends drawn, as seaborn's
//!   on 9 option sets (`scripts/make_hue_fixtures.py`).
//! - `clustermap`: clustermaps laid out, ordered and labelled as
//!   seaborn's on 8 option sets (`scripts/make_clustermap_fixtures.py`).
//! - `structure`: each kind's Axes tree (how many, where, limits, tick
//!   labels, legend entries).

mod categorical;
mod clustermap;
mod compose;
mod dates;
mod density;
mod hist;
mod hue;
mod layout;
mod lineplot;
mod log;
mod pairplot;
mod structure;
mod ticks;

/// The cases of `tests/fixtures/<name>`, a fixture script's JSON
/// (`{"cases": [...]}`).
fn fixture_cases(name: &str) -> Vec<serde_json::Value> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let fixture: serde_json::Value = serde_json::from_str(&text).unwrap();
    fixture["cases"].as_array().unwrap().clone()
}

/// A fixture case's chart of `kind`: its options as a spec, drawn from its
/// data file (`data`, relative to the repository), the spec's label
/// columns kept. Panics naming the case when it cannot be drawn.
fn chart_of_case(
    kind: &str,
    case: &serde_json::Value,
    fonts: &plotmill_text::FontBook,
) -> plotmill_chart::Chart {
    let name = case["name"].as_str().unwrap();
    let mut fields = case["options"].as_object().unwrap().clone();
    fields.insert("kind".into(), kind.into());
    let spec: plotmill_chart::ChartSpec =
        serde_json::from_value(serde_json::Value::Object(fields)).unwrap();
    let options = plotmill_data::CsvOptions {
        labels: spec.label_columns(),
        ..plotmill_data::CsvOptions::default()
    };
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let table = plotmill_data::read_csv_path(&root.join(case["data"].as_str().unwrap()), &options)
        .unwrap()
        .table;
    spec.build(&table, fonts)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Whether `m` is the marker matplotlib drew: its outline (the path's
/// corners, in points, y up), the outline's width and colour.
pub(crate) fn same_marker(
    m: &plotmill_scene::Marker,
    want: &serde_json::Value,
) -> Result<(), String> {
    let verts: Vec<(f64, f64)> = want["verts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v[0].as_f64().unwrap(), v[1].as_f64().unwrap()))
        .collect();
    let (edge, color) = m.edge();
    let mec = want["mec"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect::<Vec<f64>>();
    if (edge - want["mew"].as_f64().unwrap()).abs() > 1e-9
        || color.is_none_or(|c| {
            [c.r, c.g, c.b, c.a]
                .iter()
                .zip(&mec)
                .any(|(a, b)| (a - b).abs() > 1e-9)
        })
    {
        return Err(format!("rim {edge} {color:?} vs {want}"));
    }
    match *m {
        // A circle's path is Béziers: their box is the radius'.
        plotmill_scene::Marker::Circle { radius, .. } => {
            let reach = verts
                .iter()
                .fold(0f64, |r, v| r.max(v.0.abs()).max(v.1.abs()));
            ((radius - reach).abs() < 1e-9)
                .then_some(())
                .ok_or(format!("radius {radius} vs {reach}"))
        }
        plotmill_scene::Marker::Shape { shape, size, .. } => {
            let ours: Vec<(f64, f64)> = shape
                .outline()
                .map_err(|_| "a disc".to_owned())?
                .into_iter()
                .map(|(x, y)| (x * size, y * size))
                .collect();
            let has = |set: &[(f64, f64)], p: &(f64, f64)| {
                set.iter()
                    .any(|q| (q.0 - p.0).abs() < 1e-9 && (q.1 - p.1).abs() < 1e-9)
            };
            (ours.iter().all(|p| has(&verts, p)) && verts.iter().all(|p| has(&ours, p)))
                .then_some(())
                .ok_or(format!("{shape:?} corners {ours:?} vs {verts:?}"))
        }
    }
}
