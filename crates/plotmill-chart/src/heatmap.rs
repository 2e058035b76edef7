//! The correlation heatmap, as seaborn's `heatmap` draws it.

use plotmill_data::CorrMethod;
use plotmill_data::stats::percentile;
use plotmill_scene::{Color, Colormap, Item, Point, Rect, Stroke};
use plotmill_text::Fonts;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::axis::{Axis, Side};
use crate::figure::{self, Axes, AxesRole, Drawn, FONT_SIZE, Figure, LABEL_PAD, SubplotParams};
use crate::layout::{self, Layout};
use crate::legible::{Legibility, TextRole};
use crate::text::{HAlign, Label, LineBox, VAlign};
use crate::{Chart, ChartError, NumberFormat};

/// A matrix to draw: row and column names, values row by row (NaN is blank).
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Names down the left, top to bottom.
    pub rows: Vec<String>,
    /// Names along the bottom, left to right.
    pub columns: Vec<String>,
    /// `rows.len() * columns.len()` values, row by row.
    pub values: Vec<f64>,
}

/// Which cells to leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mask {
    /// Draw every cell.
    #[default]
    None,
    /// Hide the upper triangle (`numpy.triu`).
    Upper,
    /// Hide the lower triangle (`numpy.tril`).
    Lower,
}

/// Which tick labels an axis of a heatmap shows (seaborn's `xticklabels`
/// and `yticklabels`). In a spec: `"auto"` (or `true`), `false` (none), a
/// number k (every k-th), or a list of names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TickLabels {
    /// The matrix's names, thinned when crowded (seaborn's "auto").
    #[default]
    Auto,
    /// None, and no tick marks.
    Hide,
    /// Every k-th name.
    Every(usize),
    /// These names, one per row or column.
    Names(Vec<String>),
}

/// How to draw a heatmap; the defaults are the service's chart
/// (`sns.heatmap(df.corr(), annot=True, cmap="coolwarm")` on an 8×6 in
/// figure). This is also the heatmap's part of a [`ChartSpec`](crate::ChartSpec):
/// the field names are the spec's (and the command line's flags, in snake
/// case), and what a spec leaves out has these defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HeatmapOptions {
    /// The data is already a matrix (first column row names), not data to
    /// correlate. Used when the chart is drawn from a table
    /// ([`ChartSpec::build`](crate::ChartSpec::build)); [`heatmap`] takes
    /// its matrix as it is. Default: false.
    pub matrix: bool,
    /// The correlation coefficient, from a table. Default: pearson.
    pub method: CorrMethod,
    /// The fewest rows both columns of a pair need for a value (at least
    /// 1), from a table. Default: 1.
    pub min_periods: usize,
    /// Write each value in its cell. Default: true.
    pub annot: bool,
    /// Python format spec for the values in cells: .2g, .2f, .1%, d, .3e, …
    /// Default: `.2g`.
    pub fmt: String,
    /// Colormap (matplotlib/seaborn name; add _r to reverse). Default:
    /// `coolwarm`.
    pub cmap: String,
    /// Value at the colormap's low end. Default: the data's minimum.
    pub vmin: Option<f64>,
    /// Value at the colormap's high end. Default: the data's maximum.
    pub vmax: Option<f64>,
    /// Value at the colormap's middle (re-centres a diverging map). Default: none.
    pub center: Option<f64>,
    /// Take vmin/vmax from the 2nd and 98th percentiles. Default: false.
    pub robust: bool,
    /// Hide a triangle of the matrix. Default: none.
    pub mask: Mask,
    /// With a mask: keep the diagonal (a mask hides it, as `numpy.triu`
    /// and `tril` do). Default: false.
    pub mask_keep_diagonal: bool,
    /// Square cells. Default: false.
    pub square: bool,
    /// Width of the lines between cells, in points. Default: 0.
    pub linewidths: f64,
    /// Color of those lines. Default: white.
    pub linecolor: Color,
    /// Draw the colorbar. Default: true.
    pub cbar: bool,
    /// A label beside the colorbar (seaborn's `cbar_kws={"label": ...}`).
    /// Default: none.
    pub cbar_label: Option<String>,
    /// The colorbar's length as a fraction of the axes' height, centred
    /// (`cbar_kws={"shrink": ...}`), in (0, 1]. Default: 1.
    pub cbar_shrink: f64,
    /// Figure size in inches, [width, height]. Default: 8 × 6.
    pub figsize: (f64, f64),
    /// Where the axes go: `none` (matplotlib's fixed margins), `tight` or
    /// `constrained` (moved so that every label is on the page). Default:
    /// none.
    pub layout: Layout,
    /// A title above the chart. Default: none.
    pub title: Option<String>,
    /// The most rows or columns drawn before it is an error (cells grow as
    /// their square). Default: 500.
    pub max_columns: usize,
    /// Cells to hide besides `mask`, row by row (`true` hides), as
    /// seaborn's boolean `mask` array. Default: none.
    pub mask_cells: Option<Vec<bool>>,
    /// The text of each cell, row by row, instead of its formatted value
    /// (seaborn's `annot` array, already formatted). Default: none.
    pub annot_labels: Option<Vec<String>>,
    /// Annotation size in points (seaborn's `annot_kws={"size": ...}`).
    /// Default: 10.
    pub annot_size: Option<f64>,
    /// Annotation color for every cell (`annot_kws={"color": ...}`).
    /// Default: dark or white by the cell's luminance.
    pub annot_color: Option<Color>,
    /// Column labels. Default: auto.
    pub xticklabels: TickLabels,
    /// Row labels. Default: auto.
    pub yticklabels: TickLabels,
}

