"""compare's time budgets from the %%gradient magic and the command line: --time-limit,
--timing-budget, --reference-budget (seconds, or none), each reaching compare (or survey) and
each bad value refused with one message naming the option."""

import json

import numpy as np
import pytest
from IPython.core.error import UsageError
from IPython.utils.capture import capture_output

import gradlab as gl
from gradlab.errors import InputError
from gradlab.frontends import cli, magic

SLOW_CELL = ("import time\n"
             "def crawl(x):\n"
             "    for _ in range(400):\n"
             "        time.sleep(0.01)\n"
             "    return x**2\n")


@pytest.fixture(scope="module")
def ip(ipython_shell):
    ipython_shell.run_line_magic("load_ext", "gradlab")
    return ipython_shell


@pytest.fixture
def passed(monkeypatch):
    """The keyword arguments each front-end hands to compare and survey (which still run)."""
    seen = {}

    def spy(real):
        def call(*args, **kwargs):
            seen.update(kwargs)
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(magic, "compare", spy(magic.compare))
    import gradlab.comparison.compare as compare_module
    import gradlab.comparison.survey as survey_module
    monkeypatch.setattr(compare_module, "compare", spy(compare_module.compare))
    monkeypatch.setattr(survey_module, "survey", spy(survey_module.survey))
    return seen


def run_magic(ip, line, cell):
    with capture_output():
        return ip.run_cell_magic("gradient", line, cell)


def test_time_limit_turns_a_slow_engine_into_a_timed_out_row(ip):
    cmp = run_magic(ip, "x=1.5 -b dual --no-timing --time-limit 0.3 -o r", SLOW_CELL)
    assert cmp["dual"].status == "timed out" and "0.3 s" in cmp["dual"].error


def test_timing_budget_reaches_compare(ip):
    cmp = run_magic(ip, "x=0.5 y=2 -b jax,finite-diff:central --timing-budget 1e-9 -o r",
                    "x * y")
    assert all(row.call_from_one_call for row in cmp.results)


@pytest.mark.parametrize("line, expected", [
    ("--reference-budget 0.5", {"reference_budget": 0.5}),
    ("--timing-budget 0", {"timing_budget": 0.0}),  # every engine timed from its one call
    ("--reference-budget none --time-limit none", {"reference_budget": None,
                                                   "time_limit": None}),
    ("", {}),
])
def test_budgets_given_reach_compare_and_the_rest_keep_its_defaults(ip, passed, line,
                                                                     expected):
    run_magic(ip, f"x=0.5 -b jax --no-timing {line}", "x**2")
    assert {k: v for k, v in passed.items() if k.endswith(("budget", "limit"))} == expected


def test_a_survey_gets_the_budgets_too(ip, passed):
    run_magic(ip, "x=0.5 -b jax --no-timing --points 3 --time-limit 7", "x**2")
    assert passed["time_limit"] == 7.0


@pytest.mark.parametrize("option, value, said", [
    ("--time-limit", "-1", "positive number of seconds"),
    ("--time-limit", "soon", "not a number of seconds"),
    ("--reference-budget", "0", "positive number of seconds"),
    ("--timing-budget", "none", "not a number of seconds"),
    ("--timing-budget", "-1", "0 or more"),
])
def test_a_bad_budget_is_one_message_naming_it(ip, option, value, said):
    with pytest.raises(UsageError) as raised:
        run_magic(ip, f"x=0.5 -b jax {option} {value}", "x**2")
    assert said in str(raised.value)
    assert option in str(raised.value) or "timing_budget" in str(raised.value)


def test_cli_passes_the_budgets(capsys):
    status = cli.main(["compare", "x*y", "--at", "x=1,y=2", "--backends", "jax,dual",
                       "--timing-budget", "1e-9", "--json"])
    rows = json.loads(capsys.readouterr().out)["results"]
    assert status == 0 and all(row["call_from_one_call"] for row in rows)


def test_cli_time_limit_and_survey(capsys, passed):
    assert cli.main(["survey", "x**2", "--region", "x=-1:1", "--points", "2", "--backends",
                     "jax", "--no-timing", "--time-limit", "5", "--reference-budget",
                     "none"]) == 0
    assert passed["time_limit"] == 5.0 and passed["reference_budget"] is None


@pytest.mark.parametrize("value", ["0", "-3", "nan", "inf", "x"])
def test_cli_refuses_a_bad_time_limit(capsys, value):
    status = cli.main(["compare", "x", "--at", "x=1", f"--time-limit={value}"])
    error = capsys.readouterr().err
    assert status == 2 and "--time-limit" in error and error.count("\n") == 1


@pytest.mark.parametrize("keyword, value", [("time_limit", -1.0), ("time_limit", "5"),
                                            ("timing_budget", -1.0), ("timing_budget", None)])
def test_compare_checks_its_budgets(keyword, value):
    with pytest.raises(InputError, match=keyword):
        gl.compare("x", {"x": 1.0}, backends=["jax"], **{keyword: value})


def test_a_time_limit_of_none_waits():
    cmp = gl.compare(lambda x: x**2, np.array([0.5]), backends=["jax"], time_limit=None,
                     timing=False)
    assert cmp["jax"].ok
