//! The density curve, as seaborn's `kdeplot` draws one column, optionally
//! split by a `hue` column: scipy's Gaussian KDE on seaborn's support
//! grid, normalised over all levels together (`common_norm`), layered,
//! stacked or filled to 1 (`multiple`), as lines or filled areas, with
//! seaborn's defaults, on the shared Figure/Axes layer. Given a `y` too,
//! the joint density of the two columns as contour lines at seaborn's
//! iso-proportion levels.

use plotmill_data::Table;
use plotmill_data::stats::kde::{self, Bandwidth, Kde, Kde2};
use plotmill_scene::{Color, Join, Stroke};
use plotmill_text::Fonts;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::compose::{Artist, Axes};
use crate::contour;
use crate::figure::C0;
use crate::hue::{self, Hue, OneColumn};
use crate::layout::Layout;
use crate::line::LineStyle;
use crate::line::{Cap, Dashes};
use crate::palette::Palette;
use crate::{Chart, ChartError};

/// How the densities of a hue's levels share the axes (seaborn's
/// `multiple` for `kdeplot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DensityMultiple {
    /// Over one another.
    #[default]
    Layer,
    /// On top of one another.
    Stack,
    /// Stacked and scaled so that they fill 1 at every point.
    Fill,
}

/// scipy's `bw_method`: `scott`, `silverman`, or a factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BwMethod(pub Bandwidth);

impl Default for BwMethod {
    fn default() -> Self {
        BwMethod(Bandwidth::Scott)
    }
}

impl Serialize for BwMethod {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Bandwidth::Scott => s.serialize_str("scott"),
            Bandwidth::Silverman => s.serialize_str("silverman"),
            Bandwidth::Factor(f) => s.serialize_f64(f),
        }
    }
}

impl<'de> Deserialize<'de> for BwMethod {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) if s == "scott" => Ok(BwMethod(Bandwidth::Scott)),
            serde_json::Value::String(s) if s == "silverman" => Ok(BwMethod(Bandwidth::Silverman)),
            serde_json::Value::String(s) => match s.parse::<f64>() {
                Ok(f) => Ok(BwMethod(Bandwidth::Factor(f))),
                Err(_) => Err(D::Error::custom(format!(
                    "'{s}' is not a bandwidth method; give scott, silverman or a number"
                ))),
            },
            serde_json::Value::Number(n) => {
                Ok(BwMethod(Bandwidth::Factor(n.as_f64().unwrap_or(f64::NAN))))
            }
            other => Err(D::Error::custom(format!(
                "{other} is not a bandwidth method; give scott, silverman or a number"
            ))),
        }
    }
}

impl JsonSchema for BwMethod {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BwMethod".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "scipy's bw_method: scott, silverman, or a bandwidth factor",
            "anyOf": [{"type": "string", "enum": ["scott", "silverman"]}, {"type": "number", "exclusiveMinimum": 0}]
        })
    }
}

