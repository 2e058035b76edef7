//! Whether a chart's text can be read at the size it was asked for.
//!
//! A chart is always drawn as asked; when its text cannot all be read —
//! cell values wider than their cells, labels on top of each other or cut
//! off at the figure's edge, labels shrunk below a readable size — the
//! chart says so in [`Chart::crowding`](crate::Chart::crowding), and each
//! front end names the option of its own that helps.

use plotmill_scene::Rect;

/// Text smaller than this (points) is reported as too small to read.
const SMALLEST_READABLE: f64 = 6.0;

/// Which text of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextRole {
    /// The values written in heatmap cells.
    CellValues,
    /// Tick labels (a heatmap's row and column names).
    TickLabels,
    /// The column names along a scatter matrix.
    ColumnNames,
    /// Any other text of a chart: axis labels, titles, legend entries.
    Labels,
}

impl TextRole {
    /// How a sentence names it.
    pub fn describe(self) -> &'static str {
        match self {
            TextRole::CellValues => "the values in the cells",
            TextRole::TickLabels => "the tick labels",
            TextRole::ColumnNames => "the column names",
            TextRole::Labels => "the chart's labels and legend entries",
        }
    }
}

/// One way a chart's text cannot be read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Crowding {
    /// Text wider or taller than the room it labels (a cell, a panel), so
    /// that neighbours overlap. `grow` is how much larger the figure would
    /// have to be for it to fit.
    Overflow {
        /// Which text.
        role: TextRole,
        /// The widest such text, points.
        widest: f64,
        /// The room it has, points.
        room: f64,
        /// The factor the figure size would need.
        grow: f64,
    },
    /// Labels overlap each other or what they label.
    Overlap {
        /// Which text.
        role: TextRole,
    },
    /// Labels run past the figure's edge and are cut off.
    Clipped {
        /// Which text.
        role: TextRole,
        /// How many labels.
        count: usize,
        /// The factor the figure size would need (its margins grow with
        /// it).
        grow: f64,
    },
    /// Labels drawn smaller than is readable, to fit.
    Small {
        /// Which text.
        role: TextRole,
        /// Their size, points.
        size: f64,
        /// The factor the figure size would need for readable labels.
        grow: f64,
    },
}

impl Crowding {
    /// How much larger the figure (both sides) would have to be for this
    /// text to be read: as measured, or half as much room again for
    /// labels that overlap.
    pub fn grow(&self) -> f64 {
        match self {
            Crowding::Overflow { grow, .. }
            | Crowding::Clipped { grow, .. }
            | Crowding::Small { grow, .. } => *grow,
            Crowding::Overlap { .. } => 1.5,
        }
    }

    /// Which text it is about.
    pub fn role(&self) -> TextRole {
        match self {
            Crowding::Overflow { role, .. }
            | Crowding::Overlap { role }
            | Crowding::Clipped { role, .. }
            | Crowding::Small { role, .. } => *role,
        }
    }
}

impl std::fmt::Display for Crowding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = self.role().describe();
        match self {
            Crowding::Overflow { widest, room, .. } => write!(
                f,
                "{what} (up to {widest:.0} pt) do not fit their {room:.1} pt and overlap"
            ),
            Crowding::Overlap { .. } => write!(f, "{what} overlap"),
            Crowding::Clipped { count, .. } => write!(
                f,
                "{count} of {what} run past the figure's edge and are cut off"
            ),
            Crowding::Small { size, .. } => write!(f, "{what} are drawn at {size:.0} pt to fit"),
        }
    }
}

/// Collects what cannot be read while a chart is laid out.
#[derive(Debug, Default)]
pub(crate) struct Legibility {
    found: Vec<Crowding>,
}

