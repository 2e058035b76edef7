//! seaborn's beeswarm (`Beeswarm.beeswarm`): markers placed along a
//! category's line so that none overlaps another, each as close to the
//! line as it can be, in the order of their values.
//!
//! Coordinates are page points: `across` runs across the category (left
//! to right, or bottom to top for horizontal charts, as matplotlib's
//! display coordinates run), `along` the value axis.

/// A marker: its position across and along, and its radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Disc {
    pub(crate) across: f64,
    pub(crate) along: f64,
    pub(crate) radius: f64,
}

/// The markers moved across so that none overlaps another: placed in
/// order of `along` (ties in their given order), each at the candidate
/// nearest the first marker's line among those clear of every marker
/// already placed near it. Returns the new `across` of each marker, in
/// the given order.
pub(crate) fn beeswarm(discs: &[Disc]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..discs.len()).collect();
    order.sort_by(|&a, &b| discs[a].along.total_cmp(&discs[b].along));
    let Some(&first) = order.first() else {
        return Vec::new();
    };
    let midline = discs[first].across;
    let mut swarm: Vec<Disc> = Vec::with_capacity(discs.len());
    let mut placed = vec![0.0; discs.len()];
    let mut candidates: Vec<Disc> = Vec::new();
    for &k in &order {
        let d = discs[k];
        // The placed markers close enough along to touch it: the last
        // ones placed, as they are in order of value.
        let start = swarm
            .iter()
            .rposition(|s| d.along - s.along >= d.radius + s.radius)
            .map_or(0, |p| p + 1);
        let neighbors = &swarm[start..];
        candidates.clear();
        candidates.push(d);
        let mut left_first = true;
        for n in neighbors {
            let dy = d.along - n.along;
            let reach = ((d.radius + n.radius).powi(2) - dy * dy).max(0.0).sqrt() * 1.05;
            let left = Disc {
                across: n.across - reach,
                ..d
            };
            let right = Disc {
                across: n.across + reach,
                ..d
            };
            if left_first {
                candidates.extend([left, right]);
            } else {
                candidates.extend([right, left]);
            }
            left_first = !left_first;
        }
        // Nearest the midline first (a stable sort: ties keep their order).
        candidates.sort_by(|a, b| {
            (a.across - midline)
                .abs()
                .total_cmp(&(b.across - midline).abs())
        });
        let clear = |c: &Disc| {
            neighbors.iter().all(|n| {
                let (dx, dy) = (n.across - c.across, n.along - c.along);
                dx * dx + dy * dy >= (n.radius + c.radius).powi(2)
            })
        };
        // One candidate always clears: the one beyond every neighbour on
        // a side (seaborn raises if none does; keep the marker where it
        // was instead).
        let chosen = candidates.iter().copied().find(clear).unwrap_or(d);
        placed[k] = chosen.across;
        swarm.push(chosen);
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_spread_out_alternately_and_never_overlap() {
        let discs: Vec<Disc> = (0..5)
            .map(|_| Disc {
                across: 100.0,
                along: 50.0,
                radius: 2.0,
            })
            .collect();
        let placed = beeswarm(&discs);
        // The first on the line, then a pair each side, 4.2 apart.
        assert_eq!(placed[0], 100.0);
        let mut sorted = placed.clone();
        sorted.sort_by(f64::total_cmp);
        for w in sorted.windows(2) {
            assert!(w[1] - w[0] >= 4.0 - 1e-9, "{sorted:?}");
        }
        assert!(((sorted[4] - 100.0) - (100.0 - sorted[0])).abs() < 1e-9);
    }

    #[test]
    fn distant_values_stay_on_the_line() {
        let discs: Vec<Disc> = (0..4)
            .map(|i| Disc {
                across: 10.0,
                along: f64::from(i) * 10.0,
                radius: 2.0,
            })
            .collect();
        assert_eq!(beeswarm(&discs), vec![10.0; 4]);
        assert!(beeswarm(&[]).is_empty());
    }
}
