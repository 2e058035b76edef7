//! `plotmill heatmap`, `plotmill scatter-matrix` and `plotmill bench`.

use super::{plotmill, plotmill_with_stdin, root};

fn seed() -> String {
    root()
        .join("examples/data/seed_4x8.csv")
        .display()
        .to_string()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

#[test]
fn the_services_two_charts_at_matplotlibs_sizes() {
    let dir = tempfile::tempdir().unwrap();
    for (args, size) in [
        (vec!["scatter-matrix", "--dpi", "100"], (1200, 800)),
        (vec!["scatter-matrix", "--dpi", "10"], (120, 80)),
        (vec!["heatmap"], (800, 600)),
        (
            vec!["heatmap", "--dpi", "200", "--figsize", "4x3", "--no-annot"],
            (800, 600),
        ),
    ] {
        let out = dir.path().join("chart.png");
        let mut full = args.clone();
        let (s, o) = (seed(), out.display().to_string());
        full.extend([s.as_str(), "-o", o.as_str()]);
        let run = plotmill(&full);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{full:?}");
        assert_eq!(png_size(&std::fs::read(&out).unwrap()), size, "{full:?}");
    }
}

#[test]
fn same_input_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let render = |name: &str, kind: &str| {
        let out = dir.path().join(name);
        let run = plotmill(&[kind, &seed(), "-o", out.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        std::fs::read(out).unwrap()
    };
    for (kind, ext) in [
        ("heatmap", "png"),
        ("heatmap", "svg"),
        ("scatter-matrix", "png"),
        ("scatter-matrix", "svg"),
    ] {
        let a = render(&format!("a.{ext}"), kind);
        let b = render(&format!("b.{ext}"), kind);
        assert!(a == b, "{kind} {ext} differs between runs");
    }
}

#[test]
fn svg_has_selectable_text() {
    let run = plotmill(&["heatmap", &seed(), "-o", "-", "--format", "svg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("<?xml"), "{}", &run.stdout[..80]);
    assert!(run.stdout.contains(">-0.84</text>"));
    assert!(run.stdout.contains(">\u{2212}0.75</text>"));
}

#[test]
fn bad_chart_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let o = out.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["heatmap", "--cmap", "coolwram"],
            "unknown colormap 'coolwram' (did you mean 'coolwarm'?); the colormaps are matplotlib's and seaborn's named maps, each also reversed with _r: Accent, afmhot,",
        ),
        (
            vec!["heatmap", "--fmt", ".2q"],
            "--fmt: '.2q' is not a number format",
        ),
        (
            vec!["heatmap", "--dpi", "5000"],
            "more than the limit of 100000000; lower dpi or figsize (a pair plot's height), or raise the max_pixels limit",
        ),
        (
            vec!["scatter-matrix", "--dpi", "0"],
            "--dpi: 0 is not a resolution; give pixels per inch from 1 to 10000",
        ),
        (
            vec!["heatmap", "--dpi", "1e-300"],
            "--dpi: 1e-300 is not a resolution",
        ),
        (
            vec!["heatmap", "--linewidths=-1"],
            "--linewidths: -1 is not a line width",
        ),
        (
            vec!["heatmap", "--vmin", "1", "--vmax=-1"],
            "--vmin: 1 is above vmax -1; give vmin at most vmax",
        ),
        (
            vec!["heatmap", "--figsize", "0x0"],
            "'0x0': [0, 0] is not a figure size",
        ),
        (
            vec!["heatmap", "--figsize=-8x6"],
            "'-8x6': [-8, 6] is not a figure size",
        ),
        (
            vec!["scatter-matrix", "--figsize", "2000x1"],
            "'2000x1': [2000, 1] is not a figure size",
        ),
        (
            vec!["scatter-matrix", "--alpha", "2"],
            "--alpha: 2 is not an opacity; give a number from 0 to 1",
        ),
        (
            vec!["scatter-matrix", "--max-columns", "3"],
            "8 columns is more than the 3 this chart draws; raise --max-columns",
        ),
    ];
    for (args, says) in cases {
        let mut full = args.clone();
        let s = seed();
        full.extend([s.as_str(), "-o", o]);
        let run = plotmill(&full);
        assert_eq!(run.code, 2, "{full:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{full:?}:\n{}", run.stderr);
        assert_eq!(
            run.stderr.matches(says).count(),
            1,
            "said twice:\n{}",
            run.stderr
        );
        assert!(!out.exists(), "{full:?} left a file");
    }
    let run = plotmill(&["heatmap", &seed(), "-o", "/no/such/dir/x.png"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: cannot write '/no/such/dir/x.png'"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr,
        "error: cannot write '/no/such/dir/x.png': No such file or directory (os error 2); check that its folder exists and is writable\n"
    );
    let run = plotmill(&["heatmap", &seed(), "--font", "/no/font.ttf", "-o", o]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: cannot read font '/no/font.ttf': No such file or directory (os error 2)\n"
        )
    );
    let run = plotmill(&[
        "heatmap",
        &seed(),
        "-o",
        dir.path().join("x.gif").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("end the name in .png, .svg or .pdf, or pass --format"),
        "{}",
        run.stderr
    );
}

#[test]
fn awkward_data_draws_or_explains() {
    // A column of only NaN, a constant column, infinities, one column.
    let csv = b"a,nan,const,inf\n1,,5,inf\n2,NA,5,1\n3,,5,-inf\n4,,5,2\n";
    let dir = tempfile::tempdir().unwrap();
    for kind in ["heatmap", "scatter-matrix"] {
        let out = dir.path().join(format!("{kind}.png"));
        let run = plotmill_with_stdin(&[kind, "-", "-o", out.to_str().unwrap()], csv);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{kind}");
        assert!(out.exists());
    }
    let out = dir.path().join("one.png");
    let run = plotmill_with_stdin(
        &["scatter-matrix", "-", "-o", out.to_str().unwrap()],
        b"x\n1\n2\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = plotmill_with_stdin(&["heatmap", "-", "-o", out.to_str().unwrap()], b"x,y\n");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no data row follows"), "{}", run.stderr);
    // 10,000 columns: a clear error naming --max-columns.
    let wide: String = (0..10_000)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",")
        + "\n"
        + &(0..10_000)
            .map(|i| (i % 7).to_string())
            .collect::<Vec<_>>()
            .join(",")
        + "\n";
    // Each command refuses it before any statistics (a heatmap's 10^8
    // correlations would take seconds and gigabytes).
    for (command, says) in [
        (
            "scatter-matrix",
            "10000 columns is more than the 50 this chart draws; raise --max-columns",
        ),
        (
            "heatmap",
            "10000 columns is more than the 500 this chart draws; raise --max-columns",
        ),
        ("corr", "10000 numeric columns, more than --max-columns 500"),
    ] {
        let run = plotmill_with_stdin(
            &[command, "-", "-o", out.to_str().unwrap()],
            wide.as_bytes(),
        );
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{command}: {}", run.stderr);
    }
}

