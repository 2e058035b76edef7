//! Parsing one block of whole records into column builders.

use csv_core::ReadRecordResult;

use super::infer::{self, Cell, ColumnBuilder};

/// Why a block could not be parsed, at which record (absolute byte offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockError {
    FieldCount { record: u64, found: usize },
    InvalidUtf8 { record: u64 },
}

/// What separates fields, and what marks a number's decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    pub(crate) delimiter: u8,
    /// `.` (numbers are parsed where they lie) or another byte, such as the
    /// `,` of European files (pandas' `decimal=`).
    pub(crate) decimal: u8,
}

impl From<u8> for Dialect {
    /// This delimiter, and `.` decimals.
    fn from(delimiter: u8) -> Self {
        Dialect {
            delimiter,
            decimal: b'.',
        }
    }
}

/// Parses `bytes` (whole records, starting at absolute offset `base`) into
/// `columns`, one field per column and row; returns the number of rows. A
/// column already known to be text needs its cells checked for UTF-8 only.
pub(crate) fn parse(
    bytes: &[u8],
    base: u64,
    dialect: Dialect,
    columns: &mut [ColumnBuilder],
) -> Result<u64, BlockError> {
    // Without a quote character, CSV is lines cut at the delimiter: fields
    // can be taken from the block in place, where csv-core would walk its
    // state machine byte by byte and copy every field out. A test checks
    // that both ways read every quote-free input alike.
    if memchr::memchr(b'"', bytes).is_none() {
        parse_plain(bytes, base, dialect, columns)
    } else {
        parse_quoted(bytes, base, dialect, columns)
    }
}

/// The quote-free reading of a block, as csv-core reads such bytes: `\r`,
/// `\n` and `\r\n` end a record, empty lines are no records, and the last
/// record needs no line end.
///
/// A field that starts like a number is parsed where it lies, and when the
/// number runs to the field's end that parse also finds the end: numeric
/// files, the large ones, are walked once. Other fields end at the next
/// delimiter or line end. Each field goes into its column as it is read;
/// a record with the wrong number of fields is an error for the whole
/// block, so what it left in the columns is never used.
fn parse_plain(
    bytes: &[u8],
    base: u64,
    dialect: Dialect,
    columns: &mut [ColumnBuilder],
) -> Result<u64, BlockError> {
    let delimiter = dialect.delimiter;
    let ends_field = |b: u8| b == delimiter || b == b'\n' || b == b'\r';
    // A delimiter that can be part of a number ('.', '-', 'e', a digit, ...)
    // must be found first: a number's parse would run over it. Other
    // decimal marks go through `classify`, which knows them.
    let fuse = dialect.decimal == b'.'
        && !(delimiter.is_ascii_alphanumeric() || matches!(delimiter, b'.' | b'+' | b'-'));
    let mut pos = 0;
    let mut rows = 0;
    // Whether every column takes plain numbers as they come: then a record
    // of plainly written numbers, the whole of most numeric files, takes
    // `plain_fields`. Only the general way below can change it.
    let plain_ok = |columns: &[ColumnBuilder]| {
        fuse && !columns.is_empty() && columns.iter().all(ColumnBuilder::takes_plain)
    };
    let mut all_plain = plain_ok(columns);
    while pos < bytes.len() {
        if matches!(bytes[pos], b'\n' | b'\r') {
            pos += 1;
            continue;
        }
        let at = base + pos as u64;
        let mut count = 0;
        if all_plain {
            match plain_fields(&bytes[pos..], delimiter, columns) {
                Ok(len) => {
                    pos += len;
                    rows += 1;
                    continue;
                }
                // The general way goes on from the first field that is not
                // a plain number, or does not end as it should.
                Err((fields, len)) => (count, pos) = (fields, pos + len),
            }
        }
        // A line of nothing but spaces is no record (pandas skips it).
        let blank = if count > 0 {
            0
        } else {
            bytes[pos..]
                .iter()
                .position(|&b| {
                    !(b.is_ascii_whitespace() && b != delimiter) || b == b'\n' || b == b'\r'
                })
                .unwrap_or(bytes.len() - pos)
        };
        if blank > 0
            && bytes
                .get(pos + blank)
                .is_none_or(|&b| b == b'\n' || b == b'\r')
        {
            pos += blank + 1;
            continue;
        }
        // Invalid UTF-8 in a text field; reported once the record is known
        // to have the right number of fields (a wrong count comes first).
        let mut invalid = false;
        loop {
            let rest = &bytes[pos..];
            let ends = |n: usize| rest.get(n).is_none_or(|&b| ends_field(b));
            let numeric = fuse && infer::starts_number(rest);
            let plain = numeric
                .then(|| infer::plain_number(rest))
                .flatten()
                .filter(|&(_, _, n)| ends(n));
            let len = if let Some((v, integer, n)) = plain {
                if let Some(column) = columns.get_mut(count) {
                    column.push_number(v, integer, &rest[..n]);
                }
                n
            } else {
                let number = numeric
                    .then(|| fast_float2::parse_partial::<f64, _>(rest).ok())
                    .flatten()
                    .filter(|&(v, n)| n > 0 && !v.is_nan() && ends(n));
                let (cell, len) = match number {
                    Some((v, n)) => (Some(infer::number(&rest[..n], v)), n),
                    None => (
                        None,
                        memchr::memchr3(delimiter, b'\n', b'\r', rest).unwrap_or(rest.len()),
                    ),
                };
                if let Some(column) = columns.get_mut(count) {
                    invalid |= !push_field(column, cell, &rest[..len], dialect.decimal);
                }
                len
            };
            count += 1;
            pos += len;
            match bytes.get(pos) {
                Some(&b) if b == delimiter => pos += 1,
                // A line end (or the block's end) ends the record.
                _ => {
                    pos += 1;
                    break;
                }
            }
        }
        if count != columns.len() {
            return Err(BlockError::FieldCount {
                record: at,
                found: count,
            });
        }
        if invalid {
            return Err(BlockError::InvalidUtf8 { record: at });
        }
        rows += 1;
        all_plain = plain_ok(columns);
    }
    Ok(rows)
}

