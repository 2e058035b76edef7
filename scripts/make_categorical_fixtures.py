#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/categorical.json: what
seaborn's boxplot, barplot and countplot draw on examples/data/species.csv
for a set of option sets — the axes' limits, tick labels, legend, every box
and bar (corners in data values, face and edge colours), every line segment
of whiskers, caps, medians and error bars (ends, colour, width) and every
flier. Also draws, at dpi 100, the seaborn image of each case that is a
reference image (tests/references/<chart>/<name>.args) as
<name>.seaborn.png, to look at beside plotmill's <name>.png.

Cases with native_scale draw examples/data/doses.csv (written here, from
a seeded generator: a dose of 0.5, 1 or 2 on a visit date, by supplement),
whose category columns are numbers and dates at uneven gaps.

seaborn's bootstrap is seeded here (seed=0) so that the fixture is stable;
plotmill's draws differ from numpy's, so its confidence intervals are
compared to these within the bootstrap's noise, not exactly.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    .venv-peers/bin/python scripts/make_categorical_fixtures.py
"""
import json
import math
import os
import warnings

import matplotlib
matplotlib.use("Agg")
import matplotlib.backend_bases  # noqa: E402
import matplotlib.collections  # noqa: E402
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

# A date axis as plotmill draws it (and the line plot's fixture records).
plt.rcParams["date.converter"] = "concise"

from fixture_markers import marker_outline, seaborn_marker  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "crates", "plotmill-chart", "tests", "fixtures", "categorical.json")
IMAGES = os.path.join(ROOT, "tests", "references")

S = "species"
# name, chart, seaborn's arguments (as plotmill's options: JSON).
CASES = [
    ("box-species-sex", "boxplot", {"x": "species", "y": "body_mass_g", "hue": "sex"}),
    ("box-island-h", "boxplot", {"x": "body_mass_g", "y": "island"}),
    ("box-whis-gap", "boxplot", {"x": "species", "y": "flipper_length_mm", "whis": [5, 95], "gap": 0.1}),
    ("box-nofill", "boxplot", {"x": "island", "y": "bill_length_mm", "hue": "species", "fill": False}),
    ("box-order", "boxplot",
     {"x": "species", "y": "bill_length_mm", "order": ["Chinstrap", "Adelie"], "hue": "sex",
      "hue_order": ["Male", "Female"], "width": 0.6, "whis": 1.0}),
    ("box-year", "boxplot", {"x": "year", "y": "body_mass_g", "showfliers": False, "color": "C2"}),
    ("box-log", "boxplot", {"x": "species", "y": "body_mass_g", "log_scale": True, "linecolor": "red",
                            "linewidth": 2, "fliersize": 8}),
    ("box-redundant", "boxplot", {"x": "species", "y": "flipper_length_mm", "hue": "species"}),
    ("box-dodge-off", "boxplot", {"x": "island", "y": "body_mass_g", "hue": "sex", "dodge": False,
                                  "saturation": 1.0, "palette": "deep"}),
    ("box-single", "boxplot", {"y": "flipper_length_mm"}),
    # matplotlib's bxp options, passed through: notched boxes (the median's
    # confidence interval) and each group's mean as a marker.
    ("box-notch-means", "boxplot",
     {"x": "species", "y": "body_mass_g", "hue": "sex", "notch": True, "showmeans": True}),
    ("box-notch-h-log", "boxplot",
     {"x": "bill_length_mm", "y": "island", "notch": True, "showmeans": True, "log_scale": True}),
    ("box-meanline", "boxplot",
     {"x": "species", "y": "flipper_length_mm", "hue": "sex", "showmeans": True, "meanline": True}),
    ("bar-island-sex", "barplot", {"x": "island", "y": "body_mass_g", "hue": "sex"}),
    ("bar-sd", "barplot", {"x": "species", "y": "bill_length_mm", "errorbar": "sd"}),
    ("bar-pi-median", "barplot",
     {"x": "species", "y": "body_mass_g", "estimator": "median", "errorbar": ["pi", 50], "capsize": 0.2}),
    ("bar-se-h", "barplot", {"x": "flipper_length_mm", "y": "species", "errorbar": ["se", 2]}),
    ("bar-sum-none", "barplot",
     {"x": "island", "y": "body_mass_g", "hue": "species", "estimator": "sum", "errorbar": None}),
    ("bar-nofill", "barplot", {"x": "sex", "y": "flipper_length_mm", "fill": False, "errorbar": "sd"}),
    ("bar-ci-hue-cap", "barplot",
     {"x": "species", "y": "flipper_length_mm", "hue": "year", "capsize": 0.4, "palette": "viridis"}),
    ("count-island-species", "countplot", {"x": "island", "hue": "species"}),
    ("count-y-percent", "countplot", {"y": "species", "stat": "percent"}),
    ("count-year-sex", "countplot", {"x": "year", "hue": "sex", "gap": 0.2}),
    ("count-nofill", "countplot", {"x": "island", "fill": False}),
    ("violin-species-sex", "violinplot", {"x": "species", "y": "body_mass_g", "hue": "sex"}),
    ("violin-split-quart", "violinplot",
     {"x": "species", "y": "body_mass_g", "hue": "sex", "split": True, "inner": "quart"}),
    ("violin-stick-h", "violinplot", {"x": "flipper_length_mm", "y": "island", "inner": "stick"}),
    ("violin-count-point", "violinplot",
     {"x": "island", "y": "bill_length_mm", "hue": "species", "inner": "point", "density_norm": "count",
      "cut": 0, "bw_adjust": 0.5, "gridsize": 50}),
    ("violin-width-common", "violinplot",
     {"x": "year", "y": "flipper_length_mm", "hue": "sex", "density_norm": "width", "common_norm": True,
      "inner": "none", "fill": False, "bw_method": "silverman"}),
    ("violin-log-gap", "violinplot",
     {"x": "species", "y": "body_mass_g", "log_scale": True, "gap": 0.2, "linewidth": 2,
      "linecolor": "red", "inner": "stick"}),
    ("strip-species-sex", "stripplot", {"x": "species", "y": "body_mass_g", "hue": "sex", "dodge": True}),
    ("strip-nojitter-h", "stripplot",
     {"x": "flipper_length_mm", "y": "island", "jitter": False, "size": 3, "linewidth": 1, "edgecolor": "red"}),
    ("strip-year", "stripplot", {"x": "year", "y": "bill_length_mm", "hue": "island", "jitter": 0.3}),
    ("swarm-island-species", "swarmplot", {"x": "island", "y": "flipper_length_mm", "hue": "species"}),
    ("swarm-h-dodge", "swarmplot",
     {"x": "body_mass_g", "y": "species", "hue": "sex", "dodge": True, "size": 3}),
    # A numeric hue of many values: seaborn's brief legend.
    ("strip-numeric-hue", "stripplot", {"x": "species", "y": "body_mass_g", "hue": "bill_length_mm",
                                        "jitter": False}),
    ("count-numeric-hue-brief", "countplot", {"x": "island", "hue": "flipper_length_mm"}),
    ("point-island-sex", "pointplot", {"x": "island", "y": "body_mass_g", "hue": "sex", "dodge": True}),
    ("point-sd-cap", "pointplot",
     {"x": "species", "y": "bill_length_mm", "errorbar": "sd", "capsize": 0.2, "color": "C2"}),
    ("point-h-median", "pointplot",
     {"x": "flipper_length_mm", "y": "island", "hue": "species", "estimator": "median",
      "errorbar": ["pi", 50], "dodge": 0.3}),
    # A marker and a line style per hue level (a tuple marker written as
    # plotmill writes it; "none": the points alone).
    ("point-markers-linestyles", "pointplot",
     {"x": "island", "y": "bill_length_mm", "hue": "sex", "markers": ["s", "(4, 1, 0)"],
      "linestyles": ["none", "-"], "errorbar": "se"}),
    # native_scale: the categories at their values, slots as wide as the
    # least gap (0.5 between doses; 7 days between visits).
    ("box-native-dose", "boxplot",
     {"x": "dose", "y": "len", "hue": "supp", "native_scale": True}, "doses"),
    ("bar-native-h", "barplot",
     {"x": "len", "y": "dose", "orient": "y", "errorbar": "sd", "capsize": 0.4, "native_scale": True},
     "doses"),
    ("violin-native-dose", "violinplot", {"x": "dose", "y": "len", "native_scale": True}, "doses"),
    ("count-native-dose", "countplot", {"x": "dose", "hue": "supp", "native_scale": True}, "doses"),
    ("point-native-visit", "pointplot",
     {"x": "visit", "y": "len", "hue": "supp", "dodge": True, "errorbar": "se", "capsize": 0.2,
      "native_scale": True}, "doses"),
    ("strip-native-year", "stripplot",
     {"x": "year", "y": "body_mass_g", "hue": "sex", "dodge": True, "native_scale": True}),
]


def write_doses():
    """examples/data/doses.csv: 60 rows of a supplement (OJ, VC), a dose
    (0.5, 1, 2), the visit date of that dose and a length, shuffled."""
    rng = np.random.default_rng(7)
    visits = {0.5: "2024-01-05", 1.0: "2024-01-12", 2.0: "2024-02-02"}
    rows = []
    for supp, base in (("OJ", 0), ("VC", -3)):
        for dose in (0.5, 1.0, 2.0):
            for _ in range(10):
                rows.append((supp, dose, visits[dose], round(8 + dose * 8 + base + rng.normal(0, 3.5), 1)))
    order = rng.permutation(len(rows))
    df = pd.DataFrame([rows[i] for i in order], columns=["supp", "dose", "visit", "len"])
    df.to_csv(os.path.join(ROOT, "examples", "data", "doses.csv"), index=False)



def rgba(c):
    return [float(v) for v in mcolors.to_rgba(c)]


def join_of(artist):
    """How an artist's outline joins at corners, as Agg draws it: its own
    join style, or (a collection that sets none) the renderer's default."""
    js = artist.get_joinstyle()
    if js is None:
        js = matplotlib.backend_bases.GraphicsContextBase().get_joinstyle()
    return str(js)


