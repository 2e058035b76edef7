//! The `plotmill` command.

use std::process::ExitCode;

mod cli;
mod ui;

/// Counts heap bytes by pipeline stage, for `--mem-report`.
#[global_allocator]
static ALLOCATOR: plotmill_stage::alloc::Counting = plotmill_stage::alloc::Counting;

fn main() -> ExitCode {
    let args = cli::parse();
    let verbosity = if args.global.quiet {
        0
    } else {
        args.global.verbose.max(args.base_verbosity())
    };
    let logging = ui::init_logging(verbosity, args.global.log_format, args.is_service());
    let printer = ui::Printer {
        quiet: args.global.quiet,
    };
    if let Some(output) = args.single_output() {
        // What an earlier run killed with SIGKILL left, then what this one
        // may leave when stopped.
        plotmill::output::sweep_stale_temps(output);
        remove_temp_on_signal(output.to_path_buf());
    }
    let result = cli::run(args, printer, &logging);
    logging.flush();
    match result {
        Ok(code) => code,
        // A closed pipe (`plotmill corr x.csv | head -1`) is not a failure.
        Err(e) if ui::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            ui::error(&e);
            ExitCode::from(2)
        }
    }
}

/// SIGINT and SIGTERM (Ctrl-C, `kill`, a scheduler's stop) end the command
/// as they would, exit 130 or 143, but first remove the temporary file of
/// an output being written, so that a stop leaves nothing behind. A thread
/// waits for them, so no code runs inside a signal handler.
fn remove_temp_on_signal(output: std::path::PathBuf) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!("cannot watch for SIGINT/SIGTERM: {e}");
            return;
        }
    };
    let spawned = std::thread::Builder::new()
        .name("signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                plotmill::output::remove_temps(&output, std::process::id());
                std::process::exit(128 + signal);
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot watch for SIGINT/SIGTERM: {e}");
    }
}
