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
