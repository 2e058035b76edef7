//! Figures composed by hand: limits as matplotlib autoscales them (margins,
//! sticky edges of bars and meshes, log scales, shared axes), categorical
//! axes, equal aspect, spines, grid lines, legends in the axes and outside
//! the figure, artists clipped to their axes, and bad input named. The
//! expected numbers are matplotlib 3.11's for the same calls.

use plotmill_chart::compose::{Artist, Figure, FigureLegend, Legend, LegendLoc, Share, Spines};
use plotmill_chart::{Cap, Dashes};
use plotmill_chart::{ChartError, Layout, LineStyle, Loc, Scale};
use plotmill_scene::{Color, Item, Join, Point};
use plotmill_text::FontBook;

fn close(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
}

const GREY: Color = Color::rgb(0.5, 0.5, 0.5);
const SOLID: LineStyle = LineStyle {
    color: Color::BLACK,
    width: 1.5,
    dashes: Dashes::SOLID,
    cap: Cap::Projecting,
};

#[test]
fn bars_stand_on_zero_and_meshes_fill_their_view() {
    // ax.bar([0, 1, 2], [3, 5, 2], width=0.8); ax.pcolormesh(...)
    let fonts = FontBook::new();
    let mut fig = Figure::subplots(1, 2, (8.0, 3.0));
    fig.axes_mut(0, 0)
        .unwrap()
        .bar(vec![0.0, 1.0, 2.0], vec![3.0, 5.0, 2.0], 0.8, GREY, "");
    fig.axes_mut(0, 1).unwrap().artists.push(Artist::Mesh {
        x_edges: vec![0.0, 1.0, 3.0],
        y_edges: vec![0.0, 2.0, 4.0, 5.0],
        colors: vec![GREY; 6],
    });
    let chart = fig.build(&fonts).unwrap();
    assert!(
        close(chart.axes[0].xlim, (-0.54, 2.54)),
        "{:?}",
        chart.axes[0]
    );
    assert_eq!(chart.axes[0].ylim, (0.0, 5.25));
    assert_eq!(chart.axes[1].xlim, (0.0, 3.0));
    assert_eq!(chart.axes[1].ylim, (0.0, 5.0));
    // Three bars, each inside its axes.
    let bars: Vec<_> = chart
        .scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rect {
                rect,
                fill: Some(c),
                ..
            } if *c == GREY => Some(*rect),
            _ => None,
        })
        .collect();
    assert_eq!(bars.len(), 3);
    let frame = chart.axes[0].rect;
    assert!(
        bars.iter()
            .all(|b| b.bottom() <= frame.bottom() + 1e-9 && b.y >= frame.y)
    );
}

#[test]
fn a_log_axis_has_its_margins_in_decades() {
    // ax.scatter([1, 10, 100], [1, 2, 3]); ax.set_xscale("log")
    let fonts = FontBook::new();
    let mut fig = Figure::new((6.4, 4.8));
    let ax = fig.axes_mut(0, 0).unwrap();
    ax.scatter(
        vec![1.0, 10.0, 100.0],
        vec![1.0, 2.0, 3.0],
        Color::BLACK,
        36.0,
        "",
    );
    ax.xscale = Scale::Log;
    let chart = fig.build(&fonts).unwrap();
    let a = &chart.axes[0];
    assert!(
        (a.xlim.0 / 0.7943282347242815 - 1.0).abs() < 1e-12
            && (a.xlim.1 / 125.89254117941677 - 1.0).abs() < 1e-12,
        "{:?}",
        a.xlim
    );
    assert!(close(a.ylim, (0.9, 3.1)));
    assert_eq!(a.xtick_labels, ["10⁰", "10¹", "10²"]);
}

