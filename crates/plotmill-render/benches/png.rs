//! PNG encoding of the seed's two charts and of four seaborn charts (the
//! reference images of a box, strip and violin plot and a clustermap,
//! decoded): plotmill's fast encoder against the `png` crate with fdeflate
//! (its `Fastest` level) on the same pixels: `cargo bench -p
//! plotmill-render --bench png`. The sizes of each file are printed first.

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

/// The seed's scatter matrix and heatmap, drawn at 100 dpi, and the
/// [`REFERENCES`].
fn charts() -> Vec<(&'static str, Pixmap)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let seed = root.join("examples/data/seed_4x8.csv");
    let table = read_csv_path(&seed, &CsvOptions::default())
        .expect("examples/data/seed_4x8.csv")
        .table;
    let fonts = FontBook::new();
    let mut charts: Vec<(&'static str, Pixmap)> = ChartSpec::service_charts()
        .iter()
        .map(|spec| {
            let chart = spec.build(&table, &fonts).expect("the seed's chart");
            let pixmap = render_pixmap(&chart.scene, &fonts, 100.0).expect("a pixmap");
            (spec.kind(), pixmap)
        })
        .collect();
    for (kind, file) in REFERENCES {
        charts.push((kind, decoded(&root.join("tests/references").join(file))));
    }
    charts
}

/// Reference images of charts whose encoding is much of their time.
const REFERENCES: [(&str, &str); 4] = [
    ("boxplot", "boxplot/box-species-sex.png"),
    ("stripplot", "stripplot/strip-species-sex.png"),
    ("violinplot", "violinplot/violin-species-sex.png"),
    ("clustermap", "clustermap/cm-corr.png"),
];

/// An opaque RGB PNG as a pixmap.
fn decoded(path: &std::path::Path) -> Pixmap {
    let file = std::fs::File::open(path).expect("a reference image");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut rgb = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut rgb).expect("decoded");
    assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
    let mut pixmap = Pixmap::new(info.width, info.height).expect("a size");
    for (px, c) in pixmap
        .data_mut()
        .chunks_exact_mut(4)
        .zip(rgb.chunks_exact(3))
    {
        px.copy_from_slice(&[c[0], c[1], c[2], 255]);
    }
    pixmap
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

const KINDS: [&str; 6] = [
    "scatter-matrix",
    "heatmap",
    "boxplot",
    "stripplot",
    "violinplot",
    "clustermap",
];

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
