//! seaborn's `clustermap`: a heatmap whose rows and columns are put in
//! the order of a hierarchical clustering, with the dendrograms beside
//! it, optional colour strips that label the rows and columns, and the
//! colorbar in the top-left corner.
//!
//! The layout is seaborn's `ClusterGrid`: a GridSpec whose first column
//! and row (`dendrogram_ratio` of the figure) hold the dendrograms, an
//! optional `colors_ratio` strip next, the heatmap in the rest, laid out
//! by matplotlib's `tight_layout(h_pad=.02, w_pad=.02)`; the colorbar at
//! `cbar_pos`, in figure fractions, after the layout. The heatmap's tick
//! labels are thinned and turned at the size its axes had before the
//! layout moved them, as seaborn decides them; its row labels are on the
//! right.

use std::collections::BTreeMap;

use plotmill_data::stats::cluster::{self, Along, Dendrogram, Method, Metric};
use plotmill_data::{CorrMethod, CorrOptions, Table, corr};
use plotmill_scene::{Cap, Color, Item, Rect, Stroke};
use plotmill_text::Fonts;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::axis::{Axis, Side};
use crate::figure::{AxesRole, Drawn, FONT_SIZE, Figure, LABEL_PAD, SubplotParams};
use crate::heatmap::{Heatmap, TickPlan, right_label};
use crate::hue::Hue;
use crate::layout::{self, Layout, Tight};
use crate::legible::Legibility;
use crate::{Chart, ChartError, HeatmapOptions, Matrix, Palette, TickLabels};

/// The most rows or columns a clustermap clusters: the distances between
/// them take `n²/2` numbers (2,000 rows: 16 MB).
pub const MAX_LEAVES: usize = 2_000;

/// Colours that label the rows or the columns in a strip beside the
/// heatmap (seaborn's `row_colors` and `col_colors`).
///
/// In a spec: a column's name (a colour for each of the data's rows: the
/// column's colours as written, or its categories coloured by `palette`),
/// a list of colours (one per row or column, in the data's order), or an
/// object of colours by row or column name (`{"sepal_length": "C0"}`;
/// names left out are white, as seaborn leaves them). The command line
/// spells a list `red,C1,#2ca02c` and names `a=red,b=C1`.
#[derive(Debug, Clone, PartialEq)]
pub enum StripColors {
    /// The column of this name, one colour per row of the data.
    Column(String),
    /// A colour for each row or column, in the data's order.
    List(Vec<Color>),
    /// A colour for each row or column by its name.
    ByName(BTreeMap<String, Color>),
}

impl StripColors {
    /// As the command line and HTTP parameters write it: a column's
    /// name, `COLOR,COLOR,…` or `NAME=COLOR,…`.
    pub fn parse(s: &str) -> Result<StripColors, String> {
        let s = s.trim();
        if !(s.contains(',') || s.contains('=')) {
            if s.is_empty() {
                return Err("give a column's name, a list of colours or NAME=COLOR pairs".into());
            }
            return Ok(StripColors::Column(s.to_owned()));
        }
        match Palette::parse(s)? {
            Palette::Colors(c) => Ok(StripColors::List(c)),
            Palette::Levels(l) => Ok(StripColors::ByName(l)),
            Palette::Name(n) => Ok(StripColors::Column(n)),
        }
    }
}

impl Serialize for StripColors {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StripColors::Column(c) => s.serialize_str(c),
            StripColors::List(c) => c.serialize(s),
            StripColors::ByName(m) => m.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for StripColors {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(d)? {
            // A string as the command line writes it: a column, a list, or
            // names' colours.
            serde_json::Value::String(s) => StripColors::parse(&s).map_err(D::Error::custom),
            v @ (serde_json::Value::Array(_) | serde_json::Value::Object(_)) => {
                match serde_json::from_value::<Palette>(v).map_err(D::Error::custom)? {
                    Palette::Colors(c) => Ok(StripColors::List(c)),
                    Palette::Levels(l) => Ok(StripColors::ByName(l)),
                    Palette::Name(n) => Ok(StripColors::Column(n)),
                }
            }
            _ => Err(D::Error::custom(
                "a column's name, a list of colours, or an object of colours by name",
            )),
        }
    }
}

impl JsonSchema for StripColors {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StripColors".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "a column's name, a list of colours (one per row or column), or an object of colours by name",
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "object", "additionalProperties": {"type": "string"}}
            ]
        })
    }
}

