"""``finite-diff``: central, forward, complex-step, Richardson and scipy's approx_fprime.

Perturbed points are evaluated as one vectorised batch (a trailing batch axis on every
variable) when the function allows it, checked against direct calls, else one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError, InputError
from ..problem import Problem, check_one_output, check_scalar_output
from .base import Compiled, Engine, Estimate
from .fd_namespaces import COMPLEX_SAFE, batch_namespace
from .rebind import Namespace, rebind, translation_for

EPS = np.finfo(np.float64).eps
RICHARDSON_LEVELS = 4  # central differences at h, h/2, h/4, h/8: 8 evaluations per variable
HALVINGS = np.array([s * 0.5**j for j in range(RICHARDSON_LEVELS) for s in (1.0, -1.0)])
RICHARDSON_BASE = EPS ** (1 / 9)
RICHARDSON_TARGET = 1e-13  # relative accuracy a widened Richardson step aims at
RICHARDSON_GROWTH = 2.0**20  # a widened step is at most this many times the base step
RICHARDSON_AMPLIFICATION = 297 / 45  # round-off gain of three halvings: (1 + 40 + 256) / 45
CHUNK_ELEMENTS = 1 << 21  # values in one batch of perturbed points (16 MiB of float64)
CS_STEP = 1e-20
CHECKABLE = 1e-3  # a check whose error estimate exceeds this share of the gradient: too weak
UNVERIFIED = "unverified: "  # a note that starts so makes the row "unverified" (gradlab.results)


class FiniteDiff(Engine):
    """Finite differences with an error estimate; ``method=`` picks the variant."""

    name = "finite-diff"
    description = "finite differences: central, forward, complex step, Richardson, scipy"
    requires = "scipy"
    exact = False
    variants = ("central", "forward", "complex-step", "richardson", "scipy")
    options = ("step", "batch")
    fixed_step_variants = ("complex-step",)  # no round-off: its own tiny step is best
    check_rank = 0  # Richardson's estimate can back a camp numerically
    check_variant = "richardson"

    def compile(self, problem: Problem, method: str = "central", step: float | None = None,
                batch: bool = True) -> Compiled:
        if method not in self.variants:
            raise InputError(f"{self.name} has no method {method!r}; choose from "
                             + ", ".join(self.variants))
        check_step(self.name, step)
        evaluate = Evaluator(problem, problem.func, batch)
        if method == "complex-step":
            complex_func = rebind(problem.func, translation_for(
                "complex-step", Namespace("complex-step", np, COMPLEX_SAFE, np)))
            cs = Evaluator(problem, complex_func, batch, dtype=complex)

            def estimator(x: np.ndarray) -> Estimate:
                return complex_step(x, cs, evaluate, step)
        else:
            chosen = METHODS[method]

            def estimator(x: np.ndarray) -> Estimate:
                return chosen(x, evaluate, step)

        if method == "central":  # the fast path skips the second step used for the estimate
            return Compiled(lambda x: central_gradient(x, evaluate, step), estimator=estimator)
        if method == "scipy":  # the fast path is approx_fprime alone, without the second step
            return Compiled(lambda x: scipy_fprime(x, evaluate, step, estimate=False).gradient,
                            estimator=estimator)
        return Compiled(lambda x: estimator(x).gradient, estimator=estimator)

    def code(self, problem: Problem, method: str = "central", **_: Any) -> str:
        from .snippets import finite_diff_snippet

        return finite_diff_snippet(problem, method)


class Evaluator:
    """f at many points: one vectorised call when f allows it (checked), else a loop."""

    def __init__(self, problem: Problem, func: Callable[..., Any], batch: bool = True,
                 dtype: type = float):
        self.problem, self.func, self.dtype = problem, func, dtype
        self.batch: bool | None = None if batch else False  # None: not tried yet
        self.batched_func = rebind(func, translation_for("batch", batch_namespace()))
        self.count = 0
        self.eps = EPS  # the precision f computes in: float32 code (e.g. jax.numpy) has less

    def along_axes(self, x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """f(x + offsets[j, i] e_i) for every j and i, shape (k, n), built in bounded chunks."""
        k, n = offsets.shape
        total, width = k * n, max(1, CHUNK_ELEMENTS // n)
        flat_offsets = offsets.ravel()
        if total <= width:  # one batch: the usual case
            block = np.repeat(x[:, None], total, axis=1)
            columns = np.arange(total)
            block[columns % n, columns] += flat_offsets
            return self(block).reshape(k, n)
        values = np.empty(total, dtype=self.dtype)
        for start in range(0, total, width):
            index = np.arange(start, min(start + width, total))
            block = np.repeat(x[:, None], index.size, axis=1)
            block[index % n, np.arange(index.size)] += flat_offsets[index]
            values[index] = self(block)
        return values.reshape(k, n)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """``points`` has shape (n, m); returns f at each column, shape (m,)."""
        self.count += points.shape[1]
        if self.batch is not False and points.shape[1] > 1:
            values = self._batched(points)
            if values is not None:
                return values
        return np.array([self.one(points[:, j]) for j in range(points.shape[1])])

    def one(self, x: np.ndarray) -> Any:
        value = self.problem.call(self.func, x)
        self._note_precision(value)
        if self.dtype is complex:
            return _complex_scalar(value, self.problem)
        return check_scalar_output(value, self.problem.label)

    def _note_precision(self, value: Any) -> None:
        dtype = getattr(value, "dtype", None)
        if dtype is not None and np.issubdtype(dtype, np.inexact):
            self.eps = max(self.eps, float(np.finfo(dtype).eps))

    def _batched(self, points: np.ndarray) -> np.ndarray | None:
        try:
            with np.errstate(all="ignore"):
                values = np.asarray(self.problem.call(self.batched_func, points))
            self._note_precision(values)
        except Exception:
            self.batch = False
            return None
        if values.shape != (points.shape[1],):
            self.batch = False
            return None
        if self.batch is None:  # first batch: check it against direct calls before trusting it
            some = sorted({0, points.shape[1] // 2, points.shape[1] - 1})
            direct = np.array([self.one(points[:, j]) for j in some])
            self.batch = bool(np.allclose(values[some], direct, rtol=1e-13, atol=0))
            if not self.batch:
                return None
        return values


def _complex_scalar(value: Any, problem: Problem) -> complex:
    array = np.asarray(value)
    check_one_output(array.shape, problem.label, "finite-diff:complex-step")
    return complex(array.reshape(()))


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


def _central_steps(x: np.ndarray, step: float | None) -> np.ndarray:
    return EPS ** (1 / 3) * np.maximum(1.0, np.abs(x)) if step is None else np.full_like(x, step)


def central_gradient(x: np.ndarray, evaluate: Evaluator, step: float | None) -> np.ndarray:
    """The fast path: 2n evaluations, scipy's 3-point step and formula, exactly."""
    h = _central_steps(x, step)
    f = evaluate.along_axes(x, np.stack([h, -h]))
    return (f[0] - f[1]) / ((x + h) - (x - h))


