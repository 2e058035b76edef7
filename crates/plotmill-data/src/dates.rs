//! Date and datetime cells read as time values, as pandas' `parse_dates`
//! reads ISO 8601: `2012-01-01`, `2012-01-01 13:45`, `2012-01-01T13:45:30`,
//! fractions of a second to the microsecond, and a `Z` or `±HH:MM`
//! offset, which is converted to UTC (times without one are taken as UTC,
//! as a naive pandas timestamp is drawn by matplotlib).
//!
//! A time value is matplotlib's date number: days since
//! 1970-01-01T00:00 UTC, as an `f64`.

use crate::Labels;

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn month_days(y: i64, m: i64) -> i64 {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads `n` ASCII digits at the front of `s`.
fn digits(s: &[u8], n: usize) -> Option<(i64, &[u8])> {
    if s.len() < n || !s[..n].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = s[..n]
        .iter()
        .fold(0i64, |a, &d| a * 10 + i64::from(d - b'0'));
    Some((v, &s[n..]))
}

/// An ISO 8601 date or datetime as days since 1970-01-01 UTC, to the
/// microsecond; `None` when `text` is not one (or names no real day).
pub fn parse_iso(text: &str) -> Option<f64> {
    let s = text.trim().as_bytes();
    let (year, s) = digits(s, 4)?;
    let s = s.strip_prefix(b"-")?;
    let (month, s) = digits(s, 2)?;
    let s = s.strip_prefix(b"-")?;
    let (day, mut s) = digits(s, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > month_days(year, month) {
        return None;
    }
    let mut us: i64 = 0;
    if let Some((&sep, rest)) = s.split_first()
        && (sep == b'T' || sep == b' ')
    {
        let (hour, r) = digits(rest, 2)?;
        let r = r.strip_prefix(b":")?;
        let (minute, mut r) = digits(r, 2)?;
        let mut second = 0;
        let mut micro = 0;
        if let Some(after) = r.strip_prefix(b":") {
            let (sec, after) = digits(after, 2)?;
            second = sec;
            r = after;
            if let Some(frac) = r.strip_prefix(b".") {
                let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
                if n == 0 || n > 9 {
                    return None;
                }
                // To the microsecond, as pandas' datetime64[us] keeps it
                // after matplotlib's conversion.
                let (f, after) = digits(frac, n)?;
                micro = if n <= 6 {
                    f * 10i64.pow((6 - n) as u32)
                } else {
                    f / 10i64.pow((n - 6) as u32)
                };
                r = after;
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        us = ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro;
        // An offset: the UTC time is the local time minus it.
        match r.split_first() {
            None => {}
            Some((b'Z', [])) => {}
            Some((&sign @ (b'+' | b'-'), off)) => {
                let (h, off) = digits(off, 2)?;
                let off = off.strip_prefix(b":").unwrap_or(off);
                let (m, off) = digits(off, 2)?;
                if !off.is_empty() || h > 23 || m > 59 {
                    return None;
                }
                let shift = (h * 60 + m) * 60 * 1_000_000;
                us -= if sign == b'+' { shift } else { -shift };
            }
            _ => return None,
        }
        s = &[];
    }
    if !s.is_empty() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days as f64 + us as f64 / 86_400_000_000.0)
}

/// A date and time in `format`, a strptime pattern (pandas'
/// `to_datetime(format=...)`): `%Y` (four digits), `%y` (two, 1969–2068
/// as Python reads them), `%m`, `%d`, `%H`, `%M`, `%S` (one or two
/// digits), `%f` (one to six digits of a second), `%%`, and other
/// characters as written. Days since 1970-01-01, taken as UTC; `None`
/// when `text` does not fit or names no real day or time.
pub fn parse_with(text: &str, format: &str) -> Option<f64> {
    let mut s = text.trim().as_bytes();
    let (mut year, mut month, mut day) = (None, 1, 1);
    let (mut hour, mut minute, mut second, mut micro) = (0, 0, 0, 0);
    let mut f = format.as_bytes();
    // Up to `max` digits (at least one).
    let number = |s: &mut &[u8], max: usize| -> Option<i64> {
        let n = s
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if n == 0 {
            return None;
        }
        let (v, rest) = digits(s, n)?;
        *s = rest;
        Some(v)
    };
    while let Some((&c, rest)) = f.split_first() {
        f = rest;
        if c != b'%' {
            s = s.strip_prefix(&[c][..])?;
            continue;
        }
        let (&spec, rest) = f.split_first()?;
        f = rest;
        match spec {
            b'Y' => {
                let (v, rest) = digits(s, 4)?;
                s = rest;
                year = Some(v);
            }
            b'y' => {
                let (v, rest) = digits(s, 2)?;
                s = rest;
                year = Some(if v < 69 { 2000 + v } else { 1900 + v });
            }
            b'm' => month = number(&mut s, 2)?,
            b'd' => day = number(&mut s, 2)?,
            b'H' => hour = number(&mut s, 2)?,
            b'M' => minute = number(&mut s, 2)?,
            b'S' => second = number(&mut s, 2)?,
            b'f' => {
                let n = s.iter().take(6).take_while(|c| c.is_ascii_digit()).count();
                let (v, rest) = digits(s, n.max(1))?;
                s = rest;
                micro = v * 10i64.pow((6 - n.max(1)) as u32);
            }
            b'%' => s = s.strip_prefix(b"%")?,
            _ => return None,
        }
    }
    let year = year?;
    if !s.is_empty()
        || !(1..=12).contains(&month)
        || day < 1
        || day > month_days(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let us = ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro;
    Some(days_from_civil(year, month, day) as f64 + us as f64 / 86_400_000_000.0)
}

/// A cell that is not a date, for an error: its row (0-based, the header
/// not counted) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotADate {
    /// The row.
    pub row: usize,
    /// What the cell holds.
    pub text: String,
}

/// A text column's cells as time values (NaN where missing), each distinct
/// text parsed once; the first cell that is not an ISO 8601 date when
/// there is one.
pub fn dates_of(labels: &Labels) -> Result<Vec<f64>, NotADate> {
    dates_in(labels, None)
}

/// As [`dates_of`], each cell read in `format` (see [`parse_with`]) when
/// one is given, else as ISO 8601.
pub fn dates_in(labels: &Labels, format: Option<&str>) -> Result<Vec<f64>, NotADate> {
    let parsed: Vec<Option<f64>> = labels
        .levels()
        .iter()
        .map(|l| match format {
            Some(f) => parse_with(l, f),
            None => parse_iso(l),
        })
        .collect();
    labels
        .codes()
        .iter()
        .enumerate()
        .map(|(row, &c)| {
            if c == Labels::MISSING {
                return Ok(f64::NAN);
            }
            parsed
                .get(c as usize)
                .copied()
                .flatten()
                .ok_or_else(|| NotADate {
                    row,
                    text: labels.levels().get(c as usize).cloned().unwrap_or_default(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_and_times_are_days_since_the_epoch() {
        assert_eq!(parse_iso("1970-01-01"), Some(0.0));
        assert_eq!(parse_iso("2012-01-01"), Some(15340.0));
        assert_eq!(parse_iso("2012-01-01T12:00"), Some(15340.5));
        assert_eq!(parse_iso("2012-01-01 06:00:00"), Some(15340.25));
        assert_eq!(parse_iso("2012-01-01T12:00:00Z"), Some(15340.5));
        assert_eq!(parse_iso("2012-01-01T14:00:00+02:00"), Some(15340.5));
        assert_eq!(parse_iso("2012-01-01T10:00:00-0200"), Some(15340.5));
        let half_second = parse_iso("1970-01-01T00:00:00.5").unwrap();
        assert!((half_second - 0.5 / 86_400.0).abs() < 1e-15);
        assert_eq!(parse_iso("2000-02-29"), Some(11016.0));
        for bad in [
            "2001-02-29",
            "2012-13-01",
            "2012-1-1",
            "12/01/2012",
            "2012-01-01T25:00",
            "x",
            "2012-01-01X",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_read_what_pandas_reads() {
        assert_eq!(
            parse_with("31/01/2012", "%d/%m/%Y"),
            parse_iso("2012-01-31")
        );
        assert_eq!(parse_with("1/2/12", "%m/%d/%y"), parse_iso("2012-01-02"));
        assert_eq!(parse_with("5/2/70", "%d/%m/%y"), parse_iso("1970-02-05"));
        assert_eq!(
            parse_with("2012.01.31 13h45 7.25", "%Y.%m.%d %Hh%M %S.%f"),
            parse_iso("2012-01-31T13:45:07.25")
        );
        assert_eq!(parse_with("31/02/2012", "%d/%m/%Y"), None);
        assert_eq!(parse_with("2012-01-31", "%d/%m/%Y"), None);
        assert_eq!(parse_with("31/01/2012 extra", "%d/%m/%Y"), None);
        assert_eq!(parse_with("31/01", "%d/%m"), None, "no year");
    }

    #[test]
    fn a_column_of_dates_names_its_first_bad_cell() {
        let l = Labels::new(
            "d",
            vec!["2012-01-01".into(), "soon".into()],
            vec![0, Labels::MISSING, 0, 1],
        );
        let e = dates_of(&l).unwrap_err();
        assert_eq!(
            e,
            NotADate {
                row: 3,
                text: "soon".into()
            }
        );
        let l = Labels::new("d", vec!["2012-01-02".into()], vec![0, Labels::MISSING]);
        let v = dates_of(&l).unwrap();
        assert_eq!(v[0], 15341.0);
        assert!(v[1].is_nan());
    }
}
