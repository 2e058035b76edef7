#!/usr/bin/env python3
"""plotmill's PDF output against matplotlib's savefig(format="pdf"), side by side.

The seed's two charts (the service's scatter matrix and correlation heatmap
of examples/data/seed_4x8.csv), drawn by ../shared/peers/seed_workload.py's
figure-mode functions (matplotlib's Figure + savefig, the fixed service)
into .pdf files, and by `plotmill bench --format pdf`, in one run. Prints
ms per chart (median of --iterations, after one untimed call), the ratio,
and the size of each file (matplotlib with its default pdf.fonttype 3, and
with 42, the TrueType embedding journals ask for).

Usage (from the repo root, with the reference venv's python):
  python scripts/bench_pdf.py [--iterations 30] [--plotmill target/release/plotmill]
"""
import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PEERS = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers"))
SEED = os.path.join(ROOT, "examples", "data", "seed_4x8.csv")


def load_workload():
    spec = importlib.util.spec_from_file_location("seed_workload", os.path.join(PEERS, "seed_workload.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def matplotlib_ms(fn, df, path, iterations):
    fn(df, path, 100)
    times = []
    for _ in range(iterations):
        t = time.perf_counter()
        fn(df, path, 100)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def plotmill_ms(binary, kind, iterations):
    out = subprocess.run(
        [binary, "bench", kind, SEED, "--format", "pdf", "--iterations", str(iterations)],
        check=True, capture_output=True, text=True,
    ).stdout
    m = re.search(r"total per chart\s+([0-9.]+)", out)
    if not m:
        sys.exit(f"cannot read plotmill bench's output:\n{out}")
    return float(m.group(1))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--iterations", type=int, default=30)
    p.add_argument("--plotmill", default=os.path.join(ROOT, "target", "release", "plotmill"))
    a = p.parse_args()

    import matplotlib
    import pandas as pd
    w = load_workload()
    df = pd.read_csv(SEED)
    charts = [
        ("scatter matrix", "scatter-matrix", w.scatter_matrix_figure),
        ("correlation heatmap", "heatmap", w.heatmap_figure),
    ]
    print(f"PDF, one chart at a time; median of {a.iterations} (matplotlib {matplotlib.__version__})")
    print(f"{'chart':22} {'matplotlib':>11} {'plotmill':>9} {'ratio':>7}   "
          f"{'mpl size (type 3)':>17} {'(type 42)':>10} {'plotmill size':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, kind, fn in charts:
            mpl_path = os.path.join(tmp, kind + ".pdf")
            with matplotlib.rc_context({"pdf.fonttype": 3}):
                mpl = matplotlib_ms(fn, df, mpl_path, a.iterations)
                size3 = os.path.getsize(mpl_path)
            with matplotlib.rc_context({"pdf.fonttype": 42}):
                fn(df, mpl_path, 100)
                size42 = os.path.getsize(mpl_path)
            pm = plotmill_ms(a.plotmill, kind, a.iterations)
            ours = os.path.join(tmp, kind + "-plotmill.pdf")
            subprocess.run([a.plotmill, kind, SEED, "-o", ours], check=True)
            size = os.path.getsize(ours)
            print(f"{name:22} {mpl:9.1f} ms {pm:6.2f} ms {mpl / pm:6.0f}×   "
                  f"{size3 / 1024:14.1f} KB {size42 / 1024:7.1f} KB {size / 1024:10.1f} KB")


if __name__ == "__main__":
    main()
