//! Data given inline, as JSON columns (manifests, `POST /v1/render`).

use plotmill_data::{Column, ColumnKind, Labels, Table};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Inline columns that do not make a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("data.columns: {0}")]
pub struct InlineError(pub String);

/// Columns given inline, in order: name → values. Numbers and null (missing)
/// make a numeric column; true/false and null a boolean one (1/0); a column
/// with any string is text and left out, as pandas would.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InlineData {
    /// Column name → its values, all columns the same length.
    #[schemars(with = "std::collections::BTreeMap<String, Vec<Option<InlineValue>>>")]
    pub columns: serde_json::Map<String, serde_json::Value>,
}

/// One inline value (for the schema).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum InlineValue {
    Number(f64),
    Bool(bool),
    Text(String),
}

/// The table of inline columns.
pub fn inline_table(data: &InlineData) -> Result<Table, InlineError> {
    let mut rows = None;
    let mut columns = Vec::new();
    let mut text = Vec::new();
    let mut labels = Vec::new();
    for (name, values) in &data.columns {
        let values = values
            .as_array()
            .ok_or_else(|| InlineError(format!("column '{name}' is not a list of values")))?;
        match rows {
            None => rows = Some(values.len()),
            Some(n) if n != values.len() => {
                return Err(InlineError(format!(
                    "column '{name}' has {} values, the first column {n}; give every column the same length",
                    values.len()
                )));
            }
            Some(_) => {}
        }
        let present = values.iter().filter(|v| !v.is_null());
        let kind =
            if present.clone().all(|v| v.is_boolean()) && values.iter().any(|v| v.is_boolean()) {
                ColumnKind::Bool
            } else if present.clone().all(|v| v.is_number()) {
                if present.clone().all(|v| v.is_i64() || v.is_u64())
                    && values.iter().all(|v| !v.is_null())
                {
                    ColumnKind::Int
                } else {
                    ColumnKind::Float
                }
            } else {
                // Text: kept as labels too (a chart's hue), levels in order
                // of first appearance, null missing.
                let mut levels: Vec<String> = Vec::new();
                let codes = values
                    .iter()
                    .map(|v| {
                        let level = match v {
                            serde_json::Value::Null => return Labels::MISSING,
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        match levels.iter().position(|l| *l == level) {
                            Some(i) => i as u32,
                            None => {
                                levels.push(level);
                                (levels.len() - 1) as u32
                            }
                        }
                    })
                    .collect();
                labels.push(Labels::new(name.clone(), levels, codes));
                text.push(name.clone());
                continue;
            };
        let numbers = values
            .iter()
            .map(|v| match v {
                serde_json::Value::Bool(b) => f64::from(u8::from(*b)),
                serde_json::Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
                _ => f64::NAN,
            })
            .collect();
        columns.push(Column::new(name.clone(), kind, numbers));
    }
    Table::new(rows.unwrap_or(0), columns)
        .and_then(|t| t.with_labels(labels))
        .map(|t| t.with_text_columns(text))
        .map_err(|e| InlineError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_columns_keep_their_order_and_kinds() {
        let data: InlineData = serde_json::from_str(
            r#"{"columns": {"z": [1, 2, 3], "a": [0.5, null, 2], "b": [true, false, true], "s": ["x", 1, null]}}"#,
        )
        .unwrap();
        let t = inline_table(&data).unwrap();
        let names: Vec<&str> = t.columns().iter().map(|c| c.name()).collect();
        assert_eq!(names, ["z", "a", "b"]);
        assert_eq!(t.columns()[0].kind(), ColumnKind::Int);
        assert!(t.columns()[1].values()[1].is_nan());
        assert_eq!(t.columns()[2].values(), [1.0, 0.0, 1.0]);
        assert_eq!(t.text_columns(), ["s"]);
        let s = t.labels("s").unwrap();
        assert_eq!(s.levels(), ["x", "1"]);
        assert_eq!(s.codes(), [0, 1, Labels::MISSING]);
        let bad: InlineData =
            serde_json::from_str(r#"{"columns": {"a": [1], "b": [1, 2]}}"#).unwrap();
        assert!(
            inline_table(&bad)
                .unwrap_err()
                .to_string()
                .contains("column 'b' has 2 values")
        );
    }
}
