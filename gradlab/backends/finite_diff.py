"""``finite-diff``: central, forward, complex-step, Richardson and scipy's approx_fprime.

The formulas, steps, error estimates and batched evaluation live in :mod:`gradlab.numerics`;
this engine picks one per variant and gives its fast path and its estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputError
from ..numerics import (
    Evaluator,
    central,
    central_gradient,
    check_step,
    complex_evaluator,
    complex_step,
    forward,
    richardson,
    scipy_fprime,
)
from ..numerics import jacobian as jacobians
from ..numerics import second_differences as second
from ..numerics.array_evaluator import array_evaluators
from ..problem import Problem
from .base import Compiled, Engine, Estimate, OperatorUnsupported
from .unsupported import SettingUnsupported

DIFFERENCES = ("central", "forward", "complex-step", "richardson")  # jacobian and jvp
SECOND = ("central", "richardson")  # hessian and hvp


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
    operators = frozenset({"gradient", "jacobian", "hessian", "hvp", "jvp"})

    def compile(self, problem: Problem, operator: str = "gradient", method: str = "central",
                step: float | None = None, batch: bool = True) -> Compiled:
        if method not in self.variants:
            raise InputError(f"{self.name} has no method {method!r}; choose from "
                             + ", ".join(self.variants))
        check_step(self.name, step)
        if operator != "gradient":
            return self._operator(problem, operator, method, step, batch)
        evaluate = Evaluator(problem, problem.func, batch)
        if method == "complex-step":
            cs = complex_evaluator(problem, batch, f"{self.name}:complex-step")

            def estimator(x: np.ndarray) -> Estimate:
                return complex_step(x, cs, evaluate, step)
        else:
            chosen = METHODS[method]

            def estimator(x: np.ndarray) -> Estimate:
                return chosen(x, evaluate, step)

        if method == "central":  # the fast path skips the second step used for the estimate
            return Compiled(lambda x: central_gradient(x, evaluate, step), estimator=estimator,
                            estimate_skipped=True)
        if method == "scipy":  # the fast path is approx_fprime alone, without the second step
            return Compiled(lambda x: scipy_fprime(x, evaluate, step, estimate=False).gradient,
                            estimator=estimator, estimate_skipped=True)
        return Compiled.by_estimates(estimator)

    def _operator(self, problem: Problem, operator: str, method: str, step: float | None,
                  batch: bool) -> Compiled:
        spec = f"{self.name}:{method}"
        allowed = SECOND if operator in ("hessian", "hvp") else DIFFERENCES
        if operator not in self.operators:
            raise OperatorUnsupported(self, operator)
        if method not in allowed:
            raise SettingUnsupported(spec, operator, f"computes no {operator}; the {operator} by "
                                     f"finite differences is in {', '.join(allowed[:-1])} and "
                                     f"{allowed[-1]}")
        real, cs = array_evaluators(problem, batch, spec, scalar=operator in SECOND_ORDER)
        if operator == "jacobian":
            def estimator(x: np.ndarray) -> Estimate:
                return jacobians.jacobian(method, x, real, step, cs)
        elif operator == "jvp":
            def estimator(x: np.ndarray, v: np.ndarray) -> Estimate:  # type: ignore[misc]
                return jacobians.jvp(method, x, v, real, step, cs)
        elif operator == "hessian":
            hessian = HESSIANS[method]

            def estimator(x: np.ndarray) -> Estimate:
                return hessian(x, real, step)
        else:
            hvp = HVPS[method]

            def estimator(x: np.ndarray, v: np.ndarray) -> Estimate:  # type: ignore[misc]
                return hvp(x, v, real, step)
        return Compiled.by_estimates(estimator, operator)

    def code(self, problem: Problem, operator: str = "gradient", method: str = "central",
             direction: Any = None, step: float | None = None, batch: bool = True
             ) -> str | None:
        from .numeric_operator_snippets import finite_diff_operator_snippet
        from .snippets import finite_diff_snippet

        if operator != "gradient":
            return finite_diff_operator_snippet(problem, operator, method, direction, step)
        return finite_diff_snippet(problem, method, step)


SECOND_ORDER = ("hessian", "hvp")  # operators of a scalar f
HESSIANS = {"central": second.central_hessian, "richardson": second.richardson_hessian}
HVPS = {"central": second.central_hvp, "richardson": second.richardson_hvp}
METHODS: dict[str, Callable[..., Estimate]] = {
    "central": central, "forward": forward, "richardson": richardson, "scipy": scipy_fprime,
}
