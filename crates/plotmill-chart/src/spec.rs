//! [`ChartSpec`]: one chart, declared as data: what to draw
//! ([`ChartKind`], whose options struct is the chart's own, such as
//! [`HeatmapOptions`]) and how to write it ([`Output`]). The command line
//! builds it from its flags, a batch manifest and the HTTP service read it
//! as JSON, and the Python package from keyword arguments; each option is
//! defined once, in its chart's options struct, with its default.
//!
//! In JSON a spec is one flat object, as it always was: `kind`, the
//! chart's options and the output's, any left out taking its default:
//!
//! ```json
//! {"kind": "heatmap", "cmap": "viridis", "figsize": [6, 4], "format": "svg"}
//! ```

use plotmill_data::{CorrOptions, Table, corr};
use plotmill_scene::{Compression, Format};
use plotmill_text::{FontBook, Fonts};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    BarplotOptions, BoxplotOptions, Chart, ChartError, ClustermapOptions, CountplotOptions,
    HeatmapOptions, HistplotOptions, KdeplotOptions, LineplotOptions, Matrix, PairplotOptions,
    PointplotOptions, ScatterMatrixOptions, StripplotOptions, SwarmplotOptions, TickLabels,
    ViolinplotOptions, barplot, boxplot, clustermap, countplot, heatmap, histplot, kdeplot,
    lineplot, pairplot, pointplot, scatter_matrix, stripplot, swarmplot, violinplot,
};

/// One chart to draw from a table: its kind with its options, and its
/// output.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// What to draw.
    pub chart: ChartKind,
    /// How to write it.
    pub output: Output,
}

/// A chart kind with its options.
#[derive(Debug, Clone, PartialEq)]
// A spec is made once per chart and read by reference; boxing the larger
// variant would only add an allocation and `Box::new` at every literal.
#[allow(clippy::large_enum_variant)]
pub enum ChartKind {
    /// Every numeric column against every other (`plotmill scatter-matrix`).
    ScatterMatrix(ScatterMatrixOptions),
    /// The correlation heatmap (`plotmill heatmap`).
    Heatmap(HeatmapOptions),
    /// seaborn's histogram of a column, split by a hue (`plotmill histplot`).
    Histplot(HistplotOptions),
    /// seaborn's density curve of a column, split by a hue (`plotmill kdeplot`).
    Kdeplot(KdeplotOptions),
    /// seaborn's pair plot: every variable against every other, coloured
    /// by a hue (`plotmill pairplot`).
    Pairplot(PairplotOptions),
    /// seaborn's box plot of a column by category (`plotmill boxplot`).
    Boxplot(BoxplotOptions),
    /// seaborn's bars of an estimate by category, with error bars
    /// (`plotmill barplot`).
    Barplot(BarplotOptions),
    /// seaborn's bars of counts by category (`plotmill countplot`).
    Countplot(CountplotOptions),
    /// seaborn's violins: densities by category (`plotmill violinplot`).
    Violinplot(ViolinplotOptions),
    /// seaborn's strip plot: every value by category (`plotmill stripplot`).
    Stripplot(StripplotOptions),
    /// seaborn's swarm plot: every value by category, none overlapping
    /// (`plotmill swarmplot`).
    Swarmplot(SwarmplotOptions),
    /// seaborn's line plot: y against numbers or dates, an estimate and
    /// band at each x (`plotmill lineplot`).
    Lineplot(LineplotOptions),
    /// seaborn's point plot: estimates and error bars by category, joined
    /// (`plotmill pointplot`).
    Pointplot(PointplotOptions),
    /// seaborn's clustermap: a heatmap with its rows and columns in the
    /// order of a hierarchical clustering, and the dendrograms
    /// (`plotmill clustermap`).
    Clustermap(ClustermapOptions),
}

impl From<ClustermapOptions> for ChartKind {
    fn from(o: ClustermapOptions) -> Self {
        ChartKind::Clustermap(o)
    }
}

impl From<ScatterMatrixOptions> for ChartKind {
    fn from(o: ScatterMatrixOptions) -> Self {
        ChartKind::ScatterMatrix(o)
    }
}

impl From<HeatmapOptions> for ChartKind {
    fn from(o: HeatmapOptions) -> Self {
        ChartKind::Heatmap(o)
    }
}

impl From<HistplotOptions> for ChartKind {
    fn from(o: HistplotOptions) -> Self {
        ChartKind::Histplot(o)
    }
}

impl From<KdeplotOptions> for ChartKind {
    fn from(o: KdeplotOptions) -> Self {
        ChartKind::Kdeplot(o)
    }
}

impl From<PairplotOptions> for ChartKind {
    fn from(o: PairplotOptions) -> Self {
        ChartKind::Pairplot(o)
    }
}

