"""``gradlab survey``: every engine at many points of a region, from the command line.
Truth: the gradient of sin(x)·exp(xy) derived by hand."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from optional_engines import require

from gradlab.frontends.cli import main

EXPRESSION = "sin(x)*exp(x*y)"
REGION = ["--region", "x=-2:2,y=-1:3"]
FAST = ["--backends", "dual,jax", "--no-timing"]


def hand_gradient(x, y):
    return [np.exp(x * y) * (np.cos(x) + y * np.sin(x)), x * np.sin(x) * np.exp(x * y)]


def cli(capsys, *argv):
    status = main(["survey", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_text_summary_by_default(capsys):
    status, out, err = cli(capsys, EXPRESSION, *REGION, "--points", "5", *FAST)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "5 uniform points (seed 0) in x in [-2, 2], y in [-1, 3]"
    assert "5 of 5 points" in lines[1]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:] if line.split()}
    for engine in ("dual", "jax"):
        assert rows[engine][:2] == ["5", "5"], rows[engine]  # 5 points, 5 ok


def test_json_has_every_row_with_the_hand_gradient(capsys):
    status, out, err = cli(capsys, EXPRESSION, *REGION, "--points", "7", "--sobol", "--seed",
                           "3", *FAST, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert (data["method"], data["seed"], data["points"]) == ("sobol", 3, 7)
    assert data["region"] == {"x": [-2.0, 2.0], "y": [-1.0, 3.0]}
    assert data["variables"] == ["x", "y"] and data["failed"] == {}
    assert [s["backend"] for s in data["summary"]] == ["dual", "jax"]
    assert all(s["ok"] == 7 for s in data["summary"])
    rows = data["rows"]
    assert sorted((r["point"], r["backend"]) for r in rows) == \
        sorted((i, b) for i in range(7) for b in ("dual", "jax"))
    for row in rows:
        assert -2 <= row["x"] <= 2 and -1 <= row["y"] <= 3
        np.testing.assert_allclose(row["derivative"], hand_gradient(row["x"], row["y"]),
                                   rtol=1e-12, atol=0)
        assert row["status"] == "ok" and row["time_s"] is None  # --no-timing


def test_a_function_from_a_file_and_a_vector_region(capsys, tmp_path):
    model = tmp_path / "model.py"
    model.write_text("import numpy as np\n\ndef energy(v):\n    return np.sum(v ** 3)\n")
    status, out, err = cli(capsys, f"{model}:energy", "--region", "v=[-1:1, 2:3]",
                           "--points", "4", "--backends", "dual", "--json")
    assert status == 0, err
    for row in json.loads(out)["rows"]:
        v = np.array([row["v[0]"], row["v[1]"]])
        assert -1 <= v[0] <= 1 and 2 <= v[1] <= 3
        np.testing.assert_allclose(row["derivative"], 3 * v ** 2, rtol=1e-12, atol=0)


BAD = [
    (["--region", "x=-2:2,y=3:1"], r"--region: y=3:1: the low end \(3\) must be below the "
                                   r"high end \(1\)"),
    (["--region", "x=-2:2,y"], r"--region: 'y' is not name=LOW:HIGH"),
    (["--region", "x=-2:2,y=-1"], r"--region: y=-1 is not a range; write y=LOW:HIGH"),
    (["--region", "x=-2:2,y=low:3"], r"--region: y: the low end 'low' is not a number"),
    (["--region", "x=-2:2,y=0:nan"], r"--region: y: the high end 'nan' is not finite"),
    (["--region", ","], r"--region: no ranges given"),
    (["--region", "x=-2:2,z=0:1"], r"\(x, z\) do not fit"),
    ([*REGION, "--points", "0"], r"--points needs a whole number of points, at least 1, not 0"),
    ([*REGION, "--points", "ten"], r"argument --points: invalid int value: 'ten'"),
    ([*REGION, "--backends", ","], r"--backends is empty"),
    ([], r"the following arguments are required: --region"),
]


@pytest.mark.parametrize("argv, message", BAD)
def test_bad_input_one_line_and_status_2(capsys, argv, message):
    status, out, err = cli(capsys, EXPRESSION, *argv)
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("gradlab: error: ")
    assert re.search(message, err), err


def test_scheduler_gives_the_serial_rows(capsys):
    require("distributed")
    import distributed

    argv = [EXPRESSION, *REGION, "--points", "5", *FAST, "--json"]
    serial = json.loads(cli(capsys, *argv)[1])["rows"]
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cl:
        status, out, err = cli(capsys, *argv, "--scheduler", cl.scheduler_address)
        ran_there = "run_chunk" in cl.scheduler.task_prefixes  # the survey's tasks
    assert status == 0 and ran_there, err
    assert json.loads(out)["rows"] == serial  # no timing: every value is the serial one


def test_a_scheduler_address_that_answers_nothing(capsys, monkeypatch):
    require("distributed")
    monkeypatch.setattr("gradlab.frontends.survey_front.CONNECT_TIMEOUT_S", 1)
    status, _, err = cli(capsys, EXPRESSION, *REGION, "--scheduler", "tcp://127.0.0.1:1")
    assert status == 2 and "could not reach a Dask scheduler at 'tcp://127.0.0.1:1'" in err


def test_runs_as_a_command():
    done = subprocess.run([sys.executable, "-m", "gradlab", "survey", EXPRESSION, *REGION,
                           "--points", "3", "--backends", "dual", "--json"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["rows"]) == 3
