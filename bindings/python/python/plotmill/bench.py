"""The service's two charts, drawn by plotmill and by matplotlib + seaborn in
this same process, per chart, with the ratio.

    python -m plotmill.bench                      # 4x8 random data, as the service saw
    python -m plotmill.bench --csv data.csv --iterations 50 --dpi 10

Each plotmill chart is timed from the Python call to the PNG file written,
the way a service calls it: ``plotmill.scatter_matrix(df, path)`` and
``plotmill.heatmap(df.corr(), path, annot=True, cmap="coolwarm")``; the
``bytes`` column is the same call returning the PNG instead (no file), so
the two differ by what the file system takes to write one. The matplotlib side draws the same two
charts the fixed way (a ``Figure`` with an Agg canvas, no pyplot), saves
them and clears the figure. Both write a new PNG per chart (as the service
wrote one per data set) into a temporary folder, removed at the end.

matplotlib, seaborn and pandas are needed for the comparison; without them
only plotmill's times are printed.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

import plotmill


def _matplotlib():
    """matplotlib's two chart functions, or None when it is not installed."""
    try:
        import matplotlib

        matplotlib.use("agg")
        import seaborn as sns
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        return None

    def scatter(df, path, dpi):
        n = df.shape[1]
        fig = Figure(figsize=(12, 8))
        FigureCanvasAgg(fig)
        grid = fig.add_gridspec(n, n, hspace=0.1, wspace=0.1)
        for i in range(n):
            for j in range(n):
                ax = fig.add_subplot(grid[i, j])
                ax.scatter(df.iloc[:, j], df.iloc[:, i], s=3, color="black", alpha=0.5)
                ax.set_xticks([])
                ax.set_yticks([])
                if i == n - 1:
                    ax.set_xlabel(df.columns[j])
                if j == 0:
                    ax.set_ylabel(df.columns[i], rotation=0, labelpad=15)
        fig.savefig(path, dpi=dpi)
        fig.clf()

    def heatmap(df, path, dpi):
        fig = Figure(figsize=(8, 6))
        FigureCanvasAgg(fig)
        sns.heatmap(df.corr(), annot=True, cmap="coolwarm", ax=fig.add_subplot())
        fig.savefig(path, dpi=dpi)
        fig.clf()

    return scatter, heatmap


def _median_ms(draw, iterations):
    """Median milliseconds of ``draw(i)`` over ``i`` in ``range(iterations)``."""
    times = []
    for i in range(iterations):
        t = time.perf_counter()
        draw(i)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def _data(csv, rows, cols):
    try:
        import numpy as np
        import pandas as pd
    except ImportError:
        sys.exit("plotmill.bench needs pandas and numpy to make the data; pip install pandas")
    if csv:
        return pd.read_csv(csv).select_dtypes("number")
    # The service's data sets were small: 4 rows of 8 columns by default.
    return pd.DataFrame(np.random.default_rng(0).random((rows, cols)))


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python -m plotmill.bench", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", help="draw this CSV's numeric columns (default: random data)")
    ap.add_argument("--rows", type=int, default=4, help="rows of random data (default 4)")
    ap.add_argument("--cols", type=int, default=8, help="columns of random data (default 8)")
    ap.add_argument("--dpi", type=float, default=100, help="pixels per inch (default 100)")
    ap.add_argument("--iterations", type=int, default=20,
                    help="matplotlib charts of each kind; plotmill draws 20 times more (default 20)")
    a = ap.parse_args(argv)
    if a.iterations < 1:
        ap.error("--iterations must be at least 1")
    df = _data(a.csv, a.rows, a.cols)
    mpl = _matplotlib()
    with tempfile.TemporaryDirectory(prefix="plotmill-bench-") as out:
        def path(tool, i, chart):
            # A new file per chart, as the service wrote one per data set.
            return os.path.join(out, f"{tool}_{i:06d}_{chart}.png")

        ours = {
            "scatter matrix": lambda i: plotmill.scatter_matrix(
                df, path("plotmill", i, "scatter_matrix"), dpi=a.dpi),
            "heatmap": lambda i: plotmill.heatmap(
                df.corr(), path("plotmill", i, "correlation_heatmap"), annot=True, cmap="coolwarm",
                dpi=a.dpi),
        }
        theirs = None
        if mpl is not None:
            scatter, heat = mpl
            theirs = {
                "scatter matrix": lambda i: scatter(df, path("matplotlib", i, "scatter_matrix"), a.dpi),
                "heatmap": lambda i: heat(df, path("matplotlib", i, "correlation_heatmap"), a.dpi),
            }
        in_memory = {
            "scatter matrix": lambda i: plotmill.scatter_matrix(df, dpi=a.dpi, format="png"),
            "heatmap": lambda i: plotmill.heatmap(
                df.corr(), annot=True, cmap="coolwarm", dpi=a.dpi, format="png"),
        }
        print(f"data {df.shape[0]}x{df.shape[1]}, dpi {a.dpi:g}, median ms per chart "
              f"(file written, Python call included)")
        if theirs is None:
            print("matplotlib/seaborn not installed: plotmill only")
            print(f"{'chart':<16}{'plotmill':>10}{'bytes':>9}")
        else:
            print(f"{'chart':<16}{'matplotlib':>12}{'plotmill':>10}{'bytes':>9}{'ratio':>9}")
        for chart, draw in ours.items():
            draw(-1)  # warm up: fonts, caches
            pm = _median_ms(draw, a.iterations * 20)
            in_memory[chart](-1)
            pb = _median_ms(in_memory[chart], a.iterations * 20)
            if theirs is None:
                print(f"{chart:<16}{pm:>10.3f}{pb:>9.3f}")
                continue
            theirs[chart](-1)
            mp = _median_ms(theirs[chart], a.iterations)
            print(f"{chart:<16}{mp:>12.2f}{pm:>10.3f}{pb:>9.3f}{mp / pm:>8.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
