//! The pair plot, as seaborn's `pairplot` draws it: a grid of every
//! variable against every other (or `x_vars` against `y_vars`), a
//! histogram or density of each variable on the diagonal, optionally
//! coloured by a `hue` column with a legend outside on the right, on
//! seaborn's `PairGrid` (shared x per column and y per row, despined,
//! `tight_layout(pad=0.5)`).

use std::borrow::Cow;

use plotmill_data::Table;
use plotmill_data::stats::bins::{self, BinRule, Bins};
use plotmill_data::stats::regression::{self, Line};
use plotmill_scene::{Color, Stroke, light_ramp};
use plotmill_text::Fonts;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::compose::{Artist, Axes, Figure, FigureLegend, Share, Spines};
use crate::density::{
    GridExtents, KdeplotOptions, Surface, density_into, draw_joint, joint_surfaces,
};
use crate::figure::{self, C0, FONT_SIZE};
use crate::hist::{BinCount, HistplotOptions, hist_into};
use crate::hue::{self, Edge, Hue, Swatch, numeric_column};
use crate::layout::{Layout, Tight};
use crate::line::LineStyle;
use crate::line::{Cap, Dashes};
use crate::palette::Palette;
use crate::{Chart, ChartError};

/// What the panels off the diagonal show (seaborn's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PairKind {
    /// A scatter plot of the pair.
    #[default]
    Scatter,
    /// seaborn's `regplot` per hue level: the points, their least-squares
    /// line and its 95% bootstrap band (1000 resamples from a fixed seed).
    Reg,
    /// The pair's joint density as contour lines per hue level (seaborn's
    /// bivariate `kdeplot`), the axes fitted tight to the densities.
    Kde,
    /// The pair's two-dimensional histogram per hue level (seaborn's
    /// bivariate `histplot`): numpy's `auto` bins along each axis, common
    /// to the levels, each level's counts shaded from light to dark in its
    /// colour, empty cells left clear.
    Hist,
}

/// What the diagonal panels show (seaborn's `diag_kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DiagKind {
    /// seaborn's rule: a histogram without a hue, a density with one.
    #[default]
    Auto,
    /// A histogram of the variable (seaborn's `histplot`).
    Hist,
    /// A filled density of the variable (seaborn's `kdeplot`).
    Kde,
    /// The off-diagonal kind on the diagonal too (seaborn's `None`).
    None,
}

/// How to draw a pair plot (seaborn's `pairplot`, with its names and
/// defaults). Also the pair plot's part of a [`ChartSpec`](crate::ChartSpec).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PairplotOptions {
    /// The variables of both rows and columns. Default: every numeric
    /// column.
    pub vars: Option<Vec<String>>,
    /// The columns' variables, for a grid that is not square. Default:
    /// `vars`.
    pub x_vars: Option<Vec<String>>,
    /// The rows' variables. Default: `vars`.
    pub y_vars: Option<Vec<String>>,
    /// A column to colour by: text (its levels) or numeric (its values,
    /// on a colormap; then left out of the default variables). Default:
    /// none.
    pub hue: Option<String>,
    /// The hue's levels (a numeric hue's values), in this order (others
    /// are left out). Default: order of appearance (numbers sorted).
    pub hue_order: Option<Vec<String>>,
    /// The hue's colours (as histplot's). Default: the matplotlib colour
    /// cycle (husl beyond 10 levels); cubehelix for a numeric hue.
    pub palette: Option<Palette>,
    /// A numeric hue's values at the colormap's ends (seaborn's
    /// `hue_norm`). Default: the column's least and greatest.
    pub hue_norm: Option<(f64, f64)>,
    /// What the panels off the diagonal show (seaborn's `kind`; written
    /// `pair_kind` in a spec, where `kind` names the chart). Default:
    /// scatter.
    #[serde(rename = "pair_kind")]
    pub kind: PairKind,
    /// What the diagonal shows. Default: auto (a histogram, or a density
    /// with a hue).
    pub diag_kind: DiagKind,
    /// Only the lower triangle and the diagonal. Default: false.
    pub corner: bool,
    /// Each panel's height in inches. Default: 2.5.
    pub height: f64,
    /// Each panel's width over its height. Default: 1.
    pub aspect: f64,
    /// Rows with a missing value in any drawn column (or the hue) left
    /// out of every panel, not only of the panels that draw that column.
    /// Default: false.
    pub dropna: bool,
    /// Marker area in points² (seaborn's `plot_kws={"s": …}`). Default:
    /// 36 (matplotlib's).
    pub marker_size: f64,
    /// Marker opacity (`plot_kws={"alpha": …}`). Default: seaborn's, 1
    /// for scatter and 0.8 for reg.
    pub alpha: Option<f64>,
    /// The diagonal histograms' bins (`diag_kws={"bins": …}`). Default:
    /// auto.
    pub bins: BinCount,
    /// A legend of the hue levels. Default: true.
    pub legend: bool,
    /// Where the panels go: `tight` (seaborn's tight layout, pad 0.5),
    /// `constrained` or `none`. Default: tight.
    pub layout: Layout,
    /// A title over the grid. Default: none.
    pub title: Option<String>,
    /// The most variables along either side before it is an error.
    /// Default: 30.
    pub max_vars: usize,
}

