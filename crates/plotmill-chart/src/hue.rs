//! Grouping rows by a `hue` column, as seaborn's hue mapping does: a text
//! column's levels in order of first appearance (or `hue_order`), a
//! numeric column's distinct values sorted and coloured on a continuous
//! colormap, rows whose level is missing (or not in `hue_order`) left out.

use plotmill_data::{Column, ColumnKind, Labels, Table};
use plotmill_scene::{Color, Colormap, Stroke, categorical_palette, hue_colormap};

use crate::ChartError;
use crate::compose::{Artist, Axes, Legend};
use crate::line::{Cap, Dashes};
use crate::line::{LineStyle, PointMarker};
use crate::palette::Palette;

/// The most levels a hue colours apart.
pub const MAX_LEVELS: usize = 256;

/// The rows of each level of a hue column, and its colours.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hue {
    /// The hue column's name (the legend's title).
    pub(crate) name: String,
    /// The levels, in legend order.
    pub(crate) levels: Vec<String>,
    /// Each row's level index, `None` when it is left out.
    pub(crate) level_of: Vec<Option<usize>>,
    /// Whether each row has a hue value at all (seaborn bins and
    /// normalises over these, levels left out of `hue_order` included).
    pub(crate) present: Vec<bool>,
    /// Each level's colour.
    pub(crate) colors: Vec<Color>,
    /// A numeric hue's colormap, when it is coloured continuously.
    pub(crate) scale: Option<Scale>,
    /// What the chart's user should hear about the colours (levels that
    /// share a colour because the palette repeats).
    pub(crate) warning: Option<String>,
    /// Colours' saturation is multiplied by this (seaborn's categorical
    /// charts' `saturation`), the brief legend's included. Default: 1.
    pub(crate) saturation: f64,
}

/// The numeric column `name`, or an error naming the option and the
/// columns there are.
pub(crate) fn numeric_column<'t>(
    table: &'t Table,
    option: &'static str,
    name: &str,
) -> Result<&'t [f64], ChartError> {
    if let Some(c) = table.column(name) {
        return Ok(c.values());
    }
    let numeric: Vec<&str> = table.columns().iter().map(|c| c.name()).collect();
    let message = if table.text_columns().iter().any(|t| t == name) {
        format!(
            "'{name}' is a text column; give a numeric one ({})",
            numeric.join(", ")
        )
    } else if name.is_empty() {
        format!("give the column to draw (one of {})", numeric.join(", "))
    } else {
        let near = suggest(name, &numeric);
        format!(
            "no numeric column '{name}' (the numeric columns are {}){near}",
            numeric.join(", ")
        )
    };
    Err(ChartError::Invalid { option, message })
}

/// The error for column `name`, which `table` does not have: `no column
/// 'x'` then `purpose` (" to colour by"), every column (text first, what
/// a grouping usually is), and the nearest name.
pub(crate) fn no_column(
    table: &Table,
    option: &'static str,
    name: &str,
    purpose: &str,
) -> ChartError {
    let mut names: Vec<&str> = table.text_columns().iter().map(String::as_str).collect();
    names.extend(table.columns().iter().map(Column::name));
    let near = suggest(name, &names);
    ChartError::Invalid {
        option,
        message: format!(
            "no column '{name}'{purpose} (the columns are {}){near}",
            names.join(", ")
        ),
    }
}

/// `; did you mean 'x'?` for the nearest of `names` (by spelling, or the
/// one that holds `name`), or nothing.
fn suggest(name: &str, names: &[&str]) -> String {
    plotmill_scene::closest_name(name, names.iter().copied())
        .or_else(|| {
            let lower = name.to_lowercase();
            names
                .iter()
                .copied()
                .find(|n| !lower.is_empty() && n.to_lowercase().contains(&lower))
        })
        .map(|n| format!("; did you mean '{n}'?"))
        .unwrap_or_default()
}

