"""numpy's argument semantics for engines that map numpy functions: implement them or refuse.

An engine that maps ``np.sum`` (or ``math.hypot``, ``x.mean``, ...) onto its own values must
honour every argument numpy accepts there, or raise a :class:`BackendError` that names the
function and the argument. Silently ignoring ``axis=``, ``keepdims=`` or ``ord=`` gives a
wrong gradient with status "ok", the worst thing gradlab can show. These helpers make the
refusal one line in each mapping.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from ..errors import BackendError

_FLOAT64 = (None, float, np.float64, "float64", "f8", "d")

# keyword arguments whose value at numpy's default changes nothing: accepted at that value only
_NEUTRAL: dict[str, tuple[Any, ...]] = {
    "out": (None,),
    "dtype": _FLOAT64,
    "where": (True,),
    "initial": (np._NoValue,),
    "keepdims": (False, np._NoValue),
    "casting": ("same_kind",),
    "order": ("K", "C", None),
    "subok": (True,),
    "ddof": (0,),
    "copy": (None, True, False),
}


def unsupported(engine: str, function: str, argument: str, value: Any) -> BackendError:
    """The error for an argument the engine's mapping of ``function`` does not implement."""
    return BackendError(engine, f"{function}({argument}={value!r}) is not supported by this "
                        "engine; drop the argument or use the jax engine")


def _is_neutral(name: str, value: Any) -> bool:
    allowed = _NEUTRAL.get(name)
    if allowed is None:
        return False
    try:
        return any(value is a or (type(value) is type(a) and value == a) or
                   (name == "dtype" and value is not None and a is not None and
                    np.dtype(value) == np.float64) for a in allowed)
    except TypeError:
        return False


def check_arguments(engine: str, function: str, kwargs: dict[str, Any],
                    supported: Iterable[str] = ()) -> None:
    """Refuse every keyword argument in ``kwargs`` that the mapping does not implement.

    ``supported`` names the arguments the mapping handles itself; any other argument is
    accepted only at numpy's neutral default (``out=None``, ``dtype=float64``, ...).
    """
    handled = set(supported)
    for name, value in kwargs.items():
        if name not in handled and not _is_neutral(name, value):
            raise unsupported(engine, function, name, value)


def normalize_axes(axis: Any, ndim: int, engine: str, function: str) -> tuple[int, ...]:
    """numpy's ``axis`` (None, an int, a tuple, negatives) as sorted non-negative axes.

    ``None`` means every axis. An axis out of range is refused the way numpy refuses it.

    >>> normalize_axes((-1, 0), 3, "dual", "np.sum")
    (0, 2)
    >>> normalize_axes(None, 2, "dual", "np.sum")
    (0, 1)
    >>> normalize_axes(2, 2, "dual", "np.sum")
    Traceback (most recent call last):
    gradlab.errors.BackendError: dual: np.sum(axis=2): axis 2 is out of bounds for array of ...
    """
    if axis is None:
        return tuple(range(ndim))
    try:
        return tuple(sorted(normalize_axis_tuple(axis, ndim)))
    except (TypeError, ValueError) as err:
        raise BackendError(engine, f"{function}(axis={axis!r}): {err}") from None
