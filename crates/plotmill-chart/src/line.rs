//! Line charts: series of (x, y) points on one axes, with matplotlib's
//! layout, ticks, legend and labels. General parts that later chart kinds
//! reuse: the axes frame with ticks ([`draw_axes`]), clipping, dashes and a
//! legend placed where it hides the fewest points.

pub use plotmill_scene::Cap;
use plotmill_scene::{Centers, Color, Item, Marker, Point, Rect, Shape, Stroke};
use plotmill_text::Fonts;

use crate::axis::{Axis, Scale, Side};
use crate::figure::{self, Axes, AxesRole, Drawn, FONT_SIZE, Figure, SPINE_WIDTH, SubplotParams};
use crate::layout::{self, Layout};
use crate::legend::{self, Entries, Handle, Obstacles};
use crate::text::{HAlign, Label, LineBox, VAlign};
use crate::{Chart, ChartError};

/// matplotlib's default color cycle (`tab10`).
pub const CYCLE: [Color; 10] = [
    Color::rgb(
        0x1f as f64 / 255.0,
        0x77 as f64 / 255.0,
        0xb4 as f64 / 255.0,
    ),
    Color::rgb(
        0xff as f64 / 255.0,
        0x7f as f64 / 255.0,
        0x0e as f64 / 255.0,
    ),
    Color::rgb(
        0x2c as f64 / 255.0,
        0xa0 as f64 / 255.0,
        0x2c as f64 / 255.0,
    ),
    Color::rgb(
        0xd6 as f64 / 255.0,
        0x27 as f64 / 255.0,
        0x28 as f64 / 255.0,
    ),
    Color::rgb(
        0x94 as f64 / 255.0,
        0x67 as f64 / 255.0,
        0xbd as f64 / 255.0,
    ),
    Color::rgb(
        0x8c as f64 / 255.0,
        0x56 as f64 / 255.0,
        0x4b as f64 / 255.0,
    ),
    Color::rgb(
        0xe3 as f64 / 255.0,
        0x77 as f64 / 255.0,
        0xc2 as f64 / 255.0,
    ),
    Color::rgb(
        0x7f as f64 / 255.0,
        0x7f as f64 / 255.0,
        0x7f as f64 / 255.0,
    ),
    Color::rgb(
        0xbc as f64 / 255.0,
        0xbd as f64 / 255.0,
        0x22 as f64 / 255.0,
    ),
    Color::rgb(
        0x17 as f64 / 255.0,
        0xbe as f64 / 255.0,
        0xcf as f64 / 255.0,
    ),
];

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineStyle {
    /// Its color.
    pub color: Color,
    /// Width in points (matplotlib's default: 1.5).
    pub width: f64,
    /// Its dash pattern: solid, matplotlib's `--`, or seaborn's dashes.
    pub dashes: Dashes,
    /// How a solid line ends (matplotlib's `solid_capstyle`). Dashes end
    /// butt whatever this is, as matplotlib's `dash_capstyle` does.
    pub cap: Cap,
}

/// Moves the ends of a page polyline that `ends` names on along their end
/// segments by `reach` points, as far as a projecting cap reaches: a line
/// whose other end the axes cut is drawn butt, its own end so. An end with
/// no second distinct point to take a direction from stays.
pub(crate) fn reach_past(points: &mut [Point], ends: (bool, bool), reach: f64) {
    if !(reach > 0.0 && reach.is_finite()) || points.len() < 2 {
        return;
    }
    fn moved<'a>(
        end: Point,
        mut toward: impl Iterator<Item = &'a Point>,
        reach: f64,
    ) -> Option<Point> {
        let q = toward.find(|&&q| q != end)?;
        let (dx, dy) = (end.x - q.x, end.y - q.y);
        let k = reach / dx.hypot(dy);
        k.is_finite()
            .then_some(Point::new(end.x + dx * k, end.y + dy * k))
    }
    let n = points.len();
    let first = ends
        .0
        .then(|| moved(points[0], points[1..].iter(), reach))
        .flatten();
    let last = ends
        .1
        .then(|| moved(points[n - 1], points[..n - 1].iter().rev(), reach))
        .flatten();
    if let Some(p) = first {
        points[0] = p;
    }
    if let Some(p) = last {
        points[n - 1] = p;
    }
}

