"""numpy.gradient on samples of f: along each coordinate line through a point (5 samples,
the point in the middle or at the edge, with an error estimate), and on a whole grid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from ..backends.base import Estimate
from ..errors import InputError
from .evaluator import Evaluator
from .steps import EPS, relative_steps

# round-off gain of numpy.gradient's formula where the point sits: the sum of its weights' sizes
# times h (centre: (f1 - f_-1) / 2h; edge, order 1: (f1 - f0) / h; order 2: (-3f0 + 4f1 - f2) / 2h)
ROUNDOFF_GAIN = {("center", 1): 1.0, ("center", 2): 1.0, ("edge", 1): 2.0, ("edge", 2): 4.0}


def sample_lines(x: np.ndarray, evaluate: Evaluator, step: float | None, edge_order: int,
                 position: str) -> Estimate:
    """numpy.gradient of 5 samples per variable; the point sits in the middle or at the edge.

    The error estimate is the change against every other sample (twice the spacing) scaled to
    the formula's order, plus f's rounding amplified by the formula over the spacing."""
    base = EPS ** (1 / 3) if position == "center" else EPS ** (1 / (1 + edge_order))
    h = relative_steps(x, base, step)
    offsets = np.arange(-2, 3) if position == "center" else np.arange(0, 5)
    n = x.size
    samples = evaluate.along_axes(x, offsets[:, None] * h[None, :])
    where = 2 if position == "center" else 0
    order_of_edges = _edge_order(edge_order)
    grads = [np.gradient(samples[:, k], h[k], edge_order=order_of_edges)[where]
             for k in range(n)]
    coarse = [np.gradient(samples[::2, k], 2 * h[k], edge_order=order_of_edges)[where // 2]
              for k in range(n)]
    order = 2 if position == "center" else edge_order
    truncation = np.abs(np.subtract(grads, coarse)) / (2**order - 1)
    roundoff = ROUNDOFF_GAIN[position, edge_order] * evaluate.eps * np.max(
        np.abs(samples), axis=0) / h
    error = truncation + roundoff
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
    gradients = np.gradient(values, *axes, edge_order=_edge_order(edge_order))
    return values, list(gradients) if isinstance(gradients, (list, tuple)) else [gradients]


def _edge_order(value: int) -> Literal[1, 2]:
    """numpy.gradient's edge_order, checked (it takes 1 or 2 only)."""
    if value == 1:
        return 1
    if value == 2:
        return 2
    raise InputError(f"edge_order must be 1 or 2, not {value!r}")
