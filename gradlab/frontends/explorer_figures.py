"""The explorer's figure tabs: matplotlib drawn off-screen (Agg) into PNG ``Image`` widgets."""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets

from .. import backends as registry
from ..backends import defaults
from ..backends.defaults import STEP_SWEEP as SWEEP_DEFAULTS
from ..comparison.drawing import (
    HEATMAP_COLUMNS,
    HEATMAP_MAX,
    draw_entry_errors,
    heatmap_refusal,
    heatmap_rows,
)
from ..comparison.results import Comparison
from ..comparison.step_sweep import step_sweep
from ..errors import GradlabError, InputError
from ..problem import Problem
from .plots import plot_comparison, plot_field

FIGSIZE = (7.5, 5.0)
DPI = 90


class FigureTab:
    """One tab: a message line and a PNG image, redrawn only when shown and out of date."""

    def __init__(self, what: str):
        self.what = what
        self.message = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="760px"))
        self.box = widgets.VBox([self.message, self.image])
        self.stale = True

    def render(self, draw: Callable[[Any], None], figsize: tuple[float, float] = FIGSIZE
               ) -> None:
        """Draw with ``draw(figure)`` and show it; a failure shows its message instead."""
        if not self.stale:
            return
        self.stale = False
        try:
            self.image.value = figure_png(draw, figsize)
        except Exception as err:  # noqa: BLE001 -- a view that cannot be drawn says why, in place
            text = str(err) if isinstance(err, GradlabError) else f"{type(err).__name__}: {err}"
            self.message.value = (f"<div class='gradlab-error' style='color:#a33'>No "
                                  f"{html.escape(self.what)} view: {html.escape(text)}</div>")
            self.image.layout.display = "none"
            return
        self.message.value = ""
        self.image.layout.display = None


def figure_png(draw: Callable[[Any], None], figsize: tuple[float, float] = FIGSIZE) -> bytes:
    """PNG bytes of a fresh ``Figure`` drawn by ``draw``; pyplot and its backend are not used."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    draw(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def accuracy_figure(fig: Any, f: Any, at: Any, wrt: Sequence[str] | None,
                    selected: Sequence[str], step: float, derivative: str = "gradient") -> None:
    """Error of the ``derivative`` against step for the switched-on engines that take a step,
    the current step marked."""
    methods = sweep_methods(selected)
    if not methods:
        raise InputError("switch on a finite-diff engine or another engine that takes a step "
                         f"(step_sweep's methods: {', '.join(SWEEP_DEFAULTS)}) to see its error "
                         "against the step")
    result = step_sweep(f, at, methods, wrt=wrt, derivative=derivative)
    ax = fig.add_subplot()
    result.plot(ax=ax)
    ax.axvline(step, color="black", lw=1.2, ls="--", label=f"current h = {step:.1e}")
    ax.legend(fontsize=7, ncol=2, loc="upper center")


def sweep_methods(selected: Sequence[str]) -> list[str]:
    """The switched-on engines that declare ``takes_step``, by the name step_sweep knows them
    (its short name for a default method, else the spec itself)."""
    short = {method.spec: name for name, method in SWEEP_DEFAULTS.items() if not method.options}
    return [short.get(spec, spec) for spec in selected if registry.resolve(spec)[0].takes_step]


def timing_figure(fig: Any, cmp: Comparison) -> None:
    """gl.plot_comparison of the latest comparison: error and time per engine."""
    plot_comparison(cmp, axes=fig.subplots(1, 2))


def timing_size(cmp: Comparison) -> tuple[float, float]:
    return (11.0, 0.45 * len(cmp) + 2.2)


def entries_figure(fig: Any, cmp: Comparison) -> None:
    """Each engine's per-entry error of the Jacobian or Hessian against the reference; why not,
    when the matrix is too large or there is nothing to compare."""
    matrix = cmp.matrix_shape
    rows = heatmap_rows(cmp)
    if matrix is None or not rows or max(matrix) > HEATMAP_MAX:
        raise InputError(heatmap_refusal(cmp, matrix or (0, 0)))
    draw_entry_errors(fig, cmp, rows)


def entries_size(cmp: Comparison) -> tuple[float, float]:
    lines = max(1, -(-len(heatmap_rows(cmp)) // HEATMAP_COLUMNS))
    return (11.0, 3.0 * lines)


def field_figure(fig: Any, f: Any, at: Any, problem: Problem, region: Sequence[Any],
                 selected: Sequence[str]) -> None:
    """gl.plot_field over ``region`` (the sliders' ranges), with the current point marked."""
    if problem.n != 2 or any(slot.is_fixed for slot in problem.slots):
        raise InputError("the gradient field is drawn for functions of exactly two variables "
                         "(without fixed arguments)")
    exact = registry.by_reference_rank(selected)  # an exact engine, preferred reference first
    engine = exact[0] if exact else defaults.FIELD
    ranges: Sequence[Any] | dict[str, Any] = region
    if isinstance(at, Mapping):
        ranges = dict(zip(problem.names, region))
    ax = fig.add_subplot()
    plot_field(f, ranges, engine, ax=ax)
    x, y = (float(v) for v in problem.flatten(at))
    ax.plot([x], [y], marker="o", ms=10, mfc="none", mec="black", mew=2, ls="none",
            label=f"current point ({x:.4g}, {y:.4g})")
    ax.legend(fontsize=8, loc="upper right")

