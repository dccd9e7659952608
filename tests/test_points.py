"""gl.sample and Points: where the points fall, how they read, and one message per bad input."""

from __future__ import annotations

import numpy as np
import pytest

import gradlab as gl
from gradlab.errors import InputError
from gradlab.points import Points


def test_uniform_points_are_numpys_generator_scaled_into_the_box() -> None:
    pts = gl.sample({"x": (-2, 2), "y": (-1, 3)}, 50, seed=7)
    unit = np.random.default_rng(7).random((50, 2))
    expected = np.array([-2.0, -1.0]) + unit * np.array([4.0, 4.0])
    np.testing.assert_allclose(pts.array, expected, rtol=0, atol=0)
    assert pts.names == ("x", "y") and len(pts) == 50
    assert pts[3] == {"x": expected[3, 0], "y": expected[3, 1]}


def test_sobol_points_are_scipys_scrambled_sequence() -> None:
    from scipy.stats import qmc

    pts = gl.sample({"x": (0, 1), "y": (10, 12)}, 16, seed=3, method="sobol")
    unit = qmc.Sobol(2, scramble=True, seed=3).random(16)
    np.testing.assert_allclose(pts.array, unit * [1, 2] + [0, 10], rtol=0, atol=0)
    # a Sobol' sequence of 16 points puts exactly one in each of 16 slabs of each variable
    assert sorted(np.floor(pts.array[:, 0] * 16).astype(int)) == list(range(16))


def test_array_parameters_by_pairs_and_by_low_high_arrays() -> None:
    pts = gl.sample({"w": [(0, 1), (10, 11), (-5, -4)], "m": (np.zeros((2, 2)), np.ones((2, 2))),
                     "t": (2, 3)}, 20, seed=1)
    assert pts.array.shape == (20, 3 + 4 + 1)
    assert pts.columns[:4] == ("w[0]", "w[1]", "w[2]", "m[0, 0]")
    point = pts[5]
    assert point["w"].shape == (3,) and point["m"].shape == (2, 2)
    assert isinstance(point["t"], float) and 2 <= point["t"] < 3
    assert 10 <= point["w"][1] < 11 and -5 <= point["w"][2] < -4
    assert np.all((pts.array[:, 3:7] >= 0) & (pts.array[:, 3:7] < 1))
    np.testing.assert_array_equal(point["m"].ravel(), pts.array[5, 3:7])


def test_points_are_an_immutable_sequence_with_a_frame() -> None:
    pts = gl.sample({"x": (0, 1)}, 5)
    with pytest.raises(ValueError):
        pts.array[0, 0] = 3.0
    part = pts[1:3]
    assert isinstance(part, Points) and len(part) == 2 and part[0] == pts[1]
    assert [p["x"] for p in pts] == pts.array[:, 0].tolist()
    assert list(pts.to_frame().columns) == ["x"]
    assert pts.region == {"x": (0, 1)}


@pytest.mark.parametrize(("region", "n", "message"), [
    ({}, 10, "the region is empty"),
    ({"x": (np.nan, 1)}, 10, "bounds of 'x' are not finite"),
    ({"x": (0, np.inf)}, 10, "bounds of 'x' are not finite"),
    ({"x": (1, 1)}, 10, "need low < high"),
    ({"x": [(0, 1), (3, 2)]}, 10, "need low < high"),
    ({"x": (0, 1)}, 0, "at least 1"),
    ({"x": (0, 1)}, 2.5, "whole number"),
    ({"x": (0, 1, 2)}, 10, "must be (low, high)"),
    ({"x": "0:1"}, 10, "must be (low, high)"),
    ({"x": (np.zeros(2), np.ones(3))}, 10, "different shapes"),
    ([("x", (0, 1))], 10, "maps each parameter"),
])
def test_bad_input_gets_one_clear_message(region: object, n: object, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        gl.sample(region, n)  # type: ignore[arg-type]


def test_an_unknown_method_is_named() -> None:
    with pytest.raises(InputError, match="'halton'"):
        gl.sample({"x": (0, 1)}, 4, method="halton")