/// How to draw a density (seaborn's `kdeplot` of one column, with its
/// names and defaults). Also the density's part of a
/// [`ChartSpec`](crate::ChartSpec).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct KdeplotOptions {
    /// The numeric column.
    pub x: String,
    /// A second numeric column: the joint density of `x` and `y`, drawn
    /// as contour lines. Default: none.
    pub y: Option<String>,
    /// With `y`: how many contour levels, at iso-proportions evenly from
    /// `thresh` to 1 (the last, the peak, draws no line). Default: 10.
    pub levels: usize,
    /// With `y`: the lowest iso-proportion drawn (the share of the
    /// density left outside the outermost contour). Default: 0.05.
    pub thresh: f64,
    /// A column to split and colour by: text (its levels) or numeric (its
    /// values, on a colormap). Default: none.
    pub hue: Option<String>,
    /// The hue's levels (a numeric hue's values), in this order (others
    /// are left out). Default: order of appearance (numbers sorted).
    pub hue_order: Option<Vec<String>>,
    /// The hue's colours (as histplot's). Default: the matplotlib cycle;
    /// cubehelix for a numeric hue.
    pub palette: Option<Palette>,
    /// A numeric hue's values at the colormap's ends (seaborn's
    /// `hue_norm`). Default: the column's least and greatest.
    pub hue_norm: Option<(f64, f64)>,
    /// The colour without a hue. Default: C0.
    pub color: Option<Color>,
    /// scipy's bandwidth rule or factor. Default: scott.
    pub bw_method: BwMethod,
    /// A factor on the bandwidth. Default: 1.
    pub bw_adjust: f64,
    /// How many bandwidths the curve runs past the data. Default: 3.
    pub cut: f64,
    /// No density below/above these, [low, high]. Default: none.
    pub clip: Option<(f64, f64)>,
    /// Points the density is evaluated at. Default: 200.
    pub gridsize: usize,
    /// Densities scaled so that all levels together integrate to 1.
    /// Default: true.
    pub common_norm: bool,
    /// Every level on the same grid. Default: false (true when stacking).
    pub common_grid: bool,
    /// How hue levels share the axes. Default: layer.
    pub multiple: DensityMultiple,
    /// Filled areas. Default: seaborn's (filled when stacking or filling).
    pub fill: Option<bool>,
    /// Fill opacity. Default: 0.25 layered, 0.75 stacked.
    pub alpha: Option<f64>,
    /// Line width in points. Default: matplotlib's, 1.5 for curves and 1
    /// for the outline of filled areas.
    pub linewidth: Option<f64>,
    /// A legend of the hue levels. Default: true.
    pub legend: bool,
    /// Figure size in inches. Default: 6.4 × 4.8.
    pub figsize: (f64, f64),
    /// Where the axes go. Default: none.
    pub layout: Layout,
    /// A title above the axes. Default: none.
    pub title: Option<String>,
}

impl Default for KdeplotOptions {
    fn default() -> Self {
        KdeplotOptions {
            x: String::new(),
            y: None,
            levels: 10,
            thresh: 0.05,
            hue: None,
            hue_order: None,
            palette: None,
            hue_norm: None,
            color: None,
            bw_method: BwMethod::default(),
            bw_adjust: 1.0,
            cut: 3.0,
            clip: None,
            gridsize: 200,
            common_norm: true,
            common_grid: false,
            multiple: DensityMultiple::Layer,
            fill: None,
            alpha: None,
            linewidth: None,
            legend: true,
            figsize: (6.4, 4.8),
            layout: Layout::None,
            title: None,
        }
    }
}

/// The most grid points a density is evaluated at.
pub const MAX_GRIDSIZE: usize = 100_000;

impl KdeplotOptions {
    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        crate::validate::check_figsize(self.figsize)?;
        let invalid =
            |option: &'static str, message: String| Err(ChartError::Invalid { option, message });
        if self.x.is_empty() {
            return invalid("x", "give the numeric column to estimate".to_owned());
        }
        if let Bandwidth::Factor(f) = self.bw_method.0
            && !(f.is_finite() && f > 0.0)
        {
            return invalid(
                "bw_method",
                format!("{f} is not a positive bandwidth factor"),
            );
        }
        for (option, v) in [
            ("bw_adjust", self.bw_adjust),
            ("linewidth", self.linewidth.unwrap_or(1.0)),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return invalid(option, format!("{v} is not a positive number"));
            }
        }
        if !(self.cut.is_finite() && self.cut >= 0.0) {
            return invalid(
                "cut",
                format!("{} is not a number of bandwidths (0 or more)", self.cut),
            );
        }
        if let Some((a, b)) = self.clip
            && !(a < b && !a.is_nan() && !b.is_nan())
        {
            return invalid(
                "clip",
                format!("[{a}, {b}] is not a range; give [low, high]"),
            );
        }
        if !(2..=MAX_GRIDSIZE).contains(&self.gridsize) {
            return invalid(
                "gridsize",
                format!("{} points; give 2 to {MAX_GRIDSIZE}", self.gridsize),
            );
        }
        if let Some(a) = self.alpha
            && !(0.0..=1.0).contains(&a)
        {
            return invalid("alpha", format!("{a} is not an opacity; give 0 to 1"));
        }
        if self.y.is_some() {
            if !(1..=MAX_LEVELS).contains(&self.levels) {
                return invalid(
                    "levels",
                    format!("{} contour levels; give 1 to {MAX_LEVELS}", self.levels),
                );
            }
            if !(0.0..1.0).contains(&self.thresh) {
                return invalid(
                    "thresh",
                    format!("{} is not a proportion; give 0 to below 1", self.thresh),
                );
            }
            // What the joint density does not draw yet, said rather than
            // ignored.
            let one_column = |option: &'static str| {
                invalid(
                    option,
                    format!("{option} is for one column's density, not a joint density (with y)"),
                )
            };
            if self.fill == Some(true) && self.levels < 2 {
                return invalid(
                    "levels",
                    "filled contours need 2 or more levels (the bands lie between them)".to_owned(),
                );
            }
            if self.multiple != DensityMultiple::Layer {
                return one_column("multiple");
            }
            if self.clip.is_some() {
                return one_column("clip");
            }
        }
        hue::check_palette(self.palette.as_ref())?;
        hue::check_norm(self.hue_norm)?;
        Ok(())
    }
}

