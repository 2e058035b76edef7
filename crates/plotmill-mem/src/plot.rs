//! Drawing recordings: memory over time, with the peak and the trend.

use plotmill_chart::{
    Annotation, CYCLE, Cap, Dashes, Layout, LineChart, LineChartOptions, LineStyle, Series, Span,
};

use crate::analysis::{CheckOptions, check, rate};
use crate::recording::Recording;

/// How to draw recordings.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotOptions {
    /// Only this time range, seconds from each recording's start.
    pub window: Option<(f64, f64)>,
    /// How the trend line is fitted (its warm-up).
    pub check: CheckOptions,
    /// Figure size in inches.
    pub figsize: (f64, f64),
    /// Where the axes go (see [`Layout`]).
    pub layout: Layout,
    /// A title instead of the command.
    pub title: Option<String>,
}

impl Default for PlotOptions {
    fn default() -> Self {
        PlotOptions {
            window: None,
            check: CheckOptions::default(),
            figsize: (10.0, 5.0),
            layout: Layout::None,
            title: None,
        }
    }
}

/// A line chart of `recordings` (each named, such as by its file): each
/// main series, each child series, the peak of each main series marked, the
/// trend of each fitted and its slope in the legend, function spans shaded.
pub fn memory_chart(
    recordings: &[(String, Recording)],
    options: &PlotOptions,
) -> (LineChart, LineChartOptions) {
    let mut chart = LineChart::default();
    let several = recordings.len() > 1;
    let mut color = 0usize;
    let mut next = || {
        let c = CYCLE[color % CYCLE.len()];
        color += 1;
        c
    };
    let keep = |t: f64| options.window.is_none_or(|(a, b)| t >= a && t <= b);
    for (name, r) in recordings {
        let start = r.start().unwrap_or(0.0);
        let c = next();
        let points: Vec<(f64, f64)> = r
            .main
            .iter()
            .map(|s| (s.t - start, s.mib))
            .filter(|p| keep(p.0))
            .collect();
        let label = if several {
            name.clone()
        } else {
            "memory".to_owned()
        };
        if !points.is_empty() {
            if let Some(peak) = points.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)) {
                chart.annotations.push(Annotation {
                    at: peak,
                    text: format!("peak {:.1} MiB", peak.1),
                    color: c,
                });
            }
            let samples: Vec<_> = r
                .main
                .iter()
                .copied()
                .filter(|s| keep(s.t - start))
                .collect();
            let verdict = check(&samples, &options.check).ok();
            chart.series.push(Series {
                label,
                points,
                style: LineStyle {
                    color: c,
                    width: 1.5,
                    dashes: Dashes::SOLID,
                    cap: Cap::Projecting,
                },
            });
            if let Some(v) = verdict {
                let of = if several {
                    format!(" ({name})")
                } else {
                    String::new()
                };
                chart.series.push(Series {
                    label: format!("trend {}{of}", rate(v.growth)),
                    points: vec![(v.from, v.fitted.0), (v.to, v.fitted.1)],
                    style: LineStyle {
                        color: c,
                        width: 1.5,
                        dashes: Dashes::DASHED,
                        cap: Cap::Projecting,
                    },
                });
            }
        }
        for (id, samples) in &r.children {
            let points: Vec<(f64, f64)> = samples
                .iter()
                .map(|s| (s.t - start, s.mib))
                .filter(|p| keep(p.0))
                .collect();
            if !points.is_empty() {
                chart.series.push(Series {
                    label: format!("child {id}"),
                    points,
                    style: LineStyle {
                        color: next(),
                        width: 1.0,
                        dashes: Dashes::SOLID,
                        cap: Cap::Projecting,
                    },
                });
            }
        }
        for f in &r.functions {
            chart.spans.push(Span {
                x: (f.t.0 - start, f.t.1 - start),
                label: f.name.clone(),
                color: CYCLE[2],
            });
        }
    }
    let title = options.title.clone().or_else(|| match recordings {
        [(_, r)] => r.command.clone(),
        _ => Some("memory over time".to_owned()),
    });
    (
        chart,
        LineChartOptions {
            figsize: options.figsize,
            layout: options.layout,
            title,
            xlabel: "time (s)".to_owned(),
            ylabel: "memory used (MiB)".to_owned(),
            xlim: options.window,
            y_from_zero: false,
            legend: true,
            ..LineChartOptions::default()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recording::Sample;

    #[test]
    fn main_series_trend_peak_and_children() {
        let mut r = Recording {
            command: Some("python leaky.py".into()),
            ..Recording::default()
        };
        for i in 0..100 {
            let t = 1000.0 + i as f64 * 0.1;
            r.main.push(Sample {
                t,
                mib: 10.0 + i as f64,
            });
        }
        r.children.push((
            "77".into(),
            vec![
                Sample {
                    t: 1001.0,
                    mib: 3.0,
                },
                Sample {
                    t: 1002.0,
                    mib: 4.0,
                },
            ],
        ));
        let (chart, opts) = memory_chart(&[("a.dat".into(), r)], &PlotOptions::default());
        let labels: Vec<&str> = chart.series.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["memory", "trend +600.00 MiB/min", "child 77"]);
        let (t, mib) = chart.annotations[0].at;
        assert!((t - 9.9).abs() < 1e-9 && mib == 109.0, "{t} {mib}");
        assert_eq!(opts.title.as_deref(), Some("python leaky.py"));
        let windowed = PlotOptions {
            window: Some((2.0, 3.0)),
            ..PlotOptions::default()
        };
        let (chart, _) = memory_chart(
            &[(
                "a".into(),
                Recording::parse("MEM 1 0\nMEM 2 1\nMEM 3 2.5\nMEM 4 5\n"),
            )],
            &windowed,
        );
        assert_eq!(chart.series[0].points, [(2.5, 3.0)]);
    }
}
