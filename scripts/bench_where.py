#!/usr/bin/env python3
"""The overhead of `plotmill mem where` beside the other allocation
profilers, on the seed workload (figure mode), in one run: wall time and
peak RSS of plain Python, memray (with and without --native), fil-profile,
and plotmill mem where at its default rate.

    .venv-peers/bin/python scripts/bench_where.py [--iterations 40] [--runs 1]

Run from the repository with .venv-peers (../shared/peers/setup.sh) and a
release build (bash scripts/demo.sh).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOAD = os.path.join(ROOT, "..", "shared", "peers", "seed_workload.py")


def measure(cmd, env=None):
    """Wall seconds and peak RSS (MiB) of a command, by GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        wall, kib = t.read().split()[-2:]
        return float(wall), int(kib) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=40)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--plotmill", default=os.path.join(ROOT, "target", "release", "plotmill"))
    a = ap.parse_args()
    py = sys.executable
    bindir = os.path.dirname(py)
    work = tempfile.mkdtemp(prefix="bench-where-")
    args = [WORKLOAD, "--mode", "figure", "--iterations", str(a.iterations), "--out", os.path.join(work, "img")]
    configs = [
        ("plain Python", [py] + args),
        ("plain Python, PYTHONMALLOC=malloc", [py] + args),
        ("memray run", [py, "-m", "memray", "run", "-f", "-o", os.path.join(work, "m.bin")] + args),
        ("memray run --native", [py, "-m", "memray", "run", "--native", "-f", "-o", os.path.join(work, "mn.bin")] + args),
        ("fil-profile run", [os.path.join(bindir, "fil-profile"), "-o", os.path.join(work, "fil"), "--no-browser", "run"] + args),
        ("plotmill mem where", [a.plotmill, "-q", "mem", "where", "-o", os.path.join(work, "where"), "--", py] + args),
        ("plotmill mem where --native", [a.plotmill, "-q", "mem", "where", "--native", "-o", os.path.join(work, "wheren"), "--", py] + args),
    ]
    results = {}
    for _ in range(a.runs):
        for name, cmd in configs:
            env = dict(os.environ, PYTHONMALLOC="malloc") if "PYTHONMALLOC" in name else None
            try:
                results.setdefault(name, []).append(measure(cmd, env))
            except subprocess.CalledProcessError as e:
                print(f"{name}: failed ({e})", file=sys.stderr)
    base = min(w for w, _ in results["plain Python"])
    base_rss = min(r for _, r in results["plain Python"])
    print(f"seed workload, figure mode, {a.iterations} iterations, {a.runs} run(s) each")
    print("| profiler | wall | × plain | peak RSS | extra RSS |")
    print("|---|---|---|---|---|")
    for name, _ in configs:
        got = results.get(name)
        if not got:
            continue
        w = min(x for x, _ in got)
        r = min(x for _, x in got)
        print(f"| {name} | {w:.1f} s | {w / base:.2f}× | {r:.0f} MiB | {r - base_rss:+.0f} MiB |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
