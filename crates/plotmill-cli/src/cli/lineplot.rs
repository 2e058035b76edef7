//! `plotmill lineplot`: seaborn's line plot of a CSV file, over numbers or
//! dates.

use std::path::PathBuf;

use clap::{ArgAction, Args};
use plotmill::chart::{
    ChartSpec, DashPattern, ErrStyle, EstimatorName, Layout, LineplotOptions, MarkerCode, Palette,
    Sizes, StyleMap,
};
use plotmill::scene::Color;

use super::categorical::{Errorbar, parse_errorbar};
use super::render::{InputArgs, OutputArgs, parse_color, parse_figsize, run_column_chart};
use super::values::{OrNone, default_of, spec_enum, spec_enum_or_none, wxh};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  # seaborn.lineplot(df, x=\"date\", y=\"temp_max\", hue=\"weather\")
  plotmill lineplot weather.csv --x date --y temp_max --hue weather -o line.png
  plotmill lineplot data.csv --x year --y body_mass_g --hue species --errorbar sd -o line.svg
  # error bars at each x instead of a band (seaborn's err_style=\"bars\")
  plotmill lineplot data.csv --x year --y body_mass_g --hue sex --err-style bars -o line.png
  plotmill lineplot weather.csv --x date --y precipitation --estimator max --errorbar none -o l.png
  # a line per level of two columns: colour by one, dashes by the other
  plotmill lineplot data.csv --x year --y body_mass_g --hue species --style sex -o l.png
  # widths by a column (seaborn's size=, sizes=(0.5, 4))
  plotmill lineplot data.csv --x year --y body_mass_g --hue species --size sex --sizes 0.5,4 -o l.png
  # markers too: seaborn's (o, X, square, …), or your own per level
  plotmill lineplot data.csv --x year --y body_mass_g --style sex --markers true -o l.png
  plotmill lineplot data.csv --x year --y body_mass_g --style sex --markers Male=s,Female=o --dashes false -o l.png
  plotmill lineplot data.csv --x year --y body_mass_g --marker o -o l.png
  # every replicate's own line (seaborn's units=, estimator=None)
  plotmill lineplot runs.csv --x step --y loss --hue model --units seed --estimator none -o l.png

