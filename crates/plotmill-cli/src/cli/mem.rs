//! `plotmill mem`: record a program's memory, draw it, judge it.

use std::fs::File;
use std::io::{BufWriter, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use plotmill::mem::{
    CheckOptions, Format, Metric, PlotOptions, RecordOptions, Recording, SampleWriter, Warmup,
    check, memory_chart, parse_duration, parse_growth, rate, record,
};

use super::render::parse_figsize;
use super::values::{default_of, spec_enum};
use crate::ui::Printer;
use plotmill::chart::Layout;
use plotmill::output::Durability;

const EXAMPLES: &str = "\
Examples:
  # sample a program's memory every 0.1 s
  plotmill mem run -o run.dat -- python3 service.py
  plotmill mem run --include-children --interval 0.05 -- ./worker --flag
  plotmill mem run --attach 12345 --duration 10m -o svc.dat
  # memory over time, peak and trend; two recordings side by side
  plotmill mem plot run.dat -o run.png
  plotmill mem plot before.dat after.dat -o compare.svg
  # exit 1 when it leaks
  plotmill mem check run.dat --skip-warmup 10% --max-growth 1MiB/min
  plotmill mem peak run.dat
  # which lines of code hold the memory
  plotmill mem where -o where/ -- python3 service.py

Recordings are mprof's .dat files (mprof plot reads them; plotmill reads
mprof's).";

/// Record a program's memory over time, draw it, and judge whether it leaks.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct MemArgs {
    #[command(subcommand)]
    command: MemCommand,
}

#[derive(Debug, Subcommand)]
enum MemCommand {
    Run(RunArgs),
    Plot(PlotArgs),
    Check(CheckArgs),
    Peak(PeakArgs),
    Where(super::mem_where::WhereArgs),
}

/// Run a command (or attach to a process) and record its memory.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  plotmill mem run -o run.dat -- python service.py
  plotmill mem run --multiprocess --metric pss -- make -j4
  plotmill mem run --attach 12345 --duration 10m -o svc.dat
  plotmill mem run --where where/ -o run.dat -- python service.py

Each sample is written as it is taken, so a crash of either program keeps
every sample so far. The exit status is the command's (128+N when a signal N
ended it; 127 when the command is not found). SIGTERM and SIGHUP are passed
on to the command; Ctrl-C reaches it from the terminal (plotmill passes
SIGINT on only if the command is still running a second later).

Memory: rss counts every resident page, shared ones in full, in each
process (with --include-children, pages shared between parent and children
are counted once per process). pss splits shared pages among the processes
sharing them, so a tree's total counts each page once. uss counts only the
pages a process alone maps.")]
struct RunArgs {
    /// The file to write. [default: mprofile_<YYYYMMDDhhmmss>.dat, UTC]
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// File format.
    #[arg(long, value_enum, default_value_t = FormatArg::Dat)]
    format: FormatArg,

    /// Seconds between samples.
    #[arg(long, default_value_t = 0.1, value_name = "SECONDS")]
    interval: f64,

    /// Add the memory of the command's children (and theirs) to its own.
    #[arg(long, short = 'C')]
    include_children: bool,

    /// Record each child as its own series (mprof's CHLD lines).
    #[arg(long, short = 'M')]
    multiprocess: bool,

    /// What to count.
    #[arg(long, value_enum, default_value_t = MetricArg::Rss)]
    metric: MetricArg,

    /// Record a running process instead of starting one.
    #[arg(long, value_name = "PID", conflicts_with = "command")]
    attach: Option<u32>,

    /// Stop recording after this long (90, 30s, 10m, 2h).
    #[arg(long, value_name = "TIME", value_parser = parse_duration)]
    duration: Option<f64>,

    /// Also profile where the memory is (as `plotmill mem where`) into this
    /// folder, in the same run: the time series and the sites together.
    #[arg(long = "where", value_name = "DIR", conflicts_with = "attach")]
    where_dir: Option<PathBuf>,

    /// The command and its arguments (after --).
    #[arg(
        last = true,
        value_name = "COMMAND",
        required_unless_present = "attach"
    )]
    command: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// mprof's .dat text.
    Dat,
    /// CSV: time,series,mib.
    Csv,
    /// JSON lines.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MetricArg {
    /// Resident set size (as ps, top and mprof).
    Rss,
    /// Proportional set size (shared pages split among sharers).
    Pss,
    /// Unique set size (pages only this process maps).
    Uss,
}