impl Hue {
    /// The grouping by column `name` of `table`, with `order` (seaborn's
    /// `hue_order`) and `palette`.
    pub(crate) fn of(
        table: &Table,
        name: &str,
        order: Option<&[String]>,
        palette: Option<&Palette>,
        norm: Option<(f64, f64)>,
    ) -> Result<Hue, ChartError> {
        if let Some(column) = table.column(name) {
            return Hue::numeric(column, order, palette, norm);
        }
        let Some(labels) = table.labels(name) else {
            return Err(no_column(table, "hue", name, " to colour by"));
        };
        if norm.is_some() {
            return Err(ChartError::Invalid {
                option: "hue_norm",
                message: format!(
                    "'{name}' is a text column; hue_norm sets the colormap's range for a numeric hue"
                ),
            });
        }
        let grouped = Levels::of_text(labels, order);
        check_level_count(name, grouped.labels.len(), "levels")?;
        if grouped.labels.is_empty() {
            return Err(nothing_to_colour(name));
        }
        let Levels {
            labels: levels,
            level_of,
            present,
            ..
        } = grouped;
        let (colors, warning) = level_colors(name, &levels, None, palette)?;
        Ok(Hue {
            name: name.to_owned(),
            levels,
            level_of,
            present,
            colors,
            scale: None,
            warning,
            saturation: 1.0,
        })
    }

    /// The grouping by a numeric column, as seaborn maps a numeric hue:
    /// its distinct values are the levels, sorted (or `order`'s values, in
    /// its order); coloured on a continuous colormap from the column's
    /// least to its greatest value (cubehelix by default, or the palette's
    /// map), or as categories when the palette is qualitative (`deep`,
    /// `tab10`, …). A true/false column is always categorical.
    fn numeric(
        column: &Column,
        order: Option<&[String]>,
        palette: Option<&Palette>,
        norm: Option<(f64, f64)>,
    ) -> Result<Hue, ChartError> {
        let name = column.name();
        let values = column.values();
        let grouped = Levels::of_numbers(column, order, "hue_order")?;
        check_level_count(name, grouped.labels.len(), "distinct values")?;
        if grouped.labels.is_empty() {
            return Err(nothing_to_colour(name));
        }
        let Levels {
            labels,
            numbers: levels,
            level_of,
            present,
            kind,
            whole,
        } = grouped;
        // A list or levels' colours make the values categories, as a
        // qualitative palette does.
        let cmap = match (kind, palette) {
            (ColumnKind::Bool, _) | (_, Some(Palette::Colors(_) | Palette::Levels(_))) => None,
            (_, None | Some(Palette::Name(_))) => hue_colormap(palette.and_then(Palette::name))
                .map_err(|e| ChartError::Invalid {
                    option: "palette",
                    message: e.to_string(),
                })?,
        };
        let Some(cmap) = cmap else {
            let (colors, warning) = level_colors(name, &labels, Some(&levels), palette)?;
            return Ok(Hue {
                name: name.to_owned(),
                colors,
                levels: labels,
                level_of,
                present,
                scale: None,
                warning,
                saturation: 1.0,
            });
        };
        // matplotlib's Normalize: `hue_norm`, or scaled on every value of
        // the column.
        let (lo, hi) = values
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let scale = Scale {
            cmap,
            norm: norm.unwrap_or((lo, hi)),
            lo,
            hi,
            int: whole,
        };
        Ok(Hue {
            name: name.to_owned(),
            colors: levels.iter().map(|&l| scale.color(l)).collect(),
            levels: labels,
            level_of,
            present,
            scale: Some(scale),
            warning: None,
            saturation: 1.0,
        })
    }

    /// The legend's entries, label and colour: every level, or when
    /// `brief` and a numeric hue on a colormap has more than six values,
    /// seaborn's brief legend: round values across the column's range
    /// (`MaxNLocator(6)`, whole numbers for a whole-number column).
    pub(crate) fn entries(&self, brief: bool) -> Vec<(String, Color)> {
        match &self.scale {
            Some(scale) if brief && self.levels.len() > BRIEF_TICKS => scale
                .brief()
                .into_iter()
                .map(|(label, c)| (label, plotmill_scene::desaturate(c, self.saturation)))
                .collect(),
            _ => self
                .levels
                .iter()
                .enumerate()
                .map(|(k, name)| (name.clone(), self.colors[k % self.colors.len().max(1)]))
                .collect(),
        }
    }
}

