"""PyTensor's Jacobian, gradient and Hessian on the Moré–Garbow–Hillstrom subset, each problem
in its own interpreter with a time limit.

Run: PYTHONPATH=. .venv/bin/python benchmarks/mgh_pytensor.py [--limit SECONDS]
Goals (issue "Beyond the gradient"): normwise relative error from the 50-digit reference
(mgh_truth.py: SymPy + mpmath on the same code, no gradlab engine) <= 1e-13 for the Jacobian of
the residuals r, <= 1e-12 for the Hessian of sum r² (the gradient of sum r² is shown too).
Why a subprocess: PyTensor's graph rewriter catches the exception a SIGALRM handler raises and
carries on, so an over-long compile can only be stopped by ending its process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
import mgh  # noqa: E402

OPERATORS = ("jacobian", "gradient", "hessian")
GOALS = {"jacobian": 1e-13, "gradient": 1e-13, "hessian": 1e-12}
LIMIT_S = 240.0  # one problem, all three operators, import and reference included


def relative_error(value: np.ndarray, truth: np.ndarray) -> float:
    """||value - truth|| / ||truth|| (Frobenius for matrices)."""
    scale = max(float(np.linalg.norm(truth)), 1e-300)
    return float(np.linalg.norm(np.asarray(value, dtype=np.float64) - truth) / scale)


def one_problem(name: str) -> dict:
    """Errors and seconds of the three operators on problem ``name`` (run in the child)."""
    import mgh_truth

    import gradlab as gl

    residuals, x0 = next((r, x) for n, r, x in mgh.PROBLEMS if n == name)
    point = np.asarray(x0, dtype=np.float64)
    truths = dict(zip(OPERATORS, mgh_truth.derivatives(residuals, x0), strict=True))
    objective = mgh.sum_of_squares(residuals)
    calls = {"jacobian": lambda: gl.jacobian(residuals, point, backend="pytensor"),
             "gradient": lambda: gl.gradient(objective, point, backend="pytensor"),
             "hessian": lambda: gl.hessian(objective, point, backend="pytensor")}
    out: dict = {"name": name}
    for operator, call in calls.items():
        start = time.perf_counter()
        try:
            value = call()
        except gl.GradlabError as err:
            out[operator] = {"refused": str(err)[:200]}
            continue
        out[operator] = {"error": relative_error(value, truths[operator]),
                         "seconds": time.perf_counter() - start}
    return out


def run_problem(name: str, limit_s: float) -> dict:
    """``one_problem(name)`` in a child interpreter, ended after ``limit_s`` seconds."""
    command = [sys.executable, os.path.abspath(__file__), "--one", name]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit_s,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"name": name, "timed_out": limit_s}
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode or not lines:
        return {"name": name, "failed": done.stderr.strip().splitlines()[-1:] or ["?"]}
    result = json.loads(lines[-1])
    result["wall_s"] = time.perf_counter() - start
    return result


def run_all(limit_s: float = LIMIT_S, echo: bool = True) -> list[dict]:
    results = []
    for name, _, _ in mgh.PROBLEMS:
        result = run_problem(name, limit_s)
        results.append(result)
        if echo:
            print(describe(result), flush=True)
    return results


def describe(result: dict) -> str:
    head = f"{result['name']:<22}"
    if "timed_out" in result:
        return head + f"timed out after {result['timed_out']:g} s"
    if "failed" in result:
        return head + f"failed: {result['failed'][0][:120]}"
    cells = []
    for operator in OPERATORS:
        cell = result[operator]
        cells.append(f"{operator} refused" if "refused" in cell
                     else f"{operator} {cell['error']:.1e} ({cell['seconds']:.1f} s)")
    return head + ", ".join(cells) + f"; {result['wall_s']:.0f} s in all"


def summary(results: list[dict]) -> dict[str, dict]:
    """Per operator: the max error, its problem, and the problems without a value."""
    out = {}
    for operator in OPERATORS:
        errors = {r["name"]: r[operator]["error"] for r in results
                  if operator in r and "error" in r[operator]}
        worst = max(errors, key=errors.get) if errors else None
        out[operator] = {"max": errors.get(worst, float("nan")), "worst": worst,
                         "done": len(errors), "missing": [r["name"] for r in results
                                                          if r["name"] not in errors]}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", help="run one problem here and print its result as JSON")
    parser.add_argument("--limit", type=float, default=LIMIT_S, help="seconds per problem")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_problem(args.one)), flush=True)
        return
    results = run_all(args.limit)
    for operator, row in summary(results).items():
        verdict = "meets" if row["max"] <= GOALS[operator] and not row["missing"] else "MISSES"
        print(f"{operator:<9} max error {row['max']:.1e} ({row['worst']}), "
              f"{row['done']}/{len(results)} done, goal <= {GOALS[operator]:.0e}: {verdict}")


if __name__ == "__main__":
    main()
