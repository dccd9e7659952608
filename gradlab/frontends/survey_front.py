"""What the ``%%gradient --points`` magic and ``gradlab survey`` share: the region to sample
(typed, or a box around the cell's point) and a Dask client for ``--scheduler ADDRESS``.

gradlab never starts a scheduler: ``--scheduler`` connects to one the user runs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from .point_text import PointError, Range, parse_region

MIN_HALF_WIDTH = 0.5
CONNECT_TIMEOUT_S = 10


class SurveyOptionError(ValueError):
    """--points, --region or --scheduler cannot be used; the message says what to fix."""


def read_region(text: str) -> dict[str, Range | list[Range]]:
    """``--region`` as typed, each mistake reported with the option's name."""
    try:
        return parse_region(text)
    except PointError as err:
        raise SurveyOptionError(f"--region: {err}") from None


def half_width(value: Any) -> Any:
    """How far the box reaches on each side of a value: half its size, at least 0.5.

    A positive value's box stays at or above zero (log(x), sqrt(x) stay defined inside it)."""
    return np.maximum(MIN_HALF_WIDTH, np.abs(value) / 2)


def box_around(point: Mapping[str, Any]) -> dict[str, Any]:
    """The region around ``point``: each variable (each entry of an array) ± half_width."""
    region: dict[str, Any] = {}
    for name, value in point.items():
        array = np.asarray(value, dtype=np.float64)
        if not np.all(np.isfinite(array)):
            raise SurveyOptionError(f"{name} is not finite at the point; give --region "
                                    f"{name}=LOW:HIGH for the survey")
        width = half_width(array)
        region[name] = (float(array - width), float(array + width)) if array.ndim == 0 \
            else (array - width, array + width)
    return region


def survey_region(point: Mapping[str, Any], typed: str | None) -> dict[str, Any]:
    """The typed ``--region`` for the variables it names, a box around the point for the rest
    (in the point's order, then any variable only the region names)."""
    chosen = read_region(typed) if typed is not None else {}
    boxed = box_around({name: value for name, value in point.items() if name not in chosen})
    return {name: chosen.get(name, boxed.get(name)) for name in [*point, *chosen]}


def describe_region(region: Mapping[str, Any]) -> str:
    """``x in [-2, 2], y in [-1, 3]``; an array variable by its entries' smallest and largest
    bounds."""
    return ", ".join(f"{name} in {_interval(bounds)}" for name, bounds in region.items())


def _interval(bounds: Any) -> str:
    if isinstance(bounds, list):  # a vector given range by range
        return "[" + ", ".join(_interval(pair) for pair in bounds) + "]"
    low, high = (np.asarray(b, dtype=np.float64) for b in bounds)
    if low.ndim == 0:
        return f"[{float(low):.6g}, {float(high):.6g}]"
    return (f"[{low.min():.6g}, {high.max():.6g}] entry by entry (shape "
            f"{'x'.join(map(str, low.shape))}, each entry ± max({MIN_HALF_WIDTH}, |entry|/2))")


def check_points(count: Any) -> int:
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1:
        raise SurveyOptionError(f"--points needs a whole number of points, at least 1, not "
                                f"{count!r}")
    return int(count)


@contextlib.contextmanager
def scheduler_client(address: str | None) -> Iterator[Any]:
    """A ``distributed.Client`` connected to the scheduler at ``address`` (closed afterwards;
    the scheduler and its workers keep running), or None for a serial survey."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise SurveyOptionError("--scheduler needs Dask: pip install 'gradlab[distributed]'"
                                ) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as err:
        detail = " ".join(str(err).split()) or type(err).__name__
        raise SurveyOptionError(f"--scheduler: could not reach a Dask scheduler at "
                                f"{address!r} ({detail})") from None
    try:
        yield client
    finally:
        client.close()
