//! Everything the command says on standard error goes through here.
#![allow(clippy::print_stderr)] // This module is the one place that prints to stderr.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::SyncSender;

use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::writer::BoxMakeWriter;

/// Debug logs via `tracing`: off by default, `-v` for info, `-vv` for debug.
/// A service (`queued`) logs through a bounded queue, so that a stalled
/// reader of stderr never blocks it (see [`QueuedStderr`]); commands write
/// their lines directly.
pub(crate) fn init_logging(verbose: u8, format: crate::cli::LogFormat, queued: bool) -> Logging {
    let level = match verbose {
        0 => LevelFilter::WARN,
        1 => LevelFilter::INFO,
        2 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let queue = queued.then(QueuedStderr::start).flatten();
    let logging = Logging {
        queue: queue.clone(),
    };
    let writer = match queue {
        Some(q) => BoxMakeWriter::new(q),
        None => BoxMakeWriter::new(std::io::stderr),
    };
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(writer)
        .with_target(false);
    match format {
        crate::cli::LogFormat::Json => builder.json().init(),
        crate::cli::LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .without_time()
            .init(),
    }
    logging
}

/// The logger's state that the program reports on and waits for.
#[derive(Debug)]
pub(crate) struct Logging {
    queue: Option<QueuedStderr>,
}

impl Logging {
    /// Log lines dropped because stderr was not being read (queued logging
    /// only).
    pub(crate) fn dropped(&self) -> Option<Arc<AtomicU64>> {
        self.queue.as_ref().map(|q| Arc::clone(&q.dropped))
    }

    /// Waits (up to a second) for queued lines to reach stderr, so that the
    /// last lines before exit are not lost.
    pub(crate) fn flush(&self) {
        if let Some(q) = &self.queue {
            let until = std::time::Instant::now() + std::time::Duration::from_secs(1);
            while q.pending.load(Ordering::Acquire) > 0 && std::time::Instant::now() < until {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
    }
}

/// Lines queued at most before new ones are dropped.
const QUEUED_LINES: usize = 4096;

/// stderr behind a bounded queue that one thread drains: a log call never
/// waits for a slow or stalled reader (a pipe nobody reads, a log shipper
/// that falls behind). A line that finds the queue full is dropped and
/// counted (`plotmill_log_lines_dropped_total` in the service's metrics).
#[derive(Debug, Clone)]
pub(crate) struct QueuedStderr {
    queue: SyncSender<Vec<u8>>,
    dropped: Arc<AtomicU64>,
    pending: Arc<AtomicU64>,
}

impl QueuedStderr {
    /// Starts the draining thread; `None` if no thread can be started.
    fn start() -> Option<QueuedStderr> {
        let (queue, lines) = std::sync::mpsc::sync_channel::<Vec<u8>>(QUEUED_LINES);
        let pending = Arc::new(AtomicU64::new(0));
        let done = Arc::clone(&pending);
        std::thread::Builder::new()
            .name("log".to_owned())
            .spawn(move || {
                let mut stderr = std::io::stderr();
                for line in lines {
                    // A reader that went away loses the line; nothing else
                    // can be done with it.
                    let _ = std::io::Write::write_all(&mut stderr, &line);
                    done.fetch_sub(1, Ordering::Release);
                }
            })
            .ok()?;
        Some(QueuedStderr {
            queue,
            dropped: Arc::new(AtomicU64::new(0)),
            pending,
        })
    }
}

/// One log line being formatted; queued when tracing is done with it.
pub(crate) struct QueuedLine<'a> {
    line: Vec<u8>,
    to: &'a QueuedStderr,
}

impl std::io::Write for QueuedLine<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.line.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for QueuedLine<'_> {
    fn drop(&mut self) {
        if self.line.is_empty() {
            return;
        }
        self.to.pending.fetch_add(1, Ordering::AcqRel);
        if self
            .to
            .queue
            .try_send(std::mem::take(&mut self.line))
            .is_err()
        {
            self.to.pending.fetch_sub(1, Ordering::AcqRel);
            self.to.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl<'a> MakeWriter<'a> for QueuedStderr {
    type Writer = QueuedLine<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        QueuedLine {
            line: Vec::with_capacity(256),
            to: self,
        }
    }
}

/// What the command tells its user besides its output.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Printer {
    /// Leave out warnings (`--quiet`).
    pub(crate) quiet: bool,
}

impl Printer {
    /// A warning: something was done that the user may not expect.
    pub(crate) fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("warning: {message}");
        }
    }
}

impl Printer {
    /// A closing note, such as a summary (left out with `--quiet`).
    pub(crate) fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }
}

/// A command-line usage error, as clap rendered it.
pub(crate) fn usage_error(text: &str) {
    eprint!("{text}");
}

/// The final error, with its chain of causes.
pub(crate) fn error(e: &anyhow::Error) {
    eprintln!("error: {e:#}");
}

pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
