//! Tests of the `plotmill` binary as a user runs it: arguments in; stdout,
//! stderr, exit code and files out. A module per command.

mod batch;
mod charts;
mod corr;
mod help;
mod mem;
mod mem_where;
mod pdf;
mod readme;
mod references;
mod serve;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary gave.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn plotmill(args: &[&str]) -> Run {
    plotmill_with_stdin(args, b"")
}

fn plotmill_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plotmill"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run plotmill");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exit code, not a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file of the data crate's pandas fixtures.
fn fixture(name: &str) -> PathBuf {
    root()
        .join("crates/plotmill-data/tests/fixtures/corr")
        .join(name)
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Asserts that a failed run gave exit code 2 and exactly this one-line error.
#[track_caller]
fn assert_error(run: &Run, message: &str) {
    assert_eq!(
        (run.code, run.stderr.as_str(), run.stdout.as_str()),
        (2, format!("error: {message}\n").as_str(), ""),
    );
}
