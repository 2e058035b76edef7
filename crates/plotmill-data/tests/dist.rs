//! Distribution statistics against numpy and scipy
//! (`scripts/make_dist_fixtures.py`): seaborn's histogram bins and numpy's
//! counts on 10 data sets x up to 15 bin choices, and scipy's
//! `gaussian_kde` (Scott, Silverman, a scalar factor; weights; seaborn's
//! `bw_adjust`, `cut`, `clip`, `gridsize`) on its support grid, univariate
//! and bivariate. Densities agree to 1e-13 of their peak (the issue asks
//! 1e-9), bin edges to 1e-15 of the largest, counts exactly.

use plotmill_data::stats::bins::{BinRule, Bins, bin_edges, histogram};
use plotmill_data::stats::kde::{Bandwidth, Kde, Kde2};

fn fixture(name: &str) -> Vec<Vec<String>> {
    super::tsv_fixture("dist", name)
}

fn floats(s: &str) -> Vec<f64> {
    if s == "-" {
        return Vec::new();
    }
    s.split(' ').map(|v| v.parse().unwrap()).collect()
}

fn close(got: &[f64], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    let scale = want
        .iter()
        .fold(0.0f64, |m, v| m.max(v.abs()))
        .max(f64::MIN_POSITIVE);
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol * scale,
            "{what}: value {k}: {g} vs {w}"
        );
    }
}

fn parse_bins(spec: &str) -> (Bins, Option<(f64, f64)>) {
    let mut words = spec.split(' ');
    let first = words.next().unwrap();
    let bins = match first {
        "discrete" => Bins::Discrete,
        "width" => Bins::Width(words.next().unwrap().parse().unwrap()),
        rule => match BinRule::from_name(rule) {
            Some(r) => Bins::Rule(r),
            None => Bins::Count(rule.parse().unwrap()),
        },
    };
    let range = match words.next() {
        Some("range") => {
            let a = words.next().unwrap().parse().unwrap();
            let b = words.next().unwrap().parse().unwrap();
            Some((a, b))
        }
        _ => None,
    };
    (bins, range)
}

#[test]
fn bins_and_counts_are_numpys() {
    let rows = fixture("bins.tsv");
    assert!(rows.len() > 120, "{} cases", rows.len());
    for row in &rows {
        let what = format!("{} bins={}", row[0], row[1]);
        let (bins, range) = parse_bins(&row[1]);
        let x = floats(&row[2]);
        let w = floats(&row[3]);
        let edges = bin_edges(&x, bins, range).unwrap_or_else(|e| panic!("{what}: {e}"));
        close(&edges, &floats(&row[4]), 1e-15, &what);
        let counts = histogram(&x, (!w.is_empty()).then_some(&w[..]), &edges);
        let want = floats(&row[5]);
        if w.is_empty() {
            assert_eq!(counts, want, "{what}: counts");
        } else {
            close(&counts, &want, 1e-12, &format!("{what}: weighted counts"));
        }
    }
}

fn bandwidth(s: &str) -> Bandwidth {
    match s {
        "scott" => Bandwidth::Scott,
        "silverman" => Bandwidth::Silverman,
        f => Bandwidth::Factor(f.parse().unwrap()),
    }
}

#[test]
fn densities_are_scipys_on_seaborns_grid() {
    let rows = fixture("kde.tsv");
    assert!(rows.len() >= 40, "{} cases", rows.len());
    for row in &rows {
        let what = format!(
            "{} bw={} adjust={} cut={} clip={}",
            row[0], row[1], row[2], row[3], row[4]
        );
        let x = floats(&row[6]);
        let w = floats(&row[7]);
        let kde = Kde::fit(
            &x,
            (!w.is_empty()).then_some(&w[..]),
            bandwidth(&row[1]),
            row[2].parse().unwrap(),
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));
        let clip = match floats(&row[4].replace("None", "nan"))[..] {
            [a, b] => (a.is_finite().then_some(a), b.is_finite().then_some(b)),
            _ => (None, None),
        };
        let grid = kde.support(row[3].parse().unwrap(), clip, row[5].parse().unwrap());
        close(&grid, &floats(&row[8]), 1e-12, &format!("{what}: support"));
        close(
            &kde.evaluate(&grid),
            &floats(&row[9]),
            1e-9,
            &format!("{what}: density"),
        );
        // The grid is evenly spaced: summed by the recurrence, the same
        // densities as one exponential per value and point, to 1e-13 of
        // the peak.
        let fast = kde.evaluate_even(&grid).expect("an even grid");
        let exact = kde.evaluate_each(&grid);
        let peak = exact.iter().copied().fold(0.0, f64::max);
        for (a, b) in fast.iter().zip(&exact) {
            assert!((a - b).abs() <= 1e-13 * peak, "{what}: {a} vs {b}");
        }
        // Points not evenly spaced are summed one by one.
        let mut uneven = grid.clone();
        uneven[1] += 0.25 * (grid[1] - grid[0]);
        assert!(kde.evaluate_even(&uneven).is_none());
        assert_eq!(kde.evaluate(&uneven), kde.evaluate_each(&uneven));
    }
}

