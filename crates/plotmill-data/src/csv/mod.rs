//! Reading CSV into a [`Table`], with pandas' `read_csv` semantics.
//!
//! What pandas users rely on, and what this reader does the same way:
//!
//! - **Types**: a column is numeric when every present cell is a number
//!   (integers, decimals, exponents, `inf`), boolean when every cell is one of
//!   `True`/`TRUE`/`true`/`False`/`FALSE`/`false` with none missing, and text
//!   otherwise. Text columns are named in [`Table::text_columns`], not stored.
//! - **Missing values**: pandas' default spellings (`NA`, `NaN`, `null`, empty,
//!   …) become `NaN`.
//! - **Names**: empty header cells become `Unnamed: i`, repeated names get
//!   `.1`, `.2` suffixes; see [`Renamed`].
//! - **Dialect**: RFC 4180 quoting, UTF-8 with or without a byte-order mark,
//!   LF or CRLF line ends, blank lines skipped, the delimiter given or sniffed
//!   from the header line (`,` `;` tab `|`).
//!
//! Where this reader is stricter than pandas, it says so with an error rather
//! than guess: a row with fewer fields than the header (pandas pads it with
//! missing values), a header with no rows, an unclosed quote.

mod infer;
mod names;
mod scan;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use crate::error::{Origin, ReadError, ReadErrorKind};
use crate::table::{Column, ColumnKind, Table};
use infer::{Cell, ColumnBuilder, Inferred};
pub use names::Renamed;

/// How to read a CSV input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field delimiter, or `None` to sniff it from the header line: the
    /// most frequent of `,` `;` tab `|` outside quotes, `,` when none occurs.
    /// Default: `None`.
    pub delimiter: Option<u8>,
    /// Whether the first line names the columns. Without a header, columns
    /// are named `0`, `1`, `2`, … as pandas names them. Default: `true`.
    pub header: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: None,
            header: true,
        }
    }
}

/// A table read from CSV, with what a user may want to be told about it.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    /// The numeric columns (text columns are listed in it, not stored).
    pub table: Table,
    /// The delimiter that was used (given or sniffed).
    pub delimiter: u8,
    /// Header names that were changed to keep names unique.
    pub renamed: Vec<Renamed>,
}

/// Reads a CSV file.
pub fn read_csv_path(path: &Path, options: &CsvOptions) -> Result<CsvTable, ReadError> {
    let origin = Origin::File(path.to_path_buf());
    let fail = |kind| ReadError {
        origin: origin.clone(),
        kind,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(e.into()))?;
    if meta.is_dir() {
        return Err(fail(ReadErrorKind::IsDirectory));
    }
    let file = File::open(path).map_err(|e| fail(e.into()))?;
    let input = Input::File {
        path,
        len: meta.len(),
    };
    read(file, &input, options).map_err(fail)
}

/// Reads CSV from bytes in memory; `origin` names them in errors.
pub fn read_csv_bytes(
    bytes: &[u8],
    origin: Origin,
    options: &CsvOptions,
) -> Result<CsvTable, ReadError> {
    read(bytes, &Input::Bytes(bytes), options).map_err(|kind| ReadError { origin, kind })
}

