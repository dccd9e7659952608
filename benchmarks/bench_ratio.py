"""Gradient / function time ratio for Rosenbrock at n=10^5 (goal <= 3 for jax and pytensor).

Run: .venv/bin/python benchmarks/bench_ratio.py
The function time is the plain numpy f; the gradient time is gl.grad's call.
"""

from __future__ import annotations

import timeit

import numpy as np

import gradlab as gl


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


ROUNDS = 7
GOAL = 3


def best(fn, number=50):
    fn()
    return min(timeit.repeat(fn, number=number, repeat=1)) / number


def main() -> None:
    x0 = np.linspace(-1.2, 1.0, 100_000)
    print(f"{'engine':<12}{'f':>10}{'gradient':>12}{'grad/f':>8}{'goal':>8}")
    for engine in ("jax", "pytensor"):
        g = gl.grad(rosen, engine)
        f_time, t = np.inf, np.inf
        for _ in range(ROUNDS):  # f and its gradient alternate: both see the same machine
            f_time = min(f_time, best(lambda: rosen(x0)))
            t = min(t, best(lambda g=g: g(x0)))
        verdict = "meets" if t / f_time <= GOAL else "MISSES"
        print(f"{engine:<12}{f_time * 1e6:>8.0f}µs{t * 1e6:>10.0f}µs{t / f_time:>8.2f}"
              f"{f'<= {GOAL:g}':>8}  {verdict}")


if __name__ == "__main__":
    main()
