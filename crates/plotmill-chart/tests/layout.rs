//! Layouts that never clip: charts of wide, long-named data (31 columns of
//! 40-character names, values from 1e-6 to 1e7) drawn with each layout,
//! checked from the scene: under `tight` and `constrained` every text box
//! is on the page and no two overlap; under `none` (matplotlib's fixed
//! margins) what is cut off is reported.

use plotmill_chart::{Cap, Dashes};
use plotmill_chart::{
    Chart, Crowding, HeatmapOptions, Layout, LineChart, LineChartOptions, LineStyle,
    ScatterMatrixOptions, Series, heatmap, matrix_from_table, scatter_matrix,
};
use plotmill_data::{Column, ColumnKind, Table};
use plotmill_scene::{Color, Rect};
use plotmill_text::FontBook;

const LAYOUTS: [Layout; 2] = [Layout::Tight, Layout::Constrained];

/// `columns` columns of `rows` values named with 40 characters, at scales
/// from 1e-6 to 1e7 (some offset far from 0, so that tick labels carry an
/// offset text); deterministic.
fn wide(columns: usize, rows: usize) -> Table {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let cols = (0..columns)
        .map(|c| {
            let scale = [1e7, 1e-6, 1.0, 1234.5][c % 4];
            let shift = if c % 3 == 0 { 3.0 * scale } else { 0.0 };
            let name = format!("measurement {c:02} of the long-named sensor!");
            assert_eq!(name.chars().count(), 40);
            let values = (0..rows).map(|_| next() * scale + shift).collect();
            Column::new(name, ColumnKind::Float, values)
        })
        .collect();
    Table::new(rows, cols).unwrap()
}

/// Every text box inside the page (half a point of slack for glyph ink at
/// the edge) and no two overlapping; names the first that is not.
pub(crate) fn assert_readable(chart: &Chart, what: &str) {
    let page = Rect::new(0.0, 0.0, chart.scene.width, chart.scene.height);
    // Readable is judged by the ink: a box's side bearings may touch.
    let boxes = &chart.text_inks;
    assert!(!boxes.is_empty(), "{what}: no text");
    let texts: Vec<&str> = chart.scene.texts().map(|t| t.text.as_str()).collect();
    for (k, b) in boxes.iter().enumerate() {
        assert!(
            b.x >= page.x - 0.5
                && b.y >= page.y - 0.5
                && b.right() <= page.right() + 0.5
                && b.bottom() <= page.bottom() + 0.5,
            "{what}: text {k} ({:?}) at {b:?} leaves the {}x{} page",
            texts.get(k),
            page.w,
            page.h
        );
    }
    for (i, a) in boxes.iter().enumerate() {
        for (j, b) in boxes.iter().enumerate().skip(i + 1) {
            // Touching is not overlapping: a tenth of a point of slack.
            let overlap_w = a.right().min(b.right()) - a.x.max(b.x);
            let overlap_h = a.bottom().min(b.bottom()) - a.y.max(b.y);
            assert!(
                overlap_w <= 0.1 || overlap_h <= 0.1,
                "{what}: texts {i} ({:?}) {a:?} and {j} ({:?}) {b:?} overlap",
                texts.get(i),
                texts.get(j)
            );
        }
    }
    assert!(
        !chart
            .crowding
            .iter()
            .any(|c| matches!(c, Crowding::Clipped { .. } | Crowding::Overlap { .. })),
        "{what}: {:?}",
        chart.crowding
    );
}

fn clipped(chart: &Chart) -> bool {
    chart
        .crowding
        .iter()
        .any(|c| matches!(c, Crowding::Clipped { .. }))
}

#[test]
fn a_wide_scatter_matrix_fits_its_page() {
    let fonts = FontBook::new();
    let table = wide(31, 60);
    for layout in LAYOUTS {
        let options = ScatterMatrixOptions {
            layout,
            title: Some("every column against every other".into()),
            ..ScatterMatrixOptions::default()
        };
        let chart = scatter_matrix(&table, &options, &fonts).unwrap();
        assert_readable(&chart, &format!("31 columns, {layout:?}"));
    }
    // matplotlib's margins cut the names off, and the chart says so.
    let chart = scatter_matrix(&table, &ScatterMatrixOptions::default(), &fonts).unwrap();
    assert!(clipped(&chart), "{:?}", chart.crowding);
}

