"""Random numpy programs through every exact engine, each judged against jax.grad in float64.

Each program composes 3 to 6 operations gradlab maps (ufuncs kept in their domain, reductions
with random axis/keepdims/ord, broadcasting, matrix products of the variable array, indexing,
np.linalg) and is emitted as source text; see ``conformance.generator``. The truth runs the
same text with ``np`` bound to ``jax.numpy`` in 64-bit mode (``conformance.truth``).

Cost decides the split (2 CPU cores):
- ``test_generated_programs_match_jax``: ``GENERATED`` (2,000) programs through jax, dual and
  sympy. gradlab's jax engine runs them with ``jit=False`` here: an XLA compile per program
  would cost more than the three engines together; jit is covered by the sampled test below.
- ``test_sampled_programs_compiled``: the first ``SAMPLED`` (100) of the same programs through
  jax with its default jit and PyTensor in FAST_COMPILE mode (~0.1 s of compilation each), and
  the first ``SAMPLED_DEFAULT_MODE`` (15) through PyTensor's default CVM mode (0.2-1 s each).
Hypothesis draws the programs from a fixed seed and shrinks a failure to a minimal program.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from conformance.engines import check_value, report, run_exact
from conformance.generator import compositions
from conformance.program import Program
from conformance.truth import jax_truth
from hypothesis import HealthCheck, Phase, given, settings

GENERATED = 2000
SAMPLED = 100
SAMPLED_DEFAULT_MODE = 15
CHEAP_ENGINES = (("jax", {"jit": False}), ("dual", {}), ("sympy", {}))
COMPILED_ENGINES = (("jax", {}), ("pytensor", {"mode": "FAST_COMPILE"}))
Recorder = Callable[[str, object], None]  # pytest's record_property fixture
SETTINGS = dict(derandomize=True, deadline=None, database=None, print_blob=False,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate, Phase.shrink])


def check(program: Program, engines: tuple[tuple[str, dict], ...]) -> None:
    truth = jax_truth(program)
    verdicts = [check_value(program, truth)]
    verdicts += [run_exact(program, truth, engine, **options) for engine, options in engines]
    assert not any(v.failed for v in verdicts), report(program, verdicts)


def run_counted(engines: tuple[tuple[str, dict], ...], record_property: Recorder, label: str,
                expected: int) -> None:
    """Check ``expected`` generated programs; print and record how many ran and how long."""
    count = 0

    @given(program=compositions())
    @settings(max_examples=expected, **SETTINGS)
    def counted(program: Program) -> None:
        nonlocal count
        count += 1
        check(program, engines)

    start = time.perf_counter()
    counted()
    seconds = time.perf_counter() - start
    record_property("programs", count)
    record_property("seconds", round(seconds, 1))
    print(f"\n{label}: {count} generated programs in {seconds:.1f} s")
    assert count >= expected, f"only {count} of {expected} programs ran ({seconds:.1f} s)"


def test_generated_programs_match_jax(record_property: Recorder) -> None:
    run_counted(CHEAP_ENGINES, record_property, "jax (no jit), dual, sympy", GENERATED)


def test_sampled_programs_compiled(record_property: Recorder) -> None:
    run_counted(COMPILED_ENGINES, record_property, "jax (jit), pytensor (FAST_COMPILE)",
                SAMPLED)


def test_sampled_programs_in_pytensor_default_mode(record_property: Recorder) -> None:
    run_counted((("pytensor", {}),), record_property, "pytensor (CVM)",
                SAMPLED_DEFAULT_MODE)
