"""Every engine's snippet runs as shown (in a fresh interpreter) and prints gl.gradient's values."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest
import snippet_functions as funcs
from smooth_functions import rosenbrock_grad, trig_exp_grad

import gradlab as gl
from gradlab import backends
from gradlab.problem import make_problem

CASES = {
    "seed": ("q*chi*delta", {"q": 1, "chi": 2, "delta": 3}),
    "expression": ("sin(x)*exp(x*y)", {"x": 0.5, "y": 2}),
    "user function": (funcs.wave, {"x": 0.5, "y": 2}),
    "vector function": (funcs.rosenbrock, np.array([1.2, 0.8, 1.5])),
}
TRUTH = {  # hand-derived gradients (tests/smooth_functions.py)
    "seed": [6.0, 3.0, 2.0],
    "expression": trig_exp_grad(0.5, 2.0),
    "user function": trig_exp_grad(0.5, 2.0),
    "vector function": rosenbrock_grad([1.2, 0.8, 1.5]),
}
# engine spec -> relative tolerance (printing keeps 8 significant digits)
ENGINES = {
    "dual": 1e-7, "jax": 1e-7, "pytensor": 1e-7, "sympy": 1e-9, "numpy": 1e-6,
    "finite-diff:central": 1e-6, "finite-diff:forward": 1e-5, "finite-diff:complex-step": 1e-7,
    "finite-diff:richardson": 1e-7, "finite-diff:scipy": 1e-5,
}

RUNNER = r"""
import contextlib, io, json, sys
results = []
for code in json.load(sys.stdin):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<snippet>", "exec"), {"__name__": "__main__"})
        results.append({"ok": True, "out": out.getvalue()})
    except Exception as err:
        results.append({"ok": False, "out": out.getvalue(), "error": repr(err)})
json.dump(results, sys.stdout)
"""


def snippet(spec, problem):
    backend, variant = backends.resolve(spec)
    return backend.code(problem, **variant)


@pytest.fixture(scope="module")
def outputs():
    """Run every (case, engine) snippet in one fresh interpreter, each in its own namespace."""
    jobs = [(case, spec) for case in CASES for spec in ENGINES]
    codes = [snippet(spec, make_problem(*CASES[case])) for case, spec in jobs]
    done = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(codes),
                          capture_output=True, text=True, timeout=300, check=True)
    return {job: (code, result) for job, code, result in
            zip(jobs, codes, json.loads(done.stdout))}


def printed_gradient(text):
    """The numbers of the last printed line that starts a list or an array."""
    lines = text.splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("["))
    return np.array([float(v) for v in
                     re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", " ".join(lines[start:]))])


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("spec", ENGINES)
def test_snippet_prints_the_gradient(outputs, case, spec):
    code, result = outputs[(case, spec)]
    assert result["ok"], f"{spec} snippet failed: {result.get('error')}\n{code}"
    np.testing.assert_allclose(printed_gradient(result["out"]), TRUTH[case], rtol=ENGINES[spec],
                               atol=0, err_msg=code)


def test_expression_uses_each_library_names():
    problem = make_problem("atan2(y, x) + sin(x)*pi", {"x": 0.5, "y": 2})
    assert "jnp.arctan2(y, x)" in snippet("jax", problem)
    assert "sp.atan2(y, x)" in snippet("sympy", problem) and "sp.pi" in snippet("sympy", problem)
    assert "pt.arctan2(y, x)" in snippet("pytensor", problem)
    assert "np.arctan2(y, x)" in snippet("finite-diff:central", problem)


def test_user_source_and_engine_numpy_alias():
    problem = make_problem(funcs.wave, {"x": 0.5, "y": 2})
    jax_code = snippet("jax", problem)
    assert "def wave(x, y):" in jax_code and "import jax.numpy as np" in jax_code
    assert "jax_enable_x64" in jax_code and "jax.jit(jax.grad(wave" in jax_code
    assert "mode=\"FAST_COMPILE\"" in backends.get("pytensor").code(problem, mode="FAST_COMPILE")
    assert "approx_fprime" in snippet("finite-diff:scipy", problem)
    assert "np.gradient(" in snippet("numpy", problem)


def test_missing_source_is_said():
    namespace = {"np": np}
    exec("def made(x):\n    return np.sin(x)\n", namespace)  # noqa: S102 (code without a file)
    code = snippet("jax", make_problem(namespace["made"], [0.5]))
    assert "source of made is not available" in code and "grad(made" in code


def test_wrt_keeps_the_fixed_values():
    problem = make_problem("x*y**2", {"x": 3, "y": 2}, wrt=["y"])
    for spec in ("dual", "jax", "sympy", "finite-diff:central"):
        code = snippet(spec, problem)
        assert "3.0" in code, (spec, code)


DATA = np.array([0.1, 0.2])


def nll_with_global_array(mu):
    return np.sum((DATA - mu) ** 2)


def printed_numbers(code):
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=120, check=True).stdout
    return [float(v) for v in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", printed)], printed


def test_snippets_survive_a_global_array():
    cmp = gl.compare(nll_with_global_array, {"mu": 0.3}, backends=["jax", "sympy", "dual"],
                     timing=False)
    want = -2 * np.sum(DATA - 0.3)  # 0.6
    for row in cmp.results:
        assert "def nll_with_global_array(mu):" in row.code, row.code
        assert "DATA, defined in your code: paste it above" in row.code, row.code
        pasted = "import numpy as np\nDATA = np.array([0.1, 0.2])\n"  # what the user pastes
        numbers, printed = printed_numbers(pasted + row.code)
        assert numbers[-1] == pytest.approx(want, rel=1e-7, abs=0), printed


def make_scaled(k):
    def scaled(x):
        return k * np.sin(x)

    return scaled


def test_snippets_define_closure_variables():
    cmp = gl.compare(make_scaled(3.0), {"x": 0.5}, backends=["jax", "dual",
                                                             "finite-diff:central"],
                     timing=False)
    for row in cmp.results:
        assert "k = 3.0" in row.code, row.code
        numbers, printed = printed_numbers(row.code)
        assert numbers[-1] == pytest.approx(3.0 * np.cos(0.5), rel=1e-7, abs=0), printed
