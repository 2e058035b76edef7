//! Recordings: memory over time, in mprof's `.dat` text format (as
//! memory_profiler writes and reads it), CSV or JSON lines.
//!
//! `.dat` lines, as memory_profiler 0.61 writes them:
//!
//! ```text
//! CMDLINE <the command>
//! MEM <MiB, 6 decimals> <unix time, 4 decimals>
//! CHLD <child's process id> <MiB> <unix time>        (mprof run --multiprocess)
//! FUNC <name> <MiB at start> <start> <MiB at end> <end> [<stack level>]   (@profile)
//! ```

use std::io::{self, Write};
use std::path::Path;

/// One sample: when (Unix time, seconds) and how much (MiB, 2^20 bytes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Unix time in seconds.
    pub t: f64,
    /// Memory in MiB.
    pub mib: f64,
}

/// A function's time span, as memory_profiler's `@profile` records it.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncMark {
    /// The function.
    pub name: String,
    /// Start and end, Unix time.
    pub t: (f64, f64),
    /// Memory at start and end, MiB.
    pub mib: (f64, f64),
}

/// A memory recording.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recording {
    /// The recorded command, if the file says.
    pub command: Option<String>,
    /// The main series (the process, with its children when they were
    /// included).
    pub main: Vec<Sample>,
    /// Each child's own series (`--multiprocess`), by its id, in order of
    /// first appearance.
    pub children: Vec<(String, Vec<Sample>)>,
    /// Function spans.
    pub functions: Vec<FuncMark>,
    /// Lines that were not understood and left out.
    pub skipped: usize,
}

/// Why a recording could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        error: io::Error,
    },
    /// Nothing in it.
    #[error("{path}: no memory samples{}; record one with `plotmill mem run -o {path} -- COMMAND`", skipped_note(*.skipped))]
    NoSamples {
        /// The file.
        path: String,
        /// Lines skipped as not understood.
        skipped: usize,
    },
}

fn skipped_note(skipped: usize) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!(" ({skipped} line(s) not understood)")
    }
}