#[test]
fn bivariate_densities_are_scipys() {
    let rows = fixture("kde2.tsv");
    assert_eq!(rows.len(), 6);
    for row in &rows {
        let what = format!("{} bw={}", row[0], row[1]);
        let (x, y) = (floats(&row[2]), floats(&row[3]));
        let kde = Kde2::fit(&x, &y, None, bandwidth(&row[1]), 1.0).unwrap();
        let (gx, gy) = kde.support(3.0, (None, None), 30);
        close(&gx, &floats(&row[4]), 1e-12, &format!("{what}: grid x"));
        let gy_want = floats(&row[5]);
        // The fixture's y grid has 20 points; seaborn's is gridsize each way.
        let (_, gy20) = kde.support(3.0, (None, None), 20);
        close(&gy20, &gy_want, 1e-12, &format!("{what}: grid y"));
        assert_eq!(gy.len(), 30);
        let points: Vec<(f64, f64)> = gy_want
            .iter()
            .flat_map(|&yv| gx.iter().map(move |&xv| (xv, yv)))
            .collect();
        close(
            &kde.evaluate(&points),
            &floats(&row[6]),
            1e-9,
            &format!("{what}: density"),
        );
        // On seaborn's own grid (evenly spaced both ways), the recurrence
        // gives the same densities to 1e-13 of the peak.
        let (gx, gy) = kde.support(3.0, (None, None), 200);
        let points = grid_points(&gx, &gy);
        let exact = kde.evaluate(&points);
        let peak = exact.iter().copied().fold(0.0, f64::max);
        let product = kde.evaluate_grid_by_product(&gx, &gy).expect("in range");
        for (how, fast) in [
            ("product", product),
            ("recurrence", kde.evaluate_grid_by_recurrence(&gx, &gy)),
        ] {
            let worst = exact
                .iter()
                .zip(&fast)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            assert!(
                worst <= 1e-13 * peak,
                "{what}: grid by {how} off by {worst:e} of {peak:e}"
            );
        }
    }
}

/// The grid's points row by row, as `evaluate_grid` lays them out.
fn grid_points(gx: &[f64], gy: &[f64]) -> Vec<(f64, f64)> {
    gy.iter()
        .flat_map(|&yv| gx.iter().map(move |&xv| (xv, yv)))
        .collect()
}

/// Data far from the origin, nearly on a line, few or many points, wide
/// or narrow grids: the grid by products is the direct sums to 1e-13 of
/// the peak; where its factors would leave a float's range the recurrence
/// is used, within 1e-9.
#[test]
fn joint_density_grids_hold_for_awkward_data() {
    let mut state = 7u64;
    let mut next = move || {
        // SplitMix64, as a uniform in [0, 1).
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let cases: [(usize, f64, f64, f64); 5] = [
        (300, 0.0, 0.9, 1.0),
        (50, 1e4, 0.999, 1.0),
        (1000, -40.0, -0.7, 1e-3),
        (7, 5.0, 0.2, 1e4),
        (400, 0.0, 0.9999, 1.0),
    ];
    let mut used_product = 0;
    for (n, offset, rho, scale) in cases {
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let (a, b) = (next() - 0.5, next() - 0.5);
            x.push(offset + scale * a);
            y.push(offset + scale * (rho * a + (1.0 - rho * rho).sqrt() * b));
        }
        let kde = Kde2::fit(&x, &y, None, Bandwidth::Scott, 1.0).unwrap();
        let (gx, gy) = kde.support(3.0, (None, None), 120);
        let points = grid_points(&gx, &gy);
        let exact = kde.evaluate(&points);
        let peak = exact.iter().copied().fold(0.0, f64::max);
        used_product += usize::from(kde.evaluate_grid_by_product(&gx, &gy).is_some());
        let grid = kde.evaluate_grid(&gx, &gy);
        let worst = exact
            .iter()
            .zip(&grid)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        // By products to 1e-13 of the peak; the recurrence's long runs
        // (nearly collinear data) lose more, within scipy's 1e-9.
        let by_product = kde.evaluate_grid_by_product(&gx, &gy).is_some();
        let tolerance = if by_product { 1e-13 } else { 1e-9 };
        assert!(
            worst <= tolerance * peak,
            "n {n}, offset {offset}, rho {rho}: off by {worst:e} of {peak:e} (by product: {by_product})"
        );
    }
    assert!(used_product >= 3, "{used_product}");
}

#[test]
fn a_flat_or_tiny_sample_has_no_density() {
    use plotmill_data::stats::kde::KdeError;
    assert_eq!(
        Kde::fit(&[2.0, 2.0, 2.0], None, Bandwidth::Scott, 1.0),
        Err(KdeError::Singular)
    );
    assert_eq!(
        Kde::fit(&[1.0, f64::NAN], None, Bandwidth::Scott, 1.0),
        Err(KdeError::TooFew(1))
    );
    assert_eq!(
        Kde::fit(&[1.0, 2.0], Some(&[1.0, -1.0]), Bandwidth::Scott, 1.0),
        Err(KdeError::Weights)
    );
}

#[test]
fn quantile_levels_are_seaborns() {
    // seaborn's _quantile_to_level on the same values (a list ravelled).
    use plotmill_data::stats::kde::quantile_levels;
    let a = [1.0, 2.0, 3.0, 4.0];
    let b = [10.0, 0.5];
    let q: Vec<f64> = (0..5).map(|k| k as f64 * 0.2375 + 0.05).collect();
    assert_eq!(quantile_levels(&[&a, &b], &q), [1.0, 3.0, 10.0, 10.0, 10.0]);
    assert_eq!(quantile_levels(&[&a], &[0.0, 0.3, 0.99]), [1.0, 3.0, 4.0]);
    assert!(quantile_levels(&[], &[0.5])[0].is_nan());
}
