//! The scatter matrix, as the service drew it with matplotlib.

use std::sync::Arc;

use plotmill_data::stats::bins::{self, Bins};
use plotmill_data::stats::kde::{Bandwidth, Kde};
use plotmill_data::{Column, SharedValues, Table};
use plotmill_scene::{Cap, Centers, Color, Coordinates, Item, Marker, Point, Rect, Stroke};
use plotmill_text::Fonts;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::axis::{Axis, Side};
use crate::figure::{
    self, Axes, AxesRole, C0, Drawn, FONT_SIZE, Figure, LABEL_PAD, SPINE_WIDTH, SubplotParams,
};
use crate::layout::{self, Layout};
use crate::legible::{Legibility, TextRole};
use crate::text::{HAlign, Label, LineBox, VAlign};
use crate::{Chart, ChartError};

/// What the diagonal panels show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Diagonal {
    /// The column against itself (what the service drew).
    #[default]
    Scatter,
    /// A histogram of the column (10 bins, as pandas' `scatter_matrix`).
    Hist,
    /// A Gaussian kernel density estimate (Scott's bandwidth, as pandas'
    /// `scatter_matrix(diagonal="kde")`).
    Kde,
}

/// How to draw a scatter matrix; the defaults are the service's chart.
/// This is also the scatter matrix's part of a
/// [`ChartSpec`](crate::ChartSpec): the field names are the spec's, and
/// what a spec leaves out has these defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScatterMatrixOptions {
    /// What the diagonal panels show. Default: scatter.
    pub diagonal: Diagonal,
    /// Marker area in points² (matplotlib's `s`). Default: 3.
    pub marker_size: f64,
    /// Marker opacity, 0 to 1. Default: 0.5.
    pub alpha: f64,
    /// Marker color. Default: black.
    pub color: Color,
    /// Figure size in inches, [width, height]. Default: 12 × 8.
    pub figsize: (f64, f64),
    /// Where the grid goes: `none` (matplotlib's fixed margins), `tight`
    /// or `constrained` (moved so that every name and tick label is on the
    /// page). Default: none.
    pub layout: Layout,
    /// A title above the grid. Default: none.
    pub title: Option<String>,
    /// Tick marks and labels on the outer panels (pandas' scatter_matrix
    /// shows them; the service hid them). Default: false.
    pub ticks: bool,
    /// The most columns drawn before it is an error. Default: 50.
    pub max_columns: usize,
}

impl Default for ScatterMatrixOptions {
    fn default() -> Self {
        ScatterMatrixOptions {
            diagonal: Diagonal::Scatter,
            marker_size: 3.0,
            alpha: 0.5,
            color: Color::BLACK,
            figsize: (12.0, 8.0),
            layout: Layout::None,
            title: None,
            ticks: false,
            max_columns: 50,
        }
    }
}

/// A data column as marker coordinates, shared rather than copied.
#[derive(Debug)]
struct SharedColumn(Arc<dyn SharedValues>);

impl Coordinates for SharedColumn {
    fn values(&self) -> &[f64] {
        self.0.values()
    }
}