/// Reads a record of plainly written numbers ([`infer::plain_number`]),
/// one per column, each ended by the delimiter and the last by a line end
/// or the block's end, into the columns; returns its length with its line
/// end's first byte. Stops at the first field that is not such a number or
/// does not end so, returning how many fields went into their columns and
/// where that one starts: the general way goes on from there (and reports
/// what is wrong with the record). The columns must all
/// [take plain numbers](ColumnBuilder::takes_plain).
#[inline(always)]
fn plain_fields(
    rest: &[u8],
    delimiter: u8,
    columns: &mut [ColumnBuilder],
) -> Result<usize, (usize, usize)> {
    let last = columns.len().saturating_sub(1);
    let mut p = 0;
    for (c, column) in columns.iter_mut().enumerate() {
        let taken = rest
            .get(p..)
            .and_then(infer::plain_number)
            .filter(|&(_, _, n)| match rest.get(p + n) {
                Some(&b) if c < last => b == delimiter,
                Some(&b) => b == b'\n' || b == b'\r',
                None => c == last,
            });
        let Some((v, integer, n)) = taken else {
            return Err((c, p));
        };
        column.push_plain(v, integer);
        p += n + 1;
    }
    Ok(p)
}

/// csv-core's reading of a block, for blocks with quotes.
fn parse_quoted(
    bytes: &[u8],
    base: u64,
    dialect: Dialect,
    columns: &mut [ColumnBuilder],
) -> Result<u64, BlockError> {
    // csv-core straight on the block: no copy through a buffered reader.
    let mut reader = csv_core::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .build();
    let mut buf = vec![0u8; 4096];
    let mut ends = vec![0usize; columns.len() + 1];
    let mut pos = 0;
    let mut rows = 0;
    loop {
        let start = pos;
        let (mut len, mut count) = (0, 0);
        loop {
            let (result, read, written, ended) =
                reader.read_record(&bytes[pos..], &mut buf[len..], &mut ends[count..]);
            pos += read;
            len += written;
            count += ended;
            match result {
                // All input taken: the next call, with none, flushes the end.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => buf.resize(buf.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(rows),
            }
        }
        // csv-core leaves the fields end to end in `buf`, and where each ends.
        let fields = ends[..count].iter().scan(0, |from, &end| {
            let field = &buf[*from..end];
            *from = end;
            Some((None, field))
        });
        if push_record(columns, count, fields, base + start as u64, dialect.decimal)? {
            rows += 1;
        }
    }
}

