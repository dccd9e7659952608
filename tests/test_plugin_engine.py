"""A plug-in engine written from the protocol's docs alone takes part everywhere.

``PLUGIN`` is the whole engine: class attributes and ``compile``, public imports only (it is
also what notebook 06 shows). Each test drives one front-end with it: compare, check,
step_sweep, the explorer's step slider and precision toggle, the magic and the CLI.
Truth is hand-derived: f = sin(x) exp(x y), df/dx = (cos x + y sin x) e^{xy},
df/dy = x sin x e^{xy}.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import types

import numpy as np
import pytest
from IPython.utils.capture import capture_output

import gradlab as gl
from gradlab import backends
from gradlab.backends import Engine

PLUGIN = textwrap.dedent('''
    import numpy as np
    from gradlab.backends import Compiled, Engine, Estimate


    class FivePoint(Engine):
        """Five-point central differences: truncation error O(h**4)."""

        description = "five-point stencil finite differences"
        exact = False  # a numerical estimate: judged against its error estimate
        options = ("step", "dtype")  # "step": the explorer's slider and step_sweep drive it
        dtypes = ("float64", "float32")  # the explorer's and the magic's precision toggle

        def compile(self, problem, step=None, dtype="float64"):
            real = np.dtype(dtype).type
            eps = np.finfo(real).eps

            def f(x):  # f's value rounded to the chosen precision
                return real(problem.evaluate(x))

            def stencil(x, h):
                return np.array([(f(x - 2 * d) - 8 * f(x - d) + 8 * f(x + d) - f(x + 2 * d))
                                 / (12 * real(d[k])) for k, d in enumerate(np.diag(h))])

            def estimate(x):
                h = (eps ** 0.2 if step is None else step) * np.maximum(1.0, np.abs(x))
                fine, coarse = stencil(x, h), stencil(x, 2 * h)
                error = np.linalg.norm(fine - coarse) / 15 + 1.5 * eps * abs(f(x)) / h.min()
                return Estimate(fine.astype(np.float64), step=float(h.max()),
                                error_estimate=float(error), n_evals=8 * x.size)

            return Compiled(lambda x: estimate(x).gradient, estimator=estimate)
''')
NAME = "five-point"
F = "sin(x) * exp(x*y)"
AT = {"x": 0.5, "y": 0.7}


def f(x, y):
    return np.sin(x) * np.exp(x * y)


def truth(x: float, y: float) -> np.ndarray:
    e = np.exp(x * y)
    return np.array([(np.cos(x) + y * np.sin(x)) * e, x * np.sin(x) * e])


def load_plugin() -> type:
    module = types.ModuleType("five_point_engine")
    exec(compile(PLUGIN, "five_point_engine.py", "exec"), module.__dict__)
    return module.FivePoint


@pytest.fixture
def plugin():
    backends.register(NAME, load_plugin())
    try:
        yield NAME
    finally:
        backends.unregister(NAME)


def test_the_plugin_is_short_and_public():
    lines = [line for line in PLUGIN.splitlines() if line.strip()]
    assert len(lines) <= 32
    assert "gradlab." not in PLUGIN.replace("from gradlab.backends import", "")
    assert "__init__" not in PLUGIN and "_" + "REGISTRY" not in PLUGIN


def test_declarations_are_what_the_class_says(plugin):
    engine = backends.get(plugin)
    assert engine.name == plugin and engine.exact is False
    assert engine.takes_step is True and engine.dtypes == ("float64", "float32")
    assert engine.operators == frozenset({"gradient"}) and engine.code(None) is None


def test_compare_runs_it_and_judges_it_against_the_reference(plugin):
    cmp = gl.compare(f, AT, backends=[plugin, "dual"], timing=False)
    row = cmp[plugin]
    assert row.ok and row.exact is False and row.error_estimate > 0
    np.testing.assert_allclose(row.gradient, truth(0.5, 0.7), rtol=1e-10, atol=0)
    assert row.code is None and any(n.startswith("no code snippet") for n in row.notes)
    single = gl.compare(f, AT, backends=[plugin], options={plugin: {"dtype": "float32"}},
                        timing=False)[plugin]
    assert 1e-9 < np.max(np.abs(single.gradient - truth(0.5, 0.7))) < 1e-3


def test_check_uses_its_error_estimate_not_exact_tolerances(plugin):
    right = gl.check(f, lambda x, y: truth(x, y), AT, backends=[plugin])
    assert right.ok and right[plugin].status == "agrees" and not right[plugin].exact
    wrong = gl.check(f, lambda x, y: truth(x, y) * [1.0, 1.001], AT, backends=[plugin])
    assert wrong[plugin].status == "disagrees" and wrong.suspects == ["y"]


def test_step_sweep_sweeps_it(plugin):
    steps = np.logspace(-3, -1, 9)
    result = gl.step_sweep(f, AT, [plugin], steps)
    errors = result.errors[plugin]
    assert np.all(np.isfinite(errors))
    assert 3.5 < result.slope(plugin, 1e-3, 1e-1) < 4.5  # truncation error O(h**4)


def test_explorer_step_slider_and_precision_toggle_drive_it(plugin):
    ui = gl.explore(F, AT, backends=[plugin, "dual"], timing_budget=0)
    assert ui.options()[plugin] == {"step": 1e-6, "dtype": "float64"}
    assert plugin in ui.precision.description
    ui.step.value = 1e-2
    assert ui.comparison[plugin].step == pytest.approx(1e-2)
    coarse = np.max(np.abs(ui.comparison[plugin].gradient - truth(0.5, 0.7)))
    assert 1e-12 < coarse < 1e-6  # h = 1e-2: error ~ h**4
    ui.step.value = 10 ** -3.3
    ui.precision.value = "float32"
    assert ui.options()[plugin]["dtype"] == "float32"
    single = np.max(np.abs(ui.comparison[plugin].gradient - truth(0.5, 0.7)))
    assert 1e-9 < single < 1e-2  # float32 round-off over h = 5e-4


def test_magic_runs_it_with_its_precision(plugin, ipython_shell):
    ipython_shell.run_line_magic("load_ext", "gradlab")
    line = f"x=0.5 y=0.7 -b {plugin},dual --no-timing -o plugin_cmp"
    with capture_output():
        double = ipython_shell.run_cell_magic("gradient", line, F)
        single = ipython_shell.run_cell_magic("gradient", line + " --dtype float32", F)
    np.testing.assert_allclose(double[plugin].gradient, truth(0.5, 0.7), rtol=1e-10, atol=0)
    assert 1e-9 < np.max(np.abs(single[plugin].gradient - truth(0.5, 0.7))) < 1e-3


def test_cli_runs_it_in_process(plugin, capsys):
    from gradlab.frontends.cli import main

    assert main(["compare", F, "--at", "x=0.5,y=0.7", "--backends", f"{plugin},dual",
                 "--json", "--no-timing"]) == 0
    rows = {row["backend"]: row for row in json.loads(capsys.readouterr().out)["results"]}
    np.testing.assert_allclose(rows[plugin]["gradient"], truth(0.5, 0.7), rtol=1e-10, atol=0)


def test_cli_finds_it_through_an_entry_point(tmp_path):
    (tmp_path / "five_point_engine.py").write_text(PLUGIN)
    info = tmp_path / "five_point_engine-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: five-point-engine\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        f"[gradlab.backends]\n{NAME} = five_point_engine:FivePoint\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.getcwd()])}
    out = subprocess.run([sys.executable, "-m", "gradlab", "compare", F, "--at", "x=0.5,y=0.7",
                          "--backends", f"{NAME},dual", "--json", "--no-timing"],
                         capture_output=True, text=True, env=env, check=True)
    rows = {row["backend"]: row for row in json.loads(out.stdout)["results"]}
    assert rows[NAME]["status"] == "ok"
    np.testing.assert_allclose(rows[NAME]["gradient"], truth(0.5, 0.7), rtol=1e-10, atol=0)


# --- the protocol's own promises -------------------------------------------------------------

def test_class_attributes_are_not_overwritten():
    class Mine(Engine):  # the trap of a dataclass base: these became exact=True, options=()
        exact = False
        options = ("step",)

        def compile(self, problem, step=None):
            raise NotImplementedError

    backends.register("mine", Mine)
    try:
        engine = backends.get("mine")
        assert engine.exact is False and engine.options == ("step",) and engine.takes_step
        assert backends.step_specs(["mine", "dual"]) == ["mine"]
    finally:
        backends.unregister("mine")


@pytest.mark.parametrize("declarations, message", [
    ({"takes_step": True}, "takes_step"),
    ({"operators": frozenset({"gradient", "laplacian"})}, "laplacian"),
    ({"dtypes": ("float64", "float16"), "options": ("dtype",)}, "float16"),
    ({"dtypes": ("float64", "float32")}, "'dtype' among its options"),
    ({"exact": False, "reference_rank": 0}, "reference_rank"),
    ({"variants": ("a", "b"), "check_variant": "c"}, "check_variant"),
    ({"options": "step"}, "tuple"),
])
def test_wrong_declarations_are_refused_at_registration(declarations, message):
    engine = type("Wrong", (Engine,), declarations)
    with pytest.raises(gl.InputError, match=message):
        backends.register("wrong", engine)
    assert "wrong" not in backends.names()


def test_variants_imply_the_method_option():
    class Flavours(Engine):
        variants = ("plain", "fancy")

        def compile(self, problem, method="plain"):
            raise NotImplementedError

    backends.register("flavours", Flavours)
    try:
        from gradlab.comparison.runner import validate_options

        assert validate_options("flavours:fancy", {}) == {"method": "fancy"}
        with pytest.raises(gl.InputError, match="no option 'step'"):
            validate_options("flavours", {"step": 1e-3})
    finally:
        backends.unregister("flavours")


def test_an_entry_point_shadowing_an_engine_warns(tmp_path, monkeypatch):
    info = tmp_path / "shadow-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shadow\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[gradlab.backends]\ndual = shadow:Dual\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(backends, "_entry_points_loaded", False)
    with pytest.warns(UserWarning, match="'dual' is already an engine"):
        backends.names()
    assert type(backends.get("dual")).__module__ == "gradlab.backends.dual"


def test_the_public_rebind_helpers_follow_np_sin_and_math_exp():
    import math

    from gradlab.backends import Namespace, rebind, translation_for

    calls = []

    def traced_sin(value):
        calls.append(("sin", value))
        return np.sin(value)

    def user(x, y):
        return np.sin(x) * math.exp(y)

    numpy_ns = Namespace("tracer", np, {"sin": traced_sin})
    rebound = rebind(user, translation_for("tracer", numpy_ns))
    z = np.array([0.5 + 1e-20j])  # math.exp takes no complex value: numpy's stands in
    assert rebound(z, z)[0].imag == pytest.approx(1e-20 * (np.cos(0.5) + np.sin(0.5)) * np.exp(
        0.5), rel=1e-12)
    assert calls and calls[0][0] == "sin" and user(0.5, 0.5) == np.sin(0.5) * math.exp(0.5)
