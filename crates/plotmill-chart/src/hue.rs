//! Grouping rows by a `hue` column, as seaborn's hue mapping does for a
//! text column: its levels in order of first appearance (or `hue_order`),
//! rows whose level is missing (or not in `hue_order`) left out, one
//! colour per level from the palette.

use plotmill_data::{Labels, Table};
use plotmill_scene::{Color, categorical_palette};

use crate::ChartError;

/// The rows of each level of a hue column, and its colours.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hue {
    /// The hue column's name (the legend's title).
    pub(crate) name: String,
    /// The levels, in legend order.
    pub(crate) levels: Vec<String>,
    /// Each row's level index, `None` when it is left out.
    pub(crate) level_of: Vec<Option<usize>>,
    /// Whether each row has a hue value at all (seaborn bins and
    /// normalises over these, levels left out of `hue_order` included).
    pub(crate) present: Vec<bool>,
    /// Each level's colour.
    pub(crate) colors: Vec<Color>,
}

/// The numeric column `name`, or an error naming the option and the
/// columns there are.
pub(crate) fn numeric_column<'t>(
    table: &'t Table,
    option: &'static str,
    name: &str,
) -> Result<&'t [f64], ChartError> {
    if let Some(c) = table.column(name) {
        return Ok(c.values());
    }
    let numeric: Vec<&str> = table.columns().iter().map(|c| c.name()).collect();
    let message = if table.text_columns().iter().any(|t| t == name) {
        format!(
            "'{name}' is a text column; give a numeric one ({})",
            numeric.join(", ")
        )
    } else if name.is_empty() {
        format!("give the column to draw (one of {})", numeric.join(", "))
    } else {
        let near = suggest(name, &numeric);
        format!(
            "no numeric column '{name}' (the numeric columns are {}){near}",
            numeric.join(", ")
        )
    };
    Err(ChartError::Invalid { option, message })
}

/// `; did you mean 'x'?` for the nearest of `names` (by spelling, or the
/// one that holds `name`), or nothing.
fn suggest(name: &str, names: &[&str]) -> String {
    plotmill_scene::closest_name(name, names.iter().copied())
        .or_else(|| {
            let lower = name.to_lowercase();
            names
                .iter()
                .copied()
                .find(|n| !lower.is_empty() && n.to_lowercase().contains(&lower))
        })
        .map(|n| format!("; did you mean '{n}'?"))
        .unwrap_or_default()
}

impl Hue {
    /// The grouping by column `name` of `table`, with `order` (seaborn's
    /// `hue_order`) and `palette`.
    pub(crate) fn of(
        table: &Table,
        name: &str,
        order: Option<&[String]>,
        palette: Option<&str>,
    ) -> Result<Hue, ChartError> {
        let invalid = |message: String| ChartError::Invalid {
            option: "hue",
            message,
        };
        if table.column(name).is_some() {
            return Err(invalid(format!(
                "'{name}' is numeric; plotmill colours by a text column (a numeric hue on a continuous colormap, as seaborn draws it, is not supported yet)"
            )));
        }
        let Some(labels) = table.labels(name) else {
            let mut text: Vec<&str> = table.text_columns().iter().map(String::as_str).collect();
            if text.is_empty() {
                return Err(invalid(format!(
                    "no column '{name}'; the data has no text column to colour by"
                )));
            }
            let near = suggest(name, &text);
            text.sort_unstable();
            return Err(invalid(format!(
                "no text column '{name}' (the text columns are {}){near}",
                text.join(", ")
            )));
        };
        let levels: Vec<String> = match order {
            Some(order) => order.to_vec(),
            None => labels.levels().to_vec(),
        };
        // Each of the column's levels to its place in `levels`.
        let place: Vec<Option<usize>> = labels
            .levels()
            .iter()
            .map(|l| levels.iter().position(|x| x == l))
            .collect();
        let level_of = labels
            .codes()
            .iter()
            .map(|&c| place.get(c as usize).copied().flatten())
            .collect();
        let colors =
            categorical_palette(palette, levels.len()).map_err(|e| ChartError::Invalid {
                option: "palette",
                message: e.to_string(),
            })?;
        let present = labels
            .codes()
            .iter()
            .map(|&c| c != Labels::MISSING)
            .collect();
        Ok(Hue {
            name: name.to_owned(),
            levels,
            level_of,
            present,
            colors,
        })
    }
}
