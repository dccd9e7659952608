"""Beyond the gradient, as users see it: the comparison of a Jacobian or Hessian (shape in the
tables, Frobenius errors, per-entry heat maps, frames and JSON carrying the matrices), the
magic's and the command line's --derivative flags, the explorer's derivative selector,
check(derivative=) and step_sweep(derivative=).

Truth is hand-derived: f(x, y) = x²y + y³ has the Hessian [[2y, 2x], [2x, 6y]]; the vector
function F(x, y) = (xy, sin x, x + y²) has the Jacobian [[y, x], [cos x, 0], [1, 2y]].
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from IPython.core.error import UsageError
from IPython.utils.capture import capture_output
from matplotlib.image import AxesImage

import gradlab as gl
from gradlab.comparison.drawing import EPS, HEATMAP_MAX
from gradlab.comparison.results import Comparison, Row
from gradlab.frontends import cli
from gradlab.frontends.magic import GradientMagics
from gradlab.problem import make_problem

AT = {"x": 1.0, "y": 2.0}
EXPRESSION = "x**2*y + y**3"


def f(x, y):
    return x**2 * y + y**3


def hessian_of_f(x, y):
    return [[2 * y, 2 * x], [2 * x, 6 * y]]


def vector_f(x, y):
    return np.array([x * y, np.sin(x), x + y**2])


def jacobian_of_vector_f(x, y):
    return np.array([[y, x], [np.cos(x), 0.0], [1.0, 2 * y]])


H = np.array(hessian_of_f(1.0, 2.0))  # [[4, 2], [2, 12]]
J = jacobian_of_vector_f(1.0, 2.0)


def exact(got, want):
    np.testing.assert_allclose(np.asarray(got, dtype=float), want, rtol=1e-12, atol=0)


def hessian_comparison(**kwargs):
    return gl.compare(f, AT, backends=["jax"], derivative="hessian", timing=False, **kwargs)


def made_comparison(matrices: dict[str, np.ndarray], reference: np.ndarray, *,
                    n: int | None = None, derivative: str = "hessian") -> Comparison:
    """A comparison of given matrices (no engine runs): for the display alone."""
    n = n or reference.shape[1]
    problem = make_problem(lambda x: float(np.sum(x**3)), [1.0] * n)
    rows = []
    for name, matrix in matrices.items():
        row = Row(name, gradient=matrix, value=matrix, operator=derivative)
        row.judge(reference.ravel())
        rows.append(row)
    return Comparison(problem, float(n), rows, reference.ravel(), "given", derivative=derivative)


# --- the comparison ---

def test_hessian_rows_carry_the_matrix_and_its_shape():
    cmp = hessian_comparison()
    row = cmp["jax"]
    exact(row.gradient, H)
    assert row.shape == (2, 2) and np.shape(row.flat) == (2, 2) and row.operator == "hessian"
    text = str(cmp)
    assert text.startswith("Hessian of")
    assert "shape 2×2" in text and "Frobenius" in text
    assert "hessian" in text.splitlines()[2]  # the value column is named after the operator
    assert "2×2 [[4, 2], [2, 12]]" in text
    assert "2×2 [[4, 2], [2, 12]]" in cmp._repr_html_() and "<th>hessian</th>" in \
        cmp._repr_html_()


def test_jacobian_of_a_vector_function_by_default():
    cmp = gl.compare(vector_f, AT, backends=["jax"], timing=False)
    assert cmp.derivative == "jacobian"
    exact(cmp["jax"].gradient, J)
    assert cmp.matrix_shape == (3, 2) and cmp.shape == (3, 2)
    assert "3×2 [[2, 1], [0.540302, 0], [1, 4]]" in str(cmp)
    assert "f = 3 [2, 0.8414709848, 5]" in str(cmp)  # an array output's value, with its size


def test_relative_error_is_normwise_frobenius():
    reference = np.array([[3.0, 4.0], [0.0, 0.0]])  # Frobenius norm 5
    off = reference + np.array([[0.0, 0.0], [0.3, 0.4]])  # an error of Frobenius norm 0.5
    cmp = made_comparison({"off": off}, reference)
    assert cmp["off"].rel_error == pytest.approx(0.1, rel=1e-15)  # max-norm would say 0.08
    assert cmp["off"].abs_error == pytest.approx(0.5, rel=1e-15)


class SloppyJacobian(gl.backends.Engine):
    """An exact engine whose Jacobian has one entry 1e-6 (relative) off."""

    description = "a Jacobian with one wrong entry"
    exact = True
    operators = frozenset({"gradient", "jacobian"})

    def compile(self, problem, operator="gradient"):
        def jacobian(x):
            values = jacobian_of_vector_f(*x)
            values[1, 0] *= 1 + 1e-6
            return values

        return gl.backends.Compiled(jacobian, operator=operator)


@pytest.fixture
def sloppy():
    gl.backends.register("sloppy", SloppyJacobian)
    try:
        yield "sloppy"
    finally:
        gl.backends.unregister("sloppy")


def test_a_wrong_matrix_is_never_ok(sloppy):
    """The trust rules hold for matrices: two independent engines agree on the Jacobian, and a
    third that is one entry off is flagged, with its error where the entry is."""
    cmp = gl.compare(vector_f, AT, backends=["jax", "finite-diff:richardson", sloppy],
                     timing=False)
    exact(cmp.reference_value, J)
    assert cmp["jax"].ok and cmp["finite-diff:richardson"].ok
    row = cmp[sloppy]
    assert row.status == "disagrees", row.error
    assert row.rel_error == pytest.approx(1e-6 * abs(J[1, 0]) / np.linalg.norm(J), rel=1e-6)
    assert "DISAGREES" in str(cmp)
    images = heatmaps(cmp.plot())
    worst = np.asarray(images[-1].get_array())
    assert np.unravel_index(np.argmax(worst), worst.shape) == (1, 0)


def test_frame_dict_and_json_carry_the_matrices():
    cmp = hessian_comparison()
    frame = cmp.to_frame()
    value = frame.loc["jax", "value"]
    assert isinstance(value, np.ndarray) and value.shape == (2, 2)
    exact(value, H)
    assert frame.loc["jax", "derivative"] == "hessian"
    data = cmp.to_dict()
    assert data["derivative"] == "hessian" and data["shape"] == [2, 2]
    row = data["results"][0]
    assert "gradient" not in row  # a Hessian row never calls its value a gradient
    exact(row["value"], H)
    assert row["shape"] == [2, 2]
    decoded = json.loads(cmp.to_json())
    exact(decoded["results"][0]["value"], H)
    exact(json.loads(made_comparison({"given": H}, H).to_json())["reference"], H)


def test_gradient_rows_keep_their_gradient_key():
    cmp = gl.compare(f, AT, backends=["jax"], timing=False)
    row = cmp.to_dict()["results"][0]
    exact(row["gradient"], [4.0, 13.0])
    assert row["value"] == row["gradient"] and cmp.to_dict()["derivative"] == "gradient"


def test_directional_products_name_their_direction():
    v = np.array([1.0, -1.0])
    cmp = gl.compare(f, AT, backends=["jax"], derivative="hvp", direction=v, timing=False)
    exact(cmp["jax"].gradient, H @ v)
    assert "along v = [1, -1]" in str(cmp)
    assert cmp.to_dict()["direction"] == [1.0, -1.0]


# --- the heat map ---

def heatmaps(fig):
    return [image for ax in fig.get_axes() for image in ax.get_images()
            if isinstance(image, AxesImage)]


def figure_texts(fig):
    return [t.get_text() for f in [fig, *fig.subfigs] for t in f.texts]


def test_heat_map_shows_each_entrys_relative_error():
    reference = np.array([[4.0, 2.0], [2.0, 12.0]])
    off = reference.copy()
    off[0, 1] += 1e-3
    cmp = made_comparison({"exact": reference.copy(), "off": off}, reference)
    fig = cmp.plot()
    images = heatmaps(fig)
    assert len(images) == 2
    scale = np.linalg.norm(reference)
    shown = np.asarray(images[1].get_array())
    assert shown.shape == (2, 2)
    np.testing.assert_allclose(shown[0, 1], 1e-3 / scale, rtol=1e-12, atol=0)
    assert np.all(shown[[0, 1, 1], [0, 0, 1]] == EPS / 10)  # exact entries sit at the floor
    assert np.all(np.asarray(images[0].get_array()) == EPS / 10)
    assert [ax.get_title() for ax in fig.get_axes() if ax.get_images()] == ["exact", "off"]


def test_heat_map_and_latex_of_an_engine_jacobian():
    cmp = gl.compare(vector_f, AT, backends=["jax", "sympy"], timing=False)
    images = heatmaps(cmp.plot())
    assert images and all(np.asarray(i.get_array()).shape == (3, 2) for i in images)
    assert cmp._repr_latex_().startswith(r"$\displaystyle J_f = ")
    assert r"\cos{\left(x \right)}" in cmp._repr_latex_()


@pytest.mark.parametrize("n, drawn", [(HEATMAP_MAX, True), (HEATMAP_MAX + 1, False)])
def test_heat_map_up_to_20_by_20_and_a_message_beyond(n, drawn):
    reference = np.diag(np.arange(1.0, n + 1))
    cmp = made_comparison({"a": reference.copy(), "b": reference * (1 + 1e-9)}, reference)
    fig = cmp.plot()
    assert bool(heatmaps(fig)) is drawn
    message = [t for t in figure_texts(fig) if "heat map" in t]
    if drawn:
        assert not message
    else:
        assert message and f"up to {HEATMAP_MAX}×{HEATMAP_MAX}" in message[0]
        assert f"{n}×{n}" in message[0]


def test_gradient_plot_has_no_heat_map():
    assert not heatmaps(gl.compare(f, AT, backends=["jax"], timing=False).plot())


def test_latex_of_a_hessian_is_a_matrix_and_never_the_gradient():
    import sympy

    x, y = sympy.symbols("x y")
    cmp = made_comparison({"sympy": H.copy()}, H)
    cmp.results[0].details = {"gradient": [2 * x * y, x**2 + 3 * y**2]}
    assert cmp._repr_latex_() is None  # only the gradient's expressions: no Hessian to show
    cmp.results[0].details["derivative"] = sympy.Matrix([[2 * x], [x**2 + 3 * y**2]])
    assert cmp._repr_latex_() is None  # a matrix of another shape is not this Hessian
    cmp.results[0].details["derivative"] = sympy.Matrix([[2 * y, 2 * x], [2 * x, 6 * y]])
    latex = cmp._repr_latex_()
    assert latex.startswith(r"$\displaystyle \nabla^2 f = ") and r"\begin{matrix}" in latex
    assert "6 y" in latex


# --- %%gradient ---

@pytest.fixture(scope="module")
def ip(ipython_shell):
    ipython_shell.run_line_magic("load_ext", "gradlab")
    return ipython_shell


def magic(ip, line, cell):
    with capture_output() as shown:
        result = ip.run_cell_magic("gradient", line, cell)
    return result, shown


@pytest.mark.parametrize("flag", ["--hessian", "--derivative hessian"])
def test_magic_hessian(ip, flag):
    cmp, shown = magic(ip, f"x=1 y=2 {flag} -b jax --no-timing -o hess", EXPRESSION)
    assert cmp.derivative == "hessian" and ip.user_ns["hess"] is cmp
    exact(cmp["jax"].gradient, H)
    assert "2×2 [[4, 2], [2, 12]]" in shown.outputs[0].data["text/plain"]


def test_magic_shows_sympys_hessian_below_the_table(ip):
    _, shown = magic(ip, "x=1 y=2 --hessian -b sympy,jax --no-timing", EXPRESSION)
    symbolic = [o.data for o in shown.outputs if "text/latex" in o.data]
    assert len(symbolic) == 1
    assert symbolic[0]["text/latex"].startswith(r"$\displaystyle \nabla^2 f = ")
    assert symbolic[0]["text/plain"] == "∇²f =\n  [2*y, 2*x]\n  [2*x, 6*y]"


def test_magic_jacobian_of_a_vector_function(ip):
    cell = "import numpy as np\ndef vec(x, y):\n    return np.array([x * y, np.sin(x), x + y**2])\n"
    cmp, _ = magic(ip, "x=1 y=2 --jacobian -b jax --no-timing -o jac", cell)
    assert cmp.derivative == "jacobian"
    exact(cmp["jax"].gradient, J)


@pytest.mark.parametrize("direction", ["1,-1", "[1, -1]", "v_direction"])
def test_magic_direction(ip, direction):
    ip.user_ns["v_direction"] = np.array([1.0, -1.0])
    cmp, _ = magic(ip, f"x=1 y=2 --derivative hvp --direction {direction} -b jax --no-timing "
                       "-o prod", EXPRESSION)
    exact(cmp.direction, [1.0, -1.0])
    exact(cmp["jax"].gradient, H @ [1.0, -1.0])


@pytest.mark.parametrize("line, message", [
    ("x=1 y=2 --hessian --jacobian", "choose one derivative, not hessian and jacobian"),
    ("x=1 y=2 --hessian --direction 1,0", "--direction is for hvp, jvp and vjp"),
    ("x=1 y=2 --derivative hvp --direction 1,a", "is not a list of numbers"),
    ("x=1 y=2 --derivative laplacian", "invalid choice"),
])
def test_magic_derivative_errors(ip, line, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        magic(ip, line, EXPRESSION)


def test_magic_help_documents_the_derivative_flags(ip):
    with capture_output() as shown:
        ip.run_cell("%%gradient?")
    for option in ("--derivative", "--hessian", "--jacobian", "--direction", "hvp", "vjp"):
        assert option in shown.stdout, option
    assert "--hessian" in GradientMagics.gradient.__doc__


# --- the command line ---

def run(capsys, *args):
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("flag", [["--hessian"], ["--derivative", "hessian"]])
def test_cli_hessian(capsys, flag):
    status, out, err = run(capsys, "compare", EXPRESSION, "--at", "x=1,y=2", *flag,
                           "--backends", "jax", "--no-timing", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["derivative"] == "hessian" and data["shape"] == [2, 2]
    exact(data["results"][0]["value"], H)


def test_cli_direction_and_table(capsys):
    status, out, err = run(capsys, "compare", EXPRESSION, "--at", "x=1,y=2", "--derivative",
                           "hvp", "--direction=-1,0", "--backends", "jax", "--no-timing")
    assert status == 0, err
    assert "Hessian-vector product" in out and "along v = [-1, 0]" in out
    assert "[-4, -2]" in out


@pytest.mark.parametrize("args, message", [
    (["--hessian", "--jacobian"], "not allowed with argument"),
    (["--hessian", "--direction", "1,0"], "for the hessian times v write --derivative hvp"),
    (["--derivative", "hvp", "--direction", "1,x"], "not a list of numbers"),
])
def test_cli_derivative_errors(capsys, args, message):
    status, _, err = run(capsys, "compare", EXPRESSION, "--at", "x=1,y=2", *args,
                         "--backends", "jax")
    assert status == cli.EXIT_BAD_INPUT and message in err


def test_cli_help_lists_the_derivative_flags():
    text = cli.build_parser()._subparsers._group_actions[0].choices["compare"].format_help()
    for option in ("--derivative", "--hessian", "--jacobian", "--direction"):
        assert option in text


# --- the explorer ---

def test_explorer_offers_the_hessian_of_a_scalar_function():
    ui = gl.explore(EXPRESSION, AT, backends=["jax", "sympy"], timing_budget=0)
    assert tuple(ui.derivative.options) == ("gradient", "hessian")
    assert ui.comparison.derivative == "gradient" and "gradient field" in ui.tabs.titles
    ui.derivative.value = "hessian"
    assert ui.comparison.derivative == "hessian"
    exact(ui.comparison["jax"].gradient, H)
    assert "2×2 [[4, 2], [2, 12]]" in ui.table.value
    assert "gradient field" not in ui.tabs.titles  # the field is the gradient's view only
    ui.tabs.selected_index = ui.tabs.titles.index("entries")
    assert bytes(ui.entries.image.value[:4]) == b"\x89PNG", ui.entries.message.value


def test_explorer_offers_the_jacobian_of_a_vector_function():
    ui = gl.explore(vector_f, AT, backends=["jax"], timing_budget=0)
    assert tuple(ui.derivative.options) == ("jacobian",) and ui.derivative.disabled
    assert ui.comparison.derivative == "jacobian"
    exact(ui.comparison["jax"].gradient, J)
    ui.tabs.selected_index = ui.tabs.titles.index("entries")
    assert bytes(ui.entries.image.value[:4]) == b"\x89PNG", ui.entries.message.value


def test_explorer_refuses_a_derivative_the_function_has_not():
    with pytest.raises(gl.InputError, match="offers jacobian for an array-valued function"):
        gl.explore(vector_f, AT, backends=["jax"], timing_budget=0, derivative="hessian")


# --- check(derivative=) ---

def wrong_hessian(x, y):
    hessian = hessian_of_f(x, y)
    hessian[0][1] = hessian[1][0] = 2.2 * x  # 10 % off: the mixed partial
    return hessian


CHECKERS = ["jax", "sympy", "finite-diff:central"]


def test_check_passes_a_right_hessian():
    result = gl.check(f, hessian_of_f, [1.3, 0.7], backends=CHECKERS, derivative="hessian")
    assert result.ok, str(result)
    assert str(result).startswith("Hessian check of")
    assert "OK: the Hessian agrees" in str(result)


def test_check_catches_a_wrong_hessian_entry():
    result = gl.check(f, wrong_hessian, [1.3, 0.7], backends=CHECKERS, derivative="hessian")
    assert not result.ok
    assert result.suspects == ["∂²f/∂x∂y", "∂²f/∂y∂x"]
    for engine in result.ran:
        assert engine.status == "disagrees" and engine.bad_components == [1, 2]
    assert "MISMATCH in ∂²f/∂x∂y" in str(result)


def test_check_a_jacobian_and_its_entries():
    assert gl.check(vector_f, jacobian_of_vector_f, AT, backends=["jax"],
                    derivative="jacobian").ok

    def swapped(x, y):
        jacobian = jacobian_of_vector_f(x, y)
        jacobian[1, 0] = -jacobian[1, 0]
        return jacobian

    result = gl.check(vector_f, swapped, AT, backends=["jax"], derivative="jacobian")
    assert result.suspects == ["∂f[1]/∂x"]


def test_check_refuses_a_hessian_of_the_wrong_size():
    with pytest.raises(gl.InputError, match="returned 3 values"):
        gl.check(f, lambda x, y: [1.0, 2.0, 3.0], AT, backends=["jax"], derivative="hessian")
    with pytest.raises(gl.InputError, match="derivative= one of gradient, jacobian, hessian"):
        gl.check(f, hessian_of_f, AT, backends=["jax"], derivative="hvp")


# --- step_sweep(derivative=) ---

def test_step_sweep_of_the_hessian():
    def g(x, y):
        return np.exp(x) * np.sin(y)

    at = {"x": 0.3, "y": 0.8}
    sweep = gl.step_sweep(g, at, ["central"], steps=np.logspace(-9, -1, 17),
                          derivative="hessian")
    truth = np.array([[math.exp(0.3) * math.sin(0.8), math.exp(0.3) * math.cos(0.8)],
                      [math.exp(0.3) * math.cos(0.8), -math.exp(0.3) * math.sin(0.8)]])
    exact(sweep.reference.reshape(2, 2), truth)
    errors = sweep.errors["central"]
    assert sweep.derivative == "hessian"
    assert np.nanmin(errors) < 1e-6  # second differences reach ~eps^(1/2) at their best step
    best = sweep.best_step["central"]
    assert 1e-6 <= best <= 1e-2  # the Hessian wants a far larger step than the gradient
    assert errors[0] > 1e-3  # at h = 1e-9 round-off (eps/h^2) swamps the Hessian
    assert "Step sweep (hessian, Frobenius)" in str(sweep)
    assert "‖H̃ − H‖_F" in sweep.plot().axes[0].get_ylabel()


def test_step_sweep_refuses_what_it_cannot_measure():
    with pytest.raises(gl.InputError, match="derivative= one of gradient, jacobian, hessian"):
        gl.step_sweep(f, AT, ["central"], derivative="hvp")


def test_step_sweep_leaves_out_a_method_that_never_runs():
    def real_only(x):
        if np.iscomplexobj(x):
            raise TypeError("real numbers only")
        return x**3

    sweep = gl.step_sweep(real_only, [0.5], ["central", "complex-step"])
    assert list(sweep.errors) == ["central"]
    assert "not complex-safe" in sweep.skipped["complex-step"]
    assert "complex-step: left out" in str(sweep)
    texts = [t.get_text() for t in sweep.plot().axes[0].texts]
    assert any(t.startswith("left out: complex-step") for t in texts)


def test_step_sweep_plot_leaves_a_failed_step_as_a_gap_not_a_perfect_point():
    sweep = gl.step_sweep(f, AT, ["central"], steps=[1e-6, 1e-4])
    sweep.errors["central"] = np.array([np.nan, 1e-8])  # the first step failed
    line = next(line for line in sweep.plot().axes[0].get_lines()
                if line.get_label() == "central")
    shown = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(shown[0]) and shown[1] == 1e-8


def test_explorer_accuracy_tab_sweeps_the_hessian():
    ui = gl.explore(EXPRESSION, AT, backends=["finite-diff:central", "finite-diff:forward"],
                    timing_budget=0)
    ui.derivative.value = "hessian"
    ui.tabs.selected_index = ui.tabs.titles.index("accuracy")
    assert bytes(ui.accuracy.image.value[:4]) == b"\x89PNG", ui.accuracy.message.value
