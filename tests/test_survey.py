"""gl.survey in this process and on threads: the same table, in the points' order, failed tasks
retried then recorded, resume() running only what is missing, one message per bad input."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest

import gradlab as gl
from gradlab.errors import InputError

ENGINES = ["dual", "finite-diff:central"]


def f(x: Any, y: Any) -> Any:
    return x * y**2 + np.sin(x)


def true_gradient(x: float, y: float) -> np.ndarray:  # by hand
    return np.array([y**2 + np.cos(x), 2 * x * y])


def frames_equal(a: Any, b: Any) -> None:
    """Everything but the timings, exactly."""
    left, right = a.to_frame().drop(columns=["time_s"]), b.to_frame().drop(columns=["time_s"])
    assert list(left["point"]) == list(right["point"])
    for u, v in zip(left.pop("derivative"), right.pop("derivative")):
        np.testing.assert_array_equal(u, v)
    assert left.equals(right)


@pytest.fixture(scope="module")
def points() -> gl.Points:
    return gl.sample({"x": (-2, 2), "y": (-1, 3)}, 12, seed=0)


@pytest.fixture(scope="module")
def serial(points: gl.Points) -> gl.Survey:
    return gl.survey(f, points, backends=ENGINES, progress=False)


def test_a_row_per_point_and_engine_with_the_true_gradient(serial: gl.Survey,
                                                           points: gl.Points) -> None:
    frame = serial.to_frame()
    assert len(frame) == len(points) * len(ENGINES)
    assert list(frame["point"]) == [i for i in range(len(points)) for _ in ENGINES]
    for _, row in frame[frame.backend == "dual"].iterrows():
        point = points[row["point"]]
        assert (row["x"], row["y"]) == (point["x"], point["y"])
        np.testing.assert_allclose(row["derivative"], true_gradient(**point), rtol=1e-12, atol=0)
        assert row["status"] == "ok" and row["time_s"] > 0
    summary = serial.summary()
    assert list(summary.index) == ENGINES
    assert (summary["ok"] == len(points)).all() and (summary["refused"] == 0).all()


def test_each_row_is_what_compare_says_at_that_point(serial: gl.Survey,
                                                     points: gl.Points) -> None:
    cmp = gl.compare(f, points[5], ENGINES, timing=False)
    rows = serial.to_frame().query("point == 5").set_index("backend")
    for row in cmp:
        assert rows.loc[row.backend, "status"] == row.status
        np.testing.assert_array_equal(rows.loc[row.backend, "derivative"], row.gradient)
        assert rows.loc[row.backend, "rel_error"] == row.rel_error


def test_threads_give_the_serial_table(serial: gl.Survey, points: gl.Points) -> None:
    with ThreadPoolExecutor(3) as pool:
        frames_equal(serial, gl.survey(f, points, backends=ENGINES, executor=pool,
                                       progress=False, chunk_size=2))


class ReversingExecutor(ThreadPoolExecutor):
    """Tasks complete in the reverse of the order they were submitted."""

    def __init__(self) -> None:
        super().__init__(max_workers=8)
        self.count = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        self.count += 1
        delay = 0.6 - 0.1 * self.count

        def late() -> Any:
            time.sleep(max(delay, 0.0))
            return fn(*args, **kwargs)

        return super().submit(late)


def test_results_keep_the_points_order_whatever_finishes_first(serial: gl.Survey,
                                                               points: gl.Points) -> None:
    with ReversingExecutor() as pool:
        frames_equal(serial, gl.survey(f, points, backends=ENGINES, executor=pool,
                                       progress=False, chunk_size=3))


class FlakyExecutor(ThreadPoolExecutor):
    """A task holding point ``bad`` fails its first ``failures`` times (a lost worker)."""

    def __init__(self, bad: int, failures: int) -> None:
        super().__init__(max_workers=2)
        self.bad, self.failures, self.points_run = bad, failures, 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        chunk = args[1]
        if any(index == self.bad for index, _ in chunk) and self.failures > 0:
            self.failures -= 1
            future: Future = Future()
            future.set_exception(ConnectionError("worker lost"))
            return future
        self.points_run += len(chunk)
        return super().submit(fn, *args, **kwargs)


def test_a_failed_task_is_retried_once(serial: gl.Survey, points: gl.Points) -> None:
    with FlakyExecutor(bad=4, failures=1) as pool:
        again = gl.survey(f, points, backends=ENGINES, executor=pool, progress=False,
                          chunk_size=3)
    assert again.failed == {}
    frames_equal(serial, again)


def test_a_task_failing_twice_is_recorded_and_resume_runs_only_it(serial: gl.Survey,
                                                                  points: gl.Points) -> None:
    with FlakyExecutor(bad=4, failures=2) as pool:
        partial = gl.survey(f, points, backends=ENGINES, executor=pool, progress=False,
                            chunk_size=3)
    assert partial.failed == {i: "ConnectionError: worker lost" for i in (3, 4, 5)}
    assert partial.missing == [3, 4, 5]
    assert "3 points failed" in str(partial)
    assert sorted(partial.to_frame()["point"].unique()) == [0, 1, 2, 6, 7, 8, 9, 10, 11]
    kept = list(partial.records)
    with FlakyExecutor(bad=-1, failures=0) as pool:
        partial.resume(executor=pool, progress=False)
        assert pool.points_run == 3
    assert partial.failed == {} and partial.missing == []
    assert all(partial.records[i] is kept[i] for i in range(12) if i not in (3, 4, 5))
    frames_equal(serial, partial)


def test_a_point_where_f_fails_is_reported_and_the_others_complete() -> None:
    pts = [{"x": 1.0}, {"x": -1.0}, {"x": 4.0}]
    result = gl.survey(lambda x: np.sqrt(x), pts, backends=["dual"], progress=False)
    assert list(result.point_errors) == [1] and "nan at the point" in result.point_errors[1]
    assert result.missing == [] and result.failed == {}
    derivatives = result.to_frame().set_index("point")["derivative"]
    np.testing.assert_allclose(np.concatenate(derivatives.to_list()), [0.5, 0.25], rtol=1e-15,
                               atol=0)


def test_a_2d_array_is_k_points_of_scalars_or_of_one_vector() -> None:
    array = np.array([[1.0, 2.0], [3.0, -1.0]])
    scalars = gl.survey(f, array, backends=["dual"], progress=False).to_frame()
    np.testing.assert_allclose(np.stack(scalars["derivative"]),
                               [true_gradient(1, 2), true_gradient(3, -1)], rtol=1e-15, atol=0)
    vector = gl.survey(lambda w: w[0] * w[1], array, backends=["dual"], progress=False)
    np.testing.assert_array_equal(np.stack(vector.to_frame()["derivative"]), array[:, ::-1])


@pytest.mark.parametrize(("pts", "kwargs", "message"), [
    ([], {}, "no points to survey"),
    (np.zeros((0, 2)), {}, "no points to survey"),
    (np.array([1.0, 2.0]), {}, "must be 2-D"),
    ([[1.0, 2.0], [3.0]], {}, "a list of points"),
    (3.0, {}, "not float"),
    ({"x": 1.0, "y": 2.0}, {}, "for one point use gl.compare"),
    (gl.sample({"x": (0, 1), "z": (0, 1)}, 3), {},
     r"the points' names \(x, z\) do not fit f: .*'z'.* its parameters are: x, y"),
    (np.ones((3, 5)), {}, "do not fit f: f\\(\\) takes 2 argument"),
    ([{"x": 1.0, "y": 2.0}], {"backends": ["nope"]}, "nope"),
    ([{"x": 1.0, "y": 2.0}], {"backends": []}, "backends is empty"),
    ([{"x": 1.0, "y": 2.0}], {"derivative": "curl"}, "derivative must be one of"),
    ([{"x": 1.0, "y": 2.0}], {"colour": "red"}, "colour, which gl.compare does not take"),
    ([{"x": 1.0, "y": 2.0}], {"executor": "cluster"}, "executor must be None"),
])
def test_bad_input_gets_one_clear_message(pts: Any, kwargs: dict[str, Any],
                                          message: str) -> None:
    with pytest.raises(InputError, match=message):
        gl.survey(f, pts, progress=False, **kwargs)


def test_a_process_pool_says_when_f_cannot_be_pickled() -> None:
    scale = 2.0
    with ProcessPoolExecutor(1) as pool, pytest.raises(InputError, match="cannot be pickled.*"
                                                       "distributed.Client"):
        gl.survey(lambda x: scale * x, [[1.0]], backends=["dual"], executor=pool)


def test_a_variable_named_like_a_column_keeps_its_own_column() -> None:
    result = gl.survey(lambda status, point: status * point, [{"status": 2.0, "point": 3.0}],
                       backends=["dual"], progress=False)
    row = result.to_frame().iloc[0]
    assert (row["status (variable)"], row["point (variable)"]) == (2.0, 3.0)
    assert (row["status"], row["point"]) == ("ok", 0)


def test_compare_options_reach_every_point() -> None:
    result = gl.survey(f, [{"x": 1.0, "y": 2.0}], backends=["dual"], progress=False,
                       reference="none", timing=False)
    frame = result.to_frame()
    assert frame["reference"].tolist() == ["none"] and frame["time_s"].isna().all()


def test_progress_bar_without_tqdm_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    result = gl.survey(f, [{"x": 1.0, "y": 2.0}], backends=["dual"], progress=True)
    assert result.missing == []


def test_worst_points_put_a_kink_first_and_rerun_compare_there() -> None:
    pts = [{"x": 0.7, "y": 1.0}, {"x": 0.0, "y": 1.0}, {"x": -0.3, "y": 2.0}]
    result = gl.survey(lambda x, y: abs(x) * y, pts, backends=["jax", "finite-diff:central"],
                       progress=False)
    worst = result.worst(2)
    assert worst[0].index == 1 and worst[0].wrong
    assert worst[1].wrong == []
    again = worst[0].compare()
    np.testing.assert_array_equal(again.problem.x0, [0.0, 1.0])
    assert [row.status for row in again] == \
        result.to_frame().query("point == 1")["status"].tolist()


def test_plot_has_an_error_panel_and_for_two_variables_a_map_per_engine(
        serial: gl.Survey) -> None:
    assert len(serial.plot().axes) == 1 + len(ENGINES)
    one = gl.survey(lambda x: x**2, [[1.0], [2.0]], backends=["dual"], progress=False)
    assert len(one.plot().axes) == 1
    assert "gradlab-survey" in serial._repr_html_()


def test_check_over_points_finds_the_region_where_a_gradient_is_wrong() -> None:
    def cubic(x: Any, y: Any) -> Any:
        return x**3 * y

    def hand_gradient(x: float, y: float) -> list[float]:  # wrong where x > 1
        dx = 3 * x**2 * y if x <= 1 else 3 * x**2 * y + 0.5
        return [dx, x**3]

    pts = gl.sample({"x": (-2, 2), "y": (0.5, 1.5)}, 16, seed=2)
    with ThreadPoolExecutor(2) as pool:
        region = gl.check(cubic, hand_gradient, points=pts, backends=ENGINES, executor=pool,
                          progress=False)
    wrong = [i for i, p in enumerate(pts) if p["x"] > 1]
    assert wrong and region.mismatches == wrong and not region.ok
    assert all(region[i].suspects == ["x"] for i in wrong)
    assert f"MISMATCH at {len(wrong)} points" in str(region)
    assert gl.check(cubic, lambda x, y: [3 * x**2 * y, x**3], points=pts, backends=ENGINES,
                    progress=False).ok


def test_check_takes_one_point_or_many() -> None:
    with pytest.raises(InputError, match="not both"):
        gl.check(f, true_gradient, {"x": 1.0, "y": 1.0}, points=[{"x": 1.0, "y": 1.0}])
    with pytest.raises(InputError, match="not neither"):
        gl.check(f, true_gradient)


def test_import_gradlab_loads_neither_dask_nor_tqdm() -> None:
    code = ("import sys, gradlab; gradlab.sample; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('dask', 'distributed', 'tqdm', 'jax', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("make, title", [
    (lambda: "x*y + sin(x)", "Survey of 'x*y + sin(x)'"),
    (lambda: f, "Survey of f()"),
    (lambda: _labelled(), "Survey of 'x*y'"),
])
def test_the_survey_names_the_function_as_compare_does(make: Any, title: str) -> None:
    s = gl.survey(make(), [{"x": 1.0, "y": 2.0}], backends=["dual"], progress=False)
    assert str(s).startswith(title) or title in s._repr_html_()


def _labelled() -> Any:
    def cell(x: Any, y: Any) -> Any:
        return x * y
    cell.__gradlab_label__ = "'x*y'"  # what %%gradient gives an expression cell
    return cell