#[test]
fn shared_axes_share_limits_and_label_only_the_outer_ones() {
    // plt.subplots(2, 2, sharex="col", sharey="row"), lines in three axes.
    let fonts = FontBook::new();
    let mut fig = Figure::subplots(2, 2, (6.4, 4.8));
    fig.sharex = Share::Col;
    fig.sharey = Share::Row;
    for (r, c, x, y) in [
        (0, 0, [0.0, 1.0], [0.0, 1.0]),
        (1, 1, [5.0, 6.0], [10.0, 20.0]),
        (0, 1, [0.0, 2.0], [3.0, 4.0]),
    ] {
        fig.axes_mut(r, c)
            .unwrap()
            .plot(x.to_vec(), y.to_vec(), SOLID, "");
    }
    let chart = fig.build(&fonts).unwrap();
    let lims: Vec<_> = chart.axes.iter().map(|a| (a.xlim, a.ylim)).collect();
    let want = [
        ((-0.05, 1.05), (-0.2, 4.2)),
        ((-0.3, 6.3), (-0.2, 4.2)),
        ((-0.05, 1.05), (9.5, 20.5)),
        ((-0.3, 6.3), (9.5, 20.5)),
    ];
    for (k, (got, want)) in lims.iter().zip(want).enumerate() {
        assert!(
            close(got.0, want.0) && close(got.1, want.1),
            "axes {k}: {got:?}"
        );
    }
    // Tick labels on the bottom row and the left column only.
    let labelled: Vec<(bool, bool)> = chart
        .axes
        .iter()
        .map(|a| (!a.xtick_labels.is_empty(), !a.ytick_labels.is_empty()))
        .collect();
    assert_eq!(
        labelled,
        [(false, true), (false, false), (true, true), (true, false)]
    );
    assert_eq!(chart.axes[3].xtick_labels, ["0", "2", "4", "6"]);
    assert_eq!(
        chart.axes[2].ytick_labels,
        ["10", "12", "14", "16", "18", "20"]
    );
}

#[test]
fn categories_sit_on_integers_in_a_view_half_a_step_wider() {
    let fonts = FontBook::new();
    let mut fig = Figure::new((6.4, 4.8));
    let ax = fig.axes_mut(0, 0).unwrap();
    ax.xcategories = ["Adelie", "Chinstrap", "Gentoo"].map(String::from).to_vec();
    ax.bar(vec![0.0, 1.0, 2.0], vec![152.0, 68.0, 124.0], 0.8, GREY, "");
    let chart = fig.build(&fonts).unwrap();
    let a = &chart.axes[0];
    assert_eq!(a.xlim, (-0.5, 2.5));
    assert_eq!(a.xtick_labels, ["Adelie", "Chinstrap", "Gentoo"]);
    assert_eq!(a.ylim, (0.0, 159.6));
}

#[test]
fn equal_aspect_shrinks_the_box_about_its_centre() {
    // ax.plot([0, 10], [0, 2]); ax.set_aspect("equal"), 6 x 4 in:
    // matplotlib's box is (0.125, 0.37875, 0.775, 0.2325) of the figure.
    let fonts = FontBook::new();
    let mut fig = Figure::new((6.0, 4.0));
    let ax = fig.axes_mut(0, 0).unwrap();
    ax.plot(vec![0.0, 10.0], vec![0.0, 2.0], SOLID, "");
    ax.aspect_equal = true;
    let chart = fig.build(&fonts).unwrap();
    let r = chart.axes[0].rect;
    let (w, h) = (432.0, 288.0);
    let got = (r.x / w, 1.0 - r.bottom() / h, r.w / w, r.h / h);
    let want = (0.125, 0.37875, 0.775, 0.2325);
    assert!(
        (got.0 - want.0).abs() < 1e-12
            && (got.1 - want.1).abs() < 1e-12
            && (got.2 - want.2).abs() < 1e-12
            && (got.3 - want.3).abs() < 1e-12,
        "{got:?}"
    );
}

