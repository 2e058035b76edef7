//! `plotmill boxplot`, `violinplot`, `stripplot`, `swarmplot`, `barplot`
//! and `countplot`: seaborn's categorical charts of a CSV file, with the
//! flags they share.

use std::path::PathBuf;

use clap::{ArgAction, Args};
use plotmill::chart::{
    BarplotOptions, BoxplotOptions, BwMethod, ChartSpec, CountStat, CountplotOptions, DensityNorm,
    ErrorbarSpec, EstimatorName, Inner, Jitter, Layout, LineCode, MarkerCode, OneOrMany, Orient,
    Palette, PointplotOptions, StripplotOptions, SwarmplotOptions, ViolinplotOptions, Whis,
};
use plotmill::scene::Color;

use super::render::{InputArgs, OutputArgs, parse_color, parse_figsize, run_column_chart};
use super::values::{default_of, spec_enum, wxh};
use crate::ui::Printer;

const SHARED: &str = "
Names, defaults and semantics are seaborn 0.13's: the categories are the
text column's levels in order of first appearance (a numeric column's
values sorted, or --order), one slot each, the boxes or bars 0.8 of it;
with a hue, its levels side by side when a category holds more than one
(--dodge), colours from the matplotlib cycle desaturated to 0.75
(--saturation). The categories run along x unless only x is numeric (or
--orient y). Rows missing a value, a category or a hue level are left out.";

const BOX_EXAMPLES: &str = "\
Examples:
  # seaborn.boxplot(df, x=\"species\", y=\"body_mass_g\", hue=\"sex\")
  plotmill boxplot data.csv --x species --y body_mass_g --hue sex -o box.png
  plotmill boxplot data.csv --x body_mass_g --y island --whis 5,95 -o box.svg
  plotmill boxplot data.csv --x species --y body_mass_g --fill false --gap .1 -o box.png
  # boxes at a numeric column's values (0.5, 1, 2), not in evenly spaced slots
  plotmill boxplot doses.csv --x dose --y len --hue supp --native-scale -o box.png
  # seaborn.boxplot(df, x=\"species\", y=\"body_mass_g\", notch=True, showmeans=True)
  plotmill boxplot data.csv --x species --y body_mass_g --notch --showmeans -o box.png

