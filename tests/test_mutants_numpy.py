"""The numpy.gradient engine's samples, steps, error estimates and grids, against values derived
by hand from numpy.gradient's formulas (mutation testing found these unchecked).

On f = x**3 numpy.gradient's formulas leave a known truncation error: centre (f1 - f_-1) / 2h
gives 3x**2 + h**2; edge order 1 (f1 - f0) / h at x = 0 gives h**2; edge order 2
(-3 f0 + 4 f1 - f2) / 2h at x = 0 gives -2 h**2. The error estimate compares with the samples two
steps apart: |d(h) - d(2h)| / (2**order - 1)."""

import numpy as np
import pytest

import gradlab as gl
from gradlab import backends
from gradlab.backends.numpy_gradient import NumpyGradient
from gradlab.numerics import field

EPS = np.finfo(np.float64).eps


def numpy_row(f, at, **options):
    cmp = gl.compare(f, at, backends=["numpy"], timing=False, options={"numpy": options})
    return cmp["numpy"]


def relative_step(x, base):
    return (x + base * max(1.0, abs(x))) - x  # the step as gradlab documents it


def test_numpy_centre_samples_each_variable_with_its_own_step():
    h0, h8 = relative_step(0.0, EPS ** (1 / 3)), relative_step(8.0, EPS ** (1 / 3))
    row = numpy_row(lambda x, y: x**3 + (y - 8.0) ** 3, {"x": 0.0, "y": 8.0})
    np.testing.assert_allclose(row.gradient, [h0**2, h8**2], rtol=1e-9, atol=0)
    # d(2h) = 4 h**2, so |d(h) - d(2h)| / 3 = h**2 per variable; round-off is 1e-15 of that
    np.testing.assert_allclose(row.error_estimate, np.hypot(h0**2, h8**2), rtol=1e-9, atol=0)
    assert row.step == pytest.approx((h0 + h8) / 2, rel=1e-15)
    assert row.n_evals == 9  # 4 samples per variable, f(x) once


def test_numpy_edge_order_1_is_a_forward_difference_at_the_square_root_step():
    h = EPS ** (1 / 2)
    row = numpy_row(lambda x: x**3, {"x": 0.0}, position="edge", edge_order=1)
    np.testing.assert_allclose(row.gradient, [h**2], rtol=1e-12, atol=0)
    # d(2h) = 4 h**2: |h**2 - 4 h**2| / (2 - 1)
    np.testing.assert_allclose(row.error_estimate, 3 * h**2, rtol=1e-9, atol=0)
    assert row.step == h and row.n_evals == 5


def test_numpy_edge_order_2_is_the_one_sided_second_order_formula():
    h = EPS ** (1 / 3)
    row = numpy_row(lambda x: x**3, {"x": 0.0}, position="edge", edge_order=2)
    np.testing.assert_allclose(row.gradient, [-2 * h**2], rtol=1e-12, atol=0)
    # d(2h) = -8 h**2: |-2 h**2 + 8 h**2| / 3
    np.testing.assert_allclose(row.error_estimate, 2 * h**2, rtol=1e-9, atol=0)
    assert row.step == h


def test_numpy_centre_with_edge_order_1_is_still_the_central_difference():
    h = EPS ** (1 / 3)
    row = numpy_row(lambda x: x**3, {"x": 0.0}, edge_order=1)
    np.testing.assert_allclose(row.gradient, [h**2], rtol=1e-12, atol=0)
    # still a second-order formula: |h**2 - 4 h**2| / (2**2 - 1)
    np.testing.assert_allclose(row.error_estimate, h**2, rtol=1e-9, atol=0)


def test_numpy_centre_estimate_compares_central_differences_at_h_and_2h():
    # x**2 + x**3: central differences cancel the square; a one-sided formula would not
    h = EPS ** (1 / 3)
    row = numpy_row(lambda x: x**2 + x**3, {"x": 0.0})
    np.testing.assert_allclose(row.gradient, [h**2], rtol=1e-9, atol=0)
    np.testing.assert_allclose(row.error_estimate, h**2, rtol=1e-6, atol=0)


def test_numpy_edge_order_2_estimate_is_exact_for_a_square():
    # x**2 sampled at 0, h, ..., 4h: both one-sided second-order formulas give 0 exactly
    row = numpy_row(lambda x: x**2, {"x": 0.0}, position="edge", edge_order=2)
    assert row.gradient.tolist() == [0.0]
    assert row.error_estimate < 1e-18


def test_numpy_step_given_by_the_user_is_used_as_is():
    row = numpy_row(lambda x: x**3, {"x": 0.0}, step=2.0**-10)
    np.testing.assert_allclose(row.gradient, [2.0**-20], rtol=1e-12, atol=0)
    assert row.step == 2.0**-10


def test_numpy_error_estimate_includes_round_off():
    # f = 2**27 + x sampled at multiples of 2**-10 is exact and numpy.gradient is exact for a
    # line, so all that is left is the round-off bound eps * max|f| / h
    h = 2.0**-10
    row = numpy_row(lambda x: 2.0**27 + x, {"x": 0.0}, step=h)
    assert row.gradient.tolist() == [1.0]
    assert row.error_estimate == pytest.approx(EPS * (2.0**27 + 2 * h) / h, rel=1e-12)


