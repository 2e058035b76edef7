//! Query parameters to a [`ChartSpec`]: the CLI's flag names (snake or
//! kebab case), each value typed as the spec's field is.

use plotmill_chart::{ChartSpec, DashPattern, MarkerCode, StyleMap};
use serde_json::{Map, Value};

/// Builds the spec of `kind` from query pairs. Errors name the parameter.
pub(crate) fn spec_from_query(kind: &str, pairs: &[(String, String)]) -> Result<ChartSpec, String> {
    // The defaults, as JSON, tell each field's type.
    let Some(spec) = ChartSpec::from_kind(kind) else {
        return Err(format!(
            "unknown chart kind '{kind}'; the kinds are {}",
            ChartSpec::kinds_text()
        ));
    };
    let mut defaults = serde_json::to_value(spec).map_err(|e| e.to_string())?;
    // The kind is the path's, not a parameter.
    if let Some(o) = defaults.as_object_mut() {
        o.remove("kind");
    }
    let mut object = Map::new();
    object.insert("kind".to_owned(), Value::String(kind.to_owned()));
    for (key, raw) in pairs {
        let key = key.replace('-', "_");
        if object.contains_key(&key) {
            return Err(format!("parameter '{key}' is given twice"));
        }
        let value = match defaults.get(&key) {
            // An error bar as the CLI writes it: ci, ci,95, none.
            Some(_) if key == "errorbar" => Value::String(raw.clone()),
            // Jitter (and a point plot's dodge): true, false, or an amount.
            Some(_) if key == "jitter" || (key == "dodge" && kind == "pointplot") => {
                match raw.as_str() {
                    "true" | "yes" | "" => Value::Bool(true),
                    "false" | "no" => Value::Bool(false),
                    _ => number(&key, raw)?,
                }
            }
            // A style's markers and dashes: true, false, a list, or
            // LEVEL=VALUE pairs, as the CLI takes them.
            // A point plot's marker(s) and line style(s): one, or a list.
            Some(_) if kind == "pointplot" && (key == "markers" || key == "linestyles") => {
                Value::Array(
                    plotmill_chart::split_list(raw)
                        .into_iter()
                        .map(|v| Value::String(v.to_owned()))
                        .collect(),
                )
            }
            Some(_) if key == "markers" => style_map(&key, raw, MarkerCode::parse)?,
            Some(_) if key == "dashes" => style_map(&key, raw, DashPattern::parse)?,
            // A line plot's widths: MIN,MAX or LEVEL=WIDTH pairs.
            Some(_) if key == "sizes" => serde_json::to_value(
                plotmill_chart::Sizes::parse(raw).map_err(|e| format!("parameter '{key}': {e}"))?,
            )
            .map_err(|e| format!("parameter '{key}': {e}"))?,
            // Whiskers: a reach (1.5) or percentiles (5,95).
            Some(_) if key == "whis" && raw.contains(',') => pair(&key, raw)?,
            // A clustermap's ratios: one for both sides, or WIDTH,HEIGHT.
            Some(_) if key == "dendrogram_ratio" || key == "colors_ratio" => {
                if raw.contains(',') {
                    pair(&key, raw)?
                } else {
                    number(&key, raw)?
                }
            }
            // Its colorbar: LEFT,BOTTOM,WIDTH,HEIGHT, or none.
            Some(_) if key == "cbar_pos" => match raw.as_str() {
                "none" | "null" | "false" => Value::Null,
                _ => numbers(&key, raw, 4)?,
            },
            None => {
                let known: Vec<&str> = defaults
                    .as_object()
                    .map(|o| o.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let near = plotmill_scene::closest_name(&key, known.iter().copied())
                    .map(|n| format!("did you mean '{n}'? "))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown parameter '{key}'; {near}{kind} takes {}",
                    known.join(", ")
                ));
            }
            Some(Value::Bool(_)) => match raw.as_str() {
                "true" | "1" | "yes" | "" => Value::Bool(true),
                "false" | "0" | "no" => Value::Bool(false),
                _ => return Err(format!("parameter '{key}': '{raw}' is not true or false")),
            },
            Some(Value::Array(_)) => {
                // figsize: WxH, as the CLI takes it.
                let (w, h) = raw
                    .split_once(['x', 'X'])
                    .and_then(|(w, h)| {
                        Some((w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?))
                    })
                    // Its range is the spec's to check (validate).
                    .ok_or_else(|| {
                        format!("parameter '{key}': '{raw}' is not WxH in inches, such as 8x6")
                    })?;
                serde_json::json!([w, h])
            }
            Some(Value::Number(_)) => number(&key, raw)?,
            Some(Value::String(_)) => Value::String(raw.clone()),
            // Optional fields: lists written with commas, pairs, numbers, and
            // text for the rest (the spec's reader says what is wrong).
            Some(_)
                if matches!(
                    key.as_str(),
                    "hue_order"
                        | "order"
                        | "vars"
                        | "x_vars"
                        | "y_vars"
                        | "columns"
                        | "style_order"
                        | "size_order"
                ) =>
            {
                Value::Array(
                    raw.split(',')
                        .map(|v| Value::String(v.to_owned()))
                        .collect(),
                )
            }
            Some(_) if key == "fill" || key == "dodge" => match raw.as_str() {
                "true" | "1" | "yes" | "" => Value::Bool(true),
                "false" | "0" | "no" => Value::Bool(false),
                _ => return Err(format!("parameter '{key}': '{raw}' is not true or false")),
            },
            Some(_) if matches!(key.as_str(), "binrange" | "clip" | "hue_norm" | "size_norm") => {
                pair(&key, raw)?
            }
            Some(_)
                if matches!(
                    key.as_str(),
                    "title"
                        | "annot_color"
                        | "cbar_label"
                        | "hue"
                        | "palette"
                        | "color"
                        | "linecolor"
                        | "edgecolor"
                        | "date_format"
                        | "cmap"
                        | "style"
                        | "size"
                        | "units"
                        | "marker"
                        | "index"
                        | "row_colors"
                        | "col_colors"
                        | "orient"
                        | "x"
                        | "y"
                ) =>
            {
                Value::String(raw.clone())
            }
            Some(_) if key == "mask_cells" || key == "annot_labels" => {
                return Err(format!(
                    "parameter '{key}' is a list, one per cell; send it in a chart spec to POST /v1/render"
                ));
            }
            Some(_) => number(&key, raw)?,
        };
        object.insert(key, value);
    }
    serde_json::from_value(Value::Object(object)).map_err(|e: serde_json::Error| {
        let message = e.to_string();
        // The spec's reader names the field at fault.
        match plotmill_chart::field_of(&message) {
            Some((key, rest)) => format!(
                "parameter '{key}': {}",
                plotmill_chart::explain_unknown_name(rest)
            ),
            None => plotmill_chart::explain_unknown_name(&message),
        }
    })
}