/// The input again, for the scans that re-read it from an offset.
enum Input<'a> {
    File { path: &'a Path, len: u64 },
    Bytes(&'a [u8]),
}

impl Input<'_> {
    fn len(&self) -> u64 {
        match self {
            Input::File { len, .. } => *len,
            Input::Bytes(b) => b.len() as u64,
        }
    }

    /// The 1-based line (as an editor counts) that holds byte `offset`.
    /// Only errors need it, so it is counted when asked for.
    fn line_at(&self, offset: u64) -> io::Result<u64> {
        let mut prefix = self.from(0)?.take(offset);
        let mut line = 1;
        loop {
            let buf = prefix.fill_buf()?;
            if buf.is_empty() {
                return Ok(line);
            }
            line += buf.iter().filter(|&&b| b == b'\n').count() as u64;
            let n = buf.len();
            prefix.consume(n);
        }
    }

    /// The line of the record that the parser reports at byte `offset`. The
    /// parser counts blank lines before a record as part of it, so they are
    /// skipped here.
    fn record_line(&self, offset: u64) -> io::Result<u64> {
        let mut rest = self.from(offset)?;
        let mut skipped = 0;
        loop {
            let buf = rest.fill_buf()?;
            let ends = buf
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            skipped += ends as u64;
            if ends < buf.len() || buf.is_empty() {
                break;
            }
            rest.consume(ends);
        }
        self.line_at(offset + skipped)
    }

    /// The input from byte `offset` on.
    fn from(&self, offset: u64) -> io::Result<Box<dyn BufRead + '_>> {
        Ok(match self {
            Input::File { path, .. } => {
                let mut file = File::open(path)?;
                file.seek(SeekFrom::Start(offset))?;
                Box::new(BufReader::with_capacity(BUFFER, file))
            }
            Input::Bytes(b) => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX).min(b.len());
                Box::new(&b[start..])
            }
        })
    }
}

const BUFFER: usize = 1 << 20;
const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Rows read before the row count is estimated from the input's size.
const SAMPLE_ROWS: u64 = 1024;

fn read(
    raw: impl Read,
    input: &Input<'_>,
    options: &CsvOptions,
) -> Result<CsvTable, ReadErrorKind> {
    let mut buffered = BufReader::with_capacity(BUFFER, raw);
    let head = buffered.fill_buf()?;
    let bom = if head.starts_with(BOM) { BOM.len() } else { 0 };
    buffered.consume(bom);
    let delimiter = match options.delimiter {
        Some(d) => d,
        None => sniff_delimiter(buffered.fill_buf()?),
    };

    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(BUFFER)
        .from_reader(buffered);

    let utf8_error = |offset: u64| -> ReadErrorKind {
        let line = match input.line_at(offset) {
            Ok(line) => line,
            Err(e) => return e.into(),
        };
        let found = input
            .from(offset)
            .and_then(|rest| scan::invalid_utf8(rest, line));
        match found {
            Ok(Some((o, l))) => ReadErrorKind::InvalidUtf8 {
                offset: offset + o,
                line: l,
            },
            Ok(None) => ReadErrorKind::InvalidUtf8 { offset, line },
            Err(e) => e.into(),
        }
    };
    let mut records = Records {
        reader,
        record: csv::ByteRecord::new(),
        bom: bom as u64,
        at: bom as u64,
    };

    // The header (or, without one, the first row, which fixes the width).
    if !records.next()? {
        check_quotes(input, delimiter, records.at)?;
        return Err(ReadErrorKind::Empty);
    }
    let header_at = records.at;
    let width = records.record.len();
    let (names, renamed, first_row_is_data) = if options.header {
        let mut header = Vec::with_capacity(width);
        for field in records.record.iter() {
            match std::str::from_utf8(field) {
                Ok(s) => header.push(s.to_owned()),
                Err(_) => return Err(utf8_error(header_at)),
            }
        }
        let (names, renamed) = names::column_names(header);
        (names, renamed, false)
    } else {
        (names::numbered(width), Vec::new(), true)
    };

    let mut columns: Vec<ColumnBuilder> = (0..width).map(|_| ColumnBuilder::default()).collect();
    let mut rows: u64 = 0;
    let mut have_row = first_row_is_data;
    loop {
        if !have_row && !records.next()? {
            break;
        }
        have_row = false;
        let offset = records.at;
        let record = &records.record;
        if record.len() != width {
            check_quotes(input, delimiter, offset)?;
            return Err(ReadErrorKind::FieldCount {
                line: input.record_line(offset)?,
                expected: width,
                found: record.len(),
                delimiter: char::from(delimiter),
            });
        }
        for (column, field) in columns.iter_mut().zip(record.iter()) {
            let cell = if column.is_text() {
                Cell::Text
            } else {
                infer::classify(field)
            };
            if cell == Cell::Text && std::str::from_utf8(field).is_err() {
                return Err(utf8_error(offset));
            }
            column.push(cell);
        }
        rows += 1;
        if rows == SAMPLE_ROWS {
            // Reserve for the whole input at once, so that a large file does
            // not end up in vectors with up to twice the capacity it needs.
            let read = offset.saturating_sub(header_at).max(1);
            let left = input.len().saturating_sub(offset);
            let estimate = (left as f64 / read as f64 * SAMPLE_ROWS as f64 * 1.05) as usize;
            for column in &mut columns {
                column.reserve(estimate);
            }
        }
    }
    check_quotes(input, delimiter, records.at)?;
    if rows == 0 {
        return Err(ReadErrorKind::NoRows {
            line: input.record_line(header_at)?,
            columns: width,
        });
    }

    let mut numeric = Vec::with_capacity(width);
    let mut text = Vec::new();
    for (name, column) in names.into_iter().zip(columns) {
        let kind = match column.finish() {
            (Inferred::Text, _) => {
                text.push(name);
                continue;
            }
            (Inferred::Int, values) => (ColumnKind::Int, values),
            (Inferred::Float, values) => (ColumnKind::Float, values),
            (Inferred::Bool, values) => (ColumnKind::Bool, values),
        };
        numeric.push(Column::new(name, kind.0, kind.1));
    }
    let table = Table::new(rows as usize, numeric)
        .expect("every column builder received one cell per row")
        .with_text_columns(text);
    tracing::debug!(rows, columns = width, delimiter = %char::from(delimiter), "read CSV");
    Ok(CsvTable {
        table,
        delimiter,
        renamed,
    })
}