/// The most contour levels of a joint density.
pub const MAX_LEVELS: usize = 1000;

/// Builds the density plot of column `x` of `table`.
pub fn kdeplot<'f>(
    table: &Table,
    options: &KdeplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    options.validate()?;
    let o = options;
    if let Some(y) = &o.y {
        return joint(table, o, y, fonts);
    }
    let chart = OneColumn {
        x: &o.x,
        hue: o.hue.as_deref(),
        hue_order: o.hue_order.as_deref(),
        palette: o.palette.as_ref(),
        hue_norm: o.hue_norm,
        figsize: o.figsize,
        layout: o.layout,
        title: o.title.as_deref(),
        ylabel: "Density",
    };
    chart.chart(table, fonts, |ax, x, hue| density_into(ax, x, hue, o))
}

/// Draws the density of `x` (column `o.x`) by `hue` into `ax`, with its
/// limits: everything `kdeplot` draws but the labels.
pub(crate) fn density_into(
    ax: &mut Axes,
    x: &[f64],
    hue: Option<&Hue>,
    o: &KdeplotOptions,
) -> Result<(), ChartError> {
    let several = hue.is_some();
    let stacked = several && o.multiple != DensityMultiple::Layer;
    let fill = o.fill.unwrap_or(o.multiple != DensityMultiple::Layer);
    let (groups, all) = hue::split(x, hue);
    if all.is_empty() {
        return Err(ChartError::Invalid {
            option: "x",
            message: format!("column '{}' has no values to estimate", o.x),
        });
    }
    let clip = o.clip.map_or((None, None), |(a, b)| {
        (a.is_finite().then_some(a), b.is_finite().then_some(b))
    });
    let bw = o.bw_method.0;
    let common_grid = several && (o.common_grid || stacked);
    let grid = if common_grid {
        Kde::fit(&all, None, bw, o.bw_adjust)
            .ok()
            .map(|k| k.support(o.cut, clip, o.gridsize))
    } else {
        None
    };
    let common_norm = o.common_norm && several;
    // Each level's curve (levels that cannot have one, too few or equal
    // values, are left out as seaborn leaves them).
    let mut curves: Vec<Option<(Vec<f64>, Vec<f64>)>> = groups
        .iter()
        .map(|values| {
            let kde = Kde::fit(values, None, bw, o.bw_adjust).ok()?;
            let support = grid
                .clone()
                .unwrap_or_else(|| kde.support(o.cut, clip, o.gridsize));
            let mut d = kde.evaluate(&support);
            if common_norm {
                let share = values.len() as f64 / all.len() as f64;
                d.iter_mut().for_each(|v| *v *= share);
            }
            Some((support, d))
        })
        .collect();
    if curves.iter().all(Option::is_none) {
        return Err(ChartError::Invalid {
            option: "x",
            message: format!(
                "column '{}' has no density to draw: each group needs two or more different values",
                o.x
            ),
        });
    }
    // Stacks: the last level at the bottom; fills scaled to 1.
    let mut bottoms: Vec<Option<Vec<f64>>> = vec![None; curves.len()];
    if stacked {
        let n = grid.as_ref().map_or(0, Vec::len);
        let totals: Vec<f64> = (0..n)
            .map(|k| curves.iter().flatten().map(|(_, d)| d[k]).sum())
            .collect();
        let mut base = vec![0.0; n];
        for (curve, bottom) in curves.iter_mut().zip(bottoms.iter_mut()).rev() {
            let Some((_, d)) = curve else { continue };
            let mut b = base.clone();
            for (v, acc) in d.iter_mut().zip(base.iter_mut()) {
                *v += *acc;
                *acc = *v;
            }
            if o.multiple == DensityMultiple::Fill {
                for ((v, bb), t) in d.iter_mut().zip(b.iter_mut()).zip(&totals) {
                    *v /= t;
                    *bb /= t;
                }
            }
            *bottom = Some(b);
        }
    }
    let alpha = o.alpha.unwrap_or(if !fill {
        1.0
    } else if o.multiple == DensityMultiple::Layer {
        0.25
    } else {
        0.75
    });
    let colors: Vec<Color> = match hue {
        Some(h) => h.colors.clone(),
        None => vec![o.color.unwrap_or(C0)],
    };
    // matplotlib's defaults: lines.linewidth for curves, patch.linewidth
    // for the outline of a filled area.
    let linewidth = o.linewidth.unwrap_or(if fill { 1.0 } else { 1.5 });
    let (mut bottom, mut top) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    // Drawn in reverse, so that the first level is on top.
    for (i, curve) in curves.iter().enumerate().rev() {
        let Some((s, d)) = curve else { continue };
        let color = colors[i % colors.len()];
        for &v in d.iter().filter(|v| v.is_finite()) {
            (bottom, top) = (bottom.min(v), top.max(v));
        }
        if fill {
            // A filled area reaches down to its base (0 unless stacked).
            bottom = bottom.min(0.0);
        }
        lo = lo.min(s[0]);
        hi = hi.max(s[s.len() - 1]);
        if fill {
            let base = bottoms[i].clone().unwrap_or_else(|| vec![0.0; s.len()]);
            let edge = if stacked { Color::BLACK } else { color };
            ax.artists.push(Artist::Polygon {
                x: s.iter().chain(s.iter().rev()).copied().collect(),
                y: d.iter().chain(base.iter().rev()).copied().collect(),
                color: color.with_alpha(alpha * color.a),
                edge: Some(Stroke {
                    width: linewidth,
                    color: edge,
                }),
                // seaborn's fill_between: a collection, joined round.
                join: Join::Round,
                label: String::new(),
            });
        } else {
            let style = LineStyle {
                color: color.with_alpha(alpha),
                width: linewidth,
                dashes: Dashes::SOLID,
                cap: Cap::Projecting,
            };
            ax.plot(s.clone(), d.clone(), style, "");
        }
    }
    if let (true, Some(h)) = (o.legend, hue) {
        let swatch = if fill {
            hue::Swatch::Patch {
                alpha,
                edge: if stacked {
                    hue::Edge::Black
                } else {
                    hue::Edge::Level(1.0)
                },
                width: linewidth.min(1.0),
            }
        } else {
            hue::Swatch::Line {
                alpha,
                width: linewidth,
            }
        };
        hue::legend(ax, h, swatch);
    }
    // Densities stand on 0 (a filled stack ends at 1), as seaborn's sticky
    // edges make them.
    if o.multiple == DensityMultiple::Fill && several {
        ax.ylim = Some((0.0, 1.0));
        ax.xlim = Some((lo, hi));
    } else if top.is_finite() {
        ax.ylim = Some(crate::hist::from_zero(bottom, top));
    }
    Ok(())
}

