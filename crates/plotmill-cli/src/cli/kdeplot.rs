//! `plotmill kdeplot`: seaborn's density curve of a column, split by a hue.

use std::path::PathBuf;

use clap::{ArgAction, Args};
use plotmill::chart::{BwMethod, ChartSpec, DensityMultiple, KdeplotOptions, Layout};

use super::render::{ColumnArgs, InputArgs, OutputArgs, parse_figsize, run_column_chart};
use super::values::{default_of, spec_enum, wxh};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  plotmill kdeplot data.csv --x flipper_length_mm -o k.png
  # seaborn.kdeplot(df, x=\"body_mass_g\", hue=\"species\", fill=True, common_norm=False)
  plotmill kdeplot data.csv --x body_mass_g --hue species --fill --common-norm false -o k.png
  plotmill kdeplot data.csv --x body_mass_g --hue species --multiple fill -o k.svg
  plotmill kdeplot data.csv --x bill_length_mm --bw-adjust 0.5 --cut 0 -o k.png
  # seaborn.kdeplot(df, x=\"bill_length_mm\", y=\"bill_depth_mm\", hue=\"species\")
  plotmill kdeplot data.csv --x bill_length_mm --y bill_depth_mm --hue species -o k2.png
  plotmill kdeplot data.csv --x bill_length_mm --y bill_depth_mm --fill -o k3.png

Names, defaults and semantics are seaborn 0.13's kdeplot: scipy's Gaussian
KDE with Scott's bandwidth, evaluated at 200 points from 3 bandwidths below
the data to 3 above, the levels' densities scaled so that together they
integrate to 1. The hue is a text column (levels in order of appearance) or
a numeric one (its values sorted, coloured on seaborn's cubehelix map, or
on --palette's map); rows without a value are left out.
With --y, the joint density of the two columns as contour lines at
seaborn's iso-proportion levels (--levels 10 from --thresh 0.05), on a
200 x 200 grid, per hue level; with --fill, as filled bands between the
levels shaded light to dark in the level's colour (matplotlib's contourf;
--alpha for see-through bands).";

/// seaborn's density curve of a CSV file's column, optionally split by a hue column.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct KdeplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    column: ColumnArgs,

    /// A second numeric column: their joint density, as contour lines
    /// (filled bands with --fill).
    #[arg(long, value_name = "COLUMN")]
    y: Option<String>,

    /// With --y: how many contour levels (iso-proportions from --thresh to 1).
    #[arg(long, default_value_t = KdeplotOptions::default().levels)]
    levels: usize,

    /// With --y: the share of the density left outside the outermost contour.
    #[arg(long, default_value_t = KdeplotOptions::default().thresh)]
    thresh: f64,

    /// scipy's bandwidth rule (scott, silverman) or a factor.
    #[arg(long, value_parser = parse_bw, default_value = "scott", value_name = "RULE|FACTOR")]
    bw_method: BwMethod,

    /// A factor on the bandwidth (seaborn's bw_adjust).
    #[arg(long, default_value_t = KdeplotOptions::default().bw_adjust)]
    bw_adjust: f64,

    /// How many bandwidths the curve runs past the data.
    #[arg(long, default_value_t = KdeplotOptions::default().cut)]
    cut: f64,

    /// No density below LOW or above HIGH.
    #[arg(long, value_parser = parse_range, value_name = "LOW,HIGH")]
    clip: Option<(f64, f64)>,

    /// Points the density is evaluated at.
    #[arg(long, default_value_t = KdeplotOptions::default().gridsize)]
    gridsize: usize,

    /// Scale the levels' densities so that together they integrate to 1.
    #[arg(long, action = ArgAction::Set, default_value_t = KdeplotOptions::default().common_norm, value_name = "BOOL")]
    common_norm: bool,

    /// Evaluate every level on the same grid.
    #[arg(long)]
    common_grid: bool,

    /// How hue levels share the axes.
    #[arg(long, value_parser = spec_enum::<DensityMultiple>(), default_value = default_of(KdeplotOptions::default().multiple))]
    multiple: DensityMultiple,

    /// Filled areas (--fill, or --fill false). [default: filled when stacking]
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    fill: Option<bool>,

    /// Fill opacity, 0 to 1. [default: seaborn's]
    #[arg(long)]
    alpha: Option<f64>,

    /// Line width in points. [default: 1.5 for curves, 1 round filled areas]
    #[arg(long)]
    linewidth: Option<f64>,

    /// A legend of the hue levels.
    #[arg(long, action = ArgAction::Set, default_value_t = KdeplotOptions::default().legend, value_name = "BOOL")]
    legend: bool,

    /// Figure size in inches, WxH.
    #[arg(long, default_value = wxh(KdeplotOptions::default().figsize), value_parser = parse_figsize, value_name = "WxH")]
    figsize: (f64, f64),

    /// Where the axes go: none, tight or constrained.
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(KdeplotOptions::default().layout))]
    layout: Layout,

    /// A title above the axes.
    #[arg(long)]
    title: Option<String>,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

pub(crate) fn parse_bw(s: &str) -> Result<BwMethod, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|e| e.to_string())
}

fn parse_range(s: &str) -> Result<(f64, f64), String> {
    super::histplot::parse_range(s)
}

impl KdeplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: KdeplotOptions {
                x: self.column.x.clone(),
                y: self.y.clone(),
                levels: self.levels,
                thresh: self.thresh,
                hue: self.column.hue.clone(),
                hue_order: self.column.hue_order.clone(),
                palette: self.column.palette.clone(),
                hue_norm: self.column.hue_norm,
                color: self.column.color,
                bw_method: self.bw_method,
                bw_adjust: self.bw_adjust,
                cut: self.cut,
                clip: self.clip,
                gridsize: self.gridsize,
                common_norm: self.common_norm,
                common_grid: self.common_grid,
                multiple: self.multiple,
                fill: self.fill,
                alpha: self.alpha,
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
}

pub(crate) fn run(args: KdeplotArgs, printer: Printer) -> anyhow::Result<()> {
    let spec = args.spec()?;
    run_column_chart(&spec, &args.file, &args.input, &args.output, printer)
}