/// Classifies one record's `count` fields into `columns`, each with its
/// cell if the reader already knows it; `false` for a blank line (skipped,
/// as pandas skips it). `at` is the record's absolute offset; `decimal` the
/// decimal mark of unparsed fields.
fn push_record<'a>(
    columns: &mut [ColumnBuilder],
    count: usize,
    fields: impl Iterator<Item = (Option<Cell>, &'a [u8])> + Clone,
    at: u64,
    decimal: u8,
) -> Result<bool, BlockError> {
    if count == 1
        && let Some((_, only)) = fields.clone().next()
        && !only.is_empty()
        && only.iter().all(u8::is_ascii_whitespace)
    {
        return Ok(false);
    }
    if count != columns.len() {
        return Err(BlockError::FieldCount {
            record: at,
            found: count,
        });
    }
    for (column, (known, field)) in columns.iter_mut().zip(fields) {
        if !push_field(column, known, field, decimal) {
            return Err(BlockError::InvalidUtf8 { record: at });
        }
    }
    Ok(true)
}

/// Classifies one field into its column (with its cell if the reader
/// already knows it; `decimal` is the decimal mark of unparsed fields).
/// False, with the column as it was, when the field is text but not
/// UTF-8.
#[inline]
fn push_field(column: &mut ColumnBuilder, known: Option<Cell>, field: &[u8], decimal: u8) -> bool {
    let cell = if column.is_text() {
        Cell::Text
    } else {
        known.unwrap_or_else(|| infer::classify_with_decimal(field, decimal))
    };
    if cell == Cell::Text && std::str::from_utf8(field).is_err() {
        return false;
    }
    column.push(cell);
    if column.keeps_labels() {
        column.push_label(field);
    }
    true
}

