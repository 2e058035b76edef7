//! Tick positions and labels as matplotlib chooses them: `AutoLocator`
//! (`MaxNLocator` with steps 1, 2, 2.5, 5, 10) and `ScalarFormatter`, with
//! its offset and scientific text (`1e6` at the axis' end rather than
//! `−2000000` in every label).

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
    ticks_with_steps(vmin, vmax, nbins, &STEPS)
}

/// `MaxNLocator`'s own default steps (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10),
/// extended one decade down and up as `_staircase` does.
fn max_n_steps() -> Vec<f64> {
    let steps = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];
    let mut all: Vec<f64> = steps[..steps.len() - 1].iter().map(|s| 0.1 * s).collect();
    all.extend(steps);
    all.push(10.0 * steps[1]);
    all
}

/// Tick values as a bare `MaxNLocator(nbins)` gives them (its default
/// steps, not `AutoLocator`'s), as seaborn picks a brief legend's values.
pub fn max_n_tick_values(vmin: f64, vmax: f64, nbins: usize) -> Vec<f64> {
    ticks_with_steps(vmin, vmax, nbins, &max_n_steps())
}

/// `MaxNLocator.tick_values` with the extended steps `staircase`.
fn ticks_with_steps(vmin: f64, vmax: f64, nbins: usize, staircase: &[f64]) -> Vec<f64> {
    let (vmin, vmax) = nonsingular(vmin, vmax);
    let nbins = nbins.max(1) as f64;
    let (scale, offset) = scale_range(vmin, vmax, nbins);
    let (lo, hi) = (vmin - offset, vmax - offset);
    let raw_step = (hi - lo) / nbins;
    let steps: Vec<f64> = staircase.iter().map(|s| s * scale).collect();
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

/// matplotlib's `ScalarFormatter` with its defaults (an offset when it
/// saves 4 or more digits, scientific notation outside 1e-5..1e6, Unicode
/// minus, no math text): the tick labels and the text at the end of the
/// axis that they are relative to (`1e6`, `+1.2345e5`, `1e−12+1.35975e−7`).
/// Made from the ticks and the axis' view interval, as `set_locs` does.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarFormatter {
    offset: f64,
    order: i32,
    decimals: usize,
    empty: bool,
}

/// Python's `10 ** n` for a float result: C's `pow`, not repeated
/// multiplication (the last bit can differ).
fn pow10(n: f64) -> f64 {
    10f64.powf(n)
}

/// Python's float floor division `a // b` (fmod-based, as CPython does it,
/// which is not always `floor(a / b)`).
pub(crate) fn floordiv(a: f64, b: f64) -> f64 {
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div == 0.0 {
        return 0f64.copysign(a / b);
    }
    let mut fd = div.floor();
    if div - fd > 0.5 {
        fd += 1.0;
    }
    fd
}

/// Python's float remainder `a % b` (the sign of `b`).
pub(crate) fn pymod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        m + b
    } else {
        m
    }
}

impl ScalarFormatter {
    /// The formatter for ticks `locs` on an axis showing `view` (its ends,
    /// in either order).
    pub fn new(locs: &[f64], view: (f64, f64)) -> Self {
        let (vmin, vmax) = if view.0 <= view.1 {
            view
        } else {
            (view.1, view.0)
        };
        let visible: Vec<f64> = locs
            .iter()
            .copied()
            .filter(|&t| vmin <= t && t <= vmax)
            .collect();
        let offset = Self::offset_of(&visible);
        let order = Self::order_of(&visible, offset, (vmin, vmax));
        let decimals = Self::decimals_of(locs, offset, order, view);
        ScalarFormatter {
            offset,
            order,
            decimals,
            empty: locs.is_empty(),
        }
    }

