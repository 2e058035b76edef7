//! seaborn's `lineplot`: y against x (numbers, or dates read from ISO 8601
//! text), one line per hue level, the values at each repeated x reduced to
//! an estimate (the mean) with an error band (a 95% bootstrap interval),
//! as seaborn's `_LinePlotter` draws them. A date x is drawn on a date axis
//! (matplotlib's `AutoDateLocator` with the `ConciseDateFormatter`).

use std::collections::BTreeMap;

use plotmill_data::stats::summary;
use plotmill_data::{ColumnKind, Table};
use plotmill_scene::{Color, Shape, unique_markers};
use plotmill_text::Fonts;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::categorical::{ErrorbarSpec, EstimatorName, errorbar_serde};
use crate::compose::{Artist, Figure, Legend};
use crate::figure::C0;
use crate::hue::{self, Hue};
use crate::layout::Layout;
use crate::line::{Cap, Dashes, LineStyle, PointMarker};
use crate::palette::Palette;
use crate::style::{DashPattern, MarkerCode, StyleMap};
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
    /// A column whose levels get lines of different widths (seaborn's
    /// `size`): a numeric column's values on a scale from the thinnest to
    /// the thickest width, a text column's levels evenly from the thickest
    /// (the first level) to the thinnest. Default: none.
    pub size: Option<String>,
    /// The widths in points: `[min, max]` (seaborn's tuple), or a width
    /// for every level by the level's name (its dict; a numeric column is
    /// then taken level by level). Default: 0.75 to 3 (half and twice
    /// matplotlib's line width).
    pub sizes: Option<Sizes>,
    /// The size's levels, in this order (a text column's, or a numeric
    /// one's given `sizes` per level; a numeric scale takes every value,
    /// as seaborn's does). Default: order of appearance, numbers sorted.
    pub size_order: Option<Vec<String>>,
    /// A numeric size's values at the thinnest and thickest widths (values
    /// beyond are clipped to them). Default: the column's least and
    /// greatest.
    pub size_norm: Option<(f64, f64)>,
    /// A column whose levels are drawn in different dash patterns, a line
    /// each (seaborn's `style`). Default: none.
    pub style: Option<String>,
    /// The style's levels, in this order. Default: order of appearance
    /// (a numeric column's values sorted).
    pub style_order: Option<Vec<String>>,
    /// The style's dash patterns: true for seaborn's distinct ones (the
    /// first solid), false for all solid, a list in the levels' order, or
    /// a map level → pattern (`"-"`, `"--"`, `[4, 1.5]`, …). Default: true.
    pub dashes: StyleMap<DashPattern>,
    /// The style's markers on every point: true for seaborn's distinct
    /// ones (`o`, `X`, a square, `P`, …), false for none, a list in the
    /// levels' order, or a map level → marker (`"o"`, `"s"`, `"^"`,
    /// `"(4, 0, 45)"`, …). Default: false.
    pub markers: StyleMap<MarkerCode>,
    /// A marker on every point of every line (matplotlib's `marker=`; the
    /// style's markers take its place). Default: none.
    pub marker: Option<MarkerCode>,
    /// Marker size in points. Default: 6.
    pub markersize: f64,
    /// A column whose values each get a line of their own, in the same
    /// colour and dashes, not in the legend (seaborn's `units`, to show
    /// replicates; the estimator must then be none where x repeats).
    /// Default: none.
    pub units: Option<String>,
    /// What a line goes through at an x that repeats; `none` (JSON null)
    /// joins every point as it is, with no band. Default: mean.
    #[serde(with = "estimator_serde", default = "estimator_serde::default")]
    #[schemars(schema_with = "estimator_serde::schema")]
    pub estimator: Option<EstimatorName>,
    /// The band around the line. Default: ci 95 (a bootstrap interval).
    #[serde(with = "errorbar_serde", default = "errorbar_serde::default")]
    #[schemars(schema_with = "errorbar_serde::schema")]
    pub errorbar: Option<ErrorbarSpec>,
    /// How the error is drawn: `band`, a shaded band along the line, or
    /// `bars`, an error bar at each x (seaborn's `err_style`). Default:
    /// band.
    pub err_style: ErrStyle,
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

