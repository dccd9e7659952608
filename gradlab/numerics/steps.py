"""Step rules: the default step of each formula, a user's step checked, steps rounded so that
x + h - x == h exactly."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError

EPS = np.finfo(np.float64).eps
CENTRAL_BASE = EPS ** (1 / 3)  # scipy's 3-point step: truncation h**2 balances round-off eps/h
FORWARD_BASE = EPS**0.5  # forward differences: truncation h balances round-off eps/h
RICHARDSON_BASE = EPS ** (1 / 9)  # four halvings cancel the error up to O(h**8)
CS_STEP = 1e-20  # complex step: no subtraction, so the step can be tiny


def check_step(engine: str, step: Any) -> None:
    """A step given by the user must be a positive finite number (None: the default)."""
    if step is None:
        return
    try:
        ok = bool(np.isfinite(float(step)) and float(step) > 0)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise InputError(f"{engine}: step must be a positive finite number (or None for the "
                         f"default), not {step!r}")


def relative_steps(x: np.ndarray, base: float, step: float | None) -> np.ndarray:
    """Steps scaled like scipy's (base * max(1, |x|)), rounded so x + h - x == h exactly."""
    h = np.full_like(x, step) if step is not None else base * np.maximum(1.0, np.abs(x))
    return (x + h) - x


def exact_steps(x: np.ndarray, h: np.ndarray, parts: int) -> np.ndarray:
    """``h`` rounded to a multiple of ``parts`` ulps of |x| + h: every x +- k h / parts is then
    exact, so no point of a Richardson table carries a rounded position (at x ~ 1e5 an ulp of
    x moves f by |f'| 1.5e-11, far above the table's accuracy)."""
    unit = np.spacing(np.abs(x) + np.abs(h)) * parts
    return np.maximum(np.round(h / unit), 1.0) * unit


def central_steps(x: np.ndarray, step: float | None) -> np.ndarray:
    """scipy's 3-point step, eps**(1/3) * max(1, |x|), not rounded (scipy does not round it)."""
    return CENTRAL_BASE * np.maximum(1.0, np.abs(x)) if step is None else np.full_like(x, step)


def median(values: np.ndarray) -> float:
    """np.median for a 1-D array, without its overhead."""
    ordered = np.sort(values)
    middle = ordered.size // 2
    if ordered.size % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / 2)