Names, defaults and semantics are seaborn 0.13's lineplot: one line per hue
level through the mean of y at each x (--estimator), with a band of a 95%
bootstrap interval (--errorbar ci,95 | pi,50 | se | sd,2 | none) drawn
from --seed (0; seaborn's is unseeded). A text x column whose every cell is
an ISO 8601 date or time (2012-01-31, 2012-01-31T13:45:00, optionally with
Z or +01:00, converted to UTC; times without an offset are taken as UTC)
is read as dates and drawn on a date axis (matplotlib's AutoDateLocator and
ConciseDateFormatter); a cell that is not one is an error naming its row.
Dates written otherwise: --date-format '%d/%m/%Y' (pandas' format=).";

/// seaborn's line plot of y against x (numbers or dates).
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct LineplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// The column along x: numbers, or ISO 8601 dates and times.
    #[arg(long, value_name = "COLUMN")]
    x: String,

    /// The numeric column along y.
    #[arg(long, value_name = "COLUMN")]
    y: String,

    /// How the x column writes dates, as a strptime pattern (%d/%m/%Y;
    /// %Y %y %m %d %H %M %S %f). [default: ISO 8601]
    #[arg(long, value_name = "FORMAT")]
    date_format: Option<String>,

    /// A column to split and colour by.
    #[arg(long, value_name = "COLUMN")]
    hue: Option<String>,

    /// The hue's levels in this order, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    hue_order: Option<Vec<String>>,

    /// The hue's colours, as histplot's --palette.
    #[arg(long, value_parser = Palette::parse, value_name = "PALETTE")]
    palette: Option<Palette>,

    /// A numeric hue's values at the colormap's ends.
    #[arg(long, value_parser = super::histplot::parse_range, value_name = "LOW,HIGH")]
    hue_norm: Option<(f64, f64)>,

    /// The colour without a hue. [default: C0]
    #[arg(long, value_parser = parse_color, value_name = "COLOR")]
    color: Option<Color>,

    /// A column whose levels get lines of different widths: a numeric
    /// column's values on a scale, a text column's levels from the
    /// thickest (the first) to the thinnest.
    #[arg(long, value_name = "COLUMN")]
    size: Option<String>,

    /// The widths in points: MIN,MAX, or LEVEL=WIDTH pairs. [default:
    /// 0.75,3]
    #[arg(long, value_parser = Sizes::parse, value_name = "WIDTHS")]
    sizes: Option<Sizes>,

    /// The size's levels in this order, comma-separated (a text column's,
    /// or a numeric one's given LEVEL=WIDTH sizes).
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    size_order: Option<Vec<String>>,

    /// A numeric size's values at the thinnest and thickest widths.
    #[arg(long, value_parser = super::histplot::parse_range, value_name = "LOW,HIGH")]
    size_norm: Option<(f64, f64)>,

    /// A column whose levels get different dash patterns.
    #[arg(long, value_name = "COLUMN")]
    style: Option<String>,

    /// The style's levels in this order, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    style_order: Option<Vec<String>>,

    /// The style's dash patterns: true (seaborn's), false (all solid), a
    /// list in the levels' order, or LEVEL=PATTERN pairs; a pattern is -,
    /// --, -., : (or solid, dashed, dashdot, dotted) or lengths such as
    /// '4 1.5'. Alone, write -- as dashed.
    #[arg(long, value_parser = parse_dashes, default_value = "true", value_name = "PATTERNS", allow_hyphen_values = true)]
    dashes: StyleMap<DashPattern>,

    /// The style's markers on every point: true (seaborn's: o, X, square,
    /// P, …), false, a list in the levels' order, or LEVEL=MARKER pairs;
    /// a marker is o . s D d ^ v < > p h H 8 * P X or '(sides, 0|1, angle)'.
    #[arg(long, value_parser = parse_markers, default_value = "false", value_name = "MARKERS")]
    markers: StyleMap<MarkerCode>,

    /// A marker on every point of every line (matplotlib's marker=).
    #[arg(long, value_parser = MarkerCode::parse, value_name = "MARKER")]
    marker: Option<MarkerCode>,

    /// Marker size in points.
    #[arg(long, default_value_t = LineplotOptions::default().markersize)]
    markersize: f64,

    /// A column whose values each get a line of their own (with --estimator none).
    #[arg(long, value_name = "COLUMN")]
    units: Option<String>,

    /// What a line goes through at an x that repeats: mean, median, sum,
    /// min, max, or none (every point as it is, no band).
    #[arg(long, value_parser = spec_enum_or_none::<EstimatorName>("every point as it is, no band"), default_value = default_of(LineplotOptions::default().estimator))]
    estimator: OrNone<EstimatorName>,

    /// The band: ci, pi, se or sd, with an optional level, or none.
    #[arg(long, value_parser = parse_errorbar, default_value = "ci,95", value_name = "METHOD[,LEVEL]")]
    errorbar: Errorbar,

    /// How the error is drawn: band (shaded along the line) or bars (one
    /// at each x).
    #[arg(long, value_parser = spec_enum::<ErrStyle>(), default_value = default_of(LineplotOptions::default().err_style))]
    err_style: ErrStyle,

    /// Bootstrap resamples for ci.
    #[arg(long, default_value_t = LineplotOptions::default().n_boot)]
    n_boot: usize,

    /// The bootstrap's seed.
    #[arg(long, default_value_t = LineplotOptions::default().seed)]
    seed: u64,

    /// Join points in order of x (else in the file's order).
    #[arg(long, action = ArgAction::Set, default_value_t = LineplotOptions::default().sort, value_name = "BOOL")]
    sort: bool,

    /// Line width in points.
    #[arg(long, default_value_t = LineplotOptions::default().linewidth)]
    linewidth: f64,

    /// A legend of the hue levels.
    #[arg(long, action = ArgAction::Set, default_value_t = LineplotOptions::default().legend, value_name = "BOOL")]
    legend: bool,

    /// Figure size in inches, WxH.
    #[arg(long, default_value = wxh(LineplotOptions::default().figsize), value_parser = parse_figsize, value_name = "WxH")]
    figsize: (f64, f64),

    /// Where the axes go: none, tight or constrained.
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(LineplotOptions::default().layout))]
    layout: Layout,

    /// A title above the axes.
    #[arg(long)]
    title: Option<String>,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `--markers`: true, false, a list or LEVEL=MARKER pairs.
fn parse_markers(s: &str) -> Result<StyleMap<MarkerCode>, String> {
    StyleMap::parse(s, MarkerCode::parse)
}

/// `--dashes`: true, false, a list or LEVEL=PATTERN pairs.
fn parse_dashes(s: &str) -> Result<StyleMap<DashPattern>, String> {
    StyleMap::parse(s, DashPattern::parse)
}

impl LineplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: LineplotOptions {
                x: self.x.clone(),
                y: self.y.clone(),
                date_format: self.date_format.clone(),
                hue: self.hue.clone(),
                hue_order: self.hue_order.clone(),
                palette: self.palette.clone(),
                hue_norm: self.hue_norm,
                color: self.color,
                size: self.size.clone(),
                sizes: self.sizes.clone(),
                size_order: self.size_order.clone(),
                size_norm: self.size_norm,
                style: self.style.clone(),
                style_order: self.style_order.clone(),
                dashes: self.dashes.clone(),
                markers: self.markers.clone(),
                marker: self.marker,
                markersize: self.markersize,
                units: self.units.clone(),
                estimator: self.estimator.0,
                errorbar: self.errorbar.0,
                err_style: self.err_style,
                n_boot: self.n_boot,
                seed: self.seed,
                sort: self.sort,
                linewidth: self.linewidth,
                legend: self.legend,
                figsize: self.figsize,
                layout: self.layout,
                title: self.title.clone(),
            }
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
