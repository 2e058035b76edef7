//! Contour lines of a grid of values (matplotlib's `contour`): marching
//! squares, each crossing placed on its cell edge by linear interpolation,
//! a saddle cell split by the mean of its corners, and the pieces joined
//! into polylines (open where they leave the grid, closed rings otherwise).

/// The lines where values on the grid `xs` × `ys` cross `level`; `z` is
/// row by row, `z[i * xs.len() + j]` at (`xs[j]`, `ys[i]`). A point is
/// above the level when its value is greater (NaN is never above). Each
/// line is its points in order; a closed ring ends where it starts.
pub(crate) fn lines(xs: &[f64], ys: &[f64], z: &[f64], level: f64) -> Vec<Vec<(f64, f64)>> {
    let (nx, ny) = (xs.len(), ys.len());
    if nx < 2 || ny < 2 || z.len() != nx * ny {
        return Vec::new();
    }
    let above = |i: usize, j: usize| z[i * nx + j] > level;
    // Edges: horizontal (i, j)–(i, j + 1) is 2 (i nx + j), vertical
    // (i, j)–(i + 1, j) is 2 (i nx + j) + 1. Each crossing edge holds the
    // (at most two) pieces that end on it.
    let mut ends: Vec<[u32; 2]> = vec![[NONE, NONE]; 2 * nx * ny];
    let mut pieces: Vec<[usize; 2]> = Vec::new();
    let attach = |edge: usize, piece: u32, ends: &mut [[u32; 2]]| {
        let slot = &mut ends[edge];
        if slot[0] == NONE {
            slot[0] = piece;
        } else {
            slot[1] = piece;
        }
    };
    for i in 0..ny - 1 {
        for j in 0..nx - 1 {
            let (a, b, c, d) = (
                above(i, j),
                above(i, j + 1),
                above(i + 1, j + 1),
                above(i + 1, j),
            );
            let case =
                usize::from(a) | usize::from(b) << 1 | usize::from(c) << 2 | usize::from(d) << 3;
            if case == 0 || case == 15 {
                continue;
            }
            let bottom = 2 * (i * nx + j);
            let top = 2 * ((i + 1) * nx + j);
            let left = 2 * (i * nx + j) + 1;
            let right = 2 * (i * nx + j + 1) + 1;
            let mut add = |e: usize, f: usize| {
                let k = pieces.len() as u32;
                pieces.push([e, f]);
                attach(e, k, &mut ends);
                attach(f, k, &mut ends);
            };
            match case {
                1 | 14 => add(left, bottom),
                2 | 13 => add(bottom, right),
                3 | 12 => add(left, right),
                4 | 11 => add(right, top),
                6 | 9 => add(bottom, top),
                7 | 8 => add(left, top),
                5 | 10 => {
                    // A saddle: the corners above are joined through the
                    // middle when the mean of the four is above.
                    let mean = (z[i * nx + j]
                        + z[i * nx + j + 1]
                        + z[(i + 1) * nx + j + 1]
                        + z[(i + 1) * nx + j])
                        / 4.0;
                    let joined = mean > level;
                    if (case == 5) == joined {
                        add(left, top);
                        add(bottom, right);
                    } else {
                        add(left, bottom);
                        add(right, top);
                    }
                }
                _ => {}
            }
        }
    }
    let point = |edge: usize| -> (f64, f64) {
        let k = edge / 2;
        let (i, j) = (k / nx, k % nx);
        let (i2, j2) = if edge.is_multiple_of(2) {
            (i, j + 1)
        } else {
            (i + 1, j)
        };
        let (za, zb) = (z[i * nx + j], z[i2 * nx + j2]);
        let t = ((level - za) / (zb - za)).clamp(0.0, 1.0);
        (xs[j] + (xs[j2] - xs[j]) * t, ys[i] + (ys[i2] - ys[i]) * t)
    };
    // Join the pieces: first from the edges with one piece (the lines'
    // open ends, on the grid's border), then round the rings.
    let mut used = vec![false; pieces.len()];
    let mut out = Vec::new();
    let walk = |start_piece: usize, start_edge: usize, used: &mut [bool]| {
        let mut line = vec![point(start_edge)];
        let (mut piece, mut edge) = (start_piece, start_edge);
        loop {
            used[piece] = true;
            let [e, f] = pieces[piece];
            let next_edge = if e == edge { f } else { e };
            line.push(point(next_edge));
            let [p, q] = ends[next_edge];
            let next = [p, q].into_iter().find(|&k| k != NONE && !used[k as usize]);
            match next {
                Some(k) => (piece, edge) = (k as usize, next_edge),
                None => break,
            }
        }
        line
    };
    for (k, piece) in pieces.iter().enumerate() {
        if used[k] {
            continue;
        }
        for &e in piece {
            if ends[e][1] == NONE && !used[k] {
                out.push(walk(k, e, &mut used));
            }
        }
    }
    for k in 0..pieces.len() {
        if !used[k] {
            let start = pieces[k][0];
            out.push(walk(k, start, &mut used));
        }
    }
    out
}

