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


def unresolved(f0: float | np.ndarray, wide: tuple[np.ndarray, np.ndarray],
               narrow: tuple[np.ndarray, np.ndarray], eps: float) -> np.ndarray:
    """Per variable, whether the steps do not resolve f.

    ``wide`` and ``narrow``: f at (x + h e_i, x - h e_i) for the widest and the narrowest step
    h, each of shape (n,); ``f0``: f(x) (a number, or one per variable)."""
    # no errstate here (it costs more than the rest): values that overflow or are not finite
    # warn already in the formula's own differences, under the caller's errstate
    twice = 2.0 * f0
    second = np.abs(narrow[0] + narrow[1] - twice)
    above = second > ABOVE_ROUNDING * eps * np.abs(f0)  # a first, cheap cut of f's rounding
    if not above.any():  # f linear in every variable at these steps, or constant
        return above
    spread = np.abs(wide[0] + wide[1] - twice)
    rounding = ABOVE_ROUNDING * eps * (np.abs(f0) + np.abs(narrow[0]) + np.abs(narrow[1]))
    return (second > rounding) & ~(spread > SHRINK * second)


def with_unresolved(error: np.ndarray, f0: float | np.ndarray,
                    wide: tuple[np.ndarray, np.ndarray], narrow: tuple[np.ndarray, np.ndarray],
                    eps: float) -> np.ndarray:
    """``error``, infinite where the steps do not resolve f (``unresolved``): nothing bounds
    the error there."""
    stuck = unresolved(f0, wide, narrow, eps)
    return np.where(stuck, np.inf, error) if stuck.any() else error