impl Default for HeatmapOptions {
    fn default() -> Self {
        HeatmapOptions {
            matrix: false,
            method: CorrMethod::Pearson,
            min_periods: 1,
            annot: true,
            fmt: ".2g".to_owned(),
            cmap: "coolwarm".to_owned(),
            vmin: None,
            vmax: None,
            center: None,
            robust: false,
            mask: Mask::None,
            mask_keep_diagonal: false,
            square: false,
            linewidths: 0.0,
            linecolor: Color::WHITE,
            cbar: true,
            cbar_label: None,
            cbar_shrink: 1.0,
            figsize: (8.0, 6.0),
            layout: Layout::None,
            title: None,
            max_columns: 500,
            mask_cells: None,
            annot_labels: None,
            annot_size: None,
            annot_color: None,
            xticklabels: TickLabels::Auto,
            yticklabels: TickLabels::Auto,
        }
    }
}

/// seaborn's light and dark annotation colors (".15" and "w").
const DARK_TEXT: Color = Color::rgb(0.15, 0.15, 0.15);

/// Builds the heatmap of `matrix`.
pub fn heatmap<'f>(
    matrix: &Matrix,
    options: &HeatmapOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    let map = Heatmap::new(matrix, options)?;
    layout::draw(options.layout, |params| Ok(map.draw(fonts, params)))
}

/// A heatmap with its options checked and its colors chosen: what it
/// draws wherever its axes go.
pub(crate) struct Heatmap<'a> {
    matrix: &'a Matrix,
    options: &'a HeatmapOptions,
    format: NumberFormat,
    cmap: Colormap,
    /// The values at the colormap's ends (vmin, vmax).
    range: (f64, f64),
}

/// Where a heatmap's tick labels go and how they are decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TickPlan {
    /// The side of the row labels (seaborn's heatmap: left; a
    /// clustermap's: right).
    pub(crate) y_side: Side,
    /// The axes' width and height the labels are thinned for; `None`: the
    /// axes' own. seaborn decides at the size the axes had when the
    /// heatmap was drawn, before a layout moved them.
    pub(crate) length: Option<(f64, f64)>,
    /// The x and y labels' angles; `None`: upright x and vertical y
    /// labels, turned where they overlap.
    pub(crate) rotation: Option<(f64, f64)>,
}

impl TickPlan {
    /// seaborn's heatmap: row labels on the left, thinned and turned at
    /// the axes' own size.
    const HEATMAP: TickPlan = TickPlan {
        y_side: Side::Left,
        length: None,
        rotation: None,
    };
}

