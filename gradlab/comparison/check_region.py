"""A hand-written derivative checked at many points: ``gl.check(f, grad_f, points=...)``."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import numpy as np

from .executors import PointJob, run_points


class RegionCheck:
    """``check`` at every point: ``.ok`` when every point passes; ``.mismatches`` the points
    where some engine finds yours wrong; ``results[i]`` the check at point i (a CheckResult;
    a string when it could not be made there, e.g. f raises); ``failed`` the points whose task
    failed, with the reason (``resume()`` reruns them)."""

    def __init__(self, job: PointJob, points: Sequence[Any], label: str, derivative: str):
        self.job, self.points, self.label, self.derivative = job, list(points), label, derivative
        self.results: list[Any] = [None] * len(self.points)
        self.failed: dict[int, str] = {}

    def run(self, indices: Sequence[int], executor: Any = None, progress: bool = True,
            chunk_size: int | None = None) -> RegionCheck:
        def store(index: int, result: Any) -> None:
            self.results[index] = result

        def fail(index: int, reason: str) -> None:
            self.failed[index] = reason

        run_points(self.job, self.points, list(indices), executor, progress, chunk_size, store,
                   fail, desc="check")
        return self

    def resume(self, executor: Any = None, progress: bool = True) -> RegionCheck:
        """Check only the points not done yet (never run, or their task failed)."""
        todo = [i for i, r in enumerate(self.results) if r is None]
        for index in todo:
            self.failed.pop(index, None)
        return self.run(todo, executor, progress) if todo else self

    @property
    def mismatches(self) -> list[int]:
        """Points where some engine that ran finds the hand-written derivative wrong."""
        return [i for i, r in enumerate(self.results)
                if not isinstance(r, (str, type(None))) and any(
                    e.status == "disagrees" for e in r.ran)]

    @property
    def errors(self) -> dict[int, str]:
        """Points where the check could not be made (f or grad_f raised there), with why."""
        return {i: r for i, r in enumerate(self.results) if isinstance(r, str)}

    @property
    def ok(self) -> bool:
        """Every point checked, and every one agrees with every engine that ran there."""
        return all(r is not None and not isinstance(r, str) and r.ok for r in self.results)

    def __bool__(self) -> bool:
        return self.ok

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, index: int) -> Any:
        return self.results[index]

    def to_frame(self) -> Any:
        """One row per point: its variables, the verdict, the entries found wrong, the
        number of engines that disagree and that ran."""
        import pandas as pd

        rows = []
        for index, result in enumerate(self.results):
            row: dict[str, Any] = {"point": index}
            if result is None or isinstance(result, str):
                reason = self.failed.get(index, "not run") if result is None else result
                rows.append({**row, "verdict": "error", "error": reason})
                continue
            row.update(zip(result.names, np.ravel(result.point).tolist()))
            disagree = sum(e.status == "disagrees" for e in result.ran)
            verdict = "ok" if result.ok else ("mismatch" if disagree else "unchecked")
            rows.append({**row, "verdict": verdict, "suspects": ", ".join(result.suspects),
                         "disagree": disagree, "ran": len(result.ran)})
        return pd.DataFrame(rows)

    def _verdict(self) -> str:
        head = f"{self.derivative.capitalize()} check of {self.label} at {len(self)} points"
        if self.ok:
            return f"{head}: OK at every point"
        parts = []
        if self.mismatches:
            parts.append(f"MISMATCH at {len(self.mismatches)} points")
        if self.errors:
            parts.append(f"not checked at {len(self.errors)} (f or grad_f raised)")
        if self.failed:
            parts.append(f"{len(self.failed)} failed to run (resume() reruns them)")
        mismatched = set(self.mismatches)
        unchecked = sum(1 for i, r in enumerate(self.results) if r is not None
                        and not isinstance(r, str) and not r.ok and i not in mismatched)
        if unchecked:
            parts.append(f"{unchecked} points where no engine could judge it")
        return f"{head}: " + "; ".join(parts)

    def _lines(self, limit: int = 10) -> list[str]:
        lines = []
        for index in self.mismatches[:limit]:
            result = self.results[index]
            where = ", ".join(f"{n}={v:.6g}" for n, v in zip(result.names,
                                                              np.ravel(result.point)))
            lines.append(f"point {index} ({where}): wrong in {', '.join(result.suspects)}")
        more = len(self.mismatches) - limit
        return lines + ([f"... and {more} more (to_frame() lists them all)"] if more > 0
                        else [])

    def __str__(self) -> str:
        return "\n".join([self._verdict(), *self._lines()])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        color = "#2a7" if self.ok else "#a33"
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self._lines())
        return (f"<div class='gradlab-check'><p style='color:{color}'><b>"
                f"{html.escape(self._verdict())}</b></p><ul>{items}</ul></div>")
