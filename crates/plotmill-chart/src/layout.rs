//! Layouts: where a figure's axes go so that its text fits.
//!
//! matplotlib places axes by fixed fractions of the figure (its subplot
//! parameters) and lets long labels run off the page; `tight_layout` and
//! the constrained layout move the axes instead. plotmill does the same in
//! its own way: a chart is a pure function of where its axes go, so a
//! layout draws it, measures how far its text reaches past the axes on
//! each side, moves the axes' edges in by that much plus a pad, and draws
//! it again, until what is drawn fits.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::figure::{Drawn, FONT_SIZE, SubplotParams};
use crate::{Chart, ChartError};

/// How a figure places its axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// matplotlib's default: the axes at fixed fractions of the figure
    /// (its subplot parameters), whatever the labels; long labels may be
    /// cut off at the figure's edge. The default, so that charts match
    /// matplotlib's.
    #[default]
    None,
    /// matplotlib's `tight_layout()`: the axes' outer edges move so that
    /// every label, tick label, title and colorbar is inside the figure,
    /// 1.08 font sizes (10.8 pt) from its edge.
    Tight,
    /// matplotlib's `layout="constrained"`: as `tight`, with the constrained
    /// layout's smaller pad at the figure's edge (3 pt, `w_pad`/`h_pad` of
    /// 3/72 in).
    Constrained,
}

impl Layout {
    /// The space kept between the figure's edge and its outermost text, in
    /// points.
    fn pad(self) -> f64 {
        match self {
            Layout::None => 0.0,
            Layout::Tight => 1.08 * FONT_SIZE,
            Layout::Constrained => 3.0,
        }
    }
}

/// matplotlib's `tight_layout(pad=…, rect=…)` as a figure-level function
/// of seaborn calls it, for [`Layout::Tight`]: a pad of its own, a box
/// inside the figure to fit in, and every gap between axes set to what
/// reaches into it plus the pad (matplotlib's rule, where the default
/// layout keeps the grid's own spacing wherever nothing reaches).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tight {
    /// Space at the box's edges, in points.
    pub(crate) pad: f64,
    /// Space between axes, in points (matplotlib's `w_pad` and `h_pad`;
    /// `pad` when not given).
    pub(crate) gap_pad: f64,
    /// The box, as the fraction of the figure left out on each side:
    /// left, bottom, right, top (seaborn's grids: 0.01 each).
    pub(crate) rect: (f64, f64, f64, f64),
}

/// How far a chart's text reaches past its axes' area on each side, and
/// into the gaps between the cells of its grid, in points (0 where it stays
/// inside).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Reach {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    /// Into the gaps between columns and between rows (both sides' text).
    gaps: (f64, f64),
}

impl Reach {
    /// What a drawn chart's text reaches past its axes.
    fn of(drawn: &Drawn) -> Reach {
        let chart = &drawn.chart;
        let area = drawn.params.area(chart.scene.width, chart.scene.height);
        // A figure legend's text stands in its own strip at the right.
        let strip = chart.scene.width - drawn.reserved_right;
        let legend_free = drawn.reserved_right == 0.0;
        let axes_text = chart
            .text_boxes
            .iter()
            .enumerate()
            .filter(|(k, _)| !drawn.unmeasured.iter().any(|r| r.contains(k)))
            .map(|(_, b)| b)
            .filter(|b| legend_free || b.x < strip)
            .chain(&drawn.decor);
        axes_text.fold(
            Reach {
                gaps: drawn.gaps,
                ..Reach::default()
            },
            |r, b| Reach {
                left: r.left.max(area.x - b.x),
                right: r.right.max(b.right() - area.right()),
                top: r.top.max(area.y - b.y),
                bottom: r.bottom.max(b.bottom() - area.bottom()),
                ..r
            },
        )
    }

    /// Each side the larger of the two.
    fn max(self, other: Reach) -> Reach {
        Reach {
            left: self.left.max(other.left),
            right: self.right.max(other.right),
            top: self.top.max(other.top),
            bottom: self.bottom.max(other.bottom),
            gaps: (self.gaps.0.max(other.gaps.0), self.gaps.1.max(other.gaps.1)),
        }
    }