/// A style map (`true`, `false`, a list, `LEVEL=VALUE` pairs) as JSON.
fn style_map<T: serde::Serialize>(
    key: &str,
    raw: &str,
    value: impl Fn(&str) -> Result<T, String>,
) -> Result<Value, String> {
    StyleMap::parse(raw, value)
        .and_then(|m| serde_json::to_value(m).map_err(|e| e.to_string()))
        .map_err(|e| format!("parameter '{key}': {e}"))
}

/// `n` comma-separated numbers as a JSON list, or `None`.
fn list(raw: &str, n: usize) -> Option<Value> {
    let v: Option<Vec<Value>> = raw
        .split(',')
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
        })
        .collect();
    v.filter(|v| v.len() == n).map(Value::Array)
}

/// `n` comma-separated numbers, as a JSON list.
fn numbers(key: &str, raw: &str, n: usize) -> Result<Value, String> {
    list(raw, n)
        .ok_or_else(|| format!("parameter '{key}': '{raw}' is not {n} comma-separated numbers"))
}

/// Two numbers written LOW,HIGH, as a JSON pair.
fn pair(key: &str, raw: &str) -> Result<Value, String> {
    list(raw, 2).ok_or_else(|| format!("parameter '{key}': '{raw}' is not LOW,HIGH, such as 0,100"))
}

