"""Richardson extrapolation: central differences at h, h/2, h/4, h/8 and a Richardson table
(error O(h**8)), with a wider step where round-off swamps the base step."""

from __future__ import annotations

import numpy as np

from ..backends.base import Estimate
from .evaluator import Evaluator
from .steps import EPS, RICHARDSON_BASE, median, relative_steps

RICHARDSON_LEVELS = 4  # central differences at h, h/2, h/4, h/8: 8 evaluations per variable
HALVINGS = np.array([s * 0.5**j for j in range(RICHARDSON_LEVELS) for s in (1.0, -1.0)])
RICHARDSON_TARGET = 1e-13  # relative accuracy a widened Richardson step aims at
RICHARDSON_GROWTH = 2.0**20  # a widened step is at most this many times the base step
RICHARDSON_AMPLIFICATION = 297 / 45  # round-off gain of three halvings: (1 + 40 + 256) / 45


def richardson(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    """Central differences at h, h/2, h/4, h/8 and a Richardson table: error O(h**8).

    With the default step this runs in two batches: h and h/2 first, then h/4 and h/8, except
    for variables where the first two differences agree to within round-off while round-off
    (eps |f| / h) is far above the target accuracy: f is numerically quadratic along them at
    this step but large, so they restart at a wider step that brings round-off down to the
    target (``_wide_steps``), kept only where it checks out (``_widened``).
    """
    if step is not None:  # the user's step: the plain table, in one batch
        h = relative_steps(x, RICHARDSON_BASE, step)
        f = evaluate.along_axes(x, HALVINGS[:, None] * h)
        gradient, error = _extrapolate(f, h, eps=evaluate.eps)
        return Estimate(gradient, median(h), float(np.linalg.norm(error)), f.size)
    h = relative_steps(x, RICHARDSON_BASE, None)
    first = evaluate.along_axes(x, HALVINGS[:4, None] * h)
    noise = evaluate.eps * np.max(np.abs(first), axis=0)
    coarse, coarse_error = _extrapolate(first, h, noise)
    wide = _wide_steps(x, h, coarse, coarse_error, noise)
    if wide is not None:
        return _widened(x, evaluate, h, first, wide, coarse, coarse_error)
    f = np.concatenate([first, evaluate.along_axes(x, HALVINGS[4:, None] * h)])
    gradient, error = _extrapolate(f, h, eps=evaluate.eps)
    return Estimate(gradient, median(h), float(np.linalg.norm(error)), f.size)


def _extrapolate(f: np.ndarray, h: np.ndarray, noise: np.ndarray | None = None,
                 eps: float = EPS) -> tuple[np.ndarray, np.ndarray]:
    """Richardson table over f at x +- h, x +- h/2, ... (``HALVINGS``): result, error estimate.

    The estimate is the change from the table without the smallest step, plus round-off over
    h: ``noise`` when given, else eps max |f| times the table's round-off gain (the sum of its
    weights' sizes on the rounded values).
    """
    levels = f.shape[0] // 2
    table = RICHARDSON_WEIGHTS[levels] @ (f[0::2] - f[1::2]) / h
    if noise is None:
        noise = ROUNDOFF_GAIN[levels] * eps * np.max(np.abs(f), axis=0)
    return table[0], np.abs(table[0] - table[1]) + noise / h


def _richardson_weights(levels: int) -> np.ndarray:
    """Rows: the table's result and its result without the smallest step, as weights on the
    differences f(x + h_j) - f(x - h_j) times h (the table run on unit vectors)."""
    table = np.eye(levels) * (2.0 ** np.arange(-1, levels - 1))[:, None]  # 1 / (2 h_j / h)
    previous = table[-1]
    for order in range(1, levels):
        previous = table[-2]
        table = table[1:] + (table[1:] - table[:-1]) / (4.0**order - 1)
    return np.stack([table[0], previous])


RICHARDSON_WEIGHTS = {levels: _richardson_weights(levels)
                      for levels in range(2, RICHARDSON_LEVELS + 1)}
ROUNDOFF_GAIN = {levels: 2 * float(np.abs(weights[0]).sum())
                 for levels, weights in RICHARDSON_WEIGHTS.items()}


def _wide_steps(x: np.ndarray, h: np.ndarray, coarse: np.ndarray, coarse_error: np.ndarray,
                noise: np.ndarray) -> np.ndarray | None:
    """A wider step per variable where round-off limits the accuracy at h (NaN elsewhere).

    ``coarse`` and its error come from h and h/2; ``noise`` is eps max |f| there. A variable
    qualifies when its two central differences agree to within twice their round-off bound
    (the truncation error is lost in round-off), its first estimate is good to 1% of the
    gradient's norm (so agreeing with it means something), and round-off at h, amplified by
    the three-level table, exceeds ``RICHARDSON_TARGET`` times the gradient's norm. The wider
    step meets that target, and is at most ``RICHARDSON_GROWTH`` times h. None when no
    variable qualifies.
    """
    # coarse_error = 4/3 |D(h) - D(h/2)| + noise / h, so this is |D(h) - D(h/2)| <= 6 noise / h
    lost = coarse_error * h <= 9 * noise
    if not lost.any():
        return None
    scale = float(np.linalg.norm(coarse))
    if not np.isfinite(scale) or scale == 0.0:
        return None
    wanted = np.minimum(RICHARDSON_AMPLIFICATION * noise / (RICHARDSON_TARGET * scale),
                        RICHARDSON_GROWTH * h)
    wide = lost & (coarse_error <= 0.01 * scale) & (wanted > h)
    return np.where(wide, (x + wanted) - x, np.nan) if wide.any() else None


def _widened(x: np.ndarray, evaluate: Evaluator, h: np.ndarray, first: np.ndarray,
             wide: np.ndarray, coarse: np.ndarray, coarse_error: np.ndarray) -> Estimate:
    """Second batch: h/4, h/8 where ``wide`` is NaN, else the table at wide, wide/2, wide/4.

    A wide result replaces the first batch's (h, h/2) only where it is finite, claims a smaller
    error, and agrees with it to within the two error estimates together.
    """
    narrow = np.isnan(wide)
    offsets = HALVINGS[:6, None] * np.where(narrow, h / 4, wide)
    offsets[4:, narrow] = np.nan  # narrow variables need h/4 and h/8 only
    second = evaluate.where_given(x, offsets)
    with np.errstate(all="ignore"):  # wide steps may leave f's domain or overflow
        deep, deep_error = _extrapolate(np.concatenate([first, second[:4]]), h, eps=evaluate.eps)
        far, far_error = _extrapolate(second, wide, eps=evaluate.eps)
    keep = ~narrow & np.isfinite(far) & (far_error < coarse_error) & (
        np.abs(far - coarse) <= coarse_error + far_error)
    gradient = np.where(narrow, deep, np.where(keep, far, coarse))
    error = np.where(narrow, deep_error, np.where(keep, far_error, coarse_error))
    notes = (f"round-off swamped the step for {int(keep.sum())} of {x.size} variables (|f| is "
             f"large): widened to {float(np.median(wide[keep])):.3g}",) if keep.any() else ()
    return Estimate(gradient, median(np.where(keep, wide, h)),
                    float(np.linalg.norm(error)),
                    first.size + int(np.count_nonzero(~np.isnan(offsets))), notes=notes)