impl Default for PairplotOptions {
    fn default() -> Self {
        PairplotOptions {
            vars: None,
            x_vars: None,
            y_vars: None,
            hue: None,
            hue_order: None,
            palette: None,
            hue_norm: None,
            kind: PairKind::Scatter,
            diag_kind: DiagKind::Auto,
            corner: false,
            height: 2.5,
            aspect: 1.0,
            dropna: false,
            marker_size: 36.0,
            alpha: None,
            bins: BinCount::default(),
            legend: true,
            layout: Layout::Tight,
            title: None,
            max_vars: 30,
        }
    }
}

impl PairplotOptions {
    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        let invalid =
            |option: &'static str, message: String| Err(ChartError::Invalid { option, message });
        for (option, v) in [("height", self.height), ("aspect", self.aspect)] {
            if !(v.is_finite() && v > 0.0) {
                return invalid(option, format!("{v} is not a positive number"));
            }
        }
        if !(self.marker_size.is_finite() && self.marker_size >= 0.0) {
            return invalid(
                "marker_size",
                format!(
                    "{} is not a marker area (0 or more points²)",
                    self.marker_size
                ),
            );
        }
        if let Some(a) = self.alpha
            && !(0.0..=1.0).contains(&a)
        {
            return invalid("alpha", format!("{a} is not an opacity; give 0 to 1"));
        }
        for (option, vars) in [
            ("vars", &self.vars),
            ("x_vars", &self.x_vars),
            ("y_vars", &self.y_vars),
        ] {
            if vars.as_ref().is_some_and(Vec::is_empty) {
                return invalid(option, "give at least one column".to_owned());
            }
        }
        hue::check_palette(self.palette.as_ref())?;
        hue::check_norm(self.hue_norm)?;
        Ok(())
    }

    /// The markers' opacity: given, or seaborn's for the kind.
    fn alpha(&self) -> f64 {
        self.alpha.unwrap_or(match self.kind {
            PairKind::Scatter | PairKind::Kde | PairKind::Hist => 1.0,
            PairKind::Reg => 0.8,
        })
    }

    /// The diagonal's kind by seaborn's rule.
    fn diagonal(&self) -> DiagKind {
        match self.diag_kind {
            DiagKind::Auto if self.kind == PairKind::Hist => DiagKind::Hist,
            DiagKind::Auto if self.hue.is_some() || self.kind == PairKind::Kde => DiagKind::Kde,
            DiagKind::Auto => DiagKind::Hist,
            k => k,
        }
    }
}

