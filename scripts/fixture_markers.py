"""What the fixture scripts record of matplotlib's markers, shared by
make_lineplot_fixtures.py and make_categorical_fixtures.py."""
import matplotlib.colors as mcolors
import numpy as np


def seaborn_marker(m):
    """plotmill writes matplotlib's (sides, style, angle) tuples as text;
    seaborn takes the tuple."""
    if isinstance(m, str) and m.startswith("("):
        return tuple(float(v) if "." in v else int(v) for v in m.strip("()").split(","))
    return m


def marker_outline(line):
    """A Line2D's marker: its path at its size in points (y up), its rim's
    width and colour; None without a marker."""
    m = line._marker
    if m.get_marker() in ("None", None, "", " "):
        return None
    path = m.get_path().transformed(m.get_transform())
    v = np.asarray(path.vertices, dtype=float) * line.get_markersize()
    return {"verts": v.tolist(), "mew": float(line.get_markeredgewidth()),
            "mec": [float(c) for c in mcolors.to_rgba(line.get_markeredgecolor())]}
