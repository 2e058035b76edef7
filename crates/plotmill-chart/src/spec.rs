//! [`ChartSpec`]: one chart, declared as data. The CLI builds it from its
//! flags, a batch manifest and the HTTP service read it as JSON, and the
//! Python package from keyword arguments; the field names are the CLI's
//! flag names in snake case, and every field has the CLI's default.

use std::num::NonZeroUsize;

use plotmill_data::{CorrMethod, CorrOptions, Table, corr};
use plotmill_scene::Color;
use plotmill_text::FontBook;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    Chart, ChartError, Diagonal, HeatmapOptions, Mask, Matrix, ScatterMatrixOptions, TickLabels,
    heatmap, scatter_matrix,
};

/// One chart to draw from a table: its kind and its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
// A spec is made once per chart and read by reference; boxing the larger
// variant would only add an allocation and `Box::new` at every literal.
#[allow(clippy::large_enum_variant)]
pub enum ChartSpec {
    /// Every numeric column against every other (`plotmill scatter-matrix`).
    ScatterMatrix(ScatterMatrixSpec),
    /// The correlation heatmap (`plotmill heatmap`).
    Heatmap(HeatmapSpec),
}

/// The image format of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// PNG raster image.
    #[default]
    Png,
    /// SVG vector image with selectable text.
    Svg,
}

impl ImageFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }
}

/// How hard to compress PNG output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CompressionLevel {
    /// Fastest encoding (bulk work).
    #[default]
    Fast,
    /// A balance of size and speed.
    Balanced,
    /// Smallest files.
    Small,
}

/// The correlation coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Pearson's product-moment correlation (pandas' default).
    #[default]
    Pearson,
    /// Spearman's rank correlation.
    Spearman,
    /// Kendall's tau-b.
    Kendall,
}

impl From<Method> for CorrMethod {
    fn from(m: Method) -> Self {
        match m {
            Method::Pearson => CorrMethod::Pearson,
            Method::Spearman => CorrMethod::Spearman,
            Method::Kendall => CorrMethod::Kendall,
        }
    }
}

/// Which triangle of a heatmap to hide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MaskSpec {
    /// Every cell.
    #[default]
    None,
    /// Hide the upper triangle.
    Upper,
    /// Hide the lower triangle.
    Lower,
}

/// What the diagonal panels of a scatter matrix show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DiagonalSpec {
    /// The column against itself (what the service drew).
    #[default]
    Scatter,
    /// A histogram of the column.
    Hist,
    /// A kernel density estimate of the column.
    Kde,
}

/// A color: a name (black, white, red, green, blue, gray) or `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColorSpec(pub Color);

impl Serialize for ColorSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_hex())
    }
}

impl<'de> Deserialize<'de> for ColorSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Color::parse(&s).map(ColorSpec).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{s}' is not a color; use a name (black, white, red, green, blue, gray) or #rrggbb"
            ))
        })
    }
}

impl JsonSchema for ColorSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Color".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A color name (black, white, red, green, blue, gray) or #rrggbb",
            "examples": ["black", "#1f77b4"]
        })
    }
}

/// Tick labels of a heatmap axis, as seaborn takes them: `"auto"` (or
/// `true`), `false` (none), a number k (every k-th), or a list of names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TickLabelsSpec(pub TickLabels);

impl Serialize for TickLabelsSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            TickLabels::Auto => s.serialize_str("auto"),
            TickLabels::Hide => s.serialize_bool(false),
            TickLabels::Every(k) => s.serialize_u64(*k as u64),
            TickLabels::Names(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for TickLabelsSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let err = || {
            D::Error::custom(
                "tick labels are \"auto\", true, false, a number k (every k-th) or a list of names",
            )
        };
        let labels = match serde_json::Value::deserialize(d)? {
            serde_json::Value::Bool(true) => TickLabels::Auto,
            serde_json::Value::Bool(false) => TickLabels::Hide,
            serde_json::Value::String(s) => match s.as_str() {
                "auto" | "true" => TickLabels::Auto,
                "false" => TickLabels::Hide,
                n => TickLabels::Every(n.parse().map_err(|_| err())?),
            },
            serde_json::Value::Number(n) => TickLabels::Every(
                n.as_u64()
                    .and_then(|k| usize::try_from(k).ok())
                    .ok_or_else(err)?,
            ),
            serde_json::Value::Array(v) => TickLabels::Names(
                v.into_iter()
                    .map(|x| match x {
                        serde_json::Value::String(s) => Ok(s),
                        other => Ok(other.to_string()),
                    })
                    .collect::<Result<_, D::Error>>()?,
            ),
            _ => return Err(err()),
        };
        Ok(TickLabelsSpec(labels))
    }
}