/// Builds the pair plot of `table`.
pub fn pairplot<'f>(
    table: &Table,
    options: &PairplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    options.validate()?;
    let o = options;
    let hue = Hue::optional(
        table,
        o.hue.as_deref(),
        o.hue_order.as_deref(),
        o.palette.as_ref(),
        o.hue_norm,
    )?;
    let (x_vars, y_vars) = variables(table, o)?;
    let (nx, ny) = (x_vars.len(), y_vars.len());
    let figsize = (nx as f64 * o.height * o.aspect, ny as f64 * o.height);
    crate::validate::check_figsize(figsize).map_err(|e| ChartError::Invalid {
        option: "height",
        message: format!(
            "{nx} x {ny} panels of {} x {} inches: {e}",
            o.height * o.aspect,
            o.height
        ),
    })?;
    let mut fig = Figure::subplots(ny, nx, figsize);
    fig.sharex = Share::Col;
    fig.sharey = Share::Row;
    fig.layout = o.layout;
    fig.suptitle = o.title.clone();
    // seaborn's PairGrid: tight_layout(pad=0.5) in a box 1% in from each
    // edge; the layout sets every gap.
    if o.layout == Layout::Tight {
        fig.wspace = 0.0;
        fig.hspace = 0.0;
        fig.tight = Some(Tight {
            pad: 0.5 * FONT_SIZE,
            gap_pad: 0.5 * FONT_SIZE,
            rect: (0.01, 0.01, 0.01, 0.01),
        });
    }
    // Rows left out of every panel under dropna: a missing value in any
    // drawn column, or no hue.
    let keep: Option<Vec<bool>> = o.dropna.then(|| {
        let mut keep = vec![true; table.rows()];
        for name in x_vars.iter().chain(&y_vars) {
            if let Ok(v) = numeric_column(table, "vars", name) {
                for (k, v) in keep.iter_mut().zip(v) {
                    *k &= v.is_finite();
                }
            }
        }
        if let Some(h) = &hue {
            for (k, l) in keep.iter_mut().zip(&h.level_of) {
                *k &= l.is_some();
            }
        }
        keep
    });
    // Each variable's values once (read in place unless dropna blanks
    // rows), whichever rows and columns it is drawn in.
    let mut columns: Vec<(&str, Cow<'_, [f64]>)> = Vec::new();
    for name in x_vars.iter().chain(&y_vars) {
        if columns.iter().any(|(n, _)| n == name) {
            continue;
        }
        let v = numeric_column(table, "vars", name)?;
        let values = match &keep {
            Some(keep) => Cow::Owned(
                v.iter()
                    .zip(keep)
                    .map(|(&v, &k)| if k { v } else { f64::NAN })
                    .collect(),
            ),
            None => Cow::Borrowed(v),
        };
        columns.push((name.as_str(), values));
    }
    let column = |name: &str| -> &[f64] {
        columns
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[], |(_, v)| v)
    };
    let diagonal = o.diagonal();
    // The diagonal panels, whose twins' y limits histograms share.
    let mut diagonals: Vec<(usize, usize)> = Vec::new();
    // The joint densities' (or histograms') grid extents, by panel, and
    // the panels that draw a joint density.
    let mut joints: Vec<((usize, usize), GridExtents)> = Vec::new();
    let mut kde_panels: Vec<(usize, usize)> = Vec::new();
    // A panel's width in points as first laid out (a histogram's edge
    // width depends on it).
    let panel_points = o.height * o.aspect * 72.0 * 0.9;
    for (i, y_var) in y_vars.iter().enumerate() {
        let y = column(y_var);
        for (j, x_var) in x_vars.iter().enumerate() {
            let ax = fig.axes_mut(i, j).ok_or_else(|| ChartError::Invalid {
                option: "vars",
                message: "no panel".to_owned(),
            })?;
            ax.spines = Spines::despined();
            if o.corner && j > i {
                ax.visible = false;
                continue;
            }
            if i + 1 == ny {
                ax.xlabel = x_var.clone();
            }
            if j == 0 {
                ax.ylabel = y_var.clone();
            }
            if x_var == y_var && diagonal != DiagKind::None {
                diagonal_panel(ax, y, y_var, hue.as_ref(), o, panel_points)?;
                if o.corner {
                    // seaborn hides a corner grid's diagonal y axes.
                    ax.yaxis = false;
                    ax.spines.left = false;
                }
                diagonals.push((i, j));
            } else {
                let x = column(x_var);
                match o.kind {
                    PairKind::Scatter => scatter_panel(ax, x, y, hue.as_ref(), o),
                    PairKind::Reg => reg_panel(ax, x, y, hue.as_ref(), o),
                    // Drawn below, with their mirror panels.
                    PairKind::Kde => kde_panels.push((i, j)),
                    PairKind::Hist => {
                        if let Some(extents) = hist_panel(ax, x, y, hue.as_ref()) {
                            joints.push(((i, j), extents));
                        }
                    }
                }
            }
        }
    }
    // Each joint density once for a panel and its mirror image (the same
    // pair the other way round), one pair's densities held at a time.
    let mut done = vec![false; kde_panels.len()];
    for (n, &(i, j)) in kde_panels.iter().enumerate() {
        if done[n] {
            continue;
        }
        let (x_var, y_var) = (&x_vars[j], &y_vars[i]);
        let k = KdeplotOptions {
            x: x_var.clone(),
            y: Some(y_var.clone()),
            legend: false,
            ..KdeplotOptions::default()
        };
        let surfaces = joint_surfaces(column(x_var), column(y_var), hue.as_ref(), &k);
        if let Some(ax) = fig.axes_mut(i, j)
            && let Some(extents) = draw_joint(ax, &surfaces, hue.as_ref(), &k)
        {
            joints.push(((i, j), extents));
        }
        let mirror = kde_panels
            .iter()
            .position(|&(a, b)| y_vars[a] == *x_var && x_vars[b] == *y_var);
        if let Some(m) = mirror.filter(|&m| !done[m] && m != n) {
            let (a, b) = kde_panels[m];
            let turned: Vec<Surface> = surfaces.iter().map(Surface::transposed).collect();
            if let Some(ax) = fig.axes_mut(a, b)
                && let Some(extents) = draw_joint(ax, &turned, hue.as_ref(), &k)
            {
                joints.push(((a, b), extents));
            }
            done[m] = true;
        }
        done[n] = true;
    }
    // Contours leave their axes tight to the densities' grids (matplotlib's
    // contour autoscales without margins), over each shared row and column.
    // Histograms' meshes do not hold their edges (seaborn drops their
    // sticky edges): matplotlib's margins round what each shows.
    if matches!(o.kind, PairKind::Kde | PairKind::Hist) {
        let margins = o.kind == PairKind::Hist;
        fit_to(&mut fig, &joints, &diagonals, (nx, ny), margins);
    }
    // Histograms on the diagonal share one y view (seaborn's
    // diag_sharey for hist); densities keep their own.
    if diagonal == DiagKind::Hist {
        let top = diagonals
            .iter()
            .filter_map(|&(i, j)| fig.axes(i, j).and_then(|a| a.twin_ylim))
            .map(|(_, t)| t)
            .fold(f64::NEG_INFINITY, f64::max);
        if top.is_finite() {
            for &(i, j) in &diagonals {
                if let Some(ax) = fig.axes_mut(i, j) {
                    ax.twin_ylim = Some((0.0, top));
                }
            }
        }
    }
    if let (Some(h), true) = (&hue, o.legend) {
        // The legend's handles, carried by artists that draw nothing on
        // the bottom-left panel (there in every grid, corner or not); a
        // regression's points carry their own.
        let swatch = match o.kind {
            PairKind::Hist => Some(Swatch::Patch {
                alpha: 1.0,
                edge: Edge::Level(1.0),
                width: 1.0,
            }),
            PairKind::Kde => Some(Swatch::Line {
                alpha: 1.0,
                width: 1.5,
            }),
            PairKind::Scatter => Some(Swatch::Marker {
                alpha: o.alpha(),
                size: o.marker_size,
                edge: Some(white_edge(o.marker_size)),
            }),
            PairKind::Reg => None,
        };
        if let (Some(swatch), Some(ax)) = (swatch, fig.axes_mut(ny - 1, 0)) {
            hue::handles(ax, h, swatch);
        }
        fig.legend = Some(FigureLegend {
            title: Some(h.name.clone()),
        });
    }
    let mut chart = fig.build(fonts)?;
    chart.warnings.extend(hue.and_then(|h| h.warning));
    Ok(chart)
}