/// Builds the scatter matrix of the table's numeric columns.
pub fn scatter_matrix<'f>(
    table: &Table,
    options: &ScatterMatrixOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    options.validate()?;
    let columns = table.columns();
    let n = columns.len();
    if n == 0 {
        return Err(ChartError::NoColumns(table.text_columns().to_vec()));
    }
    if n > options.max_columns {
        return Err(ChartError::TooManyColumns {
            found: n,
            max: options.max_columns,
        });
    }
    let shared: Vec<Arc<dyn Coordinates>> = columns
        .iter()
        .map(|c| Arc::new(SharedColumn(c.share())) as Arc<dyn Coordinates>)
        .collect();
    // One pass per column: its limits, and whether every row has a value.
    let (limits, complete): (Vec<(f64, f64)>, Vec<bool>) = columns
        .iter()
        .map(|c| {
            let (range, complete) = figure::range_and_complete(c.values());
            (figure::margins(range), complete)
        })
        .unzip();
    // Each panel is scaled to the points it draws, as matplotlib scales a
    // scatter plot: the rows where both columns have a value. A panel of
    // two complete columns takes their limits with no further pass; the
    // others are found once, row by row, for drawing and ticks alike.
    let panels: Vec<Limits> = (0..n * n)
        .map(|k| {
            let (i, j) = (k / n, k % n);
            if i == j || (complete[i] && complete[j]) {
                return (limits[j], limits[i]);
            }
            let (x, y) = figure::paired_ranges(columns[j].values(), columns[i].values());
            (figure::margins(x), figure::margins(y))
        })
        .collect();
    let diagonals = columns
        .iter()
        .map(|c| Diag::of(options.diagonal, c.values()))
        .collect();
    let grid = Grid {
        options,
        columns,
        shared,
        panels,
        diagonals,
    };
    layout::draw(options.layout, |params| Ok(grid.draw(fonts, params)))
}

/// A scatter matrix with its columns read and each panel's limits found:
/// what it draws wherever its axes go.
struct Grid<'a> {
    options: &'a ScatterMatrixOptions,
    columns: &'a [Column],
    /// The columns as marker coordinates, read in place.
    shared: Vec<Arc<dyn Coordinates>>,
    /// Each panel's x and y limits, row by row.
    panels: Vec<Limits>,
    /// What each diagonal panel shows, when it is not points.
    diagonals: Vec<Diag>,
}