/// Draw recordings: memory over time, the peak marked, the trend fitted.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  plotmill mem plot run.dat -o run.png
  plotmill mem plot before.dat after.dat -o compare.svg --window 0,60")]
struct PlotArgs {
    /// Recordings (.dat, .csv, .jsonl).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// The image (.png, .svg or .pdf). [default: the first file's name with .png]
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,

    /// Only this time range, in seconds from the start: T0,T1.
    #[arg(long, value_name = "T0,T1", value_parser = parse_window)]
    window: Option<(f64, f64)>,

    /// Leave out the start when fitting the trend: a share (10%) or a time (30s).
    #[arg(long, default_value = "10%", value_name = "PART")]
    skip_warmup: Warmup,

    /// A title. [default: the recorded command]
    #[arg(long)]
    title: Option<String>,

    /// Figure size in inches, WxH.
    #[arg(long, default_value = "10x5", value_parser = parse_figsize, value_name = "WxH")]
    figsize: (f64, f64),

    /// Where the axes go: matplotlib's fixed margins, or moved so that every label fits.
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(Layout::default()))]
    layout: Layout,

    /// Pixels per inch (PNG).
    #[arg(long, default_value_t = 100.0)]
    dpi: f64,
}

/// Judge whether a recording leaks: exit 0 when flat, 1 when leaking.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  plotmill mem check run.dat
  plotmill mem check run.dat --skip-warmup 30s --max-growth 512KiB/min

The trend is a Theil-Sen fit (the median slope between pairs of samples),
which a garbage collector's sawtooth or a few wild samples do not tilt,
fitted after the warm-up. Memory leaks when the trend grows faster than
--max-growth. Exit status: 0 flat, 1 leaking, 2 the file cannot be judged.")]
struct CheckArgs {
    /// The recording.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Leave out the start: a share of the run (10%) or a time (30s).
    #[arg(long, default_value = "10%", value_name = "PART")]
    skip_warmup: Warmup,

    /// The most growth that counts as flat: 1MiB/min, 100KiB/s, 10MB/h.
    #[arg(long, default_value = "1MiB/min", value_name = "RATE", value_parser = parse_growth)]
    max_growth: f64,

    /// Which series: main, or a child's id (--multiprocess recordings).
    #[arg(long, default_value = "main", value_name = "SERIES")]
    series: String,
}

