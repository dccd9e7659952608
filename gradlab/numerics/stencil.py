"""numpy.gradient on samples of f: along each coordinate line through a point (5 samples,
the point in the middle or at the edge, with an error estimate), and on a whole grid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from ..backends.base import Estimate
from ..errors import InputError
from .columns import AxisColumns
from .evaluator import Evaluator
from .resolution import with_unresolved
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
    samples = line_samples(x, evaluate, offsets, h)
    where = 2 if position == "center" else 0
    order_of_edges = _edge_order(edge_order)
    grads = gradient_at(samples, h, where, order_of_edges)
    coarse = gradient_at(samples[::2], 2 * h, where // 2, order_of_edges)
    order = 2 if position == "center" else edge_order
    truncation = np.abs(grads - coarse) / (2**order - 1)
    roundoff = ROUNDOFF_GAIN[position, edge_order] * evaluate.eps * np.max(
        np.abs(samples), axis=0) / h
    error = truncation + roundoff
    if position == "center":  # steps that straddle a feature of f (``resolution``)
        error = with_unresolved(error, samples[2], (samples[4], samples[0]),
                                (samples[3], samples[1]), evaluate.eps)
    return Estimate(grads, float(np.median(h)), float(np.linalg.norm(error)),
                    (offsets.size - 1) * x.size + 1)


def line_samples(x: np.ndarray, evaluate: Evaluator, offsets: np.ndarray, h: np.ndarray
                 ) -> np.ndarray:
    """f at x + offsets[j] h_i e_i, shape (offsets, n) (plus f's output axis for an array
    evaluator): f(x) once for the zero offset (a column of its own in the same batches, so it
    rounds as the others)."""
    moving = offsets[offsets != 0]
    n = x.size
    axes = np.concatenate([[0], np.tile(np.arange(n), moving.size)])
    moves = np.concatenate([[0.0], (moving[:, None] * h[None, :]).ravel()])
    values = evaluate.run(AxisColumns(x, axes, moves))
    samples = np.empty((offsets.size, n) + values.shape[1:], dtype=values.dtype)
    samples[offsets == 0] = values[0]
    samples[offsets != 0] = values[1:].reshape((moving.size, n) + values.shape[1:])
    return samples


def gradient_at(samples: np.ndarray, h: np.ndarray, where: int, edge_order: int
                ) -> np.ndarray:
    """``np.gradient(samples[:, k], h[k], edge_order=edge_order)[where]`` for every column k
    at once, by numpy's own formulas for even spacing (the same operations, so the same
    bits): the middle sample or the first (numpy's one-sided edge formulas)."""
    f = samples
    if 0 < where < f.shape[0] - 1:
        return (f[where + 1] - f[where - 1]) / (2. * h)
    if where != 0:
        raise ValueError("gradient_at computes the middle or the first sample")
    if edge_order == 1:
        return (f[1] - f[0]) / h
    a, b, c = -1.5 / h, 2. / h, -0.5 / h
    return a * f[0] + b * f[1] + c * f[2]


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