#[test]
fn despined_axes_keep_the_left_and_bottom_and_grid_lines_follow_the_ticks() {
    let fonts = FontBook::new();
    let mut fig = Figure::new((6.4, 4.8));
    let ax = fig.axes_mut(0, 0).unwrap();
    ax.plot(vec![0.0, 1.0], vec![0.0, 1.0], SOLID, "");
    ax.spines = Spines::despined();
    ax.grid = true;
    let chart = fig.build(&fonts).unwrap();
    let a = &chart.axes[0];
    let grid = Color::rgb(0.69, 0.69, 0.69);
    let lines: Vec<&Vec<Point>> = chart
        .scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line { points, stroke, .. } if stroke.color == grid => Some(points),
            _ => None,
        })
        .collect();
    assert_eq!(
        lines.len(),
        a.xtick_labels.len() + a.ytick_labels.len(),
        "a grid line per major tick"
    );
    // No frame; two spines along the left and bottom edges.
    assert!(!chart.scene.items.iter().any(|i| matches!(
        i,
        Item::Rect { rect, fill: None, .. } if *rect == a.rect
    )));
    let spines = chart
        .scene
        .items
        .iter()
        .filter(|i| match i {
            Item::Line { points, stroke, .. }
                if stroke.color == Color::BLACK && stroke.width == 0.8 =>
            {
                points.len() == 2
                    && (points[0].x == a.rect.x && points[1].x == a.rect.x
                        || points[0].y == a.rect.bottom() && points[1].y == a.rect.bottom())
            }
            _ => false,
        })
        .count();
    assert_eq!(spines, 2);
}

#[test]
fn a_legend_has_a_handle_of_each_kind_and_a_title() {
    let fonts = FontBook::new();
    let mut fig = Figure::new((6.4, 4.8));
    let ax = fig.axes_mut(0, 0).unwrap();
    ax.scatter(vec![0.0, 1.0], vec![0.0, 1.0], Color::BLACK, 36.0, "points");
    ax.plot(vec![0.0, 1.0], vec![1.0, 0.0], SOLID, "line");
    ax.fill_between(vec![0.0, 1.0], vec![0.2, 0.2], vec![0.4, 0.6], GREY, "band");
    ax.legend = Some(Legend {
        loc: LegendLoc::At(Loc::UpperLeft),
        title: Some("kinds".into()),
    });
    let chart = fig.build(&fonts).unwrap();
    assert_eq!(chart.axes[0].legend, ["points", "line", "band"]);
    let texts: Vec<&str> = chart.scene.texts().map(|t| t.text.as_str()).collect();
    let title = texts.iter().position(|t| *t == "kinds").unwrap();
    let first = texts.iter().position(|t| *t == "points").unwrap();
    assert!(chart.text_boxes[title].bottom() <= chart.text_boxes[first].y);
    // The band is a polygon inside the axes; the legend's patch is a box.
    let a = chart.axes[0].rect;
    let band = chart.scene.items.iter().find_map(|i| match i {
        Item::Polygon { points, join, .. } => Some((points, join)),
        _ => None,
    });
    let (band, join) = band.unwrap();
    assert!(band.iter().all(|p| a.contains(*p)));
    // fill_between's PolyCollection joins round.
    assert_eq!(*join, Join::Round);
}

#[test]
fn a_figure_legend_widens_the_figure_and_stays_clear_of_the_axes() {
    let fonts = FontBook::new();
    for layout in [Layout::None, Layout::Tight, Layout::Constrained] {
        let mut fig = Figure::subplots(2, 2, (6.0, 6.0));
        fig.layout = layout;
        fig.sharex = Share::Col;
        fig.legend = Some(FigureLegend {
            title: Some("species".into()),
        });
        let colors = [Color::rgb(0.12, 0.47, 0.71), Color::rgb(1.0, 0.5, 0.05)];
        for r in 0..2 {
            for c in 0..2 {
                let ax = fig.axes_mut(r, c).unwrap();
                for (k, name) in ["Adelie", "a long species name"].iter().enumerate() {
                    let x: Vec<f64> = (0..20).map(|i| (i * (k + 1)) as f64 * 1e5).collect();
                    let y: Vec<f64> = x.iter().map(|v| (v / 1e5).sin()).collect();
                    ax.scatter(x, y, colors[k], 20.0, name);
                }
                ax.xlabel = format!("column {c}");
            }
        }
        let chart = fig.build(&fonts).unwrap();
        let what = format!("{layout:?}");
        // Wider by the legend, as seaborn's legend_out makes it.
        assert!(chart.scene.width > 6.0 * 72.0 + 40.0, "{what}");
        assert_eq!(chart.scene.height, 6.0 * 72.0, "{what}");
        let texts: Vec<&str> = chart.scene.texts().map(|t| t.text.as_str()).collect();
        let legend_left = ["species", "Adelie", "a long species name"]
            .iter()
            .map(|l| {
                let k = texts.iter().rposition(|t| t == l).unwrap();
                chart.text_boxes[k].x
            })
            .fold(f64::INFINITY, f64::min);
        assert!(
            chart.axes.iter().all(|a| a.rect.right() < legend_left),
            "{what}: axes run under the legend"
        );
        assert_eq!(chart.axes[0].legend, ["Adelie", "a long species name"]);
        if layout != Layout::None {
            crate::layout::assert_readable(&chart, &what);
        }
    }
}

