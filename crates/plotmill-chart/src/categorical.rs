//! seaborn's categorical charts: a numeric column summarised for each
//! level of a category column — box plots ([`boxplot`]), bars of an
//! estimate with error bars ([`barplot`]), bars of counts
//! ([`countplot`]) and densities mirrored as violins ([`violinplot`]) —
//! split by a `hue` as seaborn 0.13 splits them.
//!
//! What they share is seaborn's `_CategoricalPlotter`: which axis holds
//! the categories (`orient`, inferred as `infer_orient` does: the text
//! column, else x), the levels' order (`categorical_order`: order of first
//! appearance, a numeric column's values sorted, or `order`), category `i`
//! drawn at `i` on an axis from −0.5 to n − 0.5 (top to bottom when the
//! categories run up the y axis), hue levels side by side (`dodge`, by
//! default when a category holds more than one level) within `width`,
//! narrowed by `gap`, and colours desaturated by `saturation`.

use plotmill_data::Table;
use plotmill_data::stats::summary::{
    self, BoxStats, ErrorBar, ErrorMethod, Estimator, Whis as WhisStats,
};
use plotmill_scene::{Color, Join, Stroke, desaturate, rgb_to_hls};
use plotmill_text::Fonts;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::compose::{Artist, Axes, Figure};
use crate::density::BwMethod;
use crate::figure::C0;
use crate::hue::{self, Edge, Hue, Levels, Swatch};
use crate::layout::Layout;
use crate::line::{Cap, Dashes};
use crate::line::{LineStyle, PointMarker};
use crate::palette::Palette;
use crate::style::{LineCode, MarkerCode, OneOrMany};
use crate::{Chart, ChartError};

/// The most categories a chart draws along its axis: beyond, the labels
/// could not be told apart at any figure size.
pub const MAX_CATEGORIES: usize = 1000;

/// Which axis holds the categories (seaborn's `orient`: `x` or `v` draws
/// vertical boxes and bars, `y` or `h` horizontal ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Orient {
    /// Categories along x, values up y.
    #[serde(rename = "x", alias = "v")]
    X,
    /// Categories down y, values along x.
    #[serde(rename = "y", alias = "h")]
    Y,
}

/// How far whiskers reach: a multiple of the interquartile range, or two
/// percentiles (matplotlib's `whis`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Whis {
    /// To the farthest value within this many interquartile ranges of
    /// the box.
    Iqr(f64),
    /// To these percentiles, [low, high].
    Percentiles(f64, f64),
}

impl Default for Whis {
    fn default() -> Self {
        Whis::Iqr(1.5)
    }
}

/// What a bar's height is: the mean, median, sum, min or max of its
/// values (seaborn's `estimator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EstimatorName {
    /// The mean.
    #[default]
    Mean,
    /// The median.
    Median,
    /// The sum.
    Sum,
    /// The least value.
    Min,
    /// The greatest value.
    Max,
}

impl EstimatorName {
    pub(crate) fn estimator(self) -> Estimator {
        match self {
            EstimatorName::Mean => Estimator::Mean,
            EstimatorName::Median => Estimator::Median,
            EstimatorName::Sum => Estimator::Sum,
            EstimatorName::Min => Estimator::Min,
            EstimatorName::Max => Estimator::Max,
        }
    }
}

/// An error bar as seaborn names it: `ci` (a bootstrap confidence
/// interval), `pi` (a percentile interval), `se` (standard errors) or `sd`
/// (standard deviations), with an optional level (95 for intervals, 1 for
/// the others); `None` for none. In JSON `"ci"`, `["ci", 95]` or `null`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorbarSpec {
    /// The method.
    pub method: ErrorMethod,
    /// Its level.
    pub level: f64,
}

impl ErrorbarSpec {
    /// Parses `ci`, `ci,95`, `("ci", 95)` as written in a flag.
    pub fn parse(s: &str) -> Result<Option<ErrorbarSpec>, String> {
        let t = s
            .trim()
            .trim_matches(|c| c == '(' || c == ')' || c == '[' || c == ']');
        if t.eq_ignore_ascii_case("none") || t.is_empty() {
            return Ok(None);
        }
        let mut parts = t.split(',').map(|p| p.trim().trim_matches(['"', '\'']));
        let name = parts.next().unwrap_or_default();
        let method = match name {
            "ci" => ErrorMethod::Ci,
            "pi" => ErrorMethod::Pi,
            "se" => ErrorMethod::Se,
            "sd" => ErrorMethod::Sd,
            _ => {
                return Err(format!(
                    "'{s}' is not an error bar; give ci, pi, se or sd, optionally with a level (ci,95 or sd,2), or none"
                ));
            }
        };
        let level = match parts.next() {
            None => method.default_level(),
            Some(l) => l
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    format!(
                        "'{l}' is not a level for {name}; give a number such as {}",
                        method.default_level()
                    )
                })?,
        };
        if matches!(method, ErrorMethod::Ci | ErrorMethod::Pi) && level > 100.0 {
            return Err(format!(
                "{name} level {level} is not a percent; give 0 to 100"
            ));
        }
        if parts.next().is_some() {
            return Err(format!("'{s}' has more than a method and a level"));
        }
        Ok(Some(ErrorbarSpec { method, level }))
    }

    /// The error bar with its bootstrap's resamples and seed.
    pub(crate) fn with_bootstrap(self, n_boot: usize, seed: u64) -> ErrorBar {
        ErrorBar {
            method: self.method,
            level: self.level,
            n_boot,
            seed,
        }
    }

    /// seaborn's default: a 95% bootstrap confidence interval.
    pub fn ci95() -> ErrorbarSpec {
        ErrorbarSpec {
            method: ErrorMethod::Ci,
            level: 95.0,
        }
    }
}

/// `errorbar` in JSON: `null`, `"ci"`, `"ci,95"` or `["ci", 95]`.
pub(crate) mod errorbar_serde {
    use super::ErrorbarSpec;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        v: &Option<ErrorbarSpec>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(e) => {
                use serde::ser::SerializeTuple;
                let mut t = s.serialize_tuple(2)?;
                t.serialize_element(e.method.name())?;
                t.serialize_element(&e.level)?;
                t.end()
            }
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<ErrorbarSpec>, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::String(s) => ErrorbarSpec::parse(&s).map_err(D::Error::custom),
            serde_json::Value::Array(a) => {
                let text: Vec<String> = a
                    .iter()
                    .map(|v| match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                ErrorbarSpec::parse(&text.join(",")).map_err(D::Error::custom)
            }
            other => Err(D::Error::custom(format!(
                "{other} is not an error bar; give \"ci\", [\"ci\", 95], \"sd\" or null"
            ))),
        }
    }

    pub(crate) fn schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "an error bar: ci, pi, se or sd, optionally with a level ([\"ci\", 95]), or null for none",
            "anyOf": [
                {"type": "null"},
                {"type": "string"},
                {"type": "array", "items": [{"type": "string", "enum": ["ci", "pi", "se", "sd"]}, {"type": "number"}]}
            ]
        })
    }

    pub(crate) fn default() -> Option<ErrorbarSpec> {
        Some(ErrorbarSpec::ci95())
    }
}

/// What a count plot's bars are (seaborn's `stat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CountStat {
    /// Rows per bar.
    #[default]
    Count,
    /// Percent of all rows drawn.
    Percent,
    /// Share of all rows drawn.
    Probability,
    /// The same as `probability`.
    Proportion,
}

impl CountStat {
    fn name(self) -> &'static str {
        match self {
            CountStat::Count => "count",
            CountStat::Percent => "percent",
            CountStat::Probability => "probability",
            CountStat::Proportion => "proportion",
        }
    }
}

