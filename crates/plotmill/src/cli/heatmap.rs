//! `plotmill heatmap`: the correlation heatmap.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plotmill::chart::{HeatmapOptions, Mask, Matrix, heatmap};
use plotmill::data::{CorrOptions, CsvTable, corr};
use plotmill::scene::Color;

use super::corr::{Method, display, parse_min_periods, tell};
use super::render::{InputArgs, OutputArgs, build_with_fallbacks, parse_color, parse_figsize};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  plotmill heatmap data.csv -o corr.png                  correlation heatmap, as the service drew it
  plotmill heatmap matrix.csv --matrix -o m.svg          draw a given matrix as it is
  plotmill heatmap data.csv --method spearman --mask upper --cmap vlag --fmt .2f --square --dpi 200 -o corr.png
  plotmill heatmap data.csv --cmap viridis --no-annot --linewidths 0.5 -o corr.png

Defaults follow seaborn's heatmap(corr, annot=True, cmap=\"coolwarm\") on an 8x6 in
figure: values written in the cells (.2g), dark text on light cells and white on
dark ones, a colorbar with matplotlib's ticks, tick labels thinned when crowded.";

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
    #[arg(short, long, value_enum, default_value_t = Method::Pearson)]
    method: Method,

    /// The fewest rows both columns of a pair need for a value.
    #[arg(long, value_name = "N", default_value = "1", value_parser = parse_min_periods, allow_hyphen_values = true)]
    min_periods: NonZeroUsize,

    /// Do not write values in the cells.
    #[arg(long)]
    no_annot: bool,

    /// Python format spec for the values in cells: .2g, .2f, .1%, d, .3e, …
    #[arg(long, default_value = ".2g", value_name = "SPEC")]
    fmt: String,

    /// Colormap (matplotlib/seaborn name; add _r to reverse).
    #[arg(long, default_value = "coolwarm", value_name = "NAME")]
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
    #[arg(long, value_enum, default_value_t = MaskArg::None)]
    mask: MaskArg,

    /// With --mask: keep the diagonal (numpy's triu/tril hide it).
    #[arg(long)]
    mask_keep_diagonal: bool,

    /// Square cells.
    #[arg(long)]
    square: bool,

    /// Width of lines between cells, in points.
    #[arg(long, default_value_t = 0.0, value_name = "PT")]
    linewidths: f64,

    /// Color of lines between cells.
    #[arg(long, default_value = "white", value_parser = parse_color, value_name = "COLOR")]
    linecolor: Color,

    /// No colorbar.
    #[arg(long)]
    no_cbar: bool,

    /// Figure size in inches, WxH.
    #[arg(long, default_value = "8x6", value_parser = parse_figsize, value_name = "WxH")]
    figsize: (f64, f64),

    /// A title above the chart.
    #[arg(long)]
    title: Option<String>,

    /// The most rows or columns to draw; more is an error (cells grow as n²).
    #[arg(long, default_value_t = 500, value_name = "N")]
    max_columns: usize,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MaskArg {
    /// Every cell.
    None,
    /// Hide the upper triangle.
    Upper,
    /// Hide the lower triangle.
    Lower,
}

impl HeatmapArgs {
    pub(crate) fn options(&self) -> HeatmapOptions {
        HeatmapOptions {
            figsize: self.figsize,
            annot: !self.no_annot,
            fmt: self.fmt.clone(),
            cmap: self.cmap.clone(),
            vmin: self.vmin,
            vmax: self.vmax,
            center: self.center,
            robust: self.robust,
            mask: match self.mask {
                MaskArg::None => Mask::None,
                MaskArg::Upper => Mask::Upper,
                MaskArg::Lower => Mask::Lower,
            },
            mask_diagonal: !self.mask_keep_diagonal,
            square: self.square,
            linewidths: self.linewidths,
            linecolor: self.linecolor,
            cbar: !self.no_cbar,
            title: self.title.clone(),
            max_columns: self.max_columns,
        }
    }

    /// The matrix to draw: the data's correlations, or the file itself.
    pub(crate) fn matrix(&self, read: &CsvTable) -> anyhow::Result<Matrix> {
        if self.matrix {
            return matrix_from_table(read).with_context(|| display(&self.file));
        }
        let m = corr(
            &read.table,
            &CorrOptions {
                method: self.method.into(),
                min_periods: self.min_periods,
            },
        )
        .with_context(|| display(&self.file))?;
        Ok(Matrix {
            rows: m.names().to_vec(),
            columns: m.names().to_vec(),
            values: m.values().to_vec(),
        })
    }
}

/// A matrix file: the first column names the rows (pandas' index), the
/// other columns hold the values.
fn matrix_from_table(read: &CsvTable) -> anyhow::Result<Matrix> {
    let t = &read.table;
    anyhow::ensure!(
        !t.columns().is_empty(),
        "no numeric column in the matrix; --matrix wants row names in the first column and numbers in the others"
    );
    let columns: Vec<String> = t.columns().iter().map(|c| c.name().to_owned()).collect();
    // The reader keeps numbers only, not the row names of the first column;
    // a square matrix (a correlation matrix) has the same names both ways.
    let rows: Vec<String> = if t.rows() == columns.len() {
        columns.clone()
    } else {
        (0..t.rows()).map(|i| i.to_string()).collect()
    };
    let mut values = Vec::with_capacity(t.rows() * columns.len());
    for r in 0..t.rows() {
        for c in t.columns() {
            values.push(c.values()[r]);
        }
    }
    Ok(Matrix {
        rows,
        columns,
        values,
    })
}

pub(crate) fn run(args: HeatmapArgs, printer: Printer) -> anyhow::Result<()> {
    let read = args.input.read(&args.file)?;
    let matrix = args.matrix(&read)?;
    if !args.matrix {
        tell(&read, printer);
    }
    let options = args.options();
    let mut fonts = args.output.fonts()?;
    let chart = build_with_fallbacks(&mut fonts, printer, |fonts| {
        let c = heatmap(&matrix, &options, fonts)?;
        let missing = c.missing_glyphs.clone();
        Ok((c, missing))
    })?;
    args.output.write(&chart.scene, &fonts)
}
