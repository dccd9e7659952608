"""Row (issue 12): a finite-difference Jacobian of a vector function at n = 1000 evaluates its
columns in bounded-memory batches.

f(x) = sin(x) * x[::-1] + cumsum(x) / n maps 1000 variables to 1000 outputs. Central
differences need f at 4n points: their values alone are 4n x m x 8 bytes (32 MB) and the
Jacobian 8 MB; everything else is batching. Each engine runs in a fresh process, its peak
traced by tracemalloc (numpy reports its arrays to it) over one jacobian call after a first one
(which measures the strategy); f records the widest batch it is given.
Run from the repository root: PYTHONPATH=. python benchmarks/perf/row_jacobian.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from report import report  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
N = 1000
CHILD = r"""
import json, sys, time, tracemalloc
import numpy as np
from gradlab.backends.finite_diff import FiniteDiff
from gradlab.backends.numpy_gradient import NumpyGradient
from gradlab.problem import make_problem

n = int(sys.argv[2])
widest = [1]
def f(x):
    widest[0] = max(widest[0], np.shape(x)[1] if np.ndim(x) == 2 else 1)
    return np.sin(x) * x[::-1] + np.cumsum(x, axis=0) / n

x = np.linspace(-1.0, 1.0, n)
engine = NumpyGradient() if sys.argv[1] == "numpy" else FiniteDiff()
options = {} if sys.argv[1] == "numpy" else {"method": sys.argv[1]}
compiled = engine.compile(make_problem(f, x), operator="jacobian", **options)
compiled.estimate(x)
tracemalloc.start()
start = time.perf_counter()
found = compiled.estimate(x)
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
truth = np.diag(np.cos(x) * x[::-1]) + np.fliplr(np.diag(np.sin(x)))
truth += np.tril(np.ones((n, n))) / n
error = float(np.linalg.norm(found.gradient - truth) / np.linalg.norm(truth))
print(json.dumps({"peak_mb": peak / 2**20, "seconds": seconds, "error": error,
                  "evals": found.n_evals, "widest": widest[0]}))
"""
METHODS = ["central", "forward", "richardson", "complex-step", "numpy"]
VALUES_MB = 4 * N * N * 8 / 2**20  # f's values at the 4n points of central differences
BATCH_BYTES = 512 * 1024  # the evaluator's working set for one batch


def measure(method: str) -> dict:
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run([sys.executable, "-c", CHILD, method, str(N)], capture_output=True,
                          text=True, env=env, timeout=600, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    found = {method: measure(method) for method in METHODS}
    for method, result in found.items():
        print(f"{method:<14}{result['peak_mb']:>8.1f} MB{result['seconds']:>8.2f} s  "
              f"{result['evals']} evaluations, widest batch {result['widest']} points, "
              f"relative error {result['error']:.1e}")
    central = found["central"]
    block_kb = max(result["widest"] for result in found.values()) * N * 8 / 1024
    worst = max(found, key=lambda method: found[method]["peak_mb"])
    note = (f"batches of at most {block_kb:.0f} KB of points; f's values at the 4n points "
            f"alone are {VALUES_MB:.0f} MB and the formula's arrays n x m each; the most of "
            f"any method: {found[worst]['peak_mb']:.0f} MB ({worst}, "
            f"{found[worst]['evals']} evaluations)")
    report(f"finite-diff:central Jacobian, n = m = {N}: peak memory (tracemalloc)",
           f"{central['peak_mb']:.0f} MB ({central['seconds']:.2f} s)",
           "batches within the 512 KiB working set, peak stated",
           block_kb * 1024 <= BATCH_BYTES, note)


if __name__ == "__main__":
    main()
