//! From a spec and a table to bytes, with memory that is reused.

use plotmill_chart::Crowding;
use plotmill_chart::{ChartError, ChartSpec};
use plotmill_data::Table;
use plotmill_render::{Canvas, EncodeError, Format, RenderOptions};
use plotmill_scene::Scene;
use plotmill_text::FontBook;

use crate::{LimitError, Limits};

/// Buffers above this size are given back after the chart that needed them
/// (a 12×8 in chart at dpi 100 needs about 7 MiB; at dpi 300, 60 MiB).
pub const KEEP_BYTES: usize = 32 << 20;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The spec asks for something that cannot be drawn, whatever the
    /// data (a figure size of 0, a negative line width): found before any
    /// work. The error names the spec's field.
    #[error(transparent)]
    Spec(ChartError),
    /// The chart could not be built from the data and options.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The scene could not be encoded (too many pixels, bad dpi).
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The data or a label is beyond one of the [`Limits`].
    #[error(transparent)]
    Limit(#[from] LimitError),
}

/// What kind of fault stopped a chart: one word for it in every front end
/// (a batch failure's `kind`, an HTTP problem's `kind`), so that a program
/// can tell "fix the spec" from "fix the data" from "raise a limit"
/// without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    /// The job's line or the request is malformed (not JSON, a bad key or
    /// output template, a repeated key).
    Request,
    /// A chart option no data can make drawable (`figsize: [0, 0]`).
    Spec,
    /// The data cannot be read (no such file, a broken CSV, ragged inline
    /// columns).
    Data,
    /// The data or the image is beyond one of the [`Limits`].
    Limit,
    /// The chart cannot be drawn from this data (more columns than the
    /// chart's `max_columns`, no numeric column).
    Chart,
    /// The image could not be encoded.
    Encode,
    /// The output could not be written.
    Write,
    /// A bug in plotmill.
    Internal,
}

impl RenderError {
    /// The kind of fault, for programs.
    pub fn fault(&self) -> Fault {
        match self {
            RenderError::Spec(_) => Fault::Spec,
            RenderError::Chart(_) => Fault::Chart,
            // Too many pixels is the max_pixels limit's to say.
            RenderError::Encode(EncodeError::TooLarge { .. }) => Fault::Limit,
            RenderError::Encode(_) => Fault::Encode,
            RenderError::Limit(_) => Fault::Limit,
        }
    }
}

/// Draws charts one after another with one font book and one canvas, so a
/// worker allocates nothing for pixels once it has drawn its largest chart.
#[derive(Debug)]
pub struct Renderer {
    fonts: FontBook,
    canvas: Canvas,
    limits: Limits,
    system_fallbacks: bool,
}

impl Renderer {
    /// A renderer with these fonts, refusing input beyond `limits`.
    pub fn new(fonts: FontBook, limits: Limits) -> Self {
        Renderer {
            fonts,
            canvas: Canvas::default(),
            limits,
            system_fallbacks: true,
        }
    }

    /// Whether to look for system fonts for characters no font has
    /// (default: yes).
    pub fn with_system_fallbacks(mut self, on: bool) -> Self {
        self.system_fallbacks = on;
        self
    }

    /// Bytes held for reuse between charts.
    pub fn held_bytes(&self) -> usize {
        self.canvas.capacity()
    }

    /// The fonts (with any fallbacks added so far).
    pub fn fonts(&self) -> &FontBook {
        &self.fonts
    }

    /// Draws `spec` from `table` into `out` (cleared first). Returns what
    /// the user should be told: characters no font had (drawn as boxes) and
    /// text that cannot be read at the chart's size.
    pub fn render(
        &mut self,
        spec: &ChartSpec,
        table: &Table,
        out: &mut Vec<u8>,
    ) -> Result<Rendered, RenderError> {
        self.draw(spec, table, Some(out))
            .map(|(rendered, _)| rendered)
    }

