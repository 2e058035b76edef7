#!/usr/bin/env python3
"""plotmill's charts against matplotlib/seaborn, side by side.

Runs ../shared/peers/seed_workload.py (figure mode: the fixed service, no
leak) and `plotmill bench` on the seed data at dpi 100 and 10, in one run,
and prints ms per chart, the ratio, and each process's own peak RSS
(benchproc.py).
matplotlib's time per chart is the workload's "total" (building the figure,
drawing, saving); plotmill's is the bench's total (correlations, layout,
raster, PNG encoding), both in-process.

Then seaborn's distribution and categorical charts (pairplot, histplot,
kdeplot, boxplot, violinplot, barplot, countplot, stripplot, swarmplot) on
examples/data/birds.csv at dpi 100, in --dist-runs rounds back to back:
each round times one call of the seaborn function plus savefig to PNG in
memory (after one untimed call), in this same Python, then runs
`plotmill bench` with the same options for 20 charts (their median). The
ratio is the median of the rounds' ratios, each of two times taken within
a second of each other: this VM's speed drifts over minutes, and a drift
between one side's run and the other's moved the ratios more than most
changes to plotmill did.

Then seaborn's lineplot over dates by a hue on examples/data/weather.csv.

Then seaborn's clustermap on examples/data/expression.csv (60 samples x
30 genes): of the 30-column correlation matrix (sns.clustermap(df.corr())),
and of the samples' rows with a colour strip and z-scores.

Usage (from the repo root, with the reference venv's python):
  python scripts/bench_charts.py [--iterations 30] [--dist-runs 5] [--plotmill target/release/plotmill]
"""
import argparse
import json
import os
import re
import sys
import tempfile

import benchproc

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PEERS = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers"))
SEED = os.path.join(ROOT, "examples", "data", "seed_4x8.csv")
BIRDS = os.path.join(ROOT, "examples", "data", "birds.csv")
EXPRESSION = os.path.join(ROOT, "examples", "data", "expression.csv")
WEATHER = os.path.join(ROOT, "examples", "data", "weather.csv")

