#!/usr/bin/env python3
"""Writes examples/data/weather.csv: two years of synthetic daily weather
(the shape of seaborn's "seattle_weather" data set, which load_dataset
would download): an ISO 8601 date, precipitation, maximum and minimum
temperature, wind, and the day's weather (sun, rain, drizzle, fog, snow).
Seasonal temperatures with noise, from a fixed seed.

    python3 scripts/make_weather_data.py
"""
import csv
import datetime
import math
import os
import random

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "examples", "data", "weather.csv")


def main():
    rng = random.Random(2012)
    start = datetime.date(2012, 1, 1)
    with open(OUT, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date", "precipitation", "temp_max", "temp_min", "wind", "weather"])
        for k in range(731):
            day = start + datetime.timedelta(days=k)
            season = math.cos(2 * math.pi * (day.timetuple().tm_yday - 200) / 365.25)
            t_max = round(16 + 10 * season + rng.gauss(0, 3), 1)
            t_min = round(t_max - 7 - abs(rng.gauss(0, 2)), 1)
            wet = rng.random() < 0.45 - 0.25 * season
            rain = round(rng.expovariate(1 / 6), 1) if wet else 0.0
            wind = round(abs(rng.gauss(3.2, 1.4)), 1)
            if wet and t_max < 4:
                weather = "snow"
            elif wet:
                weather = "rain" if rain > 1.5 else "drizzle"
            else:
                weather = "fog" if rng.random() < 0.15 else "sun"
            w.writerow([day.isoformat(), rain, t_max, t_min, wind, weather])


if __name__ == "__main__":
    main()
