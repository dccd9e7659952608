"""Row: gl.compare(f, x, backends=["jax"]) on a 5-variable function using np.max.

Nobody asked for SymPy, yet its 50-digit value is the preferred reference; on this function
(attention weights: a row-wise max shift, softmax, a max factor) SymPy's derivative and its
printing take tens of seconds. The reference now has its own budget (2 s by default,
``reference_budget=``): past it the comparison goes on with the engines' consensus, and
``reference_source`` says so. Measured in the same run: the comparison with the default budget,
the SymPy reference run to completion (``reference_budget=None``), and the CPU the abandoned
SymPy work burns after compare() returns (the thread is interrupted; SymPy is Python code, so
it stops at once).
Run from the repository root: PYTHONPATH=. python benchmarks/perf/row_reference_budget.py
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(__file__))
from report import report  # noqa: E402

import gradlab as gl  # noqa: E402
from gradlab.cache import compiled_cache  # noqa: E402
from gradlab.comparison import reference, runner  # noqa: E402

POINT = np.array([0.2, -1.3, 0.8, 0.1, 0.5])


def attention_max(x):
    z = np.outer(x, x)
    z = z - np.max(z, axis=1, keepdims=True)
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    return np.sum(p @ np.sin(x)) * np.max(x)


def timed(**options) -> tuple[gl.Comparison, float]:
    """compare() from cold caches: gradlab's compiled engines and SymPy's own memo."""
    from sympy.core.cache import clear_cache

    compiled_cache.clear()
    clear_cache()
    start = time.perf_counter()
    cmp = gl.compare(attention_max, POINT, backends=["jax"], **options)
    return cmp, time.perf_counter() - start


def abandoned_cpu() -> tuple[int, float]:
    """(abandoned threads still alive, CPU seconds the process burns while they finish)."""
    alive = [thread for thread in runner._abandoned if thread.is_alive()]
    cpu = time.process_time()
    for thread in alive:
        thread.join(60)
    return len(alive), time.process_time() - cpu


def main() -> None:
    gl.compare(lambda x: np.sum(x**2), POINT, backends=["jax"])  # imports, first compile
    cmp, seconds = timed()
    alive, burnt = abandoned_cpu()
    print(cmp)
    budgeted = "reference budget" in cmp.reference_source
    checked = "confirmed by" in cmp.reference_source and cmp["jax"].ok
    full, full_s = timed(reference_budget=None)
    print(full.reference_source)
    report("compare(backends=['jax']) on a 5-variable function using np.max",
           f"{seconds:.1f} s (SymPy reference run to completion: {full_s:.1f} s)",
           f"reference within its own ≈ {reference.REFERENCE_BUDGET_S:g} s budget, visible "
           "fallback", budgeted and checked and seconds < full_s,
           note="reference_source: " + cmp.reference_source.split(" (no SymPy")[0]
                + " — and says the 50-digit value did not finish within its budget")
    report("CPU burnt by the abandoned SymPy reference after compare() returns",
           f"{burnt:.2f} s ({alive} thread(s) still running at return)", "none", burnt < 0.1)


if __name__ == "__main__":
    main()