impl From<BoxplotOptions> for ChartKind {
    fn from(o: BoxplotOptions) -> Self {
        ChartKind::Boxplot(o)
    }
}

impl From<BarplotOptions> for ChartKind {
    fn from(o: BarplotOptions) -> Self {
        ChartKind::Barplot(o)
    }
}

impl From<CountplotOptions> for ChartKind {
    fn from(o: CountplotOptions) -> Self {
        ChartKind::Countplot(o)
    }
}

impl From<ViolinplotOptions> for ChartKind {
    fn from(o: ViolinplotOptions) -> Self {
        ChartKind::Violinplot(o)
    }
}

impl From<StripplotOptions> for ChartKind {
    fn from(o: StripplotOptions) -> Self {
        ChartKind::Stripplot(o)
    }
}

impl From<SwarmplotOptions> for ChartKind {
    fn from(o: SwarmplotOptions) -> Self {
        ChartKind::Swarmplot(o)
    }
}

impl From<LineplotOptions> for ChartKind {
    fn from(o: LineplotOptions) -> Self {
        ChartKind::Lineplot(o)
    }
}

impl From<PointplotOptions> for ChartKind {
    fn from(o: PointplotOptions) -> Self {
        ChartKind::Pointplot(o)
    }
}

impl<T: Into<ChartKind>> From<T> for ChartSpec {
    /// The chart with the default output (PNG at 100 dpi).
    fn from(chart: T) -> Self {
        ChartSpec {
            chart: chart.into(),
            output: Output::default(),
        }
    }
}

/// How a chart is written: the format, its resolution and compression.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Output {
    /// Image format.
    pub format: Format,
    /// Pixels per inch (PNG), from 1 to 10,000.
    pub dpi: f64,
    /// PNG compression.
    pub compression: Compression,
}

impl Default for Output {
    fn default() -> Self {
        Output {
            format: Format::Png,
            dpi: 100.0,
            compression: Compression::Fast,
        }
    }
}

/// The output's field names, as a spec writes them.
const OUTPUT_FIELDS: [&str; 3] = ["format", "dpi", "compression"];

impl Serialize for TickLabels {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TickLabels::Auto => s.serialize_str("auto"),
            TickLabels::Hide => s.serialize_bool(false),
            TickLabels::Every(k) => s.serialize_u64(*k as u64),
            TickLabels::Names(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for TickLabels {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let err = || {
            D::Error::custom(
                "tick labels are \"auto\", true, false, a number k (every k-th) or a list of names",
            )
        };
        Ok(match serde_json::Value::deserialize(d)? {
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
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect(),
            ),
            _ => return Err(err()),
        })
    }
}

impl JsonSchema for TickLabels {
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

impl Serialize for ChartSpec {
    /// One flat object: `kind`, the chart's options, the output's.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let chart = match &self.chart {
            ChartKind::ScatterMatrix(o) => serde_json::to_value(o),
            ChartKind::Heatmap(o) => serde_json::to_value(o),
            ChartKind::Histplot(o) => serde_json::to_value(o),
            ChartKind::Kdeplot(o) => serde_json::to_value(o),
            ChartKind::Pairplot(o) => serde_json::to_value(o),
            ChartKind::Boxplot(o) => serde_json::to_value(o),
            ChartKind::Barplot(o) => serde_json::to_value(o),
            ChartKind::Countplot(o) => serde_json::to_value(o),
            ChartKind::Violinplot(o) => serde_json::to_value(o),
            ChartKind::Stripplot(o) => serde_json::to_value(o),
            ChartKind::Swarmplot(o) => serde_json::to_value(o),
            ChartKind::Pointplot(o) => serde_json::to_value(o),
            ChartKind::Lineplot(o) => serde_json::to_value(o),
            ChartKind::Clustermap(o) => serde_json::to_value(o),
        }
        .map_err(S::Error::custom)?;
        let output = serde_json::to_value(self.output).map_err(S::Error::custom)?;
        let mut map = serde_json::Map::new();
        map.insert("kind".to_owned(), self.kind().into());
        for part in [chart, output] {
            if let serde_json::Value::Object(fields) = part {
                map.extend(fields);
            }
        }
        map.serialize(s)
    }
}

