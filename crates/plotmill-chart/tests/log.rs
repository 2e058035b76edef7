//! Log axes against matplotlib's: LogLocator's major and minor ticks and
//! LogFormatterSciNotation's labels on 310 views from a twentieth of a
//! decade to 24 decades (`scripts/make_log_fixtures.py`).

use plotmill_chart::logscale::{LogFormatter, log_minor_ticks, log_ticks};

fn floats(s: &str) -> Vec<f64> {
    s.split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().unwrap())
        .collect()
}

#[test]
fn ticks_and_labels_are_matplotlibs() {
    let text = include_str!("fixtures/log.tsv");
    let mut cases = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let (vmin, vmax): (f64, f64) = (c[0].parse().unwrap(), c[1].parse().unwrap());
        let n: usize = c[2].parse().unwrap();
        let format = LogFormatter::new(vmin, vmax);
        for (what, ticks, want, labels) in [
            ("major", log_ticks(vmin, vmax, n), c[3], c[4]),
            ("minor", log_minor_ticks(vmin, vmax, n), c[5], c[6]),
        ] {
            // Equal to the last bit but for numpy's vectorised power
            // (`10.0 ** decades`), which may be an ulp off the correctly
            // rounded 10^n that plotmill computes.
            let want = floats(want);
            let same = ticks.len() == want.len()
                && ticks
                    .iter()
                    .zip(&want)
                    .all(|(a, b)| (a - b).abs() <= 2.0 * f64::EPSILON * b.abs());
            assert!(
                same,
                "{what} ticks of {vmin}..{vmax}, {n}: {ticks:?} != {want:?}"
            );
            let got: Vec<String> = ticks.iter().map(|&t| format.label(t)).collect();
            let want: Vec<&str> = if ticks.is_empty() {
                Vec::new()
            } else {
                labels.split('|').collect()
            };
            assert_eq!(got, want, "{what} labels of {vmin}..{vmax}, {n}");
        }
        cases += 1;
    }
    assert_eq!(cases, 310);
}