/// Whether a record read by the `csv` crate is a blank line to skip.
pub(crate) fn is_blank(record: &csv::ByteRecord) -> bool {
    record.len() == 1 && !record[0].is_empty() && record[0].iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::infer::Inferred;

    fn two() -> Vec<ColumnBuilder> {
        vec![ColumnBuilder::default(), ColumnBuilder::default()]
    }

    #[test]
    fn parses_rows_and_skips_blank_lines() {
        let mut columns = two();
        assert_eq!(
            parse(b"1,2\n\n  \n3,x\n", 0, b','.into(), &mut columns),
            Ok(2)
        );
        assert!(columns[1].is_text());
    }

    type Parse = fn(&[u8], u64, Dialect, &mut [ColumnBuilder]) -> Result<u64, BlockError>;
    /// Rows, and each column's type and values' bits.
    type Outcome = (u64, Vec<(Inferred, Vec<u64>)>);

    /// The builders' outcome, comparable: each column's type and values'
    /// bits (NaN included), or the error.
    fn outcome(
        parse: Parse,
        bytes: &[u8],
        delimiter: u8,
        width: usize,
    ) -> Result<Outcome, BlockError> {
        let mut columns: Vec<ColumnBuilder> =
            (0..width).map(|_| ColumnBuilder::default()).collect();
        // csv-core counts the line ends it skipped before a record as part
        // of it; the reader skips them again to name the record's line.
        let record_start = |record: u64| {
            let from = (record - 7) as usize;
            let skipped = bytes[from..]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            record + skipped as u64
        };
        let rows = parse(bytes, 7, delimiter.into(), &mut columns).map_err(|e| match e {
            BlockError::FieldCount { record, found } => BlockError::FieldCount {
                record: record_start(record),
                found,
            },
            BlockError::InvalidUtf8 { record } => BlockError::InvalidUtf8 {
                record: record_start(record),
            },
        })?;
        let finished = columns
            .into_iter()
            .map(|c| {
                let (kind, values) = c.finish();
                (kind, values.iter().map(|v| v.to_bits()).collect())
            })
            .collect();
        Ok((rows, finished))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The in-place reading of quote-free blocks is csv-core's reading:
        /// line ends of every kind, blank and empty lines, short and long
        /// rows, missing tokens, booleans, text, invalid UTF-8.
        #[test]
        fn quote_free_blocks_read_as_csv_core_reads_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "1", "-2.5", "1e3", ",", ",", ",", "\n", "\r\n", "\r", " ", "\t",
                    "NA", "", "True", "false", "x", "\u{e9}", "\u{ff}", "inf", "+", ".",
                    "e", "E-", "nan", "+nan", "0x1", "007", "99999999999999999999", "-",
                ]),
                0..40,
            ),
            invalid in proptest::bool::ANY,
            width in 1usize..4,
            // The usual delimiters, and ones a number can hold.
            delimiter in proptest::sample::select(vec![b',', b';', b'\t', b' ', b'.', b'-', b'e', b'1']),
        ) {
            // Commas in the parts stand for the delimiter.
            let text = parts.concat().replace(',', &char::from(delimiter).to_string());
            let mut bytes = text.into_bytes();
            if invalid && !bytes.is_empty() {
                let at = bytes.len() / 2;
                bytes.insert(at, 0xff);
            }
            proptest::prop_assert_eq!(
                outcome(parse_plain, &bytes, delimiter, width),
                outcome(parse_quoted, &bytes, delimiter, width),
                "{:?}", String::from_utf8_lossy(&bytes)
            );
        }
    }

    /// Records of plain numbers take a shortcut (`plain_fields`); what it
    /// leaves in the columns, and where it hands over to the general way
    /// mid-record, must be what the general way gives.
    #[test]
    fn plain_records_read_as_every_other_record() {
        for text in [
            // A negative number, then an integer beyond i64 (2^63): text,
            // but only when the negative one was an integer.
            "-2\n9223372036854775808\n",
            "-2.5\n9223372036854775808\n",
            "-0\n9223372036854775808\n",
            "1,nan\n-3,4.5\n7,8",
            "1,2\n3\n",
            "1,2,3\n",
            "1,2\n3,\n",
            "1,2\r\n3,4\r\n",
            "1,x\n2,3\n4,5\n",
            "1, 2\n",
        ] {
            for width in 1..4 {
                assert_eq!(
                    outcome(parse_plain, text.as_bytes(), b',', width),
                    outcome(parse_quoted, text.as_bytes(), b',', width),
                    "{text:?} in {width} column(s)"
                );
            }
        }
    }

    #[test]
    fn quoted_fields_go_through_csv_core() {
        let mut columns = two();
        assert_eq!(
            parse(b"\"1,5\",2\n3,\"4\"\n", 0, b','.into(), &mut columns),
            Ok(2)
        );
        let [first, second] = <[ColumnBuilder; 2]>::try_from(columns).expect("two columns");
        assert!(first.is_text());
        assert_eq!(second.finish(), (Inferred::Int, vec![2.0, 4.0]));
    }

    #[test]
    fn errors_carry_absolute_record_offsets() {
        assert_eq!(
            parse(b"1,2\n3\n", 100, b','.into(), &mut two()),
            Err(BlockError::FieldCount {
                record: 104,
                found: 1
            })
        );
        assert_eq!(
            parse(b"1,\xff\n", 10, b','.into(), &mut two()),
            Err(BlockError::InvalidUtf8 { record: 10 })
        );
    }
}