impl<'de> Deserialize<'de> for ChartSpec {
    /// Reads the flat object: `kind` picks the options struct, the output's
    /// fields are taken out for [`Output`], and the rest are the chart's.
    /// An error names the field (`figsize: invalid type …`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut fields = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let kind = match fields.remove("kind") {
            Some(serde_json::Value::String(kind)) => kind,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "kind: {other} is not a chart kind; give one of {}",
                    ChartSpec::kinds().join(", ")
                )));
            }
            None => return Err(D::Error::missing_field("kind")),
        };
        let Some(default) = ChartSpec::from_kind(&kind) else {
            // serde's own wording, which explain_unknown_name says plainly.
            let expected: Vec<String> = ChartSpec::kinds()
                .iter()
                .map(|k| format!("`{k}`"))
                .collect();
            return Err(D::Error::custom(format!(
                "unknown variant `{kind}`, expected one of {}",
                expected.join(", ")
            )));
        };
        let mut output = serde_json::Map::new();
        for name in OUTPUT_FIELDS {
            if let Some(value) = fields.remove(name) {
                output.insert(name.to_owned(), value);
            }
        }
        let output: Output = from_fields(output).map_err(D::Error::custom)?;
        let chart = match default.chart {
            ChartKind::ScatterMatrix(_) => from_fields(fields).map(ChartKind::ScatterMatrix),
            ChartKind::Heatmap(_) => from_fields(fields).map(ChartKind::Heatmap),
            ChartKind::Histplot(_) => from_fields(fields).map(ChartKind::Histplot),
            ChartKind::Kdeplot(_) => from_fields(fields).map(ChartKind::Kdeplot),
            ChartKind::Pairplot(_) => from_fields(fields).map(ChartKind::Pairplot),
            ChartKind::Boxplot(_) => from_fields(fields).map(ChartKind::Boxplot),
            ChartKind::Barplot(_) => from_fields(fields).map(ChartKind::Barplot),
            ChartKind::Countplot(_) => from_fields(fields).map(ChartKind::Countplot),
            ChartKind::Violinplot(_) => from_fields(fields).map(ChartKind::Violinplot),
            ChartKind::Stripplot(_) => from_fields(fields).map(ChartKind::Stripplot),
            ChartKind::Swarmplot(_) => from_fields(fields).map(ChartKind::Swarmplot),
            ChartKind::Pointplot(_) => from_fields(fields).map(ChartKind::Pointplot),
            ChartKind::Lineplot(_) => from_fields(fields).map(ChartKind::Lineplot),
            ChartKind::Clustermap(_) => from_fields(fields).map(ChartKind::Clustermap),
        }
        .map_err(D::Error::custom)?;
        Ok(ChartSpec { chart, output })
    }
}

/// A struct from its fields, an error naming the field at fault: `dpi:
/// invalid type …`, or serde's unknown-field message with the output's
/// fields among those expected (they are read beside every chart's).
fn from_fields<T: serde::de::DeserializeOwned>(
    fields: serde_json::Map<String, serde_json::Value>,
) -> Result<T, String> {
    serde_path_to_error::deserialize(serde_json::Value::Object(fields)).map_err(|e| {
        let message = e.inner().to_string();
        if message.starts_with("unknown field") {
            let mut message = message;
            for name in OUTPUT_FIELDS {
                message.push_str(&format!(", `{name}`"));
            }
            return message;
        }
        match e.path().to_string().as_str() {
            "" | "." => message,
            path => format!("{path}: {message}"),
        }
    })
}

