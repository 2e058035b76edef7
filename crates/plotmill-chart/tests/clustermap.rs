//! The clustermap against seaborn's `clustermap`
//! (`scripts/make_clustermap_fixtures.py`): on 8 option sets (a
//! correlation matrix, the data's rows named by a column, every linkage
//! method, four metrics, z_score and standard_scale, colour strips from a
//! column and by name, one axis clustered, a colorbar moved or left out,
//! annotations), every axes' place in the figure after seaborn's tight
//! layout (within 3.5 pt), the heatmap's tick labels in their clustered
//! order and their rotation, the rows' label, the colorbar's tick labels,
//! and each colour strip's colours and label.

use plotmill_chart::AxesRole;
use plotmill_scene::Item;
use plotmill_text::FontBook;
use serde_json::Value;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn clustermaps_are_seaborns() {
    let fonts = FontBook::new();
    let cases = super::fixture_cases("clustermap.json");
    assert_eq!(cases.len(), 8);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let chart = super::chart_of_case("clustermap", case, &fonts);
        let (w, h) = (chart.scene.width, chart.scene.height);
        // Every axes where seaborn's is, within a point: the text is
        // hinted as Agg hints it (at 100 dpi "g05" is 27 px, 19.44 pt,
        // where its outlines' advance is 19.07 pt), and the tight layout
        // measures it so (0.96 pt at most here; by the outlines it was up
        // to 3.45 pt, under 6 x 6 in with labels like "flipper_length_mm").
        let want = case["axes"].as_array().unwrap();
        assert_eq!(chart.axes.len(), want.len(), "{name}: axes");
        for (got, want) in chart.axes.iter().zip(want) {
            let b: Vec<f64> = want["bounds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let r = got.rect;
            let ours = [r.x / w, 1.0 - r.bottom() / h, r.w / w, r.h / h];
            for k in 0..4 {
                let scale = if k % 2 == 0 { w } else { h };
                assert!(
                    (ours[k] - b[k]).abs() * scale <= 1.0,
                    "{name}: {} bounds {ours:?} vs seaborn's {b:?}",
                    want["name"]
                );
            }
        }
        let heat = chart
            .axes
            .iter()
            .rfind(|a| a.role == AxesRole::Plot)
            .unwrap();
        assert_eq!(
            heat.xtick_labels,
            strings(&case["xticklabels"]),
            "{name}: x"
        );
        assert_eq!(
            heat.ytick_labels,
            strings(&case["yticklabels"]),
            "{name}: y"
        );
        let rotation = case["rotation"].as_array().unwrap();
        assert_eq!(
            heat.tick_rotation,
            (rotation[0].as_f64().unwrap(), rotation[1].as_f64().unwrap()),
            "{name}: rotation"
        );
        let texts: Vec<&str> = chart.scene.texts().map(|t| t.text.as_str()).collect();
        let ylabel = case["ylabel"].as_str().unwrap();
        if !ylabel.is_empty() {
            assert!(texts.contains(&ylabel), "{name}: ylabel {ylabel}");
        }
        match chart.axes.iter().find(|a| a.role == AxesRole::Colorbar) {
            Some(cbar) => assert_eq!(
                cbar.ytick_labels,
                strings(&case["cbar_ticks"]),
                "{name}: colorbar"
            ),
            None => assert!(case["cbar_ticks"].as_array().unwrap().is_empty()),
        }
        // The strips: the meshes before the heatmap's.
        let meshes: Vec<&Vec<(plotmill_scene::Rect, plotmill_scene::Color)>> = chart
            .scene
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Mesh { cells } => Some(cells),
                _ => None,
            })
            .collect();
        let strips = case["strips"].as_object().unwrap();
        for (k, key) in ["row_colors", "col_colors"]
            .iter()
            .filter(|k| strips.contains_key(**k))
            .enumerate()
        {
            let want = &strips[*key];
            let colors: Vec<[f64; 3]> = meshes[k].iter().map(|c| [c.1.r, c.1.g, c.1.b]).collect();
            let expected: Vec<[f64; 3]> = want["colors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    let v: Vec<f64> = c
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_f64().unwrap())
                        .collect();
                    [v[0], v[1], v[2]]
                })
                .collect();
            assert_eq!(colors.len(), expected.len(), "{name}: {key}");
            for (g, e) in colors.iter().zip(&expected) {
                assert!(
                    g.iter().zip(e).all(|(a, b)| (a - b).abs() < 1e-6),
                    "{name}: {key} {g:?} vs {e:?}"
                );
            }
            for label in strings(&want["labels"]) {
                assert!(
                    texts.contains(&label.as_str()),
                    "{name}: {key} label {label}"
                );
            }
        }
    }
}