/// The most values a numeric hue's legend lists in full where seaborn's
/// legends can be brief (scatter plots).
pub(crate) const BRIEF_TICKS: usize = 6;

/// A numeric hue's continuous colouring.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scale {
    cmap: Colormap,
    /// The values at the colormap's ends (`hue_norm`, or `lo` and `hi`).
    norm: (f64, f64),
    /// The column's least and greatest values (a brief legend's range).
    lo: f64,
    hi: f64,
    /// Whether the column holds whole numbers.
    int: bool,
}

impl Scale {
    /// The colour of value `v`: matplotlib's `cmap(Normalize(*norm)(v))`
    /// (beyond the range, the map's ends).
    fn color(&self, v: f64) -> Color {
        let (lo, hi) = self.norm;
        let x = if lo == hi { 0.0 } else { (v - lo) / (hi - lo) };
        self.cmap.color(x)
    }

    /// seaborn's brief legend: [`brief_levels`] of the column's range,
    /// each in its colour.
    fn brief(&self) -> Vec<(String, Color)> {
        brief_levels(self.lo, self.hi, self.int)
            .into_iter()
            .map(|(t, label)| (label, self.color(t)))
            .collect()
    }
}

/// seaborn's brief legend of a numeric variable from `lo` to `hi`
/// (`locator_to_legend_entries`): the values `MaxNLocator(nbins=6)` puts
/// on the range, truncated to whole numbers for a whole-number column
/// (`int`), those inside the range, each labelled as a `ScalarFormatter`
/// without offset or power of ten labels it.
pub(crate) fn brief_levels(lo: f64, hi: f64, int: bool) -> Vec<(f64, String)> {
    let ticks: Vec<f64> = crate::ticks::max_n_tick_values(lo, hi, BRIEF_TICKS)
        .into_iter()
        .map(|t| if int { t.trunc() } else { t })
        .filter(|&t| t >= lo && t <= hi)
        .collect();
    let format = crate::ticks::ScalarFormatter::plain_in(&ticks, (lo, hi));
    ticks.iter().map(|&t| (t, format.label(t))).collect()
}

/// A column's rows grouped by its values, as seaborn orders a variable's
/// levels (`categorical_order`): a text column's in order of first
/// appearance, a numeric column's distinct values sorted, or `order`'s.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Levels {
    /// Each level as pandas prints it.
    pub(crate) labels: Vec<String>,
    /// A numeric column's levels as numbers (empty for text).
    pub(crate) numbers: Vec<f64>,
    /// Each row's level, `None` when missing or not in `order`.
    pub(crate) level_of: Vec<Option<usize>>,
    /// Whether each row has a value at all.
    pub(crate) present: Vec<bool>,
    /// A numeric column's kind (`Float` for whole numbers with a gap, as
    /// pandas reads them).
    pub(crate) kind: ColumnKind,
    /// A numeric column of whole numbers without gaps.
    pub(crate) whole: bool,
}

impl Levels {
    /// The levels of text column `labels`, in order of first appearance or
    /// `order`'s (levels not in the column are kept, with no rows).
    pub(crate) fn of_text(labels: &Labels, order: Option<&[String]>) -> Levels {
        let levels: Vec<String> = match order {
            Some(order) => order.to_vec(),
            None => labels.levels().to_vec(),
        };
        // Each of the column's levels (there may be many more than are
        // drawn) to its place in `levels`.
        let index: std::collections::HashMap<&str, usize> = levels
            .iter()
            .enumerate()
            .rev()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let place: Vec<Option<usize>> = labels
            .levels()
            .iter()
            .map(|l| index.get(l.as_str()).copied())
            .collect();
        let level_of = labels
            .codes()
            .iter()
            .map(|&c| place.get(c as usize).copied().flatten())
            .collect();
        let present = labels
            .codes()
            .iter()
            .map(|&c| c != Labels::MISSING)
            .collect();
        Levels {
            labels: levels,
            numbers: Vec::new(),
            level_of,
            present,
            kind: ColumnKind::Float,
            whole: false,
        }
    }

