"""The evaluator's two strategies (vectorised batches, a loop of calls on one reused buffer):
the choice from measured costs, the memory budgets, and the same numbers either way."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from gradlab.numerics import batch_plan, evaluator
from gradlab.numerics.array_evaluator import ArrayEvaluator
from gradlab.numerics.columns import AxisColumns
from gradlab.numerics.evaluator import Evaluator
from gradlab.problem import make_problem


class Clock:
    """A fake ``time`` module: f advances it by what its call is said to cost."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(evaluator, "time", fake)
    monkeypatch.setattr(batch_plan, "time", fake)
    return fake


def shape_recording():
    """sum(sin(x)**2) per column, and the list of the shapes it was called with."""
    shapes: list = []

    def f(x):
        shapes.append(np.shape(x))
        return np.sum(np.sin(x) ** 2, axis=0)

    return f, shapes


def costed(clock: Clock, call: float, per_column: float, shapes: list):
    """sum(x**2) that costs ``call`` seconds a point and ``per_column`` a batch column."""
    def f(x):
        shapes.append(np.shape(x))
        clock.now += call if np.ndim(x) == 1 else per_column * np.shape(x)[1]
        return np.sum(x**2, axis=0)
    return f


def central_points(n: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(0.5, 1.5, n)
    h = 1e-4 * np.ones(n)
    return x, np.stack([h, -h])


def widths(shapes: list) -> list[int]:
    return [shape[1] for shape in shapes if len(shape) == 2]


def test_batches_run_where_a_column_costs_less_than_a_call(clock):
    shapes: list = []
    f = costed(clock, call=1e-3, per_column=1e-5, shapes=shapes)
    x, offsets = central_points(50)
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func)
    evaluate.along_axes(x, offsets)
    assert evaluate.batch is True
    shapes.clear()
    evaluate.along_axes(x, offsets)
    assert all(len(shape) == 2 for shape in shapes) and sum(widths(shapes)) == 100


def test_a_loop_of_calls_runs_where_batches_cost_more(clock):
    shapes: list = []
    f = costed(clock, call=1e-5, per_column=1e-3, shapes=shapes)
    x, offsets = central_points(50)
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func)
    first = evaluate.along_axes(x, offsets)
    assert evaluate.batch is False
    shapes.clear()
    second = evaluate.along_axes(x, offsets)
    assert shapes == [(50,)] * 100  # no batch at all once the loop is chosen
    np.testing.assert_array_equal(first, second)  # the probes' values were not kept


def test_a_batch_quicker_than_the_threshold_is_kept_whatever_the_calls_cost(clock):
    shapes: list = []
    f = costed(clock, call=1e-7, per_column=1e-6, shapes=shapes)  # 10x dearer, but quick
    x, offsets = central_points(4)
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func)
    evaluate.along_axes(x, offsets)
    assert evaluate.batch is True


def test_no_block_exceeds_the_chunk_budget_and_batches_stay_in_the_working_set(monkeypatch):
    monkeypatch.setattr(batch_plan, "batch_is_cheaper", lambda *costs: True)
    f, shapes = shape_recording()
    x, offsets = central_points(1000)
    problem = make_problem(f, x)
    Evaluator(problem, problem.func).along_axes(x, offsets)
    largest = max(widths(shapes))
    assert largest * x.size <= evaluator.CHUNK_ELEMENTS
    # a column's block (1000 values) alone is 8 KB: a batch within 512 KiB holds 64 at most
    assert largest * x.nbytes <= batch_plan.WORKING_SET


def test_a_batch_whose_memory_grows_as_its_width_squared_stays_under_the_budget(monkeypatch):
    monkeypatch.setattr(batch_plan, "batch_is_cheaper", lambda *costs: True)
    # right values per column, but the batch flattens its input: np.outer of n k values
    def f(x):
        return np.sum(x, axis=0) + 0.0 * np.sum(np.outer(x, x))

    x, offsets = central_points(100)  # one call: 80 KB; all 200 columns at once: 3.2 GB
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func)
    tracemalloc.start()
    try:
        evaluate.along_axes(x, offsets)
        evaluate.along_axes(x, offsets)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= batch_plan.TEMP_BUDGET


def test_a_function_that_flattens_its_batch_is_found_out_with_little_memory():
    def f(x):
        return np.sum(np.outer(x, x) ** 2)  # a batch gives one number, not one per point

    x, offsets = central_points(200)
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func)
    tracemalloc.start()
    try:
        evaluate.along_axes(x, offsets)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert evaluate.batch is False
    assert peak <= batch_plan.TEMP_BUDGET // 4


def random_function(seed: int, n: int):
    """A random sum of products of elementary functions of single entries: a batch computes
    exactly the same operations per column as a call."""
    rng = np.random.default_rng(seed)
    unary = [np.sin, np.exp, np.tanh, lambda v: np.sqrt(1.0 + v * v), lambda v: v * v * v]
    terms = [(rng.integers(n, size=2), rng.integers(len(unary), size=2), rng.normal())
             for _ in range(6)]

    def f(x):
        total = 0.0
        for (i, j), (a, b), weight in terms:
            total = total + weight * unary[a](x[i]) * unary[b](x[j])
        return total
    return f


