"""A survey's results: one compact record per point, and the tables, summary and worst points
built from them (``survey.Survey`` adds the running)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import hints
from ..plain_text import text_table
from ..problem import function_label
from .compare import compare
from .results import Comparison

REFUSED = ("failed", "not supported", "unavailable", "timed out")  # no value from the engine
WRONG = ("disagrees", "inaccurate", "not finite")  # a value that cannot be taken
FRAME_COLUMNS = ["point", "backend", "derivative", "rel_error", "abs_error", "error_estimate",
                 "status", "time_s", "error", "reference"]
SUMMARY_COLUMNS = ["points", "ok", "inaccurate", "disagrees", "unverified", "not finite",
                   "refused", "max_error", "median_error", "worst_point"]


@dataclass(frozen=True)
class EngineRecord:
    """One engine at one point: what a Row holds minus the code, notes and compiled details."""

    backend: str
    status: str
    value: np.ndarray | None  # the derivative in the API's shape
    abs_error: float | None
    rel_error: float | None
    error_estimate: float | None
    call_s: float | None
    error: str | None


@dataclass(frozen=True)
class PointRecord:
    """One point's comparison, small enough to send back from a worker; ``error`` says why the
    point itself could not be compared (f raised there, or is not finite there)."""

    index: int
    x: np.ndarray  # the point, flat
    names: tuple[str, ...]
    engines: tuple[EngineRecord, ...] = ()
    reference_source: str | None = None
    error: str | None = None

    @classmethod
    def from_comparison(cls, index: int, cmp: Comparison) -> PointRecord:
        engines = tuple(EngineRecord(row.backend, row.status, row.gradient, row.abs_error,
                                     row.rel_error, row.error_estimate, row.call_s, row.error)
                        for row in cmp.results)
        return cls(index, cmp.problem.x0.copy(), cmp.problem.names, engines,
                   cmp.reference_source)


@dataclass
class WorstPoint:
    """A point where engines disagree; ``.compare()`` runs ``gl.compare`` there again."""

    index: int
    point: Any
    wrong: list[str]  # engines whose value cannot be taken here
    max_error: float | None
    _rerun: dict[str, Any] = field(repr=False, default_factory=dict)

    def compare(self) -> Comparison:
        return compare(self._rerun["f"], self.point, **self._rerun["options"])


class SurveyResults:
    """Tables over the points done so far; the points' order is kept whatever ran them."""

    def __init__(self, f: hints.FunctionLike, points: Sequence[Any], backends: list[str] | None,
                 derivative: str | None, options: dict[str, Any]):
        self.f, self.points = f, list(points)
        self.backends, self.derivative, self.options = backends, derivative, dict(options)
        self.records: list[PointRecord | None] = [None] * len(self.points)
        self.failed: dict[int, str] = {}  # point index -> why its task failed

    @property
    def done(self) -> list[PointRecord]:
        return [r for r in self.records if r is not None]

    @property
    def missing(self) -> list[int]:
        """Points not yet compared (never run, or their task failed)."""
        return [i for i, r in enumerate(self.records) if r is None]

    @property
    def point_errors(self) -> dict[int, str]:
        """Points where f itself could not be compared, with the reason."""
        return {r.index: r.error for r in self.done if r.error is not None}

    @property
    def names(self) -> tuple[str, ...]:
        return next((r.names for r in self.done if r.names), ())

    @property
    def engines(self) -> list[str]:
        seen = [e.backend for r in self.done for e in r.engines]
        return list(dict.fromkeys(seen))

    def to_frame(self) -> Any:
        """One row per point × engine: the point's index and variables, the engine, its
        derivative, its error vs the reference, status, time per call and the reason. A
        variable named like one of these columns gets a column "<name> (variable)"."""
        import pandas as pd

        variables = [f"{n} (variable)" if n in FRAME_COLUMNS else n for n in self.names]
        rows = []
        for record in self.done:
            where = dict(zip(variables, record.x.tolist()))
            for e in record.engines:
                rows.append({"point": record.index, **where, "backend": e.backend,
                             "derivative": e.value, "rel_error": e.rel_error,
                             "abs_error": e.abs_error, "error_estimate": e.error_estimate,
                             "status": e.status, "time_s": e.call_s, "error": e.error,
                             "reference": record.reference_source})
        return pd.DataFrame(rows, columns=[FRAME_COLUMNS[0], *variables, *FRAME_COLUMNS[1:]])

    def summary(self) -> Any:
        """Per engine: how many points it is ok, inaccurate, disagreeing, unverified, not finite
        or refused (failed, not supported, unavailable, timed out); its max and median relative
        error; the point of its largest error."""
        import pandas as pd

        return pd.DataFrame([self._engine_summary(name) for name in self.engines],
                            index=pd.Index(self.engines, name="backend"),
                            columns=SUMMARY_COLUMNS)

    def _engine_summary(self, backend: str) -> dict[str, Any]:
        rows = [(r.index, e) for r in self.done for e in r.engines if e.backend == backend]
        statuses = [e.status for _, e in rows]
        errors = [(e.rel_error, i) for i, e in rows if e.rel_error is not None]
        worst = max(errors, default=(None, None))
        return {"points": len(rows), "ok": statuses.count("ok"),
                "inaccurate": statuses.count("inaccurate"),
                "disagrees": statuses.count("disagrees"),
                "unverified": statuses.count("unverified"),
                "not finite": statuses.count("not finite"),
                "refused": sum(s in REFUSED for s in statuses),
                "max_error": worst[0],
                "median_error": float(np.median([e for e, _ in errors])) if errors else None,
                "worst_point": worst[1]}

    def worst(self, k: int = 10) -> list[WorstPoint]:
        """The ``k`` points where engines disagree most: most engines whose value cannot be
        taken, then the largest relative error."""
        scored = []
        for record in self.done:
            wrong = [e.backend for e in record.engines if e.status in WRONG]
            errors = [e.rel_error for e in record.engines if e.rel_error is not None]
            scored.append((len(wrong), max(errors, default=0.0), record.index, wrong, errors))
        scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
        rerun = {"f": self.f, "options": {"backends": self.backends,
                                          "derivative": self.derivative, **self.options}}
        return [WorstPoint(index, self.points[index], wrong, max(errors) if errors else None,
                           rerun) for _, _, index, wrong, errors in scored[:k]]

    def plot(self, **kwargs: Any) -> Any:
        """Relative error per engine over the points (log scale); for two scalar variables,
        also a map per engine of where its value cannot be taken."""
        from .survey_drawing import draw_survey

        return draw_survey(self, **kwargs)

    def heading(self) -> str:
        done, total = len(self.done), len(self.records)
        text = (f"Survey of {function_label(self.f)}: {done} of {total} points, "
                f"{self.derivative or 'derivative'}")
        if self.failed:
            text += f"; {len(self.failed)} points failed (s.failed; s.resume() reruns them)"
        if self.point_errors:
            text += f"; f could not be compared at {len(self.point_errors)} points"
        return text

    def summary_rows(self) -> list[list[str]]:
        frame = self.summary()
        cells = []
        for backend, row in frame.iterrows():
            counts = [str(int(row[c])) for c in SUMMARY_COLUMNS[:7]]
            worst = "—" if row["worst_point"] is None or row["worst_point"] != row["worst_point"] \
                else str(int(row["worst_point"]))
            cells.append([str(backend), *counts, _number(row["max_error"]),
                          _number(row["median_error"]), worst])
        return cells

    def __str__(self) -> str:
        headers = ["engine", *SUMMARY_COLUMNS[:7], "max err", "median err", "worst point"]
        return self.heading() + "\n" + text_table([headers] + self.summary_rows(), rule=True)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        headers = ["engine", *SUMMARY_COLUMNS[:7], "max err", "median err", "worst point"]
        head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
                       for cells in self.summary_rows())
        return (f"<div class='gradlab-survey'><p><b>{html.escape(self.heading())}</b></p>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def _number(value: Any) -> str:
    if value is None or value != value:
        return "—"
    return f"{float(value):.1e}"
