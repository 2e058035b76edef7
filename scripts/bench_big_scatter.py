#!/usr/bin/env python3
"""A scatter matrix of many rows: plotmill against pandas' scatter_matrix
(matplotlib, Agg), on the same CSV, in one run; whole processes, wall time
and peak RSS.

    .venv-peers/bin/python scripts/bench_big_scatter.py [--rows 1000000] [--cols 8] [--runs 3] [--skip-matplotlib]

Writes the data with scripts/gen_big_csv.py into a temporary folder.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MPL = r"""
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
df = pd.read_csv(sys.argv[1])
axes = pd.plotting.scatter_matrix(df, figsize=(12, 8), s=3, alpha=0.5, c="black", diagonal=None)
plt.gcf().savefig(sys.argv[2], dpi=100)
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--plotmill", default=os.path.join(ROOT, "target/release/plotmill"))
    ap.add_argument("--skip-matplotlib", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "big.csv")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_big_csv.py"), str(a.rows), str(a.cols), data], check=True)
        mib = os.path.getsize(data) / 2**20
        print(f"{a.rows:,} rows x {a.cols} columns, {mib:.0f} MiB of CSV; parsed columns {a.rows * a.cols * 8 / 2**20:.0f} MiB")
        # Each measurement in a fresh child so ru_maxrss is its own.
        probe = [sys.executable, "-c", "import resource,subprocess,sys,time;t=time.perf_counter();subprocess.run(sys.argv[1:],check=True,stdout=subprocess.DEVNULL);print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024)"]
        def measure(cmd):
            out = subprocess.run(probe + cmd, check=True, capture_output=True, text=True).stdout.split()
            return float(out[0]), float(out[1])
        rows = []
        for _ in range(a.runs):
            rows.append(("plotmill", *measure([a.plotmill, "scatter-matrix", data, "-o", os.path.join(tmp, "p.png")])))
        if not a.skip_matplotlib:
            for _ in range(a.runs):
                rows.append(("matplotlib", *measure([sys.executable, "-c", MPL, data, os.path.join(tmp, "m.png")])))
        for name in ("plotmill", "matplotlib"):
            got = [(w, r) for n, w, r in rows if n == name]
            if got:
                ws = sorted(w for w, _ in got)
                rs = sorted(r for _, r in got)
                print(f"{name}: {ws[0]:.2f}-{ws[-1]:.2f} s, peak RSS {rs[0]:.0f}-{rs[-1]:.0f} MiB")
        p = [w for n, w, _ in rows if n == "plotmill"]
        m = [w for n, w, _ in rows if n == "matplotlib"]
        if p and m:
            print(f"plotmill is {min(m) / max(p):.0f}-{max(m) / min(p):.0f}x faster")


if __name__ == "__main__":
    main()