impl JsonSchema for ChartSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ChartSpec".into()
    }

    /// One object schema per kind: `kind`, the chart's options and the
    /// output's, nothing else.
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let output = Output::json_schema(generator);
        let kinds: Vec<serde_json::Value> = ChartSpec::defaults()
            .iter()
            .map(|spec| {
                let (mut schema, description) = match spec.chart {
                    ChartKind::ScatterMatrix(_) => (
                        ScatterMatrixOptions::json_schema(generator),
                        "Every numeric column against every other (`plotmill scatter-matrix`).",
                    ),
                    ChartKind::Heatmap(_) => (
                        HeatmapOptions::json_schema(generator),
                        "The correlation heatmap (`plotmill heatmap`).",
                    ),
                    ChartKind::Histplot(_) => (
                        HistplotOptions::json_schema(generator),
                        "seaborn's histogram of a column, split by a hue (`plotmill histplot`).",
                    ),
                    ChartKind::Kdeplot(_) => (
                        KdeplotOptions::json_schema(generator),
                        "seaborn's density curve of a column, split by a hue (`plotmill kdeplot`).",
                    ),
                    ChartKind::Pairplot(_) => (
                        PairplotOptions::json_schema(generator),
                        "seaborn's pair plot: every variable against every other, coloured by a hue (`plotmill pairplot`).",
                    ),
                    ChartKind::Boxplot(_) => (
                        BoxplotOptions::json_schema(generator),
                        "seaborn's box plot of a column by category (`plotmill boxplot`).",
                    ),
                    ChartKind::Barplot(_) => (
                        BarplotOptions::json_schema(generator),
                        "seaborn's bars of an estimate by category, with error bars (`plotmill barplot`).",
                    ),
                    ChartKind::Countplot(_) => (
                        CountplotOptions::json_schema(generator),
                        "seaborn's bars of counts by category (`plotmill countplot`).",
                    ),
                    ChartKind::Violinplot(_) => (
                        ViolinplotOptions::json_schema(generator),
                        "seaborn's violins: densities by category (`plotmill violinplot`).",
                    ),
                    ChartKind::Stripplot(_) => (
                        StripplotOptions::json_schema(generator),
                        "seaborn's strip plot: every value by category (`plotmill stripplot`).",
                    ),
                    ChartKind::Swarmplot(_) => (
                        SwarmplotOptions::json_schema(generator),
                        "seaborn's swarm plot: every value by category, none overlapping (`plotmill swarmplot`).",
                    ),
                    ChartKind::Pointplot(_) => (
                        PointplotOptions::json_schema(generator),
                        "seaborn's point plot: estimates and error bars by category, joined (`plotmill pointplot`).",
                    ),
                    ChartKind::Lineplot(_) => (
                        LineplotOptions::json_schema(generator),
                        "seaborn's line plot: y against numbers or dates, an estimate and band at each x (`plotmill lineplot`).",
                    ),
                    ChartKind::Clustermap(_) => (
                        ClustermapOptions::json_schema(generator),
                        "seaborn's clustermap: a heatmap ordered by hierarchical clustering, with dendrograms (`plotmill clustermap`).",
                    ),
                };
                let object = schema.ensure_object();
                object.insert("description".to_owned(), description.into());
                let properties = object
                    .entry("properties")
                    .or_insert_with(|| serde_json::json!({}));
                if let Some(properties) = properties.as_object_mut() {
                    let mut all = serde_json::Map::new();
                    all.insert(
                        "kind".to_owned(),
                        serde_json::json!({"type": "string", "const": spec.kind()}),
                    );
                    all.append(properties);
                    if let Some(out) = output.get("properties").and_then(|p| p.as_object()) {
                        all.extend(out.clone());
                    }
                    *properties = all;
                }
                object.insert("required".to_owned(), serde_json::json!(["kind"]));
                schema.to_value()
            })
            .collect();
        schemars::json_schema!({
            "description": "One chart: its kind, its options and its output, in one object; what is left out takes its default.",
            "oneOf": kinds
        })
    }
}

