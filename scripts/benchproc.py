"""Running a benchmark's child process: its wall time and its own peak RSS.

A child's peak RSS as wait4() reports it starts from its parent's RSS at the
fork (on exec the kernel keeps the high-water mark of the memory the child
had before), so a child of a Python that has imported pandas or matplotlib
shows tens of MiB it never used. GNU time forks the command from a small
process of its own and reports that child's peak, so it is used where
/usr/bin/time is GNU time; elsewhere wait4's figure stands, with that floor.
"""
import os
import subprocess
import sys
import tempfile
import time


def _gnu_time():
    try:
        probe = subprocess.run(["/usr/bin/time", "--version"], capture_output=True, text=True)
    except OSError:
        return None
    return "/usr/bin/time" if "GNU" in probe.stdout + probe.stderr else None


GNU_TIME = _gnu_time()


def run(cmd):
    """Runs cmd; returns (wall seconds, peak RSS MiB, stdout, stderr). Exits on failure."""
    with tempfile.NamedTemporaryFile("r") as rss_file:
        wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *cmd] if GNU_TIME else cmd
        t = time.perf_counter()
        p = subprocess.Popen(wrapped, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = p.stdout.read()
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        if status != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{err.decode()}")
        rss_kib = int(rss_file.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
    return wall, rss_kib / 1024, out.decode(), err.decode()
