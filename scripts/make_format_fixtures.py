#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/formatter.tsv: the tick labels
and the offset text matplotlib's ScalarFormatter writes (its defaults:
offset on, offset threshold 4, power limits (-5, 6), Unicode minus) for the
ticks MaxNLocator picks on many view ranges: small and huge magnitudes,
ranges far from zero (an offset), negative ones.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    python scripts/make_format_fixtures.py
"""
import os

import matplotlib
import numpy as np
from matplotlib.ticker import MaxNLocator, ScalarFormatter

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-chart", "tests", "fixtures", "formatter.tsv")


def main():
    rng = np.random.default_rng(11)
    cases = [(-0.9, 1.0, 9), (0.0, 1.0, 9), (-2.5e6, 1.5e6, 5), (1e5, 1.0001e5, 9),
             (0.001, 0.0042, 4), (1e-7, 5e-7, 5), (123456.0, 123457.0, 5), (-123457.0, -123456.0, 5),
             (1e9, 3e9, 5), (0.0, 2e6, 5), (999.5, 1000.5, 5), (5.0, 5.0, 9)]
    for _ in range(400):
        scale = 10.0 ** rng.integers(-9, 10)
        a = rng.normal() * scale
        width = abs(rng.normal()) * scale * 10.0 ** rng.integers(-5, 2) + 1e-300
        offset = 0.0 if rng.random() < 0.6 else rng.normal() * scale * 10.0 ** rng.integers(1, 6)
        cases.append((float(a + offset), float(a + offset + width), int(rng.integers(2, 10))))
    rows = 0
    with open(OUT, "w") as f:
        f.write(f"# made by scripts/make_format_fixtures.py with matplotlib {matplotlib.__version__}\n")
        f.write("vmin\tvmax\tticks\tlabels\toffset\n")
        for vmin, vmax, nbins in cases:
            locs = MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10]).tick_values(vmin, vmax)
            fmt = ScalarFormatter()
            fmt.create_dummy_axis()
            fmt.axis.set_view_interval(vmin, vmax)
            fmt.set_locs(locs)
            labels = [fmt(x) for x in locs]
            if any("|" in s or "\t" in s for s in labels):
                continue
            f.write(f"{vmin!r}\t{vmax!r}\t{' '.join(repr(float(t)) for t in locs)}\t"
                    f"{'|'.join(labels)}\t{fmt.get_offset()}\n")
            rows += 1
    print(f"{rows} cases -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
