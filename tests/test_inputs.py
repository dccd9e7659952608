"""Bad input through the API: one clear message naming the input, what is wrong, what to do."""

import math

import numpy as np
import pytest

import gradlab as gl


def three(q, chi, delta):
    return q * chi * delta


def vector_out(x, y):
    return np.array([x, y])


def returns_none(x):
    x * 2


def returns_text(x):
    return "x"


def raises(x):
    return 1 / (x - x)


def noisy(x):
    print("side effect")
    return x * x


CASES = [  # (f, at, words the message must contain)
    (three, {"q": 1, "chi": 2}, ["needs a value for 'delta'", "delta=..."]),
    (three, {"q": 1, "chi": 2, "delta": 3, "z": 4}, ["'z'", "not a parameter", "q, chi, delta"]),
    (three, [1, 2], ["takes 3 argument", "2 values"]),
    (three, [1, 2, 3, 4], ["takes 3 argument", "4 values"]),
    (three, {"q": "a", "chi": 2, "delta": 3}, ["'q'", "text"]),
    (three, {"q": float("nan"), "chi": 2, "delta": 3}, ["'q'", "not finite"]),
    (three, {"q": math.inf, "chi": 2, "delta": 3}, ["'q'", "not finite"]),
    (three, {"q": 1 + 2j, "chi": 2, "delta": 3}, ["'q'", "complex"]),
    (three, {"q": None, "chi": 2, "delta": 3}, ["'q'", "None"]),
    (three, {"q": True, "chi": 2, "delta": 3}, ["'q'", "bool"]),
    (three, {"q": [], "chi": 2, "delta": 3}, ["'q'", "empty"]),
    (returns_none, [1.0], ["returned None", "return"]),
    (returns_text, [1.0], ["string"]),
    (raises, [1.0], ["inf at the point", "another point"]),
    (lambda x, y: 1 // int(x - x), [1.0, 2.0], ["ZeroDivisionError", "at the point"]),
    (42, [1.0], ["function or an expression", "int"]),
    ("x +* y", {"x": 1, "y": 2}, ["not valid syntax"]),
    ("x + z", {"x": 1}, ["add z=..."]),
    ("q*chi", "text", ["text"]),
]


@pytest.mark.parametrize("f,at,words", CASES)
def test_bad_input_gets_one_clear_message(f, at, words):
    with pytest.raises(gl.InputError) as info:
        gl.compare(f, at, timing=False)
    message = str(info.value)
    for word in words:
        assert word in message, message
    assert "\n" not in message


def test_unknown_backend_and_option_are_input_errors():
    with pytest.raises(gl.InputError, match="unknown backend 'tensorflow'.*registered"):
        gl.gradient("x", {"x": 1}, backend="tensorflow")
    with pytest.raises(gl.InputError, match="no variant 'backward'"):
        gl.compare("x", {"x": 1}, backends=["finite-diff:backward"])
    with pytest.raises(gl.InputError, match="no option 'stepsize'.*step"):
        gl.gradient("x", {"x": 1}, backend="finite-diff", stepsize=1e-3)
    with pytest.raises(gl.InputError, match="wrt names 'w'"):
        gl.compare("x*y", {"x": 1, "y": 2}, wrt=["w"])


def test_functions_with_side_effects_still_work(capsys):
    g = gl.gradient(noisy, [3.0], backend="dual")
    assert g.tolist() == [6.0]
    assert "side effect" in capsys.readouterr().out


def test_huge_dimension_is_refused_by_sympy_only():
    x = np.linspace(0.1, 1, 500)
    cmp = gl.compare(lambda v: np.sum(v**2), x, backends=["sympy", "jax"], timing=False)
    assert "500 variables" in cmp["sympy"].error and "max_variables" in cmp["sympy"].error
    assert cmp["jax"].ok and cmp.reference_source.startswith("jax")


def test_positional_sequence_and_array_points():
    assert gl.gradient(three, (1, 2, 3), "dual").tolist() == [6, 3, 2]
    assert gl.gradient(lambda x: x[0] * x[1], np.array([2.0, 5.0]), "dual").tolist() == [5, 2]
    assert gl.gradient(lambda *xs: xs[0] * xs[1], [2.0, 5.0], "dual").tolist() == [5, 2]
    assert gl.gradient(lambda x, scale=2.0: scale * x * x, [3.0], "jax").tolist() == [12.0]


def test_a_one_value_tuple_point_says_how_to_pass_a_scalar():
    with pytest.raises(gl.InputError, match=r"x got an array of one value .* 2\.3 rather than"):
        gl.compare(lambda x: math.lgamma(x), (2.3,), timing=False)
    with pytest.raises(gl.InputError) as caught:  # no hint where no variable is one value
        gl.compare(lambda x, y: math.lgamma(x) + 1 / 0 * y, (2.3, 1.0), timing=False)
    assert "array of one value" not in str(caught.value)
