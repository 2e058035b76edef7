//! The batch engine: a streaming reader, a bounded queue, N workers with
//! their own buffers, and one collector that keeps the journal.

use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use plotmill_chart::ChartSpec;
use plotmill_data::{CsvOptions, Table, parse_delimiter, read_csv_path};
use plotmill_engine::output::Durability;
use plotmill_engine::pool::{Pool, Worker, WorkerConfig};
use plotmill_engine::{Fault, KEEP_BYTES, Limits, RenderError, Renderer, hash, inline_table};
use plotmill_render::FontTable;
use plotmill_scene::Scene;
use serde::{Deserialize, Serialize};

use crate::job::{ChartEntry, DataSpec, Job};
use crate::journal::{Done, Journal, JournalError};
use crate::paths::{RunFiles, STATE_DIR, resolve_input};
use crate::report::{Pages, Report};
use crate::shard::{ClaimError, Shard, ShardCountError, claim_count};
use crate::sink::Sink;

/// The longest manifest line read (inline data included).
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// `stop` values the engine sets itself. Callers set others (such as 130
/// for SIGINT) to ask for a clean stop.
pub const STOP_MAX_FAILURES: usize = 1;
/// The journal could not be written: nothing more can be recorded.
pub const STOP_JOURNAL: usize = 2;

/// Where the jobs come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A JSON-lines manifest, one job per line (`-` for standard input).
    Manifest(PathBuf),
    /// Data files (from `--inputs GLOB`), each one job keyed by its stem.
    Files {
        /// The pattern, for messages and the journal.
        pattern: String,
        /// The files, in order.
        files: Vec<PathBuf>,
    },
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The output folder (created if missing).
    pub out_dir: PathBuf,
    /// Worker threads.
    pub workers: usize,
    /// Skip the jobs an earlier run finished.
    pub resume: bool,
    /// fsync each output, its folder and the journal.
    pub durable: bool,
    /// Only this shard's jobs.
    pub shard: Option<Shard>,
    /// Let data paths leave the manifest's folder.
    pub allow_outside: bool,
    /// Stop after this many failed jobs.
    pub max_failures: Option<u64>,
    /// Per-job limits.
    pub limits: Limits,
    /// The charts of jobs that name none (and of `Files` jobs). Default:
    /// the service's two.
    pub charts: Option<Vec<ChartSpec>>,
    /// Extra font files, for every worker.
    pub font_files: Vec<PathBuf>,
    /// Count the manifest's lines in the background, for a progress total.
    pub count_total: bool,
    /// Also write every chart into this PDF, a page each in key order
    /// (written atomically; complete after `--resume` too).
    pub report: Option<PathBuf>,
}

impl BatchOptions {
    /// How outputs (and the report) are written: flushed to the disk with
    /// `durable`.
    fn durability(&self) -> Durability {
        if self.durable {
            Durability::Durable
        } else {
            Durability::Atomic
        }
    }

    /// Defaults for an output folder: one worker per core, nothing else.
    pub fn new(out_dir: impl Into<PathBuf>) -> Self {
        BatchOptions {
            out_dir: out_dir.into(),
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            resume: false,
            durable: false,
            shard: None,
            allow_outside: false,
            max_failures: None,
            limits: Limits::default(),
            charts: None,
            font_files: Vec::new(),
            count_total: false,
            report: None,
        }
    }
}

/// Live counters, for a progress display; read them from any thread.
#[derive(Debug)]
pub struct Progress {
    total: AtomicU64,
    /// Jobs finished in this run.
    pub done: AtomicU64,
    /// Jobs skipped because an earlier run finished them.
    pub skipped: AtomicU64,
    /// Jobs that failed.
    pub failed: AtomicU64,
    /// Images written.
    pub charts: AtomicU64,
    /// Jobs read that belong to other shards (with `--shard`).
    pub other_shards: AtomicU64,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            total: AtomicU64::new(u64::MAX),
            done: AtomicU64::new(0),
            skipped: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            charts: AtomicU64::new(0),
            other_shards: AtomicU64::new(0),
        }
    }
}

