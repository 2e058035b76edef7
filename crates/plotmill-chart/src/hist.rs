//! The histogram, as seaborn's `histplot` draws one column, optionally
//! split by a `hue` column: seaborn's bins and statistics, its ways of
//! showing several groups (`layer`, `stack`, `dodge`, `fill`), its
//! elements (`bars`, `step`, `poly`), an optional density curve, and its
//! defaults (alpha, edges, labels, legend), on the shared Figure/Axes layer.

use plotmill_data::Table;
use plotmill_data::stats::bins::{self, BinRule, Bins};
use plotmill_data::stats::kde::{self, Bandwidth, Kde};
use plotmill_scene::{Color, Join, Stroke};
use plotmill_text::Fonts;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::compose::{Artist, Axes};
use crate::figure::C0;
use crate::hue::{self, Hue, OneColumn};
use crate::layout::Layout;
use crate::line::LineStyle;
use crate::line::{Cap, Dashes};
use crate::palette::Palette;
use crate::{Chart, ChartError};

/// What a histogram's heights are (seaborn's `stat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Stat {
    /// Values per bin.
    #[default]
    Count,
    /// Values per bin over the bin width.
    Frequency,
    /// The share of the values in each bin (bars sum to 1).
    Probability,
    /// The same as `probability`.
    Proportion,
    /// The share in percent (bars sum to 100).
    Percent,
    /// Normalised so that the area is 1.
    Density,
}

impl Stat {
    /// The y axis' label, as seaborn writes it.
    fn label(self) -> &'static str {
        match self {
            Stat::Count => "Count",
            Stat::Frequency => "Frequency",
            Stat::Probability => "Probability",
            Stat::Proportion => "Proportion",
            Stat::Percent => "Percent",
            Stat::Density => "Density",
        }
    }
}

/// How groups of a hue share the axes (seaborn's `multiple`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Multiple {
    /// Over one another, see-through.
    #[default]
    Layer,
    /// On top of one another.
    Stack,
    /// Side by side within each bin.
    Dodge,
    /// Stacked and scaled to fill each bin (shares of 1).
    Fill,
}

/// How a histogram is drawn (seaborn's `element`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Element {
    /// A bar per bin.
    #[default]
    Bars,
    /// A step line along the bins' tops.
    Step,
    /// A polygon through the bins' centres.
    Poly,
}

/// How bins are chosen: a numpy rule (`auto`, `fd`, `sturges`, `sqrt`,
/// `rice`, `scott`, `doane`, `stone`) or a count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BinCount {
    /// A rule.
    Rule(BinRule),
    /// This many bins.
    Count(usize),
}

impl Default for BinCount {
    fn default() -> Self {
        BinCount::Rule(BinRule::Auto)
    }
}

const RULES: [&str; 8] = [
    "auto", "fd", "sturges", "sqrt", "rice", "scott", "doane", "stone",
];

impl Serialize for BinCount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            BinCount::Count(n) => s.serialize_u64(*n as u64),
            BinCount::Rule(r) => {
                let i = [
                    BinRule::Auto,
                    BinRule::Fd,
                    BinRule::Sturges,
                    BinRule::Sqrt,
                    BinRule::Rice,
                    BinRule::Scott,
                    BinRule::Doane,
                    BinRule::Stone,
                ]
                .iter()
                .position(|x| x == r)
                .unwrap_or(0);
                s.serialize_str(RULES[i])
            }
        }
    }
}

impl<'de> Deserialize<'de> for BinCount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let err = |what: String| {
            D::Error::custom(format!(
                "{what} is not a bin choice; give a count such as 20 or one of {}",
                RULES.join(", ")
            ))
        };
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => {
                match n.as_u64().and_then(|k| usize::try_from(k).ok()) {
                    Some(k) if k >= 1 => Ok(BinCount::Count(k)),
                    _ => Err(err(n.to_string())),
                }
            }
            serde_json::Value::String(s) => match (BinRule::from_name(&s), s.parse::<usize>()) {
                (Some(r), _) => Ok(BinCount::Rule(r)),
                (None, Ok(k)) if k >= 1 => Ok(BinCount::Count(k)),
                _ => Err(err(format!("'{s}'"))),
            },
            other => Err(err(other.to_string())),
        }
    }
}

