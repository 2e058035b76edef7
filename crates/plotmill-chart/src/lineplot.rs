//! seaborn's `lineplot`: y against x (numbers, or dates read from ISO 8601
//! text), one line per hue level, the values at each repeated x reduced to
//! an estimate (the mean) with an error band (a 95% bootstrap interval),
//! as seaborn's `_LinePlotter` draws them. A date x is drawn on a date axis
//! (matplotlib's `AutoDateLocator` with the `ConciseDateFormatter`).

use plotmill_data::Table;
use plotmill_data::stats::summary;
use plotmill_scene::Color;
use plotmill_text::FontBook;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::categorical::{ErrorbarSpec, EstimatorName, errorbar_serde};
use crate::compose::{Artist, Figure};
use crate::figure::C0;
use crate::hue::{self, Hue, Swatch};
use crate::layout::Layout;
use crate::line::LineStyle;
use crate::palette::Palette;
use crate::{Chart, ChartError};

/// How to draw a line plot (seaborn's `lineplot`, with its names and
/// defaults). This is also the line plot's part of a
/// [`ChartSpec`](crate::ChartSpec).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LineplotOptions {
    /// The column along x: numbers, or dates and times written in ISO 8601
    /// (`2012-01-31`, `2012-01-31T13:45:00`, with an optional `Z` or
    /// `±HH:MM`, converted to UTC).
    pub x: String,
    /// The numeric column along y.
    pub y: String,
    /// How a text x column writes its dates, as a strptime pattern
    /// (`%d/%m/%Y`; `%Y %y %m %d %H %M %S %f`), as pandas'
    /// `to_datetime(format=…)`. Default: ISO 8601.
    pub date_format: Option<String>,
    /// A column to split and colour by. Default: none.
    pub hue: Option<String>,
    /// The hue's levels, in this order. Default: order of appearance.
    pub hue_order: Option<Vec<String>>,
    /// The hue's colours (as histplot's). Default: the matplotlib cycle.
    pub palette: Option<Palette>,
    /// A numeric hue's values at the colormap's ends. Default: the
    /// column's least and greatest.
    pub hue_norm: Option<(f64, f64)>,
    /// The colour without a hue. Default: C0.
    pub color: Option<Color>,
    /// What a line goes through at an x that repeats. Default: mean.
    pub estimator: EstimatorName,
    /// The band around the line. Default: ci 95 (a bootstrap interval).
    #[serde(with = "errorbar_serde", default = "errorbar_serde::default")]
    #[schemars(schema_with = "errorbar_serde::schema")]
    pub errorbar: Option<ErrorbarSpec>,
    /// Bootstrap resamples for `ci`. Default: 1000.
    pub n_boot: usize,
    /// The bootstrap's seed. Default: 0.
    pub seed: u64,
    /// Points joined in order of x (else in the data's order). Default:
    /// true.
    pub sort: bool,
    /// Line width in points. Default: 1.5.
    pub linewidth: f64,
    /// A legend of the hue levels. Default: true.
    pub legend: bool,
    /// Figure size in inches. Default: 6.4 × 4.8.
    pub figsize: (f64, f64),
    /// Where the axes go. Default: none.
    pub layout: Layout,
    /// A title above the axes. Default: none.
    pub title: Option<String>,
}

impl Default for LineplotOptions {
    fn default() -> Self {
        LineplotOptions {
            x: String::new(),
            y: String::new(),
            date_format: None,
            hue: None,
            hue_order: None,
            palette: None,
            hue_norm: None,
            color: None,
            estimator: EstimatorName::Mean,
            errorbar: Some(ErrorbarSpec::ci95()),
            n_boot: 1000,
            seed: 0,
            sort: true,
            linewidth: 1.5,
            legend: true,
            figsize: (6.4, 4.8),
            layout: Layout::None,
            title: None,
        }
    }
}

