//! What a new user meets first: `--help` and mistyped flags, commands and
//! values.

use super::plotmill;

#[test]
fn global_options_have_their_own_heading() {
    for command in ["heatmap", "scatter-matrix", "corr", "batch", "serve"] {
        let run = plotmill(&[command, "--help"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let own = run.stdout.find("\nOptions:\n").expect("an Options heading");
        let global = run
            .stdout
            .find("\nGlobal options:\n")
            .expect("a Global options heading");
        let verbose = run.stdout.find("--verbose").unwrap();
        let log_format = run.stdout.find("--log-format").unwrap();
        assert!(
            own < global && global < verbose && global < log_format,
            "{command}: the global options must follow their heading, after the command's own:\n{}",
            run.stdout
        );
    }
}

#[test]
fn example_lines_fit_80_columns() {
    for command in [
        &[][..],
        &["heatmap"],
        &["scatter-matrix"],
        &["corr"],
        &["batch"],
        &["bench"],
        &["mem"],
        &["serve"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let run = plotmill(&args);
        let examples = &run.stdout[run.stdout.find("Examples").expect("examples")..];
        for line in examples.lines() {
            assert!(
                line.chars().count() <= 80,
                "{command:?}: an example line of {} columns wraps in a terminal:\n{line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn unknown_flags_suggest_only_real_near_matches() {
    // "--hue" is nothing like any option of scatter-matrix: no tip, and the
    // usage line is the command's own.
    let run = plotmill(&["scatter-matrix", "x.csv", "--hue", "region"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: unexpected argument '--hue' found\n\n\
         Usage: plotmill scatter-matrix --output <PATH> <FILE>\n\n\
         For more information, try 'plotmill scatter-matrix --help'.\n"
    );
    let run = plotmill(&["scatter-matrix", "x.csv", "--titel", "t"]);
    assert!(
        run.stderr
            .contains("tip: a similar argument exists: '--title'"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("as a value"), "{}", run.stderr);
    // Subcommands and values too.
    let run = plotmill(&["heatmpa", "x.csv"]);
    assert!(
        run.stderr
            .contains("tip: a similar subcommand exists: 'heatmap'"),
        "{}",
        run.stderr
    );
    let run = plotmill(&["corr", "x.csv", "--method", "spearmann"]);
    assert!(
        run.stderr
            .contains("tip: a similar value exists: 'spearman'"),
        "{}",
        run.stderr
    );
    // Where a program to run follows `--`, the tip says so.
    let run = plotmill(&["mem", "run", "-o", "r.dat", "python3", "service.py"]);
    assert!(
        run.stderr.contains(
            "tip: the command goes after '--': plotmill mem run [OPTIONS] -- python3 ..."
        ),
        "{}",
        run.stderr
    );
    let run = plotmill(&["mem", "plot", "r.dat", "--titel", "x"]);
    assert!(
        run.stderr.contains("a similar argument exists: '--title'")
            && run.stderr.contains("try 'plotmill mem plot --help'"),
        "{}",
        run.stderr
    );
}
