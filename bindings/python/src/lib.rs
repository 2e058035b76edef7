//! The native half of `import plotmill`: tables in (float64 buffers, or
//! Arrow streams read in place), charts and correlation matrices out. The Python half
//! (python/plotmill/__init__.py) converts pandas, numpy, polars and Arrow
//! data and checks arguments. Every render releases the GIL.

use plotmill_batch::{BatchOptions, Job, Progress, Source, default_charts};
use plotmill_chart::{ChartSpec, Crowding, TextRole};
use plotmill_data::{Column, ColumnKind, CorrMethod, CorrOptions, Labels, Table};
use plotmill_engine::output::{Durability, write_atomic};
use plotmill_engine::{Limits, RenderError, Renderer};
use plotmill_text::FontBook;
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule};

/// A column as Python hands it over: name, little-endian float64 bytes
/// (NaN for missing), and "int", "float" or "bool".
type ColumnIn<'py> = (String, Bound<'py, PyBytes>, String);

/// A table ready to draw or correlate: made once from pandas, numpy or dict
/// columns, or from any Arrow stream, and handed to `render` and `corr`.
#[pyclass(frozen, module = "plotmill._plotmill", name = "Table")]
struct PyTable(Table);

#[pymethods]
impl PyTable {
    /// A table of `rows` rows from (name, float64 bytes, kind) columns.
    #[staticmethod]
    fn from_columns(rows: usize, columns: Vec<ColumnIn<'_>>, text: Vec<String>) -> PyResult<Self> {
        let mut out = Vec::with_capacity(columns.len());
        for (name, bytes, kind) in columns {
            let bytes = bytes.as_bytes();
            if bytes.len() != rows * 8 {
                return Err(PyValueError::new_err(format!(
                    "column '{name}': {} bytes for {rows} rows",
                    bytes.len()
                )));
            }
            let (words, _) = bytes.as_chunks::<8>();
            let values: Vec<f64> = words.iter().map(|w| f64::from_le_bytes(*w)).collect();
            let kind = match kind.as_str() {
                "int" => ColumnKind::Int,
                "bool" => ColumnKind::Bool,
                _ => ColumnKind::Float,
            };
            out.push(Column::new(name, kind, values));
        }
        Table::new(rows, out)
            .map(|t| PyTable(t.with_text_columns(text)))
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// This table with the column `name` also kept as labels (what a chart
    /// colours by): its `levels` in order, and each row's code as u32
    /// little-endian bytes (an index into `levels`, 0xFFFFFFFF missing).
    fn with_labels(
        &self,
        name: String,
        levels: Vec<String>,
        codes: &Bound<'_, PyBytes>,
    ) -> PyResult<Self> {
        let bytes = codes.as_bytes();
        let rows = self.0.rows();
        if bytes.len() != rows * 4 {
            return Err(PyValueError::new_err(format!(
                "column '{name}': {} label bytes for {rows} rows",
                bytes.len()
            )));
        }
        let (words, _) = bytes.as_chunks::<4>();
        let codes: Vec<u32> = words.iter().map(|w| u32::from_le_bytes(*w)).collect();
        let mut labels: Vec<Labels> = self.0.all_labels().to_vec();
        labels.retain(|l| l.name() != name);
        labels.push(Labels::new(name, levels, codes));
        self.0
            .clone()
            .with_labels(labels)
            .map(PyTable)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// A table from an object with `__arrow_c_stream__` (polars, pyarrow,
    /// DuckDB, ...). float64 columns without nulls in a single chunk are
    /// read in place, not copied; the table keeps that memory alive.
    #[staticmethod]
    fn from_arrow(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let capsule = data.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast_into::<PyCapsule>().map_err(|e| {
            PyValueError::new_err(format!("__arrow_c_stream__ did not return a capsule: {e}"))
        })?;
        let stream = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
        // SAFETY: a capsule named "arrow_array_stream" holds a valid, writable
        // ArrowArrayStream (the Arrow PyCapsule interface), and the capsule
        // (bound above) outlives this call. `read_stream` moves the stream
        // out and marks it released, so the capsule's destructor will not
        // release it again.
        let table = unsafe { plotmill_data::arrow::read_stream(stream.as_ptr().cast()) };
        table
            .map(PyTable)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Number of rows.
    #[getter]
    fn rows(&self) -> usize {
        self.0.rows()
    }

    /// The numeric columns' names.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.0
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect()
    }

    /// The left-out text columns' names.
    #[getter]
    fn text_columns(&self) -> Vec<String> {
        self.0.text_columns().to_vec()
    }

    /// The address of column `i`'s first value and whether the table reads
    /// it in place (shared with the producer) rather than from its own copy.
    fn memory(&self, i: usize) -> PyResult<(usize, bool)> {
        let c = self
            .0
            .columns()
            .get(i)
            .ok_or_else(|| PyValueError::new_err(format!("no column {i}")))?;
        Ok((c.values().as_ptr() as usize, c.is_shared()))
    }
}

thread_local! {
    /// Each thread's renderer, kept between calls as a batch worker keeps
    /// one: its glyph caches are bounded and its pixel buffer is given back
    /// after an unusually large chart, so memory stays flat; its caches
    /// change no output byte, only how long a chart takes (a fresh font book
    /// rasterises every glyph again, two thirds of a heatmap's time from
    /// Python). It is dropped after a chart that loaded system fonts for
    /// other scripts. Keyed by the pixel limit it was made with.
    static RENDERER: std::cell::RefCell<Option<(u64, Renderer)>> =
        const { std::cell::RefCell::new(None) };
}

/// What a chart's text cannot show at its size: (which text, what is
/// wrong, the factor the figure would need to grow, whether it is cut off
/// at the edge), for Python's warning.
type Crowded = Vec<(&'static str, String, f64, bool)>;

/// The limits of every front end, but for rows: the data is already in
/// the caller's memory, so a row limit would protect nothing. Columns are
/// each chart's own `max_columns`.
fn limits(max_pixels: u64) -> Limits {
    Limits {
        max_pixels,
        max_rows: usize::MAX,
        max_columns: usize::MAX,
        ..Limits::default()
    }
}

/// A spec field as the Python functions take it: the keyword, or the
/// seaborn-style dictionary entry that sets it.
fn keyword(field: &str) -> String {
    match field {
        "marker_size" => "s".to_owned(),
        "cbar_shrink" => "cbar_kws['shrink']".to_owned(),
        "cbar_label" => "cbar_kws['label']".to_owned(),
        "annot_size" => "annot_kws['size']".to_owned(),
        "annot_color" => "annot_kws['color']".to_owned(),
        other => other.to_owned(),
    }
}

/// A spec the Python functions wrote that serde refused (an unknown
/// diagonal, a color that is none): a TypeError, which the package raises
/// as OptionError, naming the keyword.
fn option_error(message: &str) -> PyErr {
    let message = match plotmill_chart::field_of(message) {
        Some((field, rest)) => format!(
            "{}: {}",
            keyword(field),
            plotmill_chart::explain_unknown_name(rest)
        ),
        None => plotmill_chart::explain_unknown_name(message),
    };
    PyTypeError::new_err(message)
}

/// A kind's default spec, as JSON: what a spec leaves out (for tests
/// that hold the keyword defaults to the spec's).
#[pyfunction]
fn default_spec(kind: &str) -> PyResult<String> {
    let spec = ChartSpec::from_kind(kind)
        .ok_or_else(|| PyValueError::new_err(format!("'{kind}' is not a chart kind")))?;
    serde_json::to_string(&spec).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Runs `f` with this thread's renderer (made for `max_pixels`).
fn with_renderer<T>(max_pixels: u64, f: impl FnOnce(&mut Renderer) -> T) -> T {
    RENDERER.with_borrow_mut(|slot| {
        let renderer = match slot {
            Some((limit, renderer)) if *limit == max_pixels => renderer,
            _ => {
                &mut slot
                    .insert((
                        max_pixels,
                        Renderer::new(FontBook::new(), limits(max_pixels)),
                    ))
                    .1
            }
        };
        let result = f(renderer);
        if renderer.fonts().len() > 1 {
            // System fonts were loaded for other scripts: they are not
            // kept, so that what a thread holds cannot grow and no chart
            // depends on the fonts an earlier one needed.
            *slot = None;
        }
        result
    })
}

/// A job's outputs: (path written, or name with its bytes).
type JobOutputs<'py> = Vec<(String, Option<Bound<'py, PyBytes>>)>;
/// A failed job: (kind, message, field), as a failures.jsonl line says them.
type JobFailure = (String, String, Option<String>);

/// Draws one manifest job (JSON; `data` may be left out when `table` is
/// given) as `plotmill batch` draws it: the same checks, names and bytes.
/// With `out`, each output is written atomically under it (folders made)
/// and its path returned; without, its name and bytes. A job that fails
/// returns its failure instead of raising, as a batch records it.
#[pyfunction]
#[pyo3(signature = (job, table, out, max_pixels))]
fn draw_job<'py>(
    py: Python<'py>,
    job: &str,
    table: Option<&PyTable>,
    out: Option<std::path::PathBuf>,
    max_pixels: u64,
) -> PyResult<(JobOutputs<'py>, Vec<String>, Option<JobFailure>)> {
    let failure = |f: plotmill_batch::Failure| {
        let kind = serde_json::to_value(f.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        Ok((Vec::new(), Vec::new(), Some((kind, f.error, f.field))))
    };
    let mut value: serde_json::Value =
        serde_json::from_str(job).map_err(|e| PyValueError::new_err(e.to_string()))?;
    if table.is_some()
        && let Some(object) = value.as_object_mut()
    {
        // The data is in hand: the line needs none.
        object
            .entry("data")
            .or_insert_with(|| serde_json::Value::String(String::new()));
    }
    let mut parsed = match Job::parse(&value.to_string()) {
        Ok(job) => job,
        Err(e) => {
            return failure(plotmill_batch::Failure {
                kind: e.fault(),
                error: e.to_string(),
                field: e.field(),
            });
        }
    };
    parsed.or_charts(&default_charts());
    let options = BatchOptions {
        limits: limits(max_pixels),
        ..BatchOptions::new(out.clone().unwrap_or_default())
    };
    let table = table.map(|t| &t.0);
    let drawn = py.detach(|| {
        with_renderer(max_pixels, |renderer| {
            plotmill_batch::draw_job(&parsed, table, &options, None, renderer)
        })
    });
    let drawn = match drawn {
        Ok(d) => d,
        Err(f) => return failure(f),
    };
    let mut outputs = Vec::with_capacity(drawn.outputs.len());
    for (name, bytes) in drawn.outputs {
        match &out {
            None => outputs.push((
                name.to_string_lossy().into_owned(),
                Some(PyBytes::new(py, &bytes)),
            )),
            Some(dir) => {
                let path = dir.join(&name);
                let written = py.detach(|| {
                    if let Some(folder) = path.parent() {
                        std::fs::create_dir_all(folder)?;
                    }
                    write_atomic(&path, Durability::Atomic, |w| w.write_all(&bytes))
                        .map_err(|e| std::io::Error::new(e.error.kind(), e.to_string()))
                });
                if let Err(e) = written {
                    return failure(plotmill_batch::Failure {
                        kind: plotmill_engine::Fault::Write,
                        error: format!("cannot write '{}': {e}", path.display()),
                        field: None,
                    });
                }
                outputs.push((path.to_string_lossy().into_owned(), None));
            }
        }
    }
    Ok((outputs, drawn.warnings, None))
}

/// Draws the chart `spec` (ChartSpec JSON) of the table; returns its bytes
/// (or None, when written to `path` atomically, as the command line writes
/// its outputs) and what of its text cannot be read at its size.
#[pyfunction]
#[pyo3(signature = (spec, table, max_pixels, path=None))]
fn render<'py>(
    py: Python<'py>,
    spec: &str,
    table: &PyTable,
    max_pixels: u64,
    path: Option<std::path::PathBuf>,
) -> PyResult<(Option<Bound<'py, PyBytes>>, Crowded, Vec<String>)> {
    let spec: ChartSpec = serde_json::from_str(spec).map_err(|e| option_error(&e.to_string()))?;
    let table = &table.0;
    let (bytes, crowding, warnings) = py
        .detach(|| {
            with_renderer(max_pixels, |renderer| {
                let mut out = Vec::new();
                renderer
                    .render(&spec, table, &mut out)
                    .map(|rendered| (out, rendered.crowding, rendered.warnings))
            })
        })
        .map_err(|e| match e {
            // An argument no data can make drawable: a TypeError, which the
            // package raises as OptionError, naming the keyword.
            RenderError::Spec(e) => PyTypeError::new_err(e.describe(&keyword)),
            e => PyValueError::new_err(e.to_string()),
        })?;
    let bytes = match path {
        None => Some(PyBytes::new(py, &bytes)),
        Some(path) => {
            py.detach(|| write_atomic(&path, Durability::Atomic, |w| w.write_all(&bytes)))
                .map_err(|e| {
                    let errno = e.error.raw_os_error().unwrap_or(0);
                    PyOSError::new_err((errno, e.to_string()))
                })?;
            None
        }
    };
    let crowded = crowding
        .iter()
        .map(|c| {
            let role = match c.role() {
                TextRole::CellValues => "cell_values",
                TextRole::TickLabels => "tick_labels",
                _ => "labels",
            };
            let clipped = matches!(c, Crowding::Clipped { .. });
            (role, c.to_string(), c.grow(), clipped)
        })
        .collect();
    Ok((bytes, crowded, warnings))
}

/// The correlation matrix: (names, values row by row).
#[pyfunction]
fn corr(
    py: Python<'_>,
    method: &str,
    min_periods: usize,
    table: &PyTable,
) -> PyResult<(Vec<String>, Vec<f64>)> {
    // Read as a spec reads it: one definition of the names.
    let method: CorrMethod = serde_json::from_value(serde_json::Value::String(method.to_owned()))
        .map_err(|e| option_error(&format!("method: {e}")))?;
    let min_periods = std::num::NonZeroUsize::new(min_periods)
        .ok_or_else(|| PyTypeError::new_err("min_periods: must be at least 1"))?;
    let table = &table.0;
    let m = py
        .detach(|| {
            plotmill_data::corr(
                table,
                &CorrOptions {
                    method,
                    min_periods,
                },
            )
        })
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok((m.names().to_vec(), m.values().to_vec()))
}

/// Runs the batch engine on a manifest file; returns the summary as JSON.
#[pyfunction]
fn batch(py: Python<'_>, manifest: String, out: String, workers: usize) -> PyResult<String> {
    let stop = std::sync::atomic::AtomicUsize::new(0);
    let summary = py.detach(|| {
        let mut options = BatchOptions::new(out);
        options.workers = workers.max(1);
        plotmill_batch::run(
            &Source::Manifest(manifest.into()),
            &options,
            &Progress::default(),
            &stop,
        )
    });
    let summary = summary.map_err(|e| PyOSError::new_err(e.to_string()))?;
    serde_json::to_string(&summary).map_err(|e| PyValueError::new_err(e.to_string()))
}

#[pymodule]
fn _plotmill(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTable>()?;
    m.add_function(wrap_pyfunction!(render, m)?)?;
    m.add_function(wrap_pyfunction!(corr, m)?)?;
    m.add_function(wrap_pyfunction!(batch, m)?)?;
    m.add_function(wrap_pyfunction!(draw_job, m)?)?;
    m.add_function(wrap_pyfunction!(default_spec, m)?)?;
    Ok(())
}
