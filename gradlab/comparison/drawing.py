"""Drawing on matplotlib figures, below the comparison layer: it needs no gradlab module.

Figures are built with ``matplotlib.figure.Figure`` directly (or on the ``ax`` given), so
drawing never switches the user's backend or touches ``rcParams``. ``Comparison.plot``,
``ScalingResult.plot`` and ``StepSweep.plot`` draw here; ``gradlab.frontends.plots`` keeps the
figures that run engines (``plot_field``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

EPS = float(np.finfo(np.float64).eps)
FAILED_HATCH = "//"
HEATMAP_MAX = 20  # per-entry heat maps are drawn for matrices up to this many rows and columns
HEATMAP_COLUMNS = 4


def new_axes(ax: Any = None, figsize: tuple[float, float] = (7, 4.5), ncols: int = 1
             ) -> tuple[Any, Any]:
    """(figure, axes): the given axes' figure, or a new backend-free Figure."""
    if ax is not None:
        return ax.figure, ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(1, ncols) if ncols else None  # ncols=0: the caller lays the figure out
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


def draw_comparison(cmp: Any, axes: Sequence[Any] | None = None) -> Any:
    """Error per engine (log scale, vs the reference) and setup/call time per engine (log scale)
    of a ``Comparison``. ``axes``: two matplotlib axes to draw on (error, time); by default a
    new figure, which for a Jacobian or Hessian up to ``HEATMAP_MAX`` square also shows each
    engine's per-entry error as a heat map (a larger matrix gets a line saying so instead)."""
    matrix = cmp.matrix_shape
    if axes is not None:
        err_ax, time_ax = axes
        fig = err_ax.figure
    elif matrix is None:
        fig, (err_ax, time_ax) = new_axes(None, figsize=(11, 0.45 * len(cmp) + 2.2), ncols=2)
    else:
        fig, err_ax, time_ax = _matrix_figure(cmp, matrix)
    _error_panel(err_ax, cmp)
    _time_panel(time_ax, cmp)
    fig.suptitle(f"{cmp.title} of {cmp.problem.label}", fontsize=11)
    return fig


def _matrix_figure(cmp: Any, matrix: tuple[int, int]) -> tuple[Any, Any, Any]:
    """A figure with the error and time panels on top and the heat maps (or why none) below."""
    rows = heatmap_rows(cmp)
    drawable = max(matrix) <= HEATMAP_MAX and bool(rows)
    lines = -(-len(rows) // HEATMAP_COLUMNS) if drawable else 0
    top = 0.45 * len(cmp) + 2.2
    fig, _ = new_axes(None, figsize=(11, top + 3.2 * lines + (0 if drawable else 0.6)), ncols=0)
    panels, below = fig.subfigures(2, 1, height_ratios=[top, 3.2 * lines if drawable else 0.6])
    err_ax, time_ax = panels.subplots(1, 2)
    if drawable:
        draw_entry_errors(below, cmp, rows)
    else:
        below.text(0.5, 0.5, heatmap_refusal(cmp, matrix), ha="center", va="center",
                   fontsize=9, color="#a33", wrap=True)
    return fig, err_ax, time_ax


def heatmap_rows(cmp: Any) -> list[Any]:
    """The rows with a finite matrix to compare with the reference, which must exist."""
    if cmp.reference is None:
        return []
    return [row for row in cmp.results if row.flat is not None and np.ndim(row.flat) == 2
            and np.all(np.isfinite(row.flat))]


def heatmap_refusal(cmp: Any, matrix: tuple[int, int]) -> str:
    """Why no heat map is drawn."""
    size = f"{matrix[0]}×{matrix[1]}"
    if max(matrix) > HEATMAP_MAX:
        return (f"per-entry error heat maps are drawn for matrices up to {HEATMAP_MAX}×"
                f"{HEATMAP_MAX}; this {cmp.title} is {size} (its entries: "
                "cmp.to_frame()['value'])")
    if cmp.reference is None:
        return "no per-entry error heat map: there is no reference to measure entries against"
    return "no per-entry error heat map: no engine gave a finite matrix"


def entry_errors(row: Any, cmp: Any) -> np.ndarray:
    """|engine − reference| per entry, relative to the reference's Frobenius norm."""
    reference = cmp.reference_value
    scale = float(np.linalg.norm(reference)) or 1.0
    return np.abs(np.asarray(row.flat) - reference) / scale


def draw_entry_errors(fig: Any, cmp: Any, rows: Sequence[Any]) -> list[Any]:
    """One heat map per row (log10 of the relative per-entry error, one shared colour scale) on
    ``fig`` (a figure or subfigure); returns the axes drawn."""
    from matplotlib.colors import LogNorm

    errors = [entry_errors(row, cmp) for row in rows]
    floor = EPS / 10
    high = max([float(e.max()) for e in errors] + [floor * 10])
    norm = LogNorm(vmin=floor, vmax=max(high, floor * 10))
    lines = -(-len(rows) // HEATMAP_COLUMNS)
    grid = fig.subplots(lines, HEATMAP_COLUMNS, squeeze=False)
    drawn, image = [], None
    for ax, row, error in zip(grid.ravel(), rows, errors):
        image = ax.imshow(np.maximum(error, floor), norm=norm, cmap="magma_r",
                          interpolation="nearest")
        ax.set_title(f"{row.backend}" + ("" if row.ok else f" ({row.status})"), fontsize=8,
                     color="k" if row.ok else "#a33")
        _entry_ticks(ax, cmp, error.shape)
        drawn.append(ax)
    for ax in grid.ravel()[len(rows):]:
        ax.set_axis_off()
    if image is not None:
        fig.colorbar(image, ax=drawn, label="|entry − reference| / ‖reference‖_F", shrink=0.9)
    return drawn


def _entry_ticks(ax: Any, cmp: Any, shape: tuple[int, ...]) -> None:
    """Columns are the variables (named), rows the outputs (Jacobian) or variables (Hessian)."""
    names = list(cmp.names) if len(cmp.names) == shape[1] else [str(j) for j in range(shape[1])]
    ax.set_xticks(range(shape[1]), names, fontsize=6, rotation=90 if shape[1] > 6 else 0)
    rows = names if cmp.derivative == "hessian" else [f"f[{i}]" for i in range(shape[0])]
    ax.set_yticks(range(shape[0]), rows, fontsize=6)
    ax.set_xlabel("variable", fontsize=7)
    ax.set_ylabel("variable" if cmp.derivative == "hessian" else "output", fontsize=7)


def _error_panel(ax: Any, cmp: Any) -> None:
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
    gap = "‖M − ref‖_F / ‖ref‖_F" if cmp.matrix_shape is not None else "‖g − ref‖ / ‖ref‖"
    ax.set_xlabel(f"relative error  {gap}  (| = engine's own estimate)")
    source = cmp.reference_source.split(" (")[0]
    ax.set_title(f"error vs reference: {source}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)


def _time_panel(ax: Any, cmp: Any) -> None:
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
            one = row.call_from_one_call
            ax.barh(i + height / 2, row.call_s - low, left=low, height=height, color="#55a868",
                    hatch="//" if one else None,
                    label="per call (median; hatched: one call)" if i == _first_ok(rows)
                    else "_nolegend_")
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ax.set_yticks(y, [r.backend for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("seconds")
    ax.set_title("time: setup and per call", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    if any(r.ok and (r.setup_s or r.call_s) for r in rows):
        ax.legend(fontsize=8, loc="lower right")


def _first_ok(rows: Sequence[Any]) -> int:
    return next((i for i, r in enumerate(rows) if r.ok), -1)