impl JsonSchema for TickLabelsSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TickLabels".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "\"auto\" (or true), false (none), k (every k-th), or a list of names",
            "anyOf": [
                {"type": "string", "enum": ["auto"]},
                {"type": "boolean"},
                {"type": "integer", "minimum": 1},
                {"type": "array", "items": {"type": "string"}}
            ]
        })
    }
}

/// A scatter matrix; the defaults are the service's chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScatterMatrixSpec {
    /// What the diagonal panels show.
    pub diagonal: DiagonalSpec,
    /// Marker area in points² (matplotlib's `s`).
    pub marker_size: f64,
    /// Marker opacity, 0 to 1.
    pub alpha: f64,
    /// Marker color.
    pub color: ColorSpec,
    /// Figure size in inches, [width, height].
    pub figsize: (f64, f64),
    /// A title above the grid.
    pub title: Option<String>,
    /// Tick marks and labels on the outer panels, as pandas' scatter_matrix.
    pub ticks: bool,
    /// The most columns to draw; more is an error.
    pub max_columns: usize,
    /// Image format.
    pub format: ImageFormat,
    /// Pixels per inch (PNG).
    pub dpi: f64,
    /// PNG compression.
    pub compression: CompressionLevel,
}

impl Default for ScatterMatrixSpec {
    fn default() -> Self {
        let o = ScatterMatrixOptions::default();
        ScatterMatrixSpec {
            diagonal: DiagonalSpec::Scatter,
            marker_size: o.marker_size,
            alpha: o.alpha,
            color: ColorSpec(o.color),
            figsize: o.figsize,
            title: o.title,
            ticks: o.ticks,
            max_columns: o.max_columns,
            format: ImageFormat::Png,
            dpi: 100.0,
            compression: CompressionLevel::Fast,
        }
    }
}

/// A correlation heatmap; the defaults are the service's chart
/// (`sns.heatmap(df.corr(), annot=True, cmap="coolwarm")`, 8×6 in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HeatmapSpec {
    /// The data is already a matrix (first column row names), not data to correlate.
    pub matrix: bool,
    /// The correlation coefficient.
    pub method: Method,
    /// The fewest rows both columns of a pair need for a value (at least 1).
    pub min_periods: usize,
    /// Write the values in the cells.
    pub annot: bool,
    /// Python format spec for the values in cells: .2g, .2f, .1%, d, .3e, …
    pub fmt: String,
    /// Colormap (matplotlib/seaborn name; add _r to reverse).
    pub cmap: String,
    /// Value at the colormap's low end (default: the smallest value).
    pub vmin: Option<f64>,
    /// Value at the colormap's high end (default: the largest value).
    pub vmax: Option<f64>,
    /// Value at the colormap's center.
    pub center: Option<f64>,
    /// Take vmin/vmax from the 2nd/98th percentiles.
    pub robust: bool,
    /// Hide a triangle of the matrix.
    pub mask: MaskSpec,
    /// With a mask: keep the diagonal.
    pub mask_keep_diagonal: bool,
    /// Square cells.
    pub square: bool,
    /// Width of lines between cells, in points.
    pub linewidths: f64,
    /// Color of lines between cells.
    pub linecolor: ColorSpec,
    /// Draw the colorbar.
    pub cbar: bool,
    /// A label beside the colorbar.
    pub cbar_label: Option<String>,
    /// The colorbar's length as a fraction of the axes' height (0 to 1).
    pub cbar_shrink: f64,
    /// Figure size in inches, [width, height].
    pub figsize: (f64, f64),
    /// A title above the chart.
    pub title: Option<String>,
    /// The most rows or columns to draw; more is an error.
    pub max_columns: usize,
    /// Cells to hide, row by row (true hides), besides `mask`.
    pub mask_cells: Option<Vec<bool>>,
    /// The text of each cell, row by row, instead of its value.
    pub annot_labels: Option<Vec<String>>,
    /// Annotation size in points.
    pub annot_size: Option<f64>,
    /// Annotation color for every cell.
    pub annot_color: Option<ColorSpec>,
    /// Column labels.
    pub xticklabels: TickLabelsSpec,
    /// Row labels.
    pub yticklabels: TickLabelsSpec,
    /// Image format.
    pub format: ImageFormat,
    /// Pixels per inch (PNG).
    pub dpi: f64,
    /// PNG compression.
    pub compression: CompressionLevel,
}

