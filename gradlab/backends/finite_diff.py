"""``finite-diff``: central, forward, complex-step, Richardson and scipy's approx_fprime.

Perturbed points are evaluated as one vectorised batch (a trailing batch axis on every
variable) when the function allows it, checked against direct calls, else one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError
from ..problem import Problem, check_scalar_output
from ..translate import Namespace, rebind, translation_for
from .base import Backend, Compiled, Estimate

EPS = np.finfo(np.float64).eps
RICHARDSON_LEVELS = 4  # central differences at h, h/2, h/4, h/8: 8 evaluations per variable
RICHARDSON_BASE = EPS ** (1 / 9)
CHUNK_ELEMENTS = 1 << 21  # values in one batch of perturbed points (16 MiB of float64)
CS_STEP = 1e-20


class FiniteDiff(Backend):
    variants = ("central", "forward", "complex-step", "richardson", "scipy")

    def __init__(self) -> None:
        super().__init__(
            name="finite-diff", requires="scipy", exact=False,
            options=("method", "step", "batch"),
            description="finite differences: central, forward, complex step, Richardson, scipy",
        )

    def compile(self, problem: Problem, method: str = "central", step: float | None = None,
                batch: bool = True) -> Compiled:
        if method not in self.variants:
            raise BackendError(self.name, f"unknown method {method!r}; choose from "
                               + ", ".join(self.variants))
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
        return Compiled(lambda x: estimator(x).gradient, estimator=estimator)

    def code(self, problem: Problem, method: str = "central", **_: Any) -> str:
        from ..snippets import finite_diff_snippet

        return finite_diff_snippet(problem, method)


class Evaluator:
    """f at many points: one vectorised call when f allows it (checked), else a loop."""

    def __init__(self, problem: Problem, func: Callable[..., Any], batch: bool = True,
                 dtype: type = float):
        self.problem, self.func, self.dtype = problem, func, dtype
        self.batch: bool | None = None if batch else False  # None: not tried yet
        self.batched_func = rebind(func, translation_for("batch", batch_namespace()))
        self.count = 0

    def along_axes(self, x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """f(x + offsets[j, i] e_i) for every j and i, shape (k, n), built in bounded chunks."""
        k, n = offsets.shape
        total, width = k * n, max(1, CHUNK_ELEMENTS // n)
        flat_offsets = offsets.ravel()
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
        if self.dtype is complex:
            return _complex_scalar(value, self.problem)
        return check_scalar_output(value, self.problem.label)

    def _batched(self, points: np.ndarray) -> np.ndarray | None:
        try:
            with np.errstate(all="ignore"):
                values = np.asarray(self.problem.call(self.batched_func, points))
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


def batch_namespace() -> Namespace:
    """numpy whose whole-array reductions reduce over axis 0 only.

    A batch holds one perturbed point per column (the variables along axis 0), so
    ``np.sum(x**2)`` written for one point gives one sum per point. Whether this is right for
    a given function is checked against direct calls before a batch is trusted.
    """

    def per_column(reduce: Callable[..., Any]) -> Callable[..., Any]:
        def reduced(a: Any, axis: Any = None, **kwargs: Any) -> Any:
            return reduce(a, axis=0 if axis is None and np.ndim(a) > 1 else axis, **kwargs)

        return reduced

    table = {name: per_column(getattr(np, name))
             for name in ("sum", "prod", "mean", "max", "min", "amax", "amin", "nansum")}
    linalg = Namespace("batch", np.linalg, {"norm": per_column(np.linalg.norm)}, np.linalg)
    return Namespace("batch", np, table, np, {"linalg": linalg})


def _complex_scalar(value: Any, problem: Problem) -> complex:
    array = np.asarray(value)
    if array.size != 1:
        raise BackendError("finite-diff:complex-step", f"{problem.label} returns an array")
    return complex(array.reshape(()))


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
    d2 = (f[2] - f[3]) / (4 * h)
    truncation = np.abs(d1 - d2) / 3
    roundoff = EPS * np.max(np.abs(f[:2]), axis=0) / h
    return Estimate(d1, float(np.median(h)), float(np.linalg.norm(truncation + roundoff)),
                    4 * x.size)


def forward(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    h = relative_steps(x, EPS ** 0.5, step)
    f0 = evaluate(x[:, None])[0]
    f = evaluate.along_axes(x, np.stack([h, 2 * h]))
    d1 = (f[0] - f0) / h
    d2 = (f[1] - f0) / (2 * h)
    error = np.abs(d2 - d1) + 2 * EPS * abs(f0) / h
    return Estimate(d1, float(np.median(h)), float(np.linalg.norm(error)), 2 * x.size + 1)


def richardson(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    h = relative_steps(x, RICHARDSON_BASE, step)
    levels = [h / 2**j for j in range(RICHARDSON_LEVELS)]
    offsets = np.stack([s for hj in levels for s in (hj, -hj)])
    f = evaluate.along_axes(x, offsets)
    table = [(f[2 * j] - f[2 * j + 1]) / (2 * levels[j]) for j in range(RICHARDSON_LEVELS)]
    previous = table[-1]
    for order in range(1, RICHARDSON_LEVELS):
        factor = 4.0**order - 1
        previous = table[-2]
        table = [table[j] + (table[j] - table[j - 1]) / factor for j in range(1, len(table))]
    error = np.abs(table[-1] - previous) + EPS * np.max(np.abs(f), axis=0) / h
    return Estimate(table[-1], float(np.median(h)), float(np.linalg.norm(error)),
                    2 * RICHARDSON_LEVELS * x.size)


def scipy_fprime(x: np.ndarray, evaluate: Evaluator, step: float | None) -> Estimate:
    from scipy.optimize import approx_fprime

    epsilon = EPS**0.5 if step is None else step
    count = evaluate.count
    g = approx_fprime(x, lambda p: evaluate(p[:, None])[0], epsilon)
    return Estimate(np.asarray(g, dtype=float), epsilon, None, evaluate.count - count)


def complex_step(x: np.ndarray, cs: Evaluator, real: Evaluator, step: float | None) -> Estimate:
    h = CS_STEP if step is None else step
    n = x.size
    try:
        f = cs.along_axes(x.astype(complex), np.full((1, n), 1j * h))[0]
    except TypeError as err:
        raise BackendError("finite-diff:complex-step",
                           f"the function is not complex-safe ({err}); complex step needs code "
                           "that accepts complex numbers") from None
    g = f.imag / h
    check = central(x, real, None)
    tolerance = 100 * check.error_estimate + 1e-6 * max(np.linalg.norm(check.gradient), 1.0)
    if np.linalg.norm(g - check.gradient) > tolerance:
        raise BackendError(
            "finite-diff:complex-step",
            "the complex-step gradient disagrees with central differences, so the function is "
            "not complex-analytic here (abs(), comparisons, float() or real-only calls drop the "
            f"imaginary part): complex step {np.round(g, 6).tolist()} vs central "
            f"{np.round(check.gradient, 6).tolist()}")
    return Estimate(g, h, float(EPS * np.linalg.norm(g)) + 0.0, n + check.n_evals,
                    notes=("checked against central differences",))


METHODS: dict[str, Callable[..., Estimate]] = {
    "central": central, "forward": forward, "richardson": richardson, "scipy": scipy_fprime,
}


def _complex_arctan2(y: Any, x: Any) -> Any:
    """arctan2 continued analytically (numpy's arctan2 refuses complex input)."""
    x_real, y_real = np.real(x), np.real(y)
    turn = np.where(x_real < 0, np.where(y_real >= 0, np.pi, -np.pi), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.arctan(y / x) + turn


def _by_real_part(pick_first: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    return lambda a, b: np.where(pick_first(np.real(a), np.real(b)), a, b)


# complex-analytic stand-ins for numpy functions that refuse complex numbers
COMPLEX_SAFE: dict[str, Any] = {
    "hypot": lambda a, b: np.sqrt(a * a + b * b),
    "arctan2": _complex_arctan2,
    "maximum": _by_real_part(np.greater_equal), "minimum": _by_real_part(np.less_equal),
    "fmax": _by_real_part(np.greater_equal), "fmin": _by_real_part(np.less_equal),
}
