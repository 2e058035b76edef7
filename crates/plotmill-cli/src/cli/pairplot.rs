//! `plotmill pairplot`: seaborn's pair plot, every variable against every
//! other, optionally coloured by a hue.

use std::path::PathBuf;

use clap::{ArgAction, Args};
use plotmill::chart::{BinCount, ChartSpec, DiagKind, Layout, PairKind, PairplotOptions};

use super::render::{InputArgs, OutputArgs, run_column_chart};
use super::values::{default_of, spec_enum};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  # seaborn.pairplot(df, hue=\"species\")
  plotmill pairplot data.csv --hue species -o pair.png
  plotmill pairplot data.csv --hue body_mass_g -o mass.png  # a numeric hue, on a colormap
  plotmill pairplot data.csv --hue species --corner --diag-kind hist \\
      --vars bill_length_mm,flipper_length_mm,body_mass_g -o pair.svg
  plotmill pairplot data.csv --x-vars a,b --y-vars c -o pair.png
  plotmill pairplot data.csv --kind reg -o reg.png      # a line and its 95% band per panel
  plotmill pairplot data.csv --hue species --kind kde -o kde.png   # joint densities
  plotmill pairplot data.csv --hue species --kind hist -o hist.png # 2-D histograms

Names, defaults and semantics are seaborn 0.13's pairplot: every numeric
column (or --vars) against every other on panels 2.5 inches square, x shared
down each column and y along each row; a histogram of each variable on the
diagonal, or with a hue a filled density per level; white-edged markers
coloured by the hue, and its legend outside on the right. A numeric hue is
left out of the variables and coloured on a colormap (cubehelix unless
--palette names one), its legend brief: six round values across its range.
--kind reg draws seaborn's regplot per hue level: its least-squares line and
the line's 95% bootstrap band, from 1000 resamples drawn with a fixed seed
(the same data give the same image; the band differs from seaborn's, whose
resamples are random, by bootstrap noise only).";

/// seaborn's pair plot of a CSV file's numeric columns, optionally coloured by a hue column.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct PairplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// A column to colour by: a text column's levels in order of
    /// appearance, a numeric column's values sorted, coloured on a colormap.
    #[arg(long, value_name = "COLUMN")]
    hue: Option<String>,

    /// The hue's levels (a numeric hue's values) in this order,
    /// comma-separated (others left out).
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    hue_order: Option<Vec<String>>,

    /// The hue's colours: deep, muted, pastel, bright, dark, colorblind,
    /// husl, hls, a cubehelix palette (ch:s=.25,rot=-.25) or a matplotlib
    /// colormap. A qualitative palette colours a numeric hue's values as
    /// categories. [default: the matplotlib cycle, husl past ten levels;
    /// cubehelix (ch:) for a numeric hue]. Or colours for the levels in
    /// order (red,C1,#2ca02c; they repeat, with a warning, when there are
    /// more levels) or by level (Adelie=C0,Gentoo=#2ca02c).
    #[arg(long, value_parser = plotmill::chart::Palette::parse, value_name = "PALETTE")]
    palette: Option<plotmill::chart::Palette>,

    /// A numeric hue's values at the colormap's ends (seaborn's hue_norm).
    /// [default: the column's least and greatest]
    #[arg(long, value_parser = super::histplot::parse_range, value_name = "LOW,HIGH")]
    hue_norm: Option<(f64, f64)>,

    /// The variables of rows and columns, comma-separated. [default: every
    /// numeric column]
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    vars: Option<Vec<String>>,

    /// The columns' variables, for a grid that is not square.
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    x_vars: Option<Vec<String>>,

    /// The rows' variables.
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    y_vars: Option<Vec<String>>,

    /// What the panels off the diagonal show.
    #[arg(long, value_parser = spec_enum::<PairKind>(), default_value = default_of(PairplotOptions::default().kind))]
    kind: PairKind,

    /// What the diagonal shows: auto (a histogram, or a density with a
    /// hue), hist, kde, or none.
    #[arg(long, value_parser = spec_enum::<DiagKind>(), default_value = default_of(PairplotOptions::default().diag_kind))]
    diag_kind: DiagKind,

    /// Only the lower triangle and the diagonal.
    #[arg(long)]
    corner: bool,

    /// Each panel's height in inches.
    #[arg(long, default_value_t = PairplotOptions::default().height)]
    height: f64,

    /// Each panel's width over its height.
    #[arg(long, default_value_t = PairplotOptions::default().aspect)]
    aspect: f64,

    /// Leave rows with a missing value in any drawn column out of every
    /// panel.
    #[arg(long)]
    dropna: bool,

    /// Marker area in points² (seaborn's plot_kws s).
    #[arg(long, default_value_t = PairplotOptions::default().marker_size, value_name = "POINTS2")]
    marker_size: f64,

    /// Marker opacity, 0 to 1. [default: seaborn's, 1 for scatter, 0.8 for reg]
    #[arg(long)]
    alpha: Option<f64>,

    /// The diagonal histograms' bins: a count or numpy's rule.
    #[arg(long, value_parser = parse_bins, default_value = "auto", value_name = "N|RULE")]
    bins: BinCount,

    /// A legend of the hue levels.
    #[arg(long, action = ArgAction::Set, default_value_t = PairplotOptions::default().legend, value_name = "BOOL")]
    legend: bool,

    /// Where the panels go: tight (seaborn's), constrained or none.
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(PairplotOptions::default().layout))]
    layout: Layout,

    /// A title over the grid.
    #[arg(long)]
    title: Option<String>,

    /// The most variables along either side.
    #[arg(long, default_value_t = PairplotOptions::default().max_vars)]
    max_vars: usize,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

fn parse_bins(s: &str) -> Result<BinCount, String> {
    super::histplot::parse_bins(s)
}

impl PairplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: PairplotOptions {
                vars: self.vars.clone(),
                x_vars: self.x_vars.clone(),
                y_vars: self.y_vars.clone(),
                hue: self.hue.clone(),
                hue_order: self.hue_order.clone(),
                palette: self.palette.clone(),
                hue_norm: self.hue_norm,
                kind: self.kind,
                diag_kind: self.diag_kind,
                corner: self.corner,
                height: self.height,
                aspect: self.aspect,
                dropna: self.dropna,
                marker_size: self.marker_size,
                alpha: self.alpha,
                bins: self.bins,
                legend: self.legend,
                layout: self.layout,
                title: self.title.clone(),
                max_vars: self.max_vars,
            }
            .into(),
            output: self.output.settings()?,
        })
    }
}

pub(crate) fn run(args: PairplotArgs, printer: Printer) -> anyhow::Result<()> {
    let spec = args.spec()?;
    run_column_chart(&spec, &args.file, &args.input, &args.output, printer)
}
