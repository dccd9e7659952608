"""``numdifftools``: adaptive finite differences with Richardson extrapolation, and their errors.

numdifftools differentiates with a sequence of steps and extrapolates (``nd.Gradient``,
``nd.Jacobian``, ``nd.Hessian``, ``nd.directionaldiff``); with ``full_output=True`` it returns
an error estimate for every entry, which becomes the Estimate's error estimate (their
Frobenius norm). f runs with numpy itself, one point at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputError
from ..numerics import check_step
from ..problem import Problem
from .base import Compiled, Engine, Estimate
from .library_engines import (
    check_operator,
    library_snippet,
    make_compiled,
    output_values,
    scalar_value,
)

NAME = "numdifftools"
_CLASSES = {"gradient": "Gradient", "jacobian": "Jacobian", "hessian": "Hessian"}


class NumdifftoolsRichardson(Engine):
    """nd.Gradient / Jacobian / Hessian / directionaldiff with their own adaptive steps."""

    name = NAME
    description = "numdifftools: adaptive steps with Richardson extrapolation, error estimates"
    requires = "numdifftools"
    extra = "all"
    exact = False
    operators = frozenset({"gradient", "jacobian", "hessian", "jvp"})
    variants = ("central", "forward", "backward")
    options = ("step", "order")

    def compile(self, problem: Problem, operator: str = "gradient", method: str = "central",
                step: float | None = None, order: int | None = None) -> Compiled:
        check_operator(self, operator)
        settings = _settings(method, step, order, operator)
        nd = self.require()
        counter = _Counter(problem, operator)
        estimator: Callable[..., Estimate]
        if operator == "jvp":
            estimator = _directional(nd, counter, settings)
        else:
            estimator = _estimator(getattr(nd, _CLASSES[operator])(
                counter, full_output=True, **settings), counter, problem.result_shape(operator))
        return make_compiled(lambda *args: estimator(*args).gradient, operator,
                             estimator=estimator)

    def code(self, problem: Problem, operator: str = "gradient", method: str = "central",
             step: float | None = None, order: int | None = None,
             direction: np.ndarray | None = None) -> str:
        check_operator(self, operator)
        settings = _settings(method, step, order, operator)
        arguments = "".join(f", {key}={value!r}" for key, value in settings.items()
                            if (key, value) != ("method", "central"))
        if operator == "jvp":
            call = (f"nd.directionaldiff(F, x, v{arguments}) * np.linalg.norm(v)"
                    "  # directionaldiff uses v / |v|")
        else:
            call = f"nd.{_CLASSES[operator]}(F{arguments})(x)"
        return library_snippet(problem, ["import numdifftools as nd"], None, operator, call,
                               direction=direction)


def _settings(method: str, step: float | None, order: int | None, operator: str
              ) -> dict[str, Any]:
    """numdifftools' keyword arguments, each checked (numdifftools changes some silently)."""
    if method not in NumdifftoolsRichardson.variants:
        raise InputError(f"{NAME} has no method {method!r}; choose from "
                         + ", ".join(NumdifftoolsRichardson.variants))
    check_step(NAME, step)
    settings: dict[str, Any] = {"method": method}
    if step is not None:
        settings["step"] = float(step)
    if order is None:
        return settings
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or order < 1:
        raise InputError(f"{NAME}: order must be a positive integer, not {order!r}")
    if operator == "hessian" and order != 2:
        raise InputError(f"{NAME}: nd.Hessian's error term is of order 2 only, not {order}")
    if method == "central" and order % 2:
        raise InputError(f"{NAME}: central differences take an even order, not {order}")
    settings["order"] = int(order)
    return settings


class _Counter:
    """f for numdifftools, counting the points it is evaluated at."""

    def __init__(self, problem: Problem, operator: str):
        self.problem, self.count = problem, 0
        self.scalar = operator in ("gradient", "hessian")

    def __call__(self, x: np.ndarray) -> Any:
        self.count += 1
        if self.scalar:
            return scalar_value(self.problem, np.asarray(x, dtype=np.float64), NAME)
        return output_values(self.problem, np.asarray(x, dtype=np.float64))


def _estimator(derivative: Any, counter: _Counter, shape: tuple[int, ...]
               ) -> Callable[[np.ndarray], Estimate]:
    def estimate(x: np.ndarray) -> Estimate:
        start = counter.count
        with np.errstate(all="ignore"):
            result = derivative(x)
        return _estimate(result, shape, 1.0, counter.count - start)

    return estimate


def _directional(nd: Any, counter: _Counter, settings: dict[str, Any]
                 ) -> Callable[[np.ndarray, np.ndarray], Estimate]:
    """J v from nd.directionaldiff, which differentiates along v / |v|: scaled back by |v|."""

    def estimate(x: np.ndarray, v: np.ndarray) -> Estimate:
        size = float(np.linalg.norm(v))
        m = counter.problem.m
        if size == 0:
            return Estimate(np.zeros(m), None, 0.0, 1, ("the direction is zero: J v = 0",))
        start = counter.count
        with np.errstate(all="ignore"):
            result = nd.directionaldiff(counter, x, v, full_output=True, **settings)
        return _estimate(result, (m,), size, counter.count - start)

    return estimate


def _estimate(result: Any, shape: tuple[int, ...], scale: float, count: int) -> Estimate:
    value = np.asarray(result.estimate, dtype=np.float64).reshape(shape) * scale
    errors = np.asarray(result.error_estimate, dtype=np.float64) * scale
    steps = np.asarray(result.final_step, dtype=np.float64)
    return Estimate(value, float(np.median(steps)), float(np.linalg.norm(errors)), count)
