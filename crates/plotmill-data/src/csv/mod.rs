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

mod block;
mod infer;
mod names;
mod scan;
mod split;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::mpsc;

use crate::error::{Origin, ReadError, ReadErrorKind};
use crate::table::{Column, ColumnKind, Labels, Table};
use block::BlockError;
use infer::{ColumnBuilder, Inferred};
pub use names::Renamed;
use split::Splitter;

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
    /// The decimal mark of numbers, as pandas' `decimal=`: `b','` reads
    /// European files (`3,14`, usually with `;` between fields); a number
    /// written with the other mark is then text, as in pandas. Default:
    /// `b'.'`.
    pub decimal: u8,
    /// Columns whose cells are also kept as labels (see
    /// [`Table::labels`]), as written: what a chart colours by (`hue`).
    /// Names not in the header are left out. Default: none.
    pub labels: Vec<String>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: None,
            header: true,
            decimal: b'.',
            labels: Vec::new(),
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
    /// Text columns were found, and values in the first rows look like
    /// numbers written with a decimal comma (`3,14`): reading with
    /// [`CsvOptions::decimal`] `b','` would likely make them numeric.
    pub decimal_comma_likely: bool,
}

/// Parses a delimiter as users write it: one ASCII character, or `\t` or
/// `tab` for a tab.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        _ => match s.as_bytes() {
            [b] if b.is_ascii() && !matches!(b, b'"' | b'\n' | b'\r') => Ok(*b),
            _ => Err(format!(
                "'{s}' is not a delimiter; give one ASCII character such as ',' ';' '|', or '\\t' for a tab"
            )),
        },
    }
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

    /// Line and character column (both 1-based) of byte `offset`.
    fn place(&self, offset: u64) -> io::Result<(u64, u64)> {
        let mut prefix = self.from(0)?.take(offset);
        let (mut line, mut column) = (1, 1);
        loop {
            let buf = prefix.fill_buf()?;
            if buf.is_empty() {
                return Ok((line, column));
            }
            for &b in buf {
                if b == b'\n' {
                    line += 1;
                    column = 1;
                } else if b & 0xC0 != 0x80 {
                    // Count characters, not UTF-8 continuation bytes.
                    column += 1;
                }
            }
            let n = buf.len();
            prefix.consume(n);
        }
    }

    /// The input from byte `offset` on.
    fn from(&self, offset: u64) -> io::Result<Box<dyn BufRead + '_>> {
        Ok(match self {
            Input::File { path, .. } => {
                let mut file = File::open(path)?;
                file.seek(SeekFrom::Start(offset))?;
                Box::new(BufReader::with_capacity(1 << 16, file))
            }
            Input::Bytes(b) => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX).min(b.len());
                Box::new(&b[start..])
            }
        })
    }
}

