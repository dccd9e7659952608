"""gl.grad vs the raw engine call, at the seed size and Rosenbrock n=10^4.

Run: .venv/bin/python benchmarks/bench_overhead.py
Goal: gl.grad / raw <= 1.3 (seed) and <= 1.05 (Rosenbrock n=10^4). Raw calls return numpy
arrays (np.asarray of the result), as gl.grad does, and are built the way gradlab builds its
own: jax.jit(jax.grad(f)) in 64-bit mode; a PyTensor graph on a fixed-shape float64 vector,
mode CVM, trust_input. Raw and gradlab are timed in alternating rounds (best of the same number
of rounds for both), so a machine that slows down part-way hits both alike.
Also: compare()'s reported per-call time against the same call timed here (goal: within 30 %).
"""

from __future__ import annotations

import contextlib
import timeit

import numpy as np

import gradlab as gl

ROUNDS = 7


def interleaved_best(fns: dict[str, object], number: int,
                     contexts: dict[str, object] | None = None) -> dict[str, float]:
    """Per-call seconds of each function: best of ROUNDS rounds, the functions alternating.

    ``contexts[name]`` (a context-manager factory) is entered around that function's rounds,
    not around each call: the hand-written baseline turns 64-bit mode on once.
    """
    contexts = contexts or {}
    for name, fn in fns.items():
        with contexts.get(name, contextlib.nullcontext)():
            fn()
    best = {name: np.inf for name in fns}
    for round_ in range(ROUNDS):
        order = list(fns) if round_ % 2 == 0 else list(reversed(fns))
        for name in order:
            with contexts.get(name, contextlib.nullcontext)():
                best[name] = min(best[name], timeit.timeit(fns[name], number=number) / number)
    return best


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def seed(x):
    return x[0] * x[1] * x[2]


def raw_jax(kind):
    import jax
    import jax.numpy as jnp

    def f(x):
        if kind == "seed":
            return x[0] * x[1] * x[2]
        return jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)

    g = jax.jit(jax.grad(f))
    return (lambda x: np.asarray(g(x))), jax


def raw_pytensor(kind, n):
    import pytensor
    import pytensor.tensor as pt

    x = pt.tensor("x", dtype="float64", shape=(n,))  # fixed shape, as gradlab compiles it
    cost = x[0] * x[1] * x[2] if kind == "seed" else pt.sum(
        100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)
    fn = pytensor.function([x], pytensor.grad(cost, x), mode="CVM")
    fn.trust_input = True
    return lambda point: np.asarray(fn(point))


def row(label, times, goal):
    raw, ours = times["raw"], times["gl.grad"]
    verdict = "meets" if ours / raw <= goal else "MISSES"
    print(f"{label:<34}{raw * 1e6:>10.1f}µs{ours * 1e6:>10.1f}µs{ours / raw:>8.2f}{goal:>7}"
          f"  {verdict}")


def engine_rows(kind, f, x0, number, goal):
    call_jax, jax = raw_jax(kind)
    mine = gl.grad(f, "jax")
    x64 = {"raw": lambda: jax.enable_x64(True)}
    times = interleaved_best({"raw": lambda: call_jax(x0), "gl.grad": lambda: mine(x0)}, number,
                             x64)
    row("jax " + kind, times, goal)
    # a user who turned 64-bit mode on globally: gradlab then needs no scoped context
    jax.config.update("jax_enable_x64", True)
    try:
        times = interleaved_best({"raw": lambda: call_jax(x0), "gl.grad": lambda: mine(x0)},
                                 number)
    finally:
        jax.config.update("jax_enable_x64", False)
    row("jax " + kind + " (x64 global)", times, goal)
    raw_pt = raw_pytensor(kind, x0.size)
    mine = gl.grad(f, "pytensor")
    times = interleaved_best({"raw": lambda: raw_pt(x0), "gl.grad": lambda: mine(x0)}, number)
    row("pytensor " + kind, times, goal)


def reported_call_time(x0, number):
    """compare()'s per-call time (median of its batches) against timeit of the same call."""
    def f(x):
        return np.sum(np.sin(x) * np.exp(-x**2) + x**3)

    mine = gl.grad(f, "jax")
    measured = interleaved_best({"gl.grad": lambda: mine(x0)}, number)["gl.grad"]
    reported = [gl.compare(f, x0, backends=["jax"], reference="none")["jax"].call_s
                for _ in range(3)]
    ratio = float(np.median(reported)) / measured
    verdict = "meets" if 0.7 <= ratio <= 1.3 else "MISSES"
    print(f"{'compare() call_s, jax n=2e4':<34}{measured * 1e6:>10.1f}µs"
          f"{np.median(reported) * 1e6:>10.1f}µs{ratio:>8.2f}{'±30%':>7}  {verdict}")


def main() -> None:
    print(f"{'case':<34}{'raw':>12}{'gl.grad':>12}{'ratio':>8}{'goal':>7}")
    engine_rows("seed", seed, np.array([1.0, 2.0, 3.0]), 5000, 1.3)
    engine_rows("rosenbrock n=1e4", rosen, np.linspace(-1.2, 1, 10_000), 500, 1.05)
    print(f"{'':<34}{'timeit':>12}{'reported':>12}")
    reported_call_time(np.linspace(-1.0, 1.0, 20_000), 20)
    print(f"(best of {ROUNDS} alternating rounds per pair; ratio = gl.grad / raw)")


if __name__ == "__main__":
    main()