/// No piece.
const NONE: u32 = u32::MAX;

/// Where the grid's values are above `level`, as closed rings (a point is
/// inside when an odd number of them surround it): the area matplotlib's
/// `contourf` fills from `level` up. The grid is ringed by values below
/// the level so that every line closes, then the rings are cut back to
/// the grid's extent, where the area ends.
pub(crate) fn superlevel_rings(
    xs: &[f64],
    ys: &[f64],
    z: &[f64],
    level: f64,
) -> Vec<Vec<(f64, f64)>> {
    let (nx, ny) = (xs.len(), ys.len());
    if nx < 2 || ny < 2 || z.len() != nx * ny || !level.is_finite() {
        return Vec::new();
    }
    let widen = |v: &[f64]| {
        let n = v.len();
        let mut out = Vec::with_capacity(n + 2);
        out.push(v[0] - (v[1] - v[0]));
        out.extend_from_slice(v);
        out.push(v[n - 1] + (v[n - 1] - v[n - 2]));
        out
    };
    let (px, py) = (widen(xs), widen(ys));
    let below = level - 1.0 - level.abs();
    let mut pz = vec![below; (nx + 2) * (ny + 2)];
    for (i, row) in z.chunks_exact(nx).enumerate() {
        let at = (i + 1) * (nx + 2) + 1;
        pz[at..at + nx].copy_from_slice(row);
    }
    let (x0, x1) = (xs[0].min(xs[nx - 1]), xs[0].max(xs[nx - 1]));
    let (y0, y1) = (ys[0].min(ys[ny - 1]), ys[0].max(ys[ny - 1]));
    let extent = plotmill_scene::Rect::new(x0, y0, x1 - x0, y1 - y0);
    lines(&px, &py, &pz, level)
        .into_iter()
        .map(|ring| {
            let points: Vec<plotmill_scene::Point> = ring
                .iter()
                .map(|&(x, y)| plotmill_scene::Point::new(x, y))
                .collect();
            crate::compose::clip_polygon(&points, extent)
                .into_iter()
                .map(|p| (p.x, p.y))
                .collect::<Vec<_>>()
        })
        .filter(|ring| ring.len() >= 3)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::superlevel_rings;

    /// Whether (x, y) is inside an odd number of the rings.
    fn inside(rings: &[Vec<(f64, f64)>], (x, y): (f64, f64)) -> bool {
        let mut odd = false;
        for ring in rings {
            for k in 0..ring.len() {
                let (a, b) = (ring[k], ring[(k + 1) % ring.len()]);
                if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0) {
                    odd = !odd;
                }
            }
        }
        odd
    }

    #[test]
    fn superlevel_areas_have_their_holes_and_end_at_the_grid() {
        // A ring-shaped ridge: high at distance 3 from the middle, low in
        // the middle and far out.
        let xs: Vec<f64> = (0..41).map(|k| f64::from(k) * 0.25 - 5.0).collect();
        let ys = xs.clone();
        let f = |x: f64, y: f64| (-((x * x + y * y).sqrt() - 3.0).powi(2)).exp();
        let z: Vec<f64> = ys
            .iter()
            .flat_map(|&y| xs.iter().map(move |&x| f(x, y)))
            .collect();
        let rings = superlevel_rings(&xs, &ys, &z, 0.5);
        assert_eq!(rings.len(), 2, "the outside of the ridge and its hole");
        for p in [(3.0, 0.0), (0.0, -3.0), (2.1, 2.1)] {
            assert!(inside(&rings, p), "{p:?} is on the ridge");
        }
        for p in [(0.0, 0.0), (0.5, -0.5), (4.9, 4.9), (-4.5, 0.0)] {
            assert!(!inside(&rings, p), "{p:?} is off the ridge");
        }
        // Above the level at the grid's edge: the area ends at the edge.
        let z: Vec<f64> = ys.iter().flat_map(|_| xs.iter().copied()).collect();
        let rings = superlevel_rings(&xs, &ys, &z, 1.0);
        assert_eq!(rings.len(), 1);
        let (lo, hi) = rings[0]
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
        assert!((lo - 1.0).abs() < 1e-12 && hi == 5.0, "{lo} {hi}");
        assert!(rings[0].iter().all(|p| (-5.0..=5.0).contains(&p.1)));
        assert!(superlevel_rings(&xs, &ys, &z, 9.0).is_empty());
    }

    use super::*;

    fn grid(n: usize, f: impl Fn(f64, f64) -> f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let xs: Vec<f64> = (0..n)
            .map(|k| -1.0 + 2.0 * k as f64 / (n - 1) as f64)
            .collect();
        let ys = xs.clone();
        let z = ys
            .iter()
            .flat_map(|&y| xs.iter().map(|&x| f(x, y)).collect::<Vec<_>>())
            .collect();
        (xs, ys, z)
    }

    #[test]
    fn a_bump_gives_one_closed_circle_per_level() {
        let (xs, ys, z) = grid(41, |x, y| (-(x * x + y * y) * 4.0).exp());
        for level in [0.1, 0.5, 0.9] {
            let l = lines(&xs, &ys, &z, level);
            assert_eq!(l.len(), 1, "{level}");
            let ring = &l[0];
            assert_eq!(ring.first(), ring.last(), "closed");
            // On the circle exp(-4 r²) = level, to within the grid's
            // interpolation error.
            let r = (-level.ln() / 4.0).sqrt();
            for &(x, y) in ring {
                assert!(
                    ((x * x + y * y).sqrt() - r).abs() < 0.01,
                    "{level}: {x} {y}"
                );
            }
        }
        assert!(lines(&xs, &ys, &z, 1.5).is_empty());
    }

    #[test]
    fn a_slope_gives_one_open_line_across_the_grid() {
        let (xs, ys, z) = grid(11, |x, _| x);
        let l = lines(&xs, &ys, &z, 0.25);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].len(), 11);
        assert!(l[0].iter().all(|&(x, _)| (x - 0.25).abs() < 1e-12));
    }

    #[test]
    fn two_bumps_give_two_rings_and_a_saddle_is_split_by_its_mean() {
        let (xs, ys, z) = grid(61, |x, y| {
            (-((x - 0.5).powi(2) + y * y) * 20.0).exp()
                + (-((x + 0.5).powi(2) + y * y) * 20.0).exp()
        });
        assert_eq!(lines(&xs, &ys, &z, 0.5).len(), 2);
        assert_eq!(lines(&xs, &ys, &z, 0.01).len(), 1);
        // One cell, above at two opposite corners.
        let (xs, ys) = (vec![0.0, 1.0], vec![0.0, 1.0]);
        let z = [1.0, 0.0, 0.0, 1.0];
        assert_eq!(lines(&xs, &ys, &z, 0.4).len(), 2);
        assert_eq!(lines(&xs, &ys, &z, 0.6).len(), 2);
    }
}
