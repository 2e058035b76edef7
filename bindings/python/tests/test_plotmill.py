"""plotmill's Python package: pandas-equal correlations, the CLI's bytes,
helpful errors, every data kind, threads, and memory that stays flat."""
import os
import subprocess
import sys
import threading
import tracemalloc

import numpy as np
import pandas as pd
import pytest

import plotmill

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SEED = os.path.join(ROOT, "examples", "data", "seed_4x8.csv")
CLI = os.environ.get("PLOTMILL_BIN", os.path.join(ROOT, "target", "release", "plotmill"))


def frames():
    rng = np.random.default_rng(7)
    n = 40
    base = rng.normal(size=n)
    yield "seed", pd.read_csv(SEED)
    yield "ties_nan_bool_const_text", pd.DataFrame({
        "a": np.round(base, 1),
        "b": np.where(rng.random(n) < 0.2, np.nan, base * 2 + rng.normal(size=n)),
        "flag": rng.random(n) < 0.5,
        "const": np.full(n, 3.0),
        "name": [f"x{i}" for i in range(n)],
        "ints": rng.integers(0, 4, n),
    })
    yield "two_rows", pd.DataFrame({"x": [1.0, 2.0], "y": [2.0, 1.0]})
    yield "nullable", pd.DataFrame({"x": pd.array([1, None, 3, 4], dtype="Int64"), "y": [1.5, 2.5, np.nan, 0.5]})


@pytest.mark.parametrize("method", ["pearson", "spearman", "kendall"])
@pytest.mark.parametrize("name,df", list(frames()))
def test_corr_equals_pandas(name, df, method):
    want = df.corr(method=method, numeric_only=True)
    got = plotmill.corr(df, method=method)
    assert isinstance(got, pd.DataFrame)
    assert list(got.columns) == list(want.columns) and list(got.index) == list(want.index)
    np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=0, atol=1e-12, equal_nan=True)


def test_min_periods_as_pandas():
    df = pd.DataFrame({"x": [1, 2, np.nan, 4, 5], "y": [2, np.nan, 1, 3, 5]})
    np.testing.assert_array_equal(
        np.isnan(plotmill.corr(df, min_periods=4).to_numpy()), np.isnan(df.corr(min_periods=4).to_numpy()))


def cli(*args):
    return subprocess.run([CLI, *args], check=True, capture_output=True).stdout


def test_images_equal_the_cli_bytes():
    df = pd.read_csv(SEED)
    # The service's call; the CLI's heatmap defaults are that call.
    assert plotmill.heatmap(df.corr(), annot=True, cmap="coolwarm", format="png") == cli("heatmap", SEED, "-o", "-")
    assert plotmill.scatter_matrix(df, format="png") == cli("scatter-matrix", SEED, "-o", "-")
    assert plotmill.heatmap(df.corr(method="spearman"), annot=True, cmap="vlag", fmt=".2f", format="svg") == \
        cli("heatmap", SEED, "--method", "spearman", "--cmap", "vlag", "--fmt", ".2f", "-o", "-", "--format", "svg")
    assert plotmill.scatter_matrix(df, s=10, alpha=0.3, diagonal="hist", format="png") == \
        cli("scatter-matrix", SEED, "--marker-size", "10", "--alpha", "0.3", "--diagonal", "hist", "-o", "-")


def test_pdf_equals_the_cli_bytes(tmp_path):
    df = pd.read_csv(SEED)
    pdf = plotmill.heatmap(df.corr(), annot=True, cmap="coolwarm", format="pdf")
    assert pdf.startswith(b"%PDF-1.7\n")
    assert pdf == cli("heatmap", SEED, "-o", "-", "--format", "pdf")
    # The extension picks the format too.
    out = tmp_path / "matrix.pdf"
    assert plotmill.scatter_matrix(df, path=out) is None
    assert out.read_bytes() == cli("scatter-matrix", SEED, "-o", "-", "--format", "pdf")
    with pytest.raises(plotmill.OptionError, match="is not png, svg or pdf"):
        plotmill.heatmap(df.corr(), format="eps")


def test_writes_files_atomically(tmp_path):
    df = pd.read_csv(SEED)
    out = tmp_path / "key_correlation_heatmap.png"
    assert plotmill.heatmap(df.corr(), out) is None
    assert out.read_bytes()[:4] == b"\x89PNG"
    svg = tmp_path / "s.svg"
    plotmill.scatter_matrix(df, str(svg))
    assert "<svg" in svg.read_text()[:100]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key_correlation_heatmap.png", "s.svg"]


def test_every_data_kind():
    df = pd.read_csv(SEED)
    want = plotmill.scatter_matrix(df, format="png")
    assert plotmill.scatter_matrix({c: df[c].tolist() for c in df.columns}, format="png") == want
    arr = df.to_numpy()
    assert plotmill.scatter_matrix(arr, format="png") == want  # columns named 0..7, as the seed's
    import pyarrow as pa
    assert plotmill.scatter_matrix(pa.Table.from_pandas(df), format="png") == want
    import polars as pl
    assert plotmill.scatter_matrix(pl.from_pandas(df), format="png") == want
    assert plotmill.corr(pl.from_pandas(df)).equals(plotmill.corr(df))


def test_arrow_data_is_read_in_place_without_pyarrow_or_a_copy():
    import polars as pl
    import pyarrow as pa
    from plotmill import _plotmill
    df = pd.read_csv(SEED)
    table = pa.Table.from_pandas(df)
    native = _plotmill.Table.from_arrow(table)
    assert native.names == [str(c) for c in df.columns] and native.rows == len(df)
    for i, column in enumerate(table.columns):
        chunk = column.chunk(0)
        assert native.memory(i) == (chunk.buffers()[1].address + 8 * chunk.offset, True), \
            f"column {i} was copied instead of read in place"
    frame = pl.from_pandas(df)
    assert _plotmill.Table.from_arrow(frame).memory(3) == \
        (frame["3"].to_numpy().__array_interface__["data"][0], True)
    # A Series, a pyarrow Array and a RecordBatchReader are streams too.
    assert _plotmill.Table.from_arrow(frame["5"]).names == ["5"]
    assert _plotmill.Table.from_arrow(pa.chunked_array([[1.0, 2.0]])).names == ["0"]
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches())
    assert plotmill.scatter_matrix(reader, format="png") == plotmill.scatter_matrix(df, format="png")


