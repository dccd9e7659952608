"""Jacobians, Hessians and products: accuracy on the Moré–Garbow–Hillstrom subset, and speed.

Run: .venv/bin/python benchmarks/bench_operators.py
Goals (issue "Beyond the gradient"), each printed next to what was measured:
* exact engines, normwise relative error from the 50-digit reference: Jacobian <= 1e-13,
  Hessian <= 1e-12 (and the gradient of the same objectives, for comparison);
* Richardson Hessian: max error <= numdifftools' Hessian's, median time <= 0.25x its time;
* central-difference Hessian: its error estimate bounds its true error on >= 95 % of the set;
* gl.hess / gl.jac (jax) steady call <= 1.3x raw jax.jit(jax.hessian(f)) / jax.jit(jax.jacfwd(f))
  at the seed size, <= 1.05x at n = 1000 (interleaved rounds, best of equal rounds);
* HVP time / function time <= 5 at n = 10^5 (jax, pytensor);
* a finite-difference Jacobian at n = 1000 in bounded-memory batches: peak memory (tracemalloc).

Truth: mgh_truth.py (SymPy on the same code with ``np`` swapped for a symbolic stand-in, mpmath
at 50 digits; no gradlab engine), checked here against jax in float64 too. The MGH problems are
residual vectors r (Jacobian) and their least-squares objectives sum r² (gradient, Hessian).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import types

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import mgh
import mgh_truth
from operators_speed import hvp_ratio, jacobian_memory, jax_overhead

import gradlab as gl

REPEAT = 5  # timed runs per method and problem, best kept, the same for everyone
CALL_LIMIT_S = 60  # one engine on one problem (compile included); longer is reported, not waited
GOALS = {"jacobian": 1e-13, "gradient": 1e-13, "hessian": 1e-12}


def rel(value, truth) -> float:
    truth = np.asarray(truth, dtype=np.float64)
    scale = max(float(np.linalg.norm(truth)), 1e-300)
    return float(np.linalg.norm(np.asarray(value, dtype=np.float64) - truth) / scale)


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def truths() -> dict[str, dict[str, np.ndarray]]:
    """The 50-digit derivatives of each problem, cross-checked against jax in float64."""
    import jax
    import jax.numpy as jnp

    out = {}
    with jax.enable_x64(True):
        for name, residuals, x0 in mgh.PROBLEMS:
            jacobian, gradient, hessian = mgh_truth.derivatives(residuals, x0)
            on_jax = types.FunctionType(residuals.__code__, {**residuals.__globals__, "np": jnp})
            x = jnp.asarray(x0, dtype=jnp.float64)
            by_jax = np.asarray(jax.hessian(lambda x, r=on_jax: jnp.sum(r(x) ** 2))(x))
            assert rel(np.asarray(jax.jacfwd(on_jax)(x)), jacobian) <= 1e-14, name
            assert rel(by_jax, hessian) <= 1e-14, name
            out[name] = {"jacobian": jacobian, "gradient": gradient, "hessian": hessian}
    return out


class TimedOut(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """TimedOut when the block runs longer than ``seconds`` (SIGALRM: main thread, Unix)."""
    def expire(signum, frame):
        raise TimedOut(f"over the benchmark's time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def exact_engines() -> list[str]:
    return [name for name in gl.backends.available() if gl.backends.get(name).exact]


def derivative_of(operator: str, residuals, x0, backend: str) -> np.ndarray:
    point = np.asarray(x0, dtype=np.float64)
    if operator == "jacobian":
        return gl.jacobian(residuals, point, backend=backend)
    objective = mgh.sum_of_squares(residuals)
    if operator == "gradient":
        return gl.gradient(objective, point, backend=backend)
    return gl.hessian(objective, point, backend=backend)


def exact_accuracy(truth, operators, engines: list[str] | None = None) -> None:
    """Max normwise error of every exact engine (or those named), per operator, over the set."""
    print(f"\n-- exact engines vs the 50-digit reference ({len(mgh.PROBLEMS)} MGH problems)")
    print(f"{'engine':<12}{'operator':<10}{'max error':>11}{'worst problem':>22}{'goal':>10}"
          f"  refused or timed out (> {CALL_LIMIT_S} s)")
    for engine in exact_engines() if engines is None else engines:
        for operator in operators:
            errors, refused = {}, []
            for name, residuals, x0 in mgh.PROBLEMS:
                try:
                    with time_limit(CALL_LIMIT_S):
                        value = derivative_of(operator, residuals, x0, engine)
                    errors[name] = rel(value, truth[name][operator])
                except (gl.GradlabError, TimedOut) as err:  # an engine may wrap TimedOut
                    late = "benchmark's time limit" in str(err)
                    refused.append(f"{name} ({'timed out' if late else type(err).__name__})")
            worst = max(errors, key=errors.get) if errors else "-"
            top = errors.get(worst, float("nan"))
            goal = GOALS[operator]
            print(f"{engine:<12}{operator:<10}{top:>11.1e}{worst:>22}{goal:>10.0e}  "
                  f"{verdict(top <= goal)}  {len(refused)}"
                  + (f": {', '.join(refused)}" if refused else ""))


def best_time(fn) -> tuple[object, float]:
    out, best = None, np.inf
    for _ in range(REPEAT):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return out, best


def one_hessian(f, point: np.ndarray, true: np.ndarray) -> dict[str, float]:
    """Richardson (gl.hess), numdifftools.Hessian and central differences on one objective."""
    import numdifftools as nd

    from gradlab.comparison.runner import compile_for
    from gradlab.problem import make_problem

    richardson = gl.hess(f, "finite-diff:richardson")
    richardson(point)
    h_rich, t_rich = best_time(lambda: richardson(point))
    h_nd, t_nd = best_time(lambda: nd.Hessian(f)(point))
    central = compile_for("finite-diff:central", make_problem(f, point), {},
                          operator="hessian")[0].estimate(point)
    central_error = float(np.linalg.norm(np.asarray(central.gradient) - true))
    estimate = central.error_estimate
    return {"rich": rel(h_rich, true), "rich_t": t_rich, "nd": rel(h_nd, true), "nd_t": t_nd,
            "central": central_error / np.linalg.norm(true),
            "estimate": (np.nan if estimate is None else estimate) / np.linalg.norm(true),
            "bounded": estimate is not None and central_error <= estimate}


def numerical_hessians(truth) -> None:
    """Richardson vs numdifftools.Hessian (error, time); central's error estimate vs its error."""
    print("\n-- numerical Hessians of the MGH objectives (normwise error, best of "
          f"{REPEAT} times)")
    print(f"{'problem':<22}{'richardson':>11}{'time':>10}{'numdifftools':>13}{'time':>10}"
          f"{'central':>10}{'its estimate':>13}")
    rows = []
    for name, residuals, x0 in mgh.PROBLEMS:
        f, point = mgh.sum_of_squares(residuals), np.asarray(x0, dtype=np.float64)
        row = one_hessian(f, point, truth[name]["hessian"])
        rows.append(row)
        print(f"{name:<22}{row['rich']:>11.1e}{row['rich_t'] * 1e3:>8.2f}ms{row['nd']:>13.1e}"
              f"{row['nd_t'] * 1e3:>8.2f}ms{row['central']:>10.1e}{row['estimate']:>13.1e}"
              + ("" if row["bounded"] else "  NOT BOUNDED"))
    rich, nd_max = max(r["rich"] for r in rows), max(r["nd"] for r in rows)
    ratio = float(np.median([r["rich_t"] / r["nd_t"] for r in rows]))
    share = 100 * float(np.mean([r["bounded"] for r in rows]))
    print(f"richardson max error {rich:.1e} vs numdifftools {nd_max:.1e}  (goal: no worse)  "
          f"{verdict(rich <= nd_max)}")
    print(f"richardson time / numdifftools (median) {ratio:.3f}  (goal <= 0.25)  "
          f"{verdict(ratio <= 0.25)}")
    print(f"central error estimate bounds its error on {share:.0f} % of the set  "
          f"(goal >= 95 %)  {verdict(share >= 95)}")


SECTIONS = {
    "exact engines: gradient": lambda truth: exact_accuracy(truth, ("gradient",)),
    "exact engines: jacobian, hessian": lambda truth: exact_accuracy(truth,
                                                                     ("jacobian", "hessian")),
    "numerical hessians": numerical_hessians,
    "jax overhead": lambda truth: jax_overhead(),
    "hvp cost": lambda truth: hvp_ratio(),
    "finite-difference jacobian memory": lambda truth: jacobian_memory(),
}


def main() -> int:
    start = time.perf_counter()
    truth = truths()
    print(f"50-digit truth for {len(truth)} MGH problems in {time.perf_counter() - start:.1f} s "
          "(agrees with jax float64 within 1e-14)")
    not_run = []
    for title, section in SECTIONS.items():
        try:
            section(truth)
        except (AttributeError, TypeError, ImportError) as err:  # an API this gradlab lacks
            not_run.append(title)
            print(f"\n-- {title}: NOT RUN ({type(err).__name__}: {err})")
    if not_run:
        print(f"\nnot run: {', '.join(not_run)}", file=sys.stderr)
    return 1 if not_run else 0


if __name__ == "__main__":
    sys.exit(main())
