"""Numerical accuracy per cost on the smooth test set: gradlab Richardson vs scipy, numdifftools.

Run: .venv/bin/python benchmarks/bench_accuracy.py
Goal (gradlab richardson): max error <= 1e-12, a median of <= 10 evaluations per variable (its
table takes 10; only variables whose error estimate stays high pay for a second batch; the one
evaluation at the point itself, which every method here may make, is not counted), and
median time <= 0.1x numdifftools' time. This set (with a few badly scaled functions of the
tests' own) is the one gradlab's step rules were tuned on; benchmarks/perf/row_richardson.py
measures them on functions they have not seen.

Truth is independent of gradlab: the hand-derived gradients in functions.py where given, else
jax.grad in float64 on the same source with numpy swapped for jax.numpy (checked against the
hand-derived ones). Every engine gets the best of the same number of timed runs; scipy's
``differentiate.jacobian`` gets the vectorised f it asks for (every f in functions.py is).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from functions import FUNCTIONS

import gradlab as gl
from gradlab.comparison.compare import compile_for
from gradlab.problem import make_problem

REPEAT = 5  # timed runs per engine and function, best kept, the same for every engine
GOALS = {"max error": 1e-12, "median ev/var": 10, "time / numdifftools": 0.1}


def jax_versions() -> dict:
    """functions.py executed with ``np`` bound to jax.numpy: the same code, traced by jax."""
    source = (Path(__file__).parent / "functions.py").read_text()
    source = source.split("\nFUNCTIONS = [")[0]  # the definitions, not the numpy points
    source = source.replace("import numpy as np", "import jax.numpy as np")
    namespace: dict = {"__name__": "functions_on_jax"}
    exec(compile(source, "functions.py (jax.numpy)", "exec"), namespace)  # noqa: S102
    return namespace


def truths() -> dict[str, np.ndarray]:
    import jax

    on_jax = jax_versions()
    out = {}
    with jax.enable_x64(True):
        for name, f, x0, exact in FUNCTIONS:
            by_jax = np.asarray(jax.grad(on_jax[f.__name__])(x0), dtype=np.float64)
            if exact is not None:
                hand = np.asarray(exact(x0), dtype=np.float64)
                assert rel(by_jax, hand) <= 1e-15, (name, by_jax, hand)
                by_jax = hand
            out[name] = by_jax
    return out


def rel(g, truth) -> float:
    return float(np.linalg.norm(np.ravel(g) - truth) / max(np.linalg.norm(truth), 1e-300))


def timed(fn):
    best, out = np.inf, None
    for _ in range(REPEAT):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return out, best


def counting(f):
    calls = [0]

    def wrapped(x):
        calls[0] += 1 if np.ndim(x) == 1 else int(np.prod(np.shape(x)[1:]))
        return f(x)
    return wrapped, calls


def run_gradlab(f, x0, method):
    g = gl.grad(f, f"finite-diff:{method}")
    g(x0)
    est = compile_for(f"finite-diff:{method}", make_problem(f, x0))[0].estimate(x0)
    out, t = timed(lambda: g(x0))
    return out, t, est.n_evals


def run_scipy(f, x0):
    from scipy.differentiate import jacobian

    res, t = timed(lambda: jacobian(f, x0))
    return res.df, t, int(np.sum(res.nfev))


def run_numdifftools(f, x0):
    import numdifftools as nd

    wrapped, calls = counting(f)
    nd.Gradient(wrapped)(x0)
    evals = calls[0]
    out, t = timed(lambda: nd.Gradient(f)(x0))
    return out, t, evals


def summary(stats) -> None:
    nd_time = np.array(stats["numdifftools"]["time"])
    print(f"\n{'engine':<22}{'max error':>11}{'median err':>11}{'max ev/var':>11}"
          f"{'time / numdifftools (median, max)':>36}")
    for engine, s in stats.items():
        ratio = np.array(s["time"]) / nd_time
        print(f"{engine:<22}{max(s['err']):>11.1e}{np.median(s['err']):>11.1e}"
              f"{max(s['evals']):>11.0f}{np.median(ratio):>18.3f}{max(ratio):>18.3f}")
    ours = stats["gradlab richardson"]
    measured = {"max error": max(ours["err"]), "median ev/var": float(np.median(ours["evals"])),
                "time / numdifftools": float(np.median(np.array(ours["time"]) / nd_time))}
    print(f"\n{'gradlab richardson':<22}{'measured':>12}{'goal':>10}")
    for key, goal in GOALS.items():
        verdict = "meets" if measured[key] <= goal else "MISSES"
        print(f"{key:<22}{measured[key]:>12.3g}{'<= ' + format(goal, 'g'):>10}  {verdict}")


def main() -> None:
    engines = {"gradlab richardson": lambda f, x: run_gradlab(f, x, "richardson"),
               "gradlab central": lambda f, x: run_gradlab(f, x, "central"),
               "scipy.differentiate": run_scipy, "numdifftools": run_numdifftools}
    stats = {name: {"err": [], "time": [], "evals": []} for name in engines}
    truth = truths()
    print(f"{'function':<20}" + "".join(f"{n:>22}" for n in engines))
    for name, f, x0, _ in FUNCTIONS:
        cells = []
        for engine, run in engines.items():
            g, t, evals = run(f, x0)
            e = rel(g, truth[name])
            stats[engine]["err"].append(e)
            stats[engine]["time"].append(t)
            per_variable = (evals - 1) / x0.size  # besides one evaluation at the point itself
            stats[engine]["evals"].append(per_variable)
            cells.append(f"{e:9.1e} {t * 1e6:7.0f}µs {per_variable:4.0f}")
        print(f"{name:<20}" + "".join(f"{c:>22}" for c in cells))
    print(f"\n(cells: normwise relative error vs hand-derived / jax float64 truth, best of "
          f"{REPEAT} times, evaluations per variable besides one at the point)")
    summary(stats)


if __name__ == "__main__":
    main()
