#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/hue.json: how seaborn colours
charts by a numeric hue (and by a text hue with a palette that cycles) —
each legend's title, labels and the colour of each legend handle — for
histplot and kdeplot on examples/data/species.csv and pairplot on
examples/data/birds.csv. Also draws, at dpi 100, the seaborn image of each
case that is a reference image (tests/references/<chart>/<name>.args) as
<name>.seaborn.png, to look at beside plotmill's <name>.png.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    .venv-peers/bin/python scripts/make_hue_fixtures.py
"""
import json
import os
import warnings

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "crates", "plotmill-chart", "tests", "fixtures", "hue.json")
IMAGES = os.path.join(ROOT, "tests", "references")

# name, chart, data file, seaborn's arguments.
CASES = [
    ("hist-year", "histplot", "species", {"x": "bill_length_mm", "hue": "year"}),
    ("hist-year-deep", "histplot", "species",
     {"x": "flipper_length_mm", "hue": "year", "palette": "deep", "multiple": "stack"}),
    ("hist-year-viridis", "histplot", "species",
     {"x": "bill_length_mm", "hue": "year", "palette": "viridis", "element": "step"}),
    ("hist-mass-cubehelix", "histplot", "species",
     {"x": "flipper_length_mm", "hue": "bill_length_mm", "palette": "ch:s=.25,rot=-.25",
      "binwidth": 10}),
    ("kde-year", "kdeplot", "species", {"x": "flipper_length_mm", "hue": "year"}),
    ("kde-year-fill", "kdeplot", "species",
     {"x": "body_mass_g", "hue": "year", "fill": True, "palette": "rocket_r"}),
    ("pair-mass", "pairplot", "birds",
     {"hue": "body_mass_g", "vars": ["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]}),
    ("pair-flipper-hist", "pairplot", "birds",
     {"hue": "flipper_length_mm", "vars": ["bill_length_mm", "bill_depth_mm"], "diag_kind": "hist",
      "palette": "viridis"}),
    ("pair-depth-default-vars", "pairplot", "birds", {"hue": "bill_depth_mm"}),
    # A numeric hue's colormap range given (values beyond take its ends).
    ("hist-year-norm", "histplot", "species", {"x": "bill_length_mm", "hue": "year", "hue_norm": [2008, 2020]}),
    ("kde-flipper-norm", "kdeplot", "species",
     {"x": "body_mass_g", "hue": "flipper_length_mm", "hue_norm": [200, 210], "palette": "viridis"}),
    # Palettes as a list (cycling when short) and as colours by level.
    ("hist-species-list", "histplot", "species",
     {"x": "flipper_length_mm", "hue": "species", "palette": ["#1b9e77", "C1", "tab:purple"]}),
    ("hist-island-short-list", "histplot", "species",
     {"x": "bill_length_mm", "hue": "island", "palette": ["C3", "#123456"], "element": "step"}),
    ("kde-sex-dict", "kdeplot", "species",
     {"x": "body_mass_g", "hue": "sex", "palette": {"Male": "C0", "Female": "red"}}),
    ("hist-year-dict", "histplot", "species",
     {"x": "body_mass_g", "hue": "year", "palette": {"2007": "C2", "2008": "black", "2009": "#abcdef"}}),
    ("pair-species-deep-list", "pairplot", "birds",
     {"hue": "species", "vars": ["bill_length_mm", "body_mass_g"], "palette": ["C4", "C5", "C6"]}),
]


def handle_color(h):
    """The RGB of a legend handle: a patch's face (its edge when unfilled),
    a line's colour, a marker's face."""
    if isinstance(h, matplotlib.patches.Patch):
        face = h.get_facecolor()
        return face[:3] if face[3] > 0 else h.get_edgecolor()[:3]
    if isinstance(h, matplotlib.lines.Line2D):
        if h.get_marker() not in (None, "None", ""):
            return matplotlib.colors.to_rgba(h.get_markerfacecolor())[:3]
        return matplotlib.colors.to_rgba(h.get_color())[:3]
    return h.get_facecolor()[0][:3]


def main():
    data = {name: pd.read_csv(os.path.join(ROOT, "examples", "data", f"{name}.csv"))
            for name in ("species", "birds")}
    cases = []
    for name, chart, source, kw in CASES:
        df = data[source]
        spec = dict(kw)
        kw = dict(kw)
        if "hue_norm" in kw:
            kw["hue_norm"] = tuple(kw["hue_norm"])
        if isinstance(kw.get("palette"), dict) and kw["hue"] == "year":
            # seaborn looks a numeric hue's colours up by number.
            kw["palette"] = {int(k): v for k, v in kw["palette"].items()}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if chart == "pairplot":
                g = sns.pairplot(df, **kw)
                fig, legend = g.figure, g.legend
                handles = legend.legend_handles
                vars_ = [ax.get_xlabel() for ax in g.axes[-1]]
            else:
                fig, ax = plt.subplots()
                getattr(sns, chart)(df, ax=ax, **kw)
                legend = ax.get_legend()
                handles = legend.legend_handles
                vars_ = None
        cases.append({
            "name": name,
            "chart": chart,
            "data": source,
            "options": spec,
            "legend_title": legend.get_title().get_text(),
            "legend": [t.get_text() for t in legend.get_texts()],
            "legend_colors": [[float(v) for v in handle_color(h)] for h in handles],
            "vars": vars_,
        })
        if os.path.exists(os.path.join(IMAGES, chart, f"{name}.args")):
            fig.savefig(os.path.join(IMAGES, chart, f"{name}.seaborn.png"), dpi=100)
        plt.close(fig)
    with open(OUT, "w") as f:
        json.dump({"made_by": f"scripts/make_hue_fixtures.py with seaborn {sns.__version__}, "
                              f"matplotlib {matplotlib.__version__}", "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