/// The columns and rows' variables: as given, or every numeric column.
fn variables(table: &Table, o: &PairplotOptions) -> Result<(Vec<String>, Vec<String>), ChartError> {
    // Every numeric column but a numeric hue (seaborn's PairGrid).
    let all: Vec<String> = table
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .filter(|c| Some(c.as_str()) != o.hue.as_deref())
        .collect();
    let pick = |option: &'static str,
                given: Option<&Vec<String>>|
     -> Result<Vec<String>, ChartError> {
        let vars = given
            .or(o.vars.as_ref())
            .cloned()
            .unwrap_or_else(|| all.clone());
        if vars.is_empty() {
            return Err(ChartError::NoColumns(table.text_columns().to_vec()));
        }
        for v in &vars {
            numeric_column(table, option, v)?;
        }
        if vars.len() > o.max_vars {
            return Err(ChartError::Invalid {
                option,
                message: format!(
                    "{} variables, more than the {} a pair plot draws (max_vars); choose some with vars",
                    vars.len(),
                    o.max_vars
                ),
            });
        }
        Ok(vars)
    };
    let xo = if o.x_vars.is_some() { "x_vars" } else { "vars" };
    let yo = if o.y_vars.is_some() { "y_vars" } else { "vars" };
    Ok((pick(xo, o.x_vars.as_ref())?, pick(yo, o.y_vars.as_ref())?))
}