Each box spans the quartiles (numpy's linear percentiles), the line across
it is the median, whiskers reach the farthest values within 1.5
interquartile ranges (--whis), and values beyond are drawn as fliers.";

const VIOLIN_EXAMPLES: &str = "\
Examples:
  # seaborn.violinplot(df, x=\"species\", y=\"body_mass_g\", hue=\"sex\", split=True, inner=\"quart\")
  plotmill violinplot data.csv --x species --y body_mass_g --hue sex --split --inner quart -o v.png
  plotmill violinplot data.csv --x flipper_length_mm --y island --inner stick -o v.svg
  plotmill violinplot data.csv --x species --y bill_length_mm --density-norm count -o v.png

Each violin is the density of its values (scipy's Gaussian KDE, Scott's
bandwidth, 100 points reaching 2 bandwidths past the data), mirrored about
its position, with a miniature box plot inside (--inner box, quart, stick,
point or none). Violins of a hue level share one scale (--common-norm
true: all of them); --density-norm area (equal areas), count or width.";

const STRIP_EXAMPLES: &str = "\
Examples:
  # seaborn.stripplot(df, x=\"species\", y=\"body_mass_g\", hue=\"sex\", dodge=True)
  plotmill stripplot data.csv --x species --y body_mass_g --hue sex --dodge -o strip.png
  plotmill stripplot data.csv --x body_mass_g --y island --jitter 0.25 --size 3 -o strip.svg

Each value is a point 5 pt across on its category's line, moved across it
by a random jitter (0.1 of the slot each way; --jitter false for none).
seaborn's jitter differs from run to run; plotmill's is drawn from --seed
(0), so the same data always draws the same chart.";

const SWARM_EXAMPLES: &str = "\
Examples:
  # seaborn.swarmplot(df, x=\"island\", y=\"flipper_length_mm\", hue=\"species\")
  plotmill swarmplot data.csv --x island --y flipper_length_mm --hue species -o swarm.png
  plotmill swarmplot data.csv --x body_mass_g --y species --size 3 -o swarm.svg

Each value is a point on its category's line, moved across it just far
enough not to overlap another (seaborn's beeswarm, placed on the page:
the result depends on the figure size). Points that do not fit within
0.8 of the slot are drawn at its edge, with a warning when more than
--warn-thresh of a swarm's are.";

const POINT_EXAMPLES: &str = "\
Examples:
  # seaborn.pointplot(df, x=\"island\", y=\"body_mass_g\", hue=\"sex\", dodge=True)
  plotmill pointplot data.csv --x island --y body_mass_g --hue sex --dodge true -o point.png
  plotmill pointplot data.csv --x species --y bill_length_mm --errorbar sd --capsize .2 -o p.svg
  # a marker and a line style per hue level (none: the points alone)
  plotmill pointplot data.csv --x island --y body_mass_g --hue sex --markers s,^ --linestyles -,none -o p.png
  # on a date axis, the points at their dates
  plotmill pointplot doses.csv --x visit --y len --hue supp --native-scale -o p.png

Each point is the mean of its category's values (--estimator) with an
error bar (a 95% bootstrap interval from --seed by default); a hue level's
points are joined by a line. --dodge true spreads the levels 0.025 of a
slot apart each, or give a spread.";

const BAR_EXAMPLES: &str = "\
Examples:
  # seaborn.barplot(df, x=\"island\", y=\"body_mass_g\", hue=\"sex\")
  plotmill barplot data.csv --x island --y body_mass_g --hue sex -o bar.png
  plotmill barplot data.csv --x species --y bill_length_mm --errorbar sd -o bar.png
  plotmill barplot data.csv --x species --y body_mass_g --estimator median \\
      --errorbar pi,50 --capsize .2 -o bar.svg

Each bar is the mean of its values (--estimator), with an error bar: by
default a 95% confidence interval from 1000 bootstrap resamples. seaborn
draws them from an unseeded generator, so its bars move a little from run
to run; plotmill's generator starts from --seed (0), so the same data
always draws the same chart. --errorbar pi,50 | se | sd,2 | none.";

const COUNT_EXAMPLES: &str = "\
Examples:
  # seaborn.countplot(df, x=\"island\", hue=\"species\")
  plotmill countplot data.csv --x island --hue species -o count.png
  plotmill countplot data.csv --y species --stat percent -o count.svg

Each bar counts the rows of its category (and hue level); --stat percent
or proportion divides by every row of the file.";

/// The flags every categorical chart has.
#[derive(Debug, Args)]
pub(crate) struct CategoricalArgs {
    /// The column along x: the categories, or the values of a horizontal
    /// chart.
    #[arg(long, value_name = "COLUMN")]
    x: Option<String>,

    /// The column along y: the values, or the categories of a horizontal
    /// chart.
    #[arg(long, value_name = "COLUMN")]
    y: Option<String>,

    /// A column to split and colour by.
    #[arg(long, value_name = "COLUMN")]
    hue: Option<String>,

    /// The categories in this order, comma-separated (others left out).
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    order: Option<Vec<String>>,

    /// The hue's levels in this order, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    hue_order: Option<Vec<String>>,

    /// Which axis holds the categories: x (v) or y (h). [default: the text
    /// column's]
    #[arg(long, value_parser = spec_enum::<Orient>())]
    orient: Option<Orient>,

    /// The colour without a hue. [default: C0, desaturated]
    #[arg(long, value_parser = parse_color, value_name = "COLOR")]
    color: Option<Color>,

    /// The hue's colours, as histplot's --palette.
    #[arg(long, value_parser = Palette::parse, value_name = "PALETTE")]
    palette: Option<Palette>,

    /// A numeric hue's values at the colormap's ends.
    #[arg(long, value_parser = super::histplot::parse_range, value_name = "LOW,HIGH")]
    hue_norm: Option<(f64, f64)>,

    /// A log value axis.
    #[arg(long)]
    log_scale: bool,

    /// A numeric or date category column at its own values on a numeric
    /// or date axis (seaborn's native_scale); slots as wide as the least
    /// gap between its values. A text column stays categories.
    #[arg(long)]
    native_scale: bool,

    /// A legend of the hue levels.
    #[arg(long, action = ArgAction::Set, default_value_t = BoxplotOptions::default().legend, value_name = "BOOL")]
    legend: bool,

    /// Figure size in inches, WxH.
    #[arg(long, default_value = wxh(BoxplotOptions::default().figsize), value_parser = parse_figsize, value_name = "WxH")]
    figsize: (f64, f64),

    /// Where the axes go: none, tight or constrained.
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(BoxplotOptions::default().layout))]
    layout: Layout,

    /// A title above the axes.
    #[arg(long)]
    title: Option<String>,
}

