//! Errors of chart building: bad options, data a chart cannot draw.

use plotmill_scene::UnknownColormap;

use crate::pyformat::FormatError;

/// Why a chart could not be built. Every message names the option or the
/// data at fault and what to do. An option is named by its spec field
/// (`figsize`, `max_columns`): [`ChartError::describe`] says it in a front
/// end's own words (`--figsize`, `/figsize`, the Python keyword), and
/// `Display` as the field itself.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ChartError {
    /// More columns than the chart allows (`max_columns`).
    TooManyColumns {
        /// Columns in the data.
        found: usize,
        /// The limit.
        max: usize,
    },
    /// Nothing to draw.
    NoColumns(Vec<String>),
    /// An unknown colormap (`cmap`).
    Colormap(UnknownColormap),
    /// An annotation format that is not understood (`fmt`).
    Format(FormatError),
    /// A color that is not understood.
    Color {
        /// Which option.
        option: &'static str,
        /// The value given.
        value: String,
    },
    /// The correlations could not be computed.
    Corr(plotmill_data::CorrError),
    /// A value out of its range.
    Invalid {
        /// Which option (the spec's field).
        option: &'static str,
        /// What is wrong and what to give instead.
        message: String,
    },
}

impl ChartError {
    /// The spec field at fault, when an option is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ChartError::TooManyColumns { .. } => Some("max_columns"),
            ChartError::Colormap(_) => Some("cmap"),
            ChartError::Format(_) => Some("fmt"),
            ChartError::Color { option, .. } | ChartError::Invalid { option, .. } => Some(option),
            ChartError::NoColumns(_) | ChartError::Corr(_) => None,
        }
    }

    /// The message with the field spelled by `name` (a front end's word
    /// for a spec field: `--max-columns`, `/max_columns`, `max_columns=`).
    pub fn describe(&self, name: &dyn Fn(&str) -> String) -> String {
        match self {
            ChartError::TooManyColumns { found, max } => format!(
                "{found} columns is more than the {max} this chart draws; raise {} (the chart grows as the square of the columns), or select fewer columns",
                name("max_columns")
            ),
            ChartError::NoColumns(text) if text.is_empty() => {
                "no numeric column to draw".to_owned()
            }
            ChartError::NoColumns(text) => {
                format!(
                    "no numeric column to draw (text columns: {})",
                    text.join(", ")
                )
            }
            ChartError::Colormap(e) => format!("{}: {e}", name("cmap")),
            ChartError::Format(e) => format!("{}: {e}", name("fmt")),
            ChartError::Color { option, value } => format!(
                "{}: '{value}' is not a color; use a name (black, white, red, green, blue, gray), C0 to C9, tab:blue and the like, or #rrggbb",
                name(option)
            ),
            ChartError::Corr(e) => e.to_string(),
            ChartError::Invalid { option, message } => format!("{}: {message}", name(option)),
        }
    }
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(&|field| field.to_owned()))
    }
}

impl std::error::Error for ChartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // The causes' text is part of the message already (so a report
        // does not print it twice); a correlation error's own cause is
        // its source.
        match self {
            ChartError::Corr(e) => e.source(),
            _ => None,
        }
    }
}

impl From<FormatError> for ChartError {
    fn from(e: FormatError) -> Self {
        ChartError::Format(e)
    }
}

impl From<UnknownColormap> for ChartError {
    fn from(e: UnknownColormap) -> Self {
        ChartError::Colormap(e)
    }
}

impl From<plotmill_data::CorrError> for ChartError {
    fn from(e: plotmill_data::CorrError) -> Self {
        ChartError::Corr(e)
    }
}
