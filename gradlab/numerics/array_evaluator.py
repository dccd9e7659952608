"""f with an array output at many points: the Evaluator's batching and chunking, one row of
output values per point; plus f at arbitrary offset columns (pairs of axes, a direction).

Rows are the flattened output (m values; a scalar output is m = 1). The output shape is read
at the first call and every later call must give the same shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError, InputError
from ..problem import Problem, check_one_output
from .columns import AxisColumns, Columns
from .evaluator import Evaluator, complex_evaluator


class ArrayEvaluator(Evaluator):
    """f at many points, each giving a row of its m output values: ``self(points)`` has shape
    (number of points, m)."""

    output_shape: tuple[int, ...] | None = None
    scalar = False  # True: f must return one value (Hessians), checked at the first call

    @property
    def _plain(self) -> tuple[type, ...]:
        return ()  # every value is checked: a row of m numbers of one shape

    def _value(self, value: Any) -> Any:
        self._note_precision(value)
        if self.dtype is not complex and np.iscomplexobj(value):
            raise InputError(f"{self.problem.label} returned a complex value; it must return "
                             "real numbers")
        try:
            array = np.asarray(value, dtype=complex if self.dtype is complex else np.float64)
        except (TypeError, ValueError):
            raise BackendError(self.engine, f"{self.problem.label} returned "
                               f"{type(value).__name__}, not numbers") from None
        self._check_shape(array.shape)
        return array.ravel()

    def _check_shape(self, shape: tuple[int, ...]) -> None:
        if self.output_shape is None:
            if self.scalar:
                check_one_output(shape, self.problem.label, self.engine)
            self.output_shape = shape
        elif shape != self.output_shape:
            raise BackendError(self.engine, f"{self.problem.label} returned shape {shape} at "
                               f"one point and {self.output_shape} at another")

    @property
    def m(self) -> int:
        return int(np.prod(self.output_shape)) if self.output_shape is not None else 1

    def run(self, columns: Columns) -> np.ndarray:
        """f at every column, shape (columns.size, m)."""
        if self.output_shape is None and not (self.batch is None and columns.size > 1):
            buffer = columns.new_buffer()  # the first call fixes the shape batches must give
            columns.put(buffer, 0)
            first = self._call(buffer)
            if columns.size == 1:
                self.count += 1
                return first[None, :]
        return super().run(columns)

    def _output(self, size: int) -> np.ndarray:
        return np.empty((size, self.m), dtype=self.dtype)

    def _per_point(self, values: np.ndarray, k: int) -> np.ndarray | None:
        """A batch's values as rows of m outputs (shape (k, m)), or None when its shape is
        wrong (the batch axis trails the output's own axes: each parameter got it last)."""
        if values.shape != tuple(self.output_shape or ()) + (k,):
            return None
        return np.moveaxis(values, -1, 0).reshape(k, self.m)

    def columns(self, x: np.ndarray, total: int,
                offsets: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """f at x + offsets(index)[:, c] for index = 0 .. total - 1: shape (total, m).
        ``offsets(index)`` gives the (n, len(index)) offset columns."""
        return self.offset_columns(x, total, offsets)

    def along(self, x: np.ndarray, offsets: np.ndarray,
              directions: np.ndarray | None = None) -> np.ndarray:
        """f(x + offsets[j, i] d_i) for every j and i, shape (k, d, m); d_i is axis i when
        ``directions`` is None, else column i of ``directions`` (n, d)."""
        k, d = offsets.shape
        flat = offsets.ravel()
        if directions is None:
            values = self.run(AxisColumns(x, np.tile(np.arange(d), k), flat))
            return values.reshape(k, d, self.m)

        def block(index: np.ndarray) -> np.ndarray:
            return directions[:, index % d] * flat[index]

        return self.columns(x, k * d, block).reshape(k, d, self.m)


def array_evaluators(problem: Problem, batch: bool, engine: str,
                     scalar: bool = False) -> tuple[ArrayEvaluator, ArrayEvaluator]:
    """The real and the complex (complex step) evaluators of f's output rows; ``scalar``: f
    must return one value."""
    real = ArrayEvaluator(problem, problem.func, batch, engine=engine)
    complex_rows = complex_evaluator(problem, batch, engine, ArrayEvaluator)
    assert isinstance(complex_rows, ArrayEvaluator)
    real.scalar = complex_rows.scalar = scalar
    return real, complex_rows