impl Grid<'_> {
    /// Panel (i, j)'s x and y limits.
    fn panel_limits(&self, i: usize, j: usize) -> Limits {
        self.panels[i * self.columns.len() + j]
    }

    /// The chart with its grid inside `params`.
    fn draw(&self, fonts: Fonts<'_>, params: SubplotParams) -> Drawn {
        let (options, columns) = (self.options, self.columns);
        let n = columns.len();
        let mut fig = Figure::new(fonts, options.figsize, params);
        let area = fig.area();
        let (cols, rows) = fig.grid(&vec![1.0; n], &vec![1.0; n], 0.1, 0.1);
        // Labels shrink when many columns crowd the grid.
        let size = label_size(cols[0].1, n);
        let line = LineBox::new(fonts, size);
        self.panels(&mut fig, &cols, &rows);
        // Axis labels rotate about their anchor (matplotlib's rotation_mode
        // "anchor" for axis labels).
        let text_label = |text, at, ha, va, angle| Label {
            rotate_about_anchor: true,
            ..Label::new(text, size, at, ha, va, angle)
        };
        // Outer tick marks and labels, as pandas' scatter_matrix shows them.
        let labels_from = fig.text_boxes().len();
        let (mut below, mut left_of) = (0.0f64, 0.0f64);
        if options.ticks {
            // pandas labels the first row's y axis itself when the diagonal
            // is a histogram or a density (that panel's own y axis is
            // counts): the tick values as they are, with no offset text.
            let plain_first_row = options.diagonal != Diagonal::Scatter;
            (below, left_of) = outer_ticks(&mut fig, size, n, plain_first_row);
        }
        // Column names under the bottom row, and left of the first column
        // (horizontal, labelpad 15 pt, bottom on the panel's middle).
        let bottom = rows[n - 1].0 + rows[n - 1].1;
        let vertical = n > 12;
        let mut legible = Legibility::default();
        legible.size(TextRole::ColumnNames, size, cols[0].1 / 4.0);
        let page = fig.page();
        let grid = Rect::new(
            cols[0].0,
            rows[0].0,
            cols[n - 1].0 + cols[n - 1].1 - cols[0].0,
            bottom - rows[0].0,
        );
        let (mut below_names, mut left_names) = (Vec::new(), Vec::new());
        for (j, &(left, width)) in cols.iter().enumerate() {
            let at = Point::new(left + width / 2.0, bottom + below + LABEL_PAD);
            let l = if vertical {
                text_label(columns[j].name(), at, HAlign::Right, VAlign::Center, 90.0)
            } else {
                text_label(columns[j].name(), at, HAlign::Center, VAlign::Top, 0.0)
            };
            fig.text_of((n - 1, j), line, &l);
            below_names.push(fig.last_ink());
        }
        for (i, &(top, height)) in rows.iter().enumerate() {
            // Beside tick labels a name ends at their left, centred on the
            // row; without them it hangs as the service set it (labelpad
            // 15 pt).
            let l = if options.ticks {
                let at = Point::new(cols[0].0 - left_of - LABEL_PAD, top + height / 2.0);
                text_label(columns[i].name(), at, HAlign::Right, VAlign::Center, 0.0)
            } else {
                let at = Point::new(cols[0].0 - 15.0, top + height / 2.0);
                text_label(columns[i].name(), at, HAlign::Center, VAlign::Bottom, 0.0)
            };
            fig.text_of((i, 0), line, &l);
            left_names.push(fig.last_ink());
        }
        if let Some(title) = &options.title {
            fig.title(title, area);
        }
        for names in [&below_names, &left_names] {
            legible.labels(TextRole::ColumnNames, names, grid, page);
        }
        // Tick labels and offset texts of neighbouring panels, and the
        // names, must keep clear of each other too.
        if options.ticks {
            legible.apart(TextRole::TickLabels, &fig.text_inks()[labels_from..]);
        }
        fig.finish(legible.finish())
    }

    /// Every panel: its points (or the diagonal's histogram or density)
    /// and its frame.
    fn panels(&self, fig: &mut Figure<'_>, cols: &[Span], rows: &[Span]) {
        let options = self.options;
        let fill = options.color.with_alpha(options.alpha * options.color.a);
        // matplotlib's scatter draws markers of diameter sqrt(s), edged in
        // their own color with patch.linewidth (1 pt).
        let radius = options.marker_size.sqrt() / 2.0;
        let frame = Stroke {
            width: SPINE_WIDTH,
            color: Color::BLACK,
        };
        for (i, &(top, height)) in rows.iter().enumerate() {
            for (j, &(left, width)) in cols.iter().enumerate() {
                let rect = Rect::new(left, top, width, height);
                let (xlim, ylim) = self.panel_limits(i, j);
                let axes = Axes { rect, xlim, ylim };
                fig.add_axes(AxesRole::Plot, &axes);
                if i == j && options.diagonal != Diagonal::Scatter {
                    self.diagonals[i].draw(fig, rect);
                } else {
                    // Read in place from the data: no per-row memory here.
                    let centers = Centers::Columns {
                        xs: Arc::clone(&self.shared[j]),
                        ys: Arc::clone(&self.shared[i]),
                        x: axes.x_map(),
                        y: axes.y_map(),
                    };
                    fig.push(Item::Markers {
                        marker: Marker::Circle {
                            radius,
                            edge: 1.0,
                            edge_color: None,
                        },
                        fill,
                        centers,
                        clip: rect,
                    });
                }
                fig.push(Item::Rect {
                    rect,
                    fill: None,
                    stroke: Some(frame),
                });
            }
        }
    }
}

/// A panel's start and length along one direction, in points; or an
/// axis' limits, in data units.
type Span = (f64, f64);

/// A panel's x and y limits.
type Limits = ((f64, f64), (f64, f64));