    /// The levels of numeric `column`: its distinct values sorted, or
    /// `order`'s values (named by `option` when one is not a number).
    pub(crate) fn of_numbers(
        column: &Column,
        order: Option<&[String]>,
        option: &'static str,
    ) -> Result<Levels, ChartError> {
        let name = column.name();
        let values = column.values();
        let kind = column.kind();
        // -0.0 is the value 0.0, as pandas finds distinct values.
        let key = |v: f64| if v == 0.0 { 0.0f64 } else { v }.to_bits();
        let levels: Vec<f64> = match order {
            Some(order) => order
                .iter()
                .map(|level| {
                    level.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
                        ChartError::Invalid {
                            option,
                            message: format!(
                                "'{level}' is not a number, and '{name}' is a numeric column; list its values, such as {}",
                                level_label(kind, values.iter().copied().find(|v| v.is_finite()).unwrap_or(0.0))
                            ),
                        }
                    })
                })
                .collect::<Result<_, _>>()?,
            None => {
                let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
                sorted.sort_unstable_by(f64::total_cmp);
                sorted.dedup_by(|a, b| a == b);
                sorted
            }
        };
        let index: std::collections::HashMap<u64, usize> = levels
            .iter()
            .enumerate()
            .rev()
            .map(|(i, &l)| (key(l), i))
            .collect();
        let level_of = values
            .iter()
            .map(|&v| {
                if v.is_finite() {
                    index.get(&key(v)).copied()
                } else {
                    None
                }
            })
            .collect();
        let present = values.iter().map(|v| v.is_finite()).collect();
        // pandas reads whole numbers with a gap as floats (`2007.0`).
        let whole = kind == ColumnKind::Int && values.iter().all(|v| !v.is_nan());
        let kind = match kind {
            ColumnKind::Int if !whole => ColumnKind::Float,
            kind => kind,
        };
        let labels = levels.iter().map(|&l| level_label(kind, l)).collect();
        Ok(Levels {
            labels,
            numbers: levels,
            level_of,
            present,
            kind,
            whole,
        })
    }
}

/// A level of a numeric hue as pandas shows it: whole numbers without a
/// fraction for an integer column, Python's `repr` for floats, `True` and
/// `False` for a true/false column.
pub(crate) fn level_label(kind: ColumnKind, v: f64) -> String {
    match kind {
        ColumnKind::Bool => if v != 0.0 { "True" } else { "False" }.to_owned(),
        ColumnKind::Int if v.abs() < 1e18 => format!("{}", v as i64),
        _ => plotmill_data::py_repr(v),
    }
}

/// The error for a hue column with no values at all.
fn nothing_to_colour(name: &str) -> ChartError {
    ChartError::Invalid {
        option: "hue",
        message: format!(
            "'{name}' has no values to colour by (every row is missing it); colour by another column, or draw without a hue"
        ),
    }
}

/// An error when a hue has more levels than a chart colours apart.
fn check_level_count(name: &str, n: usize, what: &str) -> Result<(), ChartError> {
    if n > MAX_LEVELS {
        return Err(ChartError::Invalid {
            option: "hue",
            message: format!(
                "'{name}' has {n} {what}, more than the {MAX_LEVELS} a chart colours apart (its legend alone would not fit); give hue_order to choose the levels, or colour by a column with fewer"
            ),
        });
    }
    Ok(())
}

