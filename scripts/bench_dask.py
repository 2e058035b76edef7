#!/usr/bin/env python3
"""plotmill on Dask against plotmill batch and against matplotlib on Dask,
in one run, on this machine.

The service's two charts (scatter matrix, correlation heatmap) of
seed-shaped data sets (4 rows x 8 columns, scripts/make_batch_data.py):

  - `plotmill batch -j 2` on the data sets' files (charts/s of wall time,
    from its --summary-json);
  - plotmill.dask.render on a distributed.LocalCluster: 2 worker processes
    of 1 thread, and 1 process of 2 threads (rendering releases the GIL,
    so threads scale too), and 1 process of 1 thread for the scaling;
  - matplotlib + seaborn under the same 2-process cluster: the original
    service's ChartHelper (../shared/peers/seed_workload.py, figure mode)
    as the task, on --mpl-jobs of the data sets.

Dask's figures are the wall time of `compute()` of a bag of the data sets
(one warm-up round first, so the workers have imported everything), with
outputs written to tmpfs as the batch's are.

    python scripts/bench_dask.py [--jobs 2000] [--mpl-jobs 40]

Run it with the reference venv's python with dask and the plotmill wheel
added: .venv-peers/bin/pip install "dask[distributed]" target/wheels/plotmill-*.whl
"""
import argparse
import glob
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PEERS = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers"))
TMP = "/dev/shm" if os.path.isdir("/dev/shm") else None


def matplotlib_job(pair, out):
    """The original service's loop body for one data set, in a Dask task."""
    import sys
    if PEERS not in sys.path:
        sys.path.insert(0, PEERS)
    import pandas as pd
    import seed_workload as sw
    key, path = pair
    df = pd.read_csv(path)
    sw.scatter_matrix_figure(df, os.path.join(out, f"{key}_scatter_matrix.png"), 100)
    sw.heatmap_figure(df, os.path.join(out, f"{key}_correlation_heatmap.png"), 100)
    return key


def timed_compute(client, bag):
    client.compute(bag).result()  # warm-up: imports, renderers, fonts
    t = time.perf_counter()
    results = client.compute(bag).result()
    return time.perf_counter() - t, results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2000, help="data sets for plotmill (2 charts each)")
    ap.add_argument("--mpl-jobs", type=int, default=40, help="data sets for matplotlib")
    ap.add_argument("--partitions", type=int, default=40, help="partitions of the bag")
    ap.add_argument("--plotmill", default=os.path.join(ROOT, "target", "release", "plotmill"))
    args = ap.parse_args()

    import dask.bag as db
    from dask.distributed import Client, LocalCluster
    import plotmill.dask as pmd

    data = os.path.join(ROOT, "bench-data", f"batch{args.jobs}")
    if not os.path.exists(os.path.join(data, "jobs.jsonl")):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_batch_data.py"),
                        str(args.jobs), data], check=True)
    files = sorted(glob.glob(os.path.join(data, "data", "*.csv")))
    pairs = [(os.path.basename(f)[:-4], f) for f in files]
    charts = 2 * len(pairs)

    out = tempfile.mkdtemp(prefix="bench-dask-", dir=TMP)
    summary = os.path.join(out, "summary.json")
    subprocess.run([args.plotmill, "batch", "--inputs", os.path.join(data, "data", "*.csv"), "-o",
                    os.path.join(out, "batch"), "-j", "2", "-q", "--summary-json", summary], check=True)
    with open(summary) as f:
        batch = json.load(f)["charts_per_second"]

    rows = [("plotmill batch -j 2", batch)]
    mpl = None
    for processes, threads in [(2, 1), (1, 2), (1, 1)]:
        cluster = LocalCluster(n_workers=processes, threads_per_worker=threads, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
        target = os.path.join(out, f"dask{processes}x{threads}")
        bag = pmd.render(db.from_sequence(pairs, npartitions=args.partitions), target)
        wall, results = timed_compute(client, bag)
        assert not [r for r in results if r["error"]], "a job failed"
        rows.append((f"plotmill.dask, {processes} proc x {threads} thr", charts / wall))
        if (processes, threads) == (2, 1):
            target = os.path.join(out, "mpl")
            os.makedirs(target)
            few = pairs[:args.mpl_jobs]
            bag = db.from_sequence(few, npartitions=min(len(few), args.partitions)).map(matplotlib_job, target)
            wall, _ = timed_compute(client, bag)
            mpl = 2 * len(few) / wall
        client.close()
        cluster.close()
    shutil.rmtree(out)

    print(f"{args.jobs} data sets x 2 charts (plotmill), {args.mpl_jobs} x 2 (matplotlib); 2 cores")
    print(f"{'':<34} {'charts/s':>9}")
    print(f"{'matplotlib + seaborn, dask 2 proc x 1 thr':<34} {mpl:>9.2f}")
    for name, rate in rows:
        note = f"   {rate / mpl:.0f}x matplotlib on dask, {rate / batch:.2f} of batch -j 2"
        print(f"{name:<34} {rate:>9.0f}{note}")


if __name__ == "__main__":
    main()
