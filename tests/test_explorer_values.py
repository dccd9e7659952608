"""The explorer computes at the point the user typed, even outside a slider's range."""

from __future__ import annotations

import math

import numpy as np

import gradlab as gl

FUNCTION, START = "sin(x)*exp(x*y)", {"x": 0.5, "y": 2.0}


def true_gradient(x: float, y: float) -> np.ndarray:
    e = math.exp(x * y)
    return np.array([math.cos(x) * e + y * math.sin(x) * e, x * math.sin(x) * e])


def explorer() -> gl.widgets.Explorer:
    return gl.explore(FUNCTION, START, backends=["dual"], timing_budget=0)


def test_a_value_typed_outside_the_range_widens_the_slider_and_is_computed_exactly():
    ui = explorer()
    assert ui.sliders["x"].max < 7.125
    ui.values["x"].value = 7.125
    assert ui.sliders["x"].min <= 7.125 <= ui.sliders["x"].max
    assert ui.sliders["x"].value == 7.125 and ui.point() == {"x": 7.125, "y": 2.0}
    np.testing.assert_allclose(ui.comparison["dual"].gradient, true_gradient(7.125, 2.0),
                               rtol=1e-13, atol=0)
    assert "x=7.125" in ui.comparison._repr_html_()


def test_a_value_typed_below_the_range_widens_it_downwards():
    ui = explorer()
    ui.values["y"].value = -40.0
    assert ui.sliders["y"].min <= -40.0 and ui.sliders["y"].value == -40.0
    assert ui.point() == {"x": 0.5, "y": -40.0}


def test_dragging_the_slider_updates_the_typed_value():
    ui = explorer()
    ui.sliders["y"].value = 1.25
    assert ui.values["y"].value == 1.25
    np.testing.assert_allclose(ui.comparison["dual"].gradient, true_gradient(0.5, 1.25),
                               rtol=1e-13, atol=0)


def test_a_non_finite_typed_value_leaves_the_point_alone():
    ui = explorer()
    ui.values["x"].value = float("nan")
    assert ui.point() == START and ui.sliders["x"].value == 0.5
