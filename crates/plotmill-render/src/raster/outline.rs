//! The outline of a closed polygon with round joins (matplotlib's
//! collections: a violin's body, a filled density, a histogram's steps),
//! as contours for the coverage fill.
//!
//! Each side of the polygon is offset by half the line's width and walked
//! as one contour: the second side backwards, so that the band between
//! the two winds once and the inside of the polygon not at all. Where a
//! side is outside a turn, its two offset segments are joined by an arc
//! about the corner (chords within the fill's tolerance of the circle);
//! where it is inside, by way of the corner itself (the loop that makes
//! lies in the band, where the non-zero rule counts it once; joining the
//! offsets where they cross instead folds the inside of a tight curve
//! into a hole). That is the outline a stroker such as tiny-skia's makes,
//! with no curves to flatten and no path in between: the edges go
//! straight into [`Coverage`].

use super::coverage::{Coverage, TOLERANCE};

/// Adds to `cov` the outline, `half` pixels either side, of the closed
/// polygon through `points` (pixels; points that are not finite are
/// passed over, and the last joins the first), joined round. The corners
/// are kept in `cov`'s memory for them.
pub(super) fn round_outline(
    cov: &mut Coverage,
    points: impl IntoIterator<Item = (f32, f32)>,
    half: f32,
) {
    let mut ring = std::mem::take(&mut cov.ring);
    outline_ring(cov, points, half, &mut ring);
    cov.ring = ring;
}

/// [`round_outline`] with the corners' memory lent out of `cov`.
fn outline_ring(
    cov: &mut Coverage,
    points: impl IntoIterator<Item = (f32, f32)>,
    half: f32,
    ring: &mut Vec<(f32, f32)>,
) {
    ring.clear();
    for p in points {
        if p.0.is_finite() && p.1.is_finite() && !ring.last().is_some_and(|&q| near(p, q)) {
            ring.push(p);
        }
    }
    while ring.len() > 1 && near(ring[0], ring[ring.len() - 1]) {
        ring.pop();
    }
    if ring.len() < 2 || !(half > 0.0 && half.is_finite()) {
        return;
    }
    // The widest angle an arc's chord may span and stay within the
    // tolerance of the circle (any, for a circle smaller than it).
    let step = 2.0 * (1.0 - TOLERANCE / half).clamp(-1.0, 1.0).acos();
    side(cov, ring, half, step);
    // Two corners are one segment there and back: its one contour is the
    // whole outline (the other side's would go round it again).
    if ring.len() > 2 {
        ring.reverse();
        side(cov, ring, half, step);
    }
}

/// Whether two corners are one: closer than 1/1024 pixel either way, as a
/// stroker passes over a segment too short to have a direction. (Two
/// corners a rounding error apart at a violin's tip, the one past the
/// other, would turn the outline right round and over itself there.)
fn near(p: (f32, f32), q: (f32, f32)) -> bool {
    const EPSILON: f32 = 1.0 / 1024.0;
    (p.0 - q.0).abs() <= EPSILON && (p.1 - q.1).abs() <= EPSILON
}

/// The contour of the offset `half` to one side of each segment of the
/// closed `ring` (along the normal (−dy, dx), its left with y up), joined
/// at each corner.
fn side(cov: &mut Coverage, ring: &[(f32, f32)], half: f32, step: f32) {
    let n = ring.len();
    // Segment i's offset (half times its normal), from ring[i] to
    // ring[i + 1].
    let offset = |i: usize| {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = dx.hypot(dy);
        (-dy / len * half, dx / len * half)
    };
    let (cos_step, h2) = (step.cos(), half * half);
    let mut started = false;
    let mut to = |cov: &mut Coverage, x: f32, y: f32| {
        if started {
            cov.line_to(x, y);
        } else {
            cov.move_to(x, y);
            started = true;
        }
    };
    let mut a = offset(n - 1);
    for (j, &p) in ring.iter().enumerate() {
        let b = offset(j);
        // The turn from the segment before to the one after, by their
        // offsets (each `half` long): cross > 0 turns to this side.
        let cross = a.0 * b.1 - a.1 * b.0;
        let dot = a.0 * b.0 + a.1 * b.1;
        if cross > 0.0 {
            // Inside the turn: by way of the corner.
            to(cov, p.0 + a.0, p.1 + a.1);
            to(cov, p.0, p.1);
            to(cov, p.0 + b.0, p.1 + b.1);
        } else {
            // Outside (or straight on): an arc from a to b about the
            // corner, turning with the path (a U-turn's half circle goes
            // round the front).
            to(cov, p.0 + a.0, p.1 + a.1);
            if dot < cos_step * h2 {
                let sweep = if cross < 0.0 {
                    cross.atan2(dot)
                } else {
                    -std::f32::consts::PI
                };
                // At most 256 chords: a line so wide that its arcs need
                // more reaches far past the page.
                let steps = (sweep.abs() / step).ceil().clamp(1.0, 256.0);
                let (s, c) = (sweep / steps).sin_cos();
                let mut v = a;
                for _ in 1..steps as usize {
                    v = (v.0 * c - v.1 * s, v.0 * s + v.1 * c);
                    to(cov, p.0 + v.0, p.1 + v.1);
                }
            }
            to(cov, p.0 + b.0, p.1 + b.1);
        }
        a = b;
    }
    cov.close();
}

#[cfg(test)]
mod tests {
    use plotmill_scene::Color;
    use tiny_skia::{LineJoin, PathBuilder, Pixmap};

    use super::*;
    use crate::raster::alphas_of;
    use crate::raster::coverage::Rule;

