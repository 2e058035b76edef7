//! `plotmill batch`: many charts, unattended.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Subcommand};
use plotmill::batch::{BatchOptions, Progress, STOP_JOURNAL, Shard, Source, Summary};
use plotmill::chart::{ChartSpec, Layout, Output};
use plotmill::engine::Limits;
use plotmill::output::Durability;
use plotmill::render::{Compression, Format};

use super::limits::{DataLimitArgs, ImageLimitArgs};
use super::values::{chart_kind, default_of, spec_enum};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  # the service's job: every CSV in a folder ->
  # <stem>_scatter_matrix.png, <stem>_correlation_heatmap.png
  plotmill batch --inputs 'incoming/*.csv' -o out/
  # a manifest, one JSON job per line, streamed; skip what a killed run
  # finished
  plotmill batch jobs.jsonl -o out/ -j 8 --resume
  # PDF charts, and every chart in one PDF, a page each in key order with
  # the keys as bookmarks
  plotmill batch --inputs 'incoming/*.csv' -o out/ --format pdf \\
      --report out/report.pdf
  # shard 3 of 64 machines sharing one output folder (Kubernetes Indexed
  # Job, Slurm array)
  plotmill batch jobs.jsonl -o shared/out --shard 3/64
  # then, once: every shard's account and failures in one
  plotmill batch merge shared/out
  # the manifest's JSON Schema
  plotmill batch --schema

