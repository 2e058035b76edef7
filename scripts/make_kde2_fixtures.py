#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/kde2.json: what seaborn's
bivariate kdeplot (contour lines) draws for examples/data/birds.csv under a
range of options — the axes' limits, each contour set's levels, and for
each level its lines' count and the box round their points — and the
legend, for the bivariate density tests.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    .venv-peers/bin/python scripts/make_kde2_fixtures.py
"""
import json
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.path import Path  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "crates", "plotmill-chart", "tests", "fixtures", "kde2.json")

CASES = [
    {"x": "bill_length_mm", "y": "bill_depth_mm"},
    {"x": "bill_length_mm", "y": "bill_depth_mm", "hue": "species"},
    {"x": "flipper_length_mm", "y": "body_mass_g", "hue": "species", "common_norm": False},
    {"x": "bill_depth_mm", "y": "body_mass_g", "levels": 5, "thresh": 0.2, "bw_adjust": 0.7},
    {"x": "bill_length_mm", "y": "flipper_length_mm", "hue": "sex", "gridsize": 60, "cut": 1},
]


def main():
    df = pd.read_csv(os.path.join(ROOT, "examples", "data", "birds.csv"))
    cases = []
    for case in CASES:
        fig, ax = plt.subplots()
        sns.kdeplot(df, ax=ax, **case)
        sets = []
        for cset in ax.collections:
            levels = []
            for level, path in zip(cset.levels, cset.get_paths()):
                v, codes = path.vertices, path.codes
                lines = 0 if codes is None else int(np.sum(codes == Path.MOVETO))
                box = [float(v[:, 0].min()), float(v[:, 1].min()),
                       float(v[:, 0].max()), float(v[:, 1].max())] if len(v) else None
                levels.append({"level": float(level), "lines": lines, "box": box})
            sets.append(levels)
        legend = ax.get_legend()
        cases.append({
            "options": case,
            "xlim": [float(v) for v in ax.get_xlim()],
            "ylim": [float(v) for v in ax.get_ylim()],
            "sets": sets,
            "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
        })
        plt.close(fig)
    with open(OUT, "w") as f:
        json.dump({"made_by": f"scripts/make_kde2_fixtures.py with seaborn {sns.__version__}, "
                              f"matplotlib {matplotlib.__version__}", "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
