"""The %%gradient magic, driven through an in-process IPython shell."""

import numpy as np
import pytest
from IPython.core.error import UsageError
from IPython.utils.capture import capture_output
from tolerances import assert_gradient

from gradlab import backends
from gradlab.frontends.magic import GradientMagics
from gradlab.frontends.magic_input import parse_point, split_line

SEED = "def func(q, chi, delta):\n    return q * chi * delta\n"
FAST = "-b sympy,dual,finite-diff:central --no-timing"


@pytest.fixture(scope="module")
def ip(ipython_shell):
    ipython_shell.run_line_magic("load_ext", "gradlab")
    return ipython_shell


def magic(ip, line, cell=None):
    with capture_output() as shown:
        if cell is None:
            result = ip.run_line_magic("gradient", line)
        else:
            result = ip.run_cell_magic("gradient", line, cell)
    return result, shown


def shown_text(shown):
    return shown.stdout + "\n".join(o.data.get("text/plain", "") for o in shown.outputs)


def test_seed_every_engine(ip):
    cmp, shown = magic(ip, "q=1 chi=2 delta=3 -o seed_cmp", SEED)
    assert ip.user_ns["seed_cmp"] is cmp
    assert cmp.backends == backends.default_specs()
    for row in cmp.results:
        assert row.ok, row.error
        assert_gradient(row.gradient, [6, 3, 2], row.backend)
    assert callable(ip.user_ns["func"])  # the cell's function stays for later cells
    assert "Gradient of func()" in shown_text(shown)
    latex = [o.data["text/latex"] for o in shown.outputs if "text/latex" in o.data]
    assert latex and r"\chi" in latex[0]


def test_without_output_returns_nothing_and_shows_table(ip):
    result, shown = magic(ip, f"q=1 chi=2 delta=3 {FAST}", SEED)
    assert result is None
    text = shown_text(shown)
    assert "finite-diff:central" in text and "[6, 3, 2]" in text


def test_expression_cell(ip):
    cmp, _ = magic(ip, f"x=0.5, y=2 -o c {FAST}", "sin(x) * exp(x*y)")
    x, y = 0.5, 2.0
    expected = [np.exp(x * y) * (np.cos(x) + y * np.sin(x)), x * np.sin(x) * np.exp(x * y)]
    for row in cmp.results:
        assert_gradient(row.gradient, expected, row.backend)
    assert cmp.names == ("x", "y")


def test_expression_with_notebook_values_and_numpy(ip):
    ip.user_ns["scale"] = 3.0
    cmp, _ = magic(ip, "x=[1, 2, 3] -o c -b jax,dual --no-timing", "scale * np.sum(x**2)")
    for row in cmp.results:
        assert row.gradient.tolist() == [6.0, 12.0, 18.0]


def test_helpers_and_from_import_in_cell(ip):
    cell = (
        "from numpy import sin\n"
        "import math\n"
        "def helper(a):\n    return a * sin(a)\n"
        "def target(u, v):\n    return helper(u) + math.exp(v)\n"
    )
    cmp, _ = magic(ip, "u=0.7 v=0.1 -o c -b sympy,jax,pytensor,dual --no-timing", cell)
    expected = [np.sin(0.7) + 0.7 * np.cos(0.7), np.exp(0.1)]
    for row in cmp.results:
        assert row.ok, row.error
        assert_gradient(row.gradient, expected, row.backend)
    assert callable(ip.user_ns["helper"])


def test_wrt_holds_the_others(ip):
    cmp, _ = magic(ip, f"q=1 chi=2 delta=3 --wrt chi,delta -o c {FAST}", SEED)
    assert cmp.names == ("chi", "delta")
    for row in cmp.results:
        assert_gradient(row.gradient, [3, 2], row.backend)


def test_backends_subset_and_no_timing(ip):
    cmp, _ = magic(ip, "q=1 chi=2 delta=3 -o c -b dual,sympy --no-timing", SEED)
    assert cmp.backends == ["dual", "sympy"]
    assert all(row.call_s is None for row in cmp.results)


def test_timing_on_by_default(ip):
    cmp, _ = magic(ip, "q=1 chi=2 delta=3 -o c -b sympy", SEED)
    assert cmp["sympy"].call_s is not None and cmp["sympy"].call_s > 0