@pytest.mark.parametrize("seed", range(5))
def test_batches_and_the_loop_give_the_same_bits(seed, monkeypatch):
    n = 7
    f = random_function(seed, n)
    x = np.random.default_rng(seed).normal(size=n)
    h = 1e-3 * np.arange(1, n + 1)
    offsets = np.stack([h, -h, 2 * h])
    problem = make_problem(f, x)
    monkeypatch.setattr(batch_plan, "batch_is_cheaper", lambda *costs: True)
    batched = Evaluator(problem, problem.func)
    by_batches = batched.along_axes(x, offsets)
    assert batched.batch is True
    looped = Evaluator(problem, problem.func, batch=False)
    np.testing.assert_array_equal(by_batches, looped.along_axes(x, offsets))
    # and each value is f at its own fresh copy of the point: the reused buffer leaves nothing
    for j in range(offsets.shape[0]):
        for i in range(n):
            point = x.copy()
            point[i] = x[i] + offsets[j, i]
            assert by_batches[j, i] == f(point)


def test_the_reused_buffer_is_restored_between_calls():
    seen = []

    def f(x):
        seen.append(x.copy())
        return float(np.sum(x))

    x = np.array([1.0, 2.0, 3.0])
    problem = make_problem(f, x)
    Evaluator(problem, problem.func, batch=False).where_given(
        x, np.array([[0.5, np.nan, 0.25], [np.nan, 4.0, np.nan]]))
    moved = [point - x for point in seen]
    want = [[0.5, 0, 0], [0, 0, 0.25], [0, 4.0, 0]]  # one entry moved per call, the rest x
    np.testing.assert_array_equal(moved, want)


def test_a_function_writing_into_its_input_gets_copies():
    def f(x):
        x[0] = 2.0 * x[0]  # changes its argument: must not change the next point
        return float(np.sum(x))

    x = np.array([1.0, 2.0, 3.0])
    h = np.array([0.5, 0.25, 0.125])
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func, batch=False)
    found = evaluate.along_axes(x, np.stack([h]))
    want = [f(x + h[i] * np.eye(3)[i]) for i in range(3)]
    np.testing.assert_array_equal(found[0], want)
    assert evaluate.copies


def test_the_first_request_and_later_ones_give_the_same_numbers():
    # np.sum of a batch adds along axis 0, a call pairwise: they may differ in the last bits;
    # whichever strategy is chosen gives every value of the first request too
    def f(x):
        return np.sum(np.cos(x) * x, axis=0)

    x, offsets = central_points(300)
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func)
    np.testing.assert_array_equal(evaluate.along_axes(x, offsets),
                                  evaluate.along_axes(x, offsets))


def test_array_outputs_run_through_the_same_strategies():
    def f(x):
        return np.stack([np.sin(x[0]) * x[1], x[2] ** 3])

    x = np.array([0.3, 1.1, -0.7])
    offsets = np.stack([1e-3 * np.ones(3), -1e-3 * np.ones(3)])
    problem = make_problem(f, x)
    batched = ArrayEvaluator(problem, problem.func)
    looped = ArrayEvaluator(problem, problem.func, batch=False)
    np.testing.assert_array_equal(batched.along(x, offsets), looped.along(x, offsets))
    for j in range(2):
        for i in range(3):
            point = x.copy()
            point[i] += offsets[j, i]
            np.testing.assert_array_equal(looped.along(x, offsets)[j, i], f(point))


def test_many_points_of_a_function_whose_batch_memory_is_quadratic_stay_under_the_budget(
        monkeypatch):
    monkeypatch.setattr(batch_plan, "batch_is_cheaper", lambda *costs: True)  # batches grow
    # 6000 points of 2 variables in one request: one batch of them all would take 1.2 GB
    def f(x):
        return x[0] * x[1] + 0.0 * np.sum(np.outer(x, x))

    points = np.random.default_rng(3).normal(size=(2, 6000))
    problem = make_problem(f, points[:, 0])
    evaluate = Evaluator(problem, problem.func)
    tracemalloc.start()
    try:
        values = evaluate(points)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= batch_plan.TEMP_BUDGET
    np.testing.assert_array_equal(values, points[0] * points[1])


def test_points_too_large_for_a_useful_batch_in_the_working_set_are_calls(monkeypatch):
    monkeypatch.setattr(batch_plan, "batch_is_cheaper", lambda *costs: True)
    f, shapes = shape_recording()
    x, offsets = central_points(5000)  # 40 KB a column and 80 KB of temporaries: 4 in 512 KiB
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func)
    evaluate.run(AxisColumns(x, np.arange(16), 1e-4 * np.ones(16)))
    assert evaluate.batch is False and all(len(shape) == 1 for shape in shapes)


def test_a_function_returning_its_input_gives_each_point_its_own_values():
    def f(x):
        return x  # the reused buffer itself: each value must be copied out before it moves

    x = np.array([1.0, 2.0, 3.0])
    h = np.array([0.5, 0.25, 0.125])
    problem = make_problem(f, x)
    evaluate = ArrayEvaluator(problem, problem.func, batch=False)
    found = evaluate.along(x, np.stack([h, -h]))
    for j, sign in enumerate((1.0, -1.0)):
        np.testing.assert_array_equal(found[j], x + sign * np.diag(h))


@pytest.mark.parametrize("same", ["equal", "identical"])
def test_a_function_remembering_its_last_input_never_sees_it_move(same):
    """A memo of the last x (``self.x = x``, compared by value or by identity) would match
    the reused buffer on every later call and return a stale value: f keeps its input."""
    memo = {}

    def f(x):
        hit = "x" in memo and (np.array_equal(x, memo["x"]) if same == "equal"
                               else x is memo["x"])
        if not hit:
            memo["x"], memo["value"] = x, float(np.sum(x**3))
        return memo["value"]

    x = np.array([1.0, 2.0, 3.0])
    h = np.array([0.5, 0.25, 0.125])
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func, batch=False)
    found = evaluate.along_axes(x, np.stack([h, -h]))
    want = [[np.sum((x + s * h[i] * np.eye(3)[i]) ** 3) for i in range(3)] for s in (1, -1)]
    np.testing.assert_array_equal(found, want)