impl Progress {
    /// How many jobs there are, once known.
    pub fn total(&self) -> Option<u64> {
        match self.total.load(Ordering::Relaxed) {
            u64::MAX => None,
            n => Some(n),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    /// Where the jobs came from.
    pub source: String,
    /// The output folder.
    pub output: PathBuf,
    /// This run's shard, as `i/n`.
    pub shard: Option<String>,
    /// Jobs of this shard that were read.
    pub jobs: u64,
    /// Jobs that were read and left to other shards (with `shard`).
    pub other_shards: u64,
    /// Jobs finished in this run.
    pub done: u64,
    /// Jobs an earlier run had finished.
    pub skipped: u64,
    /// Jobs that failed (listed in the failures file).
    pub failed: u64,
    /// Images written.
    pub outputs: u64,
    /// The failures file.
    pub failures_file: PathBuf,
    /// Wall time, seconds.
    pub wall_seconds: f64,
    /// Images per second of wall time.
    pub charts_per_second: f64,
    /// The process's peak resident memory, bytes (Linux).
    pub peak_rss_bytes: Option<u64>,
    /// Characters no font had (drawn as boxes).
    pub missing_glyphs: String,
    /// Jobs drawn with a warning (hue levels sharing a colour because the
    /// palette repeats), and the first such job's key and warning.
    pub warned: u64,
    /// The first warning, `key: warning`.
    pub first_warning: Option<String>,
    /// Why the run stopped early, if it did.
    pub stopped: Option<String>,
    /// The report, if one was asked for and written (a run stopped early
    /// leaves it as it was).
    pub report: Option<PathBuf>,
    /// Its pages.
    pub report_pages: u64,
}

/// Why a batch could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The worker threads could not be started.
    #[error(
        "cannot start the worker threads: {error}; lower -j or raise the process limit (ulimit -u)"
    )]
    Workers {
        /// Why.
        error: io::Error,
    },
    /// The output folder could not be prepared.
    #[error("output folder '{}': {error}; check that it can be created and written", path.display())]
    OutDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
    /// The manifest could not be read.
    #[error("manifest '{}': {error}", path.display())]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
    /// The journal could not be used.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// The output folder is split into another number of shards.
    #[error(transparent)]
    ShardCount(#[from] ShardCountError),
    /// The output folder's record of its shard count cannot be read.
    #[error("{0}")]
    ShardFile(String),
    /// The report could not be written (the message says whether the
    /// charts' own files were).
    #[error("{0}")]
    Report(String),
    /// The failures file could not be written.
    #[error("failures file '{}': {error}", path.display())]
    Failures {
        /// The file.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
}

/// A job on its way to a worker.
#[derive(Debug)]
struct Item {
    line: u64,
    /// Its place among the jobs handed to the workers (the report's order).
    seq: u64,
    /// Drawn for the report only: an earlier run wrote its outputs.
    report_only: bool,
    job: Job,
    outputs: Vec<PathBuf>,
    /// The manifest line, for the failures file.
    text: String,
}

/// What drawing a job's charts found to tell the user.
#[derive(Debug, Default)]
struct Notes {
    /// Characters no font had.
    missing: Vec<char>,
    /// The charts' warnings.
    warnings: Vec<String>,
}

/// A job's end.
#[derive(Debug)]
enum Outcome {
    Done {
        line: u64,
        seq: u64,
        report_only: bool,
        key: String,
        outputs: Vec<PathBuf>,
        notes: Notes,
        pages: Option<Pages>,
    },
    Failed {
        line: u64,
        /// Its place among the jobs handed to the workers, if it was.
        seq: Option<u64>,
        key: Option<String>,
        /// What kind of fault, for programs.
        kind: Fault,
        error: String,
        /// The option at fault, as the manifest names it
        /// (`charts[0].figsize`), when one is.
        field: Option<String>,
        text: String,
    },
}

/// Why a job failed: the kind of fault, the message, and the option at
/// fault when one is (as failures.jsonl says them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What kind of fault, in the HTTP service's words.
    pub kind: Fault,
    /// The message, naming the chart and option or the data's file and line.
    pub error: String,
    /// The option at fault as a manifest names it (`charts[0].figsize`).
    pub field: Option<String>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error)
    }
}

impl std::error::Error for Failure {}

/// One job drawn by [`draw_job`].
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// Each chart's output name (relative to the output folder, as the
    /// job's template gives it) and its bytes, in the job's order.
    pub outputs: Vec<(PathBuf, Vec<u8>)>,
    /// The charts' warnings (`charts[1] (heatmap): ...`).
    pub warnings: Vec<String>,
    /// Characters no font had (drawn as boxes).
    pub missing_glyphs: Vec<char>,
}

/// Draws one job as [`run`] draws it — the same checks, names and bytes —
/// for programs that schedule jobs themselves (a Dask task, a queue's
/// worker). `job` is parsed ([`Job::parse`]) and has its charts
/// ([`Job::or_charts`]); `table` is its data when the caller has read it,
/// else the job's `data` is read (a path relative to `base`, kept inside
/// it unless `options.allow_outside`). Nothing is written: the caller
/// writes the outputs (atomically) under its output folder.
pub fn draw_job(
    job: &Job,
    table: Option<&Table>,
    options: &BatchOptions,
    base: Option<&Path>,
    renderer: &mut Renderer,
) -> Result<Drawn, Failure> {
    let names = job.outputs().map_err(|e| Failure {
        kind: e.fault(),
        error: e.to_string(),
        field: e.field(),
    })?;
    let loaded;
    let table = match table {
        Some(t) => {
            check_limits(t, options)?;
            t
        }
        None => {
            loaded = load_job_table(job, options, base)?;
            &loaded
        }
    };
    let mut buffers = Vec::new();
    let (notes, _) = draw_charts(job, table, options, renderer, &mut buffers, true)?;
    Ok(Drawn {
        outputs: names.into_iter().zip(buffers).collect(),
        warnings: notes.warnings,
        missing_glyphs: notes.missing,
    })
}

impl Failure {
    fn new(kind: Fault, error: String) -> Self {
        Failure {
            kind,
            error,
            field: None,
        }
    }
}

/// A failures.jsonl line.
#[derive(Serialize)]
struct FailureLine<'a> {
    line: u64,
    key: Option<&'a str>,
    kind: Fault,
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    job: &'a str,
}

/// The failures file names at most this much of a manifest line.
const FAILURE_TEXT_BYTES: usize = 4096;