#[test]
fn a_scatter_matrix_with_ticks_of_large_and_tiny_values_fits_its_page() {
    let fonts = FontBook::new();
    let table = wide(13, 60);
    for layout in LAYOUTS {
        for (figsize, diagonal) in [
            ((16.0, 14.0), plotmill_chart::Diagonal::Scatter),
            ((20.0, 16.0), plotmill_chart::Diagonal::Hist),
        ] {
            let options = ScatterMatrixOptions {
                layout,
                ticks: true,
                figsize,
                diagonal,
                ..ScatterMatrixOptions::default()
            };
            let chart = scatter_matrix(&table, &options, &fonts).unwrap();
            assert_readable(
                &chart,
                &format!("13 columns, ticks, {layout:?}, {diagonal:?}"),
            );
        }
    }
    let options = ScatterMatrixOptions {
        ticks: true,
        figsize: (16.0, 14.0),
        ..ScatterMatrixOptions::default()
    };
    let chart = scatter_matrix(&table, &options, &fonts).unwrap();
    assert!(clipped(&chart), "{:?}", chart.crowding);
}

#[test]
fn a_wide_heatmap_fits_its_page() {
    let fonts = FontBook::new();
    let table = wide(31, 40);
    let matrix = matrix_from_table(&table).unwrap();
    for layout in LAYOUTS {
        for cbar_label in [
            None,
            Some("correlation of the long-named sensors".to_owned()),
        ] {
            let options = HeatmapOptions {
                layout,
                annot: false,
                matrix: true,
                cbar_label,
                title: Some("correlations".into()),
                ..HeatmapOptions::default()
            };
            let chart = heatmap(&matrix, &options, &fonts).unwrap();
            assert_readable(&chart, &format!("heatmap, {layout:?}"));
        }
    }
    let options = HeatmapOptions {
        annot: false,
        ..HeatmapOptions::default()
    };
    let chart = heatmap(&matrix, &options, &fonts).unwrap();
    assert!(clipped(&chart), "{:?}", chart.crowding);
}

#[test]
fn a_heatmap_of_millions_keeps_its_colorbar_on_the_page() {
    // Raw values (not correlations) of millions: the colorbar's tick
    // labels, offset text and label sit right of the bar.
    let fonts = FontBook::new();
    let table = wide(4, 4);
    let columns: Vec<String> = table
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    let matrix = plotmill_chart::Matrix {
        rows: columns.clone(),
        columns,
        values: (0..16).map(|k| 1.5e6 * k as f64 - 2.0e6).collect(),
    };
    for layout in LAYOUTS {
        let options = HeatmapOptions {
            layout,
            fmt: ".3g".into(),
            cbar_label: Some("bytes held by the long-named sensor".into()),
            ..HeatmapOptions::default()
        };
        let chart = heatmap(&matrix, &options, &fonts).unwrap();
        assert_readable(&chart, &format!("heatmap of millions, {layout:?}"));
    }
}

#[test]
fn a_line_chart_of_large_values_fits_its_page() {
    let fonts = FontBook::new();
    let chart = LineChart {
        series: vec![Series {
            label: "resident set size of the long-running service".into(),
            points: (0..50)
                .map(|k| (k as f64 * 1e5, 3e9 + (k as f64).sin() * 1e8))
                .collect(),
            style: LineStyle {
                color: Color::BLACK,
                width: 1.5,
                dashes: Dashes::SOLID,
                cap: Cap::Projecting,
            },
        }],
        ..LineChart::default()
    };
    for layout in LAYOUTS {
        let options = LineChartOptions {
            layout,
            figsize: (5.0, 3.0),
            title: Some("memory over time".into()),
            xlabel: "time since the service started (s)".into(),
            ylabel: "memory used (bytes)".into(),
            ..LineChartOptions::default()
        };
        let chart = plotmill_chart::line_chart(&chart, &options, &fonts).unwrap();
        assert_readable(&chart, &format!("line chart, {layout:?}"));
    }
}

#[test]
fn a_title_wider_than_the_figure_is_shortened_to_fit() {
    // matplotlib cuts such a title off at both edges; plotmill keeps both
    // its ends, with an ellipsis between, in every layout.
    let fonts = FontBook::new();
    let title = format!("start {} end", "of a very long title ".repeat(20));
    let table = wide(3, 10);
    for layout in [Layout::None, Layout::Tight, Layout::Constrained] {
        let options = ScatterMatrixOptions {
            layout,
            title: Some(title.clone()),
            ..ScatterMatrixOptions::default()
        };
        let chart = scatter_matrix(&table, &options, &fonts).unwrap();
        let drawn = chart
            .scene
            .texts()
            .find(|t| t.text.starts_with("start"))
            .expect("the title");
        assert!(
            drawn.text.ends_with("end") && drawn.text.contains('…'),
            "{}",
            drawn.text
        );
        assert!(
            drawn.width <= chart.scene.width,
            "{} > {}",
            drawn.width,
            chart.scene.width
        );
        if layout != Layout::None {
            assert_readable(&chart, &format!("long title, {layout:?}"));
        }
    }
}
