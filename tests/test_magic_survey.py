"""``%%gradient ... --points N``: a survey from the magic, driven through an in-process IPython
shell. Truth: the gradient of sin(x)·exp(xy) derived by hand."""

import numpy as np
import pytest
from IPython.core.error import UsageError
from IPython.utils.capture import capture_output
from optional_engines import require

from gradlab.frontends.magic import GradientMagics

FAST = "-b dual,jax --no-timing"
EXPRESSION = "sin(x) * exp(x*y)"


def hand_gradient(x, y):
    return [np.exp(x * y) * (np.cos(x) + y * np.sin(x)), x * np.sin(x) * np.exp(x * y)]


@pytest.fixture(scope="module")
def ip(ipython_shell):
    ipython_shell.run_line_magic("load_ext", "gradlab")
    return ipython_shell


def survey_magic(ip, line, cell=EXPRESSION):
    with capture_output() as shown:
        result = ip.run_cell_magic("gradient", line, cell)
    return result, shown.stdout + "\n".join(o.data.get("text/plain", "") for o in shown.outputs)


def assert_hand_gradients(frame, box):
    assert len(frame) == 2 * frame["point"].nunique()
    for _, row in frame.iterrows():
        for name, (low, high) in box.items():
            assert low <= row[name] <= high, (name, row[name])
        np.testing.assert_allclose(row["derivative"], hand_gradient(row["x"], row["y"]),
                                   rtol=1e-12, atol=0)
        assert row["status"] == "ok", row


def test_points_survey_a_box_around_the_point(ip):
    survey, text = survey_magic(ip, f"x=0.5 y=2 --points 6 -o surveyed {FAST}")
    assert ip.user_ns["surveyed"] is survey
    frame = survey.to_frame()
    assert sorted(frame["point"].unique()) == list(range(6))
    assert_hand_gradients(frame, {"x": (0.0, 1.0), "y": (1.0, 3.0)})
    assert "6 uniform points (seed 0) in x in [0, 1], y in [1, 3]" in text  # the box, said
    assert "Survey of" in text and "dual" in text and "jax" in text  # the Survey, shown
    assert "<table" in survey._repr_html_()


def test_worst_points_are_shown_under_the_summary(ip):
    line = "x=0.5 y=0 --points 20 --region x=-0.01:0.01 --dtype float32 -o s " + FAST
    survey, text = survey_magic(ip, line, "(1 - cos(x)) / x**2 * exp(y)")  # float32 cancels
    shown = [w for w in survey.worst(5) if w.wrong]
    assert len(shown) == 5 and all("jax" in w.wrong for w in shown)
    table = text[text.index("The 5 worst points"):].splitlines()[3:]
    assert [row.split()[0] for row in table] == [str(w.index) for w in shown]
    _, smooth = survey_magic(ip, f"x=0.5 y=2 --points 3 {FAST}")
    assert "worst points: none; no engine disagrees, is inaccurate or not finite" in smooth


def test_region_option_with_spaces_and_sobol(ip):
    survey, text = survey_magic(ip, f"--points 4 --region x=-2:2, y=-1:3 --sobol --seed 5 "
                                    f"-o s {FAST}")
    assert "4 sobol points (seed 5) in x in [-2, 2], y in [-1, 3]" in text
    assert_hand_gradients(survey.to_frame(), {"x": (-2, 2), "y": (-1, 3)})


def test_region_for_some_variables_and_the_box_for_the_others(ip):
    survey, text = survey_magic(ip, f"x=0.5 y=-4 --points 3 --region x=10:11 -o s {FAST}")
    assert "in x in [10, 11], y in [-6, -2]" in text
    assert_hand_gradients(survey.to_frame(), {"x": (10, 11), "y": (-6, -2)})


def test_def_cell_and_without_output_returns_nothing(ip):
    cell = "def wave(x, y):\n    return np.sin(x) * np.exp(x * y)\n"
    ip.user_ns["np"] = np
    result, text = survey_magic(ip, f"x=0.5 y=2 --points 2 {FAST}", cell)
    assert result is None and "wave()" in text


def test_line_magic_and_the_equals_spelling(ip):
    ip.run_cell("import numpy as np\ndef wave(x, y):\n    return np.sin(x) * np.exp(x * y)\n")
    with capture_output():
        survey = ip.run_line_magic("gradient", f"wave --points 3 --region=x=-2:2,y=-1:3 -o s "
                                               f"{FAST}")
    assert_hand_gradients(survey.to_frame(), {"x": (-2, 2), "y": (-1, 3)})


def test_scheduler_runs_on_that_cluster_and_gives_the_serial_table(ip):
    require("distributed")
    import distributed

    serial, _ = survey_magic(ip, f"x=0.5 y=2 --points 5 -o s {FAST}")
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cl:
        clustered, text = survey_magic(ip, f"x=0.5 y=2 --points 5 -o s --scheduler "
                                           f"{cl.scheduler_address} {FAST}")
        ran_there = "run_chunk" in cl.scheduler.task_prefixes  # the survey's tasks
    assert ran_there and f"on the cluster at {cl.scheduler_address}" in text
    columns = ["point", "x", "y", "backend", "status"]
    assert clustered.to_frame()[columns].equals(serial.to_frame()[columns])
    for a, b in zip(clustered.to_frame()["derivative"], serial.to_frame()["derivative"]):
        np.testing.assert_array_equal(a, b)


ERRORS = [
    ("x=1 y=2 --region x=0:1", r"--region is for surveys; add --points N"),
    ("x=1 y=2 --seed 3", r"--seed is for surveys; add --points N"),
    ("x=1 y=2 --points 0", r"--points needs a whole number of points, at least 1, not 0"),
    ("x=1 y=2 --points many", r"argument --points: invalid int value: 'many'"),
    ("x=1 y=2 --points 5 --region x=1:0", r"--region: x=1:0: the low end \(1\) must be below"),
    ("x=1 y=2 --points 5 --region x=1:2:3", r"--region: x=1:2:3 is not a range"),
    ("x=1 y=2 --points 5 --region x=a:2", r"--region: x: the low end 'a' is not a number"),
    ("x=1 y=2 --points 5 --widget", r"--widget is for one point; leave it out with --points"),
    ("x=1 y=2 --points 5 --code", r"--code is for one point"),
    ("x=1 y=2 --points 5 --region z=0:1", r"gives z=\.\.\., but the expression does not use"),
    ("--points 5", r"--points needs the variables: give a point .* or their ranges"),
]


def test_region_names_that_are_not_parameters(ip):
    with pytest.raises(UsageError, match=r"'z', which is not a parameter of f\(\)"):
        survey_magic(ip, f"x=1 --points 3 --region z=0:1 {FAST}", "def f(x):\n    return x\n")


@pytest.mark.parametrize("line, message", ERRORS)
def test_bad_survey_options(ip, line, message):
    with pytest.raises(UsageError, match=message):
        survey_magic(ip, f"{line} {FAST}")
    assert ip.run_cell("1 + 1").success


def test_help_documents_the_survey_options(ip):
    doc = " ".join(GradientMagics.gradient.__doc__.split())
    for option in ("--points", "--region", "--sobol", "--seed", "--scheduler",
                   "x=-2:2,y=-1:3", "a box around the point"):
        assert option in doc, option