/// Declares a categorical chart's options struct: the fields every one
/// has (variables, order, hue, colours, widths, figure), then its own.
macro_rules! categorical_options {
    // Boxes, violins and bars: filled shapes with widths, gaps and
    // seaborn's automatic dodging.
    (
        $(#[$meta:meta])*
        shaped struct $name:ident {
            $($(#[$fmeta:meta])* pub $field:ident : $ty:ty = $default:expr,)*
        }
    ) => {
        categorical_options! {
            $(#[$meta])*
            pub struct $name {
                /// Colours' saturation is multiplied by this (when filled).
                /// Default: 0.75.
                pub saturation: f64 = 0.75,
                /// Filled shapes (else outlines). Default: true.
                pub fill: bool = true,
                /// Hue levels side by side within a category. Default: when
                /// a category holds more than one level.
                pub dodge: Option<bool> = None,
                /// A category's share of its slot. Default: 0.8.
                pub width: f64 = 0.8,
                /// A share of each shape's width left empty. Default: 0.
                pub gap: f64 = 0.0,
                $($(#[$fmeta])* pub $field: $ty = $default,)*
            }
        }
        impl $name {
            fn shape(&self) -> Shape {
                Shape {
                    saturation: self.saturation,
                    fill: self.fill,
                    dodge: self.dodge,
                    width: self.width,
                    gap: self.gap,
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* pub $field:ident : $ty:ty = $default:expr,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            /// The column along x: the categories, or the values when the
            /// chart is horizontal. Default: none.
            pub x: Option<String>,
            /// The column along y: the values, or the categories when the
            /// chart is horizontal. Default: none.
            pub y: Option<String>,
            /// A column to split and colour by. Default: none.
            pub hue: Option<String>,
            /// The categories, in this order (others are left out).
            /// Default: order of first appearance (numbers sorted).
            pub order: Option<Vec<String>>,
            /// The hue's levels, in this order. Default: as `order`.
            pub hue_order: Option<Vec<String>>,
            /// Which axis holds the categories: `x` (or `v`) or `y` (or
            /// `h`). Default: the text column's (x when both or neither
            /// are text; y when only x is given).
            pub orient: Option<Orient>,
            /// The colour without a hue. Default: C0.
            pub color: Option<Color>,
            /// The hue's colours (as histplot's). Default: the matplotlib
            /// cycle; cubehelix for a numeric hue.
            pub palette: Option<Palette>,
            /// A numeric hue's values at the colormap's ends. Default: the
            /// column's least and greatest.
            pub hue_norm: Option<(f64, f64)>,
            /// A log value axis. Default: false.
            pub log_scale: bool,
            /// A numeric or date category column at its own values on a
            /// numeric or date axis (seaborn's `native_scale`), each slot
            /// as wide as the least gap between its distinct values; a
            /// text column stays categories. Default: false.
            pub native_scale: bool,
            /// A legend of the hue levels. Default: true.
            pub legend: bool,
            /// Figure size in inches. Default: 6.4 × 4.8.
            pub figsize: (f64, f64),
            /// Where the axes go. Default: none.
            pub layout: Layout,
            /// A title above the axes. Default: none.
            pub title: Option<String>,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl Default for $name {
            fn default() -> Self {
                $name {
                    x: None,
                    y: None,
                    hue: None,
                    order: None,
                    hue_order: None,
                    orient: None,
                    color: None,
                    palette: None,
                    hue_norm: None,
                    log_scale: false,
                    native_scale: false,
                    legend: true,
                    figsize: (6.4, 4.8),
                    layout: Layout::None,
                    title: None,
                    $($field: $default,)*
                }
            }
        }

        impl $name {
            /// What every categorical chart has.
            fn common(&self) -> Common<'_> {
                Common {
                    x: self.x.as_deref(),
                    y: self.y.as_deref(),
                    hue: self.hue.as_deref(),
                    order: self.order.as_deref(),
                    hue_order: self.hue_order.as_deref(),
                    orient: self.orient,
                    color: self.color,
                    palette: self.palette.as_ref(),
                    hue_norm: self.hue_norm,
                    shape: self.shape(),
                    log_scale: self.log_scale,
                    native_scale: self.native_scale,
                    legend: self.legend,
                    figsize: self.figsize,
                    layout: self.layout,
                    title: self.title.as_deref(),
                }
            }

            /// The columns a reader keeps as labels: the variables and the
            /// hue (any may be categories).
            pub fn label_columns(&self) -> Vec<String> {
                [&self.x, &self.y, &self.hue].into_iter().flatten().cloned().collect()
            }

            /// The text the options put on the chart: column names and
            /// the levels ordered.
            pub fn texts(&self) -> Vec<&str> {
                [&self.x, &self.y, &self.hue]
                    .into_iter()
                    .flatten()
                    .chain([&self.order, &self.hue_order].into_iter().flatten().flatten())
                    .map(String::as_str)
                    .chain(self.title.as_deref())
                    .collect()
            }
        }
    };
}

categorical_options! {
    /// How to draw a box plot (seaborn's `boxplot`, with its names and
    /// defaults): each category's quartiles as a box, its median as a
    /// line, whiskers to the farthest values within `whis` interquartile
    /// ranges, and the values beyond as fliers.
    shaped struct BoxplotOptions {
        /// How far whiskers reach: a multiple of the interquartile range,
        /// or [low, high] percentiles. Default: 1.5.
        pub whis: Whis = Whis::default(),
        /// The boxes' lines. Default: a grey darker than every box.
        pub linecolor: Option<Color> = None,
        /// Line width in points. Default: 1 filled, 1.5 as outlines.
        pub linewidth: Option<f64> = None,
        /// Flier marker size in points. Default: 6.
        pub fliersize: Option<f64> = None,
        /// Values beyond the whiskers drawn. Default: true.
        pub showfliers: bool = true,
        /// Boxes notched at the median, the notch spanning the median's
        /// confidence interval (the median ± 1.57 IQR / √n; matplotlib's
        /// `notch`). Default: false.
        pub notch: bool = false,
        /// Each box's mean as a green triangle (matplotlib's `showmeans`).
        /// Default: false.
        pub showmeans: bool = false,
        /// With `showmeans`, each mean as a green dashed line across its
        /// box instead (matplotlib's `meanline`). Default: false.
        pub meanline: bool = false,
    }
}

categorical_options! {
    /// How to draw bars of an estimate (seaborn's `barplot`): each
    /// category's mean (or `estimator`) as a bar, with an error bar.
    shaped struct BarplotOptions {
        /// The bars' statistic. Default: mean.
        pub estimator: EstimatorName = EstimatorName::Mean,
        /// The error bars. Default: ci 95 (a bootstrap confidence
        /// interval).
        #[serde(with = "errorbar_serde", default = "errorbar_serde::default")]
        #[schemars(schema_with = "errorbar_serde::schema")]
        pub errorbar: Option<ErrorbarSpec> = Some(ErrorbarSpec::ci95()),
        /// Bootstrap resamples for `ci`. Default: 1000.
        pub n_boot: usize = 1000,
        /// The bootstrap's seed: the same seed draws the same error bars
        /// (seaborn's default draws differ from run to run). Default: 0.
        pub seed: u64 = 0,
        /// Caps on the error bars, as a share of the bar's width. Default: 0.
        pub capsize: f64 = 0.0,
    }
}

categorical_options! {
    /// How to draw bars of counts (seaborn's `countplot`): the rows of
    /// each category (give `x`, or `y` for horizontal bars).
    shaped struct CountplotOptions {
        /// What the bars are. Default: count.
        pub stat: CountStat = CountStat::Count,
    }
}

impl BoxplotOptions {
    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        let o = self;
        o.common().validate()?;
        match o.whis {
            Whis::Iqr(k) if !(k.is_finite() && k >= 0.0) => {
                return Err(invalid(
                    "whis",
                    format!(
                        "{k} is not a reach; give a number of interquartile ranges such as 1.5"
                    ),
                ));
            }
            Whis::Percentiles(a, b) if !(0.0 <= a && a <= b && b <= 100.0) => {
                return Err(invalid(
                    "whis",
                    format!(
                        "[{a}, {b}] are not percentiles; give low and high, 0 to 100, low first"
                    ),
                ));
            }
            _ => {}
        }
        for (option, v) in [("linewidth", o.linewidth), ("fliersize", o.fliersize)] {
            if let Some(v) = v
                && !(v.is_finite() && v >= 0.0)
            {
                return Err(invalid(option, format!("{v} is not a size in points")));
            }
        }
        if o.meanline && !o.showmeans {
            // matplotlib draws nothing then; say what draws the lines.
            return Err(invalid(
                "meanline",
                "draws the means shown by showmeans; pass showmeans too".to_owned(),
            ));
        }
        Ok(())
    }
}

impl BarplotOptions {
    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        self.common().validate()?;
        if !(self.capsize.is_finite() && self.capsize >= 0.0) {
            return Err(invalid(
                "capsize",
                format!("{} is not a share of the bar's width", self.capsize),
            ));
        }
        check_n_boot(self.n_boot)?;
        Ok(())
    }
}

/// The most points one swarm places (seaborn's beeswarm checks each
/// point against its neighbours: time grows with the square of the count).
pub const MAX_SWARM: usize = 10_000;

/// Checks a bootstrap's resample count: 1 to [`MAX_BOOT`].
pub(crate) fn check_n_boot(n_boot: usize) -> Result<(), ChartError> {
    if n_boot == 0 || n_boot > MAX_BOOT {
        return Err(invalid(
            "n_boot",
            format!("{n_boot} resamples; give 1 to {MAX_BOOT}"),
        ));
    }
    Ok(())
}

/// The most bootstrap resamples a bar plot draws (seaborn's default is
/// 1000; more only narrows the bootstrap's own noise).
pub const MAX_BOOT: usize = 100_000;

impl CountplotOptions {
    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        if self.x.is_some() && self.y.is_some() {
            return Err(invalid(
                "y",
                "a count plot counts the rows of one column; give x (or y for horizontal bars), not both"
                    .to_owned(),
            ));
        }
        self.common().validate()
    }
}

/// What is drawn inside each violin (seaborn's `inner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Inner {
    /// A miniature box plot: the whiskers' reach, the quartiles as a
    /// thick bar, the median as a white tick.
    #[default]
    Box,
    /// Dashed lines across at the quartiles.
    #[serde(alias = "quartile", alias = "quartiles")]
    Quart,
    /// A line across for every value.
    #[serde(alias = "sticks")]
    Stick,
    /// A dot for every value.
    #[serde(alias = "points")]
    Point,
    /// Nothing.
    None,
}

/// How violins' widths compare (seaborn's `density_norm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DensityNorm {
    /// The same area for every violin.
    #[default]
    Area,
    /// Areas in proportion to the violins' counts.
    Count,
    /// The same greatest width for every violin.
    Width,
}

categorical_options! {
    /// How to draw violins (seaborn's `violinplot`): each category's
    /// density (scipy's Gaussian KDE) mirrored about its position, with a
    /// miniature box plot (or `inner`) inside.
    shaped struct ViolinplotOptions {
        /// What is drawn inside: box, quart, stick, point or none.
        /// Default: box.
        pub inner: Inner = Inner::Box,
        /// With a two-level hue, half a violin for each level, side by
        /// side. Default: false.
        pub split: bool = false,
        /// How many bandwidths each violin runs past its data. Default: 2.
        pub cut: f64 = 2.0,
        /// Points each density is evaluated at. Default: 100.
        pub gridsize: usize = 100,
        /// scipy's bandwidth rule or factor. Default: scott.
        pub bw_method: BwMethod = BwMethod::default(),
        /// A factor on the bandwidth. Default: 1.
        pub bw_adjust: f64 = 1.0,
        /// How widths compare: area, count or width. Default: area.
        pub density_norm: DensityNorm = DensityNorm::Area,
        /// Widths compared across every violin (else within each hue
        /// level). Default: false.
        pub common_norm: bool = false,
        /// The outlines and inner marks. Default: a grey darker than every
        /// violin.
        pub linecolor: Option<Color> = None,
        /// Line width in points. Default: 1.25 filled, 1.5 as outlines.
        pub linewidth: Option<f64> = None,
    }
}

impl ViolinplotOptions {
    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        self.common().validate()?;
        if !(self.cut.is_finite() && self.cut >= 0.0) {
            return Err(invalid(
                "cut",
                format!("{} is not a number of bandwidths of 0 or more", self.cut),
            ));
        }
        if !(2..=crate::MAX_GRIDSIZE).contains(&self.gridsize) {
            return Err(invalid(
                "gridsize",
                format!(
                    "{} points; give 2 to {}",
                    self.gridsize,
                    crate::MAX_GRIDSIZE
                ),
            ));
        }
        if !(self.bw_adjust.is_finite() && self.bw_adjust > 0.0) {
            return Err(invalid(
                "bw_adjust",
                format!("{} is not a positive factor", self.bw_adjust),
            ));
        }
        if let plotmill_data::stats::kde::Bandwidth::Factor(f) = self.bw_method.0
            && !(f.is_finite() && f > 0.0)
        {
            return Err(invalid(
                "bw_method",
                format!("{f} is not a positive factor"),
            ));
        }
        if let Some(w) = self.linewidth
            && !(w.is_finite() && w >= 0.0)
        {
            return Err(invalid(
                "linewidth",
                format!("{w} is not a width in points"),
            ));
        }
        Ok(())
    }
}

/// How far strip plot points scatter across their category: seaborn's
/// `jitter` — `true` (0.1 of the slot each way), `false`, or an amount.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Jitter {
    /// seaborn's 0.1, or none.
    On(bool),
    /// This much each way, in category slots.
    Amount(f64),
}

impl Jitter {
    fn amount(self) -> f64 {
        match self {
            Jitter::On(true) => 0.1,
            Jitter::On(false) => 0.0,
            Jitter::Amount(a) => a,
        }
    }
}

categorical_options! {
    /// How to draw a strip plot (seaborn's `stripplot`): every value as a
    /// point along its category's line, scattered across it by `jitter`.
    pub struct StripplotOptions {
        /// Random offsets across the category: true (0.1 of the slot each
        /// way), false, or an amount. Drawn from `seed`. Default: true.
        pub jitter: Jitter = Jitter::On(true),
        /// The jitter's seed: the same seed draws the same points
        /// (seaborn's differ from run to run). Default: 0.
        pub seed: u64 = 0,
        /// Hue levels side by side. Default: false.
        pub dodge: bool = false,
        /// Marker diameter in points. Default: 5.
        pub size: f64 = 5.0,
        /// Marker outline colour. Default: a grey darker than every point.
        pub edgecolor: Option<Color> = None,
        /// Marker outline width in points. Default: 0.
        pub linewidth: f64 = 0.0,
    }
}

categorical_options! {
    /// How to draw a swarm plot (seaborn's `swarmplot`): every value as a
    /// point, moved across its category just enough that no two overlap.
    pub struct SwarmplotOptions {
        /// Hue levels side by side. Default: false.
        pub dodge: bool = false,
        /// Marker diameter in points. Default: 5.
        pub size: f64 = 5.0,
        /// Marker outline colour. Default: a grey darker than every point.
        pub edgecolor: Option<Color> = None,
        /// Marker outline width in points. Default: 0.
        pub linewidth: f64 = 0.0,
        /// Warn when more than this share of a swarm's points cannot be
        /// placed within its width. Default: 0.05.
        pub warn_thresh: f64 = 0.05,
    }
}

categorical_options! {
    /// How to draw a point plot (seaborn's `pointplot`): each category's
    /// estimate as a point with its error bar, a hue level's points joined
    /// by a line.
    pub struct PointplotOptions {
        /// The points' statistic. Default: mean.
        pub estimator: EstimatorName = EstimatorName::Mean,
        /// The error bars. Default: ci 95 (a bootstrap interval).
        #[serde(with = "errorbar_serde", default = "errorbar_serde::default")]
        #[schemars(schema_with = "errorbar_serde::schema")]
        pub errorbar: Option<ErrorbarSpec> = Some(ErrorbarSpec::ci95()),
        /// Bootstrap resamples for `ci`. Default: 1000.
        pub n_boot: usize = 1000,
        /// The bootstrap's seed. Default: 0.
        pub seed: u64 = 0,
        /// Caps on the error bars, as a share of a category's slot.
        /// Default: 0.
        pub capsize: f64 = 0.0,
        /// Hue levels' points apart: true (0.025 of a slot per level, in
        /// all), false, or a spread in slots. Default: false.
        pub dodge: Jitter = Jitter::On(false),
        /// Line width in points; markers and error bars follow it.
        /// Default: 2.7 (matplotlib's 1.5 × 1.8).
        pub linewidth: f64 = 2.7,
        /// The points' marker, or a list of one per hue level (`"o"`,
        /// `"s"`, `"^"`, `"(4, 0, 45)"`, …). Default: o.
        pub markers: OneOrMany<MarkerCode> = OneOrMany(vec![MarkerCode(plotmill_scene::Shape::Circle)]),
        /// The lines' style, or a list of one per hue level (`"-"`,
        /// `"--"`, `"-."`, `":"`, `"4 1.5"`, or `"none"` for points
        /// alone). Default: -.
        pub linestyles: OneOrMany<LineCode> = OneOrMany(vec![LineCode(Some(Dashes::SOLID))]),
    }
}

impl PointplotOptions {
    fn shape(&self) -> Shape {
        Shape {
            saturation: 1.0,
            fill: true,
            dodge: Some(false),
            width: 0.8,
            gap: 0.0,
        }
    }

    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        self.common().validate()?;
        if !(self.capsize.is_finite() && self.capsize >= 0.0) {
            return Err(invalid(
                "capsize",
                format!("{} is not a share of a slot", self.capsize),
            ));
        }
        check_n_boot(self.n_boot)?;
        if !(self.linewidth.is_finite() && self.linewidth >= 0.0) {
            return Err(invalid(
                "linewidth",
                format!("{} is not a width in points", self.linewidth),
            ));
        }
        let d = self.dodge.amount();
        if !(d.is_finite() && d >= 0.0) {
            return Err(invalid(
                "dodge",
                format!("{d} is not a spread of 0 or more"),
            ));
        }
        Ok(())
    }
}

