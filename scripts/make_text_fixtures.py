#!/usr/bin/env python3
"""Writes crates/plotmill-text/tests/fixtures/hinted.tsv: how matplotlib's
Agg backend measures text in DejaVu Sans (its default font) at a few sizes
and resolutions: width, height and descent in pixels
(RendererAgg.get_text_width_height_descent, with matplotlib's default
text.hinting). plotmill's hinted shaping must give the same numbers.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    python scripts/make_text_fixtures.py
"""
import os

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-text", "tests", "fixtures", "hinted.tsv")

TEXTS = [
    "l", "x", "lp", "Female", "Male", "sample", "species", "body_mass_g", "flipper_length_mm",
    "AVA", "To", "Wy", "g05", "mu06", "-0.5", "0.43", "1.00", "6000", "2012", "Apr", "weather",
    "Torgersen", "Biscoe", "Dream", "island", "count", "Adelie", "Chinstrap", "Gentoo", "sex",
    "temp_max", "drizzle", "correlation of the long-named sensors", "10⁻³", "0.0",
]
SIZES = [6, 8, 9, 10, 11, 12, 14, 16, 20]
DPIS = [72, 100, 150, 200]


def main():
    rows = []
    for dpi in DPIS:
        r = RendererAgg(100, 100, dpi)
        for size in SIZES:
            fp = FontProperties(family="DejaVu Sans", size=size)
            for t in TEXTS:
                w, h, d = r.get_text_width_height_descent(t, fp, False)
                rows.append(f"{t}\t{size}\t{dpi}\t{w!r}\t{h!r}\t{d!r}")
    with open(OUT, "w") as f:
        f.write(f"# made by scripts/make_text_fixtures.py with matplotlib {matplotlib.__version__} "
                f"(FreeType {matplotlib.ft2font.__freetype_version__})\n")
        f.write("# text\tsize_pt\tdpi\twidth_px\theight_px\tdescent_px\n")
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
