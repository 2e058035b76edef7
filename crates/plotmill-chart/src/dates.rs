//! Date axes as matplotlib draws them: its `AutoDateLocator` (ticks on
//! whole years, months, days, hours, minutes, seconds or microseconds,
//! whichever gives five to a dozen) and its `ConciseDateFormatter` (each
//! label only the part of the date that changes, the rest once in an
//! offset text).
//!
//! Dates are matplotlib's numbers: days since 1970-01-01T00:00 UTC, as
//! floats; times are UTC (a time zone is the caller's conversion). Years 1
//! to 9999, as Python's `datetime`.

use crate::ticks::{floordiv, pymod};
use plotmill_data::dates::days_from_civil;

/// Microseconds in a day.
const US_PER_DAY: i64 = 86_400_000_000;

/// A UTC date and time to the microsecond (Python's `datetime` in UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct DateTime {
    /// Microseconds since 1970-01-01T00:00.
    us: i64,
}

/// A date's fields: year, month (1–12), day (1–31), hour, minute,
/// second, microsecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fields {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    micro: i64,
}

pub use plotmill_scene::civil_from_days;

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn month_days(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl DateTime {
    /// The first and last moments Python's `datetime` holds.
    const MIN_YEAR: i64 = 1;
    const MAX_YEAR: i64 = 9999;

    fn from_fields(f: Fields) -> DateTime {
        let days = days_from_civil(f.year, f.month, f.day);
        let us = ((f.hour * 60 + f.minute) * 60 + f.second) * 1_000_000 + f.micro;
        DateTime {
            us: days * US_PER_DAY + us,
        }
    }

    fn fields(self) -> Fields {
        let days = self.us.div_euclid(US_PER_DAY);
        let rest = self.us.rem_euclid(US_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let secs = rest / 1_000_000;
        Fields {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
            micro: rest % 1_000_000,
        }
    }

    /// matplotlib's `num2date`: days since the epoch to the microsecond
    /// (halves to even), and far from the epoch (70 years) to the nearest
    /// 20 µs, as it rounds off float error. `None` outside years 1–9999.
    fn from_num(x: f64) -> Option<DateTime> {
        let us = (x * US_PER_DAY as f64).round_ties_even();
        if !us.is_finite() || us.abs() > 4e17 {
            return None;
        }
        let mut dt = DateTime { us: us as i64 };
        if x.abs() > 70.0 * 365.0 {
            let f = dt.fields();
            let ms = ((f.micro as f64 / 20.0).round_ties_even() as i64) * 20;
            dt.us += ms - f.micro;
        }
        let year = dt.fields().year;
        (Self::MIN_YEAR..=Self::MAX_YEAR)
            .contains(&year)
            .then_some(dt)
    }

    /// matplotlib's `date2num`: whole seconds since the epoch plus the
    /// rest in nanoseconds, over seconds per day, in its float steps.
    fn to_num(self) -> f64 {
        let secs = self.us.div_euclid(1_000_000);
        let extra_ns = self.us.rem_euclid(1_000_000) * 1000;
        (secs as f64 + extra_ns as f64 / 1.0e9) / 86_400.0
    }

    /// This date moved by whole `years` and `months`, its day clipped to
    /// the month's last (dateutil's `relativedelta` addition), then by
    /// `us` microseconds; `None` outside years 1–9999.
    fn shifted(self, years: i64, months: i64, us: i64) -> Option<DateTime> {
        let mut f = self.fields();
        let mut month = f.month + months;
        let mut year = f.year + years;
        if month > 12 {
            year += 1;
            month -= 12;
        } else if month < 1 {
            year -= 1;
            month += 12;
        }
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) {
            return None;
        }
        f.year = year;
        f.month = month;
        f.day = f.day.min(month_days(year, month));
        let moved = DateTime {
            us: DateTime::from_fields(f).us + us,
        };
        let y = moved.fields().year;
        (Self::MIN_YEAR..=Self::MAX_YEAR)
            .contains(&y)
            .then_some(moved)
    }
}

/// dateutil's `relativedelta(later, earlier)` for `later >= earlier`:
/// whole years and months (the earlier date's day clipped to each month),
/// then the rest as days, hours, minutes, seconds, microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RelativeDelta {
    years: i64,
    months: i64,
    /// The rest after the whole months, microseconds.
    rest_us: i64,
}

impl RelativeDelta {
    fn between(later: DateTime, earlier: DateTime) -> RelativeDelta {
        let (a, b) = (later.fields(), earlier.fields());
        let mut months = (a.year - b.year) * 12 + (a.month - b.month);
        let split = |months: i64| (months / 12, months % 12);
        let at = |months: i64| {
            let (y, m) = split(months);
            earlier.shifted(y, m, 0)
        };
        // Step back while the whole months overshoot the later date.
        while at(months).is_some_and(|d| later < d) {
            months -= 1;
        }
        let base = at(months).unwrap_or(earlier);
        let (years, months) = split(months);
        RelativeDelta {
            years,
            months,
            rest_us: later.us - base.us,
        }
    }

