"""Result objects: one Row per engine and the Comparison that holds them, with their displays."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..plain_text import text_table
from ..problem import Problem
from .timing import Timing, format_seconds

TRUSTED = 1e-3  # a numerical row whose error estimate exceeds this share of the gradient's norm
UNVERIFIED_NOTE = "unverified: "  # an engine's note that starts so: a check it needs was not made

# Every status a row can have, and what it means. "ok" is the only one to take as a result.
STATUSES: dict[str, str] = {
    "ok": "verified: the gradient agrees with the consensus reference (an exact engine to within "
          "float64 round-off, 1e-10 of the norm, when the reference is SymPy's 50-digit value; "
          "a numerical row to within ten times its own error estimate, which is at most 0.1 % "
          "of the reference's norm). With reference='none' a numerical row is judged on its "
          "own error estimate only.",
    "inaccurate": "a numerical row whose error estimate exceeds 0.1 % of the reference's norm "
                  "(a zero gradient is judged on an absolute scale of 1), or whose distance to "
                  "the reference exceeds ten times its estimate; or an exact float64 row further "
                  "than 1e-10 of the norm from the 50-digit reference (its formula loses digits "
                  "here): shown, never trusted.",
    "unverified": "a check this row needs could not be made (e.g. the central differences that "
                  "check complex step are not finite, or no independent engine confirms it): "
                  "the number may be right, but nothing confirmed it.",
    "disagrees": "an engine whose gradient differs from the consensus beyond the numerical "
                 "error estimates, or, where engines split into camps and no consensus exists, "
                 "from another camp; the error text gives the numbers.",
    "not finite": "the gradient has NaN or infinite components: f may not be differentiable "
                  "here, or a step left f's domain.",
    "failed": "the engine raised an error (at compile or call time); the error text says why.",
    "unavailable": "the engine's package is not installed here.",
    "not supported": "the engine computes this derivative (Jacobian, Hessian, ...) neither "
                     "natively nor from an operator it computes natively, so the row has no "
                     "value rather than a different quantity; the error text says what it "
                     "computes.",
    "timed out": "the engine ran past the time limit; its work was abandoned.",
}


@dataclass
class Row:
    """One engine's answer, like scipy.differentiate's result: values, error estimate, cost."""

    backend: str
    exact: bool = True
    status: str = "ok"  # one of STATUSES
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
    eps: float = field(default=float(np.finfo(np.float64).eps), repr=False)  # its precision

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def fill(self, estimate: Any, compiled: Any, problem: Problem,
             operator: str = "gradient") -> None:
        """The engine's answer (``gradient`` holds the ``operator``'s value, shaped as the user
        sees it); "not finite" or "unverified" when it says so itself. Whether a finite answer
        is right is decided later, against the consensus (gradlab.reference)."""
        self.gradient = problem.shape_result(operator, estimate.gradient)
        self.n_evals, self.step = estimate.n_evals, estimate.step
        self.error_estimate = estimate.error_estimate
        self.notes = tuple(dict.fromkeys(tuple(compiled.notes) + tuple(estimate.notes)))
        self.details = compiled.details
        unchecked = [note for note in self.notes if note.startswith(UNVERIFIED_NOTE)]
        if not np.all(np.isfinite(self.gradient)):
            self.status = "not finite"
            where = "" if self.exact else ", or the step left f's domain (sqrt, log near 0)"
            self.error = (f"{self.backend}: the {operator} is not finite here "
                          f"({_vector(self.gradient)}); f may not be differentiable at this "
                          f"point{where}")
        elif self.error_estimate is not None and not np.isfinite(self.error_estimate):
            self.flag("unverified", "its error estimate is not finite, so it says nothing")
        elif unchecked:
            self.flag("unverified", unchecked[0][len(UNVERIFIED_NOTE):])

    def flag(self, status: str, why: str) -> None:
        """Set a status other than "ok" with the reason, prefixed by the engine's name."""
        self.status = status
        self.error = f"{self.backend}: {why}"

    def flag_inaccurate(self, why: str) -> None:
        """A numerical answer that cannot be trusted: shown, but never taken as a result."""
        self.flag("inaccurate", f"{why}; the step does not suit this point (variables far from "
                  "1 in size, |f| large against its changes, or a kink or jump within the step)")

    def judge(self, reference: np.ndarray | None) -> None:
        """Its error against the reference (any status, as long as the gradient is finite)."""
        if reference is None or self.gradient is None or not np.all(np.isfinite(self.gradient)):
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
    value: Any  # f at the point: a float, or an array for an array-valued f
    results: list[Row]
    reference: np.ndarray | None  # flat (the operator's values in row-major order)
    reference_source: str
    camps: list[dict[str, Any]] = field(default_factory=list)  # engines that agree, by group
    derivative: str = "gradient"  # the operator compared (gradlab.backends.base.OPERATORS)
    direction: np.ndarray | None = None  # hvp/jvp: the flat v; vjp: the flat u; else None

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
            "reference_source": self.reference_source, "camps": self.camps,
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
        from .drawing import draw_comparison

        return draw_comparison(self, **kwargs)

    def table_rows(self) -> list[list[str]]:
        """The display table's cells: engine, gradient, error, estimate, setup, call, f evals,
        status, note. A row that is not "ok" says its status in capitals."""
        cells = []
        for row in self.results:
            gradient = _vector(row.gradient) if row.gradient is not None else "—"
            note = row.error if row.error else "; ".join(row.notes)
            status = row.status if row.ok else row.status.upper()
            cells.append([row.backend, gradient, _number(row.rel_error),
                          _number(row.error_estimate), format_seconds(row.setup_s),
                          format_seconds(row.call_s), str(row.n_evals or "—"), status,
                          note or ""])
        return cells

    HEADERS = ["engine", "gradient", "rel. error", "error est.", "setup", "per call", "f evals",
               "status", "note"]

    def __str__(self) -> str:
        head = (f"Gradient of {self.problem.label} at "
                f"{_point_text(self.problem)} (f = {self.value:.6g})\n"
                f"reference: {_vector(self.reference)} from {self.reference_source}\n")
        return head + text_table([self.HEADERS] + self.table_rows(), rule=True)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in self.HEADERS)
        body = []
        for row, cells in zip(self.results, self.table_rows()):
            style = "" if row.ok else f' style="color:#a33" title="{html.escape(row.status)}"'
            body.append(f"<tr class='gradlab-{row.status.replace(' ', '-')}'{style}>" + "".join(
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