/// Runs a batch. Returns when every job is done or failed, or when `stop`
/// becomes non-zero (checked before each job; jobs in flight finish).
pub fn run(
    source: &Source,
    options: &BatchOptions,
    progress: &Progress,
    stop: &AtomicUsize,
) -> Result<Summary, BatchError> {
    let started = Instant::now();
    let out_dir = &options.out_dir;
    let out_err = |error| BatchError::OutDir {
        path: out_dir.clone(),
        error,
    };
    let suffix = options.shard.map(|s| s.suffix()).unwrap_or_default();
    // The jobs' reader, and what identifies the manifest for --resume.
    let (mut lines, fingerprint, base, description) = open_source(source)?;
    let state = out_dir.join(STATE_DIR);
    std::fs::create_dir_all(&state).map_err(out_err)?;
    if let Some(shard) = options.shard {
        claim_count(out_dir, &state, shard).map_err(|e| match e {
            ClaimError::Count(e) => BatchError::ShardCount(e),
            e @ ClaimError::Unreadable(_) => BatchError::ShardFile(e.to_string()),
            ClaimError::Io(e) => out_err(e),
        })?;
    }
    let files = RunFiles::new(out_dir, &suffix);
    let (mut journal, done) = Journal::open(
        &files.journal,
        &description,
        &fingerprint,
        options.resume,
        options.durable,
    )?;
    if !done.is_empty() {
        tracing::info!("resuming: {} jobs were finished before", done.len());
    }
    // The summary of the last run that ended, for `plotmill batch merge`:
    // gone while this one runs, so that a run killed before its end leaves
    // none to be taken for a finished one.
    let summary_path = files.summary;
    match std::fs::remove_file(&summary_path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(out_err(e)),
        _ => {}
    }
    // (And what a run killed while writing it left.)
    plotmill_engine::output::sweep_stale_temps(&summary_path);
    // Temporary files of a run that was killed are this shard's (the
    // journal's lock says no other run of it is alive): remove them.
    let tmp_dir = state.join(format!("tmp{suffix}"));
    if tmp_dir.exists() {
        std::fs::remove_dir_all(&tmp_dir).map_err(out_err)?;
    }
    std::fs::create_dir_all(&tmp_dir).map_err(out_err)?;
    let failures_path = files.failures;
    let failures_file = File::create(&failures_path).map_err(|error| BatchError::Failures {
        path: failures_path.clone(),
        error,
    })?;

    if let Source::Files { files, .. } = source {
        progress.total.store(files.len() as u64, Ordering::Relaxed);
    }
    let mut report = match &options.report {
        Some(path) => Some(Report::create(path, options.durability()).map_err(|e| {
            BatchError::Report(format!(
                "report '{}': {e}; give a path whose folder can be created and written",
                path.display()
            ))
        })?),
        None => None,
    };
    let workers = options.workers.max(1);
    let (result_tx, result_rx) = sync_channel::<Outcome>(workers * 4);
    let pool = start_workers(options, base.clone(), &tmp_dir, result_tx.clone())
        .map_err(|error| BatchError::Workers { error })?;
    let default_charts: Vec<ChartEntry> = match &options.charts {
        Some(c) => c.iter().cloned().map(ChartEntry).collect(),
        None => crate::job::default_charts(),
    };

    let mut seen = 0u64;
    let collected = std::thread::scope(|scope| {
        if options.count_total
            && options.shard.is_none()
            && let Source::Manifest(path) = source
            && path != Path::new("-")
        {
            scope.spawn(|| {
                if let Ok(n) = count_lines(path) {
                    progress.total.store(n, Ordering::Relaxed);
                }
            });
        }
        let collector = {
            let journal = &mut journal;
            let report = report.as_mut();
            let failures_path = &failures_path;
            scope.spawn(move || {
                collect(
                    result_rx,
                    journal,
                    report,
                    failures_file,
                    failures_path,
                    options,
                    progress,
                    stop,
                )
            })
        };
        // The reader: this thread.
        let read = read_jobs(
            &mut lines,
            source,
            options,
            &done,
            &default_charts,
            progress,
            stop,
            &pool,
            &result_tx,
            &mut seen,
        );
        // Every queued job drawn, then the collector hears the end.
        pool.finish();
        drop(result_tx);
        let collected = collector.join();
        (read, collected)
    });
    let (read, collected) = collected;
    read?;
    let (
        Collected {
            missing,
            warned,
            first_warning,
        },
        failures_error,
    ) = match collected {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    if let Some(e) = failures_error {
        return Err(e);
    }
    // A run stopped early does not replace the report with part of one
    // (dropped, its temporary file goes): --resume writes it whole.
    let stopped_early = stop.load(Ordering::Relaxed) != 0;
    let report_pages = match report {
        Some(r) if !stopped_early => r
            .finish()
            .map_err(|e| BatchError::Report(format!("{e}; the charts' own files are written")))?,
        _ => 0,
    };
    // A finished run leaves no temporary folder behind.
    let _ = std::fs::remove_dir(&tmp_dir);

    let wall = started.elapsed().as_secs_f64();
    let outputs = progress.charts.load(Ordering::Relaxed);
    let stopped = match stop.load(Ordering::Relaxed) {
        0 => None,
        STOP_MAX_FAILURES => Some("--max-failures reached".to_owned()),
        STOP_JOURNAL => Some("the journal could not be written".to_owned()),
        130 => Some("interrupted (SIGINT)".to_owned()),
        143 => Some("terminated (SIGTERM)".to_owned()),
        n => Some(format!("stopped ({n})")),
    };
    let summary = Summary {
        source: description,
        output: out_dir.clone(),
        shard: options.shard.map(|s| s.to_string()),
        jobs: seen,
        other_shards: progress.other_shards.load(Ordering::Relaxed),
        done: progress.done.load(Ordering::Relaxed),
        skipped: progress.skipped.load(Ordering::Relaxed),
        failed: progress.failed.load(Ordering::Relaxed),
        outputs,
        failures_file: failures_path,
        wall_seconds: wall,
        charts_per_second: if wall > 0.0 {
            outputs as f64 / wall
        } else {
            0.0
        },
        peak_rss_bytes: plotmill_engine::proc::peak_rss_bytes(),
        missing_glyphs: missing.into_iter().collect(),
        warned,
        first_warning,
        stopped,
        report: options.report.clone().filter(|_| !stopped_early),
        report_pages,
    };
    let json = serde_json::to_vec_pretty(&summary).unwrap_or_default();
    plotmill_engine::output::write_atomic(&summary_path, options.durability(), |w| {
        w.write_all(&json)
    })
    .map_err(|e| out_err(e.error))?;
    Ok(summary)
}

/// Lines of jobs: from a manifest, or made up from a file list.
enum Lines {
    Manifest(Box<dyn BufRead + Send>),
    Files(std::vec::IntoIter<PathBuf>),
}

type Opened = (Lines, String, Option<PathBuf>, String);

fn open_source(source: &Source) -> Result<Opened, BatchError> {
    match source {
        Source::Files { pattern, files } => Ok((
            Lines::Files(files.clone().into_iter()),
            String::new(),
            None,
            pattern.clone(),
        )),
        Source::Manifest(path) => {
            let fail = |error| BatchError::Manifest {
                path: path.clone(),
                error,
            };
            let (reader, base): (Box<dyn Read + Send>, PathBuf) = if path == Path::new("-") {
                (Box::new(io::stdin()), PathBuf::from("."))
            } else {
                let file = File::open(path).map_err(fail)?;
                if file.metadata().map_err(fail)?.is_dir() {
                    return Err(fail(io::Error::new(
                        io::ErrorKind::IsADirectory,
                        "is a folder; give a JSON-lines file, or --inputs 'folder/*.csv'",
                    )));
                }
                let base = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                (Box::new(file), base)
            };
            // The manifest's first 64 KiB identify it for --resume (lines
            // appended later do not change it).
            let mut head = Vec::new();
            let mut reader = reader;
            (&mut reader)
                .take(64 << 10)
                .read_to_end(&mut head)
                .map_err(fail)?;
            let fingerprint = format!("{:016x}", hash(&head));
            let chained = io::Cursor::new(head).chain(reader);
            Ok((
                Lines::Manifest(Box::new(BufReader::with_capacity(64 << 10, chained))),
                fingerprint,
                Some(base),
                path.display().to_string(),
            ))
        }
    }
}

fn count_lines(path: &Path) -> io::Result<u64> {
    let mut file = File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let got = file.read(&mut buf)?;
        if got == 0 {
            return Ok(n);
        }
        n += buf[..got].iter().filter(|&&b| b == b'\n').count() as u64;
    }
}

