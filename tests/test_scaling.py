"""scaling(): small sizes run quickly, records and plots are complete, budgets cut off."""

import numpy as np
import pytest

import gradlab as gl


def test_small_sizes_run_and_plot():
    result = gl.scaling("rosenbrock", [4, 16], backends=["dual", "finite-diff:central"],
                        budget_s=0.05, progress=False)
    frame = result.to_frame()
    assert len(frame) == 4 and set(frame["status"]) == {"ok"}
    assert (frame["call_s"] > 0).all() and (frame["ratio"] > 0).all()
    fig = result.plot()
    time_ax, ratio_ax = fig.axes[:2]
    assert time_ax.get_xscale() == "log" and ratio_ax.get_yscale() == "log"
    labels = [line.get_label() for line in time_ax.get_lines()]
    assert "dual" in labels and "finite-diff:central" in labels and "f itself" in labels
    assert "rosenbrock" in str(result)


def test_slow_engine_is_cut_off_and_marked():
    def family(n):
        def f(x):
            return np.sum(x**2)
        return f, np.ones(n)

    # a budget no gradient can meet: every engine stops after its first size
    result = gl.scaling(family, [3, 30, 300], backends=["finite-diff:central"],
                        budget_s=1e-9, progress=False)
    assert result.cut_off == {"finite-diff:central": 3}
    assert list(result.to_frame()["n"]) == [3]
    assert "cut off" in str(result)


def test_families_and_bad_input():
    for name in ("quadratic", "logsumexp"):
        frame = gl.scaling(name, [5], backends=["dual"], budget_s=0.02,
                           progress=False).to_frame()
        assert frame["status"].tolist() == ["ok"]
    with pytest.raises(gl.InputError, match="unknown family"):
        gl.scaling("nope", [10])
    with pytest.raises(gl.InputError, match="positive"):
        gl.scaling("rosenbrock", [0])