#[test]
fn bad_input_is_named() {
    let fonts = FontBook::new();
    let mut fig = Figure::subplots(1, 2, (6.0, 3.0));
    fig.axes_mut(0, 1)
        .unwrap()
        .scatter(vec![1.0, 2.0], vec![1.0], Color::BLACK, 36.0, "");
    let err = fig.build(&fonts).unwrap_err();
    assert!(
        matches!(&err, ChartError::Invalid { option: "artists", message } if message.contains("axes (0, 1), artist 0") && message.contains("y has 1 values for 2 x values")),
        "{err:?}"
    );
    let mut fig = Figure::subplots(1, 2, (6.0, 3.0));
    fig.width_ratios = vec![1.0];
    assert!(matches!(
        fig.build(&fonts),
        Err(ChartError::Invalid {
            option: "width_ratios",
            ..
        })
    ));
    assert!(Figure::new((6.0, 3.0)).axes_mut(1, 0).is_none());
    let mut fig = Figure::new((0.0, 3.0));
    fig.axes_mut(0, 0)
        .unwrap()
        .plot(vec![0.0], vec![0.0], SOLID, "");
    assert!(fig.build(&fonts).is_err());
}

#[test]
fn the_same_figure_builds_to_the_same_scene() {
    let fonts = FontBook::new();
    let mut fig = Figure::subplots(1, 2, (6.0, 3.0));
    fig.layout = Layout::Constrained;
    fig.axes_mut(0, 0)
        .unwrap()
        .bar(vec![1.0, 2.0], vec![1.0, 2.0], 0.5, GREY, "b");
    fig.legend = Some(FigureLegend::default());
    assert_eq!(fig.build(&fonts).unwrap(), fig.build(&fonts).unwrap());
}

#[test]
fn a_format_spec_writes_the_tick_labels_and_ticks_can_point_in() {
    // ax.yaxis.set_major_formatter(StrMethodFormatter("{x:.3g}"));
    // ax.tick_params(direction="in")
    let fonts = FontBook::new();
    let mut fig = Figure::new((6.4, 4.8));
    let ax = fig.axes_mut(0, 0).unwrap();
    ax.plot(vec![0.0, 1.0], vec![0.0, 2e6], SOLID, "");
    ax.ylim = Some((-1e6, 2e6));
    ax.yformat = Some(plotmill_chart::NumberFormat::parse(".3g").unwrap());
    ax.tick_direction = plotmill_chart::TickDirection::In;
    let chart = fig.build(&fonts).unwrap();
    let a = &chart.axes[0];
    assert_eq!(
        a.ytick_labels,
        [
            "−1e+06", "−5e+05", "0", "5e+05", "1e+06", "1.5e+06", "2e+06"
        ]
    );
    // No offset text: the format writes whole values.
    assert!(!chart.scene.texts().any(|t| t.text.contains("1e6")));
    // Every tick mark starts on a spine and reaches into the axes.
    let ticks: Vec<&Vec<Point>> = chart
        .scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line { points, stroke, .. } if stroke.width == 0.8 && points.len() == 2 => {
                Some(points)
            }
            _ => None,
        })
        .collect();
    assert!(!ticks.is_empty());
    assert!(ticks.iter().all(|p| p.iter().all(|q| a.rect.x - 1e-9 <= q.x
        && q.x <= a.rect.right() + 1e-9
        && a.rect.y - 1e-9 <= q.y
        && q.y <= a.rect.bottom() + 1e-9)));
}