/// Points are not shaped, filled or desaturated; dodging is asked for.
macro_rules! point_shape {
    ($name:ident) => {
        impl $name {
            fn shape(&self) -> Shape {
                Shape {
                    saturation: 1.0,
                    fill: true,
                    dodge: Some(self.dodge),
                    width: 0.8,
                    gap: 0.0,
                }
            }

            /// Checks the options that need no data.
            pub fn validate(&self) -> Result<(), ChartError> {
                self.common().validate()?;
                for (option, v) in [("size", self.size), ("linewidth", self.linewidth)] {
                    if !(v.is_finite() && v >= 0.0) {
                        return Err(invalid(option, format!("{v} is not a size in points")));
                    }
                }
                Ok(())
            }
        }
    };
}

point_shape!(StripplotOptions);
point_shape!(SwarmplotOptions);

/// How a chart's shapes are coloured, filled and placed.
struct Shape {
    saturation: f64,
    fill: bool,
    dodge: Option<bool>,
    width: f64,
    gap: f64,
}

/// The options every categorical chart has, borrowed.
struct Common<'a> {
    x: Option<&'a str>,
    y: Option<&'a str>,
    hue: Option<&'a str>,
    order: Option<&'a [String]>,
    hue_order: Option<&'a [String]>,
    orient: Option<Orient>,
    color: Option<Color>,
    palette: Option<&'a Palette>,
    hue_norm: Option<(f64, f64)>,
    shape: Shape,
    log_scale: bool,
    native_scale: bool,
    legend: bool,
    figsize: (f64, f64),
    layout: Layout,
    title: Option<&'a str>,
}

fn invalid(option: &'static str, message: String) -> ChartError {
    ChartError::Invalid { option, message }
}