def finite(v):
    return [None if (isinstance(x, float) and not math.isfinite(x)) else x for x in v]


def projecting(segs, width, cap):
    """How far each end of each (x0, y0, x1, y1, starts, ends) piece
    reaches past its point, in points: half the width where a projecting
    cap ends a run of the line, else 0."""
    half = width / 2 if str(cap) == "projecting" else 0.0
    return [[half if starts else 0.0, half if ends else 0.0] for *_, starts, ends in segs]


def runs(line):
    """segments() with, for each, whether it starts and ends a run of the
    line (the line's ends, and the points beside a NaN break)."""
    xy = np.asarray(line.get_xydata(), dtype=float)
    ok = [bool(np.all(np.isfinite(p))) for p in xy]
    out = []
    for k in range(len(xy) - 1):
        if ok[k] and ok[k + 1]:
            a, b = xy[k], xy[k + 1]
            starts = k == 0 or not ok[k - 1]
            ends = k + 2 == len(xy) or not ok[k + 2]
            out.append([float(a[0]), float(a[1]), float(b[0]), float(b[1]), starts, ends])
    return out


def segments(line):
    """A Line2D's pieces between NaN breaks, as (x0, y0, x1, y1) for each
    consecutive pair of points."""
    xy = np.asarray(line.get_xydata(), dtype=float)
    out = []
    for a, b in zip(xy[:-1], xy[1:]):
        if np.all(np.isfinite(a)) and np.all(np.isfinite(b)):
            out.append([float(a[0]), float(a[1]), float(b[0]), float(b[1])])
    return out