impl JsonSchema for BinCount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BinCount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "a count of bins, or numpy's rule: auto, fd, sturges, sqrt, rice, scott, doane, stone",
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "enum": RULES}
            ]
        })
    }
}

/// How to draw a histogram (seaborn's `histplot`, with its names and
/// defaults). This is also the histogram's part of a
/// [`ChartSpec`](crate::ChartSpec).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HistplotOptions {
    /// The numeric column to count.
    pub x: String,
    /// A column to split and colour by: text (its levels) or numeric (its
    /// values, on a colormap). Default: none.
    pub hue: Option<String>,
    /// The hue's levels (a numeric hue's values), in this order (others
    /// are left out). Default: order of appearance (numbers sorted).
    pub hue_order: Option<Vec<String>>,
    /// The hue's colours: a seaborn palette (deep, muted, pastel, bright,
    /// dark, colorblind), husl, hls, a cubehelix palette (`ch:…`) or a
    /// matplotlib colormap; a qualitative palette colours a numeric hue's
    /// values as categories. Default: the matplotlib colour cycle (husl
    /// beyond 10 levels); seaborn's cubehelix (`ch:`) for a numeric hue.
    pub palette: Option<Palette>,
    /// A numeric hue's values at the colormap's ends (seaborn's
    /// `hue_norm`). Default: the column's least and greatest.
    pub hue_norm: Option<(f64, f64)>,
    /// The colour without a hue. Default: matplotlib's first (C0).
    pub color: Option<Color>,
    /// What the heights are. Default: count.
    pub stat: Stat,
    /// A count of bins or numpy's rule. Default: auto.
    pub bins: BinCount,
    /// Bins about this wide (the nearest whole count over the range),
    /// instead of `bins`. Default: none.
    pub binwidth: Option<f64>,
    /// The range the bins cover, [low, high]. Default: the data's.
    pub binrange: Option<(f64, f64)>,
    /// One bin per integer, centred on it. Default: false.
    pub discrete: bool,
    /// Running totals. Default: false.
    pub cumulative: bool,
    /// The same bins for every hue level. Default: true.
    pub common_bins: bool,
    /// Heights normalised over all levels together (not each alone).
    /// Default: true.
    pub common_norm: bool,
    /// How hue levels share the axes. Default: layer.
    pub multiple: Multiple,
    /// How bins are drawn. Default: bars.
    pub element: Element,
    /// Filled bars or areas. Default: true.
    pub fill: bool,
    /// Bars narrowed to this fraction of their bin. Default: 1.
    pub shrink: f64,
    /// A density curve over each histogram. Default: false.
    pub kde: bool,
    /// A log x axis: bins (and densities) on log10 of the values, which
    /// must be above 0 (the rest are left out); `binwidth` and `binrange`
    /// are then in log10 units, as seaborn's. Default: false.
    pub log_scale: bool,
    /// Fill opacity. Default: seaborn's (0.5 for layered bars, 0.25 for
    /// layered areas, 0.75 alone).
    pub alpha: Option<f64>,
    /// A legend of the hue levels. Default: true.
    pub legend: bool,
    /// Figure size in inches. Default: 6.4 × 4.8 (matplotlib's).
    pub figsize: (f64, f64),
    /// Where the axes go: `none`, `tight` or `constrained`. Default: none.
    pub layout: Layout,
    /// A title above the axes. Default: none.
    pub title: Option<String>,
}

