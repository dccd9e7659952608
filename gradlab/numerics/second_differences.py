"""Hessians and Hessian-vector products by second differences, with error estimates.

The step: a second difference loses eps |f| / h**2 to round-off and gains h**2 truncation, so
the best step is h ~ eps**(1/4) (scaled like the gradient's: max(1, |x_i|)), about 30 times
the gradient's central step; the error is then about sqrt(eps) relative (1e-8).

- H_ii = (f(x + h e_i) - 2 f(x) + f(x - h e_i)) / h**2
- H_ij = (f(++) - f(+-) - f(-+) + f(--)) / (4 h_i h_j), ``+-`` meaning x + h_i e_i - h_j e_j
- (H v)_i: the central difference along v of the central gradient's i-th entry, that is the
  same four-point formula with e_j replaced by v (4n evaluations instead of 2n**2).

Each uses the offsets x + h - x and x - (x - h) as really taken in floating point. The error
estimate is the truncation (from the same formula at twice the step: its error is O(h**2),
so |H(h) - H(2h)| / 3) plus round-off: f's rounding times the sum of the formula's weights'
sizes, f's rounding taken as ``F_ROUNDING`` ulps of its largest value (a computed f carries
several roundings; at the best step round-off is half the error, so one ulp is too few), and
never below ulps of f's variation |df/dx_i max(1, |x_i|)|_2: at a zero of f (gammaln near 1)
|f| says nothing of the absolute rounding of the intermediates f is computed from.
Richardson's versions run the formula at h, h/2, h/4 and extrapolate (error O(h**6)); the
Hessian widens the steps of axes lost in round-off (|f| large next to H, as in Brown's badly
scaled function), checked at two wide scales.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..backends.base import Estimate
from .array_evaluator import ArrayEvaluator
from .rounding import variation
from .steps import EPS, median

HESSIAN_BASE = EPS ** (1 / 4)  # truncation h**2 balances round-off eps / h**2
F_ROUNDING = 4.0  # ulps of |f| a computed f may be off by
RICHARDSON_HESSIAN_LEVELS = 3  # h, h/2, h/4: error O(h**6)
RICHARDSON_HESSIAN_BASE = EPS ** (1 / 8)  # truncation h**6 balances round-off eps / h**2
HESSIAN_TARGET = 1e-12  # relative round-off a widened Richardson Hessian step aims at
HESSIAN_LOST = 1e-6  # relative round-off above which the Richardson Hessian widens its steps
HESSIAN_GROWTH = 2.0**20  # a widened Hessian step is at most this many times the base step

# one formula at one scale: (value, round-off bound, evaluations)
Formula = Callable[[float], tuple[np.ndarray, np.ndarray, int]]


def hessian_steps(x: np.ndarray, base: float, step: float | None) -> np.ndarray:
    """The step along each axis: base * max(1, |x_i|), or the user's step."""
    return np.full_like(x, step) if step is not None else base * np.maximum(1.0, np.abs(x))


def second_differences(x: np.ndarray, evaluate: ArrayEvaluator,
                       h: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """The Hessian by second differences at steps ``h``: (H, round-off bound per entry,
    evaluations). 1 + 2n + 2n(n - 1) evaluations, in bounded batches."""
    n = x.size
    up, down = (x + h) - x, x - (x - h)
    first, second = np.triu_indices(n, 1)
    pairs = first.size
    signs = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]])

    def offsets(index: np.ndarray) -> np.ndarray:
        out = np.zeros((n, index.size))
        column = np.arange(index.size)
        diagonal = index < 2 * n  # x + up_i e_i for index i < n, x - down_i e_i for n <= i < 2n
        axis, minus = index[diagonal] % n, index[diagonal] >= n
        out[axis, column[diagonal]] = np.where(minus, -down[axis], up[axis])
        rest = index[~diagonal] - 2 * n
        pair, corner = rest // 4, rest % 4
        i, j = first[pair], second[pair]
        out[i, column[~diagonal]] = np.where(signs[corner, 0] > 0, up[i], -down[i])
        out[j, column[~diagonal]] = np.where(signs[corner, 1] > 0, up[j], -down[j])
        return out

    f0 = float(evaluate(x[:, None])[0, 0])
    f = evaluate.columns(x, 2 * n + 4 * pairs, offsets)[:, 0]
    plus, minus, corners = f[:n], f[n:2 * n], f[2 * n:].reshape(pairs, 4)
    hessian = np.empty((n, n))
    width = up + down
    hessian[np.diag_indices(n)] = 2 * ((plus - f0) / up - (f0 - minus) / down) / width
    mixed = (corners[:, 0] - corners[:, 1] - corners[:, 2] + corners[:, 3]) / (
        width[first] * width[second])
    hessian[first, second] = hessian[second, first] = mixed
    size = np.full((n, n), abs(f0))
    size[np.diag_indices(n)] = np.maximum(size.diagonal(), np.maximum(abs(plus), abs(minus)))
    corner_size = np.max(np.abs(corners), axis=1) if pairs else np.empty(0)
    size[first, second] = size[second, first] = np.maximum(abs(f0), corner_size)
    gain = 4 / np.outer(width, width)
    gain[np.diag_indices(n)] = 4 / (up * down)  # 2/(up w) + 2 (1/up + 1/down)/w + 2/(down w)
    size = np.maximum(size, float(variation(x, (plus - minus) / width)))
    return hessian, F_ROUNDING * evaluate.eps * size * gain, 1 + f.size



