#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/kde2.json: what seaborn's
bivariate kdeplot (contour lines) draws for examples/data/birds.csv under a
range of options — the axes' limits, each contour set's levels, and for
each level its lines' count and the box round their points — and the
legend, for the bivariate density tests. With fill=True (contourf): each
set's bands, their colours and the box round the lowest band; seaborn's
image of one beside its reference, tests/references/kdeplot/joint-fill.

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

FILLED = [
    {"x": "bill_length_mm", "y": "bill_depth_mm", "fill": True},
    {"x": "bill_length_mm", "y": "bill_depth_mm", "hue": "species", "fill": True},
    {"x": "flipper_length_mm", "y": "body_mass_g", "hue": "sex", "fill": True, "levels": 4,
     "thresh": 0.1, "alpha": 0.5, "palette": "dark"},
]

# The case drawn beside tests/references/kdeplot/joint-fill.png.
REFERENCE = FILLED[1]


def filled(df):
    cases = []
    for case in FILLED:
        fig, ax = plt.subplots()
        sns.kdeplot(df, ax=ax, **case)
        sets = []
        for cset in ax.collections:
            paths = cset.get_paths()
            v = paths[0].vertices
            sets.append({
                "levels": [float(v) for v in cset.levels],
                # Bands above the level's greatest density are empty.
                "colors": [[float(c) for c in rgba[:3]]
                           for rgba, path in zip(cset.get_facecolor(), paths) if len(path.vertices)],
                "alpha": cset.get_alpha(),
                "box": [float(v[:, 0].min()), float(v[:, 1].min()),
                        float(v[:, 0].max()), float(v[:, 1].max())],
            })
        if case == REFERENCE:
            fig.savefig(os.path.join(ROOT, "tests", "references", "kdeplot", "joint-fill.seaborn.png"), dpi=100)
        legend = ax.get_legend()
        cases.append({
            "options": case,
            "xlim": [float(v) for v in ax.get_xlim()],
            "ylim": [float(v) for v in ax.get_ylim()],
            "sets": sets,
            "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
            "legend_loc": [float(v) for v in legend.get_window_extent().get_points().ravel()]
            if legend else [],
        })
        plt.close(fig)
    return cases


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
                              f"matplotlib {matplotlib.__version__}", "cases": cases, "filled": filled(df)}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
