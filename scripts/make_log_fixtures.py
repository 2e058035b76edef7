#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/log.tsv: the major and minor
ticks matplotlib puts on a log axis (its LogScale's LogLocator(base 10) and
LogLocator(subs="auto"), with a given tick space), and the labels its
LogFormatterSciNotation writes for them (minor ones included: on a short
axis matplotlib labels some of them).

matplotlib writes the labels in mathtext (``$\\mathdefault{10^{-3}}$``,
``$\\mathdefault{2\\times10^{1}}$``); plotmill draws them as text with
Unicode superscripts and a thin space either side of the × (10⁻³,
2 × 10¹), which this script writes as the expected labels.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    python scripts/make_log_fixtures.py
"""
import os
import re

import matplotlib
import numpy as np
from matplotlib.ticker import LogFormatterSciNotation, LogLocator

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-chart", "tests", "fixtures", "log.tsv")

SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def plain(label):
    """mathtext -> the text plotmill draws."""
    if not label:
        return ""
    m = re.fullmatch(r"\$\\mathdefault\{(.*)\}\$", label)
    assert m, label
    body = m.group(1)
    body = re.sub(r"\^\{(-?\d+)\}", lambda e: e.group(1).translate(SUPER), body)
    # mathtext spaces a binary operator by a fifth of the italic m's
    # advance either side (399/2048 em in DejaVu Sans); a thin space,
    # U+2009, is 409/2048 em.
    body = body.replace("\\times", "\u2009×\u2009")
    assert "\\" not in body and "{" not in body, label
    return body.replace("-", "−")


def main():
    rng = np.random.default_rng(17)
    cases = [(1.0, 1000.0, 9), (0.5, 2000.0, 5), (1e-3, 1e3, 9), (3.0, 7.0, 9), (20.0, 45.0, 4),
             (1e-12, 1e12, 9), (1e-12, 1e12, 3), (8.0, 12.0, 6), (0.9, 110.0, 2), (1e5, 1e5 * 1.3, 9)]
    for _ in range(300):
        lo = rng.uniform(-12, 12)
        span = [0.05, 0.2, 0.5, 0.9, 1.5, 3, 6, 12, 20][rng.integers(9)] * rng.uniform(0.5, 1.5)
        cases.append((float(10 ** lo), float(10 ** (lo + span)), int(rng.integers(2, 10))))
    with open(OUT, "w") as f:
        f.write(f"# made by scripts/make_log_fixtures.py with matplotlib {matplotlib.__version__}\n")
        f.write("vmin\tvmax\tnumticks\tmajor\tmajor_labels\tminor\tminor_labels\n")
        for vmin, vmax, n in cases:
            major = LogLocator(numticks=n).tick_values(vmin, vmax)
            minor = LogLocator(subs="auto", numticks=n).tick_values(vmin, vmax)
            fmt = LogFormatterSciNotation()
            fmt.create_dummy_axis()
            fmt.axis.set_view_interval(vmin, vmax)
            cols = [repr(vmin), repr(vmax), str(n)]
            for locs in (major, minor):
                fmt.set_locs(locs)
                cols.append(" ".join(repr(float(t)) for t in locs))
                cols.append("|".join(plain(fmt(t)) for t in locs))
            f.write("\t".join(cols) + "\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