impl Common<'_> {
    /// Checks the options that need no data.
    fn validate(&self) -> Result<(), ChartError> {
        crate::validate::check_figsize(self.figsize)?;
        if self.x.is_none() && self.y.is_none() {
            return Err(invalid(
                "x",
                "give x (the categories) and y (the values), or one of them".to_owned(),
            ));
        }
        if !(self.shape.width > 0.0 && self.shape.width <= 1.0) {
            return Err(invalid(
                "width",
                format!(
                    "{} is not a share of the slot; give a number above 0 and at most 1",
                    self.shape.width
                ),
            ));
        }
        if !(0.0..1.0).contains(&self.shape.gap) {
            return Err(invalid(
                "gap",
                format!(
                    "{} is not a share of the width; give 0 or more, below 1",
                    self.shape.gap
                ),
            ));
        }
        if !(0.0..=1.0).contains(&self.shape.saturation) {
            return Err(invalid(
                "saturation",
                format!("{} is not a proportion; give 0 to 1", self.shape.saturation),
            ));
        }
        hue::check_palette(self.palette)?;
        hue::check_norm(self.hue_norm)
    }
}

/// A categorical chart's data: the categories, the values of each
/// category and hue level, and how they are placed and coloured.
struct Cats {
    orient: Orient,
    /// The categories' labels, in axis order.
    levels: Vec<String>,
    hue: Option<Hue>,
    /// `cells[category][hue level]`: the finite values (for a count, 1s).
    cells: Vec<Vec<Vec<f64>>>,
    /// Each category's values with their hue level, in row order (the
    /// order strips and swarms draw them in).
    rows: Vec<Vec<(f64, usize)>>,
    /// Hue levels side by side.
    dodge: bool,
    /// The hue is the category column itself (no legend, no dodging).
    redundant: bool,
    /// Each hue level's colour (one without a hue), desaturated.
    colors: Vec<Color>,
    /// The axes' labels along x and y.
    labels: (String, String),
    /// Where each category is along its axis: its index, or with
    /// `native_scale` its value.
    positions: Vec<f64>,
    /// One slot along the category axis: 1, or with `native_scale` the
    /// least gap between the column's distinct values (seaborn's
    /// `_native_width`); widths, jitter and dodging are shares of it.
    unit: f64,
    /// The category axis is the column's own (numbers, or dates), not
    /// categories.
    native: Option<crate::Scale>,
    width: f64,
    gap: f64,
}

/// Whether column `name` is numeric (else text); an error naming the
/// option and listing the columns when there is no such column.
fn is_numeric(table: &Table, option: &'static str, name: &str) -> Result<bool, ChartError> {
    if table.column(name).is_some() {
        return Ok(true);
    }
    if table.labels(name).is_some() {
        return Ok(false);
    }
    Err(crate::hue::no_column(table, option, name, ""))
}

/// seaborn's `_native_width`: the least gap between the distinct finite
/// `values`, or 1 when there are fewer than two.
fn native_width(values: &[f64]) -> f64 {
    let mut distinct: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    distinct.sort_unstable_by(f64::total_cmp);
    distinct.dedup();
    distinct
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(None, |least: Option<f64>, d| {
            Some(least.map_or(d, |l| l.min(d)))
        })
        .unwrap_or(1.0)
}

/// With `native_scale`, a text category column whose every value is an
/// ISO 8601 date: its dates (matplotlib's day numbers). `None` when it is
/// not asked for or the column is not dates (seaborn draws text as
/// categories whatever `native_scale` says).
fn native_dates(labels: &plotmill_data::Labels, o: &Common<'_>) -> Option<Vec<f64>> {
    if !o.native_scale {
        return None;
    }
    plotmill_data::dates::dates_of(labels).ok()
}

