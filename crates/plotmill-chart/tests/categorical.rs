//! Box plots, violins, strips, swarms, bar, point and count plots against
//! seaborn's on `examples/data/species.csv`
//! (`scripts/make_categorical_fixtures.py`): for 37 option sets (hue and dodging, horizontal charts, order,
//! whiskers, outlines, gaps, widths, log axes, numeric categories,
//! estimators and every error bar, stats), the same axes limits,
//! categories and legend, every box and bar in the same place with the
//! same colours, every whisker, cap, median and error bar segment, and
//! every flier. Bootstrap confidence intervals are compared within the
//! bootstrap's noise (seaborn's draws are numpy's, plotmill's its own).

use std::path::PathBuf;

use plotmill_chart::{Chart, ChartSpec};
use plotmill_data::{CsvOptions, read_csv_path};
use plotmill_scene::{Cap, Color, Item, Join, Point};
use plotmill_text::FontBook;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(data: &str, labels: Vec<String>) -> plotmill_data::Table {
    let options = CsvOptions {
        labels,
        ..CsvOptions::default()
    };
    read_csv_path(&root().join(format!("examples/data/{data}.csv")), &options)
        .unwrap()
        .table
}

fn spec_of(case: &Value) -> ChartSpec {
    let mut fields = case["options"].as_object().unwrap().clone();
    fields.insert("kind".into(), case["chart"].clone());
    serde_json::from_value(Value::Object(fields)).unwrap()
}