/// The markers on a line's points (matplotlib's `Line2D` marker,
/// `markersize`, `markeredgewidth` and `markeredgecolor`), filled in the
/// line's colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointMarker {
    /// The shape.
    pub shape: Shape,
    /// Size in points (matplotlib's default: 6).
    pub size: f64,
    /// Outline width in points.
    pub edge: f64,
    /// Outline colour; `None` for the line's.
    pub edge_color: Option<Color>,
}

impl PointMarker {
    /// The scene's marker for a line of colour `color`.
    pub fn scene(&self, color: Color) -> Marker {
        Marker::of(
            self.shape,
            self.size,
            self.edge,
            Some(self.edge_color.unwrap_or(color)),
        )
    }
}

/// A line's dash pattern: the lengths of a dash, a gap, a dash, a gap, …
/// in multiples of the line's width (matplotlib scales dashes with the
/// width), at most four pairs; none for a solid line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dashes {
    lengths: [f64; 8],
    len: usize,
}

impl Dashes {
    /// A solid line.
    pub const SOLID: Dashes = Dashes {
        lengths: [0.0; 8],
        len: 0,
    };
    /// matplotlib's `--`: 3.7 on, 1.6 off.
    pub const DASHED: Dashes = Dashes {
        lengths: [3.7, 1.6, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        len: 2,
    };

    /// The pattern of these lengths (dash, gap, …): an even count of at
    /// most 8, each finite and 0 or more, some dash above 0; `None`
    /// otherwise. No lengths is a solid line.
    pub fn new(lengths: &[f64]) -> Option<Dashes> {
        let ok = lengths.len().is_multiple_of(2)
            && lengths.len() <= 8
            && lengths.iter().all(|v| v.is_finite() && *v >= 0.0)
            && (lengths.is_empty() || lengths.iter().step_by(2).any(|v| *v > 0.0));
        ok.then(|| {
            let mut d = Dashes::SOLID;
            d.lengths[..lengths.len()].copy_from_slice(lengths);
            d.len = lengths.len();
            d
        })
    }

    /// The lengths, dash first (empty when solid).
    pub fn lengths(&self) -> &[f64] {
        &self.lengths[..self.len]
    }

    /// Whether the line is solid.
    pub fn is_solid(&self) -> bool {
        self.len == 0
    }
}

/// One line of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name in the legend (empty: not in the legend).
    pub label: String,
    /// Its points in data coordinates; non-finite points break the line.
    pub points: Vec<(f64, f64)>,
    /// How it is drawn.
    pub style: LineStyle,
}

/// A marked point with a note beside it (a peak, say).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// Where, in data coordinates.
    pub at: (f64, f64),
    /// The note.
    pub text: String,
    /// Marker and text color.
    pub color: Color,
}

/// A shaded band over a range of x with a name at its top (a function's
/// time span, say).
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Where it starts and ends, in x.
    pub x: (f64, f64),
    /// Its name.
    pub label: String,
    /// Its color (drawn translucent).
    pub color: Color,
}

/// The frame of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChartOptions {
    /// Figure size in inches. Default: 10 × 5.
    pub figsize: (f64, f64),
    /// Where the axes go (see [`Layout`]). Default: none.
    pub layout: Layout,
    /// Title above the axes.
    pub title: Option<String>,
    /// Label under the x axis.
    pub xlabel: String,
    /// Label left of the y axis.
    pub ylabel: String,
    /// x range shown (default: the data's, with 5% margins).
    pub xlim: Option<(f64, f64)>,
    /// Start the y axis at 0 (when every value is positive).
    pub y_from_zero: bool,
    /// Draw a legend of the labelled series.
    pub legend: bool,
    /// How x values map along the axis (dates are days since 1970-01-01
    /// UTC, as matplotlib's). Default: linear.
    pub xscale: Scale,
    /// How y values map along the axis. Default: linear.
    pub yscale: Scale,
}

impl Default for LineChartOptions {
    fn default() -> Self {
        LineChartOptions {
            figsize: (10.0, 5.0),
            layout: Layout::None,
            title: None,
            xlabel: String::new(),
            ylabel: String::new(),
            xlim: None,
            y_from_zero: false,
            legend: true,
            xscale: Scale::Linear,
            yscale: Scale::Linear,
        }
    }
}

/// What a line chart draws.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    /// The lines, back to front.
    pub series: Vec<Series>,
    /// Marked points.
    pub annotations: Vec<Annotation>,
    /// Shaded x ranges.
    pub spans: Vec<Span>,
}