def test_line_magic(ip):
    ip.run_cell(SEED)
    cmp, shown = magic(ip, f"func q=1 chi=2 delta=3 -o c {FAST}")
    assert cmp["dual"].gradient.tolist() == [6.0, 3.0, 2.0]
    assert "Gradient of func()" in shown_text(shown)


def test_func_option_picks_a_function(ip):
    cell = "def first(a):\n    return a ** 3\n\ndef second(a):\n    return a\n"
    cmp, _ = magic(ip, f"a=2 --func first -o c {FAST}", cell)
    assert cmp["dual"].gradient.tolist() == [12.0]


def test_float32_shows_jax_precision(ip):
    line = "x=0.5 y=2 -o c -b jax,sympy --no-timing"
    single, _ = magic(ip, line + " --dtype float32", "sin(x) * exp(x*y)")
    double, _ = magic(ip, line, "sin(x) * exp(x*y)")
    assert single["jax"].rel_error > 1e-9
    assert double["jax"].rel_error < 1e-13


def test_code_option_shows_snippets(ip):
    _, shown = magic(ip, "q=1 chi=2 delta=3 -b jax,dual --no-timing --code", SEED)
    markdown = [o.data["text/markdown"] for o in shown.outputs if "text/markdown" in o.data]
    assert any("jax" in m and "```python" in m for m in markdown)


def test_plot_option_draws_the_figure(ip):
    _, shown = magic(ip, f"q=1 chi=2 delta=3 --plot {FAST}", SEED)
    assert any("image/png" in o.data for o in shown.outputs)


def test_widget_option(ip):
    widget, _ = magic(ip, "q=1 chi=2 delta=3 --widget -b dual", SEED)
    assert type(widget).__name__ == "Explorer"


def test_rerun_unchanged_cell_reuses_compiled_gradients(ip):
    line = "q=1 chi=2 delta=3 -o c -b sympy,dual --no-timing"
    magic(ip, line, SEED)
    again, _ = magic(ip, line, SEED)
    assert all(row.cached for row in again.results)
    changed, _ = magic(ip, line, SEED.replace("q * chi", "q * q * chi"))
    assert not any(row.cached for row in changed.results)
    assert changed["dual"].gradient.tolist() == [12.0, 3.0, 2.0]


def test_changed_global_is_seen_on_rerun(ip):
    cell = "def scaled(x):\n    return k * x * x\n"
    ip.user_ns["k"] = 1.0
    first, _ = magic(ip, "x=1 -o c -b dual --no-timing", cell)
    ip.user_ns["k"] = 5.0
    second, _ = magic(ip, "x=1 -o c -b dual --no-timing", cell)
    assert [first["dual"].gradient[0], second["dual"].gradient[0]] == [2.0, 10.0]


ERRORS = [
    ("q=1 chi=2 delta=3", "def func(q, chi, delta)\n    return q\n", r"syntax error at line 1"),
    ("q=1 chi=2 delta=3 zeta=4", SEED, r"'zeta', which is not a parameter of func\(\)"),
    ("q=1 chi=2", SEED, r"needs a value for 'delta'; add delta=\.\.\."),
    ("q=1 chi=two delta=3", SEED, r"value of chi \('two'\) is not a number"),
    ("q=1 chi=[1, x] delta=3", SEED, r"value of chi \('\[1, x\]'\) is not a number"),
    ("x=[1, 2] --hessian", "def vec(x):\n    return x * 2\n", r"returns an array of shape \(2,\)"),
    ("x=1", "y = 3\nz = y + 1\n", r"defines no function and is not a single expression"),
    ("x=1", "   \n", r"the cell is empty"),
    ("q=1 chi=2 delta=3 -b jax,magic", SEED, r"unknown backend 'magic'"),
    ("q=1 chi=2 delta=3 --fast", SEED, r"unrecognized arguments: --fast.*%%gradient\?"),
    ("q=1 chi=2 delta=3 --dtype float16", SEED, r"invalid choice: 'float16'"),
    ("x=1", "sin(x) * z_unknown", r"uses 'z_unknown', which has no value; add z_unknown="),
    ("x=1 y=2", "sin(x)", r"gives y=\.\.\., but the expression does not use 'y'"),
    ("", "sin(x)", r"gives no point"),
    ("x=1", "def g(x):\n    return x\nraise ValueError('bad setup')\n",
     r"cell raised ValueError at line 3 \(`raise ValueError\('bad setup'\)`\): bad setup"),
    ("x=-1", "import math\ndef h(x):\n    return math.log(x)\n",
     r"h\(\) raised ValueError at the point"),
    ("x=1 --wrt y", "def w(x):\n    return x\n", r"wrt names 'y'"),
    ("x=1 x=2", "def w(x):\n    return x\n", r"x is given twice"),
    ("x=1 --func nothere", "def w(x):\n    return x\n", r"'nothere' is not defined"),
    ("x=1 -o 2bad", "def w(x):\n    return x\n", r"-o/--output needs a variable name"),
    ("x=1 stray", "def w(x):\n    return x\n", r"'stray' is not a name=value pair"),
]


