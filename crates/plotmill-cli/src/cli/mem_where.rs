//! `plotmill mem where`: run a program with the preload library and show
//! which lines of code hold its memory.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::Context;
use clap::{Args, Subcommand};
use plotmill::mem::parse_size;
use plotmill::mem::sites::{Views, flame_graph, human_bytes, read_views, short_frame};

use crate::ui::Printer;
use plotmill::output::Durability;

pub(crate) const EXAMPLES: &str = "\
Examples:
  plotmill mem where -o where/ -- python service.py
  plotmill mem where --native -o where/ -- ./worker --flag
  plotmill mem where --sample-every 64KiB -- python job.py
  plotmill mem where report where/ --top 20
  plotmill mem where diff before/ after/ --view growth

It writes, in the output folder: leak.svg (what was still live at the end),
growth.svg (what grew from the end of the run's first third to its end),
peak.svg (what was live at the peak) as flame graphs, the same views as
collapsed stacks (*.collapsed, which flame graph tools read), top.txt (the
table it prints), the raw profile (one <pid>.where per process) and
symbols.txt (the native frames' names, read from the files that ran).

Any dynamically linked program works (Python, C, C++, Rust): malloc and its
family, and anonymous mmap/munmap, are sampled. Python programs (3.10 or
later) show their Python lines, with --native the C frames under them too;
other programs always show their native frames, with function, file and
line from their debug information (cc -g; Rust's debug info) or else their
symbol table. The library is found next to plotmill (libplotmill_preload.so)
or at $PLOTMILL_PRELOAD.";

/// Run a command and show which lines of code hold its memory: at its
/// peak, at its end (leaks) and over its run (growth).
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, after_help = EXAMPLES)]
pub(crate) struct WhereArgs {
    #[command(subcommand)]
    report: Option<WhereCommand>,

    /// The folder for the profile and its views (created; earlier profiles
    /// in it are replaced).
    #[arg(short, long, value_name = "DIR", default_value = "where")]
    output: PathBuf,

    /// Record native frames (C, C++, Rust) under a Python program's lines
    /// too (programs that are not Python always get them).
    #[arg(long)]
    native: bool,

    /// Mean bytes between samples (a Poisson process, as tcmalloc samples):
    /// smaller is more exact and slower.
    #[arg(long, value_name = "SIZE", default_value = "512KiB", value_parser = parse_size)]
    sample_every: u64,

    /// Sites in the printed table.
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,

    /// The command to run, after --.
    #[arg(last = true, value_name = "COMMAND")]
    command: Vec<String>,
}

#[derive(Debug, Subcommand)]
enum WhereCommand {
    /// Show a saved profile's table again, and rewrite its views.
    Report(ReportArgs),
    /// Which of the program's lines hold more (or less) in one profile
    /// than in another: before and after a change.
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The earlier profile's folder.
    #[arg(value_name = "BEFORE")]
    before: PathBuf,

    /// The later profile's folder.
    #[arg(value_name = "AFTER")]
    after: PathBuf,

    /// Which view to compare: leak (live at the end), growth, or peak.
    #[arg(long, value_enum, default_value_t = View::Leak)]
    view: View,

    /// Lines in the table.
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum View {
    /// What was still live at the end.
    Leak,
    /// What grew from the end of the first third to the end.
    Growth,
    /// What was live at the peak.
    Peak,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// The folder `plotmill mem where` wrote.
    #[arg(value_name = "DIR")]
    dir: PathBuf,

    /// Sites in the table.
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,
}

pub(crate) fn run(args: WhereArgs, printer: Printer) -> anyhow::Result<ExitCode> {
    match args.report {
        Some(WhereCommand::Report(r)) => {
            report(&r.dir, r.top, printer)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(WhereCommand::Diff(d)) => {
            diff(&d)?;
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let (program, rest) = args.command.split_first().context(
        "give the command to run after --, for example: plotmill mem where -- python service.py",
    )?;
    let resolved = find_program(program).with_context(|| {
        format!("command not found: {program}; check its name, or give its path")
    })?;
    let mut command = Command::new(&resolved);
    command.args(rest);
    let out = prepare(
        &mut command,
        program,
        &args.output,
        args.sample_every,
        args.native,
    )?;
    printer.note(&format!(
        "profiling {} (one sample per {} on average){}",
        args.command.join(" "),
        human_bytes(args.sample_every),
        if args.native {
            ", native frames too"
        } else {
            ""
        }
    ));
    let status = command
        .status()
        .with_context(|| format!("cannot run {program}"))?;
    let code = super::mem::shell_code(status);
    let exit = if code > 128 && status.code().is_none() {
        format!("killed by signal {}", code - 128)
    } else {
        format!("exit {code}")
    };
    if plotmill::mem::sites::profile_files(&out).is_err() {
        anyhow::bail!(
            "{program} ran ({exit}) but left no profile in '{}': it allocated nothing, or it is statically linked or clears LD_PRELOAD",
            out.display()
        );
    }
    if status.code().is_none() {
        // Killed: what it wrote up to then is the profile.
        printer.warn(&format!(
            "{program} was {exit}; the views cover its run up to then"
        ));
    }
    finish(&out, args.top, printer)?;
    Ok(ExitCode::from(code.clamp(0, 255) as u8))
}

/// Sets `command` up to be profiled into `output` (created; earlier
/// profiles in it removed): the preload library, the rate, and Python's
/// allocator switched to malloc's. Refuses programs whose allocations
/// cannot be intercepted. Returns the folder's full path.
pub(crate) fn prepare(
    command: &mut Command,
    program: &str,
    output: &Path,
    sample_every: u64,
    native: bool,
) -> anyhow::Result<PathBuf> {
    let library = preload_library()?;
    let resolved = PathBuf::from(command.get_program());
    if let Some(why) = not_interposable(&resolved) {
        anyhow::bail!(
            "{program} ({}) {why}, so its allocations cannot be intercepted; `plotmill mem run -- {program} …` records its memory over time without that",
            resolved.display()
        );
    }
    std::fs::create_dir_all(output)
        .with_context(|| format!("cannot create '{}'", output.display()))?;
    let out = std::fs::canonicalize(output).with_context(|| format!("'{}'", output.display()))?;
    // An earlier run's profiles would mix with this one's.
    if let Ok(old) = plotmill::mem::sites::profile_files(&out) {
        for f in old {
            std::fs::remove_file(&f).with_context(|| format!("cannot remove '{}'", f.display()))?;
        }
    }
    let preload = match std::env::var("LD_PRELOAD") {
        Ok(old) if !old.is_empty() => format!("{}:{old}", library.display()),
        _ => library.display().to_string(),
    };
    command
        .env("LD_PRELOAD", preload)
        .env("PLOTMILL_WHERE_DIR", &out)
        .env("PLOTMILL_WHERE_RATE", sample_every.to_string())
        .env("PLOTMILL_WHERE_NATIVE", if native { "1" } else { "0" })
        // The library hooks Python's allocator itself; another one chosen
        // as Python starts would replace the hooks (and lose the lines).
        .env_remove("PYTHONMALLOC");
    Ok(out)
}

/// The preload library: `$PLOTMILL_PRELOAD`, or next to this executable.
fn preload_library() -> anyhow::Result<PathBuf> {
    if let Some(p) = std::env::var_os("PLOTMILL_PRELOAD") {
        let p = PathBuf::from(p);
        anyhow::ensure!(
            p.is_file(),
            "PLOTMILL_PRELOAD '{}' is not a file",
            p.display()
        );
        return Ok(p);
    }
    let exe = std::env::current_exe().context("cannot find plotmill's own path")?;
    let dir = exe.parent().context("plotmill's path has no folder")?;
    let lib = dir.join("libplotmill_preload.so");
    anyhow::ensure!(
        lib.is_file(),
        "the preload library is not next to plotmill ('{}'); build it with `cargo build --release -p plotmill-preload` (scripts/install.sh installs it), or set PLOTMILL_PRELOAD",
        lib.display()
    );
    Ok(lib)
}

/// The program's path, as the shell would find it.
pub(crate) fn find_program(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        let p = PathBuf::from(program);
        return p.is_file().then_some(p);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}

/// Why a program cannot have its allocator interposed, if it cannot: a
/// static executable (no program interpreter). Scripts (`#!`) are judged
/// by their interpreter when it runs, so they pass.
fn not_interposable(path: &Path) -> Option<&'static str> {
    use plotmill::mem::symbols::{PT_INTERP, program_headers};
    // Not a 64-bit little-endian ELF, or headers beyond what is read: let
    // it run.
    let headers = program_headers(path)?;
    // PT_INTERP: it has a dynamic loader, which honours LD_PRELOAD.
    let dynamic = headers.iter().any(|h| h.kind == PT_INTERP);
    (!dynamic).then_some("is statically linked (no dynamic loader reads LD_PRELOAD for it)")
}

/// After a profiled run: names its native frames from the files that ran
/// (saved beside the profile, so later reports show the same lines), then
/// reports.
pub(crate) fn finish(dir: &Path, top: usize, printer: Printer) -> anyhow::Result<()> {
    // The profile is read once: named in memory, the names saved for
    // later reports.
    let views = plotmill::mem::sites::read_unnamed_views(dir)?;
    let symbols = plotmill::mem::symbols::symbolize(&views.frames);
    let path = dir.join(plotmill::mem::symbols::SYMBOLS_FILE);
    if symbols.is_empty() {
        // A stale table from an earlier run would rename this run's frames.
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove '{}'", path.display())),
        }
    } else {
        let text = plotmill::mem::symbols::to_text(&symbols);
        if let Err(e) = plotmill::output::write_atomic(&path, Durability::Atomic, |w| {
            w.write_all(text.as_bytes())
        }) {
            // The table is still worth printing, with frames unnamed.
            printer.warn(&format!("{e}; native frames are left unnamed"));
        }
    }
    show(dir, &views.named(&symbols), top, printer)
}

/// Reads the profile in `dir` again and shows its views.
pub(crate) fn report(dir: &Path, top: usize, printer: Printer) -> anyhow::Result<()> {
    show(dir, &read_views(dir)?, top, printer)
}

/// Writes the views of the profile in `dir` there and prints the table.
fn show(dir: &Path, views: &Views, top: usize, printer: Printer) -> anyhow::Result<()> {
    for w in &views.warnings {
        printer.warn(w);
    }
    let table = table(views, top);
    // The table first: on a full disk the user still gets the answer.
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(table.as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write the table")?;
    drop(stdout);
    let write = |name: &str, text: &str| {
        plotmill::output::write_atomic(&dir.join(name), Durability::Atomic, |w| {
            w.write_all(text.as_bytes())
        })
    };
    for (name, view, title) in [
        ("leak", &views.leak, "Still live at the end (leak view)"),
        (
            "growth",
            &views.growth,
            "Grew from the end of the first third to the end",
        ),
        ("peak", &views.peak, "Live at the peak"),
    ] {
        write(&format!("{name}.svg"), &flame_graph(views, view, title))?;
        write(&format!("{name}.collapsed"), &views.collapsed(view))?;
    }
    write("top.txt", &table)?;
    printer.note(&format!(
        "wrote {0}/leak.svg, growth.svg, peak.svg (flame graphs), *.collapsed and top.txt",
        dir.display()
    ));
    Ok(())
}

/// Prints, for the program's own lines, the bytes of `view` in `after`
/// minus those in `before`, largest changes first.
fn diff(d: &DiffArgs) -> anyhow::Result<()> {
    let (a, b) = (read_views(&d.before)?, read_views(&d.after)?);
    let pick = |v: &Views| match d.view {
        View::Leak => v.leak.clone(),
        View::Growth => v.growth.clone(),
        View::Peak => v.peak.clone(),
    };
    let bytes_by_line = |v: &Views| -> std::collections::HashMap<String, u64> {
        v.top_own(&pick(v), usize::MAX)
            .into_iter()
            .map(|s| (s.frame, s.bytes))
            .collect()
    };
    let (before, after) = (bytes_by_line(&a), bytes_by_line(&b));
    let mut lines: Vec<(&String, i128)> = after
        .keys()
        .chain(before.keys())
        .map(|k| {
            let change = i128::from(after.get(k).copied().unwrap_or(0))
                - i128::from(before.get(k).copied().unwrap_or(0));
            (k, change)
        })
        .collect();
    lines.sort_by(|x, y| y.1.abs().cmp(&x.1.abs()).then_with(|| x.0.cmp(y.0)));
    lines.dedup_by(|x, y| x.0 == y.0);
    let total = |m: &std::collections::HashMap<String, u64>| m.values().sum::<u64>();
    let mut out = format!(
        "{} view: {} before, {} after\n",
        match d.view {
            View::Leak => "leak",
            View::Growth => "growth",
            View::Peak => "peak",
        },
        human_bytes(total(&before)),
        human_bytes(total(&after))
    );
    for (line, change) in lines.into_iter().filter(|(_, c)| *c != 0).take(d.top) {
        let sign = if change > 0 { "+" } else { "−" };
        out.push_str(&format!(
            "  {sign}{:>10}  {line}\n",
            human_bytes(u64::try_from(change.unsigned_abs()).unwrap_or(u64::MAX))
        ));
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write the table")?;
    Ok(())
}

/// The printed report: totals, then the top sites of the leak, growth and
/// peak views.
fn table(v: &Views, top: usize) -> String {
    let mut out = String::new();
    let secs = v.duration_ms as f64 / 1000.0;
    out.push_str(&format!(
        "{} process{}, {:.1} s, {} samples (one per {} on average), {} allocated in all\n",
        v.processes,
        if v.processes == 1 { "" } else { "es" },
        secs,
        v.samples,
        human_bytes(v.rate),
        human_bytes(v.allocated),
    ));
    let sum = |m: &std::collections::BTreeMap<Vec<u32>, u64>| m.values().sum::<u64>();
    out.push_str(&format!(
        "peak {} at {:.1} s; still live at the end {}; grew {} from the end of the first third\n",
        human_bytes(v.peak_bytes),
        v.peak_ms as f64 / 1000.0,
        human_bytes(sum(&v.leak)),
        human_bytes(sum(&v.growth)),
    ));
    let line = |out: &mut String, s: &plotmill::mem::sites::Site| {
        out.push_str(&format!(
            "  {:>10}  {:>5.1}%  {}{}\n",
            human_bytes(s.bytes),
            s.share * 100.0,
            short_frame(&s.frame),
            s.caller
                .as_ref()
                .map(|c| format!("  ← {}", short_frame(c)))
                .unwrap_or_default()
        ));
    };
    for (title, view) in [
        ("still live at the end", &v.leak),
        ("grew over the run", &v.growth),
    ] {
        let own = v.top_own(view, top);
        if !own.is_empty() {
            out.push_str(&format!("\nYour code's lines under what {title}:\n"));
            for s in &own {
                line(&mut out, s);
            }
        }
    }
    for (title, view) in [
        ("Still live at the end (leaks), by allocating line", &v.leak),
        ("Grew over the run, by allocating line", &v.growth),
        ("Live at the peak, by allocating line", &v.peak),
    ] {
        out.push_str(&format!("\n{title}:\n"));
        let sites = v.top(view, top);
        if sites.is_empty() {
            out.push_str("  (nothing)\n");
        }
        for s in &sites {
            line(&mut out, s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512KiB"), Ok(524288));
        assert_eq!(parse_size("1MiB"), Ok(1048576));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn static_programs_are_told_apart() {
        // This test binary is dynamically linked (std links glibc).
        let me = std::env::current_exe().unwrap();
        assert_eq!(not_interposable(&me), None);
        // A script passes; its interpreter is judged when it runs.
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("s.sh");
        std::fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
        assert_eq!(not_interposable(&script), None);
    }
}
