//! The job model: one line of a manifest, checked.

use std::path::PathBuf;

use plotmill_chart::ChartSpec;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use plotmill_engine::InlineData;

use crate::paths::{PathError, safe_output_name};

/// The output template when a job gives none: the original service's names,
/// such as `k1_scatter_matrix.png` and `k1_correlation_heatmap.png`.
pub const DEFAULT_TEMPLATE: &str = "{key}_{chart}.{ext}";

/// One job: a data set and the charts to draw from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "plotmill batch job", example = example_job())]
pub struct Job {
    /// Names the job's outputs (`{key}` in the template) and its lines in the
    /// journal and failures.jsonl. Not empty, no `/` or `\`, at most 200 bytes.
    pub key: String,
    /// The data: a CSV path relative to the manifest's folder, an object with
    /// a path and CSV options, or inline columns.
    pub data: DataSpec,
    /// The charts to draw. A chart is a kind name (`"heatmap"`) for its
    /// defaults, or an object with `kind` and options named as the CLI's
    /// flags. Default: the batch's `--charts` (both of the service's charts
    /// unless told otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charts: Option<Vec<ChartEntry>>,
    /// The output file name template, relative to the output folder. Fields:
    /// `{key}`, `{chart}` (scatter_matrix, correlation_heatmap), `{kind}`
    /// (scatter-matrix, heatmap), `{ext}` (png, svg, pdf), `{index}` (the chart's
    /// position in `charts`, from 0). `/` makes subfolders.
    #[serde(default)]
    #[schemars(default = "default_template")]
    pub output: Option<String>,
}

fn default_template() -> &'static str {
    DEFAULT_TEMPLATE
}

fn example_job() -> serde_json::Value {
    serde_json::json!({
        "key": "2024-06-01_sensor-7",
        "data": "incoming/sensor-7.csv",
        "charts": ["scatter-matrix", {"kind": "heatmap", "method": "spearman", "cmap": "vlag"}]
    })
}

/// The charts a job draws when it names none: the service's two.
pub fn default_charts() -> Vec<ChartEntry> {
    ChartSpec::service_charts()
        .into_iter()
        .map(ChartEntry)
        .collect()
}

/// A chart of a job: written as a kind name or as a full [`ChartSpec`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ChartEntry(pub ChartSpec);

impl<'de> Deserialize<'de> for ChartEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(kind) => {
                ChartSpec::from_kind(&kind).map(ChartEntry).ok_or_else(|| {
                    D::Error::custom(format!(
                        "unknown chart kind '{kind}'; expected scatter-matrix or heatmap"
                    ))
                })
            }
            v @ serde_json::Value::Object(_) => serde_json::from_value(v)
                .map(ChartEntry)
                .map_err(D::Error::custom),
            _ => Err(D::Error::custom(
                "a chart is a kind name such as \"heatmap\" or an object with \"kind\" and options",
            )),
        }
    }
}

impl JsonSchema for ChartEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ChartEntry".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let spec = generator.subschema_for::<ChartSpec>();
        schemars::json_schema!({
            "description": "A chart kind with its defaults, or a chart spec.",
            "anyOf": [
                {"type": "string", "enum": ChartSpec::kinds()},
                spec
            ]
        })
    }
}

/// Where a job's data comes from.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum DataSpec {
    /// A CSV file, relative to the manifest's folder.
    Path(String),
    /// A CSV file with reading options.
    File(FileData),
    /// The columns themselves.
    Inline(InlineData),
}

/// A CSV file with reading options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileData {
    /// The CSV file, relative to the manifest's folder.
    pub path: String,
    /// The field delimiter: one character, or "\t" or "tab". Default: sniffed.
    #[serde(default)]
    pub delimiter: Option<String>,
    /// The first line is data, not names; columns are named 0, 1, 2, …
    #[serde(default)]
    pub no_header: bool,
    /// The decimal mark of numbers, as pandas' `decimal=` ("," for
    /// European files such as `3,14;2,5`). Default: ".".
    #[serde(default)]
    pub decimal: Option<char>,
}