/// The flags of charts of filled shapes: boxes, violins, bars.
#[derive(Debug, Args)]
pub(crate) struct ShapeArgs {
    /// Colours' saturation is multiplied by this when filled.
    #[arg(long, default_value_t = BoxplotOptions::default().saturation)]
    saturation: f64,

    /// Filled shapes (else outlines).
    #[arg(long, action = ArgAction::Set, default_value_t = BoxplotOptions::default().fill, value_name = "BOOL")]
    fill: bool,

    /// Hue levels side by side (--dodge, or --dodge false). [default: when
    /// a category holds several]
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    dodge: Option<bool>,

    /// A category's share of its slot.
    #[arg(long, default_value_t = BoxplotOptions::default().width)]
    width: f64,

    /// A share of each shape's width left empty.
    #[arg(long, default_value_t = BoxplotOptions::default().gap)]
    gap: f64,
}

/// Fills the shared fields of a categorical options struct from `c` (and
/// of a chart of shapes from `shape`).
macro_rules! with_common {
    ($c:expr, $shape:expr, $t:ident { $($field:ident: $value:expr),* $(,)? }) => {{
        let s = $shape;
        with_common!($c, $t {
            saturation: s.saturation,
            fill: s.fill,
            dodge: s.dodge,
            width: s.width,
            gap: s.gap,
            $($field: $value,)*
        })
    }};
    ($c:expr, $t:ident { $($field:ident: $value:expr),* $(,)? }) => {{
        let c = $c;
        $t {
            x: c.x.clone(),
            y: c.y.clone(),
            hue: c.hue.clone(),
            order: c.order.clone(),
            hue_order: c.hue_order.clone(),
            orient: c.orient,
            color: c.color,
            palette: c.palette.clone(),
            hue_norm: c.hue_norm,
            log_scale: c.log_scale,
            native_scale: c.native_scale,
            legend: c.legend,
            figsize: c.figsize,
            layout: c.layout,
            title: c.title.clone(),
            $($field: $value,)*
        }
    }};
}

/// seaborn's box plot of a CSV file's column by category.
#[derive(Debug, Args)]
#[command(after_help = format!("{BOX_EXAMPLES}\n{SHARED}"))]
pub(crate) struct BoxplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    common: CategoricalArgs,

    #[command(flatten)]
    shape: ShapeArgs,

    /// How far whiskers reach: interquartile ranges (1.5), or LOW,HIGH
    /// percentiles (5,95).
    #[arg(long, value_parser = parse_whis, default_value = "1.5", value_name = "K|LOW,HIGH")]
    whis: Whis,

    /// The boxes' line colour. [default: a grey darker than every box]
    #[arg(long, value_parser = parse_color, value_name = "COLOR")]
    linecolor: Option<Color>,

    /// Line width in points. [default: 1 filled, 1.5 as outlines]
    #[arg(long)]
    linewidth: Option<f64>,

    /// Flier marker size in points. [default: 6]
    #[arg(long)]
    fliersize: Option<f64>,

    /// Draw the values beyond the whiskers.
    #[arg(long, action = ArgAction::Set, default_value_t = BoxplotOptions::default().showfliers, value_name = "BOOL")]
    showfliers: bool,

    /// Notch each box at its median: the notch spans the median's 95%
    /// confidence interval, the median ± 1.57 IQR / √n (matplotlib's
    /// notch).
    #[arg(long)]
    notch: bool,

    /// Mark each box's mean with a green triangle (matplotlib's showmeans).
    #[arg(long)]
    showmeans: bool,

    /// With --showmeans, draw each mean as a green dashed line across its
    /// box instead (matplotlib's meanline).
    #[arg(long, requires = "showmeans")]
    meanline: bool,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

fn parse_whis(s: &str) -> Result<Whis, String> {
    match s.split_once(',') {
        Some(_) => super::histplot::parse_range(s).map(|(a, b)| Whis::Percentiles(a, b)),
        None => s
            .trim()
            .parse()
            .map(Whis::Iqr)
            .map_err(|_| format!("'{s}' is not a reach; give a number such as 1.5, or LOW,HIGH percentiles such as 5,95")),
    }
}