/// The colours of a hue's levels (`labels`; a numeric hue's `values`
/// beside them) from `palette`, and a warning when levels share a colour
/// because the palette has fewer than there are levels, or when a list
/// has more colours than levels (seaborn warns of both).
fn level_colors(
    hue: &str,
    labels: &[String],
    values: Option<&[f64]>,
    palette: Option<&Palette>,
) -> Result<(Vec<Color>, Option<String>), ChartError> {
    let n = labels.len();
    let invalid = |message: String| ChartError::Invalid {
        option: "palette",
        message,
    };
    let fewer = |what: String, k: usize| {
        format!(
            "{what} has {k} colours for the {n} levels of '{hue}', so they repeat and some levels look alike; give a palette with more (husl, or a colormap such as viridis), or fewer levels with hue_order"
        )
    };
    match palette {
        None | Some(Palette::Name(_)) => {
            let name = palette.and_then(Palette::name);
            let colors = categorical_palette(name, n).map_err(|e| invalid(e.to_string()))?;
            let warning = match (name, plotmill_scene::distinct_colors(name)) {
                (Some(name), Some(k)) if k < n => Some(fewer(format!("palette '{name}'"), k)),
                _ => None,
            };
            Ok((colors, warning))
        }
        Some(Palette::Colors(list)) => {
            let k = list.len();
            if k == 0 {
                return Err(invalid("the list of colours is empty".to_owned()));
            }
            let warning = match k.cmp(&n) {
                std::cmp::Ordering::Less => Some(fewer("the palette list".to_owned(), k)),
                std::cmp::Ordering::Greater => Some(format!(
                    "the palette list has {k} colours for the {n} levels of '{hue}'; the first {n} are used"
                )),
                std::cmp::Ordering::Equal => None,
            };
            let colors = (0..n).map(|i| list[i % k]).collect();
            Ok((colors, warning))
        }
        Some(Palette::Levels(by_level)) => {
            // A level's colour by its label, or for a numeric hue by a key
            // of the same value (`2007.0` for 2007).
            let find = |i: usize| {
                by_level.get(&labels[i]).copied().or_else(|| {
                    let v = values?.get(i)?;
                    by_level
                        .iter()
                        .find(|(k, _)| k.trim().parse::<f64>().ok() == Some(*v))
                        .map(|(_, c)| *c)
                })
            };
            let colors: Vec<Option<Color>> = (0..n).map(find).collect();
            let missing: Vec<String> = colors
                .iter()
                .zip(labels)
                .filter(|(c, _)| c.is_none())
                .map(|(_, l)| format!("'{l}'"))
                .collect();
            if !missing.is_empty() {
                // A few of each list: a hue may have hundreds of levels.
                let few = |names: Vec<String>| {
                    let more = names.len().saturating_sub(8);
                    let mut shown = names.into_iter().take(8).collect::<Vec<_>>().join(", ");
                    if more > 0 {
                        shown.push_str(&format!(" and {more} more"));
                    }
                    shown
                };
                let given = few(by_level.keys().cloned().collect());
                return Err(invalid(format!(
                    "no colour for {} of '{hue}' (the palette gives {given}); give every level drawn a colour, or leave levels out with hue_order",
                    few(missing)
                )));
            }
            Ok((colors.into_iter().flatten().collect(), None))
        }
    }
}

impl Hue {
    /// The grouping by column `name` when one is asked for (see
    /// [`Hue::of`]).
    pub(crate) fn optional(
        table: &Table,
        name: Option<&str>,
        order: Option<&[String]>,
        palette: Option<&Palette>,
        norm: Option<(f64, f64)>,
    ) -> Result<Option<Hue>, ChartError> {
        name.map(|h| Hue::of(table, h, order, palette, norm))
            .transpose()
    }
}

/// What every chart of one column by a hue has: the column, the hue and
/// its colours, the figure, the y axis' label.
pub(crate) struct OneColumn<'a> {
    pub(crate) x: &'a str,
    pub(crate) hue: Option<&'a str>,
    pub(crate) hue_order: Option<&'a [String]>,
    pub(crate) palette: Option<&'a Palette>,
    pub(crate) hue_norm: Option<(f64, f64)>,
    pub(crate) figsize: (f64, f64),
    pub(crate) layout: crate::Layout,
    pub(crate) title: Option<&'a str>,
    pub(crate) ylabel: &'a str,
}