impl<'de> Deserialize<'de> for DataSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(d)?;
        match &v {
            serde_json::Value::String(s) => Ok(DataSpec::Path(s.clone())),
            serde_json::Value::Object(m) if m.contains_key("columns") => serde_json::from_value(v)
                .map(DataSpec::Inline)
                .map_err(D::Error::custom),
            serde_json::Value::Object(m) if m.contains_key("path") => serde_json::from_value(v)
                .map(DataSpec::File)
                .map_err(D::Error::custom),
            _ => Err(D::Error::custom(
                "data is a CSV path, {\"path\": ..., \"delimiter\": ...} or {\"columns\": {name: [values]}}",
            )),
        }
    }
}

/// Why a job is invalid, before any work is done.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JobError {
    /// The line is not a valid job.
    #[error("{0}")]
    Parse(String),
    /// A bad key.
    #[error("key {0:?}: {1}")]
    Key(String, &'static str),
    /// A template with an unknown field or unbalanced brace.
    #[error("output template '{0}': {1}")]
    Template(String, String),
    /// An output name that would escape or is not portable.
    #[error(transparent)]
    Path(#[from] PathError),
    /// Two charts of the job would write the same file.
    #[error("two charts would both write '{0}'; put {{index}} or {{kind}} in the output template")]
    SameOutput(String),
    /// No chart to draw.
    #[error("charts: the list is empty; name at least one chart")]
    NoCharts,
    /// A chart's option that cannot be read (a wrong type, an unknown name
    /// or value): where it is (`charts[0].dpi`, or `charts[1]` for an
    /// unknown option) and why.
    #[error("{message}")]
    ChartOption {
        /// The chart, and the option when serde names it.
        path: String,
        /// The whole message, starting with the path.
        message: String,
    },
    /// A chart's option that no data can make drawable.
    #[error("{}", spec_error(*.index, .error))]
    Spec {
        /// Which chart of the job.
        index: usize,
        /// What is wrong with it.
        error: plotmill_chart::ChartError,
    },
    /// A bad delimiter.
    #[error("data.delimiter: '{0}' is not one character (or \\t / tab)")]
    Delimiter(String),
}

/// A chart's spec error as a manifest names it: `charts[1].figsize: …`.
pub(crate) fn spec_error(index: usize, e: &plotmill_chart::ChartError) -> String {
    e.describe(&|field| format!("charts[{index}].{field}"))
}

impl JobError {
    /// The kind of fault: a chart's option, or the line itself.
    pub fn fault(&self) -> plotmill_engine::Fault {
        match self {
            JobError::Spec { .. } | JobError::ChartOption { .. } => plotmill_engine::Fault::Spec,
            _ => plotmill_engine::Fault::Request,
        }
    }

    /// The option at fault, as the manifest names it (`charts[0].figsize`),
    /// when one is.
    pub fn field(&self) -> Option<String> {
        match self {
            JobError::Spec { index, error } => {
                error.field().map(|f| format!("charts[{index}].{f}"))
            }
            JobError::ChartOption { path, .. } if path.contains('.') => Some(path.clone()),
            _ => None,
        }
    }
}

impl Job {
    /// Parses one manifest line. Errors name the field, as `charts[1]: unknown field ...`.
    pub fn parse(line: &str) -> Result<Job, JobError> {
        let mut de = serde_json::Deserializer::from_str(line);
        let job: Job = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                return JobError::Parse(format!("not valid JSON: {inner}"));
            }
            let message = plotmill_chart::describe_spec_error(&path, &inner.to_string());
            match plotmill_chart::field_of(&message) {
                Some((path, _)) if path.starts_with("charts[") => JobError::ChartOption {
                    path: path.to_owned(),
                    message,
                },
                _ => JobError::Parse(message),
            }
        })?;
        de.end().map_err(|e| JobError::Parse(e.to_string()))?;
        job.check_key()?;
        if job.charts.as_ref().is_some_and(Vec::is_empty) {
            return Err(JobError::NoCharts);
        }
        // Before the data is read: what no data can make drawable.
        for (i, chart) in job.charts().iter().enumerate() {
            chart
                .0
                .validate()
                .map_err(|error| JobError::Spec { index: i, error })?;
        }
        Ok(job)
    }

    fn check_key(&self) -> Result<(), JobError> {
        let bad = |why| Err(JobError::Key(self.key.clone(), why));
        if self.key.is_empty() {
            return bad("a key is not empty");
        }
        if self.key.len() > 200 {
            return bad("a key is at most 200 bytes");
        }
        if self.key.contains(['/', '\\', '\0']) {
            return bad("a key has no '/', '\\' or NUL; use the output template for subfolders");
        }
        Ok(())
    }

    /// Gives the job `charts` if it names none.
    pub fn or_charts(&mut self, charts: &[ChartEntry]) -> &mut Self {
        if self.charts.is_none() {
            self.charts = Some(charts.to_vec());
        }
        self
    }

    /// The job's charts (none before [`Job::or_charts`] if it names none).
    pub fn charts(&self) -> &[ChartEntry] {
        self.charts.as_deref().unwrap_or_default()
    }

    /// The output names of the job's charts, checked to stay inside the
    /// output folder and to differ from each other.
    pub fn outputs(&self) -> Result<Vec<PathBuf>, JobError> {
        let template = self.output.as_deref().unwrap_or(DEFAULT_TEMPLATE);
        let mut names: Vec<PathBuf> = Vec::with_capacity(self.charts().len());
        for (index, chart) in self.charts().iter().enumerate() {
            let name = fill(template, &self.key, &chart.0, index)?;
            let path = safe_output_name(&name)?;
            if names.contains(&path) {
                return Err(JobError::SameOutput(name));
            }
            names.push(path);
        }
        Ok(names)
    }
}

