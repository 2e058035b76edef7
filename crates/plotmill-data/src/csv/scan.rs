//! A second look at the raw bytes, taken only when something went wrong: where
//! the first invalid UTF-8 byte is. The CSV parser hands back field contents
//! without their raw offsets, so this re-reads the raw input from the start of
//! the record in question.

use std::io::{self, BufRead};

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
