//! `plotmill bench`: milliseconds per chart, in-process.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use plotmill::chart::{ChartSpec, Output};
use plotmill::text::FontBook;
use plotmill::{Canvas, Format, RenderOptions};

use super::render::InputArgs;
use super::values::{chart_kind, default_of, spec_enum};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  plotmill bench heatmap examples/data/seed_4x8.csv --iterations 200
  plotmill bench scatter-matrix examples/data/seed_4x8.csv --dpi 10 --json
  plotmill bench pairplot examples/data/birds.csv --options '{\"hue\": \"species\"}'

Each iteration builds the chart from the data (the heatmap computes the
correlations too, as the service did), renders it and encodes it, all in
memory; nothing is written. After --warmup seconds of untimed charts, prints
the median and minimum per stage.";

/// Milliseconds per chart, rendered in-process (nothing written).
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct BenchArgs {
    /// Which chart.
    #[arg(value_parser = chart_kind())]
    chart: ChartSpec,

    /// The CSV data.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// The chart's options as in a manifest, a JSON object:
    /// '{"x": "body_mass_g", "hue": "species"}'. [default: the kind's]
    #[arg(long, value_name = "JSON")]
    options: Option<String>,

    /// How many charts to draw and time.
    #[arg(long, default_value_t = 200)]
    iterations: usize,

    /// Seconds of untimed drawing first, so that caches (glyph masks,
    /// buffers) and the CPU's clock settle. 0 for none.
    #[arg(long, default_value_t = 0.3, value_name = "SECONDS")]
    warmup: f64,

    /// Pixels per inch.
    #[arg(long, default_value_t = Output::default().dpi)]
    dpi: f64,

    /// Output format to encode.
    #[arg(long, value_parser = spec_enum::<Format>(), default_value = default_of(Output::default().format))]
    format: Format,

    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,

    /// Also print heap use by stage (parse, statistics, layout, text,
    /// raster, encode) per chart, counted by plotmill's allocator.
    #[arg(long, conflicts_with = "json")]
    mem_report: bool,

    #[command(flatten)]
    input: InputArgs,
}

pub(crate) fn run(args: BenchArgs, _printer: Printer) -> anyhow::Result<()> {
    anyhow::ensure!(args.iterations > 0, "--iterations must be at least 1");
    let spec = match &args.options {
        None => args.chart,
        Some(json) => {
            let mut fields: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json)
                .map_err(|e| anyhow::anyhow!("--options: {e}; give a JSON object"))?;
            fields.insert("kind".to_owned(), args.chart.kind().into());
            serde_json::from_value(serde_json::Value::Object(fields))
                .map_err(|e| anyhow::anyhow!("--options: {e}"))?
        }
    };
    let read = {
        let _stage = plotmill_stage::enter(plotmill_stage::Stage::Parse);
        args.input
            .read_with_labels(&args.file, spec.label_columns())?
    };
    let fonts = FontBook::new();
    let format = args.format;
    let render = RenderOptions {
        dpi: args.dpi,
        ..RenderOptions::default()
    };
    let mut build_t = Vec::with_capacity(args.iterations);
    let mut encode_t = Vec::with_capacity(args.iterations);
    let mut total_t = Vec::with_capacity(args.iterations);
    // One canvas for every iteration, as a batch worker keeps one.
    let mut canvas = Canvas::default();
    let mut bytes = Vec::new();
    anyhow::ensure!(
        args.warmup.is_finite() && args.warmup >= 0.0,
        "--warmup must be a number of seconds, 0 or more"
    );
    let warmup = Duration::from_secs_f64(args.warmup);
    let started = Instant::now();
    while started.elapsed() < warmup {
        let chart = spec.build(&read.table, &fonts)?;
        canvas.encode(&chart.scene, &fonts, format, &render, &mut bytes)?;
    }
    plotmill_stage::alloc::reset();
    for _ in 0..args.iterations {
        let start = Instant::now();
        let chart = spec.build(&read.table, &fonts)?;
        let built = Instant::now();
        canvas.encode(&chart.scene, &fonts, format, &render, &mut bytes)?;
        let done = Instant::now();
        build_t.push(built - start);
        encode_t.push(done - built);
        total_t.push(done - start);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let stats = |v: &mut Vec<Duration>| {
        v.sort_unstable();
        (ms(v[v.len() / 2]), ms(v[0]))
    };
    let (total_med, total_min) = stats(&mut total_t);
    let (build_med, build_min) = stats(&mut build_t);
    let (enc_med, enc_min) = stats(&mut encode_t);
    let chart = spec.kind();
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(
            out,
            "{{\"chart\": \"{chart}\", \"iterations\": {}, \"dpi\": {}, \"bytes\": {}, \"median_ms\": {total_med:.4}, \"min_ms\": {total_min:.4}, \"layout_median_ms\": {build_med:.4}, \"render_encode_median_ms\": {enc_med:.4}}}",
            args.iterations,
            args.dpi,
            bytes.len()
        )?;
    } else {
        writeln!(
            out,
            "{chart}: {} iterations at dpi {}, {} bytes per image",
            args.iterations,
            args.dpi,
            bytes.len()
        )?;
        writeln!(out, "  stage                 median ms      min ms")?;
        writeln!(
            out,
            "  layout (+corr)      {build_med:>11.3} {build_min:>11.3}"
        )?;
        writeln!(out, "  raster + encode     {enc_med:>11.3} {enc_min:>11.3}")?;
        writeln!(
            out,
            "  total per chart     {total_med:>11.3} {total_min:>11.3}"
        )?;
        if args.mem_report {
            write!(
                out,
                "{}",
                plotmill_stage::alloc::report(args.iterations as u64, "chart")
            )?;
        }
    }
    Ok(())
}