/// seaborn's scatter outline: white, 0.08 × the marker's diameter.
fn white_edge(size: f64) -> Stroke {
    Stroke {
        width: 0.08 * size.sqrt(),
        color: Color::WHITE,
    }
}

/// A scatter of the rows with both values (and a hue level), in row
/// order, coloured by level (seaborn's `scatterplot`).
fn scatter_panel(ax: &mut Axes, x: &[f64], y: &[f64], hue: Option<&Hue>, o: &PairplotOptions) {
    let rows = x.len().min(y.len());
    let (mut px, mut py, mut colors) = (Vec::new(), Vec::new(), Vec::new());
    for k in 0..rows {
        if !(x[k].is_finite() && y[k].is_finite()) {
            continue;
        }
        if let Some(h) = hue {
            let Some(level) = h.level_of[k] else { continue };
            let c = h.colors[level % h.colors.len().max(1)];
            colors.push(c.with_alpha(o.alpha() * c.a));
        }
        px.push(x[k]);
        py.push(y[k]);
    }
    ax.artists.push(Artist::Scatter {
        x: px,
        y: py,
        color: C0.with_alpha(o.alpha()),
        colors,
        size: o.marker_size,
        edge: Some(white_edge(o.marker_size)),
        label: String::new(),
    });
}

/// Fits each row and column of a grid of joint densities or histograms
/// that has one to what it shows: the union of its panels' grids (and of
/// its diagonal's, on the twin that shares the column's x), tight or with
/// matplotlib's margins.
fn fit_to(
    fig: &mut Figure,
    joints: &[((usize, usize), GridExtents)],
    diagonals: &[(usize, usize)],
    (nx, ny): (usize, usize),
    margins: bool,
) {
    let union = |a: Option<(f64, f64)>, b: (f64, f64)| match a {
        Some(a) => Some((a.0.min(b.0), a.1.max(b.1))),
        None => Some(b),
    };
    let mut cols: Vec<Option<(f64, f64)>> = vec![None; nx];
    let mut rows: Vec<Option<(f64, f64)>> = vec![None; ny];
    for &((i, j), (x, y)) in joints {
        cols[j] = union(cols[j], x);
        rows[i] = union(rows[i], y);
    }
    // A column with no contours keeps matplotlib's margins.
    for &(i, j) in diagonals {
        if let (Some(_), Some(x)) = (cols[j], fig.axes(i, j).and_then(|a| twin_x_range(&a.twin))) {
            cols[j] = union(cols[j], x);
        }
    }
    if margins {
        for r in cols.iter_mut().chain(rows.iter_mut()) {
            *r = r.map(|r| figure::margins(Some(r)));
        }
    }
    for (i, row) in rows.iter().enumerate() {
        for (j, col) in cols.iter().enumerate() {
            if let Some(ax) = fig.axes_mut(i, j) {
                if col.is_some() {
                    ax.xlim = *col;
                }
                if row.is_some() {
                    ax.ylim = *row;
                }
            }
        }
    }
}

