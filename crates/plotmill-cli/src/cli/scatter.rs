//! `plotmill scatter-matrix`: every numeric column against every other.

use std::path::PathBuf;

use clap::Args;
use plotmill::chart::{ChartSpec, Diagonal, Layout, ScatterMatrixOptions};
use plotmill::scene::Color;

use super::corr::tell;
use super::render::{InputArgs, OutputArgs, draw, parse_color, parse_figsize};
use super::values::{default_of, spec_enum, wxh};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  # the service's chart
  plotmill scatter-matrix data.csv -o scatter.png
  plotmill scatter-matrix data.csv --diagonal hist --alpha 0.3 \\
      --figsize 10x10 -o m.svg
  plotmill scatter-matrix data.csv --diagonal kde --ticks -o m.png

Defaults follow the service's matplotlib code: a 12x8 in figure, an n x n
grid (spacing 0.1), panel (i, j) plotting column j against column i with
black markers of area 3 pt² at alpha 0.5, no ticks, column names below the
last row and left of the first column.";

/// Scatter matrix of a CSV file's numeric columns.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct ScatterArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// What the diagonal panels show.
    #[arg(long, value_parser = spec_enum::<Diagonal>(), default_value = default_of(ScatterMatrixOptions::default().diagonal))]
    diagonal: Diagonal,

    /// Marker area in points² (matplotlib's s).
    #[arg(long, default_value_t = ScatterMatrixOptions::default().marker_size, value_name = "S")]
    marker_size: f64,

    /// Marker opacity, 0 to 1.
    #[arg(long, default_value_t = ScatterMatrixOptions::default().alpha)]
    alpha: f64,

    /// Marker color.
    #[arg(long, default_value = default_of(ScatterMatrixOptions::default().color), value_parser = parse_color, value_name = "COLOR")]
    color: Color,

    /// Figure size in inches, WxH.
    #[arg(long, default_value = wxh(ScatterMatrixOptions::default().figsize), value_parser = parse_figsize, value_name = "WxH")]
    figsize: (f64, f64),

    /// Where the axes go: none (matplotlib's fixed margins; long labels may be
    /// cut off), tight or constrained (moved so that every label is on the page).
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(ScatterMatrixOptions::default().layout))]
    layout: Layout,

    /// A title above the grid.
    #[arg(long)]
    title: Option<String>,

    /// Tick marks and labels on the outer panels, as pandas' scatter_matrix.
    #[arg(long)]
    ticks: bool,

    /// The most columns to draw; more is an error (the grid grows as n²).
    #[arg(long, default_value_t = ScatterMatrixOptions::default().max_columns, value_name = "N")]
    max_columns: usize,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

impl ScatterArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: ScatterMatrixOptions {
                diagonal: self.diagonal,
                marker_size: self.marker_size,
                alpha: self.alpha,
                color: self.color,
                figsize: self.figsize,
                layout: self.layout,
                title: self.title.clone(),
                ticks: self.ticks,
                max_columns: self.max_columns,
            }
            .into(),
            output: self.output.settings()?,
        })
    }
}

pub(crate) fn run(args: ScatterArgs, printer: Printer) -> anyhow::Result<()> {
    let read = args.input.read(&args.file)?;
    let spec = args.spec()?;
    draw(
        &spec,
        &read,
        (&args.file, &args.input),
        &args.output,
        printer,
    )?;
    tell(&read, printer);
    Ok(())
}
