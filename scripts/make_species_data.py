#!/usr/bin/env python3
"""Writes examples/data/species.csv: 300 birds of three species measured
three ways, with a sex, an island and the year measured, for the distribution and
categorical charts (what seaborn's penguins data set is to its gallery,
made up here so that nothing is downloaded). A few values are missing, as
in real data.

Also examples/data/birds.csv: 344 birds measured four ways, the shape of
the penguins data set (152, 68 and 124 of the three species; two birds
with no measurements, eleven with no sex), for the pair plot and its
benchmark against seaborn.

    .venv-peers/bin/python scripts/make_species_data.py
"""
import os

import numpy as np
import pandas as pd

DATA = os.path.join(os.path.dirname(__file__), "..", "examples", "data")
OUT = os.path.join(DATA, "species.csv")


def main():
    rng = np.random.default_rng(2026)
    rows = []
    kinds = [
        ("Adelie", 120, (38.8, 2.7), (190.0, 6.5), (3700, 450), ["Torgersen", "Biscoe", "Dream"]),
        ("Chinstrap", 70, (48.8, 3.3), (196.0, 7.1), (3730, 380), ["Dream"]),
        ("Gentoo", 110, (47.5, 3.1), (217.0, 6.5), (5080, 500), ["Biscoe"]),
    ]
    for name, n, bill, flipper, mass, islands in kinds:
        for _ in range(n):
            sex = "Male" if rng.random() < 0.5 else "Female"
            shift = 1.0 if sex == "Male" else -1.0
            rows.append({
                "species": name,
                "island": islands[rng.integers(len(islands))],
                "bill_length_mm": round(rng.normal(*bill) + shift, 1),
                "flipper_length_mm": int(round(rng.normal(*flipper) + 2 * shift)),
                "body_mass_g": int(round(rng.normal(*mass) + 200 * shift, -1)),
                "sex": sex,
            })
    df = pd.DataFrame(rows).sample(frac=1.0, random_state=7).reset_index(drop=True)
    for col, k in [("bill_length_mm", 3), ("body_mass_g", 2), ("sex", 9)]:
        df.loc[rng.choice(len(df), k, replace=False), col] = np.nan
    # The year each bird was measured: a whole-number column to colour by
    # (a numeric hue), drawn from its own stream so the others stay put.
    df["year"] = np.random.default_rng(2007).integers(2007, 2010, len(df))
    df.to_csv(OUT, index=False)
    birds()


def birds():
    rng = np.random.default_rng(344)
    rows = []
    kinds = [
        ("Adelie", 152, (38.8, 2.7), (18.3, 1.2), (190.0, 6.5), (3700, 450)),
        ("Chinstrap", 68, (48.8, 3.3), (18.4, 1.1), (196.0, 7.1), (3730, 380)),
        ("Gentoo", 124, (47.5, 3.1), (15.0, 1.0), (217.0, 6.5), (5080, 500)),
    ]
    for name, n, bill, depth, flipper, mass in kinds:
        for _ in range(n):
            sex = "Male" if rng.random() < 0.5 else "Female"
            shift = 1.0 if sex == "Male" else -1.0
            rows.append({
                "species": name,
                "bill_length_mm": round(rng.normal(*bill) + shift, 1),
                "bill_depth_mm": round(rng.normal(*depth) + 0.5 * shift, 1),
                "flipper_length_mm": int(round(rng.normal(*flipper) + 2 * shift)),
                "body_mass_g": int(round(rng.normal(*mass) + 200 * shift, -1)),
                "sex": sex,
            })
    df = pd.DataFrame(rows)
    measures = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    gone = rng.choice(len(df), 13, replace=False)
    df.loc[gone[:2], measures + ["sex"]] = np.nan
    df.loc[gone[2:], "sex"] = np.nan
    df.to_csv(os.path.join(DATA, "birds.csv"), index=False)


if __name__ == "__main__":
    main()
