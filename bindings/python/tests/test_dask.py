"""plotmill.dask on a real distributed.LocalCluster of 2 worker processes:
2,000 data sets drawn with one worker killed mid-run, compared byte for byte
with `plotmill batch` on the same files; workers' memory across rounds; a
Dask DataFrame's groups; results as bytes; failures."""
import glob
import json
import logging
import os
import signal
import subprocess
import time

import dask.bag as db
import dask.dataframe as dd
import numpy as np
import pandas as pd
import psutil
import pytest
from dask.distributed import Client, LocalCluster

import plotmill.dask as pmd

N = 2000


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=2, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    """N small data sets (12 rows x 4 columns, seeded) and `plotmill batch
    --inputs` of them: the single-machine result to match."""
    root = tmp_path_factory.mktemp("dask")
    data = root / "data"
    data.mkdir()
    rng = np.random.default_rng(7)
    for i in range(N):
        values = rng.normal(size=(12, 4)).round(4)
        lines = ["a,b,c,d"] + [",".join(map(str, row)) for row in values]
        (data / f"ds{i:04d}.csv").write_text("\n".join(lines) + "\n")
    ref = root / "batch"
    run = subprocess.run([os.environ.get("PLOTMILL_BIN", "plotmill"), "batch", "--inputs",
                          str(data / "*.csv"), "-o", str(ref), "-j", "2", "-q"])
    assert run.returncode == 0
    pairs = [(os.path.basename(f)[:-4], f) for f in sorted(glob.glob(str(data / "*.csv")))]
    return root, pairs, ref


def files(folder):
    """name -> bytes of the charts in a folder (plotmill's own state and
    failures files, and hidden temporary files, left out)."""
    return {name: open(os.path.join(folder, name), "rb").read()
            for name in os.listdir(folder)
            if not name.startswith(".") and not name.startswith("failures")}


def test_a_worker_killed_mid_run_leaves_the_batch_bytes(client, datasets):
    root, pairs, ref = datasets
    out = root / "killed"
    before = client.run(os.getpid)
    future = client.compute(pmd.render(db.from_sequence(pairs, npartitions=100), str(out)))
    # Kill one worker process once a quarter of the charts are written.
    deadline = time.monotonic() + 60
    while not (out.exists() and len(os.listdir(out)) >= N // 2):
        assert time.monotonic() < deadline, "no progress"
        assert not future.done(), "finished before the kill"
        time.sleep(0.01)
    victim = sorted(before.values())[0]
    os.kill(victim, signal.SIGKILL)
    results = future.result(timeout=300)
    after = client.run(os.getpid)
    assert victim not in after.values(), "the killed worker is back under its pid"

    assert len(results) == N
    assert [r["error"] for r in results if r["error"]] == []
    assert sorted(r["key"] for r in results) == [k for k, _ in pairs]
    assert all(len(r["outputs"]) == 2 for r in results)
    # Every output once, complete, and the same bytes as plotmill batch.
    drawn, want = files(out), files(ref)
    assert len(want) == 2 * N
    assert sorted(drawn) == sorted(want)
    assert [n for n in drawn if drawn[n] != want[n]] == []


def test_each_worker_memory_is_flat_across_rounds(client, datasets):
    root, pairs, _ = datasets
    bag = pmd.render(db.from_sequence(pairs, npartitions=40), str(root / "rounds"))
    rss = []
    for _ in range(6):
        assert not [r for r in bag.compute() if r["error"]]
        rss.append(client.run(lambda: psutil.Process().memory_info().rss))
    for worker in rss[0]:
        seen = [round(r[worker] / 2**20, 1) for r in rss]
        # After a first round (imports, the renderer's buffers and fonts),
        # 4 more rounds of 2,000 data sets add under 6 MiB: Dask's own
        # bookkeeping grows 0.2-0.5 MiB a round with a task that draws
        # nothing; the leak this guards against (a figure kept per chart)
        # would add hundreds of MiB a round.
        assert seen[-1] - seen[1] < 6, f"{worker}: RSS MiB by round {seen}"


def test_groups_of_a_dask_dataframe_are_the_batch_of_their_files(client, tmp_path):
    rng = np.random.default_rng(3)
    frames = []
    for station in ["north", "south", "east", "west", "summit"]:
        values = rng.normal(size=(30, 3)).round(3)
        frame = pd.DataFrame(values, columns=["temp", "wind", "rain"])
        frame.insert(0, "station", station)
        frames.append(frame)
        frame.drop(columns="station").to_csv(tmp_path / f"{station}.csv", index=False)
    ddf = dd.from_pandas(pd.concat(frames, ignore_index=True), npartitions=3)
    rows = pmd.render_groups(ddf, "station", str(tmp_path / "groups")).compute()
    assert sorted(rows["key"]) == ["east", "north", "south", "summit", "west"]
    assert list(rows["error"]) == [""] * 5
    assert pmd.failures(rows) == []
    run = subprocess.run([os.environ.get("PLOTMILL_BIN", "plotmill"), "batch", "--inputs",
                          str(tmp_path / "*.csv"), "-o", str(tmp_path / "batch"), "-q"])
    assert run.returncode == 0
    assert files(tmp_path / "groups") == files(tmp_path / "batch")


def test_bytes_without_a_folder_and_failures_as_the_batch_lists_them(client, tmp_path):
    frame = pd.DataFrame({"x": [1.0, 2.0, 4.0, 3.0], "y": [2.0, 1.0, 3.0, 5.0]})
    bag = db.from_sequence([("good", frame), ("gone", str(tmp_path / "missing.csv"))], npartitions=2)
    charts = [{"kind": "heatmap", "annot": True}]
    results = pmd.render(bag, charts=charts).compute()
    good, gone = results
    assert good["outputs"] == ["good_correlation_heatmap.png"] and good["error"] is None
    # The bytes plotmill batch writes for the same job.
    frame.to_csv(tmp_path / "good.csv", index=False)
    (tmp_path / "jobs.jsonl").write_text(
        json.dumps({"key": "good", "data": "good.csv", "charts": charts}) + "\n")
    run = subprocess.run([os.environ.get("PLOTMILL_BIN", "plotmill"), "batch",
                          str(tmp_path / "jobs.jsonl"), "-o", str(tmp_path / "batch"), "-q"])
    assert run.returncode == 0
    assert good["images"][0] == (tmp_path / "batch" / "good_correlation_heatmap.png").read_bytes()
    assert gone["images"] == [] and gone["kind"] == "data"
    assert pmd.failures(results) == [{"key": "gone", "kind": "data", "field": None,
                                      "error": f"data '{tmp_path / 'missing.csv'}': no such file"}]
    # A chart option no data can make drawable names the chart and option.
    bad = pmd.render_job("k", frame, charts=[{"kind": "heatmap", "figsize": [0, 0]}])
    assert bad["kind"] == "spec" and bad["error"].startswith("charts[0].figsize"), bad
