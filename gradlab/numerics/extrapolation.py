"""Richardson extrapolation: central differences at h, 4h/5, 3h/5, 2h/5, h/5 combined so that
the error terms h**2 ... h**8 cancel (error O(h**10)), at steps that make every point exact;
narrower or wider tables for the variables whose error estimate stays high.

Why five equally spaced steps: for ten evaluations per variable their weights amplify f's
rounding less than half as much as halvings h ... h/16 do (relative to the widest step), so
the widest step can be larger. A variable still poor after the narrower and wider tables gets
an 18-point table at wider steps (``HIGHER_PARTS``). ``HALVINGS`` and ``RICHARDSON_WEIGHTS``
(h, h/2, h/4, h/8) remain the Jacobian's table.
"""

from __future__ import annotations

import numpy as np

from ..backends.base import Estimate
from .evaluator import Evaluator
from .resolution import with_unresolved
from .steps import RICHARDSON_BASE, exact_steps, median, relative_steps

RICHARDSON_LEVELS = 4  # the Jacobian's table: h, h/2, h/4, h/8: 8 evaluations per variable
HALVINGS = np.array([s * 0.5**j for j in range(RICHARDSON_LEVELS) for s in (1.0, -1.0)])

def _table_weights(fractions: np.ndarray) -> np.ndarray:
    """Rows: weights on the differences (f(x + s h) - f(x - s h)) / h, s in ``fractions``,
    that give f' with the error terms h**2 ... cancelled (O(h**(2 L))), and the same without
    the smallest step (one term fewer; 0 on it)."""
    def solve(steps: np.ndarray) -> np.ndarray:
        powers = 2 * np.arange(steps.size)[:, None] + 1
        right = np.zeros(steps.size)
        right[0] = 0.5  # f(x + s h) - f(x - s h) = 2 s h f' + ...
        return np.linalg.solve(steps[None, :] ** powers, right)

    return np.stack([solve(fractions), np.append(solve(fractions[:-1]), 0.0)])


STEP_PARTS = 5  # the gradient's table: central differences at h, 4h/5, 3h/5, 2h/5, h/5
FRACTIONS = np.arange(STEP_PARTS, 0, -1) / STEP_PARTS
OFFSETS = np.array([s * f for f in FRACTIONS for s in (1.0, -1.0)])
TABLE_WEIGHTS = _table_weights(FRACTIONS)
TABLE_GAIN = 2 * float(np.abs(TABLE_WEIGHTS[0]).sum())
TABLE_BASE = 2.5 * RICHARDSON_BASE  # the widest step; tuned on bench_accuracy.py's set
RICHARDSON_TARGET = 1e-13  # relative accuracy a widened Richardson step aims at
RICHARDSON_GROWTH = 2.0**20  # a widened step is at most this many times the base step
RETRY_TARGET = 1e-12  # a variable whose error estimate exceeds this (relative) is retried
NARROWING = 16.0  # narrower candidate tables: h / 4, then h / 16, h / 256, h / 4096 ...
FIRST_NARROWING = 4.0  # h / 4 first: where the table at h is limited by truncation near the
# target, h / 4 cuts it 4**10-fold for 4 times the round-off (h / 16 costs 16 times)
NARROW_WINDOWS = 3  # narrower candidates after h / 4 tried for every retried variable
TINY_REACH = 8  # at most this many more for a variable far below 1 in size (steps ~ |x|)
PREFER_WIDER = 3.0  # a wider table within this factor of the best confirmed error is chosen:
# its estimate is mostly |T - T'|, T' two orders below T (pessimistic by orders of magnitude
# where the table converges), a narrower one's mostly the round-off bound (pessimistic ~10x)
HIGHER_PARTS = 9  # last resort, a table of 18 evaluations (O(h**18)) at 2, 4 and 8 times the
# chosen step: where f's rounding needs a wider step than the 10-point table's truncation allows
HIGHER_FRACTIONS = np.arange(HIGHER_PARTS, 0, -1) / HIGHER_PARTS
HIGHER_OFFSETS = np.array([s * f for f in HIGHER_FRACTIONS for s in (1.0, -1.0)])
HIGHER_WEIGHTS = _table_weights(HIGHER_FRACTIONS)
HIGHER_GAIN = 2 * float(np.abs(HIGHER_WEIGHTS[0]).sum())
HIGHER_WIDENINGS = np.array([8.0, 4.0, 2.0])  # widest first, as ``_choose`` reads its rows