impl Default for HistplotOptions {
    fn default() -> Self {
        HistplotOptions {
            x: String::new(),
            hue: None,
            hue_order: None,
            palette: None,
            hue_norm: None,
            color: None,
            stat: Stat::Count,
            bins: BinCount::default(),
            binwidth: None,
            binrange: None,
            discrete: false,
            cumulative: false,
            common_bins: true,
            common_norm: true,
            multiple: Multiple::Layer,
            element: Element::Bars,
            fill: true,
            shrink: 1.0,
            kde: false,
            log_scale: false,
            alpha: None,
            legend: true,
            figsize: (6.4, 4.8),
            layout: Layout::None,
            title: None,
        }
    }
}

impl HistplotOptions {
    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        crate::validate::check_figsize(self.figsize)?;
        let invalid =
            |option: &'static str, message: String| Err(ChartError::Invalid { option, message });
        if self.x.is_empty() {
            return invalid("x", "give the numeric column to count".to_owned());
        }
        if let Some(w) = self.binwidth
            && !(w.is_finite() && w > 0.0)
        {
            return invalid("binwidth", format!("{w} is not a positive number"));
        }
        if let Some((a, b)) = self.binrange
            && !(a.is_finite() && b.is_finite() && a < b)
        {
            return invalid(
                "binrange",
                format!("[{a}, {b}] is not a range; give [low, high] with low below high"),
            );
        }
        if !(self.shrink > 0.0 && self.shrink <= 1.0) {
            return invalid(
                "shrink",
                format!(
                    "{} is not a fraction; give a number above 0 and at most 1",
                    self.shrink
                ),
            );
        }
        if let Some(a) = self.alpha
            && !(0.0..=1.0).contains(&a)
        {
            return invalid("alpha", format!("{a} is not an opacity; give 0 to 1"));
        }
        hue::check_palette(self.palette.as_ref())?;
        hue::check_norm(self.hue_norm)?;
        Ok(())
    }

    /// The bins asked for.
    fn bins(&self) -> Bins {
        if self.discrete {
            Bins::Discrete
        } else if let Some(w) = self.binwidth {
            Bins::Width(w)
        } else {
            match self.bins {
                BinCount::Rule(r) => Bins::Rule(r),
                BinCount::Count(k) => Bins::Count(k),
            }
        }
    }
}

/// One group's histogram: bin left edges, widths, heights (tops) and
/// bottoms, and its density curve.
#[derive(Debug, Clone)]
struct Group {
    edges: Vec<f64>,
    widths: Vec<f64>,
    heights: Vec<f64>,
    bottoms: Vec<f64>,
    curve: Option<(Vec<f64>, Vec<f64>)>,
}

/// Builds the histogram of column `x` of `table`.
pub fn histplot<'f>(
    table: &Table,
    options: &HistplotOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    options.validate()?;
    let o = options;
    let chart = OneColumn {
        x: &o.x,
        hue: o.hue.as_deref(),
        hue_order: o.hue_order.as_deref(),
        palette: o.palette.as_ref(),
        hue_norm: o.hue_norm,
        figsize: o.figsize,
        layout: o.layout,
        title: o.title.as_deref(),
        ylabel: o.stat.label(),
    };
    // The axes' width as matplotlib first lays it out.
    chart.chart(table, fonts, |ax, x, hue| {
        hist_into(ax, x, hue, o, o.figsize.0 * 72.0 * 0.775)
    })
}