impl Default for HeatmapSpec {
    fn default() -> Self {
        let o = HeatmapOptions::default();
        HeatmapSpec {
            matrix: false,
            method: Method::Pearson,
            min_periods: 1,
            annot: o.annot,
            fmt: o.fmt,
            cmap: o.cmap,
            vmin: o.vmin,
            vmax: o.vmax,
            center: o.center,
            robust: o.robust,
            mask: MaskSpec::None,
            mask_keep_diagonal: !o.mask_diagonal,
            square: o.square,
            linewidths: o.linewidths,
            linecolor: ColorSpec(o.linecolor),
            cbar: o.cbar,
            cbar_label: o.cbar_label,
            cbar_shrink: o.cbar_shrink,
            figsize: o.figsize,
            title: o.title,
            max_columns: o.max_columns,
            mask_cells: None,
            annot_labels: None,
            annot_size: None,
            annot_color: None,
            xticklabels: TickLabelsSpec::default(),
            yticklabels: TickLabelsSpec::default(),
            format: ImageFormat::Png,
            dpi: 100.0,
            compression: CompressionLevel::Fast,
        }
    }
}

impl ScatterMatrixSpec {
    /// The drawing options.
    pub fn options(&self) -> ScatterMatrixOptions {
        ScatterMatrixOptions {
            figsize: self.figsize,
            marker_size: self.marker_size,
            alpha: self.alpha,
            color: self.color.0,
            diagonal: match self.diagonal {
                DiagonalSpec::Scatter => Diagonal::Scatter,
                DiagonalSpec::Hist => Diagonal::Hist,
                DiagonalSpec::Kde => Diagonal::Kde,
            },
            max_columns: self.max_columns,
            title: self.title.clone(),
            ticks: self.ticks,
        }
    }
}

impl HeatmapSpec {
    /// The drawing options.
    pub fn options(&self) -> HeatmapOptions {
        HeatmapOptions {
            figsize: self.figsize,
            annot: self.annot,
            fmt: self.fmt.clone(),
            cmap: self.cmap.clone(),
            vmin: self.vmin,
            vmax: self.vmax,
            center: self.center,
            robust: self.robust,
            mask: match self.mask {
                MaskSpec::None => Mask::None,
                MaskSpec::Upper => Mask::Upper,
                MaskSpec::Lower => Mask::Lower,
            },
            mask_diagonal: !self.mask_keep_diagonal,
            square: self.square,
            linewidths: self.linewidths,
            linecolor: self.linecolor.0,
            cbar: self.cbar,
            cbar_label: self.cbar_label.clone(),
            cbar_shrink: self.cbar_shrink,
            title: self.title.clone(),
            max_columns: self.max_columns,
            mask_cells: self.mask_cells.clone(),
            annot_labels: self.annot_labels.clone(),
            annot_size: self.annot_size,
            annot_color: self.annot_color.map(|c| c.0),
            xticklabels: self.xticklabels.0.clone(),
            yticklabels: self.yticklabels.0.clone(),
        }
    }

    /// The matrix this heatmap draws from `table`: its correlations, or the
    /// table itself with `matrix`.
    pub fn to_matrix(&self, table: &Table) -> Result<Matrix, ChartError> {
        if self.matrix {
            return matrix_from_table(table);
        }
        let min_periods = NonZeroUsize::new(self.min_periods).ok_or(ChartError::Invalid {
            option: "min_periods",
            message: "must be at least 1".to_owned(),
        })?;
        let m = corr(
            table,
            &CorrOptions {
                method: self.method.into(),
                min_periods,
            },
        )?;
        Ok(Matrix {
            rows: m.names().to_vec(),
            columns: m.names().to_vec(),
            values: m.values().to_vec(),
        })
    }
}

