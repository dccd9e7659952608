"""The one agreement check: do two gradients at the same point agree within their errors?

Complex step (wrong where f is not complex-analytic) and an autodiff gradient traced without
compiling (wrong where a traced value became a plain number) are checked against central
differences computed here (:func:`against_central`), which says one of five things, in this
order: the central differences are not finite; the gradient itself is not finite (nothing to
check); the central differences are too inaccurate to confirm anything (never accuse on a
weak check); the two disagree beyond the tolerance; they agree. Numerical estimates already
made are checked against each other (:func:`wide_step_disagreements`): a wide step can
straddle a kink or jump that a much narrower step does not, so the wider one is suspect where
the two disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..backends.base import Estimate
from .differences import central
from .evaluator import Evaluator

CHECKABLE = 1e-3  # a check whose error estimate exceeds this share of the gradient: too weak
UNVERIFIED = "unverified: "  # a note that starts so makes the row "unverified" (gradlab.results)
SAFETY = 100.0  # how many times the error estimates a gap must exceed to be a disagreement
FLOOR = 1e-6  # ... plus this share of the gradient's size (at least 1)
WIDE_SAFETY = 3.0  # between two estimates: a gap beyond 3 times both estimates disagrees
WIDER = 1000.0  # a step this many times another's is "wide" next to it (a kink or jump within
# the wide step then falls within the narrow one only one time in a thousand)


@dataclass
class Agreement:
    """The verdict of :func:`against_central`, with the central differences behind it."""

    verdict: str  # "not finite", "no gradient", "too weak", "disagrees" or "agrees"
    check: Estimate  # the central differences
    gap: float  # |gradient - central|

    @property
    def central(self) -> list[float]:
        """The central differences rounded for a message."""
        return np.round(self.check.gradient, 6).tolist()


def against_central(gradient: np.ndarray, x: np.ndarray, evaluate: Evaluator,
                    step: float | None = None, own_error: float = 0.0, safety: float = SAFETY,
                    floor: float = FLOOR) -> Agreement:
    """Check ``gradient`` at ``x`` against central differences of the real ``evaluate``.

    They disagree when the gap exceeds ``safety`` times both error estimates (``own_error``:
    the gradient's own) plus ``floor`` times the central gradient's norm (at least 1). The
    check is too weak when its error estimate exceeds ``CHECKABLE`` of the gradient's norm.
    """
    check = central(x, evaluate, step)
    gap = float(np.linalg.norm(gradient - check.gradient))
    error = check.error_estimate  # central differences always estimate their error
    if error is None or not np.all(np.isfinite(check.gradient)) or np.isnan(error):
        return Agreement("not finite", check, gap)
    if not np.all(np.isfinite(gradient)):
        return Agreement("no gradient", check, gap)
    if error > CHECKABLE * (float(np.linalg.norm(gradient)) or 1.0):
        return Agreement("too weak", check, gap)
    floor_size = floor * max(float(np.linalg.norm(check.gradient)), 1.0)
    if disagree(gap, (error, own_error), safety, floor_size):
        return Agreement("disagrees", check, gap)
    return Agreement("agrees", check, gap)


def disagree(gap: float, error_estimates: Sequence[float], safety: float,
             floor: float = 0.0) -> bool:
    """The tolerance of every agreement check: a gap (NaN too) beyond ``safety`` times the sum
    of the error estimates, plus an absolute ``floor``."""
    return not gap <= safety * sum(error_estimates) + floor


class Numerical(Protocol):
    """A numerical gradient with its step and error estimate (a comparison row, an Estimate)."""

    gradient: Any
    step: float | None
    error_estimate: float | None


def wide_step_disagreements(estimates: Sequence[Numerical]) -> list[tuple[Any, Any, float]]:
    """(wide, narrow, gap) for each estimate whose step is at least ``WIDER`` times another's
    and that disagrees with it beyond three times both error estimates (the first such narrow
    one). Estimates without a step or an error estimate are left out."""
    usable = [(e, e.step, e.error_estimate) for e in estimates
              if e.step is not None and e.error_estimate is not None]
    found = []
    for wide, wide_step, wide_error in usable:
        for narrow, narrow_step, narrow_error in usable:
            if not wide_step >= WIDER * narrow_step:
                continue
            gap = float(np.linalg.norm(np.ravel(wide.gradient) - np.ravel(narrow.gradient)))
            if disagree(gap, (wide_error, narrow_error), WIDE_SAFETY):
                found.append((wide, narrow, gap))
                break
    return found
