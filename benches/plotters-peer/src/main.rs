//! The service's two charts drawn with plotters 0.3.7 (bitmap backend, PNG
//! written to a file) and with plotmill, on the seed data, at the same pixel
//! sizes, in one run; prints ms per chart and the ratio. Then a histogram
//! by a hue (seaborn's `histplot(x="flipper_length_mm", hue="species")` on
//! examples/data/species.csv): three layered bar sets, half opaque, black
//! edges, axes with ticks, on the same bins. Then a box plot by category
//! and hue (seaborn's `boxplot(x="species", y="body_mass_g", hue="sex")`):
//! plotters' `Boxplot` element (outlined boxes, whiskers to its own
//! quartile rule, no fliers) against plotmill's (filled boxes, fliers,
//! legend). Then a line chart over dates by a hue (seaborn's
//! `lineplot(x="date", y="temp_max", hue="weather")` on
//! examples/data/weather.csv, one value per date and level, so no error
//! band): plotters' `LineSeries`, 2 px wide, a legend, the dates as day
//! numbers labelled year-month, against plotmill's (anti-aliased lines,
//! matplotlib's date ticks, legend).
//!
//!     cargo run --release -- [ITERATIONS]

use std::time::Instant;

use plotmill::chart::{
    BoxplotOptions, HeatmapOptions, HistplotOptions, LineplotOptions, Matrix, ScatterMatrixOptions,
    boxplot, heatmap, histplot, lineplot, scatter_matrix,
};
use plotmill::data::{CorrOptions, CsvOptions, corr, read_csv_path};
use plotmill::scene::Colormap;
use plotmill::text::{FontBook, Fonts};
use plotmill::{Format, RenderOptions, encode};
use plotters::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let table = read_csv_path(
        &root.join("examples/data/seed_4x8.csv"),
        &CsvOptions::default(),
    )?
    .table;
    let cols: Vec<Vec<f64>> = table
        .columns()
        .iter()
        .map(|c| c.values().to_vec())
        .collect();
    let names: Vec<String> = table
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    let dir = std::env::temp_dir().join("plotters-peer");
    std::fs::create_dir_all(&dir)?;
    let cmap = Colormap::from_name("coolwarm")?;

    // Ten rounds of a tenth of the charts each, every chart of both sides
    // in turn in each round, so that a slow spell of the machine (a VM's)
    // falls on both sides alike; medians over all rounds.
    let rounds = iterations.clamp(1, 10);
    let per = iterations.div_ceil(rounds);
    let mut samples: [Vec<f64>; 10] = Default::default();
    // One font book for every round, as a batch keeps one (plotters' font
    // cache lives as long as the process).
    let book = FontBook::new();
    // Text measured as a PNG at 100 dpi measures it (hinted), as the CLI
    // builds these charts.
    let fonts = Fonts::hinted(&book, 100.0);
    for _ in 0..rounds {
        let [
            ps,
            ph,
            ms,
            mh,
            p_hist_t,
            m_hist_t,
            p_box_t,
            m_box_t,
            p_line_t,
            m_line_t,
        ] = &mut samples;

        // plotters: scatter matrix, 1200 x 800.
        let path = dir.join("scatter.png");
        time(ps, per, &mut || {
            let area = BitMapBackend::new(&path, (1200, 800)).into_drawing_area();
            area.fill(&WHITE)?;
            let inner = area.margin(96, 88, 150, 120);
            let n = cols.len();
            for (k, panel) in inner.split_evenly((n, n)).iter().enumerate() {
                let (i, j) = (k / n, k % n);
                let (x, y) = (&cols[j], &cols[i]);
                let range = |v: &[f64]| {
                    let (lo, hi) = v
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                            (a.min(x), b.max(x))
                        });
                    let m = (hi - lo) * 0.05;
                    (lo - m)..(hi + m)
                };
                let mut chart = ChartBuilder::on(&panel.margin(5, 5, 5, 5))
                    .x_label_area_size(if i == n - 1 { 20 } else { 0 })
                    .y_label_area_size(if j == 0 { 30 } else { 0 })
                    .build_cartesian_2d(range(x), range(y))?;
                chart
                    .configure_mesh()
                    .disable_mesh()
                    .x_labels(0)
                    .y_labels(0)
                    .x_desc(&names[j])
                    .y_desc(&names[i])
                    .draw()?;
                chart.draw_series(
                    x.iter()
                        .zip(y)
                        .map(|(&a, &b)| Circle::new((a, b), 2, BLACK.mix(0.5).filled())),
                )?;
            }
            area.present()?;
            Ok(())
        })?;

        // plotters: heatmap, 800 x 600, with annotations and a colorbar.
        let path = dir.join("heatmap.png");
        time(ph, per, &mut || {
            let m = corr(&table, &CorrOptions::default())?;
            let k = m.len();
            let area = BitMapBackend::new(&path, (800, 600)).into_drawing_area();
            area.fill(&WHITE)?;
            let (main, bar) = area.margin(72, 66, 100, 60).split_horizontally(560);
            let mut chart = ChartBuilder::on(&main)
                .x_label_area_size(20)
                .y_label_area_size(20)
                .build_cartesian_2d(0.0..k as f64, k as f64..0.0)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_labels(k)
                .y_labels(k)
                .draw()?;
            let color = |v: f64| {
                let c = cmap.color((v + 1.0) / 2.0).to_rgba8();
                RGBColor(c[0], c[1], c[2])
            };
            chart.draw_series((0..k * k).map(|c| {
                let (i, j) = (c / k, c % k);
                Rectangle::new(
                    [(j as f64, i as f64), (j as f64 + 1.0, i as f64 + 1.0)],
                    color(m.get(i, j)).filled(),
                )
            }))?;
            chart.draw_series((0..k * k).map(|c| {
                let (i, j) = (c / k, c % k);
                Text::new(
                    format!("{:.2}", m.get(i, j)),
                    (j as f64 + 0.4, i as f64 + 0.5),
                    ("sans-serif", 12).into_font(),
                )
            }))?;
            let mut cb = ChartBuilder::on(&bar.margin(0, 0, 40, 100))
                .y_label_area_size(30)
                .build_cartesian_2d(0.0..1.0, -1.0..1.0)?;
            cb.configure_mesh().disable_mesh().x_labels(0).draw()?;
            cb.draw_series((0..256).map(|b| {
                let v = -1.0 + 2.0 * b as f64 / 256.0;
                Rectangle::new([(0.0, v), (1.0, v + 2.0 / 256.0)], color(v).filled())
            }))?;
            area.present()?;
            Ok(())
        })?;

        // plotmill: the same two charts, PNG written to a file.
        let options = RenderOptions::default();
        let mut bytes = Vec::new();
        let out = dir.join("plotmill.png");
        // What each plotmill timing does after building its chart: encode the
        // PNG and write the file, as plotters' side writes its own.
        let mut png_file =
            |chart: plotmill::chart::Chart| -> Result<(), Box<dyn std::error::Error>> {
                encode(&chart.scene, &fonts, Format::Png, &options, &mut bytes)?;
                std::fs::write(&out, &bytes)?;
                Ok(())
            };
        time(ms, per, &mut || {
            png_file(scatter_matrix(
                &table,
                &ScatterMatrixOptions::default(),
                fonts,
            )?)
        })?;
        time(mh, per, &mut || {
            let m = corr(&table, &CorrOptions::default())?;
            let matrix = Matrix {
                rows: m.names().to_vec(),
                columns: m.names().to_vec(),
                values: m.values().to_vec(),
            };
            png_file(heatmap(&matrix, &HeatmapOptions::default(), fonts)?)
        })?;
        // A histogram by a hue, 640 x 480: the species' flipper lengths on
        // numpy's auto bins over all of them (plotmill's bins, for both).
        let species = read_csv_path(
            &root.join("examples/data/species.csv"),
            &CsvOptions {
                labels: vec!["species".into(), "sex".into()],
                ..CsvOptions::default()
            },
        )?
        .table;
        let flipper = species
            .column("flipper_length_mm")
            .ok_or("no flipper_length_mm")?
            .values()
            .to_vec();
        let labels = species.labels("species").ok_or("no species")?;
        let levels = labels.levels().to_vec();
        let groups: Vec<Vec<f64>> = (0..levels.len())
            .map(|l| {
                flipper
                    .iter()
                    .zip(labels.codes())
                    .filter(|(v, c)| v.is_finite() && **c as usize == l)
                    .map(|(v, _)| *v)
                    .collect()
            })
            .collect();
        let all: Vec<f64> = groups.iter().flatten().copied().collect();
        use plotmill::data::stats::bins;
        let edges = bins::bin_edges(&all, bins::Bins::Rule(bins::BinRule::Auto), None)?;
        let colors = [
            RGBColor(31, 119, 180),
            RGBColor(255, 127, 14),
            RGBColor(44, 160, 44),
        ];
        let path = dir.join("hist.png");
        time(p_hist_t, per, &mut || {
            let counts: Vec<Vec<f64>> = groups
                .iter()
                .map(|g| bins::histogram(g, None, &edges))
                .collect();
            let top = counts.iter().flatten().copied().fold(0.0, f64::max) * 1.05;
            let area = BitMapBackend::new(&path, (640, 480)).into_drawing_area();
            area.fill(&WHITE)?;
            let (lo, hi) = (edges[0], edges[edges.len() - 1]);
            let pad = (hi - lo) * 0.05;
            let mut chart = ChartBuilder::on(&area.margin(58, 53, 80, 62))
                .x_label_area_size(30)
                .y_label_area_size(40)
                .build_cartesian_2d(lo - pad..hi + pad, 0.0..top)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_desc("flipper_length_mm")
                .y_desc("Count")
                .draw()?;
            for (g, c) in counts.iter().zip(colors).rev() {
                chart.draw_series(g.iter().zip(edges.windows(2)).map(|(&n, e)| {
                    Rectangle::new([(e[0], 0.0), (e[1], n)], c.mix(0.5).filled())
                }))?;
                chart.draw_series(g.iter().zip(edges.windows(2)).map(|(&n, e)| {
                    Rectangle::new([(e[0], 0.0), (e[1], n)], BLACK.stroke_width(1))
                }))?;
            }
            area.present()?;
            Ok(())
        })?;
        let hist_options = HistplotOptions {
            x: "flipper_length_mm".into(),
            hue: Some("species".into()),
            ..HistplotOptions::default()
        };
        time(m_hist_t, per, &mut || {
            png_file(histplot(&species, &hist_options, fonts)?)
        })?;
        // A box plot by species and sex, 640 x 480.
        let mass = species
            .column("body_mass_g")
            .ok_or("no body_mass_g")?
            .values()
            .to_vec();
        let sex = species.labels("sex").ok_or("no sex")?;
        let sexes = sex.levels().to_vec();
        let cells: Vec<Vec<Vec<f64>>> = (0..levels.len())
            .map(|l| {
                (0..sexes.len())
                    .map(|s| {
                        mass.iter()
                            .zip(labels.codes().iter().zip(sex.codes()))
                            .filter(|(v, (c, x))| {
                                v.is_finite() && **c as usize == l && **x as usize == s
                            })
                            .map(|(v, _)| *v)
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let names: Vec<&str> = levels.iter().map(String::as_str).collect();
        let path = dir.join("box.png");
        time(p_box_t, per, &mut || {
            let area = BitMapBackend::new(&path, (640, 480)).into_drawing_area();
            area.fill(&WHITE)?;
            let (lo, hi) = mass
                .iter()
                .filter(|v| v.is_finite())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            let pad = (hi - lo) * 0.05;
            let mut chart = ChartBuilder::on(&area.margin(58, 53, 80, 62))
                .x_label_area_size(30)
                .y_label_area_size(40)
                .build_cartesian_2d(
                    names[..].into_segmented(),
                    (lo - pad) as f32..(hi + pad) as f32,
                )?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_desc("species")
                .y_desc("body_mass_g")
                .draw()?;
            for (s, color) in sexes.iter().zip(colors) {
                let k = sexes.iter().position(|x| x == s).unwrap_or(0);
                let quartiles: Vec<Quartiles> =
                    cells.iter().map(|c| Quartiles::new(&c[k])).collect();
                chart
                    .draw_series(names.iter().zip(&quartiles).map(|(name, q)| {
                        Boxplot::new_vertical(SegmentValue::CenterOf(name), q)
                            .width(40)
                            .whisker_width(0.5)
                            .style(color)
                            .offset(if k == 0 { -22 } else { 22 })
                    }))?
                    .label(s.as_str())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled())
                    });
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .border_style(BLACK)
                .draw()?;
            area.present()?;
            Ok(())
        })?;
        let box_options = BoxplotOptions {
            x: Some("species".into()),
            y: Some("body_mass_g".into()),
            hue: Some("sex".into()),
            ..BoxplotOptions::default()
        };
        time(m_box_t, per, &mut || {
            png_file(boxplot(&species, &box_options, fonts)?)
        })?;
        // A line chart over dates by a hue, 640 x 480.
        let weather_path = root.join("examples/data/weather.csv");
        let text = std::fs::read_to_string(&weather_path)?;
        let mut names: Vec<String> = Vec::new();
        let mut series: Vec<Vec<(f64, f64)>> = Vec::new();
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let (date, temp, weather) = (f[0], f[2].parse::<f64>()?, f[5]);
            let k = match names.iter().position(|n| n == weather) {
                Some(k) => k,
                None => {
                    names.push(weather.to_owned());
                    series.push(Vec::new());
                    names.len() - 1
                }
            };
            series[k].push((day_number(date).ok_or("bad date")?, temp));
        }
        let palette = [
            RGBColor(31, 119, 180),
            RGBColor(255, 127, 14),
            RGBColor(44, 160, 44),
            RGBColor(214, 39, 40),
            RGBColor(148, 103, 189),
        ];
        let path = dir.join("line.png");
        time(p_line_t, per, &mut || {
            let area = BitMapBackend::new(&path, (640, 480)).into_drawing_area();
            area.fill(&WHITE)?;
            let all = series.iter().flatten();
            let (x0, x1, y0, y1) = all.fold(
                (
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                ),
                |(a, b, c, d), &(x, y)| (a.min(x), b.max(x), c.min(y), d.max(y)),
            );
            let (px, py) = ((x1 - x0) * 0.05, (y1 - y0) * 0.05);
            let mut chart = ChartBuilder::on(&area.margin(58, 53, 80, 62))
                .x_label_area_size(30)
                .y_label_area_size(40)
                .build_cartesian_2d(x0 - px..x1 + px, y0 - py..y1 + py)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_label_formatter(&|d| year_month(*d))
                .x_desc("date")
                .y_desc("temp_max")
                .draw()?;
            for ((name, points), color) in names.iter().zip(&series).zip(palette.iter().cycle()) {
                chart
                    .draw_series(LineSeries::new(
                        points.iter().copied(),
                        color.stroke_width(2),
                    ))?
                    .label(name.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                    });
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperMiddle)
                .border_style(BLACK)
                .draw()?;
            area.present()?;
            Ok(())
        })?;
        let weather = read_csv_path(
            &weather_path,
            &CsvOptions {
                labels: vec!["date".into(), "weather".into()],
                ..CsvOptions::default()
            },
        )?
        .table;
        let line_options = LineplotOptions {
            x: "date".into(),
            y: "temp_max".into(),
            hue: Some("weather".into()),
            ..LineplotOptions::default()
        };
        time(m_line_t, per, &mut || {
            png_file(lineplot(&weather, &line_options, fonts)?)
        })?;
    }
    let [
        p_scatter,
        p_heatmap,
        m_scatter,
        m_heatmap,
        p_hist,
        m_hist,
        p_box,
        m_box,
        p_line,
        m_line,
    ] = samples.map(median);
    println!("chart            plotters ms  plotmill ms   plotters/plotmill");
    println!(
        "scatter matrix   {p_scatter:>11.3} {m_scatter:>12.3}   {:>8.2}x",
        p_scatter / m_scatter
    );
    println!(
        "heatmap          {p_heatmap:>11.3} {m_heatmap:>12.3}   {:>8.2}x",
        p_heatmap / m_heatmap
    );
    println!(
        "histogram (hue)  {p_hist:>11.3} {m_hist:>12.3}   {:>8.2}x",
        p_hist / m_hist
    );
    println!(
        "box plot (hue)   {p_box:>11.3} {m_box:>12.3}   {:>8.2}x",
        p_box / m_box
    );
    println!(
        "line over dates  {p_line:>11.3} {m_line:>12.3}   {:>8.2}x",
        p_line / m_line
    );
    Ok(())
}

/// Draws `n` charts with `f`, adding each one's milliseconds to `into`.
fn time(
    into: &mut Vec<f64>,
    n: usize,
    f: &mut dyn FnMut() -> Result<(), Box<dyn std::error::Error>>,
) -> Result<(), Box<dyn std::error::Error>> {
    for _ in 0..n {
        let s = Instant::now();
        f()?;
        into.push(s.elapsed().as_secs_f64() * 1e3);
    }
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (proleptic Gregorian).
fn day_number(date: &str) -> Option<f64> {
    let mut parts = date.split('-').map(str::parse::<i64>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) as f64)
}

/// A day number's label as `YYYY-MM`.
fn year_month(days: f64) -> String {
    let z = days.floor() as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y}-{m:02}")
}
