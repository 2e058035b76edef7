#!/usr/bin/env python3
"""The original service's ChartHelper, on plotmill.

For every data set it receives, the service drew a scatter matrix and a
correlation heatmap and saved them as ``<key>_scatter_matrix.png`` and
``<key>_correlation_heatmap.png``. With matplotlib + seaborn that took
hundreds of milliseconds per chart and leaked memory through pyplot's figure
registry; here each chart is one call, a few milliseconds, and nothing is
kept between calls.

    python examples/chart_helper.py                       # examples/data/*.csv -> out/
    python examples/chart_helper.py incoming/ --out charts/

Needs ``pip install ./bindings/python pandas``.
"""

import argparse
import glob
import os
import sys

import pandas as pd

import plotmill


class ChartHelper:
    """Draws the service's two charts for one data set into ``out``."""

    def __init__(self, out):
        self.out = out
        os.makedirs(out, exist_ok=True)

    def scatter_matrix(self, df, key):
        path = os.path.join(self.out, f"{key}_scatter_matrix.png")
        plotmill.scatter_matrix(df, path, figsize=(12, 8), s=3, color="black", alpha=0.5)
        return path

    def correlation_heatmap(self, df, key):
        path = os.path.join(self.out, f"{key}_correlation_heatmap.png")
        plotmill.heatmap(df.corr(numeric_only=True), path, annot=True, cmap="coolwarm")
        return path

    def handle(self, df, key):
        """The service's loop body: both charts for one data set."""
        return [self.scatter_matrix(df, key), self.correlation_heatmap(df, key)]


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="?", default=os.path.join(here, "data"),
                    help="a folder of CSV files (default: examples/data)")
    ap.add_argument("--out", default="out", help="where the charts go (default: out)")
    a = ap.parse_args(argv)
    files = sorted(glob.glob(os.path.join(a.inputs, "*.csv")))
    if not files:
        sys.exit(f"no CSV files in {a.inputs}")
    helper = ChartHelper(a.out)
    failed = 0
    for path in files:
        key = os.path.splitext(os.path.basename(path))[0]
        try:
            df = pd.read_csv(path).select_dtypes("number")
            for written in helper.handle(df, key):
                print(written)
        except (plotmill.PlotmillError, ValueError, OSError) as e:
            # One bad data set does not stop the others.
            failed += 1
            print(f"{path}: {e}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
