"""plotmill: statistical charts for bulk, unattended rendering.

A drop-in for the matplotlib/seaborn batch code that draws a scatter matrix
and a correlation heatmap per data set: the same charts, hundreds of times
faster, with memory that stays flat. Parameter names and meanings follow
seaborn and matplotlib; a parameter plotmill does not support raises
TypeError naming it, never silently ignored.

    import pandas as pd, plotmill
    df = pd.read_csv("data.csv")
    plotmill.scatter_matrix(df, "out/key_scatter_matrix.png")
    plotmill.heatmap(df.corr(), "out/key_correlation_heatmap.png", annot=True, cmap="coolwarm")
    png = plotmill.heatmap(df.corr(), format="png")      # bytes
    plotmill.corr(df, method="kendall")                   # a DataFrame, as df.corr(method="kendall")
"""
from __future__ import annotations

import json as _json
import math as _math
import numbers as _numbers
import os as _os
import tempfile as _tempfile
import warnings as _warnings

from . import _plotmill

__all__ = [
    "PlotmillError", "DataError", "OptionError", "OutputError", "PlotmillWarning",
    "heatmap", "scatter_matrix", "histplot", "kdeplot", "pairplot",
    "boxplot", "violinplot", "stripplot", "swarmplot", "barplot", "pointplot", "countplot",
    "lineplot", "clustermap",
    "corr", "batch",
]
__version__ = "0.1.0"


def __dir__():
    # What `dir(plotmill)` and tab completion show: the API, not the modules
    # and helpers it is built from.
    return sorted(__all__ + ["MAX_PIXELS", "__version__"])

#: The most pixels an image may have (as the CLI's --max-pixels default).
MAX_PIXELS = 100_000_000


class PlotmillError(Exception):
    """Base class of plotmill's errors."""


class DataError(PlotmillError, ValueError):
    """The data cannot be drawn or correlated (no numeric column, too many
    columns, a bad value)."""


class OptionError(PlotmillError, TypeError):
    """An argument plotmill does not support, or one of the wrong type."""


class OutputError(PlotmillError, OSError):
    """The output file could not be written."""


class PlotmillWarning(UserWarning):
    """A chart was drawn as asked, but not all of its text can be read at its
    size (values wider than their cells, labels overlapping or cut off)."""


# ---------------------------------------------------------------- data in

def _is_pandas(obj):
    t = type(obj)
    return t.__module__.startswith("pandas") and t.__name__ == "DataFrame"


def _float_bytes(values, n):
    """float64 little-endian bytes of a list of numbers (None is missing)."""
    import struct
    try:
        out = [float("nan") if v is None else float(v) for v in values]
    except (TypeError, ValueError):
        raise DataError("data: a column of a dict must hold numbers or None") from None
    return struct.pack("<%dd" % n, *out)


def _is_series(obj):
    t = type(obj)
    return t.__module__.startswith("pandas") and t.__name__ == "Series"


def _table(data):
    """The native table of pandas, Arrow (polars, pyarrow, ...), numpy or
    dict data; a DataError when it cannot be read."""
    try:
        if hasattr(data, "__arrow_c_stream__") and not _is_pandas(data) and not hasattr(data, "ndim"):
            # The Arrow PyCapsule interface: read by plotmill itself, float64
            # columns in place (no pyarrow needed, no copy where the layout
            # allows: one chunk, no nulls).
            return _plotmill.Table.from_arrow(data)
        return _plotmill.Table.from_columns(*_columns(data))
    except ValueError as e:
        if isinstance(e, PlotmillError):
            raise
        raise DataError(f"data: {e}") from None


def _columns(data):
    """(rows, [(name, bytes, kind)], [text column names]) of a table."""
    # pandas: numeric and bool columns, as DataFrame.corr(numeric_only=True) takes them.
    if _is_pandas(data):
        import numpy as np
        # Column kinds from the dtypes alone: taking each column out as a
        # Series would leave pandas bookkeeping (copy-on-write references)
        # behind in the caller's frame on every call.
        kinds, text, keep = [], [], []
        for j, (name, dtype) in enumerate(zip(data.columns, data.dtypes)):
            k = getattr(dtype, "kind", "O")
            if k == "b" or str(dtype) == "boolean":
                kinds.append((str(name), "bool"))
            elif k in "iuf":
                kinds.append((str(name), "int" if k in "iu" else "float"))
            else:
                text.append(str(name))
                continue
            keep.append(j)
        if not keep:
            return len(data), [], text
        frame = data if len(keep) == data.shape[1] else data.iloc[:, keep]
        values = np.asarray(frame.to_numpy(dtype="float64", na_value=np.nan), dtype="<f8")
        cols = [(name, np.ascontiguousarray(values[:, i]).tobytes(), kind) for i, (name, kind) in enumerate(kinds)]
        return len(data), cols, text
    # numpy 2-D arrays: columns 0, 1, 2, ...
    if hasattr(data, "ndim") and hasattr(data, "shape"):
        import numpy as np
        arr = np.asarray(data)
        if arr.ndim != 2:
            raise DataError(f"data: a 2-D array is needed, got {arr.ndim} dimension(s)")
        if arr.dtype.kind not in "biuf":
            raise DataError(f"data: an array of numbers is needed, got dtype {arr.dtype}")
        kind = "bool" if arr.dtype.kind == "b" else ("int" if arr.dtype.kind in "iu" else "float")
        a = arr.astype("<f8")
        return arr.shape[0], [(str(j), np.ascontiguousarray(a[:, j]).tobytes(), kind) for j in range(arr.shape[1])], []
    # A dict of columns.
    if isinstance(data, dict):
        n = None
        cols, text = [], []
        for name, values in data.items():
            values = list(values)
            if n is None:
                n = len(values)
            elif len(values) != n:
                raise DataError(f"data: column '{name}' has {len(values)} values, the first column {n}")
            if any(isinstance(v, str) for v in values):
                # Text: left out of the numbers (a chart may colour by it).
                text.append(str(name))
                continue
            cols.append((str(name), _float_bytes(values, n), "float"))
        return n or 0, cols, text
    raise OptionError(
        f"data: plotmill reads pandas, polars and pyarrow tables, 2-D numpy arrays and dicts of columns, not {type(data).__name__}"
    )


# ---------------------------------------------------------------- options

def _reject(kwargs, what):
    if kwargs:
        names = ", ".join(sorted(kwargs))
        raise OptionError(f"{what}() got parameter(s) plotmill does not support: {names}")


def _format(path, format):
    if format is not None:
        if format not in ("png", "svg", "pdf"):
            raise OptionError(f"format: '{format}' is not png, svg or pdf")
        return format
    if path is not None:
        ext = _os.path.splitext(_os.fspath(path))[1].lower()
        if ext in (".png", ".svg", ".pdf"):
            return ext[1:]
        raise OptionError(f"cannot tell the format of '{_os.fspath(path)}'; end it in .png, .svg or .pdf, or pass format=")
    return "png"


def _draw(spec, table, path, format):
    spec["format"] = _format(path, format)
    if path is not None:
        path = _os.fsdecode(_os.fspath(path))
    try:
        # To a file, the native side writes it atomically (a temporary file
        # in the same folder, renamed when complete), as the command line does.
        out, crowded, warnings = _plotmill.render(_json.dumps(spec), table, MAX_PIXELS, path)
    except TypeError as e:
        # An argument no data can make drawable (a figsize of 0, vmin above
        # vmax), found before any work.
        raise OptionError(str(e)) from None
    except ValueError as e:
        raise DataError(str(e)) from None
    except OSError as e:
        raise OutputError(e.errno, e.strerror) from None
    if crowded:
        _warn_crowded(spec, crowded)
    for warning in warnings:
        # Drawn as asked (a palette whose colours repeat), said as seaborn
        # says it: a UserWarning.
        _warnings.warn(warning, UserWarning, stacklevel=3)
    return out