impl LineplotOptions {
    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        crate::validate::check_figsize(self.figsize)?;
        let invalid =
            |option: &'static str, message: String| Err(ChartError::Invalid { option, message });
        if self.x.is_empty() {
            return invalid("x", "give the column along x (numbers or dates)".to_owned());
        }
        if self.y.is_empty() {
            return invalid("y", "give the numeric column along y".to_owned());
        }
        crate::categorical::check_n_boot(self.n_boot)?;
        if !(self.linewidth.is_finite() && self.linewidth >= 0.0) {
            return invalid(
                "linewidth",
                format!("{} is not a width in points", self.linewidth),
            );
        }
        if let Some(f) = &self.date_format {
            check_date_format(f)?;
        }
        hue::check_palette(self.palette.as_ref())?;
        hue::check_norm(self.hue_norm)
    }

    /// The columns a reader keeps as labels: x (dates are text until
    /// read) and the hue.
    pub fn label_columns(&self) -> Vec<String> {
        std::iter::once(self.x.clone())
            .chain(self.hue.clone())
            .collect()
    }
}

/// Checks a strptime pattern: the directives plotmill reads, and a year.
fn check_date_format(format: &str) -> Result<(), ChartError> {
    let invalid = |message: String| ChartError::Invalid {
        option: "date_format",
        message,
    };
    let mut chars = format.chars();
    let mut year = false;
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        match chars.next() {
            Some('Y' | 'y') => year = true,
            Some('m' | 'd' | 'H' | 'M' | 'S' | 'f' | '%') => {}
            Some(other) => {
                return Err(invalid(format!(
                    "'%{other}' in '{format}' is not a directive plotmill reads; use %Y %y %m %d %H %M %S %f"
                )));
            }
            None => return Err(invalid(format!("'{format}' ends in a lone %"))),
        }
    }
    if year {
        Ok(())
    } else {
        Err(invalid(format!("'{format}' has no year (%Y or %y)")))
    }
}

/// The x values: a numeric column's, or a text column's read as dates
/// (and whether they are dates).
fn x_values(
    table: &Table,
    name: &str,
    format: Option<&str>,
) -> Result<(Vec<f64>, bool), ChartError> {
    if let Some(c) = table.column(name) {
        return Ok((c.values().to_vec(), false));
    }
    let Some(labels) = table.labels(name) else {
        // The numeric column's error lists the columns there are.
        return hue::numeric_column(table, "x", name).map(|v| (v.to_vec(), false));
    };
    match (plotmill_data::dates::dates_in(labels, format), format) {
        (Ok(v), _) => Ok((v, true)),
        (Err(e), Some(f)) => Err(ChartError::Invalid {
            option: "x",
            message: format!(
                "row {} of '{name}' holds '{}', which is not a date in the format '{f}'",
                e.row + 1,
                e.text
            ),
        }),
        (Err(e), None) => Err(ChartError::Invalid {
            option: "x",
            message: format!(
                "'{name}' is text and row {} holds '{}', which is not a number or an ISO 8601 date (2012-01-31, 2012-01-31T13:45:00); give a numeric or date column, or the dates' format with date_format (--date-format %d/%m/%Y)",
                e.row + 1,
                e.text
            ),
        }),
    }
}

/// One line: its x values (in order), estimates, and band.
struct Line {
    x: Vec<f64>,
    y: Vec<f64>,
    lo: Vec<f64>,
    hi: Vec<f64>,
}

/// The line through `points` (x, y) of one level: sorted by x (stably,
/// then by y, as pandas' `sort_values([x, y])`), each distinct x's values
/// reduced to the estimate and band.
fn aggregate(mut points: Vec<(f64, f64)>, o: &LineplotOptions) -> Line {
    if o.sort {
        points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    }
    let estimator = o.estimator.estimator();
    let bar = o.errorbar.map(|e| e.with_bootstrap(o.n_boot, o.seed));
    // pandas' groupby(x, sort=sort): distinct x in sorted order, or in
    // order of first appearance.
    let mut order: Vec<f64> = Vec::new();
    let mut groups: Vec<Vec<f64>> = Vec::new();
    let mut index: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for &(x, y) in &points {
        let key = if x == 0.0 { 0.0f64 } else { x }.to_bits();
        let k = *index.entry(key).or_insert_with(|| {
            order.push(x);
            groups.push(Vec::new());
            order.len() - 1
        });
        groups[k].push(y);
    }
    let mut line = Line {
        x: order,
        y: Vec::with_capacity(groups.len()),
        lo: Vec::with_capacity(groups.len()),
        hi: Vec::with_capacity(groups.len()),
    };
    for values in &groups {
        line.y.push(estimator.of(values));
        let (lo, hi) = match &bar {
            Some(bar) => summary::interval(values, estimator, bar),
            None => (f64::NAN, f64::NAN),
        };
        line.lo.push(lo);
        line.hi.push(hi);
    }
    line
}