impl<'a> Heatmap<'a> {
    /// Checks `options` against `matrix` and picks the colors.
    pub(crate) fn new(
        matrix: &'a Matrix,
        options: &'a HeatmapOptions,
    ) -> Result<Heatmap<'a>, ChartError> {
        options.validate()?;
        Self::checked(matrix, options)
    }

    /// [`Heatmap::new`] without the options' own checks (done by a chart
    /// that holds them).
    pub(crate) fn checked(
        matrix: &'a Matrix,
        options: &'a HeatmapOptions,
    ) -> Result<Heatmap<'a>, ChartError> {
        let (nr, nc) = (matrix.rows.len(), matrix.columns.len());
        if nr == 0 || nc == 0 || matrix.values.len() != nr * nc {
            return Err(ChartError::NoColumns(Vec::new()));
        }
        if nr.max(nc) > options.max_columns {
            return Err(ChartError::TooManyColumns {
                found: nr.max(nc),
                max: options.max_columns,
            });
        }
        let format = NumberFormat::parse(&options.fmt)?;
        let cmap = Colormap::from_name(&options.cmap)?;

        for (what, len) in [
            ("mask", options.mask_cells.as_ref().map(Vec::len)),
            ("annot", options.annot_labels.as_ref().map(Vec::len)),
        ] {
            if let Some(len) = len.filter(|&l| l != nr * nc) {
                return Err(ChartError::Invalid {
                    option: what,
                    message: format!(
                        "{len} cells given for a {nr}x{nc} matrix; give one per cell, row by row"
                    ),
                });
            }
        }
        for (what, labels, n) in [
            ("xticklabels", &options.xticklabels, nc),
            ("yticklabels", &options.yticklabels, nr),
        ] {
            let bad = match labels {
                TickLabels::Names(v) if v.len() != n => Some(format!(
                    "{} labels given for {n}; give one per cell",
                    v.len()
                )),
                TickLabels::Every(0) => Some("every 0th label: give 1 or more".to_owned()),
                _ => None,
            };
            if let Some(message) = bad {
                return Err(ChartError::Invalid {
                    option: what,
                    message,
                });
            }
        }
        let shown: Vec<f64> = (0..nr * nc)
            .filter(|k| !options.hidden(nc, k / nc, k % nc))
            .map(|k| matrix.values[k])
            .filter(|v| v.is_finite())
            .collect();
        let (vmin, vmax) = value_range(&shown, options);
        let cmap = match options.center {
            Some(center) => recenter(&cmap, vmin, vmax, center),
            None => cmap,
        };
        Ok(Heatmap {
            matrix,
            options,
            format,
            cmap,
            range: (vmin, vmax),
        })
    }
}

impl HeatmapOptions {
    /// Whether cell (i, j) of a matrix of `nc` columns is masked.
    fn hidden(&self, nc: usize, i: usize, j: usize) -> bool {
        self.mask_cells.as_ref().is_some_and(|m| m[i * nc + j])
            || match self.mask {
                Mask::None => false,
                Mask::Upper => j > i || (!self.mask_keep_diagonal && i == j),
                Mask::Lower => j < i || (!self.mask_keep_diagonal && i == j),
            }
    }
}