/// The x values a diagonal covers (its density's points, its bars'
/// edges).
fn twin_x_range(artists: &[Artist]) -> Option<(f64, f64)> {
    let mut xs: Vec<f64> = Vec::new();
    for a in artists {
        match a {
            Artist::Polygon { x, .. } | Artist::Line { x, .. } => xs.extend(x),
            Artist::Bars {
                x, width, widths, ..
            } => {
                for (k, &c) in x.iter().enumerate() {
                    let w = widths.get(k).copied().unwrap_or(*width);
                    xs.extend([c - w / 2.0, c + w / 2.0]);
                }
            }
            _ => {}
        }
    }
    let (lo, hi) = xs
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    (lo <= hi).then_some((lo, hi))
}

/// seaborn's bivariate `histplot` of each hue level (pairplot's
/// `kind="hist"`): bins by numpy's `auto` rule along each axis over every
/// pair with both values (and a hue), each level's counts coloured on its
/// colour's light-to-dark ramp from 0 to the highest count of any level,
/// empty cells clear. Returns the bins' extents.
fn hist_panel(ax: &mut Axes, x: &[f64], y: &[f64], hue: Option<&Hue>) -> Option<GridExtents> {
    let (groups, (all_x, all_y)) = hue::split_pairs(x, y, hue);
    let rule = Bins::Rule(BinRule::Auto);
    let x_edges = bins::bin_edges(&all_x, rule, None).ok()?;
    let y_edges = bins::bin_edges(&all_y, rule, None).ok()?;
    let counts: Vec<Vec<f64>> = groups
        .iter()
        .map(|(gx, gy)| bins::histogram2d(gx, gy, &x_edges, &y_edges))
        .collect();
    let vmax = counts.iter().flatten().copied().fold(0.0, f64::max);
    let (nx, ny) = (x_edges.len() - 1, y_edges.len() - 1);
    for (level, (c, (gx, _))) in counts.iter().zip(&groups).enumerate() {
        if gx.is_empty() {
            continue;
        }
        let color = hue.map_or(C0, |h| h.colors[level % h.colors.len().max(1)]);
        let ramp = light_ramp(color);
        // The mesh row by row from the lowest y; counts are by x bin.
        let colors = (0..ny)
            .flat_map(|j| (0..nx).map(move |i| (i, j)))
            .map(|(i, j)| {
                let n = c[i * ny + j];
                if n <= 0.0 {
                    return Color::TRANSPARENT;
                }
                // matplotlib's colormap lookup of n / vmax.
                let k = ((n / vmax) * 256.0).floor().clamp(0.0, 255.0) as usize;
                ramp[k]
            })
            .collect();
        ax.artists.push(Artist::Mesh {
            x_edges: x_edges.clone(),
            y_edges: y_edges.clone(),
            colors,
        });
    }
    Some(((x_edges[0], x_edges[nx]), (y_edges[0], y_edges[ny])))
}

