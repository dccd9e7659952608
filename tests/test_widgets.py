"""gl.explore without a browser: set control values, check what the widgets show."""

from __future__ import annotations

import re

import numpy as np
import pytest

import gradlab as gl
from gradlab.frontends.explorer import engine_specs

FAST = ["dual", "finite-diff:central", "finite-diff:forward"]
PNG = b"\x89PNG"


def make(f="sin(x)*exp(x*y)", at=None, backends=FAST, **kwargs):
    return gl.explore(f, at or {"x": 0.5, "y": 2.0}, backends=backends, timing_budget=0,
                      **kwargs)


def rows(ui) -> dict[str, list[str]]:
    """The results table as {engine: cells}, read back from the HTML widget's value."""
    table = {}
    for body in re.findall(r"<tr[^>]*>(.*?)</tr>", ui.table.value):
        cells = re.findall(r"<td>(.*?)</td>", body)
        if cells:
            table[cells[0]] = cells
    return table


def test_sliders_one_per_variable_and_table_follows_them():
    ui = make()
    assert [s.description for s in ui.sliders.values()] == ["x", "y"]
    assert ui.sliders["x"].min < 0.5 < ui.sliders["x"].max
    assert not ui.sliders["x"].continuous_update
    before = rows(ui)["dual"][1]
    ui.sliders["x"].value = 1.0
    expected = gl.gradient("sin(x)*exp(x*y)", {"x": 1.0, "y": 2.0}, backend="dual")
    assert re.search(r"x=1\.?, y=2\.? ", ui.table.value)
    assert rows(ui)["dual"][1] == "[" + ", ".join(f"{v:.10g}" for v in expected) + "]"
    assert rows(ui)["dual"][1] != before
    assert "updated in" in ui.status.value


def test_engine_toggles_list_variants_and_remove_rows():
    ui = make()
    assert "finite-diff:richardson" in ui.engines and "dual" in ui.engines
    assert set(engine_specs()) <= set(ui.engines)
    assert set(rows(ui)) == set(FAST)
    assert ui.engines["dual"].button_style == "info"
    ui.engines["finite-diff:forward"].value = False
    assert ui.engines["finite-diff:forward"].button_style == ""
    assert set(rows(ui)) == {"dual", "finite-diff:central"}
    ui.engines["finite-diff:richardson"].value = True
    assert "finite-diff:richardson" in rows(ui)


def test_no_engine_switched_on_says_so_inline():
    ui = make(backends=["dual"])
    ui.engines["dual"].value = False
    assert "at least one engine" in ui.status.value


def test_step_slider_changes_the_finite_difference_rows():
    ui = make()
    assert ui.comparison["finite-diff:central"].step == pytest.approx(1e-6)
    before, dual = rows(ui)["finite-diff:central"], rows(ui)["dual"]
    ui.step.value = 1e-2
    assert ui.comparison["finite-diff:central"].step == pytest.approx(1e-2)
    assert ui.comparison["finite-diff:forward"].step == pytest.approx(1e-2)
    after = rows(ui)["finite-diff:central"]
    assert after[1] != before[1] and after[2] != before[2]  # gradient and error moved
    assert float(after[2]) > 1e-6  # h = 1e-2 central differences: error ~ h^2
    assert rows(ui)["dual"][1:3] == dual[1:3]  # exact engines do not care about the step


def test_float32_changes_the_jax_error():
    pytest.importorskip("jax")
    ui = make(backends=["jax", "dual"])
    assert ui.comparison["jax"].rel_error < 1e-14
    ui.precision.value = "float32"
    assert 1e-10 < ui.comparison["jax"].rel_error < 1e-5
    assert float(rows(ui)["jax"][2]) > 1e-10
    ui.precision.value = "float64"
    assert ui.comparison["jax"].rel_error < 1e-14


def test_bad_expression_text_shows_the_error_inline_and_keeps_the_function():
    ui = make()
    table = ui.table.value
    ui.function.value = "sin(x) + __import__('os')"
    assert "gradlab-error" in ui.status.value
    assert "Traceback" not in ui.status.value
    with pytest.raises(gl.ExpressionError) as err:
        gl.parse_expression("sin(x) + __import__('os')")
    assert str(err.value).replace("'", "&#x27;") in ui.status.value
    assert ui.table.value == table and list(ui.sliders) == ["x", "y"]


