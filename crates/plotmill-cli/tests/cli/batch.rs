//! `plotmill batch`: the service's job, resumable after a kill at any moment,
//! and never stopped by a bad job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::{plotmill, read};

/// A small deterministic generator (64-bit LCG), so the tests need no crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}

/// `n` seed-shaped data sets (4 rows × 8 columns) and a manifest of jobs
/// drawing both charts of each (at dpi 50, to keep the test quick).
fn make_jobs(dir: &Path, n: usize) -> PathBuf {
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let mut rng = Lcg(7);
    let mut manifest = String::new();
    for i in 0..n {
        let mut csv = String::from("0,1,2,3,4,5,6,7\n");
        for _ in 0..4 {
            let row: Vec<String> = (0..8).map(|_| format!("{}", rng.unit())).collect();
            csv.push_str(&row.join(","));
            csv.push('\n');
        }
        std::fs::write(dir.join(format!("data/{i:04}.csv")), csv).unwrap();
        manifest.push_str(&format!(
            "{{\"key\": \"{i:04}\", \"data\": \"data/{i:04}.csv\", \"charts\": [{{\"kind\": \"scatter-matrix\", \"dpi\": 50}}, {{\"kind\": \"heatmap\", \"dpi\": 50}}]}}\n"
        ));
    }
    let path = dir.join("jobs.jsonl");
    std::fs::write(&path, manifest).unwrap();
    path
}