    /// The rest's hours (after whole days), as `relativedelta.hours`.
    fn hours(self) -> i64 {
        self.rest_us / 3_600_000_000 % 24
    }

    /// The rest's minutes (after whole hours).
    fn minutes(self) -> i64 {
        self.rest_us / 60_000_000 % 60
    }
}

/// The tick frequencies, coarse to fine (dateutil's YEARLY … and
/// matplotlib's MICROSECONDLY).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freq {
    Yearly,
    Monthly,
    Daily,
    Hourly,
    Minutely,
    Secondly,
    Microsecondly,
}

impl Freq {
    const ALL: [Freq; 7] = [
        Freq::Yearly,
        Freq::Monthly,
        Freq::Daily,
        Freq::Hourly,
        Freq::Minutely,
        Freq::Secondly,
        Freq::Microsecondly,
    ];

    /// The most ticks wanted at this frequency (`AutoDateLocator.maxticks`).
    fn max_ticks(self) -> f64 {
        match self {
            Freq::Yearly | Freq::Daily | Freq::Minutely | Freq::Secondly => 11.0,
            Freq::Monthly | Freq::Hourly => 12.0,
            Freq::Microsecondly => 8.0,
        }
    }

    /// The steps tried, smallest first (`intervald`, with
    /// `interval_multiples` swapping 3 days for 4).
    fn intervals(self) -> &'static [i64] {
        match self {
            Freq::Yearly => &[
                1, 2, 4, 5, 10, 20, 40, 50, 100, 200, 400, 500, 1000, 2000, 4000, 5000, 10000,
            ],
            Freq::Monthly => &[1, 2, 3, 4, 6],
            Freq::Daily => &[1, 2, 4, 7, 14],
            Freq::Hourly => &[1, 2, 3, 4, 6, 12],
            Freq::Minutely | Freq::Secondly => &[1, 5, 10, 15, 30],
            Freq::Microsecondly => &[
                1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100_000,
                200_000, 500_000, 1_000_000,
            ],
        }
    }
}

/// The fewest ticks `AutoDateLocator` accepts at a frequency.
const MIN_TICKS: f64 = 5.0;

/// The tick dates matplotlib's `AutoDateLocator` picks for a view from
/// `vmin` to `vmax` (days since 1970-01-01, UTC), in its units. Like
/// matplotlib's, they may reach past the view; an axis draws the ones in
/// it. Empty when the view is not within years 1–9999.
pub fn auto_date_ticks(vmin: f64, vmax: f64) -> Vec<f64> {
    let (vmin, vmax) = if vmin <= vmax {
        (vmin, vmax)
    } else {
        (vmax, vmin)
    };
    let (Some(dmin), Some(dmax)) = (DateTime::from_num(vmin), DateTime::from_num(vmax)) else {
        return Vec::new();
    };
    let delta = RelativeDelta::between(dmax, dmin);
    let span_us = dmax.us - dmin.us;
    let num_years = delta.years as f64;
    let num_months = num_years * 12.0 + delta.months as f64;
    // timedelta.days: whole days, floored.
    let num_days = span_us.div_euclid(US_PER_DAY) as f64;
    let num_hours = num_days * 24.0 + delta.hours() as f64;
    let num_minutes = num_hours * 60.0 + delta.minutes() as f64;
    let total_seconds = span_us as f64 / 1e6;
    let nums = [
        num_years,
        num_months,
        num_days,
        num_hours,
        num_minutes,
        total_seconds.floor(),
        (total_seconds * 1e6).floor(),
    ];
    // The first frequency with enough ticks, and its smallest step that
    // gives no more than its most (else its largest step).
    let (freq, interval) = Freq::ALL
        .iter()
        .zip(nums)
        .find(|&(_, num)| num >= MIN_TICKS)
        .map_or((Freq::Microsecondly, 1), |(&freq, num)| {
            let steps = freq.intervals();
            let step = steps
                .iter()
                .copied()
                .find(|&s| num <= s as f64 * (freq.max_ticks() - 1.0))
                .unwrap_or(steps[steps.len() - 1]);
            (freq, step)
        });
    let dates = match freq {
        Freq::Yearly => year_ticks(dmin, dmax, interval),
        Freq::Microsecondly => return microsecond_ticks(dmin, dmax, interval),
        // RRuleLocator: the rule's occurrences in the view, its ends
        // included (the rule starts a delta before it, which with a step
        // of one changes nothing).
        _ => rule_ticks(freq, interval, dmin, dmax),
    };
    if dates.is_empty() {
        return vec![dmin.to_num(), dmax.to_num()];
    }
    dates.into_iter().map(DateTime::to_num).collect()
}

