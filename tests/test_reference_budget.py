"""The 50-digit reference's own budget: when nobody asked for SymPy and its value is not ready
in time, the comparison goes on without it, says so in ``reference_source``, and still confirms
an engine only by an independent one. A fake high-precision engine stands in for SymPy and
blocks on an event, so nothing here waits on a sleep.
"""

import threading

import numpy as np
import pytest

import gradlab as gl
from gradlab.backends import _REGISTRY, Compiled, Engine
from gradlab.comparison import runner
from gradlab.comparison.reference import SYMPY_SOURCE


class HeldReference(Engine):
    """A high-precision engine whose compile waits until the test releases it, then does some
    Python work (which an interrupted thread never finishes)."""

    name = "sympy"
    description = "fake 50-digit engine held by an event"
    exact = True
    high_precision = True
    operators = frozenset({"gradient"})

    def __init__(self):
        self.started, self.release = threading.Event(), threading.Event()
        self.finished = False

    def compile(self, problem, **options):
        self.started.set()
        self.release.wait(30)  # bounded: a broken test must not hang the run
        total = 0
        for step in range(200_000):  # the work after the wait: an interrupt stops it here
            total += step
        self.finished = True
        return Compiled(lambda x: 2 * x, reference=lambda x: 2 * x)

    def code(self, problem, **options):
        return None


@pytest.fixture
def held():
    original = _REGISTRY["sympy"]
    engine = HeldReference()
    _REGISTRY["sympy"] = engine  # same place in the registry: still the high-precision engine
    yield engine
    engine.release.set()
    _REGISTRY["sympy"] = original


def test_a_reference_past_its_budget_is_left_out_visibly_and_the_consensus_still_holds(held):
    def f(x):
        return np.sum(x**2) + 0.0625  # a function no other test compiles

    x = np.array([0.5, -1.5, 2.0])
    cmp = gl.compare(f, x, backends=["dual"], reference_budget=0.05, time_limit=10,
                     timing=False)
    assert held.started.is_set() and not held.finished
    source = cmp.reference_source
    assert not source.startswith(SYMPY_SOURCE)
    assert "did not finish within the reference budget of 0.05 s" in source
    assert "reference_budget=" in source
    # dual alone is not its own confirmation: an independent check had to agree
    assert source.startswith("dual (exact engine)") and "confirmed by finite-diff:" in source
    assert cmp["dual"].ok
    np.testing.assert_allclose(cmp.reference, 2 * x, rtol=1e-15, atol=0)
    # the abandoned work stops as soon as it runs Python again: it never finishes
    thread = runner._abandoned[-1]
    held.release.set()
    thread.join(10)
    assert not thread.is_alive() and not held.finished


def test_a_reference_ready_within_its_budget_is_the_reference(held):
    held.release.set()

    def f(x):
        return np.sum(x**2) + 0.125

    x = np.array([0.5, -1.5, 2.0])
    cmp = gl.compare(f, x, backends=["dual"], reference_budget=30, timing=False)
    assert held.finished
    assert cmp.reference_source.startswith(SYMPY_SOURCE + ", confirmed by dual")
    np.testing.assert_array_equal(cmp.reference, 2 * x)


@pytest.mark.parametrize("choice, compared, time_limit, budget, expected", [
    ("auto", ["dual"], 20.0, 2.0, (2.0, True)),  # nobody asked for SymPy: its own budget
    ("sympy", ["dual"], 20.0, 2.0, (20.0, False)),  # chosen as the reference
    ("auto", ["dual", "sympy"], 20.0, 2.0, (20.0, False)),  # compared: its row's time limit
    ("auto", ["dual"], 1.0, 2.0, (1.0, False)),  # the time limit is the shorter
    ("auto", ["dual"], None, 2.0, (2.0, True)),
    ("auto", ["dual"], 20.0, None, (20.0, False)),  # no budget of its own
])
def test_the_reference_gets_its_own_budget_only_when_nobody_asked_for_sympy(
        choice, compared, time_limit, budget, expected):
    from gradlab.comparison.reference import _reference_budget
    from gradlab.comparison.results import Row

    rows = [Row(backend=spec) for spec in compared]
    assert _reference_budget(rows, choice, time_limit, budget) == expected


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), "2", True])
def test_the_budget_must_be_a_positive_number_of_seconds(bad):
    with pytest.raises(gl.InputError, match="reference_budget must be a positive number"):
        gl.compare(lambda x: x**2, 1.0, backends=["dual"], reference_budget=bad)


def test_abandoned_work_that_ignores_the_first_interrupt_is_interrupted_again():
    """Python ignores an exception raised in a garbage-collector callback (JAX registers one):
    an interrupt landing there is lost, so it is sent again until the work stops."""
    swallowed, release, completed = threading.Event(), threading.Event(), threading.Event()

    def work():
        try:
            while not release.is_set():  # Python code: the interrupt lands here
                pass
        except runner._Abandoned:
            swallowed.set()  # ignored, as in a gc callback
        while not release.is_set():  # goes on burning the CPU
            pass
        completed.set()

    with pytest.raises(gl.BackendTimeout, match="timed out"):
        runner.within_time_limit(work, 0.05, "spinner")
    thread = runner._abandoned[-1]
    assert swallowed.wait(10)
    thread.join(10)
    stopped = not thread.is_alive()
    release.set()  # lets a thread that was not stopped end
    thread.join(10)
    assert stopped and not completed.is_set()


def test_the_engines_library_is_imported_in_the_callers_thread(tmp_path, monkeypatch):
    """An interrupt that lands inside an import leaves a half-initialised module in
    sys.modules for the rest of the session, so the library is imported before the thread."""
    import importlib
    import sys

    (tmp_path / "gradlab_probe_library.py").write_text(
        "import threading\nIMPORTED_IN = threading.current_thread().name\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("gradlab_probe_library", None)

    class Probe(HeldReference):
        requires = "gradlab_probe_library"

    original = _REGISTRY["sympy"]
    _REGISTRY["sympy"] = Probe()
    try:
        work = lambda: importlib.import_module("gradlab_probe_library").IMPORTED_IN  # noqa: E731
        assert runner.within_time_limit(work, 5.0, "sympy") == threading.current_thread().name
    finally:
        _REGISTRY["sympy"] = original
    module = sys.modules.pop("gradlab_probe_library")
    assert module.IMPORTED_IN == threading.current_thread().name
