"""Shared by the benchmark scripts: the median wall time of a function over several runs."""

from __future__ import annotations

import statistics
import time


def median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
