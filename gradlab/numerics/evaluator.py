"""f at many points: vectorised batches when f allows it (checked against direct calls) and
they are measured to be cheaper, else a loop of plain calls on one reused buffer; plus the
complex evaluator complex step runs f with.

A batch holds one perturbed point per column (the variables along axis 0). Which of the two
strategies runs, and how wide a batch is, is measured once per evaluator (``batch_plan``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..backends.rebind import Namespace, rebind, translation_for
from ..problem import Problem, check_one_output, check_scalar_output
from . import batch_plan as plan
from .call_path import BoundCall
from .columns import AxisColumns, Columns, OffsetColumns, PointColumns
from .namespaces import COMPLEX_SAFE, batch_namespace

EPS = float(np.finfo(np.float64).eps)
PLAIN_FLOATS = (float, np.float64)  # f's usual value: a real float64 scalar, nothing to check
PLAIN_COMPLEX = (complex, np.complex128)  # a complex evaluator's usual value
CHUNK_ELEMENTS = 1 << 19  # values in one block of points (4 MiB of float64: stays in cache)


class Evaluator:
    """f at many points: batches when f allows them (checked) and they are cheaper, else a
    loop of calls.

    ``engine`` names who evaluates, in the messages of errors (a complex evaluator refuses a
    function that returns an array). ``batch``: None until the first request of several
    points measures it, then whether batches run; ``width``: columns per batch."""

    def __init__(self, problem: Problem, func: Callable[..., Any], batch: bool = True,
                 dtype: type = float, engine: str = "finite differences"):
        self.problem, self.func, self.dtype, self.engine = problem, func, dtype, engine
        self.batch: bool | None = None if batch else False  # None: not measured yet
        self.batches_allowed = batch
        self.width = 1
        self.copies = False  # True once f is found writing into its input: a copy per call
        self.call_seconds = float("inf")  # the fastest direct call seen while measuring
        self.batched_func = rebind(func, translation_for("batch", batch_namespace()))
        self.count = 0
        self.eps = EPS  # the precision f computes in: float32 code has less
        self._idle: list[BoundCall] = []  # the loop's call path, while no loop runs

    def along_axes(self, x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """f(x + offsets[j, i] e_i) for every j and i, shape (k, n)."""
        k, n = offsets.shape
        columns = AxisColumns(x, np.arange(k * n) % n, offsets.ravel())
        return self.run(columns).reshape(k, n)

    def along_axes_and_at(self, x: np.ndarray, offsets: np.ndarray
                          ) -> tuple[np.ndarray, float]:
        """(``along_axes(x, offsets)``, f(x)): f(x) as one more column of the same batches, so
        it costs no call of its own and rounds as the others do."""
        k, n = offsets.shape
        moves = np.zeros(k * n + 1)
        moves[:-1] = offsets.ravel()
        values = self.run(AxisColumns(x, np.arange(k * n + 1) % n, moves))  # x: axis 0, move 0
        return values[:-1].reshape(k, n), float(values[-1])

    def where_given(self, x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """f(x + offsets[j, i] e_i) where the offset is not NaN (NaN elsewhere)."""
        rows, axes = np.nonzero(~np.isnan(offsets))
        values = np.full(offsets.shape, np.nan)
        values[rows, axes] = self.run(AxisColumns(x, axes, offsets[rows, axes]))
        return values

    def offset_columns(self, x: np.ndarray, total: int,
                       offsets: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """f at x + offsets(index)[:, c] for index = 0 .. total - 1; ``offsets(index)`` gives
        the (n, len(index)) offset columns."""
        return self.run(OffsetColumns(x, total, offsets, self._chunk(x.size)))

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """``points`` has shape (n, m); returns f at each column, shape (m,)."""
        return self.run(PointColumns(points))

    def run(self, columns: Columns) -> np.ndarray:
        """f at every column: shape (columns.size,) (rows of outputs for array outputs)."""
        self.count += columns.size
        if self.batch is None and columns.size > 1:
            return self._measure_and_run(columns)
        out = self._output(columns.size)
        if self.batch:
            self._batches(columns, out, 0)
        else:
            self._loop(columns, out, 0, columns.size)
        return out

    def _chunk(self, n: int) -> int:
        """Columns in one block of points of n variables."""
        return plan.chunk_width(CHUNK_ELEMENTS, n, self.m)

    def _output(self, size: int) -> np.ndarray:
        return np.empty(size, dtype=self.dtype)

    def _batches(self, columns: Columns, out: np.ndarray, start: int) -> None:
        """Columns from ``start`` on, in batches of ``width``; direct calls from the first
        batch that fails on (f may refuse some batches: a branch on a value, say)."""
        for first in range(start, columns.size, self.width):
            last = min(first + self.width, columns.size)
            values = self._batch_values(columns.block(first, last)) if last - first > 1 else None
            if values is None and last - first > 1:
                self.batch = False
                self._loop(columns, out, first, columns.size)
                return
            if values is None:
                self._loop(columns, out, first, last)
            else:
                out[first:last] = values

    def _loop(self, columns: Columns, out: np.ndarray, start: int, stop: int) -> None:
        """One plain call per column, each in the same buffer (moved, called, moved back),
        through a call path bound once to the buffer (``call_path``): per column, only the
        moves, the call and the check of its value. From a call where f writes into its input
        or keeps it, f gets a copy of each point."""
        if start >= stop:
            return
        if self.copies:
            self._copying_loop(columns, out, start, stop)
            return
        bound = self._bound_call(columns)
        points = columns.each(bound.buffer, start, stop)
        calls = self._calls if bound.vector is None else self._vector_calls
        left = calls(bound, points, out)
        if left is None:
            if not self._idle:
                self._idle.append(bound)  # free for the next loop
            return
        self.copies = True
        self._copying_loop(columns, out, left, stop)

    def _calls(self, bound: BoundCall, points: Iterator[int], out: np.ndarray) -> int | None:
        """f at each column ``points`` puts in the bound buffer, into ``out``; the first column
        left once f wrote into or kept its input (None: all done)."""
        call, value_of, plain, buffer = bound.call, self._value, self._plain, bound.buffer
        kept, shares = bound.keeping(), bound.shares  # once every reference is in place
        for c in points:
            try:
                value = call()
            except Exception:
                out[c] = self.one(buffer.copy())  # f's own error, not its read-only input
                return c + 1
            out[c] = value if type(value) in plain else value_of(value)
            del value  # f may return a view of its input: not a reference f kept
            if shares and kept():
                # f kept its input (a memo of the last x, a history list): moving the buffer
                # would change what f remembers, so f keeps it and gets copies from now on
                return c + 1
        return None

    def _vector_calls(self, bound: BoundCall, points: Iterator[int], out: np.ndarray
                      ) -> int | None:
        """``_calls`` for the usual f(x), the call and the check that f kept x inlined."""
        func, x, buffer = bound.func, bound.vector, bound.buffer
        value_of, plain, count = self._value, self._plain, sys.getrefcount
        references = count(buffer) + count(x)  # every reference of the loop's own in place
        for c in points:
            try:
                value = func(x)
            except Exception:
                out[c] = self.one(buffer.copy())  # f's own error, not its read-only input
                return c + 1
            out[c] = value if type(value) in plain else value_of(value)
            del value  # f may return a view of its input: not a reference f kept
            if count(buffer) + count(x) > references:  # f kept x, or a view cut from it
                return c + 1
        return None

    def _bound_call(self, columns: Columns) -> BoundCall:
        """The loop's buffer, f's arguments bound to it: made once and reused by each loop
        that ends normally; taken while a loop runs, so that a second loop at the same time
        (another thread, f calling back) makes its own."""
        try:
            bound = self._idle.pop()  # atomic: two threads never take the same one
        except IndexError:
            bound = None
        if bound is None or bound.buffer.dtype != columns.dtype or bound.buffer.size != columns.n:
            return BoundCall(self.problem, self.func, columns.new_buffer())
        columns.load(bound.buffer)
        return bound

    def _copying_loop(self, columns: Columns, out: np.ndarray, start: int, stop: int) -> None:
        """One call per column on a copy of the point: for f that writes into its input or
        keeps it."""
        buffer = columns.new_buffer()
        for c in range(start, stop):
            columns.put(buffer, c)
            out[c] = self.one(buffer.copy())
            columns.restore(buffer, c)

    def _call(self, point: np.ndarray) -> Any:
        """f at ``point``, a reused buffer: read-only while f runs, so that f cannot change it
        unseen; f that writes into its input fails there, and from then on gets a copy."""
        if self.copies:
            return self.one(point.copy())
        point.flags.writeable = False
        try:
            return self.one(point)
        except Exception:
            value = self.one(point.copy())  # f's own error, not the read-only input: raised
            self.copies = True
            return value
        finally:
            point.flags.writeable = True

    def _measure_and_run(self, columns: Columns) -> np.ndarray:
        """The first request of several points: one call measured (time and memory), then
        batches (``_probe``); every value comes from the strategy chosen, so that later
        requests give the same numbers (a batch may round differently from a call)."""
        buffer = columns.new_buffer()
        columns.put(buffer, 0)
        with plan.measured() as call:
            first_value = self._call(buffer)
        out = self._output(columns.size)
        width = plan.first_width(columns.size, self._chunk(columns.n), call.peak,
                                 buffer.nbytes)
        done = self._probe(columns, out, width, call.peak) if width > 1 else 0
        if not self.batch:
            self.batch = False
            out[0], done = first_value, 1
            self._loop(columns, out, done, columns.size)
        elif done < columns.size:
            self._batches(columns, out, done)
        return out

    def _probe(self, columns: Columns, out: np.ndarray, width: int, call_peak: int) -> int:
        """A first batch, timed and checked against direct calls, then wider ones, traced, as
        long as their working set fits (``batch_plan``). Sets ``batch`` (the first batch costs
        less per point than a call) and ``width``; returns the columns done (0: calls)."""
        block = columns.block(0, width)
        seconds, values = self._timed_batch(block)
        if values is None or not self._matches_direct_calls(block, values):
            return 0
        retimes = plan.RETIMES  # a first batch pays one-time costs; a busy machine stalls any
        while not plan.batch_is_cheaper(seconds, width, self.call_seconds):  # one run
            if retimes == 0:
                return 0
            seconds, retimes = min(seconds, self._timed_batch(block)[0]), retimes - 1
        out[:width] = values
        done, widest, chunk = width, width, self._chunk(columns.n)
        peak = (call_peak + block.nbytes // width) * width
        while done < columns.size and widest < chunk:
            width = plan.next_width(widest, peak, columns.size - done, chunk)
            if width <= widest and done + width < columns.size:
                break  # as wide as the budgets allow
            with plan.measured() as probe:
                values = self._batch_values(columns.block(done, done + width))
            if values is None:
                return 0
            out[done:done + width], done = values, done + width
            if width > widest:
                widest, peak = width, probe.peak
        self.batch, self.width = True, widest
        return done

    def _timed_batch(self, block: np.ndarray) -> tuple[float, np.ndarray | None]:
        clock = time.perf_counter()
        values = self._batch_values(block)
        return time.perf_counter() - clock, values

    @property
    def _plain(self) -> tuple[type, ...]:
        """Types of f's value a loop stores as they are: a float64 scalar (complex128 for a
        complex evaluator) needs no check and has no less precision."""
        return PLAIN_COMPLEX if self.dtype is complex else PLAIN_FLOATS

    def one(self, x: np.ndarray) -> Any:
        """f at ``x``, checked."""
        return self._value(self.problem.call(self.func, x))

    def _value(self, value: Any) -> Any:
        """f's value at a point, checked: one real number (complex for a complex evaluator)."""
        if type(value) in PLAIN_FLOATS and self.dtype is not complex:
            return float(value)  # the common case, checked in a few steps (f64: no precision)
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
        if dtype is not None:
            self.eps = max(self.eps, precision_of(dtype))

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

    def _direct(self, point: np.ndarray) -> Any:
        """f at ``point`` by a plain call, timed (the cost a batch competes with)."""
        start = time.perf_counter()
        value = self.one(point)
        self.call_seconds = min(self.call_seconds, time.perf_counter() - start)
        return value

    def _matches_direct_calls(self, points: np.ndarray, values: np.ndarray) -> bool:
        """A batch is trusted when it equals direct calls at three of its columns and at probe
        points that move every variable at once: the batch's own columns move one variable
        each, and f can be flat along it by chance (e.g. a product with a zero entry), which
        would hide a batch that reads an axis wrongly."""
        some = sorted({0, points.shape[1] // 2, points.shape[1] - 1})
        if not _same(values[some], [self._direct(points[:, j]) for j in some]):
            return False
        probe = probe_points(points[:, 0])
        probed = self._batch_values(probe)
        return probed is not None and _same(
            probed, [self._direct(probe[:, j]) for j in range(probe.shape[1])])

    @property
    def m(self) -> int:
        """Outputs per point."""
        return 1


PROBES = 3  # probe points checked against direct calls before a batch is trusted


def probe_points(x: np.ndarray) -> np.ndarray:
    """Points near ``x`` with every variable moved by a different amount (seeded), shape
    (n, PROBES): no variable is left at a value where f might be flat by chance."""
    rng = np.random.default_rng(20261205)
    moves = rng.uniform(0.5, 1.0, (x.size, PROBES)) * rng.choice([-1.0, 1.0], (x.size, PROBES))
    return x[:, None] + 1e-3 * np.maximum(1.0, np.abs(x))[:, None] * moves


def _same(batched: np.ndarray, direct: list[Any]) -> bool:
    return bool(np.allclose(batched, np.array(direct), rtol=1e-13, atol=0))


PRECISIONS: dict[Any, float] = {}  # eps of each dtype seen (np.finfo takes microseconds)


def precision_of(dtype: Any) -> float:
    """The eps of an inexact dtype (0 for others: integers add no rounding of their own)."""
    try:
        return PRECISIONS[dtype]
    except (KeyError, TypeError):  # TypeError: a dtype that cannot be a key
        eps = float(np.finfo(dtype).eps) if np.issubdtype(dtype, np.inexact) else 0.0
    try:
        PRECISIONS[dtype] = eps
    except TypeError:
        pass
    return eps


def complex_evaluator(problem: Problem, batch: bool, engine: str,
                      kind: type[Evaluator] | None = None) -> Evaluator:
    """An evaluator of f on complex points, numpy's complex-refusing functions replaced by
    complex-analytic stand-ins (``COMPLEX_SAFE``); ``kind``: the evaluator class (an array
    evaluator for functions with array outputs)."""
    complex_func = rebind(problem.func, translation_for(
        "complex-step", Namespace("complex-step", np, COMPLEX_SAFE, np)))
    return (kind or Evaluator)(problem, complex_func, batch, dtype=complex, engine=engine)
