//! Reference images: each case renders through the CLI and is compared with
//! its committed PNG, pixel by pixel, with resvg's tolerance of 1 per
//! channel. A case is `tests/references/<kind>/<name>.args` (the arguments
//! after the data file, one per line; the first line is the data file,
//! relative to the repository) next to `<name>.png`.
//!
//! On a difference the test writes `tests/diffs/<kind>-<name>.png`
//! (reference | red where they differ | actual). `MAKE_REF=1` rewrites the
//! references instead and fails, so that every new reference gets looked at.

use std::path::{Path, PathBuf};

use super::{plotmill, root};

/// Decodes a PNG to 8-bit RGBA.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("image size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn encode(w: u32, h: u32, rgba: &[u8], path: &Path) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header().unwrap().write_image_data(rgba).unwrap();
}

/// Renders one case; returns the number of pixels that differ by more than
/// 1 in some channel (or panics on a size mismatch).
fn render_case(kind: &str, name: &str) -> usize {
    let dir = root().join("tests/references").join(kind);
    let args = std::fs::read_to_string(dir.join(format!("{name}.args"))).unwrap();
    let mut lines = args.lines().filter(|l| !l.trim().is_empty());
    let data = root().join(lines.next().expect("the data file"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.png");
    let mut cmd: Vec<String> = vec![kind.to_owned(), data.display().to_string()];
    cmd.extend(lines.map(str::to_owned));
    cmd.extend(["-o".to_owned(), out.display().to_string()]);
    let refs: Vec<&str> = cmd.iter().map(String::as_str).collect();
    let run = plotmill(&refs);
    assert_eq!(run.code, 0, "{cmd:?}: {}", run.stderr);
    let actual = std::fs::read(&out).unwrap();
    let reference: PathBuf = dir.join(format!("{name}.png"));
    if std::env::var_os("MAKE_REF").is_some() {
        std::fs::write(&reference, &actual).unwrap();
        panic!(
            "wrote {}; look at it, then run without MAKE_REF",
            reference.display()
        );
    }
    let (w, h, a) = decode(&actual);
    let (rw, rh, r) = decode(
        &std::fs::read(&reference).unwrap_or_else(|e| panic!("{}: {e}", reference.display())),
    );
    assert_eq!((w, h), (rw, rh), "{kind}/{name}: size");
    let differ: Vec<bool> = a
        .chunks_exact(4)
        .zip(r.chunks_exact(4))
        .map(|(p, q)| p.iter().zip(q).any(|(x, y)| x.abs_diff(*y) > 1))
        .collect();
    let count = differ.iter().filter(|&&d| d).count();
    if count > 0 {
        let diffs = root().join("tests/diffs");
        std::fs::create_dir_all(&diffs).unwrap();
        let mut side = Vec::with_capacity((w * h * 12) as usize);
        for y in 0..h as usize {
            let row = |img: &[u8]| img[y * w as usize * 4..(y + 1) * w as usize * 4].to_vec();
            side.extend(row(&r));
            for x in 0..w as usize {
                side.extend(if differ[y * w as usize + x] {
                    [255, 0, 0, 255]
                } else {
                    [255, 255, 255, 255]
                });
            }
            side.extend(row(&a));
        }
        encode(w * 3, h, &side, &diffs.join(format!("{kind}-{name}.png")));
    }
    count
}

#[test]
fn heatmap_seed() {
    assert_eq!(render_case("heatmap", "seed"), 0);
}

#[test]
fn heatmap_spearman_upper_vlag_square() {
    assert_eq!(render_case("heatmap", "spearman-upper-vlag-square"), 0);
}

#[test]
fn heatmap_viridis_without_annotations() {
    assert_eq!(render_case("heatmap", "viridis-noannot-lines"), 0);
}

#[test]
fn scatter_matrix_seed() {
    assert_eq!(render_case("scatter-matrix", "seed"), 0);
}

#[test]
fn scatter_matrix_hist_diagonal() {
    assert_eq!(render_case("scatter-matrix", "demo-hist"), 0);
}

#[test]
fn pairplot_hue() {
    assert_eq!(render_case("pairplot", "hue"), 0);
}

#[test]
fn pairplot_corner_hist() {
    assert_eq!(render_case("pairplot", "corner-hist"), 0);
}

#[test]
fn pairplot_dropna_hue_order_palette() {
    assert_eq!(render_case("pairplot", "dropna-order"), 0);
}

#[test]
fn pairplot_regression() {
    assert_eq!(render_case("pairplot", "reg"), 0);
}

#[test]
fn pairplot_joint_densities() {
    assert_eq!(render_case("pairplot", "kde"), 0);
}

#[test]
fn pairplot_histograms() {
    assert_eq!(render_case("pairplot", "hist"), 0);
}

#[test]
fn histplot_numeric_hue() {
    assert_eq!(render_case("histplot", "hist-year"), 0);
}

#[test]
fn pairplot_numeric_hue_brief_legend() {
    assert_eq!(render_case("pairplot", "pair-mass"), 0);
}

#[test]
fn kdeplot_filled_joint_density() {
    assert_eq!(render_case("kdeplot", "joint-fill"), 0);
}

#[test]
fn boxplot_by_hue() {
    assert_eq!(render_case("boxplot", "box-species-sex"), 0);
}

#[test]
fn boxplot_notched_with_means() {
    assert_eq!(render_case("boxplot", "box-notch-means"), 0);
}

#[test]
fn boxplot_horizontal() {
    assert_eq!(render_case("boxplot", "box-island-h"), 0);
}

#[test]
fn boxplot_outlines_dodged() {
    assert_eq!(render_case("boxplot", "box-nofill"), 0);
}

#[test]
fn barplot_bootstrap_by_hue() {
    assert_eq!(render_case("barplot", "bar-island-sex"), 0);
}

#[test]
fn barplot_median_percentile_interval_caps() {
    assert_eq!(render_case("barplot", "bar-pi-median"), 0);
}

#[test]
fn countplot_by_hue() {
    assert_eq!(render_case("countplot", "count-island-species"), 0);
}

#[test]
fn countplot_horizontal_percent() {
    assert_eq!(render_case("countplot", "count-y-percent"), 0);
}

#[test]
fn violinplot_by_hue_inner_box() {
    assert_eq!(render_case("violinplot", "violin-species-sex"), 0);
}

#[test]
fn violinplot_split_quartiles() {
    assert_eq!(render_case("violinplot", "violin-split-quart"), 0);
}

#[test]
fn violinplot_horizontal_sticks() {
    assert_eq!(render_case("violinplot", "violin-stick-h"), 0);
}

#[test]
fn stripplot_dodged_seeded_jitter() {
    assert_eq!(render_case("stripplot", "strip-species-sex"), 0);
}

#[test]
fn swarmplot_by_hue() {
    assert_eq!(render_case("swarmplot", "swarm-island-species"), 0);
}

#[test]
fn swarmplot_horizontal_dodged() {
    assert_eq!(render_case("swarmplot", "swarm-h-dodge"), 0);
}

#[test]
fn lineplot_over_dates_by_hue() {
    assert_eq!(render_case("lineplot", "line-weather-dates"), 0);
}

#[test]
fn lineplot_sd_bands_by_hue() {
    assert_eq!(render_case("lineplot", "line-year-sd"), 0);
}

#[test]
fn lineplot_error_bars_by_hue() {
    assert_eq!(render_case("lineplot", "line-year-bars"), 0);
}

#[test]
fn pointplot_dodged_by_hue() {
    assert_eq!(render_case("pointplot", "point-island-sex"), 0);
}

#[test]
fn boxplot_native_scale() {
    assert_eq!(render_case("boxplot", "box-native-dose"), 0);
}

#[test]
fn pointplot_native_scale_dates() {
    assert_eq!(render_case("pointplot", "point-native-visit"), 0);
}

#[test]
fn clustermap_of_a_correlation_matrix() {
    assert_eq!(render_case("clustermap", "cm-corr"), 0);
}

#[test]
fn clustermap_of_rows_with_a_colour_strip() {
    assert_eq!(render_case("clustermap", "cm-samples"), 0);
}

#[test]
fn clustermap_centred_with_column_colours() {
    assert_eq!(render_case("clustermap", "cm-spearman-colors"), 0);
}

#[test]
fn clustermap_annotated_with_cell_lines() {
    assert_eq!(render_case("clustermap", "cm-annot"), 0);
}

#[test]
fn lineplot_dashed_by_a_style() {
    assert_eq!(render_case("lineplot", "line-year-style"), 0);
}

#[test]
fn lineplot_markers_by_a_style() {
    assert_eq!(render_case("lineplot", "line-style-markers"), 0);
}

#[test]
fn lineplot_widths_by_a_size() {
    assert_eq!(render_case("lineplot", "line-size-hue"), 0);
}
