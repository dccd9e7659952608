"""The pytensor engine's compile-mode choice, its refusal of graphs too big or too deep, and its
call fast path: choice logic with fake costs, graph sizes counted by hand, derivatives against
hand-derived values."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from optional_engines import require

import gradlab as gl
from gradlab.errors import BackendError

require("pytensor")

from gradlab.backends.pytensor_modes import (  # noqa: E402
    CVM,
    LIGHT,
    Costs,
    GraphSize,
    choose_mode,
    graph_size,
    refusal,
)


def element_loop(x):
    s = 0.0
    for i in range(len(x) - 1):
        s += (x[i + 1] - x[i] ** 2) ** 2
    return s


def element_loop_gradient(x):
    """d/dx_i of sum_i (x_{i+1} - x_i^2)^2, by hand."""
    r = x[1:] - x[:-1] ** 2
    g = np.zeros_like(x)
    g[:-1] += -4.0 * x[:-1] * r
    g[1:] += 2.0 * r
    return g


def compiled(f, x0, **options):
    from gradlab.backends.pytensor_graph import PytensorGraph
    from gradlab.problem import make_problem

    problem = make_problem(f, np.asarray(x0, dtype=float))
    problem.evaluate()
    return PytensorGraph().compile(problem, **options)


# --- the choice, with fake costs ----------------------------------------------------------------

def test_cvm_while_its_estimated_setup_fits_the_budget_then_light():
    costs = Costs(cvm_setup_fixed_s=1.0, cvm_setup_per_node_s=0.5, setup_budget_s=6.0)
    assert choose_mode(10, costs) == CVM  # 1 + 5 = 6 s: fits
    assert choose_mode(11, costs) == LIGHT  # 6.5 s
    assert choose_mode(0, Costs(cvm_setup_fixed_s=7.0, setup_budget_s=6.0)) == LIGHT


def test_refusal_by_estimated_time_names_the_estimate_and_the_fix():
    costs = Costs(grad_per_node_s=0.01, setup_limit_s=10.0)
    assert refusal(GraphSize(nodes=1000, depth=5), "f()", costs, frames_free=10_000) is None
    refused = refusal(GraphSize(nodes=1001, depth=5), "f()", costs, frames_free=10_000)
    assert isinstance(refused, BackendError)
    assert "1001 operations" in str(refused) and "about 10 s" in str(refused)
    assert "array operations" in str(refused) and "jax" in str(refused)


def test_refusal_by_depth_against_the_frames_left():
    costs = Costs(frames_per_level=3, frames_spare=100, grad_per_node_s=0.0)
    # (1000 - 100) // 3 = 300 levels fit
    assert refusal(GraphSize(nodes=10, depth=300), "f()", costs, frames_free=1000) is None
    refused = refusal(GraphSize(nodes=10, depth=301), "f()", costs, frames_free=1000)
    assert isinstance(refused, BackendError) and "301 operations is deeper" in str(refused)


# --- graph sizes counted by hand ---------------------------------------------------------------

def test_graph_size_counts_operations_and_the_longest_chain():
    import pytensor.tensor as pt

    x = pt.vector("x")
    y = pt.sin(x) * x  # sin, mul
    z = y + pt.exp(pt.cos(x))  # cos, exp, add: the chain cos-exp-add is 3 long
    assert graph_size([z], [x]) == GraphSize(nodes=5, depth=3)
    chain = x
    for _ in range(7):
        chain = chain * x
    assert graph_size([chain], [x]) == GraphSize(nodes=7, depth=7)


# --- derivatives through the modes, against hand-derived values ---------------------------------

def test_a_python_loop_over_elements_compiles_light_and_is_exact():
    x0 = np.linspace(-1.3, 1.7, 40)
    engine = compiled(element_loop, x0)
    assert engine.notes == (f"mode={LIGHT}",)
    np.testing.assert_allclose(engine.gradient(x0), element_loop_gradient(x0), rtol=1e-14,
                               atol=0)


def test_a_vectorised_gradient_compiles_with_cvm():
    engine = compiled(lambda x: np.sum((x[1:] - x[:-1] ** 2) ** 2), np.linspace(0, 1, 5))
    assert engine.notes == (f"mode={CVM}",)


def test_a_mode_given_is_used_as_given():
    x0 = np.linspace(-1.0, 1.0, 4)
    engine = compiled(element_loop, x0, mode="FAST_COMPILE")
    assert engine.notes == ("mode=FAST_COMPILE",)
    np.testing.assert_allclose(engine.gradient(x0), element_loop_gradient(x0), rtol=1e-15,
                               atol=0)


def test_light_hessian_of_rosenbrock_by_hand():
    def rosen(x):
        return np.sum(np.array([10.0 * (x[1] - x[0] ** 2), 1.0 - x[0]]) ** 2)

    # [[1200 x0^2 - 400 x1 + 2, -400 x0], [-400 x0, 200]] at (-1.2, 1)
    got = gl.hessian(rosen, np.array([-1.2, 1.0]), backend="pytensor", mode=LIGHT)
    np.testing.assert_allclose(got, [[1330.0, 480.0], [480.0, 200.0]], rtol=1e-15, atol=0)


# --- the call's fast path -----------------------------------------------------------------------

def test_fast_path_answers_like_the_general_path():
    g = gl.grad(lambda x: x[0] * x[1] * x[2], "pytensor")
    point = np.array([2.0, 3.0, 5.0])
    for at in (point, point.astype(np.float32), [2.0, 3.0, 5.0], point[::-1][::-1]):
        got = g(at)
        assert type(got) is np.ndarray and got.dtype == np.float64
        np.testing.assert_array_equal(got, [15.0, 10.0, 6.0])


def test_results_are_not_overwritten_by_later_calls():
    g = gl.grad(lambda x: np.sum(x), "pytensor")  # a constant gradient
    first = g(np.array([1.0, 2.0]))
    first[0] = 99.0
    np.testing.assert_array_equal(g(np.array([1.0, 2.0])), [1.0, 1.0])
    h = gl.grad(lambda x: np.sum(x ** 2), "pytensor")
    a = h(np.array([1.0, 2.0]))
    h(np.array([3.0, 4.0]))
    np.testing.assert_array_equal(a, [2.0, 4.0])


@pytest.mark.parametrize("mode", [CVM, LIGHT])
def test_the_engines_derivative_converts_what_is_not_a_float64_vector(mode):
    derivative = compiled(lambda x: np.sum(x ** 2), [1.0, 2.0], mode=mode).gradient
    for point in (np.array([3.0, 5.0], dtype=np.float32), np.array([3, 5]), [3.0, 5.0],
                  np.array([[3.0, 5.0]])):
        got = derivative(point)
        assert got.dtype == np.float64
        np.testing.assert_array_equal(got, [6.0, 10.0])
    with pytest.raises(ValueError, match="shapes"):
        derivative(np.array([1.0, 2.0, 3.0]))


# --- a loop over 1000 elements: a clear refusal, quickly, nothing changed -----------------------

LOOP_AT_1000 = textwrap.dedent("""
    import sys, time
    import numpy as np
    import pytensor  # its import sets the recursion limit it wants
    import gradlab as gl
    from gradlab.errors import BackendError

    def loop(x):
        s = 0.0
        for i in range(len(x) - 1):
            s += (x[i + 1] - x[i] ** 2) ** 2
        return s

    before = sys.getrecursionlimit()
    start = time.perf_counter()
    try:
        gl.grad(loop, "pytensor")(np.linspace(0.5, 1.5, 1000))
        print("ANSWERED")
    except BackendError as err:
        print("REFUSED", err)
    print("SECONDS", time.perf_counter() - start)
    print("LIMIT", before, sys.getrecursionlimit())
""")


def test_loop_over_1000_elements_is_refused_quickly_without_recursion_error():
    env = {**os.environ, "PYTENSOR_FLAGS": "cxx=", "PYTHONPATH": os.getcwd()}
    done = subprocess.run([sys.executable, "-c", LOOP_AT_1000], capture_output=True, text=True,
                          timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert "RecursionError" not in done.stdout + done.stderr
    assert lines["REFUSED"].startswith("pytensor: the graph of loop() has")
    assert "array operations" in lines["REFUSED"]
    assert float(lines["SECONDS"]) < 20.0
    before, after = lines["LIMIT"].split()
    assert before == after
