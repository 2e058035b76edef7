//! What one CSV cell is, and what type a column of such cells has, following
//! pandas' `read_csv` type inference.

/// pandas' default missing-value spellings (`na_values`), matched exactly:
/// no trimming, case as written.
const MISSING: [&[u8]; 19] = [
    b"",
    b"#N/A",
    b"#N/A N/A",
    b"#NA",
    b"-1.#IND",
    b"-1.#QNAN",
    b"-NaN",
    b"-nan",
    b"1.#IND",
    b"1.#QNAN",
    b"<NA>",
    b"N/A",
    b"NA",
    b"NULL",
    b"NaN",
    b"None",
    b"n/a",
    b"nan",
    b"null",
];

/// The spellings `read_csv` accepts as booleans (`true_values`/`false_values`).
const TRUE: [&[u8]; 3] = [b"True", b"TRUE", b"true"];
const FALSE: [&[u8]; 3] = [b"False", b"FALSE", b"false"];

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell {
    Missing,
    /// An integer that fits `i64`.
    Int(f64),
    /// A non-negative integer above `i64::MAX` that fits `u64`.
    BigUnsigned(f64),
    /// A number with a fraction, an exponent, or infinity.
    Float(f64),
    Bool(bool),
    /// Anything else, including integers beyond `u64`/`i64`.
    Text,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if !is_space(*first) {
            break;
        }
        s = rest;
    }
    while let [rest @ .., last] = s {
        if !is_space(*last) {
            break;
        }
        s = rest;
    }
    s
}

/// Classifies one raw cell.
pub(crate) fn classify(raw: &[u8]) -> Cell {
    // Numbers first: they are what large files are made of.
    let s = trim(raw);
    if starts_number(s)
        && let Ok(v) = fast_float2::parse::<f64, _>(s)
        // fast-float also reads "nan"; pandas reads only its missing
        // spellings (checked below) as NaN and anything else as text.
        && !v.is_nan()
    {
        return number(s, v);
    }
    if raw.len() <= 8 && MISSING.contains(&raw) {
        return Cell::Missing;
    }
    if TRUE.contains(&raw) {
        return Cell::Bool(true);
    }
    if FALSE.contains(&raw) {
        return Cell::Bool(false);
    }
    Cell::Text
}

/// Classifies one raw cell whose numbers use `decimal` as their decimal mark
/// (pandas' `decimal=`): `3,14` is 3.14 with `,`; a `.` then makes a cell
/// text, as in pandas.
pub(crate) fn classify_with_decimal(raw: &[u8], decimal: u8) -> Cell {
    if decimal == b'.' {
        return classify(raw);
    }
    if !raw.contains(&decimal) {
        return match classify(raw) {
            Cell::Float(_) if raw.contains(&b'.') => Cell::Text,
            cell => cell,
        };
    }
    if raw.contains(&b'.') {
        return Cell::Text;
    }
    // Numbers are short: swap the mark in a stack copy.
    let mut buf = [0u8; 64];
    let Some(copy) = buf.get_mut(..raw.len()) else {
        return Cell::Text;
    };
    for (to, &from) in copy.iter_mut().zip(raw) {
        *to = if from == decimal { b'.' } else { from };
    }
    match classify(copy) {
        cell @ (Cell::Float(_) | Cell::Int(_)) => cell,
        // "1,2,3" is no number; neither is a mark inside a word.
        _ => Cell::Text,
    }
}

/// Whether `s` can be a number (and is worth a float parse).
pub(crate) fn starts_number(s: &[u8]) -> bool {
    s.first()
        .is_some_and(|&b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'i' | b'I'))
}

