//! The limits on what one chart may take, one set for every front end.
//!
//! The CLI, the batch engine, the HTTP service and the Python package draw
//! through [`Renderer`](crate::Renderer), which checks these before any
//! work that grows with the input: a 10,000-column file is refused before
//! its correlation matrix is computed, not after. Each limit has the same
//! name everywhere: `--max-rows` on the command line (`plotmill batch` and
//! `plotmill serve` alike), `max_rows=` in Python. The service starts from
//! tighter defaults ([`Limits::service`]), since its callers are other
//! people's programs.

/// Limits on one chart's data and image.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Bytes of a data file, or of a request body.
    pub max_input_bytes: u64,
    /// Data rows.
    pub max_rows: usize,
    /// Numeric columns.
    pub max_columns: usize,
    /// Pixels of a raster image.
    pub max_pixels: u64,
    /// Markers in a vector image (each is an element of its own).
    pub max_vector_markers: u64,
    /// Characters of a label: a column name, a title.
    pub max_label_chars: usize,
}

impl Default for Limits {
    /// The command line's, the batch engine's and Python's.
    fn default() -> Self {
        Limits {
            max_input_bytes: 1 << 30,
            max_rows: 10_000_000,
            max_columns: 500,
            max_pixels: 100_000_000,
            max_vector_markers: 1_000_000,
            max_label_chars: 1000,
        }
    }
}

impl Limits {
    /// `plotmill serve`'s defaults: a 16 MiB body, a million rows, 200
    /// columns, 25 megapixels.
    pub fn service() -> Self {
        Limits {
            max_input_bytes: 16 << 20,
            max_rows: 1_000_000,
            max_columns: 200,
            max_pixels: 25_000_000,
            ..Limits::default()
        }
    }

    /// Whether `bytes` of input are allowed.
    pub fn check_input_bytes(&self, bytes: u64) -> Result<(), LimitError> {
        exceeds(
            "bytes of data",
            bytes,
            self.max_input_bytes,
            "max_input_bytes",
        )
    }

    /// Whether a table's shape and its numeric columns' names are allowed.
    pub fn check_table(&self, table: &plotmill_data::Table) -> Result<(), LimitError> {
        exceeds(
            "rows",
            table.rows() as u64,
            self.max_rows as u64,
            "max_rows",
        )?;
        exceeds(
            "numeric columns",
            table.columns().len() as u64,
            self.max_columns as u64,
            "max_columns",
        )?;
        // The names that are drawn; text columns are left out of charts.
        for column in table.columns() {
            self.check_label(column.name())?;
        }
        Ok(())
    }

    /// Whether a label (a column name, a title) is short enough.
    pub fn check_label(&self, text: &str) -> Result<(), LimitError> {
        // Counting stops past the limit: a label of a gigabyte is not read
        // unless it is refused.
        if text.chars().nth(self.max_label_chars).is_none() {
            return Ok(());
        }
        Err(LimitError {
            what: format!(
                "characters in the label '{}…'",
                text.chars().take(24).collect::<String>()
            ),
            found: text.chars().count() as u64,
            max: self.max_label_chars as u64,
            name: "max_label_chars",
        })
    }
}

fn exceeds(what: &str, found: u64, max: u64, name: &'static str) -> Result<(), LimitError> {
    if found <= max {
        return Ok(());
    }
    Err(LimitError {
        what: what.to_owned(),
        found,
        max,
        name,
    })
}

/// Input beyond one of the [`Limits`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{found} {what}, more than the limit of {max} ({name})")]
pub struct LimitError {
    /// What was counted: "rows", "numeric columns", ….
    pub what: String,
    /// How many there are.
    pub found: u64,
    /// The limit.
    pub max: u64,
    /// The limit's name (`max_rows`).
    pub name: &'static str,
}

impl LimitError {
    /// The command-line flag that sets the limit (`--max-rows`).
    pub fn flag(&self) -> String {
        format!("--{}", self.name.replace('_', "-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_data::{Column, ColumnKind, Table};

    fn table(rows: usize, columns: usize, name_len: usize) -> Table {
        let columns = (0..columns)
            .map(|c| {
                let name = format!("{c}{}", "n".repeat(name_len));
                Column::new(name, ColumnKind::Int, vec![1.0; rows])
            })
            .collect();
        Table::new(rows, columns).unwrap()
    }

    #[test]
    fn each_limit_names_itself_and_how_to_raise_it() {
        let limits = Limits {
            max_rows: 10,
            max_columns: 3,
            max_label_chars: 20,
            ..Limits::default()
        };
        assert_eq!(limits.check_table(&table(10, 3, 5)), Ok(()));
        let e = limits.check_table(&table(11, 3, 5)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "11 rows, more than the limit of 10 (max_rows)"
        );
        assert_eq!(e.flag(), "--max-rows");
        let e = limits.check_table(&table(5, 4, 5)).unwrap_err();
        assert_eq!((e.name, e.found, e.max), ("max_columns", 4, 3));
        let e = limits.check_table(&table(5, 2, 40)).unwrap_err();
        assert_eq!((e.name, e.found, e.max), ("max_label_chars", 41, 20));
        assert!(e.to_string().contains("label '0nnnnnnn"), "{e}");
        let e = limits.check_input_bytes(2 << 30).unwrap_err();
        assert_eq!(e.flag(), "--max-input-bytes");
    }

    #[test]
    fn the_service_is_tighter_than_the_command_line() {
        let (cli, service) = (Limits::default(), Limits::service());
        assert!(service.max_input_bytes < cli.max_input_bytes);
        assert!(service.max_rows < cli.max_rows);
        assert!(service.max_columns < cli.max_columns);
        assert!(service.max_pixels < cli.max_pixels);
    }
}