impl Heatmap<'_> {
    /// Where `v` falls on the colormap, 0 to 1.
    fn norm(&self, v: f64) -> f64 {
        let (vmin, vmax) = self.range;
        if vmax > vmin {
            (v - vmin) / (vmax - vmin)
        } else {
            0.0
        }
    }

    /// The heatmap's axes and its colorbar's in the figure's `area`.
    fn boxes(&self, area: Rect) -> (Rect, Option<Rect>) {
        let o = self.options;
        let (nr, nc) = (self.matrix.rows.len(), self.matrix.columns.len());
        let (mut main, cbar) = if o.cbar {
            // matplotlib's make_axes_gridspec: fraction .15, pad .05, aspect 20.
            let (fraction, pad) = (0.15, 0.05);
            let (cols, _) = figure::grid(
                area,
                &[1.0 - fraction - pad, fraction],
                &[1.0],
                2.0 * pad / (1.0 - pad),
                0.0,
            );
            let main = Rect::new(cols[0].0, area.y, cols[0].1, area.h);
            // `shrink` makes the bar's slot shorter; the bar keeps its aspect.
            let cb_w = (area.h * o.cbar_shrink / 20.0).min(cols[1].1);
            let cb_h = cb_w * 20.0;
            let cb = Rect::new(cols[1].0, area.y + (area.h - cb_h) / 2.0, cb_w, cb_h);
            (main, Some(cb))
        } else {
            (area, None)
        };
        if o.square {
            let s = (main.w / nc as f64).min(main.h / nr as f64);
            let (sw, sh) = (s * nc as f64, s * nr as f64);
            // matplotlib anchors a shrunk axes at its center, but next to a
            // colorbar at its right edge (make_axes' panchor), against the bar.
            let x = if cbar.is_some() {
                main.right() - sw
            } else {
                main.x + (main.w - sw) / 2.0
            };
            main = Rect::new(x, main.y + (main.h - sh) / 2.0, sw, sh);
        }
        (main, cbar)
    }

    /// The chart with its axes inside `params`.
    fn draw(&self, fonts: Fonts<'_>, params: SubplotParams) -> Drawn {
        let o = self.options;
        let (nr, nc) = (self.matrix.rows.len(), self.matrix.columns.len());
        let mut fig = Figure::new(fonts, o.figsize, params);
        let (main, cbar) = self.boxes(fig.area());
        let axes = Axes {
            rect: main,
            xlim: (0.0, nc as f64),
            ylim: (nr as f64, 0.0),
        };
        let mut legible = Legibility::default();
        self.draw_in(&mut fig, &axes, TickPlan::HEATMAP, &mut legible);
        if let Some(cb) = cbar {
            self.colorbar(&mut fig, cb);
        }
        if let Some(title) = &o.title {
            fig.title(title, main);
        }
        fig.finish(legible.finish())
    }

    /// The heatmap's axes at `axes`: cells, tick labels as `plan` says,
    /// annotations; returns the axes' index.
    pub(crate) fn draw_in(
        &self,
        fig: &mut Figure<'_>,
        axes: &Axes,
        plan: TickPlan,
        legible: &mut Legibility,
    ) -> usize {
        let owner = fig.add_axes(AxesRole::Plot, axes);
        let colors = self.cells(fig, axes);
        self.tick_labels(fig, owner, plan, legible);
        if self.options.annot {
            self.annotations(fig, axes, &colors, legible);
        }
        owner
    }

    /// The colorbar at `cb`, with its label.
    pub(crate) fn colorbar(&self, fig: &mut Figure<'_>, cb: Rect) {
        colorbar(
            fig,
            cb,
            (&self.cmap, self.range.0, self.range.1),
            self.options.cbar_label.as_deref(),
        );
    }

    /// The cells (and their edges); returns each drawn cell's color, row
    /// by row.
    fn cells(&self, fig: &mut Figure<'_>, axes: &Axes) -> Vec<Option<Color>> {
        let o = self.options;
        let (nr, nc) = (self.matrix.rows.len(), self.matrix.columns.len());
        let mut cells = Vec::with_capacity(nr * nc);
        let mut colors = vec![None; nr * nc];
        for i in 0..nr {
            for j in 0..nc {
                let v = self.matrix.values[i * nc + j];
                if o.hidden(nc, i, j) || !v.is_finite() {
                    continue;
                }
                let c = self.cmap.color(self.norm(v));
                colors[i * nc + j] = Some(c);
                cells.push((cell_rect(axes, i, j), c));
            }
        }
        let edges: Vec<Rect> = cells.iter().map(|(r, _)| *r).collect();
        fig.push(Item::Mesh { cells });
        if o.linewidths > 0.0 {
            let stroke = Stroke {
                width: o.linewidths,
                color: o.linecolor,
            };
            for rect in edges {
                fig.push(Item::Rect {
                    rect,
                    fill: None,
                    stroke: Some(stroke),
                });
            }
        }
        colors
    }

    /// Tick marks and labels, thinned and rotated as seaborn does.
    fn tick_labels(
        &self,
        fig: &mut Figure<'_>,
        owner: usize,
        plan: TickPlan,
        legible: &mut Legibility,
    ) {
        let (o, m) = (self.options, self.matrix);
        let axes = fig.axes(owner);
        let (main, xlim, ylim) = (axes.rect, axes.xlim, axes.ylim);
        // Categories at the cells' middles, thinned as seaborn thins them.
        fn fixed<'a>(
            labels: &'a TickLabels,
            names: &'a [String],
            length: f64,
        ) -> Vec<(f64, &'a str)> {
            shown_ticks(labels, names.len(), length)
                .into_iter()
                .map(|i| (i as f64 + 0.5, tick_name(labels, names, i)))
                .collect()
        }
        let (w, h) = plan.length.unwrap_or((main.w, main.h));
        let xs = fixed(&o.xticklabels, &m.columns, w);
        let ys = fixed(&o.yticklabels, &m.rows, h);
        // seaborn turns crowded x labels upright and crowded y labels
        // (upright at first) level.
        let page = fig.page();
        let (x_at, y_at) = plan.rotation.unzip();
        for (side, lim, ticks, rotation, turned) in [
            (Side::Bottom, xlim, &xs, x_at, 90.0),
            (plan.y_side, ylim, &ys, y_at, 0.0),
        ] {
            let axis = Axis {
                rotation: rotation.unwrap_or(90.0 - turned),
                fixed: Some(ticks),
                rotate_if_crowded: rotation.is_none().then_some(turned),
                // seaborn sets va="center" on the labels it made, on the
                // left; a clustermap moves them to the right, where
                // matplotlib's own (center_baseline) show.
                side_va: if side == Side::Left {
                    VAlign::Center
                } else {
                    VAlign::CenterBaseline
                },
                ..Axis::new(side, lim, FONT_SIZE)
            };
            let from = fig.text_boxes().len();
            axis.draw(fig, owner, None);
            legible.labels(TextRole::TickLabels, &fig.text_inks()[from..], main, page);
        }
    }

    /// Each drawn cell's value (or given text), dark or light by the
    /// cell's color.
    fn annotations(
        &self,
        fig: &mut Figure<'_>,
        axes: &Axes,
        colors: &[Option<Color>],
        legible: &mut Legibility,
    ) {
        let (o, m) = (self.options, self.matrix);
        let (nr, nc) = (m.rows.len(), m.columns.len());
        let size = o.annot_size.unwrap_or(FONT_SIZE);
        let annot_line = LineBox::new(fig.fonts(), size);
        let mut boxes = Vec::new();
        for i in 0..nr {
            for j in 0..nc {
                let Some(c) = colors[i * nc + j] else {
                    continue;
                };
                let color = o.annot_color.unwrap_or(if c.luminance() > 0.408 {
                    DARK_TEXT
                } else {
                    Color::WHITE
                });
                let s = match &o.annot_labels {
                    Some(labels) => labels[i * nc + j].clone(),
                    None => self.format.format(m.values[i * nc + j]),
                };
                let l = Label {
                    color,
                    size,
                    ..label(
                        &s,
                        axes.point(j as f64 + 0.5, i as f64 + 0.5),
                        HAlign::Center,
                        VAlign::Center,
                        0.0,
                    )
                };
                fig.text(annot_line, &l);
                boxes.push(fig.last_ink());
            }
        }
        let cell = cell_rect(axes, 0, 0);
        legible.fit(TextRole::CellValues, &boxes, cell.w, cell.h);
    }
}

