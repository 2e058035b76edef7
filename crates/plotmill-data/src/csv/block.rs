//! Parsing one block of whole records into column builders.

use csv_core::ReadRecordResult;

use super::infer::{self, Cell, ColumnBuilder};

/// Why a block could not be parsed, at which record (absolute byte offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockError {
    FieldCount { record: u64, found: usize },
    InvalidUtf8 { record: u64 },
}

/// Parses `bytes` (whole records, starting at absolute offset `base`) into
/// `columns`, one field per column and row; returns the number of rows. A
/// column already known to be text needs its cells checked for UTF-8 only.
pub(crate) fn parse(
    bytes: &[u8],
    base: u64,
    delimiter: u8,
    columns: &mut [ColumnBuilder],
) -> Result<u64, BlockError> {
    let width = columns.len();
    // csv-core straight on the block: no copy through a buffered reader.
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut fields = vec![0u8; 4096];
    let mut ends = vec![0usize; width + 1];
    let mut pos = 0;
    let mut rows = 0;
    loop {
        let start = pos;
        let (mut len, mut count) = (0, 0);
        loop {
            let (result, read, written, ended) =
                reader.read_record(&bytes[pos..], &mut fields[len..], &mut ends[count..]);
            pos += read;
            len += written;
            count += ended;
            match result {
                // All input taken: the next call, with none, flushes the end.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => fields.resize(fields.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(rows),
            }
        }
        let record = Record {
            fields: &fields[..len],
            ends: &ends[..count],
        };
        if record.is_blank() {
            continue;
        }
        let at = base + start as u64;
        if count != width {
            return Err(BlockError::FieldCount {
                record: at,
                found: count,
            });
        }
        for (column, field) in columns.iter_mut().zip(record.iter()) {
            let cell = if column.is_text() {
                Cell::Text
            } else {
                infer::classify(field)
            };
            if cell == Cell::Text && std::str::from_utf8(field).is_err() {
                return Err(BlockError::InvalidUtf8 { record: at });
            }
            column.push(cell);
        }
        rows += 1;
    }
}

/// One record as csv-core leaves it: the fields' bytes end to end, and where
/// each field ends.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    pub(crate) fields: &'a [u8],
    pub(crate) ends: &'a [usize],
}

impl<'a> Record<'a> {
    pub(crate) fn iter(self) -> impl Iterator<Item = &'a [u8]> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let field = &self.fields[start..end];
            start = end;
            field
        })
    }

    /// pandas skips lines that hold only white space.
    pub(crate) fn is_blank(self) -> bool {
        self.ends.len() == 1
            && !self.fields.is_empty()
            && self.fields.iter().all(u8::is_ascii_whitespace)
    }
}

/// Whether a record read by the `csv` crate is a blank line to skip.
pub(crate) fn is_blank(record: &csv::ByteRecord) -> bool {
    record.len() == 1 && !record[0].is_empty() && record[0].iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> Vec<ColumnBuilder> {
        vec![ColumnBuilder::default(), ColumnBuilder::default()]
    }

    #[test]
    fn parses_rows_and_skips_blank_lines() {
        let mut columns = two();
        assert_eq!(parse(b"1,2\n\n  \n3,x\n", 0, b',', &mut columns), Ok(2));
        assert!(columns[1].is_text());
    }

    #[test]
    fn errors_carry_absolute_record_offsets() {
        assert_eq!(
            parse(b"1,2\n3\n", 100, b',', &mut two()),
            Err(BlockError::FieldCount {
                record: 104,
                found: 1
            })
        );
        assert_eq!(
            parse(b"1,\xff\n", 10, b',', &mut two()),
            Err(BlockError::InvalidUtf8 { record: 10 })
        );
    }
}
