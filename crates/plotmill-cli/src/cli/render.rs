//! Arguments and steps shared by the chart commands: reading the data,
//! fonts, and writing the image.

use std::path::{Path, PathBuf};

use clap::Args;
use plotmill::chart::{ChartSpec, Crowding, Layout, Output, TextRole};
use plotmill::data::{CsvOptions, CsvTable};
use plotmill::engine::{Limits, RenderError, Renderer};
use plotmill::text::FontBook;

use super::corr::{display, parse_delimiter, read_input};
use super::limits::{DataLimitArgs, ImageLimitArgs, explain};
use super::values::{default_of, spec_enum};
use crate::ui::Printer;
use plotmill::render::{Compression, Format};

/// How to read the input CSV.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// The field delimiter: one character, or '\t' or 'tab' for a tab.
    /// [default: sniffed from the header line among , ; tab |]
    #[arg(short, long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub(crate) delimiter: Option<u8>,

    /// The first line is data, not column names; columns are named 0, 1, 2, …
    #[arg(long)]
    pub(crate) no_header: bool,

    /// The decimal mark of numbers (pandas' decimal=): ',' reads European
    /// files such as "3,14;2,5" (usually with --delimiter ';').
    #[arg(long, value_name = "CHAR", default_value = ".", value_parser = parse_decimal)]
    pub(crate) decimal: u8,

    #[command(flatten)]
    pub(crate) limits: DataLimitArgs,
}

fn parse_decimal(s: &str) -> Result<u8, String> {
    match s.as_bytes() {
        [b] if b.is_ascii_punctuation() && !matches!(b, b'"' | b'-' | b'+') => Ok(*b),
        _ => Err(format!(
            "'{s}' is not a decimal mark; give one character such as '.' or ','"
        )),
    }
}

impl InputArgs {
    /// The data of `file` ('-': standard input), within the data limits.
    pub(crate) fn read(&self, file: &Path) -> anyhow::Result<CsvTable> {
        self.read_with_labels(file, Vec::new())
    }

    /// [`InputArgs::read`], keeping the cells of the `labels` columns (a
    /// chart's hue) as labels.
    pub(crate) fn read_with_labels(
        &self,
        file: &Path,
        labels: Vec<String>,
    ) -> anyhow::Result<CsvTable> {
        let limits = self.limits();
        let read = read_input(
            file,
            &CsvOptions {
                delimiter: self.delimiter,
                header: !self.no_header,
                decimal: self.decimal,
                labels,
            },
            &limits,
        )?;
        limits
            .check_table(&read.table)
            .map_err(|e| anyhow::anyhow!("{}: {}", display(file), explain(&e)))?;
        Ok(read)
    }

    /// The command line's limits with these flags; columns are each
    /// chart's own `--max-columns`.
    pub(crate) fn limits(&self) -> Limits {
        self.limits.apply(Limits {
            max_columns: usize::MAX,
            ..Limits::default()
        })
    }
}

/// The column a one-column chart draws (a histogram, a density) and how
/// it is split and coloured: seaborn's `x`, `hue`, `hue_order`, `palette`,
/// `color`.
#[derive(Debug, Args)]
pub(crate) struct ColumnArgs {
    /// The numeric column.
    #[arg(long, value_name = "COLUMN")]
    pub(crate) x: String,

    /// A column to split and colour by: a text column's levels in order of
    /// appearance, a numeric column's values sorted, coloured on a colormap.
    #[arg(long, value_name = "COLUMN")]
    pub(crate) hue: Option<String>,

    /// The hue's levels (a numeric hue's values) in this order,
    /// comma-separated (others left out).
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    pub(crate) hue_order: Option<Vec<String>>,

