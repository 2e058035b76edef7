//! The Axes tree of each chart kind, read from the built chart: how many
//! axes, where (matplotlib's numbers), what they show, their tick labels
//! and legend entries.

use plotmill_chart::{
    AxesRole, HeatmapOptions, LineChart, LineChartOptions, LineStyle, Matrix, ScatterMatrixOptions,
    Series, heatmap, line_chart, scatter_matrix,
};
use plotmill_chart::{Cap, Dashes};
use plotmill_data::{Column, ColumnKind, Table};
use plotmill_scene::{Color, Rect};
use plotmill_text::FontBook;

fn close(a: Rect, b: (f64, f64, f64, f64)) -> bool {
    (a.x - b.0).abs() < 1e-9
        && (a.y - b.1).abs() < 1e-9
        && (a.w - b.2).abs() < 1e-9
        && (a.h - b.3).abs() < 1e-9
}

fn three_columns() -> Table {
    let cols = ["a", "b", "c"]
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let values = (0..20)
                .map(|r| ((r * 7 + c * 3) % 11) as f64 * 10f64.powi(c as i32))
                .collect();
            Column::new(*name, ColumnKind::Float, values)
        })
        .collect();
    Table::new(20, cols).unwrap()
}

#[test]
fn a_scatter_matrix_is_n_by_n_axes_where_matplotlib_puts_them() {
    let fonts = FontBook::new();
    let table = three_columns();
    let chart = scatter_matrix(&table, &ScatterMatrixOptions::default(), &fonts).unwrap();
    assert_eq!(chart.axes.len(), 9);
    assert!(chart.axes.iter().all(|a| a.role == AxesRole::Plot));
    // plt.subplots(3, 3, figsize=(12, 8)) with wspace = hspace = 0.1, in
    // points from the top left.
    for (k, want) in [
        (0, (108.0, 69.12, 209.25, 138.6)),
        (5, (568.35, 221.58, 209.25, 138.6)),
        (7, (338.175, 374.04, 209.25, 138.6)),
    ] {
        assert!(
            close(chart.axes[k].rect, want),
            "axes {k}: {:?}",
            chart.axes[k].rect
        );
    }
    // Panel (1, 2) shows column c across and column b up.
    let (b, c) = (&chart.axes[3 + 1], &chart.axes[2 * 3 + 2]);
    assert_eq!((chart.axes[5].xlim, chart.axes[5].ylim), (c.xlim, b.ylim));
    // The service's chart has no ticks.
    assert!(
        chart
            .axes
            .iter()
            .all(|a| a.xtick_labels.is_empty() && a.ytick_labels.is_empty())
    );

    // With ticks, as pandas: x labels on the bottom row, y labels on the
    // first column, none inside.
    let options = ScatterMatrixOptions {
        ticks: true,
        ..ScatterMatrixOptions::default()
    };
    let chart = scatter_matrix(&table, &options, &fonts).unwrap();
    for (k, axes) in chart.axes.iter().enumerate() {
        let (i, j) = (k / 3, k % 3);
        assert_eq!(!axes.xtick_labels.is_empty(), i == 2, "axes {k}");
        assert_eq!(!axes.ytick_labels.is_empty(), j == 0, "axes {k}");
    }
    // Column c (0 to 1000): its values, left to right.
    assert_eq!(
        chart.axes[8].xtick_labels,
        ["0", "200", "400", "600", "800", "1000"]
    );
}

#[test]
fn a_heatmap_is_its_cells_and_a_colorbar() {
    let fonts = FontBook::new();
    let names: Vec<String> = ["x", "y", "z"].map(String::from).to_vec();
    let matrix = Matrix {
        rows: names.clone(),
        columns: names.clone(),
        values: vec![1.0, -0.84, 0.43, -0.84, 1.0, 0.1, 0.43, 0.1, 1.0],
    };
    let chart = heatmap(&matrix, &HeatmapOptions::default(), &fonts).unwrap();
    let roles: Vec<AxesRole> = chart.axes.iter().map(|a| a.role).collect();
    assert_eq!(roles, [AxesRole::Plot, AxesRole::Colorbar]);
    let (cells, bar) = (&chart.axes[0], &chart.axes[1]);
    assert_eq!((cells.xlim, cells.ylim), ((0.0, 3.0), (3.0, 0.0)));
    assert_eq!(
        (cells.xtick_labels.clone(), cells.ytick_labels.clone()),
        (names.clone(), names)
    );
    // matplotlib's bar ends at the norm's inverse of 1, -0.84 + 1.84:
    // an ulp below 1 (its `cbar.ax.get_ylim()` says so too).
    assert_eq!(bar.ylim, (-0.84, 0.9999999999999999));
    assert_eq!(
        bar.ytick_labels,
        [
            "−0.75", "−0.50", "−0.25", "0.00", "0.25", "0.50", "0.75", "1.00"
        ]
    );
    // The bar is right of the cells, as tall as they are (shrink 1).
    assert!(bar.rect.x > cells.rect.right());
    assert!((bar.rect.h - cells.rect.h).abs() < 1e-9);
    let none = HeatmapOptions {
        cbar: false,
        ..HeatmapOptions::default()
    };
    assert_eq!(heatmap(&matrix, &none, &fonts).unwrap().axes.len(), 1);
}