/// A deserialization error of a spec (or of something holding one) as
/// `path: message`, the message explained as by [`explain_unknown_name`].
/// serde's path of an unknown field ends in that field, which the message
/// names already: the path then points at its parent (`charts[1]`, not
/// `charts[1].cmapp`); at the top the message stands alone.
pub fn describe_spec_error(path: &str, message: &str) -> String {
    let mut path = path;
    if let Some(field) = message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
        && let Some(parent) = path.strip_suffix(field)
    {
        path = parent.trim_end_matches('.');
    }
    match path {
        "" | "." => explain_unknown_name(message),
        _ => format!("{path}: {}", explain_unknown_name(message)),
    }
}

/// serde's message for an unknown variant or field, said plainly, with the
/// nearest expected name when one is near; other messages come back as they
/// are.
///
/// ```
/// let serde = "unknown variant `spearmann`, expected one of `pearson`, `spearman`, `kendall`";
/// assert_eq!(
///     plotmill_chart::explain_unknown_name(serde),
///     "'spearmann' is not one of pearson, spearman, kendall; did you mean 'spearman'?"
/// );
/// ```
pub fn explain_unknown_name(message: &str) -> String {
    let Some(rest) = message
        .strip_prefix("unknown variant ")
        .or_else(|| message.strip_prefix("unknown field "))
    else {
        return message.to_owned();
    };
    // The names are between backticks: the bad one first, then the
    // expected ones.
    let mut names = rest.split('`').skip(1).step_by(2);
    let Some(bad) = names.next() else {
        return message.to_owned();
    };
    let expected: Vec<&str> = names.collect();
    if expected.is_empty() {
        return format!("'{bad}' is not expected here");
    }
    let mut text = format!("'{bad}' is not one of {}", expected.join(", "));
    if let Some(near) = plotmill_scene::closest_name(bad, expected.iter().copied()) {
        text.push_str(&format!("; did you mean '{near}'?"));
    }
    text
}

/// A table read from a matrix file: the reader keeps numeric columns, so the
/// first column's row names are gone; a square matrix (a correlation matrix)
/// has the same names both ways, and other rows are numbered.
pub fn matrix_from_table(table: &Table) -> Result<Matrix, ChartError> {
    if table.columns().is_empty() {
        return Err(ChartError::Invalid {
            option: "matrix",
            message: "no numeric column in the matrix; a matrix has row names in the first column and numbers in the others".to_owned(),
        });
    }
    let columns: Vec<String> = table
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    let rows: Vec<String> = if table.rows() == columns.len() {
        columns.clone()
    } else {
        (0..table.rows()).map(|i| i.to_string()).collect()
    };
    let mut values = Vec::with_capacity(table.rows() * columns.len());
    for r in 0..table.rows() {
        for c in table.columns() {
            values.push(c.values()[r]);
        }
    }
    Ok(Matrix {
        rows,
        columns,
        values,
    })
}

