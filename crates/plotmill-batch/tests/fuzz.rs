//! Bounded fuzzing of the two inputs a user hands plotmill unchecked: CSV
//! data and batch manifests. Generated and mutated inputs, deterministic
//! (a fixed seed), a few thousand cases so that CI stays within seconds;
//! `PLOTMILL_FUZZ_CASES` scales them up for a longer hunt (and
//! `PLOTMILL_FUZZ_SEED` moves to other cases).
//!
//! What must hold: nothing panics; a CSV either reads into a consistent
//! table (every column as long as the table, booleans 0 or 1) or fails
//! with an error that says where; every table that reads draws both charts
//! or refuses with a chart error; a manifest's every line ends as a done or
//! a failed job, failures are listed with their line, and no file is
//! written outside the output folder.

#![allow(clippy::print_stderr)] // The fuzzers report what they reached.

use std::path::Path;
use std::sync::atomic::AtomicUsize;

use plotmill_batch::{BatchOptions, Progress, Source, run};
use plotmill_chart::{ChartKind, ChartSpec};
use plotmill_data::{ColumnKind, CsvOptions, Labels, Origin, read_csv_bytes};
use plotmill_engine::{Limits, RenderError, Renderer};
use plotmill_text::FontBook;

/// A small deterministic generator (PCG-style LCG, top bits).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn cases(default: usize) -> usize {
    std::env::var("PLOTMILL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("PLOTMILL_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed)
}

/// How a column's values look, chosen per column.
#[derive(Clone, Copy)]
enum Style {
    Numbers,
    NumbersWithGaps,
    Booleans,
    Wild,
}

/// A field of a column of this style, as data files have them.
fn field(rng: &mut Rng, style: Style) -> String {
    const MISSING: &[&str] = &[
        "", "NaN", "nan", "NA", "N/A", "null", "-nan", "#N/A", "None",
    ];
    const EDGES: &[&str] = &[
        "inf",
        "-inf",
        "Infinity",
        "1e308",
        "1e309",
        "-1e-320",
        "+4",
        "-.5",
        "5.",
        "-0",
        "1.7976931348623157e308",
        "9223372036854775808",
        "\"1\"",
        "1.5e-7",
        "0001",
    ];
    const ODD: &[&str] = &[
        "True",
        "false",
        "0x1F",
        "1_000",
        "1,5",
        "3,14",
        " 7 ",
        "--1",
        "1e",
        ".",
        "\"a,b\"",
        "\"\"",
        "\"x\"\"y\"",
        "é",
        "日本",
        "\u{feff}1",
        "\0",
    ];
    let number = |rng: &mut Rng| match rng.below(4) {
        0 => format!("{}", rng.next() % 1000),
        1 => (*rng.pick(EDGES)).to_owned(),
        _ => format!("{}", (rng.next() as f64 / 1e6) - 2000.0),
    };
    match style {
        Style::Numbers => number(rng),
        Style::NumbersWithGaps if rng.chance(15) => (*rng.pick(MISSING)).to_owned(),
        Style::NumbersWithGaps => number(rng),
        Style::Booleans => (*rng.pick(&["True", "False", "true", "FALSE"])).to_owned(),
        Style::Wild => match rng.below(4) {
            0 => (*rng.pick(ODD)).to_owned(),
            1 => "x".repeat(rng.below(300)),
            2 => String::from_utf8_lossy(
                &(0..rng.below(6))
                    .map(|_| rng.next() as u8)
                    .collect::<Vec<_>>(),
            )
            .into_owned(),
            _ => number(rng),
        },
    }
}

