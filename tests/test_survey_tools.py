"""step_sweep and scaling on an executor: one task per method or engine, the serial outcome."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest

import gradlab as gl
from gradlab.errors import InputError


def f(x: Any, y: Any) -> Any:
    return np.exp(x) * np.sin(y)


def test_step_sweep_on_threads_gives_the_serial_curves() -> None:
    methods = ["forward", "central", "richardson"]
    steps = np.logspace(-10, -2, 9)
    serial = gl.step_sweep(f, {"x": 0.3, "y": 1.1}, methods, steps)
    with ThreadPoolExecutor(3) as pool:
        parallel = gl.step_sweep(f, {"x": 0.3, "y": 1.1}, methods, steps, executor=pool)
    assert list(parallel.errors) == methods
    for method in methods:
        np.testing.assert_array_equal(parallel.errors[method], serial.errors[method])
    assert parallel.default_steps == serial.default_steps
    assert parallel.default_errors == serial.default_errors


class BrokenExecutor(ThreadPoolExecutor):
    """Every task fails, as on a cluster whose workers keep dying."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        future.set_exception(ConnectionError("worker lost"))
        return future


def test_a_method_whose_task_fails_is_left_out_with_the_reason() -> None:
    with BrokenExecutor(1) as pool, pytest.raises(InputError, match="its task failed: "
                                                  "ConnectionError: worker lost"):
        gl.step_sweep(f, {"x": 0.3, "y": 1.1}, ["central"], executor=pool)


def test_scaling_on_threads_lists_records_as_a_serial_run() -> None:
    specs = ["dual", "finite-diff:central"]
    # a budget no call comes near (a loaded machine must not cut one engine off in one run)
    serial = gl.scaling("quadratic", [3, 12], backends=specs, budget_s=0.5, progress=False)
    with ThreadPoolExecutor(2) as pool:
        parallel = gl.scaling("quadratic", [3, 12], backends=specs, budget_s=0.5,
                              progress=False, executor=pool)
    columns = ["backend", "n", "status"]
    assert parallel.to_frame()[columns].equals(serial.to_frame()[columns])
    assert (parallel.to_frame()["call_s"] > 0).all()


def test_scaling_cut_off_and_task_failures_on_an_executor() -> None:
    def family(n: int) -> Any:
        return (lambda x: np.sum(x**2)), np.ones(n)

    with ThreadPoolExecutor(1) as pool:
        result = gl.scaling(family, [3, 30, 300], backends=["finite-diff:central"],
                            budget_s=1e-9, progress=False, executor=pool)
    assert result.cut_off == {"finite-diff:central": 3}
    assert list(result.to_frame()["n"]) == [3]
    with BrokenExecutor(1) as pool:
        broken = gl.scaling("quadratic", [3], backends=["dual"], progress=False,
                            executor=pool).to_frame()
    assert broken["status"].tolist() == ["failed"]
    assert broken["error"].tolist() == ["its task failed: ConnectionError: worker lost"]