/// A black 10 pt label, rotated then aligned.
fn label(text: &str, at: Point, ha: HAlign, va: VAlign, angle: f64) -> Label<'_> {
    Label::new(text, FONT_SIZE, at, ha, va, angle)
}

fn cell_rect(axes: &Axes, i: usize, j: usize) -> Rect {
    let (x0, x1) = (axes.x(j as f64), axes.x(j as f64 + 1.0));
    let (y0, y1) = (axes.y(i as f64), axes.y(i as f64 + 1.0));
    Rect::new(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs())
}

/// The rows or columns that get a tick and a label.
fn shown_ticks(labels: &TickLabels, n: usize, length: f64) -> Vec<usize> {
    match labels {
        TickLabels::Auto => thin(n, length),
        TickLabels::Hide => Vec::new(),
        TickLabels::Every(k) => (0..n).step_by((*k).max(1)).collect(),
        TickLabels::Names(_) => (0..n).collect(),
    }
}

fn tick_name<'a>(labels: &'a TickLabels, names: &'a [String], i: usize) -> &'a str {
    match labels {
        TickLabels::Names(v) => &v[i],
        _ => &names[i],
    }
}

/// seaborn's "auto" tick labels: as many as fit at one font height each,
/// every k-th label otherwise.
fn thin(n: usize, length: f64) -> Vec<usize> {
    let max_ticks = (length / FONT_SIZE).floor() as usize;
    if max_ticks < 1 {
        return Vec::new();
    }
    let every = n / max_ticks + 1;
    (0..n).step_by(every.max(1)).collect()
}

/// vmin and vmax as seaborn picks them.
fn value_range(values: &[f64], options: &HeatmapOptions) -> (f64, f64) {
    let (lo, hi) = if options.robust {
        (percentile(values, 2.0), percentile(values, 98.0))
    } else {
        figure::finite_range(values).unwrap_or((f64::NAN, f64::NAN))
    };
    let vmin = options
        .vmin
        .unwrap_or(if lo.is_finite() { lo } else { 0.0 });
    let vmax = options
        .vmax
        .unwrap_or(if hi.is_finite() { hi } else { 1.0 });
    (vmin, vmax)
}

/// seaborn's re-centring: the part of the map that `[vmin, vmax]` covers
/// when `center` sits in its middle, resampled to 256 entries.
fn recenter(cmap: &Colormap, vmin: f64, vmax: f64, center: f64) -> Colormap {
    let vrange = (vmax - center).max(center - vmin);
    let (lo, hi) = (center - vrange, center + vrange);
    let norm = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
    let (cmin, cmax) = (norm(vmin), norm(vmax));
    let mut table = [[0.0; 3]; 256];
    for (k, entry) in table.iter_mut().enumerate() {
        let x = cmin + (cmax - cmin) * k as f64 / 255.0;
        let c = cmap.color(x);
        *entry = [c.r, c.g, c.b];
    }
    Colormap::from_table(cmap.name(), table)
}

