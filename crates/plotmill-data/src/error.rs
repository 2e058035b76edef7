//! Errors of the CSV reader.

use std::fmt;
use std::path::PathBuf;

/// Where a table was read from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// Bytes handed over in memory (a test, an HTTP body, a Python object).
    Memory,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Stdin => f.write_str("<stdin>"),
            Origin::Memory => f.write_str("<memory>"),
        }
    }
}

/// A CSV input that could not be read into a [`Table`](crate::Table).
///
/// The message names the input, and the line (1-based, as an editor counts
/// lines) where that applies, and ends with what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct ReadError {
    /// The input that failed.
    pub origin: Origin,
    /// What went wrong, and where in the input. Its message is part of this
    /// error's, so it is not also given as the error's source.
    pub kind: ReadErrorKind,
}

/// What went wrong while reading a CSV input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(std::io::Error),
    /// The path names a directory.
    #[error("is a directory; give the path of a CSV file inside it")]
    IsDirectory,
    /// No header line at all: zero bytes, or only blank lines.
    #[error("the file is empty; a CSV file needs a header line and at least one row")]
    Empty,
    /// A header line but not a single data row.
    #[error(
        "line {line}: the header names {columns} column(s) but no data row follows; add rows, or check that the file was written completely"
    )]
    NoRows {
        /// The header's line.
        line: u64,
        /// How many columns the header names.
        columns: usize,
    },
    /// A row with more or fewer fields than the header.
    #[error(
        "line {line}: expected {expected} field(s) as in the header, found {found}; quote fields that contain the delimiter '{delimiter}', or give the delimiter if the file uses another one"
    )]
    FieldCount {
        /// The row's first line.
        line: u64,
        /// Fields in the header (or in the first row, without a header).
        expected: usize,
        /// Fields in this row.
        found: usize,
        /// The delimiter in use, for the hint.
        delimiter: char,
    },
    /// A quoted field whose closing quote never comes.
    #[error(
        "line {line}, column {column}: a quoted field opens here and is never closed; close it with '\"' (write a quote inside a quoted field as '\"\"')"
    )]
    UnterminatedQuote {
        /// The line of the opening quote.
        line: u64,
        /// 1-based character column of the opening quote on that line.
        column: u64,
    },
    /// Bytes that are not UTF-8.
    #[error(
        "line {line}: invalid UTF-8 at byte offset {offset}; re-save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)"
    )]
    InvalidUtf8 {
        /// 0-based byte offset of the first invalid byte, from the start of the input.
        offset: u64,
        /// The line that holds it.
        line: u64,
    },
}

impl From<std::io::Error> for ReadErrorKind {
    fn from(e: std::io::Error) -> Self {
        ReadErrorKind::Io(e)
    }
}