#[test]
fn text_hangs_on_its_data_point_and_longer_ticks_push_labels_out() {
    let fonts = FontBook::new();
    let build = |length: f64| {
        let mut fig = Figure::new((6.4, 4.8));
        let ax = fig.axes_mut(0, 0).unwrap();
        ax.plot(vec![0.0, 1.0], vec![0.0, 1.0], SOLID, "");
        ax.xlim = Some((0.0, 1.0));
        ax.ylim = Some((0.0, 1.0));
        ax.text((0.5, 0.5), "centre");
        ax.tick_length = length;
        fig.build(&fonts).unwrap()
    };
    let chart = build(3.5);
    let k = chart
        .scene
        .texts()
        .position(|t| t.text == "centre")
        .unwrap();
    let (b, a) = (chart.text_boxes[k], chart.axes[0].rect);
    assert!((b.x - a.center().x).abs() < 1.0, "{b:?} {a:?}");
    assert!(
        b.y < a.center().y && b.bottom() > a.center().y,
        "descenders below"
    );
    // Tick labels move out with their ticks: 6.5 pt longer, 6.5 pt lower.
    let lowest = |c: &plotmill_chart::Chart| {
        let a = c.axes[0].rect;
        c.text_boxes
            .iter()
            .filter(|b| b.y > a.bottom())
            .map(|b| b.y)
            .fold(f64::INFINITY, f64::min)
    };
    assert!((lowest(&build(10.0)) - lowest(&chart) - 6.5).abs() < 1e-9);
}

#[test]
fn an_image_is_shown_as_imshow_shows_it() {
    // ax.imshow(np.arange(6).reshape(2, 3)): limits (-0.5, 2.5) and
    // (1.5, -0.5), the y axis inverted; the first row on top.
    let fonts = FontBook::new();
    let mut fig = Figure::new((6.4, 4.8));
    let ax = fig.axes_mut(0, 0).unwrap();
    let shades: Vec<Color> = (0..6)
        .map(|k| Color::rgb(k as f64 / 5.0, 0.0, 0.0))
        .collect();
    ax.imshow(3, 2, shades.clone());
    ax.plot(vec![0.0, 2.0], vec![0.0, 1.0], SOLID, "");
    let chart = fig.build(&fonts).unwrap();
    let a = &chart.axes[0];
    assert_eq!(a.xlim, (-0.5, 2.5));
    assert_eq!(a.ylim, (1.5, -0.5));
    // Square pixels.
    assert!(
        (a.rect.w / 3.0 - a.rect.h / 2.0).abs() < 1e-9,
        "{:?}",
        a.rect
    );
    let cells = chart
        .scene
        .items
        .iter()
        .find_map(|i| match i {
            Item::Mesh { cells } => Some(cells),
            _ => None,
        })
        .unwrap();
    assert_eq!(cells.len(), 6);
    let top_left = cells
        .iter()
        .min_by(|p, q| (p.0.x + p.0.y).total_cmp(&(q.0.x + q.0.y)))
        .unwrap();
    assert_eq!(top_left.1, shades[0], "pixel (0, 0) at the top left");
    // The line from (0, 0) to (2, 1) runs down the page: y grows downward.
    let line = chart.scene.items.iter().find_map(|i| match i {
        Item::Line { points, stroke, .. } if stroke.width == 1.5 => Some(points),
        _ => None,
    });
    let line = line.unwrap();
    assert!(line[line.len() - 1].y > line[0].y);
    // Ticked as matplotlib ticks the view, low to high.
    assert_eq!(
        a.ytick_labels,
        [
            "−0.50", "−0.25", "0.00", "0.25", "0.50", "0.75", "1.00", "1.25", "1.50"
        ]
    );
}

