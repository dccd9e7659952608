"""Every engine's snippet for the jacobian, hessian, hvp, jvp and vjp runs as shown (in a fresh
interpreter) and prints hand-derived values; an engine without a snippet for an operator gives
None (never its gradient snippet), and a comparison's row carries the snippet of its own
operator and direction."""

import ast
import json
import os
import re
import subprocess
import sys

import numpy as np
import operator_snippet_functions as funcs
import pytest
from optional_engines import require
from test_snippets import RUNNER

import gradlab as gl
from gradlab import backends
from gradlab.errors import InputError
from gradlab.problem import make_problem


def wave_hessian(x, y):
    e, s, c = np.exp(x * y), np.sin(x), np.cos(x)
    mixed = e * (x * c + s * (1 + x * y))
    return np.array([[e * (-s + 2 * y * c + y * y * s), mixed], [mixed, x * x * s * e]])


def rosenbrock_hessian(x):
    h = np.zeros((x.size, x.size))
    for i in range(x.size - 1):
        h[i, i] += 1200 * x[i] ** 2 - 400 * x[i + 1] + 2
        h[i + 1, i + 1] += 200
        h[i, i + 1] = h[i + 1, i] = -400 * x[i]
    return h


def energy_hessian(a0, a1, b):
    return np.array([[2 * b, 0, 2 * a0], [0, 2 * b, 2 * a1], [2 * a0, 2 * a1, 6 * b]])


def outer_jacobian(x):
    rows = [[(i == k) * np.sin(x[j]) + (j == k) * x[i] * np.cos(x[j]) for k in range(x.size)]
            for i in range(x.size) for j in range(x.size)]
    return np.array(rows)


ROSENBROCK_AT = np.array([1.2, 0.8, 1.5])
OUTER_AT = np.array([0.4, -1.3])
SCALAR = {  # case -> (f, point, hand-derived Hessian)
    "expression": ("sin(x)*exp(x*y)", {"x": 0.5, "y": 2.0}, wave_hessian(0.5, 2.0)),
    "scalars": (funcs.wave, {"x": 0.5, "y": 2.0}, wave_hessian(0.5, 2.0)),
    "array": (funcs.rosenbrock, ROSENBROCK_AT, rosenbrock_hessian(ROSENBROCK_AT)),
    "flat": (funcs.energy, {"a": np.array([0.7, -1.1]), "b": 1.3},
             energy_hessian(0.7, -1.1, 1.3)),
}
ARRAY = {  # case -> (f, point, hand-derived Jacobian of the flat outputs)
    "scalars": (funcs.polar, {"r": 1.5, "t": 0.7},
                np.array([[np.cos(0.7), -1.5 * np.sin(0.7)], [np.sin(0.7), 1.5 * np.cos(0.7)]])),
    "array": (funcs.residuals, np.array([0.6, -0.9, 1.4]),
              np.array([[-12.0, 10, 0], [-1, 0, 0], [1.4, 0, 0.6]])),
    "matrix": (funcs.outer, OUTER_AT, outer_jacobian(OUTER_AT)),
    "flat": (funcs.shifted, {"a": np.array([0.7, -1.1]), "b": 1.3},
             np.array([[1.3, 0, 0.7], [0, -2.2, 1]])),
    "scalar f": (funcs.wave, {"x": 0.5, "y": 2.0},  # m = 1: the gradient as one row
                 np.exp(1.0) * np.array([[np.cos(0.5) + 2 * np.sin(0.5), 0.5 * np.sin(0.5)]])),
    "expression": ("sin(x)*exp(x*y)", {"x": 0.5, "y": 2.0},
                   np.exp(1.0) * np.array([[np.cos(0.5) + 2 * np.sin(0.5), 0.5 * np.sin(0.5)]])),
}

EXACT = 1e-12
# engine spec -> {operator: relative tolerance (of the largest entry)}; missing: None expected
ENGINES = {
    "jax": dict.fromkeys(("jacobian", "hessian", "hvp", "jvp", "vjp"), EXACT),
    "sympy": dict.fromkeys(("jacobian", "hessian", "hvp", "jvp", "vjp"), EXACT),
    "pytensor": dict.fromkeys(("jacobian", "hessian", "hvp", "jvp", "vjp"), EXACT),
    "dual": {"jacobian": EXACT, "jvp": EXACT},
    "finite-diff:central": {"jacobian": 1e-8, "jvp": 1e-8, "hessian": 1e-6, "hvp": 1e-6},
    "finite-diff:forward": {"jacobian": 1e-6, "jvp": 1e-6},
    "finite-diff:complex-step": {"jacobian": 1e-13, "jvp": 1e-13},
    "finite-diff:richardson": {"jacobian": 1e-11, "jvp": 1e-11, "hessian": 1e-8,
                               "hvp": 1e-8},
    "finite-diff:scipy": {},
    "numpy": {"jacobian": 1e-8, "hessian": 1e-6},
}
OPERATORS = ("jacobian", "hessian", "hvp", "jvp", "vjp")
# PyTensor's graphs run without C compilation here: the same numbers, without waiting on the
# compile cache's lock that other test processes hold
PYTHON_ONLY = {**os.environ, "PYTENSOR_FLAGS": "cxx="}


def problem_for(operator, case):
    table, outputs = (SCALAR, "scalar") if operator in ("hessian", "hvp") else (ARRAY, "array")
    func, at, _ = table[case]
    return make_problem(func, at, outputs=outputs)


def direction_for(operator, problem):
    """A fixed direction with entries of both signs (u: one weight per output for vjp)."""
    size = problem.m if operator == "vjp" else problem.n
    return None if operator in ("jacobian", "hessian") else np.linspace(-1.0, 1.5, size)


