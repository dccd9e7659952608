"""Random numpy programs (the generator of test_generated_programs.py) through autograd, judged
against jax.grad in float64: each is right or refused, never a wrong number; and through the
numerical peers, whose "ok" rows must sit within their own error estimates of the truth."""

from __future__ import annotations

import warnings

import numpy as np
from conformance.engines import ESTIMATE_FACTOR, check_value, report, run_exact, tolerance
from conformance.generator import compositions
from conformance.program import Program
from conformance.truth import jax_truth
from hypothesis import HealthCheck, Phase, given, settings
from optional_engines import require

import gradlab as gl

require("autograd", "numdifftools", "scipy.differentiate")


GENERATED = 200  # ~1 minute here; measured: 71 % right, the rest refused
SETTINGS = dict(derandomize=True, deadline=None, database=None, print_blob=False,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate, Phase.shrink])


@given(program=compositions())
@settings(max_examples=GENERATED, **SETTINGS)
def test_autograd_on_generated_programs_is_right_or_refuses(program: Program) -> None:
    truth = jax_truth(program)
    verdicts = [check_value(program, truth), run_exact(program, truth, "autograd")]
    assert not any(v.failed for v in verdicts), report(program, verdicts)


NUMERICAL_PROGRAMS = 60
PEERS = ["numdifftools", "scipy-differentiate"]


@given(program=compositions())
@settings(max_examples=NUMERICAL_PROGRAMS, **SETTINGS)
def test_numerical_peers_ok_rows_are_within_their_error_estimates(program: Program) -> None:
    truth = jax_truth(program)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comparison = gl.compare(program.function(), program.x.copy(), backends=PEERS,
                                reference="none", timing=False)
    for row in comparison.results:
        if row.status != "ok":
            continue
        gap = float(np.linalg.norm(np.ravel(row.gradient) - np.ravel(truth.gradient)))
        allowed = ESTIMATE_FACTOR * row.error_estimate + tolerance(truth.gradient)
        assert gap <= allowed, (row.backend, gap, row.error_estimate, program.source)