def test_arrow_nulls_types_and_chunks_as_pandas_reads_them():
    import polars as pl
    import pyarrow as pa
    from plotmill import _plotmill
    rng = np.random.default_rng(3)
    n = 50
    frame = pl.DataFrame({
        "f": np.where(rng.random(n) < 0.2, None, rng.normal(size=n)).tolist(),
        "i": [None if k % 7 == 0 else int(v) for k, v in enumerate(rng.integers(-5, 5, n))],
        "small": pl.Series(rng.integers(0, 9, n), dtype=pl.UInt8),
        "f32": pl.Series(rng.normal(size=n), dtype=pl.Float32),
        "flag": rng.random(n) < 0.5,
        "name": [f"r{k}" for k in range(n)],
        "cat": pl.Series([f"c{k % 3}" for k in range(n)], dtype=pl.Categorical),
    })
    for method in ("pearson", "spearman", "kendall"):
        got = plotmill.corr(frame, method=method)
        pd.testing.assert_frame_equal(got, frame.to_pandas().corr(method=method, numeric_only=True), rtol=0, atol=1e-15)
    native = _plotmill.Table.from_arrow(frame)
    assert native.text_columns == ["name", "cat"]
    assert native.memory(0)[1] is False, "a column with nulls is converted (null -> NaN)"
    # Two chunks: concatenated into one copy, same numbers.
    two = pa.concat_tables([frame.to_arrow(), frame.to_arrow()])
    assert two.column(0).num_chunks == 2
    assert _plotmill.Table.from_arrow(two).memory(3)[1] is False
    pd.testing.assert_frame_equal(
        plotmill.corr(two), pd.concat([frame.to_pandas()] * 2).corr(numeric_only=True), rtol=0, atol=1e-15)


def test_arrow_memory_is_held_while_read_in_place_and_given_back_after():
    import gc
    import pyarrow as pa
    from plotmill import _plotmill
    gc.collect()
    base = pa.total_allocated_bytes()
    n = 1_000_000
    table = pa.table({"x": pa.array(range(n), type=pa.float64()), "y": pa.array(range(n, 0, -1), type=pa.float64())})
    held = pa.total_allocated_bytes() - base
    assert held >= 16 * n
    native = _plotmill.Table.from_arrow(table)
    del table
    gc.collect()
    # plotmill's table still reads pyarrow's buffers: they are not freed ...
    assert pa.total_allocated_bytes() - base >= held
    names, values = _plotmill.corr("pearson", 1, native)
    assert names == ["x", "y"] and values[1] == -1.0
    del native
    gc.collect()
    # ... until it is dropped, and then all of them are.
    assert pa.total_allocated_bytes() == base


def test_masks_as_seaborn_builds_them():
    c = pd.read_csv(SEED).corr()
    upper = np.triu(np.ones_like(c, dtype=bool))
    assert plotmill.heatmap(c, mask=upper, format="png") == \
        cli("heatmap", SEED, "--mask", "upper", "--cmap", "rocket", "--no-annot", "-o", "-")
    plain = plotmill.heatmap(c, format="png")
    assert plotmill.heatmap(c, mask=np.zeros_like(c, dtype=bool), format="png") == plain
    odd = np.zeros_like(c, dtype=bool)
    odd[0, 3] = True
    assert plotmill.heatmap(c, mask=odd, format="png") != plain
    with pytest.raises(plotmill.DataError, match="shape"):
        plotmill.heatmap(c, mask=np.zeros((3, 3), dtype=bool))


def test_tick_labels_as_seaborn():
    c = pd.read_csv(SEED).corr()
    plain = plotmill.heatmap(c, format="svg").decode()
    # The column names, given as a list: the same image.
    assert plotmill.heatmap(c, xticklabels=list(c.columns), format="svg").decode() == plain
    hidden = plotmill.heatmap(c, xticklabels=False, yticklabels=False, format="svg").decode()
    assert hidden.count("<text") == plain.count("<text") - 16
    renamed = plotmill.heatmap(c, yticklabels=[f"row {i}" for i in range(8)], format="svg").decode()
    assert "row 7" in renamed and "row 7" not in plain
    every = plotmill.heatmap(c, xticklabels=2, format="svg").decode()
    assert every.count("<text") == plain.count("<text") - 4


def test_seaborn_defaults():
    c = pd.read_csv(SEED).corr()
    # seaborn.heatmap(c): no annotations, "rocket"; with a center, "icefire".
    assert plotmill.heatmap(c, format="png") == \
        cli("heatmap", SEED, "--no-annot", "--cmap", "rocket", "-o", "-")
    assert plotmill.heatmap(c, center=0, format="png") == \
        cli("heatmap", SEED, "--no-annot", "--cmap", "icefire", "--center", "0", "-o", "-")
    assert plotmill.heatmap(c, annot=None, format="png") == plotmill.heatmap(c, annot=False, format="png")
    # dir() shows the API, not the modules it is built from.
    public = [n for n in dir(plotmill) if not n.startswith("__")]
    assert public == sorted(plotmill.__all__ + ["MAX_PIXELS"])
    for name in ("os", "json", "math", "tempfile", "_plotmill", "_os"):
        assert name not in dir(plotmill)


def test_wide_data_warns_naming_the_arguments_that_help():
    import warnings
    rng = np.random.default_rng(3)
    wide = pd.DataFrame(rng.normal(size=(30, 40)), columns=[f"measurement_{i:02d}" for i in range(40)])
    with pytest.warns(plotmill.PlotmillWarning) as caught:
        png = plotmill.heatmap(wide.corr(), annot=True, format="png")
    assert png[:4] == b"\x89PNG"
    assert len(caught) == 1
    message = str(caught[0].message)
    assert message.startswith("at 8x6 in, not all of this chart's text can be read: ")
    assert ("pass layout='constrained' (the axes move so that every label is on the page), "
            "or annot=False, or a shorter fmt (such as '.1f'), or a larger figsize (about (") in message
    assert caught[0].filename == __file__
    with pytest.warns(plotmill.PlotmillWarning, match="column names are drawn at 5 pt"):
        plotmill.scatter_matrix(wide, format="png")
    # The service's charts at their sizes: no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plotmill.heatmap(pd.read_csv(SEED).corr(), annot=True, cmap="coolwarm", format="png")
        plotmill.scatter_matrix(pd.read_csv(SEED), format="png")