/// The powers of ten an `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The number at the start of `s` and its length, when it is written
/// plainly (`[+-]digits[.digits][(e|E)[+-]digits]`, the way numeric files
/// are) and its value takes one correctly rounded step: its digits make an
/// integer below 2^53 and the power of ten is one an `f64` holds exactly
/// (Clinger's fast path). That value is then the one every correct parser
/// finds, so this is a shortcut, not another reading. Also whether it is
/// an integer (no fraction, no exponent). `None` for anything else: the
/// caller reads it the long way.
#[inline(always)]
pub(crate) fn plain_number(s: &[u8]) -> Option<(f64, bool, usize)> {
    // Without branches: the sign is a coin flip in most numeric files.
    let first = s.first().copied().unwrap_or(0);
    let negative = first == b'-';
    let mut i = usize::from(negative || first == b'+');
    let start = i;
    let mut mantissa = 0u64;
    i = digits(s, i, &mut mantissa);
    let mut integer = true;
    let mut fraction = 0;
    if s.get(i) == Some(&b'.') {
        integer = false;
        i += 1;
        let from = i;
        i = digits(s, i, &mut mantissa);
        fraction = i - from;
    }
    // Nineteen digits cannot overflow the u64.
    let count = i - start - usize::from(!integer);
    if count == 0 || count > 19 || mantissa >= 1 << 53 {
        return None;
    }
    let mut exponent = -(fraction as i32);
    if matches!(s.get(i), Some(b'e' | b'E')) {
        integer = false;
        i += 1;
        let sign = match s.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let from = i;
        let mut e = 0u64;
        i = digits(s, i, &mut e);
        // One to four digits (more could wrap `e`; none of them is plain).
        if i == from || i - from > 4 {
            return None;
        }
        exponent += sign * e as i32;
    }
    let m = mantissa as f64;
    let v = match exponent {
        0 => m,
        1..=22 => m * EXACT_POWERS_OF_TEN[exponent as usize],
        -22..=-1 => m / EXACT_POWERS_OF_TEN[exponent.unsigned_abs() as usize],
        _ => return None,
    };
    // `v` is not negative, so setting the sign bit is `-v` (0 becoming -0).
    Some((
        f64::from_bits(v.to_bits() | u64::from(negative) << 63),
        integer,
        i,
    ))
}

/// Appends the decimal digits at `s[i..]` to `mantissa` (wrapping: the
/// caller bounds how many count); returns where they end. Eight bytes at a
/// time where the slice has them: which lead with digits is found for all
/// eight at once, and up to eight digits become a number in three
/// multiplications (the digits as one 64-bit word, pairs, then fours).
#[inline(always)]
fn digits(s: &[u8], mut i: usize, mantissa: &mut u64) -> usize {
    const ZEROS: u64 = u64::from_le_bytes([b'0'; 8]);
    const HIGH: u64 = u64::from_le_bytes([0xf0; 8]);
    const SIX: u64 = u64::from_le_bytes([6; 8]);
    while let Some(word) = s.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*word);
        // A byte is a digit when it and it plus six both start with 0x3
        // (a carry out of a byte ≥ 0xfa only disturbs bytes after it).
        let off = ((x & HIGH) ^ ZEROS) | ((x.wrapping_add(SIX) & HIGH) ^ ZEROS);
        let count = (off.trailing_zeros() / 8) as usize;
        if count == 0 {
            return i;
        }
        // The digits' values at the word's top (its last bytes): the zeros
        // shifted in below them are leading zeros.
        let v = (x.wrapping_sub(ZEROS)) << (8 * (8 - count));
        let v = (v.wrapping_mul(10)).wrapping_add(v >> 8);
        let v = ((v & 0x0000_00ff_0000_00ff)
            .wrapping_mul(100 + (1_000_000 << 32))
            .wrapping_add(((v >> 16) & 0x0000_00ff_0000_00ff).wrapping_mul(1 + (10_000 << 32))))
            >> 32;
        *mantissa = mantissa.wrapping_mul(POWERS_OF_TEN[count]).wrapping_add(v);
        i += count;
        if count < 8 {
            return i;
        }
    }
    while let Some(d) = s.get(i).map(|b| b.wrapping_sub(b'0')).filter(|&d| d <= 9) {
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        i += 1;
    }
    i
}

/// 10^0 ..= 10^8 as integers.
const POWERS_OF_TEN: [u64; 9] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
];

/// The cell of `s`, a number (not NaN) that reads as `v`: an integer when
/// its digits say so, else a float.
pub(crate) fn number(s: &[u8], v: f64) -> Cell {
    integer(s).unwrap_or(Cell::Float(v))
}