/// The peak memory of each series of recordings.
#[derive(Debug, Args)]
struct PeakArgs {
    /// Recordings.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

fn parse_window(s: &str) -> Result<(f64, f64), String> {
    let err = || format!("'{s}' is not a window; give T0,T1 in seconds, such as 0,60");
    let (a, b) = s.split_once(',').ok_or_else(err)?;
    let (a, b): (f64, f64) = (
        a.trim().parse().map_err(|_| err())?,
        b.trim().parse().map_err(|_| err())?,
    );
    if !(b > a && a.is_finite() && b.is_finite()) {
        return Err(format!("'{s}': T1 must be after T0"));
    }
    Ok((a, b))
}

pub(crate) fn run(args: MemArgs, printer: Printer) -> anyhow::Result<ExitCode> {
    match args.command {
        MemCommand::Run(a) => run_record(a, printer),
        MemCommand::Plot(a) => plot(a, printer).map(|()| ExitCode::SUCCESS),
        MemCommand::Check(a) => check_cmd(a, printer),
        MemCommand::Peak(a) => peak(a, printer).map(|()| ExitCode::SUCCESS),
        MemCommand::Where(a) => super::mem_where::run(a, printer),
    }
}

fn read(path: &Path, printer: Printer) -> anyhow::Result<Recording> {
    let r = Recording::read(path)?;
    if r.skipped > 0 {
        printer.warn(&format!(
            "{}: skipped {} line(s) that are not samples",
            path.display(),
            r.skipped
        ));
    }
    Ok(r)
}

/// `mprofile_YYYYMMDDhhmmss` for now, in UTC.
fn default_name(format: FormatArg) -> PathBuf {
    let secs = plotmill::mem::unix_now() as i64;
    let (days, rem) = (secs.div_euclid(86400), secs.rem_euclid(86400));
    let (y, m, d) = plotmill::chart::dates::civil_from_days(days);
    let ext = match format {
        FormatArg::Dat => "dat",
        FormatArg::Csv => "csv",
        FormatArg::Jsonl => "jsonl",
    };
    PathBuf::from(format!(
        "mprofile_{y:04}{m:02}{d:02}{:02}{:02}{:02}.{ext}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

fn run_record(args: RunArgs, printer: Printer) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.interval > 0.0 && args.interval.is_finite() && args.interval <= 3600.0,
        "--interval {} is not a number of seconds between 0 and 3600",
        args.interval
    );
    let options = RecordOptions {
        interval: Duration::from_secs_f64(args.interval),
        metric: match args.metric {
            MetricArg::Rss => Metric::Rss,
            MetricArg::Pss => Metric::Pss,
            MetricArg::Uss => Metric::Uss,
        },
        include_children: args.include_children,
        multiprocess: args.multiprocess,
        duration: args.duration.map(Duration::from_secs_f64),
    };
    let format = match args.format {
        FormatArg::Dat => Format::Dat,
        FormatArg::Csv => Format::Csv,
        FormatArg::Jsonl => Format::Jsonl,
    };
    let pending = Arc::new(AtomicUsize::new(0));
    for signal in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register_usize(signal, Arc::clone(&pending), signal as usize)?;
    }

    // Start (or find) the process before creating the file, so that a
    // command that cannot start leaves no file behind.
    let (pid, mut child, cmdline) = match args.attach {
        Some(pid) => {
            anyhow::ensure!(
                plotmill::mem::proc::alive(pid),
                "no process with id {pid} (or it is not readable); check the id with ps"
            );
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|b| {
                    String::from_utf8_lossy(&b)
                        .split('\0')
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_else(|_| format!("pid {pid}"));
            (pid, None, cmdline)
        }
        None => {
            let (program, rest) = args
                .command
                .split_first()
                .context("give the command to run after --")?;
            let mut command = Command::new(program);
            command.args(rest);
            if let Some(dir) = &args.where_dir {
                let resolved = super::mem_where::find_program(program).with_context(|| {
                    format!("command not found: {program}; check its name, or give its path")
                })?;
                command = Command::new(resolved);
                command.args(rest);
                super::mem_where::prepare(&mut command, program, dir, 512 * 1024, false)?;
            }
            let child = match command.spawn() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    crate::ui::error(&anyhow::anyhow!(
                        "command not found: {program}; check its name, or give its path"
                    ));
                    return Ok(ExitCode::from(127));
                }
                Err(e) => {
                    crate::ui::error(&anyhow::anyhow!("cannot run {program}: {e}"));
                    return Ok(ExitCode::from(126));
                }
            };
            (child.id(), Some(child), args.command.join(" "))
        }
    };
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| default_name(args.format));
    let file = File::create(&path).with_context(|| format!("cannot write '{}'", path.display()));
    let file = match file {
        Ok(f) => f,
        Err(e) => {
            if let Some(c) = &mut child {
                let _ = c.kill();
                let _ = c.wait();
            }
            return Err(e);
        }
    };
    let mut writer = SampleWriter::new(BufWriter::new(file), format, &cmdline)?;
    let started = Instant::now();
    let mut interrupted_at: Option<Instant> = None;
    let forward = |pid: u32, signal: i32| {
        let (Some(p), Some(s)) = (
            rustix::process::Pid::from_raw(pid as i32),
            signal_of(signal),
        ) else {
            return;
        };
        let _ = rustix::process::kill_process(p, s);
    };
    let samples = record(pid, &options, &mut writer, || {
        let signal = pending.swap(0, Ordering::Relaxed) as i32;
        match &mut child {
            Some(c) => {
                if signal == signal_hook::consts::SIGINT {
                    interrupted_at.get_or_insert_with(Instant::now);
                } else if signal != 0 {
                    forward(pid, signal);
                }
                // Ctrl-C reached the command from the terminal; if it is
                // still running a second later, it was sent to us alone.
                if interrupted_at.is_some_and(|t| t.elapsed() > Duration::from_secs(1)) {
                    forward(pid, signal_hook::consts::SIGINT);
                    interrupted_at = None;
                }
                matches!(c.try_wait(), Ok(None))
            }
            None => signal == 0,
        }
    });
    let code = match &mut child {
        Some(c) => shell_code(c.wait()?),
        None => 0,
    };
    let samples = samples.with_context(|| format!("cannot write '{}'", path.display()))?;
    printer.note(&format!(
        "recorded {samples} sample(s) over {:.1} s into {}",
        started.elapsed().as_secs_f64(),
        path.display()
    ));
    if let Some(dir) = &args.where_dir {
        super::mem_where::finish(dir, 10, printer)?;
    }
    Ok(ExitCode::from(code.clamp(0, 255) as u8))
}

/// A command's exit as a shell gives it: its code, or 128 + the signal
/// that killed it.
pub(crate) fn shell_code(status: std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(sig)) => 128 + sig,
        _ => 1,
    }
}

