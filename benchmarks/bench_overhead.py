"""gl.grad vs the raw engine call, at the seed size and Rosenbrock n=10^4.

Run: .venv/bin/python benchmarks/bench_overhead.py
Goal: gl.grad / raw <= 1.3 (seed) and <= 1.05 (Rosenbrock n=10^4). Raw calls return numpy
arrays (np.asarray of the result), as gl.grad does.
"""

from __future__ import annotations

import timeit

import numpy as np

import gradlab as gl


def best(fn, number):
    fn()
    return min(timeit.repeat(fn, number=number, repeat=7)) / number


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
    with jax.enable_x64(True):
        g = jax.jit(jax.grad(f))
        return g, jax


def raw_pytensor(kind, n):
    import pytensor
    import pytensor.tensor as pt

    x = pt.dvector("x")
    cost = x[0] * x[1] * x[2] if kind == "seed" else pt.sum(
        100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)
    fn = pytensor.function([x], pytensor.grad(cost, x), mode="CVM")
    fn.trust_input = True
    return fn


def main() -> None:
    print(f"{'case':<28}{'raw':>12}{'gl.grad':>12}{'ratio':>8}{'goal':>7}")
    for kind, x0, number, goal in (("seed", np.array([1.0, 2.0, 3.0]), 5000, 1.3),
                                   ("rosenbrock n=1e4", np.linspace(-1.2, 1, 10_000), 500,
                                    1.05)):
        f = seed if kind == "seed" else rosen
        g_jax, jax = raw_jax(kind)
        with jax.enable_x64(True):
            raw = best(lambda g=g_jax, x=x0: np.asarray(g(x)), number)
        mine = gl.grad(f, "jax")
        ours = best(lambda m=mine, x=x0: m(x), number)
        print(f"{'jax ' + kind:<28}{raw * 1e6:>10.1f}µs{ours * 1e6:>10.1f}µs"
              f"{ours / raw:>8.2f}{goal:>7}")
        # a user who turned 64-bit mode on globally: gradlab then needs no scoped context
        jax.config.update("jax_enable_x64", True)
        try:
            raw = best(lambda g=g_jax, x=x0: np.asarray(g(x)), number)
            ours = best(lambda m=mine, x=x0: m(x), number)
        finally:
            jax.config.update("jax_enable_x64", False)
        print(f"{'jax ' + kind + ' (x64 global)':<28}{raw * 1e6:>10.1f}µs{ours * 1e6:>10.1f}µs"
              f"{ours / raw:>8.2f}{goal:>7}")
        fn = raw_pytensor(kind, x0.size)
        raw = best(lambda fn=fn, x=x0: fn(x), number)
        mine = gl.grad(f, "pytensor")
        ours = best(lambda m=mine, x=x0: m(x), number)
        print(f"{'pytensor ' + kind:<28}{raw * 1e6:>10.1f}µs{ours * 1e6:>10.1f}µs"
              f"{ours / raw:>8.2f}{goal:>7}")


if __name__ == "__main__":
    main()
