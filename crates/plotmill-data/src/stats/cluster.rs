//! Hierarchical clustering as seaborn's `clustermap` gets it from scipy:
//! the distances between observations (`scipy.spatial.distance.pdist`),
//! the tree of merges (`scipy.cluster.hierarchy.linkage`), and the leaf
//! order and links that `dendrogram` lays out.
//!
//! The merges come from [kodama], a Rust port of fastcluster, which runs
//! the algorithms scipy runs (a minimum spanning tree for single linkage,
//! the nearest-neighbour chain for complete, average, weighted and Ward,
//! the generic algorithm for centroid and median), works on squared
//! distances where scipy does, and numbers clusters as scipy does (the
//! merges in order of distance, the smaller label first, new clusters
//! numbered from the count of observations up). The fixtures in
//! `tests/fixtures/cluster.json` hold the two to each other.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the distance between two clusters is computed from the distances
/// between their members (scipy's `method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The nearest pair of members.
    Single,
    /// The farthest pair of members.
    Complete,
    /// The mean over all pairs of members (UPGMA; seaborn's default).
    #[default]
    Average,
    /// The mean of the two merged clusters' distances (WPGMA).
    Weighted,
    /// The distance between the clusters' centroids (euclidean only).
    Centroid,
    /// The distance between the clusters' medians, each the midpoint of
    /// the two it merged (WPGMC; euclidean only).
    Median,
    /// The growth in within-cluster variance (euclidean only).
    Ward,
}

impl Method {
    /// Every method, as help texts list them.
    pub const ALL: [Method; 7] = [
        Method::Single,
        Method::Complete,
        Method::Average,
        Method::Weighted,
        Method::Centroid,
        Method::Median,
        Method::Ward,
    ];

    /// The method's name, as scipy spells it.
    pub fn name(self) -> &'static str {
        match self {
            Method::Single => "single",
            Method::Complete => "complete",
            Method::Average => "average",
            Method::Weighted => "weighted",
            Method::Centroid => "centroid",
            Method::Median => "median",
            Method::Ward => "ward",
        }
    }

    /// Whether the method is defined on euclidean distances only (scipy
    /// refuses other metrics for it).
    pub fn needs_euclidean(self) -> bool {
        matches!(self, Method::Centroid | Method::Median | Method::Ward)
    }

    fn kodama(self) -> kodama::Method {
        match self {
            Method::Single => kodama::Method::Single,
            Method::Complete => kodama::Method::Complete,
            Method::Average => kodama::Method::Average,
            Method::Weighted => kodama::Method::Weighted,
            Method::Centroid => kodama::Method::Centroid,
            Method::Median => kodama::Method::Median,
            Method::Ward => kodama::Method::Ward,
        }
    }
}

/// The distance between two observations (scipy's `metric`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// The straight-line distance (seaborn's default).
    #[default]
    Euclidean,
    /// One minus Pearson's correlation of the two observations' values.
    Correlation,
    /// The sum of absolute differences (Manhattan distance).
    Cityblock,
    /// One minus the cosine of the angle between the two observations.
    Cosine,
}

impl Metric {
    /// Every metric, as help texts list them.
    pub const ALL: [Metric; 4] = [
        Metric::Euclidean,
        Metric::Correlation,
        Metric::Cityblock,
        Metric::Cosine,
    ];

    /// The metric's name, as scipy spells it.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Euclidean => "euclidean",
            Metric::Correlation => "correlation",
            Metric::Cityblock => "cityblock",
            Metric::Cosine => "cosine",
        }
    }
}

/// Why observations cannot be clustered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClusterError {
    /// A method defined on euclidean distances with another metric.
    #[error(
        "method {method} is defined on euclidean distances only; use metric euclidean with it, or method average, complete, single or weighted"
    )]
    NeedsEuclidean {
        /// The method's name.
        method: &'static str,
    },
    /// Fewer than two observations.
    #[error("{found} observation(s) cannot be clustered: it takes at least 2")]
    TooFew {
        /// How many there were.
        found: usize,
    },
    /// A distance that is not a number: a missing value, or a correlation
    /// or cosine distance from an observation with no spread or no length.
    #[error("observations {a} and {b} (counting from 0) have no {metric} distance{why}")]
    NotFinite {
        /// The first observation.
        a: usize,
        /// The second.
        b: usize,
        /// The metric's name.
        metric: &'static str,
        /// What to do about it.
        why: &'static str,
    },
}

