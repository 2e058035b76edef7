#!/usr/bin/env python3
"""Writes a large numeric CSV for benchmarks: ROWS x COLS of correlated normals.

    python scripts/gen_big_csv.py ROWS COLS OUT.csv [--seed N] [--nan-share F] [--float-format %.6g]

Values are written as Python floats print (17 significant digits at most), the
way pandas writes them, so the file is what a pandas user's data looks like.
Deterministic for a given seed. Needs numpy and pandas.
"""
import argparse

import numpy as np
import pandas as pd


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rows", type=int)
    ap.add_argument("cols", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--nan-share", type=float, default=0.0, help="share of cells left empty")
    ap.add_argument("--na-rep", default="", help="how a missing value is written (np.savetxt writes nan)")
    ap.add_argument("--float-format", default=None, help="printf format of the values, such as %%.6g (default: full precision)")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    # A random mixing matrix gives the columns real correlations.
    mix = rng.normal(size=(args.cols, args.cols))
    names = [f"x{i}" for i in range(args.cols)]
    chunk = 100_000
    with open(args.out, "w", newline="") as f:
        f.write(",".join(names) + "\n")
        for start in range(0, args.rows, chunk):
            n = min(chunk, args.rows - start)
            block = rng.normal(size=(n, args.cols)) @ mix
            if args.nan_share:
                block[rng.random(size=block.shape) < args.nan_share] = np.nan
            pd.DataFrame(block).to_csv(f, header=False, index=False, lineterminator="\n",
                                       float_format=args.float_format, na_rep=args.na_rep)


if __name__ == "__main__":
    main()