/// A CSV: a header (sometimes), rows of fields (sometimes ragged), with a
/// delimiter and line ends chosen per file.
fn csv(rng: &mut Rng) -> (Vec<u8>, u8) {
    let delimiter = *rng.pick(&[",", ";", "\t", "|", " "]);
    let newline = *rng.pick(&["\n", "\r\n", "\r"]);
    let columns = 1 + rng.below(9);
    let rows = rng.below(40);
    let styles: Vec<Style> = (0..columns)
        .map(|_| match rng.below(10) {
            0..=4 => Style::Numbers,
            5 | 6 => Style::NumbersWithGaps,
            7 => Style::Booleans,
            _ => Style::Wild,
        })
        .collect();
    let ragged = rng.chance(10);
    let mut out = String::new();
    if rng.chance(10) {
        out.push('\u{feff}');
    }
    if rng.chance(85) {
        let names: Vec<String> = (0..columns)
            .map(|c| match rng.below(8) {
                0 => String::new(),
                1 => "dup".to_owned(),
                2 => field(rng, Style::Wild),
                _ => format!("c{c}"),
            })
            .collect();
        out.push_str(&names.join(delimiter));
        out.push_str(newline);
    }
    for _ in 0..rows {
        let n = if ragged && rng.chance(20) {
            rng.below(columns + 3)
        } else {
            columns
        };
        let fields: Vec<String> = (0..n)
            .map(|c| field(rng, styles.get(c).copied().unwrap_or(Style::Wild)))
            .collect();
        out.push_str(&fields.join(delimiter));
        if rng.chance(95) {
            out.push_str(newline);
        }
    }
    let mut bytes = out.into_bytes();
    // Byte-level damage now and then: flips, cuts, inserted quotes.
    for _ in 0..usize::from(rng.chance(25)) * (1 + rng.below(3)) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes.truncate(at),
            2 => bytes.insert(at, b'"'),
            _ => bytes.insert(at, b'\n'),
        }
    }
    (bytes, delimiter.as_bytes()[0])
}

#[test]
fn fuzzed_csv_reads_consistently_or_says_where_it_fails_and_draws_or_refuses() {
    let mut rng = Rng(seed());
    let mut renderer =
        Renderer::new(FontBook::new(), Limits::default()).with_system_fallbacks(false);
    let specs: Vec<ChartSpec> = ChartSpec::defaults()
        .into_iter()
        .map(|mut s| {
            // Small images: the point is the data's path, not the pixels.
            s.output.dpi = 20.0;
            s
        })
        .collect();
    let (mut read, mut failed, mut drawn) = (0, 0, 0);
    let mut out = Vec::new();
    for case in 0..cases(4000) {
        let (bytes, delimiter) = csv(&mut rng);
        let options = CsvOptions {
            delimiter: match rng.below(10) {
                0..=5 => None,
                6..=8 => Some(delimiter),
                _ => Some(*rng.pick(b",;\t| ")),
            },
            header: rng.chance(85),
            decimal: if rng.chance(80) { b'.' } else { b',' },
            labels: Vec::new(),
        };
        let result = std::panic::catch_unwind(|| read_csv_bytes(&bytes, Origin::Memory, &options));
        let Ok(result) = result else {
            panic!(
                "case {case}: reading panicked on {:?} with {options:?}",
                String::from_utf8_lossy(&bytes)
            );
        };
        let table = match result {
            Ok(t) => t.table,
            Err(e) => {
                failed += 1;
                let message = e.to_string();
                assert!(!message.is_empty(), "case {case}: an empty error");
                continue;
            }
        };
        read += 1;
        // Keeping every column's cells as labels changes nothing else, and
        // gives each row a level or missing.
        let every: Vec<String> = table
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .chain(table.text_columns().iter().cloned())
            .collect();
        let with_labels = CsvOptions {
            labels: every.clone(),
            ..options.clone()
        };
        let Ok(labelled) = read_csv_bytes(&bytes, Origin::Memory, &with_labels) else {
            panic!("case {case}: keeping labels made a readable file unreadable");
        };
        let labelled = labelled.table;
        let bits = |t: &plotmill_data::Table| -> Vec<(String, ColumnKind, Vec<u64>)> {
            t.columns()
                .iter()
                .map(|c| {
                    let v = c.values().iter().map(|v| v.to_bits()).collect();
                    (c.name().to_owned(), c.kind(), v)
                })
                .collect()
        };
        assert_eq!(bits(&labelled), bits(&table), "case {case}");
        assert_eq!(labelled.text_columns(), table.text_columns(), "case {case}");
        assert_eq!(labelled.all_labels().len(), every.len(), "case {case}");
        for l in labelled.all_labels() {
            assert_eq!(l.codes().len(), table.rows(), "case {case}: '{}'", l.name());
            assert!(
                l.codes()
                    .iter()
                    .all(|&c| c == Labels::MISSING || (c as usize) < l.levels().len()),
                "case {case}: '{}'",
                l.name()
            );
        }
        for column in table.columns() {
            assert_eq!(
                column.values().len(),
                table.rows(),
                "case {case}: column '{}'",
                column.name()
            );
            if column.kind() == ColumnKind::Bool {
                assert!(
                    column.values().iter().all(|v| *v == 0.0 || *v == 1.0),
                    "case {case}: bool column '{}'",
                    column.name()
                );
            }
        }
        // A histogram and a density of the first numeric column by the
        // first text one.
        let mut specs = specs.clone();
        for spec in &mut specs {
            let x = labelled
                .columns()
                .first()
                .map_or("none".to_owned(), |c| c.name().to_owned());
            let hue = labelled.text_columns().first().cloned();
            // The categorical charts: the numeric column by the text one
            // (categories along x), coloured by it too.
            let cat = hue.clone();
            let value = Some(x.clone());
            match &mut spec.chart {
                ChartKind::Histplot(h) => (h.x, h.hue) = (x, hue),
                ChartKind::Kdeplot(k) => (k.x, k.hue) = (x, hue),
                ChartKind::Lineplot(l) => (l.x, l.y, l.hue) = (x.clone(), x, hue),
                ChartKind::Boxplot(o) => (o.x, o.y, o.hue) = (cat, value, hue),
                ChartKind::Violinplot(o) => (o.x, o.y, o.hue) = (cat, value, hue),
                ChartKind::Barplot(o) => (o.x, o.y, o.hue) = (cat, value, hue),
                ChartKind::Pointplot(o) => (o.x, o.y, o.hue) = (cat, value, hue),
                ChartKind::Stripplot(o) => (o.x, o.y, o.hue) = (cat, value, hue),
                ChartKind::Swarmplot(o) => (o.x, o.y, o.hue) = (cat, value, hue),
                ChartKind::Countplot(o) => (o.x, o.hue) = (cat.or(value), hue),
                _ => {}
            }
        }
        for spec in &specs {
            let drew = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                renderer.render(spec, &labelled, &mut out)
            }));
            match drew {
                Err(_) => panic!(
                    "case {case}: drawing {} panicked on {:?}",
                    spec.kind(),
                    String::from_utf8_lossy(&bytes)
                ),
                Ok(Ok(_)) => drawn += 1,
                Ok(Err(RenderError::Chart(_) | RenderError::Limit(_))) => {}
                Ok(Err(e)) => panic!("case {case}: {} failed to encode: {e}", spec.kind()),
            }
        }
    }
    eprintln!("fuzzed CSV: {read} read, {failed} refused, {drawn} charts drawn");
    // The generator reaches both sides.
    assert!(read > 0 && failed > 0 && drawn > 0);
}

