"""check() against every engine: passes a right gradient, flags a wrong component."""

import numpy as np
import pytest

import gradlab as gl

ENGINES = ["sympy", "dual", "finite-diff:central", "finite-diff:richardson", "numpy"]


def f(x, y, z):
    return x**2 * y + np.sin(y * z) + np.exp(z)


def right(x, y, z):
    return [2 * x * y, x**2 + z * np.cos(y * z), y * np.cos(y * z) + np.exp(z)]


def off(x, y, z):
    g = right(x, y, z)
    return [g[0], 1.1 * g[1], g[2]]


def test_correct_gradient_passes():
    result = gl.check(f, right, [1.3, 0.4, -0.2], backends=ENGINES)
    assert result.ok and bool(result)
    assert {e.status for e in result.engines} == {"agrees"}
    assert set(result.discrepancies) == set(ENGINES)
    assert "OK" in str(result) and "OK" in result._repr_html_()


def test_ten_percent_off_component_is_flagged():
    result = gl.check(f, off, [1.3, 0.4, -0.2], backends=ENGINES)
    assert not result.ok
    assert result.suspects == ["y"]
    for engine in result.engines:
        assert engine.status == "disagrees" and engine.bad_components == [1]
    assert "MISMATCH in y" in str(result)
    assert result["dual"].discrepancy[1] == pytest.approx(0.1 * abs(right(1.3, 0.4, -0.2)[1]))


def test_float32_gradient_gets_float32_tolerance():
    def right32(x, y, z):
        return np.array(right(x, y, z), dtype=np.float32)

    assert gl.check(f, right32, [1.3, 0.4, -0.2], backends=["dual"]).ok
    assert not gl.check(f, right32, [1.3, 0.4, -0.2], backends=["dual"], rtol=1e-12).ok


def test_failing_engine_is_listed_not_fatal():
    def g(x):
        return abs(x) * x

    result = gl.check(g, lambda x: 2 * abs(x), [-0.5],
                      backends=["dual", "finite-diff:complex-step"])
    assert result.ok
    assert result["finite-diff:complex-step"].status == "failed"
    assert "failed" in str(result)


def test_bad_grad_f():
    with pytest.raises(gl.InputError, match="returned 2 values"):
        gl.check(f, lambda x, y, z: [1.0, 2.0], [1.0, 2.0, 3.0], backends=["dual"])
    with pytest.raises(gl.InputError, match="must be a function"):
        gl.check(f, [1, 2, 3], [1.0, 2.0, 3.0])
