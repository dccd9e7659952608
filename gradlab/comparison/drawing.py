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


def draw_comparison(cmp: Any, axes: Sequence[Any] | None = None) -> Any:
    """Error per engine (log scale, vs the reference) and setup/call time per engine (log scale)
    of a ``Comparison``. ``axes``: two matplotlib axes to draw on (error, time); by default a
    new figure."""
    if axes is None:
        fig, (err_ax, time_ax) = new_axes(None, figsize=(11, 0.45 * len(cmp) + 2.2), ncols=2)
    else:
        err_ax, time_ax = axes
        fig = err_ax.figure
    _error_panel(err_ax, cmp)
    _time_panel(time_ax, cmp)
    fig.suptitle(f"Gradient of {cmp.problem.label}", fontsize=11)
    return fig


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
    ax.set_xlabel("relative error  ‖g − ref‖ / ‖ref‖  (| = engine's own estimate)")
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
