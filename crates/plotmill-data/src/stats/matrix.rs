//! [`CorrMatrix`] and its text forms (pandas' `to_csv` layout, and JSON).

use std::io::{self, Write};

use crate::pyfloat::write_py_repr;

/// A square matrix of correlations between named columns.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrMatrix {
    names: Vec<String>,
    values: Vec<f64>,
}

impl CorrMatrix {
    /// A matrix from its names and row-major values; `None` unless there are
    /// `names.len()²` values.
    pub fn new(names: Vec<String>, values: Vec<f64>) -> Option<Self> {
        (values.len() == names.len() * names.len()).then_some(CorrMatrix { names, values })
    }

    /// The column names, in order (rows and columns alike).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of rows (and columns).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the matrix has no columns.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The value at row `i`, column `j`; `NaN` where pandas gives `NaN`.
    ///
    /// # Panics
    /// If `i` or `j` is not below [`len`](Self::len).
    pub fn get(&self, i: usize, j: usize) -> f64 {
        assert!(
            i < self.len() && j < self.len(),
            "({i}, {j}) is outside the matrix"
        );
        self.values[i * self.len() + j]
    }

    /// The values, row by row.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Writes the matrix as pandas' `df.corr().to_csv()` does: a header with an
    /// empty first cell and the names, then per row its name and values.
    /// Values are Python `repr` floats, `NaN` an empty field; names are quoted
    /// where they hold a comma, a quote or a line break.
    pub fn write_csv(&self, out: impl Write) -> io::Result<()> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        let to_io = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(e) => e,
            other => io::Error::other(format!("{other:?}")),
        };
        w.write_field("").map_err(to_io)?;
        for name in &self.names {
            w.write_field(name).map_err(to_io)?;
        }
        w.write_record(None::<&[u8]>).map_err(to_io)?;
        let mut cell = String::new();
        for (i, name) in self.names.iter().enumerate() {
            w.write_field(name).map_err(to_io)?;
            for j in 0..self.len() {
                cell.clear();
                let v = self.get(i, j);
                if !v.is_nan() {
                    write_py_repr(&mut cell, v);
                }
                w.write_field(&cell).map_err(to_io)?;
            }
            w.write_record(None::<&[u8]>).map_err(to_io)?;
        }
        w.flush()
    }

    /// Writes `{"columns": [...], "matrix": [[...], ...]}` with `null` for
    /// `NaN`, numbers as in [`write_csv`](Self::write_csv), and a final newline.
    pub fn write_json(&self, mut out: impl Write) -> io::Result<()> {
        let mut s = String::from("{\"columns\": [");
        for (i, name) in self.names.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            json_string(&mut s, name);
        }
        s.push_str("], \"matrix\": [");
        for i in 0..self.len() {
            s.push_str(if i > 0 { ", [" } else { "[" });
            for j in 0..self.len() {
                if j > 0 {
                    s.push_str(", ");
                }
                match self.get(i, j) {
                    v if v.is_finite() => write_py_repr(&mut s, v),
                    _ => s.push_str("null"),
                }
            }
            s.push(']');
        }
        s.push_str("]}\n");
        out.write_all(s.as_bytes())
    }
}

/// Appends `value` as a JSON string literal.
fn json_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CorrMatrix {
        CorrMatrix::new(
            vec!["a".into(), "b,\"c\"".into()],
            vec![1.0, -0.2350528703555336, -0.2350528703555336, f64::NAN],
        )
        .unwrap()
    }

    #[test]
    fn csv_has_pandas_layout() {
        let mut out = Vec::new();
        sample().write_csv(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            ",a,\"b,\"\"c\"\"\"\n\
             a,1.0,-0.2350528703555336\n\
             \"b,\"\"c\"\"\",-0.2350528703555336,\n"
        );
    }

    #[test]
    fn json_uses_null_for_nan() {
        let mut out = Vec::new();
        sample().write_json(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"columns\": [\"a\", \"b,\\\"c\\\"\"], \"matrix\": [[1.0, -0.2350528703555336], [-0.2350528703555336, null]]}\n"
        );
    }

    #[test]
    fn new_checks_the_shape() {
        assert!(CorrMatrix::new(vec!["a".into()], vec![]).is_none());
    }
}
