#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/lineplot.json: what
seaborn's lineplot draws for a set of option sets — the axes' limits, the
x tick labels (dates with matplotlib's ConciseDateFormatter, which plotmill
draws: rcParams["date.converter"] = "concise"), the legend, every line's
vertices and colour, each band's extent along y, and each error bar. Also
draws, at dpi 100, the seaborn image of each case that is a reference image
(tests/references/lineplot/<name>.args) as <name>.seaborn.png.

seaborn's bootstrap is seeded (seed=0) so that the fixture is stable;
plotmill's draws differ from numpy's, so its bands are compared within the
bootstrap's noise.

    .venv-peers/bin/python scripts/make_lineplot_fixtures.py
"""
import json
import os
import warnings

import matplotlib
matplotlib.use("Agg")
import matplotlib.collections  # noqa: E402
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from fixture_markers import marker_outline, seaborn_marker  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "crates", "plotmill-chart", "tests", "fixtures", "lineplot.json")
IMAGES = os.path.join(ROOT, "tests", "references", "lineplot")
plt.rcParams["date.converter"] = "concise"

# name, data, plotmill's options (seaborn's arguments).
CASES = [
    ("line-weather-dates", "weather", {"x": "date", "y": "temp_max", "hue": "weather"}),
    ("line-weather-max", "weather",
     {"x": "date", "y": "precipitation", "errorbar": None, "color": "C3", "linewidth": 1}),
    ("line-year-sd", "species", {"x": "year", "y": "body_mass_g", "hue": "species", "errorbar": "sd"}),
    ("line-year-ci", "species", {"x": "year", "y": "flipper_length_mm", "hue": "sex"}),
    ("line-flipper-median-pi", "species",
     {"x": "flipper_length_mm", "y": "body_mass_g", "estimator": "median", "errorbar": ["pi", 50]}),
    # style: dashes by a second column (a legend of two parts), by the
    # hue's own column (one part), alone (dark grey entries); units.
    ("line-year-style", "species",
     {"x": "year", "y": "body_mass_g", "hue": "species", "style": "sex", "errorbar": "sd"}),
    ("line-style-is-hue", "species",
     {"x": "year", "y": "flipper_length_mm", "hue": "island", "style": "island", "errorbar": None}),
    ("line-style-only", "species",
     {"x": "year", "y": "bill_length_mm", "style": "island", "estimator": "median", "errorbar": None,
      "style_order": ["Torgersen", "Dream", "Biscoe"]}),
    ("line-units", "species",
     {"x": "year", "y": "body_mass_g", "hue": "species", "units": "island", "estimator": None}),
    ("line-raw-no-dashes", "species",
     {"x": "flipper_length_mm", "y": "body_mass_g", "style": "sex", "dashes": False, "estimator": None}),
    # markers: seaborn's own per style level, a list (a tuple marker
    # written as plotmill writes it) with a map of dashes, and one marker
    # for every line (matplotlib's marker=, with markersize).
    ("line-style-markers", "species",
     {"x": "year", "y": "body_mass_g", "hue": "species", "style": "sex", "markers": True,
      "errorbar": "sd"}),
    ("line-markers-list", "species",
     {"x": "year", "y": "bill_length_mm", "style": "island", "markers": ["s", "(4, 0, 45)", "v"],
      "dashes": {"Torgersen": "", "Dream": [4, 1.5], "Biscoe": [1, 1]}, "errorbar": None}),
    # err_style="bars": an error bar at each x (matplotlib's errorbar).
    ("line-year-bars", "species",
     {"x": "year", "y": "body_mass_g", "hue": "sex", "errorbar": "sd", "err_style": "bars"}),
    ("line-marker-all", "species",
     {"x": "year", "y": "flipper_length_mm", "hue": "island", "marker": "X", "markersize": 9,
      "errorbar": None}),
    # sort=False: repeated x aggregated in order of first appearance
    # (pandas' groupby(sort=False)); unaggregated points joined in the
    # data's order.
    ("line-unsorted-mean", "species",
     {"x": "year", "y": "body_mass_g", "hue": "species", "sort": False, "errorbar": "sd"}),
    ("line-unsorted-raw", "species",
     {"x": "flipper_length_mm", "y": "body_mass_g", "hue": "sex", "sort": False, "estimator": None}),
    # size: line widths by a text column (the first level thickest) beside
    # a hue, by a numeric one on a range ([min, max] is seaborn's tuple),
    # by a numeric one of many values (a brief legend) with size_norm
    # clipping, by a width per level on the hue's own column (one legend
    # part), and in size_order beside a style (two parts).
    ("line-size-hue", "species", {"x": "year", "y": "body_mass_g", "hue": "species", "size": "sex"}),
    ("line-size-numeric", "species",
     {"x": "flipper_length_mm", "y": "body_mass_g", "size": "year", "sizes": [0.5, 4],
      "estimator": None}),
    ("line-size-brief", "species",
     {"x": "year", "y": "body_mass_g", "size": "flipper_length_mm", "size_norm": [180, 220],
      "errorbar": None}),
    ("line-size-is-hue", "species",
     {"x": "year", "y": "bill_length_mm", "hue": "island", "size": "island",
      "sizes": {"Biscoe": 1, "Dream": 2, "Torgersen": 4}, "errorbar": None}),
    ("line-size-order-style", "species",
     {"x": "year", "y": "flipper_length_mm", "size": "island", "size_order": ["Torgersen", "Dream", "Biscoe"],
      "style": "sex", "errorbar": None}),
]



def rgba(c):
    return [float(v) for v in mcolors.to_rgba(c)]


def main():
    cases = []
    for name, data, spec in CASES:
        path = os.path.join(ROOT, "examples", "data", f"{data}.csv")
        df = pd.read_csv(path, parse_dates=["date"] if data == "weather" else None)
        kw = dict(spec)
        if isinstance(kw.get("markers"), list):
            kw["markers"] = [seaborn_marker(m) for m in kw["markers"]]
        if isinstance(kw.get("dashes"), dict):
            kw["dashes"] = {k: tuple(v) if isinstance(v, list) else v for k, v in kw["dashes"].items()}
        for key in ("errorbar", "sizes", "size_norm"):
            if isinstance(kw.get(key), list):
                kw[key] = tuple(kw[key])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig, ax = plt.subplots()
            sns.lineplot(df, ax=ax, seed=0, **kw)
            fig.canvas.draw()
        lines = []
        for line in ax.lines:
            xy = np.asarray(line.get_xydata(), dtype=float)
            # (errorbar's own line, drawn with no style: not drawn.)
            if len(xy) == 0 or line.get_linestyle() in ("None", ""):
                continue
            seq = line._dash_pattern[1] if line.get_linestyle() not in ("-", "solid") else None
            lines.append({"xy": xy.tolist(), "color": rgba(line.get_color()),
                          "width": float(line.get_linewidth()),
                          "dashes": [float(v) for v in seq] if seq else [],
                          # How the line (or each dash) ends: projecting
                          # reaches half its width past its points.
                          "cap": (line.get_solid_capstyle() if seq is None
                                  else line.get_dash_capstyle()),
                          "marker": marker_outline(line)})
        bands, bars = [], []
        for coll in ax.collections:
            if isinstance(coll, matplotlib.collections.LineCollection):
                for seg in coll.get_segments():
                    bars.append([float(seg[0][0]), float(min(seg[:, 1])), float(max(seg[:, 1]))])
                continue
            for p in coll.get_paths():
                v = p.vertices
                bands.append([float(v[:, 0].min()), float(v[:, 1].min()),
                              float(v[:, 0].max()), float(v[:, 1].max())])
        legend = ax.get_legend()
        cases.append({
            "name": name, "data": f"examples/data/{data}.csv", "options": spec,
            "xlim": list(ax.get_xlim()), "ylim": list(ax.get_ylim()),
            "xticks": [t.get_text() for t in ax.get_xticklabels()
                       if ax.get_xlim()[0] <= t.get_position()[0] <= ax.get_xlim()[1]],
            "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
            "legend_markers": [marker_outline(h) if hasattr(h, "_marker") else None
                               for h in legend.legend_handles] if legend else [],
            # The width and colour of each entry's line (a subtitle's is 0
            # wide).
            "legend_widths": [float(h.get_linewidth()) for h in legend.legend_handles
                              if h.get_visible()] if legend else [],
            "legend_colors": [rgba(h.get_color()) for h in legend.legend_handles
                              if h.get_visible()] if legend else [],
            "lines": lines, "bands": bands, "bars": bars,
        })
        if os.path.exists(os.path.join(IMAGES, f"{name}.args")):
            fig.savefig(os.path.join(IMAGES, f"{name}.seaborn.png"), dpi=100)
        plt.close(fig)
    with open(OUT, "w") as f:
        json.dump({"made_by": f"scripts/make_lineplot_fixtures.py with seaborn {sns.__version__}, "
                              f"matplotlib {matplotlib.__version__}", "cases": cases},
                  f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
