"""What f returns, checked: one real number (gradient, Hessian) or an array of real numbers
(Jacobian, jvp, vjp), with one clear message when it is neither."""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import BackendError, InputError


def check_scalar_output(value: Any, label: str) -> float:
    _check_kind(value, label)
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(
            f"{label} returned {type(value).__name__}, not a number; return a float"
        ) from None
    check_one_output(array.shape, label)
    return float(array.reshape(()))


def _check_kind(value: Any, label: str) -> None:
    if value is None:
        raise InputError(f"{label} returned None; add a `return` statement")
    if isinstance(value, (str, bytes)):
        raise InputError(f"{label} returned a string ({value!r:.30}); it must return a number")
    if isinstance(value, complex) or np.iscomplexobj(value):
        raise InputError(f"{label} returned a complex number; it must return a real number")


def check_array_output(value: Any, label: str) -> np.ndarray:
    """f's value as a float64 array (a number is a 0-d array), or InputError."""
    _check_kind(value, label)
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"{label} returned {type(value).__name__}, not numbers; return a "
                         "number or an array of numbers") from None


def check_one_output(shape: tuple[int | None, ...], label: str, engine: str | None = None
                     ) -> None:
    """The one check that ``label`` returned a single value (shape (), (1,), (1, 1), ...):
    InputError for the user's float64 call, BackendError naming ``engine`` for an engine's own
    traced or symbolic output (a dimension None is one not known to be 1)."""
    if all(size == 1 for size in shape):
        return
    message = (f"{label} returns an array of shape {tuple(shape)}; a gradient (or Hessian) "
               "needs a function with one real output. Return a scalar (e.g. np.sum(...)), "
               "differentiate one component at a time, or ask for its Jacobian "
               "(gl.jacobian, derivative=\"jacobian\").")
    raise InputError(message) if engine is None else BackendError(engine, message)