    /// The hue's colours: deep, muted, pastel, bright, dark, colorblind,
    /// husl, hls, a cubehelix palette (ch:s=.25,rot=-.25) or a matplotlib
    /// colormap. A qualitative palette colours a numeric hue's values as
    /// categories. [default: the matplotlib cycle, husl past ten levels;
    /// cubehelix (ch:) for a numeric hue]. Or colours for the levels in
    /// order (red,C1,#2ca02c; they repeat, with a warning, when there are
    /// more levels) or by level (Adelie=C0,Gentoo=#2ca02c).
    #[arg(long, value_parser = plotmill::chart::Palette::parse, value_name = "PALETTE")]
    pub(crate) palette: Option<plotmill::chart::Palette>,

    /// A numeric hue's values at the colormap's ends (seaborn's hue_norm).
    /// [default: the column's least and greatest]
    #[arg(long, value_parser = super::histplot::parse_range, value_name = "LOW,HIGH")]
    pub(crate) hue_norm: Option<(f64, f64)>,

    /// The colour without a hue. [default: C0, matplotlib's blue]
    #[arg(long, value_parser = parse_color, value_name = "COLOR")]
    pub(crate) color: Option<plotmill::scene::Color>,
}

/// Where and how to write the image.
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// The image to write ('-' for standard output); its extension (.png,
    /// .svg, .pdf) picks the format unless --format says. Written atomically.
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: PathBuf,

    /// The image format. [default: from the output's extension]
    #[arg(long, value_parser = spec_enum::<Format>())]
    pub(crate) format: Option<Format>,

    /// Pixels per inch for PNG; the image is figsize × dpi pixels.
    #[arg(long, default_value_t = Output::default().dpi, value_name = "DPI")]
    pub(crate) dpi: f64,

    /// PNG compression: fast (for bulk work), balanced, or small.
    #[arg(long, value_parser = spec_enum::<Compression>(), default_value = default_of(Output::default().compression))]
    pub(crate) compression: Compression,

    #[command(flatten)]
    pub(crate) image_limits: ImageLimitArgs,

    /// A font file (.ttf, .otf, .ttc) for characters DejaVu Sans lacks;
    /// repeat for more. System fonts are tried after these.
    #[arg(long = "font", value_name = "PATH")]
    pub(crate) fonts: Vec<PathBuf>,
}

impl OutputArgs {
    /// The image format: --format, else the output's extension.
    pub(crate) fn format(&self) -> anyhow::Result<Format> {
        match (self.format, Format::from_path(&self.output)) {
            (Some(f), _) | (None, Some(f)) => Ok(f),
            (None, None) if self.output == Path::new("-") => Ok(Format::Png),
            (None, None) => anyhow::bail!(
                "cannot tell the image format from '{}'; end the name in .png, .svg or .pdf, or pass --format",
                self.output.display()
            ),
        }
    }

    /// The spec's output: format, dpi, compression.
    pub(crate) fn settings(&self) -> anyhow::Result<Output> {
        Ok(Output {
            format: self.format()?,
            dpi: self.dpi,
            compression: self.compression,
        })
    }

    /// The embedded font plus the user's.
    pub(crate) fn fonts(&self) -> anyhow::Result<FontBook> {
        let mut book = FontBook::new();
        for path in &self.fonts {
            book.add_font_file(path)?;
        }
        Ok(book)
    }
}

/// Draws `spec` from the data read from `file` and writes the image: the
/// same [`Renderer`] a batch worker uses. Warns once about characters that
/// no font (not even a system fallback) has.
pub(crate) fn draw(
    spec: &ChartSpec,
    read: &CsvTable,
    (file, input): (&Path, &InputArgs),
    output: &OutputArgs,
    printer: Printer,
) -> anyhow::Result<()> {
    let limits = output.image_limits.apply(input.limits());
    let mut renderer = Renderer::new(output.fonts()?, limits);
    let mut bytes = Vec::new();
    let rendered = renderer
        .render(spec, &read.table, &mut bytes)
        .map_err(|e| match e {
            RenderError::Spec(e) => anyhow::anyhow!("{}", e.describe(&flag)),
            RenderError::Chart(e) => anyhow::anyhow!("{}: {}", display(file), e.describe(&flag)),
            RenderError::Encode(e) => e.into(),
            RenderError::Limit(e) => anyhow::anyhow!("{}: {}", display(file), explain(&e)),
        })?;
    if !rendered.missing_glyphs.is_empty() {
        let list: String = rendered.missing_glyphs.iter().collect();
        printer.warn(&format!(
            "no font has a glyph for {list:?}; they are drawn as boxes. Install a font that covers them (for CJK: fonts-wqy-microhei) or pass --font PATH"
        ));
    }
    if let Some(message) = crowding_warning(spec, &rendered.crowding) {
        printer.warn(&message);
    }
    for warning in &rendered.warnings {
        printer.warn(warning);
    }
    super::corr::write_output(&output.output, |w| w.write_all(&bytes))
}