def corners(patch):
    v = patch.get_patch_transform().transform(patch.get_path().vertices)
    return [float(v[:, 0].min()), float(v[:, 1].min()), float(v[:, 0].max()), float(v[:, 1].max())]


def draw(chart, df, spec):
    kw = dict(spec)
    if "whis" in kw and isinstance(kw["whis"], list):
        kw["whis"] = tuple(kw["whis"])
    if "errorbar" in kw and isinstance(kw["errorbar"], list):
        kw["errorbar"] = tuple(kw["errorbar"])
    if chart in ("barplot", "pointplot"):
        kw["seed"] = 0
    if isinstance(kw.get("markers"), list):
        kw["markers"] = [seaborn_marker(m) for m in kw["markers"]]
    if chart == "violinplot" and kw.get("inner", "box") == "none":
        kw["inner"] = None
    np.random.seed(0)
    fig, ax = plt.subplots()
    getattr(sns, chart)(df, ax=ax, **kw)
    # A swarm is placed when drawn.
    fig.canvas.draw()
    return fig, ax


def cat_axis(chart, spec):
    """The axis seaborn puts the categories on for these cases (its
    infer_orient on this data's columns)."""
    text = {"species", "island", "sex", "supp"}
    if spec.get("orient") in ("y", "h"):
        return "y"
    if spec.get("orient") in ("x", "v"):
        return "x"
    if chart == "countplot":
        return "x" if "x" in spec else "y"
    if "x" not in spec:
        return "x"
    if "y" not in spec:
        return "y"
    return "y" if spec["x"] not in text and spec["y"] in text else "x"


