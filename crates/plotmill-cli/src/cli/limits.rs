//! The limits flags, the same on every command that reads data or draws
//! (see docs/limits.md). Each is optional: a command starts from its own
//! defaults (`plotmill serve` from tighter ones) and the flags given
//! replace them.

use clap::Args;
use plotmill::engine::{LimitError, Limits};

/// Limits on the data a command reads.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct DataLimitArgs {
    /// Largest data file or request body, bytes. [default: 1 GiB;
    /// serve: 16 MiB]
    #[arg(
        long,
        value_name = "BYTES",
        alias = "max-body",
        help_heading = "Limits"
    )]
    max_input_bytes: Option<u64>,

    /// Most data rows. [default: 10,000,000; serve: 1,000,000]
    #[arg(long, value_name = "N", help_heading = "Limits")]
    max_rows: Option<usize>,

    /// Longest label (a column name, a title), characters. [default: 1000]
    #[arg(long, value_name = "N", help_heading = "Limits")]
    max_label_chars: Option<usize>,
}

/// Limits on the image a command draws.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ImageLimitArgs {
    /// Most pixels of a PNG. [default: 100,000,000; serve: 25,000,000]
    #[arg(long, value_name = "N", help_heading = "Limits")]
    max_pixels: Option<u64>,

    /// Most markers in an SVG (a scatter matrix has one per row and
    /// panel). [default: 1,000,000]
    #[arg(long, value_name = "N", help_heading = "Limits")]
    max_vector_markers: Option<u64>,
}

impl DataLimitArgs {
    /// `base` with the limits these flags give.
    pub(crate) fn apply(&self, base: Limits) -> Limits {
        Limits {
            max_input_bytes: self.max_input_bytes.unwrap_or(base.max_input_bytes),
            max_rows: self.max_rows.unwrap_or(base.max_rows),
            max_label_chars: self.max_label_chars.unwrap_or(base.max_label_chars),
            ..base
        }
    }
}

impl ImageLimitArgs {
    /// `base` with the limits these flags give.
    pub(crate) fn apply(&self, base: Limits) -> Limits {
        Limits {
            max_pixels: self.max_pixels.unwrap_or(base.max_pixels),
            max_vector_markers: self.max_vector_markers.unwrap_or(base.max_vector_markers),
            ..base
        }
    }
}

/// A limit error as the command line tells it: with the flag that raises it.
pub(crate) fn explain(e: &LimitError) -> String {
    format!("{e}; if that is expected, raise it with {}", e.flag())
}