def central_hessian(x: np.ndarray, evaluate: ArrayEvaluator, step: float | None) -> Estimate:
    """Second differences at h, checked against 2h (truncation) plus round-off."""
    h = hessian_steps(x, HESSIAN_BASE, step)
    return _two_scales(lambda s: second_differences(x, evaluate, s * h), h)


def richardson_hessian(x: np.ndarray, evaluate: ArrayEvaluator,
                       step: float | None) -> Estimate:
    """Second differences at h, h/2, h/4 extrapolated (error O(h**6)).

    With the default step, axes whose entries are lost in round-off (|f| large next to the
    Hessian: its truncation part is within the round-off, and both exceed
    ``HESSIAN_TARGET`` of the Hessian's norm) run the table once more at a wider step
    (``_wide_axes``); an entry keeps the wide value where it claims a smaller error and agrees
    with the first to within both estimates.
    """
    h = hessian_steps(x, RICHARDSON_HESSIAN_BASE, step)
    value, truncation, roundoff, count = _table(
        lambda s: second_differences(x, evaluate, s * h))
    error = truncation + roundoff
    widen = None if step is not None else _wide_axes(value, truncation, roundoff)
    if widen is None:
        return Estimate(value, median(h), float(np.linalg.norm(error)), count)
    wide, wide_error, wide_count = _widened(x, evaluate, h, widen)
    # the wide table again at an eighth of the widening: a bounded f oscillating at the wide
    # step gives second differences ~ 1 / h**2 that agree with themselves by chance
    check, check_error, check_count = _widened(x, evaluate, h, np.maximum(widen / 8, 1.0))
    wide_count += check_count
    with np.errstate(invalid="ignore"):
        keep = np.isfinite(wide) & (wide_error < error) & (
            np.abs(wide - value) <= error + wide_error) & (
            np.abs(wide - check) <= wide_error + check_error)
    notes = (f"round-off swamped the step for {int(keep.sum())} of {keep.size} entries (|f| "
             f"is large): widened up to {float(np.max(widen)):.3g} times",) if keep.any() else ()
    return Estimate(np.where(keep, wide, value), median(h),
                    float(np.linalg.norm(np.where(keep, wide_error, error))),
                    count + wide_count, notes=notes)


def _widened(x: np.ndarray, evaluate: ArrayEvaluator, h: np.ndarray, widen: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, int]:
    value, truncation, roundoff, count = _table(
        lambda s: second_differences(x, evaluate, s * widen * h))
    return value, truncation + roundoff, count


def _wide_axes(value: np.ndarray, truncation: np.ndarray, roundoff: np.ndarray
               ) -> np.ndarray | None:
    """Per axis, how many times wider a step brings its entries' round-off (which falls as
    1 / h**2) down to ``HESSIAN_TARGET`` of the Hessian's norm, at most ``HESSIAN_GROWTH``;
    only axes with an entry lost in round-off (truncation part within twice the round-off,
    round-off above ``HESSIAN_LOST`` of the norm) widen. None when no axis does."""
    scale = float(np.linalg.norm(value))
    if not np.isfinite(scale) or scale == 0.0:
        return None
    target = HESSIAN_TARGET * scale
    lost = (truncation <= 2 * roundoff) & (roundoff > HESSIAN_LOST * scale)
    if not lost.any():
        return None
    worst = np.max(np.where(lost, roundoff, 0.0), axis=1)
    return np.clip(np.sqrt(worst / target), 1.0, HESSIAN_GROWTH)


