//! `plotmill clustermap`: seaborn's clustermap of a CSV file.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{ArgAction, Args};
use plotmill::chart::{ChartSpec, ClustermapOptions, Layout, Palette, StripColors};
use plotmill::data::CorrMethod;
use plotmill::data::stats::cluster::{Method, Metric};
use plotmill::scene::Color;

use super::corr::parse_min_periods;
use super::render::{InputArgs, OutputArgs, parse_color, parse_figsize, run_column_chart};
use super::values::{default_of, spec_enum, wxh};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  # sns.clustermap(df.corr()): the variables ordered by how they correlate
  plotmill clustermap data.csv --corr -o cm.png
  plotmill clustermap data.csv --corr --method average --metric euclidean -o cm.png
  # the rows of the data, named by a column, standardised per column,
  # with a strip coloured by species
  plotmill clustermap data.csv --index name --z-score 1 --row-colors species \\
      --method ward -o rows.png
  plotmill clustermap data.csv --corr --col-colors 'a=red,b=C1' --center 0 -o cm.svg

Names, defaults and semantics are seaborn 0.13's clustermap: rows and
columns clustered by scipy's linkage (--method single, complete, average,
weighted, centroid, median or ward; centroid, median and ward on euclidean
distances only) on --metric euclidean, correlation, cityblock or cosine
distances, their order and dendrograms as scipy's dendrogram lays them
out; the heatmap in rocket (icefire with --center); the colorbar in the
top-left corner (--cbar-pos); laid out by matplotlib's tight_layout.
Missing values are refused, as scipy refuses them; --dropna leaves their
rows out. At most 2,000 rows and columns.";

/// seaborn's clustermap: a heatmap ordered by hierarchical clustering.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct ClustermapArgs {
    /// The CSV file ('-' for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Cluster the correlation matrix of the numeric columns, not the data.
    #[arg(long)]
    corr: bool,

    /// The correlation coefficient, with --corr.
    #[arg(long, value_parser = spec_enum::<CorrMethod>(), default_value = default_of(ClustermapOptions::default().corr_method))]
    corr_method: CorrMethod,

    /// With --corr: the fewest rows both columns of a pair need.
    #[arg(long, value_name = "N", default_value = "1", value_parser = parse_min_periods, allow_hyphen_values = true)]
    min_periods: NonZeroUsize,

    /// The numeric columns to draw, comma-separated. [default: every one]
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    columns: Option<Vec<String>>,

    /// The column that names the rows (its name labels them).
    #[arg(long, value_name = "COLUMN")]
    index: Option<String>,

    /// Leave out rows with a missing value instead of refusing them.
    #[arg(long)]
    dropna: bool,

    /// The linkage method.
    #[arg(long, value_parser = spec_enum::<Method>(), default_value = default_of(ClustermapOptions::default().method))]
    method: Method,

    /// The distance between rows, and between columns.
    #[arg(long, value_parser = spec_enum::<Metric>(), default_value = default_of(ClustermapOptions::default().metric))]
    metric: Metric,

    /// Standardise each row (0) or each column (1) before clustering.
    #[arg(long, value_name = "AXIS")]
    z_score: Option<u8>,

    /// Scale each row (0) or each column (1) from 0 to 1 before clustering.
    #[arg(long, value_name = "AXIS")]
    standard_scale: Option<u8>,

    /// Cluster the rows.
    #[arg(long, action = ArgAction::Set, default_value_t = ClustermapOptions::default().row_cluster, value_name = "BOOL")]
    row_cluster: bool,

    /// Cluster the columns.
    #[arg(long, action = ArgAction::Set, default_value_t = ClustermapOptions::default().col_cluster, value_name = "BOOL")]
    col_cluster: bool,

    /// A strip labelling the rows: a column (its colours, or its categories
    /// coloured by --palette), a list of colours, or NAME=COLOR pairs.
    #[arg(long, value_parser = StripColors::parse, value_name = "COLORS")]
    row_colors: Option<StripColors>,

    /// A strip labelling the columns: a list of colours or NAME=COLOR pairs.
    #[arg(long, value_parser = StripColors::parse, value_name = "COLORS")]
    col_colors: Option<StripColors>,

    /// The colours of a --row-colors column's categories. [default: deep]
    #[arg(long, value_parser = Palette::parse, value_name = "PALETTE")]
    palette: Option<Palette>,

    /// The dendrograms' share of the figure: one number, or WIDTH,HEIGHT.
    #[arg(long, value_parser = parse_pair, default_value = "0.2", value_name = "F[,F]")]
    dendrogram_ratio: (f64, f64),

    /// A colour strip's share of the figure: one number, or WIDTH,HEIGHT.
    #[arg(long, value_parser = parse_pair, default_value = "0.03", value_name = "F[,F]")]
    colors_ratio: (f64, f64),

    /// The colorbar's place in figure fractions: LEFT,BOTTOM,WIDTH,HEIGHT.
    #[arg(long, value_parser = parse_cbar_pos, default_value = "0.02,0.8,0.05,0.18", value_name = "L,B,W,H")]
    cbar_pos: (f64, f64, f64, f64),

    /// No colorbar (seaborn's cbar_pos=None).
    #[arg(long)]
    no_cbar: bool,

    /// A label beside the colorbar.
    #[arg(long, value_name = "TEXT")]
    cbar_label: Option<String>,

    /// Colormap. [default: rocket, icefire with --center]
    #[arg(long, value_name = "NAME")]
    cmap: Option<String>,

    /// Value at the colormap's low end. [default: the smallest value]
    #[arg(long, allow_hyphen_values = true, value_name = "V")]
    vmin: Option<f64>,

    /// Value at the colormap's high end. [default: the largest value]
    #[arg(long, allow_hyphen_values = true, value_name = "V")]
    vmax: Option<f64>,

    /// Value at the colormap's center (for diverging maps).
    #[arg(long, allow_hyphen_values = true, value_name = "V")]
    center: Option<f64>,

    /// Take vmin/vmax from the 2nd/98th percentiles.
    #[arg(long)]
    robust: bool,

    /// Write each value in its cell.
    #[arg(long)]
    annot: bool,

    /// Python format spec for the values in cells.
    #[arg(long, default_value_t = ClustermapOptions::default().fmt, value_name = "SPEC")]
    fmt: String,

    /// Width of lines between cells, in points.
    #[arg(long, default_value_t = ClustermapOptions::default().linewidths, value_name = "PT")]
    linewidths: f64,

    /// Color of lines between cells.
    #[arg(long, default_value = default_of(ClustermapOptions::default().linecolor), value_parser = parse_color, value_name = "COLOR")]
    linecolor: Color,

    /// The dendrograms' line colour.
    #[arg(long, default_value = default_of(ClustermapOptions::default().tree_color), value_parser = parse_color, value_name = "COLOR")]
    tree_color: Color,

    /// The dendrograms' line width, in points.
    #[arg(long, default_value_t = ClustermapOptions::default().tree_linewidth, value_name = "PT")]
    tree_linewidth: f64,

    /// Figure size in inches, WxH.
    #[arg(long, default_value = wxh(ClustermapOptions::default().figsize), value_parser = parse_figsize, value_name = "WxH")]
    figsize: (f64, f64),

    /// Where the axes go: tight (seaborn's), constrained, or none.
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(ClustermapOptions::default().layout))]
    layout: Layout,

    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// One fraction for both, or `WIDTH,HEIGHT`.