/// Distances between each pair of the `n` observations of `dim` values in
/// `values` (row by row), in scipy's condensed order: (0, 1), (0, 2), …,
/// (0, n-1), (1, 2), …
pub fn pdist(values: &[f64], n: usize, dim: usize, metric: Metric) -> Vec<f64> {
    debug_assert_eq!(values.len(), n * dim);
    let row = |i: usize| &values[i * dim..(i + 1) * dim];
    // Correlation is the cosine distance of the centred observations.
    let centred: Vec<f64>;
    let (values, metric) = if metric == Metric::Correlation {
        centred = (0..n)
            .flat_map(|i| {
                let r = row(i);
                let mean = r.iter().sum::<f64>() / dim as f64;
                r.iter().map(move |v| v - mean)
            })
            .collect();
        (&centred[..], Metric::Cosine)
    } else {
        (values, metric)
    };
    let row = |i: usize| &values[i * dim..(i + 1) * dim];
    let norms: Vec<f64> = if metric == Metric::Cosine {
        (0..n)
            .map(|i| row(i).iter().map(|v| v * v).sum::<f64>().sqrt())
            .collect()
    } else {
        Vec::new()
    };
    let mut out = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for i in 0..n {
        let u = row(i);
        for j in i + 1..n {
            let v = row(j);
            let d = match metric {
                Metric::Euclidean => u
                    .iter()
                    .zip(v)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f64>()
                    .sqrt(),
                Metric::Cityblock => u.iter().zip(v).map(|(a, b)| (a - b).abs()).sum(),
                Metric::Cosine | Metric::Correlation => {
                    let dot: f64 = u.iter().zip(v).map(|(a, b)| a * b).sum();
                    // scipy clips rounding below 0 and above 2.
                    (1.0 - dot / (norms[i] * norms[j])).clamp(0.0, 2.0)
                }
            };
            out.push(d);
        }
    }
    out
}

/// One merge of two clusters, as a row of scipy's linkage matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    /// The cluster with the smaller label: an observation (below the
    /// count of observations) or an earlier merge (`n + k` for merge k).
    pub left: usize,
    /// The other cluster.
    pub right: usize,
    /// Their distance.
    pub distance: f64,
    /// Observations in the merged cluster.
    pub size: usize,
}

/// The tree of merges over `n` observations: scipy's linkage matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    observations: usize,
    merges: Vec<Merge>,
}

/// A dendrogram's layout, as scipy's `dendrogram` gives it: the leaves
/// left to right, and each merge's link (a ∏ from the left cluster's
/// height up to the merge's and down to the right cluster's).
#[derive(Debug, Clone, PartialEq)]
pub struct Dendrogram {
    /// The observations in leaf order.
    pub leaves: Vec<usize>,
    /// Each link's four corners (position along the leaves, height), the
    /// leaves at 5, 15, 25, …, in scipy's order (each merge after the
    /// links below it, left before right).
    pub links: Vec<[(f64, f64); 4]>,
}