# name, seaborn's call, plotmill's options (as `plotmill bench --options`).
DIST = [
    ("pairplot hue", "pairplot", dict(hue="species"), {"hue": "species"}),
    ("pairplot reg", "pairplot", dict(hue="species", kind="reg"),
     {"hue": "species", "pair_kind": "reg"}),
    ("pairplot kde", "pairplot", dict(hue="species", kind="kde"),
     {"hue": "species", "pair_kind": "kde"}),
    ("histplot hue", "histplot", dict(x="flipper_length_mm", hue="species"),
     {"x": "flipper_length_mm", "hue": "species"}),
    ("histplot stack+kde", "histplot",
     dict(x="body_mass_g", hue="species", multiple="stack", kde=True),
     {"x": "body_mass_g", "hue": "species", "multiple": "stack", "kde": True}),
    ("kdeplot hue fill", "kdeplot", dict(x="body_mass_g", hue="species", fill=True),
     {"x": "body_mass_g", "hue": "species", "fill": True}),
    ("kdeplot x, y, hue", "kdeplot", dict(x="bill_length_mm", y="bill_depth_mm", hue="species"),
     {"x": "bill_length_mm", "y": "bill_depth_mm", "hue": "species"}),
    ("kdeplot x, y, fill", "kdeplot",
     dict(x="bill_length_mm", y="bill_depth_mm", hue="species", fill=True),
     {"x": "bill_length_mm", "y": "bill_depth_mm", "hue": "species", "fill": True}),
    ("pairplot num. hue", "pairplot",
     dict(hue="body_mass_g", vars=["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]),
     {"hue": "body_mass_g", "vars": ["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]}),
    # seaborn's categorical charts.
    ("boxplot hue", "boxplot", dict(x="species", y="body_mass_g", hue="sex"),
     {"x": "species", "y": "body_mass_g", "hue": "sex"}),
    ("violinplot hue", "violinplot", dict(x="species", y="body_mass_g", hue="sex"),
     {"x": "species", "y": "body_mass_g", "hue": "sex"}),
    ("violinplot split", "violinplot",
     dict(x="species", y="body_mass_g", hue="sex", split=True, inner="quart"),
     {"x": "species", "y": "body_mass_g", "hue": "sex", "split": True, "inner": "quart"}),
    ("barplot ci hue", "barplot", dict(x="species", y="body_mass_g", hue="sex"),
     {"x": "species", "y": "body_mass_g", "hue": "sex"}),
    ("barplot sd", "barplot", dict(x="species", y="body_mass_g", errorbar="sd"),
     {"x": "species", "y": "body_mass_g", "errorbar": "sd"}),
    ("countplot hue", "countplot", dict(x="species", hue="sex"), {"x": "species", "hue": "sex"}),
    ("stripplot hue", "stripplot", dict(x="species", y="body_mass_g", hue="sex"),
     {"x": "species", "y": "body_mass_g", "hue": "sex"}),
    ("swarmplot hue", "swarmplot", dict(x="species", y="flipper_length_mm", hue="sex"),
     {"x": "species", "y": "flipper_length_mm", "hue": "sex"}),
    ("pointplot ci hue", "pointplot", dict(x="species", y="body_mass_g", hue="sex"),
     {"x": "species", "y": "body_mass_g", "hue": "sex"}),
    ("lineplot ci hue", "lineplot", dict(x="bill_depth_mm", y="body_mass_g", hue="species"),
     {"x": "bill_depth_mm", "y": "body_mass_g", "hue": "species"}),
]


def run(cmd):
    """Runs cmd; returns (stdout, its own peak RSS in MiB)."""
    _, rss, out, _ = benchproc.run(cmd)
    return out, rss


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iterations", type=int, default=30, help="matplotlib iterations (plotmill runs 10x more)")
    ap.add_argument("--dist-runs", type=int, default=5, help="seaborn calls per distribution chart")
    ap.add_argument("--plotmill", default=os.path.join(ROOT, "target", "release", "plotmill"))
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="plotmill-bench-")
    print(f"{'dpi':>4} {'chart':<15} {'matplotlib ms':>14} {'plotmill ms':>12} {'ratio':>8}   peak RSS MiB (mpl / plotmill)")
    for dpi in (100, 10):
        out, mpl_rss = run([sys.executable, os.path.join(PEERS, "seed_workload.py"), "--mode", "figure", "--csv", SEED,
                            "--dpi", str(dpi), "--iterations", str(args.iterations), "--out", tmp])
        mpl = {k: float(v) for k, v in re.findall(r"(\w+_total_s)\s+median\s+([\d.]+) ms", out)}
        for chart, key in (("scatter-matrix", "scatter_total_s"), ("heatmap", "heatmap_total_s")):
            pm_out, pm_rss = run([args.plotmill, "bench", chart, SEED, "--dpi", str(dpi),
                                  "--iterations", str(args.iterations * 10), "--json"])
            pm = json.loads(pm_out)["median_ms"]
            print(f"{dpi:>4} {chart:<15} {mpl[key]:>14.2f} {pm:>12.3f} {mpl[key] / pm:>7.0f}x   {mpl_rss:7.1f} / {pm_rss:.1f}")
    distributions(args)


def distributions(args):
    """seaborn's distribution charts against plotmill's, dpi 100, PNG."""
    import io

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    import seaborn as sns

    df = pd.read_csv(BIRDS)
    print(f"\n{'chart (birds.csv)':<20} {'seaborn ms':>11} {'plotmill ms':>12} {'ratio':>8}")
    for name, func, kw, options in DIST:
        def draw():
            out = getattr(sns, func)(df, **kw)
            fig = out.figure if hasattr(out, "figure") else out.get_figure()
            fig.savefig(io.BytesIO(), format="png", dpi=100)
            plt.close(fig)
        sb, pm, ratio = side_by_side(draw, [args.plotmill, "bench", func, BIRDS, "--options",
                                            json.dumps(options)], args.dist_runs)
        print(f"{name:<20} {sb:>11.1f} {pm:>12.3f} {ratio:>7.0f}x")
    # A line over dates by a hue (the line chart): one value per
    # date and level, so no error band.
    weather = pd.read_csv(WEATHER, parse_dates=["date"])

    def draw_line():
        ax = sns.lineplot(weather, x="date", y="temp_max", hue="weather")
        ax.figure.savefig(io.BytesIO(), format="png", dpi=100)
        plt.close(ax.figure)
    sb, pm, ratio = side_by_side(draw_line, [args.plotmill, "bench", "lineplot", WEATHER, "--options",
                                             json.dumps({"x": "date", "y": "temp_max", "hue": "weather"})],
                                 args.dist_runs)
    print(f"{'lineplot dates hue':<20} {sb:>11.1f} {pm:>12.3f} {ratio:>7.0f}x")
    clustermaps(args, sns, plt, pd, io)


def side_by_side(draw, plotmill_bench, rounds):
    """`rounds` rounds of one timed seaborn call (`draw`, after one untimed
    call) and then `plotmill_bench` (a `plotmill bench` command) for 20
    charts, back to back. Returns seaborn's median ms, plotmill's median of
    the rounds' medians, and the median of the rounds' ratios."""
    import statistics
    import time
    draw()
    sb_times, pm_times, ratios = [], [], []
    for _ in range(rounds):
        start = time.perf_counter()
        draw()
        sb = (time.perf_counter() - start) * 1e3
        out, _ = run(plotmill_bench + ["--iterations", "20", "--json"])
        pm = json.loads(out)["median_ms"]
        sb_times.append(sb)
        pm_times.append(pm)
        ratios.append(sb / pm)
    return statistics.median(sb_times), statistics.median(pm_times), statistics.median(ratios)


def clustermaps(args, sns, plt, pd, io):
    """seaborn's clustermap against plotmill's, dpi 100, PNG."""
    df = pd.read_csv(EXPRESSION)
    d = df.set_index("sample")
    lut = dict(zip(d.tissue.unique(), sns.color_palette()))
    cases = [
        ("clustermap corr 30", lambda: sns.clustermap(df.select_dtypes("number").corr()), {"corr": True}),
        ("clustermap 60x30 rows", lambda: sns.clustermap(d.select_dtypes("number"), z_score=1,
                                                          row_colors=d.tissue.map(lut)),
         {"index": "sample", "row_colors": "tissue", "z_score": 1}),
    ]
    print(f"\n{'chart (expression.csv)':<22} {'seaborn ms':>11} {'plotmill ms':>12} {'ratio':>8}")
    for name, call, options in cases:
        def draw():
            g = call()
            g.figure.savefig(io.BytesIO(), format="png", dpi=100)
            plt.close(g.figure)
        sb, pm, ratio = side_by_side(draw, [args.plotmill, "bench", "clustermap", EXPRESSION, "--options",
                                            json.dumps(options)], args.dist_runs)
        print(f"{name:<22} {sb:>11.1f} {pm:>12.3f} {ratio:>7.0f}x")


if __name__ == "__main__":
    main()
