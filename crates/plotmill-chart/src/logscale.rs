//! Log axes as matplotlib draws them (base 10): the major ticks of its
//! `LogLocator` (whole decades, every n-th when there are many), the minor
//! ones of `LogLocator(subs="auto")` (2 to 9 times each decade), and the
//! labels of `LogFormatterSciNotation` — `10⁻³` on decades, `2 × 10¹` on
//! the minor ticks it labels when the axis spans about a decade or less.
//!
//! matplotlib writes the labels in mathtext (`$\mathdefault{10^{-3}}$`);
//! plotmill writes the same text with Unicode superscripts and thin spaces
//! about the ×, which the built-in DejaVu Sans has.

use crate::ticks;

/// The major ticks' exponents as `LogLocator.tick_values` chooses them for
/// `n_request` ticks (matplotlib 3.8+'s formulas), with one beyond each end.
struct Decades {
    exponents: Vec<i64>,
    /// Decades from one tick to the next.
    stride: i64,
    /// The first and last whole decade in the view.
    emin: i64,
    emax: i64,
}

impl Decades {
    /// Whole decades in the view.
    fn available(&self) -> i64 {
        self.emax - self.emin + 1
    }
}

/// The [`Decades`] of a view; `None` for one that is not positive.
fn decades(vmin: f64, vmax: f64, n_request: usize) -> Option<Decades> {
    if !(vmin > 0.0 && vmax.is_finite()) {
        return None;
    }
    let (vmin, vmax) = if vmax < vmin {
        (vmax, vmin)
    } else {
        (vmin, vmax)
    };
    let (efmin, efmax) = (vmin.log10(), vmax.log10());
    let (emin, emax) = (efmin.ceil() as i64, efmax.floor() as i64);
    let n_avail = emax - emin + 1;
    let mut n_request = n_request as i64;
    let mut stride = n_avail.div_euclid(n_request + 1) + 1;
    let nr = (n_avail as f64 / stride as f64).ceil() as i64;
    if nr <= n_request {
        n_request = nr;
    }
    let exponents: Vec<i64> = if n_request <= 0 {
        // No decade in the view: one just outside each end.
        stride = 2 + emax - emin;
        vec![emin - 1, emax + 1]
    } else if n_request == 1 {
        // One decade near the middle, and one a stride beyond each side.
        let mid = ((efmin + efmax) / 2.0).round_ties_even() as i64;
        stride = (mid - (emin - 1)).max((emax + 1) - mid);
        vec![mid - stride, mid, mid + stride]
    } else {
        // The largest stride giving n_request ticks, at multiples of the
        // stride when they fit.
        stride = (n_avail - 1).div_euclid(n_request - 1);
        if (stride as f64) < n_avail as f64 / n_request as f64 {
            stride = n_avail.div_euclid(n_request);
        }
        let olo = (n_avail - stride * n_request).max(0);
        let ohi = (n_avail - stride * (n_request - 1)).min(stride);
        let mut offset = (-emin).rem_euclid(stride);
        if !(olo <= offset && offset < ohi) {
            offset = olo;
        }
        let mut out = Vec::new();
        let mut d = emin + offset - stride;
        while d < emax + stride + 1 {
            out.push(d);
            d += stride;
        }
        out
    };
    Some(Decades {
        exponents,
        stride,
        emin,
        emax,
    })
}

/// 10 to the power `e`, as numpy's float power (C's `pow`).
fn pow10(e: i64) -> f64 {
    10f64.powf(e as f64)
}

/// The major ticks of a log axis showing `vmin` to `vmax` (positive) with
/// room for `n_request` ticks (matplotlib's `get_tick_space`, clipped to
/// 2–9): powers of ten, including one beyond each end. Empty for a view
/// that is not positive.
pub fn log_ticks(vmin: f64, vmax: f64, n_request: usize) -> Vec<f64> {
    decades(vmin, vmax, n_request)
        .map(|d| d.exponents.into_iter().map(pow10).collect())
        .unwrap_or_default()
}

/// The minor ticks of a log axis (matplotlib's `subs="auto"`): 2 to 9
/// times each decade from the one before the view's first whole decade,
/// when the major ticks are every decade and the view spans fewer than 10;
/// none otherwise. A view with at most one tick of either kind in it gets
/// the linear axis' ticks instead, as matplotlib falls back to its
/// `AutoLocator`.
pub fn log_minor_ticks(vmin: f64, vmax: f64, n_request: usize) -> Vec<f64> {
    let Some(d) = decades(vmin, vmax, n_request) else {
        return Vec::new();
    };
    let n_avail = d.available();
    if n_avail >= 10 {
        return Vec::new();
    }
    let (lo, hi) = (vmin.min(vmax), vmin.max(vmax));
    let locs: Vec<f64> = if d.stride == 1 || n_avail <= 1 {
        (d.emin - 1..d.emax + 1)
            .flat_map(|e| {
                let decade = pow10(e);
                (2..10).map(move |s| s as f64 * decade)
            })
            .collect()
    } else {
        Vec::new()
    };
    let inside = locs.iter().filter(|&&t| lo <= t && t <= hi).count() as i64;
    if d.stride == 1 && d.exponents.len() as i64 - 2 + inside <= 1 {
        // matplotlib's AutoLocator: MaxNLocator with 9 bins by default.
        return ticks::tick_values(lo, hi, 9);
    }
    locs
}