#[test]
fn margins_place_the_grid_under_none_and_polygons_are_cut_at_the_axes() {
    use plotmill_chart::compose::Margins;
    let fonts = FontBook::new();
    let mut fig = Figure::new((4.0, 3.0));
    fig.margins = Margins {
        left: 0.2,
        right: 0.8,
        bottom: 0.25,
        top: 0.75,
    };
    let ax = fig.axes_mut(0, 0).unwrap();
    // A triangle poking out of the view given.
    ax.fill(vec![0.0, 2.0, 0.0], vec![0.0, 0.5, 1.0], GREY, "tri");
    ax.xlim = Some((0.0, 1.0));
    ax.ylim = Some((0.0, 1.0));
    let chart = fig.build(&fonts).unwrap();
    let r = chart.axes[0].rect;
    let (w, h) = (288.0, 216.0);
    assert!((r.x - 0.2 * w).abs() < 1e-9 && (r.right() - 0.8 * w).abs() < 1e-9);
    assert!((r.y - 0.25 * h).abs() < 1e-9 && (r.bottom() - 0.75 * h).abs() < 1e-9);
    let tri = chart
        .scene
        .items
        .iter()
        .find_map(|i| match i {
            Item::Polygon { points, join, .. } => Some((points, join)),
            _ => None,
        })
        .unwrap();
    // fill's Polygon is a patch: mitred.
    let (tri, join) = (tri.0, *tri.1);
    assert_eq!(join, Join::Miter);
    let eps = 1e-9;
    assert!(tri.iter().all(|p| r.x - eps <= p.x
        && p.x <= r.right() + eps
        && r.y - eps <= p.y
        && p.y <= r.bottom() + eps));
    // Cut along the right edge: two corners there, the clipped tip gone.
    assert_eq!(
        tri.iter()
            .filter(|p| (p.x - r.right()).abs() < 1e-9)
            .count(),
        2
    );
    let mut bad = Figure::new((4.0, 3.0));
    bad.margins.left = 0.9;
    assert!(matches!(
        bad.build(&fonts),
        Err(ChartError::Invalid {
            option: "margins",
            ..
        })
    ));
}

#[test]
fn a_line_projects_at_its_own_ends_and_not_where_the_axes_cut_it() {
    let fonts = FontBook::new();
    let draw = |xlim: (f64, f64)| {
        let mut fig = Figure::new((4.0, 3.0));
        let ax = fig.axes_mut(0, 0).unwrap();
        ax.plot(vec![0.0, 1.0, 2.0], vec![0.0, 1.0, 0.0], SOLID, "");
        ax.xlim = Some(xlim);
        ax.ylim = Some((-1.0, 2.0));
        let chart = fig.build(&fonts).unwrap();
        let rect = chart.axes[0].rect;
        let line = chart
            .scene
            .items
            .iter()
            .find_map(|i| match i {
                Item::Line {
                    points,
                    stroke,
                    cap,
                } if stroke.width == SOLID.width => Some((points.clone(), *cap)),
                _ => None,
            })
            .unwrap();
        (line, rect)
    };
    // Wholly in view: matplotlib's points, its ends projecting.
    let ((points, cap), rect) = draw((-1.0, 3.0));
    assert_eq!(cap, Cap::Projecting);
    assert_eq!(points.len(), 3);
    assert!(
        (points[0].x - (rect.x + rect.w / 4.0)).abs() < 1e-9,
        "{points:?}"
    );
    // Cut by the right side of the view: butt there, at the axes' edge,
    // and the first end moved on as far as its cap reaches (0.75 pt back
    // along the line).
    let ((points, cap), rect) = draw((-1.0, 1.5));
    assert_eq!(cap, Cap::Butt);
    let last = points[points.len() - 1];
    assert!((last.x - rect.right()).abs() < 1e-9, "{points:?}");
    let (a, b) = (points[0], points[1]);
    let start = Point::new(rect.x + rect.w / 2.5, rect.bottom() - rect.h / 3.0);
    let along = (
        (a.x - start.x).hypot(a.y - start.y),
        (b.x - a.x) * (a.x - start.x),
    );
    assert!(
        (along.0 - 0.75).abs() < 1e-9 && along.1 < 0.0,
        "{a:?} from {start:?}"
    );
}