/// An optionally signed run of ASCII digits, classified by range as pandas
/// does (`int64`, then `uint64`, else text); `None` if `s` is not of that form.
fn integer(s: &[u8]) -> Option<Cell> {
    let (negative, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if digits.len() <= 18 {
        // Fits i64 whatever the digits; exact in u64 arithmetic.
        let magnitude = digits
            .iter()
            .fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0'));
        // `as` is exact below 2^53 and rounds to nearest above, like pandas'
        // int64 -> float64 conversion.
        let v = magnitude as f64;
        return Some(Cell::Int(if negative { -v } else { v }));
    }
    let significant = {
        let start = digits
            .iter()
            .position(|&d| d != b'0')
            .unwrap_or(digits.len());
        &digits[start..]
    };
    if significant.len() > 20 {
        return Some(Cell::Text);
    }
    let magnitude = significant
        .iter()
        .fold(0u128, |acc, d| acc * 10 + u128::from(d - b'0'));
    Some(if negative {
        if magnitude <= 1u128 << 63 {
            Cell::Int(-(magnitude as f64))
        } else {
            Cell::Text
        }
    } else if magnitude <= i64::MAX as u128 {
        Cell::Int(magnitude as f64)
    } else if magnitude <= u128::from(u64::MAX) {
        Cell::BigUnsigned(magnitude as f64)
    } else {
        Cell::Text
    })
}

/// The type a column settles on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inferred {
    Int,
    Float,
    Bool,
    Text,
}

/// A column's cells as labels, when asked to keep them: each cell's level
/// (in order of first appearance) or missing.
#[derive(Debug, Default)]
pub(crate) struct LabelBuilder {
    index: std::collections::HashMap<Box<[u8]>, u32>,
    pub(crate) levels: Vec<String>,
    pub(crate) codes: Vec<u32>,
}

impl LabelBuilder {
    /// The code of a missing cell.
    pub(crate) const MISSING: u32 = u32::MAX;

    fn clear(&mut self) {
        self.index.clear();
        self.levels.clear();
        self.codes.clear();
    }

    /// The code of a level, added if new.
    fn code(&mut self, level: &[u8]) -> u32 {
        if let Some(&code) = self.index.get(level) {
            return code;
        }
        let code = self.levels.len() as u32;
        self.index.insert(level.into(), code);
        // Cells are checked for UTF-8 before they get here; a lossy
        // reading is only a guard.
        self.levels
            .push(String::from_utf8_lossy(level).into_owned());
        code
    }

    /// Appends one raw cell: pandas' missing spellings are missing, any
    /// other cell a level as written.
    fn push(&mut self, raw: &[u8]) {
        let code = if raw.len() <= 8 && MISSING.contains(&raw) {
            Self::MISSING
        } else {
            self.code(raw)
        };
        self.codes.push(code);
    }

    /// Appends a later block's cells, its levels renumbered into these.
    fn append(&mut self, later: &LabelBuilder) {
        let map: Vec<u32> = later
            .levels
            .iter()
            .map(|l| self.code(l.as_bytes()))
            .collect();
        self.codes.extend(later.codes.iter().map(|&c| {
            if c == Self::MISSING {
                c
            } else {
                map[c as usize]
            }
        }));
    }
}

/// A column being read: its values so far and what its cells were.
#[derive(Debug, Default)]
pub(crate) struct ColumnBuilder {
    /// Its cells as labels too, when asked for.
    labels: Option<LabelBuilder>,
    values: Vec<f64>,
    int: bool,
    float: bool,
    boolean: bool,
    missing: bool,
    big_unsigned: bool,
    negative_int: bool,
    text: bool,
}

impl ColumnBuilder {
    /// Empties the builder, keeping its memory; `text` starts it as a known
    /// text column, `labels` keeps its cells as labels too.
    pub(crate) fn reset(&mut self, text: bool, labels: bool) {
        let mut values = std::mem::take(&mut self.values);
        values.clear();
        let labels = labels.then(|| {
            let mut l = self.labels.take().unwrap_or_default();
            l.clear();
            l
        });
        *self = ColumnBuilder {
            labels,
            values,
            text,
            ..ColumnBuilder::default()
        };
    }

