//! PDF output, checked with the tools a user has: every reference chart
//! drawn as a PDF must pass `qpdf --check`, give back every label of the
//! chart through `pdftotext`, and look like plotmill's own PNG of the same
//! chart when `pdftoppm` draws it.
//!
//! The tools come from Debian's qpdf and poppler-utils (scripts/test.sh
//! installs them); without them these tests fail, saying so.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{plotmill, root};

/// Runs a PDF tool; panics with what to install when it is missing.
fn tool(name: &str, args: &[&str]) -> std::process::Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!(
            "cannot run {name} ({e}); install qpdf and poppler-utils (apt-get install qpdf poppler-utils, as scripts/test.sh does)"
        )
    })
}

/// Every reference case: (kind, name, its arguments with the data file first).
fn cases() -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    let refs = root().join("tests/references");
    let mut kinds: Vec<PathBuf> = std::fs::read_dir(&refs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    kinds.sort();
    for dir in kinds {
        let kind = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "args"))
            .collect();
        names.sort();
        for args in names {
            let name = args.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&args).unwrap();
            let mut lines: Vec<String> = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect();
            lines[0] = root().join(&lines[0]).display().to_string();
            out.push((kind.clone(), name, lines));
        }
    }
    out
}

/// Draws a case; returns whether plotmill warned that labels run past the
/// figure's edge (a page's text beyond its edge cannot be extracted).
fn draw(kind: &str, args: &[String], out: &Path) -> bool {
    let mut cmd: Vec<&str> = vec![kind];
    cmd.extend(args.iter().map(String::as_str));
    let out = out.display().to_string();
    cmd.extend(["-o", &out]);
    let run = plotmill(&cmd);
    assert_eq!(run.code, 0, "{cmd:?}: {}", run.stderr);
    run.stderr.contains("run past the figure's edge")
}

/// An RGB image as f64 channels, blurred by a 5×5 box: anti-aliasing,
/// glyph rendering and pixel snapping differ between plotmill's rasteriser
/// (which snaps lines and markers to pixels as Agg does) and poppler's.
fn blurred(w: usize, h: usize, rgb: &[u8]) -> Vec<f64> {
    let mut out = vec![0.0; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            for c in 0..3 {
                let mut sum = 0.0;
                let mut n = 0.0;
                for dy in -2i64..=2 {
                    for dx in -2i64..=2 {
                        let (xx, yy) = (x as i64 + dx, y as i64 + dy);
                        if xx >= 0 && yy >= 0 && (xx as usize) < w && (yy as usize) < h {
                            sum += f64::from(rgb[(yy as usize * w + xx as usize) * 3 + c]);
                            n += 1.0;
                        }
                    }
                }
                out[(y * w + x) * 3 + c] = sum / n;
            }
        }
    }
    out
}

fn decode_rgb(path: &Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("image size")];
    let channels = reader.output_color_type().0.samples();
    let info = reader.next_frame(&mut buf).expect("PNG data");
    buf.truncate(info.buffer_size());
    let rgb = buf
        .chunks_exact(channels)
        .flat_map(|p| match channels {
            1 | 2 => [p[0], p[0], p[0]],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    (info.width as usize, info.height as usize, rgb)
}

/// The labels an SVG of the chart holds, one per `<text>` element.
fn svg_labels(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..t.find("</text>")?];
            Some(
                body.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            )
        })
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// The blurred RMS difference (0–255) allowed between poppler's drawing of
/// the PDF and plotmill's PNG. Measured over the reference charts: 1.8
/// (heatmaps) to 11.8 (a pair plot's hundreds of small markers, which the
/// PNG centres on whole pixels as Agg does); the violins give 6.3, the same
/// violins moved 2 pixels 15.0, another chart of violins 41.
const MAX_RMS: f64 = 13.0;

