"""Result objects: one Row per engine and the Comparison that holds them, with their displays."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .problem import Problem
from .timing import Timing, format_seconds

TRUSTED = 1e-3  # a numerical row whose own error estimate exceeds this (relative) is flagged


@dataclass
class Row:
    """One engine's answer, like scipy.differentiate's result: values, error estimate, cost."""

    backend: str
    exact: bool = True
    status: str = "ok"  # ok | failed | unavailable | timed out | not finite | inaccurate
    gradient: np.ndarray | None = None
    error: str | None = None
    abs_error: float | None = None
    rel_error: float | None = None
    setup_s: float | None = None
    call_s: float | None = None
    timing: Timing | None = None
    cached: bool = False
    n_evals: int | None = None
    step: float | None = None
    error_estimate: float | None = None
    code: str | None = None
    notes: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def fill(self, estimate: Any, compiled: Any, problem: Problem) -> None:
        self.gradient = problem.shape_gradient(estimate.gradient)
        self.n_evals, self.step = estimate.n_evals, estimate.step
        self.error_estimate = estimate.error_estimate
        self.notes = tuple(dict.fromkeys(tuple(compiled.notes) + tuple(estimate.notes)))
        self.details = compiled.details
        if not np.all(np.isfinite(self.gradient)):
            self.status = "not finite"
            where = "" if self.exact else ", or the step left f's domain (sqrt, log near 0)"
            self.error = (f"{self.backend}: the gradient is not finite here "
                          f"({_vector(self.gradient)}); f may not be differentiable at this "
                          f"point{where}")
        elif self.error_estimate is not None and self.error_estimate >= TRUSTED * float(
                np.linalg.norm(self.gradient)) > 0:
            size = self.error_estimate / float(np.linalg.norm(self.gradient))
            self.flag_inaccurate(f"its own error estimate is {size:.1e} of the gradient")

    def flag_inaccurate(self, why: str) -> None:
        """A numerical answer that cannot be trusted: shown, but never taken as a result."""
        self.status = "inaccurate"
        self.error = (f"{self.backend}: {why}; the step does not suit this point (variables far "
                      "below 1 in size, or a kink or jump within the step)")

    def judge(self, reference: np.ndarray | None) -> None:
        if reference is None or self.gradient is None or self.status not in ("ok", "inaccurate"):
            return
        difference = float(np.linalg.norm(self.gradient.ravel() - reference.ravel()))
        scale = float(np.linalg.norm(reference))
        self.abs_error = difference
        self.rel_error = difference / scale if scale > 0 else difference

    def to_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend, "status": self.status, "exact": self.exact,
            "gradient": None if self.gradient is None else self.gradient.tolist(),
            "error": self.error, "abs_error": self.abs_error, "rel_error": self.rel_error,
            "setup_s": self.setup_s, "call_s": self.call_s, "cached": self.cached,
            "n_evals": self.n_evals, "step": self.step, "error_estimate": self.error_estimate,
            "notes": list(self.notes), "code": self.code,
        }


@dataclass
class Comparison:
    problem: Problem
    value: float
    results: list[Row]
    reference: np.ndarray | None
    reference_source: str

    def __getitem__(self, name: str) -> Row:
        for row in self.results:
            if row.backend == name:
                return row
        for row in self.results:
            if row.backend.partition(":")[0] == name:
                return row
        raise KeyError(f"no row for {name!r}; rows: {', '.join(self.backends)}")

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    @property
    def backends(self) -> list[str]:
        return [row.backend for row in self.results]

    @property
    def names(self) -> tuple[str, ...]:
        return self.problem.names

    @property
    def symbolic(self) -> Any:
        """SymPy's gradient expressions, when the sympy row ran."""
        for row in self.results:
            if "gradient" in row.details:
                return row.details["gradient"]
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "function": self.problem.label, "variables": list(self.names),
            "point": self.problem.x0.tolist(), "value": self.value,
            "reference": None if self.reference is None else self.reference.ravel().tolist(),
            "reference_source": self.reference_source,
            "results": [row.to_dict() for row in self.results],
        }

    def to_json(self, **kwargs: Any) -> str:
        """Strict JSON: NaN and infinities (a gradient that is not finite) become null."""
        return json.dumps(_finite_or_none(self.to_dict()), allow_nan=False, **kwargs)

    def to_frame(self) -> Any:
        import pandas as pd

        frame = pd.DataFrame([row.to_dict() for row in self.results]).set_index("backend")
        return frame.drop(columns=["code"])

    def plot(self, **kwargs: Any) -> Any:
        from .plots import plot_comparison

        return plot_comparison(self, **kwargs)

    def table_rows(self) -> list[list[str]]:
        """The cells of the display table: engine, gradient, error, estimate, setup, call, note."""
        cells = []
        for row in self.results:
            gradient = _vector(row.gradient) if row.gradient is not None else "—"
            note = row.error if row.error else "; ".join(row.notes)
            cells.append([row.backend, gradient, _number(row.rel_error),
                          _number(row.error_estimate), format_seconds(row.setup_s),
                          format_seconds(row.call_s), str(row.n_evals or "—"), note or ""])
        return cells

    HEADERS = ["engine", "gradient", "rel. error", "error est.", "setup", "per call", "f evals",
               "note"]

    def __str__(self) -> str:
        head = (f"Gradient of {self.problem.label} at "
                f"{_point_text(self.problem)} (f = {self.value:.6g})\n"
                f"reference: {_vector(self.reference)} from {self.reference_source}\n")
        rows = [self.HEADERS] + self.table_rows()
        widths = [max(len(r[i]) for r in rows) for i in range(len(self.HEADERS) - 1)]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r[:-1], widths)) + "  " + r[-1]
                 for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths) + "  ----")
        return head + "\n".join(line.rstrip() for line in lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in self.HEADERS)
        body = []
        for row, cells in zip(self.results, self.table_rows()):
            style = "" if row.ok else ' style="color:#a33"'
            body.append(f"<tr{style}>" + "".join(
                f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        return (
            f"<div class='gradlab-comparison'><p><b>Gradient of "
            f"{html.escape(self.problem.label)}</b> at {html.escape(_point_text(self.problem))}"
            f" (f = {self.value:.6g})<br>reference: {html.escape(_vector(self.reference))} from "
            f"{html.escape(self.reference_source)}</p><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )

    def _repr_latex_(self) -> str | None:
        gradient = self.symbolic
        if gradient is None:
            return None
        import sympy

        names = self.names
        parts = [rf"\frac{{\partial f}}{{\partial {sympy.latex(sympy.Symbol(n))}}} = "
                 + sympy.latex(g) for n, g in zip(names, gradient)]
        return "$\\displaystyle " + r",\quad ".join(parts) + "$"


def _finite_or_none(value: Any) -> Any:
    if isinstance(value, float):
        return value if np.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite_or_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite_or_none(v) for v in value]
    return value


def _vector(values: np.ndarray | None) -> str:
    if values is None:
        return "—"
    flat = np.asarray(values).ravel()
    shown = ", ".join(f"{v:.10g}" for v in flat[:6])
    return f"[{shown}{', …' if flat.size > 6 else ''}]"


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return "0" if value == 0 else f"{value:.1e}"


def _point_text(problem: Problem) -> str:
    return ", ".join(f"{k}={v:g}" if np.ndim(v) == 0 else
                     f"{k}={np.array2string(np.asarray(v), precision=6, threshold=6)}"
                     .replace("\n", "")
                     for k, v in problem.point().items())
