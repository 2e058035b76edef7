#!/usr/bin/env python3
"""plotmill corr against pandas, side by side in one run.

For each case, runs `plotmill corr FILE -o OUT` and a Python child that does
`pd.read_csv(FILE).corr(method)` (then `to_csv`), several times, alternating,
and reports median times, peak RSS and the ratios (the file is read through
before each run, so both tools start with it in the page cache). plotmill's time is the
whole process (start-up, read, correlate, write); pandas' is the read and
corr calls alone, measured inside the child, so Python's start-up and the
pandas import are not charged to pandas. Peak RSS of each child is its own
(see benchproc.py). The matrices are checked to agree. For Pearson, plotmill's read and
statistics phases (`plotmill corr -v`) are printed too, with the statistics'
rate against memcpy on 2 threads.

Cases (files are generated into bench-data/ on first use; all by default):
  pearson-nan   1,000,000 x 20 with 1% of values missing (%.6g, as np.savetxt)
  pearson       1,000,000 rows x 20 numeric columns, complete (17 digits)
  spearman-nan  the 1% missing file, Spearman
  spearman      the complete file, Spearman
  kendall       100,000 rows x 10 numeric columns

Usage (from the repo root, with the reference venv's python):
  python scripts/bench_corr.py [--runs 5] [--plotmill target/release/plotmill] [--only pearson-nan]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from benchproc import run

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DATA = os.path.join(ROOT, "bench-data")
CASES = {
    # name: (method, rows, columns, share of cells missing); run in this order.
    # 1% of the values missing, at random, written as np.savetxt("%.6g") would.
    "pearson-nan": ("pearson", 1_000_000, 20, 0.01),
    "pearson": ("pearson", 1_000_000, 20, 0.0),
    "spearman-nan": ("spearman", 1_000_000, 20, 0.01),
    "spearman": ("spearman", 1_000_000, 20, 0.0),
    "kendall": ("kendall", 100_000, 10, 0.0),
}

PANDAS_CHILD = r"""
import sys, time
import pandas as pd
path, method, out = sys.argv[1:4]
t0 = time.perf_counter()
df = pd.read_csv(path)
t1 = time.perf_counter()
c = df.corr(method=method, numeric_only=True)
t2 = time.perf_counter()
c.to_csv(out)
print(f"{t1 - t0} {t2 - t1}")
"""


def ensure_file(rows, cols, nan_share):
    if nan_share:
        path = os.path.join(DATA, f"big_{rows}x{cols}_nan{nan_share:g}.csv")
        extra = ["--nan-share", str(nan_share), "--float-format", "%.6g", "--na-rep", "nan"]
    else:
        path = os.path.join(DATA, f"big_{rows}x{cols}.csv")
        extra = []
    if not os.path.exists(path):
        os.makedirs(DATA, exist_ok=True)
        print(f"generating {path} ...", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_big_csv.py"), str(rows), str(cols), path]
                       + extra, check=True)
    return path


def warm(path):
    """Reads the file through once, so that each tool starts with it in the page cache (this VM's
    kernel pages out memory it finds cold, the cache included, which made reads from disk land
    in some runs and not others)."""
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def close(a_path, b_path, tol=1e-12):
    import pandas as pd

    a = pd.read_csv(a_path, index_col=0)
    b = pd.read_csv(b_path, index_col=0)
    diff = (a - b).abs().to_numpy()
    same_bytes = open(a_path, "rb").read() == open(b_path, "rb").read()
    return float(diff.max()), same_bytes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--plotmill", default=os.path.join(ROOT, "target", "release", "plotmill"))
    ap.add_argument("--only", choices=sorted(CASES), action="append")
    args = ap.parse_args()
    if not os.path.exists(args.plotmill):
        sys.exit(f"{args.plotmill} not found: run `cargo build --release` first")
    tmp = tempfile.mkdtemp(prefix="plotmill-bench-")
    print(f"{'case':<12} {'tool':<9} {'median s':>9} {'min s':>8} {'peak MiB':>9}   notes")
    for name in args.only or list(CASES):
        method, rows, cols, nan_share = CASES[name]
        path = ensure_file(rows, cols, nan_share)
        pm_out, pd_out = os.path.join(tmp, "pm.csv"), os.path.join(tmp, "pd.csv")
        pm, pdn, pd_inner, pm_rss, pd_rss, pm_read, pm_stats = [], [], [], [], [], [], []
        for _ in range(args.runs):
            warm(path)
            w, rss, _, err = run([args.plotmill, "corr", "-v", path, "--method", method, "-o", pm_out])
            phases = re.search(r"read_ms=([\d.]+) corr_ms=([\d.]+)", err)
            if phases:
                pm_read.append(float(phases[1]) / 1e3)
                pm_stats.append(float(phases[2]) / 1e3)
            pm.append(w)
            pm_rss.append(rss)
            warm(path)
            w, rss, out, _ = run([sys.executable, "-c", PANDAS_CHILD, path, method, pd_out])
            read_s, corr_s = map(float, out.split())
            pdn.append(w)
            pd_inner.append(read_s + corr_s)
            pd_rss.append(rss)
        parsed_mib = rows * cols * 8 / 2**20
        worst, same = close(pm_out, pd_out)
        med = statistics.median
        print(f"{name:<12} {'plotmill':<9} {med(pm):>9.3f} {min(pm):>8.3f} {max(pm_rss):>9.0f}   "
              f"whole process; peak RSS = {max(pm_rss) / parsed_mib:.2f} x the parsed f64 columns ({parsed_mib:.0f} MiB)")
        print(f"{'':<12} {'pandas':<9} {med(pd_inner):>9.3f} {min(pd_inner):>8.3f} {max(pd_rss):>9.0f}   "
              f"read_csv + corr only (whole process: {med(pdn):.3f} s)")
        print(f"{'':<12} {'ratio':<9} {med(pm) / med(pd_inner):>9.3f}   plotmill time / pandas time "
              f"(pandas is {med(pd_inner) / med(pm):.1f}x slower; whole processes: {med(pdn) / med(pm):.1f}x)")
        print(f"{'':<12} {'agree':<9} max |diff| = {worst:.1e}, byte-identical CSV: {same}")
        if pm_stats and method == "pearson":
            rate = parsed_mib * 2**20 / med(pm_stats) / 1e9
            print(f"{'':<12} {'phases':<9} plotmill reads in {med(pm_read):.3f} s, correlates in {med(pm_stats):.3f} s: "
                  f"the parsed columns at {rate:.2f} GB/s, {rate / memcpy_gbps(parsed_mib):.1%} of memcpy on 2 threads")


MEMCPY_CHILD = r"""
import sys, threading, time
import numpy as np
n, threads, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
src, dst = np.ones(n), np.zeros(n)
bounds = np.linspace(0, n, threads + 1).astype(int)
best = float("inf")
for _ in range(repeats):
    jobs = [threading.Thread(target=np.copyto, args=(dst[a:b], src[a:b])) for a, b in zip(bounds, bounds[1:])]
    t = time.perf_counter()
    for j in jobs:
        j.start()
    for j in jobs:
        j.join()
    best = min(best, time.perf_counter() - t)
print(n * 8 / best / 1e9)
"""


def memcpy_gbps(mib, threads=2, repeats=5):
    """memcpy bandwidth (GB/s, best of `repeats`) copying `mib` MiB split among `threads` (numpy's copy
    releases the GIL), in a child process so that this one stays small (a child's peak RSS as wait4
    reports it starts from its parent's at the fork)."""
    _, _, out, _ = run([sys.executable, "-c", MEMCPY_CHILD, str(int(mib * 2**20 // 8)), str(threads), str(repeats)])
    return float(out)


if __name__ == "__main__":
    main()