/// Bytes read at a time; blocks are about this size.
const BLOCK: usize = 1 << 18;
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn read(
    raw: impl Read + Send,
    input: &Input<'_>,
    options: &CsvOptions,
) -> Result<CsvTable, ReadErrorKind> {
    let mut blocks = Blocks::new(raw)?;
    let delimiter = match options.delimiter {
        Some(d) => d,
        None => sniff_delimiter(blocks.head()),
    };
    blocks.splitter = Splitter::new(delimiter);
    let dialect = block::Dialect {
        delimiter,
        decimal: options.decimal,
    };
    let utf8_error = |offset: u64| -> ReadErrorKind {
        let found = input.line_at(offset).and_then(|line| {
            let rest = input.from(offset)?;
            scan::invalid_utf8(rest, line)
        });
        match found {
            Ok(Some((o, line))) => ReadErrorKind::InvalidUtf8 {
                offset: offset + o,
                line,
            },
            Ok(None) => ReadErrorKind::InvalidUtf8 { offset, line: 1 },
            Err(e) => e.into(),
        }
    };
    let unclosed = |splitter: &Splitter| -> Result<(), ReadErrorKind> {
        match splitter.unclosed_quote() {
            Some(offset) => {
                let (line, column) = input.place(offset)?;
                Err(ReadErrorKind::UnterminatedQuote { line, column })
            }
            None => Ok(()),
        }
    };

    // The header (or, without one, the first row, which fixes the width).
    let Some(first) = blocks.next()? else {
        return Err(ReadErrorKind::Empty);
    };
    if blocks.done {
        unclosed(&blocks.splitter)?;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(&first.bytes[..]);
    let mut record = csv::ByteRecord::new();
    let header_at = loop {
        if !reader.read_byte_record(&mut record).unwrap_or(false) {
            return Err(ReadErrorKind::Empty);
        }
        if !block::is_blank(&record) {
            break first.base + record.position().map_or(0, |p| p.byte());
        }
    };
    let width = record.len();
    let after_header = reader.position().byte();
    drop(reader);
    let (names, renamed, data) = if options.header {
        let mut header = Vec::with_capacity(width);
        for field in record.iter() {
            match std::str::from_utf8(field) {
                Ok(s) => header.push(s.to_owned()),
                Err(_) => return Err(utf8_error(header_at)),
            }
        }
        let (names, renamed) = names::column_names(header);
        let skip = usize::try_from(after_header)
            .unwrap_or(usize::MAX)
            .min(first.bytes.len());
        let data = Block {
            base: first.base + skip as u64,
            bytes: first.bytes[skip..].to_vec(),
        };
        (names, renamed, data)
    } else {
        (names::numbered(width), Vec::new(), first)
    };

    let mut columns: Vec<ColumnBuilder> = names
        .iter()
        .map(|name| {
            if options.labels.iter().any(|l| l == name) {
                ColumnBuilder::with_labels()
            } else {
                ColumnBuilder::default()
            }
        })
        .collect();
    let mut rows: u64 = 0;
    // The first rows, kept to explain text columns afterwards.
    const SAMPLE: usize = 8 << 10;
    let mut sample: Vec<u8> = Vec::new();
    // Blocks are parsed on the thread pool as soon as they are read, and
    // appended to the columns in order on this thread as they come back.
    let in_flight_max = 2 * rayon::current_num_threads().max(1) + 1;
    let (done_tx, done_rx) = mpsc::channel::<Parsed>();
    // Column builders of appended blocks, kept to parse later blocks into
    // without allocating (and faulting in) fresh memory each time.
    let mut pool: Vec<Vec<ColumnBuilder>> = Vec::new();
    let mut reserved = false;
    let mut in_flight = 0;
    let result = (|| -> Result<(), ReadErrorKind> {
        let spawn = |pool: &mut Vec<Vec<ColumnBuilder>>,
                     block: Block,
                     seq: usize,
                     last: bool,
                     columns: &[ColumnBuilder]| {
            let mut builders = pool.pop().unwrap_or_default();
            builders.resize_with(width, ColumnBuilder::default);
            for (builder, column) in builders.iter_mut().zip(columns) {
                // Text columns need no classifying; a flag that lags a few
                // blocks behind only costs time.
                builder.reset(column.is_text(), column.keeps_labels());
            }
            let done = done_tx.clone();
            let parse = move || {
                let result = block::parse(&block.bytes, block.base, dialect, &mut builders);
                // The receiver only goes away after every block came back.
                let _ = done.send(Parsed {
                    seq,
                    last,
                    result,
                    builders,
                    block,
                });
            };
            // A file that is one block (most small data sets) is parsed
            // here: a trip through the pool would cost more than the parse.
            if seq == 0 && last {
                parse();
            } else {
                rayon::spawn(parse);
            }
        };
        let mut read_seq = 0;
        sample.extend_from_slice(&data.bytes[..data.bytes.len().min(SAMPLE)]);
        spawn(&mut pool, data, read_seq, blocks.done, &columns);
        read_seq += 1;
        in_flight += 1;
        let mut merge_seq = 0;
        let mut arrived: BTreeMap<usize, Parsed> = BTreeMap::new();
        loop {
            while !blocks.done && read_seq - merge_seq < in_flight_max {
                let Some(block) = blocks.next()? else { break };
                spawn(&mut pool, block, read_seq, blocks.done, &columns);
                read_seq += 1;
                in_flight += 1;
            }
            if merge_seq == read_seq {
                // Everything read is appended, and nothing is left to read.
                break;
            }
            let parsed = wait(&done_rx)?;
            in_flight -= 1;
            arrived.insert(parsed.seq, parsed);
            while let Some(parsed) = arrived.remove(&merge_seq) {
                merge_seq += 1;
                // The final block holds any quote left open, which is the
                // real error there.
                if parsed.last {
                    unclosed(&blocks.splitter)?;
                }
                rows += parsed.result.map_err(|e| match e {
                    BlockError::FieldCount { record, found } => match input.record_line(record) {
                        Ok(line) => ReadErrorKind::FieldCount {
                            line,
                            expected: width,
                            found,
                            delimiter: char::from(delimiter),
                        },
                        Err(e) => e.into(),
                    },
                    BlockError::InvalidUtf8 { record } => utf8_error(record),
                })?;
                if !reserved && rows > 0 {
                    // Reserve for the whole input at once, so that a large
                    // file does not end up in vectors with up to twice the
                    // capacity it needs.
                    reserved = true;
                    let seen = (parsed.block.base + parsed.block.bytes.len() as u64)
                        .saturating_sub(header_at)
                        .max(1);
                    let estimate = (rows as f64 * input.len() as f64 / seen as f64 * 1.05) as usize;
                    for column in &mut columns {
                        column.reserve(estimate);
                    }
                }
                for (column, later) in columns.iter_mut().zip(&parsed.builders) {
                    column.append(later);
                }
                pool.push(parsed.builders);
                blocks.spare.push(parsed.block.bytes);
            }
        }
        Ok(())
    })();
    // Parsers still at work own their blocks; let them finish before an
    // error is returned, so that nothing of this read outlives it.
    for _ in 0..in_flight {
        if wait(&done_rx).is_err() {
            break;
        }
    }
    result?;
    if rows == 0 {
        return Err(ReadErrorKind::NoRows {
            line: input.record_line(header_at)?,
            columns: width,
        });
    }

    let mut numeric = Vec::with_capacity(width);
    let mut text = Vec::new();
    let mut labels = Vec::new();
    for (name, mut column) in names.into_iter().zip(columns) {
        if let Some(l) = column.take_labels() {
            labels.push(Labels::new(name.clone(), l.levels, l.codes));
        }
        let (kind, values) = match column.finish() {
            (Inferred::Text, _) => {
                text.push(name);
                continue;
            }
            (Inferred::Int, values) => (ColumnKind::Int, values),
            (Inferred::Float, values) => (ColumnKind::Float, values),
            (Inferred::Bool, values) => (ColumnKind::Bool, values),
        };
        numeric.push(Column::new(name, kind, values));
    }
    let table = Table::new(rows as usize, numeric)
        .and_then(|t| t.with_labels(labels))
        .expect("every column builder received one cell per row")
        .with_text_columns(text);
    tracing::debug!(rows, columns = width, delimiter = %char::from(delimiter), "read CSV");
    let decimal_comma_likely = !table.text_columns().is_empty()
        && options.decimal == b'.'
        && delimiter != b','
        && has_decimal_commas(&sample, delimiter);
    Ok(CsvTable {
        table,
        delimiter,
        renamed,
        decimal_comma_likely,
    })
}

/// Whether the fields of these first rows (the last line may be cut off)
/// include numbers with a decimal comma, such as `3,14` or `-0,5`.
fn has_decimal_commas(rows: &[u8], delimiter: u8) -> bool {
    rows.split(|&b| b == b'\n')
        .flat_map(|line| line.split(move |&b| b == delimiter))
        .map(|field| {
            let field = field.trim_ascii();
            let field = field.strip_prefix(b"\"").unwrap_or(field);
            field.strip_suffix(b"\"").unwrap_or(field)
        })
        .any(|field| {
            let digits = field.strip_prefix(b"-").unwrap_or(field);
            match digits.iter().position(|&b| b == b',') {
                Some(at) => {
                    let (whole, frac) = (&digits[..at], &digits[at + 1..]);
                    !whole.is_empty()
                        && !frac.is_empty()
                        && whole.iter().all(u8::is_ascii_digit)
                        && frac.iter().all(u8::is_ascii_digit)
                }
                None => false,
            }
        })
}

/// The next parsed block. On a thread of the pool (a read inside a parallel
/// job), waiting helps run the pool's jobs, the parsers among them, so that a
/// pool of one thread cannot deadlock; elsewhere it blocks.
fn wait(done: &mpsc::Receiver<Parsed>) -> io::Result<Parsed> {
    let gone = || io::Error::other("a block parser stopped without an answer");
    loop {
        match done.try_recv() {
            Ok(parsed) => return Ok(parsed),
            Err(mpsc::TryRecvError::Disconnected) => return Err(gone()),
            Err(mpsc::TryRecvError::Empty) => match rayon::yield_now() {
                None => return done.recv().map_err(|_| gone()),
                Some(rayon::Yield::Executed) => {}
                Some(rayon::Yield::Idle) => std::thread::yield_now(),
            },
        }
    }
}

/// A parsed block on its way back from the thread pool.
struct Parsed {
    /// Its place in the input: blocks are appended in this order.
    seq: usize,
    /// Whether it is the input's last block.
    last: bool,
    /// Its row count, or the first bad record in it.
    result: Result<u64, BlockError>,
    builders: Vec<ColumnBuilder>,
    block: Block,
}

/// Whole records of the input, and where they start.
#[derive(Debug)]
struct Block {
    bytes: Vec<u8>,
    /// Absolute offset of `bytes[0]` in the input.
    base: u64,
}

/// Reads the input in blocks that end at record boundaries.
struct Blocks<R> {
    raw: R,
    /// Bytes read but not yet handed out: part of a record, or more.
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: u64,
    /// How much of `buf` the splitter has seen.
    scanned: usize,
    splitter: Splitter,
    /// The input is exhausted and its last block handed out.
    done: bool,
    /// How much the next read asks for.
    next_read: usize,
    /// Buffers of parsed blocks, to read into again.
    spare: Vec<Vec<u8>>,
}

impl<R: Read> Blocks<R> {
    /// Starts reading, past a byte-order mark if there is one.
    fn new(raw: R) -> io::Result<Self> {
        let mut blocks = Blocks {
            raw,
            buf: Vec::new(),
            base: 0,
            scanned: 0,
            splitter: Splitter::new(b','),
            done: false,
            next_read: 1 << 16,
            spare: Vec::new(),
        };
        blocks.fill()?;
        if blocks.buf.starts_with(BOM) {
            blocks.buf.drain(..BOM.len());
            blocks.base = BOM.len() as u64;
        }
        Ok(blocks)
    }

    /// The first bytes of the input (up to a block), for sniffing.
    fn head(&self) -> &[u8] {
        &self.buf
    }

    /// Reads up to a block more; `false` at the end of the input. Reads
    /// start small and double, so that small inputs stay cheap.
    fn fill(&mut self) -> io::Result<bool> {
        let want = self.next_read;
        self.next_read = (want * 2).min(BLOCK);
        self.buf.reserve_exact(want);
        let n = (&mut self.raw)
            .take(want as u64)
            .read_to_end(&mut self.buf)?;
        Ok(n > 0)
    }

    /// The next block of whole records, `None` after the last.
    fn next(&mut self) -> io::Result<Option<Block>> {
        if self.done {
            return Ok(None);
        }
        loop {
            let from = self.scanned;
            let cut = self
                .splitter
                .feed(&self.buf[from..], self.base + from as u64)
                .map(|end| from + end);
            self.scanned = self.buf.len();
            if let Some(end) = cut {
                let mut rest = self.spare.pop().unwrap_or_default();
                rest.clear();
                rest.extend_from_slice(&self.buf[end..]);
                let mut bytes = std::mem::replace(&mut self.buf, rest);
                bytes.truncate(end);
                let block = Block {
                    bytes,
                    base: self.base,
                };
                self.base += end as u64;
                self.scanned = self.buf.len();
                return Ok(Some(block));
            }
            if !self.fill()? {
                // The end: what is left is the last record, without a line end.
                self.done = true;
                if self.buf.is_empty() {
                    return Ok(None);
                }
                let block = Block {
                    bytes: std::mem::take(&mut self.buf),
                    base: self.base,
                };
                return Ok(Some(block));
            }
        }
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
