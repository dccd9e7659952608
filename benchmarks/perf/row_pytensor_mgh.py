"""Rows: PyTensor's Jacobian, Hessian and gradient accuracy on the Moré–Garbow–Hillstrom subset.

Run: PYTHONPATH=. .venv/bin/python benchmarks/perf/row_pytensor_mgh.py [--limit S] [--workers K]
Each problem runs in its own interpreter (benchmarks/mgh_pytensor.py), ended after the limit:
PyTensor's rewriter swallows SIGALRM, so only ending the process stops a runaway compile.
Normwise relative error against the 50-digit reference (benchmarks/mgh_truth.py, no gradlab
engine). Goals: Jacobian <= 1e-13, Hessian <= 1e-12 (gradient of sum r² shown against 1e-13),
every problem answered within the limit.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [ROOT, os.path.join(ROOT, "benchmarks")]

import mgh  # noqa: E402
import mgh_pytensor  # noqa: E402

from benchmarks.perf.report import report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=240.0, help="seconds per problem")
    parser.add_argument("--workers", type=int, default=2, help="problems run at once")
    args = parser.parse_args()
    names = [name for name, _, _ in mgh.PROBLEMS]
    with ThreadPoolExecutor(args.workers) as pool:
        results = list(pool.map(lambda n: mgh_pytensor.run_problem(n, args.limit), names))
    for result in results:
        print(mgh_pytensor.describe(result))
    for operator, row in mgh_pytensor.summary(results).items():
        goal = mgh_pytensor.GOALS[operator]
        missing = row["missing"]
        measured = (f"max {row['max']:.1e} ({row['worst']}), {row['done']}/{len(results)} "
                    "problems" + (f"; no value for {', '.join(missing)}" if missing else ""))
        note = (f"problems over {args.limit:g} s (per problem, its import, reference and three "
                "operators) or refused have no value" if missing else "")
        report(f"pytensor {operator} on the MGH set, normwise error vs 50 digits", measured,
               f"≤ {goal:.0e}, every problem", row["max"] <= goal and not missing, note=note)


if __name__ == "__main__":
    main()
