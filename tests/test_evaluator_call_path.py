"""The loop of plain calls: f's arguments bound once to a reused buffer (``call_path``), and
every check a call had still made at every call (a value that turns complex, non-finite, of
the wrong shape or of less precision on the 50th call; f writing into or keeping its input
then)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradlab.errors import BackendError, InputError
from gradlab.numerics.array_evaluator import ArrayEvaluator
from gradlab.numerics.call_path import BoundCall
from gradlab.numerics.evaluator import Evaluator, complex_evaluator
from gradlab.problem import make_problem

TURN = 50  # the call at which f changes its ways


def steps(n: int) -> np.ndarray:
    """Offsets for 10 points per variable (the Richardson table's count): 10 n > TURN."""
    return np.outer(np.array([1.0, -1.0, 0.5, -0.5, 0.25, -0.25, 0.125, -0.125, 2.0, -2.0]),
                    0.01 * (1.0 + np.arange(n)))


def expected(f, x: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """f at every moved point by a direct call on a fresh copy."""
    k, n = offsets.shape
    return np.array([[f(x + offsets[j, i] * np.eye(n)[i]) for i in range(n)] for j in range(k)])


def counted(turned, plain):
    """f that computes ``plain`` until its TURN-th call, ``turned`` from then on."""
    calls = [0]

    def f(x):
        calls[0] += 1
        return (turned if calls[0] >= TURN else plain)(x)

    return f


def loop_evaluator(f, x, kind=Evaluator) -> Evaluator:
    problem = make_problem(f, x)
    return kind(problem, problem.func, batch=False)


X = np.linspace(0.5, 1.5, 6)


def cubes(x):
    return float(np.sum(x**3))


def test_the_loop_gives_the_values_of_direct_calls_bit_for_bit():
    evaluate = loop_evaluator(cubes, X)
    np.testing.assert_array_equal(evaluate.along_axes(X, steps(6)), expected(cubes, X, steps(6)))
    assert not evaluate.copies


def test_a_value_that_turns_complex_on_the_50th_call_is_refused():
    f = counted(lambda x: complex(np.sum(x), 1.0), cubes)
    with pytest.raises(InputError, match="complex"):
        loop_evaluator(f, X).along_axes(X, steps(6))


def test_a_numpy_complex_value_on_the_50th_call_is_refused_too():
    f = counted(lambda x: np.complex128(np.sum(x)), cubes)
    with pytest.raises(InputError, match="complex"):
        loop_evaluator(f, X).along_axes(X, steps(6))


def test_a_value_that_turns_to_an_array_on_the_50th_call_is_refused():
    f = counted(lambda x: x[:2] ** 2, cubes)
    with pytest.raises(InputError, match="shape"):
        loop_evaluator(f, X).along_axes(X, steps(6))


def test_a_value_that_turns_to_a_string_on_the_50th_call_is_refused():
    f = counted(lambda x: "nan", cubes)
    with pytest.raises(InputError, match="string"):
        loop_evaluator(f, X).along_axes(X, steps(6))


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_a_value_that_turns_non_finite_on_the_50th_call_is_kept_at_its_point(bad):
    f = counted(lambda x: bad, cubes)
    values = loop_evaluator(f, X).along_axes(X, steps(6)).ravel()
    np.testing.assert_array_equal(np.isfinite(values), np.arange(values.size) < TURN - 1)
    assert np.all(values[TURN - 1:] == bad) or np.all(np.isnan(values[TURN - 1:]))


def test_a_value_that_turns_float32_on_the_50th_call_lowers_the_precision():
    f = counted(lambda x: np.float32(np.sum(x**3)), cubes)
    evaluate = loop_evaluator(f, X)
    evaluate.along_axes(X, steps(6))
    assert evaluate.eps == float(np.finfo(np.float32).eps)


def test_a_function_that_writes_into_its_input_from_the_50th_call_gets_copies():
    def writes(x):
        x[0] = 100.0  # on a copy: the point the loop moves must stay untouched
        return cubes(x)

    f = counted(writes, cubes)
    evaluate = loop_evaluator(f, X)
    found = evaluate.along_axes(X, steps(6)).ravel()
    want = expected(counted(writes, cubes), X, steps(6)).ravel()
    np.testing.assert_array_equal(found, want)
    assert evaluate.copies


@pytest.mark.parametrize("keep", [lambda x: x, lambda x: x[1:], lambda x: x.reshape(2, 3)])
def test_a_function_that_keeps_its_input_from_the_50th_call_never_sees_it_move(keep):
    """From the 50th call f remembers its input (or a view cut from it) and answers from the
    memo when it is called at an equal point: a moved buffer would match the memo."""
    memo = {}

    def remembering(x):
        if "x" in memo and np.array_equal(keep(x), memo["x"]):
            return memo["value"]
        memo["x"], memo["value"] = keep(x), cubes(x)
        return memo["value"]

    f = counted(remembering, cubes)
    evaluate = loop_evaluator(f, X)
    found = evaluate.along_axes(X, steps(6))
    np.testing.assert_array_equal(found, expected(cubes, X, steps(6)))
    assert evaluate.copies


def test_a_function_of_several_arrays_that_keeps_one_is_found_out():
    memo = {}

    def f(a, b):
        if "b" in memo and np.array_equal(b, memo["b"]) and np.array_equal(a, memo["a"]):
            return memo["value"]
        memo["a"], memo["b"], memo["value"] = a.copy(), b, float(a @ a + np.sum(b**3))
        return memo["value"]

    a, b = np.array([1.0, 2.0]), np.array([0.5, 1.5, 2.5])
    problem = make_problem(f, {"a": a, "b": b})
    evaluate = Evaluator(problem, problem.func, batch=False)
    x = problem.x0
    found = evaluate.along_axes(x, steps(5))
    want = expected(lambda v: float(v[:2] @ v[:2] + np.sum(v[2:] ** 3)), x, steps(5))
    np.testing.assert_array_equal(found, want)
    assert evaluate.copies


def test_a_plain_function_keeps_the_fast_path_and_its_buffer_from_run_to_run():
    evaluate = loop_evaluator(cubes, X)
    evaluate.along_axes(X, steps(6))
    buffer = evaluate._idle[0].buffer
    moved = X + 0.25
    np.testing.assert_array_equal(evaluate.along_axes(moved, steps(6)),
                                  expected(cubes, moved, steps(6)))
    assert evaluate._idle[0].buffer is buffer and not evaluate.copies


def test_a_function_that_raises_raises_its_own_error():
    def f(x):
        raise ZeroDivisionError("the user's own")

    with pytest.raises(ZeroDivisionError, match="the user's own"):
        loop_evaluator(f, X).along_axes(X, steps(6))


def test_every_parameter_layout_gets_what_problem_call_gives():
    """Scalars (numpy float64), arrays reshaped, keyword-only ones and fixed values."""
    seen = []

    def f(a, m, b, *, k, c=None):
        seen.append((type(a), type(b), m.shape, m.flags.writeable, type(k)))
        return float(a * np.sum(m**2) - b**3 + k * np.sum(c))

    point = {"a": 1.5, "m": np.arange(4.0).reshape(2, 2), "b": -0.5, "k": 2.0,
             "c": np.array([1.0, 2.0])}
    problem = make_problem(f, point, wrt=["a", "m", "b", "k"])
    evaluate = Evaluator(problem, problem.func, batch=False)
    x = problem.x0
    want = expected(lambda v: problem.call(f, v), x, steps(x.size))
    seen.clear()
    np.testing.assert_array_equal(evaluate.along_axes(x, steps(x.size)), want)
    assert set(seen) == {(np.float64, np.float64, (2, 2), False, np.float64)}


@pytest.mark.parametrize("point", [(1.0,), (1.0, 2.0, 3.0)])
def test_scalar_parameters_alone_never_share_the_buffer(point):
    problem = make_problem(lambda *v: float(sum(v)), point)
    bound = BoundCall(problem, problem.func, problem.x0.copy())
    assert not bound.shares and bound.call() == sum(point)
    assert not bound.keeping()()


def test_the_complex_loop_checks_its_values_too():
    f = counted(lambda x: np.sum(x**2)[None, None] * np.ones((1, 2)), lambda x: np.sum(x**3))
    problem = make_problem(f, X)
    cs = complex_evaluator(problem, False, "finite-diff:complex-step")
    with pytest.raises(BackendError, match="shape"):
        cs.along_axes(X.astype(complex), np.full((10, 6), 1e-20j))


def test_array_outputs_are_checked_at_every_call_of_the_loop():
    f = counted(lambda x: x[:2] * 2.0, lambda x: x[:3] * 2.0)
    evaluate = loop_evaluator(f, X, ArrayEvaluator)
    with pytest.raises(BackendError, match="shape"):
        evaluate.along(X, steps(6))


def test_f_of_one_array_gets_one_read_only_view_that_follows_the_buffer():
    problem = make_problem(cubes, X)
    buffer = problem.x0.copy()
    bound = BoundCall(problem, problem.func, buffer)
    assert bound.vector is not None and not bound.vector.flags.writeable
    buffer[0] = 3.0
    assert bound.call() == cubes(buffer)