/// A manifest line: a valid job now and then, else one with a damaged or
/// hostile part.
fn manifest_line(rng: &mut Rng, i: usize) -> String {
    // Each part is hostile one time in three.
    let hostile = |rng: &mut Rng, kinds: usize| {
        if rng.chance(67) {
            usize::MAX
        } else {
            rng.below(kinds)
        }
    };
    let key = match hostile(rng, 6) {
        0 => String::new(),
        1 => "../escape".to_owned(),
        2 => "a/b".to_owned(),
        3 => "dup".to_owned(),
        4 => "k".repeat(300),
        5 => "日本".to_owned(),
        _ => format!("k{i}"),
    };
    let data = match hostile(rng, 8) {
        0 => "\"../../etc/passwd\"".to_owned(),
        1 => "\"/etc/hostname\"".to_owned(),
        2 => "\"missing.csv\"".to_owned(),
        3 => "{\"columns\": {\"a\": [1, 2, 3], \"b\": [3, 1, 2]}}".to_owned(),
        4 => "{\"columns\": {\"a\": [1, 2], \"b\": [1]}}".to_owned(),
        5 => "{\"path\": \"data.csv\", \"delimiter\": \";;\"}".to_owned(),
        6 => "{\"path\": \"data.csv\", \"decimal\": \"x\"}".to_owned(),
        7 => "17".to_owned(),
        _ => "\"data.csv\"".to_owned(),
    };
    let charts = match hostile(rng, 6) {
        0 => ", \"charts\": []".to_owned(),
        1 => ", \"charts\": [\"pie\"]".to_owned(),
        2 => ", \"charts\": [{\"kind\": \"heatmap\", \"figsize\": [0, 0]}]".to_owned(),
        3 => ", \"charts\": [{\"kind\": \"heatmap\", \"dpi\": -5}]".to_owned(),
        4 => ", \"charts\": [{\"kind\": \"scatter-matrix\", \"dpi\": 10, \"alpha\": 7}]".to_owned(),
        5 => ", \"charts\": [{\"kind\": \"heatmap\", \"dpi\": 10, \"cmapp\": \"x\"}]".to_owned(),
        _ => ", \"charts\": [{\"kind\": \"heatmap\", \"dpi\": 10}]".to_owned(),
    };
    let output = match hostile(rng, 4) {
        0 => ", \"output\": \"../{key}.{ext}\"".to_owned(),
        1 => ", \"output\": \"/tmp/{key}.{ext}\"".to_owned(),
        2 => ", \"output\": \"{nope}.{ext}\"".to_owned(),
        3 => ", \"output\": \"sub/{key}_{index}.{ext}\"".to_owned(),
        _ => String::new(),
    };
    let mut line = format!("{{\"key\": {key:?}, \"data\": {data}{charts}{output}}}");
    if rng.chance(15) {
        // Damage the JSON itself.
        let at = rng.below(line.len());
        let at = (0..=at)
            .rev()
            .find(|&i| line.is_char_boundary(i))
            .unwrap_or(0);
        match rng.below(3) {
            0 => line.truncate(at),
            1 => line.insert(at, '}'),
            _ => line.insert_str(at, "\\u0000"),
        }
    }
    line
}