#[test]
fn every_reference_chart_as_pdf_is_valid_searchable_and_looks_like_its_png() {
    let tmp = tempfile::tempdir().unwrap();
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (kind, name, args) in cases() {
        let pdf = tmp.path().join(format!("{kind}-{name}.pdf"));
        let svg = tmp.path().join(format!("{kind}-{name}.svg"));
        let cut = draw(&kind, &args, &pdf);
        draw(&kind, &args, &svg);
        let p = pdf.display().to_string();

        let check = tool("qpdf", &["--check", &p]);
        if !check.status.success() {
            failures.push(format!(
                "{kind}/{name}: qpdf --check: {}",
                String::from_utf8_lossy(&check.stdout)
            ));
        }

        let text = tool("pdftotext", &[&p, "-"]);
        let text: String = String::from_utf8_lossy(&text.stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for label in svg_labels(&std::fs::read_to_string(&svg).unwrap()) {
            let want: String = label.chars().filter(|c| !c.is_whitespace()).collect();
            if !text.contains(&want) && !cut {
                failures.push(format!("{kind}/{name}: pdftotext lacks {label:?}"));
            }
        }

        let reference = root()
            .join("tests/references")
            .join(&kind)
            .join(format!("{name}.png"));
        let (w, h, png) = decode_rgb(&reference);
        let stem = tmp.path().join(format!("{kind}-{name}"));
        let drawn = tool(
            "pdftoppm",
            &[
                "-png",
                "-singlefile",
                "-scale-to-x",
                &w.to_string(),
                "-scale-to-y",
                &h.to_string(),
                &p,
                &stem.display().to_string(),
            ],
        );
        assert!(drawn.status.success(), "{kind}/{name}: pdftoppm failed");
        let (pw, ph, page) = decode_rgb(&stem.with_extension("png"));
        assert_eq!((pw, ph), (w, h), "{kind}/{name}: page size in pixels");
        let (a, b) = (blurred(w, h, &png), blurred(w, h, &page));
        let rms =
            (a.iter().zip(&b).map(|(x, y)| (x - y).powi(2)).sum::<f64>() / a.len() as f64).sqrt();
        report.push(format!("{kind}/{name}: rms {rms:.2}"));
        if rms > MAX_RMS {
            failures.push(format!(
                "{kind}/{name}: poppler's drawing differs from the PNG by {rms:.2} (blurred RMS; at most {MAX_RMS})"
            ));
        }
    }
    // The measure tells charts apart: one chart's PDF against another's PNG.
    let (w, h, png) =
        decode_rgb(&root().join("tests/references/violinplot/violin-species-sex.png"));
    let (_, _, other) = decode_rgb(&tmp.path().join("violinplot-violin-split-quart.png"));
    let (a, b) = (blurred(w, h, &png), blurred(w, h, &other));
    let rms = (a.iter().zip(&b).map(|(x, y)| (x - y).powi(2)).sum::<f64>() / a.len() as f64).sqrt();
    assert!(
        rms > 3.0 * MAX_RMS,
        "another chart differs by only {rms:.2}"
    );
    // The measured differences, for `cargo test -- --nocapture`.
    #[allow(clippy::print_stdout)]
    {
        println!("{}", report.join("\n"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_pdf_is_the_same_bytes_every_time_and_its_page_is_the_figure() {
    let tmp = tempfile::tempdir().unwrap();
    let seed = root().join("examples/data/seed_4x8.csv");
    let seed = seed.display().to_string();
    let (a, b) = (tmp.path().join("a.pdf"), tmp.path().join("b.pdf"));
    for out in [&a, &b] {
        let run = plotmill(&[
            "heatmap",
            &seed,
            "--figsize",
            "8x5",
            "-o",
            &out.display().to_string(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap());
    // 8 × 5 inches at 72 points each, as matplotlib's savefig sizes it.
    let info = tool("pdfinfo", &[&a.display().to_string()]);
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Page size:       576 x 360 pts"), "{info}");
    // No creation date unless SOURCE_DATE_EPOCH asks for one.
    assert!(!bytes.windows(12).any(|w| w == b"CreationDate"));
    // Standard output too, with --format.
    let run = Command::new(env!("CARGO_BIN_EXE_plotmill"))
        .args(["heatmap", &seed, "-o", "-", "--format", "pdf"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(run.stdout.starts_with(b"%PDF-1.7\n"));
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.contains("/CreationDate(D:20231114221320Z)"), "{text}");
}

#[test]
fn a_fallback_font_is_embedded_too_and_its_text_comes_back() {
    super::charts::need_wqy();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("cjk.csv");
    std::fs::write(&csv, "價格,数量,日本語 label\n1,2,3\n2,3,1\n3,1,2\n").unwrap();
    let pdf = dir.path().join("cjk.pdf");
    let run = plotmill(&[
        "heatmap",
        &csv.display().to_string(),
        "-o",
        &pdf.display().to_string(),
    ]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let p = pdf.display().to_string();
    assert!(tool("qpdf", &["--check", &p]).status.success());
    // Two fonts, each an embedded subset with a Unicode map.
    let fonts = String::from_utf8_lossy(&tool("pdffonts", &[&p]).stdout).into_owned();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for row in rows {
        assert!(row.contains("CID TrueType"), "{fonts}");
        assert!(
            row.contains("yes yes yes"),
            "embedded, subset, unicode: {fonts}"
        );
    }
    assert!(fonts.contains("+DejaVuSans"), "{fonts}");
    assert!(fonts.contains("+WenQuanYiMicroHei"), "{fonts}");
    // A label drawn with two fonts ("日本語" from the fallback, " label"
    // from DejaVu Sans) reads back whole.
    let text = String::from_utf8_lossy(&tool("pdftotext", &[&p, "-"]).stdout).into_owned();
    for label in ["價格", "数量", "日本語 label"] {
        assert!(text.contains(label), "{label:?} in {text}");
    }
}
