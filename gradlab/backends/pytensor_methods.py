"""numpy's meaning for tensor methods and operators while the user's code is traced.

PyTensor's ``x.reshape(shape, *, ndim=None)`` refuses numpy's ``x.reshape(2, 3)``, and
``2.0 ** x`` makes 2.0 a float32 constant (PyTensor stores Python floats that float32 holds
exactly as float32), so the gradient's ``log(2.0)`` is computed in float32. The replacements
accept everything the originals do, with the same meaning, and are removed after the last trace.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np

from .semantics import unsupported

_lock = threading.Lock()
_users = 0
_originals: dict[str, Any] = {}


@contextlib.contextmanager
def numpy_style_methods() -> Iterator[None]:
    from pytensor.tensor.variable import _tensor_py_operators as operators

    global _users
    with _lock:
        if _users == 0:
            for name, replacement in _REPLACEMENTS.items():
                _originals[name] = operators.__dict__[name]
                setattr(operators, name, replacement)
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                for name, original in _originals.items():
                    setattr(operators, name, original)
                _originals.clear()


def _reshape(self: Any, *shape: Any, ndim: int | None = None, order: str = "C") -> Any:
    if order not in ("C", None):
        raise unsupported("pytensor", "x.reshape", "order", order)
    if len(shape) == 1:
        shape = shape[0]
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    return _originals["reshape"](self, shape, ndim=ndim)


def _rpow(self: Any, other: Any) -> Any:
    if (isinstance(other, (int, float)) and not isinstance(other, bool)
            and str(self.dtype).startswith("float")):
        other = np.asarray(other, dtype=self.dtype)
    return _originals["__rpow__"](self, other)


def _moment_method(name: str) -> Any:
    """``x.var(...)``/``x.std(...)`` with numpy's arguments and meaning (PyTensor's own
    divides by the wrong count over several axes with ddof)."""

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        from .pytensor_namespace import moment

        if "corrected" in kwargs:  # PyTensor's own argument: its own method
            return _originals[name](self, *args, **kwargs)
        return moment(name)(self, *args, **kwargs)

    return method


_REPLACEMENTS = {"reshape": _reshape, "__rpow__": _rpow, "var": _moment_method("var"),
                 "std": _moment_method("std")}