    /// A builder that keeps its cells as labels too.
    pub(crate) fn with_labels() -> Self {
        ColumnBuilder {
            labels: Some(LabelBuilder::default()),
            ..ColumnBuilder::default()
        }
    }

    /// Whether it keeps its cells as labels.
    pub(crate) fn keeps_labels(&self) -> bool {
        self.labels.is_some()
    }

    /// Records one raw cell as a label (when it keeps labels).
    pub(crate) fn push_label(&mut self, raw: &[u8]) {
        if let Some(l) = &mut self.labels {
            l.push(raw);
        }
    }

    /// The labels kept, taken out of the builder.
    pub(crate) fn take_labels(&mut self) -> Option<LabelBuilder> {
        self.labels.take()
    }

    /// Appends the cells of a later block of rows. What a column's cells were
    /// decides its type whatever their order, so blocks can be parsed apart.
    pub(crate) fn append(&mut self, later: &ColumnBuilder) {
        if let (Some(mine), Some(theirs)) = (&mut self.labels, &later.labels) {
            mine.append(theirs);
        }
        self.int |= later.int;
        self.float |= later.float;
        self.boolean |= later.boolean;
        self.missing |= later.missing;
        self.big_unsigned |= later.big_unsigned;
        self.negative_int |= later.negative_int;
        let mixed = self.boolean && (self.int || self.float || self.missing);
        if self.text || later.text || mixed || (self.big_unsigned && self.negative_int) {
            self.become_text();
        } else {
            self.values.extend_from_slice(&later.values);
        }
    }

    /// Whether the column is already known to be text (its cells need no
    /// classifying any more).
    pub(crate) fn is_text(&self) -> bool {
        self.text
    }

    pub(crate) fn reserve(&mut self, additional: usize) {
        if !self.text {
            self.values.reserve_exact(additional);
        }
    }

    fn become_text(&mut self) {
        self.text = true;
        self.values = Vec::new();
    }

    /// [`ColumnBuilder::push`] of `Cell::Int(v)` (when `integer`) or
    /// `Cell::Float(v)`, then [`ColumnBuilder::push_label`] of `raw`; short
    /// for a numeric column, the common case.
    #[inline(always)]
    pub(crate) fn push_number(&mut self, v: f64, integer: bool, raw: &[u8]) {
        if self.takes_plain() {
            self.push_plain(v, integer);
        } else {
            self.push(if integer {
                Cell::Int(v)
            } else {
                Cell::Float(v)
            });
            self.push_label(raw);
        }
    }

    /// Whether [`ColumnBuilder::push_plain`] may take this column's numbers:
    /// it is not text, boolean or beyond `i64`, and keeps no labels.
    pub(crate) fn takes_plain(&self) -> bool {
        !(self.text || self.boolean || self.big_unsigned || self.labels.is_some())
    }

    /// [`ColumnBuilder::push_number`] for a column that
    /// [takes plain numbers](ColumnBuilder::takes_plain), without asking.
    #[inline(always)]
    pub(crate) fn push_plain(&mut self, v: f64, integer: bool) {
        self.int |= integer;
        self.negative_int |= integer & (v < 0.0);
        self.float |= !integer;
        self.values.push(v);
    }

    pub(crate) fn push(&mut self, cell: Cell) {
        if self.text {
            return;
        }
        let value = match cell {
            Cell::Missing => {
                if self.boolean {
                    // pandas makes a boolean column with gaps `object`.
                    return self.become_text();
                }
                self.missing = true;
                f64::NAN
            }
            Cell::Bool(b) => {
                if self.int || self.float || self.missing {
                    return self.become_text();
                }
                self.boolean = true;
                if b { 1.0 } else { 0.0 }
            }
            Cell::Int(v) | Cell::BigUnsigned(v) => {
                if self.boolean {
                    return self.become_text();
                }
                self.int = true;
                if matches!(cell, Cell::BigUnsigned(_)) {
                    self.big_unsigned = true;
                } else if v < 0.0 {
                    self.negative_int = true;
                }
                if self.big_unsigned && self.negative_int {
                    // Neither int64 nor uint64 holds both: pandas gives `object`.
                    return self.become_text();
                }
                v
            }
            Cell::Float(v) => {
                if self.boolean {
                    return self.become_text();
                }
                self.float = true;
                v
            }
            Cell::Text => return self.become_text(),
        };
        self.values.push(value);
    }