/// Draws the histogram of `x` (column `o.x`) by `hue` into `ax`, an axes
/// about `axes_points` wide, with its x scale and y limits: everything
/// `histplot` draws but the labels.
pub(crate) fn hist_into(
    ax: &mut Axes,
    x: &[f64],
    hue: Option<&Hue>,
    o: &HistplotOptions,
    axes_points: f64,
) -> Result<(), ChartError> {
    // On a log axis seaborn bins (and estimates) log10 of the values;
    // values at or below 0 are left out.
    let logged: Vec<f64>;
    let x = if o.log_scale {
        logged = x
            .iter()
            .map(|&v| if v > 0.0 { v.log10() } else { f64::NAN })
            .collect();
        &logged[..]
    } else {
        x
    };
    let (groups, all) = hue::split(x, hue);
    if all.is_empty() {
        return Err(ChartError::Invalid {
            option: "x",
            message: format!("column '{}' has no values to count", o.x),
        });
    }
    let several = hue.is_some();
    let bad_bins = |e: bins::BinError| ChartError::Invalid {
        option: if o.binwidth.is_some() {
            "binwidth"
        } else {
            "bins"
        },
        message: e.to_string(),
    };
    let common = if several && o.common_bins {
        Some(bins::bin_edges(&all, o.bins(), o.binrange).map_err(bad_bins)?)
    } else {
        None
    };
    let common_norm = o.common_norm && o.stat != Stat::Count && several;
    // seaborn's common grid for the density overlays: cut 0, so the range
    // of all the values, found once.
    let kde_grid = (o.kde && o.common_bins && several)
        .then(|| kde::support(&all, 0.0, 0.0, (None, None), 200));
    let whole = all.len() as f64;
    let mut hists: Vec<Option<Group>> = Vec::with_capacity(groups.len());
    for values in &groups {
        if values.is_empty() {
            hists.push(None);
            continue;
        }
        let edges = match &common {
            Some(e) => e.clone(),
            None => bins::bin_edges(values, o.bins(), o.binrange).map_err(bad_bins)?,
        };
        let counts = bins::histogram(values, None, &edges);
        let widths: Vec<f64> = edges.windows(2).map(|w| w[1] - w[0]).collect();
        let mut heights = normalize(o.stat, &counts, &widths);
        if o.cumulative {
            let mut acc = 0.0;
            for (h, w) in heights.iter_mut().zip(&widths) {
                acc += if matches!(o.stat, Stat::Density | Stat::Frequency) {
                    *h * w
                } else {
                    *h
                };
                *h = acc;
            }
        }
        let part = values.len() as f64 / whole;
        let curve = if o.kde {
            density(values, kde_grid.as_deref(), o, common_norm.then_some(part)).map(|(s, d)| {
                // Scaled to the histogram it is drawn over.
                let norm = if o.cumulative {
                    heights.iter().copied().fold(f64::MIN, f64::max)
                } else {
                    heights.iter().zip(&widths).map(|(h, w)| h * w).sum()
                };
                let s = if o.log_scale {
                    s.into_iter().map(|v| 10f64.powf(v)).collect()
                } else {
                    s
                };
                (s, d.into_iter().map(|v| v * norm).collect())
            })
        } else {
            None
        };
        if common_norm {
            heights.iter_mut().for_each(|h| *h *= part);
        }
        let mut lefts: Vec<f64> = edges[..edges.len() - 1].to_vec();
        let mut widths = widths;
        if o.log_scale {
            // Back to the data's units, then shrunk there (as seaborn).
            for (l, w) in lefts.iter_mut().zip(widths.iter_mut()) {
                let (a, b) = (10f64.powf(*l), 10f64.powf(*l + *w));
                (*l, *w) = (a, b - a);
            }
        }
        for (l, w) in lefts.iter_mut().zip(widths.iter_mut()) {
            *l += (1.0 - o.shrink) / 2.0 * *w;
            *w *= o.shrink;
        }
        let n = heights.len();
        hists.push(Some(Group {
            edges: lefts,
            widths,
            heights,
            bottoms: vec![0.0; n],
            curve,
        }));
    }
    resolve_multiple(&mut hists, o.multiple, several, o.log_scale);
    let colors: Vec<Color> = match hue {
        Some(h) => h.colors.clone(),
        None => vec![o.color.unwrap_or(C0)],
    };
    draw(ax, o, &hists, &colors, hue, axes_points);
    if o.log_scale {
        ax.xscale = crate::Scale::Log;
    }
    Ok(())
}

/// A value mapped along an axis.
type Map = fn(f64) -> f64;

/// The axis' scale and its inverse: identity, or log10 and 10^x.
fn scale_fns(log: bool) -> (Map, Map) {
    if log {
        (f64::log10, |v| 10f64.powf(v))
    } else {
        (|v| v, |v| v)
    }
}