def _warn_crowded(spec, crowded):
    """One warning for the text that cannot be read, naming the arguments
    that help (shown once per call site, as Python's warnings are)."""
    w, h = spec["figsize"]
    grow = max(g for _, _, g, _ in crowded)
    helps = []
    if spec.get("layout") == "none" and any(clipped for _, _, _, clipped in crowded):
        helps.append("layout='constrained' (the axes move so that every label is on the page)")
    if any(role == "cell_values" for role, _, _, _ in crowded):
        helps.append("annot=False, or a shorter fmt (such as '.1f')")
    helps.append("a larger figsize (about (%g, %g))" % (_math.ceil(w * grow), _math.ceil(h * grow)))
    what = "; ".join(text for _, text, _, _ in crowded)
    _warnings.warn(
        f"at {w:g}x{h:g} in, not all of this chart's text can be read: {what}. "
        f"It is drawn as asked; to read it, pass {', or '.join(helps)}",
        PlotmillWarning, stacklevel=4)


def _figsize(figsize, default):
    if figsize is None:
        return list(default)
    try:
        w, h = figsize
        return [float(w), float(h)]
    except (TypeError, ValueError):
        raise OptionError(f"figsize: (width, height) in inches, not {figsize!r}") from None


def _count(n, name):
    """A whole number of 0 or more (the range is the chart's to check)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise OptionError(f"{name}: a whole number, not {n!r}")
    return n


def _color(c, name):
    if c is None:
        return None
    if isinstance(c, str):
        return c
    if isinstance(c, (tuple, list)) and len(c) in (3, 4) and all(isinstance(v, (int, float)) for v in c):
        return "#%02x%02x%02x" % tuple(int(round(float(v) * 255)) for v in c[:3])
    raise OptionError(f"{name}: a color name, '#rrggbb' or an (r, g, b) tuple, not {c!r}")


def _hue_norm(norm, name="hue_norm"):
    """seaborn's hue_norm (and size_norm): a (low, high) pair (a
    matplotlib Normalize's vmin and vmax work too)."""
    if norm is None:
        return None
    if hasattr(norm, "vmin") and hasattr(norm, "vmax"):
        norm = (norm.vmin, norm.vmax)
    try:
        lo, hi = norm
        return [float(lo), float(hi)]
    except (TypeError, ValueError):
        raise OptionError(f"{name}: a (low, high) pair, not {norm!r}") from None


def _sizes(sizes, data, size, size_order):
    """seaborn's sizes: a (min, max) tuple of widths, a dict level -> width,
    or a list in the levels' order (the size's levels as seaborn orders
    them: size_order, else numbers sorted, else text in order of
    appearance)."""
    if sizes is None:
        return None

    def width(v, level):
        try:
            return float(v)
        except (TypeError, ValueError):
            raise OptionError(f"sizes: {v!r} (for {level!r}) is not a width in points") from None

    if isinstance(sizes, tuple):
        if len(sizes) != 2:
            raise OptionError(f"sizes: a (min, max) pair of widths, not {sizes!r}")
        return [width(sizes[0], "min"), width(sizes[1], "max")]
    if isinstance(sizes, dict):
        return {str(k): width(v, k) for k, v in sizes.items()}
    if isinstance(sizes, list):
        if size is None:
            raise OptionError("sizes: a list of widths needs a size column")
        if size_order is not None:
            levels = list(size_order)
        else:
            seen = [v for v in list(data[size]) if v is not None and v == v]
            numeric = all(isinstance(v, _numbers.Number) for v in seen)
            levels = sorted(set(seen)) if numeric else list(dict.fromkeys(seen))
        if len(sizes) != len(levels):
            raise OptionError(
                f"sizes: {len(sizes)} widths for the {len(levels)} levels of {size!r}; "
                "give one per level, or a dict level -> width")
        return {str(k): width(v, k) for k, v in zip(levels, sizes)}
    raise OptionError(
        f"sizes: a (min, max) tuple, a dict level -> width or a list, not {sizes!r}")


def _palette(palette):
    """seaborn's palette argument for a spec: a name as it is, a list of
    colours, or a dict of colours by hue level (keys as text: 2007 -> "2007")."""
    if palette is None or isinstance(palette, str):
        return palette
    if isinstance(palette, dict):
        return {str(k): _color(v, f"palette[{k!r}]") for k, v in palette.items()}
    if isinstance(palette, (list, tuple)):
        return [_color(c, "palette") for c in palette]
    raise OptionError(f"palette: a name, a list of colours or a dict of colours by level, not {palette!r}")


def _marker(m, name):
    """A filled matplotlib marker: its code ("o", "s", "^", "X", ...) or a
    (sides, style, angle) tuple, which a spec writes as text."""
    if isinstance(m, str):
        return m
    if (isinstance(m, tuple) and len(m) in (2, 3)
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in m)):
        return "(" + ", ".join(str(v) for v in m) + ")"
    raise OptionError(f"{name}: a marker code such as 'o', 's', '^' or a (sides, style, angle) tuple, not {m!r}")


def _dash(d, name):
    """A dash pattern: "" (solid), a line style ("--"), or (dash, gap, ...)."""
    if isinstance(d, str):
        return d
    if isinstance(d, (tuple, list)) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in d):
        return [float(v) for v in d]
    raise OptionError(f"{name}: '', a line style such as '--', or (dash, gap, ...) lengths, not {d!r}")


