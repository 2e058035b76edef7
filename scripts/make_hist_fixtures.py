#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/hist.tsv: what seaborn's
histplot draws for examples/data/species.csv under a range of options —
the axes' limits, every bar (x, y, width, height, in drawing order), the
legend's labels and the y label — for the histogram tests.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    .venv-peers/bin/python scripts/make_hist_fixtures.py
"""
import json
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "crates", "plotmill-chart", "tests", "fixtures", "hist.tsv")

CASES = [
    {"x": "flipper_length_mm"},
    {"x": "flipper_length_mm", "hue": "species"},
    {"x": "flipper_length_mm", "hue": "species", "multiple": "stack"},
    {"x": "flipper_length_mm", "hue": "species", "multiple": "dodge", "shrink": 0.8},
    {"x": "flipper_length_mm", "hue": "species", "multiple": "fill"},
    {"x": "bill_length_mm", "hue": "sex", "stat": "density", "common_norm": False},
    {"x": "bill_length_mm", "hue": "sex", "stat": "probability"},
    {"x": "body_mass_g", "bins": 20, "stat": "percent"},
    {"x": "body_mass_g", "binwidth": 250, "hue": "island", "hue_order": ["Dream", "Biscoe"]},
    {"x": "body_mass_g", "bins": "sturges", "cumulative": True, "stat": "density"},
    {"x": "flipper_length_mm", "discrete": True, "hue": "species", "common_bins": False},
    {"x": "bill_length_mm", "binrange": [35, 55], "bins": 8, "stat": "frequency"},
    {"x": "flipper_length_mm", "hue": "species", "element": "step"},
    {"x": "body_mass_g", "hue": "species", "element": "poly", "fill": False},
    {"x": "body_mass_g", "log_scale": True},
    {"x": "body_mass_g", "hue": "species", "log_scale": True, "multiple": "dodge", "shrink": 0.8},
]


def main():
    df = pd.read_csv(os.path.join(ROOT, "examples", "data", "species.csv"))
    with open(OUT, "w") as f:
        f.write(f"# made by scripts/make_hist_fixtures.py with seaborn {sns.__version__}, matplotlib {matplotlib.__version__}\n")
        f.write("options\txlim\tylim\tbars\tlegend\tylabel\n")
        for case in CASES:
            fig, ax = plt.subplots()
            kw = dict(case)
            if "binrange" in kw:
                kw["binrange"] = tuple(kw["binrange"])
            sns.histplot(df, ax=ax, **kw)
            bars = ";".join(
                ",".join(repr(float(v)) for v in (p.get_x(), p.get_y(), p.get_width(), p.get_height()))
                for p in ax.patches
            )
            legend = ax.get_legend()
            labels = "|".join(t.get_text() for t in legend.get_texts()) if legend else ""
            xlim = " ".join(repr(float(v)) for v in ax.get_xlim())
            ylim = " ".join(repr(float(v)) for v in ax.get_ylim())
            f.write(f"{json.dumps(case)}\t{xlim}\t{ylim}\t{bars or '-'}\t{labels or '-'}\t{ax.get_ylabel()}\n")
            plt.close(fig)


if __name__ == "__main__":
    main()