/// `YearLocator(base)`: January 1st of every `base`-th year, from the
/// multiple of `base` at or before the view's first year to the one at or
/// after its last. As matplotlib's, the range starts at that first
/// January 1st with the view start's microseconds, so a start with some
/// leaves the first one out.
fn year_ticks(dmin: DateTime, dmax: DateTime, base: i64) -> Vec<DateTime> {
    let first = (dmin.fields().year.div_euclid(base) * base).max(1);
    let last = (-(-dmax.fields().year).div_euclid(base) * base).min(9999);
    let skip = usize::from(dmin.fields().micro > 0);
    (0..)
        .map(|k| first + k * base)
        .take_while(|&y| y <= last)
        .skip(skip)
        .map(jan_1)
        .collect()
}

fn jan_1(year: i64) -> DateTime {
    DateTime::from_fields(Fields {
        year,
        ..Fields::MIDNIGHT
    })
}

/// The occurrences between `start` and `stop` (both included) of
/// matplotlib's rule for `freq` with `interval_multiples`: every
/// `interval`-th value of the frequency's own field counted from its
/// first (months from January, days from the 1st — or the 1st, 8th, 15th
/// and 22nd for a week, the 1st and 15th for two — hours from midnight,
/// …), every finer field at its first value.
fn rule_ticks(freq: Freq, interval: i64, start: DateTime, stop: DateTime) -> Vec<DateTime> {
    let wanted = |value: i64, first: i64| match (freq, interval) {
        (Freq::Daily, 7) => [1, 8, 15, 22].contains(&value),
        (Freq::Daily, 14) => [1, 15].contains(&value),
        _ => (value - first) % interval == 0,
    };
    // Walk the frequency's periods from the one holding `start`.
    let f = start.fields();
    let mut out = Vec::new();
    let mut push = |dt: DateTime| {
        if dt >= start && dt <= stop {
            out.push(dt);
        }
    };
    let period_us = match freq {
        Freq::Daily => US_PER_DAY,
        Freq::Hourly => 3_600_000_000,
        Freq::Minutely => 60_000_000,
        _ => 1_000_000,
    };
    if freq == Freq::Monthly {
        let (mut year, mut month) = (f.year, f.month);
        loop {
            let dt = DateTime::from_fields(Fields {
                year,
                month,
                day: 1,
                ..Fields::MIDNIGHT
            });
            if dt > stop {
                break;
            }
            if wanted(month, 1) {
                push(dt);
            }
            (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
        }
        return out;
    }
    let mut at = start.us.div_euclid(period_us) * period_us;
    while at <= stop.us {
        let dt = DateTime { us: at };
        let g = dt.fields();
        let hit = match freq {
            Freq::Daily => wanted(g.day, 1),
            Freq::Hourly => wanted(g.hour, 0),
            Freq::Minutely => wanted(g.minute, 0),
            _ => wanted(g.second, 0),
        };
        if hit {
            push(dt);
        }
        at += period_us;
    }
    out
}

impl Fields {
    const MIDNIGHT: Fields = Fields {
        year: 1970,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        micro: 0,
    };
}

/// `MicrosecondLocator(interval)`: multiples of `interval` µs, counted
/// from the start of the view's first day, from one before the view to
/// one after it (matplotlib's `MultipleLocator` on microseconds).
fn microsecond_ticks(dmin: DateTime, dmax: DateTime, interval: i64) -> Vec<f64> {
    let (nmin, nmax) = (dmin.to_num(), dmax.to_num());
    let t0 = nmin.floor();
    let us_per_day = US_PER_DAY as f64;
    let (lo, hi) = ((nmin - t0) * us_per_day, (nmax - t0) * us_per_day);
    let step = interval as f64;
    let first = edge_ge(lo, step) * step;
    let n = floordiv(hi - first + 0.001 * step, step);
    // One step beyond each end, as matplotlib's MultipleLocator gives.
    (0..n as i64 + 3)
        .map(|k| ((first - step) + k as f64 * step + 0.0) / us_per_day + t0)
        .collect()
}

/// matplotlib's `_Edge_integer(step, 0).ge(x)`: the smallest n with
/// n × step ≥ x, a remainder within 1e-10 of a step counting as none.
fn edge_ge(x: f64, step: f64) -> f64 {
    let (d, m) = (floordiv(x, step), pymod(x, step));
    if (m / step).abs() < 1e-10 { d } else { d + 1.0 }
}

/// Tick labels and the offset text for dates, as matplotlib's
/// `ConciseDateFormatter` writes them with its defaults: each label only
/// the finest part that changes across the ticks (`2020`, `Mar`, `15`,
/// `14:00`, `05.25`), the start of a coarser unit named by that unit
/// (`Feb`, `Jan-02`), and what the labels leave out once, at the axis'
/// end (`2020-Mar`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConciseDateFormatter {
    labels: Vec<String>,
    offset: String,
}

