"""The timing harness behind compare(), checked on a fake clock: what it measures, not how fast.

Speed claims (gradlab against raw engine calls) live in benchmarks/, where they are measured
with interleaved rounds on a quiet machine.
"""

import time

import numpy as np
import pytest

import gradlab as gl
from gradlab.backends import Backend, Compiled
from gradlab.comparison.timing import time_call


class FakeClock:
    """``time.perf_counter`` that moves only when a timed call says how long it took."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(time, "perf_counter", fake)
    return fake


def scripted_calls(clock, durations):
    """A function whose n-th call takes durations[n] seconds of fake time; counts its calls."""
    made = []

    def call():
        clock.advance(durations[len(made)])
        made.append(1)

    return call, made


def test_time_call_reports_the_median_batch_and_leaves_out_the_warm_up(clock):
    # warm-up 2 ms sizes the batches (budget 0.1 s / 5 batches / 2 ms = 10 calls each);
    # per-call times of the five batches: 1, 1, 5 (a hiccup), 1.2, 0.9 ms
    batches = [1e-3, 1e-3, 5e-3, 1.2e-3, 0.9e-3]
    call, made = scripted_calls(clock, [2e-3] + [t for t in batches for _ in range(10)])
    timing = time_call(call, budget_s=0.1, batches=5)
    assert len(made) == timing.calls == 51
    assert timing.median_s == pytest.approx(1e-3, rel=1e-9)  # not the mean 1.8, not the min 0.9
    assert timing.spread_s == pytest.approx(0.2e-3, rel=1e-6)  # interquartile range: 1.2 - 1.0


def test_a_warm_up_slower_than_the_budget_is_the_estimate_and_is_not_repeated(clock):
    call, made = scripted_calls(clock, [0.3] * 10)
    timing = time_call(call, budget_s=0.1, batches=5)
    assert len(made) == timing.calls == 1
    assert timing.from_one_call and timing.spread_s == 0
    assert timing.median_s == pytest.approx(0.3, rel=1e-12)
    assert "estimated from one call" in str(timing)


def test_a_call_made_before_that_exceeded_the_budget_is_the_estimate_without_a_call(clock):
    call, made = scripted_calls(clock, [0.3] * 10)
    timing = time_call(call, budget_s=0.1, first_s=0.25)
    assert made == [] and timing.calls == 0
    assert timing.from_one_call and timing.median_s == 0.25


def test_a_first_call_within_the_budget_still_gets_steady_batches(clock):
    call, made = scripted_calls(clock, [2e-3] * 51)
    timing = time_call(call, budget_s=0.1, batches=5, first_s=0.09)
    assert len(made) == timing.calls == 51 and not timing.from_one_call
    assert timing.median_s == pytest.approx(2e-3, rel=1e-9)


class ScriptedEngine(Backend):
    """Compiling takes 5 s of fake time and each gradient call ``call_s`` (1 ms); every call
    is counted."""

    def __init__(self, clock, call_s=1e-3):
        super().__init__(name="scripted", exact=True, description="fake-clock engine")
        self.clock, self.calls, self.compiles, self.call_s = clock, 0, 0, call_s

    def compile(self, problem, **options):
        self.compiles += 1
        self.clock.advance(5.0)
        return Compiled(self.gradient)

    def gradient(self, x):
        self.calls += 1
        self.clock.advance(self.call_s)
        return 2 * x

    def code(self, problem, **options):
        return "2 * x"


@pytest.fixture
def scripted(clock):
    from gradlab.backends import _REGISTRY

    engine = ScriptedEngine(clock)
    gl.register_backend("scripted", engine)
    yield engine
    _REGISTRY.pop("scripted", None)  # other tests' default engine lists stay as they were


def test_setup_is_compile_plus_first_call_and_per_call_is_the_median(scripted):
    def f(x):
        return np.sum(x**2) + 0.125  # a function no other test compiles for this engine

    row = gl.compare(f, np.array([1.0, 2.0]), backends=["scripted"], reference="none")["scripted"]
    assert row.ok and not row.cached and scripted.compiles == 1
    assert row.setup_s == pytest.approx(5.0 + 1e-3, rel=1e-9)
    assert row.call_s == pytest.approx(1e-3, rel=1e-9)
    assert scripted.calls == 1 + row.timing.calls  # the first call is setup, not timing
    np.testing.assert_array_equal(row.gradient, [2.0, 4.0])


def test_no_timing_makes_no_timed_calls(scripted):
    def f(x):
        return np.sum(x**2) + 0.25

    row = gl.compare(f, np.array([1.0, 2.0]), backends=["scripted"], reference="none",
                     timing=False)["scripted"]
    assert row.call_s is None and scripted.calls == 1


def test_a_slow_engine_is_called_once_and_its_time_is_marked_in_every_display(scripted):
    scripted.call_s = 0.5  # more than its share of the timing budget (0.2 s, one engine)

    def f(x):
        return np.sum(x**2) + 0.375

    cmp = gl.compare(f, np.array([1.0, 2.0]), backends=["scripted"], reference="none",
                     timing_budget=0.2)
    row = cmp["scripted"]
    assert scripted.calls == 1 and row.call_from_one_call
    assert row.call_s == pytest.approx(0.5, rel=1e-9)
    assert row.setup_s == pytest.approx(5.5, rel=1e-9)
    assert row.to_dict()["call_from_one_call"] is True
    assert bool(cmp.to_frame().loc["scripted", "call_from_one_call"]) is True
    assert "500 ms *" in str(cmp) and "* per call estimated from one call" in str(cmp)
    assert "estimated from one call" in cmp._repr_html_()


def test_a_fast_engine_is_timed_in_batches_and_nothing_is_marked(scripted):
    def f(x):
        return np.sum(x**2) + 0.4375

    cmp = gl.compare(f, np.array([1.0, 2.0]), backends=["scripted"], reference="none",
                     timing_budget=0.2)
    row = cmp["scripted"]
    assert not row.call_from_one_call and row.timing.calls > 1
    assert row.to_dict()["call_from_one_call"] is False
    assert "estimated from one call" not in str(cmp) + cmp._repr_html_()