fn parse_pair(s: &str) -> Result<(f64, f64), String> {
    let v = numbers(s, 1, 2)?;
    Ok((v[0], *v.last().unwrap_or(&v[0])))
}

fn parse_cbar_pos(s: &str) -> Result<(f64, f64, f64, f64), String> {
    let v = numbers(s, 4, 4)?;
    Ok((v[0], v[1], v[2], v[3]))
}

/// `min` to `max` comma-separated numbers.
fn numbers(s: &str, min: usize, max: usize) -> Result<Vec<f64>, String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|p| {
            p.trim()
                .parse::<f64>()
                .map_err(|_| format!("'{}' is not a number", p.trim()))
        })
        .collect::<Result<_, _>>()?;
    if v.len() < min || v.len() > max {
        return Err(if min == max {
            format!("give {min} comma-separated numbers")
        } else {
            format!("give {min} to {max} comma-separated numbers")
        });
    }
    Ok(v)
}

impl ClustermapArgs {
    /// The chart these flags ask for.
    pub(crate) fn spec(&self) -> anyhow::Result<ChartSpec> {
        Ok(ChartSpec {
            chart: ClustermapOptions {
                corr: self.corr,
                corr_method: self.corr_method,
                min_periods: self.min_periods.get(),
                columns: self.columns.clone(),
                index: self.index.clone(),
                dropna: self.dropna,
                method: self.method,
                metric: self.metric,
                z_score: self.z_score,
                standard_scale: self.standard_scale,
                row_cluster: self.row_cluster,
                col_cluster: self.col_cluster,
                row_colors: self.row_colors.clone(),
                col_colors: self.col_colors.clone(),
                palette: self.palette.clone(),
                dendrogram_ratio: self.dendrogram_ratio,
                colors_ratio: self.colors_ratio,
                cbar_pos: (!self.no_cbar).then_some(self.cbar_pos),
                tree_color: self.tree_color,
                tree_linewidth: self.tree_linewidth,
                cmap: self.cmap.clone(),
                vmin: self.vmin,
                vmax: self.vmax,
                center: self.center,
                robust: self.robust,
                annot: self.annot,
                fmt: self.fmt.clone(),
                linewidths: self.linewidths,
                linecolor: self.linecolor,
                cbar_label: self.cbar_label.clone(),
                figsize: self.figsize,
                layout: self.layout,
                ..ClustermapOptions::default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_and_colorbar_places() {
        assert_eq!(parse_pair("0.2"), Ok((0.2, 0.2)));
        assert_eq!(parse_pair("0.1,0.3"), Ok((0.1, 0.3)));
        assert!(
            parse_pair("0.1,x")
                .unwrap_err()
                .contains("'x' is not a number")
        );
        assert_eq!(
            parse_cbar_pos("0,0.8,0.05,0.18"),
            Ok((0.0, 0.8, 0.05, 0.18))
        );
        assert!(parse_cbar_pos("1,2").unwrap_err().contains("give 4"));
    }
}