/// How to draw a clustermap; the defaults are seaborn's
/// (`sns.clustermap(data)`: average linkage on euclidean distances, a
/// 10 x 10 in figure). Also the clustermap's part of a
/// [`ChartSpec`](crate::ChartSpec).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ClustermapOptions {
    /// Cluster the correlation matrix of the numeric columns (seaborn
    /// users' `sns.clustermap(df.corr())`) instead of the data. Default:
    /// false.
    pub corr: bool,
    /// The correlation coefficient, with `corr`. Default: pearson.
    pub corr_method: CorrMethod,
    /// The fewest rows both columns of a pair need for a correlation,
    /// with `corr`. Default: 1.
    pub min_periods: usize,
    /// The numeric columns to draw, in this order. Default: every
    /// numeric column.
    pub columns: Option<Vec<String>>,
    /// The column whose values name the rows (pandas' `set_index`; its
    /// name labels the rows). Default: the rows are numbered from 0.
    pub index: Option<String>,
    /// Leave out rows with a missing value (with `corr`: variables with a
    /// missing correlation) instead of refusing them. Default: false.
    pub dropna: bool,
    /// The linkage method. Default: average.
    pub method: Method,
    /// The distance between rows (and between columns). Default:
    /// euclidean.
    pub metric: Metric,
    /// Standardise each row (0) or each column (1) to mean 0 and standard
    /// deviation 1 before clustering. Default: none.
    pub z_score: Option<u8>,
    /// Scale each row (0) or each column (1) to run from 0 to 1 before
    /// clustering. Default: none.
    pub standard_scale: Option<u8>,
    /// Cluster the rows. Default: true.
    pub row_cluster: bool,
    /// Cluster the columns. Default: true.
    pub col_cluster: bool,
    /// A strip of colours that labels the rows. Default: none.
    pub row_colors: Option<StripColors>,
    /// A strip of colours that labels the columns. Default: none.
    pub col_colors: Option<StripColors>,
    /// The colours of a `row_colors` column's categories (seaborn's
    /// palettes by name, a list, or colours by category). Default: deep.
    pub palette: Option<Palette>,
    /// The dendrograms' share of the figure's width and height (one
    /// number for both, or a pair). Default: 0.2, 0.2.
    #[serde(deserialize_with = "one_or_two")]
    #[schemars(schema_with = "one_or_two_schema")]
    pub dendrogram_ratio: (f64, f64),
    /// A colour strip's share of the figure's width and height (one
    /// number for both, or a pair). Default: 0.03, 0.03.
    #[serde(deserialize_with = "one_or_two")]
    #[schemars(schema_with = "one_or_two_schema")]
    pub colors_ratio: (f64, f64),
    /// The colorbar's place: left, bottom, width, height as fractions of
    /// the figure; `null` for none. Default: 0.02, 0.8, 0.05, 0.18.
    pub cbar_pos: Option<(f64, f64, f64, f64)>,
    /// The dendrograms' line colour. Default: 0.2 grey.
    pub tree_color: Color,
    /// The dendrograms' line width, in points. Default: 0.5.
    pub tree_linewidth: f64,
    /// Colormap. Default: rocket (icefire with `center`).
    pub cmap: Option<String>,
    /// Value at the colormap's low end. Default: the data's minimum.
    pub vmin: Option<f64>,
    /// Value at the colormap's high end. Default: the data's maximum.
    pub vmax: Option<f64>,
    /// Value at the colormap's middle. Default: none.
    pub center: Option<f64>,
    /// Take vmin/vmax from the 2nd and 98th percentiles. Default: false.
    pub robust: bool,
    /// Write each value in its cell. Default: false.
    pub annot: bool,
    /// Python format spec for the values in cells. Default: `.2g`.
    pub fmt: String,
    /// Width of the lines between cells, in points. Default: 0.
    pub linewidths: f64,
    /// Color of those lines. Default: white.
    pub linecolor: Color,
    /// Column labels (`"auto"`, false, every k-th, or names in the data's
    /// order). Default: auto.
    pub xticklabels: TickLabels,
    /// Row labels, as `xticklabels`. Default: auto.
    pub yticklabels: TickLabels,
    /// A label beside the colorbar. Default: none.
    pub cbar_label: Option<String>,
    /// Figure size in inches, [width, height]. Default: 10 x 10.
    pub figsize: (f64, f64),
    /// `tight` (seaborn's), `constrained`, or `none` (matplotlib's grid
    /// spacing, labels may be cut off). Default: tight.
    pub layout: Layout,
}