fn number(key: &str, raw: &str) -> Result<Value, String> {
    if let Ok(i) = raw.parse::<u64>() {
        return Ok(Value::from(i));
    }
    raw.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| format!("parameter '{key}': '{raw}' is not a number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_chart::ChartKind;
    use plotmill_data::CorrMethod;
    use plotmill_render::Format;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn query_pairs_become_a_spec() {
        let spec = spec_from_query(
            "heatmap",
            &pairs(&[
                ("method", "spearman"),
                ("min-periods", "3"),
                ("annot", "false"),
                ("fmt", ".2f"),
                ("figsize", "4x3"),
                ("vmin", "-1"),
                ("format", "svg"),
                ("title", "42"),
                ("cbar-label", "7"),
                ("cbar_shrink", "0.5"),
                ("layout", "constrained"),
            ]),
        )
        .unwrap();
        assert_eq!(spec.output.format, Format::Svg);
        let ChartKind::Heatmap(h) = spec.chart else {
            panic!()
        };
        assert_eq!(
            (h.method, h.min_periods, h.annot),
            (CorrMethod::Spearman, 3, false)
        );
        assert_eq!(
            (h.fmt.as_str(), h.figsize, h.vmin),
            (".2f", (4.0, 3.0), Some(-1.0))
        );
        assert_eq!(h.title.as_deref(), Some("42"));
        assert_eq!((h.cbar_label.as_deref(), h.cbar_shrink), (Some("7"), 0.5));
        assert_eq!(h.layout, plotmill_chart::Layout::Constrained);
    }

    #[test]
    fn a_histogram_takes_its_columns_lists_and_pairs() {
        let spec = spec_from_query(
            "histplot",
            &pairs(&[
                ("x", "flipper_length_mm"),
                ("hue", "species"),
                ("hue_order", "Adelie,Gentoo"),
                ("palette", "colorblind"),
                ("bins", "sturges"),
                ("binrange", "170,240"),
                ("multiple", "dodge"),
                ("common-norm", "false"),
                ("kde", "true"),
            ]),
        )
        .unwrap();
        let ChartKind::Histplot(h) = spec.chart else {
            panic!()
        };
        assert_eq!(h.x, "flipper_length_mm");
        assert_eq!(h.hue.as_deref(), Some("species"));
        assert_eq!(h.hue_order, Some(vec!["Adelie".into(), "Gentoo".into()]));
        assert_eq!(h.palette, Some("colorblind".into()));
        assert_eq!(h.binrange, Some((170.0, 240.0)));
        assert!(!h.common_norm && h.kde);
        // A palette's colours by level, in one parameter.
        let spec = spec_from_query(
            "histplot",
            &pairs(&[("x", "a"), ("hue", "g"), ("palette", "p=C0,q=#ff0000")]),
        )
        .unwrap();
        let ChartKind::Histplot(h) = spec.chart else {
            panic!()
        };
        assert_eq!(
            h.palette,
            Some(plotmill_chart::Palette::parse("q=red,p=C0").unwrap())
        );
        let e = spec_from_query("histplot", &pairs(&[("x", "a"), ("palette", "red,nope")]))
            .unwrap_err();
        assert!(
            e.contains("parameter 'palette'") && e.contains("'nope'"),
            "{e}"
        );
        let e = spec_from_query("histplot", &pairs(&[("binrange", "1")])).unwrap_err();
        assert_eq!(
            e,
            "parameter 'binrange': '1' is not LOW,HIGH, such as 0,100"
        );
        let e = spec_from_query("histplot", &pairs(&[("bins", "0")])).unwrap_err();
        assert!(
            e.starts_with("parameter 'bins': '0' is not a bin choice"),
            "{e}"
        );
    }

    #[test]
    fn a_pair_plot_takes_its_variable_lists() {
        let spec = spec_from_query(
            "pairplot",
            &pairs(&[
                ("hue", "species"),
                ("vars", "bill_length_mm,body_mass_g"),
                ("diag-kind", "hist"),
                ("corner", "true"),
                ("height", "2"),
                ("bins", "12"),
            ]),
        )
        .unwrap();
        let ChartKind::Pairplot(p) = spec.chart else {
            panic!()
        };
        assert_eq!(
            p.vars,
            Some(vec!["bill_length_mm".into(), "body_mass_g".into()])
        );
        assert_eq!(p.diag_kind, plotmill_chart::DiagKind::Hist);
        assert!(p.corner);
        assert_eq!(
            (p.height, p.bins),
            (2.0, plotmill_chart::BinCount::Count(12))
        );
        let e = spec_from_query("pairplot", &pairs(&[("diag_kind", "violin")])).unwrap_err();
        assert!(e.starts_with("parameter 'diag_kind'"), "{e}");
    }

    #[test]
    fn a_density_takes_its_bandwidth_clip_and_fill() {
        let spec = spec_from_query(
            "kdeplot",
            &pairs(&[
                ("x", "body_mass_g"),
                ("bw_method", "0.3"),
                ("clip", "2000,7000"),
                ("fill", "true"),
                ("multiple", "stack"),
            ]),
        )
        .unwrap();
        let joint = spec_from_query(
            "kdeplot",
            &pairs(&[("x", "a"), ("y", "b"), ("levels", "5"), ("thresh", "0.2")]),
        )
        .unwrap();
        let ChartKind::Kdeplot(j) = joint.chart else {
            panic!()
        };
        assert_eq!((j.y.as_deref(), j.levels, j.thresh), (Some("b"), 5, 0.2));
        let ChartKind::Kdeplot(k) = spec.chart else {
            panic!()
        };
        assert_eq!(k.clip, Some((2000.0, 7000.0)));
        assert_eq!(k.fill, Some(true));
        assert_eq!(
            k.bw_method.0,
            plotmill_data::stats::kde::Bandwidth::Factor(0.3)
        );
        let e = spec_from_query("kdeplot", &pairs(&[("fill", "maybe")])).unwrap_err();
        assert_eq!(e, "parameter 'fill': 'maybe' is not true or false");
    }

    #[test]
    fn categorical_charts_take_their_variables_error_bars_and_whiskers() {
        let spec = spec_from_query(
            "barplot",
            &pairs(&[
                ("x", "island"),
                ("y", "mass"),
                ("order", "Dream,Biscoe"),
                ("errorbar", "pi,50"),
                ("dodge", "false"),
                ("orient", "x"),
            ]),
        )
        .unwrap();
        let ChartKind::Barplot(b) = spec.chart else {
            panic!()
        };
        assert_eq!(b.x.as_deref(), Some("island"));
        assert_eq!(b.order, Some(vec!["Dream".into(), "Biscoe".into()]));
        assert_eq!(b.dodge, Some(false));
        assert_eq!(b.orient, Some(plotmill_chart::Orient::X));
        let e = b.errorbar.unwrap();
        assert_eq!((e.method.name(), e.level), ("pi", 50.0));
        let none = spec_from_query("barplot", &pairs(&[("errorbar", "none")])).unwrap();
        let ChartKind::Barplot(b) = none.chart else {
            panic!()
        };
        assert_eq!(b.errorbar, None);
        for (raw, want) in [
            ("5,95", plotmill_chart::Whis::Percentiles(5.0, 95.0)),
            ("2", plotmill_chart::Whis::Iqr(2.0)),
        ] {
            let spec = spec_from_query("boxplot", &pairs(&[("whis", raw)])).unwrap();
            let ChartKind::Boxplot(b) = spec.chart else {
                panic!()
            };
            assert_eq!(b.whis, want);
        }
        let e = spec_from_query("barplot", &pairs(&[("errorbar", "ic")])).unwrap_err();
        assert!(
            e.starts_with("parameter 'errorbar': 'ic' is not an error bar"),
            "{e}"
        );
        let e = spec_from_query("countplot", &pairs(&[("stat", "share")])).unwrap_err();
        assert!(e.starts_with("parameter 'stat'"), "{e}");
    }

    #[test]
    fn bad_parameters_are_named() {
        let e = spec_from_query("heatmap", &pairs(&[("cmapp", "x")])).unwrap_err();
        assert!(
            e.starts_with("unknown parameter 'cmapp'; did you mean 'cmap'? heatmap takes "),
            "{e}"
        );
        let e = spec_from_query("heatmap", &pairs(&[("dpi", "lots")])).unwrap_err();
        assert_eq!(e, "parameter 'dpi': 'lots' is not a number");
        let e = spec_from_query("heatmap", &pairs(&[("method", "spearmann")])).unwrap_err();
        assert_eq!(
            e,
            "parameter 'method': 'spearmann' is not one of pearson, spearman, kendall; did you mean 'spearman'?"
        );
        let e = spec_from_query("heatmap", &pairs(&[("mask", "triangle")])).unwrap_err();
        assert!(
            e.starts_with("parameter 'mask': 'triangle' is not one of ")
                && !e.contains("did you mean"),
            "{e}"
        );
        let e = spec_from_query("pie", &[]).unwrap_err();
        assert!(e.contains("unknown chart kind 'pie'"), "{e}");
        let e = spec_from_query("scatter-matrix", &pairs(&[("alpha", "1"), ("alpha", "2")]))
            .unwrap_err();
        assert!(e.contains("twice"), "{e}");
    }
}
