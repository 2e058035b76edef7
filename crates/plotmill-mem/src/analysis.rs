//! Judging a recording: a robust trend, growth per minute, a verdict.

use crate::recording::Sample;

/// A straight line through samples: memory (MiB) = `intercept` + `slope` ×
/// (t − `t0`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    /// MiB per second.
    pub slope: f64,
    /// MiB at `t0`.
    pub intercept: f64,
    /// The time the intercept is at.
    pub t0: f64,
}

impl Trend {
    /// The trend's value at `t`.
    pub fn at(&self, t: f64) -> f64 {
        self.intercept + self.slope * (t - self.t0)
    }
}

/// At most this many samples enter the pairwise fit (evenly spaced), so a
/// day-long recording is judged in milliseconds.
const MAX_FIT_POINTS: usize = 1500;

/// Pairs of samples closer in time than this share of the run do not vote
/// for the slope: within one tooth of a garbage collector's sawtooth memory
/// only rises, and those pairs would tilt the median.
const MIN_PAIR_SPAN: f64 = 0.3;

/// A Theil–Sen estimator: the median of the slopes between pairs of
/// samples (pairs at least 30% of the run apart), and the median intercept.
/// Unlike least squares it ignores up to 29% of wild points, and a sawtooth
/// whose teeth are shorter than that span does not tilt it. `None` for
/// fewer than two distinct times.
pub fn theil_sen(samples: &[Sample]) -> Option<Trend> {
    let step = samples.len().div_ceil(MAX_FIT_POINTS).max(1);
    let mut pts: Vec<Sample> = samples.iter().step_by(step).copied().collect();
    pts.sort_by(|a, b| a.t.total_cmp(&b.t));
    let span = pts.last()?.t - pts.first()?.t;
    let min_dt = span * MIN_PAIR_SPAN;
    let mut slopes = Vec::with_capacity(pts.len() * pts.len().saturating_sub(1) / 2);
    for (i, a) in pts.iter().enumerate() {
        for b in &pts[i + 1..] {
            let dt = b.t - a.t;
            if dt > 0.0 && dt >= min_dt {
                slopes.push((b.mib - a.mib) / dt);
            }
        }
    }
    let slope = median(&mut slopes)?;
    let t0 = pts.first()?.t;
    let mut intercepts: Vec<f64> = pts.iter().map(|s| s.mib - slope * (s.t - t0)).collect();
    Some(Trend {
        slope,
        intercept: median(&mut intercepts)?,
        t0,
    })
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mid = v.len() / 2;
    let (_, m, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    let m = *m;
    if v.len() % 2 == 1 {
        return Some(m);
    }
    let lower = v[..mid].iter().copied().max_by(f64::total_cmp)?;
    Some((lower + m) / 2.0)
}

/// How much of the start to leave out as warm-up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Warmup {
    /// A fraction of the run's duration (0.1 = the first 10%).
    Fraction(f64),
    /// Seconds from the first sample.
    Seconds(f64),
}

impl std::str::FromStr for Warmup {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let err = || {
            format!(
                "'{s}' is not a warm-up; give a share of the run such as 10% or a time such as 30s"
            )
        };
        if let Some(p) = s.trim().strip_suffix('%') {
            let v: f64 = p.trim().parse().map_err(|_| err())?;
            if !(0.0..100.0).contains(&v) {
                return Err(err());
            }
            return Ok(Warmup::Fraction(v / 100.0));
        }
        parse_duration(s).map(Warmup::Seconds).map_err(|_| err())
    }
}

/// Parses a duration: `90`, `90s`, `1.5m`, `10min`, `2h`.
pub fn parse_duration(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a duration; give seconds, or 30s, 10m, 2h"))?;
    let scale = match unit.trim() {
        "" | "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => {
            return Err(format!(
                "'{s}': unknown unit '{unit}'; use s, m (or min) or h"
            ));
        }
    };
    if !(v >= 0.0 && v.is_finite()) {
        return Err(format!("'{s}' is not a duration of zero or more"));
    }
    Ok(v * scale)
}