/// Tick marks and labels along the bottom row and the left column of the
/// figure's `n` x `n` panels (its first axes, row by row), with
/// matplotlib's tick choice for each panel's limits (pandas stands the x
/// labels upright, so long numbers do not collide). Returns how far the
/// labels reach below the grid and left of it, in points.
fn outer_ticks(fig: &mut Figure<'_>, size: f64, n: usize, plain_first_row: bool) -> (f64, f64) {
    let bottom = fig.axes(n * n - 1).rect.bottom();
    let grid_left = fig.axes(0).rect.x;
    let (mut lowest, mut leftmost) = (bottom, grid_left);
    for j in 0..n {
        let owner = (n - 1) * n + j;
        let axis = Axis {
            rotation: 90.0,
            ..Axis::new(Side::Bottom, fig.axes(owner).xlim, size)
        };
        lowest = lowest.max(axis.draw(fig, owner, Some((n - 1, j))));
    }
    for i in 0..n {
        let owner = i * n;
        // With a histogram or density first panel, pandas labels the first
        // row by its column's values, plain (see `plain_first_row`).
        let axis = Axis {
            plain: i == 0 && plain_first_row,
            ..Axis::new(Side::Left, fig.axes(owner).ylim, size)
        };
        leftmost = leftmost.min(axis.draw(fig, owner, Some((i, 0))));
    }
    (lowest - bottom, grid_left - leftmost)
}

/// 10 pt labels while a panel is wide enough, smaller (to 5 pt) beyond.
fn label_size(panel_width: f64, n: usize) -> f64 {
    if n <= 8 {
        FONT_SIZE
    } else {
        (panel_width / 4.0).clamp(5.0, FONT_SIZE)
    }
}

/// What a diagonal panel shows, found once from its column (drawn as often
/// as a layout draws the chart).
enum Diag {
    /// Nothing to draw (a scatter diagonal has its points; a column with
    /// no finite values has no histogram or density).
    None,
    /// Ten bins' counts.
    Hist([usize; 10]),
    /// A density curve: x and y.
    Kde(Vec<f64>, Vec<f64>),
}

impl Diag {
    fn of(diagonal: Diagonal, values: &[f64]) -> Diag {
        match diagonal {
            Diagonal::Scatter => Diag::None,
            Diagonal::Hist => hist_counts(values).map_or(Diag::None, Diag::Hist),
            Diagonal::Kde => kde_curve(values).map_or(Diag::None, |(x, y)| Diag::Kde(x, y)),
        }
    }

    /// Draws it filling `rect`.
    fn draw(&self, fig: &mut Figure<'_>, rect: Rect) {
        match self {
            Diag::None => {}
            Diag::Hist(counts) => hist(fig, rect, counts),
            Diag::Kde(xs, ys) => kde(fig, rect, xs, ys),
        }
    }
}

/// pandas' scatter_matrix histogram: matplotlib's `hist(bins=10)`, numpy's
/// 10 equal bins over the finite values' range (a single value gets a
/// range of 1 around it).
fn hist_counts(values: &[f64]) -> Option<[usize; 10]> {
    let edges = bins::bin_edges(values, Bins::Count(10), None).ok()?;
    let counts = bins::histogram(values, None, &edges);
    let mut out = [0usize; 10];
    for (o, c) in out.iter_mut().zip(counts) {
        *o = c as usize;
    }
    Some(out)
}

/// A 10-bin histogram filling the panel (pandas' scatter_matrix diagonal).
fn hist(fig: &mut Figure<'_>, rect: Rect, counts: &[usize; 10]) {
    let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.05;
    let bar_w = rect.w / 10.0;
    let cells = counts
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let bh = rect.h * c as f64 / top;
            (
                Rect::new(rect.x + k as f64 * bar_w, rect.bottom() - bh, bar_w, bh),
                C0,
            )
        })
        .collect();
    fig.push(Item::Mesh { cells });
}

/// Points the density curve is evaluated at (pandas uses 1000).
const KDE_POINTS: usize = 1000;

/// The Gaussian kernel density of the column over its range, as pandas'
/// scatter_matrix computes it: scipy's `gaussian_kde` (Scott's bandwidth)
/// at 1000 points from the smallest value to the largest. `None` for
/// fewer than two values or no spread.
fn kde_curve(values: &[f64]) -> Option<(Vec<f64>, Vec<f64>)> {
    let kde = Kde::fit(values, None, Bandwidth::Scott, 1.0).ok()?;
    let xs = kde.support(0.0, (None, None), KDE_POINTS);
    let ys = kde.evaluate(&xs);
    Some((xs, ys))
}

