use std::path::Path;

use super::{assert_error, fixture, plotmill, plotmill_with_stdin, read, root};

fn demo() -> String {
    root()
        .join("examples/data/demo_sales.csv")
        .display()
        .to_string()
}

#[test]
fn writes_pandas_csv_to_stdout_and_names_left_out_columns() {
    let run = plotmill(&["corr", &demo()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        read(fixture("demo_sales.pearson.min1.expected.csv"))
    );
    assert_eq!(
        run.stderr,
        "warning: left out 1 text column(s), which hold values that are not numbers: 'region'\n"
    );
    let quiet = plotmill(&["corr", "-q", &demo()]);
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
}

#[test]
fn method_min_periods_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corr.csv");
    let run = plotmill(&[
        "corr",
        &demo(),
        "--method",
        "kendall",
        "--min-periods",
        "150",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    assert_eq!(
        read(&out),
        read(fixture("demo_sales.kendall.min150.expected.csv"))
    );
}

#[test]
fn tabs_without_header() {
    let file = fixture("tabs_no_header.csv");
    let run = plotmill(&[
        "corr",
        file.to_str().unwrap(),
        "--delimiter",
        "\\t",
        "--no-header",
        "-m",
        "spearman",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        read(fixture("tabs_no_header.spearman.min1.expected.csv"))
    );
}

#[test]
fn json_output_by_flag_or_extension() {
    let expected = "{\"columns\": [\"x\", \"y\"], \"matrix\": [[1.0, -0.5], [-0.5, 1.0]]}\n";
    let run = plotmill_with_stdin(&["corr", "-", "--format", "json"], b"x,y\n1,2\n2,3\n3,1\n");
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, expected),
        "{}",
        run.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let run = plotmill_with_stdin(
        &["corr", "-", "-o", out.to_str().unwrap()],
        b"x,y\n1,2\n2,3\n3,1\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(&out), expected);
}

#[test]
fn nan_is_an_empty_field_or_null() {
    let csv = b"a,const\n1,5\n2,5\n";
    let run = plotmill_with_stdin(&["corr", "-"], csv);
    assert_eq!(run.stdout, ",a,const\na,1.0,\nconst,,\n");
    let run = plotmill_with_stdin(&["corr", "-", "--format", "json"], csv);
    assert_eq!(
        run.stdout,
        "{\"columns\": [\"a\", \"const\"], \"matrix\": [[1.0, null], [null, null]]}\n"
    );
}

#[test]
fn duplicate_names_are_renamed_with_a_warning() {
    let run = plotmill_with_stdin(&["corr", "-"], b"a,a,b\n1,2,3\n2,1,5\n3,3,4\n");
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with(",a,a.1,b\n"), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "warning: duplicate or empty column names renamed as pandas renames them: 'a' (column 2) -> 'a.1'\n"
    );
}

#[test]
fn help_has_examples_and_version_is_set() {
    let run = plotmill(&["corr", "--help"]);
    assert_eq!(run.code, 0);
    for needle in [
        "Examples:",
        "--method",
        "--min-periods",
        "--delimiter",
        "--no-header",
        "--output",
        "--format",
    ] {
        assert!(
            run.stdout.contains(needle),
            "help lacks {needle}:\n{}",
            run.stdout
        );
    }
    let run = plotmill(&["--version"]);
    assert_eq!(
        run.stdout,
        format!("plotmill {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// Runs `corr` on `csv` with `-o` into a fresh folder, and checks that it
/// fails with `message` and leaves the folder empty.
#[track_caller]
fn fails_without_output(csv: &[u8], message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, csv).unwrap();
    let out = dir.path().join("out").with_extension("csv");
    let run = plotmill(&["corr", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_error(&run, &message.replace("IN", input.to_str().unwrap()));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["in.csv"], "files left behind");
}

#[test]
fn bad_files() {
    fails_without_output(
        b"",
        "IN: the file is empty; a CSV file needs a header line and at least one row",
    );
    fails_without_output(
        b"a,b\n",
        "IN: line 1: the header names 2 column(s) but no data row follows; add rows, or check that the file was written completely",
    );
    fails_without_output(
        b"a,b\n1,2\n3,4,5\n",
        "IN: line 3: expected 2 field(s) as in the header, found 3; quote fields that contain the delimiter ',', or give the delimiter if the file uses another one",
    );
    fails_without_output(
        b"a,b\n1,2\n3\n",
        "IN: line 3: expected 2 field(s) as in the header, found 1; quote fields that contain the delimiter ',', or give the delimiter if the file uses another one",
    );
    fails_without_output(
        b"a,b\n1,\"2\n3,4\n",
        "IN: line 2, column 3: a quoted field opens here and is never closed; close it with '\"' (write a quote inside a quoted field as '\"\"')",
    );
    fails_without_output(
        b"a,b\n1,2\nx\xff,4\n",
        "IN: line 3: invalid UTF-8 at byte offset 9; re-save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)",
    );
    fails_without_output(
        b"name,city\nann,oslo\n",
        "IN: every column was read as text ('name', 'city'), so there is nothing to correlate or draw; a column is numeric when every value is a number or missing; fields were split at ',': if that is wrong, pass --delimiter",
    );
    // A European file read with the default decimal point: the hint names
    // --decimal.
    fails_without_output(
        b"a;b\n3,14;2,5\n2,5;1,5\n",
        "IN: every column was read as text ('a', 'b'), so there is nothing to correlate or draw; the values look like numbers with a decimal comma (3,14): pass --decimal , (fields were split at ';'; set --delimiter if that is wrong)",
    );
}

#[test]
fn decimal_comma_files_as_pandas_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("eu.csv");
    std::fs::write(&path, "a;b;c\n3,14;2,5;1,0\n2,5;1,5;0,5\n1,0;0,5;2,5\n").unwrap();
    let run = plotmill(&["corr", path.to_str().unwrap(), "--decimal", ","]);
    // pd.read_csv(path, sep=";", decimal=",").corr().to_csv()
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            ",a,b,c\na,1.0,0.974123712576659,-0.8586443743476204\nb,0.974123712576659,1.0,-0.720576692122892\nc,-0.8586443743476204,-0.720576692122892,1.0\n",
            ""
        )
    );
    // As in pandas, the mark may also be the delimiter where the numbers
    // are quoted: pd.read_csv(path, decimal=",").corr().to_csv()
    let quoted = dir.path().join("quoted.csv");
    std::fs::write(&quoted, "x,y\n\"3,5\",1\n\"2,5\",2\n\"1,0\",4\n").unwrap();
    let run = plotmill(&["corr", quoted.to_str().unwrap(), "--decimal", ","]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            ",x,y\nx,1.0,-0.997176464952738\ny,-0.997176464952738,1.0\n",
            ""
        )
    );
}

#[test]
fn missing_file_and_directory() {
    let run = plotmill(&["corr", "/no/such.csv"]);
    assert_error(
        &run,
        "/no/such.csv: cannot read: No such file or directory (os error 2)",
    );
    let dir = tempfile::tempdir().unwrap();
    let run = plotmill(&["corr", dir.path().to_str().unwrap()]);
    assert_error(
        &run,
        &format!(
            "{}: is a directory; give the path of a CSV file inside it",
            dir.path().display()
        ),
    );
}

#[test]
fn bad_flags() {
    let run = plotmill(&["corr", "x.csv", "--method", "kendal"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("[possible values: pearson, spearman, kendall]"),
        "{}",
        run.stderr
    );
    for (value, says) in [
        ("0", "got 0"),
        ("-1", "got -1"),
        ("ten", "not a whole number"),
    ] {
        let run = plotmill(&["corr", "x.csv", "--min-periods", value]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.starts_with(&format!(
                "error: invalid value '{value}' for '--min-periods <N>': "
            )),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(says), "{}", run.stderr);
    }
    let run = plotmill(&["corr", "x.csv", "--delimiter", "ab"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("give one ASCII character"),
        "{}",
        run.stderr
    );
}

#[test]
fn unwritable_output() {
    let run = plotmill(&["corr", &demo(), "-q", "-o", "/no/such/dir/corr.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: cannot write '/no/such/dir/corr.csv': "),
        "{}",
        run.stderr
    );
    assert!(!Path::new("/no/such/dir").exists());
}

#[test]
fn closed_stdout_is_not_an_error() {
    use std::process::{Command, Stdio};
    // A long matrix into a pipe that is closed at once.
    let mut csv = String::new();
    let cols = 300;
    csv.push_str(
        &(0..cols)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(","),
    );
    csv.push('\n');
    for r in 0..3 {
        csv.push_str(
            &(0..cols)
                .map(|i| ((i * 7 + r * 13) % 17).to_string())
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wide.csv");
    std::fs::write(&input, csv).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_plotmill"))
        .args(["corr", input.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_signal_while_writing_leaves_no_temporary_file() {
    // 1,500 columns: a 55 MB matrix, long enough to write that the
    // temporary file can be seen before it is complete.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("wide.csv");
    let n = 1500;
    let mut csv: Vec<String> = vec![
        (0..n)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(","),
    ];
    for r in 0..4 {
        csv.push(
            (0..n)
                .map(|c| ((r * 7 + c * 13) % 11).to_string())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    std::fs::write(&data, csv.join("\n") + "\n").unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("c.csv");
    for (signal, code) in [("-TERM", 143), ("-INT", 130)] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plotmill"))
            .args(["corr", data.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .args(["--max-columns", "5000"])
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        let temp_seen = loop {
            let temp = std::fs::read_dir(&out_dir)
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"));
            if temp || started.elapsed() > std::time::Duration::from_secs(60) {
                break temp;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        };
        assert!(temp_seen, "the temporary file never appeared");
        let kill = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let status = child.wait().unwrap();
        let left: Vec<String> = std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        if status.code() == Some(0) {
            // The write finished before the signal: the output is whole.
            assert_eq!(left, ["c.csv"]);
            std::fs::remove_file(&out).unwrap();
            continue;
        }
        assert_eq!(status.code(), Some(code), "{signal}");
        assert_eq!(left, Vec::<String>::new(), "{signal} left files behind");
    }
    // What a process killed outright (SIGKILL) leaves is swept by the next
    // run writing the same output.
    let mut dead = std::process::Command::new("true").spawn().unwrap();
    let pid = dead.id();
    dead.wait().unwrap();
    let stale = out_dir.join(format!(".c.csv.{pid}.AbC123.tmp"));
    std::fs::write(&stale, "partial").unwrap();
    let seed = root().join("examples/data/seed_4x8.csv");
    let run = plotmill(&["corr", seed.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!stale.exists(), "the stale temporary file was not swept");
}