def richardson(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    """Central differences at h, 4h/5, ..., h/5 and a Richardson table: error O(h**10).

    The default widest step is ``TABLE_BASE`` max(1, |x_i|), rounded so that every point is
    exact (``exact_steps``); the table runs in one batch. Variables whose error estimate stays
    above ``RETRY_TARGET`` times the gradient's norm get a second batch (``_refined``): the
    same table at narrower steps (h / 4, h / 16, h / 256, ...: truncation near the target,
    or f varying on a scale shorter than h, e.g. sin(x) at x ~ 1e5, where h ~ |x| is far too
    wide) and, where round-off swamps h while f is numerically quadratic there, at a wider
    step (``_wide_steps``); each variable keeps the table whose error estimate is smallest
    among those its neighbours confirm. One still above the target after that gets a third
    batch: an 18-point table at wider steps (``_higher_order``).
    """
    # f(x) too: do the steps resolve f (``resolution``)?
    if step is not None:  # the user's step (the widest): the plain table, in one batch
        h = relative_steps(x, RICHARDSON_BASE, step)
        f, f0 = evaluate.along_axes_and_at(x, OFFSETS[:, None] * h)
        gradient, error, _ = _table(f, h, evaluate.eps, f0)
        return Estimate(gradient, median(h), float(np.linalg.norm(error)), f.size + 1)
    h = exact_steps(x, TABLE_BASE * np.maximum(1.0, np.abs(x)), STEP_PARTS)
    f, f0 = evaluate.along_axes_and_at(x, OFFSETS[:, None] * h)
    table = TABLE_WEIGHTS @ (f[0::2] - f[1::2]) / h
    floor = _variation(x, table[0])
    gradient, error, noise = _errors(table, f, h, evaluate.eps, f0, floor)
    finite = gradient[np.isfinite(gradient)]
    retry = ~(error <= RETRY_TARGET * np.sqrt(finite @ finite))  # NaN and inf errors too
    if not retry.any():
        return Estimate(gradient, median(h), float(np.sqrt(error @ error)), f.size + 1)
    wide = _wide_steps(x, h, gradient, error, noise, retry)
    candidates = (wide, gradient, error, floor)
    return _refined(x, evaluate, h, retry, candidates, f.size + 1, f0)


def _table(f: np.ndarray, h: np.ndarray, eps: float, f0: float, floor: float = 0.0,
           weights: np.ndarray = TABLE_WEIGHTS, gain: float = TABLE_GAIN
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Richardson table over f at x +- h, x +- 4h/5, ... (``OFFSETS``): result, error estimate
    and round-off on f.

    The estimate is the change from the table without the smallest step, plus round-off over
    h: eps times the table's round-off gain (the sum of its weights' sizes on the rounded
    values) times max |f|, never taken below ``floor`` (f's variation,
    ``rounding.variation``: at a zero of f, |f| says nothing of its rounding), and never below
    the steepest slope the samples show where the steps do not resolve f (``resolution``;
    ``f0``: f(x)).
    """
    return _errors(weights @ (f[0::2] - f[1::2]) / h, f, h, eps, f0, floor, gain)


def _errors(table: np.ndarray, f: np.ndarray, h: np.ndarray, eps: float, f0: float,
            floor: float, gain: float = TABLE_GAIN) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    noise = gain * eps * np.maximum(np.max(np.abs(f), axis=0), floor)
    error = np.abs(table[0] - table[1]) + noise / h
    return table[0], with_unresolved(error, f0, (f[0], f[1]), (f[-2], f[-1]), eps), noise


def _variation(x: np.ndarray, gradient: np.ndarray) -> float:
    """``rounding.variation(x, gradient)`` along the axes, without its general machinery (it
    runs on every call): sqrt(sum_i (g_i max(1, |x_i|))**2) over the finite entries."""
    scaled = gradient * np.maximum(1.0, np.abs(x))
    scaled = scaled[np.isfinite(scaled)]
    return float(np.sqrt(scaled @ scaled))


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


def _wide_steps(x: np.ndarray, h: np.ndarray, gradient: np.ndarray, error: np.ndarray,
                noise: np.ndarray, retry: np.ndarray) -> np.ndarray:
    """A wider step per variable where round-off limits the accuracy at h (NaN elsewhere).

    ``noise`` is the table's round-off on f (its gain times eps max |f|). A retried variable
    qualifies when its truncation part |T - T'| is within three times the round-off bound
    (the truncation is lost in round-off), its estimate is good to 10% of the gradient's norm
    (so agreeing with it means something), and the round-off over h exceeds
    ``RICHARDSON_TARGET`` times the gradient's norm. The wider step meets that target, and is
    at most ``RICHARDSON_GROWTH`` times h.
    """
    scale = float(np.linalg.norm(gradient))
    if not np.isfinite(scale) or scale == 0.0:
        return np.full_like(x, np.nan)
    with np.errstate(all="ignore"):
        lost = retry & (error * h <= 4 * noise) & (error <= 0.1 * scale)
        wanted = np.minimum(noise / (RICHARDSON_TARGET * scale), RICHARDSON_GROWTH * h)
    wide = lost & (wanted > h)
    return np.where(wide, exact_steps(x, np.where(wide, wanted, h), STEP_PARTS), np.nan)


def _narrow_steps(x: np.ndarray, h: np.ndarray, retry: np.ndarray, widened: np.ndarray
                  ) -> np.ndarray:
    """Narrower bases h / 4, h / 16, h / 256, ... for the retried variables, shape (windows, n),
    NaN elsewhere: h / 4 and ``NARROW_WINDOWS`` more, plus as many as it takes to reach a step
    scaled by log(e + |x|) instead of |x| (numdifftools' nominal step) where |x| is large. A
    variable ``widened`` (lost in round-off at h, its truncation already below it) gets h / 4
    alone, which confirms or refutes h: narrower ones would only add round-off."""
    size = np.abs(x)
    nominal = np.maximum(1.0, np.log(np.e - 1.0 + size))
    reach = np.ceil(np.log(np.maximum(1.0, size) / nominal) / np.log(NARROWING))
    with np.errstate(divide="ignore"):  # a variable far below 1 in size: down to steps ~ |x|
        tiny = np.ceil(np.log(1.0 / np.where(size > 0, size, 1.0)) / np.log(NARROWING))
    reach += np.where(widened, 0, np.clip(tiny - NARROW_WINDOWS, 0, TINY_REACH))
    first = np.where(widened, 1, NARROW_WINDOWS + 1)
    windows = np.where(retry, first + reach, 0).astype(int)
    depth = np.arange(1, int(windows.max(initial=0)) + 1)[:, None]
    divisors = np.where(depth == 1, FIRST_NARROWING, NARROWING ** (depth - 1.0))
    bases = exact_steps(x, h / divisors, STEP_PARTS)
    return np.where(depth <= windows, bases, np.nan)


def _refined(x: np.ndarray, evaluate: Evaluator, h: np.ndarray, retry: np.ndarray,
             candidates: tuple, first: int, f0: float) -> Estimate:
    """Second batch: the table at the narrow steps of each retried variable, and at its wide
    step where it is lost in round-off;
    each variable keeps the candidate with the smallest confirmed error (``_choose``).
    ``candidates``: the wide steps, and the first batch's gradient, error and noise floor."""
    wide, gradient, error, floor = candidates
    bases = np.vstack([wide[None], h[None], _narrow_steps(x, h, retry, ~np.isnan(wide))])
    bases[1] = np.nan  # the default step's table is already known
    offsets = OFFSETS[None, :, None] * bases[:, None, :]
    f = evaluate.where_given(x, offsets.reshape(-1, x.size)).reshape(offsets.shape)
    values, errors = np.empty_like(bases), np.empty_like(bases)
    with np.errstate(all="ignore"):  # wide steps may leave f's domain or overflow
        for window in range(bases.shape[0]):
            values[window], errors[window], _ = _table(f[window], bases[window],
                                                       evaluate.eps, f0, floor)
    values[1], errors[1], bases[1] = gradient, error, h
    chosen, confirmed = _choose(values, errors)
    columns = np.arange(x.size)
    steps = bases[chosen, columns]
    best = (values[chosen, columns], confirmed[chosen, columns], steps)
    count = first + int(np.count_nonzero(~np.isnan(offsets)))
    notes = _notes(chosen, steps)
    best, extra, widened = _higher_order(x, evaluate, best, f0, floor)
    if widened.any():
        notes += (f"an 18-point table at a wider step for {int(widened.sum())} of {x.size} "
                  "variables",)
    return Estimate(best[0], median(best[2]), float(np.linalg.norm(best[1])), count + extra,
                    notes=notes)


def _higher_order(x: np.ndarray, evaluate: Evaluator, best: tuple, f0: float, floor: float
                  ) -> tuple[tuple, int, np.ndarray]:
    """Third batch, for the variables whose chosen table's confirmed error still exceeds
    ``RETRY_TARGET``: the 18-point table (``HIGHER_PARTS``) at 8, 4 and 2 times the chosen step,
    kept where ``_choose`` prefers it to the chosen one. Returns (value, confirmed error, step)
    per variable, the evaluations it made, and which variables took an 18-point table."""
    value, error, step = best
    finite = value[np.isfinite(value)]
    still = ~(error <= RETRY_TARGET * np.sqrt(finite @ finite))
    if not still.any():
        return best, 0, np.zeros(x.size, dtype=bool)
    wider = np.where(still, HIGHER_WIDENINGS[:, None] * step, np.nan)
    bases = np.vstack([exact_steps(x, wider, HIGHER_PARTS), step[None]])
    offsets = HIGHER_OFFSETS[None, :, None] * bases[:-1, None, :]
    f = evaluate.where_given(x, offsets.reshape(-1, x.size)).reshape(offsets.shape)
    values, errors = np.empty_like(bases), np.empty_like(bases)
    with np.errstate(all="ignore"):  # wider steps may leave f's domain or overflow
        for row in range(bases.shape[0] - 1):
            values[row], errors[row], _ = _table(f[row], bases[row], evaluate.eps, f0, floor,
                                                 HIGHER_WEIGHTS, HIGHER_GAIN)
    values[-1], errors[-1] = value, error
    chosen, confirmed = _choose(values, errors, fallback=bases.shape[0] - 1, prefer_wider=1.0)
    columns = np.arange(x.size)
    kept = (values[chosen, columns], confirmed[chosen, columns], bases[chosen, columns])
    return kept, int(np.count_nonzero(~np.isnan(offsets))), chosen < bases.shape[0] - 1


def _choose(values: np.ndarray, errors: np.ndarray, fallback: int = 1,
            prefer_wider: float = PREFER_WIDER) -> tuple[np.ndarray, np.ndarray]:
    """Per variable (column), the widest candidate (rows: wide, default, narrower...) whose
    confirmed error is within ``prefer_wider`` of the smallest. Confirmed: its own estimate
    where it agrees with the next narrower candidate (the narrowest: the next wider one, never
    the wide step) to within both estimates, else its estimate plus the disagreement. A table
    whose two last columns agree by chance is not confirmed by its neighbour; a candidate with
    no neighbour stands alone. A variable with no usable candidate keeps row ``fallback``."""
    usable = np.isfinite(values) & np.isfinite(errors)
    values, errors = np.where(usable, values, np.nan), np.where(usable, errors, np.inf)
    neighbour = _next_usable(usable)
    wider = _previous_usable(usable)
    neighbour = np.where((neighbour < 0) & (wider >= 1), wider, neighbour)
    found = neighbour >= 0
    near = np.where(found, neighbour, 0)
    columns = np.arange(values.shape[1])
    with np.errstate(invalid="ignore"):
        gap = np.abs(values - values[near, columns]) - errors[near, columns] - errors
    confirmed = errors + np.where(found, np.maximum(np.nan_to_num(gap, nan=0.0), 0.0), 0.0)
    confirmed = np.where(usable, confirmed, np.inf)
    near_best = confirmed <= prefer_wider * np.min(confirmed, axis=0)
    chosen = np.where(usable.any(axis=0), np.argmax(near_best, axis=0), fallback)
    return chosen, confirmed


def _previous_usable(usable: np.ndarray) -> np.ndarray:
    """Index of the nearest usable row above each entry (-1 where none)."""
    out = np.full(usable.shape, -1)
    last = np.full(usable.shape[1], -1)
    for row in range(usable.shape[0]):
        out[row] = last
        last = np.where(usable[row], row, last)
    return out


def _next_usable(usable: np.ndarray) -> np.ndarray:
    """Index of the nearest usable row below each entry (-1 where none)."""
    flipped = _previous_usable(usable[::-1])[::-1]
    return np.where(flipped >= 0, usable.shape[0] - 1 - flipped, -1)


def _notes(chosen: np.ndarray, steps: np.ndarray) -> tuple[str, ...]:
    notes = []
    for row, what in ((0, "round-off swamped the step: widened"),
                      (None, "f varies on a shorter scale than the step: narrowed")):
        picked = chosen == 0 if row == 0 else chosen >= 2
        if picked.any():
            notes.append(f"{what} for {int(picked.sum())} of {chosen.size} variables, to "
                         f"{float(np.median(steps[picked])):.3g}")
    return tuple(notes)