/// Builds the line plot of `table`.
pub fn lineplot(table: &Table, o: &LineplotOptions, fonts: &FontBook) -> Result<Chart, ChartError> {
    o.validate()?;
    let (x, dates) = x_values(table, &o.x, o.date_format.as_deref())?;
    let y = hue::numeric_column(table, "y", &o.y)?;
    let hue = Hue::optional(
        table,
        o.hue.as_deref(),
        o.hue_order.as_deref(),
        o.palette.as_ref(),
        o.hue_norm,
    )?;
    let (groups, _) = hue::split_pairs(&x, y, hue.as_ref());
    if groups.iter().all(|g| g.0.is_empty()) {
        return Err(ChartError::Invalid {
            option: "y",
            message: format!("no row has both '{}' and '{}' to draw", o.x, o.y),
        });
    }
    let colors: Vec<Color> = match &hue {
        Some(h) => h.colors.clone(),
        None => vec![o.color.unwrap_or(C0)],
    };
    let mut fig = Figure::new(o.figsize);
    fig.layout = o.layout;
    let ax = fig.axes_mut(0, 0).ok_or(ChartError::Invalid {
        option: "figsize",
        message: "no axes".to_owned(),
    })?;
    ax.xlabel = o.x.clone();
    ax.ylabel = o.y.clone();
    ax.title = o.title.clone();
    if dates {
        ax.xscale = crate::Scale::Date;
    }
    let lines: Vec<(usize, Line)> = groups
        .into_iter()
        .enumerate()
        .filter(|(_, g)| !g.0.is_empty())
        .map(|(k, (xs, ys))| (k, aggregate(xs.into_iter().zip(ys).collect(), o)))
        .collect();
    // seaborn draws each level's line, then its band under it.
    for (k, line) in &lines {
        let color = colors[k % colors.len()];
        ax.plot(
            line.x.clone(),
            line.y.clone(),
            LineStyle {
                color,
                width: o.linewidth,
                dashed: false,
            },
            "",
        );
        if line.lo.iter().any(|v| v.is_finite()) {
            // matplotlib's fill_between leaves out points without a band.
            let keep: Vec<usize> = (0..line.x.len())
                .filter(|&i| line.lo[i].is_finite() && line.hi[i].is_finite())
                .collect();
            ax.artists.push(Artist::Band {
                x: keep.iter().map(|&i| line.x[i]).collect(),
                lo: keep.iter().map(|&i| line.lo[i]).collect(),
                hi: keep.iter().map(|&i| line.hi[i]).collect(),
                color: color.with_alpha(0.2),
                // seaborn passes the colour as `color`, which outlines
                // matplotlib's band in it too (1 pt, the same alpha).
                edge: Some(plotmill_scene::Stroke {
                    width: 1.0,
                    color: color.with_alpha(0.2),
                }),
                label: String::new(),
            });
        }
    }
    if let Some(h) = &hue
        && o.legend
    {
        // seaborn's legend="auto": brief for a numeric hue of many values.
        hue::legend_with(
            ax,
            h,
            Swatch::Line {
                alpha: 1.0,
                width: o.linewidth,
            },
            true,
        );
    }
    let mut chart = fig.build(fonts)?;
    chart.warnings.extend(hue.and_then(|h| h.warning));
    Ok(chart)
}
