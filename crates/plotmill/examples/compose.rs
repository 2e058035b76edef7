//! A figure composed by hand with the library's Figure/Axes layer
//! (matplotlib's `plt.subplots` model): a histogram, a scatter split into
//! two groups, a running mean with its band, and the column means as
//! categories, with one legend outside the axes and a layout that keeps
//! every label on the page.
//!
//!     cargo run --release -p plotmill --example compose -- examples/data/seed_4x8.csv out/
//!
//! It writes `compose.png` and `compose.svg` into the folder.

#![allow(clippy::print_stdout)] // An example reports what it wrote.

use std::path::Path;

use plotmill::chart::compose::{Figure, FigureLegend, Share, Spines};
use plotmill::chart::{Cap, Dashes};
use plotmill::chart::{Layout, LineStyle};
use plotmill::data::{CsvOptions, read_csv_path};
use plotmill::output::{Durability, write_atomic};
use plotmill::scene::Color;
use plotmill::text::FontBook;
use plotmill::{Format, RenderOptions, encode};

/// matplotlib's first two cycle colors.
const C0: Color = Color::rgb(0.122, 0.467, 0.706);
const C1: Color = Color::rgb(1.0, 0.498, 0.055);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: compose DATA.csv OUT_DIR".into());
    };
    let (input, out) = (Path::new(&input), Path::new(&out));
    std::fs::create_dir_all(out)?;
    let table = read_csv_path(input, &CsvOptions::default())?.table;
    let columns = table.columns();
    let [a, b, c, ..] = columns else {
        return Err(format!("{} needs at least three numeric columns", input.display()).into());
    };
    let (xs, ys, zs) = (a.values(), b.values(), c.values());

    let mut fig = Figure::subplots(2, 2, (9.0, 6.0));
    fig.layout = Layout::Constrained;
    fig.sharey = Share::None;
    fig.suptitle = Some(format!("{} at a glance", input.display()));
    fig.legend = Some(FigureLegend {
        title: Some(format!("{} vs its median", c.name())),
    });

    // A histogram of the first column: 10 bins over its range.
    let (lo, hi) = xs
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let width = (hi - lo) / 10.0;
    let mut counts = vec![0.0; 10];
    for &v in xs.iter().filter(|v| v.is_finite()) {
        let k = (((v - lo) / width) as usize).min(9);
        counts[k] += 1.0;
    }
    let centers = (0..10).map(|k| lo + (k as f64 + 0.5) * width).collect();
    if let Some(ax) = fig.axes_mut(0, 0) {
        ax.bar(centers, counts, width, C0.with_alpha(0.6), "");
        ax.xlabel = a.name().to_owned();
        ax.ylabel = "Count".to_owned();
        ax.spines = Spines::despined();
        ax.grid = true;
    }

    // The first two columns, split by the third at its median.
    let mut sorted: Vec<f64> = zs.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    if let Some(ax) = fig.axes_mut(0, 1) {
        for (above, color, label) in [(false, C0, "below"), (true, C1, "above")] {
            let rows = (0..xs.len()).filter(|&r| (zs[r] > median) == above);
            let (x, y): (Vec<f64>, Vec<f64>) = rows.map(|r| (xs[r], ys[r])).unzip();
            ax.scatter(x, y, color, 36.0, label);
        }
        ax.xlabel = a.name().to_owned();
        ax.ylabel = b.name().to_owned();
    }

    // The running mean of the second column, with ± one standard deviation.
    let (mut mean, mut m2, mut n) = (0.0, 0.0, 0.0);
    let (mut run, mut lower, mut upper) = (Vec::new(), Vec::new(), Vec::new());
    for &v in ys {
        if v.is_finite() {
            n += 1.0;
            let d = v - mean;
            mean += d / n;
            m2 += d * (v - mean);
        }
        let sd = if n > 1.0 {
            (m2 / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        run.push(mean);
        lower.push(mean - sd);
        upper.push(mean + sd);
    }
    let rows: Vec<f64> = (0..ys.len()).map(|r| r as f64).collect();
    if let Some(ax) = fig.axes_mut(1, 0) {
        ax.fill_between(rows.clone(), lower, upper, C0.with_alpha(0.25), "");
        let style = LineStyle {
            color: C0,
            width: 1.5,
            dashes: Dashes::SOLID,
            cap: Cap::Projecting,
        };
        ax.plot(rows, run, style, "");
        ax.xlabel = "row".to_owned();
        ax.ylabel = format!("running mean of {}", b.name());
    }

    // Each column's mean, one category per column.
    let means: Vec<f64> = columns
        .iter()
        .map(|col| {
            let v: Vec<f64> = col
                .values()
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .collect();
            v.iter().sum::<f64>() / v.len().max(1) as f64
        })
        .collect();
    if let Some(ax) = fig.axes_mut(1, 1) {
        ax.xcategories = columns.iter().map(|col| col.name().to_owned()).collect();
        let at = (0..means.len()).map(|k| k as f64).collect();
        ax.bar(at, means, 0.8, Color::rgb(0.5, 0.5, 0.5), "");
        ax.ylabel = "mean".to_owned();
        ax.spines = Spines::despined();
    }

    let fonts = FontBook::new();
    let chart = fig.build(&fonts)?;
    let options = RenderOptions::default();
    let mut bytes = Vec::new();
    for (format, name) in [(Format::Png, "compose.png"), (Format::Svg, "compose.svg")] {
        encode(&chart.scene, &fonts, format, &options, &mut bytes)?;
        write_atomic(&out.join(name), Durability::Atomic, |w| w.write_all(&bytes))?;
    }
    println!("wrote compose.png and compose.svg to {}", out.display());
    Ok(())
}
