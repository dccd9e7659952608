"""gl.grad / gl.hess / gl.jac with jax against the raw jax.jit call a user would write.

Run: PYTHONPATH=. .venv/bin/python benchmarks/perf/row_jax_overhead.py
Raw: jax.jit(jax.grad(f)) / jax.jit(jax.hessian(f)) / jax.jit(jax.jacfwd(f)) of the same
function written with jax.numpy, built in 64-bit mode, called inside one
`with jax.enable_x64(True):` per round (a user with 64-bit mode on), its value as a numpy array
(as gradlab returns). gradlab's functions are called as a user calls them, `g(x)`. Both alternate
round by round, in short rounds, many of them: each keeps its best round (a loaded machine
slows some rounds, rarely the best).
Goals (issues 13 and 12): seed call <= 1.3x raw; Hessian / Jacobian at n = 1000 <= 1.05x.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).parent),
                str(Path(__file__).resolve().parents[1])]

from operators_speed import rosen, seed, seed_vector, tridiagonal  # noqa: E402
from report import interleaved, report  # noqa: E402

import gradlab as gl  # noqa: E402

SEED = np.array([1.0, 2.0, 3.0])
BIG = np.linspace(-1.2, 1.0, 1000)


def on_jax(function):
    """The same function written with jax.numpy (what a JAX user writes)."""
    import jax.numpy as jnp

    return types.FunctionType(function.__code__, {**function.__globals__, "np": jnp})


def ratio_row(what, ours, transform, f, x, number, rounds, goal, note=""):
    import jax

    with jax.enable_x64(True):
        raw = jax.jit(transform(on_jax(f)))
        raw(x)
    mine = ours(f, "jax")
    mine(x)

    def raw_round():
        with jax.enable_x64(True):
            for _ in range(number):
                np.asarray(raw(x))

    def gradlab_round():
        for _ in range(number):
            mine(x)

    best = interleaved({"raw": raw_round, "gradlab": gradlab_round}, rounds)
    raw_s, ours_s = best["raw"] / number, best["gradlab"] / number
    ratio = ours_s / raw_s
    unit, scale = ("µs", 1e6) if raw_s < 1e-3 else ("ms", 1e3)
    report(what, f"{ratio:.2f}× ({raw_s * scale:.1f} → {ours_s * scale:.1f} {unit})",
           f"≤ {goal}×", ratio <= goal, note)


def main() -> None:
    import jax

    ratio_row("gl.grad(f, 'jax') seed call vs raw jax.jit(jax.grad(f))", gl.grad, jax.grad,
              seed, SEED, 200, 101, 1.3)
    ratio_row("gl.hess(f, 'jax') seed call vs raw jax.jit(jax.hessian(f))", gl.hess,
              jax.hessian, seed, SEED, 200, 101, 1.3)
    ratio_row("gl.jac(f, 'jax') seed call vs raw jax.jit(jax.jacfwd(f))", gl.jac, jax.jacfwd,
              seed_vector, SEED, 200, 101, 1.3)
    ratio_row("gl.hess(rosen, 'jax') n = 1000 vs raw jax.jit(jax.hessian(f))", gl.hess,
              jax.hessian, rosen, BIG, 1, 81, 1.05)
    ratio_row("gl.jac(tridiagonal, 'jax') n = 1000 vs raw jax.jit(jax.jacfwd(f))", gl.jac,
              jax.jacfwd, tridiagonal, BIG, 2, 81, 1.05)


if __name__ == "__main__":
    main()
