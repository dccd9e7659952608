"""Row: peak memory of gl.compare(f, x) with f(x) = np.sum(np.outer(x, x) ** 2) at n = 100.

Each measurement runs in a fresh subprocess and reads its peak resident memory (ru_maxrss): the
whole default comparison, each engine alone (reference="none"), and the imports alone (the
floor every comparison pays). The numerical engines' share is what gradlab's batching decides:
np.outer flattens a batch of points, so one batch of the 4n points of central differences
would be a 40000 x 40000 matrix (12.8 GB).
Run from the repository root: PYTHONPATH=. python benchmarks/perf/row_memory.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from report import report  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GOAL_MB = 500
CHILD = r"""
import json, resource, sys, time
import numpy as np
import gradlab as gl
import jax, pytensor, sympy, scipy.optimize  # every engine's library, loaded up front

def f(x):
    return np.sum(np.outer(x, x) ** 2)

x = np.linspace(-1.0, 1.0, 100)
which = sys.argv[1]
start = time.perf_counter()
rows = {}
if which != "imports":
    if which == "compare":
        cmp = gl.compare(f, x)
    else:
        cmp = gl.compare(f, x, backends=[which], reference="none", timing=False)
    rows = {row.backend: str(row.status) for row in cmp}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak_mb": peak, "seconds": time.perf_counter() - start, "rows": rows}))
"""
NUMERICAL = ["finite-diff:central", "finite-diff:forward", "finite-diff:complex-step",
             "finite-diff:richardson", "finite-diff:scipy", "numpy"]
EXACT = ["jax", "pytensor", "dual", "sympy"]  # measured too, to say who uses the memory


def measure(which: str) -> dict:
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run([sys.executable, "-c", CHILD, which], capture_output=True, text=True,
                          env=env, timeout=600, cwd=ROOT)
    if done.returncode != 0:
        return {"peak_mb": float("nan"), "seconds": float("nan"),
                "rows": {}, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    floor = measure("imports")
    print(f"imports alone: {floor['peak_mb']:.0f} MB")
    engines = {name: measure(name) for name in NUMERICAL + EXACT}
    for name, found in engines.items():
        print(f"{name:<28}{found['peak_mb']:>8.0f} MB{found['seconds']:>8.2f} s  "
              f"{found['rows'] or found.get('error')}")
    whole = measure("compare")
    timed_out = [name for name, status in whole["rows"].items() if "timed" in status.lower()]
    print(f"{'compare (default)':<28}{whole['peak_mb']:>8.0f} MB{whole['seconds']:>8.2f} s  "
          f"{whole['rows']}")
    worst = max(NUMERICAL, key=lambda name: engines[name]["peak_mb"])
    exact = max(EXACT, key=lambda name: engines[name]["peak_mb"])
    note = (f"imports alone {floor['peak_mb']:.0f} MB; numerical engines at most "
            f"{engines[worst]['peak_mb']:.0f} MB ({worst}), exact ones at most "
            f"{engines[exact]['peak_mb']:.0f} MB ({exact}); "
            f"{whole['seconds']:.0f} s for the whole comparison")
    if timed_out:
        others = [name for name in timed_out if name not in NUMERICAL]
        note += "; timed out: " + ", ".join(timed_out) + (
            " (exact engines, not batching)" if others == timed_out else "")
    met = whole["peak_mb"] <= GOAL_MB and not timed_out
    report("peak memory, compare of np.sum(np.outer(x, x) ** 2), n = 100",
           f"{whole['peak_mb'] / 1024:.2f} GB", "≤ 0.5 GB, no timeout", met, note)


if __name__ == "__main__":
    main()
