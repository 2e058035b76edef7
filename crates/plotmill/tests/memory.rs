//! Memory stays flat: rendering thousands of charts in one process leaves
//! live heap bytes exactly where they were after warm-up.
//!
//! This is its own test binary because it installs a global allocator that
//! counts live bytes, which would see every other test's allocations too.

#![allow(clippy::print_stderr)] // The test reports its measurements.

use plotmill_stage::alloc::{Counting, reset, total};

use plotmill::chart::compose::{Figure, FigureLegend, Legend, Share};
use plotmill::chart::{
    BarplotOptions, BoxplotOptions, ClustermapOptions, CountplotOptions, DensityMultiple,
    HeatmapOptions, HistplotOptions, KdeplotOptions, Layout, LineStyle, LineplotOptions,
    MarkerCode, Matrix, Multiple, OneOrMany, PairplotOptions, PointplotOptions,
    ScatterMatrixOptions, StripColors, StripplotOptions, SwarmplotOptions, ViolinplotOptions,
    barplot, boxplot, clustermap, countplot, heatmap, histplot, kdeplot, lineplot, pairplot,
    pointplot, scatter_matrix, stripplot, swarmplot, violinplot,
};
use plotmill::chart::{Cap, Dashes};
use plotmill::data::{CorrOptions, CsvOptions, corr, read_csv_path};
use plotmill::scene::{Color, Shape};
use plotmill::text::{FontBook, Fonts};
use plotmill::{Format, RenderOptions, encode};

// plotmill's counting allocator (the binary's, for `--mem-report`):
// live bytes, allocations and the peak, in total and by stage.
#[global_allocator]
static ALLOCATOR: Counting<true> = Counting;

/// The counters are global: tests that read them run one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn live() -> i64 {
    total().live
}

/// The most live bytes since `reset`.
fn peak_live() -> i64 {
    total().peak
}

#[test]
fn the_counter_sees_allocations() {
    let _serial = serial();
    // A stage of its own: a test thread ending beside this one may free
    // blocks of its own (thread-locals) at any moment, and the total would
    // move by them.
    use plotmill_stage::{Stage, enter};
    let raster = || {
        plotmill_stage::alloc::usage()
            .into_iter()
            .find(|u| u.stage == Stage::Raster)
            .map_or(0, |u| u.live)
    };
    let (before, allocated) = (raster(), total().allocated);
    let stage = enter(Stage::Raster);
    let v: Vec<u8> = Vec::with_capacity(1 << 20);
    drop(stage);
    assert!(raster() - before >= 1 << 20);
    assert!(total().allocated - allocated >= 1 << 20);
    drop(v);
    assert!(raster() - before < 1 << 20);
}