/// seaborn's `regplot` of each hue level in turn (pairplot's `kind="reg"`):
/// the level's points (matplotlib's scatter, opacity 0.8), its
/// least-squares line over the level's x range (2.25 pt) and the line's 95%
/// bootstrap band (opacity 0.15).
fn reg_panel(ax: &mut Axes, x: &[f64], y: &[f64], hue: Option<&Hue>, o: &PairplotOptions) {
    let levels: Vec<(Option<usize>, Color, &str)> = match hue {
        Some(h) => h
            .levels
            .iter()
            .enumerate()
            .map(|(l, name)| (Some(l), h.colors[l % h.colors.len().max(1)], name.as_str()))
            .collect(),
        None => vec![(None, C0, "")],
    };
    for (level, color, name) in levels {
        let (mut px, mut py) = (Vec::new(), Vec::new());
        for (k, (&a, &b)) in x.iter().zip(y).enumerate() {
            let in_level = match (level, hue) {
                (Some(l), Some(h)) => h.level_of[k] == Some(l),
                _ => true,
            };
            if in_level && a.is_finite() && b.is_finite() {
                px.push(a);
                py.push(b);
            }
        }
        let fit = Line::fit(&px, &py);
        let (lo, hi) = px
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        // The points, then the band over them, then the line (which
        // matplotlib draws above both).
        ax.artists.push(Artist::Scatter {
            x: px.clone(),
            y: py.clone(),
            color: color.with_alpha(o.alpha() * color.a),
            colors: Vec::new(),
            size: o.marker_size,
            edge: None,
            label: name.to_owned(),
        });
        if let Some(line) = fit {
            let grid: Vec<f64> = (0..REG_GRID)
                .map(|i| lo + (hi - lo) * i as f64 / (REG_GRID - 1) as f64)
                .collect();
            let yhat: Vec<f64> = grid.iter().map(|&g| line.at(g)).collect();
            if let Some((blo, bhi)) =
                regression::band(&px, &py, &grid, N_BOOT, 95.0, regression::DEFAULT_SEED)
            {
                ax.artists.push(Artist::Band {
                    x: grid.clone(),
                    lo: blo,
                    hi: bhi,
                    color: color.with_alpha(0.15 * color.a),
                    edge: None,
                    label: String::new(),
                });
            }
            let style = LineStyle {
                color,
                width: 1.5 * 1.5,
                dashes: Dashes::SOLID,
                cap: Cap::Projecting,
            };
            ax.plot(grid, yhat, style, "");
        }
    }
}

/// Points along a regression line (seaborn's).
const REG_GRID: usize = 100;

/// Bootstrap resamples of a regression band (seaborn's `n_boot`).
const N_BOOT: usize = 1000;

/// A diagonal panel: the variable's histogram or density on the panel's
/// twin axes (seaborn's `map_diag`).
fn diagonal_panel(
    ax: &mut Axes,
    values: &[f64],
    name: &str,
    hue: Option<&Hue>,
    o: &PairplotOptions,
    panel_points: f64,
) -> Result<(), ChartError> {
    let mut twin = Axes::default();
    match o.diagonal() {
        DiagKind::Kde => {
            let k = KdeplotOptions {
                x: name.to_owned(),
                fill: Some(true),
                legend: false,
                ..KdeplotOptions::default()
            };
            // seaborn draws nothing for a variable without a density
            // (warn_singular=False).
            match density_into(&mut twin, values, hue, &k) {
                Ok(()) | Err(ChartError::Invalid { option: "x", .. }) => {}
                Err(e) => return Err(e),
            }
        }
        _ => {
            let h = HistplotOptions {
                x: name.to_owned(),
                bins: o.bins,
                legend: false,
                ..HistplotOptions::default()
            };
            // A column with no values has an empty diagonal.
            match hist_into(&mut twin, values, hue, &h, panel_points) {
                Ok(()) | Err(ChartError::Invalid { option: "x", .. }) => {}
                Err(ChartError::Invalid { option, message }) => {
                    return Err(ChartError::Invalid {
                        option,
                        message: format!("the diagonal of '{name}': {message}"),
                    });
                }
                Err(e) => return Err(e),
            }
        }
    }
    ax.twin = twin.artists;
    ax.twin_ylim = twin.ylim;
    Ok(())
}