/// A spec field as the command line spells it: `max_columns` is
/// `--max-columns`.
pub(crate) fn flag(field: &str) -> String {
    format!("--{}", field.replace('_', "-"))
}

/// One warning for all the text of a chart that cannot be read, naming the
/// flags that help; `None` when it all can.
fn crowding_warning(spec: &ChartSpec, crowding: &[Crowding]) -> Option<String> {
    if crowding.is_empty() {
        return None;
    }
    let (w, h) = spec.figsize();
    let found: Vec<String> = crowding.iter().map(ToString::to_string).collect();
    let grow = crowding.iter().map(Crowding::grow).fold(1.0, f64::max);
    let mut helps = Vec::new();
    let clipped = crowding
        .iter()
        .any(|c| matches!(c, Crowding::Clipped { .. }));
    if clipped && spec.layout() == Layout::None {
        helps.push(
            "--layout constrained (the axes move so that every label is on the page)".to_owned(),
        );
    }
    if crowding.iter().any(|c| c.role() == TextRole::CellValues) {
        helps.push("--no-annot, or a shorter --fmt (such as .1f)".to_owned());
    }
    helps.push(format!(
        "a larger --figsize (about {}x{})",
        (w * grow).ceil(),
        (h * grow).ceil()
    ));
    Some(format!(
        "at {w}x{h} in, not all of this chart's text can be read: {}. It is drawn as asked; to read it, pass {}",
        found.join("; "),
        helps.join(", or ")
    ))
}

/// Parses `WxH` in inches, such as `12x8` or `6.4x4.8`.
pub(crate) fn parse_figsize(s: &str) -> Result<(f64, f64), String> {
    let err = || format!("'{s}' is not a figure size; give width x height in inches, such as 12x8");
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(err)?;
    let (w, h): (f64, f64) = (
        w.trim().parse().map_err(|_| err())?,
        h.trim().parse().map_err(|_| err())?,
    );
    plotmill::chart::check_figsize((w, h)).map_err(|e| e.describe(&|_| format!("'{s}'")))?;
    Ok((w, h))
}

/// A color option.
pub(crate) fn parse_color(s: &str) -> Result<plotmill::scene::Color, String> {
    // As a spec reads it, with the spec's message.
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|e| e.to_string())
}

/// Runs a chart of one column (a histogram, a density): its data read with
/// the chart's hue kept as labels, the image written; only renamed columns
/// are worth a word (the other columns are simply not drawn).
pub(crate) fn run_column_chart(
    spec: &ChartSpec,
    file: &Path,
    input: &InputArgs,
    output: &OutputArgs,
    printer: Printer,
) -> anyhow::Result<()> {
    let read = input.read_with_labels(file, spec.label_columns())?;
    draw(spec, &read, (file, input), output, printer)?;
    super::corr::tell_renamed(&read, printer);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figsize() {
        assert_eq!(parse_figsize("12x8"), Ok((12.0, 8.0)));
        assert_eq!(parse_figsize("6.4X4.8"), Ok((6.4, 4.8)));
        assert!(parse_figsize("12").is_err());
        assert!(parse_figsize("0x8").is_err());
        assert!(parse_figsize("1e9x8").is_err());
    }
}
