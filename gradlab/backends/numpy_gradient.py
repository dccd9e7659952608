"""``numpy``: numpy.gradient applied to samples of f on lines through the point (and on grids).

numpy.gradient differentiates *sampled data*. At a point, gradlab samples f along each
coordinate line and lets numpy.gradient differentiate the samples
(:func:`gradlab.numerics.sample_lines`); :func:`gradlab.numerics.field` gives the full-grid
form (``indexing='ij'``), which is what numpy.gradient is really for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputError
from ..numerics import Evaluator, check_step, field, sample_lines
from ..numerics.array_evaluator import ArrayEvaluator
from ..numerics.stencil_operators import lines_jacobian, twice_hessian
from ..problem import Problem
from .base import Compiled, Engine, Estimate, OperatorUnsupported
from .unsupported import SettingUnsupported


class NumpyGradient(Engine):
    """numpy.gradient on samples of f along each coordinate line (or over a whole grid)."""

    name = "numpy"
    description = "numpy.gradient on samples of f along each coordinate line"
    requires = "numpy"
    exact = False
    options = ("step", "edge_order", "position")
    samples_grid = True  # plot_field: numpy.gradient of the whole sampled grid
    # the Jacobian: numpy.gradient of every output component; the Hessian: numpy.gradient
    # applied twice
    operators = frozenset({"gradient", "jacobian", "hessian"})

    def grid_gradient(self, f_grid: Callable[..., np.ndarray], axes: list[np.ndarray],
                      **options: Any) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        unknown = sorted(set(options) - {"edge_order"})
        if unknown:
            raise InputError(f"{self.name} on a grid takes only edge_order, not {unknown[0]!r}: "
                             "the grid's own spacing is its step")
        values, grads = field(f_grid, axes, int(options.get("edge_order", 2)))
        return values, tuple(grads)

    def compile(self, problem: Problem, operator: str = "gradient", step: float | None = None,
                edge_order: int = 2, position: str = "center") -> Compiled:
        if edge_order not in (1, 2):
            raise InputError(f"{self.name}: edge_order must be 1 or 2, not {edge_order!r}")
        if position not in ("center", "edge"):
            raise InputError(f"{self.name}: position must be 'center' or 'edge', not "
                             f"{position!r}")
        check_step(self.name, step)
        if operator != "gradient":
            return self._operator(problem, operator, step, edge_order, position)
        evaluate = Evaluator(problem, problem.func)

        def estimator(x: np.ndarray) -> Estimate:
            return sample_lines(x, evaluate, step, edge_order, position)

        return Compiled.by_estimates(estimator)

    def _operator(self, problem: Problem, operator: str, step: float | None, edge_order: int,
                  position: str) -> Compiled:
        if operator not in self.operators:
            raise OperatorUnsupported(self, operator)
        if position != "center":
            raise SettingUnsupported(self.name, operator, f"the {operator} samples f around "
                                     f"the point: position={position!r} is not supported for "
                                     "it")
        evaluate = ArrayEvaluator(problem, problem.func, engine=self.name)
        evaluate.scalar = operator == "hessian"
        formula = lines_jacobian if operator == "jacobian" else twice_hessian

        def estimator(x: np.ndarray) -> Estimate:
            return formula(x, evaluate, step, edge_order)

        return Compiled.by_estimates(estimator, operator)

    def code(self, problem: Problem, operator: str = "gradient", direction: Any = None,
             step: float | None = None, edge_order: int = 2, position: str = "center"
             ) -> str | None:
        from .numeric_operator_snippets import numpy_operator_snippet
        from .snippets import numpy_snippet

        if operator != "gradient":
            return numpy_operator_snippet(problem, operator, direction, step, edge_order,
                                          position)
        return numpy_snippet(problem, step, edge_order, position)