/// Heights of `counts` as `stat` (numpy's `density=True` for density).
fn normalize(stat: Stat, counts: &[f64], widths: &[f64]) -> Vec<f64> {
    let total: f64 = counts.iter().sum();
    counts
        .iter()
        .zip(widths)
        .map(|(&c, &w)| match stat {
            Stat::Count => c,
            Stat::Frequency => c / w,
            Stat::Probability | Stat::Proportion => c / total,
            Stat::Percent => c / total * 100.0,
            Stat::Density => c / w / total,
        })
        .collect()
}

/// The density curve over a group (seaborn's kde overlay: cut 0, on
/// `grid` when the bins are common), scaled by the group's share when
/// normalised together.
fn density(
    values: &[f64],
    grid: Option<&[f64]>,
    o: &HistplotOptions,
    share: Option<f64>,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let kde = Kde::fit(values, None, Bandwidth::Scott, 1.0).ok()?;
    let support = match grid {
        Some(g) => g.to_vec(),
        None => kde.support(0.0, (None, None), 200),
    };
    let mut d = kde.evaluate(&support);
    if o.cumulative {
        // A running integral by the trapezoid rule (seaborn integrates the
        // kernel exactly; the difference is below a pixel at 200 points).
        let mut acc = 0.0;
        let mut prev = (support[0], d[0]);
        for (s, v) in support.iter().zip(d.iter_mut()).skip(1) {
            acc += (*v + prev.1) / 2.0 * (s - prev.0);
            prev = (*s, *v);
            *v = acc;
        }
        d[0] = 0.0;
    }
    if let Some(share) = share {
        d.iter_mut().for_each(|v| *v *= share);
    }
    Some((support, d))
}

/// seaborn's `_resolve_multiple`: stacks (the last level at the bottom)
/// and fills (each bin's stack scaled to 1) give each group its bottoms;
/// dodging splits each bin among the levels.
fn resolve_multiple(hists: &mut [Option<Group>], multiple: Multiple, several: bool, log: bool) {
    if !several {
        return;
    }
    let n = hists.len();
    match multiple {
        Multiple::Layer => {}
        Multiple::Stack | Multiple::Fill => {
            let bins = hists
                .iter()
                .flatten()
                .map(|g| g.heights.len())
                .max()
                .unwrap_or(0);
            let mut base = vec![0.0; bins];
            let totals: Vec<f64> = (0..bins)
                .map(|k| {
                    hists
                        .iter()
                        .flatten()
                        .map(|g| g.heights.get(k).copied().unwrap_or(0.0))
                        .sum()
                })
                .collect();
            let mut curve_base: Option<Vec<f64>> = None;
            for g in hists.iter_mut().rev().flatten() {
                for ((h, b), acc) in g.heights.iter_mut().zip(&mut g.bottoms).zip(&mut base) {
                    *b = *acc;
                    *h += *acc;
                    *acc = *h;
                }
                if multiple == Multiple::Fill {
                    for ((h, b), t) in g.heights.iter_mut().zip(&mut g.bottoms).zip(&totals) {
                        *h /= t;
                        *b /= t;
                    }
                }
                // Density curves stack the same way.
                if let Some((_, d)) = &mut g.curve {
                    let b = curve_base.get_or_insert_with(|| vec![0.0; d.len()]);
                    for (v, acc) in d.iter_mut().zip(b.iter_mut()) {
                        *v += *acc;
                        *acc = *v;
                    }
                }
            }
        }
        Multiple::Dodge => {
            for (i, g) in hists.iter_mut().enumerate() {
                if let Some(g) = g {
                    for (l, w) in g.edges.iter_mut().zip(g.widths.iter_mut()) {
                        // Split on the axis' scale (log10 on a log axis).
                        let (fwd, inv) = scale_fns(log);
                        let (a, b) = (fwd(*l), fwd(*l + *w));
                        let step = (b - a) / n as f64;
                        let (x0, x1) = (inv(a + i as f64 * step), inv(a + (i + 1) as f64 * step));
                        (*l, *w) = (x0, x1 - x0);
                    }
                }
            }
        }
    }
}