/// The widths of a line plot's `size` levels (seaborn's `sizes`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Sizes {
    /// The thinnest and thickest width in points (seaborn's tuple).
    Range(f64, f64),
    /// A width in points for every level, by the level's name (seaborn's
    /// dict).
    Levels(BTreeMap<String, f64>),
}

impl<'de> Deserialize<'de> for Sizes {
    /// A `[min, max]` pair or a map, each reported as itself when wrong.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Sizes;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("[min, max] widths in points, or a map level -> width")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Sizes, A::Error> {
                let v = Vec::<f64>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                match v[..] {
                    [lo, hi] => Ok(Sizes::Range(lo, hi)),
                    _ => Err(serde::de::Error::invalid_length(
                        v.len(),
                        &"two widths, [min, max] (a width per level is a map level -> width)",
                    )),
                }
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Sizes, A::Error> {
                BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Sizes::Levels)
            }
        }
        d.deserialize_any(Visit)
    }
}

impl Sizes {
    /// `MIN,MAX`, or `LEVEL=WIDTH` pairs separated by commas (the command
    /// line's and a query string's form).
    pub fn parse(s: &str) -> Result<Sizes, String> {
        let number = |v: &str| {
            v.trim()
                .parse::<f64>()
                .map_err(|_| format!("'{}' is not a width in points", v.trim()))
        };
        if s.contains('=') {
            let mut map = BTreeMap::new();
            for pair in s.split(',') {
                let Some((level, w)) = pair.split_once('=') else {
                    return Err(format!(
                        "'{pair}' is not LEVEL=WIDTH; give every level its width, such as Male=1,Female=3"
                    ));
                };
                map.insert(level.trim().to_owned(), number(w)?);
            }
            return Ok(Sizes::Levels(map));
        }
        match s.split(',').collect::<Vec<_>>()[..] {
            [lo, hi] => Ok(Sizes::Range(number(lo)?, number(hi)?)),
            _ => Err(format!(
                "'{s}' is neither MIN,MAX widths (such as 0.5,3) nor LEVEL=WIDTH pairs"
            )),
        }
    }
}

/// How a line plot draws its error (seaborn's `err_style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ErrStyle {
    /// A band between the interval's ends, in the line's colour at 20%.
    #[default]
    Band,
    /// A bar at each x from the interval's low end to its high end, in the
    /// line's colour, 1.5 pt wide, its ends projecting (matplotlib's
    /// `errorbar`, no caps).
    Bars,
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
            size: None,
            sizes: None,
            size_order: None,
            size_norm: None,
            style: None,
            style_order: None,
            dashes: StyleMap::All(true),
            markers: StyleMap::All(false),
            marker: None,
            markersize: 6.0,
            units: None,
            estimator: Some(EstimatorName::Mean),
            errorbar: Some(ErrorbarSpec::ci95()),
            err_style: ErrStyle::Band,
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
        if !(self.markersize.is_finite() && self.markersize >= 0.0) {
            return invalid(
                "markersize",
                format!("{} is not a size in points", self.markersize),
            );
        }
        if let Some(f) = &self.date_format {
            check_date_format(f)?;
        }
        hue::check_palette(self.palette.as_ref())?;
        hue::check_norm(self.hue_norm)?;
        let width = |w: f64| w.is_finite() && w >= 0.0;
        match &self.sizes {
            Some(Sizes::Range(lo, hi)) if !(width(*lo) && width(*hi)) => {
                return invalid(
                    "sizes",
                    format!(
                        "({lo}, {hi}) are not widths in points; give two widths of 0 or more, such as 0.5,3"
                    ),
                );
            }
            Some(Sizes::Levels(map)) => {
                if let Some((level, w)) = map.iter().find(|(_, w)| !width(**w)) {
                    return invalid(
                        "sizes",
                        format!("{w} (for '{level}') is not a width in points"),
                    );
                }
                if self.size_norm.is_some() {
                    return invalid(
                        "size_norm",
                        "a width for every level leaves no scale to normalise; give sizes as a range (MIN,MAX) with size_norm".to_owned(),
                    );
                }
            }
            _ => {}
        }
        match self.size_norm {
            Some((lo, hi)) if !(lo.is_finite() && hi.is_finite() && lo < hi) => invalid(
                "size_norm",
                format!("({lo}, {hi}) is not a range; give LOW,HIGH with LOW below HIGH"),
            ),
            _ => Ok(()),
        }
    }

    /// The columns a reader keeps as labels: x (dates are text until
    /// read), the hue, the size, the style and the units.
    pub fn label_columns(&self) -> Vec<String> {
        std::iter::once(self.x.clone())
            .chain(self.hue.clone())
            .chain(self.size.clone())
            .chain(self.style.clone())
            .chain(self.units.clone())
            .collect()
    }
}

