"""jacobian, hessian, hvp, jvp and vjp of every engine against JAX in float64.

Two sources of programs (``conformance.operator_cases``), each a scalar program (hessian, hvp)
with an array-valued twin (jacobian, jvp, vjp) and directions v and u:
- ``test_conformance_operators``: one case per conformance operation and pinned variant (every
  mapped numpy/math/scipy function, operator, method, indexing, np.linalg, and the functions no
  engine maps), as in tests/test_conformance.py;
- ``test_generated_operators``: ``GENERATED`` random compositions from a fixed seed, as in
  tests/test_generated_programs.py.
The truth and the verdicts are in ``conformance.operator_checks``: exact engines within 1e-12
normwise (atol 0), numerical rows that say "ok" within 10x their own error estimate; a refusal
(BackendError, a "not supported" / "failed" / "not finite" row) is fine, a wrong number fails.
A mapped function an engine cannot differentiate twice must be refused, never approximated.

Cost (2 shared CPU cores; the JAX truth alone compiles for ~0.5 s per case): by default a seeded
sample of ``CONFORMANCE_SAMPLE`` conformance cases and ``GENERATED`` programs, each through every
operator of ``EXACT_PER_CASE`` exact and ``NUMERICAL_PER_CASE`` numerical engines picked per
case from a seeded generator. ``GRADLAB_DIFFERENTIAL=full`` runs every conformance case and
150 programs through every engine (about 20 minutes). The counts per
(engine, operator) are printed (pytest -s) and recorded as properties.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import numpy as np
import scipy.special
from conformance.engines import Verdict
from conformance.operator_cases import OperatorCase, composition_case, operation_case
from conformance.operator_checks import (
    OPERATORS,
    Tally,
    operator_truth,
    run_exact_operator,
    run_numerical_operator,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from test_conformance import CASES

import gradlab as gl
from gradlab.errors import BackendError

EXACT = {"jax": {}, "sympy": {}, "dual": {}, "autograd": {},
         "pytensor": {"mode": "FAST_COMPILE"}}
NUMERICAL = ("numpy", "finite-diff:central", "finite-diff:forward", "finite-diff:complex-step",
             "finite-diff:richardson", "finite-diff:scipy", "numdifftools:central",
             "numdifftools:forward", "numdifftools:backward", "scipy-differentiate")
FULL = os.environ.get("GRADLAB_DIFFERENTIAL") == "full"
EXACT_PER_CASE = len(EXACT) if FULL else 2
NUMERICAL_PER_CASE = len(NUMERICAL) if FULL else 3
CONFORMANCE_SAMPLE = None if FULL else 32
GENERATED = 150 if FULL else 24
SEED = 20261205
KNOWN: dict[tuple[str, str], str] = {}  # (engine operator, construct) -> a known wrong number
Recorder = Callable[[str, object], None]  # pytest's record_property fixture


def cases(strategy: st.SearchStrategy[OperatorCase], count: int) -> list[OperatorCase]:
    """``count`` cases drawn from a fixed seed (no shrinking: every failure is listed)."""
    found: list[OperatorCase] = []

    @given(strategy)
    @settings(max_examples=count, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    def collect(case: OperatorCase) -> None:
        found.append(case)

    try:
        collect()
    except Unsatisfiable:
        pass  # an operation with no valid program at these shapes: nothing to check
    return found


def verdicts(case: OperatorCase, rng: np.random.Generator) -> list[Verdict]:
    truth = operator_truth(case)
    exact = rng.choice(sorted(EXACT), EXACT_PER_CASE, replace=False)
    numerical = list(rng.choice(NUMERICAL, NUMERICAL_PER_CASE, replace=False))
    found = [run_exact_operator(case, truth, engine, op, EXACT[engine])
             for engine in exact for op in OPERATORS]
    for op in OPERATORS:
        found += run_numerical_operator(case, truth, numerical, op)
    return found


def run(all_cases: list[OperatorCase], title: str, record_property: Recorder) -> Tally:
    tally = Tally(KNOWN)
    rng = np.random.default_rng(SEED)
    start = time.perf_counter()
    for case in all_cases:
        tally.add(case, verdicts(case, rng))
    seconds = time.perf_counter() - start
    print(f"\n{tally.table(f'{title}: {len(all_cases)} cases in {seconds:.1f} s')}")
    record_property("cases", len(all_cases))
    record_property("seconds", round(seconds, 1))
    record_property("checks", {f"{k} {what}": n for (k, what), n in tally.counts.items()})
    return tally


def test_conformance_operators(record_property: Recorder) -> None:
    chosen = list(CASES) if CONFORMANCE_SAMPLE is None else [
        CASES[i] for i in sorted(np.random.default_rng(SEED).choice(
            len(CASES), CONFORMANCE_SAMPLE, replace=False))]
    all_cases = [case for param in chosen for case in cases(operation_case(*param.values), 1)]
    tally = run(all_cases, "conformance operations", record_property)
    assert not tally.failures, tally.report()


def test_generated_operators(record_property: Recorder) -> None:
    tally = run(cases(composition_case(), GENERATED), "generated programs", record_property)
    assert not tally.failures, tally.report()


def test_central_hessian_estimate_covers_its_error() -> None:
    """Hand-derived: d2/dx2 gammaln(e^x) = e^x digamma(e^x) + e^2x trigamma(e^x); at 0:
    digamma(1) + trigamma(1)."""
    truth = scipy.special.digamma(1.0) + scipy.special.polygamma(1, 1.0)
    row = gl.compare(lambda x: scipy.special.gammaln(np.exp(x)), 0.0, derivative="hessian",
                     backends=["finite-diff:central"], reference="none", timing=False).results[0]
    assert row.status == "ok"
    assert abs(float(np.ravel(row.gradient)[0]) - truth) <= 10 * row.error_estimate


def test_dual_jacobian_of_a_constant_dot() -> None:
    """Hand-derived: f[0, j] = 2 x[0, j] + 2 x[1, j]; a refusal would be fine too."""
    c = np.array([[1.0, 2.0]])
    truth = np.array([[2.0, 0.0, 2.0, 0.0], [0.0, 2.0, 0.0, 2.0]])
    try:
        got = gl.jacobian(lambda x: c.dot(x) + x[0], np.array([[1.0, 2.0], [3.0, 4.0]]),
                          backend="dual")
    except BackendError:
        return
    np.testing.assert_allclose(got.reshape(2, 4), truth, rtol=0, atol=0)
