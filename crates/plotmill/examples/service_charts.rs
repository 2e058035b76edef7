//! The original service's job with the library: for a CSV file, draw the
//! scatter matrix and the correlation heatmap and save them as PNG.
//!
//!     cargo run --release -p plotmill --example service_charts -- examples/data/seed_4x8.csv out/
//!
//! One FontBook and one output buffer serve every chart; nothing global is
//! kept, so a loop over many files stays flat in memory.

#![allow(clippy::print_stdout)] // An example reports what it wrote.

use std::path::Path;

use plotmill::chart::{HeatmapOptions, Matrix, ScatterMatrixOptions, heatmap, scatter_matrix};
use plotmill::data::{CorrOptions, CsvOptions, corr, read_csv_path};
use plotmill::output::{Durability, write_atomic};
use plotmill::text::{FontBook, Fonts};
use plotmill::{Format, RenderOptions, encode};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: service_charts DATA.csv OUT_DIR".into());
    };
    let (input, out) = (Path::new(&input), Path::new(&out));
    let key = input.file_stem().and_then(|s| s.to_str()).unwrap_or("data");
    std::fs::create_dir_all(out)?;

    let table = read_csv_path(input, &CsvOptions::default())?.table;
    let book = FontBook::new();
    let options = RenderOptions::default();
    // Text measured as a PNG at this dpi measures it (hinted, as
    // matplotlib's Agg backend measures it): the CLI's bytes.
    let fonts = Fonts::hinted(&book, options.dpi);
    let mut png = Vec::new();

    let chart = scatter_matrix(&table, &ScatterMatrixOptions::default(), fonts)?;
    encode(&chart.scene, &fonts, Format::Png, &options, &mut png)?;
    write_atomic(
        &out.join(format!("{key}_scatter_matrix.png")),
        Durability::Atomic,
        |w| w.write_all(&png),
    )?;

    let m = corr(&table, &CorrOptions::default())?;
    let matrix = Matrix {
        rows: m.names().to_vec(),
        columns: m.names().to_vec(),
        values: m.values().to_vec(),
    };
    let chart = heatmap(&matrix, &HeatmapOptions::default(), fonts)?;
    encode(&chart.scene, &fonts, Format::Png, &options, &mut png)?;
    write_atomic(
        &out.join(format!("{key}_correlation_heatmap.png")),
        Durability::Atomic,
        |w| w.write_all(&png),
    )?;

    println!(
        "wrote {key}_scatter_matrix.png and {key}_correlation_heatmap.png to {}",
        out.display()
    );
    Ok(())
}