/// Draws the groups into `ax`, the first level on top (seaborn draws them
/// in reverse).
fn draw(
    ax: &mut Axes,
    o: &HistplotOptions,
    hists: &[Option<Group>],
    colors: &[Color],
    hue: Option<&Hue>,
    axes_points: f64,
) {
    let alpha = o.alpha.unwrap_or(if !o.fill {
        1.0
    } else if hue.is_some() && o.multiple == Multiple::Layer {
        if o.element == Element::Bars {
            0.5
        } else {
            0.25
        }
    } else if o.kde {
        0.5
    } else {
        0.75
    });
    // seaborn's bar edge: a tenth of the narrowest bar in points, at most
    // matplotlib's patch line width (1 pt), on the axes as first laid out.
    let (lo, hi) = hists
        .iter()
        .flatten()
        .flat_map(|g| g.edges.iter().zip(&g.widths).flat_map(|(l, w)| [*l, l + w]))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let narrowest = hists
        .iter()
        .flatten()
        .flat_map(|g| g.widths.iter().copied())
        .fold(f64::INFINITY, f64::min);
    let (fwd, _) = scale_fns(o.log_scale);
    let narrowest = if o.log_scale {
        hists
            .iter()
            .flatten()
            .flat_map(|g| {
                g.edges
                    .iter()
                    .zip(&g.widths)
                    .map(|(l, w)| fwd(l + w) - fwd(*l))
            })
            .fold(f64::INFINITY, f64::min)
    } else {
        narrowest
    };
    let bar_points = narrowest / ((fwd(hi) - fwd(lo)) * 1.1) * axes_points;
    let mut linewidth = (0.1 * bar_points).min(if o.fill { 1.0 } else { 1.5 });
    if !o.fill {
        linewidth = linewidth.max(0.5);
    }
    let stacked = matches!(o.multiple, Multiple::Stack | Multiple::Fill);
    // Bars and filled areas reach down to 0; unfilled outlines only to
    // their lowest point.
    let mut bottom: f64 = if o.fill || o.element == Element::Bars {
        0.0
    } else {
        f64::INFINITY
    };
    let mut top: f64 = 0.0;
    for i in (0..hists.len()).rev() {
        let Some(g) = &hists[i] else { continue };
        let color = colors[i % colors.len()];
        let face = color.with_alpha(alpha * color.a);
        for &v in g.heights.iter().filter(|v| v.is_finite()) {
            (bottom, top) = (bottom.min(v), top.max(v));
        }
        // The legend is drawn from the levels, not from these.
        match o.element {
            Element::Bars => {
                // matplotlib's patch edge (black) round filled bars.
                let (face, edge) = if o.fill {
                    (
                        face,
                        Stroke {
                            width: linewidth,
                            color: Color::BLACK,
                        },
                    )
                } else {
                    (
                        Color::TRANSPARENT,
                        Stroke {
                            width: linewidth,
                            color: color.with_alpha(alpha),
                        },
                    )
                };
                ax.artists.push(Artist::Bars {
                    x: g.edges
                        .iter()
                        .zip(&g.widths)
                        .map(|(l, w)| l + w / 2.0)
                        .collect(),
                    heights: g
                        .heights
                        .iter()
                        .zip(&g.bottoms)
                        .map(|(h, b)| h - b)
                        .collect(),
                    bottom: g.bottoms.clone(),
                    horizontal: false,
                    width: g.widths.first().copied().unwrap_or(1.0),
                    widths: g.widths.clone(),
                    color: face,
                    edge: Some(edge),
                    label: String::new(),
                });
            }
            Element::Step | Element::Poly => {
                let (xs, ys, bs) = outline(g, o.element);
                if o.fill {
                    let edge_color = if stacked { Color::BLACK } else { color };
                    let (px, py): (Vec<f64>, Vec<f64>) = xs
                        .iter()
                        .zip(&ys)
                        .map(|(&a, &b)| (a, b))
                        .chain(xs.iter().zip(&bs).rev().map(|(&a, &b)| (a, b)))
                        .unzip();
                    ax.artists.push(Artist::Polygon {
                        x: px,
                        y: py,
                        color: face,
                        edge: Some(Stroke {
                            width: 1.0,
                            color: edge_color,
                        }),
                        // seaborn's fill_between: a collection, joined
                        // round.
                        join: Join::Round,
                        label: String::new(),
                    });
                } else {
                    let style = LineStyle {
                        color: color.with_alpha(alpha),
                        width: 1.5,
                        dashes: Dashes::SOLID,
                        cap: Cap::Projecting,
                    };
                    ax.plot(xs, ys, style, "");
                }
            }
        }
        if let Some((s, d)) = &g.curve {
            let style = LineStyle {
                color: color.with_alpha(1.0),
                width: 1.5,
                dashes: Dashes::SOLID,
                cap: Cap::Projecting,
            };
            for &v in d.iter().filter(|v| v.is_finite()) {
                (bottom, top) = (bottom.min(v), top.max(v));
            }
            ax.plot(s.clone(), d.clone(), style, "");
        }
    }
    // The legend lists the levels in order (they are drawn in reverse
    // above).
    if let (true, Some(h)) = (o.legend, hue) {
        let swatch = if o.fill {
            let bars = o.element == Element::Bars || stacked;
            hue::Swatch::Patch {
                alpha,
                edge: if bars {
                    hue::Edge::Black
                } else {
                    hue::Edge::Level(1.0)
                },
                width: linewidth.min(1.0),
            }
        } else if o.element == Element::Bars {
            hue::Swatch::Patch {
                alpha: 0.0,
                edge: hue::Edge::Level(alpha),
                width: linewidth.min(1.0),
            }
        } else {
            hue::Swatch::Line { alpha, width: 1.5 }
        };
        hue::legend(ax, h, swatch);
    }
    // Heights stand on 0 (and a filled stack ends at 1), as seaborn's
    // sticky edges make them (only 0, not the bottoms of stacked bars).
    if o.multiple == Multiple::Fill && hue.is_some() {
        ax.ylim = Some((0.0, 1.0));
        if lo.is_finite() {
            ax.xlim = Some((lo, hi));
        }
    } else if top > 0.0 {
        ax.ylim = Some(from_zero(bottom, top));
    }
}