/// Builds a line chart.
pub fn line_chart<'f>(
    chart: &LineChart,
    options: &LineChartOptions,
    fonts: impl Into<Fonts<'f>>,
) -> Result<Chart, ChartError> {
    let fonts: Fonts<'f> = fonts.into();
    crate::validate::check_figsize(options.figsize)?;
    // On a log axis the chart is laid out in log10 of the values (where
    // matplotlib puts its margins and clips), values at or below zero
    // left out as matplotlib masks them; only the ticks see the values.
    let scaled = scaled(chart, options.xscale, options.yscale);
    let chart = scaled.as_ref();
    let xs: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .chain(chart.annotations.iter().map(|a| a.at.0))
        .collect();
    let mut ys: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .chain(chart.annotations.iter().map(|a| a.at.1))
        .collect();
    let xlim = match options
        .xlim
        .map(|(a, b)| (options.xscale.forward(a), options.xscale.forward(b)))
    {
        Some((a, b)) if b > a => (a, b),
        _ => figure::auto_limits(&xs),
    };
    let from_zero = options.y_from_zero && options.yscale != Scale::Log;
    if from_zero && ys.iter().all(|&y| y >= 0.0 || y.is_nan()) {
        ys.push(0.0);
    }
    let mut ylim = figure::auto_limits(&ys);
    if from_zero && ylim.0 < 0.0 && ys.iter().all(|&y| y >= 0.0 || y.is_nan()) {
        ylim.0 = 0.0;
    }
    layout::draw(options.layout, |params| {
        Ok(draw(chart, options, fonts, (xlim, ylim), params))
    })
}

/// The chart with its axes inside `params`, showing `xlim` by `ylim`.
fn draw(
    chart: &LineChart,
    options: &LineChartOptions,
    fonts: Fonts<'_>,
    (xlim, ylim): ((f64, f64), (f64, f64)),
    params: SubplotParams,
) -> Drawn {
    let mut fig = Figure::new(fonts, options.figsize, params);
    let area = fig.area();
    let axes = Axes {
        rect: area,
        xlim,
        ylim,
    };
    // The axes as the user sees it: in the data's values.
    let (sx, sy) = (options.xscale, options.yscale);
    let owner = fig.add_axes(AxesRole::Plot, &axes.in_values((sx, sy)));

    // What a legend placed "best" must not hide, as matplotlib counts it.
    let mut obstacles = Obstacles::default();
    for span in &chart.spans {
        let (a, b) = (span.x.0.max(xlim.0), span.x.1.min(xlim.1));
        if b <= a {
            continue;
        }
        let band = Rect::new(axes.x(a), area.y, axes.x(b) - axes.x(a), area.h);
        fig.push(Item::Rect {
            rect: band,
            fill: Some(span.color.with_alpha(0.15)),
            stroke: None,
        });
        obstacles.boxes.push(band);
        let label = fig.text(
            LineBox::new(fonts, 8.0),
            &Label {
                color: span.color,
                ..Label::new(
                    &span.label,
                    8.0,
                    Point::new(band.x + 2.0, area.y + 2.0),
                    HAlign::Left,
                    VAlign::Top,
                    0.0,
                )
            },
        );
        obstacles.boxes.push(label);
    }
    for s in &chart.series {
        let stroke = Stroke {
            width: s.style.width,
            color: s.style.color,
        };
        for run in clip_runs(&s.points, xlim, ylim) {
            let page: Vec<Point> = run.points.iter().map(|&(x, y)| axes.point(x, y)).collect();
            let style = (s.style.dashes, s.style.cap);
            push_run(&mut fig, page, run.cut, stroke, style);
        }
        // The whole line, as matplotlib's legend sees it (its path, not the
        // part in view).
        if options.legend {
            obstacles
                .lines
                .push(s.points.iter().map(|&(x, y)| axes.point(x, y)).collect());
        }
    }
    for a in &chart.annotations {
        let p = axes.point(a.at.0, a.at.1);
        if !area.contains(p) {
            continue;
        }
        fig.push(Item::Markers {
            marker: Marker::Circle {
                radius: 3.5,
                edge: 1.0,
                edge_color: None,
            },
            fill: a.color,
            centers: Centers::Points(vec![p]),
            clip: area,
        });
        obstacles.points.push(p);
        // The note goes on the side with more room, above the point unless
        // that would leave the axes.
        let right = p.x < area.center().x;
        let x = if right { p.x + 6.0 } else { p.x - 6.0 };
        let ha = if right { HAlign::Left } else { HAlign::Right };
        let (y, va) = if p.y - area.y > 16.0 {
            (p.y - 4.0, VAlign::Bottom)
        } else {
            (p.y + 4.0, VAlign::Top)
        };
        let note = fig.text(
            LineBox::new(fonts, 9.0),
            &Label {
                color: a.color,
                ..Label::new(&a.text, 9.0, Point::new(x, y), ha, va, 0.0)
            },
        );
        obstacles.boxes.push(note);
    }
    let (below, left_of) = draw_axes(&mut fig, owner, (sx, sy));
    fig.axis_labels(
        area,
        (below, left_of),
        (&options.xlabel, &options.ylabel),
        None,
    );
    if let Some(title) = &options.title {
        fig.title(title, area);
    }
    if options.legend {
        legend(&mut fig, owner, chart, &obstacles);
    }
    // A memory chart's labels are few and sized to fit.
    fig.finish(Vec::new())
}

