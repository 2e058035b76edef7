#!/usr/bin/env python3
"""Writes the correlation fixtures: small CSV files and pandas' matrices for them.

Each case is an input file plus, per method, what pandas writes for
`pd.read_csv(path, **read)` followed by `.corr(method, min_periods,
numeric_only=True).to_csv()`. The Rust tests compare plotmill's output with
these files byte for byte, so they need no Python.

Run with the reference stack (../shared/peers/setup.sh), from the repo root:
    python scripts/make_corr_fixtures.py
"""
import os

import numpy as np
import pandas as pd

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plotmill-data", "tests", "fixtures", "corr")
METHODS = ["pearson", "spearman", "kendall"]


def random_case(seed, rows, cols, nan_share=0.0, levels=None):
    rng = np.random.default_rng(seed)
    if levels:
        data = rng.integers(0, levels, size=(rows, cols)).astype(float)
    else:
        data = rng.normal(size=(rows, cols)) * rng.uniform(0.1, 1000, size=cols) + rng.uniform(-50, 50, size=cols)
    if nan_share:
        data[rng.random(size=data.shape) < nan_share] = np.nan
    df = pd.DataFrame(data, columns=[f"c{i}" for i in range(cols)])
    return df.to_csv(index=False)


CASES = {
    # name: (file bytes, read options, min_periods values)
    "seed_4x8": (open(os.path.join(os.path.dirname(__file__), "..", "examples", "data", "seed_4x8.csv"), "rb").read(), {}, [1]),
    "demo_sales": (open(os.path.join(os.path.dirname(__file__), "..", "examples", "data", "demo_sales.csv"), "rb").read(), {}, [1, 150]),
    "random_500x6": (random_case(1, 500, 6).encode(), {}, [1]),
    "random_nans": (random_case(2, 300, 5, nan_share=0.2).encode(), {}, [1, 200, 250]),
    "ties": (random_case(3, 200, 4, levels=4).encode(), {}, [1]),
    "ties_and_nans": (random_case(4, 150, 4, nan_share=0.3, levels=3).encode(), {}, [1, 60]),
    "missing_tokens": (
        b"a,b,c\n1,NA,3\nN/A,2,#N/A\n3,null,5\n,4,NaN\n5,None,7\n-nan,6,<NA>\n7,n/a,9\n8,NULL,10\n1.#QNAN,9,#NA\n2,-1.#IND,1\n",
        {}, [1, 3],
    ),
    "constant": (b"a,const,b\n1,5,2\n2,5,1\n3,5,4\n4,5,3\n", {}, [1]),
    "booleans": (b"flag,x,FLAG2\nTrue,1.5,FALSE\nFalse,2.5,TRUE\ntrue,0.5,false\nfalse,3.0,true\n", {}, [1]),
    "text_columns": (
        b"name,x,mixed,y,empty_text\nann,1,1,2,\nbob,2,x,4, \ncy,3,3,5,\ndee,4,4,3,\n", {}, [1],
    ),
    "quoting": (
        b'"a,1","b ""quoted""","multi\nline",d\n"1",2,"3",4\n5,"6",7,"8"\n"9","10",11,12\n', {}, [1],
    ),
    "bom_crlf": (b"\xef\xbb\xbfx,y\r\n1,2\r\n2,3\r\n4,1\r\n", {}, [1]),
    "semicolons": (b"x;y;z\n1,5;2;3\n2;3;1\n3;1;2\n4;4;4\n".replace(b"1,5", b"1.5"), {"sep": ";"}, [1]),
    "tabs_no_header": (b"1\t2\t3\n2\t1\t5\n3\t4\t4\n4\t3\t1\n", {"sep": "\t", "header": None}, [1]),
    "pipes": (b"p|q\n1|2\n2|4\n3|5\n", {"sep": "|"}, [1]),
    "non_latin": (
        "價格,数量,سعر,📈 growth,Ünïcödé\n1,2,3,4,5\n2,3,1,5,4\n3,1,2,6,5\n4,5,5,4,1\n".encode(), {}, [1],
    ),
    "one_row": (b"a,b\n1,2\n", {}, [1]),
    "two_rows": (b"a,b,c\n1,2,3\n2,1,3\n", {}, [1, 2, 3]),
    "duplicate_names": (b"a,a,a.1,a,\n1,2,3,4,5\n2,1,5,3,4\n3,3,4,1,2\n", {}, [1]),
    "infinities": (b"x,y,z\n1,2,3\ninf,3,1\n3,Infinity,2\n4,1,inf\n5,5,5\n", {}, [1]),
    "integers_and_floats": (b"i,f,big\n1,1.5,9223372036854775807\n2,2.25,1\n3,1e3,5\n-4,.5,7\n", {}, [1]),
    "blank_lines": (b"x,y\n\n1,2\n\n2,1\n   \n3,3\n", {}, [1]),
    "all_missing_column": (b"x,gone,y\n1,,2\n2,NA,1\n3,,3\n", {}, [1]),
    # Missing values as large files have them: 1% scattered over 7 columns
    # (21 pairs with a hole: groups of pairs that end short), half of all
    # values, and runs at the start, middle and end with a column all NaN.
    "nan_1pct": (random_case(5, 2000, 7, nan_share=0.01).encode(), {}, [1, 1990]),
    "nan_half": (random_case(6, 400, 5, nan_share=0.5).encode(), {}, [1, 100]),
    "nan_runs": (None, {}, [1, 500]),
}


def nan_runs():
    rng = np.random.default_rng(7)
    data = rng.normal(size=(600, 5)) * [1, 10, 0.1, 1, 1000]
    data[:50, 0] = np.nan
    data[550:, 1] = np.nan
    data[250:262, 2] = np.nan
    data[:, 3] = np.nan
    return pd.DataFrame(data, columns=["head", "tail", "middle", "none", "whole"]).to_csv(index=False)


CASES["nan_runs"] = (nan_runs().encode(), {}, [1, 500])


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = []
    for name, (data, read, min_periods) in CASES.items():
        path = os.path.join(OUT, f"{name}.csv")
        with open(path, "wb") as f:
            f.write(data)
        df = pd.read_csv(path, **read)
        for method in METHODS:
            for mp in min_periods:
                out = f"{name}.{method}.min{mp}.expected.csv"
                text = df.corr(method=method, min_periods=mp, numeric_only=True).to_csv(lineterminator="\n")
                with open(os.path.join(OUT, out), "w", encoding="utf-8", newline="") as f:
                    f.write(text)
                manifest.append({
                    "input": f"{name}.csv",
                    "expected": out,
                    "method": method,
                    "min_periods": mp,
                    "delimiter": read.get("sep"),
                    "header": read.get("header", 0) is not None,
                })
    with open(os.path.join(OUT, "cases.tsv"), "w") as f:
        f.write(f"# made by scripts/make_corr_fixtures.py with pandas {pd.__version__}, numpy {np.__version__}\n")
        f.write("input\texpected\tmethod\tmin_periods\tdelimiter\theader\n")
        for c in manifest:
            delim = {None: "sniff", "\t": "tab"}.get(c["delimiter"], c["delimiter"])
            f.write(f"{c['input']}\t{c['expected']}\t{c['method']}\t{c['min_periods']}\t{delim}\t{int(c['header'])}\n")
    print(f"{len(manifest)} expected matrices from pandas {pd.__version__} in {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
