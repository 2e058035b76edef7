//! `plotmill mem where` on synthetic programs whose leaks are known: the
//! right lines and functions, the estimate's accuracy, threads, refusals.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{plotmill, root};

/// The preload library beside the plotmill under test, built (once per
/// test run: `cargo test` does not build a cdylib, and a stale one would
/// test old code; cargo does nothing when it is current).
pub(super) fn preload() {
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(|| {
        // Built with the profile plotmill was (the folder it is in:
        // target/debug, target/release, target/test-opt).
        let exe = PathBuf::from(env!("CARGO_BIN_EXE_plotmill"));
        let profile = exe
            .parent()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .unwrap_or("debug");
        let mut cargo = Command::new(env!("CARGO"));
        cargo
            .args(["build", "--quiet", "-p", "plotmill-preload"])
            .current_dir(root());
        if profile != "debug" {
            cargo.args(["--profile", profile]);
        }
        let status = cargo.status().unwrap();
        assert!(status.success(), "building plotmill-preload failed");
    });
}

fn python() -> String {
    std::env::var("PLOTMILL_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// The Python interpreter itself, not a launcher (pyenv's `python3` is a
/// shell script that runs several processes before Python).
fn python_executable() -> String {
    let exe = Command::new(python())
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .unwrap();
    String::from_utf8(exe.stdout).unwrap().trim().to_owned()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Runs `plotmill mem where` with these arguments before `--`, and the
/// command after it; returns (stdout, the output folder).
fn profile(dir: &Path, options: &[&str], command: &[&str]) -> (String, PathBuf) {
    preload();
    let out = dir.join("where");
    let mut args = vec!["mem", "where", "-o", out.to_str().unwrap()];
    args.extend_from_slice(options);
    args.push("--");
    args.extend_from_slice(command);
    let run = plotmill(&args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    for f in [
        "leak.svg",
        "growth.svg",
        "peak.svg",
        "leak.collapsed",
        "top.txt",
    ] {
        assert!(out.join(f).exists(), "no {f}");
    }
    (run.stdout, out)
}

/// The first of the program's own lines under what is still live, in the
/// printed table.
fn first_own_line(stdout: &str) -> &str {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("Your code's lines under what still live"))
        .nth(1)
        .unwrap_or_default()
}

/// Bytes under stacks whose text contains `needle`, in a collapsed file.
fn bytes_under(out: &Path, view: &str, needle: &str) -> u64 {
    std::fs::read_to_string(out.join(format!("{view}.collapsed")))
        .unwrap()
        .lines()
        .filter(|l| l.contains(needle))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

#[test]
fn a_python_leak_is_found_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("leaky.py");
    std::fs::write(
        &script,
        "held = []

def grow():
    for i in range(300):
        held.append(bytearray(200_000))

def churn():
    for i in range(300):
        x = bytearray(200_000)

churn()
grow()
",
    )
    .unwrap();
    let (stdout, out) = profile(
        dir.path(),
        &["--sample-every", "64KiB"],
        &[&python(), &s(&script)],
    );
    // The first of the program's own lines under what is still live.
    let own = first_own_line(&stdout);
    assert!(
        own.contains("grow (") && own.contains("leaky.py:5)"),
        "{stdout}"
    );
    // 300 × 200,000 bytes are held: the estimate is within 15%.
    let held = bytes_under(&out, "leak", "leaky.py:5)");
    let truth = 300.0 * 200_000.0;
    assert!(
        (held as f64 - truth).abs() < 0.15 * truth,
        "estimated {held} of {truth}"
    );
    // What churn allocated was freed: it is not in the leak view.
    assert_eq!(bytes_under(&out, "leak", "leaky.py:9)"), 0, "{stdout}");
    assert!(bytes_under(&out, "peak", "leaky.py:5)") > 0);
    let svg = std::fs::read_to_string(out.join("leak.svg")).unwrap();
    assert!(
        svg.contains("grow (") && svg.contains("<script>"),
        "the flame graph"
    );

    // Fixed, the same line holds nothing at the end, and diff says so.
    let fixed_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        &script,
        std::fs::read_to_string(&script).unwrap().replace(
            "held.append(bytearray(200_000))",
            "x = (bytearray(200_000))",
        ),
    )
    .unwrap();
    let (_, fixed) = profile(
        fixed_dir.path(),
        &["--sample-every", "64KiB"],
        &[&python(), &s(&script)],
    );
    assert_eq!(bytes_under(&fixed, "leak", "leaky.py:5)"), 0);
    let run = plotmill(&["mem", "where", "diff", &s(&fixed), &s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stdout.lines().nth(1).unwrap_or_default();
    assert!(
        first.trim_start().starts_with('+') && first.contains("leaky.py:5)"),
        "{}",
        run.stdout
    );
    // And the saved profile reads again.
    let run = plotmill(&["mem", "where", "report", &s(&out), "--top", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("leaky.py:5)"), "{}", run.stdout);
}

#[test]
fn a_gibibyte_in_mebibyte_blocks_is_estimated_within_ten_percent() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("blocks.py");
    std::fs::write(
        &script,
        "def hold():
    return [bytearray(1 << 20) for _ in range(1024)]

blocks = hold()
del blocks
",
    )
    .unwrap();
    // The default rate.
    let (stdout, out) = profile(dir.path(), &[], &[&python(), &s(&script)]);
    let peak = bytes_under(&out, "peak", "blocks.py:2)");
    let truth = (1u64 << 30) as f64;
    assert!(
        (peak as f64 - truth).abs() < 0.10 * truth,
        "estimated {peak} of {truth}\n{stdout}"
    );
    assert_eq!(bytes_under(&out, "leak", "blocks.py:2)"), 0, "all freed");
}

#[test]
fn threads_are_attributed_to_their_own_lines() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("threads.py");
    std::fs::write(
        &script,
        "import threading
held = []

def one():
    for _ in range(200):
        held.append(bytearray(100_000))

def two():
    for _ in range(200):
        held.append(bytes(100_000))

ts = [threading.Thread(target=one), threading.Thread(target=two)]
for t in ts: t.start()
for t in ts: t.join()
",
    )
    .unwrap();
    let (stdout, out) = profile(
        dir.path(),
        &["--sample-every", "64KiB"],
        &[&python(), &s(&script)],
    );
    for line in ["threads.py:6)", "threads.py:10)"] {
        let b = bytes_under(&out, "leak", line);
        assert!(b > 10_000_000, "{line}: {b}\n{stdout}");
    }
}

#[test]
fn a_forked_child_that_ends_with_exit_keeps_its_samples() {
    // As multiprocessing's workers do: fork, allocate, os._exit (no atexit,
    // no flush at exit).
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("forks.py");
    std::fs::write(
        &script,
        "import os
held = []
pid = os.fork()
if pid == 0:
    held.extend(bytearray(100_000) for _ in range(100))
    os._exit(0)
os.waitpid(pid, 0)
held.extend(bytearray(100_000) for _ in range(50))
",
    )
    .unwrap();
    let (stdout, out) = profile(
        dir.path(),
        &["--sample-every", "64KiB"],
        &[&python(), &s(&script)],
    );
    // Two processes at least (a launcher such as pyenv's adds its own).
    assert!(!stdout.starts_with("1 process,"), "{stdout}");
    let (child, parent) = (
        bytes_under(&out, "leak", "forks.py:5)"),
        bytes_under(&out, "leak", "forks.py:8)"),
    );
    assert!(
        child > 7_000_000 && parent > 3_000_000,
        "{child} {parent}\n{stdout}"
    );
}

#[test]
fn a_c_leak_is_found_in_its_function_with_native_frames() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("leak.c");
    std::fs::write(
        &src,
        "#include <stdlib.h>
#include <string.h>
void *keep[64];
void leak_here(void) {
    for (int i = 0; i < 64; i++) { keep[i] = malloc(1 << 20); memset(keep[i], 1, 1 << 20); }
}
void churn_here(void) {
    for (int i = 0; i < 64; i++) { void *p = malloc(1 << 20); memset(p, 1, 1 << 20); free(p); }
}
int main(void) { churn_here(); leak_here(); return 0; }
",
    )
    .unwrap();
    let exe = dir.path().join("leak");
    // -rdynamic: the program's own functions get names without debug
    // information (see docs/mem.md).
    let cc = Command::new("cc")
        .args(["-O0", "-rdynamic", "-o", &s(&exe), &s(&src)])
        .status()
        .expect("a C compiler (build-essential)");
    assert!(cc.success());
    let (stdout, out) = profile(
        dir.path(),
        &["--native", "--sample-every", "64KiB"],
        &[&s(&exe)],
    );
    let leaked = bytes_under(&out, "leak", "leak_here (");
    assert!(
        (leaked as f64 - 64.0 * 1048576.0).abs() < 0.15 * 64.0 * 1048576.0,
        "{leaked}\n{stdout}"
    );
    assert_eq!(bytes_under(&out, "leak", "churn_here ("), 0, "{stdout}");
}

#[test]
fn anonymous_mappings_are_sampled_and_unmapping_them_frees_them() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("maps.c");
    std::fs::write(
        &src,
        "#include <string.h>
#include <sys/mman.h>
#define MIB (1 << 20)
static void *map(size_t n) {
    void *p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 1, n);
    return p;
}
void map_kept(void) { for (int i = 0; i < 64; i++) map(MIB); }
void map_unmapped(void) { for (int i = 0; i < 64; i++) munmap(map(MIB), MIB); }
/* As allocators align: map twice the size, unmap the first half. */
void map_trimmed(void) { for (int i = 0; i < 64; i++) { char *p = map(2 * MIB); munmap(p, MIB); } }
/* Mapped over with MAP_FIXED: the first mapping is gone. */
void map_replaced(void) {
    for (int i = 0; i < 32; i++) {
        char *p = map(MIB);
        mmap(p, MIB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    }
}
int main(void) { map_unmapped(); map_kept(); map_trimmed(); map_replaced(); return 0; }
",
    )
    .unwrap();
    let exe = dir.path().join("maps");
    // Debug information, no --native: a program that is not Python gets its
    // native frames, named with their lines.
    let cc = Command::new("cc")
        .args(["-O0", "-g", "-o", &s(&exe), &s(&src)])
        .status()
        .expect("a C compiler (build-essential)");
    assert!(cc.success());
    let (stdout, out) = profile(dir.path(), &["--sample-every", "64KiB"], &[&s(&exe)]);
    assert!(stdout.contains("maps.c:9)"), "map_kept's line\n{stdout}");
    let mib = 1048576.0;
    let near = |got: u64, truth: f64| (got as f64 - truth).abs() < 0.15 * truth;
    let kept = bytes_under(&out, "leak", "map_kept (");
    assert!(near(kept, 64.0 * mib), "{kept}\n{stdout}");
    // Half of each trimmed mapping is left.
    let trimmed = bytes_under(&out, "leak", "map_trimmed (");
    assert!(near(trimmed, 64.0 * mib), "{trimmed}\n{stdout}");
    assert_eq!(bytes_under(&out, "leak", "map_unmapped ("), 0, "{stdout}");
    // The replacement mappings are live (32 MiB); the replaced ones are not
    // counted twice.
    let replaced = bytes_under(&out, "leak", "map_replaced (");
    assert!(near(replaced, 32.0 * mib), "{replaced}\n{stdout}");
    // Library frames keep their module (so they are told from the
    // program's own); the program's own frames have their lines.
    let collapsed = std::fs::read_to_string(out.join("leak.collapsed")).unwrap();
    let frames: Vec<&str> = collapsed
        .lines()
        .flat_map(|l| l.rsplit_once(' ').map_or(l, |(stack, _)| stack).split(';'))
        .collect();
    assert!(frames.iter().any(|f| f.contains("libc.so")), "{collapsed}");
    for f in frames {
        if f.contains("libc.so") {
            assert!(f.contains("libc.so.6+0x"), "{f}");
        } else {
            assert!(f.contains("maps.c:") || f.contains("_start"), "{f}");
        }
    }
    // At the peak, the unmapped ones were never all live at once.
    assert!(bytes_under(&out, "peak", "map_unmapped (") < 4 * 1048576);
}

/// A Rust program (its functions are not exported: only its debug
/// information names them) leaks from a known function; its frames are
/// named with their lines, and the standard library's are not taken for
/// the program's own.
#[test]
fn a_rust_leak_is_found_at_its_line_from_debug_information() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("leak.rs");
    std::fs::write(
        &src,
        "#[inline(never)]
fn leak_here(held: &mut Vec<Vec<u8>>) {
    for _ in 0..64 {
        held.push(vec![1u8; 1 << 20]);
    }
}

#[inline(never)]
fn churn_here() {
    for _ in 0..64 {
        std::hint::black_box(vec![1u8; 1 << 20]);
    }
}

fn main() {
    let mut held = Vec::new();
    churn_here();
    leak_here(&mut held);
    std::mem::forget(held);
}
",
    )
    .unwrap();
    let exe = dir.path().join("leak");
    let rustc = Command::new("rustc")
        .args(["-g", "-C", "opt-level=0", "-o", &s(&exe), &s(&src)])
        .status()
        .expect("rustc");
    assert!(rustc.success());
    let (stdout, out) = profile(dir.path(), &["--sample-every", "64KiB"], &[&s(&exe)]);
    let own = first_own_line(&stdout);
    assert!(
        own.contains("leak::leak_here (") && own.contains("leak.rs:4)"),
        "{stdout}"
    );
    let leaked = bytes_under(&out, "leak", "leak::leak_here (");
    let truth = 64.0 * 1048576.0;
    assert!(
        (leaked as f64 - truth).abs() < 0.15 * truth,
        "{leaked}\n{stdout}"
    );
    assert_eq!(bytes_under(&out, "leak", "churn_here ("), 0, "{stdout}");
    // The names are saved with the profile: a later report shows the same
    // lines after the program is gone.
    std::fs::remove_file(&exe).unwrap();
    let again = plotmill(&["mem", "where", "report", &s(&out)]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("leak.rs:4)"), "{}", again.stdout);
}