impl BoxplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: with_common!(
                &self.common,
                &self.shape,
                BoxplotOptions {
                    whis: self.whis,
                    linecolor: self.linecolor,
                    linewidth: self.linewidth,
                    fliersize: self.fliersize,
                    showfliers: self.showfliers,
                    notch: self.notch,
                    showmeans: self.showmeans,
                    meanline: self.meanline,
                }
            )
            .into(),
            output: self.output.settings()?,
        })
    }

    pub(crate) fn run(self, printer: Printer) -> anyhow::Result<()> {
        run_column_chart(
            &self.spec()?,
            &self.file,
            &self.input,
            &self.output,
            printer,
        )
    }
}

/// seaborn's violins: each category's density, mirrored.
#[derive(Debug, Args)]
#[command(after_help = format!("{VIOLIN_EXAMPLES}\n{SHARED}"))]
pub(crate) struct ViolinplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    common: CategoricalArgs,

    #[command(flatten)]
    shape: ShapeArgs,

    /// What is drawn inside: box, quart, stick, point or none.
    #[arg(long, value_parser = spec_enum::<Inner>(), default_value = default_of(ViolinplotOptions::default().inner))]
    inner: Inner,

    /// With a two-level hue, half a violin for each level.
    #[arg(long)]
    split: bool,

    /// How many bandwidths each violin runs past its data.
    #[arg(long, default_value_t = ViolinplotOptions::default().cut)]
    cut: f64,

    /// Points each density is evaluated at.
    #[arg(long, default_value_t = ViolinplotOptions::default().gridsize)]
    gridsize: usize,

    /// scipy's bandwidth rule (scott, silverman) or a factor.
    #[arg(long, value_parser = super::kdeplot::parse_bw, default_value = "scott")]
    bw_method: BwMethod,

    /// A factor on the bandwidth.
    #[arg(long, default_value_t = ViolinplotOptions::default().bw_adjust)]
    bw_adjust: f64,

    /// How widths compare: area, count or width.
    #[arg(long, value_parser = spec_enum::<DensityNorm>(), default_value = default_of(ViolinplotOptions::default().density_norm))]
    density_norm: DensityNorm,

    /// Compare widths across every violin (else within each hue level).
    #[arg(long, action = ArgAction::Set, default_value_t = ViolinplotOptions::default().common_norm, value_name = "BOOL")]
    common_norm: bool,

    /// The outlines' colour. [default: a grey darker than every violin]
    #[arg(long, value_parser = parse_color, value_name = "COLOR")]
    linecolor: Option<Color>,

    /// Line width in points. [default: 1.25 filled, 1.5 as outlines]
    #[arg(long)]
    linewidth: Option<f64>,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

impl ViolinplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: with_common!(
                &self.common,
                &self.shape,
                ViolinplotOptions {
                    inner: self.inner,
                    split: self.split,
                    cut: self.cut,
                    gridsize: self.gridsize,
                    bw_method: self.bw_method,
                    bw_adjust: self.bw_adjust,
                    density_norm: self.density_norm,
                    common_norm: self.common_norm,
                    linecolor: self.linecolor,
                    linewidth: self.linewidth,
                }
            )
            .into(),
            output: self.output.settings()?,
        })
    }

    pub(crate) fn run(self, printer: Printer) -> anyhow::Result<()> {
        run_column_chart(
            &self.spec()?,
            &self.file,
            &self.input,
            &self.output,
            printer,
        )
    }
}

/// The flags strip and swarm plots share: their markers.
#[derive(Debug, Args)]
pub(crate) struct PointArgs {
    /// Hue levels side by side (--dodge, or --dodge true).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", default_value_t = false, value_name = "BOOL")]
    dodge: bool,

    /// Marker diameter in points.
    #[arg(long, default_value_t = StripplotOptions::default().size)]
    size: f64,

    /// Marker outline colour. [default: a grey darker than every point]
    #[arg(long, value_parser = parse_color, value_name = "COLOR")]
    edgecolor: Option<Color>,

    /// Marker outline width in points.
    #[arg(long, default_value_t = StripplotOptions::default().linewidth)]
    linewidth: f64,
}

/// seaborn's strip plot: every value by category, jittered.
#[derive(Debug, Args)]
#[command(after_help = format!("{STRIP_EXAMPLES}\n{SHARED}"))]
pub(crate) struct StripplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    common: CategoricalArgs,

    #[command(flatten)]
    points: PointArgs,

    /// Random offsets across the category: true (0.1 of the slot each
    /// way), false, or an amount.
    #[arg(long, value_parser = parse_jitter, default_value = "true", value_name = "BOOL|AMOUNT")]
    jitter: Jitter,

    /// The jitter's seed: the same seed draws the same points.
    #[arg(long, default_value_t = StripplotOptions::default().seed)]
    seed: u64,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

