"""Issue row: Richardson Hessian on the Moré–Garbow–Hillstrom objectives against
numdifftools.Hessian (max normwise error, median time ratio), and how often the central
Hessian's error estimate bounds its true error.

Run: PYTHONPATH=. .venv/bin/python benchmarks/perf/row_richardson_hessian.py
Truth: jax.hessian in float64 of the same residuals with numpy swapped for jax.numpy
(benchmarks/bench_operators.py checks it against 50-digit SymPy within 1e-14).
"""

from __future__ import annotations

import os
import sys
import types
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
import mgh  # noqa: E402
from report import interleaved, report  # noqa: E402

ROUNDS = 3


def true_hessian(residuals, x: np.ndarray) -> np.ndarray:
    import jax
    import jax.numpy as jnp

    on_jax = types.FunctionType(residuals.__code__, {**residuals.__globals__, "np": jnp})
    with jax.enable_x64(True):
        return np.asarray(jax.hessian(lambda v: jnp.sum(on_jax(v) ** 2))(jnp.asarray(x)))


def relative(value, truth) -> float:
    return float(np.linalg.norm(np.asarray(value) - truth) / np.linalg.norm(truth))


def one(name, residuals, x0) -> dict:
    import numdifftools as nd

    import gradlab as gl
    from gradlab.comparison.runner import compile_for
    from gradlab.problem import make_problem

    f, x = mgh.sum_of_squares(residuals), np.asarray(x0, dtype=float)
    truth = true_hessian(residuals, x)
    richardson = gl.hess(f, "finite-diff:richardson")
    times = interleaved({"gradlab": lambda: richardson(x), "nd": lambda: nd.Hessian(f)(x)},
                        rounds=ROUNDS)
    central = compile_for("finite-diff:central", make_problem(f, x), {},
                          operator="hessian")[0].estimate(x)
    central_error = float(np.linalg.norm(np.asarray(central.gradient) - truth))
    row = {"rich": relative(richardson(x), truth), "nd": relative(nd.Hessian(f)(x), truth),
           "ratio": times["gradlab"] / times["nd"],
           "bounded": central.error_estimate is not None
           and central_error <= central.error_estimate}
    print(f"  {name:<22} richardson {row['rich']:.1e}  numdifftools {row['nd']:.1e}  time "
          f"{row['ratio']:.3f}×  central estimate bounds its error: {row['bounded']}")
    return row


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = [one(*problem) for problem in mgh.PROBLEMS]
    worst, nd_worst = max(r["rich"] for r in rows), max(r["nd"] for r in rows)
    report(f"Richardson Hessian, MGH set ({len(rows)} problems): max normwise error",
           f"{worst:.1e} (numdifftools {nd_worst:.1e})", "≤ numdifftools'", worst <= nd_worst)
    ratio = float(np.median([r["ratio"] for r in rows]))
    report("Richardson Hessian time vs numdifftools.Hessian, median per problem",
           f"{ratio:.3f}×", "≤ 0.25×", ratio <= 0.25)
    share = float(np.mean([r["bounded"] for r in rows]))
    report("central Hessian: error estimate bounds its true error", f"{100 * share:.0f} % of "
           f"the MGH set", "≥ 95 %", share >= 0.95)


if __name__ == "__main__":
    main()