#[test]
fn bench_reports_milliseconds() {
    let run = plotmill(&["bench", "heatmap", &seed(), "--iterations", "3", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("{\"chart\": \"heatmap\", \"iterations\": 3, \"dpi\": 100,"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\"median_ms\": "), "{}", run.stdout);
}

#[test]
fn help_lists_the_chart_flags() {
    let run = plotmill(&["heatmap", "--help"]);
    for flag in [
        "--cmap",
        "--fmt",
        "--mask",
        "--square",
        "--vmin",
        "--center",
        "--robust",
        "--linewidths",
        "--no-cbar",
        "--figsize",
        "--dpi",
        "--font",
        "Examples:",
    ] {
        assert!(run.stdout.contains(flag), "heatmap --help lacks {flag}");
    }
    let run = plotmill(&["scatter-matrix", "--help"]);
    for flag in [
        "--diagonal",
        "--marker-size",
        "--alpha",
        "--color",
        "--max-columns",
        "--title",
        "Examples:",
    ] {
        assert!(
            run.stdout.contains(flag),
            "scatter-matrix --help lacks {flag}"
        );
    }
}

/// The CJK font scripts/test.sh installs.
const WQY: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/// Fails, saying what to install, when the CJK font is missing.
pub(super) fn need_wqy() {
    assert!(
        std::path::Path::new(WQY).exists(),
        "install fonts-wqy-microhei (apt-get install fonts-wqy-microhei), as scripts/test.sh does"
    );
}

#[test]
fn fonts_in_the_users_own_folder_are_found() {
    need_wqy();
    // A font installed for one user only, as `fc-cache` users do:
    // ~/.local/share/fonts.
    let home = tempfile::tempdir().unwrap();
    let fonts = home.path().join(".local/share/fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let font = fonts.join("users-cjk.ttc");
    std::fs::copy(WQY, &font).unwrap();
    let out = home.path().join("cjk.svg");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plotmill"))
        .args(["-vv", "heatmap", "-", "-o", out.to_str().unwrap()])
        .env("HOME", home.path())
        .env_remove("XDG_DATA_HOME")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("價格,数量\n1,2\n2,3\n3,1\n".as_bytes())
        .unwrap();
    let run = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("font={}", font.display())),
        "the user's font was not the one used:\n{stderr}"
    );
    assert!(!stderr.contains("no font has a glyph"), "{stderr}");
}

