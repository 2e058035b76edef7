#!/usr/bin/env python3
"""Batch throughput: `plotmill batch` with -j 1 and -j 2 against the
matplotlib/seaborn service (../shared/peers/seed_workload.py, figure mode)
drawing the same two charts of seed-shaped data, in one run.

plotmill: charts per second of wall time for the whole batch (reading each
CSV, correlations, layout, raster, PNG, atomic write, journal), from its
--summary-json. matplotlib: charts per second from the workload's own
per-iteration medians (figure, draw, savefig of both charts, each written to
a file), so Python's start-up is not counted against it; with 2 processes
side by side for the 2-core figure.

    python scripts/bench_batch.py [--jobs 2000] [--mpl-iterations 40]

Run it with the reference venv's python (matplotlib, seaborn, pandas).
Outputs go to tmpfs (/dev/shm) when there is one, for both tools.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PEERS = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers"))
SEED = os.path.join(ROOT, "examples", "data", "seed_4x8.csv")
TMP = "/dev/shm" if os.path.isdir("/dev/shm") else None


def plotmill(binary, manifest, workers):
    out = tempfile.mkdtemp(prefix="plotmill-batch-", dir=TMP)
    summary = os.path.join(out, "summary.json")
    subprocess.run([binary, "batch", manifest, "-o", out, "-j", str(workers), "-q", "--summary-json", summary], check=True)
    with open(summary) as f:
        s = json.load(f)
    shutil.rmtree(out)
    return s["charts_per_second"], s["peak_rss_bytes"] / 1048576


def matplotlib(processes, iterations):
    outs = [tempfile.mkdtemp(prefix="mpl-batch-", dir=TMP) for _ in range(processes)]
    procs = [subprocess.Popen([sys.executable, os.path.join(PEERS, "seed_workload.py"), "--mode", "figure", "--csv", SEED,
                               "--dpi", "100", "--iterations", str(iterations), "--keep", "--out", out],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for out in outs]
    rate = 0.0
    for p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            sys.exit(f"seed_workload.py failed:\n{err}")
        med = {k: float(v) for k, v in re.findall(r"(\w+_total_s)\s+median\s+([\d.]+) ms", out)}
        rate += 2 / ((med["scatter_total_s"] + med["heatmap_total_s"]) / 1000)
    for out in outs:
        shutil.rmtree(out)
    return rate


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2000, help="plotmill data sets (2 charts each)")
    ap.add_argument("--mpl-iterations", type=int, default=40, help="matplotlib iterations per process")
    ap.add_argument("--plotmill", default=os.path.join(ROOT, "target", "release", "plotmill"))
    args = ap.parse_args()
    data = os.path.join(ROOT, "bench-data", f"batch{args.jobs}")
    if not os.path.exists(os.path.join(data, "jobs.jsonl")):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_batch_data.py"), str(args.jobs), data], check=True)
    manifest = os.path.join(data, "jobs.jsonl")

    pm1, rss1 = plotmill(args.plotmill, manifest, 1)
    pm2, rss2 = plotmill(args.plotmill, manifest, 2)
    mpl1 = matplotlib(1, args.mpl_iterations)
    mpl2 = matplotlib(2, args.mpl_iterations)
    print(f"{'':<28} {'charts/s':>9}")
    print(f"{'matplotlib, 1 process':<28} {mpl1:>9.2f}")
    print(f"{'matplotlib, 2 processes':<28} {mpl2:>9.2f}")
    print(f"{'plotmill batch -j 1':<28} {pm1:>9.0f}   ({pm1 / mpl1:.0f}x matplotlib's 1 process, peak RSS {rss1:.1f} MiB)")
    print(f"{'plotmill batch -j 2':<28} {pm2:>9.0f}   ({pm2 / mpl2:.0f}x matplotlib's 2 processes, peak RSS {rss2:.1f} MiB)")
    print(f"scaling -j 2 / -j 1: {pm2 / pm1:.2f}x")


if __name__ == "__main__":
    main()
