#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/pairplot.json: what seaborn's
pairplot draws for examples/data/birds.csv under a range of options — the
figure's size, each panel's box and limits, the diagonal twins' y limits,
which panels are drawn and which tick labels show, the legend's title and
labels — for the pair plot tests. Also draws the image of each case that
is a reference image (tests/references/pairplot/<name>.args) at dpi 100,
as <name>.seaborn.png beside plotmill's <name>.png, to look at side by
side.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    .venv-peers/bin/python scripts/make_pairplot_fixtures.py
"""
import json
import os

import matplotlib
import matplotlib.collections
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "crates", "plotmill-chart", "tests", "fixtures", "pairplot.json")
IMAGES = os.path.join(ROOT, "tests", "references", "pairplot")

# name, seaborn's arguments (plotmill's spec takes the same names, but
# `kind` is `pair_kind` and plot_kws/diag_kws are flat).
CASES = [
    ("hue", {"hue": "species"}),
    ("plain", {}),
    ("corner-hist", {"hue": "species", "corner": True, "diag_kind": "hist",
                     "vars": ["bill_length_mm", "flipper_length_mm", "body_mass_g"]}),
    ("xy-vars", {"hue": "sex", "x_vars": ["bill_length_mm", "bill_depth_mm", "body_mass_g"],
                 "y_vars": ["flipper_length_mm", "bill_depth_mm"]}),
    ("diag-none", {"diag_kind": None, "vars": ["bill_depth_mm", "body_mass_g"]}),
    ("reg", {"hue": "species", "kind": "reg", "vars": ["bill_length_mm", "flipper_length_mm"]}),
    ("kde", {"hue": "species", "kind": "kde", "vars": ["bill_length_mm", "bill_depth_mm", "body_mass_g"]}),
    ("kde-corner", {"kind": "kde", "corner": True, "vars": ["flipper_length_mm", "body_mass_g"]}),
    ("hist", {"hue": "species", "kind": "hist", "vars": ["bill_length_mm", "bill_depth_mm", "body_mass_g"]}),
    ("hist-plain", {"kind": "hist", "vars": ["bill_depth_mm", "flipper_length_mm"]}),
    ("dropna-order", {"hue": "sex", "dropna": True, "hue_order": ["Male", "Female"],
                      "palette": "colorblind", "height": 2, "aspect": 1.4,
                      "vars": ["bill_length_mm", "body_mass_g"]}),
]


def main():
    df = pd.read_csv(os.path.join(ROOT, "examples", "data", "birds.csv"))
    os.makedirs(IMAGES, exist_ok=True)
    cases = []
    for name, kw in CASES:
        g = sns.pairplot(df, **kw)
        fig = g.figure
        fig.canvas.draw()
        w, h = fig.get_size_inches()
        panels = []
        for i, row in enumerate(g.axes):
            for j, ax in enumerate(row):
                if ax is None:
                    panels.append({"row": i, "col": j, "visible": False})
                    continue
                b = ax.get_position()
                panel = {
                    "row": i, "col": j, "visible": True,
                    # In points from the figure's top-left corner.
                    "box": [b.x0 * w * 72, (1 - b.y1) * h * 72, b.width * w * 72, b.height * h * 72],
                    "xlim": [float(v) for v in ax.get_xlim()],
                    "ylim": [float(v) for v in ax.get_ylim()],
                    "xticklabels": any(t.get_visible() and t.get_text() for t in ax.get_xticklabels()),
                    "yticklabels": ax.yaxis.get_visible() and any(
                        t.get_visible() and t.get_text() for t in ax.get_yticklabels()),
                    "xlabel": ax.get_xlabel() if ax.xaxis.label.get_visible() else "",
                    "ylabel": ax.get_ylabel() if (ax.yaxis.get_visible() and ax.yaxis.label.get_visible()) else "",
                    "points": sum(len(c.get_offsets()) for c in ax.collections
                                  if isinstance(c, matplotlib.collections.PathCollection)),
                    # Regression lines: their ends, in data values.
                    "lines": [[float(v) for v in (ln.get_xdata()[0], ln.get_ydata()[0],
                                                  ln.get_xdata()[-1], ln.get_ydata()[-1])]
                              for ln in ax.lines if len(ln.get_xdata())],
                }
                panels.append(panel)
        twins = [[float(v) for v in ax.get_ylim()] for ax in (g.diag_axes or [])]
        legend = g.legend
        cases.append({
            "name": name,
            "options": kw,
            "figsize": [float(w), float(h)],
            "panels": panels,
            "twin_ylims": twins,
            "legend_title": legend.get_title().get_text() if legend else None,
            "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
        })
        if os.path.exists(os.path.join(IMAGES, f"{name}.args")):
            fig.savefig(os.path.join(IMAGES, f"{name}.seaborn.png"), dpi=100)
        plt.close(fig)
    with open(OUT, "w") as f:
        json.dump({"made_by": f"scripts/make_pairplot_fixtures.py with seaborn {sns.__version__}, "
                              f"matplotlib {matplotlib.__version__}", "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
