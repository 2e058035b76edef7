#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/ticks.tsv: what matplotlib's
MaxNLocator (AutoLocator's steps 1, 2, 2.5, 5, 10) picks for many view
ranges and bin counts, for plotmill's locator to be checked against.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    python scripts/make_tick_fixtures.py
"""
import os

import matplotlib
import numpy as np
from matplotlib.ticker import MaxNLocator

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-chart", "tests", "fixtures", "ticks.tsv")


def main():
    rng = np.random.default_rng(7)
    cases = [(-0.9049358841169994, 1.0, 9), (0.0, 1.0, 9), (-1.0, 1.0, 9), (0.5, 0.5, 9), (0.0, 0.0, 5)]
    for _ in range(300):
        scale = 10.0 ** rng.integers(-6, 7)
        a = rng.normal() * scale
        width = abs(rng.normal()) * scale * 10.0 ** rng.integers(-3, 2) + 1e-300
        offset = 0.0 if rng.random() < 0.7 else rng.normal() * scale * 1e4
        cases.append((float(a + offset), float(a + offset + width), int(rng.integers(1, 10))))
    with open(OUT, "w") as f:
        f.write(f"# made by scripts/make_tick_fixtures.py with matplotlib {matplotlib.__version__}\n")
        f.write("vmin\tvmax\tnbins\tticks\n")
        for vmin, vmax, nbins in cases:
            ticks = MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10]).tick_values(vmin, vmax)
            f.write(f"{vmin!r}\t{vmax!r}\t{nbins}\t{' '.join(repr(float(t)) for t in ticks)}\n")
    print(f"{len(cases)} cases -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