fn build(data: &str, spec: &ChartSpec) -> Result<Chart, plotmill_chart::ChartError> {
    let table = read(data, spec.label_columns());
    spec.build(&table, &FontBook::new())
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn color(v: &Value) -> Color {
    let c = f64s(v);
    Color::rgb(c[0], c[1], c[2]).with_alpha(c[3])
}

fn same_color(a: Color, b: Color) -> bool {
    (a.r - b.r).abs() < 1e-6
        && (a.g - b.g).abs() < 1e-6
        && (a.b - b.b).abs() < 1e-6
        && (a.a - b.a).abs() < 1e-6
}

/// What a chart drew inside its axes, in data values: rectangles (box or
/// bar, fill, outline), line segments (ends, colour, width) and fliers.
struct Drawn {
    rects: Vec<([f64; 4], Option<Color>, Option<Color>)>,
    polygons: Vec<([f64; 4], Color, Option<Color>)>,
    /// Each polygon's corners.
    polygon_corners: Vec<Vec<[f64; 2]>>,
    /// How each polygon's outline joins, as matplotlib names it.
    polygon_joins: Vec<&'static str>,
    /// Ends, colour, width, and how far a cap reaches past each end.
    segments: Vec<([f64; 4], Color, f64, [f64; 2])>,
    fliers: Vec<[f64; 2]>,
    /// Each marker run's marker.
    markers: Vec<plotmill_scene::Marker>,
}

/// A page point of the chart's (first) axes in data values, on log
/// scales where `log` says.
fn from_page(chart: &Chart, log: (bool, bool), (x, y): (f64, f64)) -> [f64; 2] {
    let a = &chart.axes[0];
    let along = |t: f64, lim: (f64, f64), log: bool| {
        if log {
            10f64.powf(lim.0.log10() + t * (lim.1.log10() - lim.0.log10()))
        } else {
            lim.0 + t * (lim.1 - lim.0)
        }
    };
    [
        along((x - a.rect.x) / a.rect.w, a.xlim, log.0),
        along((a.rect.bottom() - y) / a.rect.h, a.ylim, log.1),
    ]
}

fn drawn(chart: &Chart, log: (bool, bool)) -> Drawn {
    let a = &chart.axes[0];
    let to_data = |p: Point| from_page(chart, log, (p.x, p.y));
    let frame = Color::WHITE.with_alpha(0.8);
    let inside = |r: plotmill_scene::Rect| r.w < a.rect.w - 1e-6 || r.h < a.rect.h - 1e-6;
    let mut d = Drawn {
        rects: Vec::new(),
        polygons: Vec::new(),
        polygon_corners: Vec::new(),
        polygon_joins: Vec::new(),
        segments: Vec::new(),
        fliers: Vec::new(),
        markers: Vec::new(),
    };
    for item in chart
        .scene
        .items
        .iter()
        .take_while(|i| !matches!(i, Item::RoundRect { fill: Some(c), .. } if *c == frame))
    {
        match item {
            Item::Rect { rect, fill, stroke } if inside(*rect) && fill.is_some() => {
                let p = to_data(Point::new(rect.x, rect.bottom()));
                let q = to_data(Point::new(rect.right(), rect.y));
                d.rects.push((
                    [
                        p[0].min(q[0]),
                        p[1].min(q[1]),
                        p[0].max(q[0]),
                        p[1].max(q[1]),
                    ],
                    *fill,
                    stroke.map(|s| s.color),
                ));
            }
            Item::Polygon {
                points,
                fill,
                stroke,
                join,
            } => {
                let corners: Vec<[f64; 2]> = points.iter().map(|&p| to_data(p)).collect();
                let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
                for c in &corners {
                    for k in 0..2 {
                        lo[k] = lo[k].min(c[k]);
                        hi[k] = hi[k].max(c[k]);
                    }
                }
                d.polygons
                    .push(([lo[0], lo[1], hi[0], hi[1]], *fill, stroke.map(|s| s.color)));
                d.polygon_corners.push(corners);
                d.polygon_joins.push(match join {
                    Join::Miter => "miter",
                    Join::Bevel => "bevel",
                    Join::Round => "round",
                });
            }
            Item::Line {
                points,
                stroke,
                cap,
            } if stroke.color != Color::BLACK => {
                // A projecting cap reaches half the width past the line's
                // first and last points.
                let half = if *cap == Cap::Projecting {
                    stroke.width / 2.0
                } else {
                    0.0
                };
                let last = points.len().saturating_sub(2);
                for (k, w) in points.windows(2).enumerate() {
                    let (p, q) = (to_data(w[0]), to_data(w[1]));
                    let reach = [
                        if k == 0 { half } else { 0.0 },
                        if k == last { half } else { 0.0 },
                    ];
                    d.segments
                        .push(([p[0], p[1], q[0], q[1]], stroke.color, stroke.width, reach));
                }
            }
            Item::Markers {
                centers, marker, ..
            } => {
                d.markers.push(*marker);
                d.fliers.extend(centers.iter().map(to_data));
            }
            _ => {}
        }
    }
    d
}

/// A violin body's fill and outline colours, as drawn.
type Body = (Color, Option<Color>);

/// A rectangle's fill and outline colours, as drawn.
type Paint = (Option<Color>, Option<Color>);

/// A segment's ends, and its colour, width and how far a cap reaches past
/// each end.
type Segment = ([f64; 4], (Color, f64, [f64; 2]));

/// A segment's ends in a canonical order, with something of each end that
/// follows it.
fn canonical_with<T: Copy>(v: [f64; 4], ends: [T; 2]) -> ([f64; 4], [T; 2]) {
    if (v[0], v[1]) <= (v[2], v[3]) {
        (v, ends)
    } else {
        ([v[2], v[3], v[0], v[1]], [ends[1], ends[0]])
    }
}

fn sort4<T>(v: &mut [([f64; 4], T)]) {
    // To 1e-7: ends that differ by rounding (1.7 and 1.7000000000000002)
    // sort by the next coordinate, as the same ends do.
    let key = |x: f64| (x * 1e7).round();
    v.sort_by(|a, b| {
        a.0.iter()
            .zip(&b.0)
            .map(|(x, y)| key(*x).total_cmp(&key(*y)))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

#[test]
fn categorical_charts_are_seaborns() {
    let text = std::fs::read_to_string(
        root().join("crates/plotmill-chart/tests/fixtures/categorical.json"),
    )
    .unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let cases = fixture["cases"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let spec = spec_of(case);
        let data = case["data"].as_str().unwrap();
        let chart = build(data, &spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The categories' axis (with native_scale a numeric or date one).
        let vertical = case["cat_axis"] == "x";
        let a = &chart.axes[0];
        let (xlim, ylim) = (f64s(&case["xlim"]), f64s(&case["ylim"]));
        let log = (case["xscale"] == "log", case["yscale"] == "log");
        let span = |l: &[f64], log: bool| {
            if log {
                (l[1].log10() - l[0].log10()).abs()
            } else {
                (l[1] - l[0]).abs()
            }
        };
        let (sx, sy) = (span(&xlim, log.0), span(&ylim, log.1));
        // A bar plot's default error bar is a bootstrap interval.
        let bootstrap = (case["chart"] == "barplot" || case["chart"] == "pointplot")
            && case["options"].get("errorbar").is_none();
        let near = |g: f64, w: f64, s: f64, log: bool| {
            if log {
                (g.log10() - w.log10()).abs() <= 1e-9 * s
            } else {
                (g - w).abs() <= 1e-9 * s
            }
        };
        // The value axis reaches the highest interval: within 2%.
        let near_lim = |g: f64, w: f64, s: f64, log: bool| {
            near(g, w, s, log) || (bootstrap && (g - w).abs() <= 2e-2 * s)
        };
        // A native category axis reaches the outermost jittered points:
        // within the jitter's two reaches (seaborn's draws are numpy's).
        let native = case["options"]["native_scale"] == true;
        let jitter = match &case["options"]["jitter"] {
            Value::Bool(false) => 0.0,
            Value::Number(n) => n.as_f64().unwrap(),
            _ => 0.1,
        };
        let jittered = native && case["chart"] == "stripplot" && jitter > 0.0;
        let near_cat = |g: f64, w: f64, s: f64, log: bool| {
            near_lim(g, w, s, log) || (jittered && (g - w).abs() <= 2.0 * jitter)
        };
        let near_x = |g: f64, w: f64| {
            if vertical {
                near_cat(g, w, sx, log.0)
            } else {
                near_lim(g, w, sx, log.0)
            }
        };
        let near_y = |g: f64, w: f64| {
            if vertical {
                near_lim(g, w, sy, log.1)
            } else {
                near_cat(g, w, sy, log.1)
            }
        };
        assert!(
            near_x(a.xlim.0, xlim[0]) && near_x(a.xlim.1, xlim[1]),
            "{name}: xlim {:?} vs {xlim:?}",
            a.xlim
        );
        assert!(
            near_y(a.ylim.0, ylim[0]) && near_y(a.ylim.1, ylim[1]),
            "{name}: ylim {:?} vs {ylim:?}",
            a.ylim
        );
        // The category axis' labels, all of them.
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                // An anonymous category's empty label draws nothing.
                .filter(|s| !s.is_empty())
                .collect()
        };
        if vertical {
            assert_eq!(a.xtick_labels, strings(&case["xticks"]), "{name}: x ticks");
        } else {
            assert_eq!(a.ytick_labels, strings(&case["yticks"]), "{name}: y ticks");
        }
        for label in ["xlabel", "ylabel"] {
            let want = case[label].as_str().unwrap();
            assert!(
                want.is_empty() || chart.scene.texts().any(|t| t.text == want),
                "{name}: {label} '{want}'"
            );
        }
        assert_eq!(a.legend, strings(&case["legend"]), "{name}: legend");
        // A point plot's markers, on its lines and in its legend:
        // matplotlib's outlines at their sizes, with their rims.
        if case["chart"] == "pointplot" {
            let want = case["markers"].as_array().unwrap();
            let got = drawn(&chart, (false, false)).markers;
            assert_eq!(got.len(), want.len(), "{name}: marked lines");
            for (k, (g, w)) in got.iter().zip(want).enumerate() {
                super::same_marker(g, w).unwrap_or_else(|e| panic!("{name}: line {k}: {e}"));
            }
            let frame = chart
                .scene
                .items
                .iter()
                .position(|i| matches!(i, Item::RoundRect { fill: Some(c), .. } if *c == Color::WHITE.with_alpha(0.8)));
            let legend: Vec<&plotmill_scene::Marker> = frame
                .map(|f| &chart.scene.items[f..])
                .unwrap_or_default()
                .iter()
                .filter_map(|i| match i {
                    Item::Markers { marker, .. } => Some(marker),
                    _ => None,
                })
                .collect();
            let want = case["legend_markers"].as_array().unwrap();
            assert_eq!(legend.len(), want.len(), "{name}: legend markers");
            for (k, (g, w)) in legend.iter().zip(want).enumerate() {
                super::same_marker(g, w).unwrap_or_else(|e| panic!("{name}: legend {k}: {e}"));
            }
        }

        let close = |g: &[f64; 4], w: &[f64]| {
            near(g[0], w[0], sx, log.0)
                && near(g[2], w[2], sx, log.0)
                && near(g[1], w[1], sy, log.1)
                && near(g[3], w[3], sy, log.1)
        };
        let mut got = drawn(&chart, log);
        // Outlines join as Agg draws seaborn's: violins are collections
        // (round, the renderer's default), notched boxes patches (mitred).
        let mut want_joins: Vec<&str> = case["polygons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["join"])
            .chain(case["box_joins"].as_array().unwrap())
            .map(|j| j.as_str().unwrap())
            .collect();
        let mut got_joins = got.polygon_joins.clone();
        want_joins.sort_unstable();
        got_joins.sort_unstable();
        assert_eq!(got_joins, want_joins, "{name}: outline joins");
        // Notched boxes are polygons (matplotlib's PathPatch): their
        // corners one by one, in bxp's order, then with the boxes.
        let want_paths = case["box_paths"].as_array().unwrap();
        if !want_paths.is_empty() {
            assert_eq!(
                got.polygon_corners.len(),
                want_paths.len(),
                "{name}: notched boxes"
            );
            let mut want_paths: Vec<Vec<[f64; 2]>> = want_paths
                .iter()
                .map(|p| {
                    let mut v: Vec<[f64; 2]> = p
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| {
                            let c = f64s(c);
                            [c[0], c[1]]
                        })
                        .collect();
                    // The closing corners (back at the first) left out.
                    while v.len() > 1 && v.last() == v.first() {
                        v.pop();
                    }
                    v
                })
                .collect();
            let first = |v: &Vec<[f64; 2]>| (v[0][0], v[0][1]);
            want_paths.sort_by(|a, b| first(a).partial_cmp(&first(b)).unwrap());
            let mut got_paths = got.polygon_corners.clone();
            got_paths.sort_by(|a, b| first(a).partial_cmp(&first(b)).unwrap());
            for (g, w) in got_paths.iter().zip(&want_paths) {
                assert_eq!(g.len(), w.len(), "{name}: notched box corners");
                for (p, q) in g.iter().zip(w) {
                    assert!(
                        near(p[0], q[0], sx, log.0) && near(p[1], q[1], sy, log.1),
                        "{name}: notched box corner {p:?} vs {q:?}"
                    );
                }
            }
            for (c, fill, edge) in got.polygons.drain(..) {
                got.rects.push((c, Some(fill), edge));
            }
        }
        // Mean lines (meanline): dashed, so drawn as pieces; each line's
        // pieces start where seaborn's line starts and end within a dash
        // period (5.3 pt, under a tenth of a box) of where it ends.
        let want_lines = case["mean_lines"].as_array().unwrap();
        if !want_lines.is_empty() {
            let green = Color::rgb(
                0x2c as f64 / 255.0,
                0xa0 as f64 / 255.0,
                0x2c as f64 / 255.0,
            );
            let (dashes, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut got.segments)
                .into_iter()
                .partition(|(_, c, w, _)| same_color(*c, green) && (*w - 1.0).abs() < 1e-9);
            got.segments = rest;
            // (across, along) of each piece's ends: the value axis across.
            let ends = |e: &[f64]| {
                if vertical {
                    (e[1], e[0].min(e[2]), e[0].max(e[2]))
                } else {
                    (e[0], e[1].min(e[3]), e[1].max(e[3]))
                }
            };
            let (s_val, s_pos) = if vertical { (sy, sx) } else { (sx, sy) };
            for w in want_lines {
                let (v, lo, hi) = ends(&f64s(w));
                let mine: Vec<(f64, f64, f64)> = dashes
                    .iter()
                    .map(|(e, _, _, _)| ends(e))
                    .filter(|&(gv, glo, ghi)| {
                        (gv - v).abs() <= 1e-9 * s_val
                            && glo >= lo - 1e-9 * s_pos
                            && ghi <= hi + 1e-9 * s_pos
                    })
                    .collect();
                assert!(
                    mine.len() > 1,
                    "{name}: mean line at {v} not dashed: {mine:?}"
                );
                let first = mine.iter().map(|d| d.1).fold(f64::INFINITY, f64::min);
                let last = mine.iter().map(|d| d.2).fold(f64::NEG_INFINITY, f64::max);
                assert!(
                    (first - lo).abs() <= 1e-9 * s_pos,
                    "{name}: mean line starts {first} vs {lo}"
                );
                assert!(
                    hi - last <= 0.1 * (hi - lo),
                    "{name}: mean line ends {last} vs {hi}"
                );
            }
            let pieces = dashes.len();
            assert!(
                pieces >= 2 * want_lines.len(),
                "{name}: {pieces} dashes for {} lines",
                want_lines.len()
            );
        }
        // Means, where the fliers are compared: here their marker.
        if let Some(want) = case["mean_marker"].as_object() {
            let want = Value::Object(want.clone());
            assert!(
                got.markers
                    .iter()
                    .any(|m| super::same_marker(m, &want).is_ok()),
                "{name}: no mean marker as matplotlib's"
            );
        }

        // Boxes and bars: corners, fill, outline.
        let mut want_rects: Vec<([f64; 4], (Color, Color))> = case["rects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let c = f64s(&r["corners"]);
                (
                    [c[0], c[1], c[2], c[3]],
                    (color(&r["face"]), color(&r["edge"])),
                )
            })
            .collect();
        let mut got_rects: Vec<([f64; 4], Paint)> =
            got.rects.iter().map(|(c, f, e)| (*c, (*f, *e))).collect();
        sort4(&mut want_rects);
        sort4(&mut got_rects);
        assert_eq!(got_rects.len(), want_rects.len(), "{name}: box/bar count");
        for ((g, (gf, ge)), (w, (wf, we))) in got_rects.iter().zip(&want_rects) {
            assert!(close(g, w), "{name}: box/bar {g:?} vs {w:?}");
            let face = gf.unwrap_or(Color::TRANSPARENT);
            assert!(
                same_color(face, *wf) || (face.a == 0.0 && wf.a == 0.0),
                "{name}: fill {face:?} vs {wf:?}"
            );
            match ge {
                Some(e) => assert!(same_color(*e, *we), "{name}: edge {e:?} vs {we:?}"),
                None => assert!(
                    we.a == 0.0 || same_color(*we, *wf),
                    "{name}: no edge, seaborn's {we:?}"
                ),
            }
        }

        // Violins' bodies: their boxes (where each reaches), fill, outline.
        let mut want_polys: Vec<([f64; 4], (Color, Color))> = case["polygons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let c = f64s(&r["corners"]);
                (
                    [c[0], c[1], c[2], c[3]],
                    (color(&r["face"]), color(&r["edge"])),
                )
            })
            .collect();
        let mut got_polys: Vec<([f64; 4], Body)> = got
            .polygons
            .iter()
            .map(|(c, f, e)| (*c, (*f, *e)))
            .collect();
        sort4(&mut want_polys);
        sort4(&mut got_polys);
        assert_eq!(got_polys.len(), want_polys.len(), "{name}: violin count");
        for ((g, (gf, ge)), (w, (wf, we))) in got_polys.iter().zip(&want_polys) {
            assert!(close(g, w), "{name}: violin {g:?} vs {w:?}");
            assert!(
                same_color(*gf, *wf) || (gf.a == 0.0 && wf.a == 0.0),
                "{name}: violin fill {gf:?} vs {wf:?}"
            );
            assert!(
                ge.is_some_and(|e| same_color(e, *we)),
                "{name}: violin edge {ge:?} vs {we:?}"
            );
        }

        // Whiskers, caps, medians, error bars; a violin's sticks. A
        // violin's inner box and quartiles are sized in points (widths,
        // projecting caps, dashes): the reference images show them.
        let inner_in_points = case["chart"] == "violinplot"
            && matches!(
                case["options"]
                    .get("inner")
                    .and_then(Value::as_str)
                    .unwrap_or("box"),
                "box" | "quart"
            );
        // Each segment with how far a cap reaches past each of its ends
        // (half the width where a projecting cap ends its line).
        let mut want_segs: Vec<Segment> = case["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let e = f64s(&s["ends"]);
                let r = f64s(&s["reach"]);
                let (e, reach) = canonical_with([e[0], e[1], e[2], e[3]], [r[0], r[1]]);
                (e, (color(&s["color"]), s["width"].as_f64().unwrap(), reach))
            })
            .collect();
        let mut got_segs: Vec<Segment> = got
            .segments
            .iter()
            .map(|&(e, c, w, r)| {
                let (e, reach) = canonical_with(e, r);
                (e, (c, w, reach))
            })
            .collect();
        sort4(&mut want_segs);
        sort4(&mut got_segs);
        if inner_in_points {
            got_segs.clear();
        }
        assert_eq!(got_segs.len(), want_segs.len(), "{name}: segment count");
        for ((g, (gc, gw, gr)), (w, (wc, ww, wr))) in got_segs.iter().zip(&want_segs) {
            assert!(
                (gr[0] - wr[0]).abs() < 1e-9 && (gr[1] - wr[1]).abs() < 1e-9,
                "{name}: segment {g:?}: caps reach {gr:?} past its ends, matplotlib's {wr:?}"
            );
            if bootstrap {
                // Positions exactly; the interval's ends within 2% of the
                // value axis (seaborn's own draws move them about as much).
                let (pos, val, span) = if vertical {
                    ([0, 2], [1, 3], sy)
                } else {
                    ([1, 3], [0, 2], sx)
                };
                let pos_span = if vertical { sx } else { sy };
                assert!(
                    pos.iter().all(|&k| (g[k] - w[k]).abs() <= 1e-9 * pos_span)
                        && val.iter().all(|&k| (g[k] - w[k]).abs() <= 2e-2 * span),
                    "{name}: interval {g:?} vs {w:?}"
                );
            } else {
                assert!(close(g, w), "{name}: segment {g:?} vs {w:?}");
            }
            assert!(same_color(*gc, *wc), "{name}: line colour {gc:?} vs {wc:?}");
            assert!((gw - ww).abs() < 1e-9, "{name}: line width {gw} vs {ww}");
        }

        // Strips and swarms: seaborn's jitter is numpy's, and a swarm's
        // tied values are placed in numpy's (unstable) sort order; each
        // category's values are the same, each point across within the
        // jitter's (or the swarm's) reach of seaborn's.
        let spread = match (case["chart"].as_str(), &case["options"]["jitter"]) {
            (Some("stripplot"), Value::Bool(false)) => None,
            (Some("stripplot"), Value::Number(n)) => n.as_f64(),
            (Some("stripplot"), _) => Some(0.1),
            (Some("swarmplot"), _) => Some(0.4),
            _ => None,
        };
        if let Some(reach) = spread {
            let split = |pts: &[[f64; 2]]| -> Vec<(i64, f64, f64)> {
                let mut v: Vec<(i64, f64, f64)> = pts
                    .iter()
                    .map(|p| {
                        let (across, along) = if vertical { (p[0], p[1]) } else { (p[1], p[0]) };
                        (across.round() as i64, along, across)
                    })
                    .collect();
                v.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
                v
            };
            let want: Vec<[f64; 2]> = case["fliers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let v = f64s(p);
                    [v[0], v[1]]
                })
                .collect();
            let (g, w) = (split(&got.fliers), split(&want));
            assert_eq!(g.len(), w.len(), "{name}: point count");
            for (a, b) in g.iter().zip(&w) {
                assert_eq!(a.0, b.0, "{name}: category");
                assert!(
                    (a.1 - b.1).abs() <= 1e-9 * sx.max(sy),
                    "{name}: value {a:?} vs {b:?}"
                );
                assert!(
                    (a.2 - b.2).abs() <= 2.0 * reach + 1e-9,
                    "{name}: across {a:?} vs {b:?}"
                );
            }
            continue;
        }

        // Fliers, as a set.
        let mut want_f: Vec<[f64; 2]> = case["fliers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let v = f64s(p);
                [v[0], v[1]]
            })
            .collect();
        let mut got_f = got.fliers.clone();
        let by = |a: &[f64; 2], b: &[f64; 2]| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1]));
        want_f.sort_by(by);
        got_f.sort_by(by);
        assert_eq!(got_f.len(), want_f.len(), "{name}: flier count");
        for (g, w) in got_f.iter().zip(&want_f) {
            assert!(
                near(g[0], w[0], sx, log.0) && near(g[1], w[1], sy, log.1),
                "{name}: flier {g:?} vs {w:?}"
            );
        }
    }
    assert_eq!(cases.len(), 47);
}