def _style_map(value, one, name):
    """seaborn's markers / dashes: True, False (None), a list in the levels'
    order, or a dict by level (keys as text)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): one(v, f"{name}[{k!r}]") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [one(v, name) for v in value]
    raise OptionError(f"{name}: True, False, a list or a dict by level, not {value!r}")


def _mask(mask, shape):
    """seaborn's boolean mask: (kind, keep_diagonal, cells). Triangles are
    named (as the CLI's --mask draws them); any other mask goes cell by cell."""
    if mask is None:
        return "none", False, None
    import numpy as np
    m = np.asarray(mask, dtype=bool)
    if m.shape != shape:
        raise DataError(f"mask: shape {m.shape} does not match the data's {shape}")
    if not m.any():
        return "none", False, None
    if shape[0] == shape[1]:
        n = shape[0]
        for kind, keep_diag, ref in (
            ("upper", False, np.triu(np.ones((n, n), bool))),
            ("upper", True, np.triu(np.ones((n, n), bool), k=1)),
            ("lower", False, np.tril(np.ones((n, n), bool))),
            ("lower", True, np.tril(np.ones((n, n), bool), k=-1)),
        ):
            if (m == ref).all():
                return kind, keep_diag, None
    return "none", False, [bool(v) for v in m.ravel()]


def _ticklabels(value, name):
    """seaborn's xticklabels/yticklabels: "auto", True, False, k or a list."""
    if value is True or (isinstance(value, str) and value == "auto"):
        return "auto"
    if value is False:
        return False
    if isinstance(value, int):
        if value < 1:
            raise OptionError(f"{name}: every k-th label needs k of 1 or more, not {value}")
        return value
    if isinstance(value, str):
        raise OptionError(f"{name}: 'auto', True, False, a number or a list of labels, not {value!r}")
    try:
        return [str(v) for v in value]
    except TypeError:
        raise OptionError(f"{name}: 'auto', True, False, a number or a list of labels, not {value!r}") from None


def _annot_labels(annot, fmt, shape):
    """seaborn's annot array: each value formatted with fmt (strings as they are)."""
    import numpy as np
    a = np.asarray(annot, dtype=object)
    if a.shape != shape:
        raise DataError(f"annot: shape {a.shape} does not match the data's {shape}")
    spec = "{:" + fmt + "}"
    out = []
    for v in a.ravel():
        if isinstance(v, str):
            out.append(v)
            continue
        try:
            out.append(spec.format(v))
        except (ValueError, TypeError) as e:
            raise OptionError(f"fmt: cannot format {v!r} with '{fmt}': {e}") from None
    return out


# ---------------------------------------------------------------- charts

def heatmap(data, path=None, *, vmin=None, vmax=None, cmap=None, center=None, robust=False,
            annot=None, fmt=".2g", annot_kws=None, linewidths=0.0, linecolor="white", cbar=True,
            cbar_kws=None, square=False, xticklabels="auto", yticklabels="auto", mask=None,
            figsize=(8, 6), dpi=100, layout=None, title=None, max_columns=500, format=None,
            **kwargs):
    """Draw a matrix as seaborn's ``heatmap`` does, with its defaults (the
    service's chart is ``heatmap(df.corr(), annot=True, cmap="coolwarm")``
    on an 8x6 in figure).

    Parameters
    ----------
    data : DataFrame, 2-D array, polars/pyarrow table
        The matrix to draw, as it is (give ``df.corr()`` for a correlation
        heatmap). Row labels are the column names for a square matrix.
    path : str or PathLike, optional
        Where to write the image (atomically). Without it, the bytes are returned.
    vmin, vmax : float, optional
        Values at the colormap's ends; default the data's extremes.
    cmap : str, optional
        A matplotlib/seaborn colormap name; ``_r`` reverses it. Default as
        seaborn chooses: "rocket", or "icefire" when ``center`` is given.
    center : float, optional
        The value at the colormap's center.
    robust : bool
        vmin/vmax from the 2nd and 98th percentiles.
    annot : bool or array, optional
        Write the values in the cells (default: no); an array of the data's
        shape gives the values to write instead (formatted with ``fmt``;
        strings as they are).
    fmt : str
        Python format spec of the annotations.
    linewidths : float
        Width of the lines between cells, points.
    linecolor : color
        Color of those lines.
    cbar : bool
        Draw the colorbar.
    cbar_kws : dict, optional
        ``label`` (text beside the colorbar) and ``shrink`` (its length as
        a fraction of the axes' height, above 0 and at most 1).
    square : bool
        Square cells.
    xticklabels, yticklabels : "auto", bool, int or list
        Labels of the columns and rows: thinned when crowded ("auto"/True),
        none (False), every k-th (k), or these names.
    annot_kws : dict, optional
        ``size`` (or ``fontsize``) and ``color`` of the annotations.
    mask : bool array or DataFrame, optional
        Cells to hide (True hides), such as ``np.triu(np.ones_like(corr, dtype=bool))``.
    figsize : (float, float)
        Figure size in inches.
    dpi : float
        Pixels per inch.
    layout : {None, "none", "tight", "constrained"}
        Where the axes go, as matplotlib's ``Figure(layout=...)``: fixed
        margins (None, the default; long labels may be cut off), or moved so
        that every label, tick label, title and colorbar is on the page.
    title : str, optional
        A title above the chart.
    max_columns : int
        The most rows or columns to draw; more is an error (a heatmap
        grows as their square).
    format : {"png", "svg", "pdf"}, optional
        The image format; default from the path's extension, else PNG.

    Returns
    -------
    bytes or None
        The image when no path is given.
    """
    _reject(kwargs, "heatmap")
    cbar_label, cbar_shrink = None, 1.0
    for key, value in (cbar_kws or {}).items():
        if key == "label":
            cbar_label = str(value)
        elif key == "shrink":
            try:
                cbar_shrink = float(value)
            except (TypeError, ValueError):
                raise OptionError(f"cbar_kws['shrink']: {value!r} is not a number") from None
        else:
            raise OptionError(f"cbar_kws: '{key}' is not supported (label and shrink are)")
    annot_size, annot_color = None, None
    for key, value in (annot_kws or {}).items():
        if key in ("size", "fontsize"):
            annot_size = float(value)
        elif key == "color":
            annot_color = _color(value, "annot_kws['color']")
        else:
            raise OptionError(f"annot_kws: '{key}' is not supported (size, fontsize and color are)")
    table = _table(data)
    shape = (table.rows, len(table.names))
    labels = None
    if not isinstance(annot, bool):
        if annot is None:
            annot = False
        else:
            labels = _annot_labels(annot, fmt, shape)
            annot = True
    mask_kind, keep_diag, mask_cells = _mask(mask, shape)
    if cmap is None:
        # seaborn's choice: a sequential map, or a diverging one around a center.
        cmap = "rocket" if center is None else "icefire"
    spec = {
        "kind": "heatmap", "matrix": True, "annot": annot, "fmt": fmt, "cmap": cmap,
        "vmin": vmin, "vmax": vmax, "center": center, "robust": bool(robust),
        "mask": mask_kind, "mask_keep_diagonal": keep_diag, "square": bool(square),
        "linewidths": float(linewidths), "linecolor": _color(linecolor, "linecolor"), "cbar": bool(cbar),
        "cbar_label": cbar_label, "cbar_shrink": cbar_shrink,
        "figsize": _figsize(figsize, (8, 6)), "layout": _layout(layout), "title": title,
        "dpi": float(dpi),
        "max_columns": _count(max_columns, "max_columns"),
        "mask_cells": mask_cells, "annot_labels": labels, "annot_size": annot_size, "annot_color": annot_color,
        "xticklabels": _ticklabels(xticklabels, "xticklabels"), "yticklabels": _ticklabels(yticklabels, "yticklabels"),
    }
    return _draw(spec, table, path, format)


def scatter_matrix(data, path=None, *, figsize=(12, 8), dpi=100, s=3, color="black", alpha=0.5,
                   diagonal="scatter", ticks=False, layout=None, title=None, max_columns=50,
                   format=None, **kwargs):
    """Draw every numeric column against every other, as the service did
    (an n x n grid, markers of area ``s`` points², no ticks).

    Parameters
    ----------
    data : DataFrame, 2-D array, polars/pyarrow table, dict of columns
        The data; its numeric (and boolean) columns are drawn.
    path : str or PathLike, optional
        Where to write the image (atomically). Without it, the bytes are returned.
    figsize : (float, float)
        Figure size in inches.
    dpi : float
        Pixels per inch.
    s : float
        Marker area in points² (matplotlib's ``s``).
    color : color
        Marker color.
    alpha : float
        Marker opacity, 0 to 1.
    diagonal : {"scatter", "hist", "kde"}
        What the diagonal panels show.
    ticks : bool
        Tick labels on the outer panels, as pandas' ``scatter_matrix``.
    layout : {None, "none", "tight", "constrained"}
        Where the grid goes, as matplotlib's ``Figure(layout=...)``: fixed
        margins (None, the default; long names may be cut off), or moved so
        that every name and tick label is on the page.
    title : str, optional
        A title above the grid.
    max_columns : int
        The most columns to draw; more is an error (the grid grows as
        their square).
    format : {"png", "svg", "pdf"}, optional
        The image format; default from the path's extension, else PNG.
    """
    _reject(kwargs, "scatter_matrix")
    spec = {
        "kind": "scatter-matrix", "figsize": _figsize(figsize, (12, 8)), "dpi": float(dpi),
        "marker_size": float(s), "color": _color(color, "color"), "alpha": float(alpha),
        "diagonal": diagonal, "ticks": bool(ticks), "layout": _layout(layout), "title": title,
        "max_columns": _count(max_columns, "max_columns"),
    }
    return _draw(spec, _table(data), path, format)


def histplot(data, path=None, *, x, hue=None, hue_order=None, palette=None, hue_norm=None, color=None,
             stat="count", bins="auto", binwidth=None, binrange=None, discrete=None,
             cumulative=False, common_bins=True, common_norm=True, multiple="layer",
             element="bars", fill=True, shrink=1, kde=False, log_scale=False, alpha=None,
             legend=True,
             figsize=(6.4, 4.8), dpi=100, layout=None, title=None, format=None, **kwargs):
    """Draw seaborn's histogram of column ``x``, optionally split and
    coloured by a column ``hue`` (``seaborn.histplot``'s names,
    defaults and semantics).

    Parameters
    ----------
    data : DataFrame, polars/pyarrow table, dict of columns
        The data.
    path : str or PathLike, optional
        Where to write the image (atomically). Without it, the bytes are returned.
    x : str
        The numeric column to count.
    hue : str, optional
        A column to split and colour by; rows without a value are left
        out. A text (or categorical) column's levels in order of appearance
        (a categorical column's categories in their order); a numeric
        column's values sorted, coloured on a colormap from its least to its
        greatest value, as seaborn colours a numeric hue. ``hue_order``
        chooses and orders the levels (a numeric hue's values).
    hue_norm : (low, high), optional
        A numeric hue's values at the colormap's ends (default: the
        column's least and greatest).
    palette : str, list or dict, optional
        A list of colours for the levels in order (repeated, with a
        UserWarning, when there are more levels), a dict of colours by
        level, or a name: deep, muted, pastel, bright, dark, colorblind, husl, hls, a
        cubehelix palette ("ch:s=.25,rot=-.25") or a matplotlib colormap; a
        qualitative palette colours a numeric hue's values as categories.
        Default: the matplotlib colour cycle (husl beyond ten levels);
        seaborn's cubehelix ("ch:") for a numeric hue.
    stat : {"count", "frequency", "probability", "proportion", "percent", "density"}
    bins : int or str
        A count, or numpy's rule: auto, fd, sturges, sqrt, rice, scott, doane, stone.
    binwidth, binrange, discrete, cumulative, common_bins, common_norm, multiple,
    element, fill, shrink, kde, log_scale, alpha, legend, color :
        As ``seaborn.histplot``.
    figsize : (float, float)
        Figure size in inches (matplotlib's default 6.4 x 4.8).
    layout : {None, "none", "tight", "constrained"}
        Where the axes go (see ``heatmap``).
    format : {"png", "svg", "pdf"}, optional
        The image format; default from the path's extension, else PNG.
    """
    _reject(kwargs, "histplot")
    spec = {
        "kind": "histplot", "x": x, "hue": hue,
        "hue_order": None if hue_order is None else [str(v) for v in hue_order],
        "palette": _palette(palette), "hue_norm": _hue_norm(hue_norm), "color": None if color is None else _color(color, "color"),
        "stat": stat, "bins": bins, "binwidth": None if binwidth is None else float(binwidth),
        "binrange": None if binrange is None else [float(v) for v in binrange],
        "discrete": bool(discrete), "cumulative": bool(cumulative),
        "common_bins": bool(common_bins), "common_norm": bool(common_norm),
        "multiple": multiple, "element": element, "fill": bool(fill), "shrink": float(shrink),
        "kde": bool(kde), "log_scale": bool(log_scale),
        "alpha": None if alpha is None else float(alpha), "legend": bool(legend),
        "figsize": _figsize(figsize, (6.4, 4.8)), "dpi": float(dpi), "layout": _layout(layout),
        "title": title,
    }
    table = _table(data)
    if hue is not None:
        table = _with_labels(table, data, hue)
    return _draw(spec, table, path, format)


def kdeplot(data, path=None, *, x, y=None, levels=10, thresh=0.05, hue=None, hue_order=None,
            palette=None, hue_norm=None, color=None,
            bw_method="scott", bw_adjust=1, cut=3, clip=None, gridsize=200, common_norm=True,
            common_grid=False, multiple="layer", fill=None, alpha=None, linewidth=None,
            legend=True, figsize=(6.4, 4.8), dpi=100, layout=None, title=None, format=None,
            **kwargs):
    """Draw seaborn's density curve of column ``x``, optionally split and
    coloured by a column ``hue`` (``seaborn.kdeplot``'s names,
    defaults and semantics for one column: scipy's Gaussian KDE, Scott's
    bandwidth, 200 points from ``cut`` bandwidths below the data to
    ``cut`` above, densities scaled so that all levels together integrate
    to 1 unless ``common_norm=False``).

    ``bw_method`` is "scott", "silverman" or a factor; ``multiple`` is
    "layer", "stack" or "fill"; ``fill=None`` fills when stacking. Other
    arguments as ``histplot``.

    With ``y``, the joint density of ``x`` and ``y`` as contour lines at
    seaborn's iso-proportion levels (``levels`` of them, from ``thresh``
    to 1), one colour per hue level; with ``fill=True`` as filled bands
    between the levels, shaded light to dark in each level's colour
    (matplotlib's ``contourf``; ``alpha`` for see-through bands).
    """
    _reject(kwargs, "kdeplot")
    spec = {
        "kind": "kdeplot", "x": x, "y": y, "levels": _count(levels, "levels"),
        "thresh": float(thresh), "hue": hue,
        "hue_order": None if hue_order is None else [str(v) for v in hue_order],
        "palette": _palette(palette), "hue_norm": _hue_norm(hue_norm), "color": None if color is None else _color(color, "color"),
        "bw_method": bw_method if isinstance(bw_method, str) else float(bw_method),
        "bw_adjust": float(bw_adjust), "cut": float(cut),
        "clip": None if clip is None else [float(v) for v in clip],
        "gridsize": _count(gridsize, "gridsize"), "common_norm": bool(common_norm),
        "common_grid": bool(common_grid), "multiple": multiple,
        "fill": None if fill is None else bool(fill),
        "alpha": None if alpha is None else float(alpha),
        "linewidth": None if linewidth is None else float(linewidth),
        "legend": bool(legend), "figsize": _figsize(figsize, (6.4, 4.8)), "dpi": float(dpi),
        "layout": _layout(layout), "title": title,
    }
    table = _table(data)
    if hue is not None:
        table = _with_labels(table, data, hue)
    return _draw(spec, table, path, format)


def pairplot(data, path=None, *, hue=None, hue_order=None, palette=None, hue_norm=None, vars=None,
             x_vars=None, y_vars=None, kind="scatter", diag_kind="auto", height=2.5, aspect=1,
             corner=False, dropna=False, plot_kws=None, diag_kws=None, dpi=100, layout="tight",
             title=None, max_vars=30, format=None, **kwargs):
    """Draw seaborn's pair plot: every numeric column (or ``vars``; or
    ``x_vars`` against ``y_vars``) against every other, a histogram (or,
    with a ``hue``, a filled density per level) of each on the diagonal,
    markers coloured by the column ``hue`` with its legend outside on
    the right (``seaborn.pairplot``'s names, defaults and semantics).

    Parameters
    ----------
    data : DataFrame, polars/pyarrow table, dict of columns
        The data.
    path : str or PathLike, optional
        Where to write the image (atomically). Without it, the bytes are returned.
    hue, hue_order, palette, hue_norm : as ``histplot``.
    vars, x_vars, y_vars : list of str, optional
        The variables of rows and columns.
    kind : {"scatter", "reg", "kde", "hist"}
        What the panels off the diagonal show; "reg" adds each hue level's
        least-squares line and its 95% bootstrap band (1000 resamples from
        a fixed seed, so the same data give the same image); "kde" each
        pair's joint density as contour lines; "hist" its 2-D histogram.
    diag_kind : {"auto", "hist", "kde", None}
        What the diagonal shows; ``None`` draws the off-diagonal kind there.
    height, aspect, corner, dropna :
        As ``seaborn.pairplot``.
    plot_kws : dict, optional
        ``{"s": marker area in points², "alpha": opacity}``.
    diag_kws : dict, optional
        ``{"bins": a count or numpy's rule}`` for the diagonal histograms.
    layout : {"tight", "constrained", None}
        seaborn's tight layout by default.
    max_vars : int
        The most variables along either side; more is an error.
    format : {"png", "svg", "pdf"}, optional
        The image format; default from the path's extension, else PNG.
    """
    _reject(kwargs, "pairplot")
    plot_kws = dict(plot_kws or {})
    diag_kws = dict(diag_kws or {})
    s = plot_kws.pop("s", 36)
    alpha = plot_kws.pop("alpha", None)
    bins = diag_kws.pop("bins", "auto")
    for what, left in (("plot_kws", plot_kws), ("diag_kws", diag_kws)):
        if left:
            raise OptionError(f"pairplot(): {what} keys plotmill does not support: "
                              f"{', '.join(sorted(left))} (plot_kws takes s and alpha; "
                              "diag_kws takes bins)")

    def names(v):
        if v is None:
            return None
        return [str(v)] if isinstance(v, str) else [str(x) for x in v]

    spec = {
        "kind": "pairplot", "hue": hue,
        "hue_order": None if hue_order is None else [str(v) for v in hue_order],
        "palette": _palette(palette), "hue_norm": _hue_norm(hue_norm), "vars": names(vars), "x_vars": names(x_vars),
        "y_vars": names(y_vars), "pair_kind": kind, "diag_kind": "none" if diag_kind is None else diag_kind,
        "corner": bool(corner), "height": float(height), "aspect": float(aspect),
        "dropna": bool(dropna), "marker_size": float(s),
        "alpha": None if alpha is None else float(alpha), "bins": bins,
        "dpi": float(dpi), "layout": _layout(layout), "title": title,
        "max_vars": _count(max_vars, "max_vars"),
    }
    table = _table(data)
    if hue is not None:
        table = _with_labels(table, data, hue)
    return _draw(spec, table, path, format)


_CATEGORICAL_DOC = """
    Parameters
    ----------
    data : DataFrame, polars/pyarrow table, dict of columns
        The data.
    path : str or PathLike, optional
        Where to write the image (atomically). Without it, the bytes are returned.
    x, y : str, optional
        The columns along x and y: the categories (a text column's levels
        in order of appearance, a categorical column's categories, a
        numeric column's values sorted) and the values. The chart is
        horizontal when only ``x`` is numeric, or with ``orient="y"``.
    hue : str, optional
        A column to split and colour by.
    order, hue_order : list, optional
        The categories and the hue's levels, in this order (others left out).
    orient : {"x", "y", "v", "h"}, optional
        Which axis holds the categories.
    color, palette, hue_norm :
        As ``histplot``; colours are desaturated by ``saturation`` when filled.
    saturation, fill, width, gap, log_scale, legend :
        As seaborn's (0.75, True, 0.8, 0, False, True).
    native_scale : bool
        A numeric or date category column at its own values on a numeric
        or date axis, each slot as wide as the least gap between its
        values (seaborn's; dates join in order of appearance, as there).
    dodge : {"auto", True, False}
        Hue levels side by side; "auto" when a category holds several.
    figsize, layout, title, format :
        As ``histplot``.
"""


def _categorical(kind, data, path, *, x, y, hue, order, hue_order, orient, color, palette,
                 hue_norm, saturation, fill, dodge, width, gap, log_scale, native_scale, legend,
                 figsize, dpi,
                 layout, title, format, own, drop=()):
    """The spec of a categorical chart (the arguments every one has, then
    its own) drawn from ``data``."""
    if dodge not in ("auto", True, False):
        raise OptionError(f"dodge: 'auto', True or False, not {dodge!r}")
    if legend not in ("auto", True, False):
        # "brief" and "full" would choose the legend's entries; plotmill
        # draws seaborn's "auto" choice, so it refuses them, not ignores.
        raise OptionError(f"legend: 'auto', True or False, not {legend!r}")
    spec = {
        "kind": kind, "x": x, "y": y, "hue": hue,
        "order": None if order is None else [str(v) for v in order],
        "hue_order": None if hue_order is None else [str(v) for v in hue_order],
        "orient": orient, "color": None if color is None else _color(color, "color"),
        "palette": _palette(palette), "hue_norm": _hue_norm(hue_norm),
        "saturation": float(saturation), "fill": bool(fill),
        "dodge": None if dodge == "auto" else bool(dodge), "width": float(width),
        "gap": float(gap), "log_scale": bool(log_scale),
        "native_scale": bool(native_scale), "legend": bool(legend),
        "figsize": _figsize(figsize, (6.4, 4.8)), "dpi": float(dpi), "layout": _layout(layout),
        "title": title,
    }
    for name in drop:
        del spec[name]
    spec.update(own)
    table = _table(data)
    for name in dict.fromkeys(n for n in (x, y, hue) if n is not None):
        table = _with_labels(table, data, name)
    return _draw(spec, table, path, format)


def boxplot(data, path=None, *, x=None, y=None, hue=None, order=None, hue_order=None, orient=None,
            color=None, palette=None, saturation=0.75, fill=True, dodge="auto", width=0.8, gap=0,
            whis=1.5, linecolor="auto", linewidth=None, fliersize=None, showfliers=True,
            notch=False, showmeans=False, meanline=False, hue_norm=None, log_scale=False, native_scale=False, legend="auto", figsize=(6.4, 4.8), dpi=100,
            layout=None, title=None, format=None, **kwargs):
    """Draw seaborn's box plot of ``y`` by the categories of ``x``
    (``seaborn.boxplot``'s names, defaults and semantics): each box spans
    the quartiles, the line across is the median, whiskers reach the
    farthest values within ``whis`` interquartile ranges (or ``whis=(5,
    95)`` percentiles), values beyond are drawn as fliers; ``linecolor``
    "auto" is seaborn's grey. ``notch=True`` notches each box at its
    median's confidence interval and ``showmeans=True`` marks each mean
    with a green triangle (``meanline=True``: a green dashed line across
    the box), as matplotlib's ``bxp`` does when seaborn passes those on.
    """
    _reject(kwargs, "boxplot")
    if isinstance(whis, (tuple, list)):
        whis = [float(v) for v in whis]
    else:
        whis = float(whis)
    own = {
        "whis": whis,
        "linecolor": None if linecolor in (None, "auto") else _color(linecolor, "linecolor"),
        "linewidth": None if linewidth is None else float(linewidth),
        "fliersize": None if fliersize is None else float(fliersize),
        "showfliers": bool(showfliers),
        "notch": bool(notch),
        "showmeans": bool(showmeans),
        "meanline": bool(meanline),
    }
    return _categorical("boxplot", data, path, x=x, y=y, hue=hue, order=order, hue_order=hue_order,
                        orient=orient, color=color, palette=palette, hue_norm=hue_norm,
                        saturation=saturation, fill=fill, dodge=dodge, width=width, gap=gap,
                        log_scale=log_scale, native_scale=native_scale, legend=legend, figsize=figsize, dpi=dpi,
                        layout=layout, title=title, format=format, own=own)


def violinplot(data, path=None, *, x=None, y=None, hue=None, order=None, hue_order=None,
               orient=None, color=None, palette=None, saturation=0.75, fill=True, inner="box",
               split=False, width=0.8, dodge="auto", gap=0, linewidth=None, linecolor="auto",
               cut=2, gridsize=100, bw_method="scott", bw_adjust=1, density_norm="area",
               common_norm=False, hue_norm=None, log_scale=False, native_scale=False, legend="auto",
               figsize=(6.4, 4.8), dpi=100, layout=None, title=None, format=None, **kwargs):
    """Draw seaborn's violins of ``y`` by the categories of ``x``
    (``seaborn.violinplot``'s names, defaults and semantics): each
    category's density (scipy's Gaussian KDE, ``bw_method`` and
    ``bw_adjust``, ``gridsize`` points reaching ``cut`` bandwidths past the
    data) mirrored about its position; ``inner`` is "box", "quart",
    "stick", "point" or None; ``split=True`` draws a two-level hue's
    halves side by side; ``density_norm`` is "area", "count" or "width".
    """
    _reject(kwargs, "violinplot")
    own = {
        "inner": "none" if inner is None else inner, "split": bool(split), "cut": float(cut),
        "gridsize": _count(gridsize, "gridsize"),
        "bw_method": bw_method if isinstance(bw_method, str) else float(bw_method),
        "bw_adjust": float(bw_adjust), "density_norm": density_norm,
        "common_norm": bool(common_norm),
        "linecolor": None if linecolor in (None, "auto") else _color(linecolor, "linecolor"),
        "linewidth": None if linewidth is None else float(linewidth),
    }
    return _categorical("violinplot", data, path, x=x, y=y, hue=hue, order=order,
                        hue_order=hue_order, orient=orient, color=color, palette=palette,
                        hue_norm=hue_norm, saturation=saturation, fill=fill, dodge=dodge,
                        width=width, gap=gap, log_scale=log_scale, native_scale=native_scale, legend=legend,
                        figsize=figsize, dpi=dpi, layout=layout, title=title, format=format,
                        own=own)


def _points(kind, data, path, *, size, edgecolor, linewidth, dodge, own, **common):
    """A strip or swarm plot: markers ``size`` points across, outlined."""
    if not isinstance(dodge, bool):
        raise OptionError(f"dodge: True or False, not {dodge!r}")
    own = dict(own, size=float(size), linewidth=float(linewidth), dodge=dodge,
               edgecolor=None if edgecolor in (None, "auto", "gray") else _color(edgecolor, "edgecolor"))
    return _categorical(kind, data, path, saturation=1, fill=True, dodge="auto", width=0.8, gap=0,
                        own=own, drop=("saturation", "fill", "width", "gap"), **common)


def stripplot(data, path=None, *, x=None, y=None, hue=None, order=None, hue_order=None, jitter=True,
              dodge=False, orient=None, color=None, palette=None, size=5, edgecolor="auto",
              linewidth=0, hue_norm=None, log_scale=False, native_scale=False, legend="auto", seed=0,
              figsize=(6.4, 4.8), dpi=100, layout=None, title=None, format=None, **kwargs):
    """Draw seaborn's strip plot of ``y`` by the categories of ``x``
    (``seaborn.stripplot``'s names, defaults and semantics): every value as
    a point ``size`` points across, moved across its category by
    ``jitter`` (True: 0.1 of the slot each way; False; or an amount),
    drawn from a generator seeded by ``seed`` (0 by default, where
    seaborn's jitter is unseeded), so the same data draw the same chart.
    """
    _reject(kwargs, "stripplot")
    if isinstance(jitter, bool):
        pass
    elif isinstance(jitter, (int, float)):
        jitter = float(jitter)
    else:
        raise OptionError(f"jitter: True, False or an amount, not {jitter!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise OptionError(f"seed: a whole number of 0 or more, not {seed!r}")
    return _points("stripplot", data, path, size=size, edgecolor=edgecolor, linewidth=linewidth,
                   dodge=dodge, own={"jitter": jitter, "seed": seed}, x=x, y=y, hue=hue,
                   order=order, hue_order=hue_order, orient=orient, color=color,
                   palette=palette, hue_norm=hue_norm, log_scale=log_scale, native_scale=native_scale, legend=legend,
                   figsize=figsize, dpi=dpi, layout=layout, title=title, format=format)


def swarmplot(data, path=None, *, x=None, y=None, hue=None, order=None, hue_order=None,
              dodge=False, orient=None, color=None, palette=None, size=5, edgecolor="auto",
              linewidth=0, hue_norm=None, log_scale=False, native_scale=False, legend="auto", warn_thresh=0.05,
              figsize=(6.4, 4.8), dpi=100, layout=None, title=None, format=None, **kwargs):
    """Draw seaborn's swarm plot of ``y`` by the categories of ``x``
    (``seaborn.swarmplot``'s names, defaults and semantics): every value as
    a point, moved across its category just far enough not to overlap
    another; points that do not fit within 0.8 of the slot are drawn at its
    edge, with a UserWarning when more than ``warn_thresh`` of a swarm's
    are.
    """
    _reject(kwargs, "swarmplot")
    return _points("swarmplot", data, path, size=size, edgecolor=edgecolor, linewidth=linewidth,
                   dodge=dodge, own={"warn_thresh": float(warn_thresh)}, x=x, y=y, hue=hue,
                   order=order, hue_order=hue_order, orient=orient, color=color,
                   palette=palette, hue_norm=hue_norm, log_scale=log_scale, native_scale=native_scale, legend=legend,
                   figsize=figsize, dpi=dpi, layout=layout, title=title, format=format)


def barplot(data, path=None, *, x=None, y=None, hue=None, order=None, hue_order=None,
            estimator="mean", errorbar=("ci", 95), n_boot=1000, seed=0, orient=None, color=None,
            palette=None, saturation=0.75, fill=True, hue_norm=None, width=0.8, dodge="auto",
            gap=0, log_scale=False, native_scale=False, legend="auto", capsize=0, figsize=(6.4, 4.8), dpi=100,
            layout=None, title=None, format=None, **kwargs):
    """Draw seaborn's bars of an estimate of ``y`` by the categories of
    ``x``, with error bars (``seaborn.barplot``'s names, defaults and
    semantics). ``estimator`` is "mean", "median", "sum", "min" or "max";
    ``errorbar`` is "ci", "pi", "se" or "sd", a (method, level) pair, or
    None. The bootstrap behind "ci" draws ``n_boot`` resamples from a
    generator seeded by ``seed`` (an int; 0 by default, where seaborn's
    default is unseeded), so the same data draw the same chart.
    """
    _reject(kwargs, "barplot")
    if isinstance(errorbar, (tuple, list)):
        errorbar = [str(errorbar[0])] + [float(v) for v in errorbar[1:]]
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise OptionError(f"seed: a whole number of 0 or more, not {seed!r}")
    own = {
        "estimator": estimator, "errorbar": errorbar, "n_boot": _count(n_boot, "n_boot"),
        "seed": seed, "capsize": float(capsize),
    }
    return _categorical("barplot", data, path, x=x, y=y, hue=hue, order=order, hue_order=hue_order,
                        orient=orient, color=color, palette=palette, hue_norm=hue_norm,
                        saturation=saturation, fill=fill, dodge=dodge, width=width, gap=gap,
                        log_scale=log_scale, native_scale=native_scale, legend=legend, figsize=figsize, dpi=dpi,
                        layout=layout, title=title, format=format, own=own)


def pointplot(data, path=None, *, x=None, y=None, hue=None, order=None, hue_order=None,
              estimator="mean", errorbar=("ci", 95), n_boot=1000, seed=0, color=None,
              palette=None, hue_norm=None, dodge=False, log_scale=False, native_scale=False, orient=None, capsize=0,
              linewidth=2.7, markers="o", linestyles="-", legend="auto", figsize=(6.4, 4.8), dpi=100,
              layout=None, title=None, format=None, **kwargs):
    """Draw seaborn's point plot of ``y`` by the categories of ``x``
    (``seaborn.pointplot``'s names, defaults and semantics): each
    category's ``estimator`` of its values as a point with an error bar
    (``errorbar`` as ``barplot``'s, its bootstrap from ``seed``), a hue
    level's points joined by a line; ``dodge`` True spreads the levels
    0.025 of a slot each, or give a spread. ``markers`` and ``linestyles``
    are one for all or a list of one per hue level (matplotlib's filled
    marker codes; "-", "--", "-.", ":", "none").
    """
    _reject(kwargs, "pointplot")
    markers = ([_marker(m, "markers") for m in markers] if isinstance(markers, list)
               else _marker(markers, "markers"))
    if isinstance(linestyles, list):
        if not all(isinstance(v, str) for v in linestyles):
            raise OptionError(f"linestyles: line style names such as '-', '--', 'none', not {linestyles!r}")
    elif not isinstance(linestyles, str):
        raise OptionError(f"linestyles: a line style name such as '-', '--', 'none', or a list, not {linestyles!r}")
    if isinstance(errorbar, (tuple, list)):
        errorbar = [str(errorbar[0])] + [float(v) for v in errorbar[1:]]
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise OptionError(f"seed: a whole number of 0 or more, not {seed!r}")
    if not isinstance(dodge, bool):
        if not isinstance(dodge, (int, float)):
            raise OptionError(f"dodge: True, False or a spread, not {dodge!r}")
        dodge = float(dodge)
    own = {
        "estimator": estimator, "errorbar": errorbar, "n_boot": _count(n_boot, "n_boot"),
        "seed": seed, "capsize": float(capsize), "dodge": dodge, "linewidth": float(linewidth),
        "markers": markers, "linestyles": linestyles,
    }
    return _categorical("pointplot", data, path, x=x, y=y, hue=hue, order=order,
                        hue_order=hue_order, orient=orient, color=color, palette=palette,
                        hue_norm=hue_norm, saturation=1, fill=True, dodge="auto", width=0.8,
                        gap=0, log_scale=log_scale, native_scale=native_scale, legend=legend, figsize=figsize, dpi=dpi,
                        layout=layout, title=title, format=format, own=own,
                        drop=("saturation", "fill", "width", "gap"))


def countplot(data, path=None, *, x=None, y=None, hue=None, order=None, hue_order=None,
              orient=None, color=None, palette=None, saturation=0.75, fill=True, hue_norm=None,
              stat="count", width=0.8, dodge="auto", gap=0, log_scale=False, native_scale=False, legend="auto",
              figsize=(6.4, 4.8), dpi=100, layout=None, title=None, format=None, **kwargs):
    """Draw seaborn's bars of the rows of each category of ``x`` (or, for
    horizontal bars, ``y``) (``seaborn.countplot``'s names, defaults and
    semantics); ``stat`` is "count", "percent", "probability" or
    "proportion" (shares of every row of the data).
    """
    _reject(kwargs, "countplot")
    return _categorical("countplot", data, path, x=x, y=y, hue=hue, order=order,
                        hue_order=hue_order, orient=orient, color=color, palette=palette,
                        hue_norm=hue_norm, saturation=saturation, fill=fill, dodge=dodge,
                        width=width, gap=gap, log_scale=log_scale, native_scale=native_scale, legend=legend,
                        figsize=figsize, dpi=dpi, layout=layout, title=title, format=format,
                        own={"stat": stat})


for _f in (boxplot, violinplot, stripplot, swarmplot, barplot, pointplot, countplot):
    _f.__doc__ += _CATEGORICAL_DOC
del _f


def lineplot(data, path=None, *, x, y, hue=None, hue_order=None, palette=None, hue_norm=None,
             color=None, size=None, sizes=None, size_order=None, size_norm=None,
             style=None, style_order=None, dashes=True, markers=None, units=None,
             date_format=None, estimator="mean", errorbar=("ci", 95), err_style="band", n_boot=1000,
             seed=0, sort=True, linewidth=1.5, legend="auto", figsize=(6.4, 4.8), dpi=100, layout=None, title=None,
             format=None, **kwargs):
    """Draw seaborn's line plot of ``y`` against ``x`` (``seaborn.lineplot``'s
    names, defaults and semantics): one line per ``hue`` level through the
    ``estimator`` ("mean", "median", "sum", "min", "max") of y at each x,
    with a band of ``errorbar`` ("ci", "pi", "se", "sd", a (method, level)
    pair, or None; "ci" is a bootstrap of ``n_boot`` resamples from
    ``seed``, 0 by default where seaborn's is unseeded), or with
    ``err_style="bars"`` an error bar at each x. ``x`` may be
    numbers or dates: a pandas datetime column, or text of ISO 8601 dates
    and times (converted to UTC), drawn on a date axis with matplotlib's
    ConciseDateFormatter; ``date_format`` ("%d/%m/%Y") reads text dates
    written otherwise. ``size`` draws each level of a column in its own
    line width (``sizes``: a (min, max) tuple, by default (0.75, 3), a dict
    level -> width or a list; ``size_order``; ``size_norm`` for a numeric
    size). ``style`` draws each level of a column in its own
    dash pattern (seaborn's; ``dashes=False``: all solid), ``units`` a line
    per value of a column (with ``estimator=None``, as seaborn requires
    where x repeats). ``markers`` puts a marker on every point by the
    style (True: seaborn's; a list or a dict of matplotlib's filled marker
    codes), ``dashes`` may be a list or dict of patterns too; matplotlib's
    ``marker=`` and ``markersize=`` (``ms=``) mark every line. The same
    bytes as ``plotmill lineplot``.
    """
    marker = kwargs.pop("marker", None)
    markersize = kwargs.pop("markersize", kwargs.pop("ms", 6.0))
    _reject(kwargs, "lineplot")
    if isinstance(errorbar, (tuple, list)):
        errorbar = [str(errorbar[0])] + [float(v) for v in errorbar[1:]]
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise OptionError(f"seed: a whole number of 0 or more, not {seed!r}")
    if legend not in ("auto", True, False):
        # "brief" and "full" would choose the legend's entries; plotmill
        # draws seaborn's "auto" choice, so it refuses them, not ignores.
        raise OptionError(f"legend: 'auto', True or False, not {legend!r}")
    spec = {
        "kind": "lineplot", "x": x, "y": y, "date_format": date_format, "hue": hue,
        "hue_order": None if hue_order is None else [str(v) for v in hue_order],
        "palette": _palette(palette), "hue_norm": _hue_norm(hue_norm),
        "color": None if color is None else _color(color, "color"),
        "size": size, "sizes": _sizes(sizes, data, size, size_order),
        "size_order": None if size_order is None else [str(v) for v in size_order],
        "size_norm": _hue_norm(size_norm, "size_norm"),
        "style": style, "style_order": None if style_order is None else [str(v) for v in style_order],
        "dashes": _style_map(dashes, _dash, "dashes"),
        "markers": _style_map(markers, _marker, "markers"),
        "marker": None if marker is None else _marker(marker, "marker"),
        "markersize": float(markersize), "units": units,
        "estimator": estimator, "errorbar": errorbar, "err_style": err_style,
        "n_boot": _count(n_boot, "n_boot"),
        "seed": seed, "sort": bool(sort), "linewidth": float(linewidth), "legend": bool(legend),
        "figsize": _figsize(figsize, (6.4, 4.8)), "dpi": float(dpi), "layout": _layout(layout),
        "title": title,
    }
    table = _table(data)
    for name in dict.fromkeys(n for n in (x, hue, size, style, units) if n is not None):
        table = _with_labels(table, data, name)
    return _draw(spec, table, path, format)


def clustermap(data, path=None, *, method="average", metric="euclidean", z_score=None,
               standard_scale=None, figsize=(10, 10), cbar_kws=None, row_cluster=True,
               col_cluster=True, row_colors=None, col_colors=None, dendrogram_ratio=0.2,
               colors_ratio=0.03, cbar_pos=(0.02, 0.8, 0.05, 0.18), tree_kws=None, cmap=None,
               vmin=None, vmax=None, center=None, robust=False, annot=False, fmt=".2g",
               linewidths=0.0, linecolor="white", xticklabels="auto", yticklabels="auto",
               corr=False, corr_method="pearson", palette=None, dropna=False, dpi=100,
               layout="tight", format=None, **kwargs):
    """Draw seaborn's clustermap (``seaborn.clustermap``'s names, defaults
    and semantics): the rows and columns of ``data`` ordered by
    hierarchical clustering (``method``: single, complete, average,
    weighted, centroid, median, ward; ``metric``: euclidean, correlation,
    cityblock, cosine), the dendrograms beside the heatmap, the colorbar at
    ``cbar_pos``. A DataFrame's index names the rows (and, when named,
    labels them). ``corr=True`` clusters the correlation matrix of the
    numeric columns (``sns.clustermap(df.corr())`` in one call).

    ``row_colors``: a list of colours, a Series (matched to the index, its
    name labelling the strip), a dict of colours by row name, or the name
    of a column (its colours, or its categories coloured by ``palette``).
    ``col_colors``: a list, a Series or a dict by column name. Missing
    values are refused, as scipy refuses them; ``dropna=True`` leaves
    their rows out. ``tree_kws``: ``linewidths`` and ``colors`` (or
    ``color``); ``cbar_kws``: ``label``. The same bytes as
    ``plotmill clustermap``.
    """
    _reject(kwargs, "clustermap")
    cbar_label = None
    for key, value in (cbar_kws or {}).items():
        if key != "label":
            raise OptionError(f"cbar_kws: '{key}' is not supported (label is)")
        cbar_label = str(value)
    tree_color, tree_width = "#333333", 0.5
    for key, value in (tree_kws or {}).items():
        if key in ("colors", "color"):
            tree_color = _color(value, f"tree_kws['{key}']")
        elif key in ("linewidths", "linewidth"):
            tree_width = float(value)
        else:
            raise OptionError(f"tree_kws: '{key}' is not supported (linewidths and colors are)")

    def pair(v, name):
        try:
            if isinstance(v, (int, float)):
                return [float(v), float(v)]
            a, b = v
            return [float(a), float(b)]
        except (TypeError, ValueError):
            raise OptionError(f"{name}: a fraction, or a (width, height) pair, not {v!r}") from None

    index = None
    frame = data
    if _is_pandas(data):
        import pandas as pd
        plain = isinstance(data.index, pd.RangeIndex) and data.index.start == 0 and data.index.step == 1
        if not plain:
            # The index names the rows; an unnamed one labels nothing, as
            # seaborn's.
            index = "" if data.index.name is None else str(data.index.name)
            frame = data.copy(deep=False)
            frame.insert(0, index, data.index)
    table = _table(frame)
    if index is not None:
        table = _with_labels(table, frame, index)

    def strip(colors, name, along_rows):
        if colors is None:
            return None
        if isinstance(colors, str):
            return colors  # a column: the chart names the columns there are
        if _is_pandas(colors):
            raise OptionError(f"{name}: one strip (a Series or a list); a DataFrame of several is not supported")
        if _is_series(colors):
            if not along_rows:
                return {str(k): _color(v, name) for k, v in colors.items()}
            if colors.name is None:
                if _is_pandas(data):
                    colors = colors.reindex(data.index)
                return [_color(v, name) if v == v else "white" for v in colors]
            return colors
        if isinstance(colors, dict):
            return {str(k): _color(v, name) for k, v in colors.items()}
        if isinstance(colors, (list, tuple)):
            return [_color(c, name) for c in colors]
        raise OptionError(f"{name}: a list of colours, a Series, a dict by name or a column's name, not {colors!r}")

    rows = strip(row_colors, "row_colors", True)
    if _is_series(rows):
        # A named Series: matched to the rows by index, its name the
        # strip's label, carried as a column of colours.
        s = rows.reindex(data.index) if _is_pandas(data) else rows
        label = str(rows.name)
        values = [_color(v, "row_colors") if v is not None and v == v else None for v in s]
        table = _with_labels(table, {label: values}, label)
        rows = label
    elif isinstance(rows, str):
        table = _with_labels(table, frame, rows)
    spec = {
        "kind": "clustermap", "corr": bool(corr), "corr_method": corr_method, "index": index,
        "dropna": bool(dropna), "method": method, "metric": metric,
        "z_score": z_score, "standard_scale": standard_scale,
        "row_cluster": bool(row_cluster), "col_cluster": bool(col_cluster),
        "row_colors": rows, "col_colors": strip(col_colors, "col_colors", False),
        "palette": _palette(palette),
        "dendrogram_ratio": pair(dendrogram_ratio, "dendrogram_ratio"),
        "colors_ratio": pair(colors_ratio, "colors_ratio"),
        "cbar_pos": None if cbar_pos is None else [float(v) for v in cbar_pos],
        "tree_color": tree_color, "tree_linewidth": tree_width,
        "cmap": cmap, "vmin": vmin, "vmax": vmax, "center": center, "robust": bool(robust),
        "annot": bool(annot), "fmt": fmt, "linewidths": float(linewidths),
        "linecolor": _color(linecolor, "linecolor"),
        "xticklabels": _ticklabels(xticklabels, "xticklabels"),
        "yticklabels": _ticklabels(yticklabels, "yticklabels"),
        "cbar_label": cbar_label, "figsize": _figsize(figsize, (10, 10)),
        "layout": _layout(layout), "dpi": float(dpi),
    }
    return _draw(spec, table, path, format)


def _with_labels(table, data, name):
    """The table with column ``name`` of ``data`` kept as labels: levels in
    seaborn's order for text (order of appearance; a categorical column's
    categories), missing values left out."""
    import numpy as np
    try:
        if _is_pandas(data):
            import pandas as pd
            if name not in data.columns:
                return table  # the chart names the columns there are
            column = data[name]
            if isinstance(column.dtype, pd.CategoricalDtype):
                levels = [str(c) for c in column.cat.categories]
                codes = np.asarray(column.cat.codes, dtype=np.int64)
            else:
                codes, uniques = pd.factorize(column, sort=False, use_na_sentinel=True)
                levels = [str(u) for u in uniques]
        else:
            if isinstance(data, dict):
                if name not in data:
                    return table
                values = list(data[name])
            elif hasattr(data, "get_column"):  # polars
                if name not in data.columns:
                    return table
                values = data.get_column(name).to_list()
            elif hasattr(data, "column") and hasattr(data, "column_names"):  # pyarrow
                if name not in data.column_names:
                    return table
                values = data.column(name).to_pylist()
            else:
                return table
            index, levels, codes = {}, [], []
            for v in values:
                if v is None or (isinstance(v, float) and v != v):
                    codes.append(-1)
                    continue
                key = str(v)
                if key not in index:
                    index[key] = len(levels)
                    levels.append(key)
                codes.append(index[key])
            codes = np.asarray(codes, dtype=np.int64)
        packed = np.where(codes < 0, 0xFFFFFFFF, codes).astype("<u4").tobytes()
        return table.with_labels(str(name), levels, packed)
    except ValueError as e:
        raise DataError(f"data: {e}") from None


def _layout(layout):
    """matplotlib's ``layout=None`` is plotmill's "none"; names are checked
    where the spec is read."""
    return "none" if layout is None else layout


def corr(data, method="pearson", min_periods=1):
    """The correlation matrix, equal to pandas' ``DataFrame.corr`` (the same
    numbers to the last bit for Pearson, Spearman and Kendall, pairwise
    complete observations, numeric and boolean columns).

    Returns a DataFrame when given one (or when pandas is installed),
    else a dict ``{"columns": [...], "matrix": [[...]]}``.
    """
    if not isinstance(method, str):
        raise OptionError(f"method: a name such as 'pearson', not {method!r}")
    if not isinstance(min_periods, int) or isinstance(min_periods, bool) or min_periods < 1:
        raise OptionError(f"min_periods: a whole number of rows, 1 or more, not {min_periods!r}")
    table = _table(data)
    try:
        names, values = _plotmill.corr(method, min_periods, table)
    except TypeError as e:
        # An unknown method, named as the spec names it.
        raise OptionError(str(e)) from None
    except ValueError as e:
        raise DataError(str(e)) from None
    n = len(names)
    matrix = [values[i * n:(i + 1) * n] for i in range(n)]
    try:
        import pandas as pd
    except ImportError:
        return {"columns": names, "matrix": matrix}
    if _is_pandas(data):
        # Keep pandas' own labels (not their string forms).
        labels = [c for c in data.columns if str(c) in set(names)]
        if len(labels) == n:
            names = labels
    return pd.DataFrame(matrix, index=names, columns=names)


def batch(jobs, out, workers=None, progress=False):
    """Run plotmill's batch engine (the Rust one, with its worker pool,
    atomic outputs and journal). ``jobs`` are manifest jobs: dicts with
    ``key``, ``data`` (a CSV path relative to the current folder, or
    ``{"columns": {...}}``) and optionally ``charts`` and ``output``; see
    docs/batch.md. ``progress=True`` prints jobs done on stderr as they
    finish. Returns the run's summary (jobs, done, failed, outputs, wall
    time, charts per second, peak RSS)."""
    import sys
    import threading
    import time

    workers = workers or _os.cpu_count() or 1
    out = _os.fspath(out)
    with _tempfile.NamedTemporaryFile("w", suffix=".jsonl", dir=".", delete=False) as f:
        total = 0
        for job in jobs:
            f.write(_json.dumps(job) + "\n")
            total += 1
        manifest = f.name
    result = {}

    def run():
        try:
            result["summary"] = _plotmill.batch(manifest, out, int(workers))
        except BaseException as e:  # handed to the caller below
            result["error"] = e

    worker = threading.Thread(target=run)
    worker.start()
    journal = _os.path.join(out, ".plotmill", "journal.jsonl")
    while worker.is_alive():
        worker.join(0.2)
        if progress:
            try:
                with open(journal, "rb") as j:
                    done = max(j.read().count(b"\n") - 1, 0)
            except OSError:
                done = 0
            print(f"\rplotmill: {done}/{total} jobs", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    _os.unlink(manifest)
    if "error" in result:
        e = result["error"]
        if isinstance(e, OSError):
            raise OutputError(str(e)) from None
        raise e
    return _json.loads(result["summary"])
