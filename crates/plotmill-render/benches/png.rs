//! PNG encoding of the seed's two charts: plotmill's fast encoder against
//! the `png` crate with fdeflate (its `Fastest` level) on the same pixels:
//! `cargo bench -p plotmill-render --bench png`. The sizes of each file are
//! printed first.

#![allow(clippy::print_stderr)] // The file sizes, beside divan's times.

use plotmill_chart::ChartSpec;
use plotmill_data::{CsvOptions, read_csv_path};
use plotmill_render::png::encode_png;
use plotmill_render::{Compression, render_pixmap};
use plotmill_text::FontBook;
use tiny_skia::Pixmap;

fn main() {
    for (name, pixmap) in charts() {
        let sizes: Vec<String> = [
            ("plotmill fast", plotmill(&pixmap, Compression::Fast)),
            ("png+fdeflate", png_fastest(&pixmap)),
            (
                "plotmill balanced",
                plotmill(&pixmap, Compression::Balanced),
            ),
        ]
        .iter()
        .map(|(what, bytes)| format!("{what} {} B", bytes.len()))
        .collect();
        eprintln!(
            "{name} ({}x{}): {}",
            pixmap.width(),
            pixmap.height(),
            sizes.join(", ")
        );
    }
    divan::main();
}

/// The seed's scatter matrix and heatmap, drawn at 100 dpi.
fn charts() -> Vec<(&'static str, Pixmap)> {
    let seed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/seed_4x8.csv");
    let table = read_csv_path(&seed, &CsvOptions::default())
        .expect("examples/data/seed_4x8.csv")
        .table;
    let fonts = FontBook::new();
    ChartSpec::service_charts()
        .iter()
        .map(|spec| {
            let chart = spec.build(&table, &fonts).expect("the seed's chart");
            let pixmap = render_pixmap(&chart.scene, &fonts, 100.0).expect("a pixmap");
            (spec.kind(), pixmap)
        })
        .collect()
}

fn plotmill(pixmap: &Pixmap, compression: Compression) -> Vec<u8> {
    let mut out = Vec::new();
    encode_png(pixmap, Some(true), compression, 100.0, &mut out).expect("encoded");
    out
}

/// The png crate at its fastest level (fdeflate), from the RGB bytes it
/// needs (the conversion is part of the work: plotmill's encoder does it
/// while filtering).
fn png_fastest(pixmap: &Pixmap) -> Vec<u8> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    let mut writer = encoder.write_header().expect("a header");
    writer.write_image_data(&rgb).expect("encoded");
    writer.finish().expect("finished");
    out
}

const KINDS: [&str; 2] = ["scatter-matrix", "heatmap"];

fn pixmap_of(kind: &str) -> Pixmap {
    charts()
        .into_iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, p)| p)
        .expect("a chart kind")
}

#[divan::bench(args = KINDS)]
fn plotmill_fast(bencher: divan::Bencher, kind: &str) {
    let pixmap = pixmap_of(kind);
    let mut out = Vec::new();
    bencher.bench_local(|| {
        out.clear();
        encode_png(&pixmap, Some(true), Compression::Fast, 100.0, &mut out).expect("encoded");
        out.len()
    });
}

#[divan::bench(args = KINDS)]
fn png_crate_fdeflate(bencher: divan::Bencher, kind: &str) {
    let pixmap = pixmap_of(kind);
    bencher.bench_local(|| png_fastest(&pixmap).len());
}

#[divan::bench(args = KINDS)]
fn plotmill_balanced(bencher: divan::Bencher, kind: &str) {
    let pixmap = pixmap_of(kind);
    let mut out = Vec::new();
    bencher.bench_local(|| {
        out.clear();
        encode_png(&pixmap, Some(true), Compression::Balanced, 100.0, &mut out).expect("encoded");
        out.len()
    });
}
