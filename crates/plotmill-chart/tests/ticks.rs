use plotmill_chart::ticks::tick_values;

#[test]
fn tick_values_match_matplotlib() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ticks.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (vmin, vmax): (f64, f64) = (f[0].parse().unwrap(), f[1].parse().unwrap());
        let nbins: usize = f[2].parse().unwrap();
        let want: Vec<f64> = f[3].split(' ').map(|t| t.parse().unwrap()).collect();
        let got = tick_values(vmin, vmax, nbins);
        let step = (want.get(1).copied().unwrap_or(1.0) - want[0]).abs();
        let same = got.len() == want.len()
            && got
                .iter()
                .zip(&want)
                .all(|(g, w)| (g - w).abs() <= 1e-9 * step.max(f64::MIN_POSITIVE));
        if !same {
            failures.push(format!(
                "({vmin}, {vmax}, nbins {nbins}): got {got:?}, matplotlib {want:?}"
            ));
        }
        checked += 1;
    }
    assert!(checked >= 300, "only {checked} cases");
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Labels and offset text as matplotlib's ScalarFormatter writes them for
/// the same ticks and view (scripts/make_format_fixtures.py): ranges far
/// from zero (an offset), huge and tiny magnitudes (scientific), negative.
#[test]
fn scalar_formatter_labels_and_offset_text_match_matplotlib() {
    use plotmill_chart::ticks::ScalarFormatter;
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formatter.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let (mut checked, mut with_offset) = (0, 0);
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (vmin, vmax): (f64, f64) = (f[0].parse().unwrap(), f[1].parse().unwrap());
        let ticks: Vec<f64> = f[2].split(' ').map(|t| t.parse().unwrap()).collect();
        let want_labels: Vec<&str> = f[3].split('|').collect();
        let want_offset = f.get(4).copied().unwrap_or("");
        let formatter = ScalarFormatter::new(&ticks, (vmin, vmax));
        let labels: Vec<String> = ticks.iter().map(|&t| formatter.label(t)).collect();
        let offset = formatter.offset_text();
        if labels != want_labels || offset != want_offset {
            failures.push(format!(
                "({vmin:?}, {vmax:?}) {ticks:?}: got {labels:?} '{offset}', matplotlib {want_labels:?} '{want_offset}'"
            ));
        }
        with_offset += usize::from(!want_offset.is_empty());
        checked += 1;
    }
    assert!(
        checked >= 400 && with_offset >= 200,
        "{checked} cases, {with_offset} with an offset text"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
