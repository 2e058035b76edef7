//! Cutting a CSV byte stream into blocks of whole records, so that blocks can
//! be parsed on several threads and each parse starts at a record start.
//!
//! A line end ends a record unless it is inside a quoted field. Blocks without
//! a quote character are cut at their last line end (found with `memrchr`
//! speed); blocks with quotes are followed byte by byte with the RFC 4180
//! states the CSV parser itself uses. The state carries over from block to
//! block, so each byte is looked at once.

/// Where the quoting rules stand after the bytes seen so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Finds record boundaries in a stream fed to it piece by piece.
#[derive(Debug)]
pub(crate) struct Splitter {
    delimiter: u8,
    state: State,
    /// Absolute offset of the quote that opened the current quoted field.
    opened_at: u64,
}

impl Splitter {
    pub(crate) fn new(delimiter: u8) -> Self {
        Splitter {
            delimiter,
            state: State::FieldStart,
            opened_at: 0,
        }
    }

    /// Follows `bytes`, which start at absolute offset `base` and continue
    /// the bytes seen before, and returns the index just past the last line
    /// end in them that ends a record, if there is one.
    pub(crate) fn feed(&mut self, bytes: &[u8], base: u64) -> Option<usize> {
        if self.state != State::Quoted && memchr::memchr(b'"', bytes).is_none() {
            let end = memchr::memrchr(b'\n', bytes);
            if let Some(&last) = bytes.last() {
                self.state = if last == b'\n' || last == b'\r' || last == self.delimiter {
                    State::FieldStart
                } else {
                    State::Unquoted
                };
            }
            return end.map(|i| i + 1);
        }
        let mut end = None;
        for (i, &b) in bytes.iter().enumerate() {
            self.state = match (self.state, b) {
                (State::FieldStart, b'"') => {
                    self.opened_at = base + i as u64;
                    State::Quoted
                }
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (_, b'\n') => {
                    end = Some(i + 1);
                    State::FieldStart
                }
                (_, b'\r') => State::FieldStart,
                (_, d) if d == self.delimiter => State::FieldStart,
                (State::FieldStart | State::Unquoted | State::QuoteInQuoted, _) => State::Unquoted,
            };
        }
        end
    }

    /// At the end of the input: the offset of a quote still open, if any.
    pub(crate) fn unclosed_quote(&self) -> Option<u64> {
        (self.state == State::Quoted).then_some(self.opened_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `parts` one after the other; returns the absolute cut points and
    /// the unclosed quote.
    fn cuts(parts: &[&str]) -> (Vec<u64>, Option<u64>) {
        let mut s = Splitter::new(b',');
        let mut base = 0;
        let mut out = Vec::new();
        for p in parts {
            if let Some(end) = s.feed(p.as_bytes(), base) {
                out.push(base + end as u64);
            }
            base += p.len() as u64;
        }
        (out, s.unclosed_quote())
    }

    #[test]
    fn cuts_at_the_last_line_end() {
        assert_eq!(cuts(&["a,b\n1,2\n3,"]), (vec![8], None));
        assert_eq!(cuts(&["a,b\r\n1,2\r\n"]), (vec![10], None));
        assert_eq!(cuts(&["no line end"]), (vec![], None));
    }

    #[test]
    fn line_ends_inside_quotes_do_not_end_records() {
        assert_eq!(cuts(&["a,\"x\ny\"\n1"]), (vec![8], None));
        assert_eq!(cuts(&["a,\"x\n", "y\"\"\n", "z\"\n"]), (vec![12], None));
        // A quote inside an unquoted field is a literal character.
        assert_eq!(cuts(&["ab\"c\n", "d\n"]), (vec![5, 7], None));
        // "a""b" then a line end.
        assert_eq!(cuts(&["\"a\"", "\"b\"\n"]), (vec![7], None));
    }

    #[test]
    fn reports_the_quote_left_open() {
        assert_eq!(cuts(&["a,b\n1,\"open\n", "more\n"]), (vec![4], Some(6)));
        assert_eq!(cuts(&["x\n", "\"", "never"]), (vec![2], Some(2)));
    }
}
