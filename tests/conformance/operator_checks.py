"""The operators (jacobian, hessian, hvp, jvp, vjp) of an ``OperatorCase`` against JAX in float64.

Truth: ``jax.hessian`` and ``jax.jvp`` of ``jax.grad`` on the scalar program; ``jax.jacfwd``,
``jax.jvp`` and ``jax.vjp`` on its array twin, with ``np`` bound to ``jax.numpy`` in 64-bit mode
(scoped to the call). Exact engines go through ``gl.<operator>`` and match within
``EXACT_RTOL`` normwise (Frobenius for matrices; floor ``EXACT_RTOL * max(1, |truth|)``) or
refuse with BackendError. Numerical engines go through ``gl.compare(derivative=...)`` with
``reference="none"``: a row that says "ok" is within ``ESTIMATE_FACTOR`` times its own error
estimate of the truth (+ the exact floor for round-off); any other status is a refusal.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import jax.scipy.special
import numpy as np

import gradlab as gl
from gradlab.errors import BackendError

from .engines import Verdict
from .operator_cases import OperatorCase
from .program import Program
from .truth import MATH_FOR_JAX

EXACT_RTOL = 1e-12
ESTIMATE_FACTOR = 10.0
SCALAR_OPERATORS = ("hessian", "hvp")
ARRAY_OPERATORS = ("jacobian", "jvp", "vjp")
OPERATORS = SCALAR_OPERATORS + ARRAY_OPERATORS
VALUE_DEPENDENT = (jax.errors.ConcretizationTypeError, jax.errors.NonConcreteBooleanIndexError)


def _jax_function(program: Program) -> Callable[[Any], Any]:
    f = program.function(jnp, MATH_FOR_JAX, jax.scipy.special)
    return lambda x: jnp.asarray(f(x), dtype=jnp.float64)


def operator_truth(case: OperatorCase) -> dict[str, np.ndarray]:
    """Every operator's value by JAX in float64, flat (matrices as (rows, n)); one jit for all
    five (op-by-op JAX compiles each primitive at each new shape: many times slower)."""
    with jax.enable_x64(True):  # the program's module-level constants are made here too
        scalar_f, array_f = _jax_function(case.scalar), _jax_function(case.array)

        def scalar(y: Any) -> Any:
            return scalar_f(y).reshape(())

        def everything(x: Any, v: Any, u: Any) -> dict[str, Any]:
            _, pullback = jax.vjp(array_f, x)
            return {"hessian": jax.hessian(scalar)(x),
                    "hvp": jax.jvp(jax.grad(scalar), (x,), (v,))[1],
                    "jacobian": jax.jacfwd(array_f)(x), "jvp": jax.jvp(array_f, (x,), (v,))[1],
                    "vjp": pullback(u)[0]}

        arguments = [jnp.asarray(a, dtype=jnp.float64) for a in (case.scalar.x, case.v, case.u)]
        try:
            found = jax.jit(everything)(*arguments)
        except VALUE_DEPENDENT:  # Python max(), a mask: traceable only with concrete values
            found = everything(*arguments)
        flat = {op: np.asarray(value, dtype=np.float64).ravel() for op, value in found.items()}
    n = max(case.scalar.x.size, 1)
    flat["hessian"] = flat["hessian"].reshape(n, n)
    flat["jacobian"] = flat["jacobian"].reshape(-1, n)
    return flat


def _arguments(case: OperatorCase, operator: str) -> tuple[Program, tuple[Any, ...]]:
    program = case.scalar if operator in SCALAR_OPERATORS else case.array
    extra = {"hvp": (case.v,), "jvp": (case.v,), "vjp": (case.u,)}.get(operator, ())
    return program, extra


def run_exact_operator(case: OperatorCase, truth: dict[str, np.ndarray], engine: str,
                       operator: str, options: dict[str, Any]) -> Verdict:
    """``gl.<operator>(f, x, [direction], backend=engine)`` on a freshly built ``f``."""
    program, extra = _arguments(case, operator)
    label = f"{engine} {operator}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = getattr(gl, operator)(program.function(), program.x.copy(), *extra,
                                        backend=engine, **options)
    except BackendError as err:
        return Verdict(label, "refused", str(err))
    except Exception as err:  # anything else escaping the API is a defect
        return Verdict(label, "crashed", f"raised {type(err).__name__} (not BackendError): "
                       f"{str(err)[:300]}")
    got = np.asarray(got, dtype=np.float64)
    if not np.all(np.isfinite(got)):  # gl.compare shows it as "not finite": no value given
        return Verdict(label, "refused", f"not finite: {got.ravel()}")
    want = truth[operator]
    return judge(label, got, want, _floor(want))


def run_numerical_operator(case: OperatorCase, truth: dict[str, np.ndarray], specs: list[str],
                           operator: str) -> list[Verdict]:
    """One ``gl.compare(derivative=operator)`` of ``specs``; every "ok" row is judged."""
    program, extra = _arguments(case, operator)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comparison = gl.compare(program.function(), program.x.copy(), backends=specs,
                                reference="none", timing=False, derivative=operator,
                                direction=extra[0] if extra else None)
    want = truth[operator]
    verdicts = []
    for row in comparison.results:
        label = f"{row.backend} {operator}"
        if row.status != "ok":
            verdicts.append(Verdict(label, "refused", f"{row.status}: {row.error}"))
            continue
        estimate = row.error_estimate
        if estimate is None or not math.isfinite(estimate):
            verdicts.append(Verdict(label, "wrong", f"ok without an error estimate {estimate!r}"))
            continue
        verdict = judge(label, row.gradient, want, ESTIMATE_FACTOR * estimate + _floor(want))
        verdict.detail += f" (its error estimate: {estimate:.3e})"
        verdicts.append(verdict)
    return verdicts


def _floor(want: np.ndarray) -> float:
    return EXACT_RTOL * max(1.0, float(np.linalg.norm(want)))


def judge(label: str, got: Any, want: np.ndarray, allowed: float) -> Verdict:
    """Normwise (Frobenius) distance within ``allowed``; a 0-d point's values may come back
    with an axis of length 1, so sizes, not shapes, must agree."""
    got = np.asarray(got, dtype=np.float64)
    if got.size != want.size:
        return Verdict(label, "wrong", f"shape {got.shape}, truth {want.shape}")
    gap = float(np.linalg.norm(got.ravel() - want.ravel()))
    if gap <= allowed:
        return Verdict(label, "match")
    return Verdict(label, "wrong", f"|got - truth| = {gap:.3e} > {allowed:.3e}\n"
                   f"  got   {np.array2string(got.ravel(), precision=17)}\n"
                   f"  truth {np.array2string(want.ravel(), precision=17)}")


class Tally:
    """Checks per (engine, operator): how many ran, were refused, and matched the truth."""

    def __init__(self, known: dict[tuple[str, str], str] | None = None) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.failures: list[tuple[OperatorCase, Verdict]] = []
        self.known = known or {}  # (engine operator, operation) -> the bug, tested as xfail
        self.known_seen: list[tuple[OperatorCase, Verdict]] = []

    def add(self, case: OperatorCase, verdicts: list[Verdict]) -> None:
        for verdict in verdicts:
            self.counts[(verdict.engine, "run")] += 1
            self.counts[(verdict.engine, verdict.outcome)] += 1
            if not verdict.failed:
                continue
            if any((verdict.engine, op) in self.known for op in case.scalar.ops):
                self.known_seen.append((case, verdict))
            else:
                self.failures.append((case, verdict))

    def table(self, title: str) -> str:
        keys = sorted({key for key, _ in self.counts})
        lines = [title, f"{'engine operator':42} {'run':>5} {'refused':>8} {'passed':>7}"]
        for key in keys:
            lines.append(f"{key:42} {self.counts[(key, 'run')]:5d} "
                         f"{self.counts[(key, 'refused')]:8d} {self.counts[(key, 'match')]:7d}")
        total = [sum(self.counts[(k, what)] for k in keys) for what in ("run", "refused", "match")]
        lines.append(f"{'total':42} {total[0]:5d} {total[1]:8d} {total[2]:7d}")
        lines += [f"known bug: {v.engine}: {v.detail.splitlines()[0]}" for _, v in self.known_seen]
        return "\n".join(lines)

    def report(self, limit: int = 5) -> str:
        shown = sorted(self.failures, key=lambda item: len(repr(item[0])))[:limit]
        return "\n\n".join(f"{v.engine}: {v.outcome}: {v.detail}\n{case!r}" for case, v in shown)
