"""``gl.survey``: ``gl.compare`` at many points, in this process or on an executor.

The points are cut into chunks; each task compares one chunk, point by point, in the worker
(which keeps its own compile cache, so f compiles once per worker and engine). Results stream
back as tasks complete and are stored in the points' order, so a survey on threads, processes
or a Dask cluster gives the table a serial run gives. A task that fails (its worker lost, or a
crash) is submitted once more, then recorded in ``Survey.failed`` with the reason;
``Survey.resume()`` runs only what is missing. gradlab never starts a scheduler or a pool.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import backends as registry
from .. import hints
from ..backends.base import OPERATORS
from ..errors import GradlabError, InputError
from ..plain_text import comma_list
from ..points import Points
from ..problem import make_problem
from .compare import compare
from .executors import new_token, run_points
from .survey_results import PointRecord, SurveyResults

__all__ = ["CompareJob", "Survey", "read_points", "survey"]

TIMING_BUDGET_S = 0.01  # per point: a survey times each engine briefly, not for a second
_COMPARE_KEYWORDS = frozenset(inspect.signature(compare).parameters) - {"f", "at", "backends",
                                                                       "derivative"}


@dataclass(frozen=True)
class CompareJob:
    """What runs at each point: gl.compare of f with these settings (sent to workers
    pickled)."""

    f: hints.FunctionLike
    backends: list[str] | None
    derivative: str | None
    options: dict[str, Any]
    token: str = field(default_factory=new_token)  # one per survey, kept by its resume()

    def run(self, index: int, point: Any) -> PointRecord:
        """The point's record; where f itself cannot be compared (it raises, or is not
        finite there), a record with the reason."""
        try:
            cmp = compare(self.f, point, self.backends, derivative=self.derivative,
                          **self.options)
        except GradlabError as err:
            return PointRecord(index, np.empty(0), (), error=str(err))
        return PointRecord.from_comparison(index, cmp)


class Survey(SurveyResults):
    """gl.compare at every point: ``to_frame()``, ``summary()``, ``worst(k)``, ``plot()``,
    ``failed`` (points whose task failed, with the reason) and ``resume()``."""

    @functools.cached_property
    def job(self) -> CompareJob:
        """What runs at each point; one job for the survey and its resume()."""
        return CompareJob(self.f, self.backends, self.derivative, self.options)

    def resume(self, executor: Any = None, progress: bool = True,
               chunk_size: int | None = None) -> Survey:
        """Compare only the points not done yet (never run, or their task failed)."""
        todo = self.missing
        for index in todo:
            self.failed.pop(index, None)
        if todo:
            _execute(self, todo, executor, progress, chunk_size)
        return self


def survey(f: hints.FunctionLike, pts: Any, backends: Sequence[str] | None = None,
           derivative: str | None = "gradient", executor: Any = None, progress: bool = True,
           *, chunk_size: int | None = None, **compare_options: Any) -> Survey:
    """Every engine's derivative of ``f`` at every point of ``pts``, judged as
    :func:`gradlab.compare` judges one point.

    ``pts``: :func:`gradlab.sample`'s Points, a sequence of points (each as ``compare``'s
    ``at``), or a 2-D array (k, d): k points of f's d scalar parameters, or of its one vector
    parameter of size d. ``executor``: None (here, one point after another), a
    ``concurrent.futures.Executor`` (threads; processes need f picklable: defined at the top
    level of a module, and once jax is loaded a "spawn" context, as forking a multithreaded
    process can deadlock) or a ``distributed.Client`` (Dask; notebook functions, closures and
    lambdas travel with cloudpickle). ``progress``: a tqdm bar when tqdm is installed.
    ``compare_options`` go to every ``compare`` call (``reference``, ``time_limit``,
    ``options``, ``timing``, ...); each engine is timed for ``timing_budget`` =
    {TIMING_BUDGET_S} s per point unless given.
    """
    options = _options(compare_options)
    specs = _backends(backends)
    if derivative is not None and derivative not in OPERATORS:
        raise InputError(f"derivative must be one of {', '.join(OPERATORS)}, not "
                         f"{derivative!r}")
    points = read_points(f, pts)
    result = Survey(f, points, specs, derivative, options)
    _execute(result, list(range(len(points))), executor, progress, chunk_size)
    return result


survey.__doc__ = (survey.__doc__ or "").replace("{TIMING_BUDGET_S}", str(TIMING_BUDGET_S))


def _options(given: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(given) - _COMPARE_KEYWORDS)
    if unknown:
        raise InputError(f"survey() got {', '.join(unknown)}, which gl.compare does not take; "
                         f"its options are: {', '.join(sorted(_COMPARE_KEYWORDS))}")
    return {"timing_budget": TIMING_BUDGET_S, **given}


def _backends(names: Sequence[str] | str | None) -> list[str] | None:
    if names is None:
        return None
    names = comma_list(names) if isinstance(names, str) else list(names)
    if not names:
        raise InputError("backends is empty; name at least one engine, e.g. backends=['jax']")
    for spec in names:
        registry.resolve(spec)  # an unknown engine is an input error before any work
    return names


def read_points(f: hints.FunctionLike, pts: Any) -> list[Any]:
    """The points as a list of ``compare`` points; their names checked against f's."""
    if isinstance(pts, dict):
        raise InputError("survey() takes many points; for one point use gl.compare, for a "
                         "region gl.sample(region, n)")
    if isinstance(pts, np.ndarray) or (isinstance(pts, Sequence) and not isinstance(pts, Points)
                                       and pts and not isinstance(pts[0], dict)):
        try:
            array = np.asarray(pts, dtype=np.float64)
        except (TypeError, ValueError):
            raise InputError("the points must be gl.sample's Points, a list of points (dicts "
                             "by parameter name) or a 2-D array of numbers") from None
        if array.ndim != 2:
            raise InputError(f"an array of points must be 2-D (k points × d values), not "
                             f"shape {array.shape}")
        points: list[Any] = list(array)
    elif isinstance(pts, (Points, Sequence)):
        points = list(pts)
    else:
        raise InputError(f"the points must be gl.sample's Points, a list of points or a 2-D "
                         f"array, not {type(pts).__name__}")
    if not points:
        raise InputError("there are no points to survey; give at least one (gl.sample(region, "
                         "n) draws n points in a region)")
    _check_names(f, points[0], pts.names if isinstance(pts, Points) else None)
    return points


def _check_names(f: hints.FunctionLike, first: Any, names: Sequence[str] | None) -> None:
    try:
        make_problem(f, first, None, "array")
    except InputError as err:
        given = ", ".join(names if names is not None else
                          (first if isinstance(first, dict) else []))
        which = f"the points' names ({given})" if given else "the points"
        raise InputError(f"{which} do not fit f: {err}") from None


def _execute(result: Survey, indices: list[int], executor: Any, progress: bool,
             chunk_size: int | None) -> None:
    job = result.job

    def store(index: int, record: PointRecord) -> None:
        result.records[index] = record

    def fail(index: int, reason: str) -> None:
        result.failed[index] = reason

    run_points(job, result.points, indices, executor, progress, chunk_size, store, fail)
