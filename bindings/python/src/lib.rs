//! The native half of `import plotmill`: tables in as float64 buffers,
//! charts and correlation matrices out. The Python half
//! (python/plotmill/__init__.py) converts pandas, numpy, polars and Arrow
//! data and checks arguments. Every render releases the GIL.

use plotmill_batch::{BatchOptions, Progress, Renderer, Source};
use plotmill_chart::ChartSpec;
use plotmill_data::{Column, ColumnKind, CorrMethod, CorrOptions, Table};
use plotmill_text::FontBook;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// A column as Python hands it over: name, little-endian float64 bytes
/// (NaN for missing), and "int", "float" or "bool".
type ColumnIn = (String, Vec<u8>, String);

fn table(rows: usize, columns: Vec<ColumnIn>, text: Vec<String>) -> PyResult<Table> {
    let mut out = Vec::with_capacity(columns.len());
    for (name, bytes, kind) in columns {
        if bytes.len() != rows * 8 {
            return Err(PyValueError::new_err(format!(
                "column '{name}': {} bytes for {rows} rows",
                bytes.len()
            )));
        }
        let values: Vec<f64> = bytes
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let kind = match kind.as_str() {
            "int" => ColumnKind::Int,
            "bool" => ColumnKind::Bool,
            _ => ColumnKind::Float,
        };
        out.push(Column::new(name, kind, values));
    }
    Table::new(rows, out)
        .map(|t| t.with_text_columns(text))
        .map_err(|e| PyValueError::new_err(e.to_string()))
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

/// Draws the chart `spec` (ChartSpec JSON) of the table; returns its bytes.
#[pyfunction]
#[pyo3(signature = (spec, rows, columns, text, max_pixels))]
fn render<'py>(
    py: Python<'py>,
    spec: &str,
    rows: usize,
    columns: Vec<ColumnIn>,
    text: Vec<String>,
    max_pixels: u64,
) -> PyResult<Bound<'py, PyBytes>> {
    let spec: ChartSpec =
        serde_json::from_str(spec).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let table = table(rows, columns, text)?;
    let bytes = py
        .detach(|| {
            RENDERER.with_borrow_mut(|slot| {
                let renderer = match slot {
                    Some((limit, renderer)) if *limit == max_pixels => renderer,
                    _ => &mut slot.insert((max_pixels, Renderer::new(FontBook::new(), max_pixels))).1,
                };
                let mut out = Vec::new();
                let result = renderer.render(&spec, &table, &mut out).map(|_| out);
                if renderer.fonts().len() > 1 {
                    // System fonts were loaded for other scripts: they are not
                    // kept, so that what a thread holds cannot grow and no
                    // chart depends on the fonts an earlier one needed.
                    *slot = None;
                }
                result
            })
        })
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The correlation matrix: (names, values row by row).
#[pyfunction]
fn corr(
    py: Python<'_>,
    method: &str,
    min_periods: usize,
    rows: usize,
    columns: Vec<ColumnIn>,
    text: Vec<String>,
) -> PyResult<(Vec<String>, Vec<f64>)> {
    let method = match method {
        "pearson" => CorrMethod::Pearson,
        "spearman" => CorrMethod::Spearman,
        "kendall" => CorrMethod::Kendall,
        _ => {
            return Err(PyValueError::new_err(format!(
                "method '{method}' is not one of pearson, spearman, kendall"
            )));
        }
    };
    let min_periods = std::num::NonZeroUsize::new(min_periods)
        .ok_or_else(|| PyValueError::new_err("min_periods must be at least 1"))?;
    let table = table(rows, columns, text)?;
    let m = py
        .detach(|| plotmill_data::corr(&table, &CorrOptions { method, min_periods }))
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
        plotmill_batch::run(&Source::Manifest(manifest.into()), &options, &Progress::default(), &stop)
    });
    let summary = summary.map_err(|e| PyOSError::new_err(e.to_string()))?;
    serde_json::to_string(&summary).map_err(|e| PyValueError::new_err(e.to_string()))
}

#[pymodule]
fn _plotmill(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(render, m)?)?;
    m.add_function(wrap_pyfunction!(corr, m)?)?;
    m.add_function(wrap_pyfunction!(batch, m)?)?;
    Ok(())
}