impl Cats {
    /// Groups `table` for a chart with options `o`; `values` whether the
    /// chart summarises a numeric column (else it counts rows).
    fn of(table: &Table, o: &Common<'_>, values: bool) -> Result<Cats, ChartError> {
        let x_num = o.x.map(|x| is_numeric(table, "x", x)).transpose()?;
        let y_num = o.y.map(|y| is_numeric(table, "y", y)).transpose()?;
        // seaborn's infer_orient (the dependent variable need not be
        // numeric there; it must be here, checked below).
        let orient = match (o.x, o.y) {
            // A count's categories are the one column given.
            _ if !values => {
                if o.x.is_some() {
                    Orient::X
                } else {
                    Orient::Y
                }
            }
            (None, _) => Orient::X,
            (_, None) => Orient::Y,
            _ => match o.orient {
                Some(orient) => orient,
                None if x_num == Some(true) && y_num == Some(false) => Orient::Y,
                None => Orient::X,
            },
        };
        let (cat, value) = match orient {
            Orient::X => (o.x.map(|c| ("x", c)), o.y.map(|v| ("y", v))),
            Orient::Y => (o.y.map(|c| ("y", c)), o.x.map(|v| ("x", v))),
        };
        let rows = table.rows();
        // The values (NaN where missing): a column, or 1 per row to count.
        let (value_name, value_values): (String, Vec<f64>) = match (values, value) {
            (true, Some((option, name))) => (
                name.to_owned(),
                hue::numeric_column(table, option, name)?.to_vec(),
            ),
            (true, None) => {
                return Err(invalid(
                    if orient == Orient::X { "y" } else { "x" },
                    "give the numeric column to summarise".to_owned(),
                ));
            }
            (false, _) => (String::new(), vec![1.0; rows]),
        };
        let cat_name = cat.map(|(_, n)| n.to_owned());
        let mut native = None;
        let mut unit = 1.0;
        let grouping = match cat {
            None => None,
            Some((_, name)) => Some(match table.column(name) {
                Some(column) => {
                    if o.native_scale {
                        native = Some(crate::Scale::Linear);
                        unit = native_width(column.values());
                    }
                    Levels::of_numbers(column, o.order, "order")?
                }
                None => match table.labels(name) {
                    Some(labels) => {
                        // seaborn orders dates as text, by first appearance
                        // (only numbers are sorted): a point plot's line
                        // joins them in that order.
                        if let Some(dates) = native_dates(labels, o) {
                            native = Some(crate::Scale::Date);
                            unit = native_width(&dates);
                        }
                        Levels::of_text(labels, o.order)
                    }
                    None => {
                        return Err(invalid(
                            if orient == Orient::X { "x" } else { "y" },
                            format!("no column '{name}'"),
                        ));
                    }
                },
            }),
        };
        let (levels, level_of, positions): (Vec<String>, Vec<Option<usize>>, Vec<f64>) =
            match grouping {
                Some(g) => {
                    let positions = match native {
                        Some(crate::Scale::Date) => g
                            .labels
                            .iter()
                            .map(|l| plotmill_data::dates::parse_iso(l).unwrap_or(f64::NAN))
                            .collect(),
                        Some(_) => g.numbers.clone(),
                        None => (0..g.labels.len()).map(|i| i as f64).collect(),
                    };
                    if let Some(k) = positions.iter().position(|p| p.is_nan()) {
                        return Err(invalid(
                            "order",
                            format!(
                                "'{}' is not an ISO 8601 date, and '{}' holds dates drawn at their values (native_scale); list dates as the file writes them",
                                g.labels[k],
                                cat_name.as_deref().unwrap_or_default()
                            ),
                        ));
                    }
                    (g.labels, g.level_of, positions)
                }
                // One anonymous category holding every row.
                None => (vec![String::new()], vec![Some(0); rows], vec![0.0]),
            };
        if levels.len() > MAX_CATEGORIES {
            return Err(invalid(
                cat.map_or("x", |(option, _)| option),
                format!(
                    "'{}' has {} categories, more than the {MAX_CATEGORIES} a chart can label; give order to choose some, or draw by a column with fewer",
                    cat_name.as_deref().unwrap_or_default(),
                    levels.len()
                ),
            ));
        }
        if levels.is_empty() {
            return Err(invalid(
                if orient == Orient::X { "x" } else { "y" },
                format!(
                    "'{}' has no values to draw categories from",
                    cat_name.as_deref().unwrap_or_default()
                ),
            ));
        }
        // seaborn sorts the rows by a numeric category (stably) before it
        // finds a text hue's levels in order of appearance (when it makes
        // the categories, so not on a native scale).
        let sorted_order: Option<Vec<String>> = match (o.hue_order, cat, o.hue) {
            (None, Some((_, c)), Some(h)) if table.column(h).is_none() && native.is_none() => {
                match (table.column(c), table.labels(h)) {
                    (Some(column), Some(labels)) => {
                        Some(appearance_sorted_by(column.values(), labels))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        let hue_order = sorted_order.as_deref().or(o.hue_order);
        let mut hue = Hue::optional(table, o.hue, hue_order, o.palette, o.hue_norm)?;
        let redundant = o.hue.is_some() && o.hue == cat_name.as_deref();
        let n_hue = hue.as_ref().map_or(1, |h| h.levels.len());
        let mut cells = vec![vec![Vec::new(); n_hue]; levels.len()];
        let mut in_rows = vec![Vec::new(); levels.len()];
        for (row, &v) in value_values.iter().enumerate() {
            let Some(c) = level_of[row] else { continue };
            let h = match &hue {
                None => 0,
                Some(h) => match h.level_of[row] {
                    Some(l) => l,
                    None => continue,
                },
            };
            if v.is_finite() {
                cells[c][h].push(v);
                in_rows[c].push((v, h));
            }
        }
        if cells.iter().flatten().all(Vec::is_empty) {
            let what = if values {
                format!("'{value_name}' has no values")
            } else {
                "there are no rows".to_owned()
            };
            return Err(invalid(
                if values {
                    if orient == Orient::X { "y" } else { "x" }
                } else if orient == Orient::X {
                    "x"
                } else {
                    "y"
                },
                format!("{what} in any category to draw"),
            ));
        }
        let needed = !redundant
            && hue.is_some()
            && cells
                .iter()
                .any(|by_hue| by_hue.iter().filter(|v| !v.is_empty()).count() > 1);
        let dodge = hue.is_some() && !redundant && o.shape.dodge.unwrap_or(needed);
        let saturation = if o.shape.fill {
            o.shape.saturation
        } else {
            1.0
        };
        let colors: Vec<Color> = match &mut hue {
            Some(h) => {
                for c in &mut h.colors {
                    *c = desaturate(*c, saturation);
                }
                h.saturation = saturation;
                h.colors.clone()
            }
            None => vec![desaturate(o.color.unwrap_or(C0), saturation)],
        };
        let cat_label = cat_name.unwrap_or_default();
        let labels = match orient {
            Orient::X => (cat_label, value_name),
            Orient::Y => (value_name, cat_label),
        };
        Ok(Cats {
            orient,
            levels,
            hue,
            cells,
            rows: in_rows,
            dodge,
            redundant,
            colors,
            labels,
            positions,
            unit,
            native,
            width: o.shape.width,
            gap: o.shape.gap,
        })
    }

    /// Where the box or bar of category `i` and hue level `j` is centred,
    /// and how wide it is (seaborn's `_dodge` then `gap`).
    fn place(&self, i: usize, j: usize) -> (f64, f64) {
        let mut center = self.positions[i];
        let full = self.width * self.unit;
        let mut width = full;
        if self.dodge {
            let n = self.cells[i].len() as f64;
            width /= n;
            center += width * j as f64 + width / 2.0 - full / 2.0;
        }
        (center, width * (1.0 - self.gap))
    }

    /// seaborn's automatic line colour (`_complement_color`): a grey at 0.6
    /// of the lightness of the darkest colour drawn.
    fn gray(&self) -> Color {
        let lum = self
            .colors
            .iter()
            .map(|c| rgb_to_hls(c.r, c.g, c.b)[1])
            .fold(f64::INFINITY, f64::min)
            * 0.6;
        Color::rgb(lum, lum, lum)
    }

    /// The figure's one axes, set up as seaborn leaves a categorical
    /// chart's: labels, the category axis, the value axis' scale, and a
    /// legend of the hue (drawn with `swatch`) unless it is redundant.
    fn figure(&self, o: &Common<'_>, swatch: Swatch) -> Figure {
        let mut fig = Figure::new(o.figsize);
        fig.layout = o.layout;
        if let Some(ax) = fig.axes_mut(0, 0) {
            ax.xlabel = self.labels.0.clone();
            ax.ylabel = self.labels.1.clone();
            ax.title = o.title.map(str::to_owned);
            let value_scale = if o.log_scale {
                crate::Scale::Log
            } else {
                crate::Scale::Linear
            };
            match (self.orient, self.native) {
                // On its own scale the category axis is as any other
                // (seaborn neither labels nor inverts it).
                (Orient::X, Some(scale)) => {
                    ax.xscale = scale;
                    ax.yscale = value_scale;
                }
                (Orient::Y, Some(scale)) => {
                    ax.yscale = scale;
                    ax.xscale = value_scale;
                }
                (Orient::X, None) => {
                    ax.xcategories = self.levels.clone();
                    ax.yscale = value_scale;
                }
                (Orient::Y, None) => {
                    ax.ycategories = self.levels.clone();
                    ax.yinverted = true;
                    ax.xscale = value_scale;
                }
            }
            if let Some(h) = &self.hue
                && o.legend
                && !self.redundant
            {
                // seaborn's legend="auto": brief for a numeric hue of
                // many values.
                hue::legend_with(ax, h, swatch, true);
            }
        }
        fig
    }

    /// The (x, y) of a point at `pos` across the categories and `value`
    /// along the value axis.
    fn xy(&self, pos: f64, value: f64) -> (f64, f64) {
        match self.orient {
            Orient::X => (pos, value),
            Orient::Y => (value, pos),
        }
    }

    /// A polyline through (pos, value) points, as x and y.
    fn line(&self, points: &[(f64, f64)]) -> (Vec<f64>, Vec<f64>) {
        points.iter().map(|&(p, v)| self.xy(p, v)).unzip()
    }
}

/// The levels of `labels` in order of first appearance over the rows
/// sorted (stably, missing values last) by `by`: pandas'
/// `sort_values(kind="mergesort")` then `unique()`.
fn appearance_sorted_by(by: &[f64], labels: &plotmill_data::Labels) -> Vec<String> {
    let mut rows: Vec<usize> = (0..by.len()).collect();
    rows.sort_by(|&a, &b| match (by[a].is_nan(), by[b].is_nan()) {
        (false, false) => by[a].total_cmp(&by[b]),
        (x, y) => x.cmp(&y),
    });
    let mut seen = vec![false; labels.levels().len()];
    let mut order = Vec::new();
    for r in rows {
        let code = labels.codes()[r] as usize;
        if let Some(s) = seen.get_mut(code)
            && !*s
        {
            *s = true;
            order.push(labels.levels()[code].clone());
        }
    }
    order
}

/// The built chart, with the hue's warning.
fn finish(fig: Figure, cats: Cats, fonts: Fonts<'_>) -> Result<Chart, ChartError> {
    let mut chart = fig.build(fonts)?;
    chart.warnings.extend(cats.hue.and_then(|h| h.warning));
    Ok(chart)
}

/// The value axis' values: log10 of the positive ones on a log axis (the
/// rest left out, as seaborn computes on the transformed values).
fn on_scale(values: &[f64], log: bool) -> Vec<f64> {
    if log {
        values
            .iter()
            .filter(|&&v| v > 0.0)
            .map(|v| v.log10())
            .collect()
    } else {
        values.to_vec()
    }
}

/// Back from the value axis' scale.
fn off_scale(v: f64, log: bool) -> f64 {
    if log { 10f64.powf(v) } else { v }
}

/// Builds the box plot.
pub fn boxplot<'f>(
    table: &Table,
    o: &BoxplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    o.validate()?;
    let common = o.common();
    let cats = Cats::of(table, &common, true)?;
    let linewidth = o.linewidth.unwrap_or(if o.fill { 1.0 } else { 1.5 });
    let gray = o.linecolor.unwrap_or_else(|| cats.gray());
    let swatch = shape_swatch(o.fill, gray, linewidth);
    let mut fig = cats.figure(&common, swatch);
    let whis = match o.whis {
        Whis::Iqr(k) => WhisStats::Iqr(k),
        Whis::Percentiles(a, b) => WhisStats::Percentiles(a, b),
    };
    let log = o.log_scale;
    let fliersize = o.fliersize.unwrap_or(6.0);
    if let Some(ax) = fig.axes_mut(0, 0) {
        for (i, by_hue) in cats.cells.iter().enumerate() {
            for (j, values) in by_hue.iter().enumerate() {
                let Some(s) = summary::box_stats(&on_scale(values, log), whis) else {
                    continue;
                };
                let s = BoxStats {
                    q1: off_scale(s.q1, log),
                    med: off_scale(s.med, log),
                    q3: off_scale(s.q3, log),
                    whislo: off_scale(s.whislo, log),
                    whishi: off_scale(s.whishi, log),
                    fliers: s.fliers.iter().map(|&v| off_scale(v, log)).collect(),
                    // On a log scale, of the logs (seaborn's: a geometric
                    // mean).
                    mean: off_scale(s.mean, log),
                    cilo: off_scale(s.cilo, log),
                    cihi: off_scale(s.cihi, log),
                };
                let (pos, width) = cats.place(i, j);
                let main = cats.colors[j % cats.colors.len()];
                let line_color = if o.fill { gray } else { main };
                draw_box(
                    ax,
                    &cats,
                    &s,
                    (pos, width),
                    (main, line_color),
                    linewidth,
                    (o.fill, o.notch),
                );
                if o.showfliers && !s.fliers.is_empty() {
                    let (x, y) = cats.line(&s.fliers.iter().map(|&v| (pos, v)).collect::<Vec<_>>());
                    ax.artists.push(Artist::Scatter {
                        x,
                        y,
                        color: Color::TRANSPARENT,
                        colors: Vec::new(),
                        size: fliersize * fliersize,
                        edge: Some(Stroke {
                            width: 1.0,
                            color: line_color,
                        }),
                        label: String::new(),
                    });
                }
                if o.showmeans && o.meanline {
                    // matplotlib's mean props as a line: C2, 1 pt, "--",
                    // across the whole box (a notched one too).
                    let half = width / 2.0;
                    let (x, y) = cats.line(&[(pos - half, s.mean), (pos + half, s.mean)]);
                    let style = LineStyle {
                        color: crate::line::CYCLE[2],
                        width: 1.0,
                        dashes: Dashes::DASHED,
                        cap: Cap::Projecting,
                    };
                    ax.plot(x, y, style, "");
                } else if o.showmeans {
                    // matplotlib's mean props: a "^" of 6 pt in C2, over
                    // the box (z-order above the boxes and fliers).
                    let (x, y) = cats.line(&[(pos, s.mean)]);
                    ax.artists.push(Artist::MarkedLine {
                        x,
                        y,
                        style: LineStyle {
                            color: crate::line::CYCLE[2],
                            width: 1.0,
                            dashes: Dashes::SOLID,
                            cap: Cap::Projecting,
                        },
                        marker: PointMarker {
                            shape: plotmill_scene::Shape::Triangle { angle: 0.0 },
                            size: 6.0,
                            edge: 1.0,
                            edge_color: None,
                        },
                        label: String::new(),
                    });
                }
            }
        }
    }
    finish(fig, cats, fonts)
}

/// One box of matplotlib's `bxp`: the box from q1 to q3 (filled and
/// outlined, or an outline), whiskers out to their ends with caps half
/// the box wide, and the median across; `notch`ed, the box's sides come in
/// to half its width at the median, from the ends of the median's
/// confidence interval, and the median spans the notch.
fn draw_box(
    ax: &mut Axes,
    cats: &Cats,
    s: &BoxStats,
    (pos, width): (f64, f64),
    (face, line): (Color, Color),
    linewidth: f64,
    (fill, notch): (bool, bool),
) {
    let (a, b) = (pos - width / 2.0, pos + width / 2.0);
    // seaborn ends the whiskers and the median butt; the caps keep
    // matplotlib's projecting ends.
    let style = LineStyle {
        color: line,
        width: linewidth,
        dashes: Dashes::SOLID,
        cap: Cap::Butt,
    };
    let color = if fill { face } else { Color::TRANSPARENT };
    let edge = Some(Stroke {
        width: linewidth,
        color: line,
    });
    // A notch comes in to half the box's width (the median spans it).
    let (na, nb) = (pos - width / 4.0, pos + width / 4.0);
    if notch {
        // bxp's path: round from the low quartile's left corner.
        let (x, y) = cats.line(&[
            (a, s.q1),
            (b, s.q1),
            (b, s.cilo),
            (nb, s.med),
            (b, s.cihi),
            (b, s.q3),
            (a, s.q3),
            (a, s.cihi),
            (na, s.med),
            (a, s.cilo),
        ]);
        // A patch (matplotlib's bxp), mitred.
        ax.artists.push(Artist::Polygon {
            x,
            y,
            color,
            edge,
            join: Join::Miter,
            label: String::new(),
        });
    } else {
        let (x0, y0) = cats.xy(a, s.q1);
        let (x1, y1) = cats.xy(b, s.q3);
        ax.artists.push(Artist::Rects {
            rects: vec![(x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1))],
            color,
            edge,
            label: String::new(),
        });
    }
    let cap = width / 4.0;
    let nan = f64::NAN;
    let (x, y) = cats.line(&[
        (pos, s.q1),
        (pos, s.whislo),
        (nan, nan),
        (pos, s.q3),
        (pos, s.whishi),
    ]);
    ax.plot(x, y, style, "");
    let (x, y) = cats.line(&[
        (pos - cap, s.whislo),
        (pos + cap, s.whislo),
        (nan, nan),
        (pos - cap, s.whishi),
        (pos + cap, s.whishi),
    ]);
    let caps = LineStyle {
        cap: Cap::Projecting,
        ..style
    };
    ax.plot(x, y, caps, "");
    let (a, b) = if notch { (na, nb) } else { (a, b) };
    let (x, y) = cats.line(&[(a, s.med), (b, s.med)]);
    ax.plot(x, y, style, "");
}

/// Bars of one value per category and hue level, from `heights`, with
/// error bars from `errors` (NaN for none).
fn draw_bars(
    ax: &mut Axes,
    cats: &Cats,
    fill: bool,
    heights: &[Vec<f64>],
    errors: &[Vec<(f64, f64)>],
    capsize: f64,
) {
    let n_hue = cats.cells.first().map_or(1, Vec::len);
    for j in 0..n_hue {
        let main = cats.colors[j % cats.colors.len()];
        let (mut centers, mut values, mut widths) = (Vec::new(), Vec::new(), Vec::new());
        let mut err: Vec<(f64, f64)> = Vec::new();
        for (i, h) in heights.iter().enumerate() {
            // seaborn leaves out groups with no rows (its aggregate has
            // no row for them).
            if cats.cells[i][j].is_empty() {
                continue;
            }
            let (pos, width) = cats.place(i, j);
            centers.push(pos);
            values.push(h[j]);
            widths.push(width);
            let (lo, hi) = errors[i][j];
            if lo.is_finite() && hi.is_finite() {
                let nan = f64::NAN;
                err.extend([(pos, lo), (pos, hi), (nan, nan)]);
                if capsize > 0.0 {
                    let half =
                        capsize / 2.0 * cats.unit / if cats.dodge { n_hue as f64 } else { 1.0 };
                    err.extend([(pos - half, lo), (pos + half, lo), (nan, nan)]);
                    err.extend([(pos - half, hi), (pos + half, hi), (nan, nan)]);
                }
            }
        }
        let (face, edge) = if fill {
            (main, None)
        } else {
            (
                Color::TRANSPARENT,
                Some(Stroke {
                    width: 2.25,
                    color: main,
                }),
            )
        };
        ax.artists.push(Artist::Bars {
            x: centers,
            heights: values,
            bottom: Vec::new(),
            horizontal: cats.orient == Orient::Y,
            width: widths.first().copied().unwrap_or(cats.width),
            widths,
            color: face,
            edge,
            label: String::new(),
        });
        if !err.is_empty() {
            let (x, y) = cats.line(&err);
            let style = LineStyle {
                color: if fill {
                    Color::rgb(0.26, 0.26, 0.26)
                } else {
                    main
                },
                width: 2.25,
                dashes: Dashes::SOLID,
                cap: Cap::Projecting,
            };
            ax.plot(x, y, style, "");
        }
    }
}

/// The legend swatch of a box or violin: filled patches outlined in the
/// line colour, or outlines in the level's colour.
fn shape_swatch(fill: bool, line: Color, width: f64) -> Swatch {
    if fill {
        Swatch::Patch {
            alpha: 1.0,
            edge: Edge::Color(line),
            width,
        }
    } else {
        Swatch::Patch {
            alpha: 0.0,
            edge: Edge::Level(1.0),
            width,
        }
    }
}

/// The legend swatch of a bar chart: filled patches without an outline,
/// or outlines.
fn bar_swatch(fill: bool) -> Swatch {
    if fill {
        Swatch::Patch {
            alpha: 1.0,
            edge: Edge::None,
            width: 1.0,
        }
    } else {
        Swatch::Patch {
            alpha: 0.0,
            edge: Edge::Level(1.0),
            width: 2.25,
        }
    }
}

/// Builds the bar plot of an estimate.
pub fn barplot<'f>(
    table: &Table,
    o: &BarplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    o.validate()?;
    let common = o.common();
    let cats = Cats::of(table, &common, true)?;
    let estimator = o.estimator.estimator();
    let bar = o.errorbar.map(|e| e.with_bootstrap(o.n_boot, o.seed));
    let log = o.log_scale;
    let mut heights = Vec::with_capacity(cats.cells.len());
    let mut errors = Vec::with_capacity(cats.cells.len());
    for by_hue in &cats.cells {
        let mut h = Vec::with_capacity(by_hue.len());
        let mut e = Vec::with_capacity(by_hue.len());
        for values in by_hue {
            let v = on_scale(values, log);
            h.push(off_scale(estimator.of(&v), log));
            e.push(match &bar {
                Some(bar) => {
                    let (lo, hi) = summary::interval(&v, estimator, bar);
                    (off_scale(lo, log), off_scale(hi, log))
                }
                None => (f64::NAN, f64::NAN),
            });
        }
        heights.push(h);
        errors.push(e);
    }
    let mut fig = cats.figure(&common, bar_swatch(o.fill));
    if let Some(ax) = fig.axes_mut(0, 0) {
        draw_bars(ax, &cats, o.fill, &heights, &errors, o.capsize);
    }
    finish(fig, cats, fonts)
}

/// Builds the bar plot of counts.
pub fn countplot<'f>(
    table: &Table,
    o: &CountplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    o.validate()?;
    let common = o.common();
    let mut cats = Cats::of(table, &common, false)?;
    // seaborn divides by every row of the data, drawn or not.
    let total = table.rows().max(1);
    let scale = match o.stat {
        CountStat::Count => 1.0,
        CountStat::Percent => 100.0 / total as f64,
        CountStat::Probability | CountStat::Proportion => 1.0 / total as f64,
    };
    let heights: Vec<Vec<f64>> = cats
        .cells
        .iter()
        .map(|by_hue| by_hue.iter().map(|v| v.len() as f64 * scale).collect())
        .collect();
    let errors: Vec<Vec<(f64, f64)>> = heights
        .iter()
        .map(|h| vec![(f64::NAN, f64::NAN); h.len()])
        .collect();
    // The value axis is named by the statistic.
    match cats.orient {
        Orient::X => cats.labels.1 = o.stat.name().to_owned(),
        Orient::Y => cats.labels.0 = o.stat.name().to_owned(),
    }
    let mut fig = cats.figure(&common, bar_swatch(o.fill));
    if let Some(ax) = fig.axes_mut(0, 0) {
        draw_bars(ax, &cats, o.fill, &heights, &errors, 0.0);
    }
    finish(fig, cats, fonts)
}