/// Bytes in an amount such as `512KiB`, `1MiB`, `4096` or `1.5G` (K, M, G
/// and their KiB/KB spellings count in powers of 1024; no unit is bytes).
fn bytes_of(amount: &str) -> Option<f64> {
    let t = amount.trim();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let v: f64 = num.trim().parse().ok()?;
    let unit = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1048576.0,
        "g" | "gb" | "gib" => 1073741824.0,
        _ => return None,
    };
    Some(v * unit)
}

/// Parses a size such as `512KiB`, `1MiB` or `4096` into bytes, between
/// one byte and 1 TiB.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let bytes = bytes_of(s)
        .ok_or_else(|| format!("'{s}' is not a size; give bytes such as 512KiB, 1MiB or 4096"))?;
    if !(bytes >= 1.0 && bytes <= (1u64 << 40) as f64) {
        return Err(format!("'{s}' must be between 1 byte and 1 TiB"));
    }
    Ok(bytes as u64)
}

/// Parses a growth rate such as `1MiB/min`, `512KiB/s`, `10MB/h` into MiB
/// per minute (K, M, G and their KiB/KB spellings count in powers of 1024).
pub fn parse_growth(s: &str) -> Result<f64, String> {
    let err = || {
        format!("'{s}' is not a growth rate; give an amount per time such as 1MiB/min or 100KiB/s")
    };
    let (amount, per) = s.trim().split_once('/').ok_or_else(err)?;
    // A unit is required here: "1/min" says nothing.
    if !amount.contains(|c: char| c.is_ascii_alphabetic()) {
        return Err(err());
    }
    let mib = bytes_of(amount).ok_or_else(err)? / 1048576.0;
    let minutes = match per.trim() {
        "s" | "sec" => 1.0 / 60.0,
        "m" | "min" => 1.0,
        "h" => 60.0,
        _ => return Err(err()),
    };
    if !(mib >= 0.0 && mib.is_finite()) {
        return Err(err());
    }
    Ok(mib / minutes)
}

/// What `mem check` judges by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckOptions {
    /// The start to leave out. Default: 10%.
    pub warmup: Warmup,
    /// The most growth that still counts as flat, MiB per minute. Default: 1.
    pub max_growth: f64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            warmup: Warmup::Fraction(0.1),
            max_growth: 1.0,
        }
    }
}

/// A judged recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Memory grows faster than allowed.
    pub leaking: bool,
    /// The trend's growth, MiB per minute.
    pub growth: f64,
    /// The limit it was judged against.
    pub max_growth: f64,
    /// The fitted trend.
    pub trend: Trend,
    /// Samples fitted, and the time span they cover (seconds from the
    /// recording's start).
    pub samples: usize,
    /// From when (seconds after the first sample).
    pub from: f64,
    /// To when.
    pub to: f64,
    /// The trend's value at `from` and `to`, MiB.
    pub fitted: (f64, f64),
    /// The highest sample, MiB, and when (seconds after the first sample).
    pub peak: (f64, f64),
}

/// Why a recording cannot be judged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CheckError {
    /// Too few samples after the warm-up.
    #[error(
        "only {0} sample(s) after the warm-up; a trend needs at least 3 over more than an instant: record longer, or skip less with --skip-warmup"
    )]
    TooFew(usize),
}

/// Judges a series of samples.
pub fn check(samples: &[Sample], options: &CheckOptions) -> Result<Verdict, CheckError> {
    let Some(start) = samples.iter().map(|s| s.t).min_by(f64::total_cmp) else {
        return Err(CheckError::TooFew(0));
    };
    let end = samples
        .iter()
        .map(|s| s.t)
        .max_by(f64::total_cmp)
        .unwrap_or(start);
    let skip = match options.warmup {
        Warmup::Fraction(f) => (end - start) * f,
        Warmup::Seconds(s) => s,
    };
    let kept: Vec<Sample> = samples
        .iter()
        .copied()
        .filter(|s| s.t >= start + skip)
        .collect();
    let trend = match theil_sen(&kept) {
        Some(t) if kept.len() >= 3 => t,
        _ => return Err(CheckError::TooFew(kept.len())),
    };
    let from = kept
        .iter()
        .map(|s| s.t)
        .min_by(f64::total_cmp)
        .unwrap_or(start);
    let to = kept
        .iter()
        .map(|s| s.t)
        .max_by(f64::total_cmp)
        .unwrap_or(end);
    let peak = samples
        .iter()
        .max_by(|a, b| a.mib.total_cmp(&b.mib))
        .map_or((0.0, 0.0), |s| (s.mib, s.t - start));
    let growth = trend.slope * 60.0;
    Ok(Verdict {
        leaking: growth > options.max_growth,
        growth,
        max_growth: options.max_growth,
        trend,
        samples: kept.len(),
        from: from - start,
        to: to - start,
        fitted: (trend.at(from), trend.at(to)),
        peak,
    })
}

