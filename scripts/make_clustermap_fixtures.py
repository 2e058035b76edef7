#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/clustermap.json: what
seaborn's clustermap draws for a set of option sets — every axes' place in
the figure (after its tight_layout and the colorbar's move), the
heatmap's tick labels in their clustered order and their rotation, each
colour strip's colours and label, the colorbar's tick labels. Also draws,
at dpi 100, the seaborn image of each case that is a reference image
(tests/references/clustermap/<name>.args) as <name>.seaborn.png.

The options are plotmill's (a spec's fields); `seaborn_call` turns them
into seaborn's arguments the way a seaborn user writes them (set_index,
dropna, df.corr(), a row_colors Series mapped through the palette).

    .venv-peers/bin/python scripts/make_clustermap_fixtures.py
"""
import json
import os
import warnings

import matplotlib
matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "crates", "plotmill-chart", "tests", "fixtures", "clustermap.json")
IMAGES = os.path.join(ROOT, "tests", "references", "clustermap")

# name, data, plotmill's options.
CASES = [
    ("cm-corr", "expression", {"corr": True}),
    ("cm-samples", "expression", {"index": "sample", "row_colors": "tissue", "z_score": 1}),
    ("cm-ward-scaled", "expression",
     {"index": "sample", "method": "ward", "standard_scale": 0, "columns": [f"g{k:02d}" for k in range(1, 13)]}),
    ("cm-spearman-colors", "expression",
     {"corr": True, "corr_method": "spearman", "center": 0, "cmap": "vlag", "method": "complete",
      "metric": "cityblock", "col_colors": {"g01": "red", "g02": "C1", "g03": "#2ca02c"}}),
    ("cm-rows-only", "birds",
     {"dropna": True, "row_cluster": True, "col_cluster": False, "metric": "correlation",
      "method": "single", "dendrogram_ratio": [0.1, 0.25], "cbar_pos": None, "z_score": 1}),
    ("cm-annot", "seed_4x8", {"corr": True, "annot": True, "fmt": ".1f", "linewidths": 0.5,
                              "method": "weighted", "metric": "cosine", "figsize": [7, 7]}),
    ("cm-centroid-median", "birds",
     {"corr": True, "method": "centroid", "colors_ratio": 0.05,
      "row_colors": {"bill_length_mm": "C4", "body_mass_g": "C5"}, "figsize": [6, 6]}),
    ("cm-median", "demo_sales", {"corr": True, "method": "median", "cbar_pos": [0.85, 0.85, 0.03, 0.12]}),
]


def seaborn_call(df, o):
    data = df
    if o.get("index"):
        data = data.set_index(o["index"])
    num = data[o["columns"]] if "columns" in o else data.select_dtypes("number")
    if o.get("dropna"):
        # plotmill's dropna: rows with a missing value among those drawn.
        num = num.dropna()
        data = data.loc[num.index]
    if o.get("corr"):
        num = num.corr(method=o.get("corr_method", "pearson"))
    kw = {}
    for k in ("method", "metric", "z_score", "standard_scale", "row_cluster", "col_cluster",
              "dendrogram_ratio", "colors_ratio", "cmap", "center", "vmin", "vmax", "annot",
              "fmt", "linewidths", "figsize"):
        if k in o:
            kw[k] = tuple(o[k]) if isinstance(o[k], list) else o[k]
    if "cbar_pos" in o:
        kw["cbar_pos"] = None if o["cbar_pos"] is None else tuple(o["cbar_pos"])
    for key, names in (("row_colors", num.index), ("col_colors", num.columns)):
        spec = o.get(key)
        if isinstance(spec, str):
            lut = dict(zip(data[spec].unique(), sns.color_palette()))
            kw[key] = data[spec].map(lut)
        elif isinstance(spec, dict):
            kw[key] = [spec.get(n, "white") for n in names]
    return num, kw


def bounds(ax, fig):
    x0, y0, w, h = ax.get_position().bounds
    return [x0, y0, w, h]


def main():
    os.makedirs(IMAGES, exist_ok=True)
    cases = []
    for name, data, spec in CASES:
        df = pd.read_csv(os.path.join(ROOT, "examples", "data", f"{data}.csv"))
        num, kw = seaborn_call(df, spec)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g = sns.clustermap(num, **kw)
            g.figure.canvas.draw()
        fig = g.figure
        axes = [("row_dendrogram", g.ax_row_dendrogram), ("col_dendrogram", g.ax_col_dendrogram)]
        if g.ax_row_colors is not None:
            axes.append(("row_colors", g.ax_row_colors))
        if g.ax_col_colors is not None:
            axes.append(("col_colors", g.ax_col_colors))
        axes.append(("heatmap", g.ax_heatmap))
        if g.ax_cbar is not None:
            axes.append(("cbar", g.ax_cbar))
        hm = g.ax_heatmap
        strips = {}
        for key, ax in (("row_colors", g.ax_row_colors), ("col_colors", g.ax_col_colors)):
            if ax is None:
                continue
            mesh = ax.collections[0]
            rgba = mesh.cmap(mesh.norm(mesh.get_array().ravel()))
            strips[key] = {
                "colors": [[float(c) for c in mcolors.to_rgb(v)] for v in rgba],
                "labels": [t.get_text() for t in (ax.get_xticklabels() if key == "row_colors"
                                                  else ax.get_yticklabels())],
            }
        cases.append({
            "name": name, "data": f"examples/data/{data}.csv", "options": spec,
            "axes": [{"name": n, "bounds": bounds(a, fig)} for n, a in axes],
            "xticklabels": [t.get_text() for t in hm.get_xticklabels()],
            "yticklabels": [t.get_text() for t in hm.get_yticklabels()],
            "rotation": [hm.get_xticklabels()[0].get_rotation() if hm.get_xticklabels() else 0.0,
                         hm.get_yticklabels()[0].get_rotation() if hm.get_yticklabels() else 0.0],
            "ylabel": hm.get_ylabel(),
            # The ticks matplotlib draws (within its closeness of the ends).
            "cbar_ticks": [t.label2.get_text() for t in g.ax_cbar.yaxis._update_ticks()]
            if g.ax_cbar else [],
            "strips": strips,
            "row_leaves": g.dendrogram_row.reordered_ind if g.dendrogram_row else None,
            "col_leaves": g.dendrogram_col.reordered_ind if g.dendrogram_col else None,
        })
        if os.path.exists(os.path.join(IMAGES, f"{name}.args")):
            fig.savefig(os.path.join(IMAGES, f"{name}.seaborn.png"), dpi=100)
        plt.close(fig)
    with open(OUT, "w") as f:
        json.dump({"made_by": f"scripts/make_clustermap_fixtures.py with seaborn {sns.__version__}, "
                              f"matplotlib {matplotlib.__version__}", "cases": cases},
                  f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