impl HeatmapOptions {
    /// The matrix this heatmap draws from `table`: its correlations, or the
    /// table itself with `matrix`.
    pub fn to_matrix(&self, table: &Table) -> Result<Matrix, ChartError> {
        if self.matrix {
            return matrix_from_table(table);
        }
        let min_periods =
            std::num::NonZeroUsize::new(self.min_periods).ok_or(ChartError::Invalid {
                option: "min_periods",
                message: "must be at least 1".to_owned(),
            })?;
        let m = corr(
            table,
            &CorrOptions {
                method: self.method,
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
    // A spec's reader names the field it was reading (`figsize: invalid
    // type …`): it joins the path.
    if let Some((field, rest)) = field_of(message) {
        let path = match path {
            "" | "." => field.to_owned(),
            _ => format!("{path}.{field}"),
        };
        return describe_spec_error(&path, rest);
    }
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

/// The field a spec error's message begins with (`dpi: invalid type …`),
/// and the rest of the message.
pub fn field_of(message: &str) -> Option<(&str, &str)> {
    let (field, rest) = message.split_once(": ")?;
    let plain = field.starts_with(|c: char| c.is_ascii_lowercase())
        && field
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.[]".contains(&b));
    plain.then_some((field, rest))
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

/// The tick labels given by name.
fn named_ticks(labels: [&TickLabels; 2]) -> impl Iterator<Item = &str> {
    labels
        .into_iter()
        .flat_map(|t| match t {
            TickLabels::Names(v) => v.as_slice(),
            _ => &[],
        })
        .map(String::as_str)
}

/// The names a one-column chart puts on its page from its spec: its
/// column, its hue and the hue's levels as given.
fn column_texts<'a>(
    x: &'a str,
    hue: &'a Option<String>,
    hue_order: &'a Option<Vec<String>>,
) -> Vec<&'a str> {
    hue_order
        .iter()
        .flatten()
        .map(String::as_str)
        .chain(hue.as_deref())
        .chain([x])
        .collect()
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
        match self.chart {
            ChartKind::ScatterMatrix(_) => "scatter_matrix",
            ChartKind::Heatmap(_) => "correlation_heatmap",
            ChartKind::Histplot(_) => "histplot",
            ChartKind::Kdeplot(_) => "kdeplot",
            ChartKind::Pairplot(_) => "pairplot",
            ChartKind::Boxplot(_) => "boxplot",
            ChartKind::Barplot(_) => "barplot",
            ChartKind::Countplot(_) => "countplot",
            ChartKind::Violinplot(_) => "violinplot",
            ChartKind::Stripplot(_) => "stripplot",
            ChartKind::Swarmplot(_) => "swarmplot",
            ChartKind::Pointplot(_) => "pointplot",
            ChartKind::Lineplot(_) => "lineplot",
            ChartKind::Clustermap(_) => "clustermap",
        }
    }

    /// The kind as written in a spec: `scatter-matrix`, `heatmap`.
    pub fn kind(&self) -> &'static str {
        match self.chart {
            ChartKind::ScatterMatrix(_) => "scatter-matrix",
            ChartKind::Heatmap(_) => "heatmap",
            ChartKind::Histplot(_) => "histplot",
            ChartKind::Kdeplot(_) => "kdeplot",
            ChartKind::Pairplot(_) => "pairplot",
            ChartKind::Boxplot(_) => "boxplot",
            ChartKind::Barplot(_) => "barplot",
            ChartKind::Countplot(_) => "countplot",
            ChartKind::Violinplot(_) => "violinplot",
            ChartKind::Stripplot(_) => "stripplot",
            ChartKind::Swarmplot(_) => "swarmplot",
            ChartKind::Pointplot(_) => "pointplot",
            ChartKind::Lineplot(_) => "lineplot",
            ChartKind::Clustermap(_) => "clustermap",
        }
    }

    /// Every kind's default spec: the service's two first, in the order it
    /// drew them.
    pub fn defaults() -> [ChartSpec; 14] {
        [
            ScatterMatrixOptions::default().into(),
            HeatmapOptions::default().into(),
            HistplotOptions::default().into(),
            KdeplotOptions::default().into(),
            PairplotOptions::default().into(),
            BoxplotOptions::default().into(),
            BarplotOptions::default().into(),
            CountplotOptions::default().into(),
            ViolinplotOptions::default().into(),
            StripplotOptions::default().into(),
            SwarmplotOptions::default().into(),
            LineplotOptions::default().into(),
            PointplotOptions::default().into(),
            ClustermapOptions::default().into(),
        ]
    }

    /// The charts the original service drew for every data set (and a batch
    /// draws when it is told none): the scatter matrix and the heatmap.
    pub fn service_charts() -> [ChartSpec; 2] {
        [
            ScatterMatrixOptions::default().into(),
            HeatmapOptions::default().into(),
        ]
    }

    /// The kinds' names, as written in a spec: `scatter-matrix`, `heatmap`,
    /// `histplot`, `kdeplot`, `pairplot`, `boxplot`, `barplot`, `countplot`,
    /// `violinplot`, `stripplot`, `swarmplot`, `lineplot`, `pointplot`,
    /// `clustermap`.
    pub fn kinds() -> [&'static str; 14] {
        ChartSpec::defaults().map(|s| s.kind())
    }

    /// The kinds as a sentence: `scatter-matrix, heatmap and histplot`.
    pub fn kinds_text() -> String {
        let kinds = ChartSpec::kinds();
        match kinds.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => kinds.join(""),
        }
    }

    /// The columns whose cells a reader must keep as labels for this chart
    /// (its `hue`), see `CsvOptions::labels`.
    pub fn label_columns(&self) -> Vec<String> {
        match &self.chart {
            ChartKind::Histplot(o) => o.hue.iter().cloned().collect(),
            ChartKind::Kdeplot(o) => o.hue.iter().cloned().collect(),
            ChartKind::Pairplot(o) => o.hue.iter().cloned().collect(),
            ChartKind::Boxplot(o) => o.label_columns(),
            ChartKind::Barplot(o) => o.label_columns(),
            ChartKind::Countplot(o) => o.label_columns(),
            ChartKind::Violinplot(o) => o.label_columns(),
            ChartKind::Stripplot(o) => o.label_columns(),
            ChartKind::Swarmplot(o) => o.label_columns(),
            ChartKind::Pointplot(o) => o.label_columns(),
            ChartKind::Lineplot(o) => o.label_columns(),
            ChartKind::Clustermap(o) => o.label_columns(),
            ChartKind::ScatterMatrix(_) | ChartKind::Heatmap(_) => Vec::new(),
        }
    }

    /// The default spec of a kind, by its name.
    pub fn from_kind(kind: &str) -> Option<ChartSpec> {
        ChartSpec::defaults().into_iter().find(|s| s.kind() == kind)
    }

