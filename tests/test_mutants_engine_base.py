"""Engine-base mutants that survived (mutation testing): the registry, variants, neutral
arguments and the user's line in an engine's error, against hand-derived values."""

import numpy as np
import pytest

import gradlab as gl
from gradlab import backends
from gradlab.errors import BackendError, InputError


def test_base_default_engines_are_listed_once():
    specs = backends.default_specs()
    assert len(specs) == len(set(specs)) and "dual" in specs


def test_base_registry_imports_an_engine_named_by_a_string():
    backends.register("dual-by-name", "gradlab.backends.dual:DualNumbers")
    try:
        engine = backends.get("dual-by-name")
        assert isinstance(engine, backends.Backend) and engine.exact is True
        np.testing.assert_allclose(gl.gradient("x**2", {"x": 1.5}, "dual-by-name"), [3.0],
                                   rtol=1e-15, atol=0)
    finally:
        backends._REGISTRY.pop("dual-by-name", None)


def test_base_engine_without_variants_refuses_one():
    with pytest.raises(InputError, match=r"^dual has no variant 'fast'; choose from: $"):
        backends.resolve("dual:fast")


def test_base_float64_dtype_is_a_neutral_argument():
    # cumprod (x0, x0 x1) sums to x0 + x0 x1: gradient (1 + x1, x0) = (3, 1) at (1, 2)
    got = gl.gradient(lambda x: np.sum(np.cumprod(x, dtype=np.float64)),
                      {"x": np.array([1.0, 2.0])}, "dual")
    np.testing.assert_allclose(got, [3.0, 1.0], rtol=1e-15, atol=0)


def test_base_engine_error_names_the_users_line():
    def f(x):
        return np.var(np.ones(3), ddof=x[0])

    with pytest.raises(BackendError) as caught:
        gl.gradient(f, {"x": np.array([1.0, 2.0])}, "dual")
    assert str(caught.value).endswith("(at `return np.var(np.ones(3), ddof=x[0])`)")


def test_base_registry_refuses_a_module_that_is_not_an_engine():
    # "module" without ":attr" names the module itself, which is no Engine
    backends.register("a-module", "gradlab.errors")
    try:
        with pytest.raises(InputError, match=r"^backend 'a-module' \(gradlab\.errors\) is not a "
                                             r"gradlab Engine"):
            backends.get("a-module")
    finally:
        backends.unregister("a-module")
