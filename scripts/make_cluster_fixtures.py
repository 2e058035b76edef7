#!/usr/bin/env python3
"""Writes crates/plotmill-data/tests/fixtures/cluster/{linkage,scale}.tsv:
what scipy and pandas compute for seaborn's clustermap, on data sets of
several shapes.

- linkage.tsv: scipy.cluster.hierarchy.linkage(values, method, metric) for
  every method and every metric it accepts with it (centroid, median and
  ward take euclidean only), the linkage matrix row by row, and what
  dendrogram(Z, no_plot=True) lays out from it: the leaves and each
  link's icoord and dcoord.
- scale.tsv: seaborn's ClusterGrid.z_score and standard_scale (pandas
  mean, std and min/max) along rows (0) and columns (1).

Every float is written with repr, so the Rust tests read back the exact
values. Run with the reference stack (../shared/peers/setup.sh) from the
repo root:
    python scripts/make_cluster_fixtures.py
"""
import os

import numpy as np
import pandas as pd
import seaborn as sns
from scipy.cluster import hierarchy

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-data", "tests", "fixtures", "cluster")

METHODS = ["single", "complete", "average", "weighted", "centroid", "median", "ward"]
METRICS = ["euclidean", "correlation", "cityblock", "cosine"]


def floats(a):
    return " ".join(repr(float(v)) for v in np.ravel(a))


def data_sets():
    rng = np.random.default_rng(20)
    yield "normal-12x5", rng.normal(size=(12, 5))
    yield "skewed-30x8", rng.lognormal(size=(30, 8)) * 10
    # seaborn's clustermap of a correlation matrix: its rows clustered.
    base = rng.normal(size=(200, 3))
    cols = [base[:, k % 3] * (1 + k / 10) + rng.normal(size=200) * (0.3 + k / 15) for k in range(15)]
    yield "corr-15", pd.DataFrame(np.column_stack(cols)).corr().to_numpy()
    yield "pair-2x3", np.array([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]])
    yield "wide-6x40", rng.normal(size=(6, 40)) + np.arange(6)[:, None]


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "linkage.tsv"), "w") as f:
        f.write("# scripts/make_cluster_fixtures.py: scipy linkage and dendrogram\n")
        f.write("case\tn\tdim\tmethod\tmetric\tvalues\tZ\tleaves\ticoord\tdcoord\n")
        for name, values in data_sets():
            n, dim = values.shape
            for method in METHODS:
                for metric in METRICS:
                    if method in ("centroid", "median", "ward") and metric != "euclidean":
                        continue
                    Z = hierarchy.linkage(values, method=method, metric=metric)
                    d = hierarchy.dendrogram(Z, no_plot=True, color_threshold=-np.inf)
                    f.write("\t".join([
                        name, str(n), str(dim), method, metric, floats(values), floats(Z),
                        " ".join(str(i) for i in d["leaves"]), floats(d["icoord"]), floats(d["dcoord"]),
                    ]) + "\n")
    with open(os.path.join(OUT, "scale.tsv"), "w") as f:
        f.write("# scripts/make_cluster_fixtures.py: seaborn ClusterGrid z_score / standard_scale\n")
        f.write("case\tn\tdim\thow\taxis\tvalues\tresult\n")
        for name, values in data_sets():
            n, dim = values.shape
            df = pd.DataFrame(values)
            for how in ("z_score", "standard_scale"):
                for axis in (0, 1):
                    out = getattr(sns.matrix.ClusterGrid, how)(df, axis)
                    f.write("\t".join([name, str(n), str(dim), how, str(axis), floats(values), floats(out.to_numpy())]) + "\n")


main()