/// The joint density of columns `o.x` and `y` (seaborn's bivariate
/// `kdeplot`): per hue level, scipy's two-dimensional Gaussian KDE on a
/// `gridsize` x `gridsize` grid reaching `cut` kernel deviations past the
/// level's data on each axis, its contour lines at seaborn's levels (from
/// all levels' densities together under `common_norm`), in the level's
/// colour; the axes fitted tight to the grids, as matplotlib's contour
/// leaves them.
fn joint(
    table: &Table,
    o: &KdeplotOptions,
    y_name: &str,
    fonts: Fonts<'_>,
) -> Result<Chart, ChartError> {
    let x = hue::numeric_column(table, "x", &o.x)?;
    let y = hue::numeric_column(table, "y", y_name)?;
    let hue = Hue::optional(
        table,
        o.hue.as_deref(),
        o.hue_order.as_deref(),
        o.palette.as_ref(),
        o.hue_norm,
    )?;
    let mut fig = crate::compose::Figure::new(o.figsize);
    fig.layout = o.layout;
    let ax = fig.axes_mut(0, 0).ok_or(ChartError::Invalid {
        option: "figsize",
        message: "no axes".to_owned(),
    })?;
    let Some((xlim, ylim)) = joint_into(ax, x, y, hue.as_ref(), o) else {
        return Err(ChartError::Invalid {
            option: "y",
            message: format!(
                "columns '{}' and '{y_name}' have no joint density to draw: each group needs three or more points not on one line",
                o.x
            ),
        });
    };
    ax.xlim = Some(xlim);
    ax.ylim = Some(ylim);
    ax.xlabel = o.x.clone();
    ax.ylabel = y_name.to_owned();
    ax.title = o.title.clone();
    let mut chart = fig.build(fonts)?;
    chart.warnings.extend(hue.and_then(|h| h.warning));
    Ok(chart)
}

