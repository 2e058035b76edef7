//! plotmill's charts: layout and the chart kinds.
//!
//! A chart is a pure function of its data and options: [`heatmap`] and
//! [`scatter_matrix`] turn them into a [`Scene`](plotmill_scene::Scene),
//! laid out as matplotlib and seaborn lay out the same chart (same subplot
//! parameters, grid, tick choices, label placement, colormaps), measured with
//! real font metrics from a [`FontBook`](plotmill_text::FontBook). Nothing is
//! drawn here and nothing global is kept: backends in `plotmill-render` turn
//! the scene into PNG, SVG or PDF.

#![warn(missing_docs)]

mod axis;
mod categorical;
mod clustermap;
pub mod compose;
mod contour;
pub mod dates;
mod density;
mod error;
mod figure;
mod heatmap;
mod hist;
mod hue;
mod layout;
mod legend;
mod legible;
mod line;
mod lineplot;
pub mod logscale;
mod pairplot;
mod palette;
mod pyformat;
mod scatter;
mod spec;
mod style;
mod swarm;
mod text;
pub mod ticks;
mod validate;

pub use axis::{Scale, TickDirection};
pub use categorical::{
    BarplotOptions, BoxplotOptions, CountStat, CountplotOptions, DensityNorm, ErrorbarSpec,
    EstimatorName, Inner, Jitter, MAX_BOOT, MAX_CATEGORIES, MAX_SWARM, Orient, PointplotOptions,
    StripplotOptions, SwarmplotOptions, ViolinplotOptions, Whis, barplot, boxplot, countplot,
    pointplot, stripplot, swarmplot, violinplot,
};
pub use clustermap::{ClustermapOptions, MAX_LEAVES, StripColors, clustermap};
pub use density::{
    BwMethod, DensityMultiple, KdeplotOptions, MAX_GRIDSIZE, MAX_LEVELS as MAX_CONTOUR_LEVELS,
    kdeplot,
};
pub use error::ChartError;
pub use figure::{AxesBox, AxesRole};
pub use heatmap::{HeatmapOptions, Mask, Matrix, TickLabels, heatmap};
pub use hist::{BinCount, Element, HistplotOptions, Multiple, Stat, histplot};
pub use hue::MAX_LEVELS as MAX_HUE_LEVELS;
pub use layout::Layout;
pub use legend::{Handle, Loc};
pub use legible::{Crowding, TextRole};
pub use line::{
    Annotation, CYCLE, Cap, Dashes, LineChart, LineChartOptions, LineStyle, PointMarker, Series,
    Span, line_chart,
};
pub use lineplot::{ErrStyle, LineplotOptions, Sizes, lineplot};
pub use pairplot::{DiagKind, PairKind, PairplotOptions, pairplot};
pub use palette::Palette;
pub use pyformat::{FormatError, NumberFormat};
pub use scatter::{Diagonal, ScatterMatrixOptions, scatter_matrix};
pub use spec::{
    ChartKind, ChartSpec, Output, describe_spec_error, explain_unknown_name, field_of,
    matrix_from_table,
};
pub use style::{DashPattern, LineCode, MarkerCode, OneOrMany, StyleMap, split_list};
pub use text::{HAlign, VAlign};
pub use validate::{DPI_RANGE, MAX_INCHES, check_dpi, check_figsize};

/// A built chart: its scene and what the user should be told about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// What to draw.
    pub scene: plotmill_scene::Scene,
    /// Characters that no font had (drawn as boxes); warn about them once.
    pub missing_glyphs: Vec<char>,
    /// Text that cannot be read at this size (the chart is drawn as asked);
    /// warn once, naming the option that helps.
    pub crowding: Vec<Crowding>,
    /// What the user should hear about how the chart was drawn (hue
    /// levels that share a colour because the palette repeats); the chart
    /// is drawn as asked.
    pub warnings: Vec<String>,
    /// The box of every text on the page, in points (y down), in drawing
    /// order: what a layout measured, for checks that nothing is cut off
    /// or overlaps.
    pub text_boxes: Vec<plotmill_scene::Rect>,
    /// The box of every text's ink, in the same order: whether text is
    /// cut off or overlaps other text is judged by it.
    pub text_inks: Vec<plotmill_scene::Rect>,
    /// The chart's axes, as matplotlib lists them (`fig.axes`): a scatter
    /// matrix's panels row by row, a heatmap and its colorbar, a line
    /// chart's one.
    pub axes: Vec<AxesBox>,
}
