"""plotmill on Dask: many data sets' charts drawn by a Dask cluster.

    pip install "plotmill[dask]"

    import dask.bag as db, plotmill.dask as pmd
    from dask.distributed import Client
    client = Client("scheduler:8786")
    files = sorted(glob.glob("/shared/incoming/*.csv"))
    bag = db.from_sequence([(os.path.basename(f)[:-4], f) for f in files], npartitions=64)
    results = pmd.render(bag, "/shared/out").compute()     # like plotmill batch --inputs
    bad = pmd.failures(results)                             # as failures.jsonl lists them

    # each group of a Dask DataFrame: one data set per station
    ddf = dd.read_parquet("/shared/readings/")
    pmd.render_groups(ddf, "station", "/shared/out",
                      charts=["scatter-matrix", {"kind": "heatmap", "method": "spearman"}]).compute()

Each data set is one job as `plotmill batch` draws it: ``charts`` are a
manifest's charts (kind names, or dicts of the single-chart commands'
options; default the service's scatter matrix and heatmap), ``output`` its
file name template (default ``{key}_{chart}.{ext}``), so the files have the
names and the bytes that ``plotmill batch`` gives them.

Tasks are idempotent: each output is written under a temporary name in its
folder and renamed into place when complete, and named by the data set's
key, so a task that Dask runs again (after a worker is lost, or
speculatively) rewrites the same bytes under the same names, never a second
copy or half a file. Rendering releases the GIL: a worker's threads draw in
parallel. A job that fails (a missing file, a chart that cannot draw the
data) does not fail the Dask computation: its result says why, as a line
of ``failures.jsonl`` would.

A result is a dict: ``key``; ``outputs`` (the paths written, or without
``out`` the file names); ``images`` (without ``out``: each output's bytes);
``warnings``; and for a failed job ``error``, ``kind`` (``data``, ``spec``,
``chart``, ``limit``, ``write``, ...) and ``field`` (the option at fault).
"""
from __future__ import annotations

import json as _json
import os as _os

from . import MAX_PIXELS, DataError, _plotmill, _table

__all__ = ["render_job", "render", "render_groups", "failures"]


def render_job(key, data, out=None, *, charts=None, output=None, max_pixels=MAX_PIXELS):
    """Draw one data set's charts as ``plotmill batch`` draws a job.

    ``data``: a CSV path (as the worker sees it: on a cluster, a path on
    storage every worker mounts), a pandas DataFrame, a dict of columns or
    any table ``plotmill.heatmap`` takes. With ``out``, writes the outputs
    there (atomically) and returns their paths; without, returns their
    bytes in ``images``. Never raises for a bad job: see ``error``."""
    job = {"key": str(key)}
    if charts is not None:
        job["charts"] = list(charts)
    if output is not None:
        job["output"] = output
    table = None
    if isinstance(data, (str, bytes, _os.PathLike)):
        job["data"] = _os.fsdecode(_os.fspath(data))
    else:
        try:
            table = _table(data)
        except DataError as e:
            return _result(job["key"], [], [], ("data", str(e), None), out)
    if out is not None:
        out = _os.fsdecode(_os.fspath(out))
    try:
        line = _json.dumps(job)
    except TypeError as e:
        return _result(job["key"], [], [], ("request", f"charts: {e}", None), out)
    outputs, warnings, failure = _plotmill.draw_job(line, table, out, int(max_pixels))
    return _result(job["key"], outputs, warnings, failure, out)


def _result(key, outputs, warnings, failure, out):
    result = {"key": key, "outputs": [name for name, _ in outputs], "warnings": list(warnings)}
    if out is None:
        result["images"] = [data for _, data in outputs]
    if failure is None:
        result.update(error=None, kind=None, field=None)
    else:
        kind, error, field = failure
        result.update(error=error, kind=kind, field=field)
    return result


def render(datasets, out=None, *, charts=None, output=None, max_pixels=MAX_PIXELS):
    """A Dask bag of ``(key, data)`` pairs -> a bag of results, one per data
    set (lazy: ``.compute()`` it, or hand it to ``client.compute``). ``data``
    as in :func:`render_job`; keys name the outputs and must differ."""
    return datasets.map(_render_pair, out=out, charts=charts, output=output,
                        max_pixels=max_pixels)


def _render_pair(pair, out, charts, output, max_pixels):
    key, data = pair
    return render_job(key, data, out, charts=charts, output=output, max_pixels=max_pixels)


#: The columns of the DataFrame that :func:`render_groups` returns.
GROUP_COLUMNS = ("key", "outputs", "error", "kind")


def render_groups(ddf, by, out, *, charts=None, output=None, max_pixels=MAX_PIXELS):
    """Each group of a Dask DataFrame ``ddf.groupby(by)`` drawn as one data
    set, keyed by the group's value (values joined by ``_`` for several
    columns), without the ``by`` columns. Returns a lazy Dask DataFrame, a
    row per group: ``key``, ``outputs`` (the paths, ``;``-separated),
    ``error`` and ``kind`` (empty when the job was drawn)."""
    import pandas as pd

    columns = [by] if isinstance(by, str) else list(by)
    meta = pd.DataFrame({c: pd.Series(dtype="object") for c in GROUP_COLUMNS})
    return ddf.groupby(columns).apply(
        _render_group, columns, out, charts, output, max_pixels, meta=meta)


def _render_group(group, columns, out, charts, output, max_pixels):
    import pandas as pd

    name = group.name if isinstance(group.name, tuple) else (group.name,)
    key = "_".join(str(v) for v in name)
    # (pandas leaves the grouping columns out of a group; older ones keep them.)
    r = render_job(key, group.drop(columns=columns, errors="ignore"), out, charts=charts, output=output,
                   max_pixels=max_pixels)
    return pd.DataFrame({"key": [key], "outputs": [";".join(r["outputs"])],
                         "error": [r["error"] or ""], "kind": [r["kind"] or ""]})


def failures(results):
    """The failed jobs among computed results (dicts, or the rows of a
    :func:`render_groups` frame), each as a failures.jsonl line:
    ``{"key", "kind", "error", "field"}``."""
    if hasattr(results, "to_dict") and hasattr(results, "columns"):
        results = results.to_dict("records")
    return [{"key": r["key"], "kind": r["kind"], "error": r["error"], "field": r.get("field")}
            for r in results if r.get("error")]