/// Formats MiB per minute readably.
pub fn rate(mib_per_min: f64) -> String {
    let a = mib_per_min.abs();
    if a >= 1.0 || a == 0.0 {
        format!("{mib_per_min:+.2} MiB/min")
    } else {
        format!("{:+.1} KiB/min", mib_per_min * 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `seconds` of samples every 0.1 s from `f(t)`.
    fn series(seconds: f64, f: impl Fn(f64) -> f64) -> Vec<Sample> {
        (0..(seconds * 10.0) as usize)
            .map(|i| {
                let t = i as f64 / 10.0;
                Sample {
                    t: 1000.0 + t,
                    mib: f(t),
                }
            })
            .collect()
    }

    /// A little page-sized noise, deterministic.
    fn noise(t: f64) -> f64 {
        ((t * 7919.0).sin() * 0.004).round() * 4.0 / 1024.0
    }

    fn judge(samples: &[Sample]) -> Verdict {
        check(samples, &CheckOptions::default()).unwrap()
    }

    #[test]
    fn synthetic_runs_are_classified() {
        let steady = series(60.0, |t| 50.0 + noise(t));
        let leak = series(60.0, |t| 50.0 + t + noise(t));
        // A garbage collector's sawtooth: up 2 MiB over 5 s, then back.
        let sawtooth = series(60.0, |t| 80.0 + 2.0 * (t % 5.0) / 5.0 + noise(t));
        let step = series(60.0, |t| if t < 1.0 { 20.0 } else { 120.0 } + noise(t));
        let slow = series(60.0, |t| 50.0 + t * 50.0 / 1024.0 + noise(t));
        assert!(!judge(&steady).leaking);
        let v = judge(&leak);
        assert!(v.leaking && (v.growth - 60.0).abs() < 0.5, "{v:?}");
        let v = judge(&sawtooth);
        assert!(!v.leaking && v.growth.abs() < 0.5, "{v:?}");
        assert!(!judge(&step).leaking);
        let v = judge(&slow);
        assert!(
            v.leaking && (v.growth - 50.0 * 60.0 / 1024.0).abs() < 0.1,
            "{v:?}"
        );
    }

    #[test]
    fn wild_points_do_not_tilt_the_trend() {
        let mut s = series(30.0, |_| 100.0);
        for i in (0..s.len()).step_by(7) {
            s[i].mib = 900.0;
        }
        assert_eq!(theil_sen(&s).unwrap().slope, 0.0);
    }

    #[test]
    fn too_few_samples() {
        let s = series(0.3, |_| 1.0);
        assert_eq!(
            check(&s, &CheckOptions::default()),
            Err(CheckError::TooFew(2))
        );
        assert_eq!(
            check(&[], &CheckOptions::default()),
            Err(CheckError::TooFew(0))
        );
    }

    #[test]
    fn units_parse() {
        assert_eq!(parse_growth("1MiB/min"), Ok(1.0));
        assert_eq!(parse_growth("512KiB/s"), Ok(30.0));
        assert_eq!(parse_growth("2G/h"), Ok(2048.0 / 60.0));
        assert!(parse_growth("1MiB").is_err() && parse_growth("x/min").is_err());
        assert_eq!(parse_duration("10m"), Ok(600.0));
        assert_eq!(parse_duration("1.5"), Ok(1.5));
        assert!(parse_duration("5 days").is_err());
        assert_eq!("10%".parse::<Warmup>(), Ok(Warmup::Fraction(0.1)));
        assert_eq!("30s".parse::<Warmup>(), Ok(Warmup::Seconds(30.0)));
        assert!("150%".parse::<Warmup>().is_err());
    }
}
