"""Steady per-call timing: calibrated repeats (like ``timeit.autorange``), median of batches.

A call that alone takes longer than the timing budget is not repeated: its one time is the
estimate (``Timing.from_one_call``), and the displays say so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

ONE_CALL = "estimated from one call"  # how the displays mark a Timing.from_one_call


@dataclass(frozen=True)
class Timing:
    median_s: float  # per call
    spread_s: float  # interquartile range of the per-call batch times
    calls: int  # calls made by the timing itself
    from_one_call: bool = False  # one call took longer than the budget: it was not repeated

    def __str__(self) -> str:
        if self.from_one_call:
            return f"{format_seconds(self.median_s)} ({ONE_CALL})"
        return f"{format_seconds(self.median_s)} ± {format_seconds(self.spread_s / 2)}"


def time_call(func: Callable[[], Any], budget_s: float = 0.1, batches: int = 5,
              first_s: float | None = None) -> Timing:
    """Per-call time of ``func()``: batches of ``number`` calls sized to fill ``budget_s``.

    ``first_s``: how long a call just made outside took. When it, or the warm-up call, took
    longer than ``budget_s``, that one call is the estimate and nothing is repeated.
    """
    if first_s is not None and first_s > budget_s:
        return Timing(first_s, 0.0, 0, from_one_call=True)
    start = time.perf_counter()
    func()
    single = max(time.perf_counter() - start, 1e-9)
    if single > budget_s:
        return Timing(single, 0.0, 1, from_one_call=True)
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