/// Every file under `dir` (relative name → bytes), plotmill's own state
/// folder and failures file left out.
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if name == ".plotmill" || name.starts_with("failures") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                found.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// The journal's entries (header left out).
fn journal(out: &Path, suffix: &str) -> Vec<serde_json::Value> {
    read(out.join(format!(".plotmill/journal{suffix}.jsonl")))
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn str_args(args: &[&Path]) -> Vec<String> {
    args.iter().map(|p| p.display().to_string()).collect()
}

#[test]
fn the_service_job_with_inputs_glob() {
    let dir = tempfile::tempdir().unwrap();
    make_jobs(dir.path(), 3);
    let out = dir.path().join("out");
    let pattern = dir.path().join("data/*.csv");
    let [p, o] = [pattern.as_path(), out.as_path()].map(|p| p.display().to_string());
    let run = plotmill(&["batch", "--inputs", &p, "-o", &o]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = outputs(&out).into_keys().collect();
    assert_eq!(
        names,
        [
            "0000_correlation_heatmap.png",
            "0000_scatter_matrix.png",
            "0001_correlation_heatmap.png",
            "0001_scatter_matrix.png",
            "0002_correlation_heatmap.png",
            "0002_scatter_matrix.png"
        ]
    );
    // The same bytes as the single-chart commands draw.
    let single = dir.path().join("single.png");
    let data = dir.path().join("data/0001.csv");
    let r = plotmill(&[
        "heatmap",
        &str_args(&[&data])[0],
        "-o",
        &str_args(&[&single])[0],
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read(&single).unwrap(),
        std::fs::read(out.join("0001_correlation_heatmap.png")).unwrap()
    );
    assert!(
        run.stderr.contains("3 jobs: 3 done, 0 failed"),
        "{}",
        run.stderr
    );
    assert!(!out.join(".plotmill/tmp").exists());
}

#[test]
fn a_layout_applies_to_every_chart_of_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(
        super::root().join("examples/layout/wide_31.csv"),
        data.join("wide.csv"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let pattern = data.join("*.csv");
    let [p, o] = [pattern.as_path(), out.as_path()].map(|p| p.display().to_string());
    let run = plotmill(&["batch", "--inputs", &p, "-o", &o, "--layout", "constrained"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Each chart the same bytes as its single-chart command with the same
    // layout draws, and not the bytes of matplotlib's fixed margins.
    let wide = str_args(&[&data.join("wide.csv")]).remove(0);
    for (command, file) in [
        ("heatmap", "wide_correlation_heatmap.png"),
        ("scatter-matrix", "wide_scatter_matrix.png"),
    ] {
        let batch = std::fs::read(out.join(file)).unwrap();
        let single = |layout: &str| {
            let path = dir.path().join(format!("{layout}.png"));
            let path = str_args(&[&path]).remove(0);
            let run = plotmill(&[command, &wide, "--layout", layout, "-o", &path]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            std::fs::read(&path).unwrap()
        };
        assert!(batch == single("constrained"), "{file}");
        assert!(batch != single("none"), "{file}");
    }
}

#[test]
fn killed_at_random_moments_then_resumed_gives_exactly_the_clean_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = make_jobs(dir.path(), 150);
    let clean = dir.path().join("clean");
    let crashed = dir.path().join("crashed");
    let m = manifest.display().to_string();

    let run = plotmill(&["batch", &m, "-o", &clean.display().to_string(), "-j", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = outputs(&clean);
    assert_eq!(want.len(), 300);

    let mut rng = Lcg(2024);
    let mut cut_mid_run = 0;
    for _ in 0..6 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plotmill"))
            .args([
                "batch",
                &m,
                "-o",
                &crashed.display().to_string(),
                "-j",
                "2",
                "--resume",
                "-q",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 + rng.next() % 200));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let have = outputs(&crashed).len();
        if status.code().is_none() && have > 0 && have < want.len() {
            cut_mid_run += 1;
        }
    }
    assert!(cut_mid_run >= 1, "no kill landed in the middle of a run");

    let run = plotmill(&[
        "batch",
        &m,
        "-o",
        &crashed.display().to_string(),
        "-j",
        "2",
        "--resume",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = outputs(&crashed);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &want {
        assert!(got[name] == *bytes, "{name} differs from the clean run's");
    }
    // Each job recorded once; no temporary file left anywhere.
    let entries = journal(&crashed, "");
    let mut lines: Vec<u64> = entries
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    lines.sort_unstable();
    lines.dedup();
    assert_eq!((entries.len(), lines.len()), (150, 150));
    let mut state: Vec<String> = std::fs::read_dir(crashed.join(".plotmill"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    state.sort();
    assert_eq!(state, ["journal.jsonl", "summary.json"]);
}

#[test]
fn sigterm_stops_cleanly_and_resume_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = make_jobs(dir.path(), 800);
    let out = dir.path().join("out");
    let child = Command::new(env!("CARGO_BIN_EXE_plotmill"))
        .args([
            "batch",
            &manifest.display().to_string(),
            "-o",
            &out.display().to_string(),
            "-j",
            "2",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(150));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out_run = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out_run.stderr);
    assert_eq!(out_run.status.code(), Some(143), "{stderr}");
    assert!(stderr.contains("terminated (SIGTERM)"), "{stderr}");
    // What the journal lists is on disk, whole.
    let done = journal(&out, "");
    assert!(done.len() < 800, "the run finished before the signal");
    for e in &done {
        for name in e["outputs"].as_array().unwrap() {
            let bytes = std::fs::read(out.join(name.as_str().unwrap())).unwrap();
            assert!(bytes.starts_with(b"\x89PNG") && bytes.ends_with(b"IEND\xaeB`\x82"));
        }
    }
    let run = plotmill(&[
        "batch",
        &manifest.display().to_string(),
        "-o",
        &out.display().to_string(),
        "--resume",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("{} already done (resumed)", done.len())),
        "{}",
        run.stderr
    );
    assert_eq!(outputs(&out).len(), 1600);
}

#[test]
fn bad_jobs_are_reported_and_good_jobs_done() {
    let dir = tempfile::tempdir().unwrap();
    make_jobs(dir.path(), 2);
    std::fs::write(dir.path().join("data/ragged.csv"), "a,b\n1,2\n3\n").unwrap();
    std::fs::write(dir.path().join("secret.csv"), "a,b\n1,2\n").unwrap();
    let sub = dir.path().join("m");
    std::fs::create_dir(&sub).unwrap();
    let lines = [
        r#"{"key": "good", "data": "../data/0000.csv"}"#,
        r#"{"key": "broken", "data": "#,
        r#"{"key": "missing", "data": "nope.csv"}"#,
        r#"{"key": "../up", "data": "x.csv"}"#,
        r#"{"key": "abs", "data": "x.csv", "output": "/tmp/{key}_{chart}.{ext}"}"#,
        r#"{"key": "dots", "data": "x.csv", "output": "a/../../{key}_{chart}.{ext}"}"#,
        r#"{"key": "nul", "data": "x.csv", "output": "{key}\u0000_{chart}.{ext}"}"#,
        r#"{"key": "CON", "data": "x.csv", "output": "{key}.{index}.{ext}"}"#,
        r#"{"key": "big", "data": "../data/0001.csv", "charts": [{"kind": "heatmap", "figsize": [400, 300]}]}"#,
        r#"{"key": "field", "data": "../data/0001.csv", "charts": [{"kind": "heatmap", "cmapp": "vlag"}]}"#,
        r#"{"key": "ragged", "data": "../data/ragged.csv"}"#,
        "",
        r#"{"key": "inline", "data": {"columns": {"x": [1, 2, 3], "y": [3, 1, 2]}}, "charts": ["heatmap"]}"#,
    ];
    let manifest = sub.join("jobs.jsonl");
    std::fs::write(&manifest, lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    let run = plotmill(&[
        "batch",
        &manifest.display().to_string(),
        "-o",
        &out.display().to_string(),
        "--allow-outside",
        "--max-pixels",
        "10000000",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("12 jobs: 2 done, 10 failed"),
        "{}",
        run.stderr
    );
    let names: Vec<String> = outputs(&out).into_keys().collect();
    assert_eq!(
        names,
        [
            "good_correlation_heatmap.png",
            "good_scatter_matrix.png",
            "inline_correlation_heatmap.png"
        ]
    );
    let failures: BTreeMap<u64, (String, String)> = read(out.join("failures.jsonl"))
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(
                v["job"].as_str().unwrap(),
                lines[v["line"].as_u64().unwrap() as usize - 1].trim_end()
            );
            (
                v["line"].as_u64().unwrap(),
                (
                    v["key"].as_str().unwrap_or("-").to_owned(),
                    v["error"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect();
    let expect: [(u64, &str, &str); 10] = [
        (2, "-", "not valid JSON: EOF while parsing a value"),
        (3, "missing", "data 'nope.csv': no such file"),
        (4, "../up", "key \"../up\": a key has no '/'"),
        (
            5,
            "abs",
            "output name '/tmp/abs_scatter_matrix.png' is an absolute path",
        ),
        (6, "dots", "has a '.' or '..' part"),
        (7, "nul", "has a NUL, control character or backslash"),
        (8, "CON", "Windows reserves (the device name CON)"),
        (
            9,
            "big",
            "charts[0] (heatmap): the image would be 40000×30000",
        ),
        (10, "field", "charts[0]: 'cmapp' is not one of "),
        (
            11,
            "ragged",
            "line 3: expected 2 field(s) as in the header, found 1",
        ),
    ];
    assert_eq!(failures.len(), expect.len(), "{failures:#?}");
    for (line, key, error) in expect {
        let (k, e) = &failures[&line];
        assert_eq!(k, key, "line {line}");
        assert!(e.contains(error), "line {line}: {e}");
    }
    // --max-failures stops taking jobs once reached (a few lines already
    // read may still be reported).
    let stopped = dir.path().join("stopped");
    let run = plotmill(&[
        "batch",
        &manifest.display().to_string(),
        "-o",
        &stopped.display().to_string(),
        "--allow-outside",
        "--max-failures",
        "2",
        "-j",
        "1",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("stopped early: --max-failures reached"),
        "{}",
        run.stderr
    );
    assert!(read(stopped.join("failures.jsonl")).lines().count() < 10);
    // Inputs stay in the manifest's folder unless --allow-outside.
    let run = plotmill(&[
        "batch",
        &manifest.display().to_string(),
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(run.code, 1);
    assert!(read(out.join("failures.jsonl")).contains("is outside the manifest's folder"));
}

/// Values no data can make drawable fail their job before its data is
/// read, naming the chart's field; a key given twice fails the later job
/// (it would overwrite the earlier one's files).
#[test]
fn bad_values_and_duplicate_keys_fail_their_jobs_by_name() {
    let dir = tempfile::tempdir().unwrap();
    make_jobs(dir.path(), 1);
    let lines = [
        r#"{"key": "zero", "data": "nowhere.csv", "charts": [{"kind": "heatmap", "figsize": [0, 0]}]}"#,
        r#"{"key": "negative", "data": "nowhere.csv", "charts": ["heatmap", {"kind": "heatmap", "figsize": [-8, 6]}]}"#,
        r#"{"key": "wide", "data": "nowhere.csv", "charts": [{"kind": "scatter-matrix", "figsize": [2000, 1]}]}"#,
        r#"{"key": "dpi", "data": "nowhere.csv", "charts": [{"kind": "heatmap", "dpi": 1e-300}]}"#,
        r#"{"key": "lines", "data": "nowhere.csv", "charts": [{"kind": "heatmap", "linewidths": -1}]}"#,
        r#"{"key": "range", "data": "nowhere.csv", "charts": [{"kind": "heatmap", "vmin": 1, "vmax": -1}]}"#,
        r#"{"key": "twice", "data": "data/0000.csv", "charts": ["heatmap"]}"#,
        r#"{"key": "twice", "data": "data/0000.csv", "charts": ["heatmap"]}"#,
        r#"{"key": "missing", "data": "nowhere.csv", "charts": ["heatmap"]}"#,
    ];
    let manifest = dir.path().join("bad.jsonl");
    std::fs::write(&manifest, lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    let run = plotmill(&[
        "batch",
        &manifest.display().to_string(),
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("9 jobs: 1 done, 8 failed"),
        "{}",
        run.stderr
    );
    assert_eq!(
        outputs(&out).into_keys().collect::<Vec<_>>(),
        ["twice_correlation_heatmap.png"]
    );
    let errors: Vec<(u64, String, Option<String>, String)> = read(out.join("failures.jsonl"))
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["line"].as_u64().unwrap(),
                v["error"].as_str().unwrap().to_owned(),
                v["field"].as_str().map(str::to_owned),
                v["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expect = [
        (1, "charts[0].figsize: [0, 0] is not a figure size"),
        (2, "charts[1].figsize: [-8, 6] is not a figure size"),
        (3, "charts[0].figsize: [2000, 1] is not a figure size"),
        (4, "charts[0].dpi: 1e-300 is not a resolution"),
        (5, "charts[0].linewidths: -1 is not a line width"),
        (6, "charts[0].vmin: 1 is above vmax -1"),
        (
            8,
            "key 'twice' is also the key of line 7; keys name the outputs",
        ),
        (9, "data 'nowhere.csv': no such file"),
    ];
    assert_eq!(errors.len(), expect.len(), "{errors:?}");
    for ((line, error, field, kind), (want_line, says)) in errors.iter().zip(expect) {
        assert_eq!(*line, want_line);
        // The data ("nowhere.csv") was never read: the spec failed first.
        assert!(error.starts_with(says), "line {line}: {error}");
        // For programs, the option at fault on its own: `charts[0].figsize`,
        // and the kind of fault.
        let named = says.split(':').next().filter(|f| f.starts_with("charts["));
        assert_eq!(field.as_deref(), named, "line {line}");
        let want_kind = match line {
            8 => "request",
            9 => "data",
            _ => "spec",
        };
        assert_eq!(kind, want_kind, "line {line}");
    }
}

#[test]
fn shards_split_the_jobs_exactly_and_merge_into_one_account() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = make_jobs(dir.path(), 30);
    // Two jobs that fail, in different places of the manifest.
    let mut text = read(&manifest);
    text.insert_str(0, "{\"key\": \"gone\", \"data\": \"data/gone.csv\"}\n");
    text.push_str("not json\n");
    std::fs::write(&manifest, text).unwrap();
    let [m, out, single] = [
        manifest.clone(),
        dir.path().join("out"),
        dir.path().join("single"),
    ]
    .map(|p| p.display().to_string());
    let one = plotmill(&["batch", &m, "-o", &single, "-j", "2"]);
    assert_eq!(one.code, 1, "{}", one.stderr);

    // Merging before every shard ran says which have not.
    let shard = |i: u64, n: u64| {
        plotmill(&[
            "batch",
            &m,
            "-o",
            &out,
            "--shard",
            &format!("{i}/{n}"),
            "-j",
            "1",
        ])
    };
    shard(1, 3);
    let early = plotmill(&["batch", "merge", &out]);
    assert_eq!(early.code, 1, "{}", early.stderr);
    assert!(
        early.stderr.contains("shard 0/3: never run")
            && early.stderr.contains("shard 2/3: never run"),
        "{}",
        early.stderr
    );
    let mut total = 0;
    for i in 0..3 {
        shard(i, 3);
        let n = journal(Path::new(&out), &format!("-shard-{i}-of-3")).len();
        assert!(n > 0, "shard {i} got no job");
        total += n;
    }
    assert_eq!(total, 30);
    assert_eq!(outputs(Path::new(&out)), outputs(Path::new(&single)));

    // Another split into the same folder is refused before any work.
    let other = shard(1, 4);
    assert_eq!(other.code, 2, "{}", other.stderr);
    assert!(
        other.stderr.contains("is shared by 3 shards")
            && other.stderr.contains("this run is shard 1/4")
            && other.stderr.contains("--shard INDEX/3"),
        "{}",
        other.stderr
    );

    let json = dir.path().join("merged.json");
    let merged = plotmill(&[
        "batch",
        "merge",
        &out,
        "--summary-json",
        &json.display().to_string(),
    ]);
    assert_eq!(merged.code, 1, "two jobs failed: {}", merged.stderr);
    assert!(
        merged
            .stderr
            .contains("3 of 3 shards finished: 32 jobs read, 30 done (60 files), 2 failed"),
        "{}",
        merged.stderr
    );
    let account: serde_json::Value = serde_json::from_str(&read(&json)).unwrap();
    assert_eq!(account["unfinished"], serde_json::json!([]));
    assert_eq!(account["misplaced"], 0);
    // One failures file, the single run's lines in manifest order.
    let merged_failures = read(Path::new(&out).join("failures.jsonl"));
    let lines: Vec<u64> = merged_failures
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["line"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines, [1, 32]);
    let mut want: Vec<&str> = Vec::new();
    let single_failures = read(Path::new(&single).join("failures.jsonl"));
    want.extend(single_failures.lines());
    want.sort_by_key(|l| l.contains("not json"));
    assert_eq!(merged_failures.lines().collect::<Vec<_>>(), want);

    // A folder no shard wrote: nothing to merge.
    let none = plotmill(&["batch", "merge", &single]);
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(
        none.stderr.contains("holds no sharded run"),
        "{}",
        none.stderr
    );
}

#[test]
fn files_with_the_same_stem_are_one_job_and_one_failure() {
    let dir = tempfile::tempdir().unwrap();
    make_jobs(dir.path(), 1);
    std::fs::create_dir(dir.path().join("data/sub")).unwrap();
    std::fs::copy(
        dir.path().join("data/0000.csv"),
        dir.path().join("data/sub/0000.csv"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let pattern = dir.path().join("data/**/*.csv").display().to_string();
    let run = plotmill(&[
        "batch",
        "--inputs",
        &pattern,
        "-o",
        &out.display().to_string(),
        "--charts",
        "heatmap",
        "--format",
        "svg",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        outputs(&out).into_keys().collect::<Vec<_>>(),
        ["0000_correlation_heatmap.svg"]
    );
    let failures = read(out.join("failures.jsonl"));
    assert!(
        failures.contains("is also the key of an earlier file"),
        "{failures}"
    );
}

#[test]
fn data_beyond_the_limits_fails_its_job() {
    let dir = tempfile::tempdir().unwrap();
    make_jobs(dir.path(), 1);
    let data = dir.path().join("data/0000.csv").display().to_string();
    let out = dir.path().join("out");
    for (flag, value, error) in [
        (
            "--max-rows",
            "3",
            "data: 4 rows, more than the limit of 3 (max_rows); raise it with --max-rows",
        ),
        (
            "--max-columns",
            "5",
            "data: 8 numeric columns, more than the limit of 5 (max_columns); raise it with --max-columns",
        ),
        (
            "--max-input-bytes",
            "100",
            "bytes of data, more than the limit of 100 (max_input_bytes); raise it with --max-input-bytes",
        ),
        ("--max-label-chars", "0", "characters in the label"),
        (
            "--max-pixels",
            "1000",
            "pixels, more than the limit of 1000",
        ),
    ] {
        let run = plotmill(&[
            "batch",
            "--inputs",
            &data,
            "-o",
            &out.display().to_string(),
            flag,
            value,
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let failures = read(out.join("failures.jsonl"));
        assert!(failures.contains(error), "{failures}");
        assert!(outputs(&out).is_empty());
    }
}

#[test]
fn a_batch_records_its_memory_and_reports_it_by_stage() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = make_jobs(dir.path(), 20);
    let dat = dir.path().join("mem.dat");
    let run = plotmill(&[
        "batch",
        &manifest.display().to_string(),
        "-o",
        &dir.path().join("out").display().to_string(),
        "--mem-record",
        &dat.display().to_string(),
        "--mem-report",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(&dat);
    assert!(
        text.starts_with("CMDLINE ") && text.contains("\nMEM "),
        "{text}"
    );
    let recording = plotmill::mem::Recording::read(&dat).unwrap();
    assert!(recording.main.iter().all(|s| s.mib > 1.0 && s.mib < 200.0));
    for stage in [
        "parse",
        "statistics",
        "layout",
        "text",
        "raster",
        "encode",
        "write",
    ] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.trim_start().starts_with(stage)),
            "no {stage} row in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn the_manifest_schema_is_json_schema() {
    let run = plotmill(&["batch", "--schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(schema["title"], "plotmill batch job");
    assert_eq!(schema["required"], serde_json::json!(["key", "data"]));
    let text = run.stdout;
    for field in [
        "\"method\"",
        "\"marker_size\"",
        "\"scatter-matrix\"",
        "\"columns\"",
    ] {
        assert!(text.contains(field), "{field} missing");
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out").display().to_string();
    let run = plotmill(&["batch", "--inputs", "/nonexistent/*.csv", "-o", &out]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("matches no file"), "{}", run.stderr);
    let run = plotmill(&["batch", "/nonexistent.jsonl", "-o", &out]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("manifest '/nonexistent.jsonl'"),
        "{}",
        run.stderr
    );
    let run = plotmill(&["batch", "x.jsonl", "-o", &out, "--shard", "3/3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a shard"), "{}", run.stderr);
    // Nothing was created for runs that could not start.
    assert!(!dir.path().join("out").exists());
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let m = dir.path().join("m.jsonl");
    std::fs::write(&m, "").unwrap();
    let run = plotmill(&[
        "batch",
        &m.display().to_string(),
        "-o",
        &file.display().to_string(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: output folder '"),
        "{}",
        run.stderr
    );
}

#[test]
fn first_hour_messages_count_shards_and_quoting() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = make_jobs(dir.path(), 1);
    let out = dir.path().join("out");
    let [m, o] = [manifest.as_path(), out.as_path()].map(|p| p.display().to_string());

    // One job is "1 job", one image pair "2 images".
    let run = plotmill(&["batch", &m, "-o", &o]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 job: 1 done, 0 failed; 2 images in"),
        "{}",
        run.stderr
    );

    // A shard that gets none of the jobs says where they went. The one key
    // "0000" goes to exactly one of two shards: the other gets none.
    let empty: Vec<super::Run> = ["0/2", "1/2"]
        .iter()
        .map(|shard| plotmill(&["batch", &m, "-o", &o, "--shard", shard]))
        .filter(|run| run.stderr.contains("0 jobs"))
        .collect();
    assert_eq!(empty.len(), 1);
    assert_eq!(empty[0].code, 0, "{}", empty[0].stderr);
    assert!(
        empty[0].stderr.contains("got none of the manifest's 1 job")
            && empty[0].stderr.contains("belong to other shards"),
        "{}",
        empty[0].stderr
    );

    // An unquoted --inputs pattern arrives as several paths: the error says
    // to quote it, with the pattern the files share.
    make_jobs(dir.path(), 3);
    let files: Vec<String> = (0..3)
        .map(|i| {
            dir.path()
                .join(format!("data/000{i}.csv"))
                .display()
                .to_string()
        })
        .collect();
    let mut args = vec!["batch", "--inputs"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", &o]);
    let run = plotmill(&args);
    let folder = dir.path().join("data").display().to_string();
    super::assert_error(
        &run,
        &format!(
            "--inputs got 3 paths ('{}', '{}', '{}'): the shell expanded the pattern before plotmill saw it; quote it so that plotmill expands it: --inputs '{folder}/*.csv'",
            files[0], files[1], files[2]
        ),
    );
}

#[test]
fn a_manifest_draws_the_distribution_and_categorical_charts_as_their_commands_do() {
    // Charts by a hue column (read as labels for the job that asks for
    // it), each the same bytes as its own command.
    let dir = tempfile::tempdir().unwrap();
    let birds = dir.path().join("birds.csv");
    std::fs::copy(super::root().join("examples/data/birds.csv"), &birds).unwrap();
    let b = str_args(&[&birds]).remove(0);
    let charts = [
        (
            r#"{"kind": "pairplot", "hue": "species", "pair_kind": "reg", "vars": ["bill_length_mm", "body_mass_g"]}"#,
            vec![
                "pairplot",
                "--hue",
                "species",
                "--kind",
                "reg",
                "--vars",
                "bill_length_mm,body_mass_g",
            ],
            "pairplot",
        ),
        (
            r#"{"kind": "kdeplot", "x": "bill_length_mm", "y": "bill_depth_mm", "hue": "sex"}"#,
            vec![
                "kdeplot",
                "--x",
                "bill_length_mm",
                "--y",
                "bill_depth_mm",
                "--hue",
                "sex",
            ],
            "kdeplot",
        ),
        (
            // A list of two colours for three levels: drawn, with a warning.
            r##"{"kind": "histplot", "x": "body_mass_g", "hue": "species", "palette": ["C0", "#2ca02c"]}"##,
            vec![
                "histplot",
                "--x",
                "body_mass_g",
                "--hue",
                "species",
                "--palette",
                "C0,#2ca02c",
            ],
            "histplot",
        ),
        (
            r#"{"kind": "boxplot", "x": "species", "y": "body_mass_g", "hue": "sex", "whis": [5, 95]}"#,
            vec![
                "boxplot",
                "--x",
                "species",
                "--y",
                "body_mass_g",
                "--hue",
                "sex",
                "--whis",
                "5,95",
            ],
            "boxplot",
        ),
        (
            r#"{"kind": "barplot", "x": "body_mass_g", "y": "species", "errorbar": ["sd", 2], "capsize": 0.3}"#,
            vec![
                "barplot",
                "--x",
                "body_mass_g",
                "--y",
                "species",
                "--errorbar",
                "sd,2",
                "--capsize",
                "0.3",
            ],
            "barplot",
        ),
        (
            r#"{"kind": "countplot", "x": "sex", "hue": "species", "stat": "percent"}"#,
            vec![
                "countplot",
                "--x",
                "sex",
                "--hue",
                "species",
                "--stat",
                "percent",
            ],
            "countplot",
        ),
        (
            r#"{"kind": "violinplot", "x": "species", "y": "flipper_length_mm", "hue": "sex", "split": true, "inner": "stick"}"#,
            vec![
                "violinplot",
                "--x",
                "species",
                "--y",
                "flipper_length_mm",
                "--hue",
                "sex",
                "--split",
                "--inner",
                "stick",
            ],
            "violinplot",
        ),
        (
            r#"{"kind": "stripplot", "x": "species", "y": "body_mass_g", "jitter": 0.3, "seed": 9}"#,
            vec![
                "stripplot",
                "--x",
                "species",
                "--y",
                "body_mass_g",
                "--jitter",
                "0.3",
                "--seed",
                "9",
            ],
            "stripplot",
        ),
        (
            r#"{"kind": "swarmplot", "x": "species", "y": "bill_length_mm", "hue": "sex", "dodge": true}"#,
            vec![
                "swarmplot",
                "--x",
                "species",
                "--y",
                "bill_length_mm",
                "--hue",
                "sex",
                "--dodge",
                "true",
            ],
            "swarmplot",
        ),
        (
            r#"{"kind": "lineplot", "x": "bill_depth_mm", "y": "body_mass_g", "hue": "species", "style": "sex", "errorbar": "sd", "markers": ["o", "(4, 0, 45)"], "dashes": {"Female": [4, 1.5], "Male": ""}}"#,
            vec![
                "lineplot",
                "--x",
                "bill_depth_mm",
                "--y",
                "body_mass_g",
                "--hue",
                "species",
                "--style",
                "sex",
                "--errorbar",
                "sd",
                "--markers",
                "o,(4, 0, 45)",
                "--dashes",
                "Female=4 1.5,Male=-",
            ],
            "lineplot",
        ),
        (
            r#"{"kind": "pointplot", "x": "species", "y": "bill_length_mm", "hue": "sex", "dodge": 0.2}"#,
            vec![
                "pointplot",
                "--x",
                "species",
                "--y",
                "bill_length_mm",
                "--hue",
                "sex",
                "--dodge",
                "0.2",
            ],
            "pointplot",
        ),
        (
            r#"{"kind": "clustermap", "dropna": true, "row_colors": "species", "z_score": 1, "method": "ward"}"#,
            vec![
                "clustermap",
                "--dropna",
                "--row-colors",
                "species",
                "--z-score",
                "1",
                "--method",
                "ward",
            ],
            "clustermap",
        ),
    ];
    let specs: Vec<&str> = charts.iter().map(|c| c.0).collect();
    let manifest = dir.path().join("jobs.jsonl");
    std::fs::write(
        &manifest,
        format!(
            "{{\"key\": \"birds\", \"data\": \"birds.csv\", \"charts\": [{}]}}\n",
            specs.join(", ")
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let [m, o] = [manifest.as_path(), out.as_path()].map(|p| p.display().to_string());
    let run = plotmill(&["batch", &m, "-o", &o]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 job(s) drew with a warning")
            && run.stderr.contains(
                "the first: birds: charts[2] (histplot): the palette list has 2 colours for the 3 levels of 'species'"
            ),
        "{}",
        run.stderr
    );
    for (_, args, stem) in &charts {
        let single = dir.path().join(format!("{stem}.png"));
        let mut cmd: Vec<&str> = vec![args[0], &b];
        cmd.extend(&args[1..]);
        let s = str_args(&[&single]).remove(0);
        cmd.extend(["-o", &s]);
        let r = plotmill(&cmd);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            std::fs::read(&single).unwrap()
                == std::fs::read(out.join(format!("birds_{stem}.png"))).unwrap(),
            "{stem}"
        );
    }
}

/// The report's outline: each entry's title, in order (qpdf's JSON).
fn outline_titles(pdf: &Path) -> Vec<String> {
    let out = Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(pdf)
        .output()
        .expect("qpdf (apt-get install qpdf, as scripts/test.sh does)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_report_has_every_chart_in_key_order_the_same_bytes_with_any_workers_and_after_resume() {
    let dir = tempfile::tempdir().unwrap();
    let jobs = make_jobs(dir.path(), 9);
    // The manifest's lines out of key order, and one bad job: the report
    // holds every good job's charts, a page each, ordered by key.
    let text = read(&jobs);
    let mut lines: Vec<&str> = text.lines().collect();
    lines.reverse();
    let bad = r#"{"key": "0004b", "data": "data/missing.csv"}"#;
    lines.insert(3, bad);
    std::fs::write(&jobs, lines.join("\n") + "\n").unwrap();

    let run = |out: &str, extra: &[&str]| {
        let out = dir.path().join(out);
        let report = out.join("report.pdf");
        let mut args = vec![
            "batch".to_owned(),
            jobs.display().to_string(),
            "-o".to_owned(),
            out.display().to_string(),
            "--report".to_owned(),
            report.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = plotmill(&args);
        assert_eq!(r.code, 1, "the one bad job fails: {}", r.stderr);
        assert!(r.stderr.contains("report: "), "{}", r.stderr);
        (report, r.stderr)
    };
    let (one, _) = run("one", &["-j", "1"]);
    let (two, _) = run("two", &["-j", "2"]);
    let bytes = std::fs::read(&one).unwrap();
    assert!(
        bytes == std::fs::read(&two).unwrap(),
        "-j 1 and -j 2 differ"
    );
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&one)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let mut want = Vec::new();
    for i in 0..9 {
        want.push(format!("{i:04} (scatter-matrix)"));
        want.push(format!("{i:04} (heatmap)"));
    }
    assert_eq!(outline_titles(&one), want);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("one"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");

    // A run stopped by its first failure (line 4), resumed: the jobs it
    // finished are drawn again for the report, not rewritten.
    let out = dir.path().join("resumed");
    let partial = plotmill(&[
        "batch",
        &jobs.display().to_string(),
        "-o",
        &out.display().to_string(),
        "-j",
        "1",
        "--max-failures",
        "1",
    ]);
    assert_eq!(partial.code, 1, "{}", partial.stderr);
    assert!(
        partial.stderr.contains("stopped early"),
        "{}",
        partial.stderr
    );
    // The stopped run asked for no report here; one that does writes none
    // (a part of a report would replace a whole one).
    let stopped = plotmill(&[
        "batch",
        &jobs.display().to_string(),
        "-o",
        &dir.path().join("stopped").display().to_string(),
        "--max-failures",
        "1",
        "--report",
        &dir.path().join("stopped/report.pdf").display().to_string(),
    ]);
    assert_eq!(stopped.code, 1, "{}", stopped.stderr);
    assert!(
        stopped
            .stderr
            .contains("was not written: the run stopped early"),
        "{}",
        stopped.stderr
    );
    let left: Vec<String> = std::fs::read_dir(dir.path().join("stopped"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!left.iter().any(|n| n.contains("report")), "{left:?}");
    let before = std::fs::metadata(out.join("0008_scatter_matrix.png"))
        .unwrap()
        .modified()
        .unwrap();
    let (resumed, said) = run("resumed", &["--resume"]);
    assert!(said.contains("already done (resumed)"), "{said}");
    assert!(said.contains("(18 pages)"), "{said}");
    assert!(
        bytes == std::fs::read(&resumed).unwrap(),
        "the resumed report differs"
    );
    let after = std::fs::metadata(out.join("0008_scatter_matrix.png"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "a finished job's output was rewritten");

    // A report that is not a PDF is refused before any work.
    let r = plotmill(&[
        "batch",
        &jobs.display().to_string(),
        "-o",
        &dir.path().join("x").display().to_string(),
        "--report",
        "report.png",
    ]);
    super::assert_error(
        &r,
        "--report 'report.png': a report is a PDF; end its name in .pdf",
    );
}

#[test]
fn pdf_charts_from_a_batch_are_the_commands_bytes_with_any_workers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("in");
    std::fs::create_dir_all(&data).unwrap();
    for name in ["a", "b", "c"] {
        std::fs::copy(
            super::root().join("examples/data/seed_4x8.csv"),
            data.join(format!("{name}.csv")),
        )
        .unwrap();
    }
    let pattern = format!("{}/*.csv", data.display());
    let mut files = Vec::new();
    for j in ["1", "2"] {
        let out = dir.path().join(format!("out{j}"));
        let r = plotmill(&[
            "batch",
            "--inputs",
            &pattern,
            "-o",
            &out.display().to_string(),
            "--format",
            "pdf",
            "-j",
            j,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        files.push(outputs(&out));
    }
    assert_eq!(files[0].len(), 6, "{:?}", files[0].keys());
    assert!(files[0] == files[1], "-j 1 and -j 2 wrote different PDFs");
    for (kind, name) in [
        ("heatmap", "correlation_heatmap"),
        ("scatter-matrix", "scatter_matrix"),
    ] {
        let single = dir.path().join(format!("{kind}.pdf"));
        let r = plotmill(&[
            kind,
            &data.join("b.csv").display().to_string(),
            "-o",
            &single.display().to_string(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            files[0][&format!("b_{name}.pdf")] == std::fs::read(&single).unwrap(),
            "{kind}: the batch's PDF differs from the command's"
        );
    }
}