impl Legibility {
    /// Texts (`boxes`) each meant to stay inside its room of `room` by
    /// `room_h` points.
    pub(crate) fn fit(&mut self, role: TextRole, boxes: &[Rect], room_w: f64, room_h: f64) {
        let widest = boxes.iter().map(|b| b.w).fold(0.0, f64::max);
        let tallest = boxes.iter().map(|b| b.h).fold(0.0, f64::max);
        let grow = (widest / room_w).max(tallest / room_h);
        if grow > 1.0 {
            self.push(Crowding::Overflow {
                role,
                widest,
                room: room_w,
                grow,
            });
        }
    }

    /// Labels of the plotting `area` that must not overlap each other, nor
    /// hide most of themselves in the area (half of a label's box; a label
    /// that runs into a frame is still read), and must stay on the
    /// `page`.
    pub(crate) fn labels(&mut self, role: TextRole, boxes: &[Rect], area: Rect, page: Rect) {
        let hidden = |b: &Rect| {
            let w = (b.right().min(area.right()) - b.x.max(area.x)).max(0.0);
            let h = (b.bottom().min(area.bottom()) - b.y.max(area.y)).max(0.0);
            w * h > 0.5 * b.w * b.h
        };
        if crate::text::any_overlap(boxes) || boxes.iter().any(hidden) {
            self.push(Crowding::Overlap { role });
        }
        // Half a point of slack: glyph ink may touch the edge. A label cut
        // off at the bottom needs the margin below the area to grow from
        // what is on the page to its whole length (margins are fractions
        // of the figure), and so on for each side.
        let mut count = 0;
        let mut grow: f64 = 1.0;
        for b in boxes {
            let sides = [
                (page.x - b.x, area.x - b.x),
                (b.right() - page.right(), b.right() - area.right()),
                (page.y - b.y, area.y - b.y),
                (b.bottom() - page.bottom(), b.bottom() - area.bottom()),
            ];
            let mut cut = false;
            for (outside, length) in sides {
                if outside > 0.5 {
                    cut = true;
                    let shown = length - outside;
                    grow = grow.max(if shown > 1.0 { length / shown } else { 2.0 });
                }
            }
            count += usize::from(cut);
        }
        if count > 0 {
            self.push(Crowding::Clipped {
                role,
                count,
                grow: grow.min(4.0),
            });
        }
    }

    /// Texts (`boxes`) that run past the edge of the `page`: how many, and
    /// how much larger the figure would have to be to hold them where they
    /// are (a legend taller than the figure needs it taller).
    pub(crate) fn off_page(&mut self, role: TextRole, boxes: &[Rect], page: Rect) {
        let mut count = 0;
        let mut grow: f64 = 1.0;
        for b in boxes {
            let (left, right) = (page.x - b.x, b.right() - page.right());
            let (top, bottom) = (page.y - b.y, b.bottom() - page.bottom());
            if left.max(right).max(top).max(bottom) > 0.5 {
                count += 1;
                let need_w = (page.w + left.max(0.0) + right.max(0.0)) / page.w;
                let need_h = (page.h + top.max(0.0) + bottom.max(0.0)) / page.h;
                grow = grow.max(need_w).max(need_h);
            }
        }
        if count > 0 {
            self.push(Crowding::Clipped {
                role,
                count,
                grow: grow.min(4.0),
            });
        }
    }

    /// Records a finding; the same kind for the same text (rows and
    /// columns) is one finding.
    fn push(&mut self, found: Crowding) {
        for known in &mut self.found {
            match (known, &found) {
                (
                    Crowding::Clipped { role, count, grow },
                    Crowding::Clipped {
                        role: r,
                        count: c,
                        grow: g,
                    },
                ) if role == r => {
                    *count += c;
                    *grow = grow.max(*g);
                    return;
                }
                (Crowding::Overlap { role }, Crowding::Overlap { role: r }) if role == r => return,
                _ => {}
            }
        }
        self.found.push(found);
    }

