"""A compile found again in the cache is for f as f is now — unless f reads what no key sees.

The compile cache keys f by its code and the contents of the Python objects it reads. A file
f loads at each call (``np.load(path)`` inside f), the environment or a database are not among
them: after the user rewrites the file, the key is the same and a traced compile (JAX, PyTensor,
SymPy) would answer for the old data. So each entry keeps a witness, f's value at the point it
was compiled for, and a hit whose f now gives another value there is compiled again. It costs
no call of f where the problem was evaluated at that point already (``Problem.values_seen``),
else one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..problem import Problem

Witness = tuple[np.ndarray, Any]  # (the flat point, f's value there)


def witnessed(problem: Problem, build: Callable[[], Any]) -> Callable[[], tuple[Any, Witness]]:
    """``build`` whose result comes with its witness, taken before it runs (a build may run f
    on values that are not the point's)."""
    def with_witness() -> tuple[Any, Witness]:
        point = np.array(problem.x0, dtype=np.float64, copy=True)
        value = value_at(problem, point)
        return build(), (point, value)

    return with_witness


def holds(problem: Problem, witness: Witness) -> bool:
    """Whether f gives now, at the witness's point, the value it gave when compiled (a
    witness taken where f failed or gave no numbers holds: it cannot tell)."""
    point, value = witness
    if value is None:
        return True
    now = value_at(problem, point)
    return now is not None and bool(np.array_equal(now, value, equal_nan=True))


def value_at(problem: Problem, point: np.ndarray) -> np.ndarray | None:
    """f at the flat ``point`` as float64 numbers (None where it fails or gives none): the
    value ``evaluate`` found there, else one plain call, remembered on the problem."""
    key = point.tobytes()
    if key not in problem.values_seen:
        try:
            with np.errstate(all="ignore"):
                problem.values_seen[key] = problem.call(problem.func, point)
        except Exception:  # noqa: BLE001 - f fails there: the witness cannot tell
            return None
    try:
        return np.array(problem.values_seen[key], dtype=np.float64)
    except (TypeError, ValueError):  # not numbers: the witness cannot tell
        return None