def test_numpy_error_estimate_adds_truncation_and_round_off():
    # 2**27 + x**3 at multiples of 2**-8 is exact: truncation h**2, round-off eps * max|f| / h
    h = 2.0**-8
    row = numpy_row(lambda x: 2.0**27 + x**3, {"x": 0.0}, step=h)
    assert row.gradient.tolist() == [h**2]
    want = h**2 + EPS * (2.0**27 + 8 * h**3) / h
    assert row.error_estimate == pytest.approx(want, rel=1e-12)


def test_numpy_round_off_is_bounded_per_variable():
    # f = x + 2**40 y**2 with h = 2**-10: exact samples, no truncation; |f| reaches 2**-9 along
    # x but 2**22 along y, so round-off is 2 eps for x and 2**32 eps for y
    h = 2.0**-10
    row = numpy_row(lambda x, y: x + 2.0**40 * y**2, {"x": 0.0, "y": 0.0}, step=h)
    assert row.gradient.tolist() == [1.0, 0.0]
    assert row.error_estimate == pytest.approx(np.hypot(2 * EPS, 2.0**32 * EPS), rel=1e-12)


@pytest.mark.parametrize("options,message", [
    ({"edge_order": 3}, "numpy: edge_order must be 1 or 2, not 3"),
    ({"position": "middle"}, "numpy: position must be 'center' or 'edge', not 'middle'"),
    ({"step": 0.0}, "numpy: step must be a positive finite number"),
    ({"step": -1e-3}, "numpy: step must be a positive finite number"),
])
def test_numpy_bad_options_are_refused_with_the_reason(options, message):
    with pytest.raises(gl.InputError, match=message):
        gl.gradient(lambda x: x**2, [1.0], "numpy", **options)


XS = np.array([0.5, 1.0, 1.75, 3.0])  # uneven
YS = np.array([1.0, 2.0, 4.0])


def test_numpy_field_on_an_uneven_grid_is_exact_for_quadratics():
    values, (gx, gy) = field(lambda x, y: x**2 * y, [XS, YS])
    X, Y = np.meshgrid(XS, YS, indexing="ij")
    np.testing.assert_allclose(values, X**2 * Y, rtol=1e-15, atol=0)
    np.testing.assert_allclose(gx, 2 * X * Y, rtol=1e-12, atol=0)
    np.testing.assert_allclose(gy, X**2, rtol=1e-12, atol=0)


def test_numpy_field_edge_order_1_uses_one_sided_first_differences_at_the_edges():
    _, (gx,) = field(lambda x: x**2, [XS], edge_order=1)
    np.testing.assert_allclose(gx[[0, -1]], [XS[0] + XS[1], XS[-2] + XS[-1]], rtol=1e-13,
                               atol=0)


def test_numpy_field_of_a_scalar_only_function_samples_point_by_point():
    def scalar_only(x, y):
        return float(x) * float(y)  # fails on arrays

    values, (gx, gy) = field(scalar_only, [XS, YS])
    X, Y = np.meshgrid(XS, YS, indexing="ij")
    np.testing.assert_allclose(values, X * Y, rtol=1e-15, atol=0)
    np.testing.assert_allclose(gx, Y, rtol=1e-12, atol=0)
    np.testing.assert_allclose(gy, X, rtol=1e-12, atol=0)


def test_numpy_field_of_a_function_that_ignores_its_grid_is_sampled_point_by_point():
    values, (gx, gy) = field(lambda x, y: 2.0, [XS, YS])
    assert values.shape == (4, 3) and np.all(values == 2.0)
    np.testing.assert_allclose(gx, 0.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(gy, 0.0, rtol=0, atol=1e-15)


def test_numpy_engine_is_listed_as_numerical_with_its_options():
    assert isinstance(backends.get("numpy"), NumpyGradient)
    engine = NumpyGradient()  # built here, not taken from the registry's cache
    assert (engine.name, engine.requires, engine.exact) == ("numpy", "numpy", False)
    assert engine.options == ("step", "edge_order", "position")
    assert engine.version() == np.__version__
    assert engine.description == "numpy.gradient on samples of f along each coordinate line"


def test_numpy_code_snippet_runs_and_carries_the_options():
    row = numpy_row(lambda x: x**3, {"x": 0.5}, edge_order=1, position="edge")
    assert "np.gradient(samples, h[k], edge_order=1)[0]" in row.code
    namespace = {"print": lambda *_: None}
    exec(numpy_row(lambda x: x**3, {"x": 0.5}).code, namespace)
    np.testing.assert_allclose(namespace["grad"], [0.75], rtol=1e-9, atol=0)


def test_numpy_field_evaluates_a_vectorised_function_once_on_the_whole_grid():
    calls = []

    def f(x, y):
        calls.append(np.shape(x))
        return x * y

    values, _ = field(f, [XS, YS])
    assert calls == [(4, 3)]  # not once more per grid point
    values, (gx,) = field(lambda x: x * 2, [np.arange(4)])  # integer samples come back float64
    assert values.dtype == np.float64 and gx.dtype == np.float64
    np.testing.assert_array_equal(gx, [2.0, 2.0, 2.0, 2.0])
