#!/usr/bin/env python3
"""A stand-in for the original service, for trying `plotmill mem` on.

Every request builds a chart-sized buffer. Like pyplot's figure registry,
the leaky version keeps each one in a global list after it is "saved"; the
fixed one (--fixed) lets it go. Pure Python, no packages; runs for a few
seconds and exits.

    plotmill mem run -o leaky.dat -- python3 examples/leaky_service.py
    plotmill mem run -o fixed.dat -- python3 examples/leaky_service.py --fixed
    plotmill mem plot leaky.dat fixed.dat -o compare.png
    plotmill mem check leaky.dat --max-growth 1MiB/min      # exit 1: it leaks
"""
import argparse
import time

# pyplot's registry of open figures, in miniature: nothing ever leaves it.
_OPEN_FIGURES = []


def handle_request(fixed):
    # One figure's worth of pixels (800 x 600 RGBA), written so that the
    # pages are really used.
    figure = bytearray(b"\xff") * (800 * 600 * 4)
    if not fixed:
        _OPEN_FIGURES.append(figure)
    return len(figure)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--fixed", action="store_true", help="drop each figure after use")
    p.add_argument("--seconds", type=float, default=3.0, help="how long to run (default 3)")
    p.add_argument("--rate", type=float, default=20.0, help="requests per second (default 20)")
    a = p.parse_args()
    end = time.monotonic() + a.seconds
    requests = 0
    while time.monotonic() < end:
        handle_request(a.fixed)
        requests += 1
        time.sleep(1.0 / a.rate)
    print(f"{requests} requests, {len(_OPEN_FIGURES)} figures still held")


if __name__ == "__main__":
    main()