/// The spines, and tick marks and labels on the left and bottom, with
/// matplotlib's tick choice. Returns how far the tick labels reach below
/// and left of the axes.
pub(crate) fn draw_axes(
    fig: &mut Figure<'_>,
    owner: usize,
    (sx, sy): (Scale, Scale),
) -> (f64, f64) {
    let axes = fig.axes(owner);
    let (area, xlim, ylim) = (axes.rect, axes.xlim, axes.ylim);
    let x = Axis {
        scale: sx,
        ..Axis::new(Side::Bottom, xlim, FONT_SIZE)
    };
    let y = Axis {
        scale: sy,
        ..Axis::new(Side::Left, ylim, FONT_SIZE)
    };
    let lowest = x.draw(fig, owner, None);
    let leftmost = y.draw(fig, owner, None);
    fig.push(Item::Rect {
        rect: area,
        fill: None,
        stroke: Some(Stroke {
            width: SPINE_WIDTH,
            color: Color::BLACK,
        }),
    });
    (lowest - area.bottom(), area.x - leftmost)
}

/// The chart with its values on the scales' axes (log10 on a log axis,
/// values at or below zero left out); borrowed when both are linear.
fn scaled(chart: &LineChart, sx: Scale, sy: Scale) -> std::borrow::Cow<'_, LineChart> {
    if sx != Scale::Log && sy != Scale::Log {
        return std::borrow::Cow::Borrowed(chart);
    }
    let at = |(x, y): (f64, f64)| (sx.forward(x), sy.forward(y));
    std::borrow::Cow::Owned(LineChart {
        series: chart
            .series
            .iter()
            .map(|s| Series {
                points: s.points.iter().map(|&p| at(p)).collect(),
                ..s.clone()
            })
            .collect(),
        annotations: chart
            .annotations
            .iter()
            .map(|a| Annotation {
                at: at(a.at),
                ..a.clone()
            })
            .collect(),
        spans: chart
            .spans
            .iter()
            .map(|s| Span {
                x: (sx.forward(s.x.0), sx.forward(s.x.1)),
                ..s.clone()
            })
            .collect(),
    })
}

/// A legend of the labelled series where matplotlib's `loc="best"` puts
/// it: the first of its ten places that hides nothing of `obstacles`, else
/// the one that hides least.
fn legend(fig: &mut Figure<'_>, owner: usize, chart: &LineChart, obstacles: &Obstacles) {
    let entries: Vec<(Handle, &str)> = chart
        .series
        .iter()
        .filter(|s| !s.label.is_empty())
        .map(|s| (Handle::Line(s.style), s.label.as_str()))
        .collect();
    if entries.is_empty() {
        return;
    }
    let legend = Entries {
        title: None,
        entries: &entries,
    };
    let size = legend.size(fig.fonts());
    let margin = legend::BORDER_AXES_PAD * FONT_SIZE;
    let frame = legend::best(size, fig.axes(owner).rect, margin, obstacles);
    legend.draw(fig, frame, true, owner);
}