def in_view(labels, locs, lim):
    lo, hi = min(lim), max(lim)
    return [t.get_text() for t, v in zip(labels, locs) if lo - 1e-9 * (hi - lo) <= v <= hi + 1e-9 * (hi - lo)]


def main():
    write_doses()
    frames = {
        S: pd.read_csv(os.path.join(ROOT, "examples", "data", f"{S}.csv")),
        "doses": pd.read_csv(os.path.join(ROOT, "examples", "data", "doses.csv"), parse_dates=["visit"]),
    }
    cases = []
    for name, chart, spec, *data in CASES:
        data = data[0] if data else S
        df = frames[data]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig, ax = draw(chart, df, spec)
        rects, segs, fliers, polys, markers = [], [], [], [], []
        # Violins: each body's box and colours; sticks; inner points.
        for coll in ax.collections:
            if isinstance(coll, matplotlib.collections.PolyCollection):
                v = coll.get_paths()[0].vertices
                polys.append({"corners": [float(v[:, 0].min()), float(v[:, 1].min()),
                                          float(v[:, 0].max()), float(v[:, 1].max())],
                              "face": rgba(coll.get_facecolor()[0]) if len(coll.get_facecolor()) else [0, 0, 0, 0],
                              "edge": rgba(coll.get_edgecolor()[0]),
                              "join": join_of(coll)})
            elif isinstance(coll, matplotlib.collections.LineCollection):
                # A collection's segments end butt unless it says otherwise.
                half = float(coll.get_linewidth()[0]) / 2
                reach = half if str(coll.get_capstyle()) == "projecting" else 0.0
                for seg in coll.get_segments():
                    segs.append({"ends": [float(seg[0][0]), float(seg[0][1]), float(seg[1][0]), float(seg[1][1])],
                                 "color": rgba(coll.get_color()[0]), "width": float(coll.get_linewidth()[0]),
                                 "reach": [reach, reach]})
            elif isinstance(coll, matplotlib.collections.PathCollection):
                for x, y in coll.get_offsets():
                    fliers.append([float(x), float(y)])
        for patch in ax.patches:
            r = corners(patch)
            if not all(math.isfinite(v) for v in r) or (r[0] == r[2] and r[1] == r[3]):
                continue
            rects.append({"corners": r, "face": rgba(patch.get_facecolor()),
                          "edge": rgba(patch.get_edgecolor()), "width": float(patch.get_linewidth())})
        flier_lines = set()
        box_paths, box_joins, mean_marker, mean_lines = [], [], None, []
        for c in ax.containers:
            if hasattr(c, "means"):
                # Means are markers on lines of no style: compared as
                # fliers are (where), and by their marker (how); or, with
                # meanline, dashed lines across the boxes (their ends).
                for m in c.means:
                    flier_lines.add(id(m))
                    if spec.get("meanline"):
                        mean_lines.extend(segments(m))
                        continue
                    mean_marker = marker_outline(m)
                    for x, y in m.get_xydata():
                        fliers.append([float(x), float(y)])
            if spec.get("notch"):
                for b in c.boxes:
                    xy = (b.get_path().vertices if hasattr(b, "get_path") else b.get_xydata())
                    box_paths.append([[float(x), float(y)] for x, y in xy])
                    box_joins.append(join_of(b))
            if hasattr(c, "fliers"):
                for f in c.fliers:
                    flier_lines.add(id(f))
                    for x, y in f.get_xydata():
                        fliers.append([float(x), float(y)])
                if spec.get("fill", True) is False:
                    # Outlined boxes are lines: their corners, as rects.
                    for b in c.boxes:
                        xy = np.asarray(b.get_xydata())
                        rects.append({"corners": [float(xy[:, 0].min()), float(xy[:, 1].min()),
                                                  float(xy[:, 0].max()), float(xy[:, 1].max())],
                                      "face": [0, 0, 0, 0], "edge": rgba(b.get_color()),
                                      "width": float(b.get_linewidth())})
                        flier_lines.add(id(b))
        # A violin's inner box and quartiles are drawn in page terms
        # (widths in points, projecting and dashed): compared by eye.
        inner_in_points = chart == "violinplot" and spec.get("inner", "box") in ("box", "quart")
        for line in ax.lines:
            if id(line) in flier_lines or inner_in_points:
                continue
            # A point plot's markers sit on its lines.
            if chart == "pointplot" and line.get_marker() not in (None, "None", "") and len(line.get_xydata()):
                markers.append(marker_outline(line))
                for x, y in line.get_xydata():
                    if np.isfinite(x) and np.isfinite(y):
                        fliers.append([float(x), float(y)])
            if line.get_linestyle() in ("None", "none", ""):
                continue
            cap = (line.get_solid_capstyle() if line.get_linestyle() in ("-", "solid")
                   else line.get_dash_capstyle())
            pieces = runs(line)
            for s, reach in zip(pieces, projecting(pieces, float(line.get_linewidth()), cap)):
                segs.append({"ends": s[:4], "color": rgba(line.get_color()),
                             "width": float(line.get_linewidth()), "reach": reach})
        legend = ax.get_legend()
        handles = legend.legend_handles if legend else []
        cases.append({
            "name": name,
            "chart": chart,
            "data": data,
            "cat_axis": cat_axis(chart, spec),
            "options": spec,
            "xlim": list(ax.get_xlim()),
            "ylim": list(ax.get_ylim()),
            "xscale": ax.get_xscale(),
            "yscale": ax.get_yscale(),
            # The tick labels in view (a numeric axis' locator reaches past).
            "xticks": in_view(ax.get_xticklabels(), ax.get_xticks(), ax.get_xlim()),
            "yticks": in_view(ax.get_yticklabels(), ax.get_yticks(), ax.get_ylim()),
            "xlabel": ax.get_xlabel(),
            "ylabel": ax.get_ylabel(),
            "legend_title": legend.get_title().get_text() if legend else None,
            "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
            "legend_faces": [rgba(h.get_facecolor() if hasattr(h, "get_facecolor") else h.get_markerfacecolor())
                             for h in handles],
            "legend_edges": [rgba(h.get_edgecolor() if hasattr(h, "get_edgecolor") else h.get_markeredgecolor())
                             for h in handles],
            "rects": rects,
            "polygons": polys,
            "segments": segs,
            "fliers": fliers,
            "markers": markers,
            "legend_markers": [marker_outline(h) for h in handles
                               if chart == "pointplot" and hasattr(h, "_marker")],
            "flier_edge": None,
            "box_paths": box_paths,
            "box_joins": box_joins,
            "mean_marker": mean_marker,
            "mean_lines": mean_lines,
        })
        if os.path.exists(os.path.join(IMAGES, chart, f"{name}.args")):
            fig.savefig(os.path.join(IMAGES, chart, f"{name}.seaborn.png"), dpi=100)
        plt.close(fig)
    with open(OUT, "w") as f:
        json.dump({"made_by": f"scripts/make_categorical_fixtures.py with seaborn {sns.__version__}, "
                              f"matplotlib {matplotlib.__version__}", "data": f"examples/data/{S}.csv",
                   "cases": cases}, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