def truth(operator, case, direction):
    matrix = (SCALAR if operator in ("hessian", "hvp") else ARRAY)[case][2]
    if operator in ("jacobian", "hessian"):
        return matrix
    return direction @ matrix if operator == "vjp" else matrix @ direction


def snippet(spec, operator, case):
    backend, variant = backends.resolve(spec)
    problem = problem_for(operator, case)
    return backend.code(problem, operator=operator,
                        direction=direction_for(operator, problem), **variant)


def jobs():
    for operator in OPERATORS:
        cases = SCALAR if operator in ("hessian", "hvp") else ARRAY
        for case in cases:
            for spec in ENGINES:
                yield operator, case, spec


def needs_sympy_functions(code):
    return "write sp.<name> instead" in code


@pytest.fixture(scope="module")
def outputs():
    """Run every snippet there is in one fresh interpreter, each in its own namespace."""
    codes = {job: snippet(job[2], job[0], job[1]) for job in jobs()}
    runnable = [job for job, code in codes.items()
                if code is not None and not needs_sympy_functions(code)]
    done = subprocess.run([sys.executable, "-c", RUNNER],
                          input=json.dumps([codes[job] for job in runnable]),
                          capture_output=True, text=True, timeout=600, check=True,
                          env=PYTHON_ONLY)
    results = dict(zip(runnable, json.loads(done.stdout)))
    return {job: (code, results.get(job)) for job, code in codes.items()}


def printed_value(text):
    """The last printed line, a list (or a list of lists) of floats."""
    return np.array(ast.literal_eval(text.strip().splitlines()[-1]), dtype=np.float64)


def printed_array(text):
    """The numbers of a printed numpy array (numpy prints 8 significant digits)."""
    numbers = re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", text.strip().splitlines()[-1])
    return np.array([float(v) for v in numbers])


@pytest.mark.parametrize(("operator", "case", "spec"), list(jobs()))
def test_snippet_prints_the_operator(outputs, operator, case, spec):
    code, result = outputs[(operator, case, spec)]
    tolerance = ENGINES[spec].get(operator)
    if tolerance is None:
        assert code is None, f"{spec} gave a snippet for the {operator}:\n{code}"
        return
    assert code is not None, f"{spec} gave no snippet for the {operator}"
    if result is None:  # numpy functions on SymPy symbols: the snippet says what to change
        assert spec == "sympy" and needs_sympy_functions(code), code
        return
    assert result["ok"], f"{spec} {operator} snippet failed: {result.get('error')}\n{code}"
    problem = problem_for(operator, case)
    want = truth(operator, case, direction_for(operator, problem))
    got = printed_value(result["out"])
    assert got.shape == want.shape, (got.shape, want.shape, code)
    if tolerance == EXACT:
        np.testing.assert_allclose(got, want, rtol=EXACT, atol=0, err_msg=code)
    else:  # numerical: within its error, relative to the largest entry (entries can be 0)
        np.testing.assert_allclose(got, want, rtol=0, atol=tolerance * np.max(np.abs(want)),
                                   err_msg=code)


def test_a_hessian_row_never_gets_a_gradient_snippet():
    problem = problem_for("hessian", "array")
    gradient_code = backends.get("dual").code(problem)
    assert backends.get("dual").code(problem, operator="hessian") is None
    for spec in ("finite-diff:forward", "finite-diff:complex-step", "finite-diff:scipy"):
        backend, variant = backends.resolve(spec)
        assert backend.code(problem, operator="hessian", **variant) is None, spec
    assert "print(fx.d)" in gradient_code  # what a swallowed operator would have given
    jax_code = backends.get("jax").code(problem, operator="hessian")
    assert "jax.hessian(F)" in jax_code and "jax.grad" not in jax_code


def test_a_directed_snippet_needs_its_direction():
    problem = problem_for("jvp", "array")
    for spec in ("jax", "sympy", "pytensor", "dual", "finite-diff:central"):
        backend, variant = backends.resolve(spec)
        with pytest.raises(InputError, match="direction"):
            backend.code(problem, operator="jvp", **variant)
        with pytest.raises(InputError, match="4 values, not 3"):
            backend.code(problem, operator="jvp", direction=np.ones(4), **variant)


def test_a_zero_direction_gets_no_difference_snippet():
    problem = problem_for("hvp", "array")
    backend, variant = backends.resolve("finite-diff:central")
    assert backend.code(problem, operator="hvp", direction=np.zeros(3), **variant) is None


def test_float32_rows_get_no_float64_snippet():
    problem = problem_for("hessian", "scalars")
    for name in ("jax", "pytensor"):
        assert backends.get(name).code(problem, operator="hessian", dtype="float32") is None
        assert backends.get(name).code(problem, dtype="float32") is None


def test_comparison_rows_carry_their_operator_and_direction():
    """The row's snippet prints the row's own jvp, with the comparison's default direction."""
    require("autograd", "numdifftools")
    snippets = ["jax", "finite-diff:central", "dual", "autograd", "numdifftools"]
    cmp = gl.compare(funcs.residuals, np.array([0.6, -0.9, 1.4]), derivative="jvp",
                     backends=[*snippets, "numpy"], timing=False)
    rows = {row.backend: row for row in cmp.results}
    assert rows["numpy"].code is None  # numpy's jvp is derived by gradlab: no snippet
    for spec in snippets:
        code = rows[spec].code
        assert code is not None, rows[spec].notes
        printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 timeout=120, check=True).stdout
        value = np.asarray(rows[spec].value, dtype=np.float64).reshape(-1)
        full = ".tolist())" in code  # the library engines' snippets print the numpy array
        got = printed_value(printed) if full else printed_array(printed)
        np.testing.assert_allclose(got, value, rtol=1e-8 if full else 1e-7, atol=0, err_msg=code)
