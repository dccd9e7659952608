"""f at many points: one vectorised batch when f allows it (checked against direct calls),
else one call per point; plus the complex evaluator complex step runs f with.

A batch holds one perturbed point per column (the variables along axis 0). Large batches are
cut into chunks of at most ``CHUNK_ELEMENTS`` values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..backends.rebind import Namespace, rebind, translation_for
from ..problem import Problem, check_one_output, check_scalar_output
from .namespaces import COMPLEX_SAFE, batch_namespace

EPS = float(np.finfo(np.float64).eps)
CHUNK_ELEMENTS = 1 << 21  # values in one batch of perturbed points (16 MiB of float64)


class Evaluator:
    """f at many points: one vectorised call when f allows it (checked), else a loop.

    ``engine`` names who evaluates, in the messages of errors (a complex evaluator refuses a
    function that returns an array)."""

    def __init__(self, problem: Problem, func: Callable[..., Any], batch: bool = True,
                 dtype: type = float, engine: str = "finite differences"):
        self.problem, self.func, self.dtype, self.engine = problem, func, dtype, engine
        self.batch: bool | None = None if batch else False  # None: not tried yet
        self.batched_func = rebind(func, translation_for("batch", batch_namespace()))
        self.count = 0
        self.eps = EPS  # the precision f computes in: float32 code has less

    def along_axes(self, x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """f(x + offsets[j, i] e_i) for every j and i, shape (k, n), built in bounded chunks."""
        k, n = offsets.shape
        total, width = k * n, max(1, CHUNK_ELEMENTS // n)
        flat_offsets = offsets.ravel()
        if total <= width:  # one batch: the usual case
            block = np.repeat(x[:, None], total, axis=1)
            columns = np.arange(total)
            block[columns % n, columns] += flat_offsets
            return self(block).reshape(k, n)
        values = np.empty(total, dtype=self.dtype)
        for start in range(0, total, width):
            index = np.arange(start, min(start + width, total))
            block = np.repeat(x[:, None], index.size, axis=1)
            block[index % n, np.arange(index.size)] += flat_offsets[index]
            values[index] = self(block)
        return values.reshape(k, n)

    def where_given(self, x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """f(x + offsets[j, i] e_i) where the offset is not NaN (NaN elsewhere): one batch,
        chunked."""
        rows, axes = np.nonzero(~np.isnan(offsets))
        values = np.full(offsets.shape, np.nan)
        width = max(1, CHUNK_ELEMENTS // x.size)
        for start in range(0, axes.size, width):
            part = slice(start, start + width)
            block = np.repeat(x[:, None], axes[part].size, axis=1)
            block[axes[part], np.arange(axes[part].size)] += offsets[rows[part], axes[part]]
            values[rows[part], axes[part]] = self(block)
        return values

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """``points`` has shape (n, m); returns f at each column, shape (m,)."""
        self.count += points.shape[1]
        if self.batch is not False and points.shape[1] > 1:
            values = self._batched(points)
            if values is not None:
                return values
        return np.array([self.one(points[:, j]) for j in range(points.shape[1])])

    def one(self, x: np.ndarray) -> Any:
        value = self.problem.call(self.func, x)
        self._note_precision(value)
        if self.dtype is complex:
            return self._complex_scalar(value)
        return check_scalar_output(value, self.problem.label)

    def _complex_scalar(self, value: Any) -> complex:
        array = np.asarray(value)
        check_one_output(array.shape, self.problem.label, self.engine)
        return complex(array.reshape(()))

    def _note_precision(self, value: Any) -> None:
        dtype = getattr(value, "dtype", None)
        if dtype is not None and np.issubdtype(dtype, np.inexact):
            self.eps = max(self.eps, float(np.finfo(dtype).eps))

    def _batched(self, points: np.ndarray) -> np.ndarray | None:
        values = self._batch_values(points)
        if values is None:
            self.batch = False
            return None
        if self.batch is None:  # first batch: check it against direct calls before trusting it
            self.batch = self._matches_direct_calls(points, values)
            if not self.batch:
                return None
        return values

    def _batch_values(self, points: np.ndarray) -> np.ndarray | None:
        """f at every column of ``points`` in one call, or None when the batch fails or has
        the wrong shape."""
        try:
            with np.errstate(all="ignore"):
                values = np.asarray(self.problem.call(self.batched_func, points))
            self._note_precision(values)
        except Exception:
            return None
        return self._per_point(values, points.shape[1])

    def _per_point(self, values: np.ndarray, k: int) -> np.ndarray | None:
        """A batch's values, one per point (shape (k,)), or None when its shape is wrong."""
        return values if values.shape == (k,) else None

    def _matches_direct_calls(self, points: np.ndarray, values: np.ndarray) -> bool:
        """A batch is trusted when it equals direct calls at three of its columns and at probe
        points that move every variable at once: the batch's own columns move one variable
        each, and f can be flat along it by chance (e.g. a product with a zero entry), which
        would hide a batch that reads an axis wrongly."""
        some = sorted({0, points.shape[1] // 2, points.shape[1] - 1})
        if not _same(values[some], [self.one(points[:, j]) for j in some]):
            return False
        probe = probe_points(points[:, 0])
        probed = self._batch_values(probe)
        return probed is not None and _same(
            probed, [self.one(probe[:, j]) for j in range(probe.shape[1])])


PROBES = 3  # probe points checked against direct calls before a batch is trusted


def probe_points(x: np.ndarray) -> np.ndarray:
    """Points near ``x`` with every variable moved by a different amount (seeded), shape
    (n, PROBES): no variable is left at a value where f might be flat by chance."""
    rng = np.random.default_rng(20261205)
    moves = rng.uniform(0.5, 1.0, (x.size, PROBES)) * rng.choice([-1.0, 1.0], (x.size, PROBES))
    return x[:, None] + 1e-3 * np.maximum(1.0, np.abs(x))[:, None] * moves


def _same(batched: np.ndarray, direct: list[Any]) -> bool:
    return bool(np.allclose(batched, np.array(direct), rtol=1e-13, atol=0))


def complex_evaluator(problem: Problem, batch: bool, engine: str,
                      kind: type[Evaluator] | None = None) -> Evaluator:
    """An evaluator of f on complex points, numpy's complex-refusing functions replaced by
    complex-analytic stand-ins (``COMPLEX_SAFE``); ``kind``: the evaluator class (an array
    evaluator for functions with array outputs)."""
    complex_func = rebind(problem.func, translation_for(
        "complex-step", Namespace("complex-step", np, COMPLEX_SAFE, np)))
    return (kind or Evaluator)(problem, complex_func, batch, dtype=complex, engine=engine)
