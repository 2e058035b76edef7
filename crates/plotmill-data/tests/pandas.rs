use std::fs;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use plotmill_data::{CorrMethod, CorrOptions, CsvOptions, corr, corr_owned, read_csv_path};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corr")
}

struct Case {
    input: String,
    expected: String,
    method: CorrMethod,
    min_periods: NonZeroUsize,
    csv: CsvOptions,
}

fn cases() -> Vec<Case> {
    let manifest = fs::read_to_string(fixtures().join("cases.tsv")).expect("cases.tsv");
    manifest
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 6, "bad manifest line {line:?}");
            Case {
                input: f[0].to_owned(),
                expected: f[1].to_owned(),
                method: f[2].parse().expect("method"),
                min_periods: f[3].parse().expect("min_periods"),
                csv: CsvOptions {
                    delimiter: match f[4] {
                        "sniff" => None,
                        "tab" => Some(b'\t'),
                        d => Some(d.as_bytes()[0]),
                    },
                    header: f[5] == "1",
                    ..CsvOptions::default()
                },
            }
        })
        .collect()
}

fn render(case: &Case) -> String {
    let read = read_csv_path(&fixtures().join(&case.input), &case.csv)
        .unwrap_or_else(|e| panic!("{}: {e}", case.input));
    let options = CorrOptions {
        method: case.method,
        min_periods: case.min_periods,
    };
    let m = corr(&read.table, &options).unwrap_or_else(|e| panic!("{}: {e}", case.input));
    let mut out = Vec::new();
    m.write_csv(&mut out).unwrap();
    // The owned path (which drops each column once ranked) gives the same
    // bytes as the borrowed one.
    let owned = corr_owned(read.table, &options).unwrap_or_else(|e| panic!("{}: {e}", case.input));
    let mut again = Vec::new();
    owned.write_csv(&mut again).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&out),
        "{} ({}): corr_owned differs from corr",
        case.input,
        case.method
    );
    String::from_utf8(out).unwrap()
}

/// Numbers of a to_csv matrix, NaN for empty cells.
fn numbers(text: &str) -> Vec<f64> {
    let mut r = csv_rows(text);
    r.remove(0);
    r.into_iter()
        .flat_map(|row| row.into_iter().skip(1))
        .map(|c| {
            if c.is_empty() {
                f64::NAN
            } else {
                c.parse().unwrap()
            }
        })
        .collect()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    rdr.records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn matrices_equal_pandas_byte_for_byte() {
    let cases = cases();
    assert!(
        cases.len() >= 90,
        "only {} cases in the manifest",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let expected = fs::read_to_string(fixtures().join(&case.expected)).unwrap();
        let got = render(case);
        if got != expected {
            // Say how far off, to tell rounding from a real difference.
            let worst = numbers(&got)
                .iter()
                .zip(numbers(&expected))
                .map(|(a, b)| {
                    if a.is_nan() && b.is_nan() {
                        0.0
                    } else {
                        (a - b).abs()
                    }
                })
                .fold(0.0, f64::max);
            failures.push(format!(
                "{} ({}, min_periods {}): largest difference {worst:e}\n--- expected\n{expected}--- got\n{got}",
                case.input, case.method, case.min_periods
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn pearson_within_1e12_of_pandas() {
    // The contract is 1e-12; the byte test above is stricter and explains
    // itself less well when rounding alone drifts, so keep both.
    for case in cases().iter().filter(|c| c.method == CorrMethod::Pearson) {
        let expected = numbers(&fs::read_to_string(fixtures().join(&case.expected)).unwrap());
        let got = numbers(&render(case));
        assert_eq!(got.len(), expected.len(), "{}", case.input);
        for (g, e) in got.iter().zip(&expected) {
            assert!(
                (g.is_nan() && e.is_nan()) || (g - e).abs() <= 1e-12,
                "{}: {g} vs pandas {e}",
                case.input
            );
        }
    }
}