    /// As [`render`](Self::render), and gives back the chart's scene too
    /// (a report's page); with `out` `None` the chart is built, checked
    /// and not encoded.
    pub fn draw(
        &mut self,
        spec: &ChartSpec,
        table: &Table,
        out: Option<&mut Vec<u8>>,
    ) -> Result<(Rendered, Scene), RenderError> {
        // Before any work: the spec itself, then what grows with the data
        // (a heatmap's correlations): the operator's limits, then the
        // chart's own.
        spec.validate().map_err(RenderError::Spec)?;
        self.limits.check_table(table)?;
        let columns = table.columns().len();
        if columns > spec.max_columns() {
            return Err(ChartError::TooManyColumns {
                found: columns,
                max: spec.max_columns(),
            }
            .into());
        }
        for label in spec.labels() {
            self.limits.check_label(label)?;
        }
        // Fonts before layout: characters of the column names and the
        // spec's text that no font has yet are looked for among the
        // system's fonts now, so the chart (a heatmap's correlations
        // included) is built once.
        if self.system_fallbacks {
            let mut missing: Vec<char> = table
                .columns()
                .iter()
                .map(|c| c.name())
                .chain(spec.texts())
                .flat_map(str::chars)
                .filter(|c| !c.is_ascii() && !c.is_whitespace() && !self.fonts.has_char(*c))
                .collect();
            if !missing.is_empty() {
                missing.sort_unstable();
                missing.dedup();
                self.fonts.add_system_fallbacks(&missing);
            }
        }
        let chart = spec.build(table, &self.fonts)?;
        if let Some(out) = out {
            let (format, options) = settings(spec, &self.limits);
            let result = self
                .canvas
                .encode(&chart.scene, &self.fonts, format, &options, out);
            if self.canvas.capacity() > KEEP_BYTES {
                self.canvas.shrink_to(0);
            }
            result?;
        }
        Ok((
            Rendered {
                missing_glyphs: chart.missing_glyphs,
                crowding: chart.crowding,
                warnings: chart.warnings,
            },
            chart.scene,
        ))
    }
}

/// What drawing a chart found that the user should be told.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// Characters that no font had; they are drawn as boxes.
    pub missing_glyphs: Vec<char>,
    /// Text that cannot be read at the chart's size (drawn as asked).
    pub crowding: Vec<Crowding>,
    /// Other things the user should hear (hue levels that share a colour
    /// because the palette repeats); the chart is drawn as asked.
    pub warnings: Vec<String>,
}

/// The backend settings a spec asks for, within `limits`.
pub fn settings(spec: &ChartSpec, limits: &Limits) -> (Format, RenderOptions) {
    (
        spec.output.format,
        RenderOptions {
            dpi: spec.output.dpi,
            compression: spec.output.compression,
            max_pixels: limits.max_pixels,
            max_vector_markers: limits.max_vector_markers,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_chart::{Output, ScatterMatrixOptions};
    use plotmill_data::{Column, ColumnKind};

    #[test]
    fn memory_is_kept_for_usual_charts_and_given_back_after_a_huge_one() {
        let table = Table::new(
            3,
            vec![
                Column::new("a", ColumnKind::Float, vec![1.0, 2.0, 3.5]),
                Column::new("b", ColumnKind::Float, vec![2.0, 1.0, 0.5]),
            ],
        )
        .unwrap();
        let mut r = Renderer::new(FontBook::new(), Limits::default()).with_system_fallbacks(false);
        let usual = ChartSpec::from(ScatterMatrixOptions::default());
        let huge = ChartSpec {
            output: Output {
                dpi: 300.0,
                ..Output::default()
            },
            ..usual.clone()
        };
        let mut out = Vec::new();
        r.render(&usual, &table, &mut out).unwrap();
        let kept = r.held_bytes();
        assert!((1200 * 800 * 4..=KEEP_BYTES).contains(&kept), "{kept}");
        let usual_png = out.clone();
        r.render(&huge, &table, &mut out).unwrap();
        assert_eq!(r.held_bytes(), 0, "a 3600x2400 chart's buffers were kept");
        r.render(&usual, &table, &mut out).unwrap();
        assert_eq!(out, usual_png);
    }
}
