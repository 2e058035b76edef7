//! The columnar [`Table`]: named numeric columns, `NaN` for missing.

use std::sync::Arc;

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

/// Memory a column reads its values from without owning it: a buffer that
/// another library shares, such as an Arrow array handed over through the C
/// data interface (see [`crate::arrow`]). The memory must stay unchanged for
/// as long as the value lives; dropping the value gives it back.
pub trait SharedValues: Send + Sync + std::fmt::Debug {
    /// The values, one per row; `NaN` for missing.
    fn values(&self) -> &[f64];
}

/// Where a column's values live. Either way a clone of the column, or a
/// chart drawn from it, shares the values rather than copying them.
#[derive(Debug, Clone)]
enum Values {
    Owned(Arc<Vec<f64>>),
    Shared(Arc<dyn SharedValues>),
}

impl SharedValues for Vec<f64> {
    fn values(&self) -> &[f64] {
        self
    }
}

/// One named numeric column.
#[derive(Debug, Clone)]
pub struct Column {
    name: String,
    kind: ColumnKind,
    values: Values,
}

impl PartialEq for Column {
    /// Same name, kind and values (as `f64` compares them: a column with a
    /// `NaN` is not equal to itself), wherever the values live.
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.kind == other.kind && self.values() == other.values()
    }
}

impl AsRef<[f64]> for Column {
    fn as_ref(&self) -> &[f64] {
        self.values()
    }
}

impl Column {
    /// A column from its name, kind and values (`NaN` for missing).
    pub fn new(name: impl Into<String>, kind: ColumnKind, values: Vec<f64>) -> Self {
        Column {
            name: name.into(),
            kind,
            values: Values::Owned(Arc::new(values)),
        }
    }

    /// A column that reads its values from shared memory instead of a copy.
    pub fn shared(
        name: impl Into<String>,
        kind: ColumnKind,
        values: Arc<dyn SharedValues>,
    ) -> Self {
        Column {
            name: name.into(),
            kind,
            values: Values::Shared(values),
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
        match &self.values {
            Values::Owned(v) => v,
            Values::Shared(v) => v.values(),
        }
    }

    /// The values as a handle that shares them (no copy), for what must
    /// outlive a borrow of the table, such as a chart's marker run.
    pub fn share(&self) -> Arc<dyn SharedValues> {
        match &self.values {
            Values::Owned(v) => Arc::clone(v) as Arc<dyn SharedValues>,
            Values::Shared(v) => Arc::clone(v),
        }
    }

    /// Whether the values are read from shared memory rather than owned.
    pub fn is_shared(&self) -> bool {
        matches!(self.values, Values::Shared(_))
    }
}

/// A column of labels (categories): each row's level, the levels in the
/// order they first appear (as pandas' `unique` and seaborn's level order
/// for text). What a chart colours by when its `hue` is text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    name: String,
    levels: Vec<String>,
    codes: Vec<u32>,
}

impl Labels {
    /// The code of a missing value.
    pub const MISSING: u32 = u32::MAX;

    /// Labels from their column's name, its levels, and each row's code (an
    /// index into `levels`, or [`Labels::MISSING`]); a code past the levels
    /// reads as missing.
    pub fn new(name: impl Into<String>, levels: Vec<String>, codes: Vec<u32>) -> Self {
        let n = levels.len();
        let codes = codes
            .into_iter()
            .map(|c| if (c as usize) < n { c } else { Self::MISSING })
            .collect();
        Labels {
            name: name.into(),
            levels,
            codes,
        }
    }

    /// The column's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The levels, in order of first appearance.
    pub fn levels(&self) -> &[String] {
        &self.levels
    }

    /// Each row's code: an index into [`Labels::levels`], or
    /// [`Labels::MISSING`].
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }

    /// Row `row`'s level, `None` when missing (or past the end).
    pub fn get(&self, row: usize) -> Option<&str> {
        let code = *self.codes.get(row)?;
        self.levels.get(code as usize).map(String::as_str)
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
    labels: Vec<Labels>,
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
        if let Some(bad) = columns.iter().find(|c| c.values().len() != rows) {
            return Err(ShapeError {
                name: bad.name.clone(),
                expected: rows,
                found: bad.values().len(),
            });
        }
        Ok(Table {
            columns,
            rows,
            text_columns: Vec::new(),
            labels: Vec::new(),
        })
    }

    /// Adds label columns, which must each have a code per row.
    pub fn with_labels(mut self, labels: Vec<Labels>) -> Result<Self, ShapeError> {
        if let Some(bad) = labels.iter().find(|l| l.codes.len() != self.rows) {
            return Err(ShapeError {
                name: bad.name.clone(),
                expected: self.rows,
                found: bad.codes.len(),
            });
        }
        self.labels = labels;
        Ok(self)
    }

    /// The label column of this name, if it was kept (see
    /// [`CsvOptions::labels`](crate::CsvOptions::labels)).
    pub fn labels(&self, name: &str) -> Option<&Labels> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// Every label column kept.
    pub fn all_labels(&self) -> &[Labels] {
        &self.labels
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

    /// The numeric columns, given up: for work that lets go of each column
    /// as soon as it is done with it.
    pub fn into_columns(self) -> Vec<Column> {
        self.columns
    }

    /// Moves the numeric columns out into a table of their own (same rows,
    /// the text columns' names), leaving this one with no numeric column but
    /// its rows, text columns and labels: for work that takes the columns
    /// (such as [`corr_owned`](crate::stats::corr::corr_owned)) while what was
    /// read about the rest stays at hand.
    pub fn take_numeric(&mut self) -> Table {
        Table {
            columns: std::mem::take(&mut self.columns),
            rows: self.rows,
            text_columns: self.text_columns.clone(),
            labels: Vec::new(),
        }
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
