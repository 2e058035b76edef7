//! Command-line arguments, in two layers: clap's raw `*Args` structs here,
//! checked and turned into library options by each command's module.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::ui::Printer;

mod batch;
mod bench;
mod categorical;
mod clustermap;
mod corr;
mod heatmap;
mod histplot;
mod kdeplot;
mod limits;
mod lineplot;
mod mem;
mod mem_where;
mod pairplot;
mod render;
mod scatter;
mod serve;
mod values;

const EXAMPLES: &str = "\
Examples (from the repository's folder; examples/data/ holds the data):
  # the service's two charts for one data set
  plotmill scatter-matrix examples/data/seed_4x8.csv -o scatter.png
  plotmill heatmap examples/data/seed_4x8.csv -o corr.png
  # the correlation matrix, as pandas' df.corr()
  plotmill corr examples/data/demo_sales.csv
  # both charts for every CSV in a folder, in parallel
  plotmill batch --inputs 'examples/data/*.csv' -o out/
  # record a program's memory; then mem plot / mem check
  plotmill mem run -o run.dat -- python3 examples/leaky_service.py
  # the charts over HTTP
  plotmill serve --bind 127.0.0.1:8080
  # every option of a command, with examples
  plotmill heatmap --help";

/// Statistical charts and statistics for bulk, unattended work.
///
/// Scatter matrices and correlation heatmaps as PNG, SVG or PDF, pandas-exact
/// correlations, batches of millions of charts, an HTTP service, and a
/// memory recorder that tells whether a program leaks.
#[derive(Debug, Parser)]
#[command(name = "plotmill", version, after_help = EXAMPLES, propagate_version = true)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// The help heading of the options every command takes, so that they stand
/// apart from the command's own.
const GLOBAL: &str = "Global options";

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Say more about what is going on (-v: info, -vv: debug).
    #[arg(short, long, action = clap::ArgAction::Count, global = true, help_heading = GLOBAL)]
    pub(crate) verbose: u8,
    /// Print errors only, no warnings.
    #[arg(short, long, global = true, conflicts_with = "verbose", help_heading = GLOBAL)]
    pub(crate) quiet: bool,

    /// Log lines as text or as JSON objects (for log collectors).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, help_heading = GLOBAL)]
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
    /// The one file the command writes atomically, when it writes one: a
    /// signal must not leave its temporary file behind.
    pub(crate) fn single_output(&self) -> Option<&std::path::Path> {
        let path = match &self.command {
            Command::ScatterMatrix(args) => &args.output.output,
            Command::Heatmap(args) => &args.output.output,
            Command::Histplot(args) => &args.output.output,
            Command::Kdeplot(args) => &args.output.output,
            Command::Pairplot(args) => &args.output.output,
            Command::Boxplot(args) => &args.output.output,
            Command::Violinplot(args) => &args.output.output,
            Command::Stripplot(args) => &args.output.output,
            Command::Swarmplot(args) => &args.output.output,
            Command::Lineplot(args) => &args.output.output,
            Command::Pointplot(args) => &args.output.output,
            Command::Barplot(args) => &args.output.output,
            Command::Countplot(args) => &args.output.output,
            Command::Clustermap(args) => &args.output.output,
            Command::Corr(args) => &args.output,
            _ => return None,
        };
        (path != std::path::Path::new("-")).then_some(path.as_path())
    }

    /// Whether the command is the long-running service, whose logging must
    /// never wait for stderr.
    pub(crate) fn is_service(&self) -> bool {
        matches!(self.command, Command::Serve(_))
    }

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
    Histplot(histplot::HistplotArgs),
    Kdeplot(kdeplot::KdeplotArgs),
    Pairplot(pairplot::PairplotArgs),
    Boxplot(categorical::BoxplotArgs),
    Violinplot(categorical::ViolinplotArgs),
    Stripplot(categorical::StripplotArgs),
    Swarmplot(categorical::SwarmplotArgs),
    Lineplot(lineplot::LineplotArgs),
    Pointplot(categorical::PointplotArgs),
    Barplot(categorical::BarplotArgs),
    Countplot(categorical::CountplotArgs),
    Clustermap(clustermap::ClustermapArgs),
    Corr(corr::CorrArgs),
    Bench(bench::BenchArgs),
    Batch(batch::BatchArgs),
    Mem(mem::MemArgs),
    Serve(serve::ServeArgs),
}

pub(crate) fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(mut error) => {
            if !error.use_stderr() {
                // --help and --version: clap prints them to stdout, exit 0.
                error.exit()
            }
            suggest(&mut error, &args);
            let command = command_in_use(&args);
            let text = error.render().to_string();
            // clap says "try '--help'"; name the command whose help it is.
            let name = command.get_bin_name().unwrap_or("plotmill");
            crate::ui::usage_error(&text.replace("try '--help'", &format!("try '{name} --help'")));
            std::process::exit(2)
        }
    }
}