A manifest line:
  {\"key\": \"k1\", \"data\": \"k1.csv\",
   \"charts\": [\"scatter-matrix\", {\"kind\": \"heatmap\", \"method\": \"spearman\"}]}

Outputs are written atomically. out/.plotmill/ holds the journal that
--resume reads; out/failures.jsonl lists each failed job with its line and
reason. Exit status: 0 all done, 1 some job failed, 2 the batch could not
run, 130/143 stopped by SIGINT/SIGTERM (finished jobs are kept; resume with
--resume).";

/// Draw many charts: a manifest of jobs, or every file matching a pattern.
#[derive(Debug, Args)]
#[command(
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub(crate) struct BatchArgs {
    #[command(subcommand)]
    command: Option<BatchCommand>,

    /// The manifest: one JSON job per line ('-' for standard input).
    #[arg(value_name = "MANIFEST", required_unless_present_any = ["inputs", "schema"])]
    manifest: Option<PathBuf>,

    /// More paths: only ever there by mistake (an unquoted --inputs pattern
    /// that the shell expanded), so that the error can say so.
    #[arg(value_name = "PATH", hide = true, num_args = 0..)]
    extra_paths: Vec<PathBuf>,

    /// One job per file matching this pattern (quote it: 'incoming/*.csv');
    /// the key is the file's stem.
    #[arg(long, value_name = "GLOB")]
    inputs: Option<String>,

    /// The charts of --inputs jobs (and of manifest jobs that name none).
    #[arg(long, value_delimiter = ',', value_parser = chart_kind(), default_values = ChartSpec::service_charts().map(|s| s.kind()))]
    charts: Vec<ChartSpec>,

    /// Image format of those charts.
    #[arg(long, value_parser = spec_enum::<Format>(), default_value = default_of(Output::default().format))]
    format: Format,

    /// Pixels per inch of those charts.
    #[arg(long, default_value_t = Output::default().dpi, value_name = "DPI")]
    dpi: f64,

    /// PNG compression of those charts.
    #[arg(long, value_parser = spec_enum::<Compression>(), default_value = default_of(Output::default().compression))]
    compression: Compression,

    /// Where the axes of those charts go: none (matplotlib's fixed margins;
    /// long names may be cut off), tight or constrained (every label on the page).
    #[arg(long, value_parser = spec_enum::<Layout>(), default_value = default_of(Layout::default()))]
    layout: Layout,

    /// The output folder (created if missing).
    #[arg(short, long, value_name = "DIR", required_unless_present = "schema")]
    output: Option<PathBuf>,

    /// Worker threads. [default: the number of cores]
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,

    /// Skip jobs that an earlier run (killed or not) finished.
    #[arg(long)]
    resume: bool,

    /// fsync every output, its folder and the journal (survives power loss).
    #[arg(long)]
    durable: bool,

    /// Take only shard INDEX of COUNT (0-based), by a stable hash of the key.
    #[arg(long, value_name = "INDEX/COUNT")]
    shard: Option<Shard>,

    /// Let data paths leave the manifest's folder.
    #[arg(long)]
    allow_outside: bool,

    /// Stop after this many failed jobs.
    #[arg(long, value_name = "N")]
    max_failures: Option<u64>,

    /// A job whose data has more numeric columns fails.
    #[arg(long, default_value_t = Limits::default().max_columns, value_name = "N", help_heading = "Limits")]
    max_columns: usize,

    #[command(flatten)]
    data_limits: DataLimitArgs,

    #[command(flatten)]
    image_limits: ImageLimitArgs,

    /// A font file for characters DejaVu Sans lacks; repeat for more.
    #[arg(long = "font", value_name = "PATH")]
    fonts: Vec<PathBuf>,

    /// Also put every chart into this PDF, one page each in key order, each
    /// key a bookmark; streamed as jobs finish, renamed into place when
    /// complete, whole after --resume (finished jobs are drawn again for it).
    #[arg(long, value_name = "FILE.pdf")]
    report: Option<PathBuf>,

    /// Write a JSON summary here (jobs, outputs, failures, time, charts/s, peak RSS).
    #[arg(long, value_name = "FILE")]
    summary_json: Option<PathBuf>,

    /// Record this run's own memory (RSS every 0.1 s) into FILE, in mprof's
    /// .dat format: `plotmill mem plot` / `mem check` read it.
    #[arg(long, value_name = "FILE")]
    mem_record: Option<PathBuf>,

    /// Print heap use by stage (parse, statistics, layout, text, raster,
    /// encode, write) at the end, counted by plotmill's allocator.
    #[arg(long)]
    mem_report: bool,

    /// Print the manifest's JSON Schema and exit.
    #[arg(long, exclusive = true)]
    schema: bool,
}

#[derive(Debug, Subcommand)]
enum BatchCommand {
    Merge(MergeArgs),
}

const MERGE_EXAMPLES: &str = "\
Examples:
  # after a Slurm array or a Kubernetes Indexed Job of
  # `plotmill batch jobs.jsonl -o shared/out --shard $I/4`:
  plotmill batch merge shared/out
  # the account for a script
  plotmill batch merge shared/out --summary-json merged.json

Writes shared/out/failures.jsonl: every shard's failures-shard-I-of-N.jsonl
in manifest order (each line says its manifest line, key and reason). Lists
the shards that have not finished (never run, running, killed or stopped
early): run those again with --resume and merge again. A manifest named
'merge' is given as ./merge. Exit status: 0 every shard finished and every
job done, 1 a job failed or a shard has not finished, 2 nothing to merge.";

/// Fold the shards of an output folder into one account and one
/// failures.jsonl.
#[derive(Debug, Args)]
#[command(after_help = MERGE_EXAMPLES)]
struct MergeArgs {
    /// The output folder the shards share (their --output).
    #[arg(value_name = "DIR")]
    output: PathBuf,

    /// Write the account as JSON here ('-' for standard output): shards,
    /// finished, unfinished, jobs, done, failed, outputs, failures_file.
    #[arg(long, value_name = "FILE")]
    summary_json: Option<PathBuf>,
}

fn merge(args: &MergeArgs, printer: Printer) -> anyhow::Result<ExitCode> {
    let m = plotmill::batch::merge(&args.output)?;
    if let Some(path) = &args.summary_json {
        let json = serde_json::to_string_pretty(&m)?;
        super::corr::write_output(path, |w| writeln!(w, "{json}"))?;
    }
    printer.note(&format!(
        "{} of {} shards finished: {} read, {} done ({}), {} failed",
        m.finished,
        m.shards,
        count(m.jobs, "job", "jobs"),
        m.done,
        count(m.outputs, "file", "files"),
        m.failed,
    ));
    for u in &m.unfinished {
        printer.warn(&format!("shard {}: {}", u.shard, u.why));
    }
    if m.failed > 0 {
        printer.warn(&format!(
            "{} job(s) failed; see {} (in manifest order, one JSON line each)",
            m.failed,
            m.failures_file.display()
        ));
    }
    if m.misplaced > 0 || m.repeated > 0 {
        printer.warn(&format!(
            "the journals list {} job(s) in a shard their key does not belong to and {} twice: runs with different --shard counts wrote here; run the shards again without --resume into a new folder",
            m.misplaced, m.repeated
        ));
    }
    Ok(if m.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

impl BatchArgs {
    fn charts(&self) -> anyhow::Result<Vec<ChartSpec>> {
        anyhow::ensure!(
            self.dpi > 0.0 && self.dpi.is_finite(),
            "--dpi {} is not a positive number",
            self.dpi
        );
        let output = Output {
            format: self.format,
            dpi: self.dpi,
            compression: self.compression,
        };
        Ok(self
            .charts
            .iter()
            .map(|spec| {
                ChartSpec {
                    output,
                    ..spec.clone()
                }
                .with_layout(self.layout)
            })
            .collect())
    }

    fn source(&self) -> anyhow::Result<Source> {
        let paths: Vec<&Path> = self
            .manifest
            .iter()
            .chain(&self.extra_paths)
            .map(PathBuf::as_path)
            .collect();
        if let Some(pattern) = &self.inputs
            && !paths.is_empty()
        {
            anyhow::bail!("{}", expanded_pattern_hint(pattern, &paths));
        }
        if let Some(manifest) = &self.manifest {
            anyhow::ensure!(
                self.extra_paths.is_empty(),
                "batch takes one manifest, got {} paths ({}); give one manifest, or every data file with --inputs 'PATTERN'",
                paths.len(),
                list_paths(&paths)
            );
            return Ok(Source::Manifest(manifest.clone()));
        }
        let pattern = self.inputs.clone().unwrap_or_default();
        let mut files = Vec::new();
        let paths = glob::glob(&pattern)
            .with_context(|| format!("--inputs '{pattern}' is not a valid pattern"))?;
        for entry in paths {
            let path = entry.with_context(|| format!("--inputs '{pattern}'"))?;
            if path.is_file() {
                files.push(path);
            }
        }
        anyhow::ensure!(
            !files.is_empty(),
            "--inputs '{pattern}' matches no file; check the pattern (quote it so the shell leaves it to plotmill)"
        );
        Ok(Source::Files { pattern, files })
    }
}

/// The error for `--inputs` followed by more paths: the shell expanded an
/// unquoted pattern into file names before plotmill saw it.
fn expanded_pattern_hint(first: &str, rest: &[&Path]) -> String {
    let all: Vec<&Path> = std::iter::once(Path::new(first))
        .chain(rest.iter().copied())
        .collect();
    // The pattern the user most likely typed: the folder and extension the
    // files share.
    let suggestion = match (all[0].parent(), all[0].extension()) {
        (Some(dir), Some(ext))
            if all
                .iter()
                .all(|p| p.parent() == Some(dir) && p.extension() == Some(ext)) =>
        {
            let dir = dir.display().to_string();
            let glob = format!("*.{}", ext.to_string_lossy());
            if dir.is_empty() {
                glob
            } else {
                format!("{dir}/{glob}")
            }
        }
        _ => "folder/*.csv".to_owned(),
    };
    format!(
        "--inputs got {} paths ({}): the shell expanded the pattern before plotmill saw it; quote it so that plotmill expands it: --inputs '{suggestion}'",
        all.len(),
        list_paths(&all)
    )
}

/// A few paths for a message, and how many more there are.
fn list_paths(paths: &[&Path]) -> String {
    let shown: Vec<String> = paths
        .iter()
        .take(3)
        .map(|p| format!("'{}'", p.display()))
        .collect();
    match paths.len() {
        n if n > 3 => format!("{}, and {} more", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}

/// `n` and the noun, singular or plural.
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(crate) fn run(args: BatchArgs, printer: Printer) -> anyhow::Result<ExitCode> {
    if let Some(BatchCommand::Merge(merge_args)) = &args.command {
        return merge(merge_args, printer);
    }
    if args.schema {
        let schema = serde_json::to_string_pretty(&plotmill::batch::manifest_schema())?;
        super::corr::write_output(Path::new("-"), |w| writeln!(w, "{schema}"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let out_dir = args.output.clone().context("--output is required")?;
    if let Some(report) = &args.report {
        anyhow::ensure!(
            plotmill::render::Format::from_path(report) == Some(Format::Pdf),
            "--report '{}': a report is a PDF; end its name in .pdf",
            report.display()
        );
    }
    // Check the fonts once here, so that workers need not report them.
    for path in &args.fonts {
        plotmill::text::FontBook::new().add_font_file(path)?;
    }
    let source = args.source()?;
    let options = BatchOptions {
        workers: args
            .jobs
            .unwrap_or_else(|| BatchOptions::new(&out_dir).workers)
            .max(1),
        out_dir,
        resume: args.resume,
        durable: args.durable,
        shard: args.shard,
        allow_outside: args.allow_outside,
        max_failures: args.max_failures,
        limits: args.image_limits.apply(args.data_limits.apply(Limits {
            max_columns: args.max_columns,
            ..Limits::default()
        })),
        charts: Some(args.charts()?),
        font_files: args.fonts.clone(),
        // Counting reads the manifest a second time: only for a progress bar.
        count_total: !printer.quiet && std::io::stderr().is_terminal(),
        report: args.report.clone(),
    };

    // SIGINT/SIGTERM ask for a clean stop (exit 130/143); a second one
    // ends the process at once.
    let stop = Arc::new(AtomicUsize::new(0));
    let asked = Arc::new(AtomicBool::new(false));
    for (signal, code) in [
        (signal_hook::consts::SIGINT, 130),
        (signal_hook::consts::SIGTERM, 143),
    ] {
        signal_hook::flag::register_conditional_shutdown(signal, code, Arc::clone(&asked))?;
        signal_hook::flag::register(signal, Arc::clone(&asked))?;
        signal_hook::flag::register_usize(signal, Arc::clone(&stop), code as usize)?;
    }

    plotmill_stage::alloc::reset();
    let progress = Progress::default();
    let show = !printer.quiet && std::io::stderr().is_terminal();
    let finished = AtomicBool::new(false);
    let recorder = match &args.mem_record {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("--mem-record: cannot write '{}'", path.display()))?;
            let command: Vec<String> = std::env::args().collect();
            Some(plotmill::mem::SampleWriter::new(
                std::io::BufWriter::new(file),
                plotmill::mem::Format::Dat,
                &command.join(" "),
            )?)
        }
        None => None,
    };
    let summary = std::thread::scope(|scope| {
        if show {
            scope.spawn(|| draw_progress(&progress, &finished));
        }
        if let Some(mut writer) = recorder {
            let finished = &finished;
            scope.spawn(move || {
                let options = plotmill::mem::RecordOptions::default();
                let pid = std::process::id();
                if let Err(e) = plotmill::mem::record(pid, &options, &mut writer, || {
                    !finished.load(Ordering::Relaxed)
                }) {
                    tracing::warn!("--mem-record stopped: {e}");
                }
            });
        }
        let summary = plotmill::batch::run(&source, &options, &progress, &stop);
        finished.store(true, Ordering::Relaxed);
        summary
    })?;

    if let Some(path) = &args.summary_json {
        let json = serde_json::to_string_pretty(&summary)?;
        let durability = if args.durable {
            Durability::Durable
        } else {
            Durability::Atomic
        };
        plotmill::output::write_atomic(path, durability, |w| writeln!(w, "{json}"))?;
    }
    report(&summary, printer);
    if let Some(path) = &args.report
        && summary.report.is_none()
    {
        printer.warn(&format!(
            "the report '{}' was not written: the run stopped early; run again with --resume to write it whole",
            path.display()
        ));
    }
    if args.mem_report {
        printer.note(plotmill_stage::alloc::report(summary.outputs, "image").trim_end());
    }
    Ok(match stop.load(Ordering::Relaxed) {
        code @ (130 | 143) => ExitCode::from(code as u8),
        STOP_JOURNAL => ExitCode::from(2),
        _ if summary.failed > 0 => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}

/// The closing lines on stderr.
fn report(s: &Summary, printer: Printer) {
    let mut line = format!(
        "{}: {} done, {} failed",
        count(s.jobs, "job", "jobs"),
        s.done,
        s.failed
    );
    if s.skipped > 0 {
        line.push_str(&format!(", {} already done (resumed)", s.skipped));
    }
    line.push_str(&format!(
        "; {} in {:.1} s ({:.0}/s)",
        count(s.outputs, "image", "images"),
        s.wall_seconds,
        s.charts_per_second
    ));
    if let Some(peak) = s.peak_rss_bytes {
        line.push_str(&format!(", peak RSS {:.1} MiB", peak as f64 / 1048576.0));
    }
    printer.note(&line);
    if let Some(path) = &s.report {
        printer.note(&format!(
            "report: {} ({})",
            path.display(),
            count(s.report_pages, "page", "pages")
        ));
    }
    if let Some(shard) = &s.shard
        && s.jobs == 0
        && s.other_shards > 0
    {
        printer.warn(&format!(
            "shard {shard} got none of the manifest's {}: each key goes to one shard by a hash of the key, and these all belong to other shards (with few jobs, many shards get none)",
            count(s.other_shards, "job", "jobs")
        ));
    } else if s.jobs == 0 && s.other_shards == 0 {
        printer.warn(&format!(
            "{} holds no job; a manifest has one JSON job per line (plotmill batch --schema)",
            s.source
        ));
    }
    if s.failed > 0 {
        printer.warn(&format!(
            "{} job(s) failed; see {} (one JSON line each, with the reason and the manifest line)",
            s.failed,
            s.failures_file.display()
        ));
    }
    if !s.missing_glyphs.is_empty() {
        printer.warn(&format!(
            "no font has a glyph for {:?}; they are drawn as boxes. Install a font that covers them or pass --font PATH",
            s.missing_glyphs
        ));
    }
    if let Some(first) = &s.first_warning {
        printer.warn(&format!(
            "{} job(s) drew with a warning (the images are drawn as asked); the first: {first}",
            s.warned
        ));
    }
    if let Some(why) = &s.stopped {
        printer.warn(&format!(
            "stopped early: {why}; run again with --resume to finish"
        ));
    }
}

fn draw_progress(progress: &Progress, finished: &AtomicBool) {
    let style = |template: &str| {
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    };
    // A total is known for --inputs, and once the manifest is counted.
    let bar = indicatif::ProgressBar::new_spinner()
        .with_style(style("{spinner} {pos} jobs · {elapsed} · {msg}"));
    let started = Instant::now();
    let mut have_total = false;
    while !finished.load(Ordering::Relaxed) {
        if !have_total && let Some(total) = progress.total() {
            bar.set_length(total);
            bar.set_style(style("{bar:30} {pos}/{len} jobs · ETA {eta} · {msg}"));
            have_total = true;
        }
        let done = progress.done.load(Ordering::Relaxed);
        let skipped = progress.skipped.load(Ordering::Relaxed);
        let failed = progress.failed.load(Ordering::Relaxed);
        let charts = progress.charts.load(Ordering::Relaxed);
        let rate = charts as f64 / started.elapsed().as_secs_f64().max(1e-3);
        let rss = plotmill::engine::proc::rss_bytes()
            .map(|b| format!(" · RSS {:.0} MiB", b as f64 / 1048576.0))
            .unwrap_or_default();
        let resumed = if skipped > 0 {
            format!(" · {skipped} resumed")
        } else {
            String::new()
        };
        bar.set_message(format!(
            "{failed} failed{resumed} · {rate:.0} charts/s{rss}"
        ));
        bar.set_position(done + skipped + failed);
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
