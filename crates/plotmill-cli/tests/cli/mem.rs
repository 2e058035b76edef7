//! `plotmill mem`: recording real programs, the verdict on synthetic ones,
//! mprof compatibility both ways, and bad input.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::{Run, plotmill, read, root};

/// The Python that has memory_profiler (scripts/test.sh sets it up).
fn mprof_python() -> String {
    if let Ok(p) = std::env::var("PLOTMILL_TEST_PYTHON") {
        return p;
    }
    let venv = root().join(".venv-test/bin/python");
    assert!(
        venv.exists(),
        "the mprof tests need memory_profiler: run scripts/test.sh, or set PLOTMILL_TEST_PYTHON to a python that has it"
    );
    venv.display().to_string()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Records `python3 -c program` at 0.05 s and judges it.
fn record_and_check(dir: &Path, name: &str, program: &str) -> (Run, Run) {
    let dat = dir.join(format!("{name}.dat"));
    let rec = plotmill(&[
        "mem",
        "run",
        "-o",
        &s(&dat),
        "--interval",
        "0.05",
        "--",
        "python3",
        "-c",
        program,
    ]);
    let check = plotmill(&["mem", "check", &s(&dat)]);
    (rec, check)
}

#[test]
fn synthetic_programs_are_judged_right() {
    let dir = tempfile::tempdir().unwrap();
    // Each runs about 4 s; they run side by side. The sawtooth has 16
    // teeth (a garbage collector's, at 0.25 s).
    let programs: [(&str, &str, i32); 5] = [
        (
            "steady",
            "import time\nx = bytearray(8 << 20)\ntime.sleep(4)",
            0,
        ),
        (
            "leak_1mib_per_s",
            "import time\nkeep = []\nfor _ in range(80):\n    keep.append(bytearray(b'x' * 52429))\n    time.sleep(0.05)",
            1,
        ),
        (
            "sawtooth",
            "import time\nfor _ in range(16):\n    keep = []\n    for _ in range(5):\n        keep.append(bytearray(b'x' * (4 << 20)))\n        time.sleep(0.05)\n    del keep",
            0,
        ),
        (
            "step",
            "import time\nx = bytearray(b'x' * (60 << 20))\ntime.sleep(4)",
            0,
        ),
        (
            "slow_leak_50kib_per_s",
            "import time\nkeep = []\nfor _ in range(80):\n    keep.append(bytearray(b'x' * 2560))\n    time.sleep(0.05)",
            1,
        ),
    ];
    let results: Vec<(Run, Run)> = std::thread::scope(|scope| {
        let handles: Vec<_> = programs
            .iter()
            .map(|(name, program, _)| scope.spawn(|| record_and_check(dir.path(), name, program)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for ((name, _, want), (rec, check)) in programs.iter().zip(&results) {
        assert_eq!(rec.code, 0, "{name}: {}", rec.stderr);
        assert_eq!(
            check.code, *want,
            "{name}:\n{}{}",
            check.stdout, check.stderr
        );
        let verdict = if *want == 1 { "LEAKING" } else { "flat" };
        assert!(
            check
                .stdout
                .contains(&format!(": {verdict} — memory grows")),
            "{}",
            check.stdout
        );
    }
}

#[test]
fn the_exit_status_and_signals_pass_through() {
    let dir = tempfile::tempdir().unwrap();
    let dat = dir.path().join("x.dat");
    let run = plotmill(&[
        "mem",
        "run",
        "-o",
        &s(&dat),
        "--",
        "sh",
        "-c",
        "sleep 0.3; exit 3",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(read(&dat).starts_with("CMDLINE sh -c sleep 0.3; exit 3\nMEM "));

    // SIGTERM to the recorder reaches the command, which it ends (143).
    let child = Command::new(env!("CARGO_BIN_EXE_plotmill"))
        .args(["mem", "run", "-o", &s(&dat), "--", "sleep", "30"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(143),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every sample so far is in the file.
    let samples = read(&dat).lines().filter(|l| l.starts_with("MEM ")).count();
    assert!(samples >= 2, "{samples}");
}

#[test]
fn children_are_recorded_as_mprof_does() {
    let dir = tempfile::tempdir().unwrap();
    let dat = dir.path().join("tree.dat");
    let program = "import subprocess, time\np = subprocess.Popen(['python3', '-c', 'import time; x = bytearray(b\"x\" * (30 << 20)); time.sleep(1.5)'])\ntime.sleep(1.2)\np.wait()";
    let run = plotmill(&[
        "mem",
        "run",
        "-o",
        &s(&dat),
        "--multiprocess",
        "--include-children",
        "--interval",
        "0.05",
        "--",
        "python3",
        "-c",
        program,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(&dat);
    let child_lines: Vec<&str> = text.lines().filter(|l| l.starts_with("CHLD ")).collect();
    assert!(!child_lines.is_empty(), "{text}");
    // The child's id is its process id, as memory_profiler writes it.
    let id: u32 = child_lines[0].split(' ').nth(1).unwrap().parse().unwrap();
    assert!(id > 1);
    // With --include-children, the main series holds the child's 30 MiB.
    let peak = plotmill(&["mem", "peak", &s(&dat)]);
    let main: f64 = peak
        .stdout
        .lines()
        .next()
        .unwrap()
        .split('\t')
        .nth(2)
        .unwrap()
        .trim_end_matches(" MiB")
        .parse()
        .unwrap();
    assert!(main > 35.0, "{}", peak.stdout);
}

#[test]
fn mprof_reads_plotmills_files_and_plotmill_reads_mprofs() {
    let python = mprof_python();
    let dir = tempfile::tempdir().unwrap();
    // plotmill -> mprof
    let dat = dir.path().join("ours.dat");
    let run = plotmill(&[
        "mem",
        "run",
        "-o",
        &s(&dat),
        "--multiprocess",
        "--interval",
        "0.05",
        "--",
        "sh",
        "-c",
        "sleep 0.5 & sleep 0.6",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ours = plotmill::mem::Recording::read(&dat).unwrap();
    let out = Command::new(&python)
        .args([
            "-c",
            "import json, sys, mprof\nd = mprof.read_mprofile_file(sys.argv[1])\nprint(json.dumps({'n': len(d['mem_usage']), 'first': d['mem_usage'][0], 't0': d['timestamp'][0], 'cmd': d['cmd_line'], 'children': {k: len(v) for k, v in d['children'].items()}}))",
            &s(&dat),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(theirs["n"].as_u64().unwrap() as usize, ours.main.len());
    assert!((theirs["first"].as_f64().unwrap() - ours.main[0].mib).abs() < 1e-6);
    assert!((theirs["t0"].as_f64().unwrap() - ours.main[0].t).abs() < 1e-4);
    assert_eq!(
        theirs["cmd"].as_str().unwrap().trim_end(),
        "sh -c sleep 0.5 & sleep 0.6"
    );
    assert_eq!(
        theirs["children"].as_object().unwrap().len(),
        ours.children.len()
    );
    assert!(!ours.children.is_empty());

    // mprof -> plotmill, with a function span from @profile.
    let script = dir.path().join("work.py");
    std::fs::write(
        &script,
        "import time\n\n@profile\ndef load():\n    x = bytearray(b'x' * (20 << 20))\n    time.sleep(0.4)\n    return len(x)\n\nload()\ntime.sleep(0.2)\n",
    )
    .unwrap();
    let mdat = dir.path().join("theirs.dat");
    let out = Command::new(&python)
        .args([
            "-m",
            "mprof",
            "run",
            "--interval",
            "0.05",
            "-o",
            &s(&mdat),
            &s(&script),
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = read(&mdat);
    assert!(
        text.contains("\nFUNC ") || text.starts_with("FUNC "),
        "{text}"
    );
    let svg = dir.path().join("theirs.svg");
    let run = plotmill(&["mem", "plot", &s(&mdat), "-o", &s(&svg)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let drawn = read(&svg);
    assert!(
        drawn.contains(">__main__.load<") || drawn.contains("load<"),
        "the function span is not drawn"
    );
    assert!(drawn.contains("peak "));
    let peak = plotmill(&["mem", "peak", &s(&mdat)]);
    assert_eq!(peak.code, 0, "{}", peak.stderr);
    let main: f64 = peak
        .stdout
        .split('\t')
        .nth(2)
        .unwrap()
        .trim_end_matches(" MiB")
        .parse()
        .unwrap();
    assert!(main > 20.0, "{}", peak.stdout);
}

#[test]
fn plots_of_one_and_of_several_recordings() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("before.dat");
    let b = dir.path().join("after.csv");
    let mut dat = String::from("CMDLINE python service.py\n");
    let mut csv = String::from("time,series,mib\n");
    for i in 0..200 {
        let t = 1_700_000_000.0 + f64::from(i) * 0.1;
        dat.push_str(&format!("MEM {:.6} {t:.4}\n", 50.0 + f64::from(i) * 0.5));
        csv.push_str(&format!("{t:.4},main,{:.6}\n", 50.0 + f64::from(i % 10)));
    }
    std::fs::write(&a, dat).unwrap();
    std::fs::write(&b, csv).unwrap();
    let png = dir.path().join("compare.png");
    let run = plotmill(&[
        "mem",
        "plot",
        &s(&a),
        &s(&b),
        "-o",
        &s(&png),
        "--window",
        "2,18",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let info = decoder.read_info().unwrap();
    assert_eq!((info.info().width, info.info().height), (1000, 500));
    let svg = dir.path().join("one.svg");
    let run = plotmill(&["mem", "plot", &s(&a), "-o", &s(&svg)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(&svg);
    for want in [
        "python service.py",
        "trend +300.00 MiB/min",
        "peak 149.5 MiB",
        "time (s)",
        "memory used (MiB)",
    ] {
        assert!(text.contains(want), "{want} missing");
    }
    // As a PDF: the same labels, as text a reader finds.
    let pdf = dir.path().join("one.pdf");
    let run = plotmill(&["mem", "plot", &s(&a), "-o", &s(&pdf)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils, as scripts/test.sh does)");
    let text = String::from_utf8_lossy(&text.stdout);
    for want in ["python service.py", "peak 149.5 MiB", "memory used (MiB)"] {
        assert!(text.contains(want), "{want} missing from {text}");
    }
}

#[test]
fn bad_input_gets_clear_errors_and_no_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.dat");
    let run = plotmill(&["mem", "run", "-o", &s(&out), "--", "no-such-command-xyz"]);
    assert_eq!(run.code, 127);
    assert!(
        run.stderr
            .contains("command not found: no-such-command-xyz"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    let run = plotmill(&["mem", "run", "-o", &s(&out), "--attach", "4000000"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no process with id 4000000"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());

    let empty = dir.path().join("empty.dat");
    std::fs::write(&empty, "").unwrap();
    for cmd in ["check", "peak", "plot"] {
        let run = plotmill(&["mem", cmd, &s(&empty)]);
        assert_eq!(run.code, 2, "{cmd}");
        assert!(
            run.stderr.contains("empty.dat: no memory samples"),
            "{}",
            run.stderr
        );
    }
    assert!(!dir.path().join("empty.png").exists());

    // Garbage lines are skipped with a count; a truncated last line too.
    let messy = dir.path().join("messy.dat");
    std::fs::write(
        &messy,
        "CMDLINE x\nMEM 1.0 100.0\n\u{1}\u{2}garbage\nMEM 2.0 100.1\nMEM 3.0 100.2\nMEM 4.0",
    )
    .unwrap();
    let run = plotmill(&["mem", "peak", &s(&messy)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("skipped 2 line(s)"), "{}", run.stderr);
    assert!(
        run.stdout.contains("\tmain\t3.000 MiB\tat 0.2 s"),
        "{}",
        run.stdout
    );

    // One sample: a peak and a plot, but no verdict.
    let one = dir.path().join("one.dat");
    std::fs::write(&one, "MEM 5.0 100.0\n").unwrap();
    assert_eq!(plotmill(&["mem", "peak", &s(&one)]).code, 0);
    assert_eq!(
        plotmill(&[
            "mem",
            "plot",
            &s(&one),
            "-o",
            &s(&dir.path().join("one.png"))
        ])
        .code,
        0
    );
    let run = plotmill(&["mem", "check", &s(&one)]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("only 1 sample(s) after the warm-up"),
        "{}",
        run.stderr
    );

    let run = plotmill(&["mem", "check", &s(&messy), "--max-growth", "fast"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("'fast' is not a growth rate"),
        "{}",
        run.stderr
    );
}