/// A table of a text column `g` and a numeric column `v`.
fn groups(rows: &[(&str, f64)]) -> plotmill_data::Table {
    let mut csv = String::from("g,v\n");
    for (g, v) in rows {
        let v = if v.is_nan() {
            String::new()
        } else {
            v.to_string()
        };
        csv.push_str(&format!("{g},{v}\n"));
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
fn bad_categorical_input_is_named() {
    let fonts = FontBook::new();
    let spec = |json: &str| -> ChartSpec { serde_json::from_str(json).unwrap() };
    let err = |table: &plotmill_data::Table, json: &str| {
        spec(json).build(table, &fonts).unwrap_err().to_string()
    };
    // 10,000 categories: the limit, and what to do.
    let many: Vec<(String, f64)> = (0..10_000).map(|i| (format!("c{i}"), i as f64)).collect();
    let many: Vec<(&str, f64)> = many.iter().map(|(g, v)| (g.as_str(), *v)).collect();
    let t = groups(&many);
    let e = err(&t, r#"{"kind": "boxplot", "x": "g", "y": "v"}"#);
    assert!(
        e.contains("'g' has 10000 categories, more than the 1000") && e.contains("order"),
        "{e}"
    );
    // With order, a few of them draw.
    assert!(
        spec(r#"{"kind": "boxplot", "x": "g", "y": "v", "order": ["c1", "c2"]}"#)
            .build(&t, &fonts)
            .is_ok()
    );
    // Columns not in the data: every column listed, the nearest named.
    let species = read("species", vec!["species".into()]);
    let e = spec(r#"{"kind": "violinplot", "x": "specis", "y": "body_mass_g"}"#)
        .build(&species, &fonts)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no column 'specis'")
            && e.contains("bill_length_mm")
            && e.contains("did you mean 'species'"),
        "{e}"
    );
    // A text column where values are needed.
    let e = spec(r#"{"kind": "barplot", "x": "body_mass_g", "y": "species", "orient": "x"}"#)
        .build(&species, &fonts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("'species' is a text column"), "{e}");
    // A group with no values keeps its place on the axis, drawn empty.
    let t = groups(&[
        ("a", 1.0),
        ("a", 2.0),
        ("b", f64::NAN),
        ("c", 3.0),
        ("c", 5.0),
    ]);
    for kind in ["boxplot", "violinplot", "barplot", "stripplot", "swarmplot"] {
        let chart = spec(&format!(r#"{{"kind": "{kind}", "x": "g", "y": "v"}}"#))
            .build(&t, &fonts)
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(chart.axes[0].xtick_labels, ["a", "b", "c"], "{kind}");
    }
    // No values at all.
    let t = groups(&[("a", f64::NAN), ("b", f64::NAN)]);
    let e = err(&t, r#"{"kind": "boxplot", "x": "g", "y": "v"}"#);
    assert!(e.contains("'v' has no values in any category"), "{e}");
    // Options checked before any data.
    for (json, field) in [
        (
            r#"{"kind": "boxplot", "x": "g", "y": "v", "width": 1.5}"#,
            "width",
        ),
        (
            r#"{"kind": "boxplot", "x": "g", "y": "v", "whis": [95, 5]}"#,
            "whis",
        ),
        (
            r#"{"kind": "barplot", "x": "g", "y": "v", "n_boot": 0}"#,
            "n_boot",
        ),
        (
            r#"{"kind": "violinplot", "x": "g", "y": "v", "gridsize": 1}"#,
            "gridsize",
        ),
        (
            r#"{"kind": "stripplot", "x": "g", "y": "v", "size": -1}"#,
            "size",
        ),
        (r#"{"kind": "countplot", "x": "g", "y": "v"}"#, "y"),
    ] {
        match spec(json).validate() {
            Err(plotmill_chart::ChartError::Invalid { option, .. }) => {
                assert_eq!(option, field, "{json}")
            }
            other => panic!("{json}: {other:?}"),
        }
    }
}
