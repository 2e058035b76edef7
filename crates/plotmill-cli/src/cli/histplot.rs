//! `plotmill histplot`: seaborn's histogram of a column, split by a hue.

use std::path::PathBuf;

use clap::{ArgAction, Args};
use plotmill::chart::{BinCount, ChartSpec, Element, HistplotOptions, Layout, Multiple, Stat};

use super::render::{ColumnArgs, InputArgs, OutputArgs, parse_figsize, run_column_chart};
use super::values::{default_of, spec_enum, wxh};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  plotmill histplot data.csv --x flipper_length_mm -o h.png
  # seaborn.histplot(df, x=\"flipper_length_mm\", hue=\"species\", multiple=\"stack\")
  plotmill histplot data.csv --x flipper_length_mm --hue species --multiple stack -o h.png
  plotmill histplot data.csv --x body_mass_g --hue species --element step \\
      --stat density --common-norm false --kde -o h.svg
  plotmill histplot data.csv --x rating --discrete --stat percent -o h.png

Names, defaults and semantics are seaborn 0.13's histplot: bins by numpy's
'auto' rule, counts, layered see-through bars per hue level (colours from
the matplotlib cycle, husl beyond ten levels), a legend titled by the hue.
The hue is a text column (levels in order of appearance) or a numeric one
(its values sorted, coloured on seaborn's cubehelix map from the least to
the greatest, or on --palette's map); rows without a value are left out.";

/// seaborn's histogram of a CSV file's column, optionally split by a hue column.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct HistplotArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    column: ColumnArgs,

    /// What the heights are.
    #[arg(long, value_parser = spec_enum::<Stat>(), default_value = default_of(HistplotOptions::default().stat))]
    stat: Stat,

    /// A count of bins, or numpy's rule: auto, fd, sturges, sqrt, rice,
    /// scott, doane, stone.
    #[arg(long, value_parser = parse_bins, default_value = "auto", value_name = "N|RULE")]
    bins: BinCount,

    /// Bins about this wide (instead of --bins).
    #[arg(long, value_name = "WIDTH")]
    binwidth: Option<f64>,

    /// The range the bins cover, LOW,HIGH.
    #[arg(long, value_parser = parse_range, value_name = "LOW,HIGH")]
    binrange: Option<(f64, f64)>,

    /// One bin per integer, centred on it.
    #[arg(long)]
    discrete: bool,

    /// Running totals.
    #[arg(long)]
    cumulative: bool,

    /// The same bins for every hue level.
    #[arg(long, action = ArgAction::Set, default_value_t = HistplotOptions::default().common_bins, value_name = "BOOL")]
    common_bins: bool,

    /// Normalise over all hue levels together (not each alone).
    #[arg(long, action = ArgAction::Set, default_value_t = HistplotOptions::default().common_norm, value_name = "BOOL")]
    common_norm: bool,

    /// How hue levels share the axes.
    #[arg(long, value_parser = spec_enum::<Multiple>(), default_value = default_of(HistplotOptions::default().multiple))]
    multiple: Multiple,

    /// How bins are drawn.
    #[arg(long, value_parser = spec_enum::<Element>(), default_value = default_of(HistplotOptions::default().element))]
    element: Element,

    /// Filled bars or areas.
    #[arg(long, action = ArgAction::Set, default_value_t = HistplotOptions::default().fill, value_name = "BOOL")]
    fill: bool,

    /// Bars narrowed to this fraction of their bin.
    #[arg(long, default_value_t = HistplotOptions::default().shrink)]
    shrink: f64,

    /// A density curve over each histogram.
    #[arg(long)]
    kde: bool,

    /// A log x axis (bins on log10 of the values, which must be above 0).
    #[arg(long)]
    log_scale: bool,

    /// Fill opacity, 0 to 1. [default: seaborn's, by the other options]
    #[arg(long)]
    alpha: Option<f64>,

    /// A legend of the hue levels.
    #[arg(long, action = ArgAction::Set, default_value_t = HistplotOptions::default().legend, value_name = "BOOL")]
    legend: bool,

    /// Figure size in inches, WxH.
    #[arg(long, default_value = wxh(HistplotOptions::default().figsize), value_parser = parse_figsize, value_name = "WxH")]
    figsize: (f64, f64),

    /// Where the axes go: none (matplotlib's fixed margins), tight or
    /// constrained (moved so that every label is on the page).
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(HistplotOptions::default().layout))]
    layout: Layout,

    /// A title above the axes.
    #[arg(long)]
    title: Option<String>,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

pub(crate) fn parse_bins(s: &str) -> Result<BinCount, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|e| e.to_string())
}

pub(crate) fn parse_range(s: &str) -> Result<(f64, f64), String> {
    let err = || format!("'{s}' is not a range; give LOW,HIGH such as 0,100");
    let (a, b) = s.split_once(',').ok_or_else(err)?;
    let (a, b): (f64, f64) = (
        a.trim().parse().map_err(|_| err())?,
        b.trim().parse().map_err(|_| err())?,
    );
    Ok((a, b))
}

impl HistplotArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: HistplotOptions {
                x: self.column.x.clone(),
                hue: self.column.hue.clone(),
                hue_order: self.column.hue_order.clone(),
                palette: self.column.palette.clone(),
                hue_norm: self.column.hue_norm,
                color: self.column.color,
                stat: self.stat,
                bins: self.bins,
                binwidth: self.binwidth,
                binrange: self.binrange,
                discrete: self.discrete,
                cumulative: self.cumulative,
                common_bins: self.common_bins,
                common_norm: self.common_norm,
                multiple: self.multiple,
                element: self.element,
                fill: self.fill,
                shrink: self.shrink,
                kde: self.kde,
                log_scale: self.log_scale,
                alpha: self.alpha,
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

pub(crate) fn run(args: HistplotArgs, printer: Printer) -> anyhow::Result<()> {
    let spec = args.spec()?;
    run_column_chart(&spec, &args.file, &args.input, &args.output, printer)
}