impl Default for ClustermapOptions {
    fn default() -> Self {
        ClustermapOptions {
            corr: false,
            corr_method: CorrMethod::Pearson,
            min_periods: 1,
            columns: None,
            index: None,
            dropna: false,
            method: Method::Average,
            metric: Metric::Euclidean,
            z_score: None,
            standard_scale: None,
            row_cluster: true,
            col_cluster: true,
            row_colors: None,
            col_colors: None,
            palette: None,
            dendrogram_ratio: (0.2, 0.2),
            colors_ratio: (0.03, 0.03),
            cbar_pos: Some((0.02, 0.8, 0.05, 0.18)),
            tree_color: Color::rgb(0.2, 0.2, 0.2),
            tree_linewidth: 0.5,
            cmap: None,
            vmin: None,
            vmax: None,
            center: None,
            robust: false,
            annot: false,
            fmt: ".2g".to_owned(),
            linewidths: 0.0,
            linecolor: Color::WHITE,
            xticklabels: TickLabels::Auto,
            yticklabels: TickLabels::Auto,
            cbar_label: None,
            figsize: (10.0, 10.0),
            layout: Layout::Tight,
        }
    }
}

/// A number for both sides, or a pair (seaborn's ratios).
fn one_or_two<'de, D: serde::Deserializer<'de>>(d: D) -> Result<(f64, f64), D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Ratio {
        One(f64),
        Two((f64, f64)),
    }
    match Ratio::deserialize(d).map_err(|_| {
        serde::de::Error::custom("give a fraction of the figure, or two: [width, height]")
    })? {
        Ratio::One(v) => Ok((v, v)),
        Ratio::Two(p) => Ok(p),
    }
}

fn one_or_two_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            {"type": "number"},
            {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
        ]
    })
}

impl ClustermapOptions {
    /// The options of the heatmap at the clustermap's heart.
    fn heatmap_options(&self) -> HeatmapOptions {
        let cmap = self.cmap.clone().unwrap_or_else(|| {
            if self.center.is_some() {
                "icefire"
            } else {
                "rocket"
            }
            .to_owned()
        });
        HeatmapOptions {
            matrix: true,
            annot: self.annot,
            fmt: self.fmt.clone(),
            cmap,
            vmin: self.vmin,
            vmax: self.vmax,
            center: self.center,
            robust: self.robust,
            linewidths: self.linewidths,
            linecolor: self.linecolor,
            cbar: self.cbar_pos.is_some(),
            cbar_label: self.cbar_label.clone(),
            figsize: self.figsize,
            xticklabels: self.xticklabels.clone(),
            yticklabels: self.yticklabels.clone(),
            max_columns: MAX_LEAVES,
            ..HeatmapOptions::default()
        }
    }

    /// The text columns a reader must keep: the index and a row colour
    /// column.
    pub fn label_columns(&self) -> Vec<String> {
        let strip = match &self.row_colors {
            Some(StripColors::Column(c)) => Some(c.clone()),
            _ => None,
        };
        self.index.iter().cloned().chain(strip).collect()
    }

    /// Checks what needs no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        self.heatmap_options().validate()?;
        let invalid =
            |option: &'static str, message: String| Err(ChartError::Invalid { option, message });
        if self.min_periods == 0 {
            return invalid(
                "min_periods",
                "must be at least 1 (a correlation needs a row)".into(),
            );
        }
        for (option, axis) in [
            ("z_score", self.z_score),
            ("standard_scale", self.standard_scale),
        ] {
            if let Some(a) = axis.filter(|a| *a > 1) {
                return invalid(
                    option,
                    format!("{a} is not an axis; give 0 (each row) or 1 (each column)"),
                );
            }
        }
        if self.z_score.is_some() && self.standard_scale.is_some() {
            return invalid(
                "z_score",
                "z_score and standard_scale cannot both be given (seaborn refuses it too); choose one".into(),
            );
        }
        if self.method.needs_euclidean() && self.metric != Metric::Euclidean {
            return invalid(
                "metric",
                cluster::ClusterError::NeedsEuclidean {
                    method: self.method.name(),
                }
                .to_string(),
            );
        }
        for (option, (a, b)) in [
            ("dendrogram_ratio", self.dendrogram_ratio),
            ("colors_ratio", self.colors_ratio),
        ] {
            if !(a.is_finite() && b.is_finite() && a >= 0.0 && b >= 0.0) {
                return invalid(option, "give fractions of the figure from 0 up".into());
            }
        }
        let strips = |dr: f64, cr: f64, strip: bool| dr + if strip { cr } else { 0.0 };
        if strips(
            self.dendrogram_ratio.0,
            self.colors_ratio.0,
            self.row_colors.is_some(),
        ) >= 1.0
            || strips(
                self.dendrogram_ratio.1,
                self.colors_ratio.1,
                self.col_colors.is_some(),
            ) >= 1.0
        {
            return invalid(
                "dendrogram_ratio",
                "the dendrogram and colour strips leave no room for the heatmap; give ratios that add up to less than 1".into(),
            );
        }
        if let Some((l, b, w, h)) = self.cbar_pos
            && !([l, b, w, h].iter().all(|v| v.is_finite()) && w > 0.0 && h > 0.0)
        {
            return invalid(
                "cbar_pos",
                "give left, bottom, width, height as fractions of the figure, width and height above 0".into(),
            );
        }
        if !(self.tree_linewidth >= 0.0 && self.tree_linewidth.is_finite()) {
            return invalid("tree_linewidth", "give a width in points, 0 or more".into());
        }
        if let Some(p) = &self.palette {
            p.check().map_err(|message| ChartError::Invalid {
                option: "palette",
                message,
            })?;
        }
        Ok(())
    }
}