/// Fills the template's fields.
fn fill(template: &str, key: &str, chart: &ChartSpec, index: usize) -> Result<String, JobError> {
    let bad = |why: String| JobError::Template(template.to_owned(), why);
    let mut out = String::with_capacity(template.len() + key.len() + 24);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if tail.starts_with('}') {
            return Err(bad(
                "a '}' without its '{' (write }} for a brace)".to_owned()
            ));
        } else {
            let end = tail
                .find('}')
                .ok_or_else(|| bad("a '{' without its '}'".to_owned()))?;
            match &tail[1..end] {
                "key" => out.push_str(key),
                "chart" => out.push_str(chart.file_stem()),
                "kind" => out.push_str(chart.kind()),
                "ext" => out.push_str(chart.output.format.extension()),
                "index" => out.push_str(&index.to_string()),
                other => {
                    return Err(bad(format!(
                        "unknown field {{{other}}}; the fields are {{key}} {{chart}} {{kind}} {{ext}} {{index}}"
                    )));
                }
            }
            rest = &tail[end + 1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(line: &str) -> String {
        match Job::parse(line) {
            Ok(mut job) => match job.or_charts(&default_charts()).outputs() {
                Ok(o) => panic!("{line} gave {o:?}"),
                Err(e) => e.to_string(),
            },
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_minimal_job_draws_the_service_charts() {
        let mut job = Job::parse(r#"{"key": "k1", "data": "k1.csv"}"#).unwrap();
        assert_eq!(job.data, DataSpec::Path("k1.csv".into()));
        assert_eq!(job.outputs().unwrap(), Vec::<PathBuf>::new());
        job.or_charts(&default_charts());
        assert_eq!(
            job.outputs().unwrap(),
            [
                PathBuf::from("k1_scatter_matrix.png"),
                PathBuf::from("k1_correlation_heatmap.png")
            ]
        );
    }

    #[test]
    fn templates_fill_every_field() {
        let job = Job::parse(
            r#"{"key": "k", "data": "x.csv", "charts": [{"kind": "heatmap", "format": "svg"}, "heatmap"],
                "output": "{key}/{index}-{kind}-{chart}.{ext}{{}}"}"#,
        )
        .unwrap();
        assert_eq!(
            job.outputs().unwrap(),
            [
                PathBuf::from("k/0-heatmap-correlation_heatmap.svg{}"),
                PathBuf::from("k/1-heatmap-correlation_heatmap.png{}")
            ]
        );
    }

    #[test]
    fn a_chart_option_that_cannot_be_read_is_the_specs_fault_at_its_path() {
        let e =
            Job::parse(r#"{"key": "k", "data": "x", "charts": [{"kind": "heatmap", "dpi": "x"}]}"#)
                .unwrap_err();
        assert_eq!(e.fault(), plotmill_engine::Fault::Spec);
        assert_eq!(e.field().as_deref(), Some("charts[0].dpi"));
        assert!(
            e.to_string().starts_with("charts[0].dpi: invalid type"),
            "{e}"
        );
        // An unknown option: the chart, no field; an unknown job field: the line.
        let e =
            Job::parse(r#"{"key": "k", "data": "x", "charts": [{"kind": "heatmap", "cmapp": 1}]}"#)
                .unwrap_err();
        assert_eq!((e.fault(), e.field()), (plotmill_engine::Fault::Spec, None));
        let e = Job::parse(r#"{"kye": "k"}"#).unwrap_err();
        assert_eq!(e.fault(), plotmill_engine::Fault::Request);
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            err(r#"{"key": "k", "data": "x.csv", "charts": ["heatmap", {"kind": "heatmap", "cmapp": "x"}]}"#)
                .split(" is not one of").next().unwrap(),
            "charts[1]: 'cmapp'"
        );
        assert!(
            err(r#"{"key": "k", "data": "x.csv", "charts": [{"kind": "heatmap", "cmapp": "x"}]}"#)
                .ends_with("; did you mean 'cmap'?")
        );
        assert!(
            err(r#"{"kye": "k"}"#).starts_with("'kye' is not one of "),
            "{}",
            err(r#"{"kye": "k"}"#)
        );
        assert!(err(r#"{"data": "x.csv"}"#).starts_with("missing field `key`"));
        assert!(err(r#"{"key": "k", "data": 5}"#).starts_with("data: data is a CSV path"));
        assert!(
            err(r#"{"key": "k", "data": "x", "charts": ["pie"]}"#)
                .contains("unknown chart kind 'pie'")
        );
        assert!(
            err(r#"{"key": "k", "data": "x", "charts": []}"#)
                .starts_with("charts: the list is empty")
        );
        assert!(err(r#"{"key": "k""#).contains("EOF"));
        assert!(err(r#"{"key": "k", "data": "x"} trailing"#).contains("trailing"));
        assert!(err(r#"{"key": "../k", "data": "x"}"#).starts_with("key \"../k\""));
        assert!(err(r#"{"key": "", "data": "x"}"#).contains("not empty"));
        assert!(
            err(r#"{"key": "CON", "data": "x", "output": "{key}.png"}"#)
                .contains("Windows reserves")
        );
        assert!(
            err(r#"{"key": "k", "data": "x", "output": "/tmp/{key}.png"}"#).contains("absolute")
        );
        assert!(err(r#"{"key": "k", "data": "x", "output": "../{key}.png"}"#).contains("'..'"));
        assert!(
            err(r#"{"key": "k", "data": "x", "output": "{key}.{nope}"}"#)
                .contains("unknown field {nope}")
        );
        assert!(
            err(r#"{"key": "k", "data": "x", "output": "{key}.png"}"#)
                .contains("both write 'k.png'")
        );
    }
}