/// One violin before it is scaled: its category and hue level, its values
/// (on the value axis' scale) and its density on its support (empty when
/// it cannot be estimated).
struct Violin {
    cat: usize,
    level: usize,
    values: Vec<f64>,
    support: Vec<f64>,
    density: Vec<f64>,
}

impl Violin {
    /// The density's peak (NaN for none).
    fn peak(&self) -> f64 {
        self.density.iter().copied().fold(f64::NAN, f64::max)
    }
}

/// numpy's `interp`: `x` on the piecewise-linear function through
/// (`xp`, `fp`), `xp` increasing; the ends' values beyond them.
fn interp(x: f64, xp: &[f64], fp: &[f64]) -> f64 {
    let k = xp.partition_point(|&v| v <= x);
    match (k, fp.first(), fp.last()) {
        (_, None, _) | (_, _, None) => f64::NAN,
        (0, Some(&first), _) => first,
        (k, _, Some(&last)) if k >= xp.len() => last,
        (k, _, _) => {
            let (x0, x1, y0, y1) = (xp[k - 1], xp[k], fp[k - 1], fp[k]);
            if x1 == x0 {
                y0
            } else {
                y0 + (x - x0) * (y1 - y0) / (x1 - x0)
            }
        }
    }
}

/// Builds the violin plot.
pub fn violinplot<'f>(
    table: &Table,
    o: &ViolinplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    o.validate()?;
    let common = o.common();
    let cats = Cats::of(table, &common, true)?;
    let log = o.log_scale;
    let linewidth = o.linewidth.unwrap_or(if o.fill { 1.25 } else { 1.5 });
    let gray = o.linecolor.unwrap_or_else(|| cats.gray());
    let swatch = shape_swatch(o.fill, gray, linewidth);
    // Every density first: their peaks and counts scale the widths.
    let mut violins = Vec::new();
    for (i, by_hue) in cats.cells.iter().enumerate() {
        for (j, values) in by_hue.iter().enumerate() {
            if values.is_empty() {
                continue;
            }
            let values = on_scale(values, log);
            let fit = if values.len() < 2 {
                None
            } else {
                // No spread: no density (a line across at the mean).
                plotmill_data::stats::kde::Kde::fit(&values, None, o.bw_method.0, o.bw_adjust).ok()
            };
            let (support, density) = match fit {
                Some(kde) => {
                    let support = kde.support(o.cut, (None, None), o.gridsize);
                    let density = kde.evaluate(&support);
                    (support, density)
                }
                None => (Vec::new(), Vec::new()),
            };
            violins.push(Violin {
                cat: i,
                level: j,
                values,
                support,
                density,
            });
        }
    }
    // The greatest peak and count among the violins each is compared
    // with: all of them, or those of its hue level.
    let n_levels = cats.cells.first().map_or(1, Vec::len);
    let max_over = |f: fn(&Violin) -> f64, level: usize| {
        violins
            .iter()
            .filter(|v| o.common_norm || v.level == level)
            .map(f)
            .fold(f64::NAN, f64::max)
    };
    let max_density: Vec<f64> = (0..n_levels).map(|l| max_over(Violin::peak, l)).collect();
    let max_count: Vec<f64> = (0..n_levels)
        .map(|l| max_over(|v| v.values.len() as f64, l))
        .collect();
    let mut fig = cats.figure(&common, swatch);
    if let Some(ax) = fig.axes_mut(0, 0) {
        for v in &violins {
            let line = if o.fill {
                gray
            } else {
                cats.colors[v.level % cats.colors.len()]
            };
            let widths = match v.peak() {
                p if p.is_nan() => None,
                p => Some(
                    v.density
                        .iter()
                        .map(|&d| match o.density_norm {
                            DensityNorm::Area => d / max_density[v.level],
                            DensityNorm::Count => {
                                d / p * (v.values.len() as f64 / max_count[v.level])
                            }
                            DensityNorm::Width => d / p,
                        })
                        .collect::<Vec<f64>>(),
                ),
            };
            draw_violin(ax, &cats, o, v, widths.as_deref(), (line, linewidth));
        }
    }
    finish(fig, cats, fonts)
}