fn parse_jitter(s: &str) -> Result<Jitter, String> {
    match s.trim() {
        "true" | "yes" => Ok(Jitter::On(true)),
        "false" | "no" => Ok(Jitter::On(false)),
        t => t
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(Jitter::Amount)
            .ok_or_else(|| {
                format!("'{s}' is not a jitter; give true, false or an amount such as 0.25")
            }),
    }
}

impl StripplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        let p = &self.points;
        Ok(ChartSpec {
            chart: with_common!(
                &self.common,
                StripplotOptions {
                    jitter: self.jitter,
                    seed: self.seed,
                    dodge: p.dodge,
                    size: p.size,
                    edgecolor: p.edgecolor,
                    linewidth: p.linewidth,
                }
            )
            .into(),
            output: self.output.settings()?,
        })
    }

    pub(crate) fn run(self, printer: Printer) -> anyhow::Result<()> {
        run_column_chart(
            &self.spec()?,
            &self.file,
            &self.input,
            &self.output,
            printer,
        )
    }
}

/// seaborn's swarm plot: every value by category, none overlapping.
#[derive(Debug, Args)]
#[command(after_help = format!("{SWARM_EXAMPLES}\n{SHARED}"))]
pub(crate) struct SwarmplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    common: CategoricalArgs,

    #[command(flatten)]
    points: PointArgs,

    /// Warn when more than this share of a swarm's points cannot be placed.
    #[arg(long, default_value_t = SwarmplotOptions::default().warn_thresh)]
    warn_thresh: f64,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

impl SwarmplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        let p = &self.points;
        Ok(ChartSpec {
            chart: with_common!(
                &self.common,
                SwarmplotOptions {
                    dodge: p.dodge,
                    size: p.size,
                    edgecolor: p.edgecolor,
                    linewidth: p.linewidth,
                    warn_thresh: self.warn_thresh,
                }
            )
            .into(),
            output: self.output.settings()?,
        })
    }

    pub(crate) fn run(self, printer: Printer) -> anyhow::Result<()> {
        run_column_chart(
            &self.spec()?,
            &self.file,
            &self.input,
            &self.output,
            printer,
        )
    }
}

/// seaborn's point plot: estimates and error bars by category, joined.
#[derive(Debug, Args)]
#[command(after_help = format!("{POINT_EXAMPLES}\n{SHARED}"))]
pub(crate) struct PointplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    common: CategoricalArgs,

    /// The points' statistic: mean, median, sum, min or max.
    #[arg(long, value_parser = spec_enum::<EstimatorName>(), default_value = default_of(PointplotOptions::default().estimator))]
    estimator: EstimatorName,

    /// The error bars: ci, pi, se or sd, with an optional level, or none.
    #[arg(long, value_parser = parse_errorbar, default_value = "ci,95", value_name = "METHOD[,LEVEL]")]
    errorbar: Errorbar,

    /// Bootstrap resamples for ci.
    #[arg(long, default_value_t = PointplotOptions::default().n_boot)]
    n_boot: usize,

    /// The bootstrap's seed.
    #[arg(long, default_value_t = PointplotOptions::default().seed)]
    seed: u64,

    /// Caps on the error bars, as a share of a slot.
    #[arg(long, default_value_t = PointplotOptions::default().capsize)]
    capsize: f64,

    /// Hue levels apart: true (0.025 of a slot each; --dodge alone), false,
    /// or a spread.
    #[arg(long, value_parser = parse_jitter, default_value = "false", num_args = 0..=1, default_missing_value = "true", value_name = "BOOL|SPREAD")]
    dodge: Jitter,

    /// Line width in points; markers and error bars follow it.
    #[arg(long, default_value_t = PointplotOptions::default().linewidth)]
    linewidth: f64,

    /// The points' marker, or one per hue level, comma-separated: o . s D
    /// d ^ v < > p h H 8 * P X or '(sides, 0|1, angle)'.
    #[arg(long, value_parser = parse_point_markers, default_value = "o", value_name = "MARKERS")]
    markers: OneOrMany<MarkerCode>,

    /// The lines' style, or one per hue level, comma-separated: -, --,
    /// -., : (or solid, dashed, dashdot, dotted), lengths such as '4 1.5',
    /// or none (the points alone). Alone, write -- as dashed.
    #[arg(long, value_parser = parse_linestyles, default_value = "-", value_name = "STYLES", allow_hyphen_values = true)]
    linestyles: OneOrMany<LineCode>,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `--markers`: one marker code, or one per hue level.