/// Reads jobs and hands them to the workers; jobs that cannot even be
/// parsed go straight to the collector.
#[allow(clippy::too_many_arguments)]
fn read_jobs(
    lines: &mut Lines,
    source: &Source,
    options: &BatchOptions,
    done: &Done,
    default_charts: &[ChartEntry],
    progress: &Progress,
    stop: &AtomicUsize,
    work: &Pool<Item>,
    results: &SyncSender<Outcome>,
    seen: &mut u64,
) -> Result<(), BatchError> {
    // Jobs handed to the workers, in order.
    let dispatched = &mut 0u64;
    let manifest_error = |error| BatchError::Manifest {
        path: match source {
            Source::Manifest(p) => p.clone(),
            Source::Files { pattern, .. } => PathBuf::from(pattern),
        },
        error,
    };
    let mut keys_seen: HashSet<String> = HashSet::new();
    let mut manifest_keys = KeyLines::default();
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        if stop.load(Ordering::Relaxed) != 0 {
            return Ok(());
        }
        line += 1;
        let (text, parsed) = match lines {
            Lines::Files(files) => {
                let Some(path) = files.next() else {
                    return Ok(());
                };
                let text = path.display().to_string();
                let key = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let job = Job {
                    key: key.clone(),
                    data: DataSpec::Path(text.clone()),
                    charts: Some(default_charts.to_vec()),
                    output: None,
                };
                // Every file's key must differ, or outputs would collide.
                let parsed = if keys_seen.insert(key.clone()) {
                    Ok(job)
                } else {
                    Err((
                        Some(key.clone()),
                        Failure::new(
                            Fault::Request,
                            format!(
                                "key '{key}' (the file's stem) is also the key of an earlier file; outputs would collide, so rename one of them"
                            ),
                        ),
                    ))
                };
                (text, parsed)
            }
            Lines::Manifest(reader) => {
                buf.clear();
                let n = reader
                    .by_ref()
                    .take(MAX_LINE_BYTES as u64 + 1)
                    .read_until(b'\n', &mut buf)
                    .map_err(manifest_error)?;
                if n == 0 {
                    return Ok(());
                }
                if buf.len() > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
                    reader.skip_until(b'\n').map_err(manifest_error)?;
                    let error = format!(
                        "the line is longer than {} MiB; put large data in a CSV file and give its path",
                        MAX_LINE_BYTES >> 20
                    );
                    *seen += 1;
                    let _ = results.send(Outcome::Failed {
                        line,
                        seq: None,
                        key: None,
                        kind: Fault::Request,
                        error,
                        text: String::from_utf8_lossy(&buf[..FAILURE_TEXT_BYTES]).into_owned(),
                        field: None,
                    });
                    continue;
                }
                let text = String::from_utf8_lossy(&buf).trim_end().to_owned();
                if text.trim().is_empty() {
                    continue;
                }
                let parsed = match std::str::from_utf8(&buf) {
                    Err(e) => Err((
                        None,
                        Failure::new(
                            Fault::Request,
                            format!("not UTF-8 (byte {} of the line)", e.valid_up_to() + 1),
                        ),
                    )),
                    Ok(s) => Job::parse(s)
                        .map_err(|e| {
                            let failure = Failure {
                                kind: e.fault(),
                                error: e.to_string(),
                                field: e.field(),
                            };
                            (key_of(s), failure)
                        })
                        .map(|mut job| {
                            job.or_charts(default_charts);
                            job
                        }),
                };
                (text, parsed)
            }
        };
        // A job goes to one shard by its key; a line without a readable
        // key is reported by shard 0 only, so it is reported once.
        let mine = |key: Option<&str>| match (options.shard, key) {
            (None, _) => true,
            (Some(s), Some(k)) => s.contains(k),
            (Some(s), None) => s.index == 0,
        };
        let job = match parsed {
            Ok(job) => job,
            Err((key, failure)) => {
                if mine(key.as_deref()) {
                    *seen += 1;
                    let _ = results.send(Outcome::Failed {
                        line,
                        seq: None,
                        key,
                        kind: failure.kind,
                        error: failure.error,
                        text: truncated(text),
                        field: failure.field,
                    });
                }
                continue;
            }
        };
        if !mine(Some(&job.key)) {
            progress.other_shards.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        *seen += 1;
        // A key names the job's outputs: a later job with the same key
        // would overwrite the earlier one's files. (A file's key is
        // checked above; a duplicate lands in the same shard, by its key.)
        if matches!(lines, Lines::Manifest(_))
            && let Some(first) = manifest_keys.first_line(&job.key, line)
        {
            let _ = results.send(Outcome::Failed {
                line,
                seq: None,
                key: Some(job.key.clone()),
                kind: Fault::Request,
                error: format!(
                    "key '{}' is also the key of line {first}; keys name the outputs, so this job would overwrite that one's files: give each job its own key",
                    job.key
                ),
                text: truncated(text),
                field: None,
            });
            continue;
        }
        // A job an earlier run finished is skipped, or drawn again for
        // the report alone.
        let report_only = options.resume && done.contains(line, &job.key);
        if report_only {
            progress.skipped.fetch_add(1, Ordering::Relaxed);
            if options.report.is_none() {
                continue;
            }
        }
        let outputs = match job.outputs() {
            Ok(o) => o,
            Err(e) => {
                let _ = results.send(Outcome::Failed {
                    line,
                    seq: None,
                    key: Some(job.key),
                    kind: e.fault(),
                    error: e.to_string(),
                    text: truncated(text),
                    field: None,
                });
                continue;
            }
        };
        let seq = *dispatched;
        *dispatched += 1;
        if work
            .send(Item {
                line,
                seq,
                report_only,
                job,
                outputs,
                text: truncated(text),
            })
            .is_err()
        {
            return Ok(());
        }
    }
}

