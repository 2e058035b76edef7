#!/usr/bin/env python3
"""Writes examples/data/expression.csv: a synthetic gene-expression table
for the clustermap (60 samples from three tissues, 30 genes in four
co-expressed modules plus noise), so that both of seaborn's clustermap
uses have structure to find:

    plotmill clustermap examples/data/expression.csv --corr -o cm.png
    plotmill clustermap examples/data/expression.csv --index sample \
        --row-colors tissue --z-score 1 -o samples.png

Deterministic (numpy's default_rng(7)); values rounded to 3 decimals.
Run from the repo root with any Python that has numpy:
    python scripts/make_expression_data.py
"""
import os

import numpy as np

rng = np.random.default_rng(7)
tissues = ["liver", "brain", "muscle"]
n_per, n_genes = 20, 30
# Each module's activity per tissue; genes load on one module.
activity = {"liver": [2.0, 0.2, 0.5, 1.0], "brain": [0.3, 2.2, 0.4, 1.0], "muscle": [0.5, 0.4, 2.4, 1.0]}
module = [k % 4 for k in range(n_genes)]
rows = []
for t in tissues:
    for i in range(n_per):
        latent = np.array(activity[t]) + rng.normal(scale=0.35, size=4)
        expr = [
            5 + 1.5 * latent[module[g]] * (0.6 + 0.05 * g) + rng.normal(scale=0.4 + 0.02 * g)
            for g in range(n_genes)
        ]
        rows.append((f"{t[:2]}{i + 1:02d}", t, expr))
order = rng.permutation(len(rows))
out = os.path.join(os.path.dirname(__file__), "..", "examples", "data", "expression.csv")
with open(out, "w") as f:
    f.write("sample,tissue," + ",".join(f"g{g + 1:02d}" for g in range(n_genes)) + "\n")
    for k in order:
        name, t, expr = rows[k]
        f.write(f"{name},{t}," + ",".join(f"{v:.3f}" for v in expr) + "\n")