def hvp_differences(x: np.ndarray, v: np.ndarray, evaluate: ArrayEvaluator,
                    h: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray, int]:
    """H v by central differences along v (step t) of the central gradient (steps h):
    (H v, round-off bound per entry, 4n evaluations)."""
    n = x.size
    up, down = (x + h) - x, x - (x - h)
    signs = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]])

    def offsets(index: np.ndarray) -> np.ndarray:
        axis, corner = index // 4, index % 4
        out = np.outer(v, signs[corner, 1] * t)
        out[axis, np.arange(index.size)] += np.where(signs[corner, 0] > 0, up[axis], -down[axis])
        return out

    f = evaluate.columns(x, 4 * n, offsets)[:, 0].reshape(n, 4)
    width = (up + down) * 2 * t
    product = (f[:, 0] - f[:, 1] - f[:, 2] + f[:, 3]) / width
    gradient = (f[:, 0] + f[:, 1] - f[:, 2] - f[:, 3]) / (2 * (up + down))
    size = np.maximum(np.max(np.abs(f), axis=1), float(variation(x, gradient)))
    return product, F_ROUNDING * evaluate.eps * size * 4 / width, f.size


def hvp_step(x: np.ndarray, v: np.ndarray, base: float, step: float | None) -> float:
    """The step along v: t max |v| moves x like the Hessian's own steps."""
    move = step if step is not None else base * max(1.0, float(np.max(np.abs(x), initial=0.0)))
    return float(move / np.max(np.abs(v)))


def central_hvp(x: np.ndarray, v: np.ndarray, evaluate: ArrayEvaluator,
                step: float | None) -> Estimate:
    """H v from differences of the central gradient along v, checked against twice the steps."""
    if not np.any(v):
        return _zero(x, evaluate)
    h = hessian_steps(x, HESSIAN_BASE, step)
    t = hvp_step(x, v, HESSIAN_BASE, step)
    return _two_scales(lambda s: hvp_differences(x, v, evaluate, s * h, s * t), h)


def richardson_hvp(x: np.ndarray, v: np.ndarray, evaluate: ArrayEvaluator,
                   step: float | None) -> Estimate:
    """H v from gradient differences along v at h, h/2, h/4, extrapolated."""
    if not np.any(v):
        return _zero(x, evaluate)
    h = hessian_steps(x, RICHARDSON_HESSIAN_BASE, step)
    t = hvp_step(x, v, RICHARDSON_HESSIAN_BASE, step)
    return _extrapolated(lambda s: hvp_differences(x, v, evaluate, s * h, s * t), h)


def _zero(x: np.ndarray, evaluate: ArrayEvaluator) -> Estimate:
    evaluate(x[:, None])
    return Estimate(np.zeros(x.size), None, 0.0, 1, ("v = 0: H v = 0",))


def _two_scales(formula: Formula, h: np.ndarray) -> Estimate:
    value, roundoff, count = formula(1.0)
    wide, wide_roundoff, wide_count = formula(2.0)
    # |H(h) - H(2h)| / 3 is the truncation at h up to the round-off of both values
    truncation = np.abs(value - wide) / 3
    error = truncation + roundoff + (roundoff + wide_roundoff) / 3
    return Estimate(value, median(h), float(np.linalg.norm(error)), count + wide_count)


def _extrapolated(formula: Formula, h: np.ndarray) -> Estimate:
    value, truncation, roundoff, count = _table(formula)
    return Estimate(value, median(h), float(np.linalg.norm(truncation + roundoff)), count)


def _table(formula: Formula) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The formula at h, h/2, h/4 extrapolated: (value, truncation estimate |T - T'|, its
    round-off bound, evaluations)."""
    levels = RICHARDSON_HESSIAN_LEVELS
    runs = [formula(0.5**level) for level in range(levels)]
    weights = richardson_weights(levels)
    values = np.stack([run[0] for run in runs])
    roundoffs = np.stack([run[1] for run in runs])
    with np.errstate(invalid="ignore", over="ignore"):
        table = np.tensordot(weights, values, axes=1)
    roundoff = np.tensordot(np.abs(weights[0]), roundoffs, axes=1)
    return table[0], np.abs(table[0] - table[1]), roundoff, sum(run[2] for run in runs)


def richardson_weights(levels: int) -> np.ndarray:
    """Weights on values at h, h/2, h/4, ... whose error expands in even powers of h: the
    table's result and its result without the smallest step (rows)."""
    table = np.eye(levels)
    previous = table[-1]
    for order in range(1, levels):
        previous = table[-2]
        table = table[1:] + (table[1:] - table[:-1]) / (4.0**order - 1)
    return np.stack([table[0], previous])