#[test]
fn cjk_names_are_drawn_with_a_system_font() {
    need_wqy();
    let csv = "價格,数量,日本語\n1,2,3\n2,3,1\n3,1,2\n";
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cjk.svg");
    let run = plotmill_with_stdin(
        &["heatmap", "-", "-o", out.to_str().unwrap()],
        csv.as_bytes(),
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, ""),
        "a glyph was missing"
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains(">價格</text>") && svg.contains(">日本語</text>"));
    // The spec's own text is looked at too, before layout: a title.
    let run = plotmill_with_stdin(
        &[
            "scatter-matrix",
            "-",
            "--title",
            "売上の分布",
            "-o",
            out.to_str().unwrap(),
        ],
        b"a,b\n1,2\n2,1\n",
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, ""),
        "a glyph was missing"
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains(">売上の分布</text>")
    );
    // With no font for a character: a box and one warning.
    let run = plotmill_with_stdin(
        &["heatmap", "-", "-o", out.to_str().unwrap()],
        "a,\u{1F4C8}\n1,2\n2,1\n".as_bytes(),
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr
            .matches("warning: no font has a glyph for")
            .count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn bench_reports_heap_by_stage() {
    let run = plotmill(&[
        "bench",
        "heatmap",
        &seed(),
        "--iterations",
        "5",
        "--mem-report",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("heap by stage"))
        .skip(1)
        .collect();
    let stages: Vec<&str> = rows
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for stage in ["statistics", "layout", "text", "raster", "encode"] {
        assert!(stages.contains(&stage), "{stage} missing:\n{}", run.stdout);
    }
    // Rasterising a chart needs its pixels: 800x600 RGBA is 1.8 MiB.
    let raster = rows
        .iter()
        .find(|l| l.trim_start().starts_with("raster"))
        .unwrap();
    assert!(raster.trim_end().ends_with("MiB"), "{raster}");
    let run = plotmill(&["bench", "heatmap", &seed(), "--mem-report", "--json"]);
    assert_eq!(run.code, 2);
}

/// `n` columns with long names and `rows` rows of values.
fn wide_csv(n: usize, rows: usize) -> String {
    let mut csv: Vec<String> = vec![
        (0..n)
            .map(|i| format!("measurement_{i:02}"))
            .collect::<Vec<_>>()
            .join(","),
    ];
    for r in 0..rows {
        csv.push(
            (0..n)
                .map(|c| format!("{}", ((r * 31 + c * 17) % 23) as f64 / 7.0 - (c % 5) as f64))
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    csv.join("\n") + "\n"
}

#[test]
fn wide_data_is_drawn_with_one_warning_naming_what_helps() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("wide.csv");
    std::fs::write(&data, wide_csv(40, 30)).unwrap();
    let out = dir.path().join("h.png");
    let [d, o] = [&data, &out].map(|p| p.to_str().unwrap().to_owned());
    // 40 columns at 8x6 in: the values overflow their cells and the names
    // are cut off at the figure's edges; the chart is still written.
    let run = plotmill(&["heatmap", &d, "-o", &o]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.is_file());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    for part in [
        "warning: at 8x6 in, not all of this chart's text can be read: ",
        "of the tick labels run past the figure's edge",
        "the values in the cells",
        "pass --layout constrained (the axes move so that every label is on the page), \
         or --no-annot, or a shorter --fmt (such as .1f), or a larger --figsize (about ",
    ] {
        assert!(run.stderr.contains(part), "{part:?} not in {}", run.stderr);
    }
    // A layout that moves the axes puts every name on the page: only the
    // cell values are left to warn about, and `--layout` is not suggested.
    let run = plotmill(&["heatmap", &d, "-o", &o, "--layout", "constrained"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("the values in the cells") && !run.stderr.contains("--layout"),
        "{}",
        run.stderr
    );
    let run = plotmill(&["heatmap", &d, "-o", &o, "--layout", "sideways"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("'sideways'") && run.stderr.contains("constrained"),
        "{}",
        run.stderr
    );
    // Following the advice silences it. (At 16x12 the rotated names, hinted
    // as matplotlib's Agg hints them, still reach 2.4 px past the bottom
    // edge, in matplotlib too.)
    let run = plotmill(&["heatmap", &d, "-o", &o, "--no-annot", "--figsize", "17x13"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // The scatter matrix: names shrunk below a readable size.
    let run = plotmill(&["scatter-matrix", &d, "-o", &o]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the column names are drawn at 5 pt to fit. It is drawn as asked; to read it, pass a larger --figsize (about "),
        "{}",
        run.stderr
    );
    // The service's own charts are readable as they are: no warning.
    for chart in ["heatmap", "scatter-matrix"] {
        let run = plotmill(&[chart, &seed(), "-o", &o]);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{chart}");
    }
}

#[test]
fn an_image_larger_than_memory_is_an_error_not_an_abort() {
    // The largest figure at the highest resolution: 10^7 × 7.5·10^6
    // pixels, 273 TiB, past what any machine can give.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("huge.png");
    let run = plotmill(&[
        "heatmap",
        &seed(),
        "--figsize",
        "1000x750",
        "--dpi",
        "10000",
        "--max-pixels",
        "18446744073709551615",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the image would be 10000000×7500000 pixels, which need 286102295 MiB of memory that this machine cannot give; lower dpi or figsize (a pair plot's height)"
        ),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

/// The limits flags are the same on every command, and each error names the
/// limit and the flag that raises it, before any work that grows with it.
#[test]
fn limits_name_themselves_on_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let out = out.to_str().unwrap();
    let seed = seed();
    let cases: [(&[&str], &str); 7] = [
        (
            &["heatmap", &seed, "-o", out, "--max-rows", "3"],
            "rows, more than the limit of 3 (max_rows); if that is expected, raise it with --max-rows",
        ),
        (
            &[
                "scatter-matrix",
                &seed,
                "-o",
                out,
                "--max-input-bytes",
                "10",
            ],
            "bytes of data, more than the limit of 10 (max_input_bytes); if that is expected, raise it with --max-input-bytes",
        ),
        (
            &["corr", &seed, "--max-label-chars", "0"],
            "characters in the label",
        ),
        (
            &["corr", &seed, "--max-columns", "3"],
            "8 numeric columns, more than --max-columns 3 (64 correlations)",
        ),
        (
            &[
                "heatmap",
                &seed,
                "-o",
                out,
                "--title",
                "a long title",
                "--max-label-chars",
                "5",
            ],
            "12 characters in the label 'a long title…', more than the limit of 5 (max_label_chars)",
        ),
        (
            &["heatmap", &seed, "-o", out, "--max-pixels", "1000"],
            "pixels, more than the limit of 1000",
        ),
        (
            &[
                "scatter-matrix",
                &seed,
                "-o",
                "x.svg",
                "--max-vector-markers",
                "10",
            ],
            "markers (one per row and panel), more than the limit of 10",
        ),
    ];
    for (args, message) in cases {
        let run = plotmill(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    // From standard input, the byte limit stops the read.
    let run = plotmill_with_stdin(
        &["corr", "-", "--max-input-bytes", "100"],
        "a,b\n1,2\n".repeat(100).as_bytes(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("<stdin>: 101 bytes of data"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bare_dodge_is_dodge_true() {
    // The and seaborn's `dodge=True`, written as the flag alone.
    let species = root()
        .join("examples/data/species.csv")
        .display()
        .to_string();
    let tmp = tempfile::tempdir().unwrap();
    for kind in ["stripplot", "swarmplot", "pointplot", "boxplot"] {
        let draw = |dodge: &[&str], name: &str| -> Vec<u8> {
            let out = tmp.path().join(format!("{kind}-{name}.png"));
            let mut args = vec![
                kind,
                &species,
                "--x",
                "island",
                "--y",
                "body_mass_g",
                "--hue",
                "sex",
            ];
            args.extend_from_slice(dodge);
            let out_s = out.display().to_string();
            args.extend(["-o", &out_s]);
            let run = plotmill(&args);
            assert_eq!(run.code, 0, "{kind} {dodge:?}: {}", run.stderr);
            std::fs::read(&out).unwrap()
        };
        let bare = draw(&["--dodge"], "bare");
        assert_eq!(bare, draw(&["--dodge", "true"], "true"), "{kind}");
        assert_ne!(bare, draw(&["--dodge", "false"], "false"), "{kind}");
    }
}