#[test]
fn a_line_chart_is_one_axes_with_its_legend() {
    let fonts = FontBook::new();
    let style = LineStyle {
        color: Color::BLACK,
        width: 1.5,
        dashes: Dashes::SOLID,
        cap: Cap::Projecting,
    };
    let chart = LineChart {
        series: vec![
            Series {
                label: "memory".into(),
                points: vec![(0.0, 1.0), (10.0, 5.0)],
                style,
            },
            Series {
                label: String::new(),
                points: vec![(0.0, 2.0), (10.0, 2.0)],
                style,
            },
            Series {
                label: "trend".into(),
                points: vec![(0.0, 0.5), (10.0, 4.0)],
                style,
            },
        ],
        ..LineChart::default()
    };
    let built = line_chart(&chart, &LineChartOptions::default(), &fonts).unwrap();
    assert_eq!(built.axes.len(), 1);
    let axes = &built.axes[0];
    // matplotlib's subplot parameters on 10 x 5 in.
    assert!(
        close(axes.rect, (90.0, 43.2, 558.0, 277.2)),
        "{:?}",
        axes.rect
    );
    assert_eq!(axes.legend, ["memory", "trend"]);
    assert_eq!(axes.xtick_labels, ["0", "2", "4", "6", "8", "10"]);
    assert_eq!(axes.ytick_labels.first().map(String::as_str), Some("1"));
}

#[test]
fn a_line_chart_over_dates_on_a_log_axis_is_ticked_as_matplotlib() {
    // ax.plot(dates, y); ax.set_yscale("log") with AutoDateLocator and
    // ConciseDateFormatter, 2020-01-01 to 2020-03-31, y from 1 to 10⁴
    // (matplotlib 3.11: x labels Jan 15 Feb 15 Mar 15 Apr, offset
    // 2020-Apr; y limits 0.631 to 15849; 35 minor ticks in view).
    let fonts = FontBook::new();
    let points = (0..50)
        .map(|k| {
            let t = k as f64 / 49.0;
            (18262.0 + 90.0 * t, 10f64.powf(4.0 * t))
        })
        .collect();
    let chart = LineChart {
        series: vec![Series {
            label: "growth".into(),
            points,
            style: LineStyle {
                color: Color::BLACK,
                width: 1.5,
                dashes: Dashes::SOLID,
                cap: Cap::Projecting,
            },
        }],
        ..LineChart::default()
    };
    let options = LineChartOptions {
        xscale: plotmill_chart::Scale::Date,
        yscale: plotmill_chart::Scale::Log,
        legend: false,
        ..LineChartOptions::default()
    };
    let built = line_chart(&chart, &options, &fonts).unwrap();
    let axes = &built.axes[0];
    assert_eq!(
        axes.xtick_labels,
        ["Jan", "15", "Feb", "15", "Mar", "15", "Apr"]
    );
    assert_eq!(axes.ytick_labels, ["10⁰", "10¹", "10²", "10³", "10⁴"]);
    assert!((axes.xlim.0 - 18257.5).abs() < 1e-9 && (axes.xlim.1 - 18356.5).abs() < 1e-9);
    assert!(
        (axes.ylim.0 - 0.6309573444801931).abs() < 1e-12,
        "{:?}",
        axes.ylim
    );
    assert!(
        (axes.ylim.1 / 15848.931924611146 - 1.0).abs() < 1e-12,
        "{:?}",
        axes.ylim
    );
    let texts: Vec<&str> = built.scene.texts().map(|t| t.text.as_str()).collect();
    assert!(texts.contains(&"2020-Apr"), "{texts:?}");
    let minor = built
        .scene
        .items
        .iter()
        .filter(|i| matches!(i, plotmill_scene::Item::Line { stroke, .. } if stroke.width == 0.6))
        .count();
    assert_eq!(minor, 35);
    // 10⁰ sits on the y value 1: log10(1) = 0 is 0.2 / 4.4 of the way up.
    let want = axes.rect.bottom() - 0.2 / 4.4 * axes.rect.h;
    let tick_y = built.scene.items.iter().find_map(|i| match i {
        plotmill_scene::Item::Line { points, stroke, .. }
            if stroke.width == 0.8 && points[0].y == points[1].y =>
        {
            Some(points[0].y)
        }
        _ => None,
    });
    assert!(
        (tick_y.unwrap() - want).abs() < 1e-9,
        "{tick_y:?} vs {want}"
    );
}
