//! `plotmill corr`: the correlation matrix of a CSV file.

use std::io::{Read, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plotmill::data::{
    CorrMethod, CorrOptions, CsvOptions, CsvTable, Origin, corr_owned, read_csv_bytes,
    read_csv_path,
};
use plotmill::output::{Durability, write_atomic};

use super::values::{default_of, spec_enum};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  # Pearson, as pandas' df.corr()
  plotmill corr data.csv
  plotmill corr data.csv --method kendall --min-periods 10 -o corr.csv
  plotmill corr data.tsv --delimiter '\\t' --no-header
  # European numbers (3,14): semicolon-separated, comma decimals
  plotmill corr data.csv --delimiter ';' --decimal ,
  # {\"columns\": [...], \"matrix\": [[...]]}
  plotmill corr data.csv --format json
  # standard input
  cat data.csv | plotmill corr -

The output has the layout of pandas' df.corr().to_csv(): a header with an
empty first cell and the column names, then one line per column. Values are
the shortest decimals that read back exactly (as Python prints floats); NaN
(too few rows, or a constant column) is an empty field, or null in JSON.

Columns are read as pandas' read_csv reads them: a column is numeric when
every value is a number or missing (NA, NaN, null, empty, ...), boolean
columns (True/False) count as 1/0, and text columns are left out with a
warning.";

/// Correlation matrix of a CSV file's numeric columns, as pandas' df.corr().
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct CorrArgs {
    /// The CSV file to read, or '-' for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// The correlation coefficient.
    #[arg(short, long, value_parser = spec_enum::<CorrMethod>(), default_value = default_of(CorrMethod::default()))]
    method: CorrMethod,

    /// The fewest rows in which both columns of a pair must be present for a
    /// value; pairs with fewer get NaN.
    #[arg(long, value_name = "N", default_value = "1", value_parser = parse_min_periods, allow_hyphen_values = true)]
    min_periods: NonZeroUsize,

    #[command(flatten)]
    input: super::render::InputArgs,

    /// Where to write the matrix ('-' for standard output). A file is written
    /// atomically: it appears complete or not at all.
    #[arg(short, long, value_name = "PATH", default_value = "-")]
    pub(crate) output: PathBuf,

    /// Most numeric columns (the result has one row and column each).
    #[arg(long, default_value_t = 500, value_name = "N")]
    max_columns: usize,

    /// The output format. [default: json if the output ends in .json, else csv]
    #[arg(long, value_enum)]
    format: Option<Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// pandas' to_csv layout.
    Csv,
    /// {"columns": [...], "matrix": [[...]]}, null for NaN.
    Json,
}

pub(crate) fn parse_min_periods(s: &str) -> Result<NonZeroUsize, String> {
    let n: i128 = s
        .parse()
        .map_err(|_| format!("'{s}' is not a whole number; give a count of rows, 1 or more"))?;
    usize::try_from(n)
        .ok()
        .and_then(NonZeroUsize::new)
        .ok_or_else(|| {
            format!("must be at least 1 (it counts the rows a pair of columns needs), got {n}")
        })
}

pub(crate) use plotmill::data::parse_delimiter;

pub(crate) fn run(args: CorrArgs, printer: Printer) -> anyhow::Result<()> {
    let options = CorrOptions {
        method: args.method,
        min_periods: args.min_periods,
    };
    let format =
        args.format
            .unwrap_or_else(|| match args.output.extension().and_then(|e| e.to_str()) {
                Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
                _ => Format::Csv,
            });

    let started = Instant::now();
    let mut read = args.input.read(&args.file)?;
    let columns = read.table.columns().len();
    if columns > args.max_columns {
        anyhow::bail!(
            "{}: {columns} numeric columns, more than --max-columns {} ({} correlations); raise it if that is expected",
            display(&args.file),
            args.max_columns,
            columns * columns
        );
    }
    let read_done = Instant::now();
    // An error names the text columns itself; warn only when there is a result.
    // The columns are given up to the computation, which lets go of each
    // once it is ranked: Spearman and Kendall then peak at about the parsed
    // columns, not the columns and their ranks together.
    let numeric = read.table.take_numeric();
    let matrix = corr_owned(numeric, &options).with_context(|| display(&args.file))?;
    tracing::info!(
        rows = read.table.rows(),
        columns,
        read_ms = (read_done - started).as_secs_f64() * 1e3,
        corr_ms = read_done.elapsed().as_secs_f64() * 1e3,
        "corr"
    );
    tell(&read, printer);
    write_output(&args.output, |w| match format {
        Format::Csv => matrix.write_csv(w),
        Format::Json => matrix.write_json(w),
    })?;
    Ok(())
}

pub(crate) fn display(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads `file` ('-': standard input), refusing more than the limits'
/// `max_input_bytes` before parsing it.
pub(crate) fn read_input(
    file: &Path,
    options: &CsvOptions,
    limits: &plotmill::engine::Limits,
) -> anyhow::Result<CsvTable> {
    let max_bytes = limits.max_input_bytes;
    let check = |size: u64| {
        limits
            .check_input_bytes(size)
            .map_err(|e| anyhow::anyhow!("{}: {}", display(file), super::limits::explain(&e)))
    };
    let read = if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        check(bytes.len() as u64)
            .map_err(|e| anyhow::anyhow!("{e} (standard input was read only that far)"))?;
        read_csv_bytes(&bytes, Origin::Stdin, options)?
    } else {
        // A missing file is the reader's to report, with its own words.
        if let Ok(meta) = std::fs::metadata(file)
            && meta.is_file()
        {
            check(meta.len())?;
        }
        read_csv_path(file, options)?
    };
    if read.table.columns().is_empty() && !read.table.text_columns().is_empty() {
        anyhow::bail!(
            "{}: every column was read as text ({}), so there is nothing to correlate or draw; {}",
            display(file),
            quoted(read.table.text_columns().iter().map(String::as_str)),
            text_hint(&read)
        );
    }
    Ok(read)
}

/// What to try when columns of numbers were read as text.
fn text_hint(read: &CsvTable) -> String {
    let sep = char::from(read.delimiter);
    let sep = if sep == '\t' {
        "tab".to_owned()
    } else {
        format!("'{sep}'")
    };
    if read.decimal_comma_likely {
        format!(
            "the values look like numbers with a decimal comma (3,14): pass --decimal , (fields were split at {sep}; set --delimiter if that is wrong)"
        )
    } else {
        format!(
            "a column is numeric when every value is a number or missing; fields were split at {sep}: if that is wrong, pass --delimiter"
        )
    }
}

/// Says, once each, what the reader did that a user may not expect.
pub(crate) fn tell(read: &CsvTable, printer: Printer) {
    let text = read.table.text_columns();
    if !text.is_empty() {
        let hint = if read.decimal_comma_likely {
            format!("; {}", text_hint(read))
        } else {
            String::new()
        };
        printer.warn(&format!(
            "left out {} text column(s), which hold values that are not numbers: {}{hint}",
            text.len(),
            quoted(text.iter().map(String::as_str))
        ));
    }
    tell_renamed(read, printer);
}

/// Says which duplicate or empty column names were renamed.
pub(crate) fn tell_renamed(read: &CsvTable, printer: Printer) {
    if !read.renamed.is_empty() {
        let renames: Vec<String> = read
            .renamed
            .iter()
            .map(|r| format!("'{}' (column {}) -> '{}'", r.from, r.index + 1, r.to))
            .collect();
        printer.warn(&format!(
            "duplicate or empty column names renamed as pandas renames them: {}",
            renames.join(", ")
        ));
    }
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn write_output(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        write(&mut out).context("cannot write to standard output")?;
        out.flush().context("cannot write to standard output")?;
    } else {
        write_atomic(path, Durability::Atomic, write)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_periods_must_be_positive() {
        assert_eq!(parse_min_periods("10").unwrap().get(), 10);
        assert!(parse_min_periods("0").unwrap_err().contains("at least 1"));
        assert!(parse_min_periods("-3").unwrap_err().contains("got -3"));
        assert!(
            parse_min_periods("x")
                .unwrap_err()
                .contains("not a whole number")
        );
    }

    #[test]
    fn delimiters() {
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert!(parse_delimiter(";;").is_err());
        assert!(parse_delimiter("\"").is_err());
    }
}