/// A colour strip as drawn: a colour per row or column, in the heatmap's
/// order, and its label (a column's name).
#[derive(Debug)]
struct Strip {
    colors: Vec<Color>,
    label: Option<String>,
}

/// A clustermap's data, clustered and ordered, ready to draw.
#[derive(Debug)]
struct Clustered {
    matrix: Matrix,
    rows: Option<Dendrogram>,
    columns: Option<Dendrogram>,
    row_strip: Option<Strip>,
    col_strip: Option<Strip>,
    /// The rows' name (the index column's), beside the row labels.
    ylabel: Option<String>,
}

/// Builds the clustermap of `table`.
pub fn clustermap<'f>(
    table: &Table,
    options: &ClustermapOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    options.validate()?;
    let c = cluster_table(table, options)?;
    let mut heat_options = options.heatmap_options();
    // Labels given by name are in the data's order: put them in the
    // heatmap's, as seaborn does (a wrong count is the heatmap's error).
    let reorder = |labels: &mut TickLabels, order: Option<&Dendrogram>| {
        if let (TickLabels::Names(names), Some(d)) = (&*labels, order)
            && names.len() == d.leaves.len()
        {
            *labels = TickLabels::Names(d.leaves.iter().map(|&k| names[k].clone()).collect());
        }
    };
    reorder(&mut heat_options.xticklabels, c.columns.as_ref());
    reorder(&mut heat_options.yticklabels, c.rows.as_ref());
    let heat = Heatmap::checked(&c.matrix, &heat_options)?;
    let map = Map {
        options,
        clustered: &c,
        heat: &heat,
    };
    // seaborn thins and turns the tick labels at the heatmap's first size
    // (matplotlib's default subplot parameters), then lays the grid out.
    let mut plan: Option<TickPlan> = None;
    let tight = Tight {
        pad: 1.08 * FONT_SIZE,
        gap_pad: 0.02 * FONT_SIZE,
        rect: (0.0, 0.0, 0.0, 0.0),
    };
    layout::draw_with(options.layout, Some(tight), |params| {
        let (drawn, heat_axes) = map.draw(fonts, params, plan);
        if plan.is_none() {
            let first = &drawn.chart.axes[heat_axes];
            plan = Some(TickPlan {
                y_side: Side::Right,
                length: Some((first.rect.w, first.rect.h)),
                rotation: Some(first.tick_rotation),
            });
        }
        Ok(drawn)
    })
}