/// Every file under `dir`.
fn files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, found);
            } else {
                found.push(p);
            }
        }
    }
}

#[test]
fn fuzzed_manifests_end_every_line_as_done_or_failed_and_write_only_inside_the_output() {
    let mut rng = Rng(seed() ^ 0xabcdef);
    let runs = cases(3000).div_ceil(300).max(1);
    let (mut done, mut failed) = (0, 0);
    for run_no in 0..runs {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let work = dir.path().join("work");
        let out = work.join("out");
        std::fs::create_dir_all(&work).expect("the work folder");
        std::fs::write(work.join("data.csv"), "a,b,c\n1,2,3\n2,1,0\n3,5,1\n").expect("the data");
        let lines: Vec<String> = (0..60).map(|i| manifest_line(&mut rng, i)).collect();
        let manifest = work.join("jobs.jsonl");
        std::fs::write(&manifest, lines.join("\n") + "\n").expect("the manifest");
        let mut options = BatchOptions::new(&out);
        options.workers = 2;
        let stop = AtomicUsize::new(0);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(
                &Source::Manifest(manifest.clone()),
                &options,
                &Progress::default(),
                &stop,
            )
        }));
        let summary = match result {
            Err(_) => panic!("run {run_no}: the batch panicked on:\n{}", lines.join("\n")),
            Ok(Err(e)) => panic!("run {run_no}: the batch stopped: {e}\n{}", lines.join("\n")),
            Ok(Ok(s)) => s,
        };
        done += summary.done;
        failed += summary.failed;
        let blank = lines.iter().filter(|l| l.trim().is_empty()).count() as u64;
        assert_eq!(
            summary.done + summary.failed + blank,
            lines.len() as u64,
            "run {run_no}: {summary:?}"
        );
        let failures = std::fs::read_to_string(&summary.failures_file).unwrap_or_default();
        assert_eq!(
            failures.lines().count() as u64,
            summary.failed,
            "run {run_no}"
        );
        for f in failures.lines() {
            let v: serde_json::Value = serde_json::from_str(f).expect("failures are JSON lines");
            assert!(v["line"].as_u64().is_some(), "run {run_no}: no line in {f}");
            assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{f}");
        }
        // Nothing outside the output folder: the work folder holds only
        // what the test wrote and the output folder.
        let mut all = Vec::new();
        files(dir.path(), &mut all);
        for f in &all {
            assert!(
                f.starts_with(&out) || f == &work.join("data.csv") || f == &manifest,
                "run {run_no}: wrote {} outside the output folder",
                f.display()
            );
        }
    }
    eprintln!("fuzzed manifests: {runs} runs, {done} jobs done, {failed} failed");
    assert!(done > 0 && failed > 0);
}
