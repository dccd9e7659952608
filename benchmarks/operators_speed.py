"""The speed and memory parts of bench_operators.py (run from there).

* gl.hess / gl.jac with jax against raw jax.jit(jax.hessian(f)) / jax.jit(jax.jacfwd(f)),
  built in 64-bit mode the way gradlab builds its own, raw result as a numpy array (as gl.hess
  returns); the two alternate in rounds and each keeps its best (bench_overhead's timing).
  The README's figures for these come from benchmarks/perf/row_jax_overhead.py (short rounds,
  many of them: steadier on a loaded machine).
* HVP / function time at n = 10^5 (Rosenbrock) for jax and pytensor.
* A central-difference Jacobian of a tridiagonal system at n = 1000: time, error against the
  hand-derived Jacobian, peak memory traced by tracemalloc.
"""

from __future__ import annotations

import timeit
import tracemalloc

import numpy as np
from bench_overhead import interleaved_best

import gradlab as gl

SEED = np.array([1.0, 2.0, 3.0])


def seed(x):
    return x[0] * x[1] * x[2]


def seed_vector(x):
    return np.array([x[0] * x[1] * x[2], x[0] * x[1], np.sin(x[2])])


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def tridiagonal(x):  # Broyden tridiagonal residuals, any n (MGH 30)
    return ((3.0 - 2.0 * x) * x - np.concatenate((np.zeros(1), x[:-1]))
            - 2.0 * np.concatenate((x[1:], np.zeros(1))) + 1.0)


def tridiagonal_jacobian(x):
    return np.diag(3.0 - 4.0 * x) - np.eye(x.size, k=-1) - 2.0 * np.eye(x.size, k=1)


def _on_jax(function):
    import types

    import jax.numpy as jnp

    return types.FunctionType(function.__code__, {**function.__globals__, "np": jnp})


def _overhead_row(label: str, mine, raw, x, number: int, goal: float) -> None:
    import jax

    times = interleaved_best({"raw": lambda: raw(x), "gradlab": lambda: mine(x)}, number,
                             {"raw": lambda: jax.enable_x64(True)})
    ratio = times["gradlab"] / times["raw"]
    print(f"{label:<30}{times['raw'] * 1e6:>10.1f}µs{times['gradlab'] * 1e6:>10.1f}µs"
          f"{ratio:>8.2f}{goal:>7}  {'meets' if ratio <= goal else 'MISSES'}")


def jax_overhead() -> None:
    import jax

    print("\n-- gl.hess / gl.jac (jax) steady call vs raw jax.jit (best of alternating rounds)")
    print(f"{'case':<30}{'raw':>12}{'gradlab':>12}{'ratio':>8}{'goal':>7}")
    big = np.linspace(-1.2, 1.0, 1000)
    cases = [("hessian seed (n=3)", gl.hess, jax.hessian, seed, SEED, 5000, 1.3),
             ("jacobian seed (n=3)", gl.jac, jax.jacfwd, seed_vector, SEED, 5000, 1.3),
             ("hessian rosenbrock n=1000", gl.hess, jax.hessian, rosen, big, 20, 1.05),
             ("jacobian tridiagonal n=1000", gl.jac, jax.jacfwd, tridiagonal, big, 20, 1.05)]
    for label, ours, theirs, f, x, number, goal in cases:
        with jax.enable_x64(True):
            compiled = jax.jit(theirs(_on_jax(f)))

        def raw(point, compiled=compiled):
            return np.asarray(compiled(point))
        _overhead_row(label, ours(f, "jax"), raw, x, number, goal)


def _best(fn, number: int) -> float:
    fn()
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def hvp_ratio() -> None:
    from gradlab.comparison.runner import compile_for
    from gradlab.problem import make_problem

    print("\n-- HVP / function time, Rosenbrock n = 1e5 (goal <= 5)")
    x = np.linspace(-1.2, 1.0, 100_000)
    v = np.random.default_rng(0).standard_normal(x.size)
    problem = make_problem(rosen, x)
    for engine in ("jax", "pytensor"):
        try:
            hvp = compile_for(engine, problem, {}, operator="hvp")[0].gradient
        except gl.GradlabError as err:
            print(f"{engine:<12}not measured: {err}")
            continue
        f_time = _best(lambda: rosen(x), 50)
        h_time = _best(lambda hvp=hvp: hvp(x, v), 20)
        ratio = h_time / f_time
        print(f"{engine:<12}f {f_time * 1e6:8.0f}µs  hvp {h_time * 1e6:8.0f}µs  ratio "
              f"{ratio:5.2f}  {'meets' if ratio <= 5 else 'MISSES'}")


def jacobian_memory() -> None:
    n = 1000
    x = np.linspace(-1.0, 1.0, n)
    dense = n * n * 8
    tracemalloc.start()
    try:
        start = timeit.default_timer()
        jacobian = gl.jacobian(tridiagonal, x, backend="finite-diff:central")
        seconds = timeit.default_timer() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    truth = tridiagonal_jacobian(x)
    error = np.linalg.norm(jacobian - truth) / np.linalg.norm(truth)
    print(f"\n-- finite-diff:central Jacobian, tridiagonal n = {n}: {seconds:.2f} s, error "
          f"{error:.1e} (hand-derived), peak memory {peak / 2**20:.1f} MiB = "
          f"{peak / dense:.1f}x the {dense / 2**20:.1f} MiB Jacobian; all 2n perturbed points "
          f"at once would hold {4 * dense / 2**20:.0f} MiB of inputs and outputs")
