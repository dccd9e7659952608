"""numpy.gradient on samples of f for the Jacobian and the Hessian.

- Jacobian: f (any output shape) sampled at 5 points along each coordinate line, the point in
  the middle; numpy.gradient along the samples gives every output component's derivative.
- Hessian: numpy.gradient applied twice: to 5 samples along coordinate line i (the diagonal
  entry) and to a 5 x 5 grid of samples in the plane of variables i and j (first along i, then
  along j: the mixed entry). At the centre this is the second difference with step 2h.

Error estimates: truncation from the same formula on the inner samples (step h: the formulas
are second order, so the outer result's error is 4/3 of the change), plus f's round-off over
the step (``F_ROUNDING`` ulps of |f|, as for second differences); the Jacobian's is infinite
where its steps do not resolve f (``resolution``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..backends.base import Estimate
from .array_evaluator import ArrayEvaluator
from .resolution import with_unresolved
from .second_differences import F_ROUNDING
from .stencil import gradient_at, line_samples
from .steps import EPS, median, relative_steps

# numpy.gradient; its stubs take edge_order only as a literal 1 or 2, not an int checked at run
# time by the engine
GRADIENT: Callable[..., Any] = np.gradient
OFFSETS = np.arange(-2, 3)  # 5 samples, the point in the middle
JACOBIAN_BASE = EPS ** (1 / 3)  # as the gradient's central samples
HESSIAN_BASE = EPS ** (1 / 4) / 2  # the formula spans 2h: 2h ~ eps**(1/4)
HESSIAN_NOTE = ("second derivatives by numpy.gradient applied twice (to 5 samples per line and "
                "5 x 5 samples per pair of variables)")


def lines_jacobian(x: np.ndarray, evaluate: ArrayEvaluator, step: float | None,
                   edge_order: int) -> Estimate:
    """numpy.gradient of 5 samples per variable, for every output component at once."""
    h = relative_steps(x, JACOBIAN_BASE, step)
    samples = line_samples(x, evaluate, OFFSETS, h)  # (5, n, m)
    spacing = h[:, None]
    columns = gradient_at(samples, spacing, 2, edge_order)
    coarse = gradient_at(samples[::2], 2 * spacing, 1, edge_order)
    truncation = np.abs(columns - coarse) / 3
    roundoff = evaluate.eps * np.max(np.abs(samples), axis=0) / spacing
    error = with_unresolved(truncation + roundoff, samples[2], (samples[4], samples[0]),
                            (samples[3], samples[1]), evaluate.eps)  # steps across a feature
    return Estimate(np.ascontiguousarray(columns.T), median(h), float(np.linalg.norm(error)),
                    (samples.shape[0] - 1) * x.size + 1)


def twice_hessian(x: np.ndarray, evaluate: ArrayEvaluator, step: float | None,
                  edge_order: int) -> Estimate:
    """numpy.gradient applied twice to samples of f along each line and each plane."""
    n = x.size
    h = relative_steps(x, HESSIAN_BASE, step)
    line = evaluate.along(x, OFFSETS[:, None] * h[None, :])[:, :, 0]  # (5, n)
    hessian, inner, noise = np.empty((n, n)), np.empty((n, n)), np.empty((n, n))
    for i in range(n):
        samples = line[:, i]
        hessian[i, i] = _twice(samples, h[i], h[i], edge_order)
        inner[i, i] = _twice(samples[1:4], h[i], h[i], 2)
        noise[i, i] = np.max(np.abs(samples)) / (h[i] * h[i])
    first, second = np.triu_indices(n, 1)
    grid = _planes(x, evaluate, h, first, second)  # (pairs, 5, 5)
    for p, (row, column) in enumerate(zip(first.tolist(), second.tolist())):
        hi, hj = h[row], h[column]
        hessian[row, column] = hessian[column, row] = _mixed(grid[p], hi, hj, edge_order)
        inner[row, column] = inner[column, row] = _mixed(grid[p][1:4, 1:4], hi, hj, 2)
        noise[row, column] = noise[column, row] = np.max(np.abs(grid[p])) / (hi * hj)
    # the 5-sample result spans 2h, the inner one h: truncation is 4/3 of their change
    error = 4 / 3 * np.abs(hessian - inner) + F_ROUNDING * evaluate.eps * noise
    return Estimate(hessian, median(h), float(np.linalg.norm(error)),
                    line.size + grid.size, (HESSIAN_NOTE,))


def _twice(samples: np.ndarray, hi: float, hj: float, edge_order: int) -> float:
    """numpy.gradient of numpy.gradient of line samples, at the middle sample."""
    first = GRADIENT(samples, hi, edge_order=edge_order)
    return float(GRADIENT(first, hj, edge_order=edge_order)[samples.size // 2])


def _mixed(grid: np.ndarray, hi: float, hj: float, edge_order: int) -> float:
    """numpy.gradient along axis 0, then along axis 1, at the middle of the grid."""
    along_i = GRADIENT(grid, hi, axis=0, edge_order=edge_order)
    middle = grid.shape[0] // 2
    return float(GRADIENT(along_i, hj, axis=1, edge_order=edge_order)[middle, middle])


def _planes(x: np.ndarray, evaluate: ArrayEvaluator, h: np.ndarray, first: np.ndarray,
            second: np.ndarray) -> np.ndarray:
    """f on the 5 x 5 grid x + a h_i e_i + b h_j e_j (a, b in -2..2) for each pair (i, j)."""
    along_i, along_j = np.meshgrid(OFFSETS, OFFSETS, indexing="ij")
    a, b = along_i.ravel(), along_j.ravel()
    cells = a.size

    def offsets(index: np.ndarray) -> np.ndarray:
        pair, cell = index // cells, index % cells
        out = np.zeros((x.size, index.size))
        column = np.arange(index.size)
        out[first[pair], column] += a[cell] * h[first[pair]]
        out[second[pair], column] += b[cell] * h[second[pair]]
        return out

    values = evaluate.columns(x, first.size * cells, offsets)[:, 0]
    return values.reshape(first.size, 5, 5)
