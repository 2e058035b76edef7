//! Command-line arguments, in two layers: clap's raw `*Args` structs here,
//! checked and turned into library options by each command's module.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::ui::Printer;

mod batch;
mod bench;
mod corr;
mod heatmap;
mod mem;
mod render;
mod scatter;
mod serve;

const EXAMPLES: &str = "\
Examples:
  plotmill scatter-matrix data.csv -o scatter.png  the service's two charts
  plotmill heatmap data.csv -o corr.png
  plotmill corr data.csv                           Pearson correlation matrix, as pandas df.corr()
  plotmill bench heatmap data.csv                  milliseconds per chart, in-process
  plotmill batch --inputs 'incoming/*.csv' -o out/ both charts for every CSV, in parallel
  plotmill mem run -o run.dat -- python service.py record a program's memory; then mem plot / mem check
  plotmill serve --bind 127.0.0.1:8080              the chart service over HTTP
  plotmill heatmap --help                          every option of a command";

/// Statistical charts and statistics for bulk, unattended work.
#[derive(Debug, Parser)]
#[command(name = "plotmill", version, about, after_help = EXAMPLES, propagate_version = true)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Say more about what is going on (-v: info, -vv: debug).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub(crate) verbose: u8,
    /// Print errors only, no warnings.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,

    /// Log lines as text or as JSON objects (for log collectors).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub(crate) log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

impl Cli {
    /// The log level a command starts at: a service logs its requests.
    pub(crate) fn base_verbosity(&self) -> u8 {
        match self.command {
            Command::Serve(_) => 1,
            _ => 0,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    ScatterMatrix(scatter::ScatterArgs),
    Heatmap(heatmap::HeatmapArgs),
    Corr(corr::CorrArgs),
    Bench(bench::BenchArgs),
    Batch(batch::BatchArgs),
    Mem(mem::MemArgs),
    Serve(serve::ServeArgs),
}

pub(crate) fn parse() -> Cli {
    Cli::parse()
}

pub(crate) fn run(cli: Cli, printer: Printer) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::ScatterMatrix(args) => scatter::run(args, printer),
        Command::Heatmap(args) => heatmap::run(args, printer),
        Command::Corr(args) => corr::run(args, printer),
        Command::Bench(args) => bench::run(args, printer),
        Command::Batch(args) => return batch::run(args, printer),
        Command::Mem(args) => return mem::run(args, printer),
        Command::Serve(args) => serve::run(args, printer),
    }
    .map(|()| ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