/// Labels for a log axis' ticks, as matplotlib's `LogFormatterSciNotation`
/// writes them for a view: every decade; on a view of about a decade or
/// less, some or all of the 2–9 multiples too (`2×10¹`).
#[derive(Debug, Clone, PartialEq)]
pub struct LogFormatter {
    /// The multiples of a decade that get labels (1 is the decade itself).
    labelled: Labelled,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Labelled {
    /// Decades only.
    Decades,
    /// Decades and 2, 3, 4 and 6 times them.
    Some,
    /// Every multiple.
    All,
}

impl LogFormatter {
    /// The formatter for a log axis showing `vmin` to `vmax` (its ends, in
    /// either order; positive).
    pub fn new(vmin: f64, vmax: f64) -> Self {
        let (lo, hi) = (vmin.min(vmax), vmin.max(vmax));
        let labelled = if lo <= 0.0 {
            Labelled::Decades
        } else {
            let (lmin, lmax) = (lo.ln() / 10f64.ln(), hi.ln() / 10f64.ln());
            // Decades in the view (a view starting on one counts it).
            let numticks = lmax.floor() - lmin.next_down().floor();
            let numdec = (lmax - lmin).abs();
            if numticks > 1.0 {
                Labelled::Decades
            } else if numdec > 0.4 {
                Labelled::Some
            } else {
                Labelled::All
            }
        };
        LogFormatter { labelled }
    }

    /// The label of tick `x` (empty for a tick matplotlib leaves unlabelled).
    pub fn label(&self, x: f64) -> String {
        if x == 0.0 {
            return "0".to_owned();
        }
        let sign = if x < 0.0 { "−" } else { "" };
        let x = x.abs();
        let fx = x.ln() / 10f64.ln();
        let decade = is_close_to_int(fx);
        let exponent = if decade {
            fx.round_ties_even()
        } else {
            fx.floor()
        };
        let coeff = 10f64.powf(fx - exponent).round_ties_even();
        let shown = match self.labelled {
            Labelled::Decades => coeff == 1.0,
            Labelled::Some => [1.0, 2.0, 3.0, 4.0, 6.0, 10.0].contains(&coeff),
            Labelled::All => (1.0..=10.0).contains(&coeff),
        };
        if !shown {
            return String::new();
        }
        if decade {
            return format!("{sign}10{}", superscript(fx.round_ties_even() as i64));
        }
        let exponent = fx.floor();
        let mut coeff = 10f64.powf(fx - exponent);
        if is_close_to_int(coeff) {
            coeff = coeff.round_ties_even();
        }
        let coeff = crate::NumberFormat::parse("g")
            .map(|f| f.format(coeff))
            .unwrap_or_else(|_| coeff.to_string());
        // mathtext sets the × as a binary operator, a fifth of an italic
        // m's advance (399/2048 em in DejaVu Sans) either side: a thin
        // space (409/2048 em) each side.
        format!(
            "{sign}{coeff}{THIN}×{THIN}10{}",
            superscript(exponent as i64)
        )
    }
}

/// A thin space (U+2009).
const THIN: char = '\u{2009}';

/// Python's `math.isclose(x, round(x))` (relative tolerance 1e-9).
fn is_close_to_int(x: f64) -> bool {
    let r = x.round_ties_even();
    (x - r).abs() <= 1e-9 * x.abs().max(r.abs())
}

/// An integer in Unicode superscripts (`−3` as `⁻³`).
fn superscript(n: i64) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut out = String::new();
    if n < 0 {
        out.push('⁻');
    }
    for c in n.unsigned_abs().to_string().chars() {
        out.push(DIGITS[c.to_digit(10).unwrap_or(0) as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_font_draws_every_label_character() {
        let book = plotmill_text::FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let labels = ["10⁻¹²³⁴⁵⁶⁷⁸⁹⁰", "2\u{2009}×\u{2009}10¹", "−10²"];
        for c in labels.iter().flat_map(|l| l.chars()) {
            assert!(fonts.has_char(c), "{c:?}");
        }
        assert_eq!(superscript(-305), "⁻³⁰⁵");
        assert_eq!(LogFormatter::new(1.0, 1e6).label(1e-3), "10⁻³");
        // Under 0.4 decades every multiple is labelled; under a decade,
        // 2, 3, 4 and 6 times the decade.
        assert_eq!(
            LogFormatter::new(20.0, 45.0).label(25.0),
            "2.5\u{2009}×\u{2009}10¹"
        );
        assert_eq!(LogFormatter::new(11.0, 60.0).label(50.0), "");
        assert_eq!(
            LogFormatter::new(11.0, 60.0).label(30.0),
            "3\u{2009}×\u{2009}10¹"
        );
    }

    #[test]
    fn a_multiple_is_as_wide_as_matplotlibs_mathtext() {
        // matplotlib 3.11's Agg renderer measures `$\mathdefault{6\times10^{3}}$`
        // at 10 pt and dpi 100 as 51 px wide (36.72 pt): its × is spaced as
        // a binary operator. Unspaced, plotmill's label was 31.5 pt.
        let book = plotmill_text::FontBook::new();
        let fonts = plotmill_text::Fonts::from(&book);
        let label = LogFormatter::new(3000.0, 7000.0).label(6000.0);
        assert_eq!(label, "6\u{2009}×\u{2009}10³");
        let width = fonts.shape(&label, 10.0).advance;
        assert!((width - 36.72).abs() < 1.5, "{width} pt");
    }
}
