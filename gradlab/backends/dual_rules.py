"""Derivative rules of numpy's elementwise functions (ufuncs), for the dual engine.

A unary rule maps ``(x, y)`` (argument and result values) to dy/dx; a binary rule maps
``(a, b, y, b_varies)`` to ``(dy/da, dy/db)``. They evaluate with numpy on plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def _zero(x: Any, y: Any) -> Any:
    return np.zeros_like(y, dtype=float)


UNARY: dict[str, Callable[[Any, Any], Any]] = {
    "negative": lambda x, y: -np.ones_like(y), "positive": lambda x, y: np.ones_like(y),
    "conjugate": lambda x, y: np.ones_like(y),  # real values: the identity
    "absolute": lambda x, y: np.sign(x), "fabs": lambda x, y: np.sign(x),
    "sin": lambda x, y: np.cos(x), "cos": lambda x, y: -np.sin(x), "tan": lambda x, y: 1 + y * y,
    "arcsin": lambda x, y: 1 / np.sqrt(1 - x * x), "arccos": lambda x, y: -1 / np.sqrt(1 - x * x),
    "arctan": lambda x, y: 1 / (1 + x * x), "sinh": lambda x, y: np.cosh(x),
    "cosh": lambda x, y: np.sinh(x), "tanh": lambda x, y: 1 - y * y,
    "arcsinh": lambda x, y: 1 / np.sqrt(x * x + 1), "arccosh": lambda x, y: 1 / np.sqrt(x * x - 1),
    "arctanh": lambda x, y: 1 / (1 - x * x), "exp": lambda x, y: y,
    "exp2": lambda x, y: y * np.log(2.0), "expm1": lambda x, y: y + 1,
    "log": lambda x, y: 1 / x, "log2": lambda x, y: 1 / (x * np.log(2.0)),
    "log10": lambda x, y: 1 / (x * np.log(10.0)), "log1p": lambda x, y: 1 / (1 + x),
    "sqrt": lambda x, y: 0.5 / y, "cbrt": lambda x, y: 1 / (3 * y * y),
    "square": lambda x, y: 2 * x, "reciprocal": lambda x, y: -y * y,
    "sign": _zero, "floor": _zero, "ceil": _zero, "rint": _zero, "trunc": _zero,
    "deg2rad": lambda x, y: np.full_like(y, np.pi / 180),
    "rad2deg": lambda x, y: np.full_like(y, 180 / np.pi),
    # scipy.special ufuncs
    "erf": lambda x, y: 2 / np.sqrt(np.pi) * np.exp(-x * x),
    "erfc": lambda x, y: -2 / np.sqrt(np.pi) * np.exp(-x * x),
    "expit": lambda x, y: y * (1 - y),
    "gammaln": lambda x, y: _digamma(x),
}
UNARY["degrees"], UNARY["radians"] = UNARY["rad2deg"], UNARY["deg2rad"]


def _digamma(x: Any) -> Any:
    from scipy.special import digamma

    return digamma(x)


def _power(a: Any, b: Any, y: Any, b_varies: bool) -> tuple[Any, Any]:
    da = np.where(b == 0, 0.0, b * np.power(a, b - 1.0))  # exact for x**2 at x = 0
    if not b_varies:
        return da, 0.0
    # d(a**b)/db = a**b log a: 0 where a = 0, undefined (nan) where a < 0
    db = np.where(a > 0, y * np.log(np.where(a > 0, a, 1.0)), np.where(a == 0, 0.0, np.nan))
    return da, db


def _logaddexp(a: Any, b: Any, y: Any, b_varies: bool) -> tuple[Any, Any]:
    return np.exp(a - y), np.exp(b - y)


def _logaddexp2(a: Any, b: Any, y: Any, b_varies: bool) -> tuple[Any, Any]:
    return np.exp2(a - y), np.exp2(b - y)


BINARY: dict[str, Callable[[Any, Any, Any, bool], tuple[Any, Any]]] = {
    "add": lambda a, b, y, v: (1.0, 1.0), "subtract": lambda a, b, y, v: (1.0, -1.0),
    "multiply": lambda a, b, y, v: (b, a), "divide": lambda a, b, y, v: (1 / b, -y / b),
    "power": _power, "float_power": _power,
    "arctan2": lambda a, b, y, v: (b / (a * a + b * b), -a / (a * a + b * b)),
    "hypot": lambda a, b, y, v: (a / y, b / y),
    "maximum": lambda a, b, y, v: (a >= b, a < b), "minimum": lambda a, b, y, v: (a <= b, a > b),
    "fmax": lambda a, b, y, v: (a >= b, a < b), "fmin": lambda a, b, y, v: (a <= b, a > b),
    "copysign": lambda a, b, y, v: (np.sign(a) * np.sign(y), 0.0),
    "xlogy": lambda a, b, y, v: (np.log(b), a / b),
    "logaddexp": _logaddexp, "logaddexp2": _logaddexp2,
    "floor_divide": lambda a, b, y, v: (0.0, 0.0),
    "remainder": lambda a, b, y, v: (1.0, -np.floor_divide(a, b)),
    "fmod": lambda a, b, y, v: (1.0, -np.trunc(a / b)),
}

# ufuncs whose result does not vary continuously: computed on plain values
NON_DIFFERENTIABLE = {
    "greater", "greater_equal", "less", "less_equal", "equal", "not_equal", "isfinite", "isnan",
    "isinf", "signbit", "logical_and", "logical_or", "logical_xor", "logical_not",
}