/// Clusters the `n` observations of `dim` values in `values` (row by
/// row) as `scipy.cluster.hierarchy.linkage(values, method, metric)`.
pub fn linkage(
    values: &[f64],
    n: usize,
    dim: usize,
    method: Method,
    metric: Metric,
) -> Result<Tree, ClusterError> {
    if method.needs_euclidean() && metric != Metric::Euclidean {
        return Err(ClusterError::NeedsEuclidean {
            method: method.name(),
        });
    }
    if n < 2 {
        return Err(ClusterError::TooFew { found: n });
    }
    let mut condensed = pdist(values, n, dim, metric);
    if let Some(k) = condensed.iter().position(|d| !d.is_finite()) {
        let (a, b) = pair_of(k, n);
        let why = match metric {
            Metric::Correlation => {
                ": one of them has a missing value, or the same value throughout (no spread to correlate)"
            }
            Metric::Cosine => ": one of them has a missing value, or is all zeros",
            Metric::Euclidean | Metric::Cityblock => ": one of them has a missing value",
        };
        return Err(ClusterError::NotFinite {
            a,
            b,
            metric: metric.name(),
            why,
        });
    }
    let dendrogram = kodama::linkage(&mut condensed, n, method.kodama());
    let merges = dendrogram
        .steps()
        .iter()
        .map(|s| Merge {
            left: s.cluster1.min(s.cluster2),
            right: s.cluster1.max(s.cluster2),
            distance: s.dissimilarity,
            size: s.size,
        })
        .collect();
    Ok(Tree {
        observations: n,
        merges,
    })
}

/// The pair (i, j), i < j, at index `k` of a condensed matrix of `n`.
fn pair_of(mut k: usize, n: usize) -> (usize, usize) {
    for i in 0..n {
        let row = n - 1 - i;
        if k < row {
            return (i, i + 1 + k);
        }
        k -= row;
    }
    (n, n)
}

impl Tree {
    /// How many observations were clustered.
    pub fn observations(&self) -> usize {
        self.observations
    }

    /// The merges, as the rows of scipy's linkage matrix.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// The leaves' order and the links, as scipy's `dendrogram` lays them
    /// out (neither sorted by count nor by distance: each merge's left
    /// cluster first).
    pub fn dendrogram(&self) -> Dendrogram {
        let n = self.observations;
        let mut leaves = Vec::with_capacity(n);
        let mut links = Vec::with_capacity(self.merges.len());
        // Each merge's place along the leaves and its height, once laid out.
        let mut placed = vec![(0.0, 0.0); self.merges.len()];
        let mut leaf_at = vec![0.0; n];
        // Depth-first without recursion (a chain of merges is n deep).
        let mut stack = vec![(2 * n - 2, false)];
        while let Some((node, children_done)) = stack.pop() {
            if node < n {
                leaf_at[node] = 5.0 + 10.0 * leaves.len() as f64;
                leaves.push(node);
                continue;
            }
            let m = self.merges[node - n];
            if !children_done {
                stack.push((node, true));
                stack.push((m.right, false));
                stack.push((m.left, false));
                continue;
            }
            let at = |c: usize| {
                if c < n {
                    (leaf_at[c], 0.0)
                } else {
                    placed[c - n]
                }
            };
            let ((xa, ha), (xb, hb)) = (at(m.left), at(m.right));
            let h = m.distance;
            links.push([(xa, ha), (xa, h), (xb, h), (xb, hb)]);
            placed[node - n] = ((xa + xb) / 2.0, h);
        }
        Dendrogram { leaves, links }
    }
}

/// Which way a standardisation runs over a matrix: seaborn's `z_score`
/// and `standard_scale` axis (0 rows, 1 columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Along {
    /// Each row on its own.
    Rows,
    /// Each column on its own.
    Columns,
}

/// Standardises each row or column of an `nr` x `nc` matrix (row by row):
/// minus its mean, over its standard deviation (n - 1), as seaborn's
/// `z_score` does with pandas (NaN skipped).
pub fn z_score(values: &mut [f64], nr: usize, nc: usize, along: Along) {
    each_line(values, nr, nc, along, |line| {
        let finite: Vec<f64> = line.iter().map(|v| **v).filter(|v| !v.is_nan()).collect();
        let count = finite.len() as f64;
        let mean = finite.iter().sum::<f64>() / count;
        let var = finite.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (count - 1.0);
        let sd = var.sqrt();
        for v in line {
            **v = (**v - mean) / sd;
        }
    });
}

