//! Grouping rows by a `hue` column, as seaborn's hue mapping does for a
//! text column: its levels in order of first appearance (or `hue_order`),
//! rows whose level is missing (or not in `hue_order`) left out, one
//! colour per level from the palette.

use plotmill_data::{Labels, Table};
use plotmill_scene::{Color, Stroke, categorical_palette};

use crate::ChartError;
use crate::compose::{Artist, Axes, Legend};
use crate::line::LineStyle;

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
        palette: Option<&str>,
    ) -> Result<Hue, ChartError> {
        let invalid = |message: String| ChartError::Invalid {
            option: "hue",
            message,
        };
        if table.column(name).is_some() {
            return Err(invalid(format!(
                "'{name}' is numeric; plotmill colours by a text column (a numeric hue on a continuous colormap, as seaborn draws it, is not supported yet)"
            )));
        }
        let Some(labels) = table.labels(name) else {
            let mut text: Vec<&str> = table.text_columns().iter().map(String::as_str).collect();
            if text.is_empty() {
                return Err(invalid(format!(
                    "no column '{name}'; the data has no text column to colour by"
                )));
            }
            let near = suggest(name, &text);
            text.sort_unstable();
            return Err(invalid(format!(
                "no text column '{name}' (the text columns are {}){near}",
                text.join(", ")
            )));
        };
        let levels: Vec<String> = match order {
            Some(order) => order.to_vec(),
            None => labels.levels().to_vec(),
        };
        if levels.len() > MAX_LEVELS {
            return Err(invalid(format!(
                "'{name}' has {} levels, more than the {MAX_LEVELS} a chart colours apart (its legend alone would not fit); give hue_order to choose the levels, or colour by a column with fewer",
                levels.len()
            )));
        }
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
        let colors =
            categorical_palette(palette, levels.len()).map_err(|e| ChartError::Invalid {
                option: "palette",
                message: e.to_string(),
            })?;
        let present = labels
            .codes()
            .iter()
            .map(|&c| c != Labels::MISSING)
            .collect();
        Ok(Hue {
            name: name.to_owned(),
            levels,
            level_of,
            present,
            colors,
        })
    }
}

impl Hue {
    /// The grouping by column `name` when one is asked for (see
    /// [`Hue::of`]).
    pub(crate) fn optional(
        table: &Table,
        name: Option<&str>,
        order: Option<&[String]>,
        palette: Option<&str>,
    ) -> Result<Option<Hue>, ChartError> {
        name.map(|h| Hue::of(table, h, order, palette)).transpose()
    }
}

/// What every chart of one column by a hue has: the column, the hue and
/// its colours, the figure, the y axis' label.
pub(crate) struct OneColumn<'a> {
    pub(crate) x: &'a str,
    pub(crate) hue: Option<&'a str>,
    pub(crate) hue_order: Option<&'a [String]>,
    pub(crate) palette: Option<&'a str>,
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
        fonts: &plotmill_text::FontBook,
        draw: impl FnOnce(&mut Axes, &[f64], Option<&Hue>) -> Result<(), ChartError>,
    ) -> Result<crate::Chart, ChartError> {
        let x = numeric_column(table, "x", self.x)?;
        let hue = Hue::optional(table, self.hue, self.hue_order, self.palette)?;
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
        fig.build(fonts)
    }
}

/// Checks a palette name given for a hue (`palette`).
pub(crate) fn check_palette(palette: Option<&str>) -> Result<(), ChartError> {
    match palette {
        Some(p) => plotmill_scene::check_palette(p).map_err(|e| ChartError::Invalid {
            option: "palette",
            message: e.to_string(),
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
}

/// What a hue's legend shows for each level.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A patch: the level's colour at opacity `alpha` (0: no fill) and an
    /// outline `width` points wide.
    Patch { alpha: f64, edge: Edge, width: f64 },
    /// A line of the level's colour at this opacity and width.
    Line { alpha: f64, width: f64 },
}

/// A legend of the hue's levels in order, titled by the hue (seaborn's),
/// carried by artists that draw nothing.
pub(crate) fn legend(ax: &mut Axes, hue: &Hue, swatch: Swatch) {
    for (level, name) in hue.levels.iter().enumerate() {
        let color = hue.colors[level % hue.colors.len().max(1)];
        match swatch {
            Swatch::Patch { alpha, edge, width } => ax.artists.push(Artist::Bars {
                x: Vec::new(),
                heights: Vec::new(),
                bottom: Vec::new(),
                width: 1.0,
                widths: Vec::new(),
                color: color.with_alpha(alpha * color.a),
                edge: Some(Stroke {
                    width,
                    color: match edge {
                        Edge::Black => Color::BLACK,
                        Edge::Level(a) => color.with_alpha(a * color.a),
                    },
                }),
                label: name.clone(),
            }),
            Swatch::Line { alpha, width } => {
                let style = LineStyle {
                    color: color.with_alpha(alpha),
                    width,
                    dashed: false,
                };
                ax.plot(Vec::new(), Vec::new(), style, name);
            }
        }
    }
    ax.legend = Some(Legend {
        title: Some(hue.name.clone()),
        ..Legend::default()
    });
}