def test_new_expression_rebuilds_sliders_keeping_shared_values():
    ui = make()
    ui.sliders["x"].value = 0.75
    ui.function.value = "x**2 * z"
    assert list(ui.sliders) == ["x", "z"]
    assert ui.sliders["x"].value == 0.75 and ui.sliders["z"].value == 1.0
    assert rows(ui)["dual"][1] == "[1.5, 0.5625]"


def test_field_tab_only_for_two_variables():
    ui = make()
    assert ui.tabs.titles == ("results", "accuracy", "timing", "gradient field")
    three = make("x*y*z", {"x": 1.0, "y": 2.0, "z": 3.0})
    assert "gradient field" not in three.tabs.titles
    ui.function.value = "x*y*z"
    assert "gradient field" not in ui.tabs.titles
    ui.function.value = "x*y"
    assert "gradient field" in ui.tabs.titles


def test_figure_tabs_draw_png_when_shown_and_redraw_on_change():
    ui = make()
    assert len(ui.accuracy.image.value) == 0  # drawn only when its tab is shown
    for index, tab in ((1, ui.accuracy), (2, ui.timing), (3, ui.field)):
        ui.tabs.selected_index = index
        assert tab.image.value[:4] == PNG, tab.message.value
        assert tab.message.value == ""
    field = ui.field.image.value
    ui.sliders["y"].value = 2.5  # the marked point moves
    assert ui.field.image.value[:4] == PNG and ui.field.image.value != field
    ui.tabs.selected_index = 1
    accuracy = ui.accuracy.image.value
    ui.step.value = 1e-3  # the marked step moves
    assert ui.accuracy.image.value != accuracy


def test_accuracy_tab_without_a_finite_difference_engine_says_why():
    ui = make(backends=["dual"])
    ui.tabs.selected_index = 1
    assert "switch on a finite-diff engine" in ui.accuracy.message.value
    assert ui.accuracy.image.layout.display == "none"


def positive_only(x, y):
    if x <= 0:
        raise ValueError("x must be positive")
    return np.log(x) * y


def test_a_point_where_f_fails_is_reported_inline():
    ui = make(positive_only, {"x": 1.0, "y": 2.0})
    ui.sliders["x"].value = 0.0
    assert "gradlab-error" in ui.status.value and "x must be positive" in ui.status.value
    assert "gradlab-stale" in ui.table.value  # no table for x=1 left next to x=0
    ui.sliders["x"].value = 1.5
    assert "updated in" in ui.status.value and "x=1.5," in ui.table.value


def test_callable_with_an_array_point():
    ui = gl.explore(lambda v: np.sum(v**2), np.array([1.0, 2.0]), backends=["dual"],
                    timing_budget=0)
    assert list(ui.sliders) == ["v[0]", "v[1]"]
    ui.sliders["v[1]"].value = 3.0
    np.testing.assert_array_equal(ui.point(), [1.0, 3.0])
    assert rows(ui)["dual"][1] == "[2, 6]"
    assert ui.function.value == "" and "the lambda" in ui.function.placeholder


def test_matplotlib_settings_untouched():
    import matplotlib

    backend, params = matplotlib.get_backend(), dict(matplotlib.rcParams)
    ui = make()
    ui.tabs.selected_index = 2
    assert ui.timing.image.value[:4] == PNG
    assert matplotlib.get_backend() == backend and dict(matplotlib.rcParams) == params


def test_bad_arguments_are_input_errors():
    with pytest.raises(gl.InputError, match="dtype"):
        gl.explore("x*y", {"x": 1, "y": 2}, dtype="float16")
    with pytest.raises(gl.InputError, match="unknown backend"):
        gl.explore("x*y", {"x": 1, "y": 2}, backends=["nope"])


def test_busy_indicator_is_shown_while_computing():
    ui = make()
    shown = []
    ui.status.observe(lambda change: shown.append(change["new"]), names="value")
    ui.sliders["y"].value = 1.5
    assert "computing" in shown[0] and "updated in" in shown[-1]


def test_a_failure_at_a_new_point_clears_the_old_table():
    ui = gl.explore("log(x) * y", {"x": 1.0, "y": 2.0}, backends=["dual"])
    assert "x=1" in ui.table.value
    ui.sliders["x"].value = 0.0
    assert "gradlab-error" in ui.status.value
    assert "gradlab-stale" in ui.table.value and ui.comparison is None
    ui.sliders["x"].value = 2.0
    assert "x=2" in ui.table.value and ui.comparison is not None