/// The line plot's estimator in a spec: a name, or `null` (and `"none"`,
/// as the command line and HTTP write it) for none.
mod estimator_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::categorical::EstimatorName;

    pub(super) fn default() -> Option<EstimatorName> {
        Some(EstimatorName::Mean)
    }

    pub(super) fn serialize<S: Serializer>(
        v: &Option<EstimatorName>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<EstimatorName>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) if s == "none" => Ok(None),
            Some(s) => {
                EstimatorName::deserialize(serde::de::value::StrDeserializer::<D::Error>::new(&s))
                    .map(Some)
            }
        }
    }

    pub(super) fn schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "mean, median, sum, min, max, or none (null): every point as it is",
            "anyOf": [
                {"type": "string", "enum": ["mean", "median", "sum", "min", "max", "none"]},
                {"type": "null"}
            ]
        })
    }
}

/// The most levels a style dashes apart (seaborn's first 15 patterns).
const MAX_DASHES: usize = 15;

/// seaborn's `unique_dashes(n)`: solid, four hand-picked patterns, then
/// patterns of 3 and 4 long (3, 4) and short (1.25, 1) dashes, each gap as
/// long as the pattern's shortest dash, interleaved from the two families.
fn unique_dashes(n: usize) -> Vec<Dashes> {
    let mut out: Vec<Vec<f64>> = vec![
        vec![],
        vec![4.0, 1.5],
        vec![1.0, 1.0],
        vec![3.0, 1.25, 1.5, 1.25],
        vec![5.0, 1.0, 1.0, 1.0],
    ];
    let mut p = 3;
    while out.len() < n && p <= 4 {
        // Multisets of p dashes from (long, short), long ones first,
        // without the all-long and all-short ones.
        let mixes = |long: f64, short: f64| -> Vec<Vec<f64>> {
            (1..p)
                .rev()
                .map(|longs| {
                    let mut v = vec![long; longs];
                    v.resize(p, short);
                    v
                })
                .collect()
        };
        let a: Vec<Vec<f64>> = mixes(3.0, 1.25).into_iter().rev().collect();
        let b = mixes(4.0, 1.0);
        for (x, y) in a.into_iter().zip(b) {
            for segments in [x, y] {
                let gap = segments.iter().copied().fold(f64::INFINITY, f64::min);
                out.push(segments.iter().flat_map(|&s| [s, gap]).collect());
            }
        }
        p += 1;
    }
    out.into_iter()
        .take(n)
        .map(|v| Dashes::new(&v).unwrap_or(Dashes::SOLID))
        .collect()
}

/// A grouping column's levels and each row's level: text in order of
/// appearance (or `order`), numbers sorted.
fn levels_of(
    table: &Table,
    name: &str,
    order: Option<&[String]>,
    option: &'static str,
) -> Result<(Vec<String>, Vec<Option<usize>>), ChartError> {
    let levels = if let Some(labels) = table.labels(name) {
        hue::Levels::of_text(labels, order)
    } else if let Some(column) = table.column(name) {
        hue::Levels::of_numbers(column, order, option)?
    } else {
        return Err(hue::no_column(table, option, name, ""));
    };
    Ok((levels.labels, levels.level_of))
}

/// The line widths of a `size` column's levels, as seaborn's
/// `SizeMapping` finds them for a line plot.
struct SizeMap {
    name: String,
    levels: Vec<String>,
    /// Each row's level, `None` when missing or not among the levels.
    level_of: Vec<Option<usize>>,
    widths: Vec<f64>,
    /// A numeric scale (rather than a width per level): for the legend.
    scale: Option<SizeScale>,
}

/// A numeric size's scale: `norm` (the values at the range's ends) onto
/// `range` (widths), clipped; `lo`, `hi` and `int` are the column's least
/// and greatest value and whether it holds whole numbers.
struct SizeScale {
    norm: (f64, f64),
    range: (f64, f64),
    lo: f64,
    hi: f64,
    int: bool,
}

