"""The points an evaluator computes f at, as columns: each one the point x moved by an offset.

A set of columns is made two ways with the same numbers, bit for bit: as a block of points
(``block``: one vectorised call of f per chunk) or one column at a time in a single reused
buffer (``put``, then ``restore``: a loop of plain calls with no copy of x per call).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np


class AxisColumns:
    """Column c is x with variable ``axes[c]`` moved by ``moves[c]``."""

    def __init__(self, x: np.ndarray, axes: np.ndarray, moves: np.ndarray):
        self.x, self.axes, self.moves = x, axes, moves
        self.size, self.n = int(axes.size), int(x.size)

    def new_buffer(self) -> np.ndarray:
        return self.x.copy()

    @property
    def dtype(self) -> np.dtype:
        return self.x.dtype

    def load(self, buffer: np.ndarray) -> None:
        """Make a buffer of the same size and dtype, used before, ready for ``each``."""
        buffer[...] = self.x

    def block(self, start: int, stop: int) -> np.ndarray:
        block = np.repeat(self.x[:, None], stop - start, axis=1)
        block[self.axes[start:stop], np.arange(stop - start)] += self.moves[start:stop]
        return block

    def put(self, buffer: np.ndarray, c: int) -> None:
        axis = self.axes[c]
        buffer[axis] = self.x[axis] + self.moves[c]

    def restore(self, buffer: np.ndarray, c: int) -> None:
        axis = self.axes[c]
        buffer[axis] = self.x[axis]

    def each(self, buffer: np.ndarray, start: int, stop: int) -> Iterator[int]:
        """Column c in ``buffer`` for c = start .. stop - 1 (yields c; restored after): the
        same numbers as ``put``, as plain Python values, nothing else per column."""
        axes = self.axes[start:stop]
        at = self.x[axes]
        moved = (at + self.moves[start:stop]).tolist()
        for c, axis, value, old in zip(range(start, stop), axes.tolist(), moved, at.tolist(),
                                       strict=True):
            buffer[axis] = value
            yield c
            buffer[axis] = old


class OffsetColumns:
    """Column c is x + offsets(index)[:, c - index[0]]: ``offsets(index)`` gives the
    (n, len(index)) offset columns; a loop loads them ``width`` columns at a time."""

    def __init__(self, x: np.ndarray, total: int,
                 offsets: Callable[[np.ndarray], np.ndarray], width: int):
        self.x, self.offsets, self.width = x, offsets, max(1, width)
        self.size, self.n = int(total), int(x.size)
        self._start, self._loaded = 0, self._load(0)

    def _load(self, start: int) -> np.ndarray:
        self._start = start
        return self.offsets(np.arange(start, min(start + self.width, self.size)))

    def new_buffer(self) -> np.ndarray:
        return np.empty(self.n, dtype=self.dtype)

    @property
    def dtype(self) -> np.dtype:
        return np.result_type(self.x, self._loaded)

    def load(self, buffer: np.ndarray) -> None:
        """Nothing to prepare: ``put`` writes every entry."""

    def block(self, start: int, stop: int) -> np.ndarray:
        return self.x[:, None] + self.offsets(np.arange(start, stop))

    def put(self, buffer: np.ndarray, c: int) -> None:
        if not self._start <= c < self._start + self._loaded.shape[1]:
            self._loaded = self._load(c)
        np.add(self.x, self._loaded[:, c - self._start], out=buffer)

    def restore(self, buffer: np.ndarray, c: int) -> None:
        """Nothing to undo: ``put`` writes every entry."""

    def each(self, buffer: np.ndarray, start: int, stop: int) -> Iterator[int]:
        """Column c in ``buffer`` for c = start .. stop - 1 (yields c)."""
        for c in range(start, stop):
            self.put(buffer, c)
            yield c


class PointColumns:
    """Column c is ``points[:, c]``: points given whole."""

    def __init__(self, points: np.ndarray):
        self.points = points
        self.n, self.size = int(points.shape[0]), int(points.shape[1])

    def new_buffer(self) -> np.ndarray:
        return np.empty(self.n, dtype=self.dtype)

    @property
    def dtype(self) -> np.dtype:
        return self.points.dtype

    def load(self, buffer: np.ndarray) -> None:
        """Nothing to prepare: ``put`` writes every entry."""

    def block(self, start: int, stop: int) -> np.ndarray:
        return self.points[:, start:stop]

    def put(self, buffer: np.ndarray, c: int) -> None:
        buffer[...] = self.points[:, c]

    def restore(self, buffer: np.ndarray, c: int) -> None:
        """Nothing to undo: ``put`` writes every entry."""

    def each(self, buffer: np.ndarray, start: int, stop: int) -> Iterator[int]:
        """Column c in ``buffer`` for c = start .. stop - 1 (yields c)."""
        for c in range(start, stop):
            self.put(buffer, c)
            yield c


Columns = AxisColumns | OffsetColumns | PointColumns
