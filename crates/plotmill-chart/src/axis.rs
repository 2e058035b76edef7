//! An axis along one side of an axes: matplotlib's tick choice for its
//! scale (linear: `MaxNLocator` as `AutoLocator` sets it; log:
//! `LogLocator`, with minor ticks; dates: `AutoDateLocator`), tick marks,
//! labels written by the scale's formatter (`ScalarFormatter`,
//! `LogFormatterSciNotation`, `ConciseDateFormatter`), and the offset text
//! where matplotlib's `Axis` puts it.

use plotmill_scene::{Cap, Color, Item, Point, Rect, Stroke};

use crate::dates::{ConciseDateFormatter, auto_date_ticks};
use crate::figure::{Figure, TICK_LENGTH, TICK_PAD, TICK_WIDTH};
use crate::logscale::{LogFormatter, log_minor_ticks, log_ticks};
use crate::pyformat::NumberFormat;
use crate::text::{self, HAlign, Label, LineBox, Placed, VAlign};
use crate::ticks::{self, ScalarFormatter};

/// How values map along an axis (matplotlib's `set_xscale`, and a date
/// axis).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    /// Evenly, ticked by matplotlib's `AutoLocator` and `ScalarFormatter`.
    #[default]
    Linear,
    /// By their base-10 logarithm (positive values; the rest are left
    /// out), ticked by `LogLocator` and `LogFormatterSciNotation`.
    Log,
    /// Evenly, as dates: days since 1970-01-01 UTC (matplotlib's date
    /// numbers), ticked by `AutoDateLocator` and `ConciseDateFormatter`.
    Date,
}

impl Scale {
    /// A value where the axis lays it out (log10 on a log axis; NaN for
    /// a value at or below zero there).
    pub(crate) fn forward(self, v: f64) -> f64 {
        match self {
            Scale::Log if v > 0.0 => v.log10(),
            Scale::Log => f64::NAN,
            Scale::Linear | Scale::Date => v,
        }
    }

    /// The value laid out at `v` ([`Scale::forward`] undone).
    pub(crate) fn inverse(self, v: f64) -> f64 {
        match self {
            Scale::Log => 10f64.powf(v),
            Scale::Linear | Scale::Date => v,
        }
    }
}

/// matplotlib's minor ticks (`xtick.minor.size`, `.width`, `.pad`).
const MINOR_LENGTH: f64 = 2.0;
const MINOR_WIDTH: f64 = 0.6;
const MINOR_PAD: f64 = 3.4;

/// The ticks an axis draws: each in the view with its label and whether
/// it is major, and the offset text.
struct Ticks {
    ticks: Vec<(f64, String, bool)>,
    offset: String,
}

/// Which side of the axes an axis runs along.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// An x axis: ticks point down, labels hang below.
    Bottom,
    /// A y axis: ticks point left, labels end at their left.
    Left,
    /// A y axis ticked on the right (a colorbar's): labels start at their right.
    Right,
}

/// One axis to draw.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Axis<'a> {
    pub(crate) side: Side,
    /// The values at the axes' start and end along the side (left to
    /// right, bottom to top).
    pub(crate) lim: (f64, f64),
    /// Tick label size, points.
    pub(crate) size: f64,
    /// Tick label rotation, degrees (pandas stands a scatter matrix's x
    /// labels upright).
    pub(crate) rotation: f64,
    /// Labels as the values are, with no offset or scientific notation
    /// (what pandas sets on a scatter matrix's histogram row).
    pub(crate) plain: bool,
    /// How values map along it.
    pub(crate) scale: Scale,
    /// Ticks at these values with these labels instead of the scale's
    /// (matplotlib's `FixedLocator` and `FixedFormatter`: categories).
    pub(crate) fixed: Option<&'a [(f64, &'a str)]>,
    /// The rotation to turn the labels to when they overlap at
    /// `rotation` (seaborn's heatmap turns crowded labels).
    pub(crate) rotate_if_crowded: Option<f64>,
    /// Tick labels drawn (matplotlib hides them on the inner axes of a
    /// shared grid; the tick marks stay).
    pub(crate) labels: bool,
    /// Which way the tick marks point.
    pub(crate) direction: TickDirection,
    /// Major tick mark length, points.
    pub(crate) length: f64,
    /// Labels written with this Python format spec instead of the scale's
    /// formatter (matplotlib's `StrMethodFormatter`; no offset text).
    pub(crate) format: Option<&'a NumberFormat>,
    /// How a left or right axis' labels hang on their ticks: half their
    /// ascent above the baseline (matplotlib's `center_baseline`), or by
    /// their box's middle (seaborn's heatmap sets `va="center"`).
    pub(crate) side_va: VAlign,
}

