"""The README's Python block and docs/python.md's, run as written, in a
folder that holds a copy of examples/ (as a user runs them from the
repository's folder)."""
import os
import re
import shutil

import pandas as pd

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def python_blocks(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return re.findall(r"^```python\n(.*?)^```", f.read(), flags=re.S | re.M)


def run_in_copy(tmp_path, monkeypatch, code):
    shutil.copytree(os.path.join(ROOT, "examples"), tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    names = {"__name__": "__readme__"}
    exec(compile(code, "README.md", "exec"), names)
    return names


def test_readme_python_block_runs_as_written(tmp_path, monkeypatch):
    blocks = python_blocks("README.md")
    assert len(blocks) == 1, "one Python block in the README"
    names = run_in_copy(tmp_path, monkeypatch, blocks[0])
    for name in ("demo_sales_scatter_matrix.png", "demo_sales_correlation_heatmap.png"):
        assert (tmp_path / "out" / name).read_bytes()[:4] == b"\x89PNG"
    assert names["png"][:4] == b"\x89PNG"
    df = pd.read_csv(tmp_path / "examples" / "data" / "demo_sales.csv")
    want = df.corr(method="kendall", numeric_only=True)
    assert list(names["kendall"].columns) == list(want.columns)


def test_python_docs_block_runs_as_written(tmp_path, monkeypatch):
    blocks = python_blocks(os.path.join("docs", "python.md"))
    assert blocks, "docs/python.md has a Python block"
    names = run_in_copy(tmp_path, monkeypatch, blocks[0])
    assert (tmp_path / "out" / "seed_correlation_heatmap.png").is_file()
    assert names["summary"]["done"] == 1
    assert (tmp_path / "out" / "batch" / "seed_correlation_heatmap.png").is_file()