def test_annotation_arrays_and_keywords_as_seaborn():
    c = pd.read_csv(SEED).corr()
    plain = plotmill.heatmap(c, annot=True, format="png")
    # The values themselves, formatted by Python with fmt, draw the same image.
    assert plotmill.heatmap(c, annot=c.to_numpy(), format="png") == plain
    assert plotmill.heatmap(c, annot=c.to_numpy(), fmt=".1f", format="png") == \
        plotmill.heatmap(c, annot=True, fmt=".1f", format="png")
    words = np.full(c.shape, "hi", dtype=object)
    assert plotmill.heatmap(c, annot=words, format="png") != plain
    assert plotmill.heatmap(c, annot=True, annot_kws={"size": 7}, format="png") != plain
    assert plotmill.heatmap(c, annot=True, annot_kws={"color": "black"}, format="png") != plain
    with pytest.raises(plotmill.OptionError, match="annot_kws: 'weight'"):
        plotmill.heatmap(c, annot_kws={"weight": "bold"})
    with pytest.raises(plotmill.DataError, match="annot: shape"):
        plotmill.heatmap(c, annot=np.zeros((2, 2)))


def test_colorbar_keywords_as_seaborn(tmp_path):
    c = pd.read_csv(SEED).corr()
    png = plotmill.heatmap(c, annot=True, cmap="coolwarm", cbar_kws={"label": "Pearson r", "shrink": 0.5}, format="png")
    # The same picture as the command line's flags, byte for byte.
    out = tmp_path / "cbar.png"
    cli("heatmap", SEED, "--cbar-label", "Pearson r", "--cbar-shrink", "0.5", "-o", str(out))
    assert out.read_bytes() == png
    svg = plotmill.heatmap(c, cbar_kws={"label": "Pearson r"}, format="svg").decode()
    assert "Pearson r" in svg
    assert plotmill.heatmap(c, cbar_kws={}, format="png") == plotmill.heatmap(c, format="png")
    with pytest.raises(plotmill.OptionError, match="cbar_kws: 'orientation' is not supported"):
        plotmill.heatmap(c, cbar_kws={"orientation": "horizontal"})
    with pytest.raises(plotmill.OptionError, match=r"cbar_kws\['shrink'\]: 0 is not a fraction"):
        plotmill.heatmap(c, cbar_kws={"shrink": 0})


def test_bad_arguments_raise_the_right_errors(tmp_path):
    c = pd.read_csv(SEED).corr()
    with pytest.raises(TypeError, match="plotmill does not support: annot_size"):
        plotmill.heatmap(c, annot_size=3)
    with pytest.raises(plotmill.OptionError, match="xticklabels"):
        plotmill.heatmap(c, xticklabels=0)
    with pytest.raises(plotmill.DataError, match="3 labels given for 8"):
        plotmill.heatmap(c, yticklabels=["a", "b", "c"])
    with pytest.raises(plotmill.OptionError, match="cmap: unknown colormap 'coolwrm'.*coolwarm"):
        plotmill.heatmap(c, cmap="coolwrm")
    with pytest.raises(plotmill.OptionError, match="alpha: 2 is not an opacity"):
        plotmill.scatter_matrix(c, alpha=2)
    with pytest.raises(plotmill.OptionError, match="format"):
        plotmill.heatmap(c, format="jpg")
    with pytest.raises(plotmill.OptionError, match="end it in .png, .svg or .pdf"):
        plotmill.heatmap(c, tmp_path / "x.jpeg")
    with pytest.raises(TypeError, match="not str"):
        plotmill.corr("data.csv")
    with pytest.raises(plotmill.DataError, match="2-D"):
        plotmill.corr(np.zeros((2, 2, 2)))
    with pytest.raises(plotmill.OptionError, match="method"):
        plotmill.corr(c, method="pearsn")
    with pytest.raises(plotmill.OptionError, match="min_periods"):
        plotmill.corr(c, min_periods=0)
    with pytest.raises(plotmill.DataError, match="no numeric column"):
        plotmill.corr(pd.DataFrame({"s": ["a", "b"]}))
    with pytest.raises(OSError) as e:
        plotmill.heatmap(c, tmp_path / "missing-folder" / "x.png")
    assert isinstance(e.value, plotmill.PlotmillError)
    assert list(tmp_path.iterdir()) == []


def test_values_no_data_can_draw_are_option_errors_naming_the_keyword(tmp_path):
    c = pd.read_csv(SEED).corr()
    out = tmp_path / "x.png"
    cases = [
        (dict(figsize=(0, 0)), r"figsize: \[0, 0\] is not a figure size"),
        (dict(figsize=(-8, 6)), r"figsize: \[-8, 6\] is not a figure size"),
        (dict(figsize=(2000, 1)), r"figsize: \[2000, 1\] is not a figure size"),
        (dict(dpi=1e-300), "dpi: 1e-300 is not a resolution"),
        (dict(linewidths=-1), "linewidths: -1 is not a line width"),
        (dict(vmin=1, vmax=-1), "vmin: 1 is above vmax -1"),
        (dict(annot_kws={"size": -3}), r"annot_kws\['size'\]: -3 is not a font size"),
    ]
    for kwargs, says in cases:
        with pytest.raises(plotmill.OptionError, match=says):
            plotmill.heatmap(c, out, **kwargs)
        assert not out.exists()
    with pytest.raises(plotmill.OptionError, match="s: -1 is not a marker area"):
        plotmill.scatter_matrix(c, s=-1)
    # 10,000 columns: refused before any drawing, and max_columns raises it.
    wide = np.zeros((3, 10_000))
    with pytest.raises(plotmill.DataError, match="10000 columns is more than the 500 this chart draws; raise max_columns"):
        plotmill.heatmap(wide, format="png")
    with pytest.raises(plotmill.DataError, match="10000 columns is more than the 50 this chart draws; raise max_columns"):
        plotmill.scatter_matrix(wide, format="png")
    assert plotmill.heatmap(np.zeros((2, 3)), max_columns=3, format="png").startswith(b"\x89PNG")
    with pytest.raises(plotmill.OptionError, match="max_columns: 0 columns would refuse every data set"):
        plotmill.scatter_matrix(c, max_columns=0)
    # Names are the spec's own: one list of them, with a suggestion.
    with pytest.raises(plotmill.OptionError, match="diagonal: 'kdee' is not one of scatter, hist, kde; did you mean 'kde'"):
        plotmill.scatter_matrix(c, diagonal="kdee")
    with pytest.raises(plotmill.OptionError, match="method: 'spearmann' is not one of pearson, spearman, kendall; did you mean 'spearman'"):
        plotmill.corr(c, method="spearmann")