fn parse_point_markers(s: &str) -> Result<OneOrMany<MarkerCode>, String> {
    OneOrMany::parse(s, MarkerCode::parse)
}

/// `--linestyles`: one line style, or one per hue level.
fn parse_linestyles(s: &str) -> Result<OneOrMany<LineCode>, String> {
    OneOrMany::parse(s, LineCode::parse)
}

impl PointplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: with_common!(
                &self.common,
                PointplotOptions {
                    estimator: self.estimator,
                    errorbar: self.errorbar.0,
                    n_boot: self.n_boot,
                    seed: self.seed,
                    capsize: self.capsize,
                    dodge: self.dodge,
                    linewidth: self.linewidth,
                    markers: self.markers.clone(),
                    linestyles: self.linestyles.clone(),
                }
            )
            .into(),
            output: self.output.settings()?,
        })
    }

    pub(crate) fn run(self, printer: Printer) -> anyhow::Result<()> {
        run_column_chart(
            &self.spec()?,
            &self.file,
            &self.input,
            &self.output,
            printer,
        )
    }
}

/// seaborn's bars of an estimate by category, with error bars.
#[derive(Debug, Args)]
#[command(after_help = format!("{BAR_EXAMPLES}\n{SHARED}"))]
pub(crate) struct BarplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    common: CategoricalArgs,

    #[command(flatten)]
    shape: ShapeArgs,

    /// The bars' statistic: mean, median, sum, min or max.
    #[arg(long, value_parser = spec_enum::<EstimatorName>(), default_value = default_of(BarplotOptions::default().estimator))]
    estimator: EstimatorName,

    /// The error bars: ci, pi, se or sd, with an optional level (ci,95;
    /// sd,2), or none.
    #[arg(long, value_parser = parse_errorbar, default_value = "ci,95", value_name = "METHOD[,LEVEL]")]
    errorbar: Errorbar,

    /// Bootstrap resamples for ci.
    #[arg(long, default_value_t = BarplotOptions::default().n_boot)]
    n_boot: usize,

    /// The bootstrap's seed: the same seed draws the same error bars.
    #[arg(long, default_value_t = BarplotOptions::default().seed)]
    seed: u64,

    /// Caps on the error bars, as a share of the bar's width.
    #[arg(long, default_value_t = BarplotOptions::default().capsize)]
    capsize: f64,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// An error bar or none, as a flag gives it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Errorbar(pub(crate) Option<ErrorbarSpec>);

pub(crate) fn parse_errorbar(s: &str) -> Result<Errorbar, String> {
    ErrorbarSpec::parse(s).map(Errorbar)
}

impl BarplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: with_common!(
                &self.common,
                &self.shape,
                BarplotOptions {
                    estimator: self.estimator,
                    errorbar: self.errorbar.0,
                    n_boot: self.n_boot,
                    seed: self.seed,
                    capsize: self.capsize,
                }
            )
            .into(),
            output: self.output.settings()?,
        })
    }

    pub(crate) fn run(self, printer: Printer) -> anyhow::Result<()> {
        run_column_chart(
            &self.spec()?,
            &self.file,
            &self.input,
            &self.output,
            printer,
        )
    }
}

/// seaborn's bars of counts by category.
#[derive(Debug, Args)]
#[command(after_help = format!("{COUNT_EXAMPLES}\n{SHARED}"))]
pub(crate) struct CountplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    common: CategoricalArgs,

    #[command(flatten)]
    shape: ShapeArgs,

    /// What the bars are: count, percent, probability or proportion.
    #[arg(long, value_parser = spec_enum::<CountStat>(), default_value = default_of(CountplotOptions::default().stat))]
    stat: CountStat,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

impl CountplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: with_common!(
                &self.common,
                &self.shape,
                CountplotOptions { stat: self.stat }
            )
            .into(),
            output: self.output.settings()?,
        })
    }

    pub(crate) fn run(self, printer: Printer) -> anyhow::Result<()> {
        run_column_chart(
            &self.spec()?,
            &self.file,
            &self.input,
            &self.output,
            printer,
        )
    }
}
