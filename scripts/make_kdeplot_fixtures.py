#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/kdeplot.tsv: what seaborn's
kdeplot draws for examples/data/species.csv under a range of options —
the axes' limits, each curve's points in drawing order (line plots), the
legend's labels — for the density tests.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    .venv-peers/bin/python scripts/make_kdeplot_fixtures.py
"""
import json
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "crates", "plotmill-chart", "tests", "fixtures", "kdeplot.tsv")

CASES = [
    {"x": "flipper_length_mm"},
    {"x": "flipper_length_mm", "hue": "species"},
    {"x": "body_mass_g", "hue": "species", "common_norm": False},
    {"x": "body_mass_g", "hue": "sex", "bw_adjust": 0.5, "cut": 0},
    {"x": "bill_length_mm", "hue": "island", "bw_method": "silverman", "gridsize": 50},
    {"x": "bill_length_mm", "clip": [35, 50], "bw_method": 0.4},
    {"x": "body_mass_g", "hue": "species", "common_grid": True, "hue_order": ["Gentoo", "Adelie"]},
    {"x": "flipper_length_mm", "hue": "species", "fill": True},
    {"x": "flipper_length_mm", "hue": "species", "multiple": "stack"},
    {"x": "flipper_length_mm", "hue": "species", "multiple": "fill"},
]


def main():
    df = pd.read_csv(os.path.join(ROOT, "examples", "data", "species.csv"))
    with open(OUT, "w") as f:
        f.write(f"# made by scripts/make_kdeplot_fixtures.py with seaborn {sns.__version__}, matplotlib {matplotlib.__version__}\n")
        f.write("options\txlim\tylim\tcurves\tlegend\n")
        for case in CASES:
            fig, ax = plt.subplots()
            kw = dict(case)
            if "clip" in kw:
                kw["clip"] = tuple(kw["clip"])
            sns.kdeplot(df, ax=ax, **kw)
            curves = ";".join(
                " ".join(f"{float(x)!r},{float(y)!r}" for x, y in zip(line.get_xdata(), line.get_ydata()))
                for line in ax.lines
            )
            legend = ax.get_legend()
            labels = "|".join(t.get_text() for t in legend.get_texts()) if legend else ""
            xlim = " ".join(repr(float(v)) for v in ax.get_xlim())
            ylim = " ".join(repr(float(v)) for v in ax.get_ylim())
            f.write(f"{json.dumps(case)}\t{xlim}\t{ylim}\t{curves or '-'}\t{labels or '-'}\n")
            plt.close(fig)


if __name__ == "__main__":
    main()
