"""Every operation gradlab maps, on every engine, against jax.grad in float64.

For each operation in ``conformance.catalogue`` (numpy/math/scipy.special functions, operators,
methods, indexing, np.linalg, and a few functions no engine maps, which must be refused)
hypothesis draws shapes, axes (negative, tuples), keepdims, ord, ddof and broadcast partners,
builds the program ``x -> (into the domain) -> operation -> weighted sum`` as source text, and
runs it through gradlab's public API:
- exact engines (``gl.gradient``): the gradient matches the truth within 1e-12 (normwise) or
  the engine refuses with BackendError. jax runs without jit here (the generated-program test
  covers jit); PyTensor runs in FAST_COMPILE mode on fewer examples (one per pinned variant),
  because its default CVM mode spends 0.2-1 s compiling each program.
- finite differences (``gl.compare``: central, complex step, Richardson): a row whose status is
  "ok" is within 5 times its own error estimate of the truth.
"""

from __future__ import annotations

import pytest
from conformance.catalogue import CATALOGUE
from conformance.engines import check_value, report, run_exact, run_numerical
from conformance.generator import single_operation
from conformance.program import Program
from conformance.reductions import VARIANTS
from conformance.truth import jax_truth
from hypothesis import HealthCheck, Phase, given, settings

EXAMPLES = 3
RICH_ARGUMENTS = {  # operations with many argument combinations get more examples
    "reshape": 6, "transpose": 6, "indexing": 8, "join": 6, "@": 6, "np.dot": 6,
    "np.inner": 5, "np.diff": 5, "np.cumsum": 5, "+": 5, "*": 5, "np.maximum": 5,
    "np.power": 5, ".dot": 5, "np.matmul": 5,
}
VARIANT_EXAMPLES = 2  # per pinned variant (axis kind x keepdims, or ord) of a reduction
PYTENSOR_EXAMPLES = 2  # per unpinned operation; one per pinned variant
SETTINGS = dict(derandomize=True, deadline=None, database=None, print_blob=False,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate, Phase.shrink])
OPERATIONS = sorted(CATALOGUE)


def _label(variant: dict | None) -> str:
    if not variant:
        return "any"
    return ",".join(f"{k}={v[1] if k == 'ord' else v}" for k, v in variant.items())


CASES = [pytest.param(name, variant, id=f"{name}-{_label(variant)}")
         for name in OPERATIONS for variant in VARIANTS.get(name, [None])]


def check(program: Program, engines: tuple[tuple[str, dict], ...], numerical: bool) -> None:
    truth = jax_truth(program)
    verdicts = [check_value(program, truth)]
    verdicts += [run_exact(program, truth, engine, **options) for engine, options in engines]
    if numerical:
        verdicts += run_numerical(program, truth)
    assert not any(v.failed for v in verdicts), report(program, verdicts)


@pytest.mark.parametrize("name,variant", CASES)
def test_operation_matches_jax(name: str, variant: dict | None) -> None:
    engines = (("jax", {"jit": False}), ("dual", {}), ("sympy", {}))
    examples = VARIANT_EXAMPLES if variant else RICH_ARGUMENTS.get(name, EXAMPLES)

    @given(program=single_operation(name, variant))
    @settings(max_examples=examples, **SETTINGS)
    def conforms(program: Program) -> None:
        check(program, engines, numerical=True)

    conforms()


@pytest.mark.parametrize("name,variant", CASES)
def test_operation_matches_jax_in_pytensor(name: str, variant: dict | None) -> None:
    engines = (("pytensor", {"mode": "FAST_COMPILE"}),)

    @given(program=single_operation(name, variant))
    @settings(max_examples=1 if variant else PYTENSOR_EXAMPLES, **SETTINGS)
    def conforms(program: Program) -> None:
        check(program, engines, numerical=False)

    conforms()