    /// Whether a chart drawn with `room` kept for its text (the
    /// figure's edges a pad further out) and the grid gaps it had (`gaps`)
    /// holds `self`, within a quarter point (glyph metrics round). A gap
    /// nothing reaches into needs no pad: the grid's own spacing stands.
    fn fits(self, room: Reach, gap_pad: f64, gaps: (f64, f64), exact: bool) -> bool {
        const SLACK: f64 = 0.25;
        let holds = |need: f64, gap: f64| {
            if exact {
                (need.max(0.0) + gap_pad - gap).abs() <= SLACK
            } else {
                need <= 0.0 || need + gap_pad <= gap + SLACK
            }
        };
        self.left <= room.left + SLACK
            && self.right <= room.right + SLACK
            && self.top <= room.top + SLACK
            && self.bottom <= room.bottom + SLACK
            && holds(self.gaps.0, gaps.0)
            && holds(self.gaps.1, gaps.1)
    }

    /// Subplot parameters that leave this much room on each side plus
    /// `pad` from the edge of a `w` x `h` point page, and gaps of
    /// `gap_pad` beyond what reaches into them; `None` when the axes would have no
    /// room left (matplotlib then leaves the layout as it was, and so does
    /// plotmill).
    fn params(
        self,
        (pad, gap_pad): (f64, f64),
        (w, h): (f64, f64),
        reserved_right: f64,
        tight: Option<Tight>,
    ) -> Option<SubplotParams> {
        let (l, b, r, t) = tight.map_or((0.0, 0.0, 0.0, 0.0), |t| t.rect);
        // A gap nothing reaches into keeps the grid's spacing, unless the
        // layout is matplotlib's own.
        let gap = |need: f64| {
            if need > 0.0 || tight.is_some() {
                need.max(0.0) + gap_pad
            } else {
                0.0
            }
        };
        let p = SubplotParams {
            left: l + (self.left + pad) / w,
            right: 1.0 - (self.right + pad + reserved_right.max(r * w)) / w,
            bottom: b + (self.bottom + pad) / h,
            top: 1.0 - t - (self.top + pad) / h,
            min_gaps: (gap(self.gaps.0), gap(self.gaps.1)),
        };
        (p.left < p.right && p.bottom < p.top).then_some(p)
    }
}

/// The most times a layout draws a chart (the first, at matplotlib's
/// subplot parameters, included). Text shrinks or thins with its axes, so
/// the second drawing nearly always fits; the rest are for labels that
/// change their mind (a rotation, a smaller font) as the axes move.
const MOST_DRAWINGS: usize = 4;

/// Draws a chart of `layout` with `draw`, a function of where its axes go.
///
/// With [`Layout::None`] that is one drawing at matplotlib's subplot
/// parameters. Otherwise the chart is drawn again with its axes' edges
/// moved in by how far its text reached past them plus the layout's pad,
/// and the gaps of its grid widened to hold what reached into them, until
/// it fits. The room only grows from one drawing to the next, so the axes
/// never move back out over text that needed the room; a chart that cannot
/// fit (labels wider than the figure) is returned as last drawn, and its
/// crowding report says what is cut off.
pub(crate) fn draw(
    layout: Layout,
    draw: impl FnMut(SubplotParams) -> Result<Drawn, ChartError>,
) -> Result<Chart, ChartError> {
    draw_with(layout, None, draw)
}

