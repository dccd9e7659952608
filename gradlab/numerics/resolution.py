"""Whether a difference formula's steps resolve f at all.

Every error estimate of a difference formula compares the formula at two or more steps; when
every step is far wider than a feature of f (a spectral line of width 1e-8 at x ~ 5e-7, where
the steps scale with max(1, |x|)), all of them see the same values, the formulas agree exactly
and the estimate says 0 while the answer is wrong by everything. f's value at the point itself
tells: a smooth f's second difference f(x + h) + f(x - h) - 2 f(x) shrinks like h**2 as the
step shrinks (like h at a kink), while across a feature narrower than both steps, or a jump,
it does not shrink at all. There nothing bounds the derivative (the slopes the samples show
only say that f' exceeds them somewhere near x): the error estimate is infinite.
"""

from __future__ import annotations

import numpy as np

SHRINK = 1.5  # a second difference that shrinks less than this from the widest step to the
# narrowest is unresolved (a smooth f's shrinks by the square of the steps' ratio, >= 4 here;
# a kink's by the ratio itself, >= 2)
ABOVE_ROUNDING = 1000.0  # ... and it must exceed f's rounding this many times to say anything


def unresolved(f0: float | np.ndarray, plus: np.ndarray, minus: np.ndarray, eps: float
               ) -> np.ndarray:
    """Per variable, whether the steps do not resolve f.

    ``plus`` and ``minus``: f at x + s h_i e_i and x - s h_i e_i, shape (steps, n), the rows
    from the widest step to the narrowest; ``f0``: f(x) (a number, or one per variable)."""
    plus, minus = np.asarray(plus, dtype=float), np.asarray(minus, dtype=float)
    with np.errstate(all="ignore"):
        second = np.abs(plus + minus - 2.0 * f0)
        rounding = ABOVE_ROUNDING * eps * np.maximum(
            np.abs(f0), np.maximum(np.max(np.abs(plus), axis=0), np.max(np.abs(minus), axis=0)))
        return (second[-1] > rounding) & (second[0] <= SHRINK * second[-1])


def unresolved_bound(f0: float | np.ndarray, plus: np.ndarray, minus: np.ndarray, eps: float
                     ) -> np.ndarray:
    """Per variable, the error bound the steps allow: infinite where they do not resolve f
    (``unresolved``), 0 elsewhere (the formula's own estimate stands)."""
    return np.where(unresolved(f0, plus, minus, eps), np.inf, 0.0)