impl OneColumn<'_> {
    /// The chart of one axes that `draw` fills from the column's values
    /// and the hue, labelled by the column and `ylabel`.
    pub(crate) fn chart(
        &self,
        table: &Table,
        fonts: plotmill_text::Fonts<'_>,
        draw: impl FnOnce(&mut Axes, &[f64], Option<&Hue>) -> Result<(), ChartError>,
    ) -> Result<crate::Chart, ChartError> {
        let x = numeric_column(table, "x", self.x)?;
        let hue = Hue::optional(table, self.hue, self.hue_order, self.palette, self.hue_norm)?;
        let mut fig = crate::compose::Figure::new(self.figsize);
        fig.layout = self.layout;
        let ax = fig.axes_mut(0, 0).ok_or(ChartError::Invalid {
            option: "figsize",
            message: "no axes".to_owned(),
        })?;
        draw(ax, x, hue.as_ref())?;
        ax.xlabel = self.x.to_owned();
        ax.ylabel = self.ylabel.to_owned();
        ax.title = self.title.map(str::to_owned);
        let mut chart = fig.build(fonts)?;
        chart.warnings.extend(hue.and_then(|h| h.warning));
        Ok(chart)
    }
}

/// Checks a numeric hue's colormap range (`hue_norm`): two finite
/// values, the first below the second.
pub(crate) fn check_norm(norm: Option<(f64, f64)>) -> Result<(), ChartError> {
    match norm {
        Some((lo, hi)) if !(lo.is_finite() && hi.is_finite() && lo < hi) => {
            Err(ChartError::Invalid {
                option: "hue_norm",
                message: format!(
                    "({lo}, {hi}) is not a range; give LOW,HIGH with LOW below HIGH, such as 2007,2009"
                ),
            })
        }
        _ => Ok(()),
    }
}

/// Checks a palette given for a hue (`palette`).
pub(crate) fn check_palette(palette: Option<&Palette>) -> Result<(), ChartError> {
    match palette {
        Some(p) => p.check().map_err(|message| ChartError::Invalid {
            option: "palette",
            message,
        }),
        None => Ok(()),
    }
}

/// The finite values of `x` by hue level (one group without a hue), and
/// all the values a chart bins and normalises over: every row with a hue
/// value, levels left out of `hue_order` included, as seaborn counts them.
pub(crate) fn split(x: &[f64], hue: Option<&Hue>) -> (Vec<Vec<f64>>, Vec<f64>) {
    let Some(h) = hue else {
        let v: Vec<f64> = x.iter().copied().filter(|v| v.is_finite()).collect();
        return (vec![v.clone()], v);
    };
    let mut groups = vec![Vec::new(); h.levels.len()];
    let mut all = Vec::new();
    for ((&v, level), &present) in x.iter().zip(&h.level_of).zip(&h.present) {
        if !v.is_finite() || !present {
            continue;
        }
        all.push(v);
        if let Some(l) = level {
            groups[*l].push(v);
        }
    }
    (groups, all)
}

/// Pairs of values by hue level (one group without a hue), and every pair
/// a bivariate chart bins and normalises over: the rows with both values
/// finite and a hue value, levels left out of `hue_order` included.
pub(crate) type Pairs = (Vec<f64>, Vec<f64>);

/// The pairs (x, y) by level, and all of them (see [`Pairs`]).
pub(crate) fn split_pairs(x: &[f64], y: &[f64], hue: Option<&Hue>) -> (Vec<Pairs>, Pairs) {
    let levels = hue.map_or(1, |h| h.levels.len());
    let mut groups: Vec<Pairs> = vec![(Vec::new(), Vec::new()); levels];
    let (mut all_x, mut all_y) = (Vec::new(), Vec::new());
    for (k, (&a, &b)) in x.iter().zip(y).enumerate() {
        if !(a.is_finite() && b.is_finite()) {
            continue;
        }
        let level = match hue {
            Some(h) if !h.present[k] => continue,
            Some(h) => h.level_of[k],
            None => Some(0),
        };
        all_x.push(a);
        all_y.push(b);
        if let Some(l) = level {
            groups[l].0.push(a);
            groups[l].1.push(b);
        }
    }
    (groups, (all_x, all_y))
}

