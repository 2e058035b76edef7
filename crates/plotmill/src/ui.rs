//! Everything the command says on standard error goes through here.
#![allow(clippy::print_stderr)] // This module is the one place that prints to stderr.

use std::io::IsTerminal;

use tracing_subscriber::filter::LevelFilter;

/// Debug logs via `tracing`: off by default, `-v` for info, `-vv` for debug.
pub(crate) fn init_logging(verbose: u8, format: crate::cli::LogFormat) {
    let level = match verbose {
        0 => LevelFilter::WARN,
        1 => LevelFilter::INFO,
        2 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false);
    match format {
        crate::cli::LogFormat::Json => builder.json().init(),
        crate::cli::LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .without_time()
            .init(),
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
