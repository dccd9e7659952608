"""Steady per-call timing: calibrated repeats (like ``timeit.autorange``), median of batches."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Timing:
    median_s: float  # per call
    spread_s: float  # interquartile range of the per-call batch times
    calls: int  # calls made in all

    def __str__(self) -> str:
        return f"{format_seconds(self.median_s)} ± {format_seconds(self.spread_s / 2)}"


def time_call(func: Callable[[], Any], budget_s: float = 0.1, batches: int = 5) -> Timing:
    """Per-call time of ``func()``: batches of ``number`` calls sized to fill ``budget_s``."""
    start = time.perf_counter()
    func()
    single = max(time.perf_counter() - start, 1e-9)
    number = max(1, int(budget_s / batches / single))
    batches = max(1, min(batches, int(budget_s / (single * number)) or 1))
    per_call = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(number):
            func()
        per_call.append((time.perf_counter() - start) / number)
    q1, median, q3 = np.percentile(per_call, [25, 50, 75])
    return Timing(float(median), float(q3 - q1), number * batches + 1)


def format_seconds(seconds: float | None) -> str:
    if seconds is None or not np.isfinite(seconds):
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds:.3g} s"
