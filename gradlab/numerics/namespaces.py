"""The numpy namespaces finite differences run f in: reductions per batch column, and
complex-analytic stand-ins for numpy functions that refuse complex numbers (complex step)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..backends.rebind import Namespace


def batch_namespace() -> Namespace:
    """numpy whose whole-array reductions reduce over axis 0 only.

    A batch holds one perturbed point per column (the variables along axis 0), so
    ``np.sum(x**2)`` written for one point gives one sum per point. Whether this is right for
    a given function is checked against direct calls before a batch is trusted.
    """

    def per_column(reduce: Callable[..., Any]) -> Callable[..., Any]:
        def reduced(a: Any, axis: Any = None, **kwargs: Any) -> Any:
            return reduce(a, axis=0 if axis is None and np.ndim(a) > 1 else axis, **kwargs)

        return reduced

    table = {name: per_column(getattr(np, name))
             for name in ("sum", "prod", "mean", "max", "min", "amax", "amin", "nansum")}
    linalg = Namespace("batch", np.linalg, {"norm": per_column(np.linalg.norm)}, np.linalg)
    return Namespace("batch", np, table, np, {"linalg": linalg})


def _complex_arctan2(y: Any, x: Any) -> Any:
    """arctan2 continued analytically (numpy's arctan2 refuses complex input)."""
    x_real, y_real = np.real(x), np.real(y)
    turn = np.where(x_real < 0, np.where(y_real >= 0, np.pi, -np.pi), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.arctan(y / x) + turn


def _by_real_part(pick_first: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    return lambda a, b: np.where(pick_first(np.real(a), np.real(b)), a, b)


# complex-analytic stand-ins for numpy functions that refuse complex numbers
COMPLEX_SAFE: dict[str, Any] = {
    "hypot": lambda a, b: np.sqrt(a * a + b * b),
    "arctan2": _complex_arctan2,
    "maximum": _by_real_part(np.greater_equal), "minimum": _by_real_part(np.less_equal),
    "fmax": _by_real_part(np.greater_equal), "fmin": _by_real_part(np.less_equal),
}