/// The density curve filling the panel: a line in C0, limits with
/// matplotlib's margins.
fn kde(fig: &mut Figure<'_>, rect: Rect, xs: &[f64], ys: &[f64]) {
    let axes = Axes {
        rect,
        xlim: figure::auto_limits(xs),
        ylim: figure::auto_limits(ys),
    };
    // pandas draws it with `plot`: projecting ends, inside the margins.
    fig.push(Item::Line {
        points: xs.iter().zip(ys).map(|(&x, &y)| axes.point(x, y)).collect(),
        stroke: Stroke {
            width: 1.5,
            color: C0,
        },
        cap: Cap::Projecting,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_data::{Column, ColumnKind};
    use plotmill_text::FontBook;

    fn table(n: usize) -> Table {
        let cols = (0..n)
            .map(|c| {
                Column::new(
                    c.to_string(),
                    ColumnKind::Float,
                    (0..4).map(|r| ((r * 7 + c * 3) % 5) as f64).collect(),
                )
            })
            .collect();
        Table::new(4, cols).unwrap()
    }

    #[test]
    fn one_panel_per_pair_and_labels() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let chart = scatter_matrix(&table(4), &ScatterMatrixOptions::default(), fonts).unwrap();
        let panels = chart
            .scene
            .items
            .iter()
            .filter(|i| matches!(i, Item::Markers { .. }))
            .count();
        assert_eq!(panels, 16);
        let labels: Vec<&str> = chart.scene.texts().map(|t| t.text.as_str()).collect();
        assert_eq!(labels, ["0", "1", "2", "3", "0", "1", "2", "3"]);
    }

    #[test]
    fn kde_diagonal_draws_a_curve_in_each_diagonal_panel() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let options = ScatterMatrixOptions {
            diagonal: Diagonal::Kde,
            ..ScatterMatrixOptions::default()
        };
        let chart = scatter_matrix(&table(3), &options, fonts).unwrap();
        let curves: Vec<usize> = chart
            .scene
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Line { points, stroke, .. } if stroke.color == C0 => Some(points.len()),
                _ => None,
            })
            .collect();
        assert_eq!(curves, [KDE_POINTS; 3]);
        let markers = chart
            .scene
            .items
            .iter()
            .filter(|i| matches!(i, Item::Markers { .. }))
            .count();
        assert_eq!(markers, 6);
    }

    #[test]
    fn outer_ticks_label_the_bottom_row_and_left_column() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let options = ScatterMatrixOptions {
            ticks: true,
            ..ScatterMatrixOptions::default()
        };
        let chart = scatter_matrix(&table(2), &options, fonts).unwrap();
        let texts: Vec<(&str, f64)> = chart
            .scene
            .texts()
            .map(|t| (t.text.as_str(), t.angle))
            .collect();
        // Values 0..4 with 5% margins: ticks every 0.5 from 0.0 to 4.0,
        // upright under the bottom row, level left of the first column.
        let upright: Vec<&str> = texts
            .iter()
            .filter(|(_, a)| *a == 90.0)
            .map(|(t, _)| *t)
            .collect();
        assert_eq!(
            upright,
            [
                "0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0"
            ]
            .repeat(2)
        );
        let level = texts
            .iter()
            .filter(|(t, a)| *a == 0.0 && t.contains('.'))
            .count();
        let ticks = chart
            .scene
            .items
            .iter()
            .filter(|i| matches!(i, Item::Line { .. }))
            .count();
        assert_eq!(ticks, upright.len() + level);
    }

    /// Millions and a range far from zero, with ticks: labels relative to
    /// the text at the axis' end, as pandas' scatter_matrix shows them.
    #[test]
    fn outer_ticks_write_large_and_offset_values_as_matplotlib_does() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let t = Table::new(
            4,
            vec![
                Column::new(
                    "money",
                    ColumnKind::Float,
                    vec![-2.5e6, -1.0e6, 0.5e6, 1.5e6],
                ),
                Column::new(
                    "stamp",
                    ColumnKind::Float,
                    vec![100000.0, 100003.0, 100006.0, 100010.0],
                ),
            ],
        )
        .unwrap();
        let draw = |diagonal| {
            let options = ScatterMatrixOptions {
                ticks: true,
                diagonal,
                ..ScatterMatrixOptions::default()
            };
            let chart = scatter_matrix(&t, &options, fonts).unwrap();
            chart
                .scene
                .texts()
                .map(|t| t.text.clone())
                .collect::<Vec<String>>()
        };
        let texts = draw(Diagonal::Scatter);
        let count = |texts: &[String], s: &str| texts.iter().filter(|t| *t == s).count();
        // Each column's x axis and each row's y axis.
        assert_eq!(count(&texts, "1e6"), 2, "{texts:?}");
        assert_eq!(count(&texts, "+1e5"), 2, "{texts:?}");
        assert!(texts.iter().any(|t| t == "\u{2212}2.0"), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("000000")), "{texts:?}");
        // With a histogram diagonal, pandas writes the first row's values
        // as they are: one "1e6" (the x axis) and plain millions.
        let texts = draw(Diagonal::Hist);
        assert_eq!(count(&texts, "1e6"), 1, "{texts:?}");
        assert!(texts.iter().any(|t| t == "1000000"), "{texts:?}");
    }

    /// A panel is scaled to the rows where both its columns have values,
    /// as matplotlib scales a scatter plot: a far value whose partner is
    /// missing does not stretch it.
    #[test]
    fn each_panel_is_scaled_to_the_rows_it_draws() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let t = Table::new(
            4,
            vec![
                Column::new("a", ColumnKind::Float, vec![0.0, 1.0, 2.0, 100.0]),
                Column::new("b", ColumnKind::Float, vec![0.0, 1.0, 2.0, f64::NAN]),
            ],
        )
        .unwrap();
        let options = ScatterMatrixOptions {
            ticks: true,
            ..ScatterMatrixOptions::default()
        };
        let chart = scatter_matrix(&t, &options, fonts).unwrap();
        // The bottom row is b's: its first panel draws a against b on the
        // three rows with both, so a's axis there ends near 2, not 100.
        let upright: Vec<f64> = chart
            .scene
            .texts()
            .filter(|t| t.angle == 90.0)
            .map(|t| t.text.replace('\u{2212}', "-").parse::<f64>().unwrap())
            .collect();
        let top = upright.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(top, 2.0, "{upright:?}");
        // The first column's y axis (a against a, then b against a): a's
        // own panel still reaches 100.
        let level_max = chart
            .scene
            .texts()
            .filter(|t| t.angle == 0.0)
            .filter_map(|t| t.text.replace('\u{2212}', "-").parse::<f64>().ok())
            .fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(level_max, 100.0);
    }

    #[test]
    fn too_many_columns_is_an_error_naming_the_field() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let err = scatter_matrix(&table(51), &ScatterMatrixOptions::default(), fonts).unwrap_err();
        assert!(err.to_string().contains("raise max_columns"), "{err}");
        assert_eq!(err.field(), Some("max_columns"));
    }

    #[test]
    fn nan_rows_are_left_out() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let t = Table::new(
            3,
            vec![
                Column::new("a", ColumnKind::Float, vec![1.0, f64::NAN, 3.0]),
                Column::new("b", ColumnKind::Float, vec![f64::NAN; 3]),
            ],
        )
        .unwrap();
        let chart = scatter_matrix(&t, &ScatterMatrixOptions::default(), fonts).unwrap();
        let counts: Vec<usize> = chart
            .scene
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Markers { centers, .. } => Some(centers.iter().count()),
                _ => None,
            })
            .collect();
        assert_eq!(counts, [2, 0, 0, 0]);
    }
}
