"""Many points in a region: ``sample`` draws them, ``Points`` holds them (problem layer).

>>> pts = sample({"x": (-2, 2), "y": (-1, 3)}, 4, seed=0)
>>> len(pts), pts.names, pts.array.shape
(4, ('x', 'y'), (4, 2))
>>> sorted(pts[0])
['x', 'y']
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from .errors import InputError

METHODS = ("uniform", "sobol")


@dataclass(frozen=True)
class Box:
    """One region, flat: each parameter's name and shape (None: a scalar), and the bounds of
    every scalar entry in name order."""

    names: tuple[str, ...]
    shapes: tuple[tuple[int, ...] | None, ...]
    low: np.ndarray
    high: np.ndarray

    @property
    def size(self) -> int:
        return self.low.size


class Points(Sequence):
    """An immutable sequence of points, each a dict {name: float | ndarray} (what
    ``gl.compare``'s ``at`` takes); ``.array`` holds them flat, one row per point."""

    def __init__(self, array: Any, names: Sequence[str],
                 shapes: Sequence[tuple[int, ...] | None] | None = None,
                 region: Mapping[str, Any] | None = None):
        values = np.array(array, dtype=np.float64)
        shapes = tuple(shapes) if shapes is not None else (None,) * len(names)
        width = sum(math.prod(s) if s else 1 for s in shapes)
        if values.ndim != 2 or values.shape[1] != width or len(shapes) != len(names):
            raise InputError(f"points need a (k, {width}) array for {', '.join(names)}; got "
                             f"shape {values.shape}")
        values.setflags(write=False)
        self._array, self._names, self._shapes = values, tuple(names), shapes
        self._region = dict(region) if region is not None else None

    @property
    def array(self) -> np.ndarray:
        """(k, total size) float64, read-only; array parameters flattened in name order."""
        return self._array

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    @property
    def shapes(self) -> tuple[tuple[int, ...] | None, ...]:
        """Each parameter's shape; None for a scalar."""
        return self._shapes

    @property
    def region(self) -> dict[str, Any] | None:
        """The region the points were drawn from, as given to ``sample``."""
        return None if self._region is None else dict(self._region)

    @property
    def columns(self) -> tuple[str, ...]:
        """The name of each column of ``.array``: ``x``, or ``w[0]``, ``w[1]`` for arrays."""
        columns: list[str] = []
        for name, shape in zip(self._names, self._shapes):
            if shape is None:
                columns.append(name)
            else:
                columns.extend(f"{name}[{', '.join(map(str, i))}]" for i in np.ndindex(*shape))
        return tuple(columns)

    def __len__(self) -> int:
        return self._array.shape[0]

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Points: ...

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return Points(self._array[index], self._names, self._shapes, self._region)
        return self._point(self._array[index])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._point(row) for row in self._array)

    def _point(self, row: np.ndarray) -> dict[str, Any]:
        point: dict[str, Any] = {}
        offset = 0
        for name, shape in zip(self._names, self._shapes):
            if shape is None:
                point[name], offset = float(row[offset]), offset + 1
            else:
                size = math.prod(shape)
                point[name] = row[offset:offset + size].reshape(shape).copy()
                offset += size
        return point

    def to_frame(self) -> Any:
        """One row per point, one column per scalar entry (``w[0]`` for arrays)."""
        import pandas as pd

        return pd.DataFrame(self._array, columns=list(self.columns))

    def __repr__(self) -> str:
        where = f" in {self._region}" if self._region is not None else ""
        return f"Points({len(self)} points of {', '.join(self.columns)}{where})"


def sample(region: Mapping[str, Any], n: int, seed: int = 0,
           method: str = "uniform") -> Points:
    """``n`` points in ``region``: uniform (numpy's Generator seeded with ``seed``) or "sobol"
    (scipy.stats.qmc, scrambled with ``seed``; best balanced when n is a power of two).

    ``region`` maps each parameter to its bounds: ``(low, high)`` for a scalar, a list of
    ``(low, high)`` pairs for a 1-D array, or ``(low_array, high_array)`` of equal shape.
    """
    count = _count(n)
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(map(repr, METHODS))}, not "
                         f"{method!r}")
    box = read_region(region)
    unit = _unit(count, box.size, seed, method)
    return Points(box.low + unit * (box.high - box.low), box.names, box.shapes, region)


def _count(n: Any) -> int:
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
        raise InputError(f"the number of points must be a whole number, not {n!r}")
    if n < 1:
        raise InputError(f"the number of points must be at least 1, not {n}")
    return int(n)


def _unit(n: int, d: int, seed: int, method: str) -> np.ndarray:
    if method == "uniform":
        return np.random.default_rng(seed).random((n, d))
    from scipy.stats import qmc

    with warnings.catch_warnings():  # n need not be a power of two for a survey
        warnings.filterwarnings("ignore", message=".*balance properties.*")
        return qmc.Sobol(d, scramble=True, seed=seed).random(n)


def read_region(region: Any) -> Box:
    """The region's names, shapes and flat bounds, or one InputError saying what is wrong."""
    if not isinstance(region, Mapping):
        raise InputError("the region maps each parameter to its bounds, e.g. "
                         "{'x': (-2, 2), 'y': (-1, 3)}; got " + type(region).__name__)
    if not region:
        raise InputError("the region is empty; give each parameter its bounds, e.g. "
                         "{'x': (-2, 2)}")
    names, shapes, lows, highs = [], [], [], []
    for name, bounds in region.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise InputError(f"the region's names must be parameter names; got {name!r}")
        low, high, shape = _bounds(name, bounds)
        names.append(name)
        shapes.append(shape)
        lows.append(low.ravel())
        highs.append(high.ravel())
    return Box(tuple(names), tuple(shapes), np.concatenate(lows), np.concatenate(highs))


def _bounds(name: str, bounds: Any) -> tuple[np.ndarray, np.ndarray, tuple[int, ...] | None]:
    """(low, high, shape) of one parameter: shape None for a scalar."""
    usage = (f"the bounds of {name!r} must be (low, high), a list of (low, high) pairs, or "
             f"(low_array, high_array); got {bounds!r:.60}")
    try:
        if isinstance(bounds, list) and bounds and all(np.ndim(b) == 1 for b in bounds):
            pairs = np.array(bounds, dtype=np.float64)  # one pair per entry of a 1-D array
            if pairs.ndim != 2 or pairs.shape[1] != 2:
                raise InputError(usage)
            low, high = pairs[:, 0], pairs[:, 1]
        else:
            if isinstance(bounds, (str, bytes)) or len(bounds) != 2:
                raise InputError(usage)
            low, high = (np.array(b, dtype=np.float64) for b in bounds)
    except (TypeError, ValueError):
        raise InputError(usage) from None
    if low.shape != high.shape:
        raise InputError(f"the bounds of {name!r} have different shapes: low {low.shape}, "
                         f"high {high.shape}")
    if low.size == 0:
        raise InputError(f"the bounds of {name!r} are empty")
    if not (np.all(np.isfinite(low)) and np.all(np.isfinite(high))):
        raise InputError(f"the bounds of {name!r} are not finite ({bounds!r:.60}); give "
                         "finite numbers")
    if not np.all(low < high):
        raise InputError(f"the bounds of {name!r} need low < high; got low {low.tolist()}, "
                         f"high {high.tolist()}")
    return low, high, (None if low.ndim == 0 else low.shape)
