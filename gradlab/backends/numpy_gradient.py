"""``numpy``: numpy.gradient applied to samples of f on lines through the point (and on grids).

numpy.gradient differentiates *sampled data*. At a point, gradlab samples f along each
coordinate line and lets numpy.gradient differentiate the samples; :func:`field` gives the
full-grid form (``indexing='ij'``), which is what numpy.gradient is really for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import BackendError
from ..problem import Problem
from .base import Backend, Compiled, Estimate
from .finite_diff import EPS, Evaluator, relative_steps


class NumpyGradient(Backend):
    def __init__(self) -> None:
        super().__init__(
            name="numpy", requires="numpy", exact=False, options=("step", "edge_order", "position"),
            description="numpy.gradient on samples of f along each coordinate line",
        )

    def compile(self, problem: Problem, step: float | None = None, edge_order: int = 2,
                position: str = "center") -> Compiled:
        if edge_order not in (1, 2):
            raise BackendError(self.name, f"edge_order must be 1 or 2, not {edge_order!r}")
        if position not in ("center", "edge"):
            raise BackendError(self.name, "position must be 'center' or 'edge'")
        evaluate = Evaluator(problem, problem.func)

        def estimator(x: np.ndarray) -> Estimate:
            return sample_lines(x, evaluate, step, edge_order, position)

        return Compiled(lambda x: estimator(x).gradient, estimator=estimator)

    def code(self, problem: Problem, **options: Any) -> str:
        from ..snippets import numpy_snippet

        return numpy_snippet(problem, **options)


def sample_lines(x: np.ndarray, evaluate: Evaluator, step: float | None, edge_order: int,
                 position: str) -> Estimate:
    """numpy.gradient of 5 samples per variable; the point sits in the middle or at the edge."""
    base = EPS ** (1 / 3) if position == "center" else EPS ** (1 / (1 + edge_order))
    h = relative_steps(x, base, step)
    offsets = np.arange(-2, 3) if position == "center" else np.arange(0, 5)
    n = x.size
    samples = evaluate.along_axes(x, offsets[:, None] * h[None, :])
    where = 2 if position == "center" else 0
    grads = [np.gradient(samples[:, k], h[k], edge_order=edge_order)[where] for k in range(n)]
    coarse = [np.gradient(samples[::2, k], 2 * h[k], edge_order=edge_order)[where // 2]
              for k in range(n)]
    order = 2 if position == "center" else edge_order
    error = np.abs(np.subtract(grads, coarse)) / (2**order - 1)
    return Estimate(np.array(grads), float(np.median(h)), float(np.linalg.norm(error)),
                    n * offsets.size)


def field(f: Callable[..., Any], axes: Sequence[np.ndarray],
          edge_order: int = 2) -> tuple[np.ndarray, list[np.ndarray]]:
    """f sampled on the ``indexing='ij'`` grid of ``axes`` and numpy.gradient of it.

    Returns (values, [df/dx_0, df/dx_1, ...]), each of the grid's shape. Axis k of the grid is
    variable k, and the coordinate arrays are passed as spacings, so uneven grids are right.
    """
    grids = np.meshgrid(*axes, indexing="ij")
    try:
        values = np.asarray(f(*grids), dtype=np.float64)
        if values.shape != grids[0].shape:
            raise ValueError
    except Exception:
        values = np.vectorize(lambda *p: float(f(*p)))(*grids)
    gradients = np.gradient(values, *axes, edge_order=edge_order)
    return values, list(gradients) if isinstance(gradients, (list, tuple)) else [gradients]