    /// `ring`'s round-joined outline `width` wide, as drawn here and as
    /// tiny-skia's stroker outlines it (both filled by coverage), on
    /// transparent pages.
    fn both(ring: &[(f32, f32)], width: f32) -> (Vec<f32>, Vec<f32>) {
        let mut cov = Coverage::default();
        let mut ours = Pixmap::new(120, 100).unwrap();
        cov.clear();
        round_outline(&mut cov, ring.iter().copied(), width / 2.0);
        assert!(cov.fill(&mut ours, Color::BLACK, Rule::NonZero));
        let mut pb = PathBuilder::new();
        pb.move_to(ring[0].0, ring[0].1);
        for p in &ring[1..] {
            pb.line_to(p.0, p.1);
        }
        pb.close();
        let style = tiny_skia::Stroke {
            width,
            line_join: LineJoin::Round,
            ..tiny_skia::Stroke::default()
        };
        let outline = pb.finish().unwrap().stroke(&style, 1.0).unwrap();
        let mut theirs = Pixmap::new(120, 100).unwrap();
        cov.clear();
        cov.add_path(&outline);
        assert!(cov.fill(&mut theirs, Color::BLACK, Rule::NonZero));
        (alphas_of(&ours), alphas_of(&theirs))
    }

    #[test]
    fn outlines_are_tiny_skias_round_joined_strokes() {
        // A violin's body (smooth sides, a needle-thin tip at each end); a
        // triangle with a 6° corner; a square; a star (sharp corners both
        // ways); a density's tail along its base (the curve a fifth of a
        // pixel above the base for a long way).
        let violin: Vec<(f32, f32)> = {
            let side: Vec<(f32, f32)> = (0..100)
                .map(|i| {
                    let t = i as f32 / 99.0;
                    let w = 22.0 * (std::f32::consts::PI * t).sin() * (1.0 + 0.3 * (9.0 * t).sin());
                    (w, 8.0 + 84.0 * t)
                })
                .collect();
            let right = side.iter().map(|&(w, y)| (60.0 + w, y));
            right
                .chain(side.iter().rev().map(|&(w, y)| (60.0 - w, y)))
                .collect()
        };
        let star: Vec<(f32, f32)> = (0..10)
            .map(|k| {
                let r = if k % 2 == 0 { 40.0 } else { 12.0 };
                let a = k as f32 * std::f32::consts::PI / 5.0;
                (60.0 + r * a.sin(), 50.0 - r * a.cos())
            })
            .collect();
        let tail: Vec<(f32, f32)> = (0..60)
            .map(|i| {
                let x = 10.0 + i as f32 * 1.6;
                (x, 80.0 - 0.2 - 30.0 * (-((100.0 - x) / 20.0).powi(2)).exp())
            })
            .chain([(106.0, 80.0), (10.0, 80.0)])
            .collect();
        let shapes: [(&str, Vec<(f32, f32)>); 5] = [
            ("violin", violin),
            (
                "thin triangle",
                vec![(10.0, 50.0), (110.0, 45.0), (110.0, 55.5)],
            ),
            (
                "square",
                vec![(20.0, 20.0), (80.0, 20.0), (80.0, 80.0), (20.0, 80.0)],
            ),
            ("star", star),
            ("tail", tail),
        ];
        for (name, ring) in &shapes {
            for width in [1.0, 1.74, 2.5, 8.0] {
                let (ours, theirs) = both(ring, width);
                let worst = ours
                    .iter()
                    .zip(&theirs)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f32::max);
                let (sum_ours, sum_theirs): (f32, f32) = (ours.iter().sum(), theirs.iter().sum());
                assert!(worst <= 0.1, "{name} {width}: a pixel off by {worst}");
                assert!(
                    (sum_ours - sum_theirs).abs() <= 0.005 * sum_theirs,
                    "{name} {width}: ink {sum_ours} against {sum_theirs}"
                );
            }
        }
    }

    #[test]
    fn two_corners_outline_their_segment_once() {
        // There and back: the segment with round ends, its area 2hL + πh²
        // (tiny-skia's stroker goes round it twice and overfills its
        // edges).
        let (a, b) = ((20.0f32, 30.0f32), (90.0f32, 70.0f32));
        let len = (b.0 - a.0).hypot(b.1 - a.1);
        for width in [1.0f32, 3.0, 8.0] {
            let mut cov = Coverage::default();
            let mut page = Pixmap::new(120, 100).unwrap();
            round_outline(&mut cov, [a, b], width / 2.0);
            assert!(cov.fill(&mut page, Color::BLACK, Rule::NonZero));
            let ink: f32 = alphas_of(&page).iter().sum();
            let h = width / 2.0;
            let area = 2.0 * h * len + std::f32::consts::PI * h * h;
            assert!(
                (ink - area).abs() <= 0.01 * area,
                "{width}: {ink} vs {area}"
            );
        }
    }

    #[test]
    fn nothing_to_outline_draws_nothing() {
        let mut cov = Coverage::default();
        for (points, half) in [
            (vec![(5.0, 5.0)], 1.0),
            (vec![(5.0, 5.0), (5.0, 5.0), (5.0, 5.0)], 1.0),
            (vec![(f32::NAN, 5.0), (9.0, f32::INFINITY)], 1.0),
            (vec![(5.0, 5.0), (9.0, 5.0), (9.0, 9.0)], 0.0),
            (vec![(5.0, 5.0), (9.0, 5.0), (9.0, 9.0)], f32::NAN),
        ] {
            let mut page = Pixmap::new(20, 20).unwrap();
            cov.clear();
            round_outline(&mut cov, points.iter().copied(), half);
            assert!(cov.fill(&mut page, Color::BLACK, Rule::NonZero));
            assert!(
                alphas_of(&page).iter().all(|&a| a == 0.0),
                "{points:?} {half}"
            );
        }
    }
}