/// Scales each row or column of an `nr` x `nc` matrix to run from 0 to 1
/// (minus its minimum, over its range), as seaborn's `standard_scale`.
pub fn standard_scale(values: &mut [f64], nr: usize, nc: usize, along: Along) {
    each_line(values, nr, nc, along, |line| {
        let finite = line.iter().map(|v| **v).filter(|v| !v.is_nan());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        for v in line {
            **v = (**v - lo) / (hi - lo);
        }
    });
}

/// Calls `f` with each row's or each column's cells.
fn each_line(
    values: &mut [f64],
    nr: usize,
    nc: usize,
    along: Along,
    mut f: impl FnMut(&mut [&mut f64]),
) {
    match along {
        Along::Rows => {
            for row in values.chunks_mut(nc.max(1)).take(nr) {
                let mut cells: Vec<&mut f64> = row.iter_mut().collect();
                f(&mut cells);
            }
        }
        Along::Columns => {
            for j in 0..nc {
                let mut cells: Vec<&mut f64> = values.iter_mut().skip(j).step_by(nc).collect();
                f(&mut cells);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condensed_pairs_are_numbered_row_by_row() {
        let n = 5;
        let mut k = 0;
        for i in 0..n {
            for j in i + 1..n {
                assert_eq!(pair_of(k, n), (i, j));
                k += 1;
            }
        }
    }

    /// Four points on a line at 0, 1, 5, 6: {0,1} and {2,3} merge first,
    /// then the two pairs; the leaves and links as scipy lays them out.
    #[test]
    fn a_tree_of_two_pairs() {
        let values = [0.0, 1.0, 5.0, 6.0];
        let tree = linkage(&values, 4, 1, Method::Single, Metric::Euclidean).unwrap();
        let m = tree.merges();
        assert_eq!((m[0].left, m[0].right, m[0].size), (0, 1, 2));
        assert_eq!((m[1].left, m[1].right, m[1].size), (2, 3, 2));
        assert_eq!((m[2].left, m[2].right, m[2].distance), (4, 5, 4.0));
        let d = tree.dendrogram();
        assert_eq!(d.leaves, [0, 1, 2, 3]);
        assert_eq!(
            d.links,
            [
                [(5.0, 0.0), (5.0, 1.0), (15.0, 1.0), (15.0, 0.0)],
                [(25.0, 0.0), (25.0, 1.0), (35.0, 1.0), (35.0, 0.0)],
                [(10.0, 1.0), (10.0, 4.0), (30.0, 4.0), (30.0, 1.0)],
            ]
        );
    }

    #[test]
    fn bad_input_is_named() {
        let e = linkage(&[0.0, 1.0], 2, 1, Method::Ward, Metric::Cosine).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("method ward is defined on euclidean")
        );
        let e = linkage(&[1.0], 1, 1, Method::Average, Metric::Euclidean).unwrap_err();
        assert_eq!(e, ClusterError::TooFew { found: 1 });
        // A constant observation has no correlation with anything.
        let values = [1.0, 2.0, 3.0, 4.0, 4.0, 4.0, 3.0, 1.0, 0.0];
        let e = linkage(&values, 3, 3, Method::Average, Metric::Correlation).unwrap_err();
        assert!(
            matches!(e, ClusterError::NotFinite { a: 0, b: 1, .. }),
            "{e}"
        );
    }

    #[test]
    fn standardising_rows_and_columns() {
        // 2 x 3, row by row.
        let mut v = [1.0, 2.0, 3.0, 3.0, 6.0, 9.0];
        standard_scale(&mut v, 2, 3, Along::Rows);
        assert_eq!(v, [0.0, 0.5, 1.0, 0.0, 0.5, 1.0]);
        let mut v = [1.0, 2.0, 3.0, 3.0, 6.0, 9.0];
        z_score(&mut v, 2, 3, Along::Columns);
        let s = 1.0 / 2f64.sqrt();
        for (got, want) in v.iter().zip([-s, -s, -s, s, s, s]) {
            assert!((got - want).abs() < 1e-15, "{v:?}");
        }
    }
}
