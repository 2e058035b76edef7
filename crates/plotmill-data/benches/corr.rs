//! Reading CSV and correlating, in-process: `cargo bench -p plotmill-data`.
//!
//! The data is generated (deterministically) in memory, so the numbers are
//! about the code, not the disk. For the side-by-side comparison with pandas
//! on a 1,000,000-row file, see `scripts/bench_corr.py`.

use plotmill_data::{CorrMethod, CorrOptions, CsvOptions, Origin, Table, corr, read_csv_bytes};

fn main() {
    divan::main();
}

/// `rows` x `cols` of pseudo-random decimals with 16-17 significant digits,
/// as Python writes floats.
fn csv(rows: usize, cols: usize) -> Vec<u8> {
    let mut out = String::new();
    out.push_str(
        &(0..cols)
            .map(|c| format!("x{c}"))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    let mut seed = 42u64;
    for _ in 0..rows {
        for c in 0..cols {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = ((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 10.0;
            if c > 0 {
                out.push(',');
            }
            out.push_str(&plotmill_data::py_repr(v));
        }
        out.push('\n');
    }
    out.into_bytes()
}

fn table(rows: usize, cols: usize) -> Table {
    read_csv_bytes(&csv(rows, cols), Origin::Memory, &CsvOptions::default())
        .unwrap()
        .table
}

#[divan::bench(args = [10_000, 100_000])]
fn read_20_columns(bencher: divan::Bencher, rows: usize) {
    let bytes = csv(rows, 20);
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| read_csv_bytes(&bytes, Origin::Memory, &CsvOptions::default()).unwrap());
}

#[divan::bench(args = [CorrMethod::Pearson, CorrMethod::Spearman, CorrMethod::Kendall])]
fn corr_100k_by_10(bencher: divan::Bencher, method: CorrMethod) {
    let t = table(100_000, 10);
    let options = CorrOptions {
        method,
        ..CorrOptions::default()
    };
    bencher.bench(|| corr(&t, &options).unwrap());
}