/// [`draw`], with matplotlib's own tight layout (`tight`) in place of
/// plotmill's when the layout is [`Layout::Tight`]. Under `tight` the
/// chart's grid must have no spacing of its own (`wspace` and `hspace`
/// 0): the layout sets every gap.
pub(crate) fn draw_with(
    layout: Layout,
    tight: Option<Tight>,
    mut draw: impl FnMut(SubplotParams) -> Result<Drawn, ChartError>,
) -> Result<Chart, ChartError> {
    let mut drawn = draw(SubplotParams::default())?;
    if layout == Layout::None {
        return Ok(drawn.chart);
    }
    let tight = tight.filter(|_| layout == Layout::Tight);
    let (w, h) = (drawn.chart.scene.width, drawn.chart.scene.height);
    let pad = tight.map_or((layout.pad(), layout.pad()), |t| (t.pad, t.gap_pad));
    let mut room: Option<Reach> = None;
    for _ in 1..MOST_DRAWINGS {
        let reach = Reach::of(&drawn);
        if room.is_some_and(|r| reach.fits(r, pad.1, drawn.grid_gaps, tight.is_some())) {
            break;
        }
        let wanted = room.map_or(reach, |r| r.max(reach));
        // Nothing to move (gaps already as wide as a grid lets them be).
        let Some(next) = wanted
            .params(pad, (w, h), drawn.reserved_right, tight)
            .filter(|p| *p != drawn.params)
        else {
            break;
        };
        room = Some(wanted);
        drawn = draw(next)?;
    }
    Ok(drawn.chart)
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_scene::{Rect, Scene};

    /// A chart whose one label hangs `reach` points left of its axes and
    /// is `label_w` wide.
    fn chart_with_label(params: SubplotParams, label_w: f64) -> Drawn {
        let (w, h) = (400.0, 300.0);
        let area = params.area(w, h);
        Drawn {
            chart: Chart {
                scene: Scene::new(w, h, None),
                missing_glyphs: Vec::new(),
                warnings: Vec::new(),
                crowding: Vec::new(),
                text_boxes: vec![Rect::new(area.x - 4.0 - label_w, area.y, label_w, 10.0)],
                text_inks: vec![Rect::new(area.x - 4.0 - label_w, area.y, label_w, 10.0)],
                axes: Vec::new(),
            },
            params,
            gaps: (0.0, 0.0),
            grid_gaps: (f64::INFINITY, f64::INFINITY),
            reserved_right: 0.0,
            decor: Vec::new(),
            unmeasured: Vec::new(),
        }
    }

    #[test]
    fn none_draws_once_at_matplotlibs_parameters() {
        let mut drawn = Vec::new();
        draw(Layout::None, |p| {
            drawn.push(p);
            Ok(chart_with_label(p, 200.0))
        })
        .unwrap();
        assert_eq!(drawn, [SubplotParams::default()]);
    }

    #[test]
    fn the_axes_move_in_until_the_label_is_on_the_page() {
        for layout in [Layout::Tight, Layout::Constrained] {
            let mut drawn = Vec::new();
            let chart = draw(layout, |p| {
                drawn.push(p);
                Ok(chart_with_label(p, 200.0))
            })
            .unwrap();
            // Drawn twice: measured, then moved; the second drawing fits.
            assert_eq!(drawn.len(), 2, "{layout:?}");
            let label = chart.text_boxes[0];
            assert!(
                (label.x - layout.pad()).abs() < 1e-9,
                "{layout:?} {label:?}"
            );
            // The sides with nothing past them go out to the pad.
            let area = drawn[1].area(400.0, 300.0);
            assert!((area.right() - (400.0 - layout.pad())).abs() < 1e-9);
            assert!((area.y - layout.pad()).abs() < 1e-9);
        }
    }

    #[test]
    fn a_label_wider_than_the_figure_leaves_the_layout_as_it_was() {
        let mut drawn = Vec::new();
        draw(Layout::Constrained, |p| {
            drawn.push(p);
            Ok(chart_with_label(p, 500.0))
        })
        .unwrap();
        assert_eq!(drawn, [SubplotParams::default()]);
    }

    #[test]
    fn labels_that_grow_as_the_axes_move_are_measured_again() {
        // A label that grows by 20 pt each time it is drawn: the room only
        // grows, and the drawings stop at the limit.
        let mut n = 0.0;
        let mut drawn = 0;
        draw(Layout::Tight, |p| {
            n += 20.0;
            drawn += 1;
            Ok(chart_with_label(p, 50.0 + n))
        })
        .unwrap();
        assert_eq!(drawn, MOST_DRAWINGS);
    }

    #[test]
    fn a_gap_too_narrow_for_its_labels_is_widened_by_them_and_the_pad() {
        // A grid whose labels reach 12 pt into the gap between columns,
        // which is 5 pt: drawn again with a gap of 12 pt plus the pad; the
        // rows' gap, which nothing reaches into, is left to the chart.
        let mut asked = Vec::new();
        draw(Layout::Constrained, |p| {
            asked.push(p.min_gaps);
            let mut drawn = chart_with_label(p, 20.0);
            drawn.gaps = (12.0, 0.0);
            drawn.grid_gaps = (p.min_gaps.0.max(5.0), 5.0);
            Ok(drawn)
        })
        .unwrap();
        assert_eq!(asked, [(0.0, 0.0), (15.0, 0.0)]);
    }

    #[test]
    fn names_are_matplotlibs() {
        let names: Vec<String> = [Layout::None, Layout::Tight, Layout::Constrained]
            .iter()
            .map(|l| serde_json::to_string(l).unwrap())
            .collect();
        assert_eq!(names, ["\"none\"", "\"tight\"", "\"constrained\""]);
    }
}
