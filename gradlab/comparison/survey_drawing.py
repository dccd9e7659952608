"""A survey's figure: error distribution per engine; for two scalar variables, where each
engine's value cannot be taken (matplotlib is imported on first use, by ``drawing``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .drawing import EPS, new_axes

MAP_COLUMNS = 4
OK_COLOR, WRONG_COLOR, REFUSED_COLOR, OTHER_COLOR = "#4c72b0", "#c44e52", "#999999", "#dd8452"


def draw_survey(results: Any, ax: Any = None) -> Any:
    """The figure: the error panel (on ``ax`` when given), plus one map per engine when the
    points have two scalar variables and no ``ax`` was given."""
    engines = results.engines
    two_variables = len(results.names) == 2
    if ax is not None or not two_variables:
        fig, ax = new_axes(ax, figsize=(8, 0.5 * len(engines) + 1.5))
        _error_panel(ax, results)
        return fig
    fig, _ = new_axes(None, figsize=(12, 3 + 2.6 * _map_rows(len(engines))), ncols=0)
    grid = fig.add_gridspec(1 + _map_rows(len(engines)), MAP_COLUMNS)
    _error_panel(fig.add_subplot(grid[0, :]), results)
    for i, engine in enumerate(engines):
        _failure_map(fig.add_subplot(grid[1 + i // MAP_COLUMNS, i % MAP_COLUMNS]), results,
                     engine)
    return fig


def _map_rows(count: int) -> int:
    return -(-count // MAP_COLUMNS)


def _errors(results: Any, engine: str) -> np.ndarray:
    return np.array([e.rel_error for r in results.done for e in r.engines
                     if e.backend == engine and e.rel_error is not None], dtype=float)


def _error_panel(ax: Any, results: Any) -> None:
    """Each engine's relative errors over the points, one dot per point, log scale; the share
    of points where it is not "ok" is written beside it."""
    engines = results.engines
    floor = EPS / 10
    for i, engine in enumerate(engines):
        errors = np.maximum(_errors(results, engine), floor)
        jitter = np.random.default_rng(i).uniform(-0.25, 0.25, errors.size)
        ax.plot(errors, i + jitter, ".", ms=3, alpha=0.5, color=OK_COLOR)
        if errors.size:
            ax.plot(np.median(errors), i, "|", color="k", ms=14, mew=2)
        statuses = [e.status for r in results.done for e in r.engines if e.backend == engine]
        off = sum(s != "ok" for s in statuses)
        ax.text(1.02, i, f"{off}/{len(statuses)} not ok", transform=ax.get_yaxis_transform(),
                va="center", fontsize=8, color=WRONG_COLOR if off else "k")
    ax.set_xscale("log")
    ax.set_yticks(np.arange(len(engines)), engines)
    ax.set_ylim(len(engines) - 0.5, -0.5)
    ax.set_xlabel("relative error vs the reference, one dot per point (| = median; "
                  "exact zeros drawn at ε/10)")
    ax.set_title(f"{len(results.done)} points", fontsize=10)
    ax.grid(axis="x", alpha=0.3)


def _failure_map(ax: Any, results: Any, engine: str) -> None:
    """The points in the plane of the two variables, colored by the engine's status."""
    x, y, colors = [], [], []
    for record in results.done:
        for e in record.engines:
            if e.backend == engine:
                x.append(record.x[0])
                y.append(record.x[1])
                colors.append(_color(e.status))
    ax.scatter(x, y, c=colors, s=8)
    first, second = results.names
    ax.set_xlabel(first, fontsize=8)
    ax.set_ylabel(second, fontsize=8)
    off = sum(c != OK_COLOR for c in colors)
    ax.set_title(f"{engine}: {off} not ok", fontsize=9)
    ax.tick_params(labelsize=7)


def _color(status: str) -> str:
    if status == "ok":
        return OK_COLOR
    if status in ("disagrees", "inaccurate", "not finite"):
        return WRONG_COLOR
    if status in ("failed", "not supported", "unavailable", "timed out"):
        return REFUSED_COLOR
    return OTHER_COLOR