/// Recent manifest keys, to catch a key given twice in bounded memory: a
/// fixed table of [`KEY_SLOTS`] slots (1.5 MiB, written through when made,
/// so the batch's memory stays flat), each holding the 128-bit hash of
/// the last key that fell in it and its line. A key is always compared
/// whole-hash (two different keys share a hash with odds of about 1 in
/// 10^20 for ten million jobs), so nothing is ever refused wrongly; a
/// repeat is caught unless other keys fell in its slot between the two
/// lines: always for neighbours in practice, with odds
/// `exp(-distance / 65536)` for lines farther apart.
struct KeyLines(Vec<[u64; 3]>);

/// Slots of [`KeyLines`].
const KEY_SLOTS: usize = 1 << 16;

impl Default for KeyLines {
    fn default() -> Self {
        // vec! of zeros would be mapped lazily and grow the RSS as slots
        // are first written; fill it now.
        let mut slots = Vec::with_capacity(KEY_SLOTS);
        slots.resize(KEY_SLOTS, [0, 0, u64::MAX]);
        KeyLines(slots)
    }
}

impl KeyLines {
    /// The line that had `key` before, if the table still holds it; else
    /// `key` is recorded as `line`'s.
    fn first_line(&mut self, key: &str, line: u64) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let half = |salt: u8| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            salt.hash(&mut h);
            key.hash(&mut h);
            h.finish()
        };
        let (a, b) = (half(0), half(1));
        let slot = &mut self.0[(a as usize) % KEY_SLOTS];
        if slot[0] == a && slot[1] == b && slot[2] != u64::MAX {
            return Some(slot[2]);
        }
        *slot = [a, b, line];
        None
    }
}

