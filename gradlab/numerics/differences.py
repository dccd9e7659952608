"""Central, forward and scipy's forward differences, each with its error estimate.

An error estimate is the truncation error, from a second step (twice the first; central
differences also take a step four times narrower), plus f's
round-off over the step: eps |f| / h times the formula's gain on rounded values, |f| never
taken below f's variation (``rounding.variation``: at a zero of f, |f| says nothing).
"""

from __future__ import annotations

import numpy as np

from ..backends.base import Estimate
from . import shared
from .evaluator import Evaluator
from .resolution import with_unresolved
from .rounding import variation
from .steps import FORWARD_BASE, central_steps, relative_steps


def central_gradient(x: np.ndarray, evaluate: Evaluator, step: float | None) -> np.ndarray:
    """The fast path: 2n evaluations, scipy's 3-point step and formula, exactly."""
    h = central_steps(x, step)
    f = evaluate.along_axes(x, np.stack([h, -h]))
    return (f[0] - f[1]) / ((x + h) - (x - h))


def central(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    """Central differences with an error estimate from two more steps, 2h and h/4 (6n
    evaluations, and f(x)): a step near f's own scale (a period of sin) can give two nearby
    steps that agree by chance, a step far from them does not; steps that all straddle a
    feature of f see the same values (``resolution``). Made once per comparison
    (``shared``)."""
    if shared.current() is None:  # outside a comparison: nothing to share, no key to make
        return _central(x, evaluate, step)
    key = ("central", id(evaluate.func), evaluate.dtype, evaluate.batches_allowed, step,
           x.dtype.str, x.shape, x.tobytes())
    return shared.once(key, lambda: _central(x, evaluate, step))


def _central(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    h = central_steps(x, step)
    # and f(x): does f change across the steps as a smooth f does?
    f, f0 = evaluate.along_axes_and_at(x, np.stack([h, -h, 2 * h, -2 * h, h / 4, -h / 4]))
    d1 = (f[0] - f[1]) / ((x + h) - (x - h))
    d2 = (f[2] - f[3]) / ((x + 2 * h) - (x - 2 * h))
    d4 = (f[4] - f[5]) / ((x + h / 4) - (x - h / 4))
    size = np.maximum(np.max(np.abs(f[:2]), axis=0), variation(x, d1))
    roundoff = evaluate.eps * size / h  # f's rounding, over the step
    truncation = _truncation(d1, d2, d4, roundoff)
    error = with_unresolved(truncation + roundoff, f0, (f[2], f[3]), (f[4], f[5]), evaluate.eps)
    return Estimate(d1, float(np.median(h)), float(np.linalg.norm(error)), 6 * x.size + 1)


def _truncation(d1: np.ndarray, wide: np.ndarray, narrow: np.ndarray,
                roundoff: np.ndarray) -> np.ndarray:
    """The truncation error of ``d1`` (step h) from the steps 2h and h/4. Where f follows the
    h² law, d(2h) - d(h) = 3.2 (d(h) - d(h/4)) and either difference extrapolates the error;
    where it does not (the step is not small against f's scale), nothing extrapolates: the
    error is taken as twice the largest difference (d(h/4) no further from the truth than
    from d(h)). A narrow difference within f's rounding over h/4 says nothing."""
    apart_wide, apart_narrow = np.abs(wide - d1), np.abs(d1 - narrow)
    informative = apart_narrow > 10 * roundoff  # f's rounding is 4 times larger at h/4
    ratio = apart_wide / np.maximum(apart_narrow, np.finfo(np.float64).tiny)
    follows = (ratio >= 0.8) & (ratio <= 13)  # 3.2 within a factor of 4
    return np.where(~informative, apart_wide / 3,
                    np.where(follows, np.maximum(apart_wide / 3, apart_narrow * 16 / 15),
                             2 * np.maximum(apart_wide, apart_narrow)))


def forward(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    """Forward differences (f(x + h) - f(x)) / h, checked against the step 2h (2n + 1 calls)."""
    h = relative_steps(x, FORWARD_BASE, step)
    f0 = evaluate(x[:, None])[0]
    f = evaluate.along_axes(x, np.stack([h, 2 * h]))
    d1 = (f[0] - f0) / h
    d2 = (f[1] - f0) / (2 * h)
    size = max(abs(f0), float(np.max(np.abs(f[0]))), float(variation(x, d1)))
    error = np.abs(d2 - d1) + 2 * evaluate.eps * size / h
    return Estimate(d1, float(np.median(h)), float(np.linalg.norm(error)), 2 * x.size + 1)


def scipy_fprime(x: np.ndarray, evaluate: Evaluator, step: float | None,
                 estimate: bool = True) -> Estimate:
    """scipy.optimize.approx_fprime (forward differences, absolute step). Its error estimate
    comes from a second run at twice the step (truncation) plus f's rounding over the step."""
    from scipy.optimize import approx_fprime

    epsilon = FORWARD_BASE if step is None else float(step)
    count = evaluate.count
    g = np.asarray(approx_fprime(x, lambda p: evaluate(p[:, None])[0], epsilon), dtype=float)
    if not estimate:
        return Estimate(g, epsilon, None, evaluate.count - count)
    f0 = evaluate(x[:, None])[0]
    wide = np.asarray(approx_fprime(x, lambda p: evaluate(p[:, None])[0], 2 * epsilon),
                      dtype=float)
    taken = np.abs((x + epsilon) - x)  # the step x + h - x that the difference really spans
    taken = np.where(taken > 0, taken, FORWARD_BASE * np.maximum(1.0, np.abs(x)))
    size = max(abs(f0), float(variation(x, g)))
    error = np.abs(wide - g) + 2 * evaluate.eps * size / taken
    return Estimate(g, epsilon, float(np.linalg.norm(error)), evaluate.count - count)
