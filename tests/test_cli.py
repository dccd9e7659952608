"""The ``gradlab`` command line, run the way a user runs it: ``python -m gradlab ...``."""

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from tolerances import assert_gradient

import gradlab as gl
from gradlab.frontends.cli import parse_point

HERE = Path(__file__).parent
FUNCS = HERE / "snippet_functions.py"
SEED = ["compare", "q*chi*delta", "--at", "q=1,chi=2,delta=3"]


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gradlab", *map(str, args)],
                          capture_output=True, text=True, timeout=300, cwd=cwd, check=False)


def test_seed_every_engine_row_says_6_3_2():
    done = run_cli(*SEED, "--no-timing")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    rows = [line for line in lines if line.split() and line.split()[0] in
            gl.backends.default_specs()]
    assert len(rows) == len(gl.backends.default_specs()) == 8
    for row in rows:
        assert "[6, 3, 2]" in row, row


def test_seed_json_has_the_default_rows():
    done = run_cli(*SEED, "--json", "--no-timing")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data["results"]) == 8
    assert data["variables"] == ["q", "chi", "delta"]
    for row in data["results"]:
        assert row["status"] == "ok", row
        assert_gradient(row["gradient"], [6, 3, 2], row["backend"])
        assert row["code"]


def test_function_from_a_file_with_code():
    done = run_cli("compare", f"{FUNCS}:wave", "--at", "x=0.5,y=2", "--backends",
                   "dual,finite-diff:central", "--no-timing", "--code")
    assert done.returncode == 0, done.stderr
    assert "wave()" in done.stdout and "[4.99194419, 0.6516068648]" in done.stdout
    assert "# --- dual ---" in done.stdout and "def wave(x, y):" in done.stdout


@pytest.mark.parametrize("point", ["x=[1.2,0.8,1.5]", "[1.2, 0.8, 1.5]"])
def test_vector_point_named_or_alone(point):
    done = run_cli("compare", f"{FUNCS}:rosenbrock", "--at", point, "--backends", "dual",
                   "--json", "--no-timing")
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout)["results"][0]
    np.testing.assert_allclose(row["gradient"], [307.6, -403.6, 172.0], rtol=1e-12)


def test_wrt_and_backends():
    done = run_cli("compare", "x*y**2", "--at", "x=3,y=2", "--wrt", "y", "--backends",
                   "sympy,dual", "--json", "--no-timing")
    data = json.loads(done.stdout)
    assert [r["backend"] for r in data["results"]] == ["sympy", "dual"]
    assert data["variables"] == ["y"] and data["results"][1]["gradient"] == [12.0]


