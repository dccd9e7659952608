"""`g.batch(points)` with jax against calling `g` once per point, at 10^4 points.

Run: PYTHONPATH=. .venv/bin/python benchmarks/perf/row_grad_batch.py
g = gl.grad(rosen, "jax"), Rosenbrock in 10 variables, 10^4 points in a (10^4, 10) array:
`g.batch(points)` (jax.vmap of the compiled gradient) against `[g(p) for p in points]`, in
alternating rounds, best of each; the batch is checked against the loop's values. Also: the
same points as a list of dicts for f(a, b) (each point flattened in Python), and as a sampler's
points carrying their `.array`.
Goal (issue 14): the batch >= 50x faster than the loop.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).parent)]

from report import interleaved, report  # noqa: E402

import gradlab as gl  # noqa: E402

K = 10_000
BATCHES = 10  # batch calls per round (one loop of K calls per round)


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def two(a, b):
    return a * a * np.sin(b) + b**3


def speedup(g, points, loop_points=None):
    loop_points = points if loop_points is None else loop_points
    batch = g.batch(points)
    single = np.stack([g(p) for p in loop_points])
    worst = max(np.linalg.norm(b - s) / np.linalg.norm(s) for b, s in zip(batch, single))
    def batches():
        for _ in range(BATCHES):
            g.batch(points)

    best = interleaved({"loop": lambda: [g(p) for p in loop_points], "batch": batches}, 7)
    best["batch"] /= BATCHES
    return best["loop"] / best["batch"], best, worst


def main() -> None:
    rng = np.random.default_rng(0)
    points = rng.uniform(-2.0, 2.0, (K, 10))
    ratio, best, worst = speedup(gl.grad(rosen, "jax"), points)

    dicts = [{"a": float(a), "b": float(b)} for a, b in points[:, :2]]

    class Sampled(list):  # a sampler's points: dicts, with their values as one array
        names = ("a", "b")
        array = points[:, :2].copy()

    g2 = gl.grad(two, "jax")
    dict_ratio, dict_best, _ = speedup(g2, dicts)
    sampled_ratio, _, _ = speedup(g2, Sampled(dicts), dicts)
    report("g.batch(points) with jax vs calling g once per point, 10⁴ points (rosen, n = 10)",
           f"{ratio:.0f}× ({best['loop'] * 1e3:.0f} → {best['batch'] * 1e3:.2f} ms; max "
           f"difference {worst:.0e})", "≥ 50×", ratio >= 50,
           f"a list of 10⁴ dicts: {dict_ratio:.1f}× ({dict_best['batch'] * 1e3:.0f} ms, "
           f"flattening each dict in Python); points carrying .array: {sampled_ratio:.0f}×")


if __name__ == "__main__":
    main()
