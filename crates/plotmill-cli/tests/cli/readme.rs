//! The README's commands, run as written: every block fenced as `sh` runs
//! with `bash -eu -o pipefail`, in order, in a folder holding a copy of
//! `examples/`, with this build's `plotmill` first on the PATH. Blocks that
//! need a build, a network service or a virtual environment are fenced as
//! `sh manual` and left out (the Python block has its own test, in
//! bindings/python/tests/test_readme.py).

use std::path::Path;
use std::process::Command;

use super::root;

/// The README's code blocks: (info string, text).
fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.trim().to_owned(), String::new())),
            (Some(_), Some(_)) => out.extend(open.take()),
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn every_sh_block_of_the_readme_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let runnable: Vec<&String> = blocks
        .iter()
        .filter(|(info, _)| info == "sh")
        .map(|(_, text)| text)
        .collect();
    assert!(runnable.len() >= 5, "the README's sh blocks were not found");
    for (info, _) in &blocks {
        assert!(
            matches!(
                info.as_str(),
                "sh" | "sh manual" | "python" | "json" | "text"
            ),
            "a README block fenced as '{info}': fence runnable commands as sh, others as 'sh manual'"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples"), &dir.path().join("examples"));
    // `plotmill mem where` needs its preload library beside the binary.
    super::mem_where::preload();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_plotmill")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    for block in runnable {
        let run = Command::new("bash")
            .args(["-eu", "-o", "pipefail", "-c", block])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "this README block failed ({}):\n{block}\nstdout:\n{}\nstderr:\n{}",
            run.status,
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
    }
    // What the blocks say they write.
    for file in [
        "out/seed_4x8_scatter_matrix.png",
        "out/demo_sales_correlation_heatmap.png",
        "out/m.svg",
        "out/wide.png",
        "out/jobs/demo_sales_correlation_heatmap.png",
        "out/leaky_vs_fixed.png",
        "out/kendall.csv",
    ] {
        assert!(dir.path().join(file).is_file(), "{file} was not written");
    }
}