/// A program killed by a signal: what it wrote up to then is reported,
/// and plotmill exits as a shell would (128 + the signal).
#[test]
fn a_program_killed_by_a_signal_is_reported_up_to_its_death() {
    preload();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("killed.py");
    std::fs::write(
        &script,
        "import os, signal
held = [bytearray(1 << 20) for _ in range(40)]
os.kill(os.getpid(), signal.SIGKILL)
",
    )
    .unwrap();
    let out = dir.path().join("w");
    // Sampled finely, as the other tests are: at the default 512 KiB the
    // 40 blocks of 1 MiB are each sampled with probability 0.86, and the
    // estimate misses 15% about once in 60 runs.
    let run = plotmill(&[
        "mem",
        "where",
        "--sample-every",
        "64KiB",
        "-o",
        &s(&out),
        "--",
        &python(),
        &s(&script),
    ]);
    assert_eq!(run.code, 128 + 9, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("killed by signal 9"), "{}", run.stderr);
    let held = bytes_under(&out, "leak", "killed.py:2)");
    assert!(
        (held as f64 - 40.0 * 1048576.0).abs() < 0.15 * 40.0 * 1048576.0,
        "{held}\n{}",
        run.stdout
    );
}

/// A profile that cannot be written any further (here a file size limit,
/// which fails the write as a full disk does): the program runs to its end
/// unprofiled, the user is told where the profile stops, and the report
/// covers the run up to there.
#[test]
fn a_profile_that_cannot_be_written_stops_and_the_program_goes_on() {
    preload();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("many.py");
    std::fs::write(
        &script,
        "import sys
held = []
for i in range(3000):
    held.append(bytearray(100_000))
print('finished', flush=True)
",
    )
    .unwrap();
    let out = dir.path().join("w");
    // The limit (in 512-byte blocks) applies to the profiled program only;
    // SIGXFSZ ignored, a write beyond it fails with EFBIG.
    let shell = format!(
        "trap '' XFSZ; ulimit -f 64; exec {} -S {}",
        python_executable(),
        s(&script)
    );
    let run = plotmill(&[
        "mem",
        "where",
        "--sample-every",
        "64KiB",
        "-o",
        &s(&out),
        "--",
        "sh",
        "-c",
        &shell,
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("finished"), "{}", run.stdout);
    assert!(
        run.stderr.contains("profile stops at") && run.stderr.contains("the file size limit"),
        "{}",
        run.stderr
    );
    // What was written before the cut is reported.
    assert!(
        bytes_under(&out, "leak", "many.py:4)") > 0,
        "{}",
        run.stdout
    );
    let profiles: u64 = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "where"))
        .map(|e| e.metadata().unwrap().len())
        .max()
        .unwrap();
    assert!(profiles <= 64 * 512, "{profiles} bytes");
}