/// File formats of a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// mprof's `.dat`.
    #[default]
    Dat,
    /// `time,series,mib` rows.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl Recording {
    /// Reads a recording in any of the three formats (told apart by their
    /// first line). Lines that are not understood (garbage, a line cut off
    /// by a crash) are skipped and counted, never fatal.
    pub fn read(path: &Path) -> Result<Recording, ReadError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|error| ReadError::Io {
            path: name.clone(),
            error,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let r = Recording::parse(&text);
        if r.main.is_empty() && r.children.is_empty() {
            return Err(ReadError::NoSamples {
                path: name,
                skipped: r.skipped,
            });
        }
        Ok(r)
    }

    /// Parses a recording's text.
    pub fn parse(text: &str) -> Recording {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let mut r = Recording::default();
        if first.starts_with('{') {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                if !r.json_line(line) {
                    r.skipped += 1;
                }
            }
        } else if first.trim() == "time,series,mib" {
            for line in text.lines().skip_while(|l| l.trim().is_empty()).skip(1) {
                if !line.trim().is_empty() && !r.csv_line(line) {
                    r.skipped += 1;
                }
            }
        } else {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                if !r.dat_line(line) {
                    r.skipped += 1;
                }
            }
        }
        r
    }

    fn push_child(&mut self, id: &str, s: Sample) {
        match self.children.iter_mut().find(|(c, _)| c == id) {
            Some((_, v)) => v.push(s),
            None => self.children.push((id.to_owned(), vec![s])),
        }
    }

    fn dat_line(&mut self, line: &str) -> bool {
        let (field, rest) = line.split_once(' ').unwrap_or((line, ""));
        let nums = |s: &str| -> Option<Vec<f64>> {
            s.split_whitespace()
                .map(|v| v.parse::<f64>().ok().filter(|x| x.is_finite()))
                .collect()
        };
        match field {
            "CMDLINE" => {
                self.command = Some(rest.trim_end().to_owned());
                true
            }
            "MEM" => match nums(rest).as_deref() {
                Some([mib, t]) => {
                    self.main.push(Sample { t: *t, mib: *mib });
                    true
                }
                _ => false,
            },
            "CHLD" => {
                let Some((id, rest)) = rest.split_once(' ') else {
                    return false;
                };
                match nums(rest).as_deref() {
                    Some([mib, t]) => {
                        self.push_child(id, Sample { t: *t, mib: *mib });
                        true
                    }
                    _ => false,
                }
            }
            "FUNC" => {
                let mut parts = rest.split_whitespace();
                let Some(name) = parts.next() else {
                    return false;
                };
                let values: Option<Vec<f64>> = parts.take(4).map(|v| v.parse().ok()).collect();
                match values.as_deref() {
                    Some([m0, t0, m1, t1]) => {
                        self.functions.push(FuncMark {
                            name: name.to_owned(),
                            t: (*t0, *t1),
                            mib: (*m0, *m1),
                        });
                        true
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    fn csv_line(&mut self, line: &str) -> bool {
        let parts: Vec<&str> = line.trim_end().split(',').collect();
        let [t, series, mib] = parts[..] else {
            return false;
        };
        let (Ok(t), Ok(mib)) = (t.parse::<f64>(), mib.parse::<f64>()) else {
            return false;
        };
        if !(t.is_finite() && mib.is_finite()) {
            return false;
        }
        let s = Sample { t, mib };
        if series == "main" {
            self.main.push(s);
        } else {
            self.push_child(series, s);
        }
        true
    }

    fn json_line(&mut self, line: &str) -> bool {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            return false;
        };
        if let Some(cmd) = v.get("command").and_then(|c| c.as_str()) {
            self.command = Some(cmd.to_owned());
            return true;
        }
        let (Some(t), Some(mib)) = (
            v.get("t").and_then(|x| x.as_f64()),
            v.get("mib").and_then(|x| x.as_f64()),
        ) else {
            return false;
        };
        let s = Sample { t, mib };
        match v.get("series").and_then(|x| x.as_str()) {
            None | Some("main") => self.main.push(s),
            Some(id) => self.push_child(id, s),
        }
        true
    }

    /// The earliest sample time, the origin of a plot's time axis.
    pub fn start(&self) -> Option<f64> {
        self.main
            .iter()
            .chain(self.children.iter().flat_map(|(_, v)| v))
            .map(|s| s.t)
            .min_by(f64::total_cmp)
    }
}

/// Writes samples as they come, in one of the formats; each line is written
/// whole (and flushed), so a crash of either program keeps every sample
/// taken so far.
#[derive(Debug)]
pub struct SampleWriter<W: Write> {
    out: W,
    format: Format,
    line: String,
}

impl<W: Write> SampleWriter<W> {
    /// Starts a recording of `command`.
    pub fn new(mut out: W, format: Format, command: &str) -> io::Result<Self> {
        // One line: a command with newlines would break the format.
        let command = command.replace(['\n', '\r'], " ");
        match format {
            Format::Dat => writeln!(out, "CMDLINE {command}")?,
            Format::Csv => writeln!(out, "time,series,mib")?,
            Format::Jsonl => {
                serde_json::to_writer(&mut out, &serde_json::json!({ "command": command }))?;
                writeln!(out)?;
            }
        }
        out.flush()?;
        Ok(SampleWriter {
            out,
            format,
            line: String::new(),
        })
    }

    /// Records the main series' sample and, with `--multiprocess`, each
    /// child's (by process id).
    pub fn sample(&mut self, main: Sample, children: &[(u32, Sample)]) -> io::Result<()> {
        use std::fmt::Write as _;
        self.line.clear();
        let l = &mut self.line;
        // Writing to a String cannot fail.
        let _ = match self.format {
            Format::Dat => writeln!(l, "MEM {:.6} {:.4}", main.mib, main.t),
            Format::Csv => writeln!(l, "{:.4},main,{:.6}", main.t, main.mib),
            Format::Jsonl => writeln!(
                l,
                "{{\"t\":{:.4},\"series\":\"main\",\"mib\":{:.6}}}",
                main.t, main.mib
            ),
        };
        for (pid, s) in children {
            let _ = match self.format {
                Format::Dat => writeln!(l, "CHLD {pid} {:.6} {:.4}", s.mib, s.t),
                Format::Csv => writeln!(l, "{:.4},{pid},{:.6}", s.t, s.mib),
                Format::Jsonl => writeln!(
                    l,
                    "{{\"t\":{:.4},\"series\":\"{pid}\",\"mib\":{:.6}}}",
                    s.t, s.mib
                ),
            };
        }
        self.out.write_all(self.line.as_bytes())?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAT: &str = "CMDLINE python service.py --flag\n\
        MEM 1.250000 1700000000.0000\n\
        CHLD 4242 3.500000 1700000000.0010\n\
        MEM 2.500000 1700000000.1000\n\
        garbage here\n\
        FUNC load 1.2 1700000000.0 2.5 1700000000.1 1\n\
        CHLD 4242 3.750000 1700000000.1010\n\
        MEM 2.7500";

    #[test]
    fn reads_mprof_dat() {
        let r = Recording::parse(DAT);
        assert_eq!(r.command.as_deref(), Some("python service.py --flag"));
        assert_eq!(
            r.main,
            [
                Sample {
                    t: 1700000000.0,
                    mib: 1.25
                },
                Sample {
                    t: 1700000000.1,
                    mib: 2.5
                }
            ]
        );
        assert_eq!(r.children.len(), 1);
        assert_eq!(r.children[0].0, "4242");
        assert_eq!(r.children[0].1.len(), 2);
        assert_eq!(r.functions[0].name, "load");
        // The garbage line and the line cut off at the end.
        assert_eq!(r.skipped, 2);
    }

    #[test]
    fn every_format_round_trips() {
        for format in [Format::Dat, Format::Csv, Format::Jsonl] {
            let mut out = Vec::new();
            let mut w = SampleWriter::new(&mut out, format, "worker --x").unwrap();
            w.sample(
                Sample { t: 10.0, mib: 1.5 },
                &[(7, Sample { t: 10.0, mib: 0.5 })],
            )
            .unwrap();
            w.sample(Sample { t: 10.1, mib: 1.75 }, &[]).unwrap();
            let r = Recording::parse(std::str::from_utf8(&out).unwrap());
            assert_eq!(r.skipped, 0, "{format:?}");
            assert_eq!(r.main.len(), 2, "{format:?}");
            assert_eq!(r.main[1], Sample { t: 10.1, mib: 1.75 });
            assert_eq!(
                r.children,
                [("7".to_owned(), vec![Sample { t: 10.0, mib: 0.5 }])]
            );
            if format != Format::Csv {
                assert_eq!(r.command.as_deref(), Some("worker --x"));
            }
        }
        let mut out = Vec::new();
        SampleWriter::new(&mut out, Format::Dat, "a")
            .unwrap()
            .sample(Sample { t: 1.0, mib: 2.0 }, &[])
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "CMDLINE a\nMEM 2.000000 1.0000\n"
        );
    }

    #[test]
    fn empty_and_garbage_files_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in [
            ("empty.dat", ""),
            ("junk.dat", "\u{0}\u{1}zzz\nMEM x y\n"),
            ("cmd.dat", "CMDLINE x\n"),
        ] {
            let p = dir.path().join(name);
            std::fs::write(&p, body).unwrap();
            let e = Recording::read(&p).unwrap_err().to_string();
            assert!(e.contains("no memory samples"), "{e}");
        }
        let e = Recording::read(&dir.path().join("missing.dat"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing.dat"), "{e}");
    }
}