    /// The column's type and values (empty for text).
    pub(crate) fn finish(mut self) -> (Inferred, Vec<f64>) {
        let kind = if self.text {
            Inferred::Text
        } else if self.boolean {
            Inferred::Bool
        } else if self.int && !self.float {
            Inferred::Int
        } else {
            Inferred::Float
        };
        self.values.shrink_to_fit();
        (kind, self.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(cells: &[&str]) -> Inferred {
        let mut b = ColumnBuilder::default();
        for c in cells {
            b.push(classify(c.as_bytes()));
        }
        b.finish().0
    }

    #[test]
    fn numbers_as_pandas_reads_them() {
        // Each checked against pandas 3.1 read_csv.
        for (s, v) in [
            (" 1.5", 1.5),
            ("1.5 ", 1.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e5", 1e5),
            ("1e400", f64::INFINITY),
            ("Inf", f64::INFINITY),
            ("iNf", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("+inf", f64::INFINITY),
        ] {
            assert_eq!(classify(s.as_bytes()), Cell::Float(v), "{s:?}");
        }
        assert_eq!(classify(b"+1"), Cell::Int(1.0));
        assert_eq!(classify(b"00012"), Cell::Int(12.0));
        assert_eq!(classify(b"-0"), Cell::Int(-0.0));
        assert_eq!(
            classify(b"18446744073709551615"),
            Cell::BigUnsigned(18446744073709551615u64 as f64)
        );
        assert_eq!(
            classify(b"-9223372036854775808"),
            Cell::Int(-9223372036854775808.0)
        );
    }

    /// `plain_number`'s cell for `s`, as `classify` would make it.
    fn plain(s: &str) -> Option<(Cell, usize)> {
        plain_number(s.as_bytes()).map(|(v, integer, n)| {
            (
                if integer {
                    Cell::Int(v)
                } else {
                    Cell::Float(v)
                },
                n,
            )
        })
    }

    #[test]
    fn plain_numbers_read_as_the_long_way_reads_them() {
        for s in [
            "0",
            "-0",
            "+7",
            "12",
            "0.5",
            ".5",
            "5.",
            "-0.123457",
            "1.23457e-05",
            "9.99999E+22",
            "123456789012",
            "1234567.875",
            "00000000000000012",
            "4.5e0",
            "7e22",
            "7e-22",
            "1e0022",
            "9007199254740991",
            "0.000000000000000001",
        ] {
            let cell = classify(s.as_bytes());
            assert_eq!(plain(s), Some((cell, s.len())), "{s:?}");
        }
        // Beyond the shortcut: the long way reads these.
        for s in [
            "",
            "-",
            ".",
            "e5",
            "1e",
            "1e-",
            "1e99999",
            "1e00001",
            "9007199254740993",
            "1e23",
            "12345678901234567890",
            "inf",
            "nan",
            "1.5.",
            "0x10",
        ] {
            let short = plain(s);
            assert!(
                short.is_none_or(|(_, n)| n < s.len()),
                "{s:?} read as {short:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        /// Every number the shortcut reads (of any length, as `%g`, `%e`,
        /// fixed or integer) is the value and the kind `classify` gives.
        #[test]
        fn the_shortcut_is_exact(
            mantissa in 0u64..(1 << 53),
            scale in -30i32..30,
            digits in 1usize..18,
            style in 0u8..4,
            tail in proptest::sample::select(vec!["", ",", "\n", ",7", "x"]),
        ) {
            let v = mantissa as f64 * 10f64.powi(scale);
            let text = match style {
                0 => format!("{v:.digits$e}"),
                1 => format!("{:.*}", digits.min(8), v / 10f64.powi(scale + 15)),
                2 => format!("{}", mantissa % 1_000_000_000_000),
                _ => format!("-{:.*}", digits, (v / 10f64.powi(scale + 16)).fract()),
            };
            let with_tail = format!("{text}{tail}");
            let short = plain(&with_tail);
            // Integers below 10^12 and up to 16 digits in all are always
            // within the shortcut.
            let power = text
                .split_once('e')
                .and_then(|(_, e)| e.parse::<i32>().ok())
                .map_or(99, |e| e - digits as i32);
            if style == 2 || (style == 0 && digits < 15 && power.abs() <= 22) {
                proptest::prop_assert!(short.is_some(), "{}", with_tail);
            }
            if let Some((cell, n)) = short {
                proptest::prop_assert_eq!(n, text.len(), "{}", with_tail);
                proptest::prop_assert_eq!(cell, classify(text.as_bytes()), "{}", text);
            }
        }
    }

    #[test]
    fn text_as_pandas_reads_it() {
        for s in [
            "NAN",
            "nan ",
            "NaN ",
            "+nan",
            "1_000",
            "0x10",
            "1,5",
            "1.5e",
            "1d5",
            "١٢",
            "1.#INF",
            " ",
            "-",
            ".",
            "T",
            "yes",
            "123456789012345678901234",
            "-9223372036854775809",
        ] {
            assert_eq!(classify(s.as_bytes()), Cell::Text, "{s:?}");
        }
    }

    #[test]
    fn missing_spellings_are_exact() {
        for s in MISSING {
            assert_eq!(
                classify(s),
                Cell::Missing,
                "{:?}",
                String::from_utf8_lossy(s)
            );
        }
        assert_eq!(classify(b"NA "), Cell::Text);
    }

    #[test]
    fn column_types() {
        assert_eq!(kind_of(&["1", "2"]), Inferred::Int);
        assert_eq!(kind_of(&["1", "", "2"]), Inferred::Int);
        assert_eq!(kind_of(&["1", "2.5"]), Inferred::Float);
        assert_eq!(kind_of(&["", "NA"]), Inferred::Float);
        assert_eq!(kind_of(&["True", "false"]), Inferred::Bool);
        assert_eq!(kind_of(&["True", "NA", "false"]), Inferred::Text);
        assert_eq!(kind_of(&["TRUE", "1"]), Inferred::Text);
        assert_eq!(kind_of(&["1", "x", "2"]), Inferred::Text);
        assert_eq!(kind_of(&["18446744073709551615", "-1"]), Inferred::Text);
        assert_eq!(kind_of(&["9223372036854775808", "1"]), Inferred::Int);
    }

    #[test]
    fn appending_blocks_types_as_one_column() {
        let build = |cells: &[&str]| {
            let mut b = ColumnBuilder::default();
            for c in cells {
                b.push(classify(c.as_bytes()));
            }
            b
        };
        for (first, second, kind) in [
            (&["1", "2"][..], &["3.5"][..], Inferred::Float),
            (&["True"], &["NA"], Inferred::Text),
            (&["NA"], &["True"], Inferred::Text),
            (&["True"], &["false"], Inferred::Bool),
            (&["18446744073709551615"], &["-1"], Inferred::Text),
            (&["1"], &["x"], Inferred::Text),
        ] {
            let mut a = build(first);
            a.append(&build(second));
            let whole: Vec<&str> = first.iter().chain(second).copied().collect();
            assert_eq!(a.finish().0, kind, "{first:?} + {second:?}");
            assert_eq!(kind_of(&whole), kind, "{whole:?}");
        }
        let mut a = build(&["1", ""]);
        a.append(&build(&["2"]));
        let (_, values) = a.finish();
        assert_eq!(values.len(), 3);
        assert!(values[1].is_nan() && values[2] == 2.0);
    }

    #[test]
    fn booleans_count_as_one_and_zero() {
        let mut b = ColumnBuilder::default();
        for c in ["True", "False", "TRUE"] {
            b.push(classify(c.as_bytes()));
        }
        assert_eq!(b.finish(), (Inferred::Bool, vec![1.0, 0.0, 1.0]));
    }
}
