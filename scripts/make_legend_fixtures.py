#!/usr/bin/env python3
"""Writes crates/plotmill-chart/tests/fixtures/legend_best.json: where
matplotlib's legend(loc="best") puts a legend of a given size among given
lines, scatter points and texts (Legend._find_best_position).

Each case is a figure drawn with the reference stack: lines (random walks,
steps, flat runs), sometimes a scatter and a text, and a legend of one to
three entries. What the placement sees is written in display pixels (y up,
as matplotlib measures): the axes box, the legend's size, its pad from the
axes' edges (borderaxespad), each line's vertices, the scatter's centers,
the texts' boxes; and the legend's lower-left corner matplotlib chose.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    python scripts/make_legend_fixtures.py
"""
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.path  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-chart", "tests", "fixtures",
                   "legend_best.json")


def case(rng):
    fig = plt.figure(figsize=(float(rng.uniform(3, 8)), float(rng.uniform(2.5, 6))), dpi=100)
    ax = fig.add_subplot()
    n = int(rng.integers(15, 60))
    x = np.arange(n, dtype=float)
    kind = rng.integers(0, 4)
    for k in range(int(rng.integers(1, 4))):
        if kind == 0:
            y = np.cumsum(rng.normal(size=n)) + k * 3
        elif kind == 1:
            y = x * rng.uniform(-1, 1) + rng.normal(size=n) * rng.uniform(0, 10)
        elif kind == 2:
            y = np.where(x < n * rng.uniform(0.2, 0.8), rng.uniform(0, 5), rng.uniform(5, 10)) + k
        else:
            y = np.exp(x / n * rng.uniform(1, 4)) + k
        ax.plot(x, y, label=f"series {k}" + " with a longer name" * int(rng.integers(0, 2)))
    if rng.random() < 0.4:
        ax.scatter(rng.uniform(0, n, 15), rng.uniform(*ax.get_ylim(), 15), label="points")
    if rng.random() < 0.3:
        ax.text(float(rng.uniform(0, n)), float(np.mean(ax.get_ylim())), "a note")
    legend = ax.legend(loc="best")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = legend.get_window_extent(renderer)
    bboxes, lines, offsets = legend._auto_legend_data(renderer)
    # Vertices to a thousandth of a pixel (the file stays small; no count
    # of a case changes by it: each case is checked below).
    r = lambda v: [round(float(a), 3) for a in v]  # noqa: E731
    out = {
        "axes": list(ax.bbox.bounds),
        "size": [frame.width, frame.height],
        "pad": legend.borderaxespad * renderer.points_to_pixels(legend._fontsize),
        "lines": [[r(v) for v in p.vertices] for p in lines],
        "offsets": [r(o) for o in offsets],
        "boxes": [list(b.bounds) for b in bboxes],
        "chosen": [frame.x0, frame.y0],
    }
    # The rounded data must lead matplotlib to the same place.
    rounded = legend._find_best_position(frame.width, frame.height, renderer)
    legend._auto_legend_data = lambda _r: (
        bboxes, [matplotlib.path.Path(np.array(v)) for v in out["lines"]], np.array(out["offsets"]))
    again = legend._find_best_position(frame.width, frame.height, renderer)
    assert np.allclose(rounded, again), (rounded, again)
    plt.close(fig)
    return out


def main():
    rng = np.random.default_rng(23)
    cases = [case(rng) for _ in range(100)]
    with open(OUT, "w") as f:
        json.dump({"matplotlib": matplotlib.__version__, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