/// Runs `command` under valgrind's memcheck with the preload library
/// loaded and sampling every 16 KiB, native frames on; returns the profile
/// folder and memcheck's error reports: all of them, or with `ours_only`
/// those whose stack passes through the preload library (CPython has
/// reports of its own, which its valgrind suppressions file hides).
fn under_memcheck(dir: &Path, command: &[&str], ours_only: bool) -> (PathBuf, Vec<String>) {
    preload();
    let library = PathBuf::from(env!("CARGO_BIN_EXE_plotmill"))
        .parent()
        .unwrap()
        .join("libplotmill_preload.so");
    let out = dir.join("w");
    std::fs::create_dir_all(&out).unwrap();
    let run = Command::new("valgrind")
        // Only libc's allocator is replaced by memcheck's, so the preload
        // library's malloc runs (and is checked) and forwards to it.
        .args(["--soname-synonyms=somalloc=NONE", "-q"])
        .args(command)
        .env("LD_PRELOAD", &library)
        .env("PLOTMILL_WHERE_DIR", &out)
        .env("PLOTMILL_WHERE_RATE", "16384")
        .env("PLOTMILL_WHERE_NATIVE", "1")
        .output()
        .expect("valgrind (scripts/test.sh installs it)");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Reports are blocks of `==pid== ` lines, separated by a bare one.
    let stderr = String::from_utf8_lossy(&run.stderr);
    let mut reports = Vec::new();
    let mut block = String::new();
    for line in stderr.lines().filter(|l| l.starts_with("==")) {
        let text = line.splitn(3, "==").nth(2).unwrap_or("").trim();
        if text.is_empty() {
            if !block.is_empty() {
                reports.push(std::mem::take(&mut block));
            }
        } else {
            block.push_str(text);
            block.push('\n');
        }
    }
    if !block.is_empty() {
        reports.push(block);
    }
    if ours_only {
        reports.retain(|r| r.contains("plotmill_preload") || r.contains("plotmill-preload"));
    }
    (out, reports)
}

