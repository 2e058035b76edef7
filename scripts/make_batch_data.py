#!/usr/bin/env python3
"""Make N seed-shaped data sets (4 rows x 8 columns of uniform random numbers,
columns named 0..7, as ../shared/peers/data/seed_4x8.csv) and a manifest
with one job per data set (both of the service's charts).

    python3 scripts/make_batch_data.py 50000 bench-data/batch50k

writes bench-data/batch50k/data/000000.csv ... and bench-data/batch50k/jobs.jsonl.
Deterministic: the same N gives the same files.
"""
import json
import os
import random
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(0)
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    with open(os.path.join(out, "jobs.jsonl"), "w") as manifest:
        for i in range(n):
            name = f"{i:06d}"
            path = os.path.join(out, "data", name + ".csv")
            with open(path, "w") as f:
                f.write(",".join(str(c) for c in range(8)) + "\n")
                for _ in range(4):
                    f.write(",".join(repr(rng.random()) for _ in range(8)) + "\n")
            manifest.write(json.dumps({"key": name, "data": f"data/{name}.csv"}) + "\n")


if __name__ == "__main__":
    main()
