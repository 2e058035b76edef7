//! The columnar [`Table`]: named numeric columns, `NaN` for missing.

/// The type a numeric column was read as, following pandas' `read_csv`.
///
/// All of them are stored as `f64`; the kind says how to show and describe
/// the values, not how to compute with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Every present value was an integer (pandas `int64` / `uint64`, or
    /// `float64` when some values are missing).
    Int,
    /// Some value had a fraction, an exponent or was infinite (pandas `float64`),
    /// or every value was missing.
    Float,
    /// Every value was `True` or `False`, none missing (pandas `bool`); stored as 1.0 / 0.0.
    Bool,
}

/// One named numeric column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    name: String,
    kind: ColumnKind,
    values: Vec<f64>,
}

impl Column {
    /// A column from its name, kind and values (`NaN` for missing).
    pub fn new(name: impl Into<String>, kind: ColumnKind, values: Vec<f64>) -> Self {
        Column {
            name: name.into(),
            kind,
            values,
        }
    }

    /// The column's name, exactly as in the header (after pandas' renaming of
    /// duplicates and empty names).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How the column was read.
    pub fn kind(&self) -> ColumnKind {
        self.kind
    }

    /// The values, one per row; `NaN` where the input had a missing value.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}

/// A table of named numeric columns of equal length.
///
/// Columns that are not numeric in the source (text) are not stored; their
/// names are kept in [`Table::text_columns`] so callers can say what was left
/// out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    columns: Vec<Column>,
    rows: usize,
    text_columns: Vec<String>,
}

/// A [`Table`] could not be built from the given columns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column '{name}' has {found} values but the table has {expected} rows")]
pub struct ShapeError {
    /// The column that does not fit.
    pub name: String,
    /// The table's row count.
    pub expected: usize,
    /// That column's length.
    pub found: usize,
}

impl Table {
    /// A table of `rows` rows from numeric columns, which must each hold
    /// `rows` values.
    pub fn new(rows: usize, columns: Vec<Column>) -> Result<Self, ShapeError> {
        if let Some(bad) = columns.iter().find(|c| c.values.len() != rows) {
            return Err(ShapeError {
                name: bad.name.clone(),
                expected: rows,
                found: bad.values.len(),
            });
        }
        Ok(Table {
            columns,
            rows,
            text_columns: Vec::new(),
        })
    }

    /// Records the names of source columns that were text and so are not in
    /// the table.
    pub fn with_text_columns(mut self, names: Vec<String>) -> Self {
        self.text_columns = names;
        self
    }

    /// The numeric columns, in source order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column with this name, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Names of the source's text columns, which the table leaves out.
    pub fn text_columns(&self) -> &[String] {
        &self.text_columns
    }

    /// Bytes held by the column values (what "the parsed f64 columns" weigh).
    pub fn value_bytes(&self) -> usize {
        self.columns.len() * self.rows * std::mem::size_of::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_must_have_equal_length() {
        let err = Table::new(
            2,
            vec![
                Column::new("a", ColumnKind::Float, vec![1.0, 2.0]),
                Column::new("b", ColumnKind::Float, vec![1.0]),
            ],
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "column 'b' has 1 values but the table has 2 rows"
        );
    }

    #[test]
    fn finds_columns_by_name() {
        let t = Table::new(1, vec![Column::new("x", ColumnKind::Int, vec![1.0])]).unwrap();
        assert_eq!(t.column("x").map(Column::kind), Some(ColumnKind::Int));
        assert!(t.column("y").is_none());
        assert_eq!(t.rows(), 1);
        assert_eq!(t.value_bytes(), 8);
    }
}