/// The outline of a legend patch.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Edge {
    /// matplotlib's patch edge colour (black: bars, stacks).
    Black,
    /// The level's colour at this opacity.
    Level(f64),
    /// This colour (a box plot's line colour).
    Color(Color),
    /// No outline (matplotlib's filled bars).
    None,
}

/// What a hue's legend shows for each level.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A patch: the level's colour at opacity `alpha` (0: no fill) and an
    /// outline `width` points wide.
    Patch { alpha: f64, edge: Edge, width: f64 },
    /// A line of the level's colour at this opacity and width.
    Line { alpha: f64, width: f64 },
    /// A line of the level's colour `width` wide with a marker (a point
    /// plot's).
    LineMarker { width: f64, marker: PointMarker },
    /// A scatter's marker of the level's colour at this opacity, `size`
    /// points² with its outline (a numeric hue's legend is then brief, as
    /// seaborn's scatter legends are).
    Marker {
        alpha: f64,
        size: f64,
        edge: Option<Stroke>,
    },
}

/// A legend of the hue's levels in order, titled by the hue (seaborn's),
/// carried by artists that draw nothing.
pub(crate) fn legend(ax: &mut Axes, hue: &Hue, swatch: Swatch) {
    let brief = matches!(swatch, Swatch::Marker { .. });
    legend_with(ax, hue, swatch, brief);
}

/// As [`legend`], brief for a numeric hue of many values when `brief`
/// (seaborn's categorical and relational charts' `legend="auto"`).
pub(crate) fn legend_with(ax: &mut Axes, hue: &Hue, swatch: Swatch, brief: bool) {
    handles_with(ax, hue, swatch, brief);
    ax.legend = Some(Legend {
        title: Some(hue.name.clone()),
        ..Legend::default()
    });
}

/// The hue legend's handles, as artists of `ax` that draw nothing: every
/// level, or a brief legend of markers for a numeric hue (see
/// [`Hue::entries`]).
pub(crate) fn handles(ax: &mut Axes, hue: &Hue, swatch: Swatch) {
    handles_with(ax, hue, swatch, matches!(swatch, Swatch::Marker { .. }));
}

/// The hue legend's handles, brief for a numeric hue when `brief`.
fn handles_with(ax: &mut Axes, hue: &Hue, swatch: Swatch, brief: bool) {
    for (label, color) in hue.entries(brief) {
        match swatch {
            Swatch::Patch { alpha, edge, width } => ax.artists.push(Artist::Bars {
                x: Vec::new(),
                heights: Vec::new(),
                bottom: Vec::new(),
                width: 1.0,
                horizontal: false,
                widths: Vec::new(),
                color: color.with_alpha(alpha * color.a),
                edge: match edge {
                    Edge::Black => Some(Color::BLACK),
                    Edge::Level(a) => Some(color.with_alpha(a * color.a)),
                    Edge::Color(c) => Some(c),
                    Edge::None => None,
                }
                .map(|color| Stroke { width, color }),
                label,
            }),
            Swatch::Line { alpha, width } => {
                let style = LineStyle {
                    color: color.with_alpha(alpha),
                    width,
                    dashes: Dashes::SOLID,
                    cap: Cap::Projecting,
                };
                ax.plot(Vec::new(), Vec::new(), style, &label);
            }
            Swatch::LineMarker { width, marker } => ax.artists.push(Artist::MarkedLine {
                x: Vec::new(),
                y: Vec::new(),
                style: LineStyle {
                    color,
                    width,
                    dashes: Dashes::SOLID,
                    cap: Cap::Projecting,
                },
                marker,
                label,
            }),
            Swatch::Marker { alpha, size, edge } => ax.artists.push(Artist::Scatter {
                x: Vec::new(),
                y: Vec::new(),
                color: color.with_alpha(alpha * color.a),
                colors: Vec::new(),
                size,
                edge,
                label,
            }),
        }
    }
}
