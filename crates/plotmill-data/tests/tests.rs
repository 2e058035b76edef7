//! Integration tests of plotmill-data. One binary, a module per area:
//!
//! - `pandas`: correlation matrices equal, byte for byte, to what pandas
//!   writes for the committed fixtures (`scripts/make_corr_fixtures.py`).
//! - `read_errors`: each kind of bad CSV input gives an error that names the
//!   place and says what to do.
//! - `no_panic`: no byte string, read as CSV, panics the reader.
//! - `blocks`: inputs that span many read blocks, errors late in them.
//! - `thread_count`: results do not depend on the number of threads.
//! - `decimal`: decimal commas (`decimal=','`) as pandas reads them.
//! - `dist`: histogram bins and counts equal numpy's, kernel densities
//!   scipy's (`scripts/make_dist_fixtures.py`).
//! - `cluster`: linkage, dendrogram layout and standardisation equal to
//!   scipy's and seaborn's (`scripts/make_cluster_fixtures.py`).
//! - `labels`: label columns (what a chart colours by) kept as written.

mod blocks;
mod cluster;
mod decimal;
mod dist;
mod labels;
mod no_panic;
mod pandas;
mod read_errors;
mod thread_count;

use plotmill_data::{CsvOptions, CsvTable, Origin, ReadError, read_csv_bytes};

/// The rows of `tests/fixtures/<dir>/<name>`, a TSV file written by a
/// fixture script: `#` comment lines and the header left out, each row's
/// fields.
fn tsv_fixture(dir: &str, name: &str) -> Vec<Vec<String>> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// Reads CSV text with default options.
fn read(text: &[u8]) -> Result<CsvTable, ReadError> {
    read_csv_bytes(text, Origin::Memory, &CsvOptions::default())
}
