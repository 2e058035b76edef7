#!/usr/bin/env python3
"""Writes crates/plotmill-render/tests/fixtures/text-<dpi>.png and
text.tsv: labels drawn by matplotlib's Agg backend (DejaVu Sans, its
default text.hinting) at known baseline origins, black on white, as the
grey of the red channel. plotmill's raster must draw the same pixels from
the same positions (crates/plotmill-render/tests/text.rs).

The origins are fractions of a pixel off the grid on purpose: matplotlib
places each hinted glyph to 1/64 pixel.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    python scripts/make_glyph_fixtures.py
"""
import os

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from PIL import Image  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-render", "tests", "fixtures")
WIDTH, HEIGHT = 360, 300
# text, size (pt), x and y of the baseline's origin (pixels, y down), angle.
LABELS = [
    ("body_mass_g", 10, 12.3, 20.7, 0),
    ("Gentoo", 10, 160.55, 20.2, 0),
    ("2500", 10, 250.0, 21.0, 0),
    ("flipper_length_mm", 12, 10.9, 50.4, 0),
    ("-0.75", 10, 200.31, 52.83, 0),
    ("Torgersen Dream", 8, 12.6, 80.1, 0),
    ("AVA Wy To", 11, 170.2, 82.55, 0),
    ("species 0.43", 9, 10.125, 110.9, 0),
    ("temp_max", 14, 170.77, 114.35, 0),
    ("body_mass_g", 10, 30.6, 290.4, 90),
    ("count", 12, 60.25, 200.8, 90),
    ("2012-04", 10, 90.9, 280.1, 90),
    ("Female", 10, 120.4, 160.6, 0),
    ("correlation", 10, 230.0, 200.3, 270),
]
DPIS = [72, 100, 150]


def main():
    os.makedirs(OUT, exist_ok=True)
    for dpi in DPIS:
        r = RendererAgg(WIDTH, HEIGHT, dpi)
        gc = r.new_gc()
        gc.set_foreground("black")
        for text, size, x, y, angle in LABELS:
            fp = FontProperties(family="DejaVu Sans", size=size)
            # draw_text's y is down, from the top of the page.
            r.draw_text(gc, x, y, text, fp, angle)
        rgba = np.asarray(r.buffer_rgba())
        # Composited over white: the text is black, so a pixel's grey is
        # 255 less its coverage.
        grey = 255 - rgba[..., 3]
        Image.fromarray(grey.astype(np.uint8), "L").save(os.path.join(OUT, f"text-{dpi}.png"), optimize=True)
    with open(os.path.join(OUT, "text.tsv"), "w") as f:
        f.write(f"# made by scripts/make_glyph_fixtures.py with matplotlib {matplotlib.__version__} "
                f"(FreeType {matplotlib.ft2font.__freetype_version__}); page {WIDTH}x{HEIGHT} px at "
                f"{', '.join(map(str, DPIS))} dpi\n")
        f.write("# text\tsize_pt\tx_px\ty_px\tangle\n")
        for text, size, x, y, angle in LABELS:
            f.write(f"{text}\t{size}\t{x}\t{y}\t{angle}\n")


if __name__ == "__main__":
    main()
