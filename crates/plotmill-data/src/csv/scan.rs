//! Second looks at the raw bytes, taken only when something went wrong: where
//! a quote opened that never closed, and where the first invalid UTF-8 byte is.
//!
//! The CSV parser reads an unclosed quote to the end of the input without
//! complaint and hands back field contents without their raw offsets, so these
//! scans re-read the raw input from the start of the record in question.

use std::io::{self, BufRead};

/// A place in the raw input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    /// 1-based line.
    pub(crate) line: u64,
    /// 1-based character column on that line.
    pub(crate) column: u64,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Follows RFC 4180 quoting (as the `csv` crate parses it) from a record
/// start to the end of the input; returns where a quote opened that is still
/// open at the end.
pub(crate) fn unclosed_quote(
    mut input: impl BufRead,
    delimiter: u8,
    first_line: u64,
) -> io::Result<Option<Place>> {
    let mut state = State::FieldStart;
    let mut here = Place {
        line: first_line,
        column: 1,
    };
    let mut opened = here;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        for &b in buf {
            state = match (state, b) {
                (State::FieldStart, b'"') => {
                    opened = here;
                    State::Quoted
                }
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (_, b'\n' | b'\r') => State::FieldStart,
                (_, d) if d == delimiter => State::FieldStart,
                (State::FieldStart | State::Unquoted | State::QuoteInQuoted, _) => State::Unquoted,
            };
            if b == b'\n' {
                here.line += 1;
                here.column = 1;
            } else if b & 0xC0 != 0x80 {
                // Count characters, not UTF-8 continuation bytes.
                here.column += 1;
            }
        }
        let n = buf.len();
        input.consume(n);
    }
    Ok((state == State::Quoted).then_some(opened))
}

/// The offset (from the start of `input`) and line of the first byte that is
/// not valid UTF-8, if any.
pub(crate) fn invalid_utf8(
    mut input: impl BufRead,
    first_line: u64,
) -> io::Result<Option<(u64, u64)>> {
    let mut offset = 0u64;
    let mut line = first_line;
    // Bytes of a character split across two buffer fills.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            // A character cut off by the end of the input is invalid too.
            return Ok((!carry.is_empty()).then_some((offset, line)));
        }
        let n = buf.len();
        carry.extend_from_slice(buf);
        input.consume(n);
        let (valid, bad) = match std::str::from_utf8(&carry) {
            Ok(_) => (carry.len(), false),
            Err(e) => match e.error_len() {
                Some(_) => (e.valid_up_to(), true),
                None => (e.valid_up_to(), false),
            },
        };
        line += memchr_count(&carry[..valid]);
        offset += valid as u64;
        if bad {
            return Ok(Some((offset, line)));
        }
        carry.drain(..valid);
    }
}

fn memchr_count(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(s: &str) -> Option<(u64, u64)> {
        unclosed_quote(s.as_bytes(), b',', 1)
            .unwrap()
            .map(|p| (p.line, p.column))
    }

    #[test]
    fn finds_the_quote_that_never_closes() {
        assert_eq!(quote("a,\"b\nc,d\n"), Some((1, 3)));
        assert_eq!(quote("x\n1,\"ok\"\n\"é,open"), Some((3, 1)));
        assert_eq!(quote("é,\"x"), Some((1, 3)));
    }

    #[test]
    fn closed_and_literal_quotes_are_fine() {
        assert_eq!(quote("a,\"b\"\"c\"\n"), None);
        assert_eq!(quote("a,b\"c\n"), None);
        assert_eq!(quote("\"a\nb\",c\n"), None);
        assert_eq!(quote("\"a\"b,c"), None);
    }

    #[test]
    fn finds_invalid_utf8_across_buffer_fills() {
        let bytes = b"ok\n\xc3\xa9\n\xff";
        assert_eq!(invalid_utf8(&bytes[..], 1).unwrap(), Some((6, 3)));
        // A two-byte character split by a 1-byte buffer is still valid.
        let reader = io::BufReader::with_capacity(1, &b"\xc3\xa9\xc3"[..]);
        assert_eq!(invalid_utf8(reader, 1).unwrap(), Some((2, 1)));
        assert_eq!(invalid_utf8("日本\n".as_bytes(), 1).unwrap(), None);
    }
}
