"""How an evaluator runs many points: one vectorised batch per chunk, or a loop of plain calls.

Batching pays where the cost of a call is mostly overhead (small n); at large n building a
block of perturbed points and f's temporaries the size of the block is memory traffic that a
loop of calls on one reused buffer does not have. So the choice is measured, once per
evaluator: the time and memory of one call (traced: ``measured``), the time of a first batch
checked against direct calls (untraced: tracing slows allocations), and the memory of wider
batches (traced). Chunk widths come from memory budgets:

- a block of points holds at most the evaluator's ``CHUNK_ELEMENTS`` values (4 MiB of
  float64: it stays in cache);
- a batch's working set (its block and f's temporaries, at the per-column peak measured) fits
  ``WORKING_SET``: wider batches leave the cache and cost more per point than narrower ones;
- f's temporaries for one batch stay under ``TEMP_BUDGET`` even where they grow as the square
  of the width (f flattening its input, e.g. ``np.outer``): the first batch's working set, at
  one call's peak c per column, is at most ``FIRST_WIDTH`` columns and ``WORKING_SET`` / c, so
  c times its width squared is at most ``WORKING_SET * FIRST_WIDTH`` (128 MiB); each wider
  batch is sized from the peak measured at the one before, at most ``GROWTH`` times wider.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

WORKING_SET = 1 << 19  # bytes a batch touches (block and temporaries): it stays in cache
TEMP_BUDGET = 256 << 20  # bytes f's temporaries may take for one batch (met by the widths)
FIRST_WIDTH = 256  # columns in the first batch at most
MIN_WIDTH = 8  # fewer columns a batch saves little call overhead: calls are as good
GROWTH = 4  # a later probe is at most this many times wider than the one before
RETIMES = 2  # a first batch that seems dearer than calls is timed again up to this many times
QUICK = 2e-4  # seconds: a first batch this quick is kept (``batch_is_cheaper``)


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


def first_width(total: int, chunk: int, call_peak: int, column_bytes: int) -> int:
    """Columns of the first, probing batch (``chunk``: columns in a block): its working set
    (a column of the block plus one call's peak per column) fits ``WORKING_SET``. 1 (no
    batch) when that leaves fewer than ``MIN_WIDTH`` columns of a larger request."""
    width = min(total, FIRST_WIDTH, chunk, WORKING_SET // max(call_peak + column_bytes, 1))
    return width if width >= min(MIN_WIDTH, total) else 1


def next_width(width: int, peak: int, remaining: int, chunk: int) -> int:
    """The next probe's width: ``GROWTH`` times wider at most, within a block (``chunk``
    columns), and a working set within ``WORKING_SET`` at the ``peak`` measured at ``width``
    (per column)."""
    return max(1, min(GROWTH * width, chunk, WORKING_SET * width // max(peak, 1), remaining))


def batch_is_cheaper(batch_seconds: float, width: int, call_seconds: float) -> bool:
    """A batch of ``width`` columns against ``width`` plain calls, per column. A batch done
    within ``QUICK`` is kept whatever the calls cost: then both are cheap, the timings mostly
    noise, and a choice that flipped from one run to the next would change the result's last
    bits (a batch may round differently from a call)."""
    return batch_seconds < QUICK or batch_seconds / width < call_seconds