impl SizeScale {
    /// matplotlib's `Normalize(*norm, clip=True)`, onto the range (at the
    /// range's start when the norm's ends are one value).
    fn width(&self, v: f64) -> f64 {
        let (a, b) = self.norm;
        let t = if b > a {
            ((v - a) / (b - a)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.range.0 + t * (self.range.1 - self.range.0)
    }
}

/// seaborn's default widths: half and twice matplotlib's line width (1.5).
const SIZE_RANGE: (f64, f64) = (0.75, 3.0);

impl SizeMap {
    fn of(table: &Table, name: &str, o: &LineplotOptions) -> Result<SizeMap, ChartError> {
        let by_level = matches!(o.sizes, Some(Sizes::Levels(_)));
        let range = match o.sizes {
            Some(Sizes::Range(lo, hi)) => (lo, hi),
            _ => SIZE_RANGE,
        };
        let numeric = table.column(name);
        if numeric.is_none() && o.size_norm.is_some() {
            return Err(ChartError::Invalid {
                option: "size_norm",
                message: format!(
                    "'{name}' is a text column; size_norm sets the values at the widths' ends for a numeric size"
                ),
            });
        }
        // A numeric column on a scale (a true/false one, or one given a
        // width per level, level by level).
        if let Some(column) = numeric.filter(|c| c.kind() != ColumnKind::Bool && !by_level) {
            let levels = hue::Levels::of_numbers(column, None, "size_order")?;
            check_size_levels(name, levels.labels.len(), hue::MAX_LEVELS)?;
            let (lo, hi) = levels
                .numbers
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            let scale = SizeScale {
                norm: o.size_norm.unwrap_or((lo, hi)),
                range,
                lo,
                hi,
                int: levels.whole,
            };
            return Ok(SizeMap {
                name: name.to_owned(),
                widths: levels.numbers.iter().map(|&v| scale.width(v)).collect(),
                levels: levels.labels,
                level_of: levels.level_of,
                scale: Some(scale),
            });
        }
        let order = o.size_order.as_deref();
        let hue::Levels {
            labels: levels,
            level_of,
            ..
        } = match (numeric, table.labels(name)) {
            (Some(column), _) => hue::Levels::of_numbers(column, order, "size_order")?,
            (None, Some(labels)) => hue::Levels::of_text(labels, order),
            (None, None) => return Err(hue::no_column(table, "size", name, " to size lines by")),
        };
        check_size_levels(name, levels.len(), crate::MAX_CATEGORIES)?;
        let widths = match &o.sizes {
            Some(Sizes::Levels(map)) => {
                let missing: Vec<String> = levels
                    .iter()
                    .filter(|l| !map.contains_key(*l))
                    .map(|l| format!("'{l}'"))
                    .collect();
                if !missing.is_empty() {
                    return Err(ChartError::Invalid {
                        option: "sizes",
                        message: format!(
                            "no width for {} of '{name}'; give every level its width",
                            missing.join(", ")
                        ),
                    });
                }
                levels.iter().map(|l| map[l]).collect()
            }
            // numpy's linspace(min, max, n), reversed: the first level
            // thickest.
            _ => {
                let n = levels.len();
                let step = (range.1 - range.0) / (n.max(2) - 1) as f64;
                (0..n)
                    .rev()
                    .map(|i| {
                        if i + 1 == n && n > 1 {
                            range.1
                        } else {
                            range.0 + i as f64 * step
                        }
                    })
                    .collect()
            }
        };
        Ok(SizeMap {
            name: name.to_owned(),
            levels,
            level_of,
            widths,
            scale: None,
        })
    }

    /// The legend's entries, label and width: every level, or seaborn's
    /// brief legend of a scale with more than six values.
    fn entries(&self) -> Vec<(String, f64)> {
        match &self.scale {
            Some(s) if self.levels.len() > hue::BRIEF_TICKS => hue::brief_levels(s.lo, s.hi, s.int)
                .into_iter()
                .map(|(v, label)| (label, s.width(v)))
                .collect(),
            _ => self
                .levels
                .iter()
                .cloned()
                .zip(self.widths.iter().copied())
                .collect(),
        }
    }
}

/// Refuses a size of more levels than `max` (lines, or legend entries).
fn check_size_levels(name: &str, n: usize, max: usize) -> Result<(), ChartError> {
    if n > max {
        return Err(ChartError::Invalid {
            option: "size",
            message: format!(
                "'{name}' has {n} levels, more than the {max} a chart draws apart by width; give size_order to pick some, or size by a column with fewer"
            ),
        });
    }
    Ok(())
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

/// The line through `points` (x, y) of one subset, sorted by x (stably,
/// then by y, as pandas' `sort_values([x, y])`). Where some x repeats and
/// there is an estimator, each distinct x's values are reduced to the
/// estimate and band (seaborn aggregates only then); otherwise the points
/// are joined as they are, with no band.
fn aggregate(mut points: Vec<(f64, f64)>, o: &LineplotOptions) -> Line {
    // pandas' groupby(x, sort=sort): distinct x in sorted order, or in
    // order of first appearance. Sorted, each x's points are a run (0 and
    // -0 side by side); otherwise, when there is an estimator, they are
    // gathered into runs, stably (no change where no x repeats).
    if o.sort {
        points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    } else if o.estimator.is_some() {
        let mut first: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
        let rank: Vec<usize> = points
            .iter()
            .map(|p| {
                let n = first.len();
                *first.entry(x_key(p.0)).or_insert(n)
            })
            .collect();
        let mut ranked: Vec<(usize, (f64, f64))> = rank.into_iter().zip(points).collect();
        ranked.sort_by_key(|(r, _)| *r);
        points = ranked.into_iter().map(|(_, p)| p).collect();
    }
    let same_x = |a: &(f64, f64), b: &(f64, f64)| x_key(a.0) == x_key(b.0);
    let groups = points.chunk_by(same_x).count();
    let Some(estimator) = o.estimator.filter(|_| groups < points.len()) else {
        let n = points.len();
        let (x, y) = points.into_iter().unzip();
        return Line {
            x,
            y,
            lo: vec![f64::NAN; n],
            hi: vec![f64::NAN; n],
        };
    };
    let estimator = estimator.estimator();
    let bar = o.errorbar.map(|e| e.with_bootstrap(o.n_boot, o.seed));
    let mut line = Line {
        x: Vec::with_capacity(groups),
        y: Vec::with_capacity(groups),
        lo: Vec::with_capacity(groups),
        hi: Vec::with_capacity(groups),
    };
    let mut values = Vec::new();
    for run in points.chunk_by(same_x) {
        values.clear();
        values.extend(run.iter().map(|p| p.1));
        line.x.push(run[0].0);
        line.y.push(estimator.of(&values));
        let (lo, hi) = match &bar {
            Some(bar) => summary::interval(&values, estimator, bar),
            None => (f64::NAN, f64::NAN),
        };
        line.lo.push(lo);
        line.hi.push(hi);
    }
    line
}

/// An x as pandas groups it: 0 and -0 the same value.
fn x_key(x: f64) -> u64 {
    if x == 0.0 { 0.0f64 } else { x }.to_bits()
}

/// Whether some x holds more than one point.
fn repeats(points: &[(f64, f64)]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(points.len());
    points.iter().any(|p| !seen.insert(x_key(p.0)))
}

/// A point of a line plot: its (hue level, size level, style level,
/// unit's rank) and its (x, y).
type Keyed = ((usize, usize, usize, usize), (f64, f64));

/// seaborn's line markers: `markersize` across, outlined in white 0.75 pt.
fn point_marker(shape: Shape, o: &LineplotOptions) -> PointMarker {
    PointMarker {
        shape,
        size: o.markersize,
        edge: 0.75,
        edge_color: Some(Color::WHITE),
    }
}

/// The dark grey of seaborn's legend entries for a style or a size beside
/// a hue (".2").
const STYLE_GREY: Color = Color::rgb(0.2, 0.2, 0.2);

/// Builds the line plot of `table`.
pub fn lineplot<'f>(
    table: &Table,
    o: &LineplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
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
    let style = o
        .style
        .as_deref()
        .map(|name| levels_of(table, name, o.style_order.as_deref(), "style"))
        .transpose()?;
    if let Some((levels, _)) = &style
        && levels.len() > crate::MAX_CATEGORIES
    {
        return Err(ChartError::Invalid {
            option: "style",
            message: format!(
                "'{}' has {} levels, more than the {} a legend can list; give style_order to pick some",
                o.style.as_deref().unwrap_or_default(),
                levels.len(),
                crate::MAX_CATEGORIES
            ),
        });
    }
    if let Some((levels, _)) = &style
        && o.dashes == StyleMap::All(true)
        && levels.len() > MAX_DASHES
    {
        return Err(ChartError::Invalid {
            option: "style",
            message: format!(
                "'{}' has {} levels, more than the {MAX_DASHES} dash patterns that tell lines apart; give style_order to pick some, or dashes false",
                o.style.as_deref().unwrap_or_default(),
                levels.len()
            ),
        });
    }
    let size = o
        .size
        .as_deref()
        .map(|name| SizeMap::of(table, name, o))
        .transpose()?;
    let units = o
        .units
        .as_deref()
        .map(|name| levels_of(table, name, None, "units"))
        .transpose()?;
    let mut warnings = Vec::new();
    if let Some(m) = size
        .as_ref()
        .filter(|m| m.scale.is_some() && o.size_order.is_some())
    {
        warnings.push(format!(
            "size_order is left out: '{}' is numeric, and its scale takes every value (as seaborn's does); give sizes per level (LEVEL=WIDTH) to draw chosen levels in that order",
            m.name
        ));
    }
    // Each style level's dashes and marker (one level without a style).
    let (dash_of, marker_of): (Vec<Dashes>, Vec<Option<Shape>>) = match &style {
        Some((levels, _)) => {
            let n = levels.len();
            let dashes = o
                .dashes
                .resolve(
                    levels,
                    |n| unique_dashes(n).into_iter().map(DashPattern).collect(),
                    "dashes",
                    &mut warnings,
                )?
                .map_or(vec![Dashes::SOLID; n], |d| d.iter().map(|d| d.0).collect());
            let markers = o
                .markers
                .resolve(
                    levels,
                    |n| unique_markers(n).into_iter().map(MarkerCode).collect(),
                    "markers",
                    &mut warnings,
                )?
                .map_or(vec![o.marker.map(|m| m.0); n], |m| {
                    m.iter().map(|m| Some(m.0)).collect()
                });
            (dashes, markers)
        }
        None => (vec![Dashes::SOLID], vec![o.marker.map(|m| m.0)]),
    };
    let colors: Vec<Color> = match &hue {
        Some(h) => h.colors.clone(),
        None => vec![o.color.unwrap_or(C0)],
    };
    // pandas' groupby("units") visits the units in sorted order: each
    // unit's rank in that order.
    let unit_rank: Vec<usize> = match &units {
        Some((labels, _)) => {
            let mut order: Vec<usize> = (0..labels.len()).collect();
            if table
                .column(o.units.as_deref().unwrap_or_default())
                .is_none()
            {
                order.sort_by(|&a, &b| labels[a].cmp(&labels[b]));
            }
            let mut rank = vec![0; order.len()];
            for (r, &u) in order.iter().enumerate() {
                rank[u] = r;
            }
            rank
        }
        None => vec![0],
    };
    // Each row's subset (seaborn's iter_data over hue, then style, in
    // their orders) and unit, rows missing any of them left out; sorted
    // stably by them, so that each line's points stay in the data's order
    // (memory as the rows, whatever the count of units).
    let mut keyed: Vec<Keyed> = Vec::new();
    for (k, (&a, &b)) in x.iter().zip(y).enumerate() {
        if !(a.is_finite() && b.is_finite()) {
            continue;
        }
        let level = |g: &Option<(Vec<String>, Vec<Option<usize>>)>| match g {
            Some((_, of)) => of[k],
            None => Some(0),
        };
        let h = match &hue {
            Some(h) if !h.present[k] => continue,
            Some(h) => h.level_of[k],
            None => Some(0),
        };
        let z = match &size {
            Some(m) => m.level_of[k],
            None => Some(0),
        };
        let (Some(h), Some(z), Some(s), Some(u)) = (h, z, level(&style), level(&units)) else {
            continue;
        };
        keyed.push(((h, z, s, unit_rank[u]), (a, b)));
    }
    if keyed.is_empty() {
        return Err(ChartError::Invalid {
            option: "y",
            message: format!("no row has both '{}' and '{}' to draw", o.x, o.y),
        });
    }
    keyed.sort_by_key(|(key, _)| *key);
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
    // seaborn's subsets: by hue, then size, then style.
    for subset in keyed.chunk_by(|a, b| (a.0.0, a.0.1, a.0.2) == (b.0.0, b.0.1, b.0.2)) {
        let (h, z, s, _) = subset[0].0;
        if units.is_some()
            && o.estimator.is_some()
            && repeats(&subset.iter().map(|(_, p)| *p).collect::<Vec<_>>())
        {
            return Err(ChartError::Invalid {
                option: "estimator",
                message: "x repeats within a level, and with units every point is drawn as it is: give estimator none (seaborn's estimator=None) with units".to_owned(),
            });
        }
        let color = colors[h % colors.len()];
        let style = LineStyle {
            color,
            width: size.as_ref().map_or(o.linewidth, |m| m.widths[z]),
            dashes: dash_of[s],
            cap: Cap::Projecting,
        };
        // One line per unit (the whole subset without units).
        let lines: Vec<Line> = subset
            .chunk_by(|a, b| a.0.3 == b.0.3)
            .map(|unit| aggregate(unit.iter().map(|(_, p)| *p).collect(), o))
            .collect();
        // seaborn draws a subset's line(s), then its band under them.
        for line in &lines {
            match marker_of[s] {
                Some(shape) => ax.artists.push(Artist::MarkedLine {
                    x: line.x.clone(),
                    y: line.y.clone(),
                    style,
                    marker: point_marker(shape, o),
                    label: String::new(),
                }),
                None => ax.plot(line.x.clone(), line.y.clone(), style, ""),
            }
        }
        for line in &lines {
            if !line.lo.iter().any(|v| v.is_finite()) {
                continue;
            }
            // matplotlib's fill_between (and errorbar) leave out points
            // without an interval.
            let keep: Vec<usize> = (0..line.x.len())
                .filter(|&i| line.lo[i].is_finite() && line.hi[i].is_finite())
                .collect();
            match o.err_style {
                ErrStyle::Band => ax.artists.push(Artist::Band {
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
                }),
                // seaborn's errorbar call: solid bars in the line's colour,
                // over the line, as wide as matplotlib's lines are by
                // default (1.5 pt: `linewidth` is the line's alone), their
                // ends projecting half that past the interval (seaborn
                // gives them the line's cap style). Like matplotlib's
                // LineCollection they are no obstacle to the legend.
                ErrStyle::Bars => ax.artists.push(Artist::Strokes {
                    segments: keep
                        .iter()
                        .map(|&i| ((line.x[i], line.lo[i]), (line.x[i], line.hi[i])))
                        .collect(),
                    color,
                    width: 1.5,
                    cap: Cap::Projecting,
                    shift: (0.0, 0.0),
                    dash: None,
                }),
            }
        }
    }
    if o.legend {
        let style = style
            .as_ref()
            .map(|s| (s.0.as_slice(), &dash_of[..], &marker_of[..]));
        legend(ax, o, hue.as_ref(), size.as_ref(), style);
    }
    let mut chart = fig.build(fonts)?;
    chart.warnings.extend(hue.and_then(|h| h.warning));
    chart.warnings.extend(warnings);
    Ok(chart)
}

/// A style's levels with each one's dashes and marker.
type StyleLevels<'a> = (&'a [String], &'a [Dashes], &'a [Option<Shape>]);

/// One entry of a legend: a subtitle (a column's name over its
/// part), or a level's line in its colour, width, dashes and marker (dark
/// grey beside a hue or else the lines' colour, the line width, solid and
/// `marker=` where no part sets them).
#[derive(Default)]
struct Entry {
    label: String,
    subtitle: bool,
    color: Option<Color>,
    width: Option<f64>,
    dashes: Option<Dashes>,
    marker: Option<Shape>,
}

/// seaborn's legend (`add_legend_data`): the hue's levels in their
/// colours (brief for a numeric hue of more than six values), the size's
/// in their widths (brief likewise), the style's in their dashes and
/// markers, in that order. An entry is a column and a label: where two
/// parts are one column, a level is one entry with both parts' looks. One
/// column in all titles the legend; more put each column's name over its
/// part. No legend without a hue, size or style.
fn legend(
    ax: &mut crate::compose::Axes,
    o: &LineplotOptions,
    hue: Option<&Hue>,
    size: Option<&SizeMap>,
    style: Option<StyleLevels<'_>>,
) {
    let mut parts = Parts::default();
    let style_name = style.and(o.style.as_deref());
    for name in [
        hue.map(|h| h.name.as_str()),
        size.map(|m| m.name.as_str()),
        style_name,
    ]
    .into_iter()
    .flatten()
    {
        if !parts.names.iter().any(|n| n == name) {
            parts.names.push(name.to_owned());
        }
    }
    if parts.names.is_empty() {
        return;
    }
    if let Some(h) = hue {
        let looks = h.entries(true).into_iter().map(|(label, color)| {
            let look = Entry {
                color: Some(color),
                ..Entry::default()
            };
            (label, look)
        });
        parts.add(&h.name, looks);
    }
    if let Some(size) = size {
        let looks = size.entries().into_iter().map(|(label, width)| {
            let look = Entry {
                width: Some(width),
                ..Entry::default()
            };
            (label, look)
        });
        parts.add(&size.name, looks);
    }
    if let (Some((levels, dashes, markers)), Some(name)) = (style, style_name) {
        let looks = levels
            .iter()
            .zip(dashes)
            .zip(markers)
            .map(|((level, d), m)| {
                let look = Entry {
                    dashes: Some(*d),
                    marker: *m,
                    ..Entry::default()
                };
                (level.clone(), look)
            });
        parts.add(name, looks);
    }
    let title = parts.title();
    // Beside a hue the other parts are dark grey; without one, seaborn's
    // entries take the lines' colour.
    let neutral = match hue {
        Some(_) => STYLE_GREY,
        None => o.color.unwrap_or(C0),
    };
    for e in parts.entries {
        if e.subtitle {
            ax.artists.push(Artist::Subtitle { label: e.label });
            continue;
        }
        let style = LineStyle {
            color: e.color.unwrap_or(neutral),
            width: e.width.unwrap_or(o.linewidth),
            dashes: e.dashes.unwrap_or(Dashes::SOLID),
            cap: Cap::Projecting,
        };
        legend_line(ax, o, style, e.marker, &e.label);
    }
    ax.legend = Some(Legend {
        title,
        ..Legend::default()
    });
}

/// A legend's entries as they are gathered, each under a column's name
/// and a label (seaborn's `legend_kws` keys).
#[derive(Default)]
struct Parts {
    /// The columns in the legend, each once.
    names: Vec<String>,
    keys: Vec<(String, String)>,
    entries: Vec<Entry>,
}

impl Parts {
    /// The legend's title: the one column, when there is one.
    fn title(&self) -> Option<String> {
        match &self.names[..] {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// The entry of column `name`'s `label`, made when new.
    fn entry(&mut self, name: &str, label: &str) -> &mut Entry {
        let k = match self.keys.iter().position(|(n, l)| n == name && l == label) {
            Some(k) => k,
            None => {
                self.keys.push((name.to_owned(), label.to_owned()));
                self.entries.push(Entry {
                    label: label.to_owned(),
                    ..Entry::default()
                });
                self.entries.len() - 1
            }
        };
        &mut self.entries[k]
    }

    /// Column `name`'s part: its subtitle (when the legend has no title),
    /// then each level's look, added to the level's entry.
    fn add(&mut self, name: &str, looks: impl Iterator<Item = (String, Entry)>) {
        if self.title().is_none() {
            // A key no level has (seaborn's is (name, "title")).
            let e = self.entry(name, "\u{0}title");
            e.subtitle = true;
            e.label = name.to_owned();
        }
        for (label, look) in looks {
            let e = self.entry(name, &label);
            e.color = look.color.or(e.color);
            e.width = look.width.or(e.width);
            e.dashes = look.dashes.or(e.dashes);
            e.marker = look.marker.or(e.marker);
        }
    }
}

/// A legend entry's line: `style`, with `marker` (or `marker=`'s) on it.
fn legend_line(
    ax: &mut crate::compose::Axes,
    o: &LineplotOptions,
    style: LineStyle,
    marker: Option<Shape>,
    label: &str,
) {
    match marker.or(o.marker.map(|m| m.0)) {
        Some(shape) => ax.artists.push(Artist::MarkedLine {
            x: Vec::new(),
            y: Vec::new(),
            style,
            marker: point_marker(shape, o),
            label: label.to_owned(),
        }),
        None => ax.plot(Vec::new(), Vec::new(), style, label),
    }
}