/// One violin of seaborn's `plot_violins`: its body from `shares` of its
/// half width at each support point (a line across at the mean without
/// them), outlined in `line`, and its inner marks.
fn draw_violin(
    ax: &mut Axes,
    cats: &Cats,
    o: &ViolinplotOptions,
    v: &Violin,
    shares: Option<&[f64]>,
    (line, linewidth): (Color, f64),
) {
    let log = o.log_scale;
    let (pos, width) = cats.place(v.cat, v.level);
    let hw = width / 2.0;
    let twice = if o.split { 2.0 } else { 1.0 };
    // Split: the first level's half on the left, the second's on the right.
    let right = cats.hue.is_some() && v.level % 2 == 1;
    let offsets = |span: f64| match (o.split, right) {
        (true, true) => (hw, span - hw),
        (true, false) => (span - hw, hw),
        (false, _) => (span, span),
    };
    let style = LineStyle {
        color: line,
        width: linewidth,
        dashes: Dashes::SOLID,
        cap: Cap::Projecting,
    };
    let Some(shares) = shares else {
        let (a, b) = offsets(hw * twice);
        let mean = off_scale(Estimator::Mean.of(&v.values), log);
        let (x, y) = cats.line(&[(pos - a, mean), (pos + b, mean)]);
        ax.plot(x, y, style, "");
        return;
    };
    let lower: Vec<f64> = shares
        .iter()
        .map(|&s| pos - offsets(s * hw * twice).0)
        .collect();
    let upper: Vec<f64> = shares
        .iter()
        .map(|&s| pos + offsets(s * hw * twice).1)
        .collect();
    let values: Vec<f64> = v.support.iter().map(|&x| off_scale(x, log)).collect();
    // The body: along one side and back along the other.
    let outline: Vec<(f64, f64)> = lower
        .iter()
        .copied()
        .zip(values.iter().copied())
        .chain(upper.iter().copied().zip(values.iter().copied()).rev())
        .collect();
    let (x, y) = cats.line(&outline);
    ax.artists.push(Artist::Polygon {
        x,
        y,
        color: if o.fill {
            cats.colors[v.level % cats.colors.len()]
        } else {
            Color::TRANSPARENT
        },
        edge: Some(Stroke {
            width: linewidth,
            color: line,
        }),
        // seaborn fills between the sides: a collection, joined round.
        join: Join::Round,
        label: String::new(),
    });
    // A stroke across the violin at `val` (on the value scale).
    let across = |val: f64| {
        let (a, b) = (
            interp(val, &v.support, &lower),
            interp(val, &v.support, &upper),
        );
        let at = off_scale(val, log);
        (cats.xy(a, at), cats.xy(b, at))
    };
    let strokes = |segments, width: f64, dash| Artist::Strokes {
        segments,
        color: line,
        width,
        // A stick is a line collection's, a quartile a dashed line's.
        cap: Cap::Butt,
        shift: (0.0, 0.0),
        dash,
    };
    // Inner marks sit on the centre line, or mid-half when split.
    let centre = match (o.split, right) {
        (true, true) => pos - hw,
        (true, false) => pos + hw,
        (false, _) => pos,
    };
    match o.inner {
        Inner::None => {}
        Inner::Point => {
            let points: Vec<(f64, f64)> = v
                .values
                .iter()
                .map(|&val| (centre, off_scale(val, log)))
                .collect();
            let (x, y) = cats.line(&points);
            ax.artists.push(Artist::Scatter {
                x,
                y,
                color: line,
                colors: Vec::new(),
                size: (linewidth * 2.0).powi(2),
                edge: None,
                label: String::new(),
            });
        }
        Inner::Stick => {
            let segments = v.values.iter().map(|&val| across(val)).collect();
            ax.artists.push(strokes(segments, linewidth / 2.0, None));
        }
        Inner::Quart => {
            let mut sorted = v.values.clone();
            sorted.sort_by(f64::total_cmp);
            // seaborn's dashes, in line widths: short at the quartiles,
            // long at the median.
            for (q, (on, off)) in [
                (25.0, (1.25, 0.75)),
                (50.0, (2.5, 1.0)),
                (75.0, (1.25, 0.75)),
            ] {
                let val = plotmill_data::stats::percentile(&sorted, q);
                let dash = Some((on * linewidth, off * linewidth));
                ax.artists.push(strokes(vec![across(val)], linewidth, dash));
            }
        }
        Inner::Box => {
            let Some(s) = summary::box_stats(&v.values, WhisStats::Iqr(1.5)) else {
                return;
            };
            let box_width = linewidth * 4.5;
            // A split half's box sits half a box width off the centre
            // line, in points.
            let nudge = match (o.split, right) {
                (true, true) => box_width / 2.0,
                (true, false) => -box_width / 2.0,
                (false, _) => 0.0,
            };
            let shift = match cats.orient {
                Orient::X => (nudge, 0.0),
                Orient::Y => (0.0, -nudge),
            };
            let bar = |lo: f64, hi: f64| {
                (
                    cats.xy(centre, off_scale(lo, log)),
                    cats.xy(centre, off_scale(hi, log)),
                )
            };
            for (lo, hi, w) in [
                (s.whislo, s.whishi, box_width / 3.0),
                (s.q1, s.q3, box_width),
            ] {
                ax.artists.push(Artist::Strokes {
                    segments: vec![bar(lo, hi)],
                    color: line,
                    width: w,
                    // `plot`'s lines: matplotlib's projecting caps.
                    cap: Cap::Projecting,
                    shift,
                    dash: None,
                });
            }
            ax.artists.push(Artist::Ticks {
                at: vec![cats.xy(centre, off_scale(s.med, log))],
                length: box_width / 1.2,
                vertical: cats.orient == Orient::Y,
                color: Color::WHITE,
                width: box_width / 5.0,
                shift,
            });
        }
    }
}