/// The matrix a clustermap draws from `table`, clustered.
fn cluster_table(table: &Table, o: &ClustermapOptions) -> Result<Clustered, ChartError> {
    let (mut matrix, mut row_index) = data_matrix(table, o)?;
    if o.dropna {
        drop_missing(&mut matrix, &mut row_index, o.corr);
    }
    let (nr, nc) = (matrix.rows.len(), matrix.columns.len());
    if nr == 0 || nc == 0 {
        return Err(ChartError::Invalid {
            option: if o.dropna { "dropna" } else { "columns" },
            message: "nothing is left to draw: every row has a missing value".into(),
        });
    }
    for (what, n, option) in [("rows", nr, "index"), ("columns", nc, "columns")] {
        if n > MAX_LEAVES {
            return Err(ChartError::Invalid {
                option,
                message: format!(
                    "{n} {what} is more than the {MAX_LEAVES} a clustermap clusters (the distances between them grow as the square); draw a sample, or fewer {what}"
                ),
            });
        }
    }
    if let Some(axis) = o.z_score {
        cluster::z_score(&mut matrix.values, nr, nc, along(axis));
    }
    if let Some(axis) = o.standard_scale {
        cluster::standard_scale(&mut matrix.values, nr, nc, along(axis));
    }
    if (o.row_cluster || o.col_cluster)
        && let Some(k) = matrix.values.iter().position(|v| !v.is_finite())
    {
        let (i, j) = (k / nc, k % nc);
        let what = if o.z_score.is_some() || o.standard_scale.is_some() {
            " after standardising (a row or column with one value throughout has no spread)"
        } else {
            ""
        };
        return Err(ChartError::Invalid {
            option: "dropna",
            message: format!(
                "row '{}', column '{}' has no value{what}; clustering needs every value (scipy refuses missing distances): give dropna to leave out rows with a missing value, or row_cluster and col_cluster false",
                matrix.rows[i], matrix.columns[j]
            ),
        });
    }
    let tree = |values: &[f64], n: usize, dim: usize, what: &str| {
        cluster::linkage(values, n, dim, o.method, o.metric)
            .map(|t| t.dendrogram())
            .map_err(|e| ChartError::Invalid {
                option: "metric",
                message: format!("clustering the {what}: {e}"),
            })
    };
    let rows = if o.row_cluster && nr > 1 {
        Some(tree(&matrix.values, nr, nc, "rows")?)
    } else {
        None
    };
    let columns = if o.col_cluster && nc > 1 {
        let transposed: Vec<f64> = (0..nc)
            .flat_map(|j| (0..nr).map(move |i| (i, j)))
            .map(|(i, j)| matrix.values[i * nc + j])
            .collect();
        Some(tree(&transposed, nc, nr, "columns")?)
    } else {
        None
    };
    let row_order: Vec<usize> = rows
        .as_ref()
        .map_or((0..nr).collect(), |d| d.leaves.clone());
    let col_order: Vec<usize> = columns
        .as_ref()
        .map_or((0..nc).collect(), |d| d.leaves.clone());
    let row_strip = o
        .row_colors
        .as_ref()
        .map(|s| {
            strip(
                table,
                o,
                s,
                "row_colors",
                &matrix.rows,
                row_index.as_deref(),
            )
        })
        .transpose()?
        .map(|s| s.ordered(&row_order));
    let col_strip = o
        .col_colors
        .as_ref()
        .map(|s| strip(table, o, s, "col_colors", &matrix.columns, None))
        .transpose()?
        .map(|s| s.ordered(&col_order));
    let ordered = Matrix {
        rows: row_order.iter().map(|&i| matrix.rows[i].clone()).collect(),
        columns: col_order
            .iter()
            .map(|&j| matrix.columns[j].clone())
            .collect(),
        values: row_order
            .iter()
            .flat_map(|&i| col_order.iter().map(move |&j| (i, j)))
            .map(|(i, j)| matrix.values[i * nc + j])
            .collect(),
    };
    Ok(Clustered {
        matrix: ordered,
        rows,
        columns,
        row_strip,
        col_strip,
        ylabel: o.index.clone().filter(|_| !o.corr),
    })
}

fn along(axis: u8) -> Along {
    if axis == 0 {
        Along::Rows
    } else {
        Along::Columns
    }
}

/// The matrix before clustering: the data's numeric columns (or their
/// correlations), and for each of its rows the table row it came from
/// (none with `corr`).
fn data_matrix(
    table: &Table,
    o: &ClustermapOptions,
) -> Result<(Matrix, Option<Vec<usize>>), ChartError> {
    let numeric: Vec<&str> = table
        .columns()
        .iter()
        .map(|c| c.name())
        .filter(|n| Some(*n) != o.index.as_deref())
        .collect();
    let names: Vec<&str> = match &o.columns {
        Some(names) => {
            for n in names {
                if table.column(n).is_none() {
                    return Err(ChartError::Invalid {
                        option: "columns",
                        message: format!(
                            "no numeric column '{n}' (the numeric columns are {})",
                            numeric.join(", ")
                        ),
                    });
                }
            }
            names.iter().map(String::as_str).collect()
        }
        None => numeric,
    };
    if names.is_empty() {
        return Err(ChartError::NoColumns(table.text_columns().to_vec()));
    }
    let columns: Vec<&plotmill_data::Column> =
        names.iter().filter_map(|n| table.column(n)).collect();
    if o.corr {
        let sub =
            Table::new(table.rows(), columns.into_iter().cloned().collect()).map_err(|e| {
                ChartError::Invalid {
                    option: "columns",
                    message: e.to_string(),
                }
            })?;
        let min_periods =
            std::num::NonZeroUsize::new(o.min_periods).unwrap_or(std::num::NonZeroUsize::MIN);
        let m = corr(
            &sub,
            &CorrOptions {
                method: o.corr_method,
                min_periods,
            },
        )?;
        return Ok((
            Matrix {
                rows: m.names().to_vec(),
                columns: m.names().to_vec(),
                values: m.values().to_vec(),
            },
            None,
        ));
    }
    let rows = row_names(table, o)?;
    let nr = table.rows();
    let mut values = Vec::with_capacity(nr * columns.len());
    for r in 0..nr {
        values.extend(columns.iter().map(|c| c.values()[r]));
    }
    Ok((
        Matrix {
            rows,
            columns: names.iter().map(|n| (*n).to_owned()).collect(),
            values,
        },
        Some((0..nr).collect()),
    ))
}