impl ConciseDateFormatter {
    /// The labels of `ticks` (days since 1970-01-01, UTC; every tick the
    /// locator gave, as matplotlib formats them).
    pub fn new(ticks: &[f64]) -> Self {
        let dates: Vec<Fields> = ticks
            .iter()
            .map(|&t| DateTime::from_num(t).map_or(Fields::MIDNIGHT, DateTime::fields))
            .collect();
        if dates.is_empty() {
            return ConciseDateFormatter {
                labels: Vec::new(),
                offset: String::new(),
            };
        }
        let part =
            |f: &Fields, level: usize| [f.year, f.month, f.day, f.hour, f.minute, f.second][level];
        // The finest level at which the ticks differ (seconds when only
        // their microseconds do).
        let mut show_offset = true;
        let mut level = 5;
        for l in (0..=5).rev() {
            let first = part(&dates[0], l);
            if dates.iter().any(|d| part(d, l) != first) {
                // A year or a month of 1 among the labels shows the year.
                if l < 2 && dates.iter().any(|d| part(d, l) == 1) {
                    show_offset = false;
                }
                level = l;
                break;
            }
        }
        const FORMATS: [&str; 6] = ["%Y", "%b", "%d", "%H:%M", "%H:%M", "%S.%f"];
        const ZERO_FORMATS: [&str; 6] = ["", "%Y", "%b", "%b-%d", "%H:%M", "%H:%M"];
        const OFFSET_FORMATS: [&str; 6] =
            ["", "%Y", "%Y-%b", "%Y-%b-%d", "%Y-%b-%d", "%Y-%b-%d %H:%M"];
        const ZERO: [i64; 6] = [0, 1, 1, 0, 0, 0];
        let mut labels: Vec<String> = dates
            .iter()
            .map(|d| {
                let zero = if level < 5 {
                    part(d, level) == ZERO[level]
                } else {
                    d.second == 0 && d.micro == 0
                };
                strftime(
                    d,
                    if zero {
                        ZERO_FORMATS[level]
                    } else {
                        FORMATS[level]
                    },
                )
            })
            .collect();
        // Seconds: as few decimals as every label needs, the same for all.
        if level >= 5 {
            let trailing = labels
                .iter()
                .filter(|s| s.contains('.'))
                .map(|s| s.len() - s.trim_end_matches('0').len())
                .min();
            if let Some(n) = trailing.filter(|&n| n > 0) {
                for s in labels.iter_mut().filter(|s| s.contains('.')) {
                    s.truncate(s.len() - n);
                    if s.ends_with('.') {
                        s.pop();
                    }
                }
            }
        }
        let offset = if show_offset {
            strftime(&dates[dates.len() - 1], OFFSET_FORMATS[level])
        } else {
            String::new()
        };
        ConciseDateFormatter { labels, offset }
    }

    /// The label of the `i`-th tick.
    pub fn label(&self, i: usize) -> &str {
        &self.labels[i]
    }

    /// Every label, in tick order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// What the labels leave out (`2020-Mar`), empty when they show it all.
    pub fn offset_text(&self) -> &str {
        &self.offset
    }
}

/// Python's `strftime` for the directives the formatter uses (C locale).
fn strftime(f: &Fields, format: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&f.year.to_string()),
            Some('b') => out.push_str(MONTHS[(f.month - 1).clamp(0, 11) as usize]),
            Some('d') => out.push_str(&format!("{:02}", f.day)),
            Some('H') => out.push_str(&format!("{:02}", f.hour)),
            Some('M') => out.push_str(&format!("{:02}", f.minute)),
            Some('S') => out.push_str(&format!("{:02}", f.second)),
            Some('f') => out.push_str(&format!("{:06}", f.micro)),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for z in [-719_162, -1, 0, 1, 59, 18_262, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(18_321), (2020, 2, 29));
        assert_eq!(civil_from_days(-719_162), (1, 1, 1));
    }

    #[test]
    fn relative_delta_is_dateutils() {
        let at = |y, m, d, h| {
            DateTime::from_fields(Fields {
                year: y,
                month: m,
                day: d,
                hour: h,
                ..Fields::MIDNIGHT
            })
        };
        // Jan 31 to Mar 1: one month (Jan 31 + 1 month = Feb 29, 2020),
        // then a day.
        let r = RelativeDelta::between(at(2020, 3, 1, 0), at(2020, 1, 31, 0));
        assert_eq!((r.years, r.months, r.rest_us), (0, 1, US_PER_DAY));
        let r = RelativeDelta::between(at(2021, 5, 2, 7), at(2019, 5, 2, 9));
        assert_eq!((r.years, r.months, r.hours()), (1, 11, 22));
    }
}