/// A page polyline, solid (ending as `cap` says) or in its dashes (each
/// ending butt, matplotlib's `dash_capstyle`).
pub(crate) fn push_line(
    fig: &mut Figure<'_>,
    points: Vec<Point>,
    stroke: Stroke,
    pattern: Dashes,
    cap: Cap,
) {
    // matplotlib draws nothing for a width of 0 (a backend's 0 is a
    // hairline).
    if stroke.width <= 0.0 {
        return;
    }
    if !pattern.is_solid() {
        for dash in dashes(&points, pattern, stroke.width) {
            fig.push(Item::Line {
                points: dash,
                stroke,
                cap: Cap::Butt,
            });
        }
    } else if points.len() >= 2 {
        fig.push(Item::Line {
            points,
            stroke,
            cap,
        });
    }
}

/// A run of a clipped line ([`clip_runs`]) on the page, as [`push_line`]
/// draws it when the axes cut neither end. A projecting line cut at an end
/// is drawn butt, its uncut end moved on as far as its cap would reach:
/// matplotlib clips a cap at the axes with its line.
pub(crate) fn push_run(
    fig: &mut Figure<'_>,
    mut points: Vec<Point>,
    cut: (bool, bool),
    stroke: Stroke,
    (pattern, cap): (Dashes, Cap),
) {
    if cap == Cap::Projecting && pattern.is_solid() && (cut.0 || cut.1) {
        reach_past(&mut points, (!cut.0, !cut.1), stroke.width / 2.0);
        push_line(fig, points, stroke, pattern, Cap::Butt);
    } else {
        push_line(fig, points, stroke, pattern, cap);
    }
}

/// The parts of a polyline inside the box `xlim` × `ylim`, each a run of
/// points; non-finite points break the line. A point outside the box by
/// less than a billionth of its size is taken as on its edge, so that a
/// line lying along an edge (a density's tail on the zero that is its
/// lower limit) is not cut where rounding puts it a hair outside.
pub(crate) fn clip_polyline(
    points: &[(f64, f64)],
    xlim: (f64, f64),
    ylim: (f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    clip_runs(points, xlim, ylim)
        .into_iter()
        .map(|r| r.points)
        .collect()
}

/// A part of a clipped polyline, and whether the clipping cut it at its
/// start and at its end (an end the box makes is no end of the line).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub(crate) points: Vec<(f64, f64)>,
    pub(crate) cut: (bool, bool),
}

/// [`clip_polyline`], telling which ends of each run the box cut.
pub(crate) fn clip_runs(points: &[(f64, f64)], xlim: (f64, f64), ylim: (f64, f64)) -> Vec<Run> {
    let onto = |v: f64, (lo, hi): (f64, f64)| {
        let e = (hi - lo).abs() * 1e-9;
        if v < lo && v >= lo - e {
            lo
        } else if v > hi && v <= hi + e {
            hi
        } else {
            v
        }
    };
    let onto_box = |p: (f64, f64)| (onto(p.0, xlim), onto(p.1, ylim));
    let mut runs: Vec<Run> = Vec::new();
    let mut current = Run {
        points: Vec::new(),
        cut: (false, false),
    };
    let end = |current: &mut Run, runs: &mut Vec<Run>| {
        let run = std::mem::replace(
            current,
            Run {
                points: Vec::new(),
                cut: (false, false),
            },
        );
        if run.points.len() >= 2 {
            runs.push(run);
        }
    };
    let finite = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
    for pair in points.windows(2) {
        let (a, b) = (onto_box(pair[0]), onto_box(pair[1]));
        let clipped = if finite(&a) && finite(&b) {
            clip_segment(a, b, xlim, ylim)
        } else {
            None
        };
        match clipped {
            Some((p, q)) => {
                if current.points.last() != Some(&p) {
                    end(&mut current, &mut runs);
                    current.points.push(p);
                    current.cut.0 = p != a;
                }
                current.points.push(q);
                current.cut.1 = q != b;
            }
            None => end(&mut current, &mut runs),
        }
    }
    end(&mut current, &mut runs);
    runs
}

/// Liang–Barsky: the part of segment a→b inside the box, if any.
fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    xlim: (f64, f64),
    ylim: (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - xlim.0),
        (dx, xlim.1 - a.0),
        (-dy, a.1 - ylim.0),
        (dy, ylim.1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            (a.0 + t * dx, a.1 + t * dy)
        }
    };
    Some((at(t0), at(t1)))
}

