"""Type hints for what users hand to gradlab's public functions.

>>> import gradlab as gl
>>> f: FunctionLike = "x * y"
>>> at: PointLike = {"x": 2.0, "y": 3.0}
>>> gl.gradient(f, at, backend="dual")
array([3., 2.])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from numpy.typing import ArrayLike

FunctionLike: TypeAlias = Callable[..., Any] | str
"""A Python function of scalars and arrays returning one number, or an expression string
(``"sin(x) * y"``, see :func:`gradlab.parse_expression`)."""

PointLike: TypeAlias = Mapping[str, ArrayLike] | ArrayLike
"""Where to differentiate: ``{"x": 0.5, "w": [1, 2]}`` by parameter name, or the values in
the order of the function's parameters (one number, a list, an array)."""