/// The rows' names: the index column's values, or 0, 1, 2, …
fn row_names(table: &Table, o: &ClustermapOptions) -> Result<Vec<String>, ChartError> {
    let Some(index) = &o.index else {
        return Ok((0..table.rows()).map(|i| i.to_string()).collect());
    };
    if let Some(labels) = table.labels(index) {
        return Ok((0..table.rows())
            .map(|r| labels.get(r).unwrap_or("").to_owned())
            .collect());
    }
    if let Some(column) = table.column(index) {
        return Ok(column
            .values()
            .iter()
            .map(|v| crate::hue::level_label(column.kind(), *v))
            .collect());
    }
    Err(crate::hue::no_column(
        table,
        "index",
        index,
        " to name the rows by",
    ))
}

/// Leaves out rows with a missing value; with `corr` (a square matrix,
/// the same variables both ways), the variable with the most missing
/// correlations, again and again until none is missing.
fn drop_missing(m: &mut Matrix, index: &mut Option<Vec<usize>>, square: bool) {
    let nc = m.columns.len();
    if !square {
        let keep: Vec<bool> = m
            .values
            .chunks(nc)
            .map(|row| row.iter().all(|v| v.is_finite()))
            .collect();
        let mut k = keep.iter();
        m.rows.retain(|_| *k.next().unwrap_or(&false));
        m.values = m
            .values
            .chunks(nc)
            .zip(&keep)
            .filter(|(_, k)| **k)
            .flat_map(|(r, _)| r.iter().copied())
            .collect();
        if let Some(ix) = index {
            let mut k = keep.iter();
            ix.retain(|_| *k.next().unwrap_or(&false));
        }
        return;
    }
    loop {
        let n = m.rows.len();
        let missing: Vec<usize> = (0..n)
            .map(|i| (0..n).filter(|&j| !m.values[i * n + j].is_finite()).count())
            .collect();
        let Some((worst, _)) = missing
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))
        else {
            return;
        };
        let values = (0..n)
            .filter(|&i| i != worst)
            .flat_map(|i| (0..n).filter(|&j| j != worst).map(move |j| (i, j)))
            .map(|(i, j)| m.values[i * n + j])
            .collect();
        m.values = values;
        m.rows.remove(worst);
        m.columns.remove(worst);
    }
}

impl Strip {
    /// The strip in the heatmap's order.
    fn ordered(self, order: &[usize]) -> Strip {
        Strip {
            colors: order.iter().map(|&k| self.colors[k]).collect(),
            label: self.label,
        }
    }
}

/// The colours of a strip, one per name in `names` (the matrix's rows or
/// columns in the data's order); `rows` maps each matrix row to its table
/// row (for a column of colours).
fn strip(
    table: &Table,
    o: &ClustermapOptions,
    colors: &StripColors,
    option: &'static str,
    names: &[String],
    rows: Option<&[usize]>,
) -> Result<Strip, ChartError> {
    let invalid = |message: String| ChartError::Invalid { option, message };
    match colors {
        StripColors::List(list) => {
            if list.len() != names.len() {
                return Err(invalid(format!(
                    "{} colours given for {} {}; give one for each, in the data's order",
                    list.len(),
                    names.len(),
                    if option == "row_colors" {
                        "rows"
                    } else {
                        "columns"
                    }
                )));
            }
            Ok(Strip {
                colors: list.clone(),
                label: None,
            })
        }
        StripColors::ByName(by_name) => Ok(Strip {
            colors: names
                .iter()
                .map(|n| by_name.get(n).copied().unwrap_or(Color::WHITE))
                .collect(),
            label: None,
        }),
        StripColors::Column(name) => {
            let Some(rows) = rows else {
                let why = if option == "col_colors" {
                    "the columns are not rows of the data"
                } else {
                    "with corr the rows are the variables, not rows of the data"
                };
                return Err(invalid(format!(
                    "'{name}' names a column, but {why}; give a colour for each by name (NAME=COLOR,…) or a list of colours"
                )));
            };
            let per_row = column_colors(table, name, o.palette.as_ref()).map_err(|e| match e {
                ChartError::Invalid { message, .. } => invalid(message),
                other => other,
            })?;
            Ok(Strip {
                colors: rows.iter().map(|&r| per_row[r]).collect(),
                label: Some(name.clone()),
            })
        }
    }
}

