//! `plotmill heatmap`: the correlation heatmap.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::Args;
use plotmill::chart::{ChartSpec, HeatmapOptions, Layout, Mask};
use plotmill::data::CorrMethod;
use plotmill::scene::Color;

use super::corr::{parse_min_periods, tell};
use super::render::{InputArgs, OutputArgs, draw, parse_color, parse_figsize};
use super::values::{default_of, spec_enum, wxh};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  # the correlation heatmap, as the service drew it
  plotmill heatmap data.csv -o corr.png
  # a given matrix, drawn as it is
  plotmill heatmap matrix.csv --matrix -o m.svg
  plotmill heatmap data.csv --method spearman --mask upper --cmap vlag \\
      --fmt .2f --square --dpi 200 -o corr.png
  plotmill heatmap data.csv --cmap viridis --no-annot --linewidths 0.5 -o c.png

Defaults follow the service's call, seaborn's heatmap(corr, annot=True,
cmap=\"coolwarm\"), on an 8x6 in figure: values written in the cells (.2g),
dark text on light cells and white on dark ones, a colorbar with
matplotlib's ticks, tick labels thinned when crowded.";

/// Correlation heatmap of a CSV file (or of a matrix given as CSV).
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct HeatmapArgs {
    /// The CSV file: data to correlate, or a matrix with --matrix ('-' for stdin).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// FILE is already a matrix: first column row names, header column names.
    #[arg(long)]
    matrix: bool,

    /// The correlation coefficient.
    #[arg(short, long, value_parser = spec_enum::<CorrMethod>(), default_value = default_of(HeatmapOptions::default().method))]
    method: CorrMethod,

    /// The fewest rows both columns of a pair need for a value.
    #[arg(long, value_name = "N", default_value = "1", value_parser = parse_min_periods, allow_hyphen_values = true)]
    min_periods: NonZeroUsize,

    /// Do not write values in the cells.
    #[arg(long)]
    no_annot: bool,

    /// Python format spec for the values in cells: .2g, .2f, .1%, d, .3e, …
    #[arg(long, default_value_t = HeatmapOptions::default().fmt, value_name = "SPEC")]
    fmt: String,

    /// Colormap (matplotlib/seaborn name; add _r to reverse).
    #[arg(long, default_value_t = HeatmapOptions::default().cmap, value_name = "NAME")]
    cmap: String,

    /// Value at the colormap's low end. [default: the smallest value]
    #[arg(long, allow_hyphen_values = true, value_name = "V")]
    vmin: Option<f64>,

    /// Value at the colormap's high end. [default: the largest value]
    #[arg(long, allow_hyphen_values = true, value_name = "V")]
    vmax: Option<f64>,

    /// Value at the colormap's center (for diverging maps).
    #[arg(long, allow_hyphen_values = true, value_name = "V")]
    center: Option<f64>,

    /// Take vmin/vmax from the 2nd/98th percentiles, not the extremes.
    #[arg(long)]
    robust: bool,

    /// Hide a triangle of the (symmetric) matrix.
    #[arg(long, value_parser = spec_enum::<Mask>(), default_value = default_of(HeatmapOptions::default().mask))]
    mask: Mask,

    /// With --mask: keep the diagonal (numpy's triu/tril hide it).
    #[arg(long)]
    mask_keep_diagonal: bool,

    /// Square cells.
    #[arg(long)]
    square: bool,

    /// Width of lines between cells, in points.
    #[arg(long, default_value_t = HeatmapOptions::default().linewidths, value_name = "PT")]
    linewidths: f64,

    /// Color of lines between cells.
    #[arg(long, default_value = default_of(HeatmapOptions::default().linecolor), value_parser = parse_color, value_name = "COLOR")]
    linecolor: Color,

    /// No colorbar.
    #[arg(long)]
    no_cbar: bool,

    /// A label beside the colorbar (seaborn's cbar_kws={"label": ...}).
    #[arg(long, value_name = "TEXT")]
    cbar_label: Option<String>,

    /// The colorbar's length as a fraction of the axes' height, above 0 and
    /// at most 1 (seaborn's cbar_kws={"shrink": ...}).
    #[arg(long, default_value_t = HeatmapOptions::default().cbar_shrink, value_name = "F")]
    cbar_shrink: f64,

    /// Figure size in inches, WxH.
    #[arg(long, default_value = wxh(HeatmapOptions::default().figsize), value_parser = parse_figsize, value_name = "WxH")]
    figsize: (f64, f64),

    /// Where the axes go: none (matplotlib's fixed margins; long labels may be
    /// cut off), tight or constrained (moved so that every label is on the page).
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(HeatmapOptions::default().layout))]
    layout: Layout,

    /// A title above the chart.
    #[arg(long)]
    title: Option<String>,

    /// The most rows or columns to draw; more is an error (cells grow as n²).
    #[arg(long, default_value_t = HeatmapOptions::default().max_columns, value_name = "N")]
    max_columns: usize,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

impl HeatmapArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: HeatmapOptions {
                matrix: self.matrix,
                method: self.method,
                min_periods: self.min_periods.get(),
                annot: !self.no_annot,
                fmt: self.fmt.clone(),
                cmap: self.cmap.clone(),
                vmin: self.vmin,
                vmax: self.vmax,
                center: self.center,
                robust: self.robust,
                mask: self.mask,
                mask_keep_diagonal: self.mask_keep_diagonal,
                square: self.square,
                linewidths: self.linewidths,
                linecolor: self.linecolor,
                cbar: !self.no_cbar,
                cbar_label: self.cbar_label.clone(),
                cbar_shrink: self.cbar_shrink,
                figsize: self.figsize,
                layout: self.layout,
                title: self.title.clone(),
                max_columns: self.max_columns,
                ..HeatmapOptions::default()
            }
            .into(),
            output: self.output.settings()?,
        })
    }
}

pub(crate) fn run(args: HeatmapArgs, printer: Printer) -> anyhow::Result<()> {
    let read = args.input.read(&args.file)?;
    let spec = args.spec()?;
    if !args.matrix {
        tell(&read, printer);
    }
    draw(
        &spec,
        &read,
        (&args.file, &args.input),
        &args.output,
        printer,
    )
}
