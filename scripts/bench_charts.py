#!/usr/bin/env python3
"""plotmill's two charts against the matplotlib/seaborn service, side by side.

Runs ../shared/peers/seed_workload.py (figure mode: the fixed service, no
leak) and `plotmill bench` on the seed data at dpi 100 and 10, in one run,
and prints ms per chart, the ratio, and each process's peak RSS (wait4).
matplotlib's time per chart is the workload's "total" (building the figure,
drawing, saving); plotmill's is the bench's total (correlations, layout,
raster, PNG encoding), both in-process.

Usage (from the repo root, with the reference venv's python):
  python scripts/bench_charts.py [--iterations 30] [--plotmill target/release/plotmill]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PEERS = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers"))
SEED = os.path.join(ROOT, "examples", "data", "seed_4x8.csv")


def run(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.stdout.read(), p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err.decode()}")
    return out.decode(), usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iterations", type=int, default=30, help="matplotlib iterations (plotmill runs 10x more)")
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


if __name__ == "__main__":
    main()
