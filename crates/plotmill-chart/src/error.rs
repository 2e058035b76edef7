//! Errors of chart building: bad options, data a chart cannot draw.

use plotmill_scene::UnknownColormap;

use crate::pyformat::FormatError;

/// Why a chart could not be built. Every message names the option or the
/// data at fault and what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// More columns than the chart allows.
    #[error(
        "{found} columns is more than the {max} this chart draws; raise --max-columns (the chart grows as the square of the columns), or select fewer columns"
    )]
    TooManyColumns {
        /// Columns in the data.
        found: usize,
        /// The limit.
        max: usize,
    },
    /// Nothing to draw.
    #[error("no numeric column to draw{}", if .0.is_empty() { String::new() } else { format!(" (text columns: {})", .0.join(", ")) })]
    NoColumns(Vec<String>),
    /// An unknown colormap.
    #[error(transparent)]
    Colormap(#[from] UnknownColormap),
    /// An annotation format that is not understood.
    #[error("--fmt: {0}")]
    Format(FormatError),
    /// A color that is not understood.
    #[error(
        "{option}: '{value}' is not a color; use a name (black, white, red, green, blue, gray) or #rrggbb"
    )]
    Color {
        /// Which option.
        option: &'static str,
        /// The value given.
        value: String,
    },
    /// The correlations could not be computed.
    #[error(transparent)]
    Corr(#[from] plotmill_data::CorrError),
    /// A value out of its range.
    #[error("{option}: {message}")]
    Invalid {
        /// Which option.
        option: &'static str,
        /// What is wrong and what to give instead.
        message: String,
    },
}

// By hand, not `#[from]`: the message already holds the cause's text, so it
// is not also the error's source (else a report would print it twice).
impl From<FormatError> for ChartError {
    fn from(e: FormatError) -> Self {
        ChartError::Format(e)
    }
}