/// The records of a CSV input, with where each one starts.
struct Records<R> {
    reader: csv::Reader<R>,
    record: csv::ByteRecord,
    /// Length of the byte-order mark the parser did not see.
    bom: u64,
    /// Byte offset (in the whole input) of the current record.
    at: u64,
}

impl<R: Read> Records<R> {
    /// Reads the next record that is not a blank line; `false` at the end.
    fn next(&mut self) -> Result<bool, ReadErrorKind> {
        loop {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| match e.into_kind() {
                    csv::ErrorKind::Io(e) => ReadErrorKind::Io(e),
                    // Flexible byte records fail on I/O only; keep any other
                    // failure rather than lose it.
                    other => ReadErrorKind::Io(io::Error::other(format!("{other:?}"))),
                })?;
            if !more {
                return Ok(false);
            }
            if let Some(pos) = self.record.position() {
                self.at = pos.byte() + self.bom;
            }
            // pandas skips lines that hold only white space.
            let blank = self.record.len() == 1
                && !self.record[0].is_empty()
                && self.record[0].iter().all(u8::is_ascii_whitespace);
            if !blank {
                return Ok(true);
            }
        }
    }
}

/// Fails if a quote opened in the record at byte `offset` is still open at
/// the end of the input.
fn check_quotes(input: &Input<'_>, delimiter: u8, offset: u64) -> Result<(), ReadErrorKind> {
    match scan::unclosed_quote(input.from(offset)?, delimiter, input.line_at(offset)?)? {
        Some(place) => Err(ReadErrorKind::UnterminatedQuote {
            line: place.line,
            column: place.column,
        }),
        None => Ok(()),
    }
}

/// The most frequent of `,` `;` tab `|` outside quotes on the first line,
/// `,` on a tie or when none occurs.
fn sniff_delimiter(head: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_header_line_only() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,2,3,4,5\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c"), b'|');
        assert_eq!(sniff_delimiter(b"\"x;y\",z\n"), b',');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
        assert_eq!(sniff_delimiter(b"a,b;c\n"), b',');
    }
}
