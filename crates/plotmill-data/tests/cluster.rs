//! Hierarchical clustering against scipy and seaborn
//! (`scripts/make_cluster_fixtures.py`): on 5 data sets, every linkage
//! method with every metric scipy accepts with it, the linkage matrix
//! (which clusters merge, in which order, at what distance, how many
//! observations each holds), the dendrogram's leaf order and every link's
//! corners; and seaborn's `z_score` and `standard_scale` along rows and
//! columns. Distances agree to 1e-12 of the largest, the rest exactly.

use plotmill_data::stats::cluster::{Along, Method, Metric, linkage, standard_scale, z_score};

fn fixture(name: &str) -> Vec<Vec<String>> {
    super::tsv_fixture("cluster", name)
}

fn floats(s: &str) -> Vec<f64> {
    s.split(' ').map(|v| v.parse().unwrap()).collect()
}

fn close(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    let scale = want.iter().fold(1e-300f64, |m, v| m.max(v.abs()));
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-12 * scale || (g.is_nan() && w.is_nan()),
            "{what}[{k}]: {g} vs scipy's {w}"
        );
    }
}

fn by_name<T: Copy>(all: &[T], name: &str, of: impl Fn(T) -> &'static str) -> T {
    *all.iter().find(|m| of(**m) == name).unwrap()
}

#[test]
fn linkage_and_dendrogram_equal_scipys() {
    let rows = fixture("linkage.tsv");
    assert!(rows.len() >= 80, "{} cases", rows.len());
    for r in &rows {
        let what = format!("{} {} {}", r[0], r[3], r[4]);
        let (n, dim): (usize, usize) = (r[1].parse().unwrap(), r[2].parse().unwrap());
        let method = by_name(&Method::ALL, &r[3], Method::name);
        let metric = by_name(&Metric::ALL, &r[4], Metric::name);
        let tree = linkage(&floats(&r[5]), n, dim, method, metric).unwrap();
        let z = floats(&r[6]);
        let merges = tree.merges();
        assert_eq!(merges.len(), n - 1, "{what}");
        for (k, m) in merges.iter().enumerate() {
            let want = &z[4 * k..4 * k + 4];
            assert_eq!(
                (m.left as f64, m.right as f64, m.size as f64),
                (want[0], want[1], want[3]),
                "{what}: merge {k}"
            );
        }
        let distances: Vec<f64> = merges.iter().map(|m| m.distance).collect();
        let want: Vec<f64> = z.chunks(4).map(|c| c[2]).collect();
        close(&distances, &want, &format!("{what}: distances"));
        let d = tree.dendrogram();
        let leaves: Vec<usize> = r[7].split(' ').map(|v| v.parse().unwrap()).collect();
        assert_eq!(d.leaves, leaves, "{what}: leaves");
        let icoord: Vec<f64> = d.links.iter().flatten().map(|p| p.0).collect();
        let dcoord: Vec<f64> = d.links.iter().flatten().map(|p| p.1).collect();
        assert_eq!(icoord, floats(&r[8]), "{what}: icoord");
        close(&dcoord, &floats(&r[9]), &format!("{what}: dcoord"));
    }
}

#[test]
fn z_score_and_standard_scale_equal_seaborns() {
    let rows = fixture("scale.tsv");
    assert_eq!(rows.len(), 20);
    for r in &rows {
        let what = format!("{} {} axis {}", r[0], r[3], r[4]);
        let (n, dim): (usize, usize) = (r[1].parse().unwrap(), r[2].parse().unwrap());
        let along = if r[4] == "0" {
            Along::Rows
        } else {
            Along::Columns
        };
        let mut values = floats(&r[5]);
        match r[3].as_str() {
            "z_score" => z_score(&mut values, n, dim, along),
            _ => standard_scale(&mut values, n, dim, along),
        }
        close(&values, &floats(&r[6]), &what);
    }
}