fn signal_of(signal: i32) -> Option<rustix::process::Signal> {
    use rustix::process::Signal;
    match signal {
        signal_hook::consts::SIGINT => Some(Signal::INT),
        signal_hook::consts::SIGTERM => Some(Signal::TERM),
        signal_hook::consts::SIGHUP => Some(Signal::HUP),
        signal_hook::consts::SIGQUIT => Some(Signal::QUIT),
        _ => None,
    }
}

fn plot(args: PlotArgs, printer: Printer) -> anyhow::Result<()> {
    let mut recordings = Vec::new();
    for f in &args.files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| f.display().to_string());
        recordings.push((name, read(f, printer)?));
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.files[0].with_extension("png"));
    let format = plotmill::Format::from_path(&output).with_context(|| {
        format!(
            "cannot tell the image format from '{}'; end the name in .png, .svg or .pdf",
            output.display()
        )
    })?;
    let options = PlotOptions {
        window: args.window,
        check: CheckOptions {
            warmup: args.skip_warmup,
            ..CheckOptions::default()
        },
        figsize: args.figsize,
        layout: args.layout,
        title: args.title.clone(),
    };
    let (chart, layout) = memory_chart(&recordings, &options);
    let mut fonts = plotmill::text::FontBook::new();
    let mut built = plotmill::chart::line_chart(&chart, &layout, &fonts)?;
    if !built.missing_glyphs.is_empty() && fonts.add_system_fallbacks(&built.missing_glyphs) > 0 {
        built = plotmill::chart::line_chart(&chart, &layout, &fonts)?;
    }
    let mut bytes = Vec::new();
    plotmill::encode(
        &built.scene,
        &fonts,
        format,
        &plotmill::RenderOptions {
            dpi: args.dpi,
            ..plotmill::RenderOptions::default()
        },
        &mut bytes,
    )?;
    plotmill::output::write_atomic(&output, Durability::Atomic, |w| w.write_all(&bytes))?;
    printer.note(&format!("wrote {}", output.display()));
    Ok(())
}

fn check_cmd(args: CheckArgs, printer: Printer) -> anyhow::Result<ExitCode> {
    let r = read(&args.file, printer)?;
    let samples = if args.series == "main" {
        &r.main
    } else {
        match r.children.iter().find(|(id, _)| *id == args.series) {
            Some((_, s)) => s,
            None => anyhow::bail!(
                "{}: no series '{}'; the series are main{}",
                args.file.display(),
                args.series,
                r.children
                    .iter()
                    .map(|(id, _)| format!(", {id}"))
                    .collect::<String>()
            ),
        }
    };
    let options = CheckOptions {
        warmup: args.skip_warmup,
        max_growth: args.max_growth,
    };
    let v =
        check(samples, &options).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let skipped = match args.skip_warmup {
        Warmup::Fraction(f) => format!("the first {:.0}% skipped as warm-up", f * 100.0),
        Warmup::Seconds(s) => format!("the first {s} s skipped as warm-up"),
    };
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    writeln!(
        out,
        "{}: {} — memory grows {} (limit {})",
        args.file.display(),
        if v.leaking { "LEAKING" } else { "flat" },
        rate(v.growth),
        rate(v.max_growth).trim_start_matches('+')
    )?;
    writeln!(
        out,
        "  Theil-Sen trend over {} samples from {:.1} s to {:.1} s ({skipped})",
        v.samples, v.from, v.to
    )?;
    writeln!(
        out,
        "  along the trend {:.1} -> {:.1} MiB; peak {:.1} MiB at {:.1} s",
        v.fitted.0, v.fitted.1, v.peak.0, v.peak.1
    )?;
    if std::io::stdout().is_terminal() {
        out.flush()?;
    }
    Ok(if v.leaking {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn peak(args: PeakArgs, printer: Printer) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for f in &args.files {
        let r = read(f, printer)?;
        let start = r.start().unwrap_or(0.0);
        let series = std::iter::once(("main".to_owned(), &r.main))
            .chain(r.children.iter().map(|(id, s)| (format!("child {id}"), s)));
        for (name, samples) in series {
            if let Some(p) = samples.iter().max_by(|a, b| a.mib.total_cmp(&b.mib)) {
                writeln!(
                    out,
                    "{}\t{name}\t{:.3} MiB\tat {:.1} s",
                    f.display(),
                    p.mib,
                    p.t - start
                )?;
            }
        }
    }
    Ok(())
}