def test_keyword_defaults_are_the_specs_where_seaborn_agrees():
    """The Python functions take seaborn's defaults where seaborn has the
    keyword (a heatmap without annotations, seaborn's colormap choice);
    every other default is the spec's, the one the command line, manifests
    and the service use."""
    import inspect
    import json
    from plotmill import _plotmill
    for func, kind, keywords in [
        (plotmill.heatmap, "heatmap", {"fmt": "fmt", "linewidths": "linewidths", "cbar": "cbar",
                                       "square": "square", "robust": "robust", "figsize": "figsize",
                                       "dpi": "dpi", "max_columns": "max_columns", "title": "title",
                                       "vmin": "vmin", "vmax": "vmax", "center": "center"}),
        (plotmill.scatter_matrix, "scatter-matrix", {"figsize": "figsize", "dpi": "dpi", "s": "marker_size",
                                                    "alpha": "alpha", "diagonal": "diagonal", "ticks": "ticks",
                                                    "title": "title", "max_columns": "max_columns"}),
    ]:
        spec = json.loads(_plotmill.default_spec(kind))
        defaults = inspect.signature(func).parameters
        for keyword, field in keywords.items():
            got = defaults[keyword].default
            want = spec[field]
            if isinstance(got, tuple):
                got = list(got)
            assert got == want, f"{func.__name__}({keyword}=...) defaults to {got!r}, the spec's {field} to {want!r}"
    # Colors are compared as colors.
    assert plotmill._color(inspect.signature(plotmill.heatmap).parameters["linecolor"].default, "linecolor") \
        == json.loads(_plotmill.default_spec("heatmap"))["linecolor"]
    assert plotmill._color(inspect.signature(plotmill.scatter_matrix).parameters["color"].default, "color") \
        == json.loads(_plotmill.default_spec("scatter-matrix"))["color"]