/// Allocations sampled in a profile folder's files.
fn samples_in(out: &Path) -> usize {
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .map(|t| t.lines().filter(|l| l.starts_with("A ")).count())
        .sum()
}

/// The preload library's unsafe code under valgrind's memcheck: every
/// entry point, threads, partial unmaps and a fork in C, then Python's
/// frame walk with threads, code made at run time and collections. No
/// invalid read or write, no use of uninitialised memory.
#[test]
fn the_preload_library_runs_clean_under_memcheck() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("all.c");
    std::fs::write(
        &src,
        "#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
void *keep[16];
static void *work(void *arg) {
    long k = (long)arg;
    for (int i = 0; i < 2000; i++) {
        char *p = malloc(1000 + i);
        memset(p, 1, 1000 + i);
        p = realloc(p, 5000);
        free(p);
    }
    keep[k] = calloc(1, 1 << 20);
    char *m = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(m + 4096, 4096);
    void *a;
    if (posix_memalign(&a, 64, 100000) == 0) free(a);
    free(aligned_alloc(4096, 1 << 16));
    free(valloc(1 << 16));
    return 0;
}
int main(void) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], 0, work, (void *)i);
    for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
    pid_t c = fork();
    if (c == 0) { keep[10] = malloc(1 << 21); _exit(0); }
    waitpid(c, 0, 0);
    return 0;
}
",
    )
    .unwrap();
    let exe = dir.path().join("all");
    let cc = Command::new("cc")
        .args(["-g", "-O0", "-pthread", "-o", &s(&exe), &s(&src)])
        .status()
        .unwrap();
    assert!(cc.success());
    let (out, reports) = under_memcheck(dir.path(), &[&s(&exe)], false);
    assert!(reports.is_empty(), "memcheck: {reports:#?}");
    // About 4 × 2000 × 6 KB + 8 MiB at one sample per 16 KiB: thousands.
    assert!(samples_in(&out) > 1000, "{}", samples_in(&out));

    let py_dir = tempfile::tempdir().unwrap();
    let script = py_dir.path().join("walk.py");
    std::fs::write(
        &script,
        "import gc, threading
held = []
def grow():
    for i in range(200):
        held.append(bytearray(20_000))
        x = [object() for _ in range(50)]
def churn():
    for i in range(300):
        d = {j: str(j) for j in range(50)}
        exec(compile(f'y = {i}', f'gen{i}', 'exec'))
        gc.collect(0)
ts = [threading.Thread(target=f) for f in (grow, churn)]
for t in ts: t.start()
for t in ts: t.join()
",
    )
    .unwrap();
    let (out, reports) = under_memcheck(
        py_dir.path(),
        &[&python_executable(), "-S", &s(&script)],
        true,
    );
    assert!(reports.is_empty(), "memcheck: {reports:#?}");
    assert!(samples_in(&out) > 200, "{}", samples_in(&out));
    let run = plotmill(&["mem", "where", "report", &s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("walk.py:5)"), "{}", run.stdout);
}

