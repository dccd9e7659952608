"""Central differences at n=10^4: gradlab vs scipy's own 3-point rule, and approx_fprime.

Run: .venv/bin/python benchmarks/bench_central.py [n]
Goals: <= 1.3x approx_fprime's time (its n + 1 calls against the 2n central differences need:
a loop of those 2n plain calls is itself 1.2-1.7x approx_fprime here, see
benchmarks/perf/row_central.py); an error no larger than scipy's 3-point rule
(``scipy.optimize._numdiff.approx_derivative(method='3-point')``, the same central formula);
100x smaller error than approx_fprime (forward differences: a different, first-order rule, so
that ratio is about the method, not gradlab). Truth: Rosenbrock's hand-derived gradient.
The three are timed in alternating rounds, best of the same number of rounds for each.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from functions import rosenbrock, rosenbrock_grad

import gradlab as gl

ROUNDS = 3


def interleaved(fns):
    """(last result, best seconds) per function, the functions alternating round by round."""
    out = {name: (None, np.inf) for name in fns}
    for round_ in range(ROUNDS):
        for name in (list(fns) if round_ % 2 == 0 else list(reversed(fns))):
            start = time.perf_counter()
            result = fns[name]()
            out[name] = (result, min(out[name][1], time.perf_counter() - start))
    return out


def main(n: int = 10_000) -> None:
    from scipy.optimize import approx_fprime
    from scipy.optimize._numdiff import approx_derivative

    x0 = np.linspace(-1.2, 1.0, n)
    exact = rosenbrock_grad(x0)
    scale = np.linalg.norm(exact)
    g = gl.grad(rosenbrock, "finite-diff:central")
    g(x0)
    runs = interleaved({
        "gradlab central": lambda: g(x0),
        "scipy 3-point": lambda: approx_derivative(rosenbrock, x0, method="3-point"),
        "approx_fprime": lambda: approx_fprime(x0, rosenbrock),
    })
    error = {name: np.linalg.norm(np.ravel(result) - exact) / scale
             for name, (result, _) in runs.items()}
    seconds = {name: t for name, (_, t) in runs.items()}
    print(f"n={n}, best of {ROUNDS} alternating rounds")
    print(f"{'method':<20}{'time':>10}{'rel. error':>12}")
    for name in runs:
        print(f"{name:<20}{seconds[name]:>9.3f}s{error[name]:>12.1e}")
    ours = "gradlab central"
    print(f"\n{'gradlab central vs':<36}{'measured':>10}{'goal':>10}")
    checks = [
        ("approx_fprime: time ratio", seconds[ours] / seconds["approx_fprime"], "<= 1.3"),
        ("scipy 3-point: time ratio", seconds[ours] / seconds["scipy 3-point"], "—"),
        ("scipy 3-point: error ratio", error[ours] / error["scipy 3-point"], "<= 1"),
        ("approx_fprime: error smaller by", error["approx_fprime"] / error[ours], ">= 100"),
    ]
    for label, value, goal in checks:
        print(f"{label:<36}{value:>10.3g}{goal:>10}  {verdict(value, goal)}")


def verdict(value: float, goal: str) -> str:
    if goal == "—":
        return ""
    bound = float(goal.split()[1])
    return "meets" if (value <= bound if goal.startswith("<=") else value >= bound) else "MISSES"


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
