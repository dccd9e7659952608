"""``gl.survey``: ``gl.compare`` at many points, in this process or on an executor.

The points are cut into chunks; each task compares one chunk, point by point, in the worker
(which keeps its own compile cache, so f compiles once per worker and engine). Results stream
back as tasks complete and are stored in the points' order, so a survey on threads, processes
or a Dask cluster gives the table a serial run gives. A task that fails (its worker lost, or a
crash) is submitted once more, then recorded in ``Survey.failed`` with the reason;
``Survey.resume()`` runs only what is missing. gradlab never starts a scheduler or a pool.
"""

from __future__ import annotations

import inspect
import math
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import backends as registry
from .. import hints
from ..backends.base import OPERATORS
from ..errors import GradlabError, InputError
from ..points import Points
from ..problem import make_problem
from .compare import compare
from .survey_results import PointRecord, SurveyResults

__all__ = ["Survey", "run_chunk", "survey"]

TIMING_BUDGET_S = 0.01  # per point: a survey times each engine briefly, not for a second
TASKS_PER_WORKER = 4  # enough tasks to balance the load, few enough that overhead stays small
MAX_CHUNK = 64
_COMPARE_KEYWORDS = frozenset(inspect.signature(compare).parameters) - {"f", "at", "backends",
                                                                       "derivative"}


@dataclass(frozen=True)
class Job:
    """What every task runs: gl.compare of f with these settings (sent to workers pickled)."""

    f: hints.FunctionLike
    backends: list[str] | None
    derivative: str | None
    options: dict[str, Any]


def run_chunk(job: Job, chunk: Sequence[tuple[int, Any]]) -> list[PointRecord]:
    """Compare f at each (index, point) of the chunk; a point where f itself cannot be
    compared (it raises, or is not finite there) is a record with the reason."""
    records = []
    for index, point in chunk:
        try:
            cmp = compare(job.f, point, job.backends, derivative=job.derivative, **job.options)
        except GradlabError as err:
            records.append(PointRecord(index, np.empty(0), (), error=str(err)))
            continue
        records.append(PointRecord.from_comparison(index, cmp))
    return records


class Survey(SurveyResults):
    """gl.compare at every point: ``to_frame()``, ``summary()``, ``worst(k)``, ``plot()``,
    ``failed`` (points whose task failed, with the reason) and ``resume()``."""

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
    level of a module) or a ``distributed.Client`` (Dask; notebook functions, closures and
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
    names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
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
        array = np.asarray(pts, dtype=np.float64)
        if array.ndim != 2:
            raise InputError(f"an array of points must be 2-D (k points × d values), not "
                             f"shape {array.shape}")
        points: list[Any] = list(array)
    else:
        points = list(pts)
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
    job = Job(result.f, result.backends, result.derivative, result.options)
    pool = _pool(executor, job)
    size = chunk_size or _chunk_size(len(indices), pool.workers)
    chunks = [[(i, result.points[i]) for i in indices[start:start + size]]
              for start in range(0, len(indices), size)]
    tries: dict[Any, tuple[list[tuple[int, Any]], int]] = {}
    bar = _progress_bar(len(indices), progress)
    try:
        for chunk in chunks:
            _submit(pool, job, chunk, 0, tries, result)
        for future in pool.completed():
            chunk, attempt = tries.pop(future)
            try:
                records = future.result()
            except Exception as err:
                if attempt == 0:
                    _submit(pool, job, chunk, 1, tries, result)
                else:
                    _record_failure(result, chunk, err)
                    bar.update(len(chunk))
                continue
            for record in records:
                result.records[record.index] = record
            bar.update(len(chunk))
    finally:
        bar.close()


def _submit(pool: Any, job: Job, chunk: list[tuple[int, Any]], attempt: int,
            tries: dict[Any, tuple[list[tuple[int, Any]], int]], result: Survey) -> None:
    try:
        tries[pool.submit(job, chunk)] = (chunk, attempt)
    except Exception as err:  # e.g. a process pool broken by a lost worker
        _record_failure(result, chunk, err)


def _record_failure(result: Survey, chunk: list[tuple[int, Any]], err: BaseException) -> None:
    reason = f"{type(err).__name__}: {err}".rstrip(": ")
    for index, _ in chunk:
        result.failed[index] = reason


def _chunk_size(n: int, workers: int) -> int:
    return max(1, min(MAX_CHUNK, math.ceil(n / (TASKS_PER_WORKER * max(workers, 1)))))


def _pool(executor: Any, job: Job) -> Any:
    if executor is None:
        return _SerialPool()
    if type(executor).__module__.split(".")[0] == "distributed" and hasattr(executor, "submit"):
        return _DaskPool(executor)
    if isinstance(executor, Executor):
        if isinstance(executor, ProcessPoolExecutor):
            _check_picklable(job)
        return _FuturesPool(executor)
    raise InputError(f"executor must be None, a concurrent.futures.Executor or a "
                     f"distributed.Client, not {type(executor).__name__}")


def _check_picklable(job: Job) -> None:
    try:
        pickle.dumps(job)
    except Exception as err:
        raise InputError(
            f"f cannot be pickled ({type(err).__name__}: {err}), so a ProcessPoolExecutor "
            "cannot send it to its processes. Define f at the top level of a module, or use "
            "a distributed.Client (Dask sends closures, lambdas and notebook functions with "
            "cloudpickle) or a ThreadPoolExecutor") from None


class _SerialPool:
    """Runs each task here, one after another, when its result is asked for."""

    workers = 1

    def __init__(self) -> None:
        self._queue: list[tuple[Future, Callable[[], Any]]] = []

    def submit(self, job: Job, chunk: list[tuple[int, Any]]) -> Future:
        future: Future = Future()
        self._queue.append((future, lambda: run_chunk(job, chunk)))
        return future

    def completed(self) -> Iterator[Future]:
        while self._queue:
            future, work = self._queue.pop(0)
            try:
                future.set_result(work())
            except Exception as err:
                future.set_exception(err)
            yield future


class _FuturesPool:
    def __init__(self, executor: Executor):
        self.executor = executor
        self.workers = int(getattr(executor, "_max_workers", 1) or 1)
        self._pending: set[Future] = set()

    def submit(self, job: Job, chunk: list[tuple[int, Any]]) -> Future:
        future = self.executor.submit(run_chunk, job, chunk)
        self._pending.add(future)
        return future

    def completed(self) -> Iterator[Future]:
        while self._pending:
            done, _ = wait(self._pending, return_when=FIRST_COMPLETED)
            for future in done:
                self._pending.discard(future)
                yield future


class _DaskPool:
    def __init__(self, client: Any):
        from distributed import as_completed

        self.client = client
        self.workers = max(1, sum(client.nthreads().values()))
        self._completed = as_completed()

    def submit(self, job: Job, chunk: list[tuple[int, Any]]) -> Any:
        future = self.client.submit(run_chunk, job, chunk, pure=False)
        self._completed.add(future)
        return future

    def completed(self) -> Iterator[Any]:
        yield from self._completed


def _progress_bar(total: int, enabled: bool) -> Any:
    if enabled:
        try:
            from tqdm.auto import tqdm

            return tqdm(total=total, desc="survey", unit="point")
        except ImportError:
            pass
    return _Silent()


class _Silent:
    def update(self, _: int) -> None:
        pass

    def close(self) -> None:
        pass