/// Python asked for another allocator as it starts (`-X dev` installs the
/// debug hooks) replaces the library's hooks: the user is told the lines
/// are lost and why, and the program runs to its end.
#[test]
fn python_that_replaces_its_allocator_is_told_the_lines_are_lost() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("dev.py");
    std::fs::write(
        &script,
        "x = [bytearray(100_000) for _ in range(50)]\nprint('ran')\n",
    )
    .unwrap();
    preload();
    let out = dir.path().join("w");
    let run = plotmill(&[
        "mem",
        "where",
        "-o",
        &s(&out),
        "--",
        &python_executable(),
        "-X",
        "dev",
        &s(&script),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("ran"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("Python's allocator was replaced as it started"),
        "{}",
        run.stderr
    );
}

#[test]
fn programs_it_cannot_profile_are_told_why() {
    preload();
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("static.c");
    std::fs::write(&src, "int main(void) { return 0; }\n").unwrap();
    let exe = dir.path().join("static");
    let cc = Command::new("cc")
        .args(["-static", "-o", &s(&exe), &s(&src)])
        .status()
        .unwrap();
    assert!(cc.success());
    let out = dir.path().join("w");
    let run = plotmill(&["mem", "where", "-o", &s(&out), "--", &s(&exe)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is statically linked"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("plotmill mem run"), "{}", run.stderr);
    let run = plotmill(&["mem", "where", "--", "no-such-program-here"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("command not found: no-such-program-here"),
        "{}",
        run.stderr
    );
    let run = plotmill(&["mem", "where", "report", &s(dir.path())]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no allocation profile"),
        "{}",
        run.stderr
    );
}

/// Every Python 3.10 or later on this machine (pyenv's, or python3.1x on
/// the PATH) attributes the leak to its line; 3.9 is told it is too old.
#[test]
fn each_python_from_3_10_finds_the_line_and_older_ones_are_told() {
    let mut pythons: Vec<(String, bool)> = Vec::new();
    let pyenv = PathBuf::from("/root/.pyenv/versions");
    for minor in 9..=13 {
        let on_path = format!("python3.{minor}");
        let found = std::fs::read_dir(&pyenv)
            .ok()
            .and_then(|d| {
                d.flatten().map(|e| e.path().join("bin/python3")).find(|p| {
                    p.parent()
                        .and_then(|b| b.parent())
                        .and_then(|v| v.file_name())
                        .is_some_and(|n| n.to_string_lossy().starts_with(&format!("3.{minor}.")))
                        && p.exists()
                })
            })
            .map(|p| s(&p))
            .or_else(|| {
                Command::new(&on_path)
                    .arg("-c")
                    .arg("pass")
                    .status()
                    .ok()
                    .filter(|st| st.success())
                    .map(|_| on_path.clone())
            });
        if let Some(p) = found {
            pythons.push((p, minor >= 10));
        }
    }
    assert!(
        pythons.iter().any(|(_, new)| *new),
        "no Python 3.10 or later found"
    );
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("leak.py");
    std::fs::write(
        &script,
        "held = []\n\ndef grow():\n    for i in range(200):\n        held.append(bytearray(100_000))\n\ngrow()\n",
    )
    .unwrap();
    for (i, (python, new)) in pythons.iter().enumerate() {
        let out = dir.path().join(format!("w{i}"));
        let run = plotmill(&[
            "mem",
            "where",
            "-o",
            &s(&out),
            "--sample-every",
            "64KiB",
            "--",
            python,
            &s(&script),
        ]);
        assert_eq!(run.code, 0, "{python}: {}", run.stderr);
        if *new {
            assert!(
                bytes_under(&out, "leak", "grow (") > 15_000_000,
                "{python}: {}",
                run.stdout
            );
        } else {
            assert!(
                run.stderr.contains("(3.10 or later)"),
                "{python}: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn mem_run_records_the_time_series_and_the_sites_in_one_run() {
    preload();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("grows.py");
    std::fs::write(
        &script,
        "import time\nheld = []\nfor i in range(30):\n    held.append(bytearray(1_000_000))\n    time.sleep(0.01)\n",
    )
    .unwrap();
    let (dat, sites) = (dir.path().join("run.dat"), dir.path().join("where"));
    let run = plotmill(&[
        "mem",
        "run",
        "--interval",
        "0.02",
        "--where",
        &s(&sites),
        "-o",
        &s(&dat),
        "--",
        &python(),
        &s(&script),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let samples = std::fs::read_to_string(&dat).unwrap();
    assert!(
        samples.lines().filter(|l| l.starts_with("MEM ")).count() > 3,
        "{samples}"
    );
    assert!(
        bytes_under(&sites, "leak", "grows.py:4)") > 20_000_000,
        "{}",
        run.stdout
    );
}

/// Many new code objects (each sampled one gets a weak reference), frames
/// made and dropped, and a collector that runs at every few allocations:
/// the conditions under which a collection started inside malloc crashed
/// the interpreter. It must run to its end, attributed.
#[test]
fn a_program_that_makes_code_and_collects_garbage_constantly_runs_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("churn.py");
    std::fs::write(
        &script,
        r#"import gc
gc.set_threshold(3, 2, 2)
held = []
class Node:
    def __init__(self, other):
        self.other = other
for i in range(2000):
    ns = {}
    exec(f"def make{i}(n):\n    return [bytearray(3000) for _ in range(n)]", ns)
    a = Node(None); b = Node(a); a.other = b   # a cycle for the collector
    held.append(ns[f"make{i}"](8))
    if i % 50 == 0:
        held.clear()
print("done")
"#,
    )
    .unwrap();
    let (stdout, out) = profile(
        dir.path(),
        &["--sample-every", "4KiB"],
        &[&python(), &s(&script)],
    );
    assert!(bytes_under(&out, "peak", "make") > 0, "{stdout}");
}

/// What the preload library keeps is bounded: with the cap lowered to 20,
/// a program with hundreds of distinct frames writes at most 20 frame and
/// 20 stack definitions, and the rest count under the catch-all entries.
#[test]
fn the_frames_and_stacks_kept_are_bounded() {
    preload();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("many.py");
    std::fs::write(
        &script,
        "held = []\nfor i in range(300):\n    ns = {}\n    exec(f\"def f{i}():\\n    return bytearray(50_000)\", ns)\n    held.append(ns[f\"f{i}\"]())\n",
    )
    .unwrap();
    let out = dir.path().join("where");
    let run = Command::new(env!("CARGO_BIN_EXE_plotmill"))
        .args([
            "mem",
            "where",
            "-o",
            &s(&out),
            "--sample-every",
            "4KiB",
            "--",
        ])
        .args([&python(), &s(&script)])
        .env("PLOTMILL_WHERE_MAX_INTERNED", "20")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut frames = 0;
    let mut stacks = 0;
    for f in plotmill::mem::sites::profile_files(&out).unwrap() {
        let text = std::fs::read_to_string(f).unwrap();
        frames += text.lines().filter(|l| l.starts_with("F ")).count();
        stacks += text.lines().filter(|l| l.starts_with("S ")).count();
        assert!(text.lines().filter(|l| l.starts_with("F ")).count() <= 20);
        assert!(text.lines().filter(|l| l.starts_with("S ")).count() <= 20);
    }
    assert!(frames > 0 && stacks > 0);
    let leak = std::fs::read_to_string(out.join("leak.collapsed")).unwrap();
    assert!(leak.contains("<more"), "{leak}");
}