/// The colorbar: a band per colormap entry (256 for most maps, 10 for
/// `tab10`), as matplotlib bounds them, its ticks and labels on the right,
/// and the bar's own label right of those.
fn colorbar(
    fig: &mut Figure<'_>,
    cb: Rect,
    (cmap, vmin, vmax): (&Colormap, f64, f64),
    title: Option<&str>,
) {
    // matplotlib's bar runs from the norm's inverse of 0 to that of 1:
    // `vmin + 1 * (vmax - vmin)`, which can round an ulp below vmax (and
    // so leave a tick at vmax out).
    let (lo, hi) = if vmax > vmin {
        (vmin, vmin + (vmax - vmin))
    } else {
        (vmin - 0.5, vmin + 0.5)
    };
    let axes = Axes {
        rect: cb,
        xlim: (0.0, 1.0),
        ylim: (lo, hi),
    };
    let owner = fig.add_axes(AxesRole::Colorbar, &axes);
    let n = cmap.table().len();
    let cells = (0..n)
        .map(|k| {
            let b0 = lo + (hi - lo) * k as f64 / n as f64;
            let b1 = lo + (hi - lo) * (k + 1) as f64 / n as f64;
            let mid = (b0 + b1) / 2.0;
            let x = if vmax > vmin {
                (mid - vmin) / (vmax - vmin)
            } else {
                0.0
            };
            let (y0, y1) = (axes.y(b0), axes.y(b1));
            (Rect::new(cb.x, y1, cb.w, y0 - y1), cmap.color(x))
        })
        .collect();
    fig.push(Item::Mesh { cells });
    // matplotlib's ScalarFormatter: a matrix of millions is labelled 1, 2,
    // 3 with "1e6" above the bar's right end (the colorbar's y axis has its
    // ticks and offset text on the right).
    let right = Axis::new(Side::Right, (lo, hi), FONT_SIZE).draw(fig, owner, None);
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        right_label(fig, title, right + LABEL_PAD, cb.center().y);
    }
}

