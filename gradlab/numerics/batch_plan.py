"""How an evaluator runs many points: one vectorised batch per chunk, or a loop of plain calls.

Batching pays where the cost of a call is mostly overhead (small n); at large n building a
block of perturbed points and f's temporaries the size of the block is memory traffic that a
loop of calls on one reused buffer does not have. So the choice is measured, once per
evaluator: the time and memory of one call (traced: ``measured``), the time of a first batch
checked against direct calls (untraced: tracing slows allocations), and the memory of wider
batches (traced). Chunk widths come from memory budgets:

- a block of points holds at most the evaluator's ``CHUNK_ELEMENTS`` values (4 MiB of
  float64: it stays in cache);
- f's temporaries for one batch stay under ``TEMP_BUDGET``, at the per-column peak measured;
- batches grow step by step, each step small enough that even temporaries growing as the
  square of the width (f flattening its input, e.g. ``np.outer``) stay under the budget, and
  a per-column peak that grows with the width stops batching.
"""

from __future__ import annotations

import math
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

TEMP_BUDGET = 256 << 20  # bytes f's temporaries may take for one batch
PROBE_BUDGET = 32 << 20  # bytes the first batch may take if its memory grows as width**2
FIRST_WIDTH = 256  # columns in the first batch at most
GROWTH = 4  # a later probe is at most this many times wider than the one before
QUICK = 2e-4  # seconds: a first batch this quick is kept (``batch_is_cheaper``)
SUPERLINEAR = 4.0  # a batch's peak per column over this many calls': not per point


@dataclass
class Measure:
    """Seconds and peak bytes allocated (above what was allocated before) of a measured run."""

    seconds: float = 0.0
    peak: int = 0


@contextmanager
def measured() -> Iterator[Measure]:
    """Time and trace the allocations of the block run in it (numpy reports its arrays to
    tracemalloc). When tracing is already on (the user's), its peak is left alone: the peak
    read then may be older and larger, which only makes the batches narrower."""
    result = Measure()
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    try:
        yield result
    finally:
        result.seconds = time.perf_counter() - start
        result.peak = max(0, tracemalloc.get_traced_memory()[1] - before)
        if not tracing:
            tracemalloc.stop()


def chunk_width(elements: int, n: int, m: int = 1) -> int:
    """Columns in one block of at most ``elements`` values (n per column, m outputs each)."""
    return max(1, elements // max(n, m, 1))


def first_width(total: int, chunk: int, call_peak: int) -> int:
    """Columns of the first, probing batch (``chunk``: columns in a block): its memory stays
    under ``PROBE_BUDGET`` even if it grows as the square of the width from one call's peak."""
    quadratic = math.isqrt(PROBE_BUDGET // max(call_peak, 1))
    return min(total, FIRST_WIDTH, chunk, quadratic)


def next_width(width: int, peak: int, remaining: int, chunk: int) -> int:
    """The next probe's width: ``GROWTH`` times wider at most, within a block (``chunk``
    columns), and with f's temporaries under ``TEMP_BUDGET`` even if they grow as the square
    of the width from this probe's ``peak``."""
    quadratic = math.isqrt(max(TEMP_BUDGET // max(peak, 1), 1)) * width
    return min(GROWTH * width, chunk, quadratic, remaining)


def grows_superlinearly(peak: int, width: int, per_point: int) -> bool:
    """True when a batch's peak per column exceeds ``SUPERLINEAR`` times one point's memory
    (one call's peak plus its column of the block)."""
    return peak > SUPERLINEAR * per_point * width


def batch_is_cheaper(batch_seconds: float, width: int, call_seconds: float) -> bool:
    """A batch of ``width`` columns against ``width`` plain calls, per column. A batch done
    within ``QUICK`` is kept whatever the calls cost: then both are cheap, the timings mostly
    noise, and a choice that flipped from one run to the next would change the result's last
    bits (a batch may round differently from a call)."""
    return batch_seconds < QUICK or batch_seconds / width < call_seconds
