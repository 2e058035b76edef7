//! Sampling a running process (and its children) at a fixed interval.

use std::io::{self, Write};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::proc::{Metric, descendants, memory};
use crate::recording::{Sample, SampleWriter};

const MIB: f64 = 1048576.0;

/// How to record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordOptions {
    /// Time between samples. Default: 0.1 s, as mprof.
    pub interval: Duration,
    /// What to count. Default: RSS.
    pub metric: Metric,
    /// Add the children's memory into the main series (mprof's
    /// `--include-children`).
    pub include_children: bool,
    /// Record each child as its own series (mprof's `--multiprocess`).
    pub multiprocess: bool,
    /// Stop after this long.
    pub duration: Option<Duration>,
}

impl Default for RecordOptions {
    fn default() -> Self {
        RecordOptions {
            interval: Duration::from_millis(100),
            metric: Metric::Rss,
            include_children: false,
            multiprocess: false,
            duration: None,
        }
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Samples process `pid` into `writer` until it is gone, the duration has
/// passed, or `keep_going` says stop (checked before each sample). Returns
/// how many samples were written. Memory use is constant: each sample is
/// written as it is taken.
pub fn record<W: Write>(
    pid: u32,
    options: &RecordOptions,
    writer: &mut SampleWriter<W>,
    mut keep_going: impl FnMut() -> bool,
) -> io::Result<u64> {
    let start = Instant::now();
    let mut taken = 0u64;
    let mut children: Vec<(u32, Sample)> = Vec::new();
    loop {
        if !keep_going() {
            break;
        }
        let t = unix_now();
        let Some(mut bytes) = memory(pid, options.metric) else {
            break;
        };
        children.clear();
        if options.include_children || options.multiprocess {
            for child in descendants(pid) {
                if let Some(b) = memory(child, options.metric) {
                    children.push((
                        child,
                        Sample {
                            t,
                            mib: b as f64 / MIB,
                        },
                    ));
                    if options.include_children {
                        bytes += b;
                    }
                }
            }
        }
        let per_child: &[(u32, Sample)] = if options.multiprocess { &children } else { &[] };
        writer.sample(
            Sample {
                t,
                mib: bytes as f64 / MIB,
            },
            per_child,
        )?;
        taken += 1;
        if options.duration.is_some_and(|d| start.elapsed() >= d) {
            break;
        }
        // A fixed rate: the next tick is a whole number of intervals from
        // the start, however long sampling took.
        let next = options.interval.mul_f64((taken as f64).max(1.0));
        if let Some(wait) = next.checked_sub(start.elapsed()) {
            std::thread::sleep(wait);
        }
    }
    Ok(taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recording::{Format, Recording};

    #[cfg(target_os = "linux")]
    #[test]
    fn records_a_child_until_it_exits() {
        let mut child = std::process::Command::new("sleep")
            .arg("0.5")
            .spawn()
            .unwrap();
        let mut out = Vec::new();
        let mut w = SampleWriter::new(&mut out, Format::Dat, "sleep 0.5").unwrap();
        let options = RecordOptions {
            interval: Duration::from_millis(50),
            ..RecordOptions::default()
        };
        let n = record(child.id(), &options, &mut w, || {
            matches!(child.try_wait(), Ok(None))
        })
        .unwrap();
        assert!((5..=12).contains(&n), "{n} samples");
        let r = Recording::parse(std::str::from_utf8(&out).unwrap());
        assert_eq!(r.main.len() as u64, n);
        assert!(r.main.windows(2).all(|w| w[1].t > w[0].t));
        assert!(r.main.iter().all(|s| s.mib > 0.0));
    }
}
