"""Figures render under Agg with the expected panels and labels, and never touch global settings."""

import matplotlib
import numpy as np
import pytest

import gradlab as gl

EXPR, POINT = "sin(x)*exp(x*y)", {"x": 0.5, "y": 1.2}


@pytest.fixture(scope="module")
def cmp():
    def g(x, y):
        return np.sqrt(abs(x)) * y

    return gl.compare(g, [-1.0, 2.0], backends=["dual", "finite-diff:central",
                                                  "finite-diff:complex-step"])


def test_comparison_figure_has_error_and_time_panels(cmp):
    fig = gl.plot_comparison(cmp)
    error_ax, time_ax = fig.axes[:2]
    assert error_ax.get_xscale() == "log" and time_ax.get_xscale() == "log"
    assert "sympy" in error_ax.get_title()  # the reference is named
    labels = [t.get_text() for t in error_ax.get_yticklabels()]
    assert labels == cmp.backends
    texts = [t.get_text() for t in error_ax.texts]
    assert "failed" in texts  # complex step fails on abs(): drawn as failed, not dropped
    assert "exactly 0" in texts  # dual is exact here: shown at the floor
    legend = [t.get_text() for t in time_ax.get_legend().get_texts()]
    assert any("setup" in t for t in legend) and any("per call" in t for t in legend)
    fig.savefig(__import__("io").BytesIO(), format="png")


def test_comparison_plot_method_and_bad_input(cmp):
    assert type(cmp.plot()).__name__ == "Figure"
    with pytest.raises(gl.InputError, match="gradlab.compare"):
        gl.plot_comparison({"not": "a comparison"})


def test_plotting_leaves_backend_and_rcparams_alone(cmp):
    backend = matplotlib.get_backend()
    params = dict(matplotlib.rcParams)
    cmp.plot()
    gl.plot_field("x**2 + y", ((-1, 1), (-1, 1)), backend="numpy", points=5)
    gl.step_sweep("exp(x)", [0.3], methods=["central"], steps=[1e-3, 1e-2]).plot()
    assert matplotlib.get_backend() == backend
    assert dict(matplotlib.rcParams) == params


def test_field_draws_contours_arrows_and_error_heatmap():
    fig = gl.plot_field("sin(x)*cos(y)", {"x": (-2, 2), "y": (-1, 1)}, backend="numpy",
                        compare_with="dual", points=9)
    main, heat = fig.axes[:2]
    assert main.get_xlabel() == "x" and main.get_ylabel() == "y"
    kinds = {type(c).__name__ for c in main.get_children()}
    assert "Quiver" in kinds
    assert len(main.collections) > 1  # contour sets + quiver
    assert "numpy" in heat.get_title() and "dual" in heat.get_title()
    assert len(heat.collections) == 1  # the heatmap


def test_field_gradient_matches_engine_on_grid():
    from gradlab.frontends.plots import _gradient_grid
    from gradlab.problem import make_problem

    problem = make_problem("x**2*y", {"x": 0.0, "y": 0.0})
    axes = [np.linspace(-1, 1, 5), np.linspace(0, 2, 3)]
    values, gx, gy = _gradient_grid(problem, axes, "dual", None)
    X, Y = np.meshgrid(*axes, indexing="ij")
    np.testing.assert_allclose(values, X**2 * Y, rtol=1e-15, atol=0)
    np.testing.assert_allclose(gx, 2 * X * Y, rtol=1e-15, atol=0)
    np.testing.assert_allclose(gy, X**2, rtol=1e-15, atol=0)
    _, nx, ny = _gradient_grid(problem, axes, "numpy", None)
    # quadratic: edge_order=2 is exact up to round-off (atol for the zeros of the grid)
    np.testing.assert_allclose(ny, X**2, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(nx, 2 * X * Y, rtol=1e-13, atol=1e-14)


def test_field_rejects_bad_input():
    with pytest.raises(gl.InputError, match="takes 3 argument"):
        gl.plot_field("x*y*z", ((0, 1), (0, 1)))
    with pytest.raises(gl.InputError, match="min < max"):
        gl.plot_field("x*y", ((1, 0), (0, 1)))
    with pytest.raises(gl.InputError, match="two ranges"):
        gl.plot_field("x*y", ((0, 1),))


def test_single_panel_draws_on_given_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    assert gl.plot_field("x*y", ((0, 1), (0, 1)), backend="dual", points=4, ax=ax) is fig


def test_field_of_a_function_of_one_vector():
    fig = gl.plot_field(lambda v: v[0] ** 2 + 3 * v[1], ((0, 1), (0, 1)), backend="dual",
                        points=4)
    assert fig.axes[0].get_xlabel() == "v[0]"


def test_a_bare_figure_displays_as_png_in_ipython(ipython_shell):
    from matplotlib.figure import Figure

    shell = ipython_shell
    cmp = gl.compare("x*y", {"x": 1.0, "y": 2.0}, backends=["dual"], timing=False)
    fig = gl.plot_comparison(cmp)
    printer = shell.display_formatter.formatters["image/png"].lookup(fig)
    png = printer(fig)
    assert png[:4] == b"\x89PNG"
    assert isinstance(fig, Figure)


def test_field_options_go_to_their_own_engine():
    first = gl.plot_field("x**2 + y**2", ((-1, 1), (-1, 1)), backend="numpy", compare_with="dual",
                          points=7, options={"numpy": {"edge_order": 1}})
    second = gl.plot_field("x**2 + y**2", ((-1, 1), (-1, 1)), backend="numpy",
                           compare_with="dual", points=7, options={"numpy": {"edge_order": 2}})
    worst = [fig.axes[1].collections[0].get_array().max() for fig in (first, second)]
    assert worst[0] > -2 > worst[1]  # edge_order=1 is wrong at the boundary; 2 is exact


def test_field_region_dict_is_matched_by_name():
    fig = gl.plot_field(lambda x, y: x + 0 * y, {"y": (10, 20), "x": (-1, 1)}, backend="dual",
                        points=5)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "x" and ax.get_xlim()[1] <= 1.5 and ax.get_ylim()[0] >= 9
