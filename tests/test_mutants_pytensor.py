"""PyTensor mutants that survived (mutation testing): refusals naming the function, round's
derivative and take_along_axis on the flattened array, against hand-derived values."""

import numpy as np
import pytest

import gradlab as gl
from gradlab.errors import BackendError


def pytensor_gradient(f, x):
    return gl.gradient(f, np.asarray(x, dtype=float), backend="pytensor")


def test_pytensor_pinv_refuses_rtol_naming_it():
    with pytest.raises(BackendError, match=r"^pytensor: np\.linalg\.pinv\(rtol=0\.001\) is not"):
        pytensor_gradient(lambda x: np.sum(np.linalg.pinv(x.reshape(2, 2), rtol=1e-3)),
                          [2.0, 0.0, 0.0, 4.0])


def test_pytensor_round_has_zero_derivative():
    # d(x round(x)) = round(x) + x * 0 = 2 at 2.5 (numpy rounds halves to even)
    got = pytensor_gradient(lambda x: x[0] * np.round(x[0]), [2.5])
    np.testing.assert_allclose(got, [2.0], rtol=1e-15, atol=0)


def test_pytensor_take_along_axis_none_reads_the_flattened_array():
    # entries 3 and 0 of the flattened array, weighted 1 and 10
    f = lambda x: np.sum(np.take_along_axis(x.reshape(2, 2), np.array([3, 0]),  # noqa: E731
                                            axis=None) * np.array([1.0, 10.0]))
    got = pytensor_gradient(f, [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(got, [10.0, 0.0, 0.0, 1.0], rtol=1e-15, atol=0)


def test_pytensor_engine_name_and_options():
    from gradlab.backends.pytensor_graph import PytensorGraph

    engine = PytensorGraph()  # built here, not taken from the registry's cache
    assert engine.name == "pytensor" and engine.exact is True
    assert engine.options == ("mode", "dtype")


def test_pytensor_var_method_with_ddof():
    # var(x, ddof=1) = sum((x - mean)**2) / (n - 1): gradient 2 (x - mean) / 2 = x - 2
    got = pytensor_gradient(lambda x: x.var(ddof=1), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(got, [-1.0, 0.0, 1.0], rtol=1e-15, atol=1e-15)


def test_pytensor_cumsum_along_an_axis():
    # rows [x0, x0 + x1], [x2, x2 + x3] weighted [1, 2], [3, 4]: (1 + 2, 2, 3 + 4, 4)
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    got = pytensor_gradient(lambda x: np.sum(np.cumsum(x.reshape(2, 2), axis=1) * w),
                            [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(got, [3.0, 2.0, 7.0, 4.0], rtol=1e-15, atol=0)


@pytest.mark.parametrize("name, f", [
    ("np.dot", lambda x: np.dot(x, x, out=np.zeros(()))),
    ("np.ptp", lambda x: np.ptp(x, out=np.zeros(()))),
    ("np.max", lambda x: np.max(x, None, np.zeros(()))),  # max's third positional is out
    ("np.sum", lambda x: np.sum(x, out=np.zeros(()))),
])
def test_pytensor_refuses_out_naming_function_and_argument(name, f):
    with pytest.raises(BackendError) as caught:
        pytensor_gradient(f, [1.0, 2.0])
    assert str(caught.value).startswith(f"pytensor: {name}(out=array(0.)) is not supported")