/// A y label on an axes' right (matplotlib's `set_label_position
/// ("right")`): vertical, its top at `x`, centred on `y`.
pub(crate) fn right_label(fig: &mut Figure<'_>, text: &str, x: f64, y: f64) -> Rect {
    let line = LineBox::new(fig.fonts(), FONT_SIZE);
    fig.text(
        line,
        &Label {
            rotate_about_anchor: true,
            ..Label::new(
                text,
                FONT_SIZE,
                Point::new(x, y),
                HAlign::Center,
                VAlign::Top,
                90.0,
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_text::FontBook;

    fn seed_matrix() -> Matrix {
        let names: Vec<String> = (0..3).map(|i| i.to_string()).collect();
        Matrix {
            rows: names.clone(),
            columns: names,
            values: vec![1.0, -0.84, 0.43, -0.84, 1.0, f64::NAN, 0.43, f64::NAN, 1.0],
        }
    }

    /// A matrix of millions: the colorbar is labelled in millions with
    /// "1e6" above it, as seaborn's (matplotlib's ScalarFormatter) is.
    #[test]
    fn the_colorbar_of_large_values_has_an_offset_text() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let names: Vec<String> = ["a", "b"].map(String::from).to_vec();
        let m = Matrix {
            rows: names.clone(),
            columns: names,
            values: vec![1.1e6, 2.4e6, 3.8e6, 2.9e6],
        };
        let chart = heatmap(&m, &HeatmapOptions::default(), fonts).unwrap();
        let texts: Vec<&str> = chart.scene.texts().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"1e6"), "{texts:?}");
        assert!(
            texts.contains(&"3.5") && texts.contains(&"1.5"),
            "{texts:?}"
        );
        assert!(!texts.iter().any(|t| t.contains("000000")), "{texts:?}");
        let chart = heatmap(&seed_matrix(), &HeatmapOptions::default(), fonts).unwrap();
        assert!(!chart.scene.texts().any(|t| t.text.starts_with("1e")));
    }

    #[test]
    fn draws_cells_annotations_and_colorbar() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let chart = heatmap(&seed_matrix(), &HeatmapOptions::default(), fonts).unwrap();
        let meshes: Vec<usize> = chart
            .scene
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Mesh { cells } => Some(cells.len()),
                _ => None,
            })
            .collect();
        // 7 drawn cells (the two NaN left blank), then 256 colorbar bands.
        assert_eq!(meshes, [7, 256]);
        // A qualitative map's colorbar has a band per color, as matplotlib's.
        let options = HeatmapOptions {
            cmap: "tab10".to_owned(),
            ..HeatmapOptions::default()
        };
        let chart = heatmap(&seed_matrix(), &options, fonts).unwrap();
        let bar = chart.scene.items.iter().rev().find_map(|i| match i {
            Item::Mesh { cells } => Some(cells.len()),
            _ => None,
        });
        assert_eq!(bar, Some(10));
        let texts: Vec<&str> = chart.scene.texts().map(|t| t.text.as_str()).collect();
        for want in ["1", "-0.84", "0.43", "0", "2", "1.00", "\u{2212}0.75"] {
            assert!(texts.contains(&want), "{want:?} not in {texts:?}");
        }
    }

    #[test]
    fn colorbar_label_and_shrink_as_matplotlib() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let bands = |options: &HeatmapOptions| {
            let chart = heatmap(&seed_matrix(), options, fonts).unwrap();
            let bar = chart.scene.items.iter().rev().find_map(|i| match i {
                Item::Mesh { cells } if cells.len() == 256 => Some(cells.clone()),
                _ => None,
            });
            (chart, bar.expect("a colorbar"))
        };
        let extent = |cells: &[(Rect, Color)]| {
            let top = cells.iter().map(|c| c.0.y).fold(f64::INFINITY, f64::min);
            let bottom = cells.iter().map(|c| c.0.bottom()).fold(0.0, f64::max);
            (cells[0].0.x, cells[0].0.w, top, bottom)
        };
        let (_, full) = bands(&HeatmapOptions::default());
        let options = HeatmapOptions {
            cbar_label: Some("Pearson r".to_owned()),
            cbar_shrink: 0.5,
            ..HeatmapOptions::default()
        };
        let (chart, half) = bands(&options);
        let (x, w, top, bottom) = extent(&full);
        let (hx, hw, htop, hbottom) = extent(&half);
        // matplotlib (dpi 100, 8x6 in): the bar at x 627 px, 23.1 px wide
        // and 462 tall; shrunk by half, 11.55 x 231, still centred.
        assert!((x - 627.0 * 0.72).abs() < 1e-6 && (hx - x).abs() < 1e-9);
        assert!((hw - w / 2.0).abs() < 1e-9 && (hw - 11.55 * 0.72).abs() < 1e-6);
        assert!(((hbottom - htop) - (bottom - top) / 2.0).abs() < 1e-9);
        assert!(((htop + hbottom) - (top + bottom)).abs() < 1e-9);
        // The label: vertical, right of the tick labels, centred on the bar.
        let label = chart
            .scene
            .texts()
            .find(|t| t.text == "Pearson r")
            .expect("the label");
        assert_eq!(label.angle, 90.0);
        let ticks_right = chart
            .scene
            .texts()
            .filter(|t| t.text.ends_with("00") || t.text.ends_with("75"))
            .map(|t| t.origin.x + t.width)
            .fold(0.0, f64::max);
        assert!(
            label.origin.x > ticks_right + 4.0,
            "{} vs {ticks_right}",
            label.origin.x
        );
        let middle = label.origin.y - label.width / 2.0;
        assert!((middle - (htop + hbottom) / 2.0).abs() < 1.0, "{middle}");
        // Out of range: an error naming the option.
        let bad = HeatmapOptions {
            cbar_shrink: 1.5,
            ..HeatmapOptions::default()
        };
        let err = heatmap(&seed_matrix(), &bad, fonts)
            .unwrap_err()
            .to_string();
        assert!(err.contains("cbar_shrink"), "{err}");
    }

    #[test]
    fn cell_masks_and_annotation_labels() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let m = seed_matrix();
        let n = m.values.len();
        let mut hide = vec![false; n];
        hide[0] = true;
        let options = HeatmapOptions {
            mask_cells: Some(hide),
            annot_labels: Some((0..n).map(|k| format!("c{k}")).collect()),
            annot_color: Some(Color::BLACK),
            ..HeatmapOptions::default()
        };
        let chart = heatmap(&m, &options, fonts).unwrap();
        let texts: Vec<&plotmill_scene::TextRun> = chart
            .scene
            .texts()
            .filter(|t| t.text.starts_with('c'))
            .collect();
        // Cell 0 hidden, the two NaN cells blank: the rest labelled, in black.
        assert_eq!(
            texts.len(),
            6,
            "{:?}",
            texts.iter().map(|t| &t.text).collect::<Vec<_>>()
        );
        assert!(
            texts
                .iter()
                .all(|t| t.color == Color::BLACK && t.text != "c0")
        );
        let e = heatmap(
            &m,
            &HeatmapOptions {
                mask_cells: Some(vec![true; 2]),
                ..HeatmapOptions::default()
            },
            fonts,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("mask: 2 cells given for a 3x3 matrix"), "{e}");
    }

    #[test]
    fn tick_labels_hide_thin_and_rename() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let m = seed_matrix();
        let texts = |o: HeatmapOptions| -> Vec<String> {
            let c = heatmap(&m, &o, fonts).unwrap();
            c.scene.texts().map(|t| t.text.clone()).collect()
        };
        let plain = texts(HeatmapOptions::default());
        let hidden = texts(HeatmapOptions {
            xticklabels: TickLabels::Hide,
            ..HeatmapOptions::default()
        });
        assert_eq!(hidden.len(), plain.len() - 3);
        let named = texts(HeatmapOptions {
            yticklabels: TickLabels::Names(vec!["p".into(), "q".into(), "r".into()]),
            ..HeatmapOptions::default()
        });
        assert!(named.contains(&"q".to_owned()));
        let every = texts(HeatmapOptions {
            xticklabels: TickLabels::Every(2),
            ..HeatmapOptions::default()
        });
        assert_eq!(every.len(), plain.len() - 1);
        let e = heatmap(
            &m,
            &HeatmapOptions {
                xticklabels: TickLabels::Names(vec!["a".into()]),
                ..HeatmapOptions::default()
            },
            fonts,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("xticklabels: 1 labels given for 3"), "{e}");
    }

    #[test]
    fn annotation_color_follows_cell_luminance() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let chart = heatmap(&seed_matrix(), &HeatmapOptions::default(), fonts).unwrap();
        let color_of = |s: &str| chart.scene.texts().find(|t| t.text == s).map(|t| t.color);
        // Dark red (1.0) and dark blue (-0.84) cells get white text; the
        // tick labels "1" (x and y) are black, the diagonal annotations white.
        let ones: Vec<Color> = chart
            .scene
            .texts()
            .filter(|t| t.text == "1")
            .map(|t| t.color)
            .collect();
        assert_eq!(
            ones,
            [
                Color::BLACK,
                Color::BLACK,
                Color::WHITE,
                Color::WHITE,
                Color::WHITE
            ]
        );
        assert_eq!(color_of("-0.84"), Some(Color::WHITE));
        assert_eq!(color_of("0.43"), Some(DARK_TEXT));
    }

    #[test]
    fn masks_hide_a_triangle() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let options = HeatmapOptions {
            mask: Mask::Upper,
            ..HeatmapOptions::default()
        };
        let chart = heatmap(&seed_matrix(), &options, fonts).unwrap();
        let Some(Item::Mesh { cells }) = chart.scene.items.first() else {
            unreachable!()
        };
        // Lower triangle without the diagonal: (1,0), (2,0); (2,1) is NaN.
        assert_eq!(cells.len(), 2);
    }

    #[test]
    fn too_many_columns_is_an_error_naming_the_field() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let options = HeatmapOptions {
            max_columns: 2,
            ..HeatmapOptions::default()
        };
        let err = heatmap(&seed_matrix(), &options, fonts).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("3 columns is more than the 2 this chart draws; raise max_columns"),
            "{err}"
        );
        assert_eq!(err.field(), Some("max_columns"));
    }

    #[test]
    fn unknown_colormaps_and_formats_are_errors() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let bad = HeatmapOptions {
            cmap: "viridos".into(),
            ..HeatmapOptions::default()
        };
        let err = heatmap(&seed_matrix(), &bad, fonts).unwrap_err();
        assert!(err.to_string().contains("did you mean 'viridis'"), "{err}");
        let bad = HeatmapOptions {
            fmt: ".2z".into(),
            ..HeatmapOptions::default()
        };
        assert!(
            heatmap(&seed_matrix(), &bad, fonts)
                .unwrap_err()
                .to_string()
                .starts_with("fmt: ")
        );
    }

    #[test]
    fn geometry_matches_seaborn() {
        // matplotlib: main axes 100..596 px, colorbar 627..650.1 px wide at dpi 100.
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let chart = heatmap(&seed_matrix(), &HeatmapOptions::default(), fonts).unwrap();
        let px = 100.0 / 72.0;
        let Some(Item::Mesh { cells }) = chart.scene.items.first() else {
            unreachable!()
        };
        let left = cells.iter().map(|(r, _)| r.x).fold(f64::INFINITY, f64::min);
        let right = cells.iter().map(|(r, _)| r.right()).fold(0.0, f64::max);
        assert!(
            (left * px - 100.0).abs() < 1e-6 && (right * px - 596.0).abs() < 1e-6,
            "{left} {right}"
        );
        let bands = chart.scene.items.iter().find_map(|i| match i {
            Item::Mesh { cells } if cells.len() == 256 => Some(cells),
            _ => None,
        });
        let band = bands.unwrap()[0].0;
        assert!(
            (band.x * px - 627.0).abs() < 1e-6 && (band.w * px - 23.1).abs() < 1e-6,
            "{band:?}"
        );
    }
}
