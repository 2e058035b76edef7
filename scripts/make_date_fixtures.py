#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/dates.tsv: the ticks
matplotlib's AutoDateLocator picks for date view ranges (microseconds to
millennia, UTC), and the labels and offset text its ConciseDateFormatter
writes for them, as a date axis draws them (the view limits to datetimes
with num2date, the ticks back with date2num; days since 1970-01-01).

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    python scripts/make_date_fixtures.py
"""
import os

import matplotlib
import numpy as np
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, num2date

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-chart", "tests", "fixtures", "dates.tsv")

SECOND = 1 / 86400


def main():
    rng = np.random.default_rng(5)
    cases = [
        (18262.0, 18628.0),  # 2020 (a leap year), a whole year
        (18262.0, 18262.0 + 90),  # a quarter
        (18262.5, 18263.25),  # 18 hours
        (18262.0, 18262.0 + 20 * SECOND),  # 20 seconds
        (18262.0, 18262.0 + 0.004 * SECOND),  # 4 ms
        (-3653.0, 3653.0),  # 1960 to 1980
        (-700000.0, 2900000.0),  # year 53 to 9909
        (18290.0, 18322.0),  # Feb 2020, the 29th
        (19000.0, 19000.0 + 40),  # six weeks
        (19000.0, 19000.0 + 200),
        (0.0, 3.0),
        (18262.99, 18263.01),  # across midnight
        # Far from the epoch (over 70 years) num2date rounds to 20 µs.
        (30000.123456789, 30000.123456789 + 3e-9),
        (30000.123456789, 30000.123456789 + 4e-8),
        (-30000.987654321, -30000.987654321 + 2e-7),
    ]
    spans = [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.2, 1, 3, 10, 40, 100, 400, 1500, 5000, 40000, 400000]
    for _ in range(300):
        start = rng.uniform(-20000, 40000)
        span = spans[rng.integers(len(spans))] * rng.uniform(0.3, 3.0)
        cases.append((float(start), float(start + span)))
    rows = 0
    with open(OUT, "w") as f:
        f.write(f"# made by scripts/make_date_fixtures.py with matplotlib {matplotlib.__version__}\n")
        f.write("vmin\tvmax\tticks\tlabels\toffset\n")
        for vmin, vmax in cases:
            locator = AutoDateLocator()
            ticks = locator.tick_values(num2date(vmin), num2date(vmax))
            formatter = ConciseDateFormatter(locator)
            labels = formatter.format_ticks(ticks)
            f.write("\t".join([repr(vmin), repr(vmax), " ".join(repr(float(t)) for t in ticks),
                               "|".join(labels), formatter.get_offset()]) + "\n")
            rows += 1
    print(f"wrote {rows} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
