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
    ui::init_logging(args.global.verbose);
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
