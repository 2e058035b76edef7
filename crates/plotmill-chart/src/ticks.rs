//! Tick positions and labels as matplotlib chooses them: `AutoLocator`
//! (`MaxNLocator` with steps 1, 2, 2.5, 5, 10) and `ScalarFormatter`.

/// `MaxNLocator`'s steps, extended one decade down and up ("staircase").
const STEPS: [f64; 10] = [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0];
/// The fewest ticks the locator settles for.
const MIN_TICKS: usize = 2;

/// How many intervals fit along an axis of `length` points whose labels are
/// `font_size` points: matplotlib's `get_tick_space` (labels need twice their
/// size on a vertical axis, three times on a horizontal one), clipped to 1..=9.
pub fn tick_space(length: f64, font_size: f64, vertical: bool) -> usize {
    let per = font_size * if vertical { 2.0 } else { 3.0 };
    ((length / per).floor() as usize).clamp(1, 9)
}

/// Tick values for the view `[vmin, vmax]` with at most `nbins` intervals,
/// as `MaxNLocator.tick_values` gives them (including ticks just outside).
pub fn tick_values(vmin: f64, vmax: f64, nbins: usize) -> Vec<f64> {
    let (vmin, vmax) = nonsingular(vmin, vmax);
    let nbins = nbins.max(1) as f64;
    let (scale, offset) = scale_range(vmin, vmax, nbins);
    let (lo, hi) = (vmin - offset, vmax - offset);
    let raw_step = (hi - lo) / nbins;
    let steps: Vec<f64> = STEPS.iter().map(|s| s * scale).collect();
    let istep = steps
        .iter()
        .position(|&s| s >= raw_step)
        .unwrap_or(steps.len() - 1);
    let mut ticks = Vec::new();
    for &step in steps[..=istep].iter().rev() {
        let best_vmin = (lo / step).floor() * step;
        let edge = Edge {
            step,
            offset: offset.abs(),
        };
        let low = edge.le(lo - best_vmin);
        let high = edge.ge(hi - best_vmin);
        ticks = (low as i64..=high as i64)
            .map(|k| k as f64 * step + best_vmin)
            .collect();
        let shown = ticks.iter().filter(|&&t| t >= lo && t <= hi).count();
        if shown >= MIN_TICKS {
            break;
        }
    }
    ticks.into_iter().map(|t| t + offset).collect()
}

/// The ticks of `tick_values` that lie in the view (with matplotlib's small
/// tolerance), which are the ones drawn.
pub fn visible(ticks: &[f64], vmin: f64, vmax: f64) -> Vec<f64> {
    let (lo, hi) = if vmin <= vmax {
        (vmin, vmax)
    } else {
        (vmax, vmin)
    };
    let tol = (hi - lo).abs() * 1e-10;
    ticks
        .iter()
        .copied()
        .filter(|&t| t >= lo - tol && t <= hi + tol)
        .collect()
}

fn scale_range(vmin: f64, vmax: f64, n: f64) -> (f64, f64) {
    let dv = (vmax - vmin).abs();
    let meanv = (vmax + vmin) / 2.0;
    let offset = if meanv.abs() / dv < 100.0 {
        0.0
    } else {
        10f64.powf(meanv.abs().log10().floor()).copysign(meanv)
    };
    (10f64.powf((dv / n).log10().floor()), offset)
}

/// matplotlib's `nonsingular` with its locator defaults: an empty or tiny
/// range is widened so that ticks can be placed.
fn nonsingular(mut vmin: f64, mut vmax: f64) -> (f64, f64) {
    if !vmin.is_finite() || !vmax.is_finite() {
        return (-0.001, 0.001);
    }
    if vmax < vmin {
        std::mem::swap(&mut vmin, &mut vmax);
    }
    let maxabs = vmin.abs().max(vmax.abs());
    if maxabs < 1e6 * f64::MIN_POSITIVE {
        return (-1e-13, 1e-13);
    }
    if vmax - vmin <= maxabs * 1e-14 {
        if vmax == 0.0 && vmin == 0.0 {
            return (-1e-13, 1e-13);
        }
        vmin -= 1e-13 * vmin.abs();
        vmax += 1e-13 * vmax.abs();
    }
    (vmin, vmax)
}

/// Integer multiples of a step, with slack for floating-point error.
struct Edge {
    step: f64,
    offset: f64,
}

