"""What taking Arrow data over costs the Python package: a polars frame of
ROWS x COLS float64 columns read in place through `__arrow_c_stream__`,
against converting it the way the package did before (pyarrow -> numpy
float64 -> bytes, copied), and plotmill.corr against pandas on the same frame.

    .venv-test/bin/python scripts/bench_arrow.py [--rows N] [--cols K]

Needs the installed plotmill wheel, numpy, pandas, polars and pyarrow (all in
.venv-test, which scripts/test.sh makes).
"""
import argparse
import time

import numpy as np
import polars as pl

import plotmill
from plotmill import _plotmill


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def through_pyarrow(frame):
    """The package's conversion before it read Arrow itself."""
    table = frame.to_arrow()
    cols = []
    for name, col in zip(table.column_names, table.columns):
        arr = col.to_numpy(zero_copy_only=False)
        nulls = np.asarray(col.is_null().to_numpy(zero_copy_only=False))
        arr = np.where(nulls, np.nan, arr.astype("f8"))
        cols.append((str(name), np.ascontiguousarray(arr, "<f8").tobytes(), "float"))
    return _plotmill.Table.from_columns(table.num_rows, cols, [])


def timed(f):
    before = rss_mib()
    start = time.perf_counter()
    out = f()
    return out, (time.perf_counter() - start) * 1e3, rss_mib() - before


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=20)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    frame = pl.DataFrame({f"c{j}": rng.normal(size=args.rows) for j in range(args.cols)})
    shape = f"{args.rows:,} x {args.cols}"

    native, ms, mib = timed(lambda: _plotmill.Table.from_arrow(frame))
    in_place = sum(native.memory(i)[1] for i in range(args.cols))
    print(f"Arrow stream, read in place ({shape}): {ms:8.2f} ms  RSS +{mib:6.1f} MiB  "
          f"({in_place}/{args.cols} columns in place)")
    del native
    copied, ms, mib = timed(lambda: through_pyarrow(frame))
    print(f"pyarrow + numpy, copied     ({shape}): {ms:8.2f} ms  RSS +{mib:6.1f} MiB")
    del copied

    ours, ms_ours, _ = timed(lambda: plotmill.corr(frame))
    theirs, ms_pandas, _ = timed(lambda: frame.to_pandas().corr())
    diff = np.abs(ours.to_numpy() - theirs.to_numpy()).max()
    print(f"plotmill.corr(frame) {ms_ours:.0f} ms; frame.to_pandas().corr() {ms_pandas:.0f} ms "
          f"(ratio {ms_ours / ms_pandas:.3f}); largest difference {diff:.1e}")


if __name__ == "__main__":
    main()