#[test]
fn thousands_of_charts_leave_the_heap_where_it_was() {
    let _serial = serial();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let seed = read_csv_path(
        &root.join("examples/data/seed_4x8.csv"),
        &CsvOptions::default(),
    )
    .unwrap()
    .table;
    let m = corr(&seed, &CorrOptions::default()).unwrap();
    let matrix = Matrix {
        rows: m.names().to_vec(),
        columns: m.names().to_vec(),
        values: m.values().to_vec(),
    };
    let book = FontBook::new();
    let options = RenderOptions::default();
    let mut out = Vec::new();
    let figure = composed();
    // A histogram by a text hue, with its density curves.
    let species = read_csv_path(
        &root.join("examples/data/species.csv"),
        &CsvOptions {
            labels: vec!["species".into(), "island".into(), "sex".into()],
            ..CsvOptions::default()
        },
    )
    .unwrap()
    .table;
    let hist = HistplotOptions {
        x: "body_mass_g".into(),
        hue: Some("species".into()),
        multiple: Multiple::Stack,
        kde: true,
        ..HistplotOptions::default()
    };
    let density = KdeplotOptions {
        x: "flipper_length_mm".into(),
        hue: Some("species".into()),
        multiple: DensityMultiple::Stack,
        ..KdeplotOptions::default()
    };
    // Filled joint densities by a numeric hue (a small grid: this is about
    // memory, not the picture).
    let joint = KdeplotOptions {
        x: "flipper_length_mm".into(),
        y: Some("body_mass_g".into()),
        hue: Some("year".into()),
        fill: Some(true),
        gridsize: 30,
        levels: 4,
        ..KdeplotOptions::default()
    };
    // A pair plot by the hue, densities on its diagonal.
    let pairs = PairplotOptions {
        hue: Some("species".into()),
        ..PairplotOptions::default()
    };
    // The categorical charts: dodged, notched boxes with their means and
    // fliers, bootstrap error bars, horizontal counts.
    let boxes = BoxplotOptions {
        x: Some("species".into()),
        y: Some("body_mass_g".into()),
        hue: Some("sex".into()),
        notch: true,
        showmeans: true,
        ..BoxplotOptions::default()
    };
    let bars = BarplotOptions {
        x: Some("island".into()),
        y: Some("flipper_length_mm".into()),
        hue: Some("species".into()),
        n_boot: 200,
        ..BarplotOptions::default()
    };
    let counts = CountplotOptions {
        y: Some("island".into()),
        hue: Some("sex".into()),
        ..CountplotOptions::default()
    };
    let violins = ViolinplotOptions {
        x: Some("species".into()),
        y: Some("body_mass_g".into()),
        hue: Some("sex".into()),
        split: true,
        gridsize: 30,
        ..ViolinplotOptions::default()
    };
    // Strips at a numeric column's own values (native_scale).
    let strips = StripplotOptions {
        x: Some("year".into()),
        y: Some("bill_length_mm".into()),
        hue: Some("species".into()),
        native_scale: true,
        ..StripplotOptions::default()
    };
    let swarms = SwarmplotOptions {
        x: Some("flipper_length_mm".into()),
        y: Some("sex".into()),
        ..SwarmplotOptions::default()
    };
    // A line over dates read from text, by a hue.
    let weather = read_csv_path(
        &root.join("examples/data/weather.csv"),
        &CsvOptions {
            labels: vec!["date".into(), "weather".into()],
            ..CsvOptions::default()
        },
    )
    .unwrap()
    .table;
    let lines = LineplotOptions {
        x: "date".into(),
        y: "temp_max".into(),
        hue: Some("weather".into()),
        // Shaped markers on every point (a sprite per run).
        marker: Some(MarkerCode(Shape::Cross)),
        ..LineplotOptions::default()
    };
    // A clustermap of a data set's rows, named by a column, with a colour
    // strip from another (30 columns: the benchmark's size).
    let expression = read_csv_path(
        &root.join("examples/data/expression.csv"),
        &CsvOptions {
            labels: vec!["sample".into(), "tissue".into()],
            ..CsvOptions::default()
        },
    )
    .unwrap()
    .table;
    let clusters = ClustermapOptions {
        index: Some("sample".into()),
        row_colors: Some(StripColors::Column("tissue".into())),
        z_score: Some(1),
        ..ClustermapOptions::default()
    };
    let points = PointplotOptions {
        x: Some("island".into()),
        y: Some("body_mass_g".into()),
        hue: Some("sex".into()),
        n_boot: 200,
        markers: OneOrMany(vec![MarkerCode(Shape::Square), MarkerCode(Shape::Plus)]),
        ..PointplotOptions::default()
    };
    let render_all = |n: usize, out: &mut Vec<u8>| {
        for _ in 0..n {
            for format in [Format::Png, Format::Svg, Format::Pdf] {
                // Text hinted for a PNG, as a spec builds it; by the
                // outlines for the documents.
                let fonts = match format {
                    Format::Png => Fonts::hinted(&book, 100.0),
                    _ => Fonts::outlines(&book),
                };
                let chart = scatter_matrix(&seed, &ScatterMatrixOptions::default(), fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = heatmap(&matrix, &HeatmapOptions::default(), fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = figure.build(fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = histplot(&species, &hist, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = kdeplot(&species, &density, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = kdeplot(&species, &joint, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = pairplot(&species, &pairs, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = boxplot(&species, &boxes, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = barplot(&species, &bars, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = countplot(&species, &counts, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = violinplot(&species, &violins, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = stripplot(&species, &strips, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = swarmplot(&species, &swarms, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = lineplot(&weather, &lines, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = pointplot(&species, &points, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
                let chart = clustermap(&expression, &clusters, fonts).unwrap();
                encode(&chart.scene, &fonts, format, &options, out).unwrap();
            }
        }
    };
    // Warm up: the glyph cache fills, the output buffer reaches its size.
    render_all(20, &mut out);
    let baseline = live();
    let calls = total().count;
    render_all(1000, &mut out);
    let after = live();
    let per_chart = (total().count - calls) / 48000;
    eprintln!(
        "live heap: {baseline} bytes after warm-up, {after} after 48000 more charts; {per_chart} allocations per chart"
    );
    assert_eq!(
        after,
        baseline,
        "live heap bytes grew by {} over 48000 charts",
        after - baseline
    );
    let (cached, capacity) = book.cache_usage();
    assert!(cached <= capacity);
    let (hinted, capacity) = book.hinted_usage();
    assert!(hinted > 0 && hinted <= capacity, "{hinted} of {capacity}");
}

#[test]
fn a_report_holds_no_pages_only_where_each_one_is() {
    let _serial = serial();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let seed = read_csv_path(
        &root.join("examples/data/seed_4x8.csv"),
        &CsvOptions::default(),
    )
    .unwrap()
    .table;
    let fonts = FontBook::new();
    let table = plotmill::render::FontTable::of(&fonts);
    let chart = scatter_matrix(&seed, &ScatterMatrixOptions::default(), &fonts).unwrap();
    let mut report = plotmill::render::PdfWriter::new(std::io::sink()).unwrap();
    report.order_by_bookmark();
    let mut add = |from: usize, n: usize| {
        for i in from..from + n {
            let key = format!("job-{i:06}");
            let mark = plotmill::render::Bookmark {
                key: &key,
                title: &key,
            };
            report.page(&chart.scene, &table, Some(mark)).unwrap();
        }
    };
    add(0, 1000);
    let baseline = live();
    add(1000, 4000);
    let grown = live() - baseline;
    // Each page keeps its key, title and its objects' offsets (about 100
    // bytes, and the lists' spare room as they double); a page itself
    // (its content stream alone is some 20 KB) is never held.
    eprintln!("report: {grown} bytes more after 4000 more pages");
    assert!(
        grown < 4000 * 400,
        "the report grew by {grown} bytes over 4000 pages"
    );
    drop(report);
}

/// A composed figure with every kind of artist, shared axes, a legend in
/// an axes and one outside, laid out by the constrained layout.
fn composed() -> Figure {
    let mut fig = Figure::subplots(2, 2, (8.0, 6.0));
    fig.layout = Layout::Constrained;
    fig.sharex = Share::Col;
    fig.suptitle = Some("composed".into());
    fig.legend = Some(FigureLegend {
        title: Some("groups".into()),
    });
    let xs: Vec<f64> = (0..50).map(f64::from).collect();
    let ys: Vec<f64> = xs.iter().map(|x| (x / 7.0).sin()).collect();
    let grey = Color::rgb(0.5, 0.5, 0.5);
    let style = LineStyle {
        color: Color::BLACK,
        width: 1.5,
        dashes: Dashes::DASHED,
        cap: Cap::Projecting,
    };
    for (r, c) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        let ax = fig.axes_mut(r, c).unwrap();
        ax.scatter(xs.clone(), ys.clone(), Color::BLACK, 20.0, "points");
        ax.plot(xs.clone(), ys.clone(), style, "line");
        let lo = ys.iter().map(|y| y - 0.2).collect();
        let hi = ys.iter().map(|y| y + 0.2).collect();
        ax.fill_between(xs.clone(), lo, hi, grey.with_alpha(0.3), "band");
        ax.bar(vec![10.0, 20.0], vec![0.5, 0.8], 4.0, grey, "bars");
        ax.text((25.0, 0.0), "a note");
        ax.xlabel = format!("x {c}");
        ax.grid = true;
        ax.legend = Some(Legend::default());
    }
    fig
}

/// The batch engine: a run of 1,000 jobs (2,000 charts) needs no more heap
/// at its peak than a run of 100, and leaves the heap where it was.
#[test]
fn a_batch_peaks_the_same_for_100_or_1000_jobs_and_frees_everything() {
    let _serial = serial();
    use plotmill::batch::{BatchOptions, Progress, Source, run};
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/seed_4x8.csv"),
    )
    .unwrap();
    std::fs::write(dir.path().join("seed.csv"), seed).unwrap();
    let manifest = |n: usize| {
        let path = dir.path().join(format!("jobs{n}.jsonl"));
        let lines: String = (0..n)
            .map(|i| format!("{{\"key\": \"k{i}\", \"data\": \"seed.csv\"}}\n"))
            .collect();
        std::fs::write(&path, lines).unwrap();
        Source::Manifest(path)
    };
    let (small, large) = (manifest(100), manifest(1000));
    let batch = |source: &Source, out: &str| {
        let mut options = BatchOptions::new(dir.path().join(out));
        options.workers = 1;
        let stop = std::sync::atomic::AtomicUsize::new(0);
        let before = live();
        reset();
        let summary = run(source, &options, &Progress::default(), &stop).unwrap();
        let peak = peak_live() - before;
        let left = live() - before;
        assert_eq!(summary.failed, 0);
        drop(summary);
        (peak, live() - before, left)
    };
    // Warm up: one-time state (the thread pool of the CSV reader) is made.
    batch(&small, "warm");
    let (peak_small, left_small, _) = batch(&small, "small");
    let (peak_large, left_large, _) = batch(&large, "large");
    eprintln!(
        "batch peak heap: {peak_small} bytes over 100 jobs, {peak_large} over 1000; left after: {left_small}, {left_large}"
    );
    assert_eq!(left_small, 0, "a run of 100 jobs left {left_small} bytes");
    assert_eq!(left_large, 0, "a run of 1000 jobs left {left_large} bytes");
    // The peak is one job's worth (queue and timing move it by kilobytes).
    assert!(
        peak_large <= peak_small + (256 << 10),
        "peak heap grew from {peak_small} (100 jobs) to {peak_large} (1000 jobs)"
    );
}

/// A scatter matrix of 50,000 or of 400,000 rows peaks at the same heap
/// beyond its data: markers are read from the columns in place and counted
/// per pixel, never stored one by one (before, 16 bytes per row and panel:
/// 1,000,000 rows × 8 columns peaked at 1 GiB).
#[test]
fn a_scatter_matrix_needs_no_heap_per_row_beyond_its_data() {
    let _serial = serial();
    use plotmill::data::{Column, ColumnKind, Table};
    let table = |rows: usize| {
        let columns = (0..8)
            .map(|c| {
                let mut s = 0x9e37_79b9_7f4a_7c15u64 ^ c as u64;
                let values = (0..rows)
                    .map(|_| {
                        s = s
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        (s >> 11) as f64 / (1u64 << 53) as f64
                    })
                    .collect();
                Column::new(format!("c{c}"), ColumnKind::Float, values)
            })
            .collect();
        Table::new(rows, columns).unwrap()
    };
    let fonts = FontBook::new();
    let options = RenderOptions::default();
    let mut out = Vec::new();
    let mut peak = |table: &Table| {
        let before = live();
        reset();
        let chart = scatter_matrix(table, &ScatterMatrixOptions::default(), &fonts).unwrap();
        encode(&chart.scene, &fonts, Format::Png, &options, &mut out).unwrap();
        drop(chart);
        peak_live() - before
    };
    let (small, large) = (table(50_000), table(400_000));
    // Warm up: the glyph cache, the output buffer.
    peak(&small);
    peak(&large);
    let (peak_small, peak_large) = (peak(&small), peak(&large));
    eprintln!(
        "scatter-matrix peak heap beyond the data: {peak_small} bytes at 50,000 rows, {peak_large} at 400,000"
    );
    // The 350,000 more rows are 21 MiB of data (and would be 300 MiB of
    // stored centers); the chart's own peak moves by less than 64 KiB, and
    // is about the image: 1200 × 800 pixels of 4 bytes, and its PNG.
    assert!(
        peak_large.abs_diff(peak_small) < 64 << 10,
        "peak heap {peak_small} (50,000 rows) vs {peak_large} (400,000 rows)"
    );
    assert!(
        peak_large < 8 << 20,
        "peak heap {peak_large} at 400,000 rows"
    );
}

/// Spearman and Kendall of a table given up to them (`corr_owned`, what
/// `plotmill corr` does) peak at about the parsed columns: each column's
/// values go as soon as it is ranked or put in order, and the ranks take
/// their place. (Borrowing the table, `corr` holds the ranks on top of the
/// values: about twice the columns.)
#[test]
fn ranked_correlations_of_a_given_table_peak_at_about_its_columns() {
    let _serial = serial();
    use plotmill::data::{Column, ColumnKind, CorrMethod, Table, corr_owned};
    let (rows, k) = (200_000, 10);
    // Uniform values, each missing with probability `missing`.
    let table = |missing: f64| {
        let columns = (0..k)
            .map(|c| {
                let mut s = 0x2545_f491_4f6c_dd1du64 ^ c as u64;
                let mut next = || {
                    s = s
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (s >> 11) as f64 / (1u64 << 53) as f64
                };
                let values = (0..rows)
                    .map(|_| if next() < missing { f64::NAN } else { next() })
                    .collect();
                Column::new(format!("c{c}"), ColumnKind::Float, values)
            })
            .collect();
        Table::new(rows, columns).unwrap()
    };
    // Threads each hold one pair's work; two, as on CI, whatever this
    // machine has.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    for method in [CorrMethod::Spearman, CorrMethod::Kendall] {
        for missing in [0.0, 0.01] {
            let table = table(missing);
            let columns = table.value_bytes() as i64;
            let options = CorrOptions {
                method,
                ..CorrOptions::default()
            };
            // Counted from the live bytes with the table in them: what the
            // computation adds, net of the columns it lets go.
            let before = live();
            reset();
            let m = pool.install(|| corr_owned(table, &options)).unwrap();
            let beyond = peak_live() - before;
            assert!(m.values().iter().all(|v| v.is_finite()));
            drop(m);
            eprintln!(
                "{method} with {missing} missing: peak {beyond} bytes beyond the {columns} bytes of columns"
            );
            // What comes on top of the columns is each thread's work (of
            // 80 bytes a row of values): for Spearman a column's order and
            // ranks, 8 bytes a row per thread, 0.2 of the columns at worst;
            // for Kendall, whose ranks and orders take the values' place,
            // a pair's 12 bytes a row per thread, 0.3. Which steps the two
            // threads overlap varies from run to run (measured: Spearman
            // 0.10 to 0.20, Kendall 0.24 to 0.29).
            let limit = match method {
                CorrMethod::Spearman => columns / 4,
                _ => columns * 7 / 20,
            };
            assert!(
                beyond < limit,
                "{method}, {missing} missing: peak {beyond} bytes beyond {columns} bytes of columns"
            );
        }
    }
}
