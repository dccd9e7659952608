"""``numpy``: numpy.gradient applied to samples of f on lines through the point (and on grids).

numpy.gradient differentiates *sampled data*. At a point, gradlab samples f along each
coordinate line and lets numpy.gradient differentiate the samples
(:func:`gradlab.numerics.sample_lines`); :func:`gradlab.numerics.field` gives the full-grid
form (``indexing='ij'``), which is what numpy.gradient is really for.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError
from ..numerics import Evaluator, check_step, sample_lines
from ..problem import Problem
from .base import Backend, Compiled, Estimate


class NumpyGradient(Backend):
    def __init__(self) -> None:
        super().__init__(
            name="numpy", requires="numpy", exact=False, options=("step", "edge_order", "position"),
            description="numpy.gradient on samples of f along each coordinate line",
        )

    def compile(self, problem: Problem, step: float | None = None, edge_order: int = 2,
                position: str = "center") -> Compiled:
        if edge_order not in (1, 2):
            raise InputError(f"{self.name}: edge_order must be 1 or 2, not {edge_order!r}")
        if position not in ("center", "edge"):
            raise InputError(f"{self.name}: position must be 'center' or 'edge', not "
                             f"{position!r}")
        check_step(self.name, step)
        evaluate = Evaluator(problem, problem.func)

        def estimator(x: np.ndarray) -> Estimate:
            return sample_lines(x, evaluate, step, edge_order, position)

        return Compiled(lambda x: estimator(x).gradient, estimator=estimator)

    def code(self, problem: Problem, **options: Any) -> str:
        from .snippets import numpy_snippet

        return numpy_snippet(problem, **options)
