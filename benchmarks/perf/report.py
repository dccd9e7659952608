"""One line per measured figure, read back by `run_perf.py` to build the README's table.

A row script calls ``report(what, measured, goal, met)`` once per figure: it prints the figure
for a person and a ``ROW {json}`` line for the collector.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable


def report(what: str, measured: str, goal: str, met: bool, note: str = "") -> None:
    """Print one figure next to its goal."""
    mark = "met" if met else "MISSED"
    print(f"{what}: {measured}  (goal {goal}: {mark}){'  — ' + note if note else ''}")
    row = {"what": what, "measured": measured, "goal": goal, "met": bool(met), "note": note}
    print("ROW " + json.dumps(row), flush=True)


def best_of(fn: Callable[[], object], rounds: int = 5, number: int = 1) -> float:
    """Best seconds per call of ``fn`` over ``rounds`` rounds of ``number`` calls."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def interleaved(fns: dict[str, Callable[[], object]], rounds: int = 5, number: int = 1
                ) -> dict[str, float]:
    """Best seconds per call of each function, the functions alternating round by round.

    On a shared machine alternating rounds keeps a burst of load from landing on one side.
    """
    best = {name: float("inf") for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(number):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / number)
    return best