@pytest.mark.parametrize("line, cell, message", ERRORS)
def test_bad_input_raises_usage_error(ip, line, cell, message):
    with pytest.raises(UsageError, match=message):
        magic(ip, f"{line} -b dual --no-timing" if "-b" not in line else line, cell)
    assert ip.run_cell("1 + 1").success  # the kernel keeps working


def test_line_magic_errors(ip):
    with pytest.raises(UsageError, match="'nofunc' is not defined"):
        magic(ip, "nofunc x=1")
    ip.user_ns["notcallable"] = 3
    with pytest.raises(UsageError, match="'notcallable' is a int, not a function"):
        magic(ip, "notcallable x=1")
    with pytest.raises(UsageError, match="name the function"):
        magic(ip, "x=1")


def test_help_lists_every_option(ip):
    doc = GradientMagics.gradient.__doc__
    for option in ("--backends", "--output", "--wrt", "--no-timing", "--plot", "--code",
                   "--dtype", "--func", "--widget", "NAME=VALUE", "sin(x) * exp(x*y)"):
        assert option in doc
    with capture_output() as shown:
        ip.run_cell("%%gradient?")
    assert "--no-timing" in shown.stdout


@pytest.mark.parametrize("line, pairs, words", [
    ("q=1 chi=2 delta=3", ["q=1", "chi=2", "delta=3"], []),
    ("x=0.5, y=2", ["x=0.5", "y=2"], []),
    ("x = 0.5 , y=-2e-3 -b jax, sympy", ["x=0.5", "y=-2e-3"], ["-b", "jax,sympy"]),
    ("x=[1, 2, 3] --wrt x -o out", ["x=[1, 2, 3]"], ["--wrt", "x", "-o", "out"]),
    ("--output=c x=[[1,2],[3,4]]", ["x=[[1,2],[3,4]]"], ["--output=c"]),
])
def test_split_line(line, pairs, words):
    assert split_line(line) == (pairs, words)


def test_point_values_are_parsed_not_evaluated():
    arr = np.array([0.25, -4.0])
    point = parse_point(["a=1.5", "b=[[1, 2], [3, 4e0]]", "c=arr"], {"arr": arr})
    assert point["a"] == 1.5
    np.testing.assert_array_equal(point["b"], [[1, 2], [3, 4]])
    np.testing.assert_array_equal(point["c"], arr)  # the notebook's value, by name
    for bad in ("__import__('os')", "[1, 2", "1+1", "[1,,2]", "[True]"):
        with pytest.raises(ValueError, match="not a number"):
            parse_point([f"x={bad}"], {})


def test_expression_cell_heading_shows_the_expression(ip):
    result = ip.run_cell_magic("gradient", "x=0.5 y=2 --no-timing -b dual -o shown",
                               "sin(x) * exp(x*y)")
    assert result.problem.label == "'sin(x) * exp(x * y)'"
    assert "sin(x) * exp(x * y)" in str(result)


def test_unicode_variable_names(ip):
    result = ip.run_cell_magic("gradient", "α=2 β=3 --no-timing -b dual -o uni", "α * β**2")
    assert result["dual"].gradient.tolist() == [9.0, 12.0]
