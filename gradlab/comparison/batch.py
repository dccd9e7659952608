"""``g.batch(points)``: one derivative function at many points in one call.

The points are laid out like the first one and stacked into a (k, n) float64 array; an engine
that batches natively (jax: ``jax.vmap`` of the compiled derivative) takes them all at once,
any other computes point by point with the very call ``g(point)`` makes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from ..errors import InputError
from .prepared import Prepared


class Batchable(Protocol):
    wrt: Any

    def __call__(self, at: Any = None, *args: Any) -> np.ndarray: ...

    def prepared(self, at: Any, args: tuple[Any, ...] = ()) -> Prepared: ...


def batch_values(function: Batchable, points: Any, args: tuple[Any, ...]) -> np.ndarray:
    """``function`` at each of ``points``: shape (k, *one value's shape)."""
    k = _count(points)
    if function.wrt is not None:  # the held values come with each point: one by one
        return _stacked([_at(i, lambda p: function(p, *args), points[i]) for i in range(k)])
    prepared = _at(0, lambda p: function.prepared(p, args), points[0])
    flats = _flat_points(prepared, points, k)
    if prepared.batched is not None:
        values = prepared.batched(flats, *prepared.traced_values(args))
        return np.asarray(values, dtype=np.float64).reshape((k,) + prepared.shape)
    return _stacked([prepared.value(flats[i], args) for i in range(k)])


def _count(points: Any) -> int:
    if isinstance(points, (Mapping, str, bytes)) or not isinstance(points, (Sequence,
                                                                             np.ndarray)):
        raise InputError("g.batch takes a sequence of points (a list of points, a 2-D array "
                         f"whose rows are points, gl.sample(...)), not {type(points).__name__}; "
                         "for one point call g(point)")
    if isinstance(points, np.ndarray) and points.ndim == 0:
        raise InputError("g.batch takes a sequence of points, not one number; for one point "
                         "call g(point)")
    if len(points) == 0:
        raise InputError("g.batch got no points; give at least one")
    return len(points)


def _at(index: int, work: Any, point: Any) -> Any:
    """``work(point)``, an InputError about the point saying which point it is."""
    try:
        return work(point)
    except InputError as err:
        raise InputError(f"point {index} of the batch: {err}") from None


def _flat_points(prepared: Prepared, points: Any, k: int) -> np.ndarray:
    """The points as a (k, n) float64 array laid out like the first point."""
    n = prepared.problem.n
    table = _as_table(prepared, points, k)
    if table is None:
        table = np.stack([_at(i, prepared.flatten, points[i]) for i in range(k)])
    if np.isfinite(np.sum(table)):  # a NaN or inf anywhere makes the sum NaN or inf
        return table.reshape(k, n)
    bad = np.flatnonzero(~np.isfinite(table).all(axis=1))
    if bad.size:
        raise InputError(f"point {bad[0]} of the batch is not finite "
                         f"({np.array2string(table[bad[0]], threshold=6)}); give finite numbers")
    return table.reshape(k, n)


def _as_table(prepared: Prepared, points: Any, k: int) -> np.ndarray | None:
    """The points as one array when they come as one (an ndarray of points, or a sampler's
    points with their ``.array`` in the order of f's variables), else None."""
    problem = prepared.problem
    array = getattr(points, "array", None)
    names = getattr(points, "names", None)
    if not isinstance(points, np.ndarray) and isinstance(array, np.ndarray) and names is not None:
        variables = tuple(s.name for s in problem.variable_slots)
        if tuple(names) == variables and array.shape == (k, problem.n):
            return np.asarray(array, dtype=np.float64)
        return None
    if not isinstance(points, np.ndarray):
        return _named_numbers(problem, points)
    if points.dtype.kind not in "biuf":
        return None  # objects, complex...: checked point by point
    if points[0].size != problem.n:
        raise InputError(f"the batch's points have {points[0].size} values each; "
                         f"{problem.label} has {problem.n} variables")
    return np.asarray(points, dtype=np.float64).reshape(k, problem.n)


_NUMBERS = (float, int, np.floating, np.integer)


def _named_numbers(problem: Any, points: Any) -> np.ndarray | None:
    """Points given as dicts of plain numbers, f's variables all scalars: one array at once
    (anything else is read point by point, with its message)."""
    names = [s.name for s in problem.variable_slots if s.shape is None]
    if len(names) != problem.n or not all(isinstance(p, Mapping) for p in points):
        return None
    try:
        rows = [[p[name] for name in names] for p in points]
    except KeyError:
        return None
    if not all(isinstance(v, _NUMBERS) and not isinstance(v, bool) for row in rows for v in row):
        return None
    return np.array(rows, dtype=np.float64)


def _stacked(values: list[np.ndarray]) -> np.ndarray:
    return np.stack(values) if values else np.empty((0,))
