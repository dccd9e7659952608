"""Result objects: one Row per engine and the Comparison that holds them, with their displays."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..plain_text import text_table
from ..problem import Problem
from .result_text import (
    MATRIX_OPERATORS,
    f_text,
    latex_parts,
    noun,
    number_text,
    point_text,
    title,
    value_text,
    vector_text,
)
from .timing import ONE_CALL, Timing, format_seconds

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
    "timed out": "the engine ran past the time limit; its work was abandoned.",
    "not supported": "the engine computes this derivative (Jacobian, Hessian, ...) neither "
                     "natively nor from an operator it computes natively, so the row has no "
                     "value rather than a different quantity; the error text says what it "
                     "computes.",
}


@dataclass
class Row:
    """One engine's answer, like scipy.differentiate's result: values, error estimate, cost.

    ``gradient`` holds the operator's value shaped as the API returns it (for a Hessian, the
    input's shape twice); ``value`` the same numbers flat as engines compute them ((n,) for a
    gradient, (m, n) for a Jacobian, (n, n) for a Hessian, a vector for hvp/jvp/vjp).
    """

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
    operator: str = "gradient"  # the derivative operator it computes (base.OPERATORS)
    value: np.ndarray | None = field(default=None, repr=False)  # flat, as described above

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def shape(self) -> tuple[int, ...] | None:
        """The shape of the operator's value as the API returns it."""
        return None if self.gradient is None else tuple(np.shape(self.gradient))

    @property
    def call_from_one_call(self) -> bool:
        """Whether ``call_s`` is one call's time: that call took longer than the timing budget,
        so it was not repeated (no median, no spread)."""
        return self.timing is not None and self.timing.from_one_call

    @property
    def call_text(self) -> str:
        """The per-call time as the table shows it, marked when it comes from one call."""
        mark = " *" if self.call_from_one_call else ""
        return format_seconds(self.call_s) + mark

    @property
    def flat(self) -> np.ndarray | None:
        """The value flat (a matrix stays 2-D); rows built from a shaped value alone ravel it."""
        if self.value is not None:
            return self.value
        return None if self.gradient is None else np.ravel(self.gradient)

    def fill(self, estimate: Any, compiled: Any, problem: Problem,
             operator: str = "gradient") -> None:
        """The engine's answer to ``operator``; "not finite" or "unverified" when it says so
        itself. Whether a finite answer is right is decided later, against the consensus."""
        self.operator = operator
        self.value = np.asarray(estimate.gradient, dtype=np.float64)
        self.gradient = _shaped(problem, self.operator, self.value)
        self.n_evals, self.step = estimate.n_evals, estimate.step
        self.error_estimate = estimate.error_estimate
        self.notes = tuple(dict.fromkeys(tuple(compiled.notes) + tuple(estimate.notes)))
        self.details = compiled.details
        unchecked = [note for note in self.notes if note.startswith(UNVERIFIED_NOTE)]
        if not np.all(np.isfinite(self.gradient)):
            self.status = "not finite"
            where = "" if self.exact else ", or the step left f's domain (sqrt, log near 0)"
            self.error = (f"{self.backend}: the {noun(self.operator)} is not finite here "
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
        """Its error against the reference (any status, as long as the value is finite):
        normwise, the Frobenius norm for a matrix."""
        if reference is None or self.gradient is None or not np.all(np.isfinite(self.gradient)):
            return
        difference = float(np.linalg.norm(self.gradient.ravel() - reference.ravel()))
        scale = float(np.linalg.norm(reference))
        self.abs_error = difference
        self.rel_error = difference / scale if scale > 0 else difference

    def to_dict(self) -> dict[str, Any]:
        """Its fields as plain data; ``value`` in the API's shape (nested lists for a matrix),
        and ``gradient`` too when it is a gradient row."""
        value = None if self.gradient is None else np.asarray(self.gradient).tolist()
        named = {"gradient": value} if self.operator == "gradient" else {}
        return {
            "backend": self.backend, "status": self.status, "exact": self.exact,
            "derivative": self.operator, **named, "value": value,
            "shape": None if self.shape is None else list(self.shape),
            "error": self.error, "abs_error": self.abs_error, "rel_error": self.rel_error,
            "setup_s": self.setup_s, "call_s": self.call_s,
            "call_from_one_call": self.call_from_one_call, "cached": self.cached,
            "n_evals": self.n_evals, "step": self.step, "error_estimate": self.error_estimate,
            "notes": list(self.notes), "code": self.code,
        }


@dataclass
class Comparison:
    """Every engine's value of one derivative operator of f at a point, against a reference.

    ``reference`` is flat (raveled); ``reference_value`` gives it as a matrix for a Jacobian or
    Hessian. Errors are normwise: the Frobenius norm for a matrix.
    """

    problem: Problem
    value: Any  # f at the point: a float, or an array for a function with array output
    results: list[Row]
    reference: np.ndarray | None  # flat (the operator's values in row-major order)
    reference_source: str
    camps: list[dict[str, Any]] = field(default_factory=list)  # engines that agree, by group
    derivative: str = "gradient"  # the operator compared (gradlab.backends.base.OPERATORS)
    direction: np.ndarray | None = None  # v (hvp, jvp) or u (vjp), flat

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
    def title(self) -> str:
        """What is compared, in words: "Gradient", "Hessian", "Jacobian", ..."""
        return title(self.derivative)

    @property
    def matrix_shape(self) -> tuple[int, int] | None:
        """(rows, columns) of a Jacobian (m, n) or Hessian (n, n); None for a vector."""
        if self.derivative not in MATRIX_OPERATORS:
            return None
        rows, columns = self.problem.result_shape(self.derivative)
        return rows, columns

    @property
    def reference_value(self) -> np.ndarray | None:
        """The reference flat as engines compute it: a matrix for a Jacobian or Hessian."""
        if self.reference is None:
            return None
        shape = self.matrix_shape
        return self.reference if shape is None else self.reference.reshape(shape)

    @property
    def shape(self) -> tuple[int, ...] | None:
        """The shape of the operator's value as the API returns it."""
        for row in self.results:
            if row.shape is not None:
                return row.shape
        if self.reference is None:
            return None
        return tuple(self.problem.user_shape(self.derivative))

    @property
    def symbolic(self) -> Any:
        """SymPy's expressions of the derivative compared (its gradient, Jacobian or Hessian),
        when the sympy row ran."""
        for row in self.results:
            if self.derivative in row.details:
                return row.details[self.derivative]
            matrix = row.details.get("derivative")  # SymPy's matrix of the operator it computed
            if self.matrix_shape is not None and tuple(getattr(matrix, "shape", ())) == \
                    self.matrix_shape:
                return matrix
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain data. Each row's ``value`` and the ``reference`` are in the API's shape (nested
        lists for a matrix); a gradient's reference stays a flat list."""
        reference = None if self.reference is None else self._shaped_reference().tolist()
        return {
            "function": self.problem.label, "variables": list(self.names),
            "point": self.problem.x0.tolist(), "value": _plain(self.value),
            "derivative": self.derivative,
            "shape": None if self.shape is None else list(self.shape),
            "direction": None if self.direction is None else self.direction.tolist(),
            "reference": reference,
            "reference_source": self.reference_source, "camps": self.camps,
            "results": [row.to_dict() for row in self.results],
        }

    def _shaped_reference(self) -> np.ndarray:
        assert self.reference is not None
        if self.derivative == "gradient":
            return self.reference.ravel()
        return _shaped(self.problem, self.derivative, self.reference)

    def to_json(self, **kwargs: Any) -> str:
        """Strict JSON: NaN and infinities (a value that is not finite) become null."""
        return json.dumps(_finite_or_none(self.to_dict()), allow_nan=False, **kwargs)

    def to_frame(self) -> Any:
        """One line per engine; the ``value`` column holds each engine's array (a matrix for a
        Jacobian or Hessian) in the API's shape."""
        import pandas as pd

        frame = pd.DataFrame([row.to_dict() for row in self.results]).set_index("backend")
        frame["value"] = pd.Series([row.gradient for row in self.results], index=frame.index,
                                   dtype=object)
        return frame.drop(columns=["code"])

    def plot(self, **kwargs: Any) -> Any:
        """Error and time per engine; for a Jacobian or Hessian up to 20×20, also a heat map of
        each engine's per-entry error (``gradlab.comparison.drawing.draw_comparison``)."""
        from .drawing import draw_comparison

        return draw_comparison(self, **kwargs)

    @property
    def headers(self) -> list[str]:
        """The table's header row: the value column is named after the operator."""
        return ["engine", self.derivative, "rel. error", "error est.", "setup", "per call",
                "f evals", "status", "note"]

    def table_rows(self) -> list[list[str]]:
        """The display table's cells: engine, value (a matrix with its shape), error, estimate,
        setup, call, f evals, status, note. A row that is not "ok" says its status in capitals."""
        cells = []
        for row in self.results:
            note = row.error if row.error else "; ".join(row.notes)
            status = row.status if row.ok else row.status.upper()
            cells.append([row.backend, value_text(row.flat), number_text(row.rel_error),
                          number_text(row.error_estimate), format_seconds(row.setup_s),
                          row.call_text, str(row.n_evals or "—"), status,
                          note or ""])
        return cells

    def heading(self) -> tuple[str, str]:
        """(what was differentiated where, where the reference comes from), as plain text."""
        what = (f"{self.title} of {self.problem.label} at "
                f"{point_text(self.problem.point())} (f = {f_text(self.value)})")
        if self.derivative != "gradient" and self.shape is not None:
            what += f", shape {'×'.join(map(str, self.shape))}"
        if self.direction is not None:
            what += f", along {'u' if self.derivative == 'vjp' else 'v'} = " \
                    f"{vector_text(self.direction)}"
        if self.matrix_shape is not None:
            what += "; errors are normwise (Frobenius)"
        source = f"reference: {value_text(self.reference_value)} from {self.reference_source}"
        return what, source

    def footnote(self) -> str:
        """What the table's marks mean ("" when nothing is marked)."""
        if not any(row.call_from_one_call for row in self.results):
            return ""
        return (f"* per call {ONE_CALL}: the first call (for a numerical engine, with its "
                "error estimate) took longer than the timing budget, so it was not repeated "
                "(compare(timing_budget=...) sets the budget)")

    def __str__(self) -> str:
        what, source = self.heading()
        table = text_table([self.headers] + self.table_rows(), rule=True)
        note = self.footnote()
        return f"{what}\n{source}\n{table}" + (f"\n{note}" if note else "")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = []
        for row, cells in zip(self.results, self.table_rows()):
            style = "" if row.ok else f' style="color:#a33" title="{html.escape(row.status)}"'
            body.append(f"<tr class='gradlab-{row.status.replace(' ', '-')}'{style}>" + "".join(
                f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        what, source = self.heading()
        first, _, rest = what.partition(" at ")
        note = self.footnote()
        footnote = f"<p><small>{html.escape(note)}</small></p>" if note else ""
        return (
            f"<div class='gradlab-comparison'><p><b>{html.escape(first)}</b> at "
            f"{html.escape(rest)}<br>{html.escape(source)}</p><table><thead><tr>{head}</tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>{footnote}</div>"
        )

    def _repr_latex_(self) -> str | None:
        """SymPy's gradient (its partials) or Jacobian/Hessian (a matrix), when SymPy ran."""
        symbolic = self.symbolic
        if symbolic is None:
            return None
        return latex_parts(self.derivative, self.names, symbolic)


def _shaped(problem: Problem, operator: str, flat: np.ndarray) -> np.ndarray:
    """A flat operator value in the API's shape (the problem layer's rule)."""
    return problem.shape_result(operator, flat)


def _plain(value: Any) -> Any:
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=float).tolist()


def _finite_or_none(value: Any) -> Any:
    if isinstance(value, float):
        return value if np.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite_or_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite_or_none(v) for v in value]
    return value


_vector = vector_text  # the name the reference's texts use
