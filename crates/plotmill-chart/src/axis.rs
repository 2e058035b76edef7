//! An axis along one side of an axes: matplotlib's tick choice (its
//! `MaxNLocator` as `AutoLocator` sets it), tick marks, labels written by
//! its `ScalarFormatter`, and the offset text where matplotlib's `Axis`
//! puts it.

use plotmill_scene::{Color, Item, Point, Stroke};

use crate::figure::{Figure, TICK_LENGTH, TICK_PAD, TICK_WIDTH};
use crate::text::{HAlign, Label, LineBox, Placed, VAlign};
use crate::ticks::{self, ScalarFormatter};

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
pub(crate) struct Axis {
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
}

impl Axis {
    /// A horizontal-label axis of `size` point labels along `side`,
    /// showing `lim`.
    pub(crate) fn new(side: Side, lim: (f64, f64), size: f64) -> Self {
        Axis {
            side,
            lim,
            size,
            rotation: 0.0,
            plain: false,
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
        let (lo, hi) = self.lim;
        let vertical = self.side != Side::Bottom;
        let length = if vertical { rect.h } else { rect.w };
        let all = ticks::tick_values(lo, hi, ticks::tick_space(length, self.size, vertical));
        let format = if self.plain {
            ScalarFormatter::plain(&all)
        } else {
            ScalarFormatter::new(&all, (lo, hi))
        };
        let line = LineBox::new(fig.fonts(), self.size);
        let add = |fig: &mut Figure<'_>, placed: Placed| match cell {
            Some(cell) => fig.add_of(cell, placed),
            None => fig.add(placed),
        };
        let put = |fig: &mut Figure<'_>, label: &Label<'_>| {
            let placed = fig.place(line, label);
            add(fig, placed)
        };
        let stroke = Stroke {
            width: TICK_WIDTH,
            color: Color::BLACK,
        };
        let out = TICK_LENGTH + TICK_PAD;
        let offset = format.offset_text();
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
        for t in ticks::visible(&all, lo, hi) {
            let text = format.label(t);
            let (mark, at, ha, va) = match self.side {
                Side::Bottom => {
                    let x = rect.x + (t - lo) / (hi - lo) * rect.w;
                    let b = rect.bottom();
                    (
                        [Point::new(x, b), Point::new(x, b + TICK_LENGTH)],
                        Point::new(x, b + out),
                        HAlign::Center,
                        VAlign::Top,
                    )
                }
                Side::Left | Side::Right => {
                    let y = rect.bottom() - (t - lo) / (hi - lo) * rect.h;
                    if self.side == Side::Left {
                        (
                            [Point::new(rect.x - TICK_LENGTH, y), Point::new(rect.x, y)],
                            Point::new(rect.x - out, y),
                            HAlign::Right,
                            VAlign::Center,
                        )
                    } else {
                        let r = rect.right();
                        (
                            [Point::new(r, y), Point::new(r + TICK_LENGTH, y)],
                            Point::new(r + out, y),
                            HAlign::Left,
                            VAlign::Center,
                        )
                    }
                }
            };
            fig.push(Item::Line {
                points: mark.to_vec(),
                stroke,
            });
            let label = Label::new(&text, self.size, at, ha, va, self.rotation);
            match self.side {
                Side::Bottom => reach = reach.max(put(fig, &label).bottom()),
                Side::Left => reach = reach.min(put(fig, &label).x),
                Side::Right => {
                    let placed = fig.place(line, &label);
                    let pen_end = placed.runs.iter().map(|r| r.origin.x + r.width);
                    reach = pen_end.fold(reach.max(placed.bbox.right()), f64::max);
                    add(fig, placed);
                }
            }
            let axes = fig.axes_mut(owner);
            match self.side {
                Side::Bottom => axes.xtick_labels.push(text),
                Side::Left | Side::Right => axes.ytick_labels.push(text),
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