def test_threads_render_in_parallel_and_agree():
    df = pd.read_csv(SEED)
    want = plotmill.scatter_matrix(df, format="png")
    results = []

    def work():
        for _ in range(10):
            results.append(plotmill.scatter_matrix(df, format="png"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 40 and all(r == want for r in results)


def test_batch_runs_the_rust_engine(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    summary = plotmill.batch([{"key": "seed", "data": "examples/data/seed_4x8.csv"}], tmp_path, workers=2)
    assert summary["done"] == 1 and summary["failed"] == 0
    assert (tmp_path / "seed_correlation_heatmap.png").read_bytes() == cli("heatmap", SEED, "-o", "-")


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])


def test_twenty_thousand_renders_leave_memory_flat():
    """The test that would have caught the original leak: pandas data and
    Arrow data read in place (polars), one after the other."""
    import polars as pl
    corr = pd.read_csv(SEED).corr()
    inputs = (corr, pl.from_pandas(corr))
    tracemalloc.start()
    for i in range(2000):  # warm up: allocator pools, caches
        plotmill.heatmap(inputs[i % 2], format="png")
    rss0, (py0, _) = rss_kib(), tracemalloc.get_traced_memory()
    for i in range(18000):
        plotmill.heatmap(inputs[i % 2], format="png")
    rss1, (py1, _) = rss_kib(), tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert rss1 - rss0 < 1024, f"RSS grew {rss1 - rss0} KiB over 18,000 renders"
    assert py1 - py0 < 16 * 1024, f"the Python heap grew {py1 - py0} bytes over 18,000 renders"


def test_chart_helper_example_writes_the_service_files(tmp_path):
    # The original service's loop on plotmill: its file names, the CLI's bytes.
    run = subprocess.run(
        [sys.executable, os.path.join(ROOT, "examples", "chart_helper.py"), os.path.dirname(SEED),
         "--out", str(tmp_path)],
        capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    scatter = tmp_path / "seed_4x8_scatter_matrix.png"
    heat = tmp_path / "seed_4x8_correlation_heatmap.png"
    assert scatter.read_bytes() == cli("scatter-matrix", SEED, "-o", "-")
    assert heat.read_bytes() == cli("heatmap", SEED, "-o", "-")
    assert str(scatter) in run.stdout and str(heat) in run.stdout


def test_bench_module_times_both_charts():
    run = subprocess.run([sys.executable, "-m", "plotmill.bench", "--iterations", "1"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith(("scatter matrix", "heatmap"))]
    assert len(rows) == 2, run.stdout
    for row in rows:
        # Every number printed is a positive time or ratio.
        numbers = [float(x.rstrip("x")) for x in row.split()[1:] if x.rstrip("x").replace(".", "").isdigit()]
        assert numbers and all(n > 0 for n in numbers), row
    bad = subprocess.run([sys.executable, "-m", "plotmill.bench", "--iterations", "0"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "--iterations must be at least 1" in bad.stderr


def test_a_chart_needing_system_fonts_leaves_later_charts_as_the_cli_draws_them(tmp_path):
    # CJK names make the renderer load a system font (CI installs one); the
    # thread gives that renderer up, so each chart is the CLI's bytes.
    csv = tmp_path / "cjk.csv"
    csv.write_text("価格,需要\n1,4\n2,3\n3,5\n", encoding="utf-8")
    df = pd.read_csv(csv)
    for _ in range(2):
        assert plotmill.scatter_matrix(df, format="png") == cli("scatter-matrix", str(csv), "-o", "-")
        assert plotmill.scatter_matrix(pd.read_csv(SEED), format="png") == cli("scatter-matrix", SEED, "-o", "-")


def test_layout_puts_long_names_on_the_page(tmp_path):
    import warnings
    rng = np.random.default_rng(5)
    names = [f"measurement {i:02d} of the long-named sensor!" for i in range(13)]
    wide = pd.DataFrame(rng.normal(size=(50, 13)) * 1e6, columns=names)
    csv = tmp_path / "wide.csv"
    wide.to_csv(csv, index=False)
    # matplotlib's fixed margins cut the names off; the warning names the fix.
    with pytest.warns(plotmill.PlotmillWarning, match="pass layout='constrained'"):
        plotmill.scatter_matrix(wide, format="png")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for layout in ("tight", "constrained"):
            png = plotmill.scatter_matrix(wide, layout=layout, figsize=(14, 12), format="png")
            # The same chart as the command line's, to the byte.
            assert png == cli("scatter-matrix", str(csv), "--layout", layout,
                              "--figsize", "14x12", "-o", "-")
        plotmill.heatmap(wide.corr(), layout="constrained", format="png")
    # layout=None is matplotlib's default, "none" (which cuts the names off).
    with pytest.warns(plotmill.PlotmillWarning, match="cut off"):
        assert plotmill.heatmap(wide.corr(), layout=None, format="png") == \
            plotmill.heatmap(wide.corr(), layout="none", format="png")
    with pytest.raises(plotmill.OptionError, match="layout.*sideways"):
        plotmill.heatmap(wide.corr(), layout="sideways", format="png")


def test_histplot_with_hue_is_the_cli_chart_from_any_table_kind(tmp_path):
    csv = os.path.join(ROOT, "examples", "data", "species.csv")
    df = pd.read_csv(csv)
    args = ["--x", "flipper_length_mm", "--hue", "species", "--multiple", "stack", "-o", "-"]
    want = cli("histplot", csv, *args)
    got = plotmill.histplot(df, x="flipper_length_mm", hue="species", multiple="stack", format="png")
    assert got == want
    # A dict of columns, and a categorical column in its categories' order.
    as_dict = {c: df[c].tolist() for c in df.columns}
    assert plotmill.histplot(as_dict, x="flipper_length_mm", hue="species",
                             multiple="stack", format="png") == want
    order = ["Chinstrap", "Gentoo", "Adelie"]
    cat = df.assign(species=pd.Categorical(df["species"], categories=order))
    assert plotmill.histplot(cat, x="flipper_length_mm", hue="species", format="png") == \
        plotmill.histplot(df, x="flipper_length_mm", hue="species", hue_order=order, format="png")
    try:
        import polars as pl
    except ImportError:
        pl = None
    if pl is not None:
        assert plotmill.histplot(pl.from_pandas(df), x="flipper_length_mm", hue="species",
                                 multiple="stack", format="png") == want
    out = tmp_path / "h.svg"
    plotmill.histplot(df, out, x="body_mass_g", hue="island", element="step", kde=True,
                      stat="density", common_norm=False, palette="colorblind")
    assert out.read_text().startswith("<?xml")


def test_numeric_hues_and_palettes_are_the_cli_charts():
    csv = os.path.join(ROOT, "examples", "data", "species.csv")
    df = pd.read_csv(csv)
    # A numeric hue on seaborn's cubehelix, and on a named map.
    assert plotmill.histplot(df, x="bill_length_mm", hue="year", format="png") == \
        cli("histplot", csv, "--x", "bill_length_mm", "--hue", "year", "-o", "-")
    assert plotmill.kdeplot(df, x="body_mass_g", hue="year", palette="ch:s=.25,rot=-.25",
                            hue_order=[2009, 2007], format="png") == \
        cli("kdeplot", csv, "--x", "body_mass_g", "--hue", "year", "--palette",
            "ch:s=.25,rot=-.25", "--hue-order", "2009,2007", "-o", "-")
    assert plotmill.histplot(df, x="bill_length_mm", hue="year", hue_norm=(2008, 2020),
                            format="png") == \
        cli("histplot", csv, "--x", "bill_length_mm", "--hue", "year", "--hue-norm", "2008,2020",
            "-o", "-")
    # Palettes as a list of colours (tuples too) and as a dict by level.
    assert plotmill.histplot(df, x="flipper_length_mm", hue="species",
                             palette=["#1b9e77", (1.0, 0.0, 0.0), "C1"], format="png") == \
        cli("histplot", csv, "--x", "flipper_length_mm", "--hue", "species", "--palette",
            "#1b9e77,red,C1", "-o", "-")
    assert plotmill.histplot(df, x="body_mass_g", hue="year",
                             palette={2007: "C2", 2008: "black", 2009: "#abcdef"}, format="png") == \
        cli("histplot", csv, "--x", "body_mass_g", "--hue", "year", "--palette",
            "2007=C2,2008=black,2009=#abcdef", "-o", "-")
    # Filled joint densities.
    birds = os.path.join(ROOT, "examples", "data", "birds.csv")
    assert plotmill.kdeplot(pd.read_csv(birds), x="bill_length_mm", y="bill_depth_mm", hue="species",
                            fill=True, alpha=0.6, format="png") == \
        cli("kdeplot", birds, "--x", "bill_length_mm", "--y", "bill_depth_mm", "--hue", "species",
            "--fill", "--alpha", "0.6", "-o", "-")
    # A palette that repeats its colours draws, with seaborn's kind of warning.
    with pytest.warns(UserWarning, match="palette list has 2 colours for the 3 levels of 'island'"):
        plotmill.histplot(df, x="bill_length_mm", hue="island", palette=["C0", "C1"], format="png")
    with pytest.raises(plotmill.DataError, match="no colour for 'Female'"):
        plotmill.histplot(df, x="bill_length_mm", hue="sex", palette={"Male": "C0"}, format="png")
    with pytest.raises(plotmill.OptionError, match="palette"):
        plotmill.histplot(df, x="bill_length_mm", hue="sex", palette=3, format="png")


def test_histplot_bad_arguments_name_what_to_fix():
    df = pd.read_csv(os.path.join(ROOT, "examples", "data", "species.csv"))
    with pytest.raises(plotmill.DataError, match="did you mean 'flipper_length_mm'"):
        plotmill.histplot(df, x="flipper", format="png")
    with pytest.raises(plotmill.DataError, match="no column 'specie' to colour by.*did you mean 'species'"):
        plotmill.histplot(df, x="body_mass_g", hue="specie", format="png")
    with pytest.raises(plotmill.OptionError, match="multiple"):
        plotmill.histplot(df, x="body_mass_g", multiple="stak", format="png")
    with pytest.raises(plotmill.OptionError, match="bins"):
        plotmill.histplot(df, x="body_mass_g", bins="sturgess", format="png")
    with pytest.raises(TypeError):
        plotmill.histplot(df, format="png")  # x is required, as in seaborn's figure


def test_pairplot_is_the_cli_chart(tmp_path):
    csv = os.path.join(ROOT, "examples", "data", "birds.csv")
    df = pd.read_csv(csv)
    want = cli("pairplot", csv, "--hue", "species", "-o", "-")
    assert plotmill.pairplot(df, hue="species", format="png") == want
    want = cli("pairplot", csv, "--hue", "sex", "--corner", "--diag-kind", "hist", "--vars",
               "bill_length_mm,body_mass_g", "--marker-size", "20", "--alpha", "0.5",
               "--bins", "12", "--dropna", "-o", "-")
    got = plotmill.pairplot(df, hue="sex", corner=True, diag_kind="hist",
                            vars=["bill_length_mm", "body_mass_g"], plot_kws={"s": 20, "alpha": 0.5},
                            diag_kws={"bins": 12}, dropna=True, format="png")
    assert got == want
    assert plotmill.pairplot(df, vars=["bill_depth_mm", "body_mass_g"], diag_kind=None,
                             format="png") == \
        cli("pairplot", csv, "--vars", "bill_depth_mm,body_mass_g", "--diag-kind", "none", "-o", "-")
    # kind="reg": the bands are bootstrapped from a fixed seed, so the bytes repeat.
    reg = plotmill.pairplot(df, hue="species", kind="reg", vars=["bill_length_mm", "body_mass_g"],
                            format="png")
    assert reg == cli("pairplot", csv, "--hue", "species", "--kind", "reg", "--vars",
                      "bill_length_mm,body_mass_g", "-o", "-")
    assert plotmill.pairplot(df, kind="kde", corner=True, vars=["flipper_length_mm", "body_mass_g"],
                             format="png") == \
        cli("pairplot", csv, "--kind", "kde", "--corner", "--vars", "flipper_length_mm,body_mass_g",
            "-o", "-")
    assert plotmill.pairplot(df, kind="hist", hue="sex", vars=["bill_depth_mm", "body_mass_g"],
                             format="png") == \
        cli("pairplot", csv, "--kind", "hist", "--hue", "sex", "--vars",
            "bill_depth_mm,body_mass_g", "-o", "-")
    out = tmp_path / "p.svg"
    plotmill.pairplot(df, out, hue="species", x_vars=["bill_length_mm"], y_vars="body_mass_g")
    assert out.read_text().startswith("<?xml")
    with pytest.raises(plotmill.OptionError, match="plot_kws.*marker"):
        plotmill.pairplot(df, plot_kws={"marker": "+"}, format="png")
    with pytest.raises(plotmill.DataError, match="did you mean 'species'"):
        plotmill.pairplot(df, hue="specie", format="png")


def test_kdeplot_is_the_cli_chart(tmp_path):
    csv = os.path.join(ROOT, "examples", "data", "species.csv")
    df = pd.read_csv(csv)
    want = cli("kdeplot", csv, "--x", "body_mass_g", "--hue", "species", "--fill",
               "--common-norm", "false", "--bw-adjust", "0.8", "-o", "-")
    got = plotmill.kdeplot(df, x="body_mass_g", hue="species", fill=True, common_norm=False,
                           bw_adjust=0.8, format="png")
    assert got == want
    assert plotmill.kdeplot(df, x="flipper_length_mm", bw_method=0.3, format="png") == \
        cli("kdeplot", csv, "--x", "flipper_length_mm", "--bw-method", "0.3", "-o", "-")
    with pytest.raises(plotmill.OptionError, match="multiple"):
        plotmill.kdeplot(df, x="body_mass_g", multiple="dodge", format="png")
    # The joint density of two columns: contour lines.
    birds_csv = os.path.join(ROOT, "examples", "data", "birds.csv")
    birds = pd.read_csv(birds_csv)
    assert plotmill.kdeplot(birds, x="bill_length_mm", y="bill_depth_mm", hue="species",
                            levels=6, thresh=0.1, format="png") == \
        cli("kdeplot", birds_csv, "--x", "bill_length_mm", "--y", "bill_depth_mm", "--hue",
            "species", "--levels", "6", "--thresh", "0.1", "-o", "-")
    with pytest.raises(plotmill.OptionError, match="levels.*2 or more"):
        plotmill.kdeplot(birds, x="bill_length_mm", y="bill_depth_mm", fill=True, levels=1,
                         format="png")
    with pytest.raises(plotmill.OptionError, match="multiple.*not a joint density"):
        plotmill.kdeplot(birds, x="bill_length_mm", y="bill_depth_mm", multiple="stack",
                         format="png")


def test_categorical_charts_are_the_cli_charts():
    csv = os.path.join(ROOT, "examples", "data", "species.csv")
    df = pd.read_csv(csv)
    cases = [
        (plotmill.boxplot, dict(x="species", y="body_mass_g", hue="sex"),
         ["boxplot", "--x", "species", "--y", "body_mass_g", "--hue", "sex"]),
        (plotmill.boxplot, dict(x="body_mass_g", y="island", whis=(5, 95), fill=False, gap=0.1),
         ["boxplot", "--x", "body_mass_g", "--y", "island", "--whis", "5,95", "--fill", "false",
          "--gap", "0.1"]),
        (plotmill.boxplot, dict(x="year", y="flipper_length_mm", order=[2009, 2007], linecolor="red"),
         ["boxplot", "--x", "year", "--y", "flipper_length_mm", "--order", "2009,2007",
          "--linecolor", "red"]),
        (plotmill.barplot, dict(x="island", y="body_mass_g", hue="sex"),
         ["barplot", "--x", "island", "--y", "body_mass_g", "--hue", "sex"]),
        (plotmill.barplot, dict(x="species", y="bill_length_mm", estimator="median",
                                errorbar=("pi", 50), capsize=0.2, seed=3),
         ["barplot", "--x", "species", "--y", "bill_length_mm", "--estimator", "median",
          "--errorbar", "pi,50", "--capsize", "0.2", "--seed", "3"]),
        (plotmill.barplot, dict(x="flipper_length_mm", y="species", errorbar=None, dodge=False),
         ["barplot", "--x", "flipper_length_mm", "--y", "species", "--errorbar", "none",
          "--dodge", "false"]),
        (plotmill.countplot, dict(x="island", hue="species", palette="deep"),
         ["countplot", "--x", "island", "--hue", "species", "--palette", "deep"]),
        (plotmill.countplot, dict(y="species", stat="percent"),
         ["countplot", "--y", "species", "--stat", "percent"]),
        (plotmill.violinplot, dict(x="species", y="body_mass_g", hue="sex", split=True, inner="quart"),
         ["violinplot", "--x", "species", "--y", "body_mass_g", "--hue", "sex", "--split",
          "--inner", "quart"]),
        (plotmill.violinplot, dict(x="flipper_length_mm", y="island", inner=None, bw_method=0.5,
                                   density_norm="count", cut=0),
         ["violinplot", "--x", "flipper_length_mm", "--y", "island", "--inner", "none",
          "--bw-method", "0.5", "--density-norm", "count", "--cut", "0"]),
        (plotmill.stripplot, dict(x="species", y="body_mass_g", hue="sex", dodge=True, jitter=0.2, seed=4),
         ["stripplot", "--x", "species", "--y", "body_mass_g", "--hue", "sex", "--dodge", "true",
          "--jitter", "0.2", "--seed", "4"]),
        (plotmill.pointplot, dict(x="island", y="body_mass_g", hue="sex", dodge=True, capsize=0.1),
         ["pointplot", "--x", "island", "--y", "body_mass_g", "--hue", "sex", "--dodge", "true",
          "--capsize", "0.1"]),
        (plotmill.pointplot, dict(x="island", y="body_mass_g", hue="sex", markers=["s", (4, 1, 0)],
                                  linestyles=["none", "--"]),
         ["pointplot", "--x", "island", "--y", "body_mass_g", "--hue", "sex", "--markers",
          "s,(4, 1, 0)", "--linestyles", "none,--"]),
        (plotmill.boxplot, dict(x="species", y="body_mass_g", hue="sex", notch=True, showmeans=True),
         ["boxplot", "--x", "species", "--y", "body_mass_g", "--hue", "sex", "--notch", "--showmeans"]),
        (plotmill.boxplot, dict(x="species", y="flipper_length_mm", showmeans=True, meanline=True),
         ["boxplot", "--x", "species", "--y", "flipper_length_mm", "--showmeans", "--meanline"]),
        (plotmill.swarmplot, dict(x="body_mass_g", y="island", size=3, linewidth=0.5, edgecolor="black"),
         ["swarmplot", "--x", "body_mass_g", "--y", "island", "--size", "3", "--linewidth", "0.5",
          "--edgecolor", "black"]),
    ]
    for draw, kwargs, args in cases:
        want = cli(args[0], csv, *args[1:], "-o", "-")
        assert draw(df, format="png", **kwargs) == want, args
    # native_scale: a numeric category column, and dates (text, and a
    # pandas datetime column) on a date axis.
    doses_csv = os.path.join(ROOT, "examples", "data", "doses.csv")
    doses = pd.read_csv(doses_csv)
    assert plotmill.boxplot(doses, x="dose", y="len", hue="supp", native_scale=True,
                            format="png") == \
        cli("boxplot", doses_csv, "--x", "dose", "--y", "len", "--hue", "supp", "--native-scale",
            "-o", "-")
    want = cli("pointplot", doses_csv, "--x", "visit", "--y", "len", "--hue", "supp",
               "--native-scale", "-o", "-")
    assert plotmill.pointplot(doses, x="visit", y="len", hue="supp", native_scale=True,
                              format="png") == want
    timed = doses.assign(visit=pd.to_datetime(doses["visit"]))
    assert plotmill.pointplot(timed, x="visit", y="len", hue="supp", native_scale=True,
                              format="png") == want
    # A categorical column draws its categories in their order, as seaborn.
    order = ["Chinstrap", "Gentoo", "Adelie"]
    cat = df.assign(species=pd.Categorical(df["species"], categories=order))
    assert plotmill.boxplot(cat, x="species", y="body_mass_g", format="png") == \
        cli("boxplot", csv, "--x", "species", "--y", "body_mass_g", "--order", ",".join(order), "-o", "-")


def test_categorical_bad_arguments_name_what_to_fix():
    df = pd.read_csv(os.path.join(ROOT, "examples", "data", "species.csv"))
    with pytest.raises(plotmill.DataError, match="no column 'specie'.*did you mean 'species'"):
        plotmill.boxplot(df, x="specie", y="body_mass_g", format="png")
    with pytest.raises(plotmill.OptionError, match="errorbar"):
        plotmill.barplot(df, x="species", y="body_mass_g", errorbar="ic", format="png")
    with pytest.raises(plotmill.OptionError, match="count plot counts the rows of one column"):
        plotmill.countplot(df, x="species", y="island", format="png")
    with pytest.raises(plotmill.OptionError, match="dodge"):
        plotmill.boxplot(df, x="species", y="body_mass_g", dodge="sometimes", format="png")
    with pytest.raises(plotmill.OptionError, match="legend"):
        plotmill.boxplot(df, x="species", y="body_mass_g", legend="full", format="png")
    # matplotlib's options plotmill does not draw are named, not ignored.
    with pytest.raises(plotmill.OptionError, match="meanline.*pass showmeans too"):
        plotmill.boxplot(df, x="species", y="body_mass_g", meanline=True, format="png")
    with pytest.raises(plotmill.OptionError, match="not support: bootstrap"):
        plotmill.boxplot(df, x="species", y="body_mass_g", notch=True, bootstrap=1000,
                         format="png")


def test_clustermap_is_the_cli_chart():
    csv = os.path.join(ROOT, "examples", "data", "expression.csv")
    df = pd.read_csv(csv)
    corr = cli("clustermap", csv, "--corr", "-o", "-")
    # corr=True, or seaborn users' own df.corr() (its index names the rows).
    assert plotmill.clustermap(df, corr=True, format="png") == corr
    assert plotmill.clustermap(df.select_dtypes("number").corr(), format="png") == corr
    # The rows named by the index, a strip from a named Series matched to
    # it (as seaborn matches it), the index's name beside the rows.
    d = df.set_index("sample")
    lut = dict(zip(d.tissue.unique(), ["#1f77b4", "#ff7f0e", "#2ca02c"]))
    got = plotmill.clustermap(d.select_dtypes("number"), z_score=1, row_colors=d.tissue.map(lut),
                              method="ward", tree_kws={"linewidths": 1}, format="png")
    assert got == cli("clustermap", csv, "--index", "sample", "--row-colors", "tissue",
                      "--z-score", "1", "--method", "ward", "--tree-linewidth", "1", "-o", "-")
    with pytest.raises(plotmill.DataError, match="row '.*', column 'g01' has no value"):
        bad = d.select_dtypes("number").copy()
        bad.iloc[3, 0] = np.nan
        plotmill.clustermap(bad, format="png")
    with pytest.raises(plotmill.OptionError, match="tree_kws"):
        plotmill.clustermap(df, corr=True, tree_kws={"alpha": 0.5}, format="png")


def test_lineplot_over_dates_is_the_cli_chart():
    csv = os.path.join(ROOT, "examples", "data", "weather.csv")
    want = cli("lineplot", csv, "--x", "date", "--y", "temp_max", "--hue", "weather", "-o", "-")
    # Dates as pandas parses them, or as the text of the file.
    parsed = pd.read_csv(csv, parse_dates=["date"])
    assert plotmill.lineplot(parsed, x="date", y="temp_max", hue="weather", format="png") == want
    assert plotmill.lineplot(pd.read_csv(csv), x="date", y="temp_max", hue="weather", format="png") == want
    species = os.path.join(ROOT, "examples", "data", "species.csv")
    assert plotmill.lineplot(pd.read_csv(species), x="year", y="body_mass_g", hue="species",
                             errorbar=("pi", 50), seed=2, format="png") == \
        cli("lineplot", species, "--x", "year", "--y", "body_mass_g", "--hue", "species",
            "--errorbar", "pi,50", "--seed", "2", "-o", "-")
    # A style's dashes (a legend in two parts), and units with no estimator.
    birds = pd.read_csv(species)
    assert plotmill.lineplot(birds, x="year", y="body_mass_g", hue="species", style="sex",
                             errorbar="sd", format="png") == \
        cli("lineplot", species, "--x", "year", "--y", "body_mass_g", "--hue", "species",
            "--style", "sex", "--errorbar", "sd", "-o", "-")
    assert plotmill.lineplot(birds, x="year", y="body_mass_g", hue="species", units="island",
                             estimator=None, format="png") == \
        cli("lineplot", species, "--x", "year", "--y", "body_mass_g", "--hue", "species",
            "--units", "island", "--estimator", "none", "-o", "-")
    with pytest.raises(plotmill.DataError, match="estimator none"):
        plotmill.lineplot(birds, x="year", y="body_mass_g", units="island", format="png")
    # Error bars at each x (err_style="bars"), and a style that is not one.
    assert plotmill.lineplot(birds, x="year", y="body_mass_g", hue="sex", errorbar="sd",
                             err_style="bars", format="png") == \
        cli("lineplot", species, "--x", "year", "--y", "body_mass_g", "--hue", "sex",
            "--errorbar", "sd", "--err-style", "bars", "-o", "-")
    with pytest.raises(plotmill.OptionError, match="err_style"):
        plotmill.lineplot(birds, x="year", y="body_mass_g", err_style="bar", format="png")
    # Markers by the style (seaborn's, a list with a tuple marker, a dict of
    # dashes) and matplotlib's marker= on every line.
    assert plotmill.lineplot(birds, x="year", y="body_mass_g", hue="species", style="sex",
                             markers=True, errorbar="sd", format="png") == \
        cli("lineplot", species, "--x", "year", "--y", "body_mass_g", "--hue", "species",
            "--style", "sex", "--markers", "true", "--errorbar", "sd", "-o", "-")
    assert plotmill.lineplot(birds, x="year", y="bill_length_mm", style="island",
                             markers=["s", (4, 0, 45), "v"],
                             dashes={"Torgersen": "", "Dream": (4, 1.5), "Biscoe": "--"},
                             errorbar=None, format="png") == \
        cli("lineplot", species, "--x", "year", "--y", "bill_length_mm", "--style", "island",
            "--markers", "s,(4, 0, 45),v", "--dashes", "Torgersen=-,Dream=4 1.5,Biscoe=--",
            "--errorbar", "none", "-o", "-")
    assert plotmill.lineplot(birds, x="year", y="flipper_length_mm", hue="island", marker="X",
                             ms=9, format="png") == \
        cli("lineplot", species, "--x", "year", "--y", "flipper_length_mm", "--hue", "island",
            "--marker", "X", "--markersize", "9", "-o", "-")
    with pytest.raises(plotmill.OptionError, match="not a filled marker"):
        plotmill.lineplot(birds, x="year", y="body_mass_g", style="sex", markers=["o", "x"], format="png")
    # Widths by a size: a text column beside a hue; a numeric one on a
    # (min, max) range with size_norm; a list in the levels' order and the
    # dict it stands for; bad widths named.
    assert plotmill.lineplot(birds, x="year", y="body_mass_g", hue="species", size="sex",
                             format="png") == \
        cli("lineplot", species, "--x", "year", "--y", "body_mass_g", "--hue", "species",
            "--size", "sex", "-o", "-")
    assert plotmill.lineplot(birds, x="year", y="body_mass_g", size="flipper_length_mm",
                             sizes=(0.5, 4), size_norm=(180, 220), errorbar=None, format="png") == \
        cli("lineplot", species, "--x", "year", "--y", "body_mass_g", "--size", "flipper_length_mm",
            "--sizes", "0.5,4", "--size-norm", "180,220", "--errorbar", "none", "-o", "-")
    by_map = cli("lineplot", species, "--x", "year", "--y", "bill_length_mm", "--size", "island",
                 "--sizes", "Biscoe=1,Dream=2,Torgersen=4", "--errorbar", "none", "-o", "-")
    assert plotmill.lineplot(birds, x="year", y="bill_length_mm", size="island",
                             sizes={"Biscoe": 1, "Dream": 2, "Torgersen": 4}, errorbar=None,
                             format="png") == by_map
    # The island column's levels in order of appearance: Biscoe, Dream, Torgersen.
    assert plotmill.lineplot(birds, x="year", y="bill_length_mm", size="island", sizes=[1, 2, 4],
                             errorbar=None, format="png") == by_map
    with pytest.raises(plotmill.OptionError, match="sizes: 2 widths for the 3 levels"):
        plotmill.lineplot(birds, x="year", y="body_mass_g", size="island", sizes=[1, 2], format="png")
    with pytest.raises(plotmill.DataError, match="no width for 'Torgersen'"):
        plotmill.lineplot(birds, x="year", y="body_mass_g", size="island",
                          sizes={"Biscoe": 1, "Dream": 2}, format="png")
    with pytest.raises(plotmill.DataError, match="no value for the level"):
        plotmill.lineplot(birds, x="year", y="body_mass_g", style="sex", markers={"Male": "o"},
                          format="png")
    # Dates written day first, read with a format, as pandas' format=.
    days = {"d": ["31/01/2012", "01/02/2012", "15/02/2012"], "v": [1.0, 3.0, 2.0]}
    path = os.path.join(ROOT, "target", "dayfirst.csv")
    pd.DataFrame(days).to_csv(path, index=False)
    assert plotmill.lineplot(days, x="d", y="v", date_format="%d/%m/%Y", format="png") == \
        cli("lineplot", path, "--x", "d", "--y", "v", "--date-format", "%d/%m/%Y", "-o", "-")
    with pytest.raises(plotmill.DataError, match="row 2 holds 'soon'"):
        plotmill.lineplot({"d": ["2012-01-01", "soon"], "v": [1.0, 2.0]}, x="d", y="v", format="png")
