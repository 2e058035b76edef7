//! Python's format specification mini-language for numbers, the subset a
//! heatmap's `fmt` uses: `[sign][width][.precision][type]` with types
//! `g G f F e E % d` (and none, which acts as `g`).

use std::fmt::Write;

/// A parsed format spec such as `.2g`, `.2f`, `.1%`, `d`, `+.3e`, `8.2f`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberFormat {
    spec: String,
    sign: Sign,
    width: usize,
    precision: Option<usize>,
    kind: char,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    Minus,
    Plus,
    Space,
}

/// A format spec that is not one plotmill understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{spec}' is not a number format plotmill understands ({reason}); use Python's format specs such as .2g, .2f, .1%, d or .3e"
)]
pub struct FormatError {
    /// The spec given.
    pub spec: String,
    /// What is wrong with it.
    pub reason: String,
}

impl NumberFormat {
    /// Parses a spec.
    pub fn parse(spec: &str) -> Result<NumberFormat, FormatError> {
        let err = |reason: &str| FormatError {
            spec: spec.to_owned(),
            reason: reason.to_owned(),
        };
        let mut rest = spec;
        let sign = match rest.chars().next() {
            Some('+') => Sign::Plus,
            Some(' ') => Sign::Space,
            Some('-') => Sign::Minus,
            _ => Sign::Minus,
        };
        if matches!(rest.chars().next(), Some('+' | ' ' | '-')) {
            rest = &rest[1..];
        }
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let width = if digits > 0 {
            rest[..digits]
                .parse()
                .map_err(|_| err("the width is too large"))?
        } else {
            0
        };
        rest = &rest[digits..];
        let precision = if let Some(p) = rest.strip_prefix('.') {
            let digits = p.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 {
                return Err(err("a '.' must be followed by a precision"));
            }
            let value: usize = p[..digits]
                .parse()
                .map_err(|_| err("the precision is too large"))?;
            if value > 50 {
                return Err(err("the precision is more than 50"));
            }
            rest = &p[digits..];
            Some(value)
        } else {
            None
        };
        let kind = match rest {
            "" => 'g',
            "g" | "G" | "f" | "F" | "e" | "E" | "%" | "d" => rest.chars().next().unwrap_or('g'),
            _ => return Err(err(&format!("unknown type '{rest}'"))),
        };
        if kind == 'd' && precision.is_some() {
            return Err(err("'d' takes no precision"));
        }
        Ok(NumberFormat {
            spec: spec.to_owned(),
            sign,
            width,
            precision,
            kind,
        })
    }

    /// The spec as given.
    pub fn spec(&self) -> &str {
        &self.spec
    }

    /// `value` formatted as Python's `format(value, spec)` formats a float
    /// (for `d`, a float with an integral value, as an integer).
    pub fn format(&self, value: f64) -> String {
        let body = if value.is_nan() {
            "nan".to_owned()
        } else if value.is_infinite() {
            "inf".to_owned()
        } else {
            let a = value.abs();
            match self.kind {
                'f' | 'F' => format!("{a:.*}", self.precision.unwrap_or(6)),
                'e' | 'E' => sci(a, self.precision.unwrap_or(6), self.kind == 'E'),
                '%' => format!("{:.*}%", self.precision.unwrap_or(6), a * 100.0),
                'd' => format!("{:.0}", a),
                _ => general(a, self.precision.unwrap_or(6), self.kind == 'G'),
            }
        };
        let negative = value.is_sign_negative() && !value.is_nan();
        let sign = match (negative, self.sign) {
            (true, _) => "-",
            (false, Sign::Plus) => "+",
            (false, Sign::Space) => " ",
            (false, Sign::Minus) => "",
        };
        let mut out = String::with_capacity(self.width.max(body.len() + 1));
        let len = sign.len() + body.chars().count();
        out.extend(std::iter::repeat_n(' ', self.width.saturating_sub(len)));
        out.push_str(sign);
        out.push_str(&body);
        out
    }
}

/// `d.ddde±XX` with `precision` digits after the point.
fn sci(a: f64, precision: usize, upper: bool) -> String {
    let s = format!("{a:.precision$e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut out = String::from(mantissa);
    let _ = write!(
        out,
        "{}{}{:02}",
        if upper { 'E' } else { 'e' },
        if exp < 0 { '-' } else { '+' },
        exp.abs()
    );
    out
}

/// Python's `g`: `precision` significant digits, positional when the
/// exponent is in `-4..precision`, trailing zeros removed.
fn general(a: f64, precision: usize, upper: bool) -> String {
    let p = precision.max(1);
    if a == 0.0 {
        return "0".to_owned();
    }
    let s = format!("{a:.*e}", p - 1);
    let exp: i32 = s
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    if exp >= -4 && exp < p as i32 {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip_zeros(format!("{a:.decimals$}"))
    } else {
        let s = sci(a, p - 1, upper);
        let (m, e) = s.split_at(s.find(['e', 'E']).unwrap_or(s.len()));
        format!("{}{e}", strip_zeros(m.to_owned()))
    }
}

fn strip_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(spec: &str, v: f64) -> String {
        NumberFormat::parse(spec).unwrap().format(v)
    }

    #[test]
    fn matches_python() {
        // Each checked against CPython 3.11's format(value, spec).
        for (spec, v, want) in [
            (".2g", 1.0, "1"),
            (".2g", -0.8362618199154692, "-0.84"),
            (".2g", -0.08326949857932518, "-0.083"),
            (".2g", 0.01315032962454908, "0.013"),
            (".2g", 0.061, "0.061"),
            (".2g", 1e-5, "1e-05"),
            (".2g", 123456.0, "1.2e+05"),
            (".2g", 0.0, "0"),
            (".2g", 99.5, "1e+02"),
            (".2f", 0.125, "0.12"),
            (".2f", -0.8362, "-0.84"),
            (".1%", 0.4773, "47.7%"),
            ("d", 42.0, "42"),
            (".3e", 12345.678, "1.235e+04"),
            ("+.1f", 2.0, "+2.0"),
            ("8.2f", 12.3456, "   12.35"),
            ("", 0.5, "0.5"),
            ("g", 1234567.0, "1.23457e+06"),
        ] {
            assert_eq!(f(spec, v), want, "format({v}, {spec:?})");
        }
    }

    #[test]
    fn rejects_what_it_does_not_know() {
        let err = NumberFormat::parse(".2q").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'.2q' is not a number format plotmill understands (unknown type 'q'); use Python's format specs such as .2g, .2f, .1%, d or .3e"
        );
        assert!(NumberFormat::parse(".f").is_err());
        assert!(NumberFormat::parse(".2d").is_err());
    }
}
