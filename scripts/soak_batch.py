#!/usr/bin/env python3
"""Soak: one `plotmill batch` run over many seed-shaped data sets, with its
RSS sampled every 100 ms. Prints the peak RSS and the RSS slope over the
second half of the run, in KiB per 1,000 charts (a least-squares fit of RSS
against charts done, read from the journal as the run goes).

    python3 scripts/soak_batch.py                   # 50,000 data sets x 2 charts, -j 2
    python3 scripts/soak_batch.py --jobs 5000 -j 1

The data sets are made by scripts/make_batch_data.py under bench-data/ (kept
between runs); outputs go to a temporary folder (tmpfs when /dev/shm exists)
that is removed afterwards. --samples FILE keeps the samples as CSV
(seconds, charts, rss_kib).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=50000, help="data sets (2 charts each)")
    ap.add_argument("-j", "--workers", type=int, default=2)
    ap.add_argument("--plotmill", default=os.path.join(ROOT, "target", "release", "plotmill"))
    ap.add_argument("--samples", help="write the samples to this CSV")
    args = ap.parse_args()

    data = os.path.join(ROOT, "bench-data", f"batch{args.jobs}")
    if not os.path.exists(os.path.join(data, "jobs.jsonl")):
        print(f"making {args.jobs} data sets in {data} ...", flush=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_batch_data.py"), str(args.jobs), data], check=True)
    out = tempfile.mkdtemp(prefix="plotmill-soak-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    journal = os.path.join(out, ".plotmill", "journal.jsonl")
    cmd = [args.plotmill, "batch", os.path.join(data, "jobs.jsonl"), "-o", out, "-j", str(args.workers), "-q",
           "--summary-json", os.path.join(out, "summary.json")]
    start = time.monotonic()
    proc = subprocess.Popen(cmd)
    samples = []  # (seconds, charts, rss KiB)
    lines, offset = 0, 0
    while proc.poll() is None:
        rss = rss_kib(proc.pid)
        try:
            with open(journal, "rb") as f:
                f.seek(offset)
                chunk = f.read()
                # Count whole lines only; a partial one is read next time.
                last = chunk.rfind(b"\n")
                if last >= 0:
                    lines += chunk[: last + 1].count(b"\n")
                    offset += last + 1
        except OSError:
            pass
        if rss is not None:
            samples.append((time.monotonic() - start, max(lines - 1, 0) * 2, rss))
        time.sleep(0.1)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"plotmill batch exited {proc.returncode}")
    import json
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    shutil.rmtree(out)

    half = [s for s in samples if s[1] >= summary["outputs"] / 2]
    per_1000 = slope([s[1] for s in half], [s[2] for s in half]) * 1000 if len(half) > 2 else float("nan")
    peak = max(s[2] for s in samples) / 1024
    print(f"charts: {summary['outputs']} ({summary['done']} jobs, {summary['failed']} failed) with -j {args.workers}")
    print(f"wall: {wall:.1f} s, {summary['charts_per_second']:.0f} charts/s")
    print(f"RSS samples: {len(samples)} every 100 ms; first {samples[0][2] / 1024:.1f} MiB, last {samples[-1][2] / 1024:.1f} MiB")
    print(f"peak RSS: {peak:.1f} MiB sampled, {summary['peak_rss_bytes'] / 1048576:.1f} MiB VmHWM (limit 64 MiB)")
    print(f"RSS slope over the second half: {per_1000:+.3f} KiB per 1,000 charts (limit 1 KiB)")
    if args.samples:
        with open(args.samples, "w") as f:
            f.write("seconds,charts,rss_kib\n")
            for s in samples:
                f.write(f"{s[0]:.3f},{s[1]},{s[2]}\n")
    ok = peak < 64 and abs(per_1000) < 1
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
