"""Figures: a comparison's error and time per engine, and a two-variable gradient field.

The drawing itself (backend-free figures, the comparison's panels) is in
``gradlab.comparison.drawing``; this module adds the figures that run engines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import backends as registry
from ..backends import defaults
from ..comparison.drawing import draw_comparison, new_axes
from ..comparison.results import Comparison
from ..errors import GradlabError, InputError
from ..problem import make_problem


def plot_comparison(cmp: Comparison, axes: Sequence[Any] | None = None) -> Any:
    """Error per engine (log scale, vs the reference) and setup/call time per engine (log scale).

    ``axes``: two matplotlib axes to draw on (error, time); by default a new figure.
    """
    if not isinstance(cmp, Comparison):
        raise InputError(f"plot_comparison needs the result of gradlab.compare, not "
                         f"{type(cmp).__name__}")
    return draw_comparison(cmp, axes)


def plot_field(f: Any, region: Any, backend: str = defaults.GRADIENT,
               compare_with: str | None = None, *, points: int = 21, ax: Any = None,
               options: Mapping[str, Any] | None = None) -> Any:
    """Contours of a two-variable ``f`` with its gradient field (from ``backend``) as arrows.

    ``region``: ((x_min, x_max), (y_min, y_max)), or a dict {name: (min, max)} in ``f``'s
    argument order. An engine that declares ``samples_grid`` (``"numpy"``: numpy.gradient)
    differentiates the whole sampled grid at once. ``compare_with``: a second engine; the size
    of the difference between the two gradient fields is drawn as a heatmap in a second panel.
    ``options`` maps an engine to its options, as in ``compare``: ``{"numpy": {"edge_order":
    1}}``.
    """
    names, axes_values = _region(region, points)
    at = dict(zip(names, (float(np.mean(a)) for a in axes_values))) if names else \
        [float(np.mean(a)) for a in axes_values]
    problem = make_problem(f, at)
    if names:  # the function's argument order, whatever the dict's order
        by_name = dict(zip(names, axes_values))
        axes_values = [by_name[name] for name in problem.names if name in by_name]
    if problem.n != 2:
        raise InputError(f"plot_field draws functions of two variables; {problem.label} has "
                         f"{problem.n}")
    panels = 2 if compare_with else 1
    if ax is not None and panels == 2:
        raise InputError("plot_field with compare_with draws two panels; leave ax out")
    fig, drawn = new_axes(ax, figsize=(6 * panels, 5), ncols=panels)
    main = drawn if panels == 1 else drawn[0]
    options = options or {}
    values, gx, gy = _gradient_grid(problem, axes_values, backend, options.get(backend))
    X, Y = np.meshgrid(*axes_values, indexing="ij")
    contours = main.contour(X, Y, values, levels=15, cmap="viridis")
    main.clabel(contours, fontsize=7)
    main.quiver(X, Y, gx, gy, color="#c44e52", angles="xy", pivot="mid")
    label_x, label_y = problem.names
    main.set_xlabel(label_x)
    main.set_ylabel(label_y)
    main.set_title(f"{problem.label}: contours and ∇f ({backend})", fontsize=10)
    if compare_with:
        _, hx, hy = _gradient_grid(problem, axes_values, compare_with,
                                   options.get(compare_with))
        difference = np.hypot(gx - hx, gy - hy)
        shown = np.log10(np.maximum(difference, 1e-17))
        mesh = drawn[1].pcolormesh(X, Y, shown, shading="nearest", cmap="magma")
        fig.colorbar(mesh, ax=drawn[1], label="log10 |∇f difference|")
        drawn[1].set_xlabel(label_x)
        drawn[1].set_ylabel(label_y)
        drawn[1].set_title(f"|{backend} − {compare_with}|", fontsize=10)
    return fig


def _region(region: Any, points: int) -> tuple[list[str] | None, list[np.ndarray]]:
    if isinstance(region, Mapping):
        names, bounds = list(region), list(region.values())
    else:
        names, bounds = None, list(region)
    if len(bounds) != 2:
        raise InputError("region must give two ranges, ((x_min, x_max), (y_min, y_max))")
    axes = []
    for bound in bounds:
        try:
            low, high = (float(v) for v in bound)
        except (TypeError, ValueError):
            raise InputError(f"each range of region must be (min, max), not {bound!r}") from None
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise InputError(f"each range of region must have min < max, not {bound!r}")
        axes.append(np.linspace(low, high, points))
    return names, axes


def _gradient_grid(problem: Any, axes: list[np.ndarray], backend: str,
                   options: Mapping[str, Any] | None) -> tuple[np.ndarray, ...]:
    """f and its two partial derivatives on the ``indexing='ij'`` grid of ``axes``."""
    from ..comparison.compare import compile_for
    from ..numerics import Evaluator

    shape = (axes[0].size, axes[1].size)
    evaluate = Evaluator(problem, problem.func)

    def f_grid(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return evaluate(np.stack([X.ravel(), Y.ravel()])).reshape(X.shape)

    engine, _ = registry.resolve(backend)
    if engine.samples_grid:
        values, (gx, gy) = engine.grid_gradient(f_grid, axes, **dict(options or {}))
        return values, gx, gy
    X, Y = np.meshgrid(*axes, indexing="ij")
    values = f_grid(X, Y)
    compiled, _, _ = compile_for(backend, problem, dict(options or {}))
    grads = np.full(shape + (2,), np.nan)
    for index in np.ndindex(*shape):
        try:
            grads[index] = compiled.gradient(np.array([X[index], Y[index]]))
        except (GradlabError, ArithmeticError, ValueError):
            continue
    return values, grads[..., 0], grads[..., 1]