    /// The figure's width and height in inches (a pair plot's as far as
    /// the spec tells: its panels, one each way when the data's columns
    /// decide).
    pub fn figsize(&self) -> (f64, f64) {
        match &self.chart {
            ChartKind::ScatterMatrix(o) => o.figsize,
            ChartKind::Heatmap(o) => o.figsize,
            ChartKind::Histplot(o) => o.figsize,
            ChartKind::Kdeplot(o) => o.figsize,
            ChartKind::Boxplot(o) => o.figsize,
            ChartKind::Barplot(o) => o.figsize,
            ChartKind::Countplot(o) => o.figsize,
            ChartKind::Violinplot(o) => o.figsize,
            ChartKind::Stripplot(o) => o.figsize,
            ChartKind::Swarmplot(o) => o.figsize,
            ChartKind::Pointplot(o) => o.figsize,
            ChartKind::Lineplot(o) => o.figsize,
            ChartKind::Clustermap(o) => o.figsize,
            ChartKind::Pairplot(o) => {
                let count = |v: &Option<Vec<String>>| {
                    v.as_ref().or(o.vars.as_ref()).map_or(1, Vec::len).max(1) as f64
                };
                (
                    count(&o.x_vars) * o.height * o.aspect,
                    count(&o.y_vars) * o.height,
                )
            }
        }
    }

    /// Where the figure's axes go.
    pub fn layout(&self) -> crate::Layout {
        match &self.chart {
            ChartKind::ScatterMatrix(o) => o.layout,
            ChartKind::Heatmap(o) => o.layout,
            ChartKind::Histplot(o) => o.layout,
            ChartKind::Kdeplot(o) => o.layout,
            ChartKind::Pairplot(o) => o.layout,
            ChartKind::Boxplot(o) => o.layout,
            ChartKind::Barplot(o) => o.layout,
            ChartKind::Countplot(o) => o.layout,
            ChartKind::Violinplot(o) => o.layout,
            ChartKind::Stripplot(o) => o.layout,
            ChartKind::Swarmplot(o) => o.layout,
            ChartKind::Pointplot(o) => o.layout,
            ChartKind::Lineplot(o) => o.layout,
            ChartKind::Clustermap(o) => o.layout,
        }
    }

    /// The same chart with its axes placed by `layout`.
    pub fn with_layout(mut self, layout: crate::Layout) -> Self {
        match &mut self.chart {
            ChartKind::ScatterMatrix(o) => o.layout = layout,
            ChartKind::Heatmap(o) => o.layout = layout,
            ChartKind::Histplot(o) => o.layout = layout,
            ChartKind::Kdeplot(o) => o.layout = layout,
            ChartKind::Pairplot(o) => o.layout = layout,
            ChartKind::Boxplot(o) => o.layout = layout,
            ChartKind::Barplot(o) => o.layout = layout,
            ChartKind::Countplot(o) => o.layout = layout,
            ChartKind::Violinplot(o) => o.layout = layout,
            ChartKind::Stripplot(o) => o.layout = layout,
            ChartKind::Swarmplot(o) => o.layout = layout,
            ChartKind::Pointplot(o) => o.layout = layout,
            ChartKind::Lineplot(o) => o.layout = layout,
            ChartKind::Clustermap(o) => o.layout = layout,
        }
        self
    }

    /// The most numeric columns the chart draws (its `max_columns`); a
    /// histogram draws one whatever the table holds.
    pub fn max_columns(&self) -> usize {
        match &self.chart {
            ChartKind::ScatterMatrix(o) => o.max_columns,
            ChartKind::Heatmap(o) => o.max_columns,
            ChartKind::Histplot(_)
            | ChartKind::Kdeplot(_)
            | ChartKind::Boxplot(_)
            | ChartKind::Barplot(_)
            | ChartKind::Countplot(_)
            | ChartKind::Violinplot(_)
            | ChartKind::Stripplot(_)
            | ChartKind::Swarmplot(_)
            | ChartKind::Lineplot(_)
            | ChartKind::Clustermap(_)
            | ChartKind::Pointplot(_) => usize::MAX,
            // Every numeric column is drawn unless the variables are named.
            ChartKind::Pairplot(o) => {
                if o.vars.is_some() || (o.x_vars.is_some() && o.y_vars.is_some()) {
                    usize::MAX
                } else {
                    o.max_vars
                }
            }
        }
    }

