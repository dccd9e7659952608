"""`import gradlab` time in fresh interpreters, and which heavy libraries it loads.

Run: .venv/bin/python benchmarks/bench_import.py
Goal: median <= 0.3 s over 7 fresh interpreters (numpy's own import included, as a user pays
it), and no engine or display library loaded (they load when an engine or a display is used).
"""

from __future__ import annotations

import statistics
import subprocess
import sys

HEAVY = ("jax", "jaxlib", "pytensor", "numba", "sympy", "mpmath", "scipy", "numdifftools",
         "matplotlib", "IPython", "ipywidgets", "pandas")
CODE = ("import sys, time; t = time.perf_counter(); import gradlab; "
        "print(time.perf_counter() - t); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
RUNS = 7
GOAL_S = 0.3


def main() -> None:
    times, loaded = [], set()
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                             check=True).stdout.splitlines()
        times.append(float(out[0]))
        if len(out) > 1:
            loaded |= {m for m in out[1].split(",") if m}
    median = statistics.median(times)
    label, goal, names = f"median of {RUNS} (s)", f"<= {GOAL_S:g}", ", ".join(sorted(loaded))
    print(f"{'import gradlab':<28}{'measured':>12}{'goal':>10}")
    print(f"{label:<28}{median:>12.3f}{goal:>10}  "
          f"{'meets' if median <= GOAL_S else 'MISSES'}   (min {min(times):.3f} s)")
    print(f"{'heavy libraries loaded':<28}{names or 'none':>12}{'none':>10}  "
          f"{'meets' if not loaded else 'MISSES'}")


if __name__ == "__main__":
    main()
