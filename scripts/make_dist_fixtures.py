#!/usr/bin/env python3
"""Writes crates/plotmill-data/tests/fixtures/dist/{bins,kde}.tsv: what
numpy and scipy compute for the distribution charts, on data sets of many
shapes (normal, skewed, discrete, tiny, constant, with outliers, weighted).

- bins.tsv: seaborn's histplot bins (its _stats.counting.Hist: numpy's
  histogram_bin_edges for a rule or a count, a bin width rounded to a
  whole count of bins, half-integer edges for discrete data, a binrange),
  then as
  seaborn counts them: numpy.histogram with that many bins over their
  range (uniform bins; weighted sums when weights are given), whose edges
  are written.
- kde.tsv: scipy's gaussian_kde (Scott's or Silverman's factor or a
  scalar, times seaborn's bw_adjust), seaborn's support grid (cut
  bandwidths past the data, clipped, gridsize points) and the density
  there; also the bivariate case (a 2-D grid, density row by row).

Every float is written with repr, so the Rust tests read back the exact
values. Run with the reference stack (../shared/peers/setup.sh) from the
repo root:
    python scripts/make_dist_fixtures.py
"""
import os

import numpy as np
import scipy
from scipy.stats import gaussian_kde

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-data", "tests", "fixtures", "dist")


def floats(a):
    return " ".join(repr(float(v)) for v in np.asarray(a, dtype=float).ravel())


def datasets():
    rng = np.random.default_rng(20261205)
    yield "normal200", rng.normal(10, 2, 200), None
    yield "lognormal500", rng.lognormal(0, 1, 500), None
    yield "discrete", rng.integers(0, 7, 300).astype(float), None
    yield "tiny3", np.array([1.0, 2.0, 4.0]), None
    yield "two", np.array([0.25, 0.75]), None
    yield "outliers", np.concatenate([rng.normal(0, 1, 97), [50.0, -40.0, 120.0]]), None
    yield "uniform1000", rng.uniform(-1e6, 1e6, 1000), None
    yield "small_scale", rng.normal(1e-6, 3e-8, 150), None
    yield "weighted", rng.normal(5, 1, 120), rng.uniform(0.1, 3.0, 120)
    yield "ties", np.repeat([1.0, 2.0, 2.5, 7.0], [10, 40, 5, 1]), None