fn key_of(line: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    v.get("key")?.as_str().map(str::to_owned)
}

fn truncated(mut text: String) -> String {
    if text.len() > FAILURE_TEXT_BYTES {
        let mut end = FAILURE_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// A worker's own state: its writer and its charts' buffers.
type WorkerState = (Sink, Vec<Vec<u8>>);

/// The pool of workers: each takes a job, draws its charts, writes them and
/// tells the collector. A bug in drawing one job must not end the batch: it
/// fails that job, and the worker goes on with fresh state.
fn start_workers(
    options: &BatchOptions,
    base: Option<PathBuf>,
    tmp_dir: &Path,
    results: SyncSender<Outcome>,
) -> io::Result<Pool<Item>> {
    let config = WorkerConfig {
        font_files: options.font_files.clone(),
        limits: options.limits.clone(),
    };
    let shared = Arc::new(options.clone());
    let (out_dir, tmp_dir) = (options.out_dir.clone(), tmp_dir.to_path_buf());
    let durability = options.durability();
    let workers = options.workers.max(1);
    Pool::start(
        "batch",
        workers,
        workers * 2,
        config,
        move |worker| {
            (
                Sink::new(&out_dir, &tmp_dir, durability, worker),
                Vec::new(),
            )
        },
        move |worker: &mut Worker<WorkerState>, item: Item| {
            let drawn = worker.guard(|renderer, (sink, buffers)| {
                job(&item, &shared, base.as_deref(), renderer, sink, buffers)
            });
            let outcome = match drawn {
                Ok(Ok((notes, pages))) => Outcome::Done {
                    line: item.line,
                    seq: item.seq,
                    report_only: item.report_only,
                    key: item.job.key,
                    outputs: item.outputs,
                    notes,
                    pages,
                },
                Ok(Err(failure)) => Outcome::Failed {
                    line: item.line,
                    seq: Some(item.seq),
                    key: Some(item.job.key),
                    kind: failure.kind,
                    error: failure.error,
                    text: item.text,
                    field: failure.field,
                },
                Err(panic) => Outcome::Failed {
                    line: item.line,
                    seq: Some(item.seq),
                    key: Some(item.job.key),
                    kind: Fault::Internal,
                    error: panic.to_string(),
                    text: item.text,
                    field: None,
                },
            };
            // The collector is gone only when the run is ending.
            let _ = results.send(outcome);
        },
    )
}

/// One job: its data, its charts into buffers, then every output written.
fn job(
    item: &Item,
    options: &BatchOptions,
    base: Option<&Path>,
    renderer: &mut Renderer,
    sink: &mut Sink,
    buffers: &mut Vec<Vec<u8>>,
) -> Result<(Notes, Option<Pages>), Failure> {
    let table = load_job_table(&item.job, options, base)?;
    // A job an earlier run wrote is only drawn for the report.
    let (notes, scenes) = draw_charts(
        &item.job,
        &table,
        options,
        renderer,
        buffers,
        !item.report_only,
    )?;
    let pages = options.report.is_some().then(|| Pages {
        key: item.job.key.clone(),
        charts: scenes,
        fonts: FontTable::of(renderer.fonts()),
    });
    if item.report_only {
        return Ok((notes, pages));
    }
    let _stage = plotmill_stage::enter(plotmill_stage::Stage::Write);
    for (name, buffer) in item.outputs.iter().zip(buffers.iter()) {
        sink.write(name, buffer).map_err(|e| {
            Failure::new(
                Fault::Write,
                format!(
                    "cannot write '{}': {e}",
                    options.out_dir.join(name).display()
                ),
            )
        })?;
    }
    for b in buffers.iter_mut() {
        if b.capacity() > KEEP_BYTES {
            *b = Vec::new();
        }
    }
    Ok((notes, pages))
}

/// A job's data, read and checked against the limits.
fn load_job_table(
    job: &Job,
    options: &BatchOptions,
    base: Option<&Path>,
) -> Result<Table, Failure> {
    let _stage = plotmill_stage::enter(plotmill_stage::Stage::Parse);
    // The cells a chart colours by are kept as labels.
    let mut labels: Vec<String> = job
        .charts()
        .iter()
        .flat_map(|c| c.0.label_columns())
        .collect();
    labels.sort_unstable();
    labels.dedup();
    let table = load(&job.data, options, base, labels)?;
    check_limits(&table, options)?;
    Ok(table)
}

fn check_limits(table: &Table, options: &BatchOptions) -> Result<(), Failure> {
    options.limits.check_table(table).map_err(|e| {
        Failure::new(
            Fault::Limit,
            format!("data: {e}; raise it with {}", e.flag()),
        )
    })
}

/// Draws the job's charts: each one's bytes into `buffers` (when
/// `encode`), and each one's scene when the run has a report.
fn draw_charts(
    job: &Job,
    table: &Table,
    options: &BatchOptions,
    renderer: &mut Renderer,
    buffers: &mut Vec<Vec<u8>>,
    encode: bool,
) -> Result<(Notes, Vec<(String, Scene)>), Failure> {
    let charts = job.charts();
    if buffers.len() < charts.len() {
        buffers.resize_with(charts.len(), Vec::new);
    }
    let mut notes = Notes::default();
    let report = options.report.is_some();
    let mut scenes = Vec::new();
    for (i, (chart, buffer)) in charts.iter().zip(buffers.iter_mut()).enumerate() {
        let out = encode.then_some(buffer);
        let (m, scene) = renderer.draw(&chart.0, table, out).map_err(|e| match e {
            // A chart given by the command line's defaults, not the line.
            RenderError::Spec(e) => Failure {
                kind: Fault::Spec,
                error: crate::job::spec_error(i, &e),
                field: e.field().map(|f| format!("charts[{i}].{f}")),
            },
            // A chart that cannot draw this data names the option at
            // fault (a column that is not there).
            RenderError::Chart(e) => Failure {
                kind: Fault::Chart,
                field: e.field().map(|f| format!("charts[{i}].{f}")),
                error: format!("charts[{i}] ({}): {e}", chart.0.kind()),
            },
            e => Failure::new(e.fault(), format!("charts[{i}] ({}): {e}", chart.0.kind())),
        })?;
        if report {
            let markers =
                plotmill_render::vector_markers(&scene, options.limits.max_vector_markers);
            if markers > options.limits.max_vector_markers {
                return Err(Failure::new(
                    Fault::Limit,
                    format!(
                        "charts[{i}] ({}): its report page would hold {markers} markers, more than the limit of {}; raise it with --max-vector-markers, or draw fewer rows",
                        chart.0.kind(),
                        options.limits.max_vector_markers
                    ),
                ));
            }
            scenes.push((chart.0.kind().to_string(), scene));
        }
        notes.missing.extend(m.missing_glyphs);
        notes.warnings.extend(
            m.warnings
                .into_iter()
                .map(|w| format!("charts[{i}] ({}): {w}", chart.0.kind())),
        );
    }
    Ok((notes, scenes))
}

/// A job's table. Every failure is the data's, but a size beyond the
/// limits.
fn load(
    data: &DataSpec,
    options: &BatchOptions,
    base: Option<&Path>,
    labels: Vec<String>,
) -> Result<Table, Failure> {
    let data_fault = |error: String| Failure::new(Fault::Data, error);
    let (given, delimiter, no_header, decimal) = match data {
        DataSpec::Inline(inline) => {
            return inline_table(inline).map_err(|e| data_fault(e.to_string()));
        }
        DataSpec::Path(p) => (p, None, false, '.'),
        DataSpec::File(f) => (
            &f.path,
            f.delimiter.as_deref(),
            f.no_header,
            f.decimal.unwrap_or('.'),
        ),
    };
    let decimal = u8::try_from(decimal)
        .ok()
        .filter(|d| d.is_ascii_punctuation())
        .ok_or_else(|| {
            data_fault(format!(
                "data.decimal: '{decimal}' is not a decimal mark such as '.' or ','"
            ))
        })?;
    let delimiter = delimiter
        .map(parse_delimiter)
        .transpose()
        .map_err(|e| data_fault(format!("data.delimiter: {e}")))?;
    let path = match base {
        Some(base) => resolve_input(base, given, options.allow_outside)
            .map_err(|e| data_fault(e.to_string()))?,
        None => PathBuf::from(given),
    };
    let size = std::fs::metadata(&path)
        .map_err(|e| {
            data_fault(match e.kind() {
                io::ErrorKind::NotFound => format!("data '{given}': no such file"),
                _ => format!("data '{given}': {e}"),
            })
        })?
        .len();
    options.limits.check_input_bytes(size).map_err(|e| {
        Failure::new(
            Fault::Limit,
            format!("data '{given}': {e}; raise it with {}", e.flag()),
        )
    })?;
    read_csv_path(
        &path,
        &CsvOptions {
            delimiter,
            header: !no_header,
            decimal,
            labels,
        },
    )
    .map(|read| read.table)
    .map_err(|e| data_fault(e.to_string()))
}

/// The collector: the one writer of the journal and the failures file.
/// Returns the characters no font had, and an error that ended the run.
#[allow(clippy::too_many_arguments)]
fn collect(
    results: Receiver<Outcome>,
    journal: &mut Journal,
    mut report: Option<&mut Report>,
    failures: File,
    failures_path: &Path,
    options: &BatchOptions,
    progress: &Progress,
    stop: &AtomicUsize,
) -> (Collected, Option<BatchError>) {
    let mut failures = BufWriter::new(failures);
    let mut collected = Collected::default();
    let mut error = None;
    let mut last_flush = Instant::now();
    for outcome in results {
        match outcome {
            Outcome::Done {
                line,
                seq,
                report_only,
                key,
                outputs,
                notes,
                pages,
            } => {
                if let Some(r) = report.as_deref_mut() {
                    r.arrive(seq, pages);
                }
                // Drawn for the report alone: an earlier run counted it.
                if report_only {
                    continue;
                }
                if error.is_none()
                    && let Err(e) = journal.record(line, &key, &outputs)
                {
                    error = Some(BatchError::Journal(e));
                    let _ =
                        stop.compare_exchange(0, STOP_JOURNAL, Ordering::SeqCst, Ordering::SeqCst);
                }
                progress.done.fetch_add(1, Ordering::Relaxed);
                progress
                    .charts
                    .fetch_add(outputs.len() as u64, Ordering::Relaxed);
                // Bounded: a summary names at most 64 characters.
                for c in notes.missing {
                    if collected.missing.len() < 64 {
                        collected.missing.insert(c);
                    }
                }
                if let Some(first) = notes.warnings.first() {
                    tracing::debug!("line {line} ({key}): {}", notes.warnings.join("; "));
                    collected.warned += 1;
                    collected
                        .first_warning
                        .get_or_insert_with(|| format!("{key}: {first}"));
                }
            }
            Outcome::Failed {
                line,
                seq,
                key,
                kind,
                error: why,
                field,
                text,
            } => {
                if let (Some(r), Some(seq)) = (report.as_deref_mut(), seq) {
                    r.arrive(seq, None);
                }
                tracing::debug!("line {line}: {why}");
                let record = FailureLine {
                    line,
                    key: key.as_deref(),
                    kind,
                    error: &why,
                    field: field.as_deref(),
                    job: &text,
                };
                let written = serde_json::to_writer(&mut failures, &record)
                    .map_err(io::Error::from)
                    .and_then(|()| failures.write_all(b"\n"));
                if let Err(e) = written
                    && error.is_none()
                {
                    error = Some(BatchError::Failures {
                        path: failures_path.to_path_buf(),
                        error: e,
                    });
                }
                let failed = progress.failed.fetch_add(1, Ordering::Relaxed) + 1;
                if options.max_failures.is_some_and(|max| failed >= max) {
                    let _ = stop.compare_exchange(
                        0,
                        STOP_MAX_FAILURES,
                        Ordering::SeqCst,
                        Ordering::SeqCst,
                    );
                }
            }
        }
        if last_flush.elapsed() > Duration::from_millis(200) {
            let _ = failures.flush();
            last_flush = Instant::now();
        }
    }
    if let Err(e) = failures.flush()
        && error.is_none()
    {
        error = Some(BatchError::Failures {
            path: failures_path.to_path_buf(),
            error: e,
        });
    }
    (collected, error)
}

/// What the collector gathered for the summary beside the counts.
#[derive(Debug, Default)]
struct Collected {
    /// Characters no font had (at most 64).
    missing: BTreeSet<char>,
    /// Jobs drawn with a warning.
    warned: u64,
    /// The first of them: `key: warning`.
    first_warning: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draw_job_gives_the_names_and_bytes_a_batch_writes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("d.csv"),
            "a,b,c\n1,2,3\n2,1,5\n4,4,1\n3,5,2\n",
        )
        .unwrap();
        let line = r#"{"key": "k", "data": "d.csv", "charts": ["heatmap", {"kind": "scatter-matrix", "format": "svg"}], "output": "{kind}/{key}.{ext}"}"#;
        let manifest = dir.path().join("jobs.jsonl");
        std::fs::write(&manifest, format!("{line}\n")).unwrap();
        let out = dir.path().join("out");
        let options = BatchOptions {
            workers: 1,
            ..BatchOptions::new(&out)
        };
        let stop = AtomicUsize::new(0);
        let summary = run(
            &Source::Manifest(manifest),
            &options,
            &Progress::default(),
            &stop,
        )
        .unwrap();
        assert_eq!((summary.done, summary.failed), (1, 0));

        let mut job = Job::parse(line).unwrap();
        job.or_charts(&crate::job::default_charts());
        let mut renderer = Renderer::new(plotmill_text::FontBook::new(), Limits::default());
        let drawn = draw_job(&job, None, &options, Some(dir.path()), &mut renderer).unwrap();
        let names: Vec<_> = drawn.outputs.iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(
            names,
            [
                PathBuf::from("heatmap/k.png"),
                PathBuf::from("scatter-matrix/k.svg")
            ]
        );
        for (name, bytes) in &drawn.outputs {
            assert!(
                std::fs::read(out.join(name)).unwrap() == *bytes,
                "{}",
                name.display()
            );
        }
        // A job whose data is missing fails as the batch records it.
        let job = Job::parse(r#"{"key": "x", "data": "gone.csv"}"#).unwrap();
        let failure = draw_job(&job, None, &options, Some(dir.path()), &mut renderer).unwrap_err();
        assert_eq!(failure.kind, Fault::Data);
        assert_eq!(failure.error, "data 'gone.csv': no such file");
    }

    #[test]
    fn a_repeated_key_is_caught_and_different_keys_never_are() {
        let mut keys = KeyLines::default();
        assert_eq!(keys.first_line("a", 1), None);
        assert_eq!(keys.first_line("b", 2), None);
        assert_eq!(keys.first_line("a", 3), Some(1));
        // 200,000 different keys: none is taken for another.
        for i in 0..200_000u64 {
            assert_eq!(keys.first_line(&format!("k{i}"), 10 + i), None, "k{i}");
        }
        // A neighbour repeat is caught after all of them.
        assert_eq!(keys.first_line("last", 1), None);
        assert_eq!(keys.first_line("last", 2), Some(1));
        // The table's size is fixed: what a manifest of any length costs.
        assert_eq!(keys.0.len(), KEY_SLOTS);
    }
}
