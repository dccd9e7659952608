"""gl.survey on a Dask LocalCluster of two worker processes: the serial table, notebook
functions sent by cloudpickle, and no point lost when a worker is killed mid-survey."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from optional_engines import require

import gradlab as gl

require("distributed")
import distributed  # noqa: E402

ENGINES = ["dual", "finite-diff:central"]

# a notebook cell: data and a helper in the cell's globals, a closure over local data
CELL = """
import numpy as np
weights = np.array([0.5, 2.0])

def helper(x):
    return np.sin(x) * weights[0]

def model(x, y):
    return helper(x) + weights[1] * x * y**2

def make(scale):
    return lambda x, y: scale * np.exp(x) * y
closure = make(3.0)
"""


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    import dask

    # a task on a lost worker fails at once (KilledWorker) instead of being rescheduled by Dask
    # itself, so that the test of a killed worker sees gradlab's own retry at work
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                           dashboard_address=":0")
    with cluster, distributed.Client(cluster) as connected:
        yield connected


def frame(result: gl.Survey) -> Any:
    table = result.to_frame().drop(columns=["time_s"])
    table["derivative"] = [tuple(np.ravel(v)) for v in table["derivative"]]
    return table


def test_a_cluster_gives_the_serial_table(client: Any) -> None:
    points = gl.sample({"x": (-2, 2), "y": (-1, 3)}, 16, seed=4)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(CELL, namespace)
    serial = gl.survey(namespace["model"], points, backends=ENGINES, progress=False)
    on_cluster = gl.survey(namespace["model"], points, backends=ENGINES, executor=client,
                           progress=False)
    assert on_cluster.failed == {} and on_cluster.missing == []
    assert frame(on_cluster).equals(frame(serial))
    for i, point in enumerate(points):  # by hand: 0.5 cos x + 2 y², 4 x y
        row = on_cluster.to_frame().query(f"point == {i} and backend == 'dual'").iloc[0]
        expected = [0.5 * np.cos(point["x"]) + 2 * point["y"] ** 2, 4 * point["x"] * point["y"]]
        np.testing.assert_allclose(row["derivative"], expected, rtol=1e-13, atol=0)


def test_a_closure_from_a_notebook_cell_runs_on_the_workers(client: Any) -> None:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(CELL, namespace)
    pts = [{"x": 0.0, "y": 2.0}, {"x": 1.0, "y": -1.0}]
    result = gl.survey(namespace["closure"], pts, backends=["dual"], executor=client,
                       progress=False)
    derivatives = np.stack(result.to_frame()["derivative"])
    expected = [[3.0 * np.exp(p["x"]) * p["y"], 3.0 * np.exp(p["x"])] for p in pts]
    np.testing.assert_allclose(derivatives, expected, rtol=1e-14, atol=0)


def slow(x: Any, y: Any) -> Any:
    time.sleep(0.005)  # long enough for the test to kill a worker while it computes
    return x * y**2


def test_a_worker_killed_mid_survey_loses_no_point(client: Any) -> None:
    points = gl.sample({"x": (-2, 2), "y": (-1, 3)}, 40, seed=5)
    outcome: dict[str, Any] = {}
    runner = threading.Thread(target=lambda: outcome.update(result=gl.survey(
        slow, points, backends=["finite-diff:central"], executor=client, progress=False,
        chunk_size=2, reference="none")))
    runner.start()
    victim = _busy_worker(client)
    pid = client.run(os.getpid, workers=[victim])[victim]
    assert runner.is_alive(), "the survey ended before a worker could be killed"
    os.kill(pid, signal.SIGKILL)
    runner.join(120)
    result = outcome["result"]
    assert result.failed == {} and result.missing == []
    table = result.to_frame()
    assert table["point"].tolist() == list(range(len(points)))
    for (_, row), point in zip(table.iterrows(), points):  # by hand: y², 2 x y
        np.testing.assert_allclose(row["derivative"], [point["y"] ** 2, 2 * point["x"] *
                                                       point["y"]], rtol=1e-6, atol=1e-9)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker


def _busy_worker(client: Any, timeout: float = 60.0) -> str:
    """A worker that is running a survey task right now."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [worker for worker, keys in client.processing().items()
                if any("run_chunk" in str(key) for key in keys)]
        if busy:
            return busy[0]
        time.sleep(0.05)
    raise AssertionError("no worker ever ran a survey task")


def sleeps_under_an_engine(x: Any) -> Any:
    if type(x).__module__.startswith("gradlab"):  # the dual engine's numbers only
        time.sleep(15.0)
    return x * x


def test_the_engine_time_limit_applies_on_the_workers(client: Any) -> None:
    start = time.perf_counter()
    result = gl.survey(sleeps_under_an_engine, [[1.0], [2.0]],
                       backends=["dual", "finite-diff:central"], executor=client,
                       progress=False, time_limit=0.3, reference="none")
    assert time.perf_counter() - start < 12.0  # unlimited, two points take 30 s or more
    statuses = result.to_frame().set_index(["point", "backend"])["status"]
    assert statuses.loc[(0, "dual")] == statuses.loc[(1, "dual")] == "timed out"
    assert statuses.loc[(0, "finite-diff:central")] == "ok"


def compile_misses() -> int:
    from gradlab.cache import compiled_cache

    return compiled_cache.misses


def test_a_worker_compiles_f_once_per_survey_however_many_points_it_gets(client: Any) -> None:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(CELL, namespace)
    first = gl.sample({"x": (-2, 2), "y": (-1, 3)}, 8, seed=6)
    gl.survey(namespace["model"], first, backends=ENGINES, executor=client, progress=False,
              chunk_size=1)
    before = client.run(compile_misses)
    more = gl.sample({"x": (-2, 2), "y": (-1, 3)}, 20, seed=7)
    again = gl.survey(namespace["model"], more, backends=ENGINES, executor=client,
                      progress=False, chunk_size=1)
    assert again.missing == []
    # a new survey's f is a new object: the engines that run f at call time (keyed by the
    # identity of what it reads) build once per worker again; nothing builds per point
    after = client.run(compile_misses)
    assert all(after[worker] - before[worker] <= len(ENGINES) for worker in after)


def test_data_captured_by_f_goes_to_each_worker_once_not_with_every_task(client: Any) -> None:
    import warnings

    table = np.linspace(0.0, 1.0, 2_000_000)  # 16 MB, captured by the closure

    def scaled(x: Any) -> Any:
        return table[-1] * x**2

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Dask warns when a task carries a large object
        result = gl.survey(scaled, [[1.0], [2.0], [3.0], [4.0]], backends=["dual"],
                           executor=client, progress=False, chunk_size=1)
    assert result.failed == {}
    np.testing.assert_allclose(np.concatenate(result.to_frame()["derivative"].to_list()),
                               [2.0, 4.0, 6.0, 8.0], rtol=1e-15, atol=0)
