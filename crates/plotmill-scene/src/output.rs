//! What a scene is drawn into: the file format and, for PNG, how hard to
//! compress. Here, below both the charts (whose specs name them) and the
//! backends (which act on them), so that each is defined once.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// PNG raster image.
    #[default]
    Png,
    /// SVG vector image with selectable text.
    Svg,
    /// PDF vector document with searchable text (fonts embedded as subsets).
    Pdf,
}

impl Format {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
        }
    }

    /// The format a file name's extension asks for, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// How hard to compress PNG output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    /// Fastest encoding, larger files (the default: bulk rendering).
    #[default]
    Fast,
    /// A balance of size and time.
    Balanced,
    /// Smallest files, slowest.
    Small,
}