def central(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    """Central differences with an error estimate from a second step (4n evaluations)."""
    h = _central_steps(x, step)
    f = evaluate.along_axes(x, np.stack([h, -h, 2 * h, -2 * h]))
    d1 = (f[0] - f[1]) / ((x + h) - (x - h))
    d2 = (f[2] - f[3]) / ((x + 2 * h) - (x - 2 * h))
    truncation = np.abs(d1 - d2) / 3
    roundoff = evaluate.eps * np.max(np.abs(f[:2]), axis=0) / h  # f's rounding, over the step
    return Estimate(d1, float(np.median(h)), float(np.linalg.norm(truncation + roundoff)),
                    4 * x.size)


def forward(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    h = relative_steps(x, EPS ** 0.5, step)
    f0 = evaluate(x[:, None])[0]
    f = evaluate.along_axes(x, np.stack([h, 2 * h]))
    d1 = (f[0] - f0) / h
    d2 = (f[1] - f0) / (2 * h)
    error = np.abs(d2 - d1) + 2 * evaluate.eps * max(abs(f0), float(np.max(np.abs(f[0])))) / h
    return Estimate(d1, float(np.median(h)), float(np.linalg.norm(error)), 2 * x.size + 1)


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
        return Estimate(gradient, _median(h), float(np.linalg.norm(error)), f.size)
    h = relative_steps(x, RICHARDSON_BASE, None)
    first = evaluate.along_axes(x, HALVINGS[:4, None] * h)
    noise = evaluate.eps * np.max(np.abs(first), axis=0)
    coarse, coarse_error = _extrapolate(first, h, noise)
    wide = _wide_steps(x, h, coarse, coarse_error, noise)
    if wide is not None:
        return _widened(x, evaluate, h, first, wide, coarse, coarse_error)
    f = np.concatenate([first, evaluate.along_axes(x, HALVINGS[4:, None] * h)])
    gradient, error = _extrapolate(f, h, eps=evaluate.eps)
    return Estimate(gradient, _median(h), float(np.linalg.norm(error)), f.size)


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


def _median(values: np.ndarray) -> float:
    """np.median for a 1-D array, without its overhead."""
    ordered = np.sort(values)
    middle = ordered.size // 2
    if ordered.size % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / 2)


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
    second = _along(evaluate, x, offsets)
    with np.errstate(all="ignore"):  # wide steps may leave f's domain or overflow
        deep, deep_error = _extrapolate(np.concatenate([first, second[:4]]), h, eps=evaluate.eps)
        far, far_error = _extrapolate(second, wide, eps=evaluate.eps)
    keep = ~narrow & np.isfinite(far) & (far_error < coarse_error) & (
        np.abs(far - coarse) <= coarse_error + far_error)
    gradient = np.where(narrow, deep, np.where(keep, far, coarse))
    error = np.where(narrow, deep_error, np.where(keep, far_error, coarse_error))
    notes = (f"round-off swamped the step for {int(keep.sum())} of {x.size} variables (|f| is "
             f"large): widened to {float(np.median(wide[keep])):.3g}",) if keep.any() else ()
    return Estimate(gradient, _median(np.where(keep, wide, h)),
                    float(np.linalg.norm(error)),
                    first.size + int(np.count_nonzero(~np.isnan(offsets))), notes=notes)


def _along(evaluate: Evaluator, x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """f(x + offsets[j, i] e_i) where the offset is not NaN (NaN elsewhere): one batch, chunked."""
    rows, axes = np.nonzero(~np.isnan(offsets))
    values = np.full(offsets.shape, np.nan)
    width = max(1, CHUNK_ELEMENTS // x.size)
    for start in range(0, axes.size, width):
        part = slice(start, start + width)
        block = np.repeat(x[:, None], axes[part].size, axis=1)
        block[axes[part], np.arange(axes[part].size)] += offsets[rows[part], axes[part]]
        values[rows[part], axes[part]] = evaluate(block)
    return values


def scipy_fprime(x: np.ndarray, evaluate: Evaluator, step: float | None,
                 estimate: bool = True) -> Estimate:
    """scipy.optimize.approx_fprime (forward differences, absolute step). Its error estimate
    comes from a second run at twice the step (truncation) plus f's rounding over the step."""
    from scipy.optimize import approx_fprime

    epsilon = EPS**0.5 if step is None else float(step)
    count = evaluate.count
    g = np.asarray(approx_fprime(x, lambda p: evaluate(p[:, None])[0], epsilon), dtype=float)
    if not estimate:
        return Estimate(g, epsilon, None, evaluate.count - count)
    f0 = evaluate(x[:, None])[0]
    wide = np.asarray(approx_fprime(x, lambda p: evaluate(p[:, None])[0], 2 * epsilon),
                      dtype=float)
    taken = np.abs((x + epsilon) - x)  # the step x + h - x that the difference really spans
    taken = np.where(taken > 0, taken, EPS**0.5 * np.maximum(1.0, np.abs(x)))
    error = np.abs(wide - g) + 2 * evaluate.eps * abs(f0) / taken
    return Estimate(g, epsilon, float(np.linalg.norm(error)), evaluate.count - count)


def complex_step(x: np.ndarray, cs: Evaluator, real: Evaluator, step: float | None) -> Estimate:
    """Im f(x + ih e_k) / h, checked against central differences (complex step silently gives
    a wrong answer where f is not complex-analytic); "unverified" where that check cannot be
    made."""
    h = CS_STEP if step is None else step
    n = x.size
    g = _imaginary_parts(x, cs, h)
    # a second step, not a power of 2 apart (those round alike): the change shows round-off
    # from cancelling imaginary parts (exp(x) - 1 near 0) and, for a large step, truncation
    error = cs.eps * np.abs(g) + np.abs(g - _imaginary_parts(x, cs, 3 * h))
    evals = 2 * n
    suited = None if cs.eps <= EPS else cs.eps ** (1 / 3) * max(1.0, float(np.max(np.abs(x))))
    check = central(x, real, suited)  # a step suited to f's precision (float32 code too)
    estimate = Estimate(g, h, float(np.linalg.norm(error)), evals + check.n_evals)
    scale = float(np.linalg.norm(g)) or 1.0
    if not (np.all(np.isfinite(check.gradient)) and np.isfinite(check.error_estimate)):
        estimate.notes = (f"{UNVERIFIED}central differences, which check that f is "
                          "complex-analytic here, are not finite "
                          f"({np.round(check.gradient, 6).tolist()}), so nothing checked it",)
        return estimate
    tolerance = 100 * check.error_estimate + 1e-6 * max(np.linalg.norm(check.gradient), 1.0)
    if np.linalg.norm(g - check.gradient) > tolerance:
        raise BackendError(
            "finite-diff:complex-step",
            "the complex-step gradient disagrees with central differences, so the function is "
            "not complex-analytic here (abs(), comparisons, float() or real-only calls drop the "
            f"imaginary part): complex step {np.round(g, 6).tolist()} vs central "
            f"{np.round(check.gradient, 6).tolist()}")
    if check.error_estimate > CHECKABLE * scale:
        estimate.notes = (f"{UNVERIFIED}central differences, which check that f is "
                          "complex-analytic here, are too inaccurate at this point (error "
                          f"estimate {check.error_estimate:.1e}) to confirm it",)
    else:
        estimate.notes = ("checked against central differences",)
    return estimate


def _imaginary_parts(x: np.ndarray, cs: Evaluator, h: float) -> np.ndarray:
    try:
        f = cs.along_axes(x.astype(complex), np.full((1, x.size), 1j * h))[0]
    except TypeError as err:
        raise BackendError("finite-diff:complex-step",
                           f"the function is not complex-safe ({err}); complex step needs code "
                           "that accepts complex numbers") from None
    return f.imag / h


METHODS: dict[str, Callable[..., Estimate]] = {
    "central": central, "forward": forward, "richardson": richardson, "scipy": scipy_fprime,
}
