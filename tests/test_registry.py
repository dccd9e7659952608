"""The engine registry: names, availability, registration, entry points, lazy imports."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import gradlab as gl
from gradlab import backends


def test_builtin_names_and_availability():
    assert backends.names()[:6] == ["numpy", "sympy", "jax", "pytensor", "finite-diff", "dual"]
    assert set(backends.available()) >= {"numpy", "sympy", "jax", "pytensor", "finite-diff",
                                         "dual"}
    assert backends.default_specs()[:2] == ["sympy", "jax"]


def test_import_gradlab_loads_no_engine():
    code = ("import sys, gradlab; print(' '.join(m for m in ('jax', 'pytensor', 'sympy', "
            "'matplotlib.pyplot', 'scipy.optimize', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_register_rejects_what_is_not_a_backend():
    with pytest.raises(gl.InputError, match="Engine"):
        gl.register_backend("x", object())
    with pytest.raises(gl.InputError, match="name"):
        gl.register_backend("a:b", backends.get("dual"))


def test_entry_point_backend_is_discovered(tmp_path, monkeypatch):
    package = tmp_path / "halfstep_engine.py"
    package.write_text(textwrap.dedent("""
        import numpy as np
        from gradlab.backends import Backend, Compiled

        class HalfStep(Backend):
            def __init__(self):
                super().__init__(name="halfstep", exact=False, options=())

            def compile(self, problem, **options):
                def gradient(x):
                    h = 1e-6
                    return np.array([(problem.evaluate(x + h * e) - problem.evaluate(x - h * e))
                                     / (2 * h) for e in np.eye(x.size)])
                return Compiled(gradient)

            def code(self, problem, **options):
                return "# central differences by hand"
    """))
    info = tmp_path / "halfstep_engine-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: halfstep-engine\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[gradlab.backends]\nhalfstep = halfstep_engine:HalfStep\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(backends, "_entry_points_loaded", False)
    try:
        assert "halfstep" in backends.names()
        cmp = gl.compare("x*y", {"x": 2.0, "y": 3.0}, backends=["halfstep", "dual"],
                         timing=False)
        # h = 1e-6 by hand: round-off eps |f| / h ~ 1e-9 is this engine's limit
        np.testing.assert_allclose(cmp["halfstep"].gradient, [3, 2], rtol=1e-8, atol=0)
        assert cmp["halfstep"].code == "# central differences by hand"
    finally:
        backends.unregister("halfstep")


def test_versions_and_extras():
    assert backends.get("jax").version()
    assert backends.get("jax").extra == "jax"
    assert backends.get("dual").version() is None


def test_backend_is_the_engine_protocol_and_init_keywords_are_declarations():
    assert backends.Backend is backends.Engine
    engine = backends.Engine(name="kw", exact=False, options=("step",))
    assert engine.exact is False and engine.options == ("step",)
    assert backends.Engine.exact is True  # the class keeps its own declaration
    with pytest.raises(TypeError, match="unknown declaration 'exakt'"):
        backends.Engine(exakt=False)


def test_builtin_declarations_answer_what_the_front_ends_ask():
    specs = backends.specs()
    assert "finite-diff:complex-step" not in backends.step_specs(specs)  # keeps its tiny step
    assert {"numpy", "finite-diff:central"} <= set(backends.step_specs(specs))
    assert backends.dtype_specs(specs, "float32") == ["jax", "pytensor"]
    assert backends.high_precision() == "sympy"
    assert backends.check_specs()[:2] == ["finite-diff:richardson", "dual"]
    assert backends.by_reference_rank(["sympy", "pytensor", "dual", "jax", "numpy"]) == [
        "jax", "dual", "pytensor", "sympy"]
    assert backends.get("jax").namespace == "jax.numpy"