/// The extents of a joint density's grids along x and y.
pub(crate) type GridExtents = ((f64, f64), (f64, f64));

/// Draws the joint density of `x` and `y` by `hue` into `ax` (contours,
/// and the legend when `o.legend`); returns its grids' extents, which
/// matplotlib's contour fits the axes to, or `None` when no level has a
/// density.
pub(crate) fn joint_into(
    ax: &mut Axes,
    x: &[f64],
    y: &[f64],
    hue: Option<&Hue>,
    o: &KdeplotOptions,
) -> Option<GridExtents> {
    draw_joint(ax, &joint_surfaces(x, y, hue, o), hue, o)
}

/// A hue level's joint density on its grid: `z[i * xs.len() + j]` at
/// (`xs[j]`, `ys[i]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Surface {
    level: usize,
    xs: Vec<f64>,
    ys: Vec<f64>,
    z: Vec<f64>,
}

impl Surface {
    /// The same density with x and y swapped (a pair plot's mirror
    /// panel).
    pub(crate) fn transposed(&self) -> Surface {
        let (nx, ny) = (self.xs.len(), self.ys.len());
        let mut z = vec![0.0; nx * ny];
        for i in 0..ny {
            for j in 0..nx {
                z[j * ny + i] = self.z[i * nx + j];
            }
        }
        Surface {
            level: self.level,
            xs: self.ys.clone(),
            ys: self.xs.clone(),
            z,
        }
    }
}

/// Each hue level's joint density of `x` and `y` (levels without one, too
/// few or collinear points, left out as seaborn leaves them), scaled by
/// the level's share under `common_norm`.
pub(crate) fn joint_surfaces(
    x: &[f64],
    y: &[f64],
    hue: Option<&Hue>,
    o: &KdeplotOptions,
) -> Vec<Surface> {
    // Each level's points, and how many rows have both values and a hue.
    let (groups, (all_x, _)) = hue::split_pairs(x, y, hue);
    let all = all_x.len();
    let bw = o.bw_method.0;
    let common_norm = o.common_norm && hue.is_some();
    let mut surfaces = Vec::new();
    for (level, (gx, gy)) in groups.iter().enumerate() {
        let Ok(kde) = Kde2::fit(gx, gy, None, bw, o.bw_adjust) else {
            continue;
        };
        let (sx, sy) = kde.bandwidths();
        let xs = kde::support(gx, sx, o.cut, (None, None), o.gridsize);
        let ys = kde::support(gy, sy, o.cut, (None, None), o.gridsize);
        let mut z = kde.evaluate_grid(&xs, &ys);
        if common_norm {
            let share = gx.len() as f64 / all as f64;
            z.iter_mut().for_each(|v| *v *= share);
        }
        surfaces.push(Surface { level, xs, ys, z });
    }
    surfaces
}