def edges(x, w, bins, binwidth, binrange, discrete):
    """seaborn 0.13's histplot bins (seaborn._stats.counting.Hist
    ._define_bin_edges): a width becomes the nearest whole count of bins."""
    start, stop = (x.min(), x.max()) if binrange is None else binrange
    if discrete:
        return np.arange(start - .5, stop + 1.5)
    if binwidth is not None:
        bins = int(round((stop - start) / binwidth))
    return np.histogram_bin_edges(x, bins, binrange, w)


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "bins.tsv"), "w") as f:
        f.write(f"# made by scripts/make_dist_fixtures.py with numpy {np.__version__}\n")
        f.write("name\tbins\tdata\tweights\tedges\tcounts\n")
        for name, x, w in datasets():
            specs = [("auto", None, None, False), ("fd", None, None, False),
                     ("sturges", None, None, False), ("sqrt", None, None, False),
                     ("rice", None, None, False), ("scott", None, None, False),
                     ("doane", None, None, False), ("stone", None, None, False),
                     (10, None, None, False), (3, None, None, False), (1, None, None, False)]
            span = x.max() - x.min()
            if span > 0:
                specs.append((None, span / 7.3, None, False))
                specs.append((None, span / 4.5, None, False))
                specs.append((None, span / 5.5, None, False))
                mid = x.min() + span / 2
                specs.append((12, None, (x.min() - span / 4, mid), False))
                specs.append(("auto", None, (mid, x.max() + span / 3), False))
            if name in ("discrete", "ties", "tiny3"):
                specs.append((None, None, None, True))
            for bins, width, rng, discrete in specs:
                if w is not None and isinstance(bins, str) and bins not in ("auto", "sturges", "sqrt", "rice"):
                    # numpy: weighted data only with a count or these rules
                    continue
                try:
                    e = edges(x, w, bins, width, rng, discrete)
                except (ValueError, TypeError):
                    continue
                # seaborn then bins with a count and a range (numpy's uniform
                # bins: the edges become linspace over the range).
                counts, e = np.histogram(x, bins=len(e) - 1, range=(e.min(), e.max()), weights=w)
                spec = ("discrete" if discrete else f"width {float(width)!r}" if width is not None else str(bins))
                if rng is not None:
                    spec += f" range {float(rng[0])!r} {float(rng[1])!r}"
                f.write(f"{name}\t{spec}\t{floats(x)}\t{floats(w) if w is not None else '-'}\t{floats(e)}\t{floats(counts)}\n")
    with open(os.path.join(OUT, "kde.tsv"), "w") as f:
        f.write(f"# made by scripts/make_dist_fixtures.py with scipy {scipy.__version__}\n")
        f.write("name\tbw_method\tbw_adjust\tcut\tclip\tgridsize\tdata\tweights\tsupport\tdensity\n")
        for name, x, w in datasets():
            if np.ptp(x) == 0:
                continue
            for bw_method, adjust, cut, clip, gridsize in [
                ("scott", 1.0, 3.0, None, 200), ("silverman", 1.0, 3.0, None, 200),
                (0.3, 1.0, 3.0, None, 50), ("scott", 0.5, 0.0, None, 100),
                ("scott", 2.0, 3.0, (float(np.median(x)), None), 64),
            ]:
                kde = gaussian_kde(x, bw_method=bw_method, weights=w)
                kde.set_bandwidth(kde.factor * adjust)
                bw = np.sqrt(kde.covariance.squeeze())
                lo = x.min() - bw * cut if clip is None or clip[0] is None else max(x.min() - bw * cut, clip[0])
                hi = x.max() + bw * cut if clip is None or clip[1] is None else min(x.max() + bw * cut, clip[1])
                support = np.linspace(lo, hi, gridsize)
                density = kde(support)
                clip_s = "-" if clip is None else " ".join("None" if c is None else repr(float(c)) for c in clip)
                f.write(f"{name}\t{bw_method}\t{adjust!r}\t{cut!r}\t{clip_s}\t{gridsize}\t{floats(x)}\t{floats(w) if w is not None else '-'}\t{floats(support)}\t{floats(density)}\n")
    with open(os.path.join(OUT, "kde2.tsv"), "w") as f:
        f.write(f"# made by scripts/make_dist_fixtures.py with scipy {scipy.__version__}\n")
        f.write("name\tbw_method\tx\ty\tgrid_x\tgrid_y\tdensity\n")
        rng = np.random.default_rng(7)
        for name, n, rho in [("corr", 150, 0.7), ("indep", 80, 0.0), ("anti", 40, -0.9)]:
            x = rng.normal(0, 1, n)
            y = rho * x + np.sqrt(1 - rho * rho) * rng.normal(0, 3, n)
            for bw_method in ["scott", "silverman"]:
                kde = gaussian_kde([x, y], bw_method=bw_method)
                bw = np.sqrt(np.diag(kde.covariance))
                gx = np.linspace(x.min() - 3 * bw[0], x.max() + 3 * bw[0], 30)
                gy = np.linspace(y.min() - 3 * bw[1], y.max() + 3 * bw[1], 20)
                xx, yy = np.meshgrid(gx, gy)
                d = kde([xx.ravel(), yy.ravel()]).reshape(xx.shape)
                f.write(f"{name}\t{bw_method}\t{floats(x)}\t{floats(y)}\t{floats(gx)}\t{floats(gy)}\t{floats(d)}\n")


if __name__ == "__main__":
    main()