    /// Labels shrunk to `size` points to fit, where `natural` is the size
    /// the room gave them (before any lower bound); a figure larger by
    /// `SMALLEST_READABLE / natural` gives them a readable size.
    pub(crate) fn size(&mut self, role: TextRole, size: f64, natural: f64) {
        if size < SMALLEST_READABLE {
            self.push(Crowding::Small {
                role,
                size,
                grow: SMALLEST_READABLE / natural.max(0.1),
            });
        }
    }

    /// Labels that must not overlap each other (wherever they are).
    pub(crate) fn apart(&mut self, role: TextRole, boxes: &[Rect]) {
        if crate::text::any_overlap(boxes) {
            self.push(Crowding::Overlap { role });
        }
    }

    pub(crate) fn finish(self) -> Vec<Crowding> {
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: Rect = Rect::new(0.0, 0.0, 576.0, 432.0);
    const AREA: Rect = Rect::new(72.0, 52.0, 357.0, 333.0);

    #[test]
    fn text_that_fits_is_not_reported() {
        let mut l = Legibility::default();
        l.fit(
            TextRole::CellValues,
            &[Rect::new(0.0, 0.0, 20.0, 8.0)],
            30.0,
            20.0,
        );
        l.labels(
            TextRole::TickLabels,
            &[
                Rect::new(40.0, 60.0, 25.0, 10.0),
                Rect::new(40.0, 80.0, 25.0, 10.0),
            ],
            AREA,
            PAGE,
        );
        l.size(TextRole::ColumnNames, 10.0, 12.0);
        assert_eq!(l.finish(), []);
    }

    #[test]
    fn overflow_overlap_clipping_and_small_text_are_reported_once_each() {
        let mut l = Legibility::default();
        l.fit(
            TextRole::CellValues,
            &[Rect::new(0.0, 0.0, 27.0, 8.0)],
            9.0,
            8.0,
        );
        // Rows: two labels on top of each other, one cut at the left edge
        // (72 of the 102 points from the area's edge shown).
        let rows = [
            Rect::new(-30.0, 60.0, 40.0, 10.0),
            Rect::new(30.0, 100.0, 40.0, 10.0),
            Rect::new(30.0, 105.0, 40.0, 10.0),
        ];
        l.labels(TextRole::TickLabels, &rows, AREA, PAGE);
        // Columns: one cut at the bottom, 47 of the 94 points below the
        // area shown: the figure (and so its margins) must double.
        l.labels(
            TextRole::TickLabels,
            &[Rect::new(100.0, 385.0, 10.0, 94.0)],
            AREA,
            PAGE,
        );
        l.size(TextRole::ColumnNames, 5.0, 4.0);
        let found = l.finish();
        assert_eq!(
            found,
            [
                Crowding::Overflow {
                    role: TextRole::CellValues,
                    widest: 27.0,
                    room: 9.0,
                    grow: 3.0
                },
                Crowding::Overlap {
                    role: TextRole::TickLabels
                },
                Crowding::Clipped {
                    role: TextRole::TickLabels,
                    count: 2,
                    grow: 2.0
                },
                Crowding::Small {
                    role: TextRole::ColumnNames,
                    size: 5.0,
                    grow: 1.5
                },
            ]
        );
        assert_eq!(
            found[2].to_string(),
            "2 of the tick labels run past the figure's edge and are cut off"
        );
    }

    #[test]
    fn a_label_mostly_inside_the_area_is_hidden_by_it() {
        let mut l = Legibility::default();
        // A third inside: still read. Two thirds inside: hidden.
        l.labels(
            TextRole::ColumnNames,
            &[Rect::new(42.0, 60.0, 45.0, 10.0)],
            AREA,
            PAGE,
        );
        assert_eq!(l.finish(), []);
        let mut l = Legibility::default();
        l.labels(
            TextRole::ColumnNames,
            &[Rect::new(57.0, 60.0, 45.0, 10.0)],
            AREA,
            PAGE,
        );
        assert_eq!(
            l.finish(),
            [Crowding::Overlap {
                role: TextRole::ColumnNames
            }]
        );
    }
}