/// A dash pattern (`dashes`, scaled by the line `width`) along a page
/// polyline: the dashes as separate polylines.
pub(crate) fn dashes(points: &[Point], dashes: Dashes, width: f64) -> Vec<Vec<Point>> {
    let mut scaled = [0.0; 8];
    for (s, l) in scaled.iter_mut().zip(dashes.lengths()) {
        *s = l * width;
    }
    dash_pattern(points, &scaled[..dashes.lengths().len()])
}

/// Dashes and gaps of `pattern`'s lengths in points (dash, gap, dash, …)
/// along a page polyline, starting with a dash: the dashes as separate
/// polylines.
pub(crate) fn dash_pattern(points: &[Point], pattern: &[f64]) -> Vec<Vec<Point>> {
    // A pattern that would never advance draws the line solid.
    let valid = pattern.len() >= 2
        && pattern.iter().all(|v| v.is_finite() && *v >= 0.0)
        && pattern.iter().sum::<f64>() > 0.0;
    if !valid {
        return if points.len() >= 2 {
            vec![points.to_vec()]
        } else {
            Vec::new()
        };
    }
    let mut out = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    let mut at = 0;
    let (mut drawing, mut left) = (true, pattern[0]);
    for pair in points.windows(2) {
        let (mut a, b) = (pair[0], pair[1]);
        let mut length = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
        while length > 0.0 {
            let step = left.min(length);
            let t = step / length;
            let next = Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            if drawing {
                if current.is_empty() {
                    current.push(a);
                }
                current.push(next);
            }
            left -= step;
            length -= step;
            a = next;
            if left <= 1e-12 {
                if drawing && current.len() >= 2 {
                    out.push(std::mem::take(&mut current));
                }
                current.clear();
                drawing = !drawing;
                at = (at + 1) % pattern.len();
                left = pattern[at];
            }
        }
    }
    if drawing && current.len() >= 2 {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_text::FontBook;

    #[test]
    fn an_uncut_end_reaches_half_the_width_on() {
        let p = |x, y| Point::new(x, y);
        // Along a slope: (3, 4) is 5 long, so 5 points is one step more.
        let mut line = vec![p(0.0, 0.0), p(3.0, 4.0), p(6.0, 8.0)];
        reach_past(&mut line, (true, true), 5.0);
        assert_eq!(line, vec![p(-3.0, -4.0), p(3.0, 4.0), p(9.0, 12.0)]);
        // Only the ends named; a repeated end takes its direction from the
        // point before the repeats.
        let mut line = vec![p(0.0, 0.0), p(2.0, 0.0), p(4.0, 0.0), p(4.0, 0.0)];
        reach_past(&mut line, (false, true), 0.5);
        assert_eq!(
            line,
            vec![p(0.0, 0.0), p(2.0, 0.0), p(4.0, 0.0), p(4.5, 0.0)]
        );
        // All one point, or no reach: nothing moves.
        let mut same = vec![p(1.0, 1.0); 3];
        reach_past(&mut same, (true, true), 0.5);
        assert_eq!(same, vec![p(1.0, 1.0); 3]);
        let mut line = vec![p(0.0, 0.0), p(1.0, 0.0)];
        reach_past(&mut line, (true, true), f64::NAN);
        assert_eq!(line, vec![p(0.0, 0.0), p(1.0, 0.0)]);
    }

    #[test]
    fn clipping_says_which_ends_it_cut() {
        let nan = f64::NAN;
        let runs = clip_runs(
            &[
                (-1.0, 1.0),
                (2.0, 1.0),
                (3.0, 2.0),
                (nan, nan),
                (4.0, 4.0),
                (5.0, 5.0),
                (12.0, 5.0),
            ],
            (0.0, 10.0),
            (0.0, 10.0),
        );
        assert_eq!(
            runs,
            vec![
                Run {
                    points: vec![(0.0, 1.0), (2.0, 1.0), (3.0, 2.0)],
                    cut: (true, false),
                },
                Run {
                    points: vec![(4.0, 4.0), (5.0, 5.0), (10.0, 5.0)],
                    cut: (false, true),
                },
            ]
        );
    }

    fn series(label: &str, points: Vec<(f64, f64)>) -> Series {
        Series {
            label: label.to_owned(),
            points,
            style: LineStyle {
                color: CYCLE[0],
                width: 1.5,
                dashes: Dashes::SOLID,
                cap: Cap::Projecting,
            },
        }
    }

    #[test]
    fn clipping_keeps_what_is_inside() {
        let runs = clip_polyline(
            &[
                (0.0, 0.0),
                (2.0, 2.0),
                (4.0, 0.0),
                (f64::NAN, 1.0),
                (5.0, 1.0),
                (6.0, 1.0),
            ],
            (1.0, 5.5),
            (0.0, 10.0),
        );
        assert_eq!(
            runs,
            vec![
                vec![(1.0, 1.0), (2.0, 2.0), (4.0, 0.0)],
                vec![(5.0, 1.0), (5.5, 1.0)]
            ]
        );
        assert!(clip_polyline(&[(0.0, 20.0), (1.0, 30.0)], (0.0, 1.0), (0.0, 10.0)).is_empty());
        // A line a rounding's width under its lower limit lies on it; one
        // further out is outside.
        let along = clip_polyline(&[(1.0, -1e-20), (3.0, -1e-20)], (0.0, 4.0), (0.0, 10.0));
        assert_eq!(along, vec![vec![(1.0, 0.0), (3.0, 0.0)]]);
        assert!(clip_polyline(&[(1.0, -1e-6), (3.0, -1e-6)], (0.0, 4.0), (0.0, 10.0)).is_empty());
    }

    #[test]
    fn dashes_follow_the_pattern() {
        let d = dashes(
            &[Point::new(0.0, 0.0), Point::new(10.0, 0.0)],
            Dashes::DASHED,
            1.0,
        );
        // 0–3.7 on, 3.7–5.3 off, 5.3–9.0 on, 9.0–10.6 off.
        assert_eq!(d.len(), 2);
        assert!((d[0][1].x - 3.7).abs() < 1e-9 && (d[1][0].x - 5.3).abs() < 1e-9);
        assert!((d[1][1].x - 9.0).abs() < 1e-9);
    }

    /// Seconds far from zero and gigabytes of bytes: labels relative to
    /// the offset texts at the axes' ends, as mprof's matplotlib writes.
    #[test]
    fn axes_of_large_or_offset_values_have_offset_texts() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let chart = LineChart {
            series: vec![series(
                "rss",
                (0..50)
                    .map(|i| (100_000.0 + i as f64 * 0.2, 2e9 + i as f64 * 1e7))
                    .collect(),
            )],
            annotations: Vec::new(),
            spans: Vec::new(),
        };
        let c = line_chart(&chart, &LineChartOptions::default(), fonts).unwrap();
        let texts: Vec<&str> = c.scene.texts().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"+1e5"), "{texts:?}");
        assert!(texts.contains(&"1e9"), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("100000")), "{texts:?}");
    }

    #[test]
    fn a_chart_has_ticks_labels_legend_and_notes() {
        let book = FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let chart = LineChart {
            series: vec![
                series(
                    "main",
                    (0..100)
                        .map(|i| (i as f64 * 0.1, 50.0 + i as f64))
                        .collect(),
                ),
                series("", vec![(0.0, 60.0), (9.9, 140.0)]),
            ],
            annotations: vec![Annotation {
                at: (9.9, 149.0),
                text: "peak 149.0 MiB".into(),
                color: CYCLE[3],
            }],
            spans: vec![Span {
                x: (2.0, 3.0),
                label: "load".into(),
                color: CYCLE[2],
            }],
        };
        let options = LineChartOptions {
            title: Some("python service.py".into()),
            xlabel: "time (s)".into(),
            ylabel: "memory (MiB)".into(),
            ..LineChartOptions::default()
        };
        let c = line_chart(&chart, &options, fonts).unwrap();
        let texts: Vec<&str> = c
            .scene
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect();
        for want in [
            "python service.py",
            "time (s)",
            "memory (MiB)",
            "main",
            "peak 149.0 MiB",
            "load",
            "0",
            "8",
            "60",
            "140",
        ] {
            assert!(texts.contains(&want), "{want} not in {texts:?}");
        }
        assert!(c.missing_glyphs.is_empty());
        // The legend avoids the rising line's upper right corner.
        let legend_frame = c.scene.items.iter().find_map(|i| match i {
            Item::RoundRect {
                rect,
                fill: Some(f),
                ..
            } if f.a < 1.0 && f.a > 0.5 => Some(*rect),
            _ => None,
        });
        let frame = legend_frame.unwrap();
        let area = SubplotParams::default().area(720.0, 360.0);
        assert!(
            frame.x < area.center().x && frame.y < area.center().y,
            "{frame:?}"
        );
    }
}