def test_plot_is_saved(tmp_path):
    out = tmp_path / "cmp.png"
    done = run_cli(*SEED, "--backends", "dual,finite-diff:central", "--plot", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_backends_lists_every_engine():
    done = run_cli("backends")
    assert done.returncode == 0, done.stderr
    for name in gl.backends.names():
        assert any(line.startswith(name + " ") for line in done.stdout.splitlines()), name
    assert "pip install 'gradlab[jax]'" in done.stdout
    assert "installed" in done.stdout and "jax.grad" in done.stdout


def test_parse_point_reads_numbers_strictly():
    assert parse_point("q=1,chi=2.5,delta=-3e-2") == {"q": 1.0, "chi": 2.5, "delta": -0.03}
    assert parse_point("x=[1,2,3],y=4") == {"x": [1, 2, 3], "y": 4.0}
    assert parse_point("x=[[1,2],[3,4]]") == {"x": [[1, 2], [3, 4]]}
    assert parse_point("1,2,3") == [1.0, 2.0, 3.0]
    assert parse_point("[1,2,3]") == [1, 2, 3]


@pytest.fixture(scope="module")
def broken_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "broken.py"
    path.write_text("import numpy as np\n\nSCALE = 1 / 0\n")
    return path


BAD = {
    "unparseable number": [*SEED[:3], "q=1,chi=abc,delta=3"],
    "unmatched bracket": ["compare", "sum(x)", "--at", "x=[1,2"],
    "list of text": ["compare", "x", "--at", 'x=["a"]'],
    "mixed named and bare": ["compare", "x*y", "--at", "x=1,2"],
    "not finite": ["compare", "x*y", "--at", "x=nan,y=1"],
    "empty point": ["compare", "x*y", "--at", ""],
    "missing variable": ["compare", "x*y", "--at", "x=1"],
    "unknown backend": [*SEED, "--backends", "jax,nosuch"],
    "unknown variant": [*SEED, "--backends", "finite-diff:sideways"],
    "code in the expression": ["compare", "__import__('os').system('true')", "--at", "x=1"],
    "bad syntax": ["compare", "x*(y", "--at", "x=1,y=2"],
    "missing file": ["compare", "no/such/model.py:energy", "--at", "x=1"],
    "file without function name": ["compare", str(FUNCS), "--at", "x=1"],
    "missing function": ["compare", f"{FUNCS}:energy", "--at", "x=1"],
    "non-scalar function": ["compare", f"{FUNCS}:vector_valued", "--at", "x=1,y=2",
                            "--hessian"],  # an array-valued f has no Hessian
    "wrong variable for file": ["compare", f"{FUNCS}:wave", "--at", "x=1,z=2"],
    "wrt not in point": [*SEED, "--wrt", "zeta"],
    "no --at": ["compare", "x*y"],
    "unknown option": [*SEED, "--frobnicate"],
    "no command": [],
    "plot file type": [*SEED, "--backends", "dual", "--plot", "figure.txt"],
}


@pytest.fixture(scope="module")
def bad_runs(broken_file):
    cases = dict(BAD, **{"file raises": ["compare", f"{broken_file}:f", "--at", "x=1"]})
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.map(lambda args: run_cli(*args), cases.values())
        return dict(zip(cases, done))


MESSAGES = {  # case -> what the one line must say (a regular expression)
    "unparseable number": r"chi = 'abc' is not a number",
    "unmatched bracket": r"--at 'x=\[1,2' has an unmatched '\['",
    "list of text": r"x = '\[\"a\"\]' must contain only numbers",
    "mixed named and bare": r"mixes name=value and bare values; name them all",
    "not finite": r"the value of 'x' is not finite \(nan\)",
    "empty point": r"--at is empty; give the point, e\.g\. --at x=0\.5,y=2",
    "missing variable": r"uses y, which the point does not give a value; add y=\.\.\.",
    "unknown backend": r"unknown backend 'nosuch'; registered backends: .*jax",
    "unknown variant": r"finite-diff has no variant 'sideways'; choose from: .*central",
    "code in the expression": r"calling .* is not allowed",
    "bad syntax": r"'x\*\(y' is not valid syntax",
    "missing file": r"file not found: no/such/model\.py",
    "file without function name": r"names a file; add the function: .*snippet_functions\.py:NAME",
    "missing function": r"has no function 'energy'; it defines: rosenbrock, vector_valued, wave",
    "non-scalar function": r"vector_valued\(\) returns an array of shape \(2,\)",
    "wrong variable for file": r"'z', which is not a parameter of wave\(\); its parameters are: x",
    "wrt not in point": r"wrt names 'zeta', which is not in the point; choose from q, chi, delta",
    "no --at": r"the following arguments are required: --at",
    "unknown option": r"unrecognized arguments: --frobnicate",
    "no command": r"choose a command: compare, survey or backends",
    "plot file type": r"--plot 'figure\.txt': give a file ending in \.png",
    "file raises": r"broken\.py raised ZeroDivisionError: division by zero",
}


def test_every_bad_case_has_its_message():
    assert set(MESSAGES) == {*BAD, "file raises"}


@pytest.mark.parametrize("case", [*BAD, "file raises"])
def test_bad_input_is_one_line_that_says_what_is_wrong_and_status_2(bad_runs, case):
    done = bad_runs[case]
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("gradlab: error: ") and "Traceback" not in done.stderr
    assert re.search(MESSAGES[case], lines[0]), lines[0]


def test_unicode_names_and_strict_json():
    out = subprocess.run([sys.executable, "-m", "gradlab", "compare", "α*β**2", "--at",
                          "α=2 β=3", "--backends", "dual", "--no-timing", "--json"],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["results"][0]["gradient"] == [9.0, 12.0]
    out = subprocess.run([sys.executable, "-m", "gradlab", "compare", "sqrt(x)", "--at", "x=0",
                          "--backends", "dual", "--no-timing", "--json"],
                         capture_output=True, text=True, check=True).stdout

    def refuse(constant):
        raise ValueError(f"not strict JSON: {constant}")

    data = json.loads(out, parse_constant=refuse)
    assert data["results"][0]["status"] == "not finite"