/// Bad input: each error names the option and the row, column or limit,
/// and says what to do.
#[test]
fn bad_input_is_named() {
    use plotmill_chart::{ClustermapOptions, StripColors, clustermap};
    use plotmill_data::{CsvOptions, Origin, read_csv_bytes};
    let fonts = FontBook::new();
    let read = |text: &str, labels: &[&str]| {
        let options = CsvOptions {
            labels: labels.iter().map(|s| (*s).to_owned()).collect(),
            ..CsvOptions::default()
        };
        read_csv_bytes(text.as_bytes(), Origin::Memory, &options)
            .unwrap()
            .table
    };
    let table = read(
        "name,kind,a,b,c\np,x,1,2,3\nq,y,2,,5\nr,x,3,1,4\ns,y,0,4,1\n",
        &["name", "kind"],
    );
    let err = |o: ClustermapOptions| clustermap(&table, &o, &fonts).unwrap_err().to_string();
    // A missing value: named by its row and column, with the way out.
    let e = err(ClustermapOptions {
        index: Some("name".into()),
        ..ClustermapOptions::default()
    });
    assert!(
        e.starts_with("dropna: row 'q', column 'b' has no value;") && e.contains("give dropna"),
        "{e}"
    );
    // dropna leaves that row out; unclustered, the gap is a blank cell.
    for o in [
        ClustermapOptions {
            dropna: true,
            ..ClustermapOptions::default()
        },
        ClustermapOptions {
            row_cluster: false,
            col_cluster: false,
            ..ClustermapOptions::default()
        },
    ] {
        clustermap(&table, &o, &fonts).unwrap();
    }
    let e = err(ClustermapOptions {
        index: Some("nme".into()),
        ..ClustermapOptions::default()
    });
    assert!(
        e.contains("no column 'nme'") && e.contains("did you mean 'name'"),
        "{e}"
    );
    let e = err(ClustermapOptions {
        z_score: Some(0),
        standard_scale: Some(1),
        ..ClustermapOptions::default()
    });
    assert!(
        e.starts_with("z_score: z_score and standard_scale cannot both"),
        "{e}"
    );
    let e = err(ClustermapOptions {
        z_score: Some(2),
        ..ClustermapOptions::default()
    });
    assert!(e.contains("2 is not an axis; give 0"), "{e}");
    let e = err(ClustermapOptions {
        method: plotmill_data::stats::cluster::Method::Ward,
        metric: plotmill_data::stats::cluster::Metric::Cosine,
        ..ClustermapOptions::default()
    });
    assert!(
        e.starts_with("metric: method ward is defined on euclidean"),
        "{e}"
    );
    // A column of the data cannot colour the variables of a correlation.
    let e = err(ClustermapOptions {
        corr: true,
        row_colors: Some(StripColors::Column("kind".into())),
        ..ClustermapOptions::default()
    });
    assert!(
        e.starts_with("row_colors: 'kind' names a column, but with corr"),
        "{e}"
    );
    let e = err(ClustermapOptions {
        dropna: true,
        col_colors: Some(StripColors::parse("red,blue").unwrap()),
        ..ClustermapOptions::default()
    });
    assert!(
        e.starts_with("col_colors: 2 colours given for 3 columns"),
        "{e}"
    );
    // A constant row has no correlation distance.
    let flat = read("a,b,c\n1,1,1\n1,2,3\n3,2,0\n", &[]);
    let o = ClustermapOptions {
        metric: plotmill_data::stats::cluster::Metric::Correlation,
        ..ClustermapOptions::default()
    };
    let e = clustermap(&flat, &o, &fonts).unwrap_err().to_string();
    assert!(
        e.starts_with("metric: clustering the rows: observations 0 and 1 (counting from 0) have no correlation distance"),
        "{e}"
    );
    // More rows than the limit.
    let many: String = std::iter::once("a,b\n".to_owned())
        .chain((0..2001).map(|i| format!("{i},{}\n", i % 7)))
        .collect();
    let e = clustermap(&read(&many, &[]), &ClustermapOptions::default(), &fonts)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("2001 rows is more than the 2000 a clustermap clusters"),
        "{e}"
    );
}