/// A colour for each row of the table from column `name`: its cells when
/// each is a colour, else its categories through `palette` (white where
/// missing).
fn column_colors(
    table: &Table,
    name: &str,
    palette: Option<&Palette>,
) -> Result<Vec<Color>, ChartError> {
    if palette.is_none()
        && let Some(labels) = table.labels(name)
        && let Some(levels) = labels
            .levels()
            .iter()
            .map(|l| Color::parse(l))
            .collect::<Option<Vec<Color>>>()
    {
        return Ok(labels
            .codes()
            .iter()
            .map(|&c| levels.get(c as usize).copied().unwrap_or(Color::WHITE))
            .collect());
    }
    let hue = Hue::of(table, name, None, palette, None)?;
    Ok(hue
        .level_of
        .iter()
        .map(|l| l.map_or(Color::WHITE, |k| hue.colors[k]))
        .collect())
}

/// A clustermap ready to draw wherever the layout puts its grid.
struct Map<'a> {
    options: &'a ClustermapOptions,
    clustered: &'a Clustered,
    heat: &'a Heatmap<'a>,
}

impl Map<'_> {
    /// The figure with its grid inside `params`; also the index of the
    /// heatmap's axes.
    fn draw(
        &self,
        fonts: Fonts<'_>,
        params: SubplotParams,
        plan: Option<TickPlan>,
    ) -> (Drawn, usize) {
        let (o, c) = (self.options, self.clustered);
        let mut fig = Figure::new(fonts, o.figsize, params);
        let ratios = |dendrogram: f64, colors: f64, strip: bool| {
            let mut r = vec![dendrogram];
            if strip {
                r.push(colors);
            }
            r.push(1.0 - r.iter().sum::<f64>());
            r
        };
        let widths = ratios(
            o.dendrogram_ratio.0,
            o.colors_ratio.0,
            c.row_strip.is_some(),
        );
        let heights = ratios(
            o.dendrogram_ratio.1,
            o.colors_ratio.1,
            c.col_strip.is_some(),
        );
        // matplotlib's GridSpec spacing (0.2) where seaborn drew the
        // heatmap first (no plan yet) and without a layout; under a layout
        // the layout sets every gap.
        let space = if o.layout == Layout::None || plan.is_none() {
            0.2
        } else {
            0.0
        };
        let (cols, rows) = fig.grid(&widths, &heights, space, space);
        let cell = |r: usize, c: usize| Rect::new(cols[c].0, rows[r].0, cols[c].1, rows[r].1);
        let (last_r, last_c) = (rows.len() - 1, cols.len() - 1);
        let (nr, nc) = (c.matrix.rows.len(), c.matrix.columns.len());
        self.dendrogram(&mut fig, cell(last_r, 0), c.rows.as_ref(), nr, true);
        self.dendrogram(&mut fig, cell(0, last_c), c.columns.as_ref(), nc, false);
        let mut legible = Legibility::default();
        if let Some(s) = &c.row_strip {
            self.strip(&mut fig, cell(last_r, 1), s, (last_r, 1), true);
        }
        if let Some(s) = &c.col_strip {
            self.strip(&mut fig, cell(1, last_c), s, (1, last_c), false);
        }
        let main = cell(last_r, last_c);
        let axes = crate::figure::Axes {
            rect: main,
            xlim: (0.0, nc as f64),
            ylim: (nr as f64, 0.0),
        };
        let plan = plan.unwrap_or(TickPlan {
            y_side: Side::Right,
            length: None,
            rotation: None,
        });
        let from = fig.text_boxes().len();
        let heat_axes = self.heat.draw_in(&mut fig, &axes, plan, &mut legible);
        let boxes = fig.text_boxes()[from..].to_vec();
        for b in boxes {
            fig.reach_of((last_r, last_c), b);
        }
        if let Some(ylabel) = c.ylabel.as_deref().filter(|l| !l.is_empty()) {
            let right = fig.text_boxes()[from..]
                .iter()
                .filter(|b| b.x >= main.right())
                .map(|b| b.right())
                .fold(main.right(), f64::max);
            let b = right_label(&mut fig, ylabel, right + LABEL_PAD, main.center().y);
            fig.reach_of((last_r, last_c), b);
        }
        if let Some((l, b, w, h)) = o.cbar_pos {
            let (pw, ph) = (fig.page().w, fig.page().h);
            let from = fig.text_boxes().len();
            self.heat.colorbar(
                &mut fig,
                Rect::new(l * pw, (1.0 - b - h) * ph, w * pw, h * ph),
            );
            fig.unmeasured_since(from);
        }
        (fig.finish(legible.finish()), heat_axes)
    }

    /// A dendrogram in `rect`: the rows' (`rotated`, its root on the left)
    /// or the columns' (its root at the top); an empty axes without one.
    fn dendrogram(
        &self,
        fig: &mut Figure<'_>,
        rect: Rect,
        tree: Option<&Dendrogram>,
        leaves: usize,
        rotated: bool,
    ) {
        let top = tree
            .map(|d| d.links.iter().flatten().map(|p| p.1).fold(0.0, f64::max))
            .unwrap_or(0.0);
        // scipy's plotting constants: leaves 10 apart, the root at 1/1.05
        // of the height.
        let (span, height) = (
            leaves as f64 * 10.0,
            if top > 0.0 { top * 1.05 } else { 1.0 },
        );
        let axes = if rotated {
            crate::figure::Axes {
                rect,
                xlim: (height, 0.0),
                ylim: (span, 0.0),
            }
        } else {
            crate::figure::Axes {
                rect,
                xlim: (0.0, span),
                ylim: (0.0, height),
            }
        };
        fig.add_axes(AxesRole::Dendrogram, &axes);
        let Some(tree) = tree else {
            return;
        };
        let stroke = Stroke {
            width: self.options.tree_linewidth,
            color: self.options.tree_color,
        };
        for link in &tree.links {
            let points = link
                .iter()
                .map(|&(at, h)| {
                    if rotated {
                        axes.point(h, at)
                    } else {
                        axes.point(at, h)
                    }
                })
                .collect();
            // A dendrogram is a line collection: butt ends.
            fig.push(Item::Line {
                points,
                stroke,
                cap: Cap::Butt,
            });
        }
    }

    /// A colour strip in `rect` (grid cell `cell`), a cell per row
    /// (`rows`) or per column, labelled below (rows) or on the right
    /// (columns) with its column's name.
    fn strip(
        &self,
        fig: &mut Figure<'_>,
        rect: Rect,
        strip: &Strip,
        cell: (usize, usize),
        rows: bool,
    ) {
        let n = strip.colors.len() as f64;
        let axes = if rows {
            crate::figure::Axes {
                rect,
                xlim: (0.0, 1.0),
                ylim: (n, 0.0),
            }
        } else {
            crate::figure::Axes {
                rect,
                xlim: (0.0, n),
                ylim: (1.0, 0.0),
            }
        };
        let owner = fig.add_axes(AxesRole::Plot, &axes);
        let cells: Vec<(Rect, Color)> = strip
            .colors
            .iter()
            .enumerate()
            .map(|(k, &color)| {
                let k = k as f64;
                let (a, b) = if rows {
                    (axes.point(0.0, k), axes.point(1.0, k + 1.0))
                } else {
                    (axes.point(k, 0.0), axes.point(k + 1.0, 1.0))
                };
                let r = Rect::new(
                    a.x.min(b.x),
                    a.y.min(b.y),
                    (b.x - a.x).abs(),
                    (b.y - a.y).abs(),
                );
                (r, color)
            })
            .collect();
        let edges: Vec<Rect> = cells.iter().map(|c| c.0).collect();
        fig.push(Item::Mesh { cells });
        if self.options.linewidths > 0.0 {
            let stroke = Stroke {
                width: self.options.linewidths,
                color: self.options.linecolor,
            };
            for rect in edges {
                fig.push(Item::Rect {
                    rect,
                    fill: None,
                    stroke: Some(stroke),
                });
            }
        }
        let Some(label) = &strip.label else {
            return;
        };
        // seaborn: the row strip's name below it, upright; the column
        // strip's on its right, level.
        let ticks = [(0.5, label.as_str())];
        let (side, lim, rotation) = if rows {
            (Side::Bottom, axes.xlim, 90.0)
        } else {
            (Side::Right, (1.0, 0.0), 0.0)
        };
        let from = fig.text_boxes().len();
        Axis {
            rotation,
            fixed: Some(&ticks),
            ..Axis::new(side, lim, FONT_SIZE)
        }
        .draw(fig, owner, None);
        let boxes = fig.text_boxes()[from..].to_vec();
        for b in boxes {
            fig.reach_of(cell, b);
        }
    }
}