/// Which way tick marks point from the spine (matplotlib's
/// `xtick.direction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TickDirection {
    /// Out of the axes (matplotlib's default).
    #[default]
    Out,
    /// Into the axes.
    In,
    /// Across the spine, half each way.
    InOut,
}

impl Axis<'_> {
    /// A horizontal-label axis of `size` point labels along `side`,
    /// showing `lim`.
    pub(crate) fn new(side: Side, lim: (f64, f64), size: f64) -> Self {
        Axis {
            side,
            lim,
            size,
            rotation: 0.0,
            plain: false,
            scale: Scale::Linear,
            fixed: None,
            rotate_if_crowded: None,
            labels: true,
            direction: TickDirection::Out,
            length: TICK_LENGTH,
            format: None,
            side_va: VAlign::CenterBaseline,
        }
    }

    /// Grid lines across `rect` at the major ticks (matplotlib's
    /// `grid(True)`), each a two-point line on the page.
    pub(crate) fn grid_lines(&self, rect: Rect) -> Vec<Vec<Point>> {
        let vertical = self.side != Side::Bottom;
        let Ticks { ticks, .. } = self.ticks(if vertical { rect.h } else { rect.w });
        ticks
            .into_iter()
            .filter(|&(_, _, major)| major)
            .map(|(t, ..)| {
                let f = self.fraction(t);
                if vertical {
                    let y = rect.bottom() - f * rect.h;
                    vec![Point::new(rect.x, y), Point::new(rect.right(), y)]
                } else {
                    let x = rect.x + f * rect.w;
                    vec![Point::new(x, rect.y), Point::new(x, rect.bottom())]
                }
            })
            .collect()
    }

    /// Where `t` falls along the axis, 0 at its start and 1 at its end.
    fn fraction(&self, t: f64) -> f64 {
        let (lo, hi) = self.lim;
        match self.scale {
            Scale::Log => (t.log10() - lo.log10()) / (hi.log10() - lo.log10()),
            Scale::Linear | Scale::Date => (t - lo) / (hi - lo),
        }
    }

    /// The ticks in the view and their labels, for an axis `length`
    /// points long, chosen and written as matplotlib does for the scale:
    /// each locator's ticks (some beyond the view) go to the formatter,
    /// and those in the view (within 1e-10 of its span, on the scale) are
    /// drawn; a format spec given for the axis rewrites the major labels.
    fn ticks(&self, length: f64) -> Ticks {
        let mut ticks = self.scale_ticks(length);
        if let (Some(format), None, false) = (self.format, self.fixed, self.scale == Scale::Date) {
            // The major labels in the user's format (with matplotlib's
            // Unicode minus, as its StrMethodFormatter writes them); the
            // offset is folded into them.
            for (t, label, major) in &mut ticks.ticks {
                if *major {
                    *label = format.format(*t).replace('-', "\u{2212}");
                }
            }
            ticks.offset.clear();
        }
        ticks
    }

    /// The scale's own ticks and labels (see [`Axis::ticks`]).
    fn scale_ticks(&self, length: f64) -> Ticks {
        if let Some(fixed) = self.fixed {
            return Ticks {
                ticks: fixed
                    .iter()
                    .map(|&(t, label)| (t, label.to_owned(), true))
                    .collect(),
                offset: String::new(),
            };
        }
        // An inverted axis is ticked as its view, low to high.
        let (lo, hi) = (self.lim.0.min(self.lim.1), self.lim.0.max(self.lim.1));
        let vertical = self.side != Side::Bottom;
        let space = ticks::tick_space(length, self.size, vertical);
        match self.scale {
            Scale::Linear => {
                let all = ticks::tick_values(lo, hi, space);
                let format = if self.plain {
                    ScalarFormatter::plain(&all)
                } else {
                    ScalarFormatter::new(&all, (lo, hi))
                };
                let ticks = ticks::visible(&all, lo, hi)
                    .into_iter()
                    .map(|t| (t, format.label(t), true))
                    .collect();
                Ticks {
                    ticks,
                    offset: format.offset_text(),
                }
            }
            Scale::Log => {
                let n = space.clamp(2, 9);
                let format = LogFormatter::new(lo, hi);
                let (a, b) = (lo.log10().min(hi.log10()), lo.log10().max(hi.log10()));
                let tol = (b - a) * 1e-10;
                let inside = |t: &f64| (a - tol..=b + tol).contains(&t.log10());
                let major = log_ticks(lo, hi, n).into_iter().map(|t| (t, true));
                let minor = log_minor_ticks(lo, hi, n).into_iter().map(|t| (t, false));
                let ticks = major
                    .chain(minor)
                    .filter(|(t, _)| inside(t))
                    .map(|(t, major)| (t, format.label(t), major))
                    .collect();
                Ticks {
                    ticks,
                    offset: String::new(),
                }
            }
            Scale::Date => {
                let all = auto_date_ticks(lo, hi);
                let format = ConciseDateFormatter::new(&all);
                let shown = ticks::visible(&all, lo, hi);
                let ticks = all
                    .iter()
                    .zip(format.labels())
                    .filter(|(t, _)| shown.contains(t))
                    .map(|(&t, label)| (t, label.clone(), true))
                    .collect();
                Ticks {
                    ticks,
                    offset: format.offset_text().to_owned(),
                }
            }
        }
    }

    /// Draws the axis' ticks, labels and offset text along its side of the
    /// figure's axes `owner`, and records the labels there; the texts
    /// belong to the grid's `cell` when there is one. Returns how far out
    /// the labels reach: the lowest label bottom (x), the leftmost label
    /// left edge (left y) or the rightmost pen end (right y; matplotlib's
    /// text box ends where the pen does) — the axes' own edge when there
    /// are none.
    pub(crate) fn draw(
        &self,
        fig: &mut Figure<'_>,
        owner: usize,
        cell: Option<(usize, usize)>,
    ) -> f64 {
        let rect = fig.axes(owner).rect;
        let vertical = self.side != Side::Bottom;
        let Ticks { ticks, offset } = self.ticks(if vertical { rect.h } else { rect.w });
        let offset = if self.labels { offset } else { String::new() };
        let line = LineBox::new(fig.fonts(), self.size);
        let add = |fig: &mut Figure<'_>, placed: Placed| match cell {
            Some(cell) => fig.add_of(cell, placed),
            None => fig.add(placed),
        };
        let put = |fig: &mut Figure<'_>, label: &Label<'_>| {
            let placed = fig.place(line, label);
            add(fig, placed)
        };
        // A y axis' offset text sits on a baseline just above the axes, at
        // the end the labels are on.
        if vertical && !offset.is_empty() {
            let (x, ha) = match self.side {
                Side::Right => (rect.right(), HAlign::Right),
                _ => (rect.x, HAlign::Left),
            };
            put(
                fig,
                &Label::y_offset_text(&offset, self.size, x, rect.y, ha),
            );
        }
        let mut reach = match self.side {
            Side::Bottom => rect.bottom(),
            Side::Left => rect.x,
            Side::Right => rect.right(),
        };
        // Each tick's mark and its label's anchor.
        let marks: Vec<(Item, Point, HAlign, VAlign)> = ticks
            .iter()
            .map(|&(t, _, major)| {
                let (length, width, pad) = if major {
                    (self.length, TICK_WIDTH, TICK_PAD)
                } else {
                    (MINOR_LENGTH, MINOR_WIDTH, MINOR_PAD)
                };
                // How far the mark reaches into and out of the axes, and
                // where the label hangs: `pad` beyond the outer end.
                let (inside, outside) = match self.direction {
                    TickDirection::Out => (0.0, length),
                    TickDirection::In => (length, 0.0),
                    TickDirection::InOut => (length / 2.0, length / 2.0),
                };
                let out = outside + pad;
                let (ends, at, ha, va) = match self.side {
                    Side::Bottom => {
                        let x = rect.x + self.fraction(t) * rect.w;
                        let b = rect.bottom();
                        (
                            [Point::new(x, b - inside), Point::new(x, b + outside)],
                            Point::new(x, b + out),
                            HAlign::Center,
                            VAlign::Top,
                        )
                    }
                    Side::Left => {
                        let (y, l) = (rect.bottom() - self.fraction(t) * rect.h, rect.x);
                        (
                            [Point::new(l - outside, y), Point::new(l + inside, y)],
                            Point::new(l - out, y),
                            HAlign::Right,
                            self.side_va,
                        )
                    }
                    Side::Right => {
                        let (y, r) = (rect.bottom() - self.fraction(t) * rect.h, rect.right());
                        (
                            [Point::new(r - inside, y), Point::new(r + outside, y)],
                            Point::new(r + out, y),
                            HAlign::Left,
                            self.side_va,
                        )
                    }
                };
                let stroke = Stroke {
                    width,
                    color: Color::BLACK,
                };
                // A tick mark is a marker: butt ends.
                let mark = Item::Line {
                    points: ends.to_vec(),
                    stroke,
                    cap: Cap::Butt,
                };
                (mark, at, ha, va)
            })
            .collect();
        // The labels, placed at the axis' rotation; at the other one when
        // they overlap and the axis turns crowded labels (seaborn's
        // heatmap).
        let place = |angle: f64, centred: bool| -> Vec<Option<Placed>> {
            ticks
                .iter()
                .zip(&marks)
                .map(|((_, text, _), &(_, at, ha, va))| {
                    let va = if centred && va != VAlign::Top {
                        VAlign::Center
                    } else {
                        va
                    };
                    (self.labels && !text.is_empty())
                        .then(|| fig.place(line, &Label::new(text, self.size, at, ha, va, angle)))
                })
                .collect()
        };
        let mut labels = place(self.rotation, false);
        let mut angle = self.rotation;
        if let Some(turned) = self.rotate_if_crowded {
            // seaborn looks for overlaps while the labels are its own, hung
            // by their middles (va="center"), wherever they end up.
            let boxes: Vec<Rect> = place(self.rotation, true)
                .iter()
                .flatten()
                .map(|p| p.bbox)
                .collect();
            if text::any_overlap(&boxes) {
                labels = place(turned, false);
                angle = turned;
            }
        }
        let rotation = &mut fig.axes_mut(owner).tick_rotation;
        match self.side {
            Side::Bottom => rotation.0 = angle,
            Side::Left | Side::Right => rotation.1 = angle,
        }
        for (((_, text, major), (mark, ..)), placed) in ticks.into_iter().zip(marks).zip(labels) {
            fig.push(mark);
            let Some(placed) = placed else {
                continue;
            };
            reach = match self.side {
                Side::Bottom => reach.max(placed.bbox.bottom()),
                Side::Left => reach.min(placed.bbox.x),
                Side::Right => {
                    let pen_end = placed.runs.iter().map(|r| r.origin.x + r.width);
                    pen_end.fold(reach.max(placed.bbox.right()), f64::max)
                }
            };
            add(fig, placed);
            // The major labels, as matplotlib's get_ticklabels lists them.
            if major {
                let axes = fig.axes_mut(owner);
                match self.side {
                    Side::Bottom => axes.xtick_labels.push(text),
                    Side::Left | Side::Right => axes.ytick_labels.push(text),
                }
            }
        }
        // An x axis' offset text: right-aligned at the axis' end, below
        // the labels.
        if !vertical && !offset.is_empty() {
            put(
                fig,
                &Label::x_offset_text(&offset, self.size, rect.right(), reach),
            );
        }
        reach
    }
}
