"""Figures: a comparison's error and time per engine, and a two-variable gradient field.

Figures are built with ``matplotlib.figure.Figure`` directly (or on the ``ax`` given), so
plotting never switches the user's backend or touches ``rcParams``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import GradlabError, InputError
from ..problem import make_problem
from ..results import Comparison

EPS = float(np.finfo(np.float64).eps)
FAILED_HATCH = "//"


def new_axes(ax: Any = None, figsize: tuple[float, float] = (7, 4.5), ncols: int = 1
             ) -> tuple[Any, Any]:
    """(figure, axes): the given axes' figure, or a new backend-free Figure."""
    if ax is not None:
        return ax.figure, ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(1, ncols)
    _show_figures_as_images()
    return fig, axes


def _show_figures_as_images() -> None:
    """In IPython, display a bare Figure as a PNG, as ``%matplotlib inline`` would.

    gradlab draws on backend-free Figures (pyplot and the user's backend stay untouched); an
    IPython session only knows how to show a Figure once pyplot's inline backend has been set
    up, so gradlab registers the same PNG formatter if none is there. Nothing else changes.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    if Figure in formatter.type_printers:
        return
    from IPython.core.pylabtools import print_figure

    formatter.for_type(Figure, lambda fig: print_figure(fig, "png", bbox_inches="tight"))


def plot_comparison(cmp: Comparison, axes: Sequence[Any] | None = None) -> Any:
    """Error per engine (log scale, vs the reference) and setup/call time per engine (log scale).

    ``axes``: two matplotlib axes to draw on (error, time); by default a new figure.
    """
    if not isinstance(cmp, Comparison):
        raise InputError(f"plot_comparison needs the result of gradlab.compare, not "
                         f"{type(cmp).__name__}")
    if axes is None:
        fig, (err_ax, time_ax) = new_axes(None, figsize=(11, 0.45 * len(cmp) + 2.2), ncols=2)
    else:
        err_ax, time_ax = axes
        fig = err_ax.figure
    _error_panel(err_ax, cmp)
    _time_panel(time_ax, cmp)
    fig.suptitle(f"Gradient of {cmp.problem.label}", fontsize=11)
    return fig


def _error_panel(ax: Any, cmp: Comparison) -> None:
    rows = cmp.results
    y = np.arange(len(rows))
    measured = [r.rel_error for r in rows if r.ok and r.rel_error]
    floor = min([EPS / 10] + [e / 10 for e in measured])
    top = max([1.0] + [10 * e for e in measured])
    for i, row in enumerate(rows):
        if not row.ok or row.rel_error is None:
            why = row.status if cmp.reference is not None or not row.ok else "no reference"
            ax.barh(i, top - floor, left=floor, color="none", edgecolor="#a33",
                    hatch=FAILED_HATCH, lw=0.8)
            ax.text(floor * 1.5, i, why, va="center", fontsize=8, color="#a33")
            continue
        exact_zero = row.rel_error == 0
        value = floor if exact_zero else row.rel_error
        ax.barh(i, value - floor * 0.5, left=floor * 0.5,
                color="#4c72b0" if row.exact else "#dd8452")
        if exact_zero:
            ax.plot(floor, i, marker="*", color="k", ms=9)
            ax.text(floor * 1.6, i, "exactly 0", va="center", fontsize=8)
        if row.error_estimate:
            ax.plot(row.error_estimate / max(float(np.linalg.norm(cmp.reference)), 1e-300), i,
                    marker="|", color="k", ms=12, mew=1.5)
    ax.set_xscale("log")
    ax.set_xlim(floor * 0.5, top)
    ax.set_yticks(y, [r.backend for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("relative error  ‖g − ref‖ / ‖ref‖  (| = engine's own estimate)")
    source = cmp.reference_source.split(" (")[0]
    ax.set_title(f"error vs reference: {source}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)


def _time_panel(ax: Any, cmp: Comparison) -> None:
    rows = cmp.results
    y = np.arange(len(rows))
    times = [t for r in rows for t in (r.setup_s, r.call_s) if t]
    low = min(times) / 3 if times else 1e-7
    high = max(times) * 3 if times else 1.0
    height = 0.38
    for i, row in enumerate(rows):
        if not row.ok:
            ax.barh(i, high - low, left=low, color="none", edgecolor="#a33",
                    hatch=FAILED_HATCH, lw=0.8)
            ax.text(low * 1.5, i, row.status, va="center", fontsize=8, color="#a33")
            continue
        if row.setup_s:
            ax.barh(i - height / 2, row.setup_s - low, left=low, height=height, color="#8172b3",
                    label="setup (trace/compile)" if i == _first_ok(rows) else "_nolegend_")
        if row.call_s:
            ax.barh(i + height / 2, row.call_s - low, left=low, height=height, color="#55a868",
                    label="per call (median)" if i == _first_ok(rows) else "_nolegend_")
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ax.set_yticks(y, [r.backend for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("seconds")
    ax.set_title("time: setup and per call", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    if any(r.ok for r in rows):
        ax.legend(fontsize=8, loc="lower right")


def _first_ok(rows: Sequence[Any]) -> int:
    return next((i for i, r in enumerate(rows) if r.ok), -1)


def plot_field(f: Any, region: Any, backend: str = "jax", compare_with: str | None = None,
               *, points: int = 21, ax: Any = None, options: Mapping[str, Any] | None = None
               ) -> Any:
    """Contours of a two-variable ``f`` with its gradient field (from ``backend``) as arrows.

    ``region``: ((x_min, x_max), (y_min, y_max)), or a dict {name: (min, max)} in ``f``'s
    argument order. ``backend="numpy"`` differentiates the whole sampled grid with
    numpy.gradient. ``compare_with``: a second engine; the size of the difference between the
    two gradient fields is drawn as a heatmap in a second panel. ``options`` maps an engine to
    its options, as in ``compare``: ``{"numpy": {"edge_order": 1}}``.
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
    from ..backends.finite_diff import Evaluator
    from ..compare import compile_for

    shape = (axes[0].size, axes[1].size)
    evaluate = Evaluator(problem, problem.func)

    def f_grid(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return evaluate(np.stack([X.ravel(), Y.ravel()])).reshape(X.shape)

    if backend.partition(":")[0] == "numpy":
        from ..backends.numpy_gradient import field

        edge_order = int((options or {}).get("edge_order", 2))
        values, (gx, gy) = field(f_grid, axes, edge_order)
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