/// The marker outline and legend of a strip or swarm: seaborn's grey
/// (or `edgecolor`) at `linewidth` points.
fn point_marks(
    cats: &Cats,
    size: f64,
    edgecolor: Option<Color>,
    linewidth: f64,
) -> (Stroke, Swatch) {
    let edge = Stroke {
        width: linewidth,
        color: edgecolor.unwrap_or_else(|| cats.gray()),
    };
    (
        edge,
        Swatch::Marker {
            alpha: 1.0,
            size: size * size,
            edge: Some(edge),
        },
    )
}

/// The groups a strip or swarm draws, in order: each category's rows, or
/// with dodging each category's rows of each hue level; with the position
/// of each and its values and colours.
fn point_groups(cats: &Cats) -> Vec<(f64, Vec<f64>, Vec<Color>)> {
    let color = |h: usize| cats.colors[h % cats.colors.len()];
    let mut groups = Vec::new();
    for (i, rows) in cats.rows.iter().enumerate() {
        if cats.dodge {
            for j in 0..cats.cells[i].len() {
                let values: Vec<f64> = rows.iter().filter(|r| r.1 == j).map(|r| r.0).collect();
                if !values.is_empty() {
                    let colors = vec![color(j); values.len()];
                    groups.push((cats.place(i, j).0, values, colors));
                }
            }
        } else if !rows.is_empty() {
            groups.push((
                cats.positions[i],
                rows.iter().map(|r| r.0).collect(),
                rows.iter().map(|r| color(r.1)).collect(),
            ));
        }
    }
    groups
}

/// Builds the strip plot.
pub fn stripplot<'f>(
    table: &Table,
    o: &StripplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    o.validate()?;
    let amount = o.jitter.amount();
    if !(amount.is_finite() && amount >= 0.0) {
        return Err(invalid(
            "jitter",
            format!("{amount} is not an amount of 0 or more"),
        ));
    }
    let common = o.common();
    let cats = Cats::of(table, &common, true)?;
    let (edge, swatch) = point_marks(&cats, o.size, o.edgecolor, o.linewidth);
    let n_levels = cats.cells.first().map_or(1, Vec::len) as f64;
    let reach = if cats.dodge {
        amount / n_levels
    } else {
        amount
    } * cats.unit;
    let mut rng = plotmill_data::stats::rng::Uniform::new(o.seed);
    let mut fig = cats.figure(&common, swatch);
    if let Some(ax) = fig.axes_mut(0, 0) {
        for (pos, values, colors) in point_groups(&cats) {
            // seaborn jitters groups of more than one point.
            let jittered = values.len() > 1 && reach > 0.0;
            let points: Vec<(f64, f64)> = values
                .iter()
                .map(|&v| {
                    let shift = if jittered {
                        rng.between(-reach, reach)
                    } else {
                        0.0
                    };
                    (pos + shift, v)
                })
                .collect();
            let (x, y) = cats.line(&points);
            ax.artists.push(Artist::Scatter {
                x,
                y,
                color: colors[0],
                colors,
                size: o.size * o.size,
                edge: Some(edge),
                label: String::new(),
            });
        }
    }
    finish(fig, cats, fonts)
}

/// Builds the swarm plot.
pub fn swarmplot<'f>(
    table: &Table,
    o: &SwarmplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    o.validate()?;
    if !(0.0..=1.0).contains(&o.warn_thresh) {
        return Err(invalid(
            "warn_thresh",
            format!("{} is not a share; give 0 to 1", o.warn_thresh),
        ));
    }
    let common = o.common();
    let cats = Cats::of(table, &common, true)?;
    let (edge, swatch) = point_marks(&cats, o.size, o.edgecolor, o.linewidth);
    // seaborn holds every swarm, dodged or not, within 0.8 of a slot
    // about its centre.
    let width = 0.8 * cats.unit;
    let groups = point_groups(&cats);
    if let Some((_, values, _)) = groups.iter().find(|g| g.1.len() > MAX_SWARM) {
        return Err(invalid(
            if cats.orient == Orient::X { "y" } else { "x" },
            format!(
                "a swarm of {} points: a swarm places at most {MAX_SWARM} (each point is checked against its neighbours, so the time grows with the square of the count); draw a strip plot, or a violin or box plot, of this many",
                values.len()
            ),
        ));
    }
    let mut fig = cats.figure(&common, swatch);
    if let Some(ax) = fig.axes_mut(0, 0) {
        for (center, values, colors) in groups {
            ax.artists.push(Artist::Swarm {
                center,
                values,
                colors,
                size: o.size * o.size,
                edge,
                horizontal: cats.orient == Orient::Y,
                width,
                warn_thresh: o.warn_thresh,
            });
        }
    }
    finish(fig, cats, fonts)
}

/// Builds the point plot.
pub fn pointplot<'f>(
    table: &Table,
    o: &PointplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    o.validate()?;
    let common = o.common();
    let cats = Cats::of(table, &common, true)?;
    let estimator = o.estimator.estimator();
    let bar = o.errorbar.map(|e| e.with_bootstrap(o.n_boot, o.seed));
    let n_levels = cats.cells.first().map_or(1, Vec::len);
    // seaborn's dodge: true spreads the levels over 0.025 of a slot each.
    let spread = match o.dodge {
        Jitter::On(true) => 0.025 * n_levels as f64,
        other => other.amount(),
    };
    // seaborn's markers and line styles: one for all, or one per hue
    // level (without a hue, the first).
    let marker_of = |j: usize| PointMarker {
        shape: o
            .markers
            .of(j)
            .map_or(plotmill_scene::Shape::Circle, |m| m.0),
        size: o.linewidth * (2.0 * std::f64::consts::PI).sqrt(),
        edge: o.linewidth * 0.75,
        edge_color: None,
    };
    let style_of = |j: usize, color: Color| {
        let dashes = o.linestyles.of(j).map_or(Some(Dashes::SOLID), |l| l.0);
        LineStyle {
            color,
            // No line: the markers alone (and solid error bars).
            width: if dashes.is_some() { o.linewidth } else { 0.0 },
            dashes: dashes.unwrap_or(Dashes::SOLID),
            cap: Cap::Projecting,
        }
    };
    let swatch = Swatch::LineMarker {
        width: o.linewidth,
        marker: marker_of(0),
    };
    let mut fig = cats.figure(&common, swatch);
    if let Some(ax) = fig.axes_mut(0, 0) {
        // The legend's entries (drawing nothing) take their level's marker
        // and line style, found by label (a brief numeric legend lists
        // values that are no level: the first's).
        let level_of = |label: &str| {
            cats.hue
                .as_ref()
                .and_then(|h| h.levels.iter().position(|l| l == label))
                .unwrap_or(0)
        };
        for artist in &mut ax.artists {
            if let Artist::MarkedLine {
                x,
                style,
                marker,
                label,
                ..
            } = artist
                && x.is_empty()
            {
                let level = level_of(label);
                *marker = marker_of(level);
                *style = style_of(level, style.color);
            }
        }
        for j in 0..n_levels {
            let offset = if spread > 0.0 && n_levels > 1 && cats.hue.is_some() {
                -spread / 2.0 + spread / (n_levels - 1) as f64 * j as f64
            } else {
                0.0
            };
            let color = cats.colors[j % cats.colors.len()];
            let mut points = Vec::with_capacity(cats.cells.len());
            let mut errors = Vec::new();
            for (i, by_hue) in cats.cells.iter().enumerate() {
                let pos = cats.positions[i] + offset * cats.unit;
                let values = on_scale(&by_hue[j], o.log_scale);
                if values.is_empty() {
                    // A category without values breaks the line.
                    points.push((pos, f64::NAN));
                    continue;
                }
                points.push((pos, off_scale(estimator.of(&values), o.log_scale)));
                if let Some(bar) = &bar {
                    let (lo, hi) = summary::interval(&values, estimator, bar);
                    let (lo, hi) = (off_scale(lo, o.log_scale), off_scale(hi, o.log_scale));
                    if lo.is_finite() && hi.is_finite() {
                        let nan = f64::NAN;
                        errors.extend([(pos, lo), (pos, hi), (nan, nan)]);
                        if o.capsize > 0.0 {
                            let half = o.capsize / 2.0 * cats.unit;
                            errors.extend([(pos - half, lo), (pos + half, lo), (nan, nan)]);
                            errors.extend([(pos - half, hi), (pos + half, hi), (nan, nan)]);
                        }
                    }
                }
            }
            // No line for a level without values (seaborn draws nothing).
            if points.iter().all(|p| p.1.is_nan()) {
                continue;
            }
            let style = style_of(j, color);
            let (x, y) = cats.line(&points);
            ax.artists.push(Artist::MarkedLine {
                x,
                y,
                style,
                marker: marker_of(j),
                label: String::new(),
            });
            if !errors.is_empty() {
                // Error bars are solid and as wide as the line would be.
                let bars = LineStyle {
                    color,
                    width: o.linewidth,
                    dashes: Dashes::SOLID,
                    cap: Cap::Projecting,
                };
                let (x, y) = cats.line(&errors);
                ax.plot(x, y, bars, "");
            }
        }
    }
    let levels = if cats.hue.is_some() { n_levels } else { 1 };
    let warnings: Vec<String> = [
        o.markers.check(levels, "markers"),
        o.linestyles.check(levels, "linestyles"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut chart = finish(fig, cats, fonts)?;
    chart.warnings.extend(warnings);
    Ok(chart)
}
