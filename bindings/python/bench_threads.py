"""Renders release the GIL: scatter matrices per second with 1 and 2
threads in one process (run with the test venv: .venv-test/bin/python)."""
import os
import threading
import time

import pandas as pd

import plotmill

SEED = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "data", "seed_4x8.csv")
df = pd.read_csv(SEED)
N = 400


def rate(threads):
    def work():
        for _ in range(N // threads):
            plotmill.scatter_matrix(df, format="png")

    ts = [threading.Thread(target=work) for _ in range(threads)]
    t = time.perf_counter()
    for x in ts:
        x.start()
    for x in ts:
        x.join()
    return N / (time.perf_counter() - t)


rate(1)
one, two = rate(1), rate(2)
print(f"1 thread: {one:.0f} charts/s; 2 threads: {two:.0f} charts/s; scaling {two / one:.2f}x")