/// Adds a "did you mean" tip to an unknown flag, subcommand or value, when a
/// real one is near it. clap's own suggestions are off: they matched
/// `--hue` with `--help`, and then printed a usage line built from that
/// guess.
fn suggest(error: &mut clap::Error, args: &[OsString]) {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let command = command_in_use(args);
    let bad = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let unknown = bad(ContextKind::InvalidArg);
    let tip = match error.kind() {
        ErrorKind::UnknownArgument => unknown.as_deref().and_then(|arg| {
            let name = arg.strip_prefix("--")?.split('=').next()?;
            let longs: Vec<&str> = command
                .get_arguments()
                .filter_map(|a| a.get_long())
                .filter(|l| !matches!(*l, "help" | "version"))
                .collect();
            plotmill::scene::closest_name(name, longs)
                .map(|l| (ContextKind::SuggestedArg, format!("--{l}")))
        }),
        ErrorKind::InvalidSubcommand => bad(ContextKind::InvalidSubcommand).and_then(|name| {
            let names: Vec<&str> = command
                .get_subcommands()
                .map(clap::Command::get_name)
                .filter(|n| *n != "help")
                .collect();
            plotmill::scene::closest_name(&name, names)
                .map(|n| (ContextKind::SuggestedSubcommand, n.to_owned()))
        }),
        ErrorKind::InvalidValue => bad(ContextKind::InvalidValue).and_then(|value| {
            let Some(ContextValue::Strings(valid)) = error.get(ContextKind::ValidValue) else {
                return None;
            };
            plotmill::scene::closest_name(&value, valid.iter().map(String::as_str))
                .map(|v| (ContextKind::SuggestedValue, v.to_owned()))
        }),
        _ => None,
    };
    if let Some((kind, text)) = tip {
        error.insert(kind, ContextValue::String(text));
    }
    // clap's other tip for an unknown argument, "to pass '--hue' as a
    // value, use '-- --hue'", misleads; where a command takes values after
    // `--` (the program `mem run` records), say that instead.
    if error.kind() == ErrorKind::UnknownArgument {
        error.remove(ContextKind::Suggested);
        if let Some(last) = command.get_positionals().find(|a| a.is_last_set())
            && let Some(arg) = unknown
        {
            let name = command.get_bin_name().unwrap_or("plotmill");
            let what = last.get_id().as_str().to_lowercase();
            let tip = format!("the {what} goes after '--': {name} [OPTIONS] -- {arg} ...");
            error.insert(
                ContextKind::Suggested,
                ContextValue::StyledStrs(vec![tip.into()]),
            );
        }
    }
}

/// The (sub)command the arguments name: `plotmill mem plot --x` is `plot`.
fn command_in_use(args: &[OsString]) -> clap::Command {
    use clap::CommandFactory;
    let mut command = Cli::command();
    command.build();
    for arg in args.iter().skip(1).filter_map(|a| a.to_str()) {
        if arg.starts_with('-') {
            continue;
        }
        match command.find_subcommand(arg) {
            Some(sub) => command = sub.clone(),
            None => break,
        }
    }
    command
}

pub(crate) fn run(
    cli: Cli,
    printer: Printer,
    logging: &crate::ui::Logging,
) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::ScatterMatrix(args) => scatter::run(args, printer),
        Command::Heatmap(args) => heatmap::run(args, printer),
        Command::Histplot(args) => histplot::run(args, printer),
        Command::Kdeplot(args) => kdeplot::run(args, printer),
        Command::Pairplot(args) => pairplot::run(args, printer),
        Command::Boxplot(args) => args.run(printer),
        Command::Violinplot(args) => args.run(printer),
        Command::Stripplot(args) => args.run(printer),
        Command::Swarmplot(args) => args.run(printer),
        Command::Lineplot(args) => args.run(printer),
        Command::Pointplot(args) => args.run(printer),
        Command::Barplot(args) => args.run(printer),
        Command::Countplot(args) => args.run(printer),
        Command::Clustermap(args) => args.run(printer),
        Command::Corr(args) => corr::run(args, printer),
        Command::Bench(args) => bench::run(args, printer),
        Command::Batch(args) => return batch::run(args, printer),
        Command::Mem(args) => return mem::run(args, printer),
        Command::Serve(args) => serve::run(args, printer, logging.dropped()),
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

    /// The chart flags' defaults are the specs' (the charts a manifest, the
    /// service and Python draw by default): the simple ones are taken from
    /// the specs, and this holds the rest (figure size, colors, enums) to
    /// them.
    #[test]
    fn the_chart_flags_defaults_are_the_specs() {
        for default in plotmill::chart::ChartSpec::defaults() {
            let cli = Cli::parse_from(
                ["plotmill", default.kind(), "data.csv", "-o", "x.png"]
                    .into_iter()
                    // A one-column chart's column is required; the spec's
                    // default is empty.
                    .chain(
                        matches!(default.kind(), "histplot" | "kdeplot" | "lineplot")
                            .then_some(["--x", ""])
                            .into_iter()
                            .flatten(),
                    )
                    .chain(
                        (default.kind() == "lineplot")
                            .then_some(["--y", ""])
                            .into_iter()
                            .flatten(),
                    ),
            );
            let spec = match &cli.command {
                Command::ScatterMatrix(args) => args.spec(),
                Command::Heatmap(args) => args.spec(),
                Command::Histplot(args) => args.spec(),
                Command::Kdeplot(args) => args.spec(),
                Command::Pairplot(args) => args.spec(),
                Command::Boxplot(args) => args.spec(),
                Command::Violinplot(args) => args.spec(),
                Command::Stripplot(args) => args.spec(),
                Command::Swarmplot(args) => args.spec(),
                Command::Lineplot(args) => args.spec(),
                Command::Pointplot(args) => args.spec(),
                Command::Barplot(args) => args.spec(),
                Command::Countplot(args) => args.spec(),
                Command::Clustermap(args) => args.spec(),
                _ => unreachable!("a chart command"),
            };
            assert_eq!(spec.unwrap(), default);
        }
    }
}
