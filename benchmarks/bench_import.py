"""`import gradlab` time in fresh interpreters, and which engines it loads (goal: <= 0.3 s, none).

Run: .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys

CODE = ("import sys, time; t = time.perf_counter(); import gradlab; "
        "print(time.perf_counter() - t); "
        "print(','.join(m for m in ('jax', 'pytensor', 'sympy', 'matplotlib.pyplot', "
        "'scipy.optimize') if m in sys.modules))")


def main() -> None:
    times, loaded = [], set()
    for _ in range(7):
        out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                             check=True).stdout.splitlines()
        times.append(float(out[0]))
        loaded |= {m for m in out[1:2][0].split(",") if m} if len(out) > 1 else set()
    print(f"import gradlab: median {statistics.median(times):.3f} s, min {min(times):.3f} s "
          f"(goal <= 0.3 s); engines loaded: {', '.join(sorted(loaded)) or 'none'}")


if __name__ == "__main__":
    main()
