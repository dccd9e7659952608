"""Derivative rules of numpy's elementwise functions (ufuncs), for the dual engine.

A unary rule maps ``(x, y)`` (argument and result values) to dy/dx; a binary rule maps
``(a, b, y, b_varies)`` to ``(dy/da, dy/db)``. They evaluate with numpy on plain values. The
unary rules are written once, as text (``UNARY_RULES``), for the engine and its code snippet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

# One source for the engine and for its code snippet (``snippets.dual_class``): each unary rule
# is numpy code in ``x`` (the argument) and ``y`` (the result); the engine compiles it once
# below, the snippet prints it into the Dual class it shows.
UNARY_RULES: dict[str, str] = {
    "negative": "-np.ones_like(y)", "positive": "np.ones_like(y)",
    "conjugate": "np.ones_like(y)",  # real values: the identity
    "absolute": "np.sign(x)", "fabs": "np.sign(x)",
    "sin": "np.cos(x)", "cos": "-np.sin(x)", "tan": "1 + y * y",
    "arcsin": "1 / np.sqrt(1 - x * x)", "arccos": "-1 / np.sqrt(1 - x * x)",
    "arctan": "1 / (1 + x * x)", "sinh": "np.cosh(x)", "cosh": "np.sinh(x)", "tanh": "1 - y * y",
    "arcsinh": "1 / np.sqrt(x * x + 1)", "arccosh": "1 / np.sqrt(x * x - 1)",
    "arctanh": "1 / (1 - x * x)", "exp": "y", "exp2": "y * np.log(2.0)", "expm1": "y + 1",
    "log": "1 / x", "log2": "1 / (x * np.log(2.0))", "log10": "1 / (x * np.log(10.0))",
    "log1p": "1 / (1 + x)", "sqrt": "0.5 / y", "cbrt": "1 / (3 * y * y)",
    "square": "2 * x", "reciprocal": "-y * y",
    **dict.fromkeys(("sign", "floor", "ceil", "rint", "trunc"), "np.zeros_like(y, dtype=float)"),
    "deg2rad": "np.full_like(y, np.pi / 180)", "rad2deg": "np.full_like(y, 180 / np.pi)",
    # scipy.special ufuncs
    "erf": "2 / np.sqrt(np.pi) * np.exp(-x * x)", "erfc": "-2 / np.sqrt(np.pi) * np.exp(-x * x)",
    "expit": "y * (1 - y)", "gammaln": "digamma(x)",
}
UNARY_RULES["degrees"], UNARY_RULES["radians"] = UNARY_RULES["rad2deg"], UNARY_RULES["deg2rad"]


def _digamma(x: Any) -> Any:
    from scipy.special import digamma

    return digamma(x)


def _compiled(rule: str) -> Callable[[Any, Any], Any]:
    """``lambda x, y: <rule>``; the rule is gradlab's own text above, never the user's."""
    return eval(f"lambda x, y: {rule}", {"np": np, "digamma": _digamma})  # noqa: S307


UNARY: dict[str, Callable[[Any, Any], Any]] = {
    name: _compiled(rule) for name, rule in UNARY_RULES.items()}


def _power(a: Any, b: Any, y: Any, b_varies: bool) -> tuple[Any, Any]:
    da = np.where(b == 0, 0.0, b * np.power(a, b - 1.0))  # exact for x**2 at x = 0
    if not b_varies:
        return da, 0.0
    # d(a**b)/db = a**b log a: 0 where a = 0, undefined (nan) where a < 0
    db = np.where(a > 0, y * np.log(np.where(a > 0, a, 1.0)), np.where(a == 0, 0.0, np.nan))
    return da, db


# Binary rules as text in ``a``, ``b`` (the arguments) and ``y`` (the result): (dy/da, dy/db).
BINARY_RULES: dict[str, tuple[str, str]] = {
    "add": ("1.0", "1.0"), "subtract": ("1.0", "-1.0"), "multiply": ("b", "a"),
    "divide": ("1 / b", "-y / b"),
    "arctan2": ("b / (a * a + b * b)", "-a / (a * a + b * b)"), "hypot": ("a / y", "b / y"),
    "maximum": ("a >= b", "a < b"), "minimum": ("a <= b", "a > b"),
    "fmax": ("a >= b", "a < b"), "fmin": ("a <= b", "a > b"),
    "copysign": ("np.sign(a) * np.sign(y)", "0.0"), "xlogy": ("np.log(b)", "a / b"),
    "logaddexp": ("np.exp(a - y)", "np.exp(b - y)"),
    "logaddexp2": ("np.exp2(a - y)", "np.exp2(b - y)"),
    "floor_divide": ("0.0", "0.0"), "remainder": ("1.0", "-np.floor_divide(a, b)"),
    "fmod": ("1.0", "-np.trunc(a / b)"),
}


def _compiled_pair(rule: tuple[str, str]) -> Callable[[Any, Any, Any, bool], tuple[Any, Any]]:
    """``lambda a, b, y, b_varies: (<dy/da>, <dy/db>)`` from gradlab's own text above."""
    return eval(f"lambda a, b, y, b_varies: ({rule[0]}, {rule[1]})", {"np": np})  # noqa: S307


BINARY: dict[str, Callable[[Any, Any, Any, bool], tuple[Any, Any]]] = {
    **{name: _compiled_pair(rule) for name, rule in BINARY_RULES.items()},
    "power": _power, "float_power": _power,  # b_varies decides whether log(a) is needed
}

# ufuncs whose result does not vary continuously: computed on plain values
NON_DIFFERENTIABLE = {
    "greater", "greater_equal", "less", "less_equal", "equal", "not_equal", "isfinite", "isnan",
    "isinf", "signbit", "logical_and", "logical_or", "logical_xor", "logical_not",
}
