"""Run many programs through every engine without stopping at the first failure; print the
smallest failing program per (engine, operation) as Markdown.

    cd tests && ../.venv/bin/python -m conformance.survey [compositions] [pytensor]

The tests stop at the first failure and shrink it; this lists them all, for a report.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .catalogue import CATALOGUE
from .engines import Verdict, check_value, run_exact, run_numerical
from .generator import compositions, single_operation
from .program import Program
from .truth import jax_truth


def programs(strategy: st.SearchStrategy[Program], count: int) -> list[Program]:
    found: list[Program] = []

    @given(strategy)
    @settings(max_examples=count, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    def collect(program: Program) -> None:
        found.append(program)

    collect()
    return found


def verdicts(program: Program, pytensor: bool) -> list[Verdict]:
    try:
        truth = jax_truth(program)
    except Exception as err:
        return [Verdict("truth", "crashed", f"{type(err).__name__}: {err}")]
    found = [check_value(program, truth)]
    found += [run_exact(program, truth, "jax", jit=False), run_exact(program, truth, "dual"),
              run_exact(program, truth, "sympy")]
    if pytensor:
        found.append(run_exact(program, truth, "pytensor", mode="FAST_COMPILE"))
    return found + run_numerical(program, truth)


def survey(batches: list[tuple[str, list[Program]]], pytensor: bool,
           key: Callable[[str, Program], str]) -> dict[tuple[str, str], tuple[Program, Verdict]]:
    worst: dict[tuple[str, str], tuple[Program, Verdict]] = {}
    for label, batch in batches:
        for program in batch:
            for verdict in verdicts(program, pytensor):
                if not verdict.failed:
                    continue
                group = (verdict.engine, key(label, program))
                if group not in worst or len(program.text()) < len(worst[group][0].text()):
                    worst[group] = (program, verdict)
    return worst


def markdown(worst: dict[tuple[str, str], tuple[Program, Verdict]]) -> str:
    out = []
    for (engine, group), (program, verdict) in sorted(worst.items()):
        out += [f"### {engine} / {group}: {verdict.outcome}", "```python", program.text().strip(),
                "```", "```", verdict.detail.strip(), "```", ""]
    return "\n".join(out)


def main() -> None:
    start = time.perf_counter()
    pytensor = "pytensor" in sys.argv
    if "compositions" in sys.argv:
        batches = [("composition", programs(compositions(), 2000))]
        worst = survey(batches, pytensor, lambda label, p: ", ".join(
            sorted(set(p.ops) - {"domain"})))
    else:
        batches = [(name, programs(single_operation(name), 6)) for name in sorted(CATALOGUE)]
        worst = survey(batches, pytensor, lambda label, p: label)
    print(markdown(worst))
    print(f"<!-- {sum(len(b) for _, b in batches)} programs, "
          f"{time.perf_counter() - start:.0f} s -->")


if __name__ == "__main__":
    main()