/// The y view of values from `bottom` to `top` with matplotlib's 5%
/// margins, not below 0 (seaborn's sticky edge at 0: a margin never
/// crosses it, a curve above it keeps its own lower margin).
pub(crate) fn from_zero(bottom: f64, top: f64) -> (f64, f64) {
    let bottom = if bottom.is_finite() { bottom } else { 0.0 };
    let margin = (top - bottom) * 0.05;
    ((bottom - margin).max(0.0), top + margin)
}

/// The (x, top, bottom) outline of a group drawn as a step (edges, the last
/// repeated) or a polygon (bin centres).
fn outline(g: &Group, element: Element) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    match element {
        Element::Step => {
            // A step function: each top held across its bin.
            let mut xs = Vec::new();
            let (mut ys, mut bs) = (Vec::new(), Vec::new());
            for k in 0..g.heights.len() {
                let (l, r) = (g.edges[k], g.edges[k] + g.widths[k]);
                xs.extend([l, r]);
                ys.extend([g.heights[k], g.heights[k]]);
                bs.extend([g.bottoms[k], g.bottoms[k]]);
            }
            (xs, ys, bs)
        }
        _ => (
            g.edges
                .iter()
                .zip(&g.widths)
                .map(|(l, w)| l + w / 2.0)
                .collect(),
            g.heights.clone(),
            g.bottoms.clone(),
        ),
    }
}
