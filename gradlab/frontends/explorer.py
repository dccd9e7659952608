"""``gl.explore(f, at)``: move the point and the step, and watch every engine respond.

The explorer is an ipywidgets ``VBox`` built from stock widgets only (no custom JavaScript), so
it runs in JupyterLab 4, Notebook 7 and Voila. Figures are drawn on ``matplotlib.figure.Figure``
with the Agg canvas and shown as PNG ``Image`` widgets; the user's matplotlib backend and
rcParams are never touched. Typed functions go through :func:`gradlab.parse_expression`, which
interprets a whitelist of math and never executes the text.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import backends as registry
from ..comparison.compare import compare
from ..comparison.results import Comparison
from ..errors import GradlabError, InputError
from ..expression import parse_expression
from ..hints import FunctionLike, PointLike
from ..problem import Problem, make_problem
from .explorer_figures import (
    FigureTab,
    accuracy_figure,
    entries_figure,
    entries_size,
    field_figure,
    timing_figure,
    timing_size,
)

DEFAULT_STEP = 1e-6
TABLE_STYLE = ("<style>.gradlab-explorer .gradlab-comparison td, .gradlab-explorer "
               ".gradlab-comparison th {white-space: nowrap; padding: 1px 8px;}</style>")
BUSY = "<span style='color:#555'>&#8987; computing…</span>"


class Explorer(widgets.VBox):
    """The explorer UI; ``comparison`` holds the latest :class:`gradlab.Comparison`.

    Controls: ``sliders`` (one per scalar variable) with ``values`` (a box beside each to type
    an exact value; the slider's range widens to take it), ``engines`` (a toggle per engine spec),
    ``step`` (log slider), ``precision`` (float64/float32), ``derivative`` (gradient or Hessian
    of a scalar f; the Jacobian of an array-valued f), ``function`` (expression text).
    Views: ``status`` (busy/errors), ``table`` (the comparison's HTML) and the ``tabs``.
    """

    def __init__(self, f: Any, at: Any, *, wrt: Sequence[str] | None = None,
                 backends: Sequence[str] | None = None, step: float = DEFAULT_STEP,
                 dtype: str = "float64", timing_budget: float = 0.1,
                 derivative: str | None = None):
        problem = make_problem(f, at, wrt, outputs="array")
        problem.evaluate()
        self._f, self._at, self._wrt, self._budget = f, at, wrt, timing_budget
        self.problem: Problem = problem
        self.comparison: Comparison | None = None
        self._x = problem.x0.copy()
        self._quiet = False
        self.function = widgets.Text(
            value=f if isinstance(f, str) else "", description="f =", continuous_update=False,
            placeholder=f"{problem.label}: type an expression such as sin(x)*exp(x*y)",
            layout=widgets.Layout(width="95%"))
        self.sliders: dict[str, widgets.FloatSlider] = {}
        self.slider_box = widgets.VBox()
        self.engines = _engine_toggles(backends)
        self.step = widgets.FloatLogSlider(
            value=step, base=10, min=-14, max=-0.5, step=0.1, description="step h",
            readout_format=".1e", continuous_update=False,
            tooltip="the step of every engine that takes one")
        self.precision = widgets.ToggleButtons(
            options=list(registry.DTYPES), value=dtype, description=_precision_label(self.engines),
            style={"button_width": "80px"})
        self.derivative = widgets.ToggleButtons(description="derivative",
                                                style={"button_width": "80px"})
        self._offer_derivatives(derivative)
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.accuracy = FigureTab("error against step size")
        self.timing = FigureTab("setup and per-call time")
        self.field = FigureTab("contours of f and its gradient field")
        self.entries = FigureTab("per-entry error heat map")
        self.tabs = widgets.Tab()
        self._build_sliders()
        self._build_tabs()
        self.engines_box = widgets.HBox(list(self.engines.values()),
                                        layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([self.function, self.slider_box, self.engines_box,
                          widgets.HBox([self.step, self.precision]), self.derivative,
                          self.status, self.tabs])
        self.add_class("gradlab-explorer")
        for toggle in self.engines.values():
            toggle.observe(self.refresh, names="value")
        self.step.observe(self.refresh, names="value")
        self.precision.observe(self.refresh, names="value")
        self.derivative.observe(self._on_derivative, names="value")
        self.function.observe(self._on_function, names="value")
        self.tabs.observe(self._on_tab, names="selected_index")
        self.refresh()

    # --- state -------------------------------------------------------------------------------

    @property
    def selected(self) -> list[str]:
        """The engine specs switched on."""
        return [spec for spec, toggle in self.engines.items() if toggle.value]

    def point(self) -> Any:
        """The current point, in the same form as the ``at`` the explorer was given."""
        return _point_like(self._at, self.problem, self._x)

    def options(self) -> dict[str, dict[str, Any]]:
        """Per-engine options from the step slider and the precision toggle, for the engines
        that declare a step (``takes_step``) or the chosen precision (``dtypes``)."""
        specs = list(self.engines)
        chosen: dict[str, dict[str, Any]] = {spec: {"step": float(self.step.value)}
                                             for spec in registry.step_specs(specs)}
        for spec in registry.dtype_specs(specs, self.precision.value):
            chosen.setdefault(spec, {})["dtype"] = self.precision.value
        return chosen

    # --- controls ------------------------------------------------------------------------------

    def _build_sliders(self) -> None:
        """One row per variable: a slider to drag and a box to type an exact value.

        A slider's own readout clamps typed values to its range in the browser, so a value
        typed outside it would silently become another point; the box widens the range instead.
        """
        self.sliders, self.values, rows = {}, {}, []
        for index, (name, value) in enumerate(zip(self.problem.names, self._x)):
            slider = _variable_slider(name, float(value))
            box = widgets.FloatText(value=float(value), continuous_update=False,
                                    layout=widgets.Layout(width="120px"))
            box.add_class("gradlab-value")
            slider.observe(lambda change, i=index: self._on_slider(i, change), names="value")
            box.observe(lambda change, s=slider: _move_to(s, change["new"]), names="value")
            self.sliders[name], self.values[name] = slider, box
            row = widgets.HBox([slider, box])
            row.add_class("gradlab-variable")
            rows.append(row)
        self.slider_box.children = rows

    def _offer_derivatives(self, chosen: str | None = None) -> None:
        """The derivatives the function has: gradient and Hessian of a scalar f, the Jacobian
        of an array-valued one."""
        scalar = tuple(getattr(self.problem, "output_shape", ())) == ()
        offered = list(derivative_choices(scalar))
        if chosen is not None and chosen not in offered:
            kind = "a scalar" if scalar else "an array-valued"
            raise InputError(f"the explorer offers {' and '.join(offered)} for {kind} function, "
                             f"not {chosen!r}")
        self._quiet = True  # set options and value without a recomputation in between
        self.derivative.options = offered
        self.derivative.value = chosen or offered[0]
        self.derivative.disabled = len(offered) == 1
        self._quiet = False

    @property
    def operator(self) -> str:
        """The derivative compared: the selector's choice."""
        return str(self.derivative.value)

    def _on_derivative(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self._build_tabs()
        self.refresh()

    def _build_tabs(self) -> None:
        pages = [("results", self.table), ("accuracy", self.accuracy.box),
                 ("timing", self.timing.box)]
        if self.problem.n == 2 and self.operator == "gradient":
            pages.append(("gradient field", self.field.box))
        if self.operator in ("jacobian", "hessian"):
            pages.append(("entries", self.entries.box))
        self.tabs.children = [page for _, page in pages]
        self.tabs.titles = tuple(title for title, _ in pages)
        self.tabs.selected_index = 0

    def _on_slider(self, index: int, change: dict[str, Any]) -> None:
        self._x[index] = float(change["new"])
        self.values[self.problem.names[index]].value = float(change["new"])
        self.refresh()

    def _on_function(self, change: dict[str, Any]) -> None:
        text = change["new"].strip()
        if not text:
            return
        try:
            expression = parse_expression(text)
            if not expression.variables:
                raise InputError(f"{text!r} has no variable; use names such as x or y")
            current = dict(zip(self.problem.names, self._x))
            names = [n for n in self.problem.names if n in expression.variables]
            names += [n for n in expression.variables if n not in names]
            at = {name: float(current.get(name, 1.0)) for name in names}
            problem = make_problem(text, at)
            problem.evaluate()
        except GradlabError as err:
            self._show_error(err)
            return
        self._f, self._at, self._wrt, self.problem = text, at, None, problem
        self._x = problem.x0.copy()
        self._offer_derivatives(self.operator if self.operator in derivative_choices(True)
                                else None)
        self._build_sliders()
        self._build_tabs()
        self.refresh()

    def _on_tab(self, change: dict[str, Any]) -> None:
        self._render_visible()

    # --- recomputation ------------------------------------------------------------------------

    def refresh(self, *_: Any) -> None:
        """Recompute the comparison for the current controls and redraw the visible view."""
        if not self.selected:
            self._show_error("switch on at least one engine")
            return
        self.status.value = BUSY
        start = time.perf_counter()
        try:
            cmp = compare(self._f, self.point(), backends=self.selected, wrt=self._wrt,
                          options=self._relevant_options(), timing=self._budget > 0,
                          timing_budget=self._budget, derivative=self.operator)
        except Exception as err:  # noqa: BLE001 -- shown inline: the page must never show a traceback
            self._show_error(f"computing the {self.operator} at {self._point_text()} failed with "
                             f"{type(err).__name__}: {err}" if not isinstance(err, GradlabError)
                             else err)
            self.comparison = None  # never leave a table for another point on screen
            self.table.value = (f"<p class='gradlab-stale'>No result at "
                                f"{html.escape(self._point_text())}: see the message above.</p>")
            return
        self.comparison = cmp
        self.table.value = TABLE_STYLE + cmp._repr_html_()
        for tab in (self.accuracy, self.timing, self.field, self.entries):
            tab.stale = True
        self._render_visible()
        failed = sum(not row.ok for row in cmp.results)
        note = f"; {failed} engine(s) failed, see the table" if failed else ""
        self.status.value = (f"<span style='color:#555'>updated in "
                             f"{time.perf_counter() - start:.2f} s{note}</span>")

    def _relevant_options(self) -> dict[str, dict[str, Any]]:
        chosen = set(self.selected)
        return {spec: opts for spec, opts in self.options().items() if spec in chosen}

    def _render_visible(self) -> None:
        cmp = self.comparison
        if cmp is None or self.tabs.selected_index is None:
            return
        page = self.tabs.children[self.tabs.selected_index]
        if page is self.accuracy.box:
            self.accuracy.render(lambda fig: accuracy_figure(
                fig, self._f, self.point(), self._wrt, self.selected, float(self.step.value),
                self.operator))
        elif page is self.timing.box:
            self.timing.render(lambda fig: timing_figure(fig, cmp), timing_size(cmp))
        elif page is self.entries.box:
            self.entries.render(lambda fig: entries_figure(fig, cmp), entries_size(cmp))
        elif page is self.field.box:
            region = [(s.min, s.max) for s in self.sliders.values()]
            self.field.render(lambda fig: field_figure(
                fig, self._f, self.point(), self.problem, region, self.selected))

    def _point_text(self) -> str:
        return ", ".join(f"{name}={value:.6g}" for name, value in zip(self.problem.names, self._x))

    def _show_error(self, err: Any) -> None:
        self.status.value = (f"<div class='gradlab-error' style='color:#a33'>"
                             f"{html.escape(str(err))}</div>")


def explore(f: FunctionLike, at: PointLike, *, wrt: Sequence[str] | None = None,
            backends: Sequence[str] | None = None, step: float = DEFAULT_STEP,
            dtype: str = "float64", timing_budget: float = 0.1,
            derivative: str | None = None) -> Explorer:
    """An interactive explorer of the derivatives of ``f`` around ``at`` (ipywidgets).

    ``backends`` are the engines switched on at first (default: those ``gl.compare`` runs);
    ``step`` the step of the engines that take one, ``dtype`` the precision of the engines that
    offer several, and ``timing_budget`` the seconds spent timing engines on each update (0: no
    timing). ``derivative``: the one shown first, "gradient" or "hessian" for a scalar ``f``
    (default: the gradient), "jacobian" for an array-valued one.
    """
    if dtype not in registry.DTYPES:
        raise InputError(f"dtype must be one of {', '.join(map(repr, registry.DTYPES))}, "
                         f"not {dtype!r}")
    if not (isinstance(step, (int, float)) and 1e-14 <= step <= 10 ** -0.5):
        raise InputError(f"step must be a number between 1e-14 and 0.3, not {step!r}")
    return Explorer(f, at, wrt=wrt, backends=backends, step=step, dtype=dtype,
                    timing_budget=timing_budget, derivative=derivative)


def derivative_choices(scalar: bool) -> tuple[str, ...]:
    """The derivatives the explorer's selector offers for a scalar or an array-valued f."""
    return ("gradient", "hessian") if scalar else ("jacobian",)


def engine_specs() -> list[str]:
    """Every engine spec offered as a toggle: available engines, variants spelled out."""
    return registry.specs(registry.available())


def _precision_label(toggles: Mapping[str, Any]) -> str:
    """The precision toggle's label: the engines it sets (``jax/pytensor``)."""
    lower = [dtype for dtype in registry.DTYPES if dtype != "float64"]
    specs = [spec for spec in toggles if any(registry.dtype_specs([spec], d) for d in lower)]
    return "/".join(dict.fromkeys(spec.partition(":")[0] for spec in specs)) or "precision"


def _engine_toggles(chosen: Sequence[str] | None) -> dict[str, widgets.ToggleButton]:
    specs = engine_specs()
    on = list(registry.default_specs() if chosen is None else chosen)
    for spec in on:
        registry.resolve(spec)  # an unknown name is an input error, said once, up front
    specs += [spec for spec in on if spec not in specs]
    toggles = {spec: widgets.ToggleButton(value=spec in on, description=spec, tooltip=spec,
                                          layout=widgets.Layout(width="auto"))
               for spec in specs}
    for toggle in toggles.values():
        _style_toggle({"owner": toggle})
        toggle.observe(_style_toggle, names="value")
    return toggles


def _style_toggle(change: dict[str, Any]) -> None:
    """An engine that is switched on is blue, so the on/off state reads at a glance."""
    toggle = change["owner"]
    toggle.button_style = "info" if toggle.value else ""


def _variable_slider(name: str, value: float) -> widgets.FloatSlider:
    half = max(1.0, abs(value))
    return widgets.FloatSlider(
        value=value, min=value - half, max=value + half, step=half / 200, description=name,
        readout=False, continuous_update=False, layout=widgets.Layout(width="400px"))


def _move_to(slider: widgets.FloatSlider, value: float) -> None:
    """Put ``slider`` at a typed ``value``, widening its range first if the value is outside."""
    if not np.isfinite(value):
        return
    half = max(1.0, abs(value))
    if value > slider.max:
        slider.max = value + half
    if value < slider.min:
        slider.min = value - half
    slider.value = value


def _point_like(at: Any, problem: Problem, flat: np.ndarray) -> Any:
    """``flat`` laid out like ``at``: a dict, a list of numbers, one array or one number."""
    values = problem.point(flat)
    if isinstance(at, Mapping):
        return {**at, **values}
    if len(problem.slots) == 1:
        return next(iter(values.values()))
    return [values.get(slot.name, slot.fixed) for slot in problem.slots]