/// Draws joint densities into `ax` as contour lines at seaborn's levels
/// (and the legend when `o.legend`); returns their grids' extents, or
/// `None` when there are none.
pub(crate) fn draw_joint(
    ax: &mut Axes,
    surfaces: &[Surface],
    hue: Option<&Hue>,
    o: &KdeplotOptions,
) -> Option<GridExtents> {
    if surfaces.is_empty() {
        return None;
    }
    let common_norm = o.common_norm && hue.is_some();
    let proportions: Vec<f64> = if o.levels == 1 {
        vec![o.thresh]
    } else {
        // numpy's linspace: k × step + start, the last exactly 1.
        let step = (1.0 - o.thresh) / (o.levels - 1) as f64;
        (0..o.levels)
            .map(|k| {
                if k + 1 == o.levels {
                    1.0
                } else {
                    k as f64 * step + o.thresh
                }
            })
            .collect()
    };
    let common_levels = common_norm.then(|| {
        let all: Vec<&[f64]> = surfaces.iter().map(|s| s.z.as_slice()).collect();
        kde::quantile_levels(&all, &proportions)
    });
    let colors: Vec<Color> = match hue {
        Some(h) => h.colors.clone(),
        None => vec![o.color.unwrap_or(C0)],
    };
    let style = |color: Color| LineStyle {
        color,
        width: o.linewidth.unwrap_or(1.5),
        dashes: Dashes::SOLID,
        cap: Cap::Projecting,
    };
    let (mut xlim, mut ylim) = (
        (f64::INFINITY, f64::NEG_INFINITY),
        (f64::INFINITY, f64::NEG_INFINITY),
    );
    let fill = o.fill == Some(true);
    for s in surfaces {
        let levels = match &common_levels {
            Some(l) => l.clone(),
            None => kde::quantile_levels(&[&s.z], &proportions),
        };
        let color = colors[s.level % colors.len()];
        if fill {
            filled_bands(ax, s, &levels, color, o.alpha);
        }
        for level in levels.into_iter().filter(|_| !fill) {
            let lines = contour::lines(&s.xs, &s.ys, &s.z, level);
            if !lines.is_empty() {
                ax.artists.push(Artist::Contour {
                    lines,
                    style: style(color),
                });
            }
        }
        xlim = (xlim.0.min(s.xs[0]), xlim.1.max(s.xs[s.xs.len() - 1]));
        ylim = (ylim.0.min(s.ys[0]), ylim.1.max(s.ys[s.ys.len() - 1]));
    }
    if let (true, Some(h)) = (o.legend, hue) {
        let swatch = if fill {
            // Opaque whatever the bands' alpha, as seaborn's.
            hue::Swatch::Patch {
                alpha: 1.0,
                edge: hue::Edge::Level(1.0),
                width: 1.0,
            }
        } else {
            hue::Swatch::Line {
                alpha: 1.0,
                width: o.linewidth.unwrap_or(1.5),
            }
        };
        hue::legend(ax, h, swatch);
    }
    Some((xlim, ylim))
}

/// A joint density's bands between consecutive `levels`, as matplotlib's
/// `contourf` fills them: band k in the colour of its middle
/// `(levels[k] + levels[k + 1]) / 2` on seaborn's light-to-dark ramp of
/// `color`, the ramp spanning the levels. Opaque bands are each painted
/// over the whole area above their lower level, the next band over it (so
/// that neighbours meet without a seam); translucent ones (`alpha`) cover
/// only their band, each area once.
fn filled_bands(ax: &mut Axes, s: &Surface, levels: &[f64], color: Color, alpha: Option<f64>) {
    if levels.len() < 2 {
        return;
    }
    let ramp: Vec<[f64; 3]> = plotmill_scene::light_ramp(color)
        .into_iter()
        .map(|c| [c.r, c.g, c.b])
        .collect();
    let Ok(ramp) = plotmill_scene::Colormap::from_colors("ramp", ramp) else {
        return;
    };
    // matplotlib's Normalize over the levels, then the ramp's lookup.
    let (lo, hi) = (levels[0], levels[levels.len() - 1]);
    let shade = |v: f64| ramp.color(if hi > lo { (v - lo) / (hi - lo) } else { 0.0 });
    let above: Vec<Vec<Vec<(f64, f64)>>> = levels
        .iter()
        .map(|&l| contour::superlevel_rings(&s.xs, &s.ys, &s.z, l))
        .collect();
    for (k, pair) in levels.windows(2).enumerate() {
        let band = shade((pair[0] + pair[1]) / 2.0);
        let (rings, color) = match alpha {
            None => (above[k].clone(), band),
            Some(a) => {
                // The band alone: above its lower level and not its upper
                // one (the upper area lies inside, so even-odd cuts it out).
                let mut rings = above[k].clone();
                rings.extend(above[k + 1].iter().cloned());
                (rings, band.with_alpha(a * band.a))
            }
        };
        if !rings.is_empty() {
            ax.artists.push(Artist::Region { rings, color });
        }
    }
}