impl ChartSpec {
    /// The chart's name in output file names, as the original service named
    /// its files: `scatter_matrix`, `correlation_heatmap`.
    pub fn file_stem(&self) -> &'static str {
        match self {
            ChartSpec::ScatterMatrix(_) => "scatter_matrix",
            ChartSpec::Heatmap(_) => "correlation_heatmap",
        }
    }

    /// The kind as written in a spec: `scatter-matrix`, `heatmap`.
    pub fn kind(&self) -> &'static str {
        match self {
            ChartSpec::ScatterMatrix(_) => "scatter-matrix",
            ChartSpec::Heatmap(_) => "heatmap",
        }
    }

    /// Every kind's default spec, in the order the service drew them.
    pub fn defaults() -> [ChartSpec; 2] {
        [
            ChartSpec::ScatterMatrix(ScatterMatrixSpec::default()),
            ChartSpec::Heatmap(HeatmapSpec::default()),
        ]
    }

    /// The kinds' names, as written in a spec: `scatter-matrix`, `heatmap`.
    pub fn kinds() -> [&'static str; 2] {
        ChartSpec::defaults().map(|s| s.kind())
    }

    /// The default spec of a kind, by its name.
    pub fn from_kind(kind: &str) -> Option<ChartSpec> {
        ChartSpec::defaults().into_iter().find(|s| s.kind() == kind)
    }

    /// The image format.
    pub fn format(&self) -> ImageFormat {
        match self {
            ChartSpec::ScatterMatrix(s) => s.format,
            ChartSpec::Heatmap(s) => s.format,
        }
    }

    /// Pixels per inch.
    pub fn dpi(&self) -> f64 {
        match self {
            ChartSpec::ScatterMatrix(s) => s.dpi,
            ChartSpec::Heatmap(s) => s.dpi,
        }
    }

    /// The figure's width and height in inches.
    pub fn figsize(&self) -> (f64, f64) {
        match self {
            ChartSpec::ScatterMatrix(s) => s.figsize,
            ChartSpec::Heatmap(s) => s.figsize,
        }
    }

    /// PNG compression.
    pub fn compression(&self) -> CompressionLevel {
        match self {
            ChartSpec::ScatterMatrix(s) => s.compression,
            ChartSpec::Heatmap(s) => s.compression,
        }
    }

    /// The most numeric columns the chart draws (its `max_columns`).
    pub fn max_columns(&self) -> usize {
        match self {
            ChartSpec::ScatterMatrix(s) => s.max_columns,
            ChartSpec::Heatmap(s) => s.max_columns,
        }
    }

    /// The free text the spec puts on the chart (titles, labels), for
    /// length limits.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        let (a, b) = match self {
            ChartSpec::ScatterMatrix(s) => (s.title.as_deref(), None),
            ChartSpec::Heatmap(s) => (s.title.as_deref(), s.cbar_label.as_deref()),
        };
        a.into_iter().chain(b)
    }

    /// All the text the spec itself puts on the chart: its labels, tick
    /// label names and cell labels (the data's column names come on top),
    /// so that fonts for them are found before layout.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        let (ticks, cells): (Vec<&str>, &[String]) = match self {
            ChartSpec::ScatterMatrix(_) => (Vec::new(), &[]),
            ChartSpec::Heatmap(s) => (
                [&s.xticklabels.0, &s.yticklabels.0]
                    .into_iter()
                    .flat_map(|t| match t {
                        TickLabels::Names(v) => v.as_slice(),
                        _ => &[],
                    })
                    .map(String::as_str)
                    .collect(),
                s.annot_labels.as_deref().unwrap_or_default(),
            ),
        };
        self.labels()
            .chain(ticks)
            .chain(cells.iter().map(String::as_str))
    }

    /// Builds the chart from `table`.
    pub fn build(&self, table: &Table, fonts: &FontBook) -> Result<Chart, ChartError> {
        use plotmill_stage::{Stage, enter};
        match self {
            ChartSpec::ScatterMatrix(s) => {
                let _stage = enter(Stage::Layout);
                scatter_matrix(table, &s.options(), fonts)
            }
            ChartSpec::Heatmap(s) => {
                let matrix = {
                    let _stage = enter(Stage::Statistics);
                    s.to_matrix(table)?
                };
                let _stage = enter(Stage::Layout);
                heatmap(&matrix, &s.options(), fonts)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_what_json_leaves_out() {
        let spec: ChartSpec =
            serde_json::from_str(r#"{"kind": "heatmap", "method": "spearman"}"#).unwrap();
        let want = ChartSpec::Heatmap(HeatmapSpec {
            method: Method::Spearman,
            ..HeatmapSpec::default()
        });
        assert_eq!(spec, want);
        assert_eq!(spec.file_stem(), "correlation_heatmap");
    }

    #[test]
    fn json_round_trips() {
        let spec = ChartSpec::ScatterMatrix(ScatterMatrixSpec {
            color: ColorSpec(Color::rgb(1.0, 0.0, 0.0)),
            figsize: (6.0, 4.0),
            title: Some("t".into()),
            ..ScatterMatrixSpec::default()
        });
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(serde_json::from_str::<ChartSpec>(&json).unwrap(), spec);
    }

    #[test]
    fn unknown_fields_and_bad_values_are_named() {
        let e = serde_json::from_str::<ChartSpec>(r#"{"kind": "heatmap", "cmapp": "x"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `cmapp`"), "{e}");
        let e = serde_json::from_str::<ChartSpec>(r#"{"kind": "pie"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown variant `pie`"), "{e}");
        let e =
            serde_json::from_str::<ChartSpec>(r#"{"kind": "scatter-matrix", "color": "mauve"}"#)
                .unwrap_err()
                .to_string();
        assert!(e.contains("'mauve' is not a color"), "{e}");
    }
}
