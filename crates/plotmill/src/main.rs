//! The `plotmill` command.

use std::process::ExitCode;

mod alloc;
mod cli;
mod ui;

/// Counts heap bytes by pipeline stage, for `--mem-report`.
#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

fn main() -> ExitCode {
    let args = cli::parse();
    let verbosity = if args.global.quiet {
        0
    } else {
        args.global.verbose.max(args.base_verbosity())
    };
    ui::init_logging(verbosity, args.global.log_format);
    let printer = ui::Printer {
        quiet: args.global.quiet,
    };
    match cli::run(args, printer) {
        Ok(code) => code,
        // A closed pipe (`plotmill corr x.csv | head -1`) is not a failure.
        Err(e) if ui::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            ui::error(&e);
            ExitCode::from(2)
        }
    }
}