    /// The free text the spec puts on the chart (titles, labels), for
    /// length limits.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        let (a, b) = match &self.chart {
            ChartKind::ScatterMatrix(o) => (o.title.as_deref(), None),
            ChartKind::Heatmap(o) => (o.title.as_deref(), o.cbar_label.as_deref()),
            ChartKind::Histplot(o) => (o.title.as_deref(), None),
            ChartKind::Kdeplot(o) => (o.title.as_deref(), None),
            ChartKind::Pairplot(o) => (o.title.as_deref(), None),
            ChartKind::Boxplot(o) => (o.title.as_deref(), None),
            ChartKind::Barplot(o) => (o.title.as_deref(), None),
            ChartKind::Countplot(o) => (o.title.as_deref(), None),
            ChartKind::Violinplot(o) => (o.title.as_deref(), None),
            ChartKind::Stripplot(o) => (o.title.as_deref(), None),
            ChartKind::Swarmplot(o) => (o.title.as_deref(), None),
            ChartKind::Pointplot(o) => (o.title.as_deref(), None),
            ChartKind::Lineplot(o) => (o.title.as_deref(), None),
            ChartKind::Clustermap(o) => (o.cbar_label.as_deref(), None),
        };
        a.into_iter().chain(b)
    }

    /// All the text the spec itself puts on the chart: its labels, tick
    /// label names and cell labels (the data's column names come on top),
    /// so that fonts for them are found before layout.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        let (ticks, cells): (Vec<&str>, &[String]) = match &self.chart {
            ChartKind::ScatterMatrix(_) => (Vec::new(), &[]),
            ChartKind::Boxplot(o) => (o.texts(), &[]),
            ChartKind::Barplot(o) => (o.texts(), &[]),
            ChartKind::Countplot(o) => (o.texts(), &[]),
            ChartKind::Violinplot(o) => (o.texts(), &[]),
            ChartKind::Stripplot(o) => (o.texts(), &[]),
            ChartKind::Swarmplot(o) => (o.texts(), &[]),
            ChartKind::Pointplot(o) => (o.texts(), &[]),
            ChartKind::Lineplot(o) => (column_texts(&o.x, &o.hue, &o.hue_order), &[]),
            ChartKind::Clustermap(o) => (
                named_ticks([&o.xticklabels, &o.yticklabels])
                    .chain(o.index.as_deref())
                    .collect(),
                &[],
            ),
            ChartKind::Histplot(o) => (column_texts(&o.x, &o.hue, &o.hue_order), &[]),
            ChartKind::Kdeplot(o) => (column_texts(&o.x, &o.hue, &o.hue_order), &[]),
            ChartKind::Pairplot(o) => (
                [&o.vars, &o.x_vars, &o.y_vars, &o.hue_order]
                    .into_iter()
                    .flatten()
                    .flatten()
                    .chain(&o.hue)
                    .map(String::as_str)
                    .collect(),
                &[],
            ),
            ChartKind::Heatmap(o) => (
                named_ticks([&o.xticklabels, &o.yticklabels]).collect(),
                o.annot_labels.as_deref().unwrap_or_default(),
            ),
        };
        self.labels()
            .chain(ticks)
            .chain(cells.iter().map(String::as_str))
    }

    /// Builds the chart from `table`, its text measured as matplotlib
    /// measures it for the output: each glyph hinted at the dpi for a PNG
    /// (its Agg backend), by the glyphs' outlines for SVG and PDF.
    pub fn build(&self, table: &Table, fonts: &FontBook) -> Result<Chart, ChartError> {
        let fonts = match self.output.format {
            Format::Png => Fonts::hinted(fonts, self.output.dpi),
            _ => Fonts::outlines(fonts),
        };
        use plotmill_stage::{Stage, enter};
        match &self.chart {
            ChartKind::ScatterMatrix(o) => {
                let _stage = enter(Stage::Layout);
                scatter_matrix(table, o, fonts)
            }
            ChartKind::Heatmap(o) => {
                let matrix = {
                    let _stage = enter(Stage::Statistics);
                    o.to_matrix(table)?
                };
                let _stage = enter(Stage::Layout);
                heatmap(&matrix, o, fonts)
            }
            ChartKind::Histplot(o) => {
                let _stage = enter(Stage::Layout);
                histplot(table, o, fonts)
            }
            ChartKind::Kdeplot(o) => {
                let _stage = enter(Stage::Layout);
                kdeplot(table, o, fonts)
            }
            ChartKind::Pairplot(o) => {
                let _stage = enter(Stage::Layout);
                pairplot(table, o, fonts)
            }
            ChartKind::Boxplot(o) => {
                let _stage = enter(Stage::Layout);
                boxplot(table, o, fonts)
            }
            ChartKind::Barplot(o) => {
                let _stage = enter(Stage::Layout);
                barplot(table, o, fonts)
            }
            ChartKind::Countplot(o) => {
                let _stage = enter(Stage::Layout);
                countplot(table, o, fonts)
            }
            ChartKind::Violinplot(o) => {
                let _stage = enter(Stage::Layout);
                violinplot(table, o, fonts)
            }
            ChartKind::Stripplot(o) => {
                let _stage = enter(Stage::Layout);
                stripplot(table, o, fonts)
            }
            ChartKind::Swarmplot(o) => {
                let _stage = enter(Stage::Layout);
                swarmplot(table, o, fonts)
            }
            ChartKind::Lineplot(o) => {
                let _stage = enter(Stage::Layout);
                lineplot(table, o, fonts)
            }
            ChartKind::Pointplot(o) => {
                let _stage = enter(Stage::Layout);
                pointplot(table, o, fonts)
            }
            ChartKind::Clustermap(o) => {
                let _stage = enter(Stage::Layout);
                clustermap(table, o, fonts)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_data::CorrMethod;
    use plotmill_scene::Color;

    #[test]
    fn defaults_fill_what_json_leaves_out() {
        let spec: ChartSpec =
            serde_json::from_str(r#"{"kind": "heatmap", "method": "spearman", "dpi": 72}"#)
                .unwrap();
        let want = ChartSpec {
            chart: ChartKind::Heatmap(HeatmapOptions {
                method: CorrMethod::Spearman,
                ..HeatmapOptions::default()
            }),
            output: Output {
                dpi: 72.0,
                ..Output::default()
            },
        };
        assert_eq!(spec, want);
        assert_eq!(spec.file_stem(), "correlation_heatmap");
    }

    #[test]
    fn json_round_trips_as_one_flat_object() {
        let spec = ChartSpec {
            chart: ChartKind::ScatterMatrix(ScatterMatrixOptions {
                color: Color::rgb(1.0, 128.0 / 255.0, 0.0),
                figsize: (6.0, 4.0),
                title: Some("t".into()),
                ..ScatterMatrixOptions::default()
            }),
            output: Output {
                format: Format::Svg,
                ..Output::default()
            },
        };
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["kind"], "scatter-matrix");
        assert_eq!(json["format"], "svg");
        assert_eq!(json["color"], "#ff8000");
        // A color with a name is written by it, as users write it.
        assert_eq!(
            serde_json::to_value(&ChartSpec::defaults()[0]).unwrap()["color"],
            "black"
        );
        assert_eq!(serde_json::from_value::<ChartSpec>(json).unwrap(), spec);
        for spec in ChartSpec::defaults() {
            let json = serde_json::to_string(&spec).unwrap();
            assert_eq!(serde_json::from_str::<ChartSpec>(&json).unwrap(), spec);
        }
    }

    #[test]
    fn unknown_fields_and_bad_values_are_named() {
        let e = |json: &str| {
            serde_json::from_str::<ChartSpec>(json)
                .unwrap_err()
                .to_string()
        };
        let unknown = e(r#"{"kind": "heatmap", "cmapp": "x"}"#);
        assert!(unknown.contains("unknown field `cmapp`"), "{unknown}");
        // The output's fields are expected beside the chart's.
        assert!(
            unknown.contains("`cmap`") && unknown.contains("`dpi`"),
            "{unknown}"
        );
        assert!(e(r#"{"kind": "pie"}"#).contains("unknown variant `pie`"));
        assert!(e(r#"{"cmap": "x"}"#).contains("missing field `kind`"));
        assert!(
            e(r#"{"kind": "scatter-matrix", "color": "mauve"}"#)
                .starts_with("color: 'mauve' is not a color")
        );
        assert!(e(r#"{"kind": "heatmap", "figsize": "x"}"#).starts_with("figsize: invalid type"));
        assert!(e(r#"{"kind": "heatmap", "dpi": "x"}"#).starts_with("dpi: invalid type"));
        assert!(
            e(r#"{"kind": "heatmap", "format": "gif"}"#)
                .starts_with("format: unknown variant `gif`")
        );
    }

    #[test]
    fn the_schema_lists_every_field_of_each_kind() {
        let schema = serde_json::to_value(schemars::schema_for!(ChartSpec)).unwrap();
        let kinds = schema["oneOf"].as_array().unwrap();
        assert_eq!(kinds.len(), ChartSpec::kinds().len());
        for (kind, spec) in kinds.iter().zip(ChartSpec::defaults()) {
            let properties = kind["properties"].as_object().unwrap();
            assert_eq!(properties["kind"]["const"], spec.kind());
            let json = serde_json::to_value(&spec).unwrap();
            let names: Vec<&String> = json.as_object().unwrap().keys().collect();
            let listed: Vec<&String> = properties.keys().collect();
            assert_eq!(listed, names);
            assert_eq!(kind["additionalProperties"], false);
        }
    }
}