    /// The formatter with neither an offset nor a power of ten, for axes
    /// that draw no offset text: every label is the tick's own value.
    pub fn plain(ticks: &[f64]) -> Self {
        let (lo, hi) = ticks
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &t| {
                (a.min(t), b.max(t))
            });
        Self::plain_in(ticks, (lo, hi))
    }

    /// [`ScalarFormatter::plain`] for ticks on a view of their own.
    pub fn plain_in(ticks: &[f64], view: (f64, f64)) -> Self {
        ScalarFormatter {
            offset: 0.0,
            order: 0,
            decimals: Self::decimals_of(ticks, 0.0, 0, view),
            empty: ticks.is_empty(),
        }
    }

    /// `_compute_offset`: the round number the visible ticks share, when
    /// it saves at least four digits and they are all of one sign.
    fn offset_of(visible: &[f64]) -> f64 {
        let (lmin, lmax) = visible
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &t| {
                (a.min(t), b.max(t))
            });
        if visible.is_empty()
            || !(lmin.is_finite() && lmax.is_finite())
            || lmin == lmax
            || (lmin <= 0.0 && 0.0 <= lmax)
        {
            return 0.0;
        }
        let (abs_min, abs_max) = {
            let (a, b) = (lmin.abs(), lmax.abs());
            if a <= b { (a, b) } else { (b, a) }
        };
        let sign = 1f64.copysign(lmin);
        let oom_max = abs_max.log10().ceil();
        // The smallest power of ten at which both are equal; a bounded
        // search (a finite double has fewer than 700 decimal orders).
        let first = |differs: &dyn Fn(f64) -> bool| -> Option<f64> {
            (0..2000)
                .map(|k| oom_max - f64::from(k))
                .find(|&oom| differs(oom))
                .map(|oom| oom + 1.0)
        };
        let Some(mut oom) =
            first(&|oom| floordiv(abs_min, pow10(oom)) != floordiv(abs_max, pow10(oom)))
        else {
            return 0.0;
        };
        if (abs_max - abs_min) / pow10(oom) <= 1e-2 {
            // Straddling a multiple of a large power of ten: the smallest
            // power at which they are no more than 1 apart.
            match first(&|oom| floordiv(abs_max, pow10(oom)) - floordiv(abs_min, pow10(oom)) > 1.0)
            {
                Some(o) => oom = o,
                None => return 0.0,
            }
        }
        let lead = floordiv(abs_max, pow10(oom));
        if lead >= 1e3 {
            sign * lead * pow10(oom)
        } else {
            0.0
        }
    }

    /// `_set_order_of_magnitude` with power limits (-5, 6).
    fn order_of(visible: &[f64], offset: f64, (vmin, vmax): (f64, f64)) -> i32 {
        if visible.is_empty() {
            return 0;
        }
        let oom = if offset != 0.0 {
            (vmax - vmin).log10().floor()
        } else {
            let val = visible.iter().fold(0.0f64, |m, t| m.max(t.abs()));
            if val == 0.0 { 0.0 } else { val.log10().floor() }
        };
        if !oom.is_finite() {
            return 0;
        }
        let oom = oom as i32;
        if oom <= -5 || oom >= 6 { oom } else { 0 }
    }

    /// `_set_format`: the fewest decimals that show every tick to a
    /// thousandth of their range.
    fn decimals_of(locs: &[f64], offset: f64, order: i32, view: (f64, f64)) -> usize {
        let scale = pow10(f64::from(order));
        let mut all: Vec<f64> = locs.to_vec();
        if locs.len() < 2 {
            all.extend([view.0, view.1]);
        }
        let scaled: Vec<f64> = all.iter().map(|&t| (t - offset) / scale).collect();
        let (lo, hi) = scaled
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &t| {
                (a.min(t), b.max(t))
            });
        let mut range = hi - lo;
        if range == 0.0 {
            range = scaled.iter().fold(0.0f64, |m, t| m.max(t.abs()));
        }
        if range == 0.0 || !range.is_finite() {
            range = 1.0;
        }
        let checked = if locs.len() < 2 {
            &scaled[..scaled.len() - 2]
        } else {
            &scaled[..]
        };
        let oom = range.log10().floor() as i32;
        let mut sigfigs = (3 - oom).max(0);
        let thresh = 1e-3 * pow10(f64::from(oom));
        while sigfigs >= 0 {
            let p = pow10(f64::from(sigfigs));
            let worst = checked
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

    /// The label of tick `x`.
    pub fn label(&self, x: f64) -> String {
        if self.empty {
            return String::new();
        }
        let mut xp = (x - self.offset) / pow10(f64::from(self.order));
        if xp.abs() < 1e-8 {
            xp = 0.0;
        }
        minus(format!("{xp:.prec$}", prec = self.decimals))
    }

    /// The text at the axis' end: the power of ten the labels are in, then
    /// the offset they are added to; empty when neither is used.
    pub fn offset_text(&self) -> String {
        if self.empty || (self.order == 0 && self.offset == 0.0) {
            return String::new();
        }
        let mut text = String::new();
        if self.order != 0 {
            text.push_str(&format!("1e{}", self.order));
        }
        if self.offset != 0.0 {
            if self.offset > 0.0 {
                text.push('+');
            }
            text.push_str(&short_scientific(self.offset));
        }
        minus(text)
    }
}

/// `ScalarFormatter.format_data`: a number as `1.2345e5`, ten significant
/// digits at most, without the exponent when it is 0.
fn short_scientific(value: f64) -> String {
    let e = value.abs().log10().floor();
    // Python's round(x, 10): correctly rounded to ten decimals.
    let s: f64 = format!("{:.10}", value / pow10(e))
        .parse()
        .unwrap_or(value / pow10(e));
    let significand = if s % 1.0 == 0.0 {
        format!("{}", s as i64)
    } else {
        // "%1.10g" of a number in [1, 10): nine decimals, no trailing zeros.
        let t = format!("{s:.9}");
        t.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    if e == 0.0 {
        significand
    } else {
        format!("{significand}e{}", e as i64)
    }
}

/// matplotlib's Unicode minus sign.
fn minus(text: String) -> String {
    text.replace('-', "\u{2212}")
}

/// Labels for `ticks` as `ScalarFormatter` writes them with neither an
/// offset nor a power of ten (for axes that draw no offset text): the
/// fewest decimals that show every tick exactly (to a thousandth of the
/// range), the same for all, with a Unicode minus sign.
pub fn labels(ticks: &[f64]) -> Vec<String> {
    let plain = ScalarFormatter::plain(ticks);
    ticks.iter().map(|&t| plain.label(t)).collect()
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
    fn floor_division_is_pythons() {
        // Python: 7.0 // 2.0, -7.0 // 2.0, 0.3 // 0.1 (2.0, not 3.0), 1e16 // 3.0
        assert_eq!(floordiv(7.0, 2.0), 3.0);
        assert_eq!(floordiv(-7.0, 2.0), -4.0);
        assert_eq!(floordiv(0.3, 0.1), 2.0);
        assert_eq!(floordiv(1e16, 3.0), 3333333333333333.0);
        let f = ScalarFormatter::new(&[1e6, 2e6, 3e6], (0.5e6, 3.5e6));
        assert_eq!(
            (f.label(2e6), f.offset_text()),
            ("2".to_owned(), "1e6".to_owned())
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