impl Edge {
    fn close_to(&self, ms: f64, edge: f64) -> bool {
        let tol = if self.offset > 0.0 {
            let digits = (self.offset / self.step).log10();
            10f64.powf(digits - 12.0).clamp(1e-10, 0.4999)
        } else {
            1e-10
        };
        (ms - edge).abs() < tol
    }

    fn le(&self, x: f64) -> f64 {
        let (d, m) = divmod(x, self.step);
        if self.close_to(m / self.step, 1.0) {
            d + 1.0
        } else {
            d
        }
    }

    fn ge(&self, x: f64) -> f64 {
        let (d, m) = divmod(x, self.step);
        if self.close_to(m / self.step, 0.0) {
            d
        } else {
            d + 1.0
        }
    }
}

/// Python's `divmod` for floats: floor division and a remainder with the
/// divisor's sign.
fn divmod(x: f64, y: f64) -> (f64, f64) {
    let m = x.rem_euclid(y);
    ((x - m) / y, m)
}

/// Labels for `ticks` as `ScalarFormatter` writes them: the fewest decimals
/// that show every tick exactly (to a thousandth of the range), the same for
/// all, with a Unicode minus sign.
pub fn labels(ticks: &[f64]) -> Vec<String> {
    let decimals = decimals(ticks);
    ticks
        .iter()
        .map(|&t| {
            let t = if t == 0.0 { 0.0 } else { t };
            let s = format!("{t:.decimals$}");
            // "-0.00" prints as "0.00", as matplotlib's fix_minus path does
            // for a value that rounds to zero.
            let s = if s
                .trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
            {
                s.trim_start_matches('-').to_owned()
            } else {
                s
            };
            s.replace('-', "\u{2212}")
        })
        .collect()
}

fn decimals(ticks: &[f64]) -> usize {
    let (lo, hi) = ticks
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &t| {
            (a.min(t), b.max(t))
        });
    let mut range = hi - lo;
    if range == 0.0 || !range.is_finite() {
        range = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    }
    if range == 0.0 || !range.is_finite() {
        range = 1.0;
    }
    let oom = range.log10().floor() as i32;
    let mut sigfigs = (3 - oom).max(0);
    let thresh = 1e-3 * 10f64.powi(oom);
    while sigfigs >= 0 {
        let p = 10f64.powi(sigfigs);
        let worst = ticks
            .iter()
            .map(|&t| (t - round_half_even(t * p) / p).abs())
            .fold(0.0, f64::max);
        if worst < thresh {
            sigfigs -= 1;
        } else {
            break;
        }
    }
    (sigfigs + 1) as usize
}

/// numpy rounds halves to even.
fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-9 * (1.0 + y.abs()), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn matches_matplotlib_for_many_ranges() {
        // matplotlib 3.11: MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10]).tick_values(vmin, vmax)
        close(
            &tick_values(-0.9049358841169994, 1.0, 9),
            &[-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0],
        );
        close(&tick_values(0.0, 1.0, 9), &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        close(
            &tick_values(0.0, 100.0, 9),
            &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0],
        );
        close(
            &tick_values(-3.0, 7.0, 5),
            &[-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0],
        );
        close(
            &tick_values(1e5, 1.0001e5, 9),
            &[100000.0, 100002.0, 100004.0, 100006.0, 100008.0, 100010.0],
        );
        close(
            &tick_values(0.001, 0.0042, 4),
            &[0.001, 0.002, 0.003, 0.004, 0.005],
        );
        close(
            &tick_values(5.0, 5.0, 9),
            &[
                4.9999999999994,
                4.9999999999996,
                4.9999999999998,
                5.0,
                5.0000000000002,
                5.0000000000004,
                5.0000000000006,
            ],
        );
    }

    #[test]
    fn tick_space_follows_label_size() {
        assert_eq!(tick_space(332.64, 10.0, true), 9);
        assert_eq!(tick_space(60.0, 10.0, true), 3);
        assert_eq!(tick_space(5.0, 10.0, false), 1);
    }

    #[test]
    fn labels_like_scalar_formatter() {
        let t = [-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0];
        assert_eq!(
            labels(&t),
            [
                "−1.00", "−0.75", "−0.50", "−0.25", "0.00", "0.25", "0.50", "0.75", "1.00"
            ]
        );
        assert_eq!(labels(&[0.0, 0.2, 0.4]), ["0.0", "0.2", "0.4"]);
        assert_eq!(labels(&[0.0, 20.0, 40.0]), ["0", "20", "40"]);
        assert_eq!(visible(&t, -0.9, 1.0).len(), 8);
    }
}
